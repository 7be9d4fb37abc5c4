"""Optimisers with DLFS's ``update(params, grads)`` that match ``torch.optim`` step for step.

Each optimiser keeps per-key state (``state[key]``), updates ``params`` in place and never
mutates ``grads``. Names and defaults are torch's: ``momentum`` 0.9 for Momentum/Nesterov;
Adagrad ``eps=1e-10``, accumulator starting at ``initial_accumulator_value`` (0); RMSprop
``alpha=0.99``, ``eps=1e-8``; Adam ``betas=(0.9, 0.999)``, ``eps=1e-8`` added after √v̂.
The arithmetic follows torch's single-tensor code, so float64 results agree to rounding.

After every update ``last[key]`` holds the quantities of that key's latest update as arrays,
so the optimizer lab can show them: ``g`` (the gradient used, after weight decay), the state
(``b`` momentum buffer, ``h`` Adagrad sum, ``v`` RMSprop/Adam second moment, ``m`` Adam first
moment, ``m_hat``/``v_hat`` Adam's bias-corrected moments, ``d`` Nesterov's direction) and
``delta`` (what was added to the parameter).
"""

from __future__ import annotations

import math

import numpy as np

OPTIMIZERS = ("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam")

HYPER_DEFAULTS: dict[str, dict] = {
    "sgd": {"weight_decay": 0.0},
    "momentum": {"momentum": 0.9, "dampening": 0.0, "weight_decay": 0.0},
    "nesterov": {"momentum": 0.9, "weight_decay": 0.0},
    "adagrad": {"eps": 1e-10, "lr_decay": 0.0, "initial_accumulator_value": 0.0, "weight_decay": 0.0},
    "rmsprop": {"alpha": 0.99, "eps": 1e-8, "momentum": 0.0, "centered": False, "weight_decay": 0.0},
    "adam": {"betas": (0.9, 0.999), "eps": 1e-8, "weight_decay": 0.0},
}

# torch.optim's default learning rates (SGD has none in older torch; 1e-3 in current torch).
DEFAULT_LR = {"sgd": 1e-3, "momentum": 1e-3, "nesterov": 1e-3, "adagrad": 1e-2, "rmsprop": 1e-2, "adam": 1e-3}


def _check(name: str, value, lo: float = 0.0, hi: float = math.inf, hi_open: bool = False) -> float:
    try:
        value = float(value)
    except (TypeError, ValueError):
        raise ValueError(f"{name}: must be a number, not {value!r}") from None
    if not math.isfinite(value) or value < lo or value > hi or (hi_open and value >= hi):
        bound = f"in [{lo:g}, {hi:g})" if hi_open else (f"≥ {lo:g}" if hi == math.inf else f"in [{lo:g}, {hi:g}]")
        raise ValueError(f"{name}: must be {bound}, not {value!r}")
    return value


class Optimizer:
    """Base: ``update(params, grads)`` walks the keys of ``grads`` and calls ``_step``."""

    name = ""

    def __init__(self, lr: float, weight_decay: float = 0.0):
        self.lr = _check("lr", lr)
        self.weight_decay = _check("weight_decay", weight_decay)
        self.state: dict[str, dict] = {}
        self.last: dict[str, dict[str, np.ndarray]] = {}

    def update(self, params: dict, grads: dict) -> None:
        """One step for every key of ``grads``: ``params[key]`` is changed in place."""
        for key, grad in grads.items():
            p = params[key]
            if not isinstance(p, np.ndarray) or p.dtype.kind != "f":
                raise TypeError(f"{key}: parameters must be float numpy arrays to update in place")
            g = np.array(grad, dtype=p.dtype)  # a copy, and an array even for 0-d keys
            if self.weight_decay != 0:
                g += self.weight_decay * p
            state = self.state.setdefault(key, {"step": 0})
            state["step"] += 1
            quantities = self._step(p, g, state)
            self.last[key] = {"g": g, **{k: np.asarray(v) for k, v in quantities.items()}}

    def _step(self, p: np.ndarray, g: np.ndarray, state: dict) -> dict:
        raise NotImplementedError


class SGD(Optimizer):
    """θ ← θ − η·g; with ``momentum`` μ: b ← μ·b + (1 − dampening)·g (b = g at the first step),
    θ ← θ − η·b, or with ``nesterov`` θ ← θ − η·(g + μ·b)."""

    name = "sgd"

    def __init__(self, lr: float, momentum: float = 0.0, dampening: float = 0.0, nesterov: bool = False,
                 weight_decay: float = 0.0):
        super().__init__(lr, weight_decay)
        self.momentum = _check("momentum", momentum)
        self.dampening = _check("dampening", dampening)
        self.nesterov = bool(nesterov)
        if self.nesterov and (self.momentum <= 0 or self.dampening != 0):
            raise ValueError("nesterov: needs momentum > 0 and dampening 0")

    def _step(self, p, g, state):
        out = {}
        direction = g
        if self.momentum != 0:
            buf = state.get("b")
            if buf is None:
                buf = state["b"] = np.array(g)
            else:
                buf *= self.momentum
                buf += (1 - self.dampening) * g
            out["b"] = buf.copy()
            if self.nesterov:
                direction = g + self.momentum * buf
                out["d"] = direction
            else:
                direction = buf
        delta = -self.lr * direction
        p += delta
        out["delta"] = delta
        return out


class Momentum(SGD):
    """SGD with momentum (torch.optim.SGD(momentum=0.9))."""

    name = "momentum"

    def __init__(self, lr: float, momentum: float = 0.9, dampening: float = 0.0, weight_decay: float = 0.0):
        super().__init__(lr, momentum, dampening, False, weight_decay)


class Nesterov(SGD):
    """SGD with Nesterov momentum (torch.optim.SGD(momentum=0.9, nesterov=True))."""

    name = "nesterov"

    def __init__(self, lr: float, momentum: float = 0.9, weight_decay: float = 0.0):
        if _check("momentum", momentum) <= 0:
            raise ValueError("momentum: must be > 0 for Nesterov")
        super().__init__(lr, momentum, 0.0, True, weight_decay)


class AdaGrad(Optimizer):
    """h ← h + g²; θ ← θ − η'·g / (√h + ε) with η' = η / (1 + (t − 1)·lr_decay)."""

    name = "adagrad"

    def __init__(self, lr: float, eps: float = 1e-10, lr_decay: float = 0.0,
                 initial_accumulator_value: float = 0.0, weight_decay: float = 0.0):
        super().__init__(lr, weight_decay)
        self.eps = _check("eps", eps)
        self.lr_decay = _check("lr_decay", lr_decay)
        self.initial_accumulator_value = _check("initial_accumulator_value", initial_accumulator_value)

    def _step(self, p, g, state):
        h = state.get("h")
        if h is None:
            h = state["h"] = np.full_like(p, self.initial_accumulator_value)
        clr = self.lr / (1 + (state["step"] - 1) * self.lr_decay)
        h += g * g
        delta = -clr * (g / (np.sqrt(h) + self.eps))
        p += delta
        return {"h": h.copy(), "lr": np.asarray(clr), "delta": delta}


class RMSprop(Optimizer):
    """v ← α·v + (1 − α)·g²; θ ← θ − η·g / (√v + ε) (torch's ``alpha`` is the textbook ρ).
    ``centered`` subtracts the squared running mean of g; ``momentum`` buffers g / (√v + ε)."""

    name = "rmsprop"

    def __init__(self, lr: float, alpha: float = 0.99, eps: float = 1e-8, momentum: float = 0.0,
                 centered: bool = False, weight_decay: float = 0.0):
        super().__init__(lr, weight_decay)
        self.alpha = _check("alpha", alpha, 0.0, 1.0)
        self.eps = _check("eps", eps)
        self.momentum = _check("momentum", momentum)
        self.centered = bool(centered)

    def _step(self, p, g, state):
        v = state.get("v")
        if v is None:
            v = state["v"] = np.zeros_like(p)
        v *= self.alpha
        v += (1 - self.alpha) * (g * g)
        out = {"v": v.copy()}
        if self.centered:
            ga = state.setdefault("g_avg", np.zeros_like(p))
            ga += (1 - self.alpha) * (g - ga)
            avg = np.sqrt(v - ga * ga) + self.eps
            out["g_avg"] = ga.copy()
        else:
            avg = np.sqrt(v) + self.eps
        if self.momentum > 0:
            buf = state.setdefault("b", np.zeros_like(p))
            buf *= self.momentum
            buf += g / avg
            out["b"] = buf.copy()
            delta = -self.lr * buf
        else:
            delta = -self.lr * (g / avg)
        p += delta
        out["delta"] = delta
        return out


class Adam(Optimizer):
    """m ← β₁·m + (1 − β₁)·g; v ← β₂·v + (1 − β₂)·g²; m̂ = m / (1 − β₁ᵗ); v̂ = v / (1 − β₂ᵗ);
    θ ← θ − η·m̂ / (√v̂ + ε). Computed as torch does: θ ← θ − (η / (1 − β₁ᵗ))·m / (√v / √(1 − β₂ᵗ) + ε)."""

    name = "adam"

    def __init__(self, lr: float, betas=(0.9, 0.999), eps: float = 1e-8, weight_decay: float = 0.0):
        super().__init__(lr, weight_decay)
        try:
            b1, b2 = betas
        except (TypeError, ValueError):
            raise ValueError(f"betas: must be a pair of numbers, not {betas!r}") from None
        self.betas = (_check("betas[0]", b1, 0.0, 1.0, hi_open=True), _check("betas[1]", b2, 0.0, 1.0, hi_open=True))
        self.eps = _check("eps", eps)

    def _step(self, p, g, state):
        b1, b2 = self.betas
        t = state["step"]
        if "m" not in state:
            state["m"], state["v"] = np.zeros_like(p), np.zeros_like(p)
        m, v = state["m"], state["v"]
        m += (1 - b1) * (g - m)  # torch: exp_avg.lerp_(grad, 1 - beta1)
        v *= b2
        v += (1 - b2) * (g * g)
        bc1, bc2 = 1 - b1**t, 1 - b2**t
        denom = np.sqrt(v) / bc2**0.5 + self.eps
        delta = -(self.lr / bc1) * (m / denom)
        p += delta
        return {"m": m.copy(), "v": v.copy(), "m_hat": m / bc1, "v_hat": v / bc2, "delta": delta}


CLASSES = {"sgd": SGD, "momentum": Momentum, "nesterov": Nesterov, "adagrad": AdaGrad,
           "rmsprop": RMSprop, "adam": Adam}


def make(name: str, lr: float, **hyper) -> Optimizer:
    """The optimiser ``name`` (one of OPTIMIZERS) with learning rate ``lr`` and torch-named
    hyper-parameters (see HYPER_DEFAULTS); ValueError for an unknown name or option."""
    if name not in CLASSES:
        raise ValueError(f"optimizer: unknown {name!r}; choose one of {', '.join(OPTIMIZERS)}")
    unknown = sorted(set(hyper) - set(HYPER_DEFAULTS[name]))
    if unknown:
        raise ValueError(f"{unknown[0]}: not a hyper-parameter of {name} "
                         f"(choose from {', '.join(HYPER_DEFAULTS[name])})")
    return CLASSES[name](lr, **hyper)
