"""The network lab: one sample through an MLP, node by node — forward, loss, backward, update.

Layers are numbered l = 0 (input) … L (output); node j of layer l. ``W{l}`` (n_{l−1}, n_l)
connects layer l−1 to layer l (y = x @ W + b); edge ``edge:l:i:j`` is ``W{l}[i, j]``.
Every number comes from ``nnlab.network.MLP.trace`` (the layers' own forward and backward).

Base: ``W{l}``, ``b{l}`` (with bias), ``x``, ``t`` (arrays), ``out:0:i`` (inputs), ``lr``.
Step values: ``sum:l:j``, ``out:l:j`` (forward); ``loss`` and ``dout:L:j`` = ∂E/∂y_j (loss);
gradient view: ``delta:l:j`` = ∂E/∂sum (backward), ``grad:l:j`` (array over i of
∂E/∂W{l}[i, j]) and ``gradb:l:j`` (gradient); proportional view: ``error:l:j`` (backward:
e = t − y at the outputs, e_i = Σ_j W[i, j]·e_j below) and ``grad:l:j``/``gradb:l:j`` estimated
from it as −e_j·f′(sum_j)·out_i (the source material's rule); update: ``new:l:j`` (array over i)
and ``newb:l:j``, then ``W{l}'``, ``b{l}'`` and ``loss'``.
Focus ids: ``node:l:j``, ``edge:l:i:j``, ``bias:l:j``, ``loss``.
"""

from __future__ import annotations

import dataclasses
import functools
import numbers
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from nnlab import formulas as F
from nnlab.functions import ACTIVATIONS
from nnlab.i18n import _
from nnlab.network import MLP
from nnlab.steps import Step, Timeline
from nnlab.labs import MAX_ABS, check_fields, read_array, read_number

DEFAULT_PRESET = "seed-forward"
MAX_NODES = 1024
MAX_LAYERS = 12
MAX_SEED = 2**32 - 1
LOSSES = ("mse", "cross_entropy")
INITS = ("std", "xavier", "he")
BACKWARDS = ("gradient", "proportional")
OUTPUT_ACTIVATIONS = (*ACTIVATIONS, "softmax")
MAX_TERMS = 8  # a longer sum shows its first 3 and last 2 terms around "… (n terms)"


# ---------------------------------------------------------------- validation

def _vector(value, n: int, field: str) -> tuple[float, ...]:
    if isinstance(value, np.ndarray):
        value = value.tolist()
    if not isinstance(value, (list, tuple)):
        raise ValueError(_("{field}: must be a list of {n} numbers").format(field=field, n=n))
    if len(value) != n:
        raise ValueError(_("{field}: {got} numbers, the layer has {n} nodes").format(field=field, got=len(value), n=n))
    return tuple(read_number(f"{field}[{i}]", v, -MAX_ABS, MAX_ABS) for i, v in enumerate(value))


def _grid(value, shape: tuple[int, int], field: str) -> tuple[tuple[float, ...], ...]:
    a = read_array(field, value)
    if a.shape != shape:
        raise ValueError(_("{field}: must be a {rows} × {cols} grid of numbers (got {got})").format(
            field=field, rows=shape[0], cols=shape[1], got=a.shape))
    return tuple(tuple(float(v) for v in row) for row in a)


def _choice(value, choices, field: str) -> str:
    if value not in choices:
        raise ValueError(_("{field}: {value!r} is not one of {choices}").format(
            field=field, value=value, choices=", ".join(choices)))
    return value


class FrozenDict(dict):
    """A read-only dict: config data that can be hashed, compared and copied but not changed."""

    def _read_only(self, *args, **kwargs):
        raise TypeError("config data is read-only: make a new config with Config.edited(...)")

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = __ior__ = _read_only

    def __hash__(self):
        return hash(tuple(sorted(self.items())))

    def __reduce__(self):
        return (type(self), (dict(self),))


@dataclass(frozen=True)
class Config:
    """The network lab's state. Construction validates every field (ValueError "field: reason")."""

    sizes: tuple[int, ...] = (2, 2)
    activations: tuple[str, ...] = ("sigmoid",)
    bias: bool = False
    weights: Mapping | None = None  # {"W1": rows, "b1": values, ...} as nested tuples, or None: drawn
    input: tuple[float, ...] = (1.0, 0.5)
    target: tuple[float, ...] = (0.0, 1.0)
    loss: str = "mse"
    learning_rate: float = 0.5
    init: str = "xavier"
    seed: int = 0
    backward: str = "gradient"

    def __post_init__(self):
        put = lambda name, value: object.__setattr__(self, name, value)  # noqa: E731
        sizes = self.sizes
        if not isinstance(sizes, (list, tuple)) or not 2 <= len(sizes) <= MAX_LAYERS:
            raise ValueError(_("sizes: must list 2 to {most} layer sizes").format(most=MAX_LAYERS))
        put("sizes", tuple(read_number(f"sizes[{l}]", n, 1, MAX_NODES, integer=True) for l, n in enumerate(sizes)))
        L = len(self.sizes) - 1
        acts = self.activations
        if not isinstance(acts, (list, tuple)) or len(acts) != L:
            raise ValueError(_("activations: must name one activation for each of the {n} layers after the input")
                             .format(n=L))
        for l, name in enumerate(acts, start=1):
            _choice(name, OUTPUT_ACTIVATIONS if l == L else tuple(ACTIVATIONS), f"activations[{l - 1}]")
        put("activations", tuple(acts))
        if not isinstance(self.bias, bool):
            raise ValueError(_("bias: must be true or false"))
        put("input", _vector(self.input, self.sizes[0], "input"))
        put("target", _vector(self.target, self.sizes[-1], "target"))
        _choice(self.loss, LOSSES, "loss")
        if self.loss == "cross_entropy" and self.activations[-1] not in ("sigmoid", "softmax"):
            raise ValueError(_("loss: cross_entropy needs a sigmoid or softmax output layer"))
        put("learning_rate", read_number("learning_rate", self.learning_rate, 0.0, MAX_ABS, lo_open=True))
        _choice(self.init, INITS, "init")
        put("seed", read_number("seed", self.seed, 0, MAX_SEED, integer=True))
        _choice(self.backward, BACKWARDS, "backward")
        if self.weights is not None:
            put("weights", FrozenDict(self._read_weights(self.weights)))

    def _read_weights(self, weights) -> dict:
        if not isinstance(weights, Mapping):
            raise ValueError(_("weights: must be an object of W1, b1, … arrays"))
        expected = {}
        for l in range(1, len(self.sizes)):
            expected[f"W{l}"] = (self.sizes[l - 1], self.sizes[l])
            if self.bias:
                expected[f"b{l}"] = (self.sizes[l],)
        for key in weights:
            if key not in expected:
                reason = _("the network has no biases (bias is false)") if str(key).startswith("b") and \
                    not self.bias else _("not a weight of this network")
                raise ValueError(f"weights.{key}: {reason}")
        read = {}
        for key, shape in expected.items():
            if key not in weights:
                if key.startswith("b"):  # a missing bias is 0
                    read[key] = (0.0,) * shape[0]
                    continue
                raise ValueError(_("weights.{key}: missing").format(key=key))
            read[key] = (_grid if len(shape) == 2 else lambda v, s, f: _vector(v, s[0], f))(
                weights[key], shape, f"weights.{key}")
        return read

    @classmethod
    def from_dict(cls, d: Mapping) -> Config:
        check_fields(d, {f.name for f in dataclasses.fields(cls)})
        return cls(**dict(d))

    def to_dict(self) -> dict:
        d = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        d["sizes"], d["activations"] = list(self.sizes), list(self.activations)
        d["input"], d["target"] = list(self.input), list(self.target)
        if self.weights is None:
            del d["weights"]
        else:
            d["weights"] = {k: [list(r) if isinstance(r, tuple) else r for r in v] for k, v in self.weights.items()}
        return d

    # -------------------------------------------------------- helpers for editing

    def mlp(self) -> MLP:
        """The MLP of this config, with its weights (drawn from ``init`` and ``seed`` when absent)."""
        net = MLP(self.sizes, list(self.activations[:-1]), self.activations[-1], self.loss, seed=self.seed,
                  bias=self.bias, init=self.init)
        for key, value in (self.weights or {}).items():
            net.params[key] = np.array(value, dtype=np.float64)
        return net

    def weights_or_drawn(self) -> dict[str, np.ndarray]:
        """The actual weight arrays (fresh copies): the given ones, or drawn when absent."""
        return {k: v.copy() for k, v in self.mlp().params.items()}

    def edited(self, **changes) -> Config:
        """A validated copy with ``changes``, adapting what depends on them: new ``sizes`` resize
        ``input``/``target`` (zeros added), ``activations`` (hidden layers added as the last hidden
        one, or sigmoid) and the weights (the overlap kept, new ones drawn); switching ``bias``
        adds zero biases or drops them. ``weights`` may be given as arrays."""
        new = self.to_dict()
        new.update(changes)
        sizes = [int(n) if isinstance(n, numbers.Integral) else n for n in new["sizes"]]
        if "sizes" in changes and all(isinstance(n, int) and n >= 1 for n in sizes) and len(sizes) >= 2:
            old_L, L = len(self.sizes) - 1, len(sizes) - 1
            if "activations" not in changes:
                hidden = list(self.activations[:-1])
                fill = hidden[-1] if hidden else "sigmoid"
                new["activations"] = (hidden + [fill] * L)[: L - 1] + [self.activations[-1]]
            if "input" not in changes:
                new["input"] = (list(self.input) + [0.0] * sizes[0])[: sizes[0]]
            if "target" not in changes:
                new["target"] = (list(self.target) + [0.0] * sizes[-1])[: sizes[-1]]
            if "weights" not in changes and all(n <= MAX_NODES for n in sizes) and len(sizes) <= MAX_LAYERS:
                old = self.weights_or_drawn()
                drawn = MLP(sizes, "sigmoid", "identity", seed=self.seed, bias=True, init=self.init).params
                weights = {}
                for l in range(1, L + 1):
                    for key in (f"W{l}", f"b{l}"):
                        arr = drawn[key].copy() if key[0] == "W" else np.zeros(sizes[l])
                        if l <= old_L and key in old:
                            overlap = tuple(slice(0, min(a, b)) for a, b in zip(arr.shape, old[key].shape))
                            arr[overlap] = old[key][overlap]
                        weights[key] = arr
                new["weights"] = weights
        if new.get("weights") is not None:
            bias = new.get("bias", self.bias)
            new["weights"] = {k: np.asarray(v, dtype=float) if not isinstance(v, np.ndarray) else v
                              for k, v in new["weights"].items() if bias or not str(k).startswith("b")}
        return Config.from_dict(new)


# ---------------------------------------------------------------- notation (docs/NOTATION.md)

def node_name(l: int, j: int, L: int) -> str:
    """The diagram's name of node j of layer l: x₁ (input), h₁ (hidden; h₁⁽²⁾ with several hidden
    layers), y₁ (output)."""
    return F.text(_node(l, j, L))


def weight_name(l: int, i: int, j: int, L: int) -> str:
    """The weight of the edge from node i of layer l−1 to node j of layer l: w₁₂ (w₁₂⁽²⁾ when the
    network has several weight layers)."""
    return F.text(_w(l, i, j, L))


def bias_name(l: int, j: int, L: int) -> str:
    return F.text(_b(l, j, L))


def _layer(l: int, L: int) -> str:
    return f"({l})" if L > 1 else ""


def _node(l: int, j: int, L: int) -> F.Sym:
    if l == 0:
        return F.sym("x", F.index(j))
    if l == L:
        return F.sym("y", F.index(j))
    return F.sym("h", F.index(j), f"({l})" if L > 2 else "")


def _w(l, i, j, L) -> F.Sym:
    return F.sym("w", F.index(i, j), _layer(l, L))


def _b(l, j, L) -> F.Sym:
    return F.sym("b", F.index(j), _layer(l, L))


def _z(l, j, L) -> F.Sym:
    return F.sym("z", F.index(j), _layer(l, L))


def _delta(l, j, L, symbol: str = "δ") -> F.Sym:
    return F.sym(symbol, F.index(j), _layer(l, L))


def _fn_symbol(name: str) -> str:
    return F.FUNCTION_SYMBOLS.get(name, name)


def _sum(items) -> F.Terms:
    return F.terms(items, limit=MAX_TERMS)


def _products(a, b, op: str = " + ", limit: int = MAX_TERMS) -> F.Terms:
    """a₁ × b₁ + a₂ × b₂ + …, abbreviated past ``limit`` terms; a term is made only when shown."""
    return F.lazy_terms(len(a), lambda i: F.product(F.Num(a[i]), F.Num(b[i])), op, limit)


def _loss_formula(symbol: str, y, t, loss: str) -> F.Eq:
    """E = ½ Σₖ (yₖ − tₖ)² = ½ × (…) (or the cross-entropy), without its result."""
    n = len(y)
    if loss == "mse":
        numbers = [F.Group(F.terms([F.Num(a), F.Num(b)], " − "), "²") for a, b in zip(y, t)]
        return F.eq(F.Text(symbol), F.Text("½ Σₖ (yₖ − tₖ)²"),
                    F.product(F.Text("½"), F.Group(_sum(numbers)) if n > 1 else numbers[0]))
    if n == 1:
        a, b = float(y[0]), float(t[0])
        return F.eq(F.Text(symbol), F.Text("−(t ln y + (1 − t) ln (1 − y))"),
                    F.Text("−" + F.text(F.Group(F.terms([F.product(F.Num(b), F.Text(f"ln {F.num(a)}")),
                                                         F.product(F.Num(1 - b), F.Text(f"ln {F.num(1 - a)}"))])))))
    return F.eq(F.Text(symbol), F.Text("−Σₖ tₖ ln yₖ"),
                F.Text("−" + F.text(F.Group(_sum([F.product(F.Num(b), F.Text(f"ln {F.num(a)}")) for a, b in zip(y, t)])))))


# ---------------------------------------------------------------- the timeline

def build_timeline(config: Config) -> Timeline:
    net = config.mlp()
    x, t = np.array(config.input), np.array(config.target)
    tr = net.trace(x, t)
    sizes, acts, lr, L = config.sizes, config.activations, config.learning_rate, len(config.sizes) - 1
    params = net.params
    outs = tr["outs"]  # outs[l]: layer l's output (outs[0] = x)
    base = {key: value.copy() for key, value in params.items()}
    base.update({"x": x, "t": t, "lr": lr})
    base.update({f"out:0:{i}": float(v) for i, v in enumerate(x)})
    steps: list[Step] = []
    name = lambda l, j: node_name(l, j, L)  # noqa: E731
    incoming = functools.cache(lambda l, j: tuple(f"edge:{l}:{i}:{j}" for i in range(sizes[l - 1])))
    outgoing = lambda l, j: tuple(f"edge:{l + 1}:{j}:{k}" for k in range(sizes[l + 1]))  # noqa: E731
    bias_focus = lambda l, j: (f"bias:{l}:{j}",) if config.bias else ()  # noqa: E731

    # forward
    for l in range(1, L + 1):
        W, s, o, act = params[f"W{l}"], tr["sums"][l - 1], outs[l], acts[l - 1]
        kind = _("Output node {name}") if l == L else _("Hidden node {name}")
        n = sizes[l - 1]
        for j in range(sizes[l]):
            numbers = _products(outs[l - 1], W[:, j])
            if config.bias:
                numbers = F.terms([numbers, F.Num(params[f"b{l}"][j])])
            lead = _symbolic_sum(l, j, L, n, config.bias) if n <= 4 else _sigma_lead(l, j, L, config.bias)
            steps.append(F.step("forward", _("{node} — weighted sum").format(node=kind.format(name=name(l, j))),
                                F.eq(_z(l, j, L), lead, numbers, F.Num(s[j])),
                                (f"node:{l}:{j}", *incoming(l, j), *bias_focus(l, j)), {f"sum:{l}:{j}": float(s[j])}))
            if act != "softmax":
                fn = _fn_symbol(act)
                steps.append(F.step("forward", _("{node} — activation").format(node=kind.format(name=name(l, j))),
                                    F.eq(_node(l, j, L), F.apply(fn, _z(l, j, L)), F.apply(fn, F.Num(s[j])), F.Num(o[j])),
                                    (f"node:{l}:{j}",), {f"out:{l}:{j}": float(o[j])}))
        if act == "softmax":
            steps.append(F.step("forward", _("Output layer — softmax"),
                                F.eq(F.Text("y"), F.apply("softmax", F.Text("z")),
                                     F.apply("softmax", F.terms([F.Num(v) for v in s], ", ", MAX_TERMS)),
                                     F.Group(F.terms([F.Num(v) for v in o], ", ", MAX_TERMS))),
                                tuple(f"node:{l}:{j}" for j in range(sizes[l])),
                                {f"out:{l}:{j}": float(o[j]) for j in range(sizes[l])}))

    # loss
    y, dy = outs[L], tr["douts"][L - 1]
    values = {"loss": float(tr["loss"])}
    values.update({f"dout:{L}:{j}": float(dy[j]) for j in range(sizes[L])})
    loss = _loss_formula("E", y, t, config.loss)
    steps.append(F.step("loss", _("Loss — squared error") if config.loss == "mse" else _("Loss — cross-entropy"),
                        F.Eq(loss.parts + (F.Num(tr["loss"]),)),
                        ("loss", *(f"node:{L}:{j}" for j in range(sizes[L]))), values))

    grads = tr["grads"]
    if config.backward == "gradient":
        steps += _gradient_steps(config, params, tr, name, outgoing, incoming, bias_focus)
    else:
        grads = _proportional_steps(config, params, tr, name, outgoing, incoming, bias_focus, steps)

    # update
    new_params = {key: params[key] - lr * grads[key] for key in params}
    for l in range(L, 0, -1):
        W, G, Wn = params[f"W{l}"], grads[f"W{l}"], new_params[f"W{l}"]
        kind = _("Output node {name}") if l == L else _("Hidden node {name}")
        n = sizes[l - 1]
        for j in range(sizes[l]):
            values = {f"new:{l}:{j}": Wn[:, j].copy()}
            bias = None
            if config.bias:
                bias = params[f"b{l}"][j], grads[f"b{l}"][j], new_params[f"b{l}"][j]
                values[f"newb:{l}:{j}"] = float(bias[2])

            def row(i, l=l, j=j, W=W, G=G, Wn=Wn, n=n, bias=bias):  # each weight's update, then the bias's
                if i < n:
                    return _update(_w(l, i, j, L), W[i, j], lr, G[i, j], Wn[i, j])
                return _update(_b(l, j, L), bias[0], lr, bias[1], bias[2])

            steps.append(F.step("update", _("{node} — update the incoming weights").format(
                node=kind.format(name=name(l, j))), F.lazy_terms(n + (bias is not None), row, "; ", MAX_TERMS),
                (f"node:{l}:{j}", *incoming(l, j), *bias_focus(l, j)), values))
    net.params.update(new_params)
    new_y = net.forward(x)
    new_loss = net.loss(x, t)
    values = {f"{key}'": value for key, value in new_params.items()}
    values["loss'"] = float(new_loss)
    after = _loss_formula("E′", new_y, t, config.loss)
    steps.append(F.step("update", _("Network after the update"),
                        F.seq([F.Eq(after.parts + (F.Num(new_loss),)),
                               F.Text(f"({_('before')}: E = {F.num(tr['loss'])})")], " "), ("loss",), values))
    title = _("Network {sizes}").format(sizes="-".join(map(str, sizes)))
    return Timeline("network", steps, base, title=title)


def _symbolic_sum(l: int, j: int, L: int, n: int, bias: bool) -> F.Terms:
    """x₁·w₁₁ + x₂·w₂₁ (+ b₁): the symbolic weighted sum of a node with ``n`` (a few) inputs."""
    symbolic = [F.terms([_node(l - 1, i, L), _w(l, i, j, L)], "·") for i in range(n)]
    return _sum(symbolic + [_b(l, j, L)] if bias else symbolic)


def _sigma_lead(l: int, j: int, L: int, bias: bool) -> F.Text:
    """Σᵢ xᵢ·wᵢ₁ (+ b₁): the symbolic weighted sum of a node with many inputs."""
    below = _node(l - 1, 0, L)
    text = f"Σᵢ {below.name}ᵢ{F.sup(below.sup)}·wᵢ{F.sub(F.index(j))}{F.sup(_layer(l, L))}"
    return F.Text(text + (f" + {F.text(_b(l, j, L))}" if bias else ""))


def _update(symbol: F.Sym, w: float, lr: float, g: float, new: float) -> F.Eq:
    """w′ = w − η·∂E/∂w = 0.9 − 0.5 × 0.1422 = 0.8289."""
    name = F.text(symbol)
    return F.eq(F.Text(name + "′"), F.Text(f"{name} − η·∂E/∂{name}"),
                F.terms([F.Num(w), F.product(F.Num(lr), F.Num(g))], " − "), F.Num(new))


def _derivative(config: Config, l: int, s: np.ndarray, o: np.ndarray, j: int) -> float:
    """f′(sum_j) of layer l's activation (softmax: its diagonal y_j·(1 − y_j))."""
    act = config.activations[l - 1]
    if act == "softmax":
        return float(o[j] * (1 - o[j]))
    return float(ACTIVATIONS[act].df(s[j]))


def _gradient_steps(config, params, tr, name, outgoing, incoming, bias_focus) -> list[Step]:
    sizes, acts, L = config.sizes, config.activations, len(config.sizes) - 1
    outs, sums, deltas, douts = tr["outs"], tr["sums"], tr["deltas"], tr["douts"]
    steps = []
    for l in range(L, 0, -1):
        d, s, o = deltas[l - 1], sums[l - 1], outs[l]
        fn = _fn_symbol(acts[l - 1]) + "′"
        for j in range(sizes[l]):
            delta, z, result = _delta(l, j, L), _z(l, j, L), F.Num(d[j])
            slope = F.product(F.Num(douts[l - 1][j]), F.Num(_derivative(config, l, s, o, j)))
            if l == L:
                title = _("Output node {name} — error signal δ").format(name=name(l, j))
                y, t = float(o[j]), float(config.target[j])
                ys, ts = F.text(_node(l, j, L)), F.text(F.sym("t", F.index(j)))
                if acts[-1] == "softmax" and config.loss == "cross_entropy" or (
                        acts[-1] == "sigmoid" and config.loss == "cross_entropy" and sizes[L] == 1):
                    expr = F.eq(delta, F.Text(f"{ys} − {ts}"), F.terms([F.Num(y), F.Num(t)], " − "), result)
                elif acts[-1] == "softmax":
                    dy = douts[L - 1]
                    inner = F.terms([F.product(F.Num(dy[k]), F.Num(o[k])) for k in range(sizes[L])], limit=MAX_TERMS)
                    expr = F.eq(delta, F.Text(f"{ys}·(∂E/∂{ys} − Σₖ ∂E/∂yₖ·yₖ)"),
                                F.product(F.Num(y), F.Group(F.terms([F.Num(dy[j]), F.Group(inner)], " − "))), result)
                else:
                    lead = f"({ys} − {ts})" if config.loss == "mse" else f"∂E/∂{ys}"
                    dE = F.Group(F.terms([F.Num(y), F.Num(t)], " − ")) if config.loss == "mse" else F.Num(douts[L - 1][j])
                    expr = F.eq(delta, F.Text(f"{lead} × {fn}({F.text(z)})"),
                                F.product(dE, F.apply(fn, F.Num(s[j]))), slope, result)
                focus = (f"node:{l}:{j}",)
            else:
                title = _("Hidden node {name} — error signal δ collected from the edges").format(name=name(l, j))
                W, dn = params[f"W{l + 1}"], deltas[l]
                inner = _products(W[j], dn)
                layer = F.sup(_layer(l + 1, L))
                expr = F.eq(delta, F.Text(f"(Σₖ w{F.sub(F.index(j))}ₖ{layer}·δₖ{layer}) × {fn}({F.text(z)})"),
                            F.product(F.Group(inner), F.apply(fn, F.Num(s[j]))), slope, result)
                focus = (f"node:{l}:{j}", *outgoing(l, j))
            steps.append(F.step("backward", title, expr, focus, {f"delta:{l}:{j}": float(d[j])}))
        steps += _grad_steps(config, tr["grads"], l, d, outs[l - 1], name, incoming, bias_focus,
                             "δ", _("{node} — gradients of the incoming weights"))
    return steps


def _grad_steps(config, grads, l, d, below, name, incoming, bias_focus, how, title) -> list[Step]:
    """∂E/∂wᵢⱼ = δⱼ × xᵢ = … for every incoming weight (``how``: "δ", or the intuitive version's
    "−e × σ′(z)" estimate)."""
    steps = []
    G, L, n = grads[f"W{l}"], len(config.sizes) - 1, config.sizes[l - 1]
    for j in range(config.sizes[l]):
        lead = F.text(_delta(l, j, L)) if how == "δ" else how.format(e=F.text(_delta(l, j, L, "e")),
                                                                        z=F.text(_z(l, j, L)))
        values = {f"grad:{l}:{j}": G[:, j].copy()}
        if config.bias:
            values[f"gradb:{l}:{j}"] = float(grads[f"b{l}"][j])

        def row(i, j=j, lead=lead):  # each weight's gradient, then the bias's
            if i < n:
                return F.eq(F.Text(f"∂E/∂{F.text(_w(l, i, j, L))}"), F.Text(f"{lead} × {F.text(_node(l - 1, i, L))}"),
                            F.product(F.Num(d[j]), F.Num(below[i])), F.Num(G[i, j]))
            return F.eq(F.Text(f"∂E/∂{F.text(_b(l, j, L))}"), F.Text(lead), F.Num(grads[f"b{l}"][j]))

        kind = _("Output node {name}") if l == L else _("Hidden node {name}")
        steps.append(F.step("gradient", title.format(node=kind.format(name=name(l, j))),
                            F.lazy_terms(n + bool(config.bias), row, "; ", MAX_TERMS),
                            (*incoming(l, j), *bias_focus(l, j)), values))
    return steps


def _proportional_steps(config, params, tr, name, outgoing, incoming, bias_focus, steps) -> dict:
    """The source material's intuitive backward pass: e = t − y at the outputs, split back over
    the edges as e_i = Σ_j W[i, j]·e_j; each weight's gradient estimated as −e_j·f′(x_j)·out_i.
    Appends its steps and returns the estimated gradients (used by the update)."""
    sizes, acts, L = config.sizes, config.activations, len(config.sizes) - 1
    outs, sums = tr["outs"], tr["sums"]
    errors = [None] * L
    errors[L - 1] = np.array(config.target) - outs[L]
    for l in range(L - 1, 0, -1):
        errors[l - 1] = params[f"W{l + 1}"] @ errors[l]
    grads = {}
    for l in range(L, 0, -1):
        e, s, o = errors[l - 1], sums[l - 1], outs[l]
        for j in range(sizes[l]):
            if l == L:
                title = _("Output node {name} — error e = t − y (intuitive version)").format(name=name(l, j))
                expr = F.eq(_delta(l, j, L, "e"), F.Text(f"{F.text(F.sym('t', F.index(j)))} − {name(l, j)}"),
                            F.terms([F.Num(config.target[j]), F.Num(o[j])], " − "), F.Num(e[j]))
                focus = (f"node:{l}:{j}",)
            else:
                title = _("Hidden node {name} — output errors split back over the edges (intuitive version)").format(
                    name=name(l, j))
                W, en = params[f"W{l + 1}"], errors[l]
                inner = _products(W[j], en)
                layer = F.sup(_layer(l + 1, L))
                expr = F.eq(_delta(l, j, L, "e"), F.Text(f"Σₖ w{F.sub(F.index(j))}ₖ{layer}·eₖ{layer}"), inner, F.Num(e[j]))
                focus = (f"node:{l}:{j}", *outgoing(l, j))
            steps.append(F.step("backward", title, expr, focus, {f"error:{l}:{j}": float(e[j])}))
        fp = np.array([_derivative(config, l, s, o, j) for j in range(sizes[l])])
        d = -e * fp
        grads[f"W{l}"] = np.outer(outs[l - 1], d)
        if config.bias:
            grads[f"b{l}"] = d
        how = "−{e} × " + _fn_symbol(acts[l - 1]) + "′({z})"
        steps += _grad_steps(config, grads, l, d, outs[l - 1], name, incoming, bias_focus, how,
                             _("{node} — weight gradients estimated from the error (intuitive version)"))
    return grads
