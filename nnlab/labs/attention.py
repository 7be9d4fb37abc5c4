"""The attention lab: a tiny transformer stepped one dot product and one softmax entry at a time,
forward and backward, and a small trained model that sorts letters.

Config (``Config.from_dict``): ``vocab`` (1–32 distinct tokens), ``tokens`` (the input, 1–16 of
them), ``d_model``, ``d_k``, ``d_ff``, ``layers`` (1–2), ``heads`` (1–4), the parts ``positional``,
``causal``, ``projection`` (W_O), ``block`` (residual + layer norm + feed-forward), ``unembed``
(next-token logits), ``weights`` (``{name: nested lists}`` named as in ``nnlab.attention``, or
"transformer-sort" for the shipped model, or absent: drawn from ``seed``), ``generate`` (tokens
predicted greedily after the input, needs unembed), ``temperature`` (the sampling step's T; 0 =
the argmax), ``detail`` ("entries": a step per score and softmax entry; "rows": a step per row),
``backward`` (the gradients of L = Σ ∂L/∂y ⊙ y with ∂L/∂y = 1, without unembed).

The sequence drawn is the input followed by the generated tokens but the last (a causal model's
row i sees only rows ≤ i, so one pass over it gives every prediction). Value ids (l layer, h head
from 1, i and j rows from 0): base ``ids`` (the sequence), ``param:<name>`` every weight,
``x0:i`` embedding rows, ``x:i`` (the first layer's input: with positions ``pe:i`` and ``x:i``
are steps); steps ``q|k|v:l:h:i`` (d_k,), ``raw:l:h:i:j`` (q·k), ``s:l:h:i:j`` (scaled, −∞ when
masked), ``max:l:h:i``, ``e:l:h:i:j``, ``sum:l:h:i``, ``a:l:h:i:j``, ``o:l:h:i``, ``y:l:i`` (after
W_O), ``h1:l:i``, ``f:l:i``, ``out:l:i`` (block), ``logits:i``, ``pred:i`` (the argmax id),
``temp:<T>`` (softmax of the last row's logits / T), ``sample`` (the drawn id); backward
``grad:<name>`` matrices (``dOut``, ``L{l}.dY``, ``L{l}.W_O``, ``L{l}.dO{h}``, ``L{l}.dA{h}``,
``L{l}.dS{h}``, ``L{l}.dQ{h}``, ``L{l}.dK{h}``, ``L{l}.dV{h}``, ``L{l}.W_Q{h}`` …, ``dX``).
Focus ids: ``row:<grid>:i``, ``col:<grid>:j``, ``cell:<grid>:i:j``, ``grid:<grid>`` with grids
``X``, ``PE``, ``Q:l:h``, ``K:l:h``, ``V:l:h``, ``S:l:h``, ``A:l:h``, ``O:l:h``, ``Y:l``, ``OUT:l``,
``LOGITS``, ``W_Q:l:h`` …, ``W_O:l``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from nnlab import attention_sort
from nnlab.attention import Spec, Transformer, init_params, param_shapes, positional_encoding, sample
from nnlab import formulas as fm
from nnlab.formulas import num
from nnlab.i18n import _
from nnlab.labs import check_fields, read_number
from nnlab.labs.grids import nested, read_array, read_bool, read_int
from nnlab.steps import Step, Timeline

DEFAULT_PRESET = "attention-tiny"
SHIPPED = {"transformer-sort": attention_sort}
MAX_VOCAB, MAX_TOKENS, MAX_DIM, MAX_FF = 32, 16, 64, 256
TEMPERATURES = (0.5, 1.0, 2.0)
DETAILS = ("entries", "rows")
PARTS = ("positional", "causal", "projection", "block", "unembed")
FIELDS = {"vocab", "tokens", "d_model", "d_k", "d_ff", "layers", "heads", *PARTS, "weights", "seed", "generate",
          "temperature", "detail", "backward"}
SHOW_TERMS = 4  # a vector longer than this is shown by its first values and its length


@dataclass(frozen=True)
class Config:
    vocab: tuple = ("a", "b", "c")
    tokens: tuple = ("a", "b", "c")
    d_model: int = 2
    d_k: int = 2
    d_ff: int = 4
    layers: int = 1
    heads: int = 1
    positional: bool = False
    causal: bool = False
    projection: bool = False
    block: bool = False
    unembed: bool = False
    weights: object = None  # None (drawn), a shipped model's name, or {name: nested tuples}
    seed: int = 0
    generate: int = 0
    temperature: float = 0.0
    detail: str = "entries"
    backward: bool = True

    @property
    def spec(self) -> Spec:
        return Spec(self.layers, self.heads, self.positional, self.causal, self.projection, self.block, self.unembed)

    def shapes(self) -> dict[str, tuple[int, ...]]:
        return param_shapes(self.spec, len(self.vocab), self.d_model, self.d_k, self.d_ff)

    def params(self) -> dict[str, np.ndarray]:
        """The weights as float arrays (drawn from ``seed`` when absent, loaded when shipped)."""
        if self.weights is None:
            return init_params(self.spec, len(self.vocab), self.d_model, self.d_k, self.d_ff,
                               np.random.default_rng(self.seed))
        if isinstance(self.weights, str):
            return SHIPPED[self.weights].load()
        return {k: np.array(v, dtype=np.float64) for k, v in self.weights}

    @classmethod
    def from_dict(cls, d: dict) -> Config:
        check_fields(d, FIELDS)
        vocab = _tokens(d.get("vocab", cls.vocab), "vocab", MAX_VOCAB)
        if len(set(vocab)) != len(vocab):
            raise ValueError(_("vocab: every token must be different"))
        tokens = _tokens(d.get("tokens", cls.tokens), "tokens", MAX_TOKENS)
        unknown = [t for t in tokens if t not in vocab]
        if unknown:
            raise ValueError(_("tokens: {token!r} is not in the vocabulary").format(token=unknown[0]))
        parts = {p: read_bool(d, p, False) for p in PARTS}
        sizes = {"d_model": read_int(d, "d_model", 2, 1, MAX_DIM), "d_k": read_int(d, "d_k", 2, 1, MAX_DIM),
                 "d_ff": read_int(d, "d_ff", 4, 1, MAX_FF), "layers": read_int(d, "layers", 1, 1, 2),
                 "heads": read_int(d, "heads", 1, 1, 4)}
        if not parts["projection"] and sizes["heads"] * sizes["d_k"] != sizes["d_model"] and (
                parts["block"] or sizes["layers"] > 1 or parts["unembed"]):
            raise ValueError(_("projection: without WO, heads × d_k must equal d_model ({n} × {dk} ≠ {d})").format(
                n=sizes["heads"], dk=sizes["d_k"], d=sizes["d_model"]))
        generate = read_int(d, "generate", 0, 0, MAX_TOKENS)
        if generate and not parts["unembed"]:
            raise ValueError(_("generate: predicting tokens needs the logits (unembed)"))
        if len(tokens) + max(generate - 1, 0) > MAX_TOKENS:
            raise ValueError(_("generate: the sequence would be longer than {most} tokens").format(most=MAX_TOKENS))
        temperature = read_number("temperature", d.get("temperature", 0.0), 0.0, 10.0)
        detail = d.get("detail", "entries")
        if detail not in DETAILS:
            raise ValueError(_("detail: must be \"entries\" or \"rows\", not {value!r}").format(value=detail))
        seed = read_int(d, "seed", 0, 0, 2**32 - 1)
        config = cls(vocab, tokens, **sizes, **parts, weights=None, seed=seed, generate=generate,
                     temperature=float(temperature), detail=detail, backward=read_bool(d, "backward", True))
        return _with_weights(config, d.get("weights"))

    def to_dict(self) -> dict:
        out = {f: getattr(self, f) for f in FIELDS}
        out["vocab"], out["tokens"] = list(self.vocab), list(self.tokens)
        if isinstance(self.weights, tuple):
            out["weights"] = {k: np.array(v).tolist() for k, v in self.weights}
        return out

    def edited(self, **changes) -> Config:
        """A validated copy with ``changes``; weights whose shape no longer fits are drawn anew
        from ``seed`` (a shipped model becomes inline weights when its shape changes)."""
        data = {**self.to_dict(), **changes}
        if "weights" in changes:
            return Config.from_dict(data)
        trial = Config.from_dict({**data, "weights": None})
        if trial.shapes() == self.shapes():
            return Config.from_dict(data)
        old, fresh = self.params(), trial.params()
        keep = {k: (old[k] if k in old and old[k].shape == v.shape else v).tolist() for k, v in fresh.items()}
        return Config.from_dict({**data, "weights": keep})


def _tokens(value, name: str, most: int) -> tuple[str, ...]:
    if not isinstance(value, (list, tuple)) or not 1 <= len(value) <= most:
        raise ValueError(_("{name}: must be a list of 1 to {most} tokens").format(name=name, most=most))
    for t in value:
        if not isinstance(t, str) or not 1 <= len(t) <= 8 or t != t.strip():
            raise ValueError(_("{name}: {token!r} is not a token (1 to 8 characters, no spaces around)").format(
                name=name, token=t))
    return tuple(value)


def _with_weights(config: Config, weights) -> Config:
    """``config`` with its weights checked against the shapes its parts and sizes need."""
    shapes = config.shapes()
    if weights is None:
        return config
    if isinstance(weights, str):
        if weights not in SHIPPED:
            raise ValueError(_("weights: no shipped model named {name!r}").format(name=weights))
        have = {k: v.shape for k, v in SHIPPED[weights].load().items()}
        if have != shapes:
            raise ValueError(_("weights: the shipped model {name} does not fit these sizes and parts").format(
                name=weights))
        return _replace(config, weights)
    if not isinstance(weights, dict):
        raise ValueError(_("weights: must be an object of named grids"))
    for name in weights:
        if name not in shapes:
            raise ValueError(_("weights.{name}: not a weight of this model").format(name=name))
    params = config.params()  # drawn: the weights not given
    out = []
    for name, shape in shapes.items():
        if name in weights:
            limits = tuple((n, n) for n in shape)
            params[name] = read_array(weights[name], f"weights.{name}", len(shape), limits)
        out.append((name, nested(params[name]) if params[name].ndim > 1 else tuple(float(v) for v in params[name])))
    return _replace(config, tuple(out))


def _replace(config: Config, weights) -> Config:
    return replace(config, weights=weights)


# ---------------------------------------------------------------- text

SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")  # digits as subscripts (the cnn lab uses it too)
SUP = str.maketrans("0123456789()", "⁰¹²³⁴⁵⁶⁷⁸⁹⁽⁾")  # the pane's weight captions


def sub(*ix: int) -> str:
    """The subscript of 0-based indices as people read them: sub(0, 2) = '₁₃'."""
    return fm.sub(fm.index(*ix))


def vec(v) -> fm.Group:
    """A vector [a, b, c] (its first and last values around "… (n terms)" when long)."""
    return fm.Group(fm.terms([fm.Num(float(x)) for x in np.ravel(v)], ", ", SHOW_TERMS + 2), brackets="[]")


def dot(a, b) -> fm.Terms:
    """The terms of a·b: 1×1 + 0×1 (abbreviated when long)."""
    return fm.terms([fm.Terms((fm.Num(float(x)), fm.Num(float(y))), "×") for x, y in zip(np.ravel(a), np.ravel(b))],
                    " + ", SHOW_TERMS + 2)


T = fm.Text


# ---------------------------------------------------------------- the timeline

class _Builder:
    def __init__(self, config: Config):
        self.c = config
        self.params = config.params()
        self.model = Transformer(self.params, config.spec)
        self.vocab = config.vocab
        ids = [self.vocab.index(t) for t in config.tokens]
        self.generated: list[int] = []
        rng = np.random.default_rng(config.seed)
        for _i in range(config.generate):  # greedy: a causal model's earlier rows don't change
            logits = self.model.forward(ids + self.generated)[-1]
            self.generated.append(int(np.argmax(logits)))
        self.ids = np.array(ids + self.generated[:-1] if self.generated else ids)
        self.rng = rng
        self.t = self.model.trace(self.ids)
        self.steps: list[Step] = []

    def name(self, i: int) -> str:
        return f"{i + 1} '{self.vocab[self.ids[i]]}'"

    def tag(self, l: int, h: int) -> str:
        """The superscript naming the layer and head when there are several: ⁽²⁾ or ⁽¹·²⁾."""
        c = self.c
        if c.layers == 1 and c.heads == 1:
            return ""
        parts = ([str(l)] if c.layers > 1 else []) + ([str(h)] if c.heads > 1 else [])
        return ("(" + "·".join(parts) + ")").translate(SUP).replace("·", "˙")

    def add(self, phase, title, expr, focus, values):
        """A step whose formula is ``expr`` (nnlab.formulas nodes); an abbreviated one keeps every
        term in ``more`` (Show every term…)."""
        full = fm.text(expr, full=True)
        self.steps.append(fm.step(phase, title, expr, focus, values, more=full if full != fm.text(expr) else ""))

    # -- forward
    def build(self) -> Timeline:
        c, t = self.c, self.t
        base = {"ids": self.ids.astype(float), **{f"param:{k}": v for k, v in self.params.items()}}
        n = len(self.ids)
        for i in range(n):
            base[f"x0:{i}"] = t["x0"][i]
            if not c.positional:
                base[f"x:{i}"] = t["x"][i]
        if c.positional:
            for i in range(n):
                self.add("forward", _("Token {tok}: embedding + position").format(tok=self.name(i)),
                         fm.eq(T(f"x{sub(i)}"), T(f"e{sub(i)} + PE{sub(i)}"),
                               fm.terms([vec(t['x0'][i]), vec(t['pe'][i])]), vec(t['x'][i])),
                         (f"row:X:{i}", f"row:PE:{i}"), {f"pe:{i}": t["pe"][i], f"x:{i}": t["x"][i]})
        for l in range(1, c.layers + 1):
            self.layer(l)
        if c.unembed:
            self.logits()
        if c.backward and not c.unembed:
            self.backward()
        title = ""
        return Timeline("attention", self.steps, base, title)

    def layer(self, l: int) -> None:
        c, L = self.c, self.t["layers"][l - 1]
        x = L["input"]
        xname = "x" if l == 1 else "h"
        for h in range(1, c.heads + 1):
            head, tag = L["heads"][h - 1], self.tag(l, h)
            for m, key in (("Q", "q"), ("K", "k"), ("V", "v")):
                w = self.params[f"L{l}.W_{m}{h}"]
                for i in range(len(x)):
                    row = head[key][i]
                    inner = [fm.Group(fm.terms([dot(x[i], w[:, j]) for j in range(w.shape[1])], ", "), brackets="[]")] \
                        if w.shape[1] * x.shape[1] <= 9 else []
                    formula = fm.eq(T(f"{key}{sub(i)}{tag}"), T(f"{xname}{sub(i)}W{m}{tag}"), *inner, vec(row))
                    self.add("forward", _("Head {h}: the {what} of token {tok}").format(
                        h=h, what={"q": _("query"), "k": _("key"), "v": _("value")}[key], tok=self.name(i)),
                        formula, (f"row:X:{i}" if l == 1 else f"row:OUT:{l - 1}:{i}", f"grid:W_{m}:{l}:{h}",
                                  f"row:{m}:{l}:{h}:{i}"), {f"{key}:{l}:{h}:{i}": row})
            self.scores(l, h, head, tag)
            self.softmax(l, h, head, tag)
            for i in range(len(x)):
                a, v, o = head["a"][i], head["v"], head["o"][i]
                keep = [j for j in range(len(x)) if a[j] > 0 or not c.causal or j <= i]
                if len(keep) <= 4 and v.shape[1] <= 4:
                    terms = fm.terms([fm.Terms((fm.Num(float(a[j])), vec(v[j])), "×") for j in keep])
                    formula = fm.eq(T(f"o{sub(i)}{tag}"), T(f"Σⱼ a{sub(i)}ⱼ vⱼ"), terms, vec(o))
                else:
                    formula = fm.eq(T(f"o{sub(i)}{tag}"), T(f"Σⱼ a{sub(i)}ⱼ vⱼ"), vec(o))
                self.add("forward", _("Head {h}: the output of token {tok}, a weighted sum of the values").format(
                    h=h, tok=self.name(i)), formula,
                    (f"row:A:{l}:{h}:{i}", f"grid:V:{l}:{h}", f"row:O:{l}:{h}:{i}"), {f"o:{l}:{h}:{i}": o})
        n = len(x)
        if c.projection:
            for i in range(n):
                heads = " | ".join(f"o{sub(i)}{self.tag(l, h)}" for h in range(1, c.heads + 1))
                self.add("forward", _("Token {tok}: the heads joined and projected by WO").format(tok=self.name(i)),
                         fm.eq(T(f"y{sub(i)}"), T(f"[{heads}]WO"), fm.Terms((vec(L['concat'][i]), T("WO")), ""),
                               vec(L['y'][i])),
                         (*(f"row:O:{l}:{h}:{i}" for h in range(1, c.heads + 1)), f"grid:W_O:{l}", f"row:Y:{l}:{i}"),
                         {f"y:{l}:{i}": L["y"][i]})
        if c.block:
            for i in range(n):
                mu, var = L["ln1"]["mu"][i, 0], L["ln1"]["var"][i, 0]
                self.add("forward", _("Token {tok}: residual and layer norm").format(tok=self.name(i)),
                         fm.seq([fm.eq(T(f"r{sub(i)}"), T(f"{xname}{sub(i)} + y{sub(i)}"), vec(L['r1'][i])),
                                 fm.seq([fm.eq(T("μ"), fm.Num(float(mu))), fm.eq(T("σ²"), fm.Num(float(var)))], ", "),
                                 fm.eq(T(f"h{sub(i)}"), T(f"LN(r{sub(i)}) = γ⊙(r{sub(i)} − μ)/√(σ² + ε) + β"),
                                       vec(L['h1'][i]))]),
                         (f"row:Y:{l}:{i}", f"row:OUT:{l}:{i}"), {f"h1:{l}:{i}": L["h1"][i]})
                self.add("forward", _("Token {tok}: the feed-forward network").format(tok=self.name(i)),
                         fm.eq(T(f"f{sub(i)}"), T(f"max(0, h{sub(i)}W₁ + b₁)W₂ + b₂"), vec(L['f2'][i])),
                         (f"row:OUT:{l}:{i}",), {f"f:{l}:{i}": L["f2"][i]})
                self.add("forward", _("Token {tok}: residual and layer norm again").format(tok=self.name(i)),
                         fm.eq(T(f"LN(h{sub(i)} + f{sub(i)})"), vec(L['out'][i])), (f"row:OUT:{l}:{i}",),
                         {f"out:{l}:{i}": L["out"][i]})
        else:  # the layer's output is the attention's: revealed with its last row
            last = self.steps[-1]
            self.steps[-1] = replace(last, values={**last.values, **{f"out:{l}:{i}": L["out"][i] for i in range(n)}})

    def scores(self, l: int, h: int, head: dict, tag: str) -> None:
        c, n = self.c, len(head["q"])
        root = f"√{c.d_k}"
        for i in range(n):
            if c.detail == "rows":
                s = head["s"][i]
                self.add("forward", _("Head {h}: how much token {tok} attends to each token (scores)").format(
                    h=h, tok=self.name(i)), fm.eq(T(f"s{sub(i)}{tag}"), T(f"q{sub(i)}Kᵀ/{root}"), vec(s)),
                    (f"row:Q:{l}:{h}:{i}", f"grid:K:{l}:{h}", f"row:S:{l}:{h}:{i}"),
                    {f"s:{l}:{h}:{i}:{j}": float(s[j]) for j in range(n)}
                    | {f"raw:{l}:{h}:{i}:{j}": float(head["raw"][i, j]) for j in range(n)})
                continue
            for j in range(n):
                raw, s = head["raw"][i, j], head["s"][i, j]
                ij = sub(i, j)
                if c.causal and j > i:
                    formula = fm.seq([fm.eq(T(f"s{ij}{tag}"), T("−∞")), T(_(
                        "token {j} comes after token {i}, so it is masked").format(i=i + 1, j=j + 1))], ": ")
                else:
                    formula = fm.seq([
                        fm.eq(T(f"s{ij}{tag}"), T(f"q{sub(i)}·k{sub(j)}"), dot(head['q'][i], head['k'][j]),
                              fm.Num(float(raw))),
                        fm.eq(T(f"s{ij}{tag}/{root}"), fm.Terms((fm.Num(float(raw)), fm.Num(float(np.sqrt(c.d_k)))), "/"),
                              fm.Num(float(s)))])
                self.add("forward", _("Head {h}: score of token {tok} for token {other}").format(
                    h=h, tok=self.name(i), other=self.name(j)), formula,
                    (f"row:Q:{l}:{h}:{i}", f"row:K:{l}:{h}:{j}", f"cell:S:{l}:{h}:{i}:{j}"),
                    {f"raw:{l}:{h}:{i}:{j}": float(raw), f"s:{l}:{h}:{i}:{j}": float(s)})

    def softmax(self, l: int, h: int, head: dict, tag: str) -> None:
        c, n = self.c, len(head["q"])
        for i in range(n):
            s, a = head["s"][i], head["a"][i]
            live = [j for j in range(n) if np.isfinite(s[j])]
            m = float(max(s[j] for j in live))
            e = np.exp(s - m)
            total = float(e.sum())
            if c.detail == "rows":
                self.add("forward", _("Head {h}: softmax of row {tok}").format(h=h, tok=self.name(i)),
                         fm.eq(T(f"a{sub(i)}{tag}"), T(f"exp(s{sub(i)} − {num(m)})/Σ"), vec(a)),
                         (f"row:S:{l}:{h}:{i}", f"row:A:{l}:{h}:{i}"),
                         {f"a:{l}:{h}:{i}:{j}": float(a[j]) for j in range(n)} | {f"sum:{l}:{h}:{i}": total})
                continue
            for k, j in enumerate(live):
                ij = sub(i, j)
                formula = fm.eq(T(f"e{ij}{tag}"), T(f"exp(s{ij} − max)"),
                                fm.apply("exp", fm.Terms((fm.Num(float(s[j])), fm.Num(m)), " − ")), fm.Num(float(e[j])))
                values = {f"e:{l}:{h}:{i}:{j}": float(e[j])}
                if k == 0:
                    formula = fm.seq([fm.eq(T("max"), fm.apply("max", *(fm.Num(float(s[q])) for q in live)), fm.Num(m)),
                                      formula])
                    values[f"max:{l}:{h}:{i}"] = m
                self.add("forward", _("Head {h}, softmax of row {tok}: exponent").format(h=h, tok=self.name(i)),
                         formula, (f"cell:S:{l}:{h}:{i}:{j}", f"cell:A:{l}:{h}:{i}:{j}"), values)
            self.add("forward", _("Head {h}, softmax of row {tok}: the sum").format(h=h, tok=self.name(i)),
                     fm.eq(T(f"Σ{sub(i)}{tag}"), fm.terms([T("e" + sub(i, j)) for j in live], " + ", SHOW_TERMS + 2),
                           fm.terms([fm.Num(float(e[j])) for j in live], " + ", SHOW_TERMS + 2), fm.Num(total)),
                     (f"row:S:{l}:{h}:{i}",),
                     {f"sum:{l}:{h}:{i}": total} | {f"a:{l}:{h}:{i}:{j}": 0.0 for j in range(n) if j not in live})
            for j in live:
                ij = sub(i, j)
                self.add("forward", _("Head {h}, softmax of row {tok}: divide").format(h=h, tok=self.name(i)),
                         fm.eq(T(f"a{ij}{tag}"), T(f"e{ij}/Σ{sub(i)}"),
                               fm.Terms((fm.Num(float(e[j])), fm.Num(total)), "/"), fm.Num(float(a[j]))),
                         (f"cell:A:{l}:{h}:{i}:{j}",), {f"a:{l}:{h}:{i}:{j}": float(a[j])})

    def logits(self) -> None:
        c, t, vocab = self.c, self.t, self.vocab
        n = len(self.ids)
        first = len(c.tokens) - 1 if c.generate else 0
        for i in range(first, n):
            z = t["logits"][i]
            best = int(np.argmax(z))
            self.add("predict", _("Prediction after token {tok}: the logits").format(tok=self.name(i)),
                     fm.seq([fm.eq(T(f"z{sub(i)}"), T(f"h{sub(i)}U + u"), vec(z)),
                             fm.eq(T(f"argmax z{sub(i)}"), T(f"'{vocab[best]}' ({num(z[best])})"))]),
                     (f"row:OUT:{c.layers}:{i}", f"row:LOGITS:{i}"), {f"logits:{i}": z, f"pred:{i}": float(best)})
        z = t["logits"][-1]
        for temp in TEMPERATURES:
            _tok, prob = sample(z, temp, self.rng)
            top = np.argsort(-prob)[:3]
            shown = fm.terms([fm.Eq((T(f"'{vocab[k]}'"), fm.Num(float(prob[k]))), " ") for k in top], ", ")
            self.add("predict", _("Temperature T = {T}: softmax of the logits / T").format(T=num(temp)),
                     fm.eq(T("p"), T(f"softmax(z{sub(n - 1)}/{num(temp)})"), shown), (f"row:LOGITS:{n - 1}",),
                     {f"temp:{num(temp)}": prob})
        token, prob = sample(z, c.temperature, np.random.default_rng(c.seed))
        how = _("T = 0: the most likely token") if c.temperature == 0 else _(
            "T = {T}, drawn with seed {seed}").format(T=num(c.temperature), seed=c.seed)
        self.add("predict", _("The next token ({how})").format(how=how),
                 fm.eq(T(f"y = argmax z{sub(n - 1)}" if c.temperature == 0 else
                         f"y ~ softmax(z{sub(n - 1)}/{num(c.temperature)})"), T(f"'{vocab[token]}'")),
                 (f"row:LOGITS:{n - 1}",), {"sample": float(token)})

    # -- backward
    def backward(self) -> None:
        c, t = self.c, self.t
        dout = np.ones_like(t["out"])
        g = self.model.backward(t, dout)
        self.add("backward", _("Backward: the upstream gradient"),
                 T(_("L = Σ y: ∂L/∂y = 1 for every output")), (f"grid:OUT:{c.layers}",), {"grad:dOut": dout})
        for l in range(c.layers, 0, -1):
            L = t["layers"][l - 1]
            if c.block:
                self.add("backward", _("Layer {l}: back through the layer norms and feed-forward").format(l=l),
                         self.first_row("∂L/∂y", g[f"d:L{l}.y"]), (f"grid:Y:{l}",), {f"grad:L{l}.dY": g[f"d:L{l}.y"]})
            if c.projection:
                self.matrix_step(_("Layer {l}: the gradient of WO").format(l=l), f"L{l}.W_O", "∂L/∂WO = [o]ᵀ·∂L/∂y", L["concat"].T, g[f"d:L{l}.y"], f"grid:W_O:{l}")
            for h in range(1, c.heads + 1):
                head, hg = L["heads"][h - 1], g[f"d:L{l}.head{h}"]
                do = g[f"d:L{l}.concat"][:, (h - 1) * c.d_k:h * c.d_k]
                tag = self.tag(l, h)
                named = _("Head {h}: the gradient {name}")
                self.add("backward", _("Head {h}: the gradient reaching its output").format(h=h),
                         self.first_row(f"∂L/∂O{tag}", do), (f"grid:O:{l}:{h}",), {f"grad:L{l}.dO{h}": do})
                self.matrix_step(named.format(h=h, name="∂L/∂V"), f"L{l}.dV{h}", f"∂L/∂V{tag} = Aᵀ·∂L/∂O", head["a"].T, do, f"grid:V:{l}:{h}")
                self.matrix_step(named.format(h=h, name="∂L/∂A"), f"L{l}.dA{h}", f"∂L/∂A{tag} = ∂L/∂O·Vᵀ", do, head["v"].T, f"grid:A:{l}:{h}")
                a, da, ds = head["a"][0], hg["da"][0], hg["ds"][0]
                inner = float((a * da).sum())
                self.add("backward", _("Head {h}: back through the softmax, row by row").format(h=h),
                         fm.seq([T(f"∂L/∂sᵢⱼ = aᵢⱼ(∂L/∂aᵢⱼ − Σₖ aᵢₖ ∂L/∂aᵢₖ)/√{c.d_k}"),
                                 fm.eq(T("∂L/∂s₁₁"), fm.Terms((fm.Terms((fm.Num(float(a[0])), fm.Group(fm.Terms((
                                     fm.Num(float(da[0])), fm.Num(inner)), " − "))), "×"), fm.Num(float(np.sqrt(c.d_k)))),
                                     "/"), fm.Num(float(ds[0])))]),
                         (f"grid:S:{l}:{h}",), {f"grad:L{l}.dS{h}": hg["ds"]})
                self.matrix_step(named.format(h=h, name="∂L/∂Q"), f"L{l}.dQ{h}", f"∂L/∂Q{tag} = ∂L/∂S·K", hg["ds"], head["k"], f"grid:Q:{l}:{h}")
                self.matrix_step(named.format(h=h, name="∂L/∂K"), f"L{l}.dK{h}", f"∂L/∂K{tag} = ∂L/∂Sᵀ·Q", hg["ds"].T, head["q"], f"grid:K:{l}:{h}")
                for m, dm in (("Q", "dq"), ("K", "dk"), ("V", "dv")):
                    self.matrix_step(named.format(h=h, name=f"∂L/∂W{m}"), f"L{l}.W_{m}{h}", f"∂L/∂W{m}{tag} = Xᵀ·∂L/∂{m}", L["input"].T, hg[dm],
                                     f"grid:W_{m}:{l}:{h}")
        self.add("backward", _("The gradient reaching the inputs"),
                 self.first_row("∂L/∂X = Σ (∂L/∂Q·WQᵀ + ∂L/∂K·WKᵀ + ∂L/∂V·WVᵀ):", g["d:x"]),
                 ("grid:X",), {"grad:dX": g["d:x"]})

    @staticmethod
    def first_row(name: str, m: np.ndarray):
        """'name' and the first row of a gradient matrix."""
        return fm.seq([T(name), T(_("row 1")), vec(m[0])], " ")

    def matrix_step(self, title: str, key: str, formula: str, a: np.ndarray, b: np.ndarray, focus: str) -> None:
        """A gradient matrix C = A·B (``formula`` names it "C = A·B"), with its first entry's terms."""
        value = a @ b
        lhs = formula.split(" = ")[0]
        self.add("backward", title, fm.seq([T(formula), fm.eq(T(f"({lhs})₁₁"), dot(a[0], b[:, 0]),
                                                              fm.Num(float(value[0, 0])))]),
                 (focus,), {f"grad:{key}": value})


def build_timeline(config: Config) -> Timeline:
    return _Builder(config).build()
