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
``old:<name>`` and ``new:<name>`` (a parameter before and after its update); snapshot (see ``snapshot``): ``grid:score``/``grid:class``, ``hist:W:l``,
``hist:W_edges:l``, ``hist:act:l``, ``hist:act_edges:l``, ``confusion``, ``pred:test``.

Where things live: this module holds ``build_timeline``; ``training_setup`` the ``Config``, the
data and the model, ``training_run`` the training runs,
``training_snapshot`` what the pane draws, ``training_iteration`` the one-iteration steps.
What callers use from them is importable from here too (``__all__``).
"""

from __future__ import annotations

import math
import numpy as np

from nnlab.i18n import _
from nnlab import formulas as f
from nnlab.labs.training_iteration import OPTIMIZER_NAMES, PER_NODE, iteration
from nnlab.labs.training_run import TrainResult, cross_validate, evaluate, export_meta, run, train
from nnlab.labs.training_setup import (BATCH_MODES, CALL_WORK, DATASETS, GATES, GRID, HIDDEN_ACTIVATIONS, HYPER, INITS,
                                       LOSS_NAMES, MAX_EPOCH_WORK, MAX_EPOCHS, MAX_HIDDEN_LAYERS, MAX_POINTS,
                                       MAX_RUN_WORK, MAX_SEED, MAX_UNITS, NUMBERS, OUTPUTS, Config, Prepared,
                                       batch_size, epoch_work, make_model, network_sizes, pack_weights, prepare,
                                       snapshot_work)
from nnlab.labs.training_snapshot import HIST_BINS, TEST_IMAGES, init_comparison, node_map, predict, snapshot
from nnlab.steps import Step, Timeline

__all__ = ["Config", "DEFAULT_PRESET", "build_timeline", "epoch_step", "epoch_question", "pack_weights", "timeline_epochs",
           "DATASETS", "GATES", "BATCH_MODES", "OUTPUTS", "LOSS_NAMES", "INITS", "HIDDEN_ACTIVATIONS",
           "OPTIMIZER_NAMES", "HYPER", "NUMBERS", "MAX_EPOCHS", "MAX_HIDDEN_LAYERS", "MAX_UNITS", "MAX_POINTS", "MAX_SEED",
           "PER_NODE", "MAX_EPOCH_STEPS", "TIMELINE_WORK", "CALL_WORK", "MAX_EPOCH_WORK", "MAX_RUN_WORK", "epoch_work", "GRID", "HIST_BINS", "TEST_IMAGES",
           "Prepared", "prepare", "network_sizes", "make_model", "batch_size", "TrainResult", "train", "run",
           "evaluate", "export_meta", "cross_validate", "snapshot", "predict", "node_map", "init_comparison"]

DEFAULT_PRESET = "xor-mlp"
MAX_EPOCH_STEPS = 200
TIMELINE_WORK = 2.5e9  # multiply-adds the timeline may spend on training epochs (under a second)


def timeline_epochs(config: Config, prep: Prepared) -> int:
    """How many epochs the timeline trains: all of them, unless they or their snapshots (one per
    epoch step) exceed ``TIMELINE_WORK``."""
    per_epoch = epoch_work(config, prep.sizes, len(prep.x_train), len(prep.x_test))
    n = min(config.epochs, int(TIMELINE_WORK // per_epoch))
    snap = snapshot_work(prep.sizes, len(prep.x_train), len(prep.x_test))
    if min(n, MAX_EPOCH_STEPS) * snap > TIMELINE_WORK:
        n = int(TIMELINE_WORK // snap)
    return max(1, n)


def epoch_formula(row: dict):
    """An epoch's numbers as a formula: loss = …, accuracy = … (and the test set's), each an
    equation, so quiz mode hides every result."""
    parts = [f.eq(f.Text(_("loss")), f.Num(row["loss"])), f.eq(f.Text(_("accuracy")), f.Text(f"{row['acc']:.1%}"))]
    if row.get("test_loss") is not None:
        parts += [f.eq(f.Text(_("test loss")), f.Num(row["test_loss"])),
                  f.eq(f.Text(_("test accuracy")), f.Text(f"{row['test_acc']:.1%}"))]
    return f.seq(parts, ", ")


def epoch_step(config: Config, row: dict, values=None) -> Step:
    """The step showing epoch ``row["epoch"]`` (a history row): its loss and accuracy."""
    return f.step("epoch", _("Epoch {e} of {n}").format(e=row["epoch"], n=config.epochs), epoch_formula(row),
                  ("curve", "boundary"), values or {})


def epoch_question(config: Config, row: dict) -> Step:
    """Quiz mode during a live run: the epoch just trained with its numbers, and the next
    epoch's loss asked for (the run reveals it). After the last epoch: that epoch's step."""
    e = int(row["epoch"])
    if e >= config.epochs:
        return epoch_step(config, row)
    expr = f.seq([f.seq([f.Text(_("epoch {e}:").format(e=e)), epoch_formula(row)], " "),
                  f.eq(f.Text(_("epoch {e}: loss").format(e=e + 1)), f.Text("?"))])
    return f.step("epoch", _("Epoch {e} of {n} — what will the loss be?").format(e=e + 1, n=config.epochs), expr,
                  ("curve",))


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
        epoch_steps.append(epoch_step(config, row, {
            "epoch": row["epoch"], "history": np.array(rows), **{f"params:{k}": v.copy() for k, v in m.params.items()},
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
        epoch_steps.append(f.step("epoch", _("Training ended") if (result.stopped or result.diverged) else _("Timeline ends"),
                                  f.seq([f.Text(note) for note in notes]), ("curve",), values))
    return Timeline("training", [*steps, *epoch_steps], base)
