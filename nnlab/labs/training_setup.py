"""What a training run starts from: the data set a training-lab config names (loaded once,
cached), split, normalised and encoded (``Prepared``); the MLP and optimizer the config
describes; the epoch's mini-batches."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from nnlab import data as datasets
from nnlab.i18n import _
from nnlab.network import MLP
from nnlab.optim import make

if TYPE_CHECKING:
    from nnlab.labs.training import Config

GATES = tuple(datasets.GATES)
INITS = ("std", "xavier", "he")


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
