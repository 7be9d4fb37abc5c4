"""Training runs of the training lab: the epoch loop with its stop conditions and divergence
check (``train``), a whole run with throttled progress payloads (``run``, what the Train button
and ``nnlab train`` call), k-fold cross-validation, and the meta stored with exported weights."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from nnlab import data as datasets
from nnlab.i18n import _
from nnlab.formulas import num
from nnlab.labs.training_setup import Config, Prepared, batches, load, make_model, make_optimizer, prepare
from nnlab.labs.training_snapshot import snapshot
from nnlab.network import MLP


def all_finite(model: MLP) -> bool:
    """Every parameter and buffer finite."""
    return all(np.all(np.isfinite(a)) for a in (*model.params.values(), *model.buffers.values()))


def state_copy(model: MLP) -> tuple[dict, dict]:
    """Copies of the model's parameters and buffers."""
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
    good = state_copy(model)
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
            if not (math.isfinite(row["loss"]) and all_finite(model)):
                result.diverged = _("diverged in epoch {epoch}: the loss became {value}; "
                                    "kept the weights of epoch {last}").format(
                    epoch=epoch, value=num(row["loss"]), last=epoch - 1)
                model.params.update(good[0])
                model.buffers.update(good[1])
                break
            good = state_copy(model)
            result.history.append(row)
            if on_epoch is not None:
                on_epoch(model, row)
            if config.stop_loss > 0 and row["loss"] <= config.stop_loss:
                result.stopped = _("target loss {target} reached in epoch {epoch}").format(
                    target=num(config.stop_loss), epoch=epoch)
                break
            if config.stop_acc > 0 and row["acc"] >= config.stop_acc:
                result.stopped = _("target accuracy {target} reached in epoch {epoch}").format(
                    target=f"{config.stop_acc:.0%}", epoch=epoch)
                break
    result.seconds = time.perf_counter() - start
    return result


def run(config: Config, epochs: int | None = None, progress=None, should_stop=None, *,
        interval: float = 0.0, snapshots: bool = False, pace: Callable[[int, Callable[[], None]], None] | None = None,
        ready: Callable[[], bool] | None = None) -> TrainResult:
    """Train a fresh model (the config's seeded initial weights) for ``epochs`` (default: the config's).

    ``progress(fraction, payload)`` is called after each epoch (at most every ``interval``
    seconds, only when ``ready()`` says the receiver took the previous one — a window that has
    drawn it — and always after the last one); ``payload`` has the latest row's keys (epoch, loss,
    acc, test_loss, test_acc), ``rows`` (every row since the previous call) and, with
    ``snapshots``, ``snapshot`` (what the pane draws, see ``snapshot``) and ``params``.
    ``pace(epoch, flush)``, called after each epoch's progress, lets a live show set the speed (it
    may wait; ``flush()`` first sends the rows not reported yet, so a held run shows its epoch).
    """
    if epochs is not None:  # checked as the lab file's field is: its bound and the run's work bound
        config = type(config).from_dict({**config.to_dict(), "epochs": epochs})
    prep = prepare(config)
    model = make_model(config, prep)
    total = config.epochs
    pending: list[dict] = []
    last = [-math.inf]

    def on_epoch(m, row):
        pending.append(row)
        now = time.perf_counter()
        if row["epoch"] == total or (now - last[0] >= interval and (ready is None or ready())):
            send(m)
        if pace is not None:
            pace(row["epoch"], lambda: send(m))

    def send(m):
        if progress is None or not pending:
            return
        last[0] = time.perf_counter()
        payload = {**pending[-1], "rows": list(pending)}
        if snapshots:
            payload["snapshot"] = snapshot(m, prep)
            payload["params"] = state_copy(m)[0]
        pending.clear()
        progress(payload["epoch"] / total, payload)

    result = train(config, prep, model, total, on_epoch, should_stop)
    send(model)  # rows not yet reported (a stop or divergence)
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
    data = load(config)

    def fit_score(train_set, test_set):
        prep = prepare(config, datasets.Dataset(np.r_[train_set.x, test_set.x], np.r_[train_set.t, test_set.t],
                                                data.classes, data.features, data.image_shape),
                       np.arange(len(train_set)), np.arange(len(train_set), len(train_set) + len(test_set)))
        model = make_model(config, prep)
        train(config, prep, model, config.epochs, should_stop=should_stop)
        return float(model.accuracy(prep.x_test, prep.labels_test))

    return datasets.cross_validate(fit_score, data, config.n_folds, config.data_seed)
