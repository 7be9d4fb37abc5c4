"""The toy task of the trained attention model: sort five distinct letters.

A sequence is the input letters, the separator ``>`` and the same letters sorted, e.g.
``dbeac>abcde``. A one-layer, two-head causal transformer (d = 32, ~9k parameters) learns to
predict each letter after the separator; to do it, each position attends to the smallest input
letter larger than the letter it reads, which the attention map shows. Training is numpy and
seeded; ``tools/train_sort.py`` writes the shipped weights ``assets/models/transformer-sort.npz``
(the test checks ≥ 95 % of held-out sequences come out fully sorted).
"""

from __future__ import annotations

import functools
import itertools
import json
import time
from pathlib import Path

import numpy as np

from nnlab.attention import Spec, Transformer, init_params, param_shapes
from nnlab.i18n import _
from nnlab.optim import make
from nnlab.resources import ASSETS

LETTERS = "abcdefghij"
SEPARATOR = ">"
VOCAB = tuple(LETTERS) + (SEPARATOR,)
LENGTH = 5
SPEC = Spec(layers=1, heads=2, positional=True, causal=True, projection=True, block=True, unembed=True)
D_MODEL, D_K, D_FF = 32, 16, 64
WEIGHTS = ASSETS / "models" / "transformer-sort.npz"
HELD_OUT = 0.2  # the share of all orderings kept out of training


def all_inputs() -> np.ndarray:
    """Every ordering of LENGTH distinct letters as ids (P(10, 5) = 30240 rows)."""
    return np.array(list(itertools.permutations(range(len(LETTERS)), LENGTH)))


def split(seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """(training inputs, held-out inputs): a seeded HELD_OUT share of the orderings is held out."""
    x = all_inputs()
    order = np.random.default_rng(seed).permutation(len(x))
    cut = int(len(x) * HELD_OUT)
    return x[order[cut:]], x[order[:cut]]


def sequences(inputs: np.ndarray) -> np.ndarray:
    """Input letters, separator, sorted letters: (B, 2·LENGTH + 1) ids."""
    sep = np.full((len(inputs), 1), VOCAB.index(SEPARATOR))
    return np.concatenate([inputs, sep, np.sort(inputs, axis=1)], axis=1)


def predict(model: Transformer, inputs: np.ndarray) -> np.ndarray:
    """Greedy continuation after the separator, one letter at a time: (B, LENGTH) ids."""
    seq = np.concatenate([inputs, np.full((len(inputs), 1), VOCAB.index(SEPARATOR))], axis=1)
    for _i in range(LENGTH):
        nxt = model.forward(seq)[:, -1].argmax(axis=-1)
        seq = np.concatenate([seq, nxt[:, None]], axis=1)
    return seq[:, LENGTH + 1:]


def accuracy(model: Transformer, inputs: np.ndarray) -> float:
    """The share of inputs whose whole continuation is the sorted input."""
    return float((predict(model, inputs) == np.sort(inputs, axis=1)).all(axis=1).mean())


def train(seed: int = 0, steps: int = 1000, batch: int = 64, lr: float = 3e-3, progress=None, control=None) -> dict:
    """Train a fresh model with Adam on the training orderings; ``progress(fraction, loss)`` now and
    then, ``control.stopped`` ends early. Returns {"params", "steps", "loss", "accuracy" (held out)}."""
    rng = np.random.default_rng(seed)
    params = init_params(SPEC, len(VOCAB), D_MODEL, D_K, D_FF, rng)
    model = Transformer(params, SPEC)
    opt = make("adam", lr)
    train_x, test_x = split()
    weights = np.zeros(2 * LENGTH)
    weights[LENGTH:] = 1.0  # only the letters after the separator are the task
    loss, last, done = float("nan"), time.monotonic(), 0
    for done in range(1, steps + 1):
        if control is not None and control.stopped:
            break
        seq = sequences(train_x[rng.integers(0, len(train_x), batch)])
        loss, grads, _logits = model.loss(seq[:, :-1], seq[:, 1:], weights)
        opt.update(params, {k: v for k, v in grads.items() if not k.startswith("d:")})
        if progress is not None and (time.monotonic() - last > 0.1 or done == steps):
            progress(done / steps, {"step": done, "loss": loss})
            last = time.monotonic()
    return {"params": params, "steps": done, "loss": loss, "accuracy": accuracy(model, test_x[:500])}


def save(params: dict, path: Path, meta: dict) -> None:
    """The weights as a float32 .npz with a JSON ``meta`` entry, written atomically."""
    from nnlab.io import atomic_write_bytes
    import io

    buf = io.BytesIO()
    np.savez_compressed(buf, meta=np.array(json.dumps(meta)), **{k: v.astype(np.float32) for k, v in params.items()})
    atomic_write_bytes(path, buf.getvalue())


def load(path: Path = WEIGHTS) -> dict:
    """The shipped (or a saved) model's weights as float64 arrays (a fresh copy each call), checked
    against the model's shapes."""
    return {k: v.copy() for k, v in _load(Path(path)).items()}


@functools.lru_cache(maxsize=2)
def _load(path: Path) -> dict:
    shapes = param_shapes(SPEC, len(VOCAB), D_MODEL, D_K, D_FF)
    with np.load(path, allow_pickle=False) as f:
        params = {k: f[k].astype(np.float64) for k in shapes if k in f}
    missing = [k for k, s in shapes.items() if k not in params or params[k].shape != s]
    if missing:
        raise ValueError(_("{path}: not the sorting model's weights ({name})").format(path=path, name=missing[0]))
    return params
