"""What a training run starts from: the lab's ``Config`` (its fields, their bounds and checks, an
epoch's cost); the data set it names (loaded once, cached), split, normalised and encoded
(``Prepared``); the MLP and optimizer it describes; the epoch's mini-batches.

Every other training module imports from this one, never the reverse."""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from functools import lru_cache
from pathlib import Path

import numpy as np

from nnlab import data as datasets
from nnlab.i18n import _
from nnlab.labs import Bound, bound_text, check_fields, read_array, read_number
from nnlab.network import MLP
from nnlab.optim import OPTIMIZERS, make

GATES = tuple(datasets.GATES)
INITS = ("std", "xavier", "he")
GRID = 64  # decision-boundary grid resolution
DATASETS = (*GATES, "seed", *datasets.GENERATORS, "digits", "points", "csv", "mnist")
BATCH_MODES = ("batch", "mini-batch", "stochastic")
OUTPUTS = ("sigmoid", "softmax", "identity")
LOSS_NAMES = ("mse", "cross_entropy")
HIDDEN_ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky_relu", "softplus", "identity")
HYPER = {"sgd": (), "momentum": ("momentum",), "nesterov": ("momentum",), "adagrad": ("eps",),
         "rmsprop": ("alpha", "eps"), "adam": ("beta1", "beta2", "eps")}
MAX_EPOCHS = 100_000
MAX_HIDDEN_LAYERS = 6
MAX_UNITS = 1024
MAX_POINTS = datasets.MAX_ROWS  # points, generated samples, CSV rows
MAX_SEED = 2**32 - 1
CALL_WORK = 320_000  # a mini-batch's Python overhead, in multiply-adds (measured: ~80 µs at ~4 GMAC/s)
MAX_EPOCH_WORK = 5e10  # multiply-adds of one epoch and two snapshots (~12 s): the least a timeline does
MAX_RUN_WORK = 1e12  # multiply-adds of a whole run, all epochs (~4 minutes on one laptop core)

NUMBERS = {  # field: (lo, hi, whole number, lo excluded): from_dict and the window's fields use these
    "n_samples": Bound(2, MAX_POINTS, True),
    "noise": Bound(0.0, 10.0),
    "data_seed": Bound(0, MAX_SEED, True),
    "label_column": Bound(-1000, 1000, True),
    "mnist_limit": Bound(10, 100_000, True),
    "test_fraction": Bound(0.0, 0.9),
    "n_folds": Bound(2, 20, True),
    "dropout": Bound(0.0, 0.9),
    "weight_decay": Bound(0.0, 10.0),
    "lr": Bound(0.0, 1e6, lo_open=True),
    "momentum": Bound(0.0, 0.999),
    "alpha": Bound(0.0, 0.9999),
    "beta1": Bound(0.0, 0.9999),
    "beta2": Bound(0.0, 0.999999),
    "eps": Bound(0.0, 1.0),
    "epochs": Bound(1, MAX_EPOCHS, True),
    "batch_size": Bound(1, 100_000, True),
    "seed": Bound(0, MAX_SEED, True),
    "stop_loss": Bound(0.0, 1e6),
    "stop_acc": Bound(0.0, 1.0),
}


@dataclass(frozen=True)
class Config:
    # data
    dataset: str = "xor"
    n_samples: int = 200  # generated sets
    noise: float = 0.1
    data_seed: int = 0  # generated sets, the train/test split, k-fold
    points: tuple[tuple[float, float, int], ...] = ()  # dataset "points": (x1, x2, class)
    csv_path: str = ""
    label_column: int = -1
    mnist_images: str = ""
    mnist_labels: str = ""
    mnist_limit: int = 2000
    normalise: str = "none"  # none | minmax | zscore (fitted on the training part)
    test_fraction: float = 0.0
    n_folds: int = 5  # cross-validation
    # network
    hidden: tuple[int, ...] = (4,)
    activation: str = "sigmoid"
    output: str = "sigmoid"
    loss: str = "mse"
    binary_output: bool = True  # two classes → one output unit (else one unit per class, one-hot)
    init: str = "xavier"
    bias: bool = True
    batchnorm: bool = False
    dropout: float = 0.0
    weight_decay: float = 0.0
    decay: str = "l2"
    weights: tuple = ()  # starting weights ((name, shape, flat values), ...); empty: init + seed
    # optimizer
    optimizer: str = "sgd"
    lr: float = 0.5
    momentum: float = 0.9
    alpha: float = 0.99
    beta1: float = 0.9
    beta2: float = 0.999
    eps: float = 0.0  # 0: the optimizer's default (torch's)
    # schedule
    epochs: int = 100
    batch: str = "batch"  # batch | mini-batch | stochastic
    batch_size: int = 32
    shuffle: bool = True
    seed: int = 0  # initial weights, shuffling, dropout
    stop_loss: float = 0.0  # stop when the training loss ≤ this (0: off)
    stop_acc: float = 0.0  # stop when the training accuracy ≥ this (0: off)

    @classmethod
    def from_dict(cls, d: dict) -> Config:
        check_fields(d, {f.name for f in fields(cls)})
        c = cls()
        get = lambda key: d.get(key, getattr(c, key))  # noqa: E731
        v = {}
        v["dataset"] = _choice("dataset", get("dataset"), DATASETS)
        v.update((name, read_number(name, get(name), *bound)) for name, bound in NUMBERS.items())
        v["points"] = _points(get("points"))
        if v["dataset"] == "points" and len(v["points"]) < 2:
            raise ValueError(_("points: need at least 2 points (click on the plot to add them)"))
        for key in ("csv_path", "mnist_images", "mnist_labels"):
            if not isinstance(get(key), str):
                raise ValueError(_("{key}: must be a file path (text)").format(key=key))
            v[key] = get(key)
        v["normalise"] = _choice("normalise", get("normalise"), datasets.NORMALISATIONS)
        hidden = get("hidden")
        if not isinstance(hidden, (list, tuple)) or len(hidden) > MAX_HIDDEN_LAYERS:
            raise ValueError(_("hidden: must be a list of at most {n} layer sizes").format(n=MAX_HIDDEN_LAYERS))
        v["hidden"] = tuple(read_number(f"hidden[{i}]", n, 1, MAX_UNITS, integer=True) for i, n in enumerate(hidden))
        v["activation"] = _choice("activation", get("activation"), HIDDEN_ACTIVATIONS)
        v["output"] = _choice("output", get("output"), OUTPUTS)
        v["loss"] = _choice("loss", get("loss"), LOSS_NAMES)
        v["init"] = _choice("init", get("init"), INITS)
        v["decay"] = _choice("decay", get("decay"), ("l2", "l1"))
        for key in ("binary_output", "bias", "batchnorm", "shuffle"):
            if not isinstance(get(key), bool):
                raise ValueError(_("{key}: must be true or false").format(key=key))
            v[key] = get(key)
        v["optimizer"] = _choice("optimizer", get("optimizer"), OPTIMIZERS)
        if v["optimizer"] == "nesterov" and v["momentum"] == 0:
            raise ValueError(_("momentum: Nesterov needs a momentum above 0"))
        v["batch"] = _choice("batch", get("batch"), BATCH_MODES)
        if v["output"] == "softmax" and v["binary_output"]:
            raise ValueError(_("output: softmax needs one output unit per class; turn off binary_output"))
        if v["loss"] == "cross_entropy" and v["output"] == "identity":
            raise ValueError(_("loss: cross-entropy needs a sigmoid or softmax output (probabilities)"))
        if v["batchnorm"] and (v["batch"] == "stochastic" or (v["batch"] == "mini-batch" and v["batch_size"] < 2)):
            raise ValueError(_("batchnorm: needs batches of at least 2 samples (not stochastic updates)"))
        if v["batchnorm"] and not v["hidden"]:
            raise ValueError(_("batchnorm: needs a hidden layer"))
        v["weights"] = _weights(get("weights"))
        config = cls(**v)
        data = load(config)  # ValueError naming the field for bad data settings
        n_classes = len(data.classes)
        if n_classes < 2:
            raise ValueError(_("dataset: needs at least 2 classes, found {n_classes}").format(n_classes=n_classes))
        if config.binary_output and n_classes != 2:
            raise ValueError(_("binary_output: one output unit needs 2 classes; the data has {n_classes}").format(
                n_classes=n_classes))
        n_train = len(datasets.train_test_split(len(data), config.test_fraction, config.data_seed)[0])
        if config.batchnorm and n_train < 2:
            raise ValueError(_("test_fraction: leaves {n} training sample; batch normalisation needs at least 2").format(
                n=n_train))
        sizes = network_sizes(config, data)
        work = epoch_work(config, sizes, n_train, len(data) - n_train)
        if work + 2 * snapshot_work(sizes, n_train, len(data) - n_train) > MAX_EPOCH_WORK:
            raise ValueError(_("hidden: one epoch of a {sizes} network on {n} samples is about {work} multiply-adds, "
                               "more than {most}; choose smaller layers or fewer samples").format(
                sizes="-".join(map(str, sizes)), n=len(data), work=bound_text(float(f"{work:.2g}")), most=bound_text(MAX_EPOCH_WORK)))
        if work * config.epochs > MAX_RUN_WORK:
            raise ValueError(_("epochs: at most {n} epochs of a {sizes} network on {samples} samples "
                               "(a run is limited to {most} multiply-adds, a few minutes)").format(
                n=int(MAX_RUN_WORK // work), sizes="-".join(map(str, sizes)), samples=len(data),
                most=bound_text(MAX_RUN_WORK)))
        if config.weights:
            try:
                check_weights(config, sizes)
            except ValueError as exc:
                raise ValueError(f"weights: {exc}") from None
        return config

    def to_dict(self) -> dict:
        d = {f.name: getattr(self, f.name) for f in fields(self)}
        d["points"] = [list(p) for p in self.points]
        d["hidden"] = list(self.hidden)
        d["weights"] = {name: np.array(flat).reshape(shape).tolist() for name, shape, flat in self.weights}
        return d

    def hyper(self) -> dict:
        """The optimizer's keyword arguments (torch names) for ``nnlab.optim.make``."""
        kw = {}
        if "momentum" in HYPER[self.optimizer]:
            kw["momentum"] = self.momentum
        if self.optimizer == "rmsprop":
            kw["alpha"] = self.alpha
        if self.optimizer == "adam":
            kw["betas"] = (self.beta1, self.beta2)
        if self.eps > 0 and "eps" in HYPER[self.optimizer]:
            kw["eps"] = self.eps
        return kw

    def weight_arrays(self) -> dict[str, np.ndarray]:
        return {name: np.array(flat, dtype=np.float64).reshape(shape) for name, shape, flat in self.weights}


def pack_weights(params: dict) -> tuple:
    """Arrays as the Config's ``weights`` field: ((name, shape, flat values), ...)."""
    return tuple((name, tuple(int(s) for s in np.shape(a)), tuple(float(v) for v in np.ravel(a)))
                 for name, a in params.items())


def _choice(name, value, options):
    if value not in options:
        raise ValueError(_("{name}: must be one of {names}").format(name=name, names=", ".join(options)))
    return value


def _points(raw) -> tuple:
    if not isinstance(raw, (list, tuple)) or len(raw) > MAX_POINTS:
        raise ValueError(_("points: must be a list of at most {n} [x1, x2, class] triples").format(n=MAX_POINTS))
    points = []
    for i, p in enumerate(raw):
        if not isinstance(p, (list, tuple)) or len(p) != 3:
            raise ValueError(_("points[{i}]: must be [x1, x2, class]").format(i=i))
        points.append((read_number(f"points[{i}][0]", p[0], -1e6, 1e6), read_number(f"points[{i}][1]", p[1], -1e6, 1e6),
                       read_number(f"points[{i}][2]", p[2], 0, 9, integer=True)))
    return tuple(points)


def _weights(raw) -> tuple:
    if isinstance(raw, tuple):  # already packed (a Config's own field)
        return raw
    if not isinstance(raw, dict):
        raise ValueError(_("weights: must be an object of name → nested lists"))
    arrays = {}
    for name, value in raw.items():
        arrays[str(name)] = read_array(f"weights.{name}", value)
    return pack_weights(arrays)


def epoch_work(config: Config, sizes: list[int], n_train: int, n_test: int) -> float:
    """An epoch's cost in multiply-adds (an estimate: 3 per weight and sample for training and
    evaluation, plus ``CALL_WORK`` per mini-batch and evaluation for the Python around them)."""
    n_params = sum(a * b for a, b in zip(sizes, sizes[1:]))
    n_batches = math.ceil(n_train / batch_size(config, n_train))
    return 3 * n_params * (2 * n_train + n_test) + CALL_WORK * (n_batches + 2)


def snapshot_work(sizes: list[int], n_train: int, n_test: int) -> float:
    """A snapshot's cost in multiply-adds: the decision grid (2-D data), two passes over up to 1000
    training samples, the evaluation set."""
    n_params = sum(a * b for a, b in zip(sizes, sizes[1:]))
    return n_params * ((GRID * GRID if sizes[0] == 2 else 0) + 2 * min(1000, n_train) + (n_test or n_train))



@lru_cache(maxsize=8)
def _load_cached(key: tuple) -> datasets.Dataset:
    kind = key[0]
    if kind in GATES:
        return datasets.logic_gate(kind)
    if kind == "seed":
        return datasets.seed_dataset()
    if kind in datasets.GENERATORS:
        return datasets.generate(kind, *key[1:])
    if kind == "digits":
        return datasets.digits_dataset()
    if kind == "points":
        table = np.array(key[1], dtype=np.float64).reshape(-1, 3)
        n_classes = max(2, int(table[:, 2].max()) + 1)
        return datasets.Dataset(table[:, :2], table[:, 2].astype(np.int64), tuple(map(str, range(n_classes))),
                                ("x1", "x2"))
    if kind == "csv":
        try:
            return datasets.read_csv(key[1], key[2])
        except ValueError as exc:
            raise ValueError(f"csv_path: {exc}") from None
    try:
        return datasets.load_mnist(key[1], key[2], key[3])
    except ValueError as exc:
        raise ValueError(f"mnist_images: {exc}") from None


def load(config: Config) -> datasets.Dataset:
    """The whole data set the config names (raw features), cached."""
    kind = config.dataset
    if kind in datasets.GENERATORS:
        key = (kind, config.n_samples, config.noise, config.data_seed)
    elif kind == "points":
        key = (kind, config.points)
    elif kind == "csv":
        if not config.csv_path:
            raise ValueError(_("csv_path: choose a CSV file"))
        path = Path(config.csv_path)
        key = (kind, str(path), config.label_column, path.stat().st_mtime if path.is_file() else 0)
    elif kind == "mnist":
        if not (config.mnist_images and config.mnist_labels):
            raise ValueError(_("mnist_images: choose the images and the labels IDX files"))
        key = (kind, config.mnist_images, config.mnist_labels, config.mnist_limit)
    else:
        key = (kind,)
    return _load_cached(key)


def network_sizes(config: Config, data: datasets.Dataset) -> list[int]:
    n_out = 1 if config.binary_output else len(data.classes)
    return [data.x.shape[1], *config.hidden, n_out]


@dataclass(frozen=True, eq=False)
class Prepared:
    """The data ready for training: split, normalised, targets encoded."""

    data: datasets.Dataset
    train: np.ndarray  # indices into data
    test: np.ndarray
    normaliser: datasets.Normaliser
    x_train: np.ndarray  # normalised
    t_train: np.ndarray  # targets: (n, 1) 0/1 with one output unit, else one-hot (n, k)
    x_test: np.ndarray
    t_test: np.ndarray
    sizes: list[int]
    extent: np.ndarray | None  # [x0, x1, y0, y1] around the raw 2-D points

    @property
    def labels_train(self) -> np.ndarray:
        return self.data.t[self.train]

    @property
    def labels_test(self) -> np.ndarray:
        return self.data.t[self.test]


def prepare(config: Config, data: datasets.Dataset | None = None, train: np.ndarray | None = None,
            test: np.ndarray | None = None) -> Prepared:
    """Split (``test_fraction``, ``data_seed``), fit the normaliser on the training part, encode."""
    data = load(config) if data is None else data
    if train is None:
        train, test = datasets.train_test_split(len(data), config.test_fraction, config.data_seed)
    normaliser = datasets.fit_normaliser(data.x[train], config.normalise)
    sizes = network_sizes(config, data)

    def targets(t):
        return t.reshape(-1, 1).astype(np.float64) if sizes[-1] == 1 else np.eye(sizes[-1])[t]

    extent = None
    if data.x.shape[1] == 2:
        lo, hi = data.x.min(axis=0), data.x.max(axis=0)
        pad = np.maximum((hi - lo) * 0.15, 0.25)
        extent = np.array([lo[0] - pad[0], hi[0] + pad[0], lo[1] - pad[1], hi[1] + pad[1]])
    return Prepared(data, train, test, normaliser, normaliser.apply(data.x[train]), targets(data.t[train]),
                    normaliser.apply(data.x[test]), targets(data.t[test]), sizes, extent)


def check_weights(config: Config, sizes: list[int]) -> dict[str, np.ndarray]:
    """Check the config's starting weights against a fresh model's names and shapes."""
    model = fresh_model(config, sizes)
    expected = {**{k: v.shape for k, v in model.params.items()}, **{k: v.shape for k, v in model.buffers.items()}}
    given = config.weight_arrays()
    for name, a in given.items():
        if name not in expected:
            raise ValueError(_("{name} is not a parameter of a {sizes} network").format(
                name=name, sizes="-".join(map(str, sizes))))
        if a.shape != expected[name]:
            raise ValueError(_("{name} has shape {shape}; the {sizes} network needs {expected}").format(
                name=name, shape=a.shape, sizes="-".join(map(str, sizes)), expected=expected[name]))
    return given


def fresh_model(config: Config, sizes: list[int], init: str | None = None) -> MLP:
    """A seeded MLP of ``sizes`` with the config's options (``init`` overrides the config's)."""
    return MLP(sizes, config.activation, config.output, config.loss, config.seed, bias=config.bias,
               init=init or config.init, weight_decay=config.weight_decay, decay=config.decay,
               batchnorm=config.batchnorm, dropout=config.dropout)


def make_model(config: Config, prep: Prepared, init: str | None = None) -> MLP:
    """The MLP the config describes, with its seeded initial weights (or the config's ``weights``)."""
    model = fresh_model(config, prep.sizes, init)
    for name, a in config.weight_arrays().items():
        (model.buffers if name in model.buffers else model.params)[name] = a.copy()
    return model


def make_optimizer(config: Config):
    return make(config.optimizer, config.lr, **config.hyper())


def batch_size(config: Config, n: int) -> int:
    return {"batch": n, "stochastic": 1}.get(config.batch, min(config.batch_size, n))


def batches(config: Config, n: int, rng: np.random.Generator):
    """The index arrays of one epoch's mini-batches (shuffled when ``shuffle``). With batch norm a
    trailing batch of one sample is dropped (its variance is undefined)."""
    order = rng.permutation(n) if config.shuffle else np.arange(n)
    size = batch_size(config, n)
    for start in range(0, n, size):
        idx = order[start:start + size]
        if config.batchnorm and len(idx) < 2:
            continue
        yield idx
