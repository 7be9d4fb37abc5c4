"""nnlab.gan and nnlab.vae against PyTorch (float64, ≤ 1e-10) on random shapes, and the issue's
two worked numbers."""

import math

import numpy as np
import pytest
import torch

from nnlab.gan import GAN, d_loss_value
from nnlab.vae import VAE, kl_terms

ACTS = {"relu": torch.relu, "tanh": torch.tanh, "leaky_relu": torch.nn.functional.leaky_relu,
        "sigmoid": torch.sigmoid}


def tensors(params):
    return {k: torch.tensor(v, dtype=torch.float64, requires_grad=True) for k, v in params.items()}


def torch_stack(p, prefix, n_layers, act, x):
    for l in range(1, n_layers + 1):
        x = x @ p[f"{prefix}W{l}"] + p[f"{prefix}b{l}"]
        if l < n_layers:
            x = ACTS[act](x)
    return x


def close(a, b):
    np.testing.assert_allclose(a, b.detach().numpy() if isinstance(b, torch.Tensor) else b, rtol=0, atol=1e-10)


def test_worked_numbers():
    kl = kl_terms([0.5, -1.0], [0.0, math.log(0.25)])
    assert kl.sum() == pytest.approx(0.9431471805599453, abs=1e-12)
    assert kl[0] == pytest.approx(0.125, abs=1e-15)
    assert d_loss_value([0.8], [0.3]) == pytest.approx(-(math.log(0.8) + math.log(0.7)), abs=1e-15)
    assert d_loss_value([0.8], [0.3]) == pytest.approx(0.579818495252942, abs=1e-12)


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("kind", ["non_saturating", "standard"])
def test_gan_losses_and_gradients_match_torch(seed, kind):
    rng = np.random.default_rng(seed)
    act = ("relu", "tanh", "leaky_relu", "sigmoid")[seed]
    dim, zdim = int(rng.integers(1, 4)), int(rng.integers(1, 4))
    g_sizes = (zdim, *rng.integers(1, 9, int(rng.integers(1, 3))), dim)
    d_sizes = (dim, *rng.integers(1, 9, int(rng.integers(1, 3))), 1)
    gan = GAN([int(s) for s in g_sizes], [int(s) for s in d_sizes], act, seed=seed)
    real, z = rng.normal(size=(int(rng.integers(1, 9)), dim)), rng.uniform(-1, 1, (int(rng.integers(1, 9)), zdim))
    fake = gan.generate(z)
    d = gan.d_pass(real, fake)
    p = tensors(gan.params)
    tfake = torch.tensor(fake)
    d_real = torch.sigmoid(torch_stack(p, "D.", len(d_sizes) - 1, act, torch.tensor(real)))[:, 0]
    d_fake = torch.sigmoid(torch_stack(p, "D.", len(d_sizes) - 1, act, tfake))[:, 0]
    loss_d = -torch.log(d_real).mean() - torch.log(1 - d_fake).mean()
    loss_d.backward()
    close(d.loss, loss_d)
    close(d.d_real, d_real)
    close(d.d_fake, d_fake)
    assert set(d.grads) == set(gan.d_params())
    for k, g in d.grads.items():
        close(g, p[k].grad)

    p = tensors(gan.params)
    tz = torch.tensor(z)
    gz = torch_stack(p, "G.", len(g_sizes) - 1, act, tz)
    gz.retain_grad()
    dg = torch.sigmoid(torch_stack(p, "D.", len(d_sizes) - 1, act, gz))[:, 0]
    loss_g = -torch.log(dg).mean() if kind == "non_saturating" else torch.log(1 - dg).mean()
    loss_g.backward()
    g = gan.g_pass(z, kind)
    close(g.loss, loss_g)
    close(g.fake, gz)
    close(g.dfake, gz.grad)
    assert set(g.grads) == set(gan.g_params())
    for k, v in g.grads.items():
        close(v, p[k].grad)


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("recon", ["bce", "mse"])
def test_vae_loss_and_gradients_match_torch_through_the_reparameterisation(seed, recon):
    rng = np.random.default_rng(seed)
    act = ("relu", "tanh", "leaky_relu", "sigmoid")[seed]
    n_in, latent = int(rng.integers(2, 12)), int(rng.integers(1, 4))
    hidden = tuple(int(h) for h in rng.integers(1, 9, int(rng.integers(0, 3))))
    beta = float(rng.uniform(0, 3))
    vae = VAE(n_in, hidden, latent, act, recon, seed=seed)
    n = int(rng.integers(1, 7))
    x, eps = rng.uniform(0, 1, (n, n_in)), rng.normal(size=(n, latent))
    ours = vae.step(x, eps, beta)

    p = tensors(vae.params)
    tx = torch.tensor(x)
    h = tx
    if hidden:
        h = ACTS[act](torch_stack(p, "enc.", len(hidden), act, tx))
    mu = h @ p["mu.W"] + p["mu.b"]
    logvar = h @ p["logvar.W"] + p["logvar.b"]
    mu.retain_grad()
    logvar.retain_grad()
    z = mu + torch.exp(0.5 * logvar) * torch.tensor(eps)
    z.retain_grad()
    xhat = torch.sigmoid(torch_stack(p, "dec.", len(hidden) + 1, act, z))
    if recon == "bce":
        rec = torch.nn.functional.binary_cross_entropy(xhat, tx, reduction="none").sum(dim=1)
    else:
        rec = 0.5 * ((xhat - tx) ** 2).sum(dim=1)
    kl = 0.5 * (mu**2 + torch.exp(logvar) - logvar - 1)
    loss = (rec + beta * kl.sum(dim=1)).mean()
    loss.backward()
    close(ours.loss, loss)
    close(ours.xhat, xhat)
    close(ours.kl, kl)
    close(ours.recon, rec)
    close(ours.dz, z.grad)
    close(ours.dmu, mu.grad)
    close(ours.dlogvar, logvar.grad)
    assert set(ours.grads) == set(vae.params)
    for k, g in ours.grads.items():
        close(g, p[k].grad)
