"""A GAN on 2-D points: generator G(z) and discriminator D(x) = σ(a(x)), both small MLPs of
nnlab's layers, trained with nnlab's Adam, k discriminator updates per generator update.

Losses (batch means; computed from D's logit a, so log 0 never occurs):
- discriminator  Lᴰ = −(1/N)Σ log D(x) − (1/M)Σ log(1 − D(G(z)))
- generator, non-saturating  Lᴳ = −(1/M)Σ log D(G(z))
- generator, standard (minimax)  Lᴳ = (1/M)Σ log(1 − D(G(z)))
Parameters live in one dict: ``G.W1, G.b1, …`` and ``D.W1, D.b1, …`` (row vectors, y = x @ W + b).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nnlab.dense import Stack, init_params
from nnlab.functions import sigmoid

G_LOSSES = ("non_saturating", "standard")


def softplus(a):
    return np.logaddexp(0.0, a)


def d_loss_value(d_real, d_fake) -> float:
    """Lᴰ for given discriminator outputs (probabilities): −mean log D(x) − mean log(1 − D(G(z)))."""
    return float(-np.mean(np.log(d_real)) - np.mean(np.log1p(-np.asarray(d_fake))))


@dataclass
class DPass:
    loss: float
    d_real: np.ndarray  # D(x) per real point
    d_fake: np.ndarray  # D(G(z)) per fake point
    grads: dict  # ∂Lᴰ/∂ D.*


@dataclass
class GPass:
    loss: float
    fake: np.ndarray  # G(z), (M, 2)
    d_fake: np.ndarray  # D(G(z))
    dfake: np.ndarray  # ∂Lᴳ/∂G(z) per point, (M, 2): the arrows point along −dfake
    grads: dict  # ∂Lᴳ/∂ G.*
    layers: list  # G's layer outputs (Affine and activation), for the lab's layer-by-layer steps


class GAN:
    def __init__(self, g_sizes, d_sizes, activation: str = "relu", seed: int = 0, params: dict | None = None):
        if g_sizes[-1] != d_sizes[0]:
            raise ValueError("the generator's output size must be the discriminator's input size")
        self.g_sizes, self.d_sizes, self.activation = tuple(g_sizes), tuple(d_sizes), activation
        rng = np.random.default_rng(seed)
        self.params: dict = {}
        init_params(self.params, "G.", g_sizes, rng)
        init_params(self.params, "D.", d_sizes, rng)
        if params:
            self.params.update({k: np.array(v, dtype=np.float64) for k, v in params.items()})
        self.G = Stack(self.params, "G.", len(g_sizes) - 1, activation)
        self.D = Stack(self.params, "D.", len(d_sizes) - 1, activation)

    def generate(self, z: np.ndarray) -> np.ndarray:
        return self.G.forward(z)

    def discriminate(self, x: np.ndarray) -> np.ndarray:
        """D(x) as probabilities, one per row."""
        return sigmoid(self.D.forward(x)[:, 0])

    def d_pass(self, real: np.ndarray, fake: np.ndarray) -> DPass:
        """Lᴰ and its gradient for D's parameters (G is not involved: ``fake`` is given)."""
        grads: dict = {}
        a_real = self.D.forward(real)[:, 0]
        self.D.backward(((sigmoid(a_real) - 1.0) / len(real))[:, None], grads)
        a_fake = self.D.forward(fake)[:, 0]
        self.D.backward((sigmoid(a_fake) / len(fake))[:, None], grads)
        loss = float(np.mean(softplus(-a_real)) + np.mean(softplus(a_fake)))
        return DPass(loss, sigmoid(a_real), sigmoid(a_fake), grads)

    def g_pass(self, z: np.ndarray, kind: str = "non_saturating") -> GPass:
        """Lᴳ, ∂Lᴳ/∂G(z) and the gradient for G's parameters (through D, whose gradients are dropped)."""
        fake = self.G.forward(z)
        layers = list(self.G.outputs)
        a = self.D.forward(fake)[:, 0]
        d = sigmoid(a)
        if kind == "non_saturating":
            loss, da = float(np.mean(softplus(-a))), (d - 1.0) / len(z)
        elif kind == "standard":
            loss, da = float(-np.mean(softplus(a))), -d / len(z)
        else:
            raise ValueError(f"g_loss: choose one of {', '.join(G_LOSSES)}, not {kind!r}")
        dfake = self.D.backward(da[:, None], {})
        grads: dict = {}
        self.G.backward(dfake, grads)
        return GPass(loss, fake, d, dfake, grads, layers)

    def g_params(self) -> list[str]:
        return [k for k in self.params if k.startswith("G.")]

    def d_params(self) -> list[str]:
        return [k for k in self.params if k.startswith("D.")]
