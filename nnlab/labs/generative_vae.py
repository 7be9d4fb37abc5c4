"""The generative lab's VAE timeline and training, on the shipped 8×8 digits (pixels / 16).

The digits are split 80/20 (``nnlab.data.train_test_split``, seed ``seed``). Training: Adam
(``lr``), mini-batches of ``batch_size``, ε drawn from the seeded generator for every batch, loss
= reconstruction + β·KL (batch mean). One step per epoch (phase ``epoch``), then the test digit
``sample`` forward (phase ``forward``: x, μ, log σ², σ, ε, z, x̂, reconstruction, KL per
dimension, total) and backward through the reparameterisation (phase ``backward``).

Values: base ``labels:test`` (n_test,), ``grid:z`` (the latent coordinates of the decoded grid,
(GRID,)), ``latent:point`` and ``latent:image`` (``latent_point`` decoded by the trained decoder,
(8, 8)), and the epoch-0 snapshot; each epoch step ``scatter`` (μ of every test digit, (n_test, 2)),
``grid`` (decoded images, (GRID, GRID, 8, 8), row i at z₂ = grid:z[i], column j at z₁ = grid:z[j]),
``loss:recon``/``loss:kl`` (training means per epoch so far), ``loss:test`` (test −ELBO per epoch,
β = 1, one seeded ε), ``epoch``; sample steps ``x``, ``mu``, ``logvar``, ``sigma``, ``eps``, ``z``,
``xhat`` (8, 8), ``recon``, ``kl`` (per dimension), ``kl:total``, ``loss``, ``dz``, ``dmu``,
``dlogvar``. Focus ids: ``encoder``, ``latent``, ``decoder``, ``loss``, ``curve``.
"""

from __future__ import annotations

import functools
import time

import numpy as np

from nnlab import data as datasets
from nnlab import formulas as F
from nnlab.formulas import num
from nnlab.i18n import _
from nnlab.labs.generative import Config, apply_weights, training_key, with_weights
from nnlab.optim import make
from nnlab.steps import Step, Timeline
from nnlab.vae import VAE

LATENT, GRID, GRID_RANGE = 2, 9, 2.5


@functools.lru_cache(maxsize=1)
def digits():
    """Pixels in [0, 1] (1797, 64) and labels."""
    images, labels = datasets.load_digits()
    return images.reshape(len(images), -1) / 16.0, labels


def split(config: Config):
    x, t = digits()
    train_idx, test_idx = datasets.train_test_split(len(x), 0.2, config.seed)
    return x[train_idx], x[test_idx], t[test_idx]


def model(config: Config) -> VAE:
    vae = VAE(64, config.hidden, LATENT, config.activation, config.recon, config.seed)
    apply_weights(config, vae.params)
    return vae


def _snapshot(vae: VAE, x_test, eps_test, history) -> dict:
    mu, _logvar = vae.encode(x_test)
    zs = np.linspace(-GRID_RANGE, GRID_RANGE, GRID)
    z1, z2 = np.meshgrid(zs, zs)
    grid = vae.decode(np.c_[z1.ravel(), z2.ravel()]).reshape(GRID, GRID, 8, 8)
    test = vae.step(x_test, eps_test, 1.0, backward=False).loss
    history["loss:test"].append(test)
    return {"scatter": mu, "grid": grid, **{k: np.array(v) for k, v in history.items()}}


def train_epoch(vae, opt, x_train, rng, config):
    order = rng.permutation(len(x_train))
    recon = kl = 0.0
    for start in range(0, len(order), config.batch_size):
        xb = x_train[order[start:start + config.batch_size]]
        p = vae.step(xb, rng.normal(size=(len(xb), LATENT)), config.beta)
        opt.update(vae.params, p.grads)
        recon += p.recon.sum()
        kl += p.kl.sum()
    return recon / len(x_train), kl / len(x_train)


@functools.lru_cache(maxsize=4)
def _trained(config: Config):
    """Epoch steps and the trained parameters (cached; ``sample`` and ``latent_point`` are left out
    of the key)."""
    x_train, x_test, t_test = split(config)
    vae = model(config)
    opt = make("adam", config.lr)
    rng = np.random.default_rng([config.seed, 5])
    eps_test = np.random.default_rng([config.seed, 6]).normal(size=(len(x_test), LATENT))
    history = {"loss:recon": [], "loss:kl": [], "loss:test": []}
    base = {"labels:test": t_test, "grid:z": np.linspace(-GRID_RANGE, GRID_RANGE, GRID), "epoch": 0}
    base.update(_snapshot(vae, x_test, eps_test, history))  # loss:test starts with the untrained model's
    steps = []
    for e in range(1, config.epochs + 1):
        recon, kl = train_epoch(vae, opt, x_train, rng, config)
        history["loss:recon"].append(recon)
        history["loss:kl"].append(kl)
        values = _snapshot(vae, x_test, eps_test, history)
        values["epoch"] = e
        formula = F.seq([F.eq(F.sym("L"), F.Text(f"{_('reconstruction')} + β·KL"),
                              F.terms([F.Num(recon), F.product(F.Num(config.beta), F.Num(kl))]), F.Num(recon + config.beta * kl)),
                         F.eq(F.Text(f"{_('test')} −ELBO"), F.Num(history["loss:test"][-1]))])
        steps.append(F.step("epoch", _("Epoch {e} of {n}").format(e=e, n=config.epochs), formula, ("curve",), values))
    return base, tuple(steps), {k: v.copy() for k, v in vae.params.items()}


def sample_steps(config: Config, params: dict) -> list[Step]:
    """The test digit ``sample`` through the trained VAE, forward and backward."""
    _x_train, x_test, t_test = split(config)
    s = min(config.sample, len(x_test) - 1)
    vae = VAE(64, config.hidden, LATENT, config.activation, config.recon, config.seed, params)
    x = x_test[s:s + 1]
    eps = np.random.default_rng([config.seed, 8, s]).normal(size=(1, LATENT))
    p = vae.step(x, eps, config.beta)
    mu, lv, sg, z, kl = p.mu[0], p.logvar[0], p.sigma[0], p.z[0], p.kl[0]
    head = _("Test digit {s} (a {d})").format(s=s, d=int(t_test[s]))
    b = F.Num(config.beta)

    def step(phase, what, formula, focus, values):
        return F.step(phase, f"{head} — {what}", formula, (focus,), values)

    def v(a) -> F.Group:
        return F.vector(a, brackets="()")

    recon_formula = ("−Σ[x·log x̂ + (1 − x)·log(1 − x̂)]" if config.recon == "bce" else "½Σ(x̂ − x)²")
    kl_lines = []
    for j in range(LATENT):
        i = F.sub(j + 1)
        inner = F.terms([F.terms([F.Num(mu[j] ** 2), F.Num(sg[j] ** 2)]), F.Num(lv[j]), F.Num(1)], " − ")
        kl_lines.append(F.eq(F.sym("KL", j + 1), F.Text(f"½(μ{i}² + σ{i}² − log σ{i}² − 1)"),
                             F.terms([F.Text("½"), F.Group(inner)], ""), F.Num(kl[j], 6)))
    kl_lines.append(F.eq(F.sym("KL"), F.terms([F.Num(k, 6) for k in kl]), F.Num(kl.sum(), 6)))
    total = float(p.recon[0] + config.beta * kl.sum())
    return [
        step("forward", _("the input x (64 pixels, 0 to 1)"), F.given(F.sym("x"), F.Text(f"{_('digit')} {int(t_test[s])}")),
             "encoder", {"x": x[0].reshape(8, 8)}),
        step("forward", _("the encoder's mean μ"), F.eq(F.sym("μ"), v(mu)), "encoder", {"mu": mu}),
        step("forward", _("the encoder's log-variance"), F.eq(F.Text("log σ²"), v(lv)), "encoder", {"logvar": lv}),
        step("forward", _("the standard deviation σ"),
             F.eq(F.sym("σ"), F.apply("exp", F.Text("½·log σ²")), F.apply("exp", v(0.5 * lv)), v(sg)), "latent",
             {"sigma": sg}),
        step("forward", _("the noise ε (seeded)"), F.given(F.Text("ε ~ N(0, I)"), v(eps)), "latent", {"eps": eps[0]}),
        step("forward", _("the reparameterisation z = μ + σ·ε"),
             F.eq(F.sym("z"), F.Text("μ + σ·ε"), F.terms([v(mu), F.terms([v(sg), v(eps)], "·")]), v(z)), "latent",
             {"z": z}),
        step("forward", _("the decoded image x̂"),
             F.seq([F.given(F.Text("x̂"), F.Text(f"σ({_('decoder')}(z))")), F.given(F.sym("z"), v(z))], ", "), "decoder",
             {"xhat": p.xhat[0].reshape(8, 8)}),
        step("forward", _("the reconstruction loss"), F.eq(F.Text(recon_formula), F.Num(p.recon[0])), "loss",
             {"recon": float(p.recon[0])}),
        step("forward", _("KL divergence per latent dimension"), F.seq(kl_lines), "loss",
             {"kl": kl, "kl:total": float(kl.sum())}),
        step("forward", _("the total loss"),
             F.eq(F.sym("L"), F.Text(f"{_('reconstruction')} + β·KL"),
                  F.terms([F.Num(p.recon[0]), F.product(b, F.Num(kl.sum(), 6))]), F.Num(total)), "loss", {"loss": total}),
        step("backward", _("the gradient on z (from the decoder)"), F.eq(F.Text("∂L/∂z"), v(p.dz)), "latent",
             {"dz": p.dz[0]}),
        step("backward", _("the gradient on μ"),
             F.eq(F.Text("∂L/∂μ"), F.Text("∂L/∂z + β·μ"), F.terms([v(p.dz), F.terms([b, v(mu)], "·")]), v(p.dmu)),
             "encoder", {"dmu": p.dmu[0]}),
        step("backward", _("the gradient on log σ² (through the reparameterisation)"),
             F.eq(F.Text("∂L/∂log σ²"), F.Text("∂L/∂z·ε·σ/2 + β·(σ² − 1)/2"),
                  F.terms([v(p.dz[0] * eps[0] * sg / 2), v(config.beta * (sg * sg - 1) / 2)]), v(p.dlogvar)),
             "encoder", {"dlogvar": p.dlogvar[0]}),
    ]


def build_timeline(config: Config) -> Timeline:
    key = training_key(config)
    base, steps, params = _trained(key)
    vae = VAE(64, config.hidden, LATENT, config.activation, config.recon, config.seed, params)
    base = {**base, "latent:point": np.array(config.latent_point),
            "latent:image": vae.decode(np.array([config.latent_point]))[0].reshape(8, 8)}
    title = _("VAE on the 8×8 digits: 2-D latent, β = {b}, {n} epochs").format(b=num(config.beta), n=config.epochs)
    return Timeline("generative", [*steps, *sample_steps(config, params)], base, title)


def train(config: Config, steps=None, progress=None, should_stop=None):
    """``steps`` epochs (default ``config.epochs``) from the config's weights; returns (config with
    the trained weights, summary)."""
    start = time.perf_counter()
    n = config.epochs if steps is None else steps
    x_train, x_test, _t = split(config)
    vae = model(config)
    opt = make("adam", config.lr)
    rng = np.random.default_rng([config.seed, 5])
    eps_test = np.random.default_rng([config.seed, 6]).normal(size=(len(x_test), LATENT))
    test = [vae.step(x_test, eps_test, 1.0, backward=False).loss]
    done = 0
    for e in range(n):
        if should_stop is not None and should_stop():
            break
        recon, kl = train_epoch(vae, opt, x_train, rng, config)
        test.append(vae.step(x_test, eps_test, 1.0, backward=False).loss)
        done = e + 1
        if progress is not None:
            progress(done / n, {"epoch": done, "loss": float(recon + config.beta * kl)})
    summary = {"epochs": done, "test_neg_elbo_start": test[0], "test_neg_elbo": test[-1],
               "seconds": round(time.perf_counter() - start, 3), "stopped": done < n}
    return with_weights(config, vae.params), summary
