"""Numerical differentiation for the derivative lesson: finite differences, their error versus
the step h, tangent lines, partial derivatives and the gradient field of x0² + x1².

Functions here take plain callables on numpy arrays (``f(x)`` for one variable, ``f(p)`` with the
coordinates on the last axis of ``p`` for several) and never mutate their inputs.
"""

from __future__ import annotations

import numpy as np

H_GRID = np.logspace(-16, 0, 65)  # the steps h of the error-versus-h plot, 4 per decade
ERROR_FLOOR = 1e-18  # errors below this (exact in float64) are stored as this, so log plots show them


def forward_difference(f, x, h):
    """(f(x + h) − f(x)) / h: error of order h (truncation) plus round-off ≈ ε|f|/h."""
    return (f(x + h) - f(x)) / h


def central_difference(f, x, h):
    """(f(x + h) − f(x − h)) / 2h: error of order h² (truncation) plus round-off ≈ ε|f|/h."""
    return (f(x + h) - f(x - h)) / (2 * h)


def error_versus_h(f, true_slope: float, x: float, hs=H_GRID):
    """|forward − f'(x)| and |central − f'(x)| for every step in ``hs`` (floored at ERROR_FLOOR).

    Returns ``(hs, forward_error, central_error)``, all arrays of the same length. At tiny h the
    round-off of f(x ± h) dominates (error grows like 1/h); at large h the truncation does.
    """
    hs = np.asarray(hs, dtype=np.float64)
    x = float(x)
    with np.errstate(all="ignore"):
        forward = np.abs(forward_difference(f, x, hs) - true_slope)
        central = np.abs(central_difference(f, x, hs) - true_slope)
    return hs, np.maximum(forward, ERROR_FLOOR), np.maximum(central, ERROR_FLOOR)


def best_h(hs, errors) -> float:
    """The step with the smallest finite error."""
    errors = np.where(np.isfinite(errors), errors, np.inf)
    return float(np.asarray(hs)[int(np.argmin(errors))])


def tangent_line(x0: float, fx0: float, slope: float, xs):
    """y = f(x0) + f'(x0)·(x − x0) at every x in ``xs``."""
    return fx0 + slope * (np.asarray(xs, dtype=np.float64) - x0)


def sum_of_squares(p):
    """f(x0, x1) = x0² + x1² (DLFS's function_2), coordinates on the last axis of ``p``."""
    p = np.asarray(p, dtype=np.float64)
    return np.sum(p * p, axis=-1)


def partial_derivative(f, p, i: int, h: float = 1e-4):
    """∂f/∂x_i at ``p`` (or at every point of an array of points) by central difference."""
    p = np.asarray(p, dtype=np.float64)
    e = np.zeros(p.shape[-1])
    e[i] = h
    return (f(p + e) - f(p - e)) / (2 * h)


def numerical_gradient(f, p, h: float = 1e-4):
    """∇f at ``p``: one central-difference partial per coordinate, stacked on the last axis.

    ``p`` may be one point (shape (n,)) or many (shape (..., n)); ``f`` must accept the same.
    """
    p = np.asarray(p, dtype=np.float64)
    return np.stack([partial_derivative(f, p, i, h) for i in range(p.shape[-1])], axis=-1)


def grid(lo: float = -2.0, hi: float = 2.0, n: int = 9):
    """An n×n grid of points on [lo, hi]², shape (n·n, 2)."""
    a = np.linspace(lo, hi, n)
    x0, x1 = np.meshgrid(a, a)
    return np.column_stack([x0.ravel(), x1.ravel()])


def arrow_segments(points, vectors, length: float, head: float = 0.3, angle: float = 0.45):
    """Line segments drawing an arrow from each point along its vector (for one batched
    ``connect="pairs"`` item): shaft, then the two strokes of the head.

    The longest vector is drawn ``length`` long and the others in proportion. Returns an array of
    shape (6·n, 2): rows 2j and 2j + 1 are the ends of segment j. Zero vectors give dots.
    """
    points = np.asarray(points, dtype=np.float64)
    vectors = np.asarray(vectors, dtype=np.float64)
    norms = np.linalg.norm(vectors, axis=-1)
    top = norms.max() if norms.size and norms.max() > 0 else 1.0
    d = vectors * (length / top)
    tips = points + d
    segments = [points, tips]
    for sign in (1.0, -1.0):
        c, s = np.cos(sign * angle), np.sin(sign * angle)
        back = -d * head
        rotated = np.column_stack([c * back[:, 0] - s * back[:, 1], s * back[:, 0] + c * back[:, 1]])
        segments += [tips, tips + rotated]
    # interleave: shaft start, shaft end, head1 start, head1 end, head2 start, head2 end per arrow
    return np.stack(segments, axis=1).reshape(-1, 2)
