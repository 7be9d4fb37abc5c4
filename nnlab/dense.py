"""A stack of nnlab layers (Affine, activation, Affine, …) over a shared ``params`` dict, kept by
the generative models: ``forward`` keeps every layer's output (what the lab prints layer by layer),
``backward`` leaves the gradients in ``grads`` and returns ∂/∂input."""

from __future__ import annotations

import numpy as np

from nnlab.layers import Affine, activation_layer


def init_params(params: dict, prefix: str, sizes, rng: np.random.Generator) -> None:
    """``{prefix}W{l}``, ``{prefix}b{l}`` drawn as torch.nn.Linear does: U(−1/√n_in, 1/√n_in)."""
    for l in range(1, len(sizes)):
        bound = 1.0 / np.sqrt(sizes[l - 1])
        params[f"{prefix}W{l}"] = rng.uniform(-bound, bound, (sizes[l - 1], sizes[l]))
        params[f"{prefix}b{l}"] = rng.uniform(-bound, bound, sizes[l])


class Stack:
    """x → Affine → activation → … → Affine (→ ``output`` activation, if given).

    ``outputs[i]`` is the output of layer i after ``forward`` (Affine and activation alike), so
    ``outputs[-1]`` is the result."""

    def __init__(self, params: dict, prefix: str, n_layers: int, activation: str, output: str | None = None):
        self.params, self.prefix = params, prefix
        self.layers = []
        for l in range(1, n_layers + 1):
            self.layers.append(Affine(params, f"{prefix}W{l}", f"{prefix}b{l}"))
            if l < n_layers:
                self.layers.append(activation_layer(activation))
        if output is not None:
            self.layers.append(activation_layer(output))
        self.outputs: list[np.ndarray] = []

    def forward(self, x: np.ndarray) -> np.ndarray:
        self.outputs = []
        for layer in self.layers:
            x = layer.forward(x)
            self.outputs.append(x)
        return x

    def backward(self, dout: np.ndarray, grads: dict) -> np.ndarray:
        """Backward from ∂loss/∂output; the parameters' gradients are added into ``grads``."""
        for layer in reversed(self.layers):
            dout = layer.backward(dout)
            if isinstance(layer, Affine):
                for key, g in layer.grads.items():
                    grads[key] = grads[key] + g if key in grads else g
        return dout
