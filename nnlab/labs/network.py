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


# ---------------------------------------------------------------- formatting

def num(v: float) -> str:
    """A number for a formula: up to 4 decimals, no trailing zeros but one ("1.0"), − for minus;
    tiny values keep 4 significant digits."""
    v = float(v)
    if v != 0 and abs(v) < 5e-5:
        text = f"{v:.4g}"
    else:
        text = f"{v:.4f}".rstrip("0")
        if text.endswith("."):
            text += "0"
        if text == "-0.0":
            text = "0.0"
    return text.replace("-", "−")


def par(v: float) -> str:
    """``num`` in parentheses when negative (for an operand)."""
    text = num(v)
    return f"({text})" if text.startswith("−") else text


def join_terms(terms: list[str], sep: str = " + ") -> str:
    """Terms joined; more than 8 are abbreviated: first 3, "… (n terms)", last 2."""
    return sep.join(terms) if len(terms) <= MAX_TERMS else terms_of(len(terms), terms.__getitem__, sep)


def terms_of(n: int, term, sep: str = " + ") -> str:
    """``term(i)`` for i < n joined as ``join_terms`` does, formatting only the terms shown."""
    if n <= MAX_TERMS:
        return sep.join(term(i) for i in range(n))
    more = _("… ({n} terms)").format(n=n)
    return sep.join([term(0), term(1), term(2), more, term(n - 2), term(n - 1)])


def node_name(l: int, j: int, L: int) -> str:
    if l == 0:
        return f"x{j + 1}"
    if l == L:
        return f"y{j + 1}"
    return f"h{j + 1}" if L == 2 else f"h{l}.{j + 1}"


def _fn_symbol(name: str) -> str:
    return {"sigmoid": "σ", "identity": "id", "linear": "id"}.get(name, name)


def _loss_formula(symbol: str, y, t, loss: str) -> str:
    if loss == "mse":
        terms = [f"({num(a)} − {par(b)})²" for a, b in zip(y, t)]
        inner = join_terms(terms)
        return f"{symbol} = ½ × ({inner})" if len(terms) > 1 else f"{symbol} = ½ × {inner}"
    if len(y) == 1:
        a, b = float(y[0]), float(t[0])
        return f"{symbol} = −({num(b)} × ln {num(a)} + {par(1 - b)} × ln {num(1 - a)})"
    return f"{symbol} = −({join_terms([f'{par(b)} × ln {num(a)}' for a, b in zip(y, t)])})"


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
        for j in range(sizes[l]):
            formula = "x = " + terms_of(sizes[l - 1], lambda i: f"{par(outs[l - 1][i])} × {par(W[i, j])}")
            if config.bias:
                formula += f" + {par(params[f'b{l}'][j])}"
            steps.append(Step("forward", _("{node} — weighted sum").format(node=kind.format(name=name(l, j))),
                              f"{formula} = {num(s[j])}",
                              (f"node:{l}:{j}", *incoming(l, j), *bias_focus(l, j)), {f"sum:{l}:{j}": float(s[j])}))
            if act != "softmax":
                steps.append(Step("forward", _("{node} — activation").format(node=kind.format(name=name(l, j))),
                                  f"{act}({num(s[j])}) = {num(o[j])}", (f"node:{l}:{j}",),
                                  {f"out:{l}:{j}": float(o[j])}))
        if act == "softmax":
            formula = (f"softmax({join_terms([num(v) for v in s], ', ')}) = "
                       f"({join_terms([num(v) for v in o], ', ')})")
            steps.append(Step("forward", _("Output layer — softmax"), formula,
                              tuple(f"node:{l}:{j}" for j in range(sizes[l])),
                              {f"out:{l}:{j}": float(o[j]) for j in range(sizes[l])}))

    # loss
    y, dy = outs[L], tr["douts"][L - 1]
    values = {"loss": float(tr["loss"])}
    values.update({f"dout:{L}:{j}": float(dy[j]) for j in range(sizes[L])})
    steps.append(Step("loss", _("Loss — squared error") if config.loss == "mse" else _("Loss — cross-entropy"),
                      f"{_loss_formula('E', y, t, config.loss)} = {num(tr['loss'])}",
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
        for j in range(sizes[l]):
            formula = _("w − η·∂E/∂w = new w: ") + terms_of(
                sizes[l - 1], lambda i: f"{num(W[i, j])} − {num(lr)} × {par(G[i, j])} = {num(Wn[i, j])}", "; ")
            values = {f"new:{l}:{j}": Wn[:, j].copy()}
            if config.bias:
                b, gb, bn = params[f"b{l}"][j], grads[f"b{l}"][j], new_params[f"b{l}"][j]
                formula += f"; b: {num(b)} − {num(lr)} × {par(gb)} = {num(bn)}"
                values[f"newb:{l}:{j}"] = float(bn)
            steps.append(Step("update", _("{node} — update the incoming weights").format(
                node=kind.format(name=name(l, j))), formula,
                (f"node:{l}:{j}", *incoming(l, j), *bias_focus(l, j)), values))
    net.params.update(new_params)
    new_y = net.forward(x)
    new_loss = net.loss(x, t)
    values = {f"{key}'": value for key, value in new_params.items()}
    values["loss'"] = float(new_loss)
    steps.append(Step("update", _("Network after the update"),
                      f"{_loss_formula('E′', new_y, t, config.loss)} = {num(new_loss)} "
                      f"({_('before')}: {num(tr['loss'])})", ("loss",), values))
    title = _("Network {sizes}").format(sizes="-".join(map(str, sizes)))
    return Timeline("network", steps, base, title=title)


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
        symbol = _fn_symbol(acts[l - 1])
        for j in range(sizes[l]):
            if l == L:
                title = _("Output node {name} — error signal δ").format(name=name(l, j))
                y, t = float(o[j]), float(config.target[j])
                if acts[-1] == "softmax" and config.loss == "cross_entropy" or (
                        acts[-1] == "sigmoid" and config.loss == "cross_entropy" and sizes[L] == 1):
                    formula = f"δ = y − t = {num(y)} − {par(t)} = {num(d[j])}"
                elif acts[-1] == "softmax":
                    dy = douts[L - 1]
                    inner = terms_of(sizes[L], lambda k: f"{par(dy[k])} × {par(o[k])}")
                    formula = (f"δ = y·(∂E/∂y − Σ ∂E/∂y·y) = {num(y)} × ({par(dy[j])} − ({inner})) "
                               f"= {num(d[j])}")
                else:
                    dE = f"({num(y)} − {par(t)})" if config.loss == "mse" else par(douts[L - 1][j])
                    lead = "(y − t)" if config.loss == "mse" else "∂E/∂y"
                    formula = (f"δ = {lead} × {symbol}′(x) = {dE} × {symbol}′({num(s[j])}) = "
                               f"{par(douts[L - 1][j])} × {par(_derivative(config, l, s, o, j))} = {num(d[j])}")
                focus = (f"node:{l}:{j}",)
            else:
                title = _("Hidden node {name} — error signal δ collected from the edges").format(name=name(l, j))
                W, dn = params[f"W{l + 1}"], deltas[l]
                inner = terms_of(sizes[l + 1], lambda k: f"{par(W[j, k])} × {par(dn[k])}")
                formula = (f"δ = (Σ w·δ) × {symbol}′(x) = ({inner}) × {symbol}′({num(s[j])}) = "
                           f"{par(douts[l - 1][j])} × {par(_derivative(config, l, s, o, j))} = {num(d[j])}")
                focus = (f"node:{l}:{j}", *outgoing(l, j))
            steps.append(Step("backward", title, formula, focus, {f"delta:{l}:{j}": float(d[j])}))
        steps += _grad_steps(config, tr["grads"], l, d, outs[l - 1], name, incoming, bias_focus,
                             _("∂E/∂w = δ × input: "), _("{node} — gradients of the incoming weights"))
    return steps


def _grad_steps(config, grads, l, d, below, name, incoming, bias_focus, lead, title) -> list[Step]:
    steps = []
    G = grads[f"W{l}"]
    for j in range(config.sizes[l]):
        formula = lead + terms_of(config.sizes[l - 1], lambda i: f"{par(d[j])} × {par(below[i])} = {num(G[i, j])}", "; ")
        values = {f"grad:{l}:{j}": G[:, j].copy()}
        if config.bias:
            gb = float(grads[f"b{l}"][j])
            formula += f"; ∂E/∂b = {num(gb)}"
            values[f"gradb:{l}:{j}"] = gb
        kind = _("Output node {name}") if l == len(config.sizes) - 1 else _("Hidden node {name}")
        steps.append(Step("gradient", title.format(node=kind.format(name=name(l, j))), formula,
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
                formula = f"e = t − y = {num(config.target[j])} − {par(o[j])} = {num(e[j])}"
                focus = (f"node:{l}:{j}",)
            else:
                title = _("Hidden node {name} — output errors split back over the edges (intuitive version)").format(
                    name=name(l, j))
                W, en = params[f"W{l + 1}"], errors[l]
                inner = terms_of(sizes[l + 1], lambda k: f"{par(W[j, k])} × {par(en[k])}")
                formula = f"e = Σ w·e = {inner} = {num(e[j])}"
                focus = (f"node:{l}:{j}", *outgoing(l, j))
            steps.append(Step("backward", title, formula, focus, {f"error:{l}:{j}": float(e[j])}))
        fp = np.array([_derivative(config, l, s, o, j) for j in range(sizes[l])])
        d = -e * fp
        grads[f"W{l}"] = np.outer(outs[l - 1], d)
        if config.bias:
            grads[f"b{l}"] = d
        symbol = _fn_symbol(acts[l - 1])
        lead = _("∂E/∂w ≈ −e × {f}′(x) × input: ").format(f=symbol)
        steps += _grad_steps(config, grads, l, d, outs[l - 1], name, incoming, bias_focus, lead,
                             _("{node} — weight gradients estimated from the error (intuitive version)"))
    return grads
