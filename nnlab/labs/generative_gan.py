"""The generative lab's GAN timeline and training.

Each iteration makes ``d_steps`` discriminator updates (a batch of real points and a batch of fakes
from fresh noise z ~ U(−1, 1)²) and one generator update, both with Adam (β₁ = 0.5). The first
``DETAIL`` iterations are one step per update (phase ``discriminator`` / ``generator``); later ones
are grouped so that at most ``MAX_SHOWN`` iterations are shown, each as a discriminator step and a
generator step. With ``inspect = (iteration, s)`` the display sample s is stepped through (phase
``sample``) after that iteration: z, G layer by layer, D(G(z)), its loss terms and ∂ℓ/∂G(z).

Values: base ``real`` (n, 2), ``range`` (half-width of the square drawn), ``z:show`` (the display
noise, (SHOW, 2)), ``mesh:z`` (the noise grid, (MESH, MESH, 2)); each training step ``fake`` =
G(z:show), ``grad`` = ∂ℓ/∂G(z) per display sample (ℓ its own generator loss term; the arrows are
−grad), ``mesh`` = G(mesh:z), ``heat`` = D on a (HEAT, HEAT) grid over the square (row y, column x),
``d:real``/``d:fake`` (mean D), ``loss:d``/``loss:g`` (per iteration so far), ``iteration``; sample
steps ``inspect:z``, ``inspect:h:<l>``, ``inspect:point``, ``inspect:d``, ``inspect:term``,
``inspect:grad``, ``inspect:sample``. Focus ids: ``discriminator``, ``generator``, ``fake:<s>``.
"""

from __future__ import annotations

import functools
import time
from dataclasses import replace

import numpy as np

from nnlab import data as datasets
from nnlab import formulas as F
from nnlab.gan import GAN
from nnlab.i18n import N_, _
from nnlab.labs.generative import Config, apply_weights, training_key, with_weights
from nnlab.optim import make
from nnlab.steps import Step, Timeline

DETAIL, MAX_SHOWN = 5, 120
SHOW, MESH, HEAT = 160, 11, 32
BETAS = (0.5, 0.999)
SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
SUP = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
DATASET_NAMES = {"ring": N_("ring"), "line": N_("line"), "gaussians": N_("8 Gaussians"), "moons": N_("two moons"),
                 "points": N_("my points")}
ACT_NAMES = {"relu": "ReLU", "leaky_relu": "LeakyReLU", "tanh": "tanh", "sigmoid": "σ"}


def real_points(config: Config) -> np.ndarray:
    """The real data set (n, 2), drawn once from ``data_seed``."""
    if config.dataset == "points":
        return np.array(config.points, dtype=np.float64)
    rng = np.random.default_rng(config.data_seed)
    n, noise = config.n_samples, config.noise
    if config.dataset == "ring":
        a = rng.uniform(0, 2 * np.pi, n)
        x = np.c_[np.cos(a), np.sin(a)]
    elif config.dataset == "line":
        t = rng.uniform(-1, 1, n)
        x = np.c_[t, 0.5 * t]
    elif config.dataset == "gaussians":  # 8 modes on a circle of radius 2
        a = rng.integers(0, 8, n) * (2 * np.pi / 8)
        x = 2.0 * np.c_[np.cos(a), np.sin(a)]
    else:
        return datasets.moons(n, noise, config.data_seed).x
    return x + rng.normal(0, noise, (n, 2))


def model(config: Config) -> GAN:
    gan = GAN((2, *config.g_hidden, 2), (2, *config.d_hidden, 1), config.activation, config.seed)
    apply_weights(config, gan.params)
    return gan


class TrainingRun:
    """One seeded training run, update by update (shared by the timeline and ``train``)."""

    def __init__(self, config: Config):
        self.config = config
        self.real = real_points(config)
        self.gan = model(config)
        self.opt_g = make("adam", config.lr_g, betas=BETAS)
        self.opt_d = make("adam", config.lr_d, betas=BETAS)
        self.rng = np.random.default_rng([config.seed, 7])
        self.loss_d = np.full(max(config.iterations, 1), np.nan)
        self.loss_g = np.full(max(config.iterations, 1), np.nan)

    def d_update(self):
        c = self.config
        batch = self.real[self.rng.integers(0, len(self.real), c.batch)]
        fake = self.gan.generate(self.rng.uniform(-1, 1, (c.batch, 2)))
        result = self.gan.d_pass(batch, fake)
        if c.train != "generator":
            self.opt_d.update(self.gan.params, result.grads)
        return result

    def g_update(self):
        result = self.gan.g_pass(self.rng.uniform(-1, 1, (self.config.batch, 2)), self.config.g_loss)
        if self.config.train != "discriminator":
            self.opt_g.update(self.gan.params, result.grads)
        return result

    def iteration(self, i: int):
        """Iteration i (0-based): k discriminator updates, one generator update; the last passes."""
        for _ in range(self.config.d_steps):
            d = self.d_update()
        g = self.g_update()
        self.loss_d[i], self.loss_g[i] = d.loss, g.loss
        return d, g


def _grid(r: float, n: int) -> np.ndarray:
    return np.linspace(-r, r, n)


def _snapshot(run: TrainingRun, base: dict, i: int) -> dict:
    """What the pane draws after iteration i (1-based; 0 = before training)."""
    gan = run.gan
    g = gan.g_pass(base["z:show"], run.config.g_loss)
    xs = _grid(base["range"], HEAT)
    gx, gy = np.meshgrid(xs, xs)
    heat = gan.discriminate(np.c_[gx.ravel(), gy.ravel()]).reshape(HEAT, HEAT)
    mesh = gan.generate(base["mesh:z"].reshape(-1, 2)).reshape(MESH, MESH, 2)
    return {"fake": g.fake, "grad": g.dfake * len(g.fake), "mesh": mesh, "heat": heat,
            "d:real": float(gan.discriminate(run.real).mean()), "d:fake": float(g.d_fake.mean()),
            "loss:d": run.loss_d[:i], "loss:g": run.loss_g[:i], "iteration": i}


def _mean(of: str, value: float) -> F.Eq:
    return F.eq(F.Text(f"{_('mean')} {of}"), F.Num(value))


def _d_formula(config: Config, d) -> F.Seq:
    real = float(np.mean(-np.log(d.d_real)))
    fake = float(np.mean(-np.log1p(-d.d_fake)))
    return F.seq([F.eq(F.Text("Lᴰ"), F.Text("−(1/N)Σ log D(x) − (1/M)Σ log(1 − D(G(z)))"),
                       F.terms([F.Num(real), F.Num(fake)]), F.Num(d.loss)),
                  F.seq([_mean("D(x)", d.d_real.mean()), _mean("D(G(z))", d.d_fake.mean())], ",  "),
                  *_frozen(config, "discriminator")])


def _g_formula(config, g) -> F.Seq:
    rule = "−(1/M)Σ log D(G(z))" if config.g_loss == "non_saturating" else "(1/M)Σ log(1 − D(G(z)))"
    return F.seq([F.eq(F.Text("Lᴳ"), F.Text(rule), F.Num(g.loss)), _mean("D(G(z))", g.d_fake.mean()),
                  *_frozen(config, "generator")])


def _title(part: str, first: int, last: int, j: int = 0, k: int = 1) -> str:
    which = _("discriminator") if part == "discriminator" else _("generator")
    if first == last:
        if part == "discriminator" and k > 1:
            return _("Iteration {i} — {which} update {j} of {k}").format(i=first, which=which, j=j, k=k)
        return _("Iteration {i} — {which} update").format(i=first, which=which)
    return _("Iterations {a}–{b} — {which} updates").format(a=first, b=last, which=which)


def _frozen(config: Config, part: str) -> list:
    frozen = (part == "discriminator" and config.train == "generator") or (
        part == "generator" and config.train == "discriminator")
    return [F.Text(_("(frozen: only the loss is computed)"))] if frozen else []


@functools.lru_cache(maxsize=4)
def _trained(config: Config):
    """The training steps and the parameters after each shown iteration (cached: ``inspect``
    changes only the sample steps, so its key leaves ``inspect`` out)."""
    run = TrainingRun(config)
    rng = np.random.default_rng([config.seed, 1])
    r = float(max(1.5, 1.25 * np.max(np.abs(run.real))))
    base = {"real": run.real, "range": r, "z:show": rng.uniform(-1, 1, (SHOW, 2)),
            "mesh:z": np.stack(np.meshgrid(_grid(1.0, MESH), _grid(1.0, MESH)), axis=-1)}
    base.update(_snapshot(run, base, 0))
    n = config.iterations
    stride = max(1, -(-(n - DETAIL) // MAX_SHOWN))
    steps, params_after = [], {0: {k: v.copy() for k, v in run.gan.params.items()}}
    first = 1
    for i in range(1, n + 1):
        detail = i <= DETAIL
        if detail:
            for j in range(1, config.d_steps + 1):
                d = run.d_update()
                values = _snapshot(run, base, i - 1)
                title = _title("discriminator", i, i, j, config.d_steps)
                steps.append(F.step("discriminator", title, _d_formula(config, d), ("discriminator",), values))
            g = run.g_update()
            run.loss_d[i - 1], run.loss_g[i - 1] = d.loss, g.loss
        else:
            d, g = run.iteration(i - 1)
        if detail or i % stride == 0 or i == n:
            values = _snapshot(run, base, i)
            if not detail:
                steps.append(F.step("discriminator", _title("discriminator", first, i), _d_formula(config, d),
                                    ("discriminator",), {"loss:d": values["loss:d"], "heat": values["heat"],
                                                         "d:real": values["d:real"], "iteration": i}))
            steps.append(F.step("generator", _title("generator", first, i), _g_formula(config, g), ("generator",),
                                values))
            params_after[i] = {k: v.copy() for k, v in run.gan.params.items()}
            first = i + 1
    return base, tuple(steps), params_after


def sample_steps(config: Config, params: dict, base: dict, iteration: int, s: int) -> list[Step]:
    """Display sample s after ``iteration``: z, G layer by layer, D(G(z)), its loss terms, ∂ℓ/∂G(z)."""
    gan = GAN((2, *config.g_hidden, 2), (2, *config.d_hidden, 1), config.activation, config.seed, params)
    z = base["z:show"][s:s + 1]
    g = gan.g_pass(z, config.g_loss)
    focus = (f"fake:{s}",)
    head = _("Sample {s} after iteration {i}").format(s=s, i=iteration)
    steps = [F.step("sample", f"{head} — {_('noise z')}", F.given(F.sym("z"), F.vector(z, brackets="()")), focus,
                    {"inspect:sample": s, "inspect:z": z[0]})]
    act = ACT_NAMES[config.activation]
    n_layers = len(config.g_hidden) + 1
    prev = "z"
    for l in range(1, n_layers + 1):
        pre = g.layers[2 * (l - 1)][0]
        if l < n_layers:
            post = g.layers[2 * l - 1][0]
            name = f"h⁽{str(l).translate(SUP)}⁾"
            formula = F.eq(F.Text(name), F.Text(f"{act}({prev}·W{str(l).translate(SUB)} + b{str(l).translate(SUB)})"),
                           F.apply(act, F.vector(pre, 3, "()")), F.vector(post, 3, "()"))
            values = {f"inspect:h:{l}": post}
            title = _("{head} — generator layer {l}").format(head=head, l=l)
            prev = name
        else:
            formula = F.eq(F.Text("G(z)"), F.Text(f"{prev}·W{str(l).translate(SUB)} + b{str(l).translate(SUB)}"),
                           F.vector(pre, brackets="()"))
            values = {"inspect:point": pre}
            title = _("{head} — the generated point G(z)").format(head=head)
        steps.append(F.step("sample", title, formula, focus, values))
    p = float(g.d_fake[0])
    a = float(np.log(p) - np.log1p(-p))
    steps.append(F.step("sample", _("{head} — the discriminator's verdict").format(head=head),
                        F.eq(F.Text("D(G(z))"), F.apply("σ", F.sym("a")), F.apply("σ", F.Num(a)), F.Num(p)), focus,
                        {"inspect:d": p}))
    one_minus_p = F.terms([F.Num(1), F.Num(p)], " − ")
    if config.g_loss == "non_saturating":
        value = -np.log(p)
        term = F.eq(F.Text("ℓᴳ"), F.Text("−log D(G(z))"), F.terms([F.Text("−log"), F.Num(p)], " "), F.Num(value))
    else:
        value = np.log1p(-p)
        term = F.eq(F.Text("ℓᴳ"), F.Text("log(1 − D(G(z)))"), F.apply("log", one_minus_p), F.Num(value))
    d_term = F.eq(F.Text("ℓᴰ"), F.Text("−log(1 − D(G(z)))"), F.apply("−log", one_minus_p), F.Num(-np.log1p(-p)))
    steps.append(F.step("sample", _("{head} — its loss terms").format(head=head), F.seq([term, d_term]), focus,
                        {"inspect:term": float(value)}))
    grad = g.dfake[0] * len(z)
    steps.append(F.step("sample", _("{head} — the gradient on G(z) (the arrow)").format(head=head),
                        F.seq([F.eq(F.Text("∂ℓᴳ/∂G(z)"), F.vector(grad, brackets="()")),
                               F.eq(F.Text(f"{_('arrow')} −∂ℓᴳ/∂G(z)"), F.vector(-grad, brackets="()"))], ";  "),
                        focus, {"inspect:grad": grad}))
    return steps


def build_timeline(config: Config) -> Timeline:
    key = training_key(config)
    base, steps, params_after = _trained(key)
    steps = list(steps)
    if config.inspect:
        it, s = config.inspect
        s = min(s, SHOW - 1)
        shown = sorted(params_after)
        at = next((i for i in shown if i >= it), shown[-1])
        # after the generator step of iteration ``at`` (at 0: before the first step)
        pos = 0 if at == 0 else next(k + 1 for k, st in enumerate(steps)
                                     if st.phase == "generator" and st.values.get("iteration") == at)
        steps[pos:pos] = sample_steps(config, params_after[at], base, at, s)
    title = _("GAN on {data}: {n} iterations").format(data=_(DATASET_NAMES[config.dataset]), n=config.iterations)
    return Timeline("generative", steps, base, title)


def train(config: Config, steps=None, progress=None, should_stop=None):
    """``steps`` iterations (default ``config.iterations``) from the config's weights; returns
    (config with the trained weights, summary)."""
    start = time.perf_counter()
    n = config.iterations if steps is None else steps
    run = TrainingRun(replace(config, iterations=max(n, 1)))
    done = 0
    for i in range(n):
        if should_stop is not None and should_stop():
            break
        run.iteration(i)
        done = i + 1
        if progress is not None and (done % 50 == 0 or done == n):
            progress(done / n, {"iteration": done, "loss": float(run.loss_g[i]), "loss_d": float(run.loss_d[i])})
    fake = run.gan.generate(np.random.default_rng([config.seed, 1]).uniform(-1, 1, (1000, 2)))
    summary = {"iterations": done, "loss_d": float(run.loss_d[done - 1]) if done else None,
               "loss_g": float(run.loss_g[done - 1]) if done else None,
               "d_real": float(run.gan.discriminate(run.real).mean()),
               "d_fake": float(run.gan.discriminate(fake).mean()),
               "fake_mean": fake.mean(axis=0).tolist(), "real_mean": run.real.mean(axis=0).tolist(),
               "seconds": round(time.perf_counter() - start, 3), "stopped": done < n}
    return with_weights(config, run.gan.params), summary
