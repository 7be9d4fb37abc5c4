"""Time-series models: differencing, AR(p) by least squares, MA/ARMA by conditional sum of squares
(Gauss–Newton), ARIMA(p, d, q) forecasts, and an LSTM on the same windows.

A fitted ARMA model is (c, φ, θ): yₜ = c + Σᵢ φᵢ yₜ₋ᵢ + Σⱼ θⱼ εₜ₋ⱼ + εₜ.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from nnlab.recurrent import LSTMCell
from nnlab.resources import ASSETS

AIRLINE = ASSETS / "datasets" / "airline_passengers.csv"


def load_airline() -> np.ndarray:
    """The monthly airline passengers 1949–1960 (thousands), 144 values."""
    rows = AIRLINE.read_text(encoding="utf-8").splitlines()[1:]
    return np.array([float(r.split(",")[1]) for r in rows])


def generated(n: int, seed: int = 0) -> np.ndarray:
    """Trend + a 12-step season + noise, seeded."""
    t = np.arange(n)
    return 100 + 0.8 * t + 15 * np.sin(2 * np.pi * t / 12) + np.random.default_rng(seed).normal(0, 3, n)


def differences(y: np.ndarray, d: int) -> list[np.ndarray]:
    """[y, Δy, Δ²y, …] up to order d, Δyₜ = yₜ − yₜ₋₁."""
    out = [np.asarray(y, dtype=np.float64)]
    for _k in range(d):
        out.append(np.diff(out[-1]))
    return out


def integrate(last: list[float], forecasts: np.ndarray) -> np.ndarray:
    """Undo d differences: ``last`` = the last value of y, Δy, …, Δ^(d−1)y; forecasts of Δ^d y."""
    out = np.asarray(forecasts, dtype=np.float64)
    for value in reversed(last):
        out = value + np.cumsum(out)
    return out


def lag_matrix(y: np.ndarray, p: int) -> tuple[np.ndarray, np.ndarray]:
    """Rows [1, yₜ₋₁, …, yₜ₋ₚ] and targets yₜ for t = p … n−1."""
    n = len(y)
    X = np.column_stack([np.ones(n - p)] + [y[p - i:n - i] for i in range(1, p + 1)])
    return X, y[p:]


def fit_ar(y: np.ndarray, p: int) -> tuple[float, np.ndarray]:
    """AR(p) with a constant by least squares: (c, φ)."""
    X, target = lag_matrix(np.asarray(y, dtype=np.float64), p)
    beta = np.linalg.lstsq(X, target, rcond=None)[0]
    return float(beta[0]), beta[1:]


def residuals(y: np.ndarray, c: float, phi: np.ndarray, theta: np.ndarray) -> np.ndarray:
    """Conditional residuals εₜ = yₜ − c − Σ φᵢ yₜ₋ᵢ − Σ θⱼ εₜ₋ⱼ for t ≥ p (earlier ε taken as 0)."""
    p, q = len(phi), len(theta)
    eps = np.zeros(len(y))
    for t in range(p, len(y)):
        ar = sum(phi[i] * y[t - 1 - i] for i in range(p))
        ma = sum(theta[j] * eps[t - 1 - j] for j in range(q) if t - 1 - j >= p)
        eps[t] = y[t] - c - ar - ma
    return eps[p:]


def fit_arma(y: np.ndarray, p: int, q: int, iterations: int = 50) -> tuple[float, np.ndarray, np.ndarray]:
    """ARMA(p, q) with a constant by conditional sum of squares (Gauss–Newton with step halving,
    started from the least-squares AR(p) and θ = 0, kept to Σ|θⱼ| < 1): (c, φ, θ)."""
    y = np.asarray(y, dtype=np.float64)
    c, phi = fit_ar(y, p) if p else (float(y.mean()), np.zeros(0))
    params = np.concatenate([[c], phi, np.zeros(q)])
    if q == 0:
        return c, phi, np.zeros(0)

    def split(v):
        return float(v[0]), v[1:1 + p], v[1 + p:]

    def sse(v):
        e = residuals(y, *split(v))
        return float(e @ e), e

    cost, e = sse(params)
    for _it in range(iterations):
        J = _jacobian(y, p, q, params, e)
        step = np.linalg.lstsq(J, -e, rcond=None)[0]
        scale = 1.0
        while scale > 1e-6:
            trial = params + scale * step
            if np.sum(np.abs(trial[1 + p:])) < 1:  # invertible: the residuals stay bounded
                new_cost, new_e = sse(trial)
                if new_cost < cost:
                    break
            scale /= 2
        else:
            break
        done = cost - new_cost < 1e-12 * max(cost, 1.0)
        params, cost, e = trial, new_cost, new_e
        if done:
            break
    return split(params)


def _jacobian(y, p, q, params, e) -> np.ndarray:
    """∂εₜ/∂(c, φ, θ) by the recursion ∂εₜ = −(1, yₜ₋ᵢ, εₜ₋ⱼ) − Σ θⱼ ∂εₜ₋ⱼ."""
    theta = params[1 + p:]
    n = len(e)
    full = np.concatenate([np.zeros(p), e])  # ε indexed like y (zero before p)
    J = np.zeros((n, 1 + p + q))
    for k in range(n):
        t = k + p
        row = np.concatenate([[-1.0], -y[t - 1 - np.arange(p)] if p else [],
                              [-full[t - 1 - j] if t - 1 - j >= p else 0.0 for j in range(q)]])
        for j in range(q):
            if k - 1 - j >= 0:
                row = row - theta[j] * J[k - 1 - j]
        J[k] = row
    return J


@dataclass
class Forecast:
    """ARIMA forecasts: of the differenced series (with the lagged values and errors each used) and of y."""

    diff: np.ndarray  # forecasts of Δ^d y
    values: np.ndarray  # forecasts of y
    lags: list  # per step: the p lagged values used (most recent first)
    errors: list  # per step: the q lagged errors used (future ones are 0)


def forecast_arima(y: np.ndarray, d: int, c: float, phi: np.ndarray, theta: np.ndarray, horizon: int) -> Forecast:
    """Forecast ``horizon`` steps of y with ARIMA(p, d, q): future errors are 0, the differences undone."""
    levels = differences(y, d)
    w = levels[-1]
    p, q = len(phi), len(theta)
    eps = list(np.concatenate([np.zeros(p), residuals(w, c, phi, theta)]))
    hist = list(w)
    diff, lags, errors = [], [], []
    for _h in range(horizon):
        lag = [hist[-1 - i] for i in range(p)]
        err = [eps[-1 - j] for j in range(q)]
        value = c + float(np.dot(phi, lag)) + float(np.dot(theta, err))
        diff.append(value)
        lags.append(lag)
        errors.append(err)
        hist.append(value)
        eps.append(0.0)
    last = [float(level[-1]) for level in levels[:-1]]
    return Forecast(np.array(diff), integrate(last, diff), lags, errors)


def rmse(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.sqrt(np.mean((np.asarray(a) - np.asarray(b)) ** 2)))


def windows(y: np.ndarray, size: int) -> tuple[np.ndarray, np.ndarray]:
    """Inputs (size, samples, 1) of ``size`` consecutive values and the value after each as target."""
    n = len(y) - size
    xs = np.stack([y[i:i + size] for i in range(n)], axis=1)[..., None]
    return xs, y[size:]


def train_lstm(y: np.ndarray, size: int, hidden: int = 8, iterations: int = 300, lr: float = 0.02,
               seed: int = 0, progress=None, should_stop=None):
    """An LSTM (nnlab.recurrent) and a linear readout on the windows of y (scaled to mean 0,
    deviation 1), trained with Adam on the mean squared error. Returns (cell, readout, scale, losses)."""
    from nnlab.optim import make

    mean, std = float(np.mean(y)), float(np.std(y)) or 1.0
    xs, target = windows((np.asarray(y) - mean) / std, size)
    cell = LSTMCell(1, hidden, seed=seed)
    rng = np.random.default_rng(seed)
    params = {**cell.params, "w": rng.normal(0, 0.3, hidden), "b": np.zeros(1)}
    opt = make("adam", lr)
    losses = []
    for it in range(iterations):
        if should_stop is not None and should_stop():
            break
        run = cell.forward(xs)
        h = run.hs[-1]
        err = h @ params["w"] + params["b"][0] - target
        losses.append(float(np.mean(err ** 2)))
        dz = 2 * err / len(err)
        dhs = np.zeros_like(run.hs[1:])
        dhs[-1] = dz[:, None] * params["w"][None, :]
        grads = {**cell.backward(run, dhs).params, "w": h.T @ dz, "b": np.array([dz.sum()])}
        opt.update(params, grads)
        cell.params = {k: params[k] for k in cell.params}
        if progress is not None and (it + 1) % 10 == 0:
            progress((it + 1) / iterations, {"iteration": it + 1, "loss": losses[-1]})
    return cell, params, (mean, std), losses


def lstm_forecast(cell: LSTMCell, readout: dict, scale: tuple, history: np.ndarray, size: int, horizon: int) -> np.ndarray:
    """Forecast ``horizon`` steps, each prediction fed back as the newest window value."""
    mean, std = scale
    window = list((np.asarray(history[-size:]) - mean) / std)
    out = []
    for _h in range(horizon):
        h = cell.forward(np.array(window[-size:])[:, None, None]).hs[-1][0]
        value = float(h @ readout["w"] + readout["b"][0])
        out.append(value)
        window.append(value)
    return np.array(out) * std + mean


def read_csv_column(path, column: str) -> np.ndarray:
    """The numbers of column ``column`` (a header name or a 1-based number) of a CSV file;
    ValueError naming the column and the line of the first cell that is not a number."""
    from nnlab.data import _csv_rows, _number
    from nnlab.i18n import _
    from nnlab.io import read_regular_file

    name = Path(path).name
    try:
        content = read_regular_file(path).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValueError(_("{name}: not UTF-8 text").format(name=name)) from None
    rows = _csv_rows(content.replace("\r\n", "\n").replace("\r", "\n"), ",", name)
    if not rows:
        raise ValueError(_("{name}: no rows").format(name=name))
    header = [cell.strip() for cell in rows[0][1]]
    if column in header:
        index = header.index(column)
    elif column.isdigit() and 1 <= int(column) <= len(header):
        index = int(column) - 1
    else:
        raise ValueError(_("column: {name} has no column {column!r}").format(name=name, column=column))
    out = []
    for k, (line, row) in enumerate(rows):
        value = _number(row[index]) if index < len(row) else None
        if value is None or not np.isfinite(value):
            if k == 0:  # a header
                continue
            raise ValueError(_("column: {name}, line {line}: {cell!r} is not a number").format(
                name=name, line=line, cell=row[index] if index < len(row) else ""))
        out.append(value)
    return np.array(out)
