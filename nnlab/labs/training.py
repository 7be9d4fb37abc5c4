"""Training lab: a data set, an MLP, an optimizer; one mini-batch update stepped number by number,
then training epoch by epoch.

The timeline has two parts:

1. **One iteration**: the first mini-batch of epoch 1 from the initial weights: the batch
   (phase ``data``), the forward pass layer by layer (``forward``; node by node when a layer has
   at most ``PER_NODE`` units), the loss (``loss``), the backward pass (``backward``), and the
   optimizer's update of each parameter (``update``). The numbers are the MLP's own: its layer
   objects are run one at a time, so the gradients are exactly ``MLP.gradient``'s.
2. **Epochs** (phase ``epoch``): the same training ``run`` makes (same seed, same batches), one
   step per epoch, or per group of epochs when there are more than ``MAX_EPOCH_STEPS``. Each step
   reveals that epoch's history, parameters and a snapshot (decision boundary, histograms,
   confusion matrix). Training inside the timeline stops once ``TIMELINE_WORK`` multiply-adds
   are spent (the last step says so); ``run`` (the Train button, the CLI) always does all epochs.
   So pressing play walks through the update and then through the epochs, with the one transport.

Element ids: ``node:l:j`` (node j of layer l, layer 0 the inputs), ``edge:l:i:j`` (weight
``W{l}[i, j]``), ``layer:l``, ``loss``, ``curve``, ``boundary``.

Values: ``data:x``/``data:t`` (training set, raw features / labels), ``data:test_x``/``data:test_t``,
``sizes`` (layer sizes), ``classes`` (class names, an array of text),
``extent`` ([x0, x1, y0, y1], 2-D data), ``images:test`` (first test images, image data),
``params:<name>`` (current parameters), ``history`` ((epochs, 5): epoch, loss, acc, test_loss,
test_acc; NaN without a test set), ``epoch``; one iteration: ``batch:index``, ``batch:x``,
``batch:t``, ``z:l`` (weighted sums, (B, n_l); NaN where not yet revealed), ``bn:l``, ``h:l``
(layer outputs, ``h:0`` = the batch), ``loss:batch``, ``delta:l`` (∂E/∂z), ``grad:<name>``,
``new:<name>``; snapshot (see ``snapshot``): ``grid:score``/``grid:class``, ``hist:W:l``,
``hist:W_edges:l``, ``hist:act:l``, ``hist:act_edges:l``, ``confusion``, ``pred:test``.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from functools import lru_cache
from pathlib import Path

import numpy as np

from nnlab import data as datasets
from nnlab.functions import ACTIVATIONS
from nnlab.i18n import _
from nnlab.layers import Affine, BatchNorm, Dropout, SoftmaxWithLoss
from nnlab.network import MLP
from nnlab.optim import OPTIMIZERS, make
from nnlab.steps import Step, Timeline

DEFAULT_PRESET = "xor-mlp"
GATES = tuple(datasets.GATES)
DATASETS = (*GATES, "seed", *datasets.GENERATORS, "digits", "points", "csv", "mnist")
BATCH_MODES = ("batch", "mini-batch", "stochastic")
OUTPUTS = ("sigmoid", "softmax", "identity")
LOSS_NAMES = ("mse", "cross_entropy")
INITS = ("std", "xavier", "he")
HIDDEN_ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky_relu", "softplus", "identity")
OPTIMIZER_NAMES = {"sgd": "SGD", "momentum": "Momentum", "nesterov": "Nesterov", "adagrad": "AdaGrad",
                   "rmsprop": "RMSprop", "adam": "Adam"}
HYPER = {"sgd": (), "momentum": ("momentum",), "nesterov": ("momentum",), "adagrad": ("eps",),
         "rmsprop": ("alpha", "eps"), "adam": ("beta1", "beta2", "eps")}
MAX_EPOCHS = 100_000
MAX_HIDDEN_LAYERS = 6
MAX_UNITS = 1024
MAX_POINTS = 5000
MAX_SEED = 2**32 - 1
PER_NODE = 8  # layers up to this many units are stepped node by node
MAX_EPOCH_STEPS = 200
TIMELINE_WORK = 2.5e9  # multiply-adds the timeline may spend on training epochs (under a second)
CALL_WORK = 320_000  # a mini-batch's Python overhead, in multiply-adds (measured: ~80 µs at ~4 GMAC/s)
GRID = 64  # decision-boundary grid resolution
HIST_BINS = 30
TEST_IMAGES = 32


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
        if not isinstance(d, dict):
            raise ValueError("config: must be an object")
        known = {f.name for f in fields(cls)}
        unknown = sorted(set(d) - known)
        if unknown:
            raise ValueError(f"{unknown[0]}: not a training lab setting")
        c = cls()
        get = lambda key: d.get(key, getattr(c, key))  # noqa: E731
        v = {}
        v["dataset"] = _choice("dataset", get("dataset"), DATASETS)
        v["n_samples"] = _int("n_samples", get("n_samples"), 2, MAX_POINTS)
        v["noise"] = _float("noise", get("noise"), 0.0, 10.0)
        v["data_seed"] = _int("data_seed", get("data_seed"), 0, MAX_SEED)
        v["points"] = _points(get("points"))
        if v["dataset"] == "points" and len(v["points"]) < 2:
            raise ValueError("points: need at least 2 points (click on the plot to add them)")
        for key in ("csv_path", "mnist_images", "mnist_labels"):
            if not isinstance(get(key), str):
                raise ValueError(f"{key}: must be a file path (text)")
            v[key] = get(key)
        v["label_column"] = _int("label_column", get("label_column"), -1000, 1000)
        v["mnist_limit"] = _int("mnist_limit", get("mnist_limit"), 10, 100_000)
        v["normalise"] = _choice("normalise", get("normalise"), datasets.NORMALISATIONS)
        v["test_fraction"] = _float("test_fraction", get("test_fraction"), 0.0, 0.9)
        v["n_folds"] = _int("n_folds", get("n_folds"), 2, 20)
        hidden = get("hidden")
        if not isinstance(hidden, (list, tuple)) or len(hidden) > MAX_HIDDEN_LAYERS:
            raise ValueError(f"hidden: must be a list of at most {MAX_HIDDEN_LAYERS} layer sizes")
        v["hidden"] = tuple(_int(f"hidden[{i}]", n, 1, MAX_UNITS) for i, n in enumerate(hidden))
        v["activation"] = _choice("activation", get("activation"), HIDDEN_ACTIVATIONS)
        v["output"] = _choice("output", get("output"), OUTPUTS)
        v["loss"] = _choice("loss", get("loss"), LOSS_NAMES)
        v["init"] = _choice("init", get("init"), INITS)
        v["decay"] = _choice("decay", get("decay"), ("l2", "l1"))
        for key in ("binary_output", "bias", "batchnorm", "shuffle"):
            if not isinstance(get(key), bool):
                raise ValueError(f"{key}: must be true or false")
            v[key] = get(key)
        v["dropout"] = _float("dropout", get("dropout"), 0.0, 0.9)
        v["weight_decay"] = _float("weight_decay", get("weight_decay"), 0.0, 10.0)
        v["optimizer"] = _choice("optimizer", get("optimizer"), OPTIMIZERS)
        v["lr"] = _float("lr", get("lr"), 0.0, 1e6)
        if v["lr"] <= 0:
            raise ValueError("lr: must be above 0")
        v["momentum"] = _float("momentum", get("momentum"), 0.0, 0.999)
        v["alpha"] = _float("alpha", get("alpha"), 0.0, 0.9999)
        v["beta1"] = _float("beta1", get("beta1"), 0.0, 0.9999)
        v["beta2"] = _float("beta2", get("beta2"), 0.0, 0.999999)
        v["eps"] = _float("eps", get("eps"), 0.0, 1.0)
        if v["optimizer"] == "nesterov" and v["momentum"] == 0:
            raise ValueError("momentum: Nesterov needs a momentum above 0")
        v["epochs"] = _int("epochs", get("epochs"), 1, MAX_EPOCHS)
        v["batch"] = _choice("batch", get("batch"), BATCH_MODES)
        v["batch_size"] = _int("batch_size", get("batch_size"), 1, 100_000)
        v["seed"] = _int("seed", get("seed"), 0, MAX_SEED)
        v["stop_loss"] = _float("stop_loss", get("stop_loss"), 0.0, 1e6)
        v["stop_acc"] = _float("stop_acc", get("stop_acc"), 0.0, 1.0)
        if v["output"] == "softmax" and v["binary_output"]:
            raise ValueError("output: softmax needs one output unit per class; turn off binary_output")
        if v["loss"] == "cross_entropy" and v["output"] == "identity":
            raise ValueError("loss: cross-entropy needs a sigmoid or softmax output (probabilities)")
        if v["batchnorm"] and (v["batch"] == "stochastic" or (v["batch"] == "mini-batch" and v["batch_size"] < 2)):
            raise ValueError("batchnorm: needs batches of at least 2 samples (not stochastic updates)")
        if v["batchnorm"] and not v["hidden"]:
            raise ValueError("batchnorm: needs a hidden layer")
        v["weights"] = _weights(get("weights"))
        config = cls(**v)
        data = _load(config)  # ValueError naming the field for bad data settings
        n_classes = len(data.classes)
        if n_classes < 2:
            raise ValueError(f"dataset: needs at least 2 classes, found {n_classes}")
        if config.binary_output and n_classes != 2:
            raise ValueError(f"binary_output: one output unit needs 2 classes; the data has {n_classes}")
        if config.weights:
            try:
                _start_weights(config, network_sizes(config, data))
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
        raise ValueError(f"{name}: must be one of {', '.join(options)}")
    return value


def _int(name, value, lo, hi) -> int:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise ValueError(f"{name}: must be a whole number from {lo} to {hi}")
    return value


def _float(name, value, lo, hi) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError(f"{name}: must be a number")
    if not lo <= value <= hi:
        raise ValueError(f"{name}: must be between {lo:g} and {hi:g}")
    return float(value)


def _points(raw) -> tuple:
    if not isinstance(raw, (list, tuple)) or len(raw) > MAX_POINTS:
        raise ValueError(f"points: must be a list of at most {MAX_POINTS} [x1, x2, class] triples")
    points = []
    for i, p in enumerate(raw):
        if not isinstance(p, (list, tuple)) or len(p) != 3:
            raise ValueError(f"points[{i}]: must be [x1, x2, class]")
        points.append((_float(f"points[{i}][0]", p[0], -1e6, 1e6), _float(f"points[{i}][1]", p[1], -1e6, 1e6),
                       _int(f"points[{i}][2]", p[2], 0, 9)))
    return tuple(points)


def _weights(raw) -> tuple:
    if isinstance(raw, tuple):  # already packed (a Config's own field)
        return raw
    if not isinstance(raw, dict):
        raise ValueError("weights: must be an object of name → nested lists")
    arrays = {}
    for name, value in raw.items():
        try:
            a = np.array(value, dtype=np.float64)
        except (ValueError, TypeError):
            raise ValueError(f"weights.{name}: must be a number or a rectangular nested list of numbers") from None
        if not np.all(np.isfinite(a)):
            raise ValueError(f"weights.{name}: contains NaN or infinity")
        arrays[str(name)] = a
    return pack_weights(arrays)


# --- data ----------------------------------------------------------------------------------------

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


def _load(config: Config) -> datasets.Dataset:
    """The whole data set the config names (raw features), cached."""
    kind = config.dataset
    if kind in datasets.GENERATORS:
        key = (kind, config.n_samples, config.noise, config.data_seed)
    elif kind == "points":
        key = (kind, config.points)
    elif kind == "csv":
        if not config.csv_path:
            raise ValueError("csv_path: choose a CSV file")
        path = Path(config.csv_path)
        key = (kind, str(path), config.label_column, path.stat().st_mtime if path.is_file() else 0)
    elif kind == "mnist":
        if not (config.mnist_images and config.mnist_labels):
            raise ValueError("mnist_images: choose the images and the labels IDX files")
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
    data = _load(config) if data is None else data
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


# --- model and training --------------------------------------------------------------------------

def _start_weights(config: Config, sizes: list[int]) -> dict[str, np.ndarray]:
    """Check the config's starting weights against a fresh model's names and shapes."""
    model = _fresh(config, sizes)
    expected = {**{k: v.shape for k, v in model.params.items()}, **{k: v.shape for k, v in model.buffers.items()}}
    given = config.weight_arrays()
    for name, a in given.items():
        if name not in expected:
            raise ValueError(f"{name} is not a parameter of a {'-'.join(map(str, sizes))} network")
        if a.shape != expected[name]:
            raise ValueError(f"{name} has shape {a.shape}; the {'-'.join(map(str, sizes))} network needs {expected[name]}")
    return given


def _fresh(config: Config, sizes: list[int], init: str | None = None) -> MLP:
    return MLP(sizes, config.activation, config.output, config.loss, config.seed, bias=config.bias,
               init=init or config.init, weight_decay=config.weight_decay, decay=config.decay,
               batchnorm=config.batchnorm, dropout=config.dropout)


def make_model(config: Config, prep: Prepared, init: str | None = None) -> MLP:
    """The MLP the config describes, with its seeded initial weights (or the config's ``weights``)."""
    model = _fresh(config, prep.sizes, init)
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


def _all_finite(model: MLP) -> bool:
    return all(np.all(np.isfinite(a)) for a in (*model.params.values(), *model.buffers.values()))


def _state_copy(model: MLP) -> tuple[dict, dict]:
    return ({k: v.copy() for k, v in model.params.items()}, {k: v.copy() for k, v in model.buffers.items()})


def evaluate(model: MLP, prep: Prepared, epoch: int) -> dict:
    """One history row: the epoch, training loss and accuracy, test loss and accuracy (None without a test set)."""
    row = {"epoch": epoch, "loss": float(model.loss(prep.x_train, prep.t_train)),
           "acc": float(model.accuracy(prep.x_train, prep.labels_train)), "test_loss": None, "test_acc": None}
    if len(prep.test):
        row["test_loss"] = float(model.loss(prep.x_test, prep.t_test))
        row["test_acc"] = float(model.accuracy(prep.x_test, prep.labels_test))
    return row


@dataclass
class TrainResult:
    model: MLP
    history: list = field(default_factory=list)  # per-epoch dicts: epoch, loss, acc, test_loss, test_acc
    diverged: str = ""  # "" or which epoch, which value
    seconds: float = 0.0
    stopped: str = ""  # why it ended early: a reached target or a cancel ("" when all epochs ran)
    prepared: Prepared | None = None


def train(config: Config, prep: Prepared, model: MLP, epochs: int,
          on_epoch: Callable[[MLP, dict], None] | None = None,
          should_stop: Callable[[], bool] | None = None) -> TrainResult:
    """Train ``model`` in place for ``epochs`` epochs (stochastic, mini-batch or batch updates).

    After each epoch the history gains a row and ``on_epoch(model, row)`` is called. A NaN or
    infinite loss or weight stops the run: ``diverged`` says at which epoch, and the model goes back
    to the last good weights. ``should_stop()`` is polled after every mini-batch.
    """
    optimizer = make_optimizer(config)
    rng = np.random.default_rng([config.seed, 1])  # the shuffling stream (the model has its own)
    result = TrainResult(model, prepared=prep)
    good = _state_copy(model)
    start = time.perf_counter()
    n = len(prep.x_train)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
        for epoch in range(1, epochs + 1):
            for idx in batches(config, n, rng):
                optimizer.update(model.params, model.gradient(prep.x_train[idx], prep.t_train[idx]))
                if should_stop is not None and should_stop():
                    result.stopped = _("cancelled during epoch {epoch}").format(epoch=epoch)
                    break
            if result.stopped:
                break
            row = evaluate(model, prep, epoch)
            if not (math.isfinite(row["loss"]) and _all_finite(model)):
                result.diverged = _("diverged in epoch {epoch}: the loss became {value}; "
                                    "kept the weights of epoch {last}").format(
                    epoch=epoch, value=_num(row["loss"]), last=epoch - 1)
                model.params.update(good[0])
                model.buffers.update(good[1])
                break
            good = _state_copy(model)
            result.history.append(row)
            if on_epoch is not None:
                on_epoch(model, row)
            if config.stop_loss > 0 and row["loss"] <= config.stop_loss:
                result.stopped = _("target loss {target} reached in epoch {epoch}").format(
                    target=_num(config.stop_loss), epoch=epoch)
                break
            if config.stop_acc > 0 and row["acc"] >= config.stop_acc:
                result.stopped = _("target accuracy {target} reached in epoch {epoch}").format(
                    target=f"{config.stop_acc:.0%}", epoch=epoch)
                break
    result.seconds = time.perf_counter() - start
    return result


def run(config: Config, epochs: int | None = None, progress=None, should_stop=None, *,
        interval: float = 0.0, snapshots: bool = False) -> TrainResult:
    """Train a fresh model (the config's seeded initial weights) for ``epochs`` (default: the config's).

    ``progress(fraction, payload)`` is called after each epoch (at most every ``interval``
    seconds, and always after the last one); ``payload`` has the latest row's keys (epoch, loss,
    acc, test_loss, test_acc), ``rows`` (every row since the previous call) and, with
    ``snapshots``, ``snapshot`` (what the pane draws, see ``snapshot``) and ``params``.
    """
    prep = prepare(config)
    model = make_model(config, prep)
    total = config.epochs if epochs is None else int(epochs)
    pending: list[dict] = []
    last = [-math.inf]

    def on_epoch(m, row):
        pending.append(row)
        now = time.perf_counter()
        if progress is None or (now - last[0] < interval and row["epoch"] < total):
            return
        last[0] = now
        payload = {**row, "rows": list(pending)}
        if snapshots:
            payload["snapshot"] = snapshot(m, prep)
            payload["params"] = _state_copy(m)[0]
        pending.clear()
        progress(row["epoch"] / total, payload)

    result = train(config, prep, model, total, on_epoch, should_stop)
    if progress is not None and pending:  # rows not yet reported (a stop or divergence)
        payload = {**pending[-1], "rows": list(pending)}
        if snapshots:
            payload["snapshot"] = snapshot(model, prep)
            payload["params"] = _state_copy(model)[0]
        progress(pending[-1]["epoch"] / total, payload)
    return result


def export_meta(config: Config, result: TrainResult) -> dict:
    """The meta entry stored with exported weights: the network, the data's normalisation and
    class names, the lab config and a training summary."""
    prep = result.prepared or prepare(config)
    last = result.history[-1] if result.history else {}
    return {
        "lab": "training", "sizes": prep.sizes, "activations": [config.activation] * len(config.hidden),
        "output": config.output, "loss": config.loss, "batchnorm": config.batchnorm,
        "classes": list(prep.data.classes), "features": list(prep.data.features),
        "normalisation": prep.normaliser.to_dict(),
        "training": {"epochs": len(result.history), "loss": last.get("loss"), "acc": last.get("acc"),
                     "test_loss": last.get("test_loss"), "test_acc": last.get("test_acc"),
                     "seconds": round(result.seconds, 3), "diverged": result.diverged, "stopped": result.stopped},
        "config": {k: v for k, v in config.to_dict().items() if k != "weights"},
    }


def cross_validate(config: Config, should_stop=None) -> list[float]:
    """k-fold cross-validation (``n_folds``, ``data_seed``): a fresh model trained on each fold's
    training part (normalised on it), its accuracy on the held-out fold."""
    data = _load(config)

    def fit_score(train_set, test_set):
        prep = prepare(config, datasets.Dataset(np.r_[train_set.x, test_set.x], np.r_[train_set.t, test_set.t],
                                                data.classes, data.features, data.image_shape),
                       np.arange(len(train_set)), np.arange(len(train_set), len(train_set) + len(test_set)))
        model = make_model(config, prep)
        train(config, prep, model, config.epochs, should_stop=should_stop)
        return float(model.accuracy(prep.x_test, prep.labels_test))

    return datasets.cross_validate(fit_score, data, config.n_folds, config.data_seed)


# --- what the pane draws -------------------------------------------------------------------------

def grid_points(extent: np.ndarray, res: int = GRID) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The grid's x and y coordinates and its points ((res·res, 2), x varying slowest)."""
    xs = np.linspace(extent[0], extent[1], res)
    ys = np.linspace(extent[2], extent[3], res)
    gx, gy = np.meshgrid(xs, ys, indexing="ij")
    return xs, ys, np.c_[gx.ravel(), gy.ravel()]


def hidden_outputs(model: MLP, x: np.ndarray) -> list[np.ndarray]:
    """Each hidden layer's output (after its activation; eval mode) for the rows of ``x``."""
    outs = []
    h = x
    for layer in model.layers:
        h = layer.forward(h, False) if isinstance(layer, (BatchNorm, Dropout)) else layer.forward(h)
        if not isinstance(layer, (Affine, BatchNorm, Dropout)):
            outs.append(h)
    return outs


def snapshot(model: MLP, prep: Prepared) -> dict:
    """What the pane draws for the model's current weights (eval mode): for 2-D data the decision
    grid (``grid:score`` with two classes: the class-1 score in [0, 1]; ``grid:class``: the
    predicted class), grid[i, j] at (x_i, y_j) over ``prep.extent``; per layer l histograms of the
    weights ``hist:W:l`` (edges ``hist:W_edges:l``) and of the layer's outputs on (up to 1000 of) the
    training data ``hist:act:l`` (``hist:act_edges:l``; the last layer: the network's outputs); ``confusion`` (rows true class, columns predicted,
    on the test set, or the training set without one) and ``pred:test`` (the first test images' predictions)."""
    out = {}
    with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
        if prep.extent is not None:
            _, _, pts = grid_points(prep.extent)
            y = model.forward(prep.normaliser.apply(pts))
            if y.shape[1] == 1:
                out["grid:score"] = np.clip(y[:, 0], 0, 1).reshape(GRID, GRID)
                out["grid:class"] = (y[:, 0] > 0.5).astype(np.int64).reshape(GRID, GRID)
            else:
                out["grid:class"] = np.argmax(y, axis=1).reshape(GRID, GRID)
                if y.shape[1] == 2:
                    s = np.clip(y, 0, None)
                    out["grid:score"] = (s[:, 1] / np.maximum(s.sum(axis=1), 1e-12)).reshape(GRID, GRID)
        for l in range(1, len(prep.sizes)):
            counts, edges = _histogram(model.params[f"W{l}"])
            out[f"hist:W:{l}"], out[f"hist:W_edges:{l}"] = counts, edges
        sample = prep.x_train[:1000]
        for l, h in enumerate([*hidden_outputs(model, sample), model.forward(sample)], start=1):
            counts, edges = _histogram(h)
            out[f"hist:act:{l}"], out[f"hist:act_edges:{l}"] = counts, edges
        x_eval, labels = (prep.x_test, prep.labels_test) if len(prep.test) else (prep.x_train, prep.labels_train)
        k = len(prep.data.classes)
        predicted = predict(model, x_eval)
        out["confusion"] = np.bincount(labels * k + predicted, minlength=k * k).reshape(k, k)
        if prep.data.image_shape is not None:
            out["pred:test"] = predicted[:TEST_IMAGES]
    return out


def predict(model: MLP, x: np.ndarray) -> np.ndarray:
    """Predicted class indices (one output unit: above 0.5 is class 1)."""
    y = model.forward(x)
    return (y[:, 0] > 0.5).astype(np.int64) if y.shape[1] == 1 else np.argmax(y, axis=1)


def _histogram(a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    a = np.asarray(a, dtype=np.float64).ravel()
    a = a[np.isfinite(a)]
    lo, hi = (float(a.min()), float(a.max())) if len(a) else (0.0, 1.0)
    if hi - lo < 1e-9:
        lo, hi = lo - 0.5, hi + 0.5
    return np.histogram(a, bins=HIST_BINS, range=(lo, hi))


def node_map(config: Config, params: dict, layer: int, unit: int, res: int = GRID) -> np.ndarray:
    """Hidden node ``unit`` of hidden layer ``layer`` (1-based): its output over the 2-D grid,
    (res, res), grid[i, j] at (x_i, y_j) — for weights ``params`` (e.g. a state's ``params:*``)."""
    prep = prepare(config)
    if prep.extent is None:
        raise ValueError(_("node maps need 2-D data"))
    model = make_model(config, prep)
    model.params.update({k: np.asarray(v) for k, v in params.items() if k in model.params})
    pts = grid_points(prep.extent, res)[2]
    with np.errstate(over="ignore", invalid="ignore"):
        return hidden_outputs(model, prep.normaliser.apply(pts))[layer - 1][:, unit].reshape(res, res)


def init_comparison(config: Config) -> dict[str, list[tuple[np.ndarray, np.ndarray]]]:
    """The Xavier/He lesson: for each init (std 0.01, Xavier, He), a fresh model's hidden
    activation histograms (counts, edges) per hidden layer on the training data."""
    prep = prepare(config)
    out = {}
    for init in INITS:
        model = _fresh(config, prep.sizes, init)
        with np.errstate(over="ignore", invalid="ignore"):
            out[init] = [_histogram(h) for h in hidden_outputs(model, prep.x_train[:1000])]
    return out


# --- the timeline --------------------------------------------------------------------------------

_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def _sub(*ix: int) -> str:
    """1-based subscripts: _sub(0, 1) = '₁₂'."""
    return ("".join(str(i + 1) for i in ix) if all(i < 9 for i in ix) else ",".join(str(i + 1) for i in ix)).translate(_SUB)


def _num(x: float) -> str:
    """A number for a formula: 4 decimals (or 4 significant digits when tiny), a real minus sign."""
    x = float(x)
    if not math.isfinite(x):
        return str(x)
    if x != 0 and abs(x) < 1e-3:
        text = f"{x:.3e}"
    else:
        text = f"{x:.4f}".rstrip("0").rstrip(".")
    text = "0" if text in ("-0", "") else text
    return text.replace("-", "−")


def _arg(x: float) -> str:
    return f"({_num(x)})" if _num(x).startswith("−") else _num(x)


def _terms(pairs, limit: int = 4) -> str:
    """'a × b + c × d + … (n terms)' for the first ``limit`` pairs."""
    pairs = list(pairs)
    text = " + ".join(f"{_arg(a)} × {_arg(b)}" for a, b in pairs[:limit])
    if len(pairs) > limit:
        text += " + … " + _("({n} terms)").format(n=len(pairs))
    return text


def _partial(full: np.ndarray, upto: int) -> np.ndarray:
    """``full`` with the columns after ``upto`` hidden (NaN)."""
    out = np.full_like(full, np.nan, dtype=np.float64)
    out[:, : upto + 1] = full[:, : upto + 1]
    return out


def _edges(l: int, n_in: int, j: int) -> tuple[str, ...]:
    return tuple(f"edge:{l}:{i}:{j}" for i in range(n_in))


def _layer_edges(l: int, n_in: int, n_out: int) -> tuple[str, ...]:
    return tuple(f"edge:{l}:{i}:{j}" for i in range(n_in) for j in range(n_out)) if n_in * n_out <= 64 else (f"layer:{l}",)


def _act_formula(name: str, z: float, h: float) -> str:
    symbol = {"sigmoid": "σ", "tanh": "tanh", "relu": "ReLU", "leaky_relu": "LeakyReLU", "softplus": "softplus",
              "identity": "f", "linear": "f", "step": "step", "sign": "sign", "piecewise_linear": "f"}[name]
    return f"{symbol}({_num(z)}) = {_num(h)}"


def _iteration(config: Config, prep: Prepared) -> list[Step]:
    """The steps of the first mini-batch update (see the module docstring): the MLP's own layer
    objects run one at a time, forward then backward, then the optimizer's update."""
    walk = _Walk(config, prep)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
        walk.data()
        walk.forward()
        walk.loss()
        walk.backward()
        walk.update()
    return walk.steps


class _Walk:
    """One mini-batch through a fresh model, collecting a Step for every number worth showing.
    Sample 1 of the batch is the one written out; every step reveals the whole batch's arrays."""

    def __init__(self, config: Config, prep: Prepared):
        self.config, self.prep = config, prep
        self.model = make_model(config, prep)
        self.optimizer = make_optimizer(config)
        self.idx = next(batches(config, len(prep.x_train), np.random.default_rng([config.seed, 1])))
        self.x, self.t = prep.x_train[self.idx], prep.t_train[self.idx]
        self.B, self.L = len(self.idx), len(prep.sizes) - 1
        self.acts = [config.activation] * len(config.hidden)
        self.steps: list[Step] = []
        self.pre: dict[int, np.ndarray] = {}  # what each hidden activation saw (for f′ going back)
        self.scores = self.y = None
        self.grads: dict[str, np.ndarray] = {}

    def add(self, phase, title, formula, focus, values) -> None:
        self.steps.append(Step(phase, title, formula, tuple(focus), values))

    def data(self) -> None:
        idx, x, t = self.idx, self.x, self.t
        shown = ", ".join(f"#{i + 1}" for i in idx[:6]) + (", …" if self.B > 6 else "")
        self.add("data", _("Mini-batch 1 of epoch 1: {b} of {n} samples").format(b=self.B, n=len(self.prep.x_train)),
                 _("samples {list}; sample 1: x = [{x}], t = [{t}]").format(
                     list=shown, x=", ".join(_num(v) for v in x[0][:6]) + (", …" if x.shape[1] > 6 else ""),
                     t=", ".join(_num(v) for v in t[0])),
                 ("layer:0",), {"batch:index": idx, "batch:x": x, "batch:t": t, "h:0": x})

    # -- forward ---------------------------------------------------------------------------------
    def forward(self) -> None:
        h, l = self.x, 0
        for layer in self.model.layers:
            if isinstance(layer, Affine):
                l += 1
                h = self._affine(layer, l, h)
            elif isinstance(layer, BatchNorm):
                out = layer.forward(h, True)
                mu, var = h.mean(axis=0), h.var(axis=0)
                self.add("forward", _("Layer {l} — batch normalisation").format(l=l),
                         f"ẑ = γ·(z − μ) / √(σ² + ε) + β: z{_sub(0)} = {_num(h[0, 0])}, μ = {_num(mu[0])}, "
                         f"σ² = {_num(var[0])} → {_num(out[0, 0])}", (f"layer:{l}",), {f"bn:{l}": out})
                h = out
            elif isinstance(layer, Dropout):
                out = layer.forward(h, True)
                kept = int(layer.mask.sum()) if layer.mask is not None else h.size
                self.add("forward", _("Layer {l} — dropout").format(l=l),
                         _("each unit kept with probability {q}, kept ones × 1/{q}: {k} of {n} kept").format(
                             q=_num(1 - self.config.dropout), k=kept, n=h.size), (f"layer:{l}",), {f"h:{l}": out})
                h = out
            else:
                self.pre[l] = h
                h = self._activation(layer, l, h)
        self.scores = h

    def _affine(self, layer: Affine, l: int, h: np.ndarray) -> np.ndarray:
        W, b = self.model.params[f"W{l}"], self.model.params.get(f"b{l}")
        z = layer.forward(h)
        n_in, n_out = W.shape

        def bias(j):
            return f" + {_arg(b[j])}" if b is not None else ""

        if n_out <= PER_NODE:
            for j in range(n_out):
                title = (_("Output node {j} — weighted sum") if l == self.L
                         else _("Layer {l}, node {j} — weighted sum")).format(l=l, j=j + 1)
                formula = (f"z{_sub(j)} = Σᵢ hᵢ·wᵢ{_sub(j)}{' + b' + _sub(j) if b is not None else ''} = "
                           f"{_terms(zip(h[0], W[:, j]))}{bias(j)} = {_num(z[0, j])}")
                self.add("forward", title, formula, (f"node:{l}:{j}", *_edges(l, n_in, j)), {f"z:{l}": _partial(z, j)})
        else:
            self.add("forward", _("Layer {l} — weighted sums Z = H·W{l}{b} ({B}×{i} · {i}×{o})").format(
                l=l, b=" + b" if b is not None else "", B=self.B, i=n_in, o=n_out),
                f"z{_sub(0)} = {_terms(zip(h[0], W[:, 0]))}{bias(0)} = {_num(z[0, 0])}", (f"layer:{l}",), {f"z:{l}": z})
        return z

    def _activation(self, layer, l: int, h: np.ndarray) -> np.ndarray:
        out = layer.forward(h)
        name = self.acts[l - 1]
        if out.shape[1] <= PER_NODE:
            for j in range(out.shape[1]):
                self.add("forward", _("Layer {l}, node {j} — activation").format(l=l, j=j + 1),
                         f"h{_sub(j)} = {_act_formula(name, h[0, j], out[0, j])}", (f"node:{l}:{j}",),
                         {f"h:{l}": _partial(out, j)})
        else:
            self.add("forward", _("Layer {l} — activation {f}").format(l=l, f=name),
                     f"{ACTIVATIONS[name].formula}: h{_sub(0)} = {_act_formula(name, h[0, 0], out[0, 0])}",
                     (f"layer:{l}",), {f"h:{l}": out})
        return out

    # -- output and loss -------------------------------------------------------------------------
    def loss(self) -> None:
        config, h, t, L = self.config, self.scores, self.t, self.L
        data_loss = self.model.last_layer.forward(h, t)
        y = self.y = self.model.last_layer.y
        if config.output == "softmax":
            self.add("forward", _("Output — softmax"),
                     f"y = e^zₖ / Σᵢ e^zᵢ: y{_sub(0)} = e^{_arg(h[0, 0])} / ({' + '.join(f'e^{_arg(v)}' for v in h[0][:4])}"
                     f"{' + …' if h.shape[1] > 4 else ''}) = {_num(y[0, 0])}", [f"node:{L}:{j}" for j in range(y.shape[1])],
                     {f"h:{L}": y})
        else:
            for j in range(min(y.shape[1], PER_NODE)):
                self.add("forward", _("Output node {j} — {f}").format(j=j + 1, f=config.output),
                         f"y{_sub(j)} = {_act_formula(config.output, h[0, j], y[0, j])}", (f"node:{L}:{j}",),
                         {f"h:{L}": _partial(y, j) if y.shape[1] <= PER_NODE else y})
        decay = 0.0
        if config.weight_decay:
            Ws = [v for k, v in self.model.params.items() if k.startswith("W")]
            decay = (0.5 * config.weight_decay * sum(float(np.sum(W * W)) for W in Ws) if config.decay == "l2"
                     else config.weight_decay * sum(float(np.sum(np.abs(W))) for W in Ws))
        y0, t0 = y[0], t[0]
        if config.loss == "mse":
            symbolic = "E = (1/B)·Σ_b ½Σₖ (yₖ − tₖ)²"
            sample = ("½·(" + " + ".join(f"({_num(a)} − {_num(b)})²" for a, b in list(zip(y0, t0))[:4])
                      + (" + …" if len(y0) > 4 else "") + ")")
        elif y.shape[1] == 1:
            symbolic = "E = −(1/B)·Σ_b [t·log y + (1 − t)·log(1 − y)]"
            sample = f"−[{_num(t0[0])}·log {_num(y0[0])} + {_num(1 - t0[0])}·log {_num(1 - y0[0])}]"
        else:
            k = int(np.argmax(t0))
            symbolic = "E = −(1/B)·Σ_b Σₖ tₖ·log yₖ"
            sample = f"−log y{_sub(k)} = −log {_num(y0[k])}"
        reg = f" + {'½λΣw²' if config.decay == 'l2' else 'λΣ|w|'} ({_num(decay)})" if config.weight_decay else ""
        self.add("loss", _("Loss over the batch of {b}").format(b=self.B),
                 f"{symbolic}{reg}\n" + _("sample 1: {sample}; batch: E = {E}").format(
                     sample=sample, E=_num(data_loss + decay)), ("loss",), {"loss:batch": data_loss + decay})

    # -- backward --------------------------------------------------------------------------------
    def backward(self) -> None:
        delta = self._output_delta()
        l = self.L
        for layer in reversed(self.model.layers):
            if isinstance(layer, Affine):
                delta = self._affine_back(layer, l, delta)
                l -= 1
            elif isinstance(layer, Dropout):
                delta = layer.backward(delta)
                self.add("backward", _("Layer {l} — dropout backward").format(l=l),
                         _("the same units are dropped; the kept ones × 1/{q}").format(q=_num(1 - self.config.dropout)),
                         (f"layer:{l}",), {f"dh:{l}": delta})
            elif isinstance(layer, BatchNorm):
                dz = layer.backward(delta)
                g, b = layer.grads[f"gamma{l}"], layer.grads[f"beta{l}"]
                self.grads[f"gamma{l}"], self.grads[f"beta{l}"] = g, b
                self.add("backward", _("Layer {l} — batch normalisation backward").format(l=l),
                         f"∂E/∂γ{_sub(0)} = Σ_b ẑ_b·δ_b = {_num(g[0])}, ∂E/∂β{_sub(0)} = Σ_b δ_b = {_num(b[0])}; "
                         f"∂E/∂z{_sub(0)} = {_num(dz[0, 0])}", (f"layer:{l}",),
                         {f"grad:gamma{l}": g, f"grad:beta{l}": b, f"delta:{l}": dz})
                delta = dz
            else:
                delta = self._activation_back(layer, l, delta)
        self.grads = {k: self.grads[k] for k in self.model.params}

    def _output_delta(self) -> np.ndarray:
        config, y, t, B, L, h = self.config, self.y, self.t, self.B, self.L, self.scores
        last = self.model.last_layer
        delta = last.backward(1.0)
        y0, t0 = y[0], t[0]
        if isinstance(last, SoftmaxWithLoss) or (config.loss == "cross_entropy" and y.shape[1] == 1):
            rule = "δ = (y − t) / B"

            def example(j):
                return f"({_num(y0[j])} − {_num(t0[j])}) / {B}"
        elif config.loss == "mse":
            rule = "δ = (y − t)·f′(z) / B"
            df = ACTIVATIONS[config.output].df

            def example(j):
                return f"({_num(y0[j])} − {_num(t0[j])}) × {_num(df(h[0, j]))} / {B}"
        else:
            rule = "δ = ∂E/∂y · ∂y/∂z"

            def example(j):
                return "…"
        per_node = delta.shape[1] <= PER_NODE
        for j in range(delta.shape[1] if per_node else 1):
            self.add("backward", (_("Output node {j} — δ = ∂E/∂z").format(j=j + 1) if per_node
                                  else _("Output layer — δ = ∂E/∂z")),
                     f"{rule}: δ{_sub(j)} = {example(j)} = {_num(delta[0, j])}", (f"node:{L}:{j}",),
                     {f"delta:{L}": _partial(delta, j) if per_node else delta})
        return delta

    def _affine_back(self, layer: Affine, l: int, delta: np.ndarray) -> np.ndarray:
        config = self.config
        W, h_in = self.model.params[f"W{l}"], layer.x
        dx = layer.backward(delta)
        gW = layer.grads[f"W{l}"]
        if config.weight_decay:
            gW = gW + config.weight_decay * (W if config.decay == "l2" else np.sign(W))
        self.grads[f"W{l}"] = gW
        text = f"∂E/∂w{_sub(0, 0)} = Σ_b h_b{_sub(0)}·δ_b{_sub(0)} = {_terms(zip(h_in[:, 0], delta[:, 0]))}"
        if config.weight_decay:
            text += f" + {'λw' if config.decay == 'l2' else 'λ·sign(w)'}"
        text += f" = {_num(gW[0, 0])}"
        values = {f"grad:W{l}": gW}
        if layer.b is not None:
            gb = self.grads[f"b{l}"] = layer.grads[f"b{l}"]
            values[f"grad:b{l}"] = gb
            text += f"\n∂E/∂b{_sub(0)} = Σ_b δ_b{_sub(0)} = {_num(gb[0])}"
        self.add("backward", _("Layer {l} — gradients ∂E/∂W{l} = Hᵀ·δ").format(l=l), text,
                 _layer_edges(l, *W.shape), values)
        return dx

    def _activation_back(self, layer, l: int, dh: np.ndarray) -> np.ndarray:
        """δ of hidden layer l = ∂E/∂h ⊙ f′(z), node by node when the layer is small."""
        delta = layer.backward(dh)
        fprime = ACTIVATIONS[self.acts[l - 1]].df(self.pre[l])
        per_node = delta.shape[1] <= PER_NODE
        for j in range(delta.shape[1] if per_node else 1):
            title = (_("Layer {l}, node {j} — δ = ∂E/∂h · f′(z)").format(l=l, j=j + 1) if per_node
                     else _("Layer {l} — δ = ∂E/∂H ⊙ f′(Z)").format(l=l))
            formula = (f"∂E/∂h{_sub(j)} = Σₖ δₖ·w{_sub(j)}ₖ = {_num(dh[0, j])}; "
                       f"δ{_sub(j)} = {_num(dh[0, j])} × {_num(fprime[0, j])} = {_num(delta[0, j])}")
            self.add("backward", title, formula, (f"node:{l}:{j}",), {f"delta:{l}": _partial(delta, j) if per_node else delta})
        return delta

    # -- update ----------------------------------------------------------------------------------
    def update(self) -> None:
        """The optimizer's step, then one Step per parameter array with entry [0, …] written out."""
        params = self.model.params
        before = {k: v.copy() for k, v in params.items()}
        self.optimizer.update(params, self.grads)
        for key, new in params.items():
            q = self.optimizer.last[key]
            i0 = (0,) * new.ndim
            self.add("update", _("Update {key} — {opt}").format(key=key, opt=OPTIMIZER_NAMES[self.config.optimizer]),
                     _update_formula(self.config, key, before[key][i0], new[i0], {k: np.asarray(v)[i0] for k, v in q.items()}),
                     _layer_edges(_layer_of(key), *new.shape) if key.startswith("W") else (f"layer:{_layer_of(key)}",),
                     {f"new:{key}": new.copy(), f"params:{key}": new.copy()})


def _layer_of(key: str) -> int:
    """The layer number at the end of a parameter name: W2 → 2, gamma1 → 1."""
    return int(key[len(key.rstrip("0123456789")):])


def _update_formula(config: Config, key: str, old: float, new: float, q: dict) -> str:
    """The optimizer's rule, then entry [0, …] of ``key`` with its numbers."""
    w = f"{key}{_sub(0, 0) if key.startswith('W') else _sub(0)}"
    lr, g = _num(config.lr), _num(q["g"])
    name = config.optimizer
    if name == "sgd":
        return f"w ← w − η·∂E/∂w: {w} = {_num(old)} − {lr} × {_arg(q['g'])} = {_num(new)}"
    if name == "momentum":
        return (f"v ← μ·v + ∂E/∂w; w ← w − η·v: v = {_num(q['b'])}, "
                f"{w} = {_num(old)} − {lr} × {_arg(q['b'])} = {_num(new)}")
    if name == "nesterov":
        return (f"v ← μ·v + g; w ← w − η·(g + μ·v): v = {_num(q['b'])}, "
                f"{w} = {_num(old)} − {lr} × {_arg(q['d'])} = {_num(new)}")
    if name == "adagrad":
        return (f"h ← h + g²; w ← w − η·g / (√h + ε): g = {g}, h = {_num(q['h'])}, "
                f"{w} = {_num(old)} − {lr} × {_arg(q['g'])} / {_num(math.sqrt(q['h']))} = {_num(new)}")
    if name == "rmsprop":
        return (f"v ← α·v + (1 − α)·g²; w ← w − η·g / (√v + ε): g = {g}, v = {_num(q['v'])}, "
                f"{w} = {_num(old)} − {lr} × {_arg(q['g'])} / {_num(math.sqrt(q['v']))} = {_num(new)}")
    return (f"m ← β₁m + (1 − β₁)g; v ← β₂v + (1 − β₂)g²; w ← w − η·m̂ / (√v̂ + ε): g = {g}, "
            f"m̂ = {_num(q['m_hat'])}, v̂ = {_num(q['v_hat'])}, {w} = {_num(old)} + {_arg(q['delta'])} = {_num(new)}")


def timeline_epochs(config: Config, prep: Prepared) -> int:
    """How many epochs the timeline trains: all of them, unless that exceeds ``TIMELINE_WORK``
    (an estimate: 3 multiply-adds per weight and sample for training and evaluation, plus
    ``CALL_WORK`` per mini-batch and evaluation for the Python around them)."""
    n_params = sum(a * b for a, b in zip(prep.sizes, prep.sizes[1:]))
    n_batches = math.ceil(len(prep.x_train) / batch_size(config, len(prep.x_train)))
    per_epoch = 3 * n_params * (2 * len(prep.x_train) + len(prep.x_test)) + CALL_WORK * (n_batches + 2)
    return max(1, min(config.epochs, int(TIMELINE_WORK // per_epoch)))


def build_timeline(config: Config) -> Timeline:
    prep = prepare(config)
    model = make_model(config, prep)
    base = {"data:x": prep.data.x[prep.train], "data:t": prep.labels_train,
            "data:test_x": prep.data.x[prep.test], "data:test_t": prep.labels_test,
            "sizes": np.array(prep.sizes), "classes": np.array(prep.data.classes), "epoch": 0,
            "history": np.zeros((0, 5)),
            **{f"params:{k}": v.copy() for k, v in model.params.items()}, **snapshot(model, prep)}
    if prep.extent is not None:
        base["extent"] = prep.extent
    if prep.data.image_shape is not None:
        base["images:test"] = prep.data.x[prep.test][:TEST_IMAGES].reshape(-1, *prep.data.image_shape)
    steps = _iteration(config, prep)

    n_epochs = timeline_epochs(config, prep)
    group = math.ceil(n_epochs / MAX_EPOCH_STEPS)
    rows: list[list[float]] = []
    epoch_steps: list[Step] = []

    def on_epoch(m, row):
        rows.append([row[k] if row[k] is not None else math.nan for k in ("epoch", "loss", "acc", "test_loss", "test_acc")])
        if row["epoch"] % group and row["epoch"] != n_epochs:
            return
        test = (_(", test loss {tl}, test accuracy {ta}").format(tl=_num(row["test_loss"]), ta=f"{row['test_acc']:.1%}")
                if row["test_loss"] is not None else "")
        epoch_steps.append(Step(
            "epoch", _("Epoch {e} of {n}").format(e=row["epoch"], n=config.epochs),
            _("loss {loss}, accuracy {acc}{test}").format(loss=_num(row["loss"]), acc=f"{row['acc']:.1%}", test=test),
            ("curve", "boundary"),
            {"epoch": row["epoch"], "history": np.array(rows), **{f"params:{k}": v.copy() for k, v in m.params.items()},
             **snapshot(m, prep)}))

    result = train(config, prep, make_model(config, prep), n_epochs, on_epoch)
    notes = []
    if result.diverged:
        notes.append(result.diverged)
    if result.stopped:
        notes.append(result.stopped)
    elif n_epochs < config.epochs and not result.diverged:
        notes.append(_("the timeline shows the first {k} of {n} epochs; Train runs them all").format(k=n_epochs, n=config.epochs))
    if notes:
        last = epoch_steps[-1] if epoch_steps else None
        values = dict(last.values) if last else {}
        epoch_steps.append(Step("epoch", _("Training ended") if (result.stopped or result.diverged) else _("Timeline ends"),
                                "\n".join(notes), ("curve",), values))
    return Timeline("training", [*steps, *epoch_steps], base)
