"""The series lab: a time series differenced step by step, AR(p) fitted by least squares (each
coefficient's normal equation), MA/ARMA by conditional sum of squares, ARIMA(p, d, q) forecasts of
a held-out tail with each step's formula, and beside them an LSTM (nnlab.recurrent) on the same
windows, both scored by RMSE.

Config (``Config.from_dict``): ``source`` ("airline": the shipped monthly passengers; "generated":
trend + season + noise of ``length`` values from ``seed``; "values": the list ``values``, e.g. a
CSV column), ``p`` (0–12), ``d`` (0–2), ``q`` (0–3), ``test`` (the held-out tail, 1–36 values),
``coefficients`` ("fitted" or {"c", "phi", "theta"} given), ``lstm`` (the LSTM beside ARIMA),
``window`` (1–24 values per LSTM input), ``hidden`` (1–16), ``lstm_weights`` (None: drawn from
``seed``, untrained; or the trained weights by name).

Value ids: base ``y`` (the series), ``train`` (its length); steps ``diff:k`` (Δᵏy), ``coef``
([c, φ…, θ…]), ``arima:h`` / ``lstm:h`` (forecast h, 0-based), ``arima`` / ``lstm`` (the forecasts
so far), ``rmse:arima``, ``rmse:lstm``. Focus ids: ``plot:y``, ``plot:diff:k``, ``coef``,
``forecast:arima:h``, ``forecast:lstm:h``, ``rmse``.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace

import numpy as np

from nnlab import series
from nnlab import formulas as F
from nnlab.formulas import sub
from nnlab.i18n import _
from nnlab.labs import check_fields, read_array, read_number
from nnlab.recurrent import LSTMCell
from nnlab.steps import Step, Timeline

DEFAULT_PRESET = "arima-airline"
SOURCES = ("airline", "generated", "values")
MAX_P, MAX_D, MAX_Q, MAX_TEST, MAX_VALUES = 12, 2, 3, 36, 2000
MAX_ITERATIONS = 5000
FIELDS = {"source", "values", "length", "seed", "p", "d", "q", "test", "coefficients", "lstm", "window", "hidden",
          "lstm_weights"}
READOUT = ("w", "b")


@dataclass(frozen=True)
class Config:
    source: str = "airline"
    values: tuple = ()
    length: int = 120
    seed: int = 0
    p: int = 2
    d: int = 1
    q: int = 0
    test: int = 12
    coefficients: object = "fitted"  # or (c, phi tuple, theta tuple)
    lstm: bool = False
    window: int = 12
    hidden: int = 8
    lstm_weights: object = None  # None or ((name, nested tuples), …)

    @classmethod
    def from_dict(cls, d: dict) -> Config:
        check_fields(d, FIELDS)
        source = d.get("source", "airline")
        if source not in SOURCES:
            raise ValueError(_("source: must be one of {names}").format(names=", ".join(SOURCES)))
        values = ()
        if source == "values":
            v = read_array("values", d.get("values", []))
            if v.ndim != 1 or not 1 <= len(v) <= MAX_VALUES:
                raise ValueError(_("values: must be a list of 1 to {most} numbers").format(most=MAX_VALUES))
            values = tuple(float(x) for x in v)
        number = lambda name, lo, hi, default: read_number(name, d.get(name, default), lo, hi, integer=True)  # noqa: E731
        length, seed = number("length", 24, MAX_VALUES, 120), number("seed", 0, 2**32 - 1, 0)
        p, dd, q = number("p", 0, MAX_P, 2), number("d", 0, MAX_D, 1), number("q", 0, MAX_Q, 0)
        test = number("test", 1, MAX_TEST, 12)
        window, hidden = number("window", 1, 24, 12), number("hidden", 1, 16, 8)
        lstm = d.get("lstm", False)
        if not isinstance(lstm, bool):
            raise ValueError(_("lstm: must be true or false"))
        config = cls(source, values, length, seed, p, dd, q, test, "fitted", lstm, window, hidden, None)
        n = len(config.series()) - test
        if n < p + dd + 1 + max(q, 1):
            raise ValueError(_("test: the series before the held-out tail has {n} values; p + d + q + 2 = {need} are needed").format(
                n=n, need=p + dd + q + 2) if n >= 1 else _("test: the held-out tail leaves no values to fit"))
        if lstm and n <= window:
            raise ValueError(_("window: the LSTM needs more than {w} values before the tail ({n})").format(w=window, n=n))
        coefficients = _coefficients(d.get("coefficients", "fitted"), p, q)
        weights = _lstm_weights(d.get("lstm_weights"), hidden)
        return replace(config, coefficients=coefficients, lstm_weights=weights)

    def to_dict(self) -> dict:
        out = {f: getattr(self, f) for f in FIELDS}
        out["values"] = list(self.values)
        if self.coefficients != "fitted":
            c, phi, theta = self.coefficients
            out["coefficients"] = {"c": c, "phi": list(phi), "theta": list(theta)}
        if self.lstm_weights is not None:
            out["lstm_weights"] = {k: np.array(v).tolist() for k, v in self.lstm_weights}
        return out

    def series(self) -> np.ndarray:
        if self.source == "airline":
            return series.load_airline()
        if self.source == "generated":
            return np.round(series.generated(self.length, self.seed), 2)
        return np.array(self.values)


def _coefficients(value, p: int, q: int):
    if value == "fitted":
        return "fitted"
    if not isinstance(value, dict) or set(value) - {"c", "phi", "theta"}:
        raise ValueError(_("coefficients: must be \"fitted\" or an object with c, phi and theta"))
    c = read_number("coefficients.c", value.get("c", 0.0), -1e6, 1e6)
    phi, theta = (read_array(f"coefficients.{k}", value.get(k, []), -5, 5) for k in ("phi", "theta"))
    if phi.shape != (p,) or theta.shape != (q,):
        raise ValueError(_("coefficients: phi needs p = {p} numbers and theta q = {q}").format(p=p, q=q))
    if np.sum(np.abs(theta)) >= 1:
        raise ValueError(_("coefficients.theta: Σ|θⱼ| must be below 1 (an invertible MA part)"))
    return (c, tuple(phi.tolist()), tuple(theta.tolist()))


def weight_shapes(hidden: int) -> dict:
    return {**LSTMCell(1, hidden).shapes(), "w": (hidden,), "b": (1,)}


def _lstm_weights(value, hidden: int):
    if value is None:
        return None
    shapes = weight_shapes(hidden)
    if not isinstance(value, dict) or set(value) != set(shapes):
        raise ValueError(_("lstm_weights: must name {names}").format(names=", ".join(shapes)))
    out = []
    for name, shape in shapes.items():
        a = read_array(f"lstm_weights.{name}", value[name])
        if a.shape != tuple(shape):
            raise ValueError(_("lstm_weights.{name}: must have shape {shape}").format(name=name, shape=tuple(shape)))
        out.append((name, a.tolist()))
    return tuple(out)


# ---------------------------------------------------------------- fitting

@dataclass
class Fit:
    c: float
    phi: np.ndarray
    theta: np.ndarray
    normal: tuple | None = None  # (XᵀX, Xᵀy) of the least-squares AR fit


def fit(config: Config, train: np.ndarray) -> Fit:
    w = series.differences(train, config.d)[-1]
    if config.coefficients != "fitted":
        c, phi, theta = config.coefficients
        return Fit(c, np.array(phi), np.array(theta))
    X, target = series.lag_matrix(w, config.p)
    normal = (X.T @ X, X.T @ target)
    c, phi, theta = series.fit_arma(w, config.p, config.q)
    return Fit(c, phi, theta, normal)


def lstm_model(config: Config):
    """The LSTM cell and readout: the config's weights, or drawn from ``seed``."""
    cell = LSTMCell(1, config.hidden, seed=config.seed)
    if config.lstm_weights is None:
        rng = np.random.default_rng(config.seed)
        return cell, {"w": rng.normal(0, 0.3, config.hidden), "b": np.zeros(1)}
    weights = {k: np.array(v) for k, v in config.lstm_weights}
    cell.load_state_dict({k: weights[k] for k in cell.params})
    return cell, {k: weights[k] for k in READOUT}


@dataclass
class TrainResult:
    config: Config
    losses: list = field(default_factory=list)
    stopped: bool = False
    seconds: float = 0.0


def train(config: Config, iterations: int = 300, progress=None, should_stop=None) -> TrainResult:
    """Train the LSTM on the windows before the held-out tail; the config with its weights."""
    iterations = read_number("iterations", iterations, 1, MAX_ITERATIONS, integer=True)
    start = time.perf_counter()
    y = config.series()
    cell, readout, _scale, losses = series.train_lstm(y[:len(y) - config.test], config.window, config.hidden,
                                                      iterations, seed=config.seed, progress=progress,
                                                      should_stop=should_stop)
    weights = {**{k: v.tolist() for k, v in cell.params.items()}, **{k: readout[k].tolist() for k in READOUT}}
    trained = Config.from_dict({**config.to_dict(), "lstm": True, "lstm_weights": weights})
    return TrainResult(trained, losses, len(losses) < iterations, time.perf_counter() - start)


# ---------------------------------------------------------------- the timeline

def _sum_terms(names_values, limit: int = 4) -> list:
    terms = [F.terms([F.Num(a), F.Num(b)], "·") for a, b in names_values]
    return terms[:limit] + [F.Text("…")] if len(terms) > limit + 1 else terms


def _model_text(config: Config, fit_: Fit, var: str) -> F.Eq:
    parts = [F.Num(fit_.c)] + [F.terms([F.Num(v), F.Text(f"{var}ₜ₋{sub(i + 1)}")], "·") for i, v in enumerate(fit_.phi)] \
        + [F.terms([F.Num(v), F.Text(f"εₜ₋{sub(j + 1)}")], "·") for j, v in enumerate(fit_.theta)]
    if len(parts) > 7:
        parts = parts[:5] + [F.Text("…")] + parts[-1:]
    return F.eq(F.Text(f"{var}ₜ"), F.terms(parts + [F.Text("εₜ")]))


def build_timeline(config: Config) -> Timeline:
    y = config.series()
    n = len(y) - config.test
    train_part, tail = y[:n], y[n:]
    steps: list[Step] = []
    base = {"y": y, "train": float(n)}
    known = F.seq([F.given(F.sym("y", 1), F.Num(y[0])), F.given(F.sym("y", 2), F.Num(y[1])), F.Text("…"),
                   F.given(F.sym("y", n), F.Num(y[n - 1]))], ", ")
    steps.append(F.step("series", _("The series: {n} values, the last {k} held out for scoring").format(n=len(y), k=config.test),
                        F.seq([known, F.Text(_("held out") + f": y{sub(n + 1)} … y{sub(len(y))}")], " | "),
                        ("plot:y",), {}))
    levels = series.differences(train_part, config.d)
    for k in range(1, config.d + 1):
        prev, cur = levels[k - 1], levels[k]
        name = "Δ" if k == 1 else f"Δ{'²'}"
        low = "y" if k == 1 else "Δy"
        worked = [F.eq(F.Text(f"{name}y{sub(t + k + 1)}"), F.terms([F.Num(prev[t + 1]), F.Num(prev[t])], " − "),
                       F.Num(cur[t])) for t in range(min(3, len(cur)))]
        steps.append(F.step("difference", _("Difference {k}: each value minus the one before").format(k=k),
                            F.terms([F.Text(f"{name}yₜ = {low}ₜ − {low}ₜ₋₁:"), F.seq([F.seq(worked, "; "), F.Text("…")], ", ")],
                                    " "), (f"plot:diff:{k}",), {f"diff:{k}": cur}))
    w = levels[-1]
    var = "y" if config.d == 0 else ("Δy" if config.d == 1 else "Δ²y")
    f = fit(config, train_part)
    if f.normal is not None and config.p:
        A, r = f.normal
        beta_names = "φ₁" if config.p == 1 else f"φ₁ … φ{sub(config.p)}"
        steps.append(F.step("fit", _("AR({p}) by least squares: rows [1, {v}ₜ₋₁ … {v}ₜ₋ₚ] → {v}ₜ, solved from XᵀX β = Xᵀy").format(
            p=config.p, v=var), F.seq([F.terms([F.Text("X:"), F.product(F.Num(A[0, 0]), F.Num(config.p + 1))], " "),
                                       F.Text(f"β = (c, {beta_names})")], "; "), ("coef",), {}))
        beta = np.linalg.lstsq(A, r, rcond=None)[0]
        names = ["c"] + [f"φ{sub(i + 1)}" for i in range(config.p)]
        for i, name in enumerate(names):
            rest = _sum_terms([(A[i, j], beta[j]) for j in range(len(beta)) if j != i])
            row = F.terms([F.terms([F.Num(A[i, i]), F.Text(name)], "·"), *rest])
            steps.append(F.step("fit", _("Normal equation {i}: solved for {name}").format(i=i + 1, name=name),
                                F.seq([F.given(row, F.Num(r[i])), F.eq(F.Text(name), F.Num(beta[i]))], " → "),
                                ("coef",), {"coef": beta[:i + 1]}))
    if config.q and config.coefficients == "fitted":
        e0 = series.residuals(w, *series.fit_arma(w, config.p, 0)) if config.p else w - w.mean()
        e = series.residuals(w, f.c, f.phi, f.theta)
        squares = F.Eq((F.terms([F.Num(float(e0 @ e0), 1), F.Text("(θ = 0)")], " "),
                        F.terms([F.Num(float(e @ e), 1), F.Text(f"({_('Gauss–Newton')})")], " ")), " → ")
        steps.append(F.step("fit", _("MA part by conditional sum of squares: residuals with ε = 0 before the start"),
                            F.seq([F.Text(f"εₜ = {var}ₜ − c − Σφᵢ{var}ₜ₋ᵢ − Σθⱼεₜ₋ⱼ"),
                                   F.terms([F.Text("S = Σεₜ²:"), squares], " ")], "; "), ("coef",),
                            {"coef": np.concatenate([[f.c], f.phi, f.theta])}))
    steps.append(F.step("fit", _("The fitted ARIMA({p}, {d}, {q})").format(p=config.p, d=config.d, q=config.q),
                        _model_text(config, f, var), ("coef",), {"coef": np.concatenate([[f.c], f.phi, f.theta])}))
    fc = series.forecast_arima(train_part, config.d, f.c, f.phi, f.theta, config.test)
    for h in range(config.test):
        t = n + h + 1
        terms = [F.Num(f.c)] + [F.terms([F.Num(phi), F.Num(v)], "·") for phi, v in zip(f.phi, fc.lags[h])] \
            + [F.terms([F.Num(th), F.Num(e)], "·") for th, e in zip(f.theta, fc.errors[h])]
        if len(terms) > 5:
            terms = terms[:3] + [F.Text("…")] + terms[-1:]
        lines = [F.eq(F.Text(f"{var[:-1]}ŷ{sub(t)}"), F.terms(terms), F.Num(fc.diff[h]))]
        if config.d:
            lines.append(F.eq(F.Text(f"ŷ{sub(t)}"), *_undo(levels, fc, h, t), F.Num(fc.values[h])))
        steps.append(F.step("forecast", _("ARIMA forecast {h} of {k} (future ε = 0)").format(h=h + 1, k=config.test),
                            F.seq(lines), (f"forecast:arima:{h}",), {f"arima:{h}": fc.values[h], "arima": fc.values[:h + 1]}))
    r_arima = series.rmse(fc.values, tail)
    steps.append(F.step("score", _("RMSE of ARIMA on the held-out tail"),
                        F.eq(F.Text("RMSE"), F.Text(f"√(Σ(ŷₜ − yₜ)²/{config.test})"), F.Num(r_arima)), ("rmse",),
                        {"rmse:arima": r_arima}))
    if config.lstm:
        _lstm_steps(config, y, n, tail, steps, r_arima)
    return Timeline("series", steps, base)


def _undo(levels, fc, h: int, t: int) -> tuple:
    """How forecast h (of y at time t) of the differenced series becomes a forecast of y (d = 1 or 2):
    the rule and its numbers."""
    prev = levels[0][-1] if h == 0 else fc.values[h - 1]
    y1, y2 = ("y" if h < k else "ŷ" for k in (1, 2))
    if len(levels) == 2:
        return F.Text(f"{y1}{sub(t - 1)} + Δŷ{sub(t)}"), F.terms([F.Num(prev), F.Num(fc.diff[h])])
    before = (levels[0][-2] if h == 0 else (levels[0][-1] if h == 1 else fc.values[h - 2]))
    return (F.Text(f"2{y1}{sub(t - 1)} − {y2}{sub(t - 2)} + Δ²ŷ{sub(t)}"),
            F.terms([F.terms([F.terms([F.Num(2), F.Num(prev)], "·"), F.Num(before)], " − "), F.Num(fc.diff[h])]))


def _lstm_steps(config: Config, y, n: int, tail, steps: list, r_arima: float) -> None:
    cell, readout = lstm_model(config)
    mean, std = float(np.mean(y[:n])), float(np.std(y[:n])) or 1.0
    trained = config.lstm_weights is not None
    def readout_of(h) -> F.Terms:
        return F.terms([F.Num(mean), F.terms([F.Num(std), F.Text(f"(w·{h} + b)")], "·")])

    scaled = F.terms([F.Group(F.terms([F.Text(f"yₜ₋{sub(config.window)} … yₜ₋₁"), F.Num(mean)], " − ")), F.Num(std)], "/")
    steps.append(F.step("lstm", _("The LSTM: windows of {w} values (scaled) → the next value") .format(w=config.window)
                        + ("" if trained else " " + _("(untrained: press Train)")),
                        F.seq([F.given(F.sym("x"), scaled), F.given(F.Text("ŷₜ"), readout_of("hₜ"))], "; "),
                        ("forecast:lstm:0",), {}))
    forecasts = series.lstm_forecast(cell, readout, (mean, std), y[:n], config.window, config.test)
    for h in range(config.test):
        t = n + h + 1
        numbers = F.terms([F.Num(mean), F.terms([F.Num(std), F.Num((forecasts[h] - mean) / std)], "·")])
        steps.append(F.step("lstm", _("LSTM forecast {h} of {k} (its forecasts fed back)").format(h=h + 1, k=config.test),
                            F.eq(F.Text(f"ŷ{sub(t)}"), readout_of(f"h{sub(t)}"), numbers, F.Num(forecasts[h])),
                            (f"forecast:lstm:{h}",), {f"lstm:{h}": forecasts[h], "lstm": forecasts[:h + 1]}))
    r_lstm = series.rmse(forecasts, tail)
    steps.append(F.step("score", _("RMSE side by side on the held-out tail"),
                        F.seq([F.Eq((F.Text("ARIMA"), F.Num(r_arima)), " ", known=True), F.Eq((F.Text("LSTM"), F.Num(r_lstm)), " ")],
                              " | "), ("rmse",), {"rmse:lstm": r_lstm}))
