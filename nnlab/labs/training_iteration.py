"""The first part of the training lab's timeline: one mini-batch update from the initial weights,
stepped number by number (the batch, the forward pass, the loss, the backward pass, the
optimizer's update of each parameter), and how its formulas print numbers."""

from __future__ import annotations

import math

import numpy as np

from nnlab.formulas import num
from nnlab.functions import ACTIVATIONS
from nnlab.i18n import _
from nnlab.labs.training_setup import Config, Prepared, batches, make_model, make_optimizer
from nnlab.layers import Affine, BatchNorm, Dropout, SoftmaxWithLoss
from nnlab.steps import Step

OPTIMIZER_NAMES = {"sgd": "SGD", "momentum": "Momentum", "nesterov": "Nesterov", "adagrad": "AdaGrad",
                   "rmsprop": "RMSprop", "adam": "Adam"}
PER_NODE = 8  # layers up to this many units are stepped node by node


_SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")


def _sub(*ix: int) -> str:
    """1-based subscripts: _sub(0, 1) = '₁₂'."""
    return ("".join(str(i + 1) for i in ix) if all(i < 9 for i in ix) else ",".join(str(i + 1) for i in ix)).translate(_SUB)


def _arg(x: float) -> str:
    return f"({num(x)})" if num(x).startswith("−") else num(x)


def _terms(pairs, limit: int = 4) -> str:
    """'a × b + c × d + … (n terms)' for the first ``limit`` pairs."""
    pairs = list(pairs)
    text = " + ".join(f"{_arg(a)} × {_arg(b)}" for a, b in pairs[:limit])
    if len(pairs) > limit:
        text += " + … " + _("({n} terms)").format(n=len(pairs))
    return text


def _partial(full: np.ndarray, upto: int) -> np.ndarray:
    """``full`` with the columns after ``upto`` hidden (NaN)."""
    out = np.full_like(full, np.nan, dtype=np.float64)
    out[:, : upto + 1] = full[:, : upto + 1]
    return out


def _edges(l: int, n_in: int, j: int) -> tuple[str, ...]:
    return tuple(f"edge:{l}:{i}:{j}" for i in range(n_in))


def _layer_edges(l: int, n_in: int, n_out: int) -> tuple[str, ...]:
    return tuple(f"edge:{l}:{i}:{j}" for i in range(n_in) for j in range(n_out)) if n_in * n_out <= 64 else (f"layer:{l}",)


def _act_formula(name: str, z: float, h: float) -> str:
    symbol = {"sigmoid": "σ", "tanh": "tanh", "relu": "ReLU", "leaky_relu": "LeakyReLU", "softplus": "softplus",
              "identity": "f", "linear": "f", "step": "step", "sign": "sign", "piecewise_linear": "f"}[name]
    return f"{symbol}({num(z)}) = {num(h)}"


def iteration(config: Config, prep: Prepared) -> list[Step]:
    """The steps of the first mini-batch update (see the module docstring): the MLP's own layer
    objects run one at a time, forward then backward, then the optimizer's update."""
    walk = _Walk(config, prep)
    with np.errstate(over="ignore", invalid="ignore", divide="ignore", under="ignore"):
        walk.data()
        walk.forward()
        walk.loss()
        walk.backward()
        walk.update()
    return walk.steps


class _Walk:
    """One mini-batch through a fresh model, collecting a Step for every number worth showing.
    Sample 1 of the batch is the one written out; every step reveals the whole batch's arrays."""

    def __init__(self, config: Config, prep: Prepared):
        self.config, self.prep = config, prep
        self.model = make_model(config, prep)
        self.optimizer = make_optimizer(config)
        self.idx = next(batches(config, len(prep.x_train), np.random.default_rng([config.seed, 1])))
        self.x, self.t = prep.x_train[self.idx], prep.t_train[self.idx]
        self.B, self.L = len(self.idx), len(prep.sizes) - 1
        self.acts = [config.activation] * len(config.hidden)
        self.steps: list[Step] = []
        self.pre: dict[int, np.ndarray] = {}  # what each hidden activation saw (for f′ going back)
        self.scores = self.y = None
        self.grads: dict[str, np.ndarray] = {}

    def add(self, phase, title, formula, focus, values) -> None:
        self.steps.append(Step(phase, title, formula, tuple(focus), values))

    def data(self) -> None:
        idx, x, t = self.idx, self.x, self.t
        shown = ", ".join(f"#{i + 1}" for i in idx[:6]) + (", …" if self.B > 6 else "")
        self.add("data", _("Mini-batch 1 of epoch 1: {b} of {n} samples").format(b=self.B, n=len(self.prep.x_train)),
                 _("samples {list}; sample 1: x = [{x}], t = [{t}]").format(
                     list=shown, x=", ".join(num(v) for v in x[0][:6]) + (", …" if x.shape[1] > 6 else ""),
                     t=", ".join(num(v) for v in t[0])),
                 ("layer:0",), {"batch:index": idx, "batch:x": x, "batch:t": t, "h:0": x})

    # -- forward ---------------------------------------------------------------------------------
    def forward(self) -> None:
        h, l = self.x, 0
        for layer in self.model.layers:
            if isinstance(layer, Affine):
                l += 1
                h = self._affine(layer, l, h)
            elif isinstance(layer, BatchNorm):
                out = layer.forward(h, True)
                mu, var = h.mean(axis=0), h.var(axis=0)
                self.add("forward", _("Layer {l} — batch normalisation").format(l=l),
                         f"ẑ = γ·(z − μ) / √(σ² + ε) + β: z{_sub(0)} = {num(h[0, 0])}, μ = {num(mu[0])}, "
                         f"σ² = {num(var[0])} → {num(out[0, 0])}", (f"layer:{l}",), {f"bn:{l}": out})
                h = out
            elif isinstance(layer, Dropout):
                out = layer.forward(h, True)
                kept = int(layer.mask.sum()) if layer.mask is not None else h.size
                self.add("forward", _("Layer {l} — dropout").format(l=l),
                         _("each unit kept with probability {q}, kept ones × 1/{q}: {k} of {n} kept").format(
                             q=num(1 - self.config.dropout), k=kept, n=h.size), (f"layer:{l}",), {f"h:{l}": out})
                h = out
            else:
                self.pre[l] = h
                h = self._activation(layer, l, h)
        self.scores = h

    def _affine(self, layer: Affine, l: int, h: np.ndarray) -> np.ndarray:
        W, b = self.model.params[f"W{l}"], self.model.params.get(f"b{l}")
        z = layer.forward(h)
        n_in, n_out = W.shape

        def bias(j):
            return f" + {_arg(b[j])}" if b is not None else ""

        if n_out <= PER_NODE:
            for j in range(n_out):
                title = (_("Output node {j} — weighted sum") if l == self.L
                         else _("Layer {l}, node {j} — weighted sum")).format(l=l, j=j + 1)
                formula = (f"z{_sub(j)} = Σᵢ hᵢ·wᵢ{_sub(j)}{' + b' + _sub(j) if b is not None else ''} = "
                           f"{_terms(zip(h[0], W[:, j]))}{bias(j)} = {num(z[0, j])}")
                self.add("forward", title, formula, (f"node:{l}:{j}", *_edges(l, n_in, j)), {f"z:{l}": _partial(z, j)})
        else:
            self.add("forward", _("Layer {l} — weighted sums Z = H·W{l}{b} ({B}×{i} · {i}×{o})").format(
                l=l, b=" + b" if b is not None else "", B=self.B, i=n_in, o=n_out),
                f"z{_sub(0)} = {_terms(zip(h[0], W[:, 0]))}{bias(0)} = {num(z[0, 0])}", (f"layer:{l}",), {f"z:{l}": z})
        return z

    def _activation(self, layer, l: int, h: np.ndarray) -> np.ndarray:
        out = layer.forward(h)
        name = self.acts[l - 1]
        if out.shape[1] <= PER_NODE:
            for j in range(out.shape[1]):
                self.add("forward", _("Layer {l}, node {j} — activation").format(l=l, j=j + 1),
                         f"h{_sub(j)} = {_act_formula(name, h[0, j], out[0, j])}", (f"node:{l}:{j}",),
                         {f"h:{l}": _partial(out, j)})
        else:
            self.add("forward", _("Layer {l} — activation {f}").format(l=l, f=name),
                     f"{ACTIVATIONS[name].formula}: h{_sub(0)} = {_act_formula(name, h[0, 0], out[0, 0])}",
                     (f"layer:{l}",), {f"h:{l}": out})
        return out

    # -- output and loss -------------------------------------------------------------------------
    def loss(self) -> None:
        config, h, t, L = self.config, self.scores, self.t, self.L
        data_loss = self.model.last_layer.forward(h, t)
        y = self.y = self.model.last_layer.y
        if config.output == "softmax":
            self.add("forward", _("Output — softmax"),
                     f"y = exp(zₖ) / Σᵢ exp(zᵢ): y{_sub(0)} = exp({num(h[0, 0])}) / ({' + '.join(f'exp({num(v)})' for v in h[0][:4])}"
                     f"{' + …' if h.shape[1] > 4 else ''}) = {num(y[0, 0])}", [f"node:{L}:{j}" for j in range(y.shape[1])],
                     {f"h:{L}": y})
        else:
            for j in range(min(y.shape[1], PER_NODE)):
                self.add("forward", _("Output node {j} — {f}").format(j=j + 1, f=config.output),
                         f"y{_sub(j)} = {_act_formula(config.output, h[0, j], y[0, j])}", (f"node:{L}:{j}",),
                         {f"h:{L}": _partial(y, j) if y.shape[1] <= PER_NODE else y})
        decay = 0.0
        if config.weight_decay:
            Ws = [v for k, v in self.model.params.items() if k.startswith("W")]
            decay = (0.5 * config.weight_decay * sum(float(np.sum(W * W)) for W in Ws) if config.decay == "l2"
                     else config.weight_decay * sum(float(np.sum(np.abs(W))) for W in Ws))
        y0, t0 = y[0], t[0]
        if config.loss == "mse":
            symbolic = "E = (1/B)·Σₙ ½Σₖ (yₖ − tₖ)²"
            sample = ("½·(" + " + ".join(f"({num(a)} − {num(b)})²" for a, b in list(zip(y0, t0))[:4])
                      + (" + …" if len(y0) > 4 else "") + ")")
        elif y.shape[1] == 1:
            symbolic = "E = −(1/B)·Σₙ [t·log y + (1 − t)·log(1 − y)]"
            sample = f"−[{num(t0[0])}·log {num(y0[0])} + {num(1 - t0[0])}·log {num(1 - y0[0])}]"
        else:
            k = int(np.argmax(t0))
            symbolic = "E = −(1/B)·Σₙ Σₖ tₖ·log yₖ"
            sample = f"−log y{_sub(k)} = −log {num(y0[k])}"
        reg = f" + {'½λΣw²' if config.decay == 'l2' else 'λΣ|w|'} ({num(decay)})" if config.weight_decay else ""
        self.add("loss", _("Loss over the batch of {b}").format(b=self.B),
                 f"{symbolic}{reg}\n" + _("sample 1: {sample}; batch: E = {E}").format(
                     sample=sample, E=num(data_loss + decay)), ("loss",), {"loss:batch": data_loss + decay})

    # -- backward --------------------------------------------------------------------------------
    def backward(self) -> None:
        delta = self._output_delta()
        l = self.L
        for layer in reversed(self.model.layers):
            if isinstance(layer, Affine):
                delta = self._affine_back(layer, l, delta)
                l -= 1
            elif isinstance(layer, Dropout):
                delta = layer.backward(delta)
                self.add("backward", _("Layer {l} — dropout backward").format(l=l),
                         _("the same units are dropped; the kept ones × 1/{q}").format(q=num(1 - self.config.dropout)),
                         (f"layer:{l}",), {f"dh:{l}": delta})
            elif isinstance(layer, BatchNorm):
                dz = layer.backward(delta)
                g, b = layer.grads[f"gamma{l}"], layer.grads[f"beta{l}"]
                self.grads[f"gamma{l}"], self.grads[f"beta{l}"] = g, b
                self.add("backward", _("Layer {l} — batch normalisation backward").format(l=l),
                         f"∂E/∂γ{_sub(0)} = Σₙ ẑ⁽ⁿ⁾·δ⁽ⁿ⁾ = {num(g[0])}, ∂E/∂β{_sub(0)} = Σₙ δ⁽ⁿ⁾ = {num(b[0])}; "
                         f"∂E/∂z{_sub(0)} = {num(dz[0, 0])}", (f"layer:{l}",),
                         {f"grad:gamma{l}": g, f"grad:beta{l}": b, f"delta:{l}": dz})
                delta = dz
            else:
                delta = self._activation_back(layer, l, delta)
        self.grads = {k: self.grads[k] for k in self.model.params}

    def _output_delta(self) -> np.ndarray:
        config, y, t, B, L, h = self.config, self.y, self.t, self.B, self.L, self.scores
        last = self.model.last_layer
        delta = last.backward(1.0)
        y0, t0 = y[0], t[0]
        if isinstance(last, SoftmaxWithLoss) or (config.loss == "cross_entropy" and y.shape[1] == 1):
            rule = "δ = (y − t) / B"

            def example(j):
                return f"({num(y0[j])} − {num(t0[j])}) / {B}"
        elif config.loss == "mse" and config.output in ACTIVATIONS:  # softmax's f′ is a matrix
            rule = "δ = (y − t)·f′(z) / B"
            df = ACTIVATIONS[config.output].df

            def example(j):
                return f"({num(y0[j])} − {num(t0[j])}) × {num(df(h[0, j]))} / {B}"
        else:
            rule = "δ = ∂E/∂y · ∂y/∂z"

            def example(j):
                return "…"
        per_node = delta.shape[1] <= PER_NODE
        for j in range(delta.shape[1] if per_node else 1):
            self.add("backward", (_("Output node {j} — δ = ∂E/∂z").format(j=j + 1) if per_node
                                  else _("Output layer — δ = ∂E/∂z")),
                     f"{rule}: δ{_sub(j)} = {example(j)} = {num(delta[0, j])}", (f"node:{L}:{j}",),
                     {f"delta:{L}": _partial(delta, j) if per_node else delta})
        return delta

    def _affine_back(self, layer: Affine, l: int, delta: np.ndarray) -> np.ndarray:
        config = self.config
        W, h_in = self.model.params[f"W{l}"], layer.x
        dx = layer.backward(delta)
        gW = layer.grads[f"W{l}"]
        if config.weight_decay:
            gW = gW + config.weight_decay * (W if config.decay == "l2" else np.sign(W))
        self.grads[f"W{l}"] = gW
        text = f"∂E/∂w{_sub(0, 0)} = Σₙ h{_sub(0)}⁽ⁿ⁾·δ{_sub(0)}⁽ⁿ⁾ = {_terms(zip(h_in[:, 0], delta[:, 0]))}"
        if config.weight_decay:
            text += f" + {'λw' if config.decay == 'l2' else 'λ·sign(w)'}"
        text += f" = {num(gW[0, 0])}"
        values = {f"grad:W{l}": gW}
        if layer.b is not None:
            gb = self.grads[f"b{l}"] = layer.grads[f"b{l}"]
            values[f"grad:b{l}"] = gb
            text += f"\n∂E/∂b{_sub(0)} = Σₙ δ{_sub(0)}⁽ⁿ⁾ = {num(gb[0])}"
        self.add("backward", _("Layer {l} — gradients ∂E/∂W{l} = Hᵀ·δ").format(l=l), text,
                 _layer_edges(l, *W.shape), values)
        return dx

    def _activation_back(self, layer, l: int, dh: np.ndarray) -> np.ndarray:
        """δ of hidden layer l = ∂E/∂h ⊙ f′(z), node by node when the layer is small."""
        delta = layer.backward(dh)
        fprime = ACTIVATIONS[self.acts[l - 1]].df(self.pre[l])
        per_node = delta.shape[1] <= PER_NODE
        for j in range(delta.shape[1] if per_node else 1):
            title = (_("Layer {l}, node {j} — δ = ∂E/∂h · f′(z)").format(l=l, j=j + 1) if per_node
                     else _("Layer {l} — δ = ∂E/∂H ⊙ f′(Z)").format(l=l))
            formula = (f"∂E/∂h{_sub(j)} = Σₖ δₖ·w{_sub(j)}ₖ = {num(dh[0, j])}; "
                       f"δ{_sub(j)} = {num(dh[0, j])} × {num(fprime[0, j])} = {num(delta[0, j])}")
            self.add("backward", title, formula, (f"node:{l}:{j}",), {f"delta:{l}": _partial(delta, j) if per_node else delta})
        return delta

    # -- update ----------------------------------------------------------------------------------
    def update(self) -> None:
        """The optimizer's step, then one Step per parameter array with entry [0, …] written out."""
        params = self.model.params
        before = {k: v.copy() for k, v in params.items()}
        self.optimizer.update(params, self.grads)
        for key, new in params.items():
            q = self.optimizer.last[key]
            i0 = (0,) * new.ndim
            self.add("update", _("Update {key} — {opt}").format(key=key, opt=OPTIMIZER_NAMES[self.config.optimizer]),
                     _update_formula(self.config, key, before[key][i0], new[i0], {k: np.asarray(v)[i0] if np.ndim(v) else v for k, v in q.items()}),
                     _layer_edges(_layer_of(key), *new.shape) if key.startswith("W") else (f"layer:{_layer_of(key)}",),
                     {f"new:{key}": new.copy(), f"params:{key}": new.copy()})


def _layer_of(key: str) -> int:
    """The layer number at the end of a parameter name: W2 → 2, gamma1 → 1."""
    return int(key[len(key.rstrip("0123456789")):])


def _update_formula(config: Config, key: str, old: float, new: float, q: dict) -> str:
    """The optimizer's rule, then entry [0, …] of ``key`` with its numbers."""
    w = f"{key}{_sub(0, 0) if key.startswith('W') else _sub(0)}"
    lr, g = num(config.lr), num(q["g"])
    name = config.optimizer
    if name == "sgd":
        return f"w ← w − η·∂E/∂w: {w} = {num(old)} − {lr} × {_arg(q['g'])} = {num(new)}"
    if name == "momentum":
        v = q.get("b", q["g"])  # momentum 0 keeps no buffer: v = g
        return (f"v ← μ·v + ∂E/∂w; w ← w − η·v: v = {num(v)}, "
                f"{w} = {num(old)} − {lr} × {_arg(v)} = {num(new)}")
    if name == "nesterov":
        return (f"v ← μ·v + g; w ← w − η·(g + μ·v): v = {num(q['b'])}, "
                f"{w} = {num(old)} − {lr} × {_arg(q['d'])} = {num(new)}")
    if name == "adagrad":
        return (f"h ← h + g²; w ← w − η·g / (√h + ε): g = {g}, h = {num(q['h'])}, "
                f"{w} = {num(old)} − {lr} × {_arg(q['g'])} / {num(math.sqrt(q['h']))} = {num(new)}")
    if name == "rmsprop":
        return (f"v ← α·v + (1 − α)·g²; w ← w − η·g / (√v + ε): g = {g}, v = {num(q['v'])}, "
                f"{w} = {num(old)} − {lr} × {_arg(q['g'])} / {num(math.sqrt(q['v']))} = {num(new)}")
    return (f"m ← β₁m + (1 − β₁)g; v ← β₂v + (1 − β₂)g²; w ← w − η·m̂ / (√v̂ + ε): g = {g}, "
            f"m̂ = {num(q['m_hat'])}, v̂ = {num(q['v_hat'])}, {w} = {num(old)} + {_arg(q['delta'])} = {num(new)}")
