"""Activation functions as (value, derivative) pairs, softmax, losses and numerical derivatives.

Every function works elementwise on numpy arrays (or plain numbers) and keeps the input's
floating dtype: float32 in, float32 out. DLFS names (``sigmoid``, ``softmax``,
``mean_squared_error``, ``cross_entropy_error``, ``numerical_gradient``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np


def _float(x) -> np.ndarray:
    """``x`` as an array of a floating dtype (integers and bools become float64)."""
    x = np.asarray(x)
    return x if np.issubdtype(x.dtype, np.floating) else x.astype(np.float64)


def _out(value, like):
    """A 0-d result back as a numpy scalar when the input was a scalar."""
    return value[()] if np.ndim(like) == 0 else value


# --- activations and their derivatives -------------------------------------------------------

def step(x):
    x = _float(x)
    return _out((x > 0).astype(x.dtype), x)


def d_step(x):
    x = _float(x)
    return _out(np.zeros_like(x), x)


def sign(x):
    x = _float(x)
    return _out(np.sign(x), x)


def identity(x):
    x = _float(x)
    return _out(x.copy(), x)


def d_identity(x):
    x = _float(x)
    return _out(np.ones_like(x), x)


def piecewise_linear(x):
    x = _float(x)
    return _out(np.clip(x, -1, 1), x)


def d_piecewise_linear(x):
    x = _float(x)
    return _out((np.abs(x) <= 1).astype(x.dtype), x)  # 1 at the corners, as PyTorch's clamp


def sigmoid(x):
    """σ(x) = 1 / (1 + e^(−x)), without overflow for large |x|."""
    x = _float(x)
    e = np.exp(-np.abs(x))
    return _out(np.where(x >= 0, 1 / (1 + e), e / (1 + e)), x)


def d_sigmoid(x):
    s = sigmoid(x)
    return s * (1 - s)


def tanh(x):
    x = _float(x)
    return _out(np.tanh(x), x)


def d_tanh(x):
    y = tanh(x)
    return 1 - y * y


def relu(x):
    x = _float(x)
    return _out(np.maximum(x, 0), x)


def d_relu(x):
    """1 where x > 0, else 0 (0 at the kink, as PyTorch)."""
    x = _float(x)
    return _out((x > 0).astype(x.dtype), x)


LEAKY_SLOPE = 0.01


def leaky_relu(x):
    x = _float(x)
    return _out(np.where(x > 0, x, LEAKY_SLOPE * x), x)


def d_leaky_relu(x):
    x = _float(x)
    return _out(np.where(x > 0, 1, LEAKY_SLOPE).astype(x.dtype), x)


def softplus(x):
    """ln(1 + e^x), computed without overflow."""
    x = _float(x)
    return _out(np.logaddexp(0, x).astype(x.dtype, copy=False), x)


class Activation(NamedTuple):
    name: str
    f: Callable
    df: Callable  # derivative with respect to the input, evaluated at x
    formula: str


ACTIVATIONS: dict[str, Activation] = {
    a.name: a
    for a in (
        Activation("step", step, d_step, "step(x) = 1 (x > 0), 0 (x ≤ 0)"),
        Activation("sign", sign, d_step, "sign(x) = 1 (x > 0), 0 (x = 0), −1 (x < 0)"),
        Activation("identity", identity, d_identity, "f(x) = x"),
        Activation("linear", identity, d_identity, "f(x) = x"),
        Activation("piecewise_linear", piecewise_linear, d_piecewise_linear, "f(x) = max(−1, min(1, x))"),
        Activation("sigmoid", sigmoid, d_sigmoid, "σ(x) = 1 / (1 + exp(−x))"),
        Activation("tanh", tanh, d_tanh, "tanh(x) = (exp(x) − exp(−x)) / (exp(x) + exp(−x))"),
        Activation("relu", relu, d_relu, "ReLU(x) = max(0, x)"),
        Activation("leaky_relu", leaky_relu, d_leaky_relu, "f(x) = x (x > 0), 0.01·x (x ≤ 0)"),
        Activation("softplus", softplus, sigmoid, "softplus(x) = ln(1 + exp(x))"),
    )
}


# --- softmax ------------------------------------------------------------------------------

def softmax(x):
    """e^(x_k) / Σ e^(x_i) along the last axis; the max is subtracted first, so it never overflows."""
    x = _float(x)
    e = np.exp(x - np.max(x, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


def softmax_naive(x):
    """The textbook form e^(x_k) / Σ e^(x_i): overflows (inf/inf = nan) for inputs near 1000."""
    x = _float(x)
    e = np.exp(x)
    return e / np.sum(e, axis=-1, keepdims=True)


# --- losses -------------------------------------------------------------------------------

def as_targets(y: np.ndarray, t) -> np.ndarray:
    """``t`` in the shape of ``y``: integer labels become one-hot rows."""
    t = np.asarray(t)
    if t.shape == y.shape:
        return t.astype(y.dtype, copy=False)
    if np.issubdtype(t.dtype, np.integer) and t.shape == y.shape[:-1]:
        return (t[..., None] == np.arange(y.shape[-1])).astype(y.dtype)
    raise ValueError(f"targets of shape {t.shape} do not fit outputs of shape {y.shape}")


def _rows(y: np.ndarray) -> int:
    return 1 if y.ndim <= 1 else int(np.prod(y.shape[:-1]))


def mean_squared_error(y, t):
    """½ Σ (y − t)² for one sample; averaged over the rows of a batch. t: values, one-hot or labels."""
    y = _float(y)
    d = y - as_targets(y, t)
    return float(0.5 * np.sum(d * d) / _rows(y))


def cross_entropy_error(y, t):
    """−Σ t·log y for one sample; averaged over the rows of a batch. t: one-hot (or soft) or labels.

    With a single output unit (last axis of size 1) it is the binary form
    −[t·log y + (1 − t)·log(1 − y)].
    """
    y = _float(y)
    t = as_targets(y, t)
    tiny = np.finfo(y.dtype).tiny  # log(0) would be −inf; a probability of 0 costs log(tiny)
    if y.shape[-1:] == (1,):
        total = -np.sum(t * np.log(np.maximum(y, tiny)) + (1 - t) * np.log(np.maximum(1 - y, tiny)))
    else:
        total = -np.sum(t * np.log(np.maximum(y, tiny)))
    return float(total / _rows(y))


LOSSES: dict[str, Callable] = {"mse": mean_squared_error, "cross_entropy": cross_entropy_error}


# --- numerical derivatives ----------------------------------------------------------------

def numerical_diff(f, x, h=1e-4):
    """Central difference (f(x + h) − f(x − h)) / 2h."""
    return (f(x + h) - f(x - h)) / (2 * h)


def numerical_gradient(f, x, h=1e-4):
    """∂f/∂x for every element of the array ``x`` by central differences; ``x`` is not mutated.

    ``f`` takes an array shaped like ``x`` and returns a number.
    """
    x = np.asarray(x)
    probe = x.astype(np.float64)
    grad = np.zeros_like(probe)
    for idx in np.ndindex(probe.shape):
        old = probe[idx]
        probe[idx] = old + h
        f_plus = f(probe.copy())
        probe[idx] = old - h
        f_minus = f(probe.copy())
        probe[idx] = old
        grad[idx] = (f_plus - f_minus) / (2 * h)
    return grad
