"""What the training pane draws for a model's weights: the decision-boundary grid, weight and
activation histograms, the confusion matrix and test predictions (``snapshot``), a hidden node's
map over the plane (``node_map``) and the initialisation lesson (``init_comparison``)."""

from __future__ import annotations


import numpy as np

from nnlab.i18n import _
from nnlab.labs.training_setup import GRID, INITS, Config, Prepared, fresh_model, make_model, prepare
from nnlab.layers import Affine, BatchNorm, Dropout
from nnlab.network import MLP

HIST_BINS = 30
HIST_LIMIT = 1e300
TEST_IMAGES = 32


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
            counts, edges = histogram(model.params[f"W{l}"])
            out[f"hist:W:{l}"], out[f"hist:W_edges:{l}"] = counts, edges
        sample = prep.x_train[:1000]
        for l, h in enumerate([*hidden_outputs(model, sample), model.forward(sample)], start=1):
            counts, edges = histogram(h)
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


def histogram(a: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``HIST_BINS`` counts and edges over the finite values of ``a`` (a unit range, or ±1 ppm, when they are all equal;
    values beyond ±1e300, near a diverging run's overflow, are counted at ±1e300 so the bins stay finite)."""
    a = np.asarray(a, dtype=np.float64).ravel()
    a = np.clip(a[np.isfinite(a)], -HIST_LIMIT, HIST_LIMIT)
    lo, hi = (float(a.min()), float(a.max())) if len(a) else (0.0, 1.0)
    if hi - lo < 1e-9 * max(1.0, abs(lo), abs(hi)):
        pad = max(0.5, 1e-6 * abs(lo))  # relative: ±0.5 would vanish next to a huge value
        lo, hi = lo - pad, hi + pad
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
        model = fresh_model(config, prep.sizes, init)
        with np.errstate(over="ignore", invalid="ignore"):
            out[init] = [histogram(h) for h in hidden_outputs(model, prep.x_train[:1000])]
    return out
