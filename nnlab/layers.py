"""Layers in the style of Deep Learning from Scratch: ``forward`` keeps what ``backward`` needs.

Layers with parameters read them from a shared ``params`` dict by key on every call, so the
dict is the model's state (replacing ``params["W1"]`` takes effect at once); their gradients are
left in ``grads`` under the same keys. Nothing mutates its inputs, and float32 stays float32.
A single sample may be a 1-D vector; a batch has one sample per row.
"""

from __future__ import annotations

import numpy as np

from nnlab.functions import ACTIVATIONS, as_targets, cross_entropy_error, mean_squared_error, sigmoid, softmax


def _rows(y: np.ndarray) -> int:
    return 1 if y.ndim <= 1 else y.shape[0]


class Affine:
    """y = x @ W + b (b optional). x: (n_in,), (N, n_in) or (N, ...) flattened to (N, n_in)."""

    def __init__(self, params: dict, w: str = "W", b: str | None = "b"):
        self.params, self.w, self.b = params, w, b
        self.grads: dict = {}
        self.x = None
        self.x_shape = None

    def forward(self, x):
        self.x_shape = x.shape
        self.x = x if x.ndim <= 2 else x.reshape(x.shape[0], -1)
        out = self.x @ self.params[self.w]
        if self.b is not None:
            out = out + self.params[self.b]
        return out

    def backward(self, dout):
        W = self.params[self.w]
        if self.x.ndim == 1:
            self.grads[self.w] = np.outer(self.x, dout)
            if self.b is not None:
                self.grads[self.b] = dout.copy()
        else:
            self.grads[self.w] = self.x.T @ dout
            if self.b is not None:
                self.grads[self.b] = dout.sum(axis=0)
        return (dout @ W.T).reshape(self.x_shape)


class Sigmoid:
    def __init__(self):
        self.out = None

    def forward(self, x):
        self.out = sigmoid(x)
        return self.out

    def backward(self, dout):
        return dout * (1 - self.out) * self.out


class Tanh:
    def __init__(self):
        self.out = None

    def forward(self, x):
        self.out = np.tanh(x)
        return self.out

    def backward(self, dout):
        return dout * (1 - self.out * self.out)


class Relu:
    def __init__(self):
        self.mask = None  # True where the input was ≤ 0

    def forward(self, x):
        self.mask = x <= 0
        return np.where(self.mask, 0, x)

    def backward(self, dout):
        return np.where(self.mask, 0, dout)


class Elementwise:
    """Any activation of ``nnlab.functions.ACTIVATIONS`` by name: y = f(x), dx = dout · f′(x)."""

    def __init__(self, name: str):
        self.activation = ACTIVATIONS[name]
        self.x = None

    def forward(self, x):
        self.x = x
        return self.activation.f(x)

    def backward(self, dout):
        return dout * self.activation.df(self.x)


class Softmax:
    """Softmax along the last axis; backward is the Jacobian-vector product y·(dout − Σ dout·y)."""

    def __init__(self):
        self.out = None

    def forward(self, x):
        self.out = softmax(x)
        return self.out

    def backward(self, dout):
        return self.out * (dout - np.sum(dout * self.out, axis=-1, keepdims=True))


def activation_layer(name: str):
    """The layer for an activation name (``softmax`` or any ``ACTIVATIONS`` key)."""
    special = {"sigmoid": Sigmoid, "tanh": Tanh, "relu": Relu, "softmax": Softmax}
    if name in special:
        return special[name]()
    if name not in ACTIVATIONS:
        raise ValueError(f"unknown activation {name!r}: choose one of softmax, {', '.join(ACTIVATIONS)}")
    return Elementwise(name)


class SoftmaxWithLoss:
    """Softmax output with cross-entropy: the fused backward is (y − t) / N."""

    def __init__(self):
        self.y = self.t = None

    def output(self, x):
        return softmax(x)

    def forward(self, x, t):
        self.y = softmax(x)
        self.t = as_targets(self.y, t)
        return cross_entropy_error(self.y, self.t)

    def dloss(self):
        """∂E/∂y for each output = −t / y / N (shown for teaching; backward uses the fused form)."""
        return -self.t / np.maximum(self.y, np.finfo(self.y.dtype).tiny) / _rows(self.y)

    def backward(self, dout=1.0):
        return (self.y - self.t) * (dout / _rows(self.y))


class OutputWithLoss:
    """Any output activation followed by ``mse`` (½Σ(y − t)², batch mean) or ``cross_entropy``.

    Sigmoid with cross-entropy uses the fused (y − t) / N; otherwise ∂E/∂y goes back through
    the activation's own backward.
    """

    def __init__(self, activation: str, loss: str):
        if loss not in ("mse", "cross_entropy"):
            raise ValueError(f"unknown loss {loss!r}: choose mse or cross_entropy")
        self.activation, self.loss = activation, loss
        self.layer = activation_layer(activation)
        self.y = self.t = None

    def output(self, x):
        return softmax(x) if self.activation == "softmax" else ACTIVATIONS[self.activation].f(x)

    def forward(self, x, t):
        self.y = self.layer.forward(x)
        self.t = as_targets(self.y, t)
        if self.loss == "mse":
            return mean_squared_error(self.y, self.t)
        return cross_entropy_error(self.y, self.t)

    def dloss(self):
        """∂E/∂y for each output (before the activation's backward)."""
        n, tiny = _rows(self.y), np.finfo(self.y.dtype).tiny
        if self.loss == "mse":
            return (self.y - self.t) / n
        if self.y.shape[-1:] == (1,):
            return (self.y - self.t) / np.maximum(self.y * (1 - self.y), tiny) / n
        return -self.t / np.maximum(self.y, tiny) / n

    def backward(self, dout=1.0):
        if self.loss == "cross_entropy" and self.activation == "sigmoid" and self.y.shape[-1:] == (1,):
            return (self.y - self.t) * (dout / _rows(self.y))
        return self.layer.backward(self.dloss() * dout)


class BatchNorm:
    """Batch normalisation over the rows, as ``torch.nn.BatchNorm1d`` (momentum 0.1, eps 1e-5).

    Train mode normalises with the batch's mean and (biased) variance and moves the running
    statistics (the running variance takes the unbiased batch variance, as torch does); eval
    mode normalises with the running statistics. Buffers are replaced, never written in place.
    """

    def __init__(self, params: dict, buffers: dict, gamma: str = "gamma", beta: str = "beta",
                 running_mean: str = "running_mean", running_var: str = "running_var",
                 momentum: float = 0.1, eps: float = 1e-5):
        self.params, self.buffers = params, buffers
        self.gamma, self.beta = gamma, beta
        self.running_mean, self.running_var = running_mean, running_var
        self.momentum, self.eps = momentum, eps
        self.grads: dict = {}
        self.train = False
        self.xc = self.std = self.xn = None

    def forward(self, x, train=False):
        self.train = train
        if train:
            n = x.shape[0] if x.ndim > 1 else 1
            if n < 2:
                raise ValueError("batch norm in train mode needs at least 2 samples in the batch")
            mu = x.mean(axis=0)
            xc = x - mu
            var = np.mean(xc * xc, axis=0)
            m = self.momentum
            self.buffers[self.running_mean] = (1 - m) * self.buffers[self.running_mean] + m * mu
            self.buffers[self.running_var] = (1 - m) * self.buffers[self.running_var] + m * var * (n / (n - 1))
        else:
            xc = x - self.buffers[self.running_mean]
            var = self.buffers[self.running_var]
        self.xc, self.std = xc, np.sqrt(var + self.eps)
        self.xn = xc / self.std
        return self.params[self.gamma] * self.xn + self.params[self.beta]

    def backward(self, dout):
        gamma = self.params[self.gamma]
        axis = 0 if dout.ndim > 1 else None
        self.grads[self.beta] = dout.sum(axis=axis) if axis == 0 else dout.copy()
        self.grads[self.gamma] = (self.xn * dout).sum(axis=axis) if axis == 0 else self.xn * dout
        dxn = gamma * dout
        if not self.train:
            return dxn / self.std
        n = dout.shape[0]
        dxc = dxn / self.std
        dstd = -np.sum(dxn * self.xc / (self.std * self.std), axis=0)
        dvar = 0.5 * dstd / self.std
        dxc = dxc + (2 / n) * self.xc * dvar
        return dxc - np.mean(dxc, axis=0)


class Dropout:
    """Inverted dropout: in train mode each unit is kept with probability 1 − p and scaled by
    1/(1 − p); eval mode is the identity. Masks come from the given seeded generator."""

    def __init__(self, p: float, rng: np.random.Generator):
        if not 0 <= p < 1:
            raise ValueError(f"dropout: {p} is not in [0, 1)")
        self.p, self.rng = p, rng
        self.mask = None  # True where the unit is kept; None in eval mode

    def forward(self, x, train=False):
        if not train or self.p == 0:
            self.mask = None
            return x
        self.mask = self.rng.random(x.shape) >= self.p
        return x * self.mask / (1 - self.p)

    def backward(self, dout):
        if self.mask is None:
            return dout
        return dout * self.mask / (1 - self.p)
