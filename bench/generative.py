"""Generative lab benchmarks; prints one JSON object.

- gan_step: one training iteration of the gan-ring preset (a discriminator update on 64 real and 64
  fake points, then a generator update through D; Adam on both), nnlab vs torch, float64, one thread;
- vae_epoch: one epoch of the vae-digits preset (1,437 training digits, mini-batches of 64, 64-32-2-32-64,
  Adam), nnlab vs torch, float64, one thread;
best of repeats; the bar is ratio ≤ 2 (nnlab's time / torch's).
"""

from common import best_ms, emit, threads  # first: one thread, offscreen Qt

import numpy as np
import torch

from nnlab.labs import generative_gan, generative_vae
from nnlab.labs.generative_gan import BETAS, TrainingRun
from nnlab.optim import make
from nnlab.presets import load_preset

torch.set_default_dtype(torch.float64)


def torch_mlp(sizes):
    layers = []
    for i in range(len(sizes) - 1):
        layers.append(torch.nn.Linear(sizes[i], sizes[i + 1]))
        if i < len(sizes) - 2:
            layers.append(torch.nn.ReLU())
    return torch.nn.Sequential(*layers)


def bench_gan(repeats=200):
    config = load_preset("gan-ring").config
    run = TrainingRun(config)
    ours = best_ms(lambda: run.iteration(0), repeats)
    g, d = torch_mlp((2, *config.g_hidden, 2)), torch_mlp((2, *config.d_hidden, 1))
    opt_g = torch.optim.Adam(g.parameters(), lr=config.lr_g, betas=BETAS)
    opt_d = torch.optim.Adam(d.parameters(), lr=config.lr_d, betas=BETAS)
    real = torch.from_numpy(generative_gan.real_points(config))
    gen = torch.Generator().manual_seed(0)
    bce = torch.nn.functional.binary_cross_entropy_with_logits
    ones, zeros = torch.ones(config.batch, 1), torch.zeros(config.batch, 1)

    def torch_iteration():
        batch = real[torch.randint(0, len(real), (config.batch,), generator=gen)]
        z = torch.rand(config.batch, 2, generator=gen) * 2 - 1
        opt_d.zero_grad()
        with torch.no_grad():
            fake = g(z)
        loss_d = bce(d(batch), ones) + bce(d(fake), zeros)
        loss_d.backward()
        opt_d.step()
        opt_g.zero_grad()
        z = torch.rand(config.batch, 2, generator=gen) * 2 - 1
        loss_g = bce(d(g(z)), ones)
        loss_g.backward()
        opt_g.step()

    theirs = best_ms(torch_iteration, repeats)
    return {"nnlab_ms": round(ours, 3), "torch_ms": round(theirs, 3), "ratio": round(ours / theirs, 2)}


def bench_vae(repeats=7):
    config = load_preset("vae-digits").config
    x_train, _x_test, _t = generative_vae.split(config)
    vae = generative_vae.model(config)
    opt = make("adam", config.lr)
    rng = np.random.default_rng(0)
    ours = best_ms(lambda: generative_vae.train_epoch(vae, opt, x_train, rng, config), repeats)

    enc, dec = torch_mlp((64, *config.hidden)), torch_mlp((2, *reversed(config.hidden), 64))
    mu, logvar = torch.nn.Linear(config.hidden[-1], 2), torch.nn.Linear(config.hidden[-1], 2)
    params = [*enc.parameters(), *dec.parameters(), *mu.parameters(), *logvar.parameters()]
    opt_t = torch.optim.Adam(params, lr=config.lr)
    data = torch.from_numpy(x_train)
    gen = torch.Generator().manual_seed(0)

    def torch_epoch():
        order = torch.randperm(len(data), generator=gen)
        for start in range(0, len(order), config.batch_size):
            xb = data[order[start:start + config.batch_size]]
            h = torch.relu(enc(xb))
            m, lv = mu(h), logvar(h)
            z = m + torch.exp(0.5 * lv) * torch.randn(m.shape, generator=gen)
            logits = dec(z)
            recon = torch.nn.functional.binary_cross_entropy_with_logits(logits, xb, reduction="none").sum(1)
            kl = 0.5 * (m * m + lv.exp() - lv - 1).sum(1)
            loss = (recon + config.beta * kl).mean()
            opt_t.zero_grad()
            loss.backward()
            opt_t.step()

    theirs = best_ms(torch_epoch, repeats)
    return {"nnlab_ms": round(ours, 2), "torch_ms": round(theirs, 2), "ratio": round(ours / theirs, 2)}


if __name__ == "__main__":
    gan, vae = bench_gan(), bench_vae()
    emit({"bench": "generative", "dtype": "float64", "threads": threads(), "gan_step": gan, "vae_epoch": vae,
          "bar": "ratio <= 2", "passes": gan["ratio"] <= 2 and vae["ratio"] <= 2})
