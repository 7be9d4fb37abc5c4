"""Step latency of the whole window: median ms from a click on "step" to the repainted window.

For every preset (nnlab.presets) and for 2-2, 64-32-10 and 784-100-10 networks (random weights
drawn by the config's init and seed) a 1280×800 window is put at step k − 1, then timed: a click
on ``stepForward``, the events it posts processed, and the whole window repainted (``grab()``
paints every widget offscreen) — over up to STEPS steps spread through the timeline, the best
median of REPEATS passes (the machine is shared), in wall-clock and in this process's CPU time.
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

os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="nnlab-bench-")  # the default look, not this machine's

import time  # noqa: E402

import numpy as np  # noqa: E402
import pyqtgraph as pg  # noqa: E402
from PySide6.QtCore import qInstallMessageHandler  # noqa: E402
from PySide6.QtWidgets import QToolButton  # noqa: E402

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


def window_median_ms(app, window) -> tuple[float, float, int]:
    """(best median ms of a click on step + events + a full repaint, the same in this process's
    CPU time — what a shared machine's load does not inflate —, steps in the timeline)."""
    button = window.findChild(QToolButton, "stepForward")
    count = window.playhead.count
    ks = sorted(set(np.linspace(0, count - 1, min(STEPS, count)).astype(int).tolist()))
    window.playhead.seek(ks[0] - 1)  # warm-up: one step, untimed
    button.click()
    settle(app)
    best = cpu = float("inf")
    for _ in range(REPEATS):
        times, cpus = [], []
        for k in ks:
            window.playhead.seek(k - 1)
            settle(app)
            t0, c0 = time.perf_counter(), time.process_time()
            button.click()
            app.processEvents()
            window.grab()
            times.append((time.perf_counter() - t0) * 1000)
            cpus.append((time.process_time() - c0) * 1000)
        best, cpu = min(best, float(np.median(times))), min(cpu, float(np.median(cpus)))
    return round(best, 2), round(cpu, 2), count


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


def entry(ms: float, cpu: float, steps: int, bar: float, **more) -> dict:
    return {"median_ms": ms, "cpu_ms": cpu, "steps": steps, **more, "bar_ms": bar, "within_bar": ms <= bar}


def main(only: list[str]) -> None:
    app = application()
    qInstallMessageHandler(_quiet_offscreen)
    names = [n for n in preset_names() if not only or n in only]
    window = build_window(source="seed-forward")
    window.resize(*WINDOW_SIZE)
    window.show()
    settle(app)
    presets = {}
    for name in names:
        if not window.open_source(name):
            presets[name] = {"error": window.last_error}
            continue
        wait_built(app, window)
        presets[name] = entry(*window_median_ms(app, window), BARS.get(name, OTHER_BAR), lab=window.lab)
    networks = {}
    window.open_source("seed-forward")
    for name, sizes in NETWORKS.items():
        if only and name not in only:
            continue
        config = random_config(sizes)
        window.apply_config("network", config, build_timeline(config))
        settle(app)
        timed = window_median_ms(app, window)
        d = window.pane.diagram
        drawn = len(d.drawn)
        networks[name] = entry(*timed, BARS[name], edges=d.n_edges, edges_drawn=drawn,
                               bare_pyqtgraph_ms=bare_ms(app, sizes, drawn, (d.width(), d.height())))
    close_window(window)
    app.processEvents()
    cases = list(presets.values()) + list(networks.values())
    common.emit({"bench": "step_latency", "unit": "ms", "window_size": list(WINDOW_SIZE),
                 "measure": "click stepForward + processEvents + window.grab()",
                 "statistic": f"best of {REPEATS} passes of the median over up to {STEPS} steps "
                              "(median_ms: wall clock; cpu_ms: this process's CPU time)",
                 "threads": common.threads(),
                 "within_bar": f"{sum(c.get('within_bar', False) for c in cases)}/{len(cases)}",
                 "networks": networks, "presets": presets})


if __name__ == "__main__":
    main(sys.argv[1:])
