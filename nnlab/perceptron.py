"""Perceptrons: logic gates, the perceptron learning rule, and the linear-slope lesson.

A perceptron outputs ``y = 1 if w1·x1 + w2·x2 + b > 0 else 0`` (DLFS chapter 2). The learning
rule (Rosenblatt) moves the weights towards each misclassified point: ``w ← w + η(t − y)x``,
``b ← b + η(t − y)``. It converges for linearly separable truth tables, and cycles for ever on
XOR and XNOR, which need two layers: XOR = AND(NAND, OR), XNOR = OR(AND, NOR).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

INPUTS = ((0, 0), (1, 0), (0, 1), (1, 1))  # the truth-table rows, DLFS order
TRUTH = {
    "AND": (0, 0, 0, 1),
    "NAND": (1, 1, 1, 0),
    "OR": (0, 1, 1, 1),
    "NOR": (1, 0, 0, 0),
    "XOR": (0, 1, 1, 0),
    "XNOR": (1, 0, 0, 1),
}
GATES = tuple(TRUTH)
# Textbook weights (w1, w2, b) of the gates one perceptron can compute (DLFS 2.3).
WEIGHTS = {
    "AND": (0.5, 0.5, -0.7),
    "NAND": (-0.5, -0.5, 0.7),
    "OR": (0.5, 0.5, -0.2),
    "NOR": (-0.5, -0.5, 0.2),
}
# Two-layer networks for the gates one line cannot separate: (hidden 1, hidden 2, output).
TWO_LAYER = {"XOR": ("NAND", "OR", "AND"), "XNOR": ("AND", "NOR", "OR")}


def weighted_sum(x, w1: float, w2: float, b: float) -> float:
    return w1 * x[0] + w2 * x[1] + b


def perceptron(x, w1: float, w2: float, b: float) -> int:
    """The step of the weighted sum: 1 when it is above 0."""
    return 1 if weighted_sum(x, w1, w2, b) > 0 else 0


def gate(name: str, x1: int, x2: int) -> int:
    """A gate by name: one perceptron with the textbook weights, or the two-layer network."""
    if name in WEIGHTS:
        return perceptron((x1, x2), *WEIGHTS[name])
    h1, h2, out = TWO_LAYER[name]
    return gate(out, gate(h1, x1, x2), gate(h2, x1, x2))


@dataclass(frozen=True)
class Update:
    """One presentation of one truth-table row to the learning rule."""

    epoch: int  # 1-based
    row: int  # index into INPUTS
    s: float  # weighted sum before the update
    y: int  # output before the update
    t: int  # target
    before: tuple[float, float, float]  # (w1, w2, b)
    after: tuple[float, float, float]


@dataclass(frozen=True)
class Training:
    updates: tuple[Update, ...]
    converged: bool
    epochs: int  # epochs run
    cycle: tuple[int, int] | None  # (earlier epoch, later epoch) ending with the same weights


def train(targets, w1: float, w2: float, b: float, eta: float, max_epochs: int) -> Training:
    """The perceptron rule over the four rows, epoch by epoch, until an epoch makes no error
    (converged) or ``max_epochs`` pass. ``cycle`` records weights repeating at an epoch's end:
    proof that the rule will go round for ever."""
    w = (float(w1), float(w2), float(b))
    updates, seen = [], {_key(w): 0}
    cycle = None
    for epoch in range(1, max_epochs + 1):
        errors = 0
        for row, x in enumerate(INPUTS):
            s = weighted_sum(x, *w)
            y = 1 if s > 0 else 0
            t = int(targets[row])
            d = eta * (t - y)
            after = (w[0] + d * x[0], w[1] + d * x[1], w[2] + d) if d else w
            after = tuple(round(v, 12) for v in after)  # as by hand: 0.5 − 5 × 0.1 is 0, not 2.776×10⁻¹⁷
            errors += t != y
            updates.append(Update(epoch, row, s, y, t, w, after))
            w = after
        if errors == 0:
            return Training(tuple(updates), True, epoch, None)
        key = _key(w)
        if cycle is None and key in seen:
            cycle = (seen[key], epoch)
        seen.setdefault(key, epoch)
    return Training(tuple(updates), False, max_epochs, cycle)


def _key(w) -> tuple:
    return tuple(round(v, 9) + 0.0 for v in w)


def outputs(w1: float, w2: float, b: float) -> tuple[int, ...]:
    return tuple(perceptron(x, w1, w2, b) for x in INPUTS)


BOX = (-0.5, 1.5)  # the plotted square of inputs


def half_planes(w1: float, w2: float, b: float, box=BOX) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The decision line clipped to the square ``box``² as a (2, 2) array of end points (empty
    when it misses the square), and the polygons (n, 2) where the output is 1 and 0."""
    lo, hi = box
    square = np.array([[lo, lo], [hi, lo], [hi, hi], [lo, hi]], dtype=float)
    if w1 == 0 and w2 == 0:  # no line: the output is the same everywhere
        empty = np.empty((0, 2))
        return empty, (square if b > 0 else empty), (empty if b > 0 else square)
    one = _clip(square, w1, w2, b)
    zero = _clip(square, -w1, -w2, -b)
    ends = _on_line(one, w1, w2, b) if len(one) and len(zero) else np.empty((0, 2))
    return ends, one, zero


def _clip(poly: np.ndarray, w1: float, w2: float, b: float) -> np.ndarray:
    """Sutherland–Hodgman: the part of ``poly`` where w1·x1 + w2·x2 + b ≥ 0."""
    out = []
    n = len(poly)
    for i in range(n):
        p, q = poly[i], poly[(i + 1) % n]
        sp, sq = w1 * p[0] + w2 * p[1] + b, w1 * q[0] + w2 * q[1] + b
        if sp >= 0:
            out.append(p)
        if (sp >= 0) != (sq >= 0):
            out.append(p + (q - p) * (sp / (sp - sq)))
    return np.array(out, dtype=float).reshape(-1, 2)


def _on_line(poly: np.ndarray, w1: float, w2: float, b: float) -> np.ndarray:
    """The two vertices of a clipped polygon that lie on the line (the cut)."""
    s = np.abs(poly @ np.array([w1, w2]) + b)
    scale = max(abs(w1), abs(w2), abs(b), 1e-300)
    ends = poly[s <= 1e-9 * scale]
    if len(ends) < 2:
        return np.empty((0, 2))
    return ends[[0, -1]]


@dataclass(frozen=True)
class SlopeStep:
    x: float
    t: float
    a_before: float
    y: float  # A·x
    error: float  # E = t − y
    delta: float  # ΔA = L·E / x
    a_after: float


def linear_slope(examples, a0: float, rate: float | None = None) -> tuple[SlopeStep, ...]:
    """y = A·x learnt from (x, t) examples in turn: ΔA = E / x (the line then passes exactly
    through the example), or moderated ΔA = L·E / x with learning rate L."""
    steps, a = [], float(a0)
    for x, t in examples:
        y = a * x
        e = t - y
        delta = (1.0 if rate is None else rate) * e / x
        steps.append(SlopeStep(float(x), float(t), a, y, e, delta, a + delta))
        a += delta
    return tuple(steps)
