"""MLP: a multi-layer perceptron built from ``nnlab.layers``, with an editable params dict.

Row-vector convention: layer l computes ``x @ W{l} + b{l}``, ``W{l}`` of shape (n_{l−1}, n_l).
``params`` is the model's state: every call reads the weights from it, so replacing an entry
(say with a float32 copy or an edited array) takes effect at once.
"""

from __future__ import annotations

import numbers

import numpy as np

from nnlab.functions import ACTIVATIONS, LOSSES
from nnlab.layers import Affine, BatchNorm, Dropout, OutputWithLoss, SoftmaxWithLoss, activation_layer

INITS = {"std": lambda n_in: 0.01, "xavier": lambda n_in: np.sqrt(1 / n_in), "he": lambda n_in: np.sqrt(2 / n_in)}
DECAYS = ("l2", "l1")
OUTPUTS = ("softmax", *ACTIVATIONS)


def init_std(init, n_in: int) -> float:
    """The standard deviation of initial weights for ``init`` ("std", "xavier", "he" or a number)."""
    if isinstance(init, str):
        if init not in INITS:
            raise ValueError(f"init: unknown {init!r}; choose std, xavier, he or a number")
        return float(INITS[init](n_in))
    if isinstance(init, numbers.Real) and not isinstance(init, bool) and init >= 0:
        return float(init)
    raise ValueError(f"init: {init!r} is neither std, xavier, he nor a standard deviation ≥ 0")


class MLP:
    """sizes [n_in, h1, ..., n_out]; ``activation`` a name or one name per hidden layer;
    ``output`` "identity", "sigmoid", "softmax" (or any activation); ``loss`` "mse" or
    "cross_entropy". Weights are drawn from ``np.random.default_rng(seed)`` (biases 0), and
    the same generator draws the dropout masks."""

    def __init__(self, sizes, activation="sigmoid", output="identity", loss="mse", seed=0, *,
                 bias=True, init="xavier", weight_decay=0.0, decay="l2", batchnorm=False,
                 dropout=0.0, dtype=np.float64):
        sizes = [int(n) for n in sizes]
        if len(sizes) < 2 or min(sizes) < 1:
            raise ValueError(f"sizes: {sizes} needs at least 2 layers of at least 1 node")
        hidden = len(sizes) - 2
        activations = [activation] * hidden if isinstance(activation, str) else list(activation)
        if len(activations) != hidden:
            raise ValueError(f"activation: {len(activations)} names for {hidden} hidden layers")
        for name in activations:
            if name not in ACTIVATIONS:
                raise ValueError(f"activation: unknown {name!r}; choose one of {', '.join(ACTIVATIONS)}")
        if output not in OUTPUTS:
            raise ValueError(f"output: unknown {output!r}; choose one of {', '.join(OUTPUTS)}")
        if loss not in LOSSES:
            raise ValueError(f"loss: unknown {loss!r}; choose one of {', '.join(LOSSES)}")
        if decay not in DECAYS:
            raise ValueError(f"decay: unknown {decay!r}; choose l2 or l1")
        if not weight_decay >= 0:
            raise ValueError(f"weight_decay: {weight_decay} must be ≥ 0")
        if not 0 <= dropout < 1:
            raise ValueError(f"dropout: {dropout} must be in [0, 1)")
        self.sizes, self.activations, self.output, self.loss_name = sizes, activations, output, loss
        self.bias, self.weight_decay, self.decay = bool(bias), float(weight_decay), decay
        self.dtype = np.dtype(dtype)
        self.rng = np.random.default_rng(seed)
        self.params: dict = {}
        self.buffers: dict = {}
        self.layers: list = []
        L = len(sizes) - 1
        for l in range(1, L + 1):
            n_in, n_out = sizes[l - 1], sizes[l]
            std = init_std(init, n_in)
            self.params[f"W{l}"] = (self.rng.standard_normal((n_in, n_out)) * std).astype(self.dtype)
            if bias:
                self.params[f"b{l}"] = np.zeros(n_out, dtype=self.dtype)
            self.layers.append(Affine(self.params, f"W{l}", f"b{l}" if bias else None))
            if l == L:
                break
            if batchnorm:
                self.params[f"gamma{l}"] = np.ones(n_out, dtype=self.dtype)
                self.params[f"beta{l}"] = np.zeros(n_out, dtype=self.dtype)
                self.buffers[f"running_mean{l}"] = np.zeros(n_out, dtype=self.dtype)
                self.buffers[f"running_var{l}"] = np.ones(n_out, dtype=self.dtype)
                self.layers.append(BatchNorm(self.params, self.buffers, f"gamma{l}", f"beta{l}",
                                             f"running_mean{l}", f"running_var{l}"))
            self.layers.append(activation_layer(activations[l - 1]))
            if dropout > 0:
                self.layers.append(Dropout(dropout, self.rng))
        if output == "softmax" and loss == "cross_entropy":
            self.last_layer = SoftmaxWithLoss()
        else:
            self.last_layer = OutputWithLoss(output, loss)

    def _input(self, x) -> np.ndarray:
        x = np.asarray(x)
        return x if np.issubdtype(x.dtype, np.floating) else x.astype(self.dtype)

    def _scores(self, x, train):
        """The output layer's weighted sums (before the output activation)."""
        x = self._input(x)
        for layer in self.layers:
            x = layer.forward(x, train) if isinstance(layer, (BatchNorm, Dropout)) else layer.forward(x)
        return x

    def forward(self, x, train=False) -> np.ndarray:
        """The network's output (after the output activation)."""
        return self.last_layer.output(self._scores(x, train))

    def _decay(self) -> float:
        if self.weight_decay == 0:
            return 0.0
        weights = [v for k, v in self.params.items() if k.startswith("W")]
        if self.decay == "l2":
            return 0.5 * self.weight_decay * float(sum(np.sum(W * W) for W in weights))
        return self.weight_decay * float(sum(np.sum(np.abs(W)) for W in weights))

    def loss(self, x, t, train=False) -> float:
        """Data loss plus weight decay (½λΣW² for l2, λΣ|W| for l1; weights only, not biases)."""
        return self.last_layer.forward(self._scores(x, train), t) + self._decay()

    def gradient(self, x, t) -> dict:
        """∂loss/∂param for every entry of ``params`` (a train-mode forward, then backward)."""
        return self.trace(x, t, train=True)["grads"]

    def trace(self, x, t, train=False) -> dict:
        """One forward and backward pass keeping every layer's numbers, for step-by-step views.

        For layers l = 1..L (lists indexed l − 1): ``sums`` (the weighted sums, before the
        activation), ``outs`` (the activations; ``outs`` has ``x`` in front, so ``outs[l]`` is
        layer l's output), ``douts`` (∂E/∂out_l, at the outputs ∂E/∂y), ``deltas`` (∂E/∂sum_l);
        ``loss`` (with decay) and ``grads`` (as ``gradient``).
        """
        h = self._input(x)
        sums, outs = [], [h]
        for layer in self.layers:
            h = layer.forward(h, train) if isinstance(layer, (BatchNorm, Dropout)) else layer.forward(h)
            if isinstance(layer, Affine):
                sums.append(h)
            elif not isinstance(layer, (BatchNorm, Dropout)):
                outs.append(h)
        loss = self.last_layer.forward(h, t) + self._decay()
        outs.append(self.last_layer.y)
        douts, deltas = [None] * len(sums), [None] * len(sums)
        douts[-1] = self.last_layer.dloss()
        dout = self.last_layer.backward(1.0)
        grads = {}
        l = len(sums)
        for layer in reversed(self.layers):
            if isinstance(layer, Affine):
                deltas[l - 1] = dout
                l -= 1
            elif not isinstance(layer, (BatchNorm, Dropout)):
                douts[l - 1] = dout
            dout = layer.backward(dout)
            grads.update(getattr(layer, "grads", {}))
        for key, W in self.params.items():
            if key.startswith("W") and self.weight_decay:
                grads[key] = grads[key] + self.weight_decay * (W if self.decay == "l2" else np.sign(W))
        return {"sums": sums, "outs": outs, "douts": douts, "deltas": deltas, "loss": loss,
                "grads": {key: grads[key] for key in self.params}}

    def numerical_gradient(self, x, t, h=1e-4) -> dict:
        """Central differences of the train-mode loss for every parameter (slow; for checks).

        Every evaluation uses the same dropout masks (the generator is rewound each time) and
        the running statistics are left as they were, so this call changes nothing.
        """
        rng_state = self.rng.bit_generator.state
        buffers = dict(self.buffers)
        grads = {}
        for key in list(self.params):
            original = self.params[key]
            probe = original.astype(np.float64)
            grad = np.zeros_like(probe)
            for idx in np.ndindex(probe.shape):
                values = []
                for delta in (h, -h):
                    shifted = probe.copy()
                    shifted[idx] += delta
                    self.params[key] = shifted
                    self.rng.bit_generator.state = rng_state
                    values.append(self.loss(x, t, train=True))
                grad[idx] = (values[0] - values[1]) / (2 * h)
            self.params[key] = original
            grads[key] = grad.astype(original.dtype)
        self.rng.bit_generator.state = rng_state
        self.buffers.update(buffers)
        return grads

    def accuracy(self, x, t) -> float:
        """Share of samples classified right: argmax of the outputs (one output unit: > 0.5);
        ``t`` one-hot rows or labels."""
        y = np.atleast_2d(self.forward(x))
        t = np.asarray(t)
        if y.shape[-1] == 1:
            predicted = (y[:, 0] > 0.5).astype(int)
            labels = np.rint(t.reshape(-1)).astype(int)
        else:
            predicted = np.argmax(y, axis=-1)
            onehot = t.ndim == 2 or (y.shape[0] == 1 and t.shape == y.shape[1:])
            labels = np.argmax(t.reshape(y.shape), axis=-1) if onehot else t.reshape(-1)
        return float(np.mean(predicted == labels))
