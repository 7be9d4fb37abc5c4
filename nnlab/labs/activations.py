"""The activations lab: activation functions with their derivatives, softmax (naive and
overflow-safe), losses with every term, and numerical differentiation.

One lab, four views (``Config.view``), each its own timeline:

- ``functions``: every chosen activation sampled on ``x_range`` with its derivative (in the base),
  then f(x₀) and f′(x₀) for each, one step each;
- ``softmax``: subtract the max, exponentiate, sum, divide — the safe form beside the naive one;
- ``losses``: mean squared error and cross-entropy of ``prediction`` against ``target``, term by term;
- ``derivative``: forward and central difference of ``expression`` at ``x0`` with step ``h``, the
  true derivative, the tangent, the error versus h, then the partial derivatives and the gradient
  field of x0² + x1² at ``point``.
"""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass

import numpy as np

from nnlab import calculus, functions
from nnlab import formulas as F
from nnlab.formulas import num
from nnlab.i18n import _
from nnlab.steps import Timeline
from nnlab.surfaces import parse
from nnlab.labs import MAX_ABS, check_fields, read_number

DEFAULT_PRESET = "activations"
VIEWS = ("functions", "softmax", "losses", "derivative")
FUNCTIONS = ("step", "sign", "linear", "piecewise_linear", "sigmoid", "tanh", "relu", "softplus")
MAX_VECTOR = 12
MAX_EXPRESSION = 200
FIELD_RANGE = (-2.0, 2.0, 9)  # gradient-field grid: lo, hi, points per side
PARTIAL_H = 1e-4  # the step of the partial derivatives of x0² + x1²


@dataclass(frozen=True)
class Config:
    view: str = "functions"
    functions: tuple[str, ...] = FUNCTIONS
    x0: float = 1.05
    x_range: tuple[float, float] = (-5.0, 5.0)
    samples: int = 201
    vector: tuple[float, ...] = (0.3, 2.9, 4.0)
    prediction: tuple[float, ...] = (0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0)
    target: tuple[float, ...] = (0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0)
    expression: str = "0.01*x**2 + 0.1*x"
    h: float = 1e-4
    point: tuple[float, float] = (3.0, 4.0)

    @classmethod
    def from_dict(cls, d: dict) -> Config:
        check_fields(d, cls.__dataclass_fields__)
        defaults = cls()
        get = lambda key: d.get(key, getattr(defaults, key))  # noqa: E731
        view = get("view")
        if view not in VIEWS:
            raise ValueError(_("view: must be one of {views}").format(views=", ".join(VIEWS)))
        names = get("functions")
        if not isinstance(names, (list, tuple)) or not names:
            raise ValueError(_("functions: must be a non-empty list of names"))
        for name in names:
            if not isinstance(name, str) or name not in functions.ACTIVATIONS:
                raise ValueError(_("functions: unknown function {name!r} (choose from {names})").format(
                    name=name, names=", ".join(functions.ACTIVATIONS)))
        if len(set(names)) != len(names):
            raise ValueError(_("functions: a name appears twice"))
        x0 = read_number("x0", get("x0"), -MAX_ABS, MAX_ABS)
        x_range = _vector(get("x_range"), "x_range", 2, 2, -MAX_ABS, MAX_ABS)
        if not x_range[0] < x_range[1]:
            raise ValueError(_("x_range: the first number must be smaller than the second"))
        samples = read_number("samples", get("samples"), 11, 2001, integer=True)
        vector = _vector(get("vector"), "vector", 1, MAX_VECTOR, -MAX_ABS, MAX_ABS)
        prediction = _vector(get("prediction"), "prediction", 2, MAX_VECTOR, 0.0, 1.0)
        target = _vector(get("target"), "target", 2, MAX_VECTOR, 0.0, 1.0)
        if len(target) != len(prediction):
            raise ValueError(_("target: needs {n} numbers, one per prediction").format(n=len(prediction)))
        expression = get("expression")
        surface = parse_expression(expression)
        h = read_number("h", get("h"), 1e-16, 1.0)
        point = _vector(get("point"), "point", 2, 2, -1e3, 1e3)
        if view == "derivative":
            _check_defined(surface, x0, h)
        return cls(view, tuple(names), x0, x_range, samples, vector, prediction, target,
                   expression.strip(), h, point)

    def to_dict(self) -> dict:
        return {k: list(v) if isinstance(v, tuple) else v for k, v in asdict(self).items()}


def _vector(value, field: str, n_min: int, n_max: int, lo: float, hi: float) -> tuple[float, ...]:
    if not isinstance(value, (list, tuple)):
        raise ValueError(_("{field}: must be a list of numbers").format(field=field))
    if not n_min <= len(value) <= n_max:
        count = str(n_min) if n_min == n_max else _("{lo} to {hi}").format(lo=n_min, hi=n_max)
        raise ValueError(_("{field}: needs {count} numbers, got {n}").format(field=field, count=count, n=len(value)))
    return tuple(read_number(f"{field}[{i}]", v, lo, hi) for i, v in enumerate(value))


def parse_expression(text):
    """``text`` parsed by the safe parser of ``nnlab.surfaces``, in the variable x only."""
    if not isinstance(text, str) or not text.strip():
        raise ValueError(_("expression: type a function of x, e.g. 0.01*x**2 + 0.1*x"))
    if len(text) > MAX_EXPRESSION:
        raise ValueError(_("expression: longer than {n} characters").format(n=MAX_EXPRESSION))
    if "y" in re.findall(r"[A-Za-z_]+", text):
        raise ValueError(_("expression: use the variable x only (y belongs to the optimizer lab)"))
    try:
        return parse(text.strip())
    except ValueError as exc:
        raise ValueError(_("expression: {reason}").format(reason=exc)) from None


def _f_of(surface):
    """f(x) of a parsed expression, as a numpy function of x (y held at 0)."""
    def f(x):
        x = np.asarray(x, dtype=np.float64)
        return np.broadcast_to(np.asarray(surface.value(x, np.zeros_like(x)), dtype=np.float64), x.shape)
    return f


def _slope_of(surface, x: float) -> float:
    return float(surface.gradient(float(x), 0.0)[0])


def _check_defined(surface, x0: float, h: float) -> None:
    f = _f_of(surface)
    with np.errstate(all="ignore"):
        values = f(np.array([x0 - h, x0, x0 + h]))
        slope = _slope_of(surface, x0)
    if not (np.all(np.isfinite(values)) and math.isfinite(slope)):
        raise ValueError(_("x0: {f} is not defined (or not finite) near x = {x}").format(f=surface.text, x=given(x0)))


# --- number formatting for formulas ---------------------------------------------------------

def given(v) -> str:
    """A number the user typed, as short as it reads (1.05, 1010, 0.0001)."""
    return num(v, 6)


def small(v) -> str:
    """An error or a step size on a log scale: 1×10⁻⁶, 2.5×10⁻¹⁰; an error at the floor reads 0."""
    v = float(v)
    if v <= calculus.ERROR_FLOOR:
        return "0"
    if v >= 1e-3:
        return given(v)
    return num(v, 2)


def neg(v) -> str:
    """−v as typed: neg(1.05) = "−1.05", neg(−2) = "2"."""
    return given(-float(v))


# --- functions view -------------------------------------------------------------------------

def _x(v) -> F.Num:
    """A number the user typed, as ``given`` prints it."""
    return F.Num(float(v), 6)


def _exp(v) -> F.Apply:
    return F.apply("exp", _x(v))


def _over(top, bottom) -> F.Terms:
    return F.terms([top, bottom], " / ")


def _derivative_formula(name: str, x: float, fx: float, dfx: float):
    """f′(x₀) with the rule and its numbers substituted."""
    label, a = name.replace("_", " "), given(x)
    lhs, d = F.apply(label + "′", _x(x)), F.Num(dfx)
    if name == "sigmoid":
        return F.eq(lhs, F.Text(f"σ({a})(1 − σ({a}))"),
                    F.product(F.Num(fx), F.Group(F.terms([F.Num(1), F.Num(fx)], " − "))), d)
    if name == "tanh":
        return F.eq(lhs, F.Text(f"1 − tanh²({a})"), F.terms([F.Num(1), F.Group(F.Num(fx), "²")], " − "), d)
    if name == "softplus":
        return F.eq(lhs, F.apply("σ", _x(x)), _over(F.Num(1), F.Group(F.terms([F.Num(1), _exp(-x)]))), d)
    if name in ("relu", "leaky_relu"):
        slope = {"relu": "0", "leaky_relu": "0.01"}[name]
        why = _("1, because x > 0") if x > 0 else _("{slope}, because x ≤ 0").format(slope=slope)
        return F.Eq((lhs, F.seq([F.Text(why), F.Text("→"), d], " ")))
    if name == "piecewise_linear":
        why = _("1, because |x| < 1") if abs(x) < 1 else _("0, because |x| ≥ 1 (flat)")
        return F.Eq((lhs, F.seq([F.Text(why), F.Text("→"), d], " ")))
    if name in ("step", "sign"):
        return F.seq([F.eq(lhs, d), F.Text(_("(flat on both sides; undefined at x = 0)"))], " ")
    if name in ("linear", "identity"):
        return F.seq([F.eq(lhs, d), F.Text(_("(slope 1 everywhere)"))], " ")
    return F.eq(lhs, d)


def _value_formula(name: str, x: float, fx: float):
    lhs, v = F.apply(name.replace("_", " "), _x(x)), F.Num(fx)
    if name == "sigmoid":
        return F.eq(lhs, _over(F.Num(1), F.Group(F.terms([F.Num(1), _exp(-x)]))), v)
    if name == "tanh":
        return F.eq(lhs, _over(F.Group(F.terms([_exp(x), _exp(-x)], " − ")), F.Group(F.terms([_exp(x), _exp(-x)]))), v)
    if name == "softplus":
        return F.eq(lhs, F.apply("ln", F.terms([F.Num(1), _exp(x)])), v)
    if name == "relu":
        return F.eq(lhs, F.apply("max", F.Num(0), _x(x)), v)
    if name == "piecewise_linear":
        return F.eq(lhs, F.apply("max", F.Num(-1), F.apply("min", F.Num(1), _x(x))), v)
    return F.eq(lhs, v)


def _functions_timeline(c: Config) -> Timeline:
    xs = np.linspace(c.x_range[0], c.x_range[1], c.samples)
    base = {"x": xs, "x0": c.x0}
    steps = []
    for name in c.functions:
        act = functions.ACTIVATIONS[name]
        base[f"f:{name}"] = np.asarray(act.f(xs), dtype=np.float64)
        base[f"df:{name}"] = np.asarray(act.df(xs), dtype=np.float64)
        fx = float(act.f(np.float64(c.x0)))
        dfx = float(act.df(np.float64(c.x0)))
        steps.append(F.step("forward", _("{name} — value at x₀: {rule}").format(name=name.replace("_", " "), rule=act.formula),
                          _value_formula(name, c.x0, fx), (f"f:{name}",), {f"fx:{name}": fx}))
        steps.append(F.step("backward", _("{name} — derivative at x₀ (the slope of the curve)").format(name=name.replace("_", " ")),
                          _derivative_formula(name, c.x0, fx, dfx), (f"df:{name}",), {f"dfx:{name}": dfx}))
    return Timeline("activations", steps, base, _("Activation functions and their derivatives"))


# --- softmax view ---------------------------------------------------------------------------

def _softmax_timeline(c: Config) -> Timeline:
    a = np.array(c.vector)
    top = float(np.max(a))
    shifted = a - top
    with np.errstate(over="ignore", invalid="ignore"):
        naive_exp = np.exp(a)
        naive_sum = float(np.sum(naive_exp))
        naive = functions.softmax_naive(a)
    safe_exp = np.exp(shifted)
    safe_sum = float(np.sum(safe_exp))
    safe = functions.softmax(a)
    base = {"softmax:input": a}
    a_, c_, sigma = F.Text("a"), F.Text("a − c"), F.Text("Σ")

    def both(naive_side, safe_side):
        return F.seq([F.seq([F.Text(_("naive:")), naive_side], " "), F.seq([F.Text(_("safe:")), safe_side], " ")])

    steps = [
        F.step("softmax", _("Softmax, safe form — subtract the largest input"),
               F.seq([F.eq(F.sym("c"), F.apply("max", a_), _x(top)), F.eq(c_, F.vector(shifted))], ";  "),
               ("softmax:shifted",), {"softmax:max": top, "softmax:shifted": shifted}),
        F.step("softmax", _("Exponentiate — naive exp(a) beside safe exp(a − c)"),
               both(F.eq(F.apply("exp", a_), F.vector(naive_exp)), F.eq(F.apply("exp", c_), F.vector(safe_exp))),
               ("naive:exp", "softmax:exp"), {"naive:exp": naive_exp, "softmax:exp": safe_exp}),
        F.step("softmax", _("Sum the exponentials"),
               both(F.eq(F.Text("Σ exp(a)"), F.Num(naive_sum, 6)), F.eq(F.Text("Σ exp(a − c)"), F.Num(safe_sum, 6))),
               ("naive:sum", "softmax:sum"), {"naive:sum": naive_sum, "softmax:sum": safe_sum}),
        F.step("softmax", _("Divide each exponential by the sum"),
               both(F.eq(F.sym("y"), _over(F.apply("exp", a_), sigma), F.vector(naive)),
                    F.eq(F.sym("y"), _over(F.apply("exp", c_), sigma), F.vector(safe))),
               ("naive:output", "softmax:output"), {"naive:output": naive, "softmax:output": safe}),
    ]
    if np.all(np.isfinite(naive)):
        verdict = _("Both forms agree: subtracting c multiplies top and bottom by exp(−c), which cancels; "
                    "Σy = {total}").format(total=num(np.sum(safe)))
    else:
        verdict = _("The naive form overflows: exp({big}) = ∞ in float64 (largest ≈ 1.8×10³⁰⁸), ∞ / ∞ = NaN. "
                    "The safe form's largest exponent is exp(0) = 1; Σy = {total}").format(
                        big=given(top), total=num(np.sum(safe)))
    steps.append(F.step("softmax", _("Compare the two forms"), F.Text(verdict), ("naive:output", "softmax:output"),
                        {"naive:finite": float(np.all(np.isfinite(naive)))}))
    return Timeline("activations", steps, base, _("Softmax: naive and overflow-safe"))


# --- losses view ----------------------------------------------------------------------------

def _losses_timeline(c: Config) -> Timeline:
    y, t = np.array(c.prediction), np.array(c.target)
    diff = y - t
    sq = diff * diff
    mse = functions.mean_squared_error(y, t)
    logs = np.log(np.maximum(y, np.finfo(np.float64).tiny))  # as cross_entropy_error: log 0 → log(tiny)
    terms = -t * logs
    ce = functions.cross_entropy_error(y, t)
    hot = np.flatnonzero(t)
    ce_sum = F.terms([F.product(_x(t[k]), F.Group(F.Text(f"−log {given(y[k])}"))) for k in hot]) if len(hot) else F.Num(0)
    base = {"loss:prediction": y, "loss:target": t}
    steps = [
        F.step("loss", _("Mean squared error — the differences y − t"), F.eq(F.Text("y − t"), F.vector(diff)),
             ("loss:diff",), {"loss:diff": diff}),
        F.step("loss", _("Mean squared error — square each difference"), F.eq(F.Text("(y − t)²"), F.vector(sq)),
             ("loss:sq",), {"loss:sq": sq}),
        F.step("loss", _("Mean squared error — half the sum"),
               F.eq(F.sym("E"), F.Text("½ Σₖ (yₖ − tₖ)²"), F.product(F.Text("½"), F.Num(np.sum(sq))), F.Num(mse)),
               ("loss:mse",), {"loss:mse": mse}),
        F.step("loss", _("Cross-entropy — the log of each prediction"), F.eq(F.Text("log y"), F.vector(logs)),
             ("loss:log",), {"loss:log": logs}),
        F.step("loss", _("Cross-entropy — each term −tₖ · log yₖ (only tₖ ≠ 0 counts)"),
               F.eq(F.Text("−t · log y"), F.vector(terms)), ("loss:ce_terms",), {"loss:ce_terms": terms}),
        F.step("loss", _("Cross-entropy — the sum"), F.eq(F.sym("E"), F.Text("−Σₖ tₖ log yₖ"), ce_sum, F.Num(ce)),
             ("loss:ce",), {"loss:ce": ce}),
    ]
    return Timeline("activations", steps, base, _("Losses: mean squared error and cross-entropy"))


# --- derivative view ------------------------------------------------------------------------

def _derivative_timeline(c: Config) -> Timeline:
    surface = parse_expression(c.expression)
    f = _f_of(surface)
    x0, h, text = c.x0, c.h, surface.text
    xs = np.linspace(c.x_range[0], c.x_range[1], c.samples)
    with np.errstate(all="ignore"):
        ys = np.where(np.isfinite(f(xs)), f(xs), np.nan)
    fx0, fp, fm = (float(v) for v in f(np.array([x0, x0 + h, x0 - h])))
    forward = calculus.forward_difference(f, np.float64(x0), h)
    central = calculus.central_difference(f, np.float64(x0), h)
    forward, central = float(forward), float(central)
    slope = _slope_of(surface, x0)
    tangent = calculus.tangent_line(x0, fx0, slope, xs)
    hs, err_fwd, err_cen = calculus.error_versus_h(f, slope, x0)
    best_fwd, best_cen = calculus.best_h(hs, err_fwd), calculus.best_h(hs, err_cen)
    point = np.array(c.point)
    d0 = float(calculus.partial_derivative(calculus.sum_of_squares, point, 0, PARTIAL_H))
    d1 = float(calculus.partial_derivative(calculus.sum_of_squares, point, 1, PARTIAL_H))
    lo, hi, n = FIELD_RANGE
    grid = calculus.grid(lo, hi, n)
    grads = calculus.numerical_gradient(calculus.sum_of_squares, grid, PARTIAL_H)
    arrows = calculus.arrow_segments(grid, -grads, length=0.9 * (hi - lo) / (n - 1))
    point_arrow = calculus.arrow_segments(point[None, :], -np.array([[d0, d1]]), length=1.0)
    a = given(x0)
    base = {"deriv:x": xs, "deriv:f": ys, "deriv:x0": x0, "deriv:fx0": fx0}
    xa, xh, two_h = _x(x0), _x(h), _x(2 * h)

    def f(*args):
        return F.apply("f", *args)

    def partial(up, down, d, x):
        return F.seq([F.eq(_over(F.Group(F.terms([f(*up), f(*down)], " − ")), _x(2 * PARTIAL_H)), F.Num(d, 6)),
                      F.Text(f"(2·x{F.sub(x)} = {given(2 * point[x])})")], "  ")

    plus = [F.terms([_x(point[0]), _x(PARTIAL_H)]), _x(point[1])], [_x(point[0]), F.terms([_x(point[1]), _x(PARTIAL_H)])]
    minus = ([F.terms([_x(point[0]), _x(PARTIAL_H)], " − "), _x(point[1])],
             [_x(point[0]), F.terms([_x(point[1]), _x(PARTIAL_H)], " − ")])
    steps = [
        F.step("diff", _("Forward difference — step h to the right"),
               F.eq(_over(F.Group(F.terms([f(F.terms([xa, xh])), f(xa)], " − ")), xh),
                    _over(F.Group(F.terms([F.Num(fp, 8), F.Num(fx0, 8)], " − ")), xh), F.Num(forward, 8)),
               ("deriv:forward",), {"deriv:forward": forward}),
        F.step("diff", _("Central difference — h to both sides"),
               F.eq(_over(F.Group(F.terms([f(F.terms([xa, xh])), f(F.terms([xa, xh], " − "))], " − ")),
                          F.Group(F.product(F.Num(2), xh))),
                    _over(F.Group(F.terms([F.Num(fp, 8), F.Num(fm, 8)], " − ")), two_h), F.Num(central, 8)),
               ("deriv:central",), {"deriv:central": central}),
        F.step("diff", _("The true derivative (exact, from the parsed formula)"),
               F.seq([F.eq(F.apply("f′", xa), F.Num(slope, 8)), F.Text(_("error: forward {ef}, central {ec}").format(
                   ef=small(abs(forward - slope)), ec=small(abs(central - slope))))], ";  "),
               ("deriv:slope",), {"deriv:slope": slope, "deriv:error_forward": abs(forward - slope),
                                  "deriv:error_central": abs(central - slope)}),
        F.step("diff", _("The tangent line at x₀"),
               F.eq(F.sym("y"), F.Text(f"f({a}) + f′({a})·(x − {a})"),
                    F.terms([F.Num(fx0), F.terms([F.Num(slope), F.Group(F.terms([F.Text("x"), xa], " − "))], "·")])),
               ("deriv:tangent",), {"deriv:tangent": tangent}),
        F.step("diff", _("Error versus h (log–log): round-off at tiny h, truncation at large h"),
               F.Text(_("smallest error: forward {ef} at h = {bf}; central {ec} at h = {bc}").format(
                   bf=small(best_fwd), ef=small(np.min(err_fwd)), bc=small(best_cen), ec=small(np.min(err_cen)))
                   + (_(" (0: exact in float64)") if np.min(err_cen) <= calculus.ERROR_FLOOR else "")),
               ("deriv:errors",), {"deriv:h": hs, "deriv:err_forward": err_fwd, "deriv:err_central": err_cen,
                                   "deriv:best_h_forward": best_fwd, "deriv:best_h_central": best_cen}),
        F.step("partial", _("Partial derivative ∂f/∂x₀ of f(x₀, x₁) = x₀² + x₁² (x₁ held fixed)"),
               partial(plus[0], minus[0], d0, 0), ("grad:point",), {"grad:d0": d0}),
        F.step("partial", _("Partial derivative ∂f/∂x₁ (x₀ held fixed)"),
               partial(plus[1], minus[1], d1, 1), ("grad:point",), {"grad:d1": d1}),
        F.step("partial", _("The gradient field: arrows show −∇f, pointing downhill to the minimum"),
               F.eq(F.apply("∇f", _x(point[0]), _x(point[1])), F.Group(F.terms([F.Num(d0), F.Num(d1)], ", "))),
               ("grad:field",), {"grad:points": grid, "grad:gradients": grads, "grad:arrows": arrows,
                                 "grad:point_arrow": point_arrow}),
    ]
    return Timeline("activations", steps, base, _("Numerical differentiation of {f}").format(f=text))


_BUILDERS = {"functions": _functions_timeline, "softmax": _softmax_timeline, "losses": _losses_timeline,
             "derivative": _derivative_timeline}


def build_timeline(config: Config) -> Timeline:
    with np.errstate(all="ignore"):  # a typed f overflows quietly; the pane reports where it is not finite
        return _BUILDERS[config.view](config)
