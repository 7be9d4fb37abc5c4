"""A variational auto-encoder of nnlab's layers: encoder x → h → (μ, log σ²), the
reparameterisation z = μ + σ·ε with σ = exp(½ log σ²) and ε ~ N(0, I) from a seeded generator,
decoder z → h → x̂ = σ(a) (pixels in [0, 1]).

Loss per sample (the lab shows each part; training takes the batch mean):
reconstruction  BCE −Σ[x log x̂ + (1 − x) log(1 − x̂)] or MSE ½Σ(x̂ − x)², plus
β · KL with KL = Σⱼ ½(μⱼ² + σⱼ² − log σⱼ² − 1). Parameters: ``enc.W1, enc.b1, …``, ``mu.W, mu.b``,
``logvar.W, logvar.b``, ``dec.W1, dec.b1, …`` (row vectors, y = x @ W + b).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nnlab.dense import Stack, init_params
from nnlab.functions import sigmoid
from nnlab.layers import Affine, activation_layer

RECONSTRUCTIONS = ("bce", "mse")


def kl_terms(mu, logvar) -> np.ndarray:
    """KL(N(μ, σ²) ‖ N(0, 1)) per latent dimension: ½(μ² + σ² − log σ² − 1)."""
    mu, logvar = np.asarray(mu, dtype=np.float64), np.asarray(logvar, dtype=np.float64)
    return 0.5 * (mu * mu + np.exp(logvar) - logvar - 1.0)


@dataclass
class Pass:
    """One forward (and backward) pass over a batch: every quantity the lab shows, per sample."""
    mu: np.ndarray
    logvar: np.ndarray
    sigma: np.ndarray
    eps: np.ndarray
    z: np.ndarray
    xhat: np.ndarray
    recon: np.ndarray  # reconstruction loss per sample
    kl: np.ndarray  # KL per sample and latent dimension
    loss: float  # mean over the batch of recon + β·Σ kl
    grads: dict  # ∂loss/∂ every parameter (after backward)
    dz: np.ndarray | None = None  # ∂loss/∂z
    dmu: np.ndarray | None = None
    dlogvar: np.ndarray | None = None


class VAE:
    def __init__(self, n_in: int = 64, hidden=(32,), latent: int = 2, activation: str = "relu",
                 recon: str = "bce", seed: int = 0, params: dict | None = None):
        if recon not in RECONSTRUCTIONS:
            raise ValueError(f"recon: choose one of {', '.join(RECONSTRUCTIONS)}, not {recon!r}")
        self.n_in, self.hidden, self.latent, self.recon = n_in, tuple(hidden), latent, recon
        rng = np.random.default_rng(seed)
        self.params: dict = {}
        enc = (n_in, *self.hidden)
        init_params(self.params, "enc.", enc, rng)
        top = enc[-1]
        init_params(self.params, "mu.", (top, latent), rng)
        init_params(self.params, "logvar.", (top, latent), rng)
        init_params(self.params, "dec.", (latent, *reversed(self.hidden), n_in), rng)
        for head in ("mu.", "logvar."):  # one layer each: W, b rather than W1, b1
            self.params[head + "W"] = self.params.pop(head + "W1")
            self.params[head + "b"] = self.params.pop(head + "b1")
        if params:
            self.params.update({k: np.array(v, dtype=np.float64) for k, v in params.items()})
        self.enc = Stack(self.params, "enc.", len(self.hidden), activation)
        self.enc_act = activation_layer(activation) if self.hidden else None
        self.mu_layer = Affine(self.params, "mu.W", "mu.b")
        self.logvar_layer = Affine(self.params, "logvar.W", "logvar.b")
        self.dec = Stack(self.params, "dec.", len(self.hidden) + 1, activation)

    def encode(self, x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(μ, log σ²) for each row of x."""
        h = self.enc.forward(x) if self.hidden else x
        if self.enc_act is not None:
            h = self.enc_act.forward(h)
        return self.mu_layer.forward(h), self.logvar_layer.forward(h)

    def decode(self, z: np.ndarray) -> np.ndarray:
        """x̂ = σ(decoder(z)), pixels in [0, 1]."""
        return sigmoid(self.dec.forward(z))

    def step(self, x: np.ndarray, eps: np.ndarray, beta: float = 1.0, backward: bool = True) -> Pass:
        """Forward the batch with the given ε (one row per sample), and backward unless told not to."""
        mu, logvar = self.encode(x)
        sigma = np.exp(0.5 * logvar)
        z = mu + sigma * eps
        a = self.dec.forward(z)
        xhat = sigmoid(a)
        if self.recon == "bce":  # from the logit: softplus(a) − x·a = −[x log x̂ + (1 − x) log(1 − x̂)]
            recon = np.sum(np.logaddexp(0.0, a) - x * a, axis=1)
        else:
            recon = 0.5 * np.sum((xhat - x) ** 2, axis=1)
        kl = kl_terms(mu, logvar)
        n = len(x)
        loss = float(np.mean(recon + beta * kl.sum(axis=1)))
        result = Pass(mu, logvar, sigma, eps, z, xhat, recon, kl, loss, {})
        if not backward:
            return result
        grads = result.grads
        da = (xhat - x) / n if self.recon == "bce" else (xhat - x) * xhat * (1 - xhat) / n
        dz = self.dec.backward(da, grads)
        dmu = dz + beta * mu / n
        dlogvar = dz * eps * sigma * 0.5 + beta * 0.5 * (sigma * sigma - 1.0) / n
        dh = self.mu_layer.backward(dmu)
        grads.update(self.mu_layer.grads)
        dh = dh + self.logvar_layer.backward(dlogvar)
        grads.update(self.logvar_layer.grads)
        if self.hidden:
            self.enc.backward(self.enc_act.backward(dh), grads)
        result.dz, result.dmu, result.dlogvar = dz, dmu, dlogvar
        return result
