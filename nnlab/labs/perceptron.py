"""Perceptron lab: logic gates with one neuron, the perceptron learning rule, XOR with two
layers, and the linear-slope lesson (learning y = A·x with and without a learning rate).

Lessons (``Config.lesson``):
- ``gates``: the truth table of ``gate`` with weights (w1, w2, b). ``learning`` off: each row
  evaluated, then a verdict. On: the perceptron rule stepped row by row, epoch by epoch, until
  an epoch makes no error or ``epochs`` pass (XOR and XNOR never converge).
- ``xor-two-layer``: XOR = AND(NAND, OR) (XNOR = OR(AND, NOR)) row by row, neuron by neuron.
- ``linear-slope``: y = A·x from ``examples`` (x, t) in turn, ΔA = E/x, or L·E/x when ``moderate``.

Element ids: ``row:i`` (truth-table row i = point i), ``w1``, ``w2``, ``b``, ``node:h1``,
``node:h2``, ``node:y`` (two-layer network), ``example:i``, ``A``. Values: ``w1``, ``w2``, ``b``,
``out:i`` (output of the current weights at row i), ``t:i``, ``s:i``/``y:i`` (row i as last
evaluated), ``line`` (decision line end points, (2, 2) or empty), ``region:1``/``region:0``
(half-plane polygons), ``epoch``, ``converged`` (1/0, at the verdict), ``h1:i``/``h2:i``,
``line:h1``/``line:h2``; linear slope: ``A``, ``x:i``, ``t:i``, ``y:i``, ``E:i``, ``dA:i``, ``line``.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from nnlab.formulas import factor, num
from nnlab.i18n import _
from nnlab.perceptron import (
    GATES, INPUTS, TRUTH, TWO_LAYER, WEIGHTS, half_planes, linear_slope, outputs, train, weighted_sum,
)
from nnlab.steps import Step, Timeline
from nnlab.labs import MAX_ABS, check_fields, read_number

DEFAULT_PRESET = "logic-gates"
LESSONS = ("gates", "xor-two-layer", "linear-slope")
MAX_EPOCHS = 200
MAX_EXAMPLES = 10


@dataclass(frozen=True)
class Config:
    lesson: str = "gates"
    gate: str = "AND"
    w1: float = 0.5
    w2: float = 0.5
    b: float = -0.7
    learning: bool = False  # gates: step the perceptron rule instead of checking the weights
    learning_rate: float = 0.1  # η of the rule; L of the moderated linear slope
    epochs: int = 20  # the rule's epoch limit
    slope_start: float = 0.25  # A before the first example
    examples: tuple[tuple[float, float], ...] = ((3.0, 1.1), (1.0, 2.9))  # (x, t)
    moderate: bool = False  # linear slope: ΔA = L·E/x instead of E/x

    @classmethod
    def from_dict(cls, d: dict) -> Config:
        check_fields(d, {f.name for f in fields(cls)})
        c = cls()
        lesson = d.get("lesson", c.lesson)
        if lesson not in LESSONS:
            raise ValueError("lesson: " + _("must be one of {names}").format(names=", ".join(LESSONS)))
        gate = d.get("gate", c.gate)
        if gate not in GATES:
            raise ValueError("gate: " + _("must be one of {names}").format(names=", ".join(GATES)))
        if lesson == "xor-two-layer" and gate not in TWO_LAYER:
            raise ValueError("gate: " + _("the two-layer lesson builds {names}").format(names=" / ".join(TWO_LAYER)))
        w1, w2, b = (read_number(k, d.get(k, getattr(c, k)), -MAX_ABS, MAX_ABS) for k in ("w1", "w2", "b"))
        rate = read_number("learning_rate", d.get("learning_rate", c.learning_rate), 0.0, 10.0, lo_open=True)
        epochs = read_number("epochs", d.get("epochs", c.epochs), 1, MAX_EPOCHS, integer=True)
        start = read_number("slope_start", d.get("slope_start", c.slope_start), -MAX_ABS, MAX_ABS)
        raw = d.get("examples", [list(e) for e in c.examples])
        if not isinstance(raw, (list, tuple)) or not 1 <= len(raw) <= MAX_EXAMPLES:
            raise ValueError("examples: " + _("must be a list of 1 to {n} [x, t] pairs").format(n=MAX_EXAMPLES))
        examples = []
        for i, e in enumerate(raw):
            if not isinstance(e, (list, tuple)) or len(e) != 2:
                raise ValueError(f"examples[{i}]: " + _("must be a pair [x, t]"))
            x, t = (read_number(f"examples[{i}].{k}", v, -MAX_ABS, MAX_ABS) for k, v in zip("xt", e))
            if x == 0:
                raise ValueError(f"examples[{i}].x: " + _("must not be 0 (ΔA = E / x)"))
            examples.append((x, t))
        flags = {}
        for k in ("learning", "moderate"):
            v = d.get(k, getattr(c, k))
            if not isinstance(v, bool):
                raise ValueError(f"{k}: " + _("must be true or false"))
            flags[k] = v
        return cls(lesson, gate, w1, w2, b, flags["learning"], rate, epochs, start, tuple(examples),
                   flags["moderate"])

    def to_dict(self) -> dict:
        d = {f.name: getattr(self, f.name) for f in fields(self)}
        d["examples"] = [list(e) for e in self.examples]
        return d



def _row(i: int) -> str:
    return f"({INPUTS[i][0]}, {INPUTS[i][1]})"


def _sum_text(x, w) -> str:
    return f"{factor(w[0])} × {x[0]} + {factor(w[1])} × {x[1]} + {factor(w[2])}"


def _weights_state(w) -> dict:
    """What the plot shows for weights w: the weights, all four outputs, line and half-planes."""
    ends, one, zero = half_planes(*w)
    state = {"w1": w[0], "w2": w[1], "b": w[2], "line": ends, "region:1": one, "region:0": zero}
    state.update({f"out:{i}": float(y) for i, y in enumerate(outputs(*w))})
    return state


def build_timeline(config: Config) -> Timeline:
    if config.lesson == "linear-slope":
        return _slope_timeline(config)
    if config.lesson == "xor-two-layer":
        return _two_layer_timeline(config)
    targets = TRUTH[config.gate]
    w = (config.w1, config.w2, config.b)
    base = {f"t:{i}": float(t) for i, t in enumerate(targets)}
    base.update(_weights_state(w), epoch=0.0)
    steps = _learning_steps(config, targets, w) if config.learning else _check_steps(config, targets, w)
    return Timeline("perceptron", steps, base, title=_("Perceptron: {gate}").format(gate=config.gate))


def _check_steps(config: Config, targets, w) -> list[Step]:
    steps, wrong = [], []
    for i, x in enumerate(INPUTS):
        s = weighted_sum(x, *w)
        y = 1 if s > 0 else 0
        mark = "✓" if y == targets[i] else "✗"
        if y != targets[i]:
            wrong.append(_row(i))
        cmp = "> 0" if y else "≤ 0"
        steps.append(Step("gate", _("Row x = {row}: weighted sum and step").format(row=_row(i)),
                          f"s = {_sum_text(x, w)} = {num(s)} {cmp} → y = {y};  t = {targets[i]} {mark}",
                          (f"row:{i}",), {f"s:{i}": s, f"y:{i}": float(y)}))
    weights = f"w = ({num(w[0])}, {num(w[1])}), b = {num(w[2])}"
    if wrong:
        text = _("{weights} is wrong on {rows}: this line does not compute {gate}").format(
            weights=weights, rows=", ".join(wrong), gate=config.gate)
        if config.gate in TWO_LAYER:
            text += "; " + _("no line can (try learning, or the two-layer lesson)")
    else:
        text = _("{weights} computes {gate} on all 4 rows").format(weights=weights, gate=config.gate)
    steps.append(Step("verdict", _("Verdict: {gate}").format(gate=config.gate), text,
                      tuple(f"row:{i}" for i in range(4)), {"converged": float(not wrong)}))
    return steps


def _learning_steps(config: Config, targets, w) -> list[Step]:
    eta = config.learning_rate
    run = train(targets, *w, eta, config.epochs)
    steps = []
    for u in run.updates:
        x, i = INPUTS[u.row], u.row
        head = f"s = {_sum_text(x, u.before)} = {num(u.s)} → y = {u.y}"
        values = {f"s:{i}": u.s, f"y:{i}": float(u.y), "epoch": float(u.epoch)}
        focus = (f"row:{i}",)
        if u.y == u.t:
            formula = head + ";  " + _("t = {t} = y: no change").format(t=u.t)
        else:
            d = f"{num(eta)} × ({u.t} − {u.y})"
            parts = [f"w{j + 1} ← {num(u.before[j])} + {d} × {x[j]} = {num(u.after[j])}" for j in range(2)]
            parts.append(f"b ← {num(u.before[2])} + {d} = {num(u.after[2])}")
            formula = head + ";  t = " + str(u.t) + ":  " + ",  ".join(parts)
            values.update(_weights_state(u.after))
            focus += tuple(k for k, a, b in zip(("w1", "w2", "b"), u.before, u.after) if a != b)
        steps.append(Step("update", _("Epoch {epoch}, row x = {row}: the perceptron rule").format(
            epoch=u.epoch, row=_row(i)), formula, focus, values))
    w_end = run.updates[-1].after
    weights = f"w = ({num(w_end[0])}, {num(w_end[1])}), b = {num(w_end[2])}"
    if run.converged:
        text = _("epoch {epoch} made no error: {weights} computes {gate}").format(
            epoch=run.epochs, weights=weights, gate=config.gate)
        title = _("Converged in epoch {epoch}").format(epoch=run.epochs)
    else:
        text = _("every one of the {n} epochs misclassified a row").format(n=run.epochs)
        if run.cycle:
            text += "; " + _("the weights after epoch {a} equal those after epoch {b}: the rule goes "
                             "round for ever").format(a=run.cycle[1], b=run.cycle[0])
        if config.gate in TWO_LAYER:
            text += "; " + _("no single line separates the 1s of {gate} from its 0s — it needs two "
                             "layers").format(gate=config.gate)
        if config.gate in TWO_LAYER:
            title = _("No convergence after {n} epochs: {gate} is not linearly separable").format(
                n=run.epochs, gate=config.gate)
        else:
            title = _("No convergence after {n} epochs: raise the epoch limit or η").format(n=run.epochs)
    steps.append(Step("verdict", title, text, tuple(f"row:{i}" for i in range(4)),
                      {"converged": float(run.converged)}))
    return steps


def _two_layer_timeline(config: Config) -> Timeline:
    gate = config.gate
    names = dict(zip(("h1", "h2", "y"), TWO_LAYER[gate]))
    base = {f"t:{i}": float(t) for i, t in enumerate(TRUTH[gate])}
    for h in ("h1", "h2"):
        base[f"line:{h}"] = half_planes(*WEIGHTS[names[h]])[0]
    steps, ys = [], []
    for i, x in enumerate(INPUTS):
        h = {}
        for node, inputs in (("h1", x), ("h2", x), ("y", None)):
            inp = inputs if inputs is not None else (h["h1"], h["h2"])
            w = WEIGHTS[names[node]]
            s = weighted_sum(inp, *w)
            h[node] = 1 if s > 0 else 0
            args = f"{inp[0]}, {inp[1]}"
            formula = (f"{node} = {names[node]}({args}) = step({_sum_text(inp, w)}) = step({num(s)}) = {h[node]}")
            values = {f"{node}:{i}": float(h[node])}
            if node == "y":
                values[f"y:{i}"] = float(h[node])
                formula += f";  t = {TRUTH[gate][i]} " + ("✓" if h[node] == TRUTH[gate][i] else "✗")
            steps.append(Step("gate", _("Row x = {row}: neuron {node} ({gate})").format(
                row=_row(i), node=node, gate=names[node]), formula, (f"row:{i}", f"node:{node}"), values))
        ys.append(h["y"])
    ok = tuple(ys) == TRUTH[gate]
    text = _("{gate} = {out}({h1}, {h2}): outputs {ys} — {verdict}").format(
        gate=gate, out=names["y"], h1=names["h1"], h2=names["h2"], ys=", ".join(map(str, ys)),
        verdict=_("the truth table of {gate} on all 4 rows").format(gate=gate) if ok else _("wrong"))
    steps.append(Step("verdict", _("Two layers compute {gate}").format(gate=gate), text,
                      tuple(f"row:{i}" for i in range(4)), {"converged": float(ok)}))
    return Timeline("perceptron", steps, base, title=_("{gate} with two layers").format(gate=gate))


def slope_line(a: float, xs) -> np.ndarray:
    """End points of y = A·x over [0, 1.2·max|x|]."""
    hi = 1.2 * max(abs(x) for x in xs)
    lo = -hi if min(xs) < 0 else 0.0
    return np.array([[lo, a * lo], [hi, a * hi]])


def _slope_timeline(config: Config) -> Timeline:
    rate = config.learning_rate if config.moderate else None
    xs = [x for x, _t in config.examples]
    base = {"A": config.slope_start, "line": slope_line(config.slope_start, xs)}
    for i, (x, t) in enumerate(config.examples):
        base[f"x:{i}"], base[f"t:{i}"] = x, t
    steps = []
    for i, s in enumerate(linear_slope(config.examples, config.slope_start, rate)):
        ex = f"(x = {num(s.x)}, t = {num(s.t)})"
        steps.append(Step("forward", _("Example {n} {ex}: the line's output").format(n=i + 1, ex=ex),
                          f"y = A·x = {num(s.a_before)} × {factor(s.x)} = {num(s.y)}",
                          (f"example:{i}", "A"), {f"y:{i}": s.y}))
        steps.append(Step("error", _("Example {n}: the error").format(n=i + 1),
                          f"E = t − y = {num(s.t)} − {factor(s.y)} = {num(s.error)}",
                          (f"example:{i}",), {f"E:{i}": s.error}))
        if rate is None:
            formula = f"ΔA = E / x = {num(s.error)} / {factor(s.x)} = {num(s.delta)}"
        else:
            formula = f"ΔA = L·E / x = {num(rate)} × {factor(s.error)} / {factor(s.x)} = {num(s.delta)}"
        formula += f";  A = {num(s.a_before)} + {factor(s.delta)} = {num(s.a_after)}"
        steps.append(Step("update", _("Example {n}: refine the slope").format(n=i + 1), formula,
                          (f"example:{i}", "A"),
                          {f"dA:{i}": s.delta, "A": s.a_after, "line": slope_line(s.a_after, xs)}))
    a = s.a_after
    fits = ",  ".join(f"A·{num(x)} = {num(a * x)} (t = {num(t)})" for x, t in config.examples)
    if rate is None:
        note = _("without moderation each update makes the line fit only the latest example")
    else:
        note = _("with learning rate L = {L} each update moves only part of the way: a compromise").format(
            L=num(rate))
    steps.append(Step("verdict", _("Final slope A = {a}").format(a=num(a)), f"{fits};  {note}",
                      ("A",), {}))
    return Timeline("perceptron", steps, base, title=_("Learning a slope y = A·x"))
