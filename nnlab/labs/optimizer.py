"""Optimizer lab: SGD, Momentum, NAG, AdaGrad, RMSprop and Adam racing on a loss surface.

Every enabled optimizer starts at ``start`` on the surface and takes ``iterations`` steps
with ``nnlab.optim`` (torch's arithmetic). Step k of the timeline is iteration t = k + 1: all
of them move once. The formula shows the ``detail`` optimizer's update in textbook form with
its numbers (Adam: g, m, v, m̂, v̂, Δ); the pane shows every optimizer's loss. An optimizer whose point
or gradient becomes NaN/inf, or leaves the plot range by more than ``DIVERGE_FACTOR`` times
its size, is marked "diverged at step t" and stops; the others go on.

Value ids, per enabled optimizer o (``sgd``, ``momentum``, ``nesterov``, ``adagrad``,
``rmsprop``, ``adam``): ``path:o`` (points so far, (n, 2): the start, then one point per step
taken) and ``loss:o`` (f along the path, (n,)), both given by ``state_at`` rather than stored
in every step; ``theta:o`` (current point, (2,)), ``f:o`` (current loss), ``g:o`` and ``delta:o`` (the latest gradient and update, (2,)), the
optimizer's state after its latest update — ``b:o`` (momentum buffer; Momentum, NAG),
``d:o`` (NAG's direction g + μ·b), ``h:o`` (AdaGrad's Σg²), ``v:o`` (RMSprop's and Adam's
second moment), ``m:o``, ``m_hat:o``, ``v_hat:o`` (Adam) — and ``diverged:o`` (the step at
which it diverged, 0 while it has not). ``iteration`` is t (0 before the first step).
Focus: ``opt:o`` for each optimizer that moved, ``diverged:o`` where one diverged.
Every step sets every id, so ``state_at(k)`` is ``base`` updated by step k's values.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from types import MappingProxyType

import numpy as np

from nnlab import optim
from nnlab import formulas as F
from nnlab.formulas import num
from nnlab.i18n import _
from nnlab.steps import Step, Timeline
from nnlab.surfaces import SURFACES, Surface, SurfaceGrid, bowl, parse
from nnlab.labs import MAX_ABS, check_fields, read_number

DEFAULT_PRESET = "optimizer-race"
MAX_ITERATIONS = 5000
DIVERGE_FACTOR = 1e3
NAMES = {"sgd": "SGD", "momentum": "Momentum", "nesterov": "NAG", "adagrad": "AdaGrad",
         "rmsprop": "RMSprop", "adam": "Adam"}
# The hyper-parameters the lab edits, per optimizer (torch's names and defaults).
HYPER = {"sgd": (), "momentum": ("momentum",), "nesterov": ("momentum",), "adagrad": ("eps",),
         "rmsprop": ("alpha", "eps"), "adam": ("betas", "eps")}
STATE = {"sgd": (), "momentum": ("b",), "nesterov": ("b", "d"), "adagrad": ("h",), "rmsprop": ("v",),
         "adam": ("m", "v", "m_hat", "v_hat")}
# A start point per named surface that shows its shape (used when the surface is switched).
DEFAULT_START = {"dlfs": (-7.0, 2.0), "rosenbrock": (-1.5, 2.0), "beale": (1.0, 1.5), "himmelblau": (0.0, -4.5),
                 "saddle": (-1.5, 0.001), "bowl": (-8.0, 3.0)}
DEFAULT_LR = {"sgd": 0.95, "momentum": 0.1, "nesterov": 0.1, "adagrad": 1.5, "rmsprop": 0.1, "adam": 0.3}


@dataclass(frozen=True)
class Setting:
    """One optimizer's switch, learning rate and hyper-parameters (torch's names)."""

    on: bool
    lr: float
    momentum: float = 0.9
    eps: float = 1e-8
    alpha: float = 0.99
    betas: tuple[float, float] = (0.9, 0.999)

    def hyper(self, name: str) -> dict:
        return {k: getattr(self, k) for k in HYPER[name]}


def default_setting(name: str, on: bool = False) -> Setting:
    eps = optim.HYPER_DEFAULTS[name].get("eps", 1e-8)
    return Setting(on, DEFAULT_LR[name], eps=eps)


@dataclass(frozen=True)
class Config:
    surface: str = "dlfs"  # a name in nnlab.surfaces.SURFACES, or "custom" (then ``expression``)
    expression: str = ""
    condition: float = 10.0  # κ of the "bowl" surface
    start: tuple[float, float] = (-7.0, 2.0)
    iterations: int = 30
    detail: str = "adam"  # whose update the formula spells out
    settings: tuple[Setting, ...] = tuple(default_setting(n, True) for n in optim.OPTIMIZERS)

    def setting(self, name: str) -> Setting:
        return self.settings[optim.OPTIMIZERS.index(name)]

    @property
    def enabled(self) -> tuple[str, ...]:
        return tuple(n for n, s in zip(optim.OPTIMIZERS, self.settings) if s.on)

    @classmethod
    def from_dict(cls, d: dict) -> Config:
        check_fields(d, {f.name for f in fields(cls)} - {"settings"} | {"optimizers"})
        c = cls()
        surface = d.get("surface", c.surface)
        if surface != "custom" and (not isinstance(surface, str) or surface not in SURFACES):
            raise ValueError(_("surface: must be one of {names}, or custom").format(names=", ".join(SURFACES)))
        expression = d.get("expression", c.expression)
        if not isinstance(expression, str):
            raise ValueError(_("expression: must be text"))
        if surface == "custom":
            try:
                parse(expression)
            except ValueError as exc:
                raise ValueError(f"expression: {exc}") from None
        condition = read_number("condition", d.get("condition", c.condition), 1.0, 1e6)
        start = d.get("start", list(c.start))
        if not isinstance(start, (list, tuple)) or len(start) != 2:
            raise ValueError(_("start: must be a point [x, y]"))
        start = tuple(read_number(f"start[{i}]", v, -MAX_ABS, MAX_ABS) for i, v in enumerate(start))
        iterations = read_number("iterations", d.get("iterations", c.iterations), 1, MAX_ITERATIONS, integer=True)
        detail = d.get("detail", c.detail)
        if detail not in optim.OPTIMIZERS:
            raise ValueError(_("detail: must be one of {names}").format(names=", ".join(optim.OPTIMIZERS)))
        raw = d.get("optimizers", None)
        if raw is None:
            settings = c.settings
        else:
            if not isinstance(raw, dict):
                raise ValueError(_("optimizers: must be an object {name: {on, lr, ...}}"))
            bad = sorted(set(raw) - set(optim.OPTIMIZERS))
            if bad:
                raise ValueError(_("optimizers.{name}: unknown optimizer; choose from {names}").format(
                    name=bad[0], names=", ".join(optim.OPTIMIZERS)))
            settings = tuple(_setting(n, raw[n]) if n in raw else default_setting(n) for n in optim.OPTIMIZERS)
        return cls(surface, expression, condition, start, iterations, detail, settings)

    def to_dict(self) -> dict:
        opts = {}
        for name, s in zip(optim.OPTIMIZERS, self.settings):
            entry = {"on": s.on, "lr": s.lr}
            for k in HYPER[name]:
                entry[k] = list(getattr(s, k)) if k == "betas" else getattr(s, k)
            opts[name] = entry
        return {"surface": self.surface, "expression": self.expression, "condition": self.condition,
                "start": list(self.start), "iterations": self.iterations, "detail": self.detail,
                "optimizers": opts}


def _setting(name: str, raw) -> Setting:
    where = f"optimizers.{name}"
    if not isinstance(raw, dict):
        raise ValueError(_("{field}: must be an object {{on, lr, ...}}").format(field=where))
    allowed = {"on", "lr", *HYPER[name]}
    bad = sorted(set(raw) - allowed)
    if bad:
        raise ValueError(_("{field}.{key}: not a hyper-parameter of {name} (choose from {keys})").format(
            field=where, key=bad[0], name=NAMES[name], keys=", ".join(sorted(allowed))))
    base = default_setting(name)
    on = raw.get("on", True)
    if not isinstance(on, bool):
        raise ValueError(_("{field}.on: must be true or false").format(field=where))
    values = {"on": on, "lr": read_number(f"{where}.lr", raw.get("lr", base.lr), 0.0, 1e3)}
    if "momentum" in raw:
        values["momentum"] = read_number(f"{where}.momentum", raw["momentum"], 0.0, 1.0, hi_open=True)
        if name == "nesterov" and values["momentum"] == 0:
            raise ValueError(_("{field}.momentum: NAG needs momentum above 0").format(field=where))
    if "eps" in raw:
        values["eps"] = read_number(f"{where}.eps", raw["eps"], 0.0, 1.0)
    if "alpha" in raw:
        values["alpha"] = read_number(f"{where}.alpha", raw["alpha"], 0.0, 1.0)
    if "betas" in raw:
        betas = raw["betas"]
        if not isinstance(betas, (list, tuple)) or len(betas) != 2:
            raise ValueError(_("{field}.betas: must be a pair [β₁, β₂]").format(field=where))
        values["betas"] = tuple(read_number(f"{where}.betas[{i}]", b, 0.0, 1.0, hi_open=True) for i, b in enumerate(betas))
    return Setting(**{**base.__dict__, **values})


def surface_of(config: Config) -> Surface:
    if config.surface == "custom":
        return parse(config.expression)
    if config.surface == "bowl":
        return bowl(config.condition)
    return SURFACES[config.surface]


def view_range(config: Config) -> tuple[tuple[float, float], tuple[float, float]]:
    """The plot range: the surface's, widened to hold the start point with a margin."""
    s = surface_of(config)
    (x0, x1), (y0, y1) = s.xrange, s.yrange
    sx, sy = config.start
    mx, my = 0.1 * (x1 - x0), 0.1 * (y1 - y0)
    return (min(x0, sx - mx), max(x1, sx + mx)), (min(y0, sy - my), max(y1, sy + my))


def surface_grid(config: Config, n: int = 200) -> SurfaceGrid:
    """The surface sampled over ``view_range(config)`` for the contour map (see SurfaceGrid)."""
    xr, yr = view_range(config)
    return surface_of(config).grid(n, xr, yr)


@dataclass
class Run:
    """One optimizer's race: everything recorded per iteration (row t−1 = after step t)."""

    name: str
    path: np.ndarray  # (steps + 1, 2)
    loss: np.ndarray  # (steps + 1,)
    quantities: dict[str, np.ndarray]  # "g", "delta", state names → (steps, 2)
    diverged: int  # the step at which it diverged, 0 if it did not
    why: str  # what diverged


def race(config: Config) -> dict[str, Run]:
    """Run every enabled optimizer from the start point for config.iterations steps, in
    lockstep: one vectorised surface evaluation per iteration gives every optimizer its f and g."""
    surface = surface_of(config)
    (x0, x1), (y0, y1) = view_range(config)
    cx, cy, hx, hy = (x0 + x1) / 2, (y0 + y1) / 2, (x1 - x0) / 2, (y1 - y0) / 2
    n, names = config.iterations, config.enabled
    runs, opts, params, keys = {}, {}, {}, {}
    for name in names:
        s = config.setting(name)
        opts[name] = optim.make(name, s.lr, **s.hyper(name))
        params[name] = {"theta": np.array(config.start, dtype=np.float64)}
        keys[name] = ("g", *STATE[name], "delta")
        runs[name] = Run(name, np.full((n + 1, 2), np.nan), np.full(n + 1, np.nan),
                         {k: np.full((n, 2), np.nan) for k in keys[name]}, 0, "")
    points = np.tile(np.array(config.start, dtype=np.float64), (len(names), 1))
    with np.errstate(all="ignore"):
        f, gx, gy = surface.value_and_gradient(points[:, 0], points[:, 1])
        for r in runs.values():
            r.path[0], r.loss[0] = config.start, f[0]
        active = list(range(len(names)))
        for t in range(1, n + 1):
            moved = []
            for i in active:
                r = runs[names[i]]
                if not (math.isfinite(gx[i]) and math.isfinite(gy[i])):
                    r.diverged, r.why = t, _("the gradient is not finite")
                    continue
                opts[r.name].update(params[r.name], {"theta": np.array((gx[i], gy[i]))})
                points[i] = params[r.name]["theta"]
                moved.append(i)
            if not moved:
                break
            f, gx, gy = surface.value_and_gradient(points[:, 0], points[:, 1])
            active = []
            for i in moved:
                r = runs[names[i]]
                x, y = points[i]
                if not (math.isfinite(x) and math.isfinite(y) and math.isfinite(f[i])):
                    r.diverged, r.why = t, _("θ or f(θ) is not finite")
                elif abs(x - cx) > DIVERGE_FACTOR * hx or abs(y - cy) > DIVERGE_FACTOR * hy:
                    r.diverged, r.why = t, _("θ left the plot range by more than {f}×").format(
                        f=f"{DIVERGE_FACTOR:g}")
                else:
                    last = opts[r.name].last["theta"]
                    for k in keys[r.name]:
                        r.quantities[k][t - 1] = last[k]
                    r.path[t], r.loss[t] = (x, y), f[i]
                    active.append(i)
    return runs


def vec(a) -> str:
    return f"({num(a[0])}, {num(a[1])})"


def hyper_text(name: str, s: Setting) -> str:
    parts = [f"η = {num(s.lr)}"]
    if name in ("momentum", "nesterov"):
        parts.append(f"μ = {num(s.momentum)}")
    if name == "rmsprop":
        parts.append(f"ρ = {num(s.alpha)}")
    if name == "adam":
        parts += [f"β₁ = {num(s.betas[0])}", f"β₂ = {num(s.betas[1])}"]
    if name in ("adagrad", "rmsprop", "adam"):
        parts.append(f"ε = {num(s.eps)}")
    return ", ".join(parts)


def _rule(symbol: str, rule: str, value) -> F.Eq:
    """symbol = rule = (x, y)."""
    return F.eq(F.sym(symbol), F.Text(rule), F.vector(value, brackets="()"))


def update_formula(name: str, q: dict, before, f_before: float, after) -> F.Seq:
    """The textbook update of optimizer ``name`` with the numbers of one step: the first line is
    where it stands (θ, f(θ), g), the last the step it takes; q holds the step's quantities."""
    first = F.seq([F.eq(F.sym("θ"), F.vector(before, brackets="()")), F.eq(F.Text("f(θ)"), F.Num(f_before)),
                   _rule("g", "∇f(θ)", q["g"])], ";  ")
    end = F.eq(F.Text("θ ← θ + Δ"), F.vector(after, brackets="()"))
    if name == "sgd":
        lines = [[_rule("Δ", "−η·g", q["delta"]), end]]
    elif name == "momentum":
        lines = [[_rule("b", "μ·b + g", q["b"]), _rule("Δ", "−η·b", q["delta"]), end]]
    elif name == "nesterov":
        lines = [[_rule("b", "μ·b + g", q["b"]), _rule("Δ", "−η·(g + μ·b)", q["delta"])], [end]]
    elif name == "adagrad":
        lines = [[_rule("h", "h + g²", q["h"]), _rule("Δ", "−η·g/(√h + ε)", q["delta"])], [end]]
    elif name == "rmsprop":
        lines = [[_rule("v", "ρ·v + (1 − ρ)·g²", q["v"]), _rule("Δ", "−η·g/(√v + ε)", q["delta"])], [end]]
    else:
        lines = [[_rule("m", "β₁·m + (1 − β₁)·g", q["m"]), _rule("v", "β₂·v + (1 − β₂)·g²", q["v"])],
                 [_rule("m̂", "m/(1 − β₁ᵗ)", q["m_hat"]), _rule("v̂", "v/(1 − β₂ᵗ)", q["v_hat"])],
                 [_rule("Δ", "−η·m̂/(√v̂ + ε)", q["delta"]), end]]
    return F.seq([first] + [F.seq(line, ";  ") for line in lines])


class OptimizerTimeline(Timeline):
    """A Timeline whose steps are made lazily from the recorded runs; ``state_at(k)`` is O(1)
    because every step sets every value id (see the module docstring). The paths so far
    (``path:o``, ``loss:o``) are views of the recorded runs added by ``state_at``, not stored in
    every step, so a step's values (and ``nnlab steps --format json``) stay small."""

    def __init__(self, config: Config, runs: dict[str, Run], title: str = ""):
        self.config, self.runs = config, runs
        base = {"iteration": 0}
        for name, r in runs.items():
            base.update({f"path:{name}": r.path[:1], f"loss:{name}": r.loss[:1], f"theta:{name}": r.path[0],
                         f"f:{name}": float(r.loss[0]), f"diverged:{name}": 0})
            for key, arr in r.quantities.items():
                base[f"{key}:{name}"] = np.full(2, np.nan)
        super().__init__("optimizer", (), base, title)
        self.steps = F.Rows(config.iterations, self.make_step)  # made on first access: a long race is cheap to build

    def state_at(self, k: int):
        k = min(k, len(self) - 1)
        if k < 0:
            return self.base
        return MappingProxyType({**self.base, **self.steps[k].values, **self._paths(k + 1)})

    def _taken(self, r: Run, t: int) -> int:
        """How many steps run ``r`` had taken by iteration t (it stops where it diverged)."""
        return t if not r.diverged else min(t, r.diverged - 1)

    def _paths(self, t: int) -> dict:
        out = {}
        for name, r in self.runs.items():
            last = self._taken(r, t)
            out[f"path:{name}"] = r.path[: last + 1]
            out[f"loss:{name}"] = r.loss[: last + 1]
        return out

    def make_step(self, k: int) -> Step:
        t = k + 1
        values: dict = {"iteration": t}
        focus = []
        for name, r in self.runs.items():
            last = self._taken(r, t)
            values[f"theta:{name}"] = r.path[last]
            values[f"f:{name}"] = float(r.loss[last])
            values[f"diverged:{name}"] = r.diverged if r.diverged and t >= r.diverged else 0
            for key, arr in r.quantities.items():
                values[f"{key}:{name}"] = arr[last - 1] if last >= 1 else np.full(2, np.nan)
            if last == t:
                focus.append(f"opt:{name}")
            elif r.diverged == t:
                focus.append(f"diverged:{name}")
        cfg = self.config
        n = cfg.iterations
        detail = cfg.detail if cfg.detail in self.runs else next(iter(self.runs), None)
        if detail is None:
            return F.step("optim", _("Iteration {t} of {n}").format(t=t, n=n),
                          F.Text(_("No optimizer is switched on: tick one in the legend.")), (), values)
        r = self.runs[detail]
        title = _("Iteration {t} of {n} — {name} ({hyper})").format(
            t=t, n=n, name=NAMES[detail], hyper=hyper_text(detail, cfg.setting(detail)))
        if r.diverged and t >= r.diverged:
            body = F.Text(_("{name} diverged at step {k}: {why}; it has stopped.").format(
                name=NAMES[detail], k=r.diverged, why=r.why))
        else:
            q = {key: values[f"{key}:{detail}"] for key in r.quantities}
            body = update_formula(detail, q, r.path[t - 1], r.loss[t - 1], r.path[t])
        return F.step("optim", title, body, tuple(focus), values)


def build_timeline(config: Config) -> Timeline:
    surface = surface_of(config)
    title = _("Optimizers on f(x, y) = {f}, from ({x}, {y})").format(
        f=surface.label, x=num(config.start[0]), y=num(config.start[1]))
    return OptimizerTimeline(config, race(config), title)
