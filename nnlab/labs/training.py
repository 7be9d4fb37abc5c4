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

Where things live: this module holds the ``Config`` and ``build_timeline``;
``training_setup`` the data and the model, ``training_run`` the training runs,
``training_snapshot`` what the pane draws, ``training_iteration`` the one-iteration steps.
What callers use from them is importable from here too (``__all__``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields

import numpy as np

from nnlab import data as datasets
from nnlab.i18n import _
from nnlab.formulas import num
from nnlab.labs.training_iteration import OPTIMIZER_NAMES, PER_NODE, iteration
from nnlab.labs.training_run import TrainResult, cross_validate, evaluate, export_meta, run, train
from nnlab.labs.training_setup import (GATES, INITS, Prepared, batch_size, check_weights, load, make_model,
                                       network_sizes, prepare)
from nnlab.labs.training_snapshot import GRID, HIST_BINS, TEST_IMAGES, init_comparison, node_map, predict, snapshot
from nnlab.optim import OPTIMIZERS
from nnlab.steps import Step, Timeline
from nnlab.labs import Bound, bound_text, check_fields, read_array, read_number

__all__ = ["Config", "DEFAULT_PRESET", "build_timeline", "pack_weights", "timeline_epochs",
           "DATASETS", "GATES", "BATCH_MODES", "OUTPUTS", "LOSS_NAMES", "INITS", "HIDDEN_ACTIVATIONS",
           "OPTIMIZER_NAMES", "HYPER", "NUMBERS", "MAX_EPOCHS", "MAX_HIDDEN_LAYERS", "MAX_UNITS", "MAX_POINTS", "MAX_SEED",
           "PER_NODE", "MAX_EPOCH_STEPS", "TIMELINE_WORK", "CALL_WORK", "MAX_EPOCH_WORK", "MAX_RUN_WORK", "epoch_work", "GRID", "HIST_BINS", "TEST_IMAGES",
           "Prepared", "prepare", "network_sizes", "make_model", "batch_size", "TrainResult", "train", "run",
           "evaluate", "export_meta", "cross_validate", "snapshot", "predict", "node_map", "init_comparison"]

DEFAULT_PRESET = "xor-mlp"
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
MAX_EPOCH_STEPS = 200
TIMELINE_WORK = 2.5e9  # multiply-adds the timeline may spend on training epochs (under a second)
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


def timeline_epochs(config: Config, prep: Prepared) -> int:
    """How many epochs the timeline trains: all of them, unless they or their snapshots (one per
    epoch step) exceed ``TIMELINE_WORK``."""
    per_epoch = epoch_work(config, prep.sizes, len(prep.x_train), len(prep.x_test))
    n = min(config.epochs, int(TIMELINE_WORK // per_epoch))
    snap = snapshot_work(prep.sizes, len(prep.x_train), len(prep.x_test))
    if min(n, MAX_EPOCH_STEPS) * snap > TIMELINE_WORK:
        n = int(TIMELINE_WORK // snap)
    return max(1, n)


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
    steps = iteration(config, prep)

    n_epochs = timeline_epochs(config, prep)
    group = math.ceil(n_epochs / MAX_EPOCH_STEPS)
    rows: list[list[float]] = []
    epoch_steps: list[Step] = []

    def on_epoch(m, row):
        rows.append([row[k] if row[k] is not None else math.nan for k in ("epoch", "loss", "acc", "test_loss", "test_acc")])
        if row["epoch"] % group and row["epoch"] != n_epochs:
            return
        test = (_(", test loss {tl}, test accuracy {ta}").format(tl=num(row["test_loss"]), ta=f"{row['test_acc']:.1%}")
                if row["test_loss"] is not None else "")
        epoch_steps.append(Step(
            "epoch", _("Epoch {e} of {n}").format(e=row["epoch"], n=config.epochs),
            _("loss {loss}, accuracy {acc}{test}").format(loss=num(row["loss"]), acc=f"{row['acc']:.1%}", test=test),
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
