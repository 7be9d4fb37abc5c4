"""The first part of the training lab's timeline: one mini-batch update from the initial weights,
stepped number by number (the batch, the forward pass, the loss, the backward pass, the
optimizer's update of each parameter), and how its formulas print numbers."""

from __future__ import annotations

import math

import numpy as np

from nnlab import formulas as F
from nnlab.formulas import num
from nnlab.functions import ACTIVATIONS
from nnlab.i18n import _
from nnlab.labs.training_setup import Config, Prepared, batches, make_model, make_optimizer
from nnlab.layers import Affine, BatchNorm, Dropout, SoftmaxWithLoss
from nnlab.steps import Step

OPTIMIZER_NAMES = {"sgd": "SGD", "momentum": "Momentum", "nesterov": "Nesterov", "adagrad": "AdaGrad",
                   "rmsprop": "RMSprop", "adam": "Adam"}
PER_NODE = 8  # layers up to this many units are stepped node by node


def _sym(name: str, *ix: int, sup: str = "") -> F.Sym:
    """``name`` with 1-based subscripts: _sym("w", 0, 1) = w₁₂."""
    return F.sym(name, F.index(*ix), sup)


def _terms(pairs, limit: int = 5) -> F.Terms:
    """a × b + c × d + … (the middle abbreviated beyond ``limit`` pairs)."""
    return F.terms([F.product(F.Num(a), F.Num(b)) for a, b in pairs], limit=limit)


def _vector(values, most: int = 6) -> F.Group:
    """[a, b, …] with at most ``most`` entries."""
    shown = [F.Num(v) for v in values[:most]] + ([F.Text("…")] if len(values) > most else [])
    return F.Group(F.terms(shown, ", "), brackets="[]")


def _partial(full: np.ndarray, upto: int) -> np.ndarray:
    """``full`` with the columns after ``upto`` hidden (NaN)."""
    out = np.full_like(full, np.nan, dtype=np.float64)
    out[:, : upto + 1] = full[:, : upto + 1]
    return out


def _edges(l: int, n_in: int, j: int) -> tuple[str, ...]:
    return tuple(f"edge:{l}:{i}:{j}" for i in range(n_in))


def _layer_edges(l: int, n_in: int, n_out: int) -> tuple[str, ...]:
    return tuple(f"edge:{l}:{i}:{j}" for i in range(n_in) for j in range(n_out)) if n_in * n_out <= 64 else (f"layer:{l}",)


def _act_formula(out: F.Sym, name: str, z: float, h: float) -> F.Eq:
    symbol = {"sigmoid": "σ", "tanh": "tanh", "relu": "ReLU", "leaky_relu": "LeakyReLU", "softplus": "softplus",
              "identity": "f", "linear": "f", "step": "step", "sign": "sign", "piecewise_linear": "f"}[name]
    return F.eq(out, F.apply(symbol, F.Num(z)), F.Num(h))


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

    def add(self, phase, title, expr, focus, values) -> None:
        self.steps.append(F.step(phase, title, expr, tuple(focus), values))

    def data(self) -> None:
        idx, x, t = self.idx, self.x, self.t
        shown = ", ".join(f"#{i + 1}" for i in idx[:6]) + (", …" if self.B > 6 else "")
        self.add("data", _("Mini-batch 1 of epoch 1: {b} of {n} samples").format(b=self.B, n=len(self.prep.x_train)),
                 F.seq([F.Text(_("samples {list}").format(list=shown)),
                        F.terms([F.Text(_("sample 1:")), F.seq([F.given(F.sym("x"), _vector(x[0])),
                                                                F.given(F.sym("t"), _vector(t[0], len(t[0])))], ", ")],
                                " ")], "; "),
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
                         F.terms([F.Text("ẑ = γ·(z − μ) / √(σ² + ε) + β:"), F.Eq((F.seq(
                             [F.given(_sym("z", 0), F.Num(h[0, 0])), F.given(F.sym("μ"), F.Num(mu[0])),
                              F.given(F.sym("σ", sup="2"), F.Num(var[0]))], ", "), F.Num(out[0, 0])), " → ")], " "),
                         (f"layer:{l}",), {f"bn:{l}": out})
                h = out
            elif isinstance(layer, Dropout):
                out = layer.forward(h, True)
                kept = int(layer.mask.sum()) if layer.mask is not None else h.size
                self.add("forward", _("Layer {l} — dropout").format(l=l),
                         F.Text(_("each unit kept with probability {q}, kept ones × 1/{q}: {k} of {n} kept").format(
                             q=num(1 - self.config.dropout), k=kept, n=h.size)), (f"layer:{l}",), {f"h:{l}": out})
                h = out
            else:
                self.pre[l] = h
                h = self._activation(layer, l, h)
        self.scores = h

    def _affine(self, layer: Affine, l: int, h: np.ndarray) -> np.ndarray:
        W, b = self.model.params[f"W{l}"], self.model.params.get(f"b{l}")
        z = layer.forward(h)
        n_in, n_out = W.shape

        def weighted_sum(j):
            return F.terms([_terms(zip(h[0], W[:, j]))] + ([F.Num(b[j])] if b is not None else []))

        if n_out <= PER_NODE:
            for j in range(n_out):
                title = (_("Output node {j} — weighted sum") if l == self.L
                         else _("Layer {l}, node {j} — weighted sum")).format(l=l, j=j + 1)
                symbolic = f"Σᵢ hᵢ·wᵢ{F.sub(F.index(j))}" + (f" + b{F.sub(F.index(j))}" if b is not None else "")
                formula = F.eq(_sym("z", j), F.Text(symbolic), weighted_sum(j), F.Num(z[0, j]))
                self.add("forward", title, formula, (f"node:{l}:{j}", *_edges(l, n_in, j)), {f"z:{l}": _partial(z, j)})
        else:
            self.add("forward", _("Layer {l} — weighted sums Z = H·W{sup}{b} ({B}×{i} · {i}×{o})").format(
                l=l, sup=F.sup(f"({l})"), b=" + b" if b is not None else "", B=self.B, i=n_in, o=n_out),
                F.eq(_sym("z", 0), weighted_sum(0), F.Num(z[0, 0])), (f"layer:{l}",), {f"z:{l}": z})
        return z

    def _activation(self, layer, l: int, h: np.ndarray) -> np.ndarray:
        out = layer.forward(h)
        name = self.acts[l - 1]
        if out.shape[1] <= PER_NODE:
            for j in range(out.shape[1]):
                self.add("forward", _("Layer {l}, node {j} — activation").format(l=l, j=j + 1),
                         _act_formula(_sym("h", j), name, h[0, j], out[0, j]), (f"node:{l}:{j}",),
                         {f"h:{l}": _partial(out, j)})
        else:
            self.add("forward", _("Layer {l} — activation {f}").format(l=l, f=name),
                     F.terms([F.Text(ACTIVATIONS[name].formula + ":"), _act_formula(_sym("h", 0), name, h[0, 0], out[0, 0])],
                             " "),
                     (f"layer:{l}",), {f"h:{l}": out})
        return out

    # -- output and loss -------------------------------------------------------------------------
    def loss(self) -> None:
        config, h, t, L = self.config, self.scores, self.t, self.L
        data_loss = self.model.last_layer.forward(h, t)
        y = self.y = self.model.last_layer.y
        if config.output == "softmax":
            self.add("forward", _("Output — softmax"),
                     F.terms([F.Text("y = exp(zₖ) / Σᵢ exp(zᵢ):"), F.eq(_sym("y", 0), F.terms(
                         [F.apply("exp", F.Num(h[0, 0])),
                          F.Group(F.terms([F.apply("exp", F.Num(v)) for v in h[0][:4]] + ([F.Text("…")] if h.shape[1] > 4 else [])))],
                         " / "), F.Num(y[0, 0]))], " "),
                     [f"node:{L}:{j}" for j in range(y.shape[1])],
                     {f"h:{L}": y})
        else:
            for j in range(min(y.shape[1], PER_NODE)):
                self.add("forward", _("Output node {j} — {f}").format(j=j + 1, f=config.output),
                         _act_formula(_sym("y", j), config.output, h[0, j], y[0, j]), (f"node:{L}:{j}",),
                         {f"h:{L}": _partial(y, j) if y.shape[1] <= PER_NODE else y})
        decay = 0.0
        if config.weight_decay:
            Ws = [v for k, v in self.model.params.items() if k.startswith("W")]
            decay = (0.5 * config.weight_decay * sum(float(np.sum(W * W)) for W in Ws) if config.decay == "l2"
                     else config.weight_decay * sum(float(np.sum(np.abs(W))) for W in Ws))
        y0, t0 = y[0], t[0]
        if config.loss == "mse":
            symbolic = "E = (1/B)·Σₙ ½Σₖ (yₖ − tₖ)²"
            squares = [F.Group(F.terms([F.Num(a), F.Num(b)], " − "), "²") for a, b in list(zip(y0, t0))[:4]]
            sample = F.terms([F.Text("½"), F.Group(F.terms(squares + ([F.Text("…")] if len(y0) > 4 else [])))], "·")
        elif y.shape[1] == 1:
            symbolic = "E = −(1/B)·Σₙ [t·log y + (1 − t)·log(1 − y)]"
            sample = F.terms([F.Text("−"), F.Group(F.terms(
                [F.terms([F.Num(t0[0]), F.Text(f"log {num(y0[0])}")], "·"),
                 F.terms([F.Num(1 - t0[0]), F.Text(f"log {num(1 - y0[0])}")], "·")]), brackets="[]")], "")
        else:
            k = int(np.argmax(t0))
            symbolic = "E = −(1/B)·Σₙ Σₖ tₖ·log yₖ"
            sample = F.eq(F.Text(f"−log y{F.sub(F.index(k))}"), F.Text(f"−log {num(y0[k])}"))
        reg = f" + {'½λΣw²' if config.decay == 'l2' else 'λΣ|w|'} ({num(decay)})" if config.weight_decay else ""
        self.add("loss", _("Loss over the batch of {b}").format(b=self.B),
                 F.seq([F.Text(symbolic + reg),
                        F.seq([F.terms([F.Text(_("sample 1:")), sample], " "),
                               F.terms([F.Text(_("batch:")), F.eq(F.sym("E"), F.Num(data_loss + decay))], " ")], "; ")]),
                 ("loss",), {"loss:batch": data_loss + decay})

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
                         F.Text(_("the same units are dropped; the kept ones × 1/{q}").format(q=num(1 - self.config.dropout))),
                         (f"layer:{l}",), {f"dh:{l}": delta})
            elif isinstance(layer, BatchNorm):
                dz = layer.backward(delta)
                g, b = layer.grads[f"gamma{l}"], layer.grads[f"beta{l}"]
                self.grads[f"gamma{l}"], self.grads[f"beta{l}"] = g, b
                self.add("backward", _("Layer {l} — batch normalisation backward").format(l=l),
                         F.seq([F.seq([F.eq(F.Text("∂E/∂γ₁"), F.Text("Σₙ ẑ⁽ⁿ⁾·δ⁽ⁿ⁾"), F.Num(g[0])),
                                       F.eq(F.Text("∂E/∂β₁"), F.Text("Σₙ δ⁽ⁿ⁾"), F.Num(b[0]))], ", "),
                                F.eq(F.Text("∂E/∂z₁"), F.Num(dz[0, 0]))], "; "), (f"layer:{l}",),
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
                return [F.terms([F.Group(F.terms([F.Num(y0[j]), F.Num(t0[j])], " − ")), F.Num(B)], " / ")]
        elif config.loss == "mse" and config.output in ACTIVATIONS:  # softmax's f′ is a matrix
            rule = "δ = (y − t)·f′(z) / B"
            df = ACTIVATIONS[config.output].df

            def example(j):
                return [F.terms([F.product(F.Group(F.terms([F.Num(y0[j]), F.Num(t0[j])], " − ")),
                                           F.Num(df(h[0, j]))), F.Num(B)], " / ")]
        else:
            rule = "δ = ∂E/∂y · ∂y/∂z"

            def example(j):
                return []
        per_node = delta.shape[1] <= PER_NODE
        for j in range(delta.shape[1] if per_node else 1):
            self.add("backward", (_("Output node {j} — δ = ∂E/∂z").format(j=j + 1) if per_node
                                  else _("Output layer — δ = ∂E/∂z")),
                     F.terms([F.Text(rule + ":"), F.eq(_sym("δ", j), *example(j), F.Num(delta[0, j]))], " "),
                     (f"node:{L}:{j}",),
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
        decay = [F.Text("λw" if config.decay == "l2" else "λ·sign(w)")] if config.weight_decay else []
        layer_sup = F.sup(f"({l})")
        lines = [F.eq(F.Text(f"∂E/∂w₁₁{layer_sup}"), F.Text("Σₙ h₁⁽ⁿ⁾·δ₁⁽ⁿ⁾"), F.terms([_terms(zip(h_in[:, 0], delta[:, 0]), 4)] + decay),
                      F.Num(gW[0, 0]))]
        values = {f"grad:W{l}": gW}
        if layer.b is not None:
            gb = self.grads[f"b{l}"] = layer.grads[f"b{l}"]
            values[f"grad:b{l}"] = gb
            lines.append(F.eq(F.Text(f"∂E/∂b₁{layer_sup}"), F.Text("Σₙ δ₁⁽ⁿ⁾"), F.Num(gb[0])))
        self.add("backward", _("Layer {l} — gradients ∂E/∂W{sup} = Hᵀ·δ").format(l=l, sup=layer_sup), F.seq(lines),
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
            ix = F.sub(F.index(j))
            formula = F.seq([F.eq(F.Text(f"∂E/∂h{ix}"), F.Text(f"Σₖ δₖ·w{ix}ₖ"), F.Num(dh[0, j])),
                             F.eq(_sym("δ", j), F.product(F.Num(dh[0, j]), F.Num(fprime[0, j])),
                                  F.Num(delta[0, j]))], "; ")
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
            self.add("update", _("Update {key} — {opt}").format(key=_array_name(key), opt=OPTIMIZER_NAMES[self.config.optimizer]),
                     _update_formula(self.config, key, before[key][i0], new[i0], {k: np.asarray(v)[i0] if np.ndim(v) else v for k, v in q.items()}),
                     _layer_edges(_layer_of(key), *new.shape) if key.startswith("W") else (f"layer:{_layer_of(key)}",),
                     {f"old:{key}": before[key], f"new:{key}": new.copy(), f"params:{key}": new.copy()})


def _layer_of(key: str) -> int:
    """The layer number at the end of a parameter name: W2 → 2, gamma1 → 1."""
    return int(key[len(key.rstrip("0123456789")):])


def _array_name(key: str) -> str:
    """A parameter array as the notation sheet writes it: W2 → W⁽²⁾, gamma1 → γ⁽¹⁾."""
    array = key.rstrip("0123456789")
    return f"{ {'gamma': 'γ', 'beta': 'β'}.get(array, array)}{F.sup(f'({_layer_of(key)})')}"


def _update_formula(config: Config, key: str, old: float, new: float, q: dict) -> F.Terms:
    """The optimizer's rule, then entry [0, …] of ``key`` with its numbers."""
    array = key.rstrip("0123456789")
    w = F.sym({"W": "w", "gamma": "γ", "beta": "β"}.get(array, array), F.index(0, 0) if array == "W" else F.index(0),
              f"({_layer_of(key)})")
    lr, g = F.Num(config.lr), F.Num(q["g"])
    name = config.optimizer

    def rule(text: str, *known) -> F.Terms:
        return F.terms([F.Text(text + ":"), F.seq([*known, F.eq(w, step, F.Num(new))], ", ")], " ")

    if name == "sgd":
        step = F.terms([F.Num(old), F.product(lr, g)], " − ")
        return rule("w ← w − η·∂E/∂w")
    if name == "momentum":
        v = q.get("b", q["g"])  # momentum 0 keeps no buffer: v = g
        step = F.terms([F.Num(old), F.product(lr, F.Num(v))], " − ")
        return rule("v ← μ·v + ∂E/∂w; w ← w − η·v", F.eq(F.sym("v"), F.Num(v)))
    if name == "nesterov":
        step = F.terms([F.Num(old), F.product(lr, F.Num(q["d"]))], " − ")
        return rule("v ← μ·v + g; w ← w − η·(g + μ·v)", F.eq(F.sym("v"), F.Num(q["b"])))
    if name in ("adagrad", "rmsprop"):
        h = "h" if name == "adagrad" else "v"
        step = F.terms([F.Num(old), F.terms([F.product(lr, g), F.Num(math.sqrt(q[h]))], " / ")], " − ")
        text = ("h ← h + g²; w ← w − η·g / (√h + ε)" if name == "adagrad"
                else "v ← α·v + (1 − α)·g²; w ← w − η·g / (√v + ε)")
        return rule(text, F.given(F.sym("g"), g), F.eq(F.sym(h), F.Num(q[h])))
    step = F.terms([F.Num(old), F.Num(q["delta"])])
    return rule("m ← β₁m + (1 − β₁)g; v ← β₂v + (1 − β₂)g²; w ← w − η·m̂ / (√v̂ + ε)", F.given(F.sym("g"), g),
                F.eq(F.sym("m̂"), F.Num(q["m_hat"])), F.eq(F.sym("v̂"), F.Num(q["v_hat"])))
