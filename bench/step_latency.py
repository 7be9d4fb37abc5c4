"""Step latency of the window: median ms from a click on "step" to the step on screen.

For every preset (nnlab.presets) and for 2-2, 64-32-10 and 784-100-10 networks (random weights
drawn by the config's init and seed) a shown 1280×800 window is put at step k − 1 (by a step
from k − 2, as a user steps), then timed two ways over up to STEPS steps spread through the
timeline, the best median of REPEATS passes (the machine is shared), in wall-clock and in this
process's CPU time:

- ``median_ms`` / ``cpu_ms`` (what a user waits for, and what "within_bar" judges): a click on
  ``stepForward`` and the event loop run until nothing is left to paint — the widgets the step
  made dirty repainted and flushed to the window, as on a real screen (QT_QPA_UPDATE_IDLE_TIME=0,
  so the window's update request is not held back 5 ms). One untimed step per case counts the
  Paint events (``widgets_painted``, ``paint_events``) to show that the widgets a step changes
  really repaint (``repainted``: the step label, the formula and the pane's views — drawing,
  plots, values table) and the settings panel's controls do not (``settings_controls_painted``).
- ``grab_ms`` / ``grab_cpu_ms``: a click, the posted events, and the whole window repainted
  (``grab()`` paints every widget, changed or not).
In the same run, a bare pyqtgraph repaint of each network's scene (its nodes and drawn edges in 16
batched ``PlotDataItem(connect="pairs")`` items and one ScatterPlotItem) is the floor to compare
with. One BLAS thread. Prints one JSON object.

    QT_QPA_PLATFORM=offscreen python bench/step_latency.py [PRESET_OR_NETWORK ...]
"""

from __future__ import annotations

import os
import sys
import tempfile

import common  # noqa: F401  (one thread, offscreen)

os.environ["QT_QPA_UPDATE_IDLE_TIME"] = "0"  # a window's update request is delivered at once, not after 5 ms
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="nnlab-bench-")  # the default look, not this machine's

import time  # noqa: E402
from collections import Counter  # noqa: E402

import numpy as np  # noqa: E402
import pyqtgraph as pg  # noqa: E402
from PySide6.QtCore import QEvent, QObject, qInstallMessageHandler  # noqa: E402
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QAbstractSpinBox, QComboBox,  # noqa: E402
                               QLineEdit, QToolButton, QWidget)

from nnlab.labs.network import Config, build_timeline  # noqa: E402
from nnlab.presets import preset_names  # noqa: E402
from ui.app import _quiet_offscreen, application, build_window, close_window  # noqa: E402
from ui.widgets.network_diagram import layer_ys  # noqa: E402

NETWORKS = {"2-2": [2, 2], "64-32-10": [64, 32, 10], "784-100-10": [784, 100, 10]}
BARS = {"seed-forward": 16.7, "2-2": 16.7, "64-32-10": 16.7, "784-100-10": 50.0}  # ms; 33 otherwise
OTHER_BAR = 33.0
WINDOW_SIZE = (1280, 800)
STEPS = 30  # steps timed per pass, spread over the timeline
REPEATS = 3
CONTROLS = (QAbstractButton, QAbstractSpinBox, QComboBox, QLineEdit)  # a settings panel's editing controls


def random_config(sizes, seed=0) -> Config:
    rng = np.random.default_rng(seed)
    return Config.from_dict({
        "sizes": sizes, "activations": ["sigmoid"] * (len(sizes) - 1), "bias": True,
        "input": rng.random(sizes[0]).round(4).tolist(), "target": np.eye(sizes[-1])[0].tolist(),
        "loss": "mse", "learning_rate": 0.5, "init": "xavier", "seed": seed})


def settle(app) -> None:
    for _ in range(3):
        app.sendPostedEvents(None, 0)
        app.processEvents()


class UpdateWatch(QObject):
    """Counts the window's update requests, and (``paints``, for one step) every widget's Paint events."""

    def __init__(self):
        super().__init__()
        self.requests = 0
        self.paints: Counter | None = None

    def eventFilter(self, obj, event) -> bool:
        kind = event.type()
        if kind == QEvent.Type.UpdateRequest:
            self.requests += 1
        elif kind == QEvent.Type.Paint and self.paints is not None:
            self.paints[obj] += 1
        return False


def painted_on_screen(app, watch: UpdateWatch) -> None:
    """Run the event loop until nothing is left to paint: two passes in a row without an update
    request (a paint may ask for another pass: a layout, a deferred range)."""
    idle = 0
    while idle < 2:
        before = watch.requests
        app.processEvents()
        idle = idle + 1 if watch.requests == before else 0


def step_to(app, window, k: int) -> None:
    """Put the window at step k − 1, reached by a step from k − 2 (as a user steps: the formula
    panel keeps the height of the step before; a jump would fit it afresh)."""
    window.playhead.seek(max(k - 2, -1))
    if k >= 1:
        window.playhead.forward()
    settle(app)


def step_cases(window) -> tuple:
    """The steps to time (spread over the timeline) and the stepForward button."""
    count = window.playhead.count
    ks = sorted(set(np.linspace(0, count - 1, min(STEPS, count)).astype(int).tolist()))
    return ks, window.findChild(QToolButton, "stepForward")


def repainted(app, window, watch: UpdateWatch) -> dict:
    """One untimed step: which widgets got Paint events — every one counted, and whether the
    widgets a step changes (step label, formula, the pane's drawing and values table) did."""
    ks, button = step_cases(window)
    step_to(app, window, ks[len(ks) // 2])
    watch.paints = Counter()
    app.installEventFilter(watch)
    button.click()
    painted_on_screen(app, watch)
    app.removeEventFilter(watch)
    paints, watch.paints = watch.paints, None
    pane = window.pane
    views = pane.findChildren(pg.GraphicsView) + pane.findChildren(QAbstractItemView)
    watched = {"stepLabel": [window.transport.label], "formula": [window.formula.formulaLabel],
               "pane views": [v.viewport() for v in views if v.isVisible()]}
    return {"widgets_painted": len(paints), "paint_events": sum(paints.values()),
            "repainted": {name: bool(ws) and any(paints[w] for w in ws) for name, ws in watched.items()},
            "settings_controls_painted": any(paints[w] for w in _settings_widgets(window))}


def _settings_widgets(window) -> list:
    """The settings panel's editing controls (buttons, fields, lists), which a step leaves as they are."""
    drawer = window.pane.drawer()
    if drawer is None or not drawer.isVisible():
        return []
    return [w for w in drawer.findChildren(QWidget) if isinstance(w, CONTROLS)]


def window_median_ms(app, window, watch: UpdateWatch, grab: bool) -> tuple[float, float]:
    """Best median ms of a click on step + events + (``grab``) the whole window repainted, or
    (not ``grab``) the dirty regions painted and flushed; and the same in this process's CPU time
    — what a shared machine's load does not inflate."""
    ks, button = step_cases(window)
    window.playhead.seek(ks[0] - 1)  # warm-up: one step, untimed
    button.click()
    settle(app)
    best = cpu = float("inf")
    for _ in range(REPEATS):
        times, cpus = [], []
        for k in ks:
            step_to(app, window, k)
            painted_on_screen(app, watch)
            t0, c0 = time.perf_counter(), time.process_time()
            button.click()
            if grab:
                app.processEvents()
                window.grab()
            else:
                painted_on_screen(app, watch)
            times.append((time.perf_counter() - t0) * 1000)
            cpus.append((time.process_time() - c0) * 1000)
        best, cpu = min(best, float(np.median(times))), min(cpu, float(np.median(cpus)))
    return round(best, 2), round(cpu, 2)


def timed(app, window, watch: UpdateWatch, bar: float, **more) -> dict:
    """A case's entry: the dirty-region step (judged against ``bar``), the full grab, the paint check."""
    ms, cpu = window_median_ms(app, window, watch, grab=False)
    grab_ms, grab_cpu = window_median_ms(app, window, watch, grab=True)
    return {"median_ms": ms, "cpu_ms": cpu, "grab_ms": grab_ms, "grab_cpu_ms": grab_cpu,
            "steps": window.playhead.count, **more, **repainted(app, window, watch),
            "bar_ms": bar, "within_bar": ms <= bar}


def wait_built(app, window) -> None:
    """Until a timeline built in the background (if any) has arrived."""
    while window.rebuilder.busy():
        window.rebuilder.wait()
        app.processEvents()
    settle(app)


def bare_ms(app, sizes, n_edges, size) -> float:
    """A plain GraphicsLayoutWidget with n_edges segments in 16 batched items and every node:
    best median ms of a small change and a full repaint."""
    w = pg.GraphicsLayoutWidget()
    w.resize(*size)
    vb = w.addViewBox()
    vb.invertY(True)
    rng = np.random.default_rng(0)
    ys = [layer_ys(n) for n in sizes]
    pairs = [(l, rng.integers(0, sizes[l - 1], n_edges), rng.integers(0, sizes[l], n_edges))
             for l in range(1, len(sizes))]
    layer = rng.integers(1, len(sizes), n_edges)
    x0 = layer - 1.0
    y0 = np.choose(layer - 1, [ys[l - 1][i] for l, i, _ in pairs])
    y1 = np.choose(layer - 1, [ys[l][j] for l, _, j in pairs])
    for b, idx in enumerate(np.array_split(np.arange(n_edges), 16)):
        x = np.empty(2 * len(idx))
        y = np.empty(2 * len(idx))
        x[0::2], x[1::2], y[0::2], y[1::2] = x0[idx], x0[idx] + 1, y0[idx], y1[idx]
        vb.addItem(pg.PlotDataItem(x, y, connect="pairs", skipFiniteCheck=True,
                                   pen=pg.mkPen(pg.intColor(b, 16), width=1)))
    pos = np.column_stack([np.concatenate([np.full(n, float(l)) for l, n in enumerate(sizes)]), np.concatenate(ys)])
    vb.addItem(pg.ScatterPlotItem(pos=pos, size=10, pen=pg.mkPen("k"), brush=pg.mkBrush("c")))
    marker = pg.PlotDataItem([0, 1], [0, 1], pen=pg.mkPen("y", width=3))
    vb.addItem(marker)
    vb.setRange(xRange=(-0.5, len(sizes) - 0.35), yRange=(-0.16, 1.04), padding=0)
    w.show()
    app.processEvents()
    best = float("inf")
    for _ in range(REPEATS):
        times = []
        for k in range(STEPS):  # a small change, as a step makes, then a full repaint
            t0 = time.perf_counter()
            marker.setData([0, 1], [k % 7 / 7, 1 - k % 5 / 5])
            w.grab()
            times.append((time.perf_counter() - t0) * 1000)
        best = min(best, float(np.median(times)))
    w.close()
    w.deleteLater()
    app.processEvents()
    return round(best, 2)


def main(only: list[str]) -> None:
    app = application()
    qInstallMessageHandler(_quiet_offscreen)
    names = [n for n in preset_names() if not only or n in only]
    window = build_window(source="seed-forward")
    window.resize(*WINDOW_SIZE)
    window.show()
    settle(app)
    watch = UpdateWatch()
    window.installEventFilter(watch)
    presets = {}
    for name in names:
        if not window.open_source(name):
            presets[name] = {"error": window.last_error}
            continue
        wait_built(app, window)
        presets[name] = timed(app, window, watch, BARS.get(name, OTHER_BAR), lab=window.lab)
    networks = {}
    window.open_source("seed-forward")
    for name, sizes in NETWORKS.items():
        if only and name not in only:
            continue
        config = random_config(sizes)
        window.apply_config("network", config, build_timeline(config))
        settle(app)
        d = window.pane.diagram
        networks[name] = timed(app, window, watch, BARS[name], edges=d.n_edges, edges_drawn=len(d.drawn))
        networks[name]["bare_pyqtgraph_ms"] = bare_ms(app, sizes, len(d.drawn), (d.width(), d.height()))
    close_window(window)
    app.processEvents()
    cases = list(presets.values()) + list(networks.values())
    common.emit({"bench": "step_latency", "unit": "ms", "window_size": list(WINDOW_SIZE),
                 "measure": "median_ms/cpu_ms (judged by within_bar): click stepForward + the event loop "
                            "until the dirty regions are painted and flushed (QT_QPA_UPDATE_IDLE_TIME=0); "
                            "grab_ms/grab_cpu_ms: click + processEvents + window.grab() (every widget repainted)",
                 "statistic": f"best of {REPEATS} passes of the median over up to {STEPS} steps "
                              "(median_ms: wall clock; cpu_ms: this process's CPU time)",
                 "threads": common.threads(),
                 "within_bar": f"{sum(c.get('within_bar', False) for c in cases)}/{len(cases)}",
                 "networks": networks, "presets": presets})


if __name__ == "__main__":
    main(sys.argv[1:])
