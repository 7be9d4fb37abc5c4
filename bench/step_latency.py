"""Step latency of the network pane: median ms to advance one step and repaint.

For 2-2, 64-32-10 and 784-100-10 networks (random weights drawn by the config's init and seed)
this times ``pane.show_step(k)`` followed by a forced repaint (``grab()``, which paints the widget
offscreen) over steps spread through the whole timeline, the same for the whole window (2-2 and
64-32-10: playhead seek + ``window.grab()``), and, in the same run, a bare pyqtgraph
repaint of the same scene: the same number of nodes and drawn edges in 16 batched
``PlotDataItem(connect="pairs")`` items and one ScatterPlotItem. Best median of several repeats
(the machine is shared). Prints one JSON object.

    QT_QPA_PLATFORM=offscreen python bench/step_latency.py
"""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="nnlab-bench-")  # the window's default look, not this machine's

import json  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402
import pyqtgraph as pg  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from nnlab.labs.network import Config, build_timeline  # noqa: E402
from ui.app import build_window, close_window  # noqa: E402
from ui.panes.network import Pane  # noqa: E402
from ui.widgets.network_diagram import layer_ys  # noqa: E402

NETWORKS = {"2-2": ([2, 2], 16.7), "64-32-10": ([64, 32, 10], 16.7), "784-100-10": ([784, 100, 10], 50.0)}
PANE_SIZE = (1280, 560)  # what the window gives a pane at 1280×800
WINDOW_SIZE = (1280, 800)
STEPS = 60  # steps timed per repeat, spread over the timeline
REPEATS = 5


def random_config(sizes, seed=0) -> Config:
    rng = np.random.default_rng(seed)
    return Config.from_dict({
        "sizes": sizes, "activations": ["sigmoid"] * (len(sizes) - 1), "bias": True,
        "input": rng.random(sizes[0]).round(4).tolist(), "target": np.eye(sizes[-1])[0].tolist(),
        "loss": "mse", "learning_rate": 0.5, "init": "xavier", "seed": seed})


def median_ms(fn, ks) -> float:
    best = float("inf")
    for _ in range(REPEATS):
        times = []
        for k in ks:
            t0 = time.perf_counter()
            fn(k)
            times.append((time.perf_counter() - t0) * 1000)
        best = min(best, float(np.median(times)))
    return round(best, 2)


def bare_scene(app, sizes, n_edges, size):
    """A plain GraphicsLayoutWidget with n_edges segments in 16 batched items and every node."""
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
        item = pg.PlotDataItem(x, y, connect="pairs", skipFiniteCheck=True,
                               pen=pg.mkPen(pg.intColor(b, 16), width=1))
        vb.addItem(item)
    pos = np.column_stack([np.concatenate([np.full(n, float(l)) for l, n in enumerate(sizes)]), np.concatenate(ys)])
    nodes = pg.ScatterPlotItem(pos=pos, size=10, pen=pg.mkPen("k"), brush=pg.mkBrush("c"))
    vb.addItem(nodes)
    marker = pg.PlotDataItem([0, 1], [0, 1], pen=pg.mkPen("y", width=3))
    vb.addItem(marker)
    vb.setRange(xRange=(-0.5, len(sizes) - 0.35), yRange=(-0.16, 1.04), padding=0)
    w.show()
    app.processEvents()

    def frame(k):  # a small change, as a step makes, then a full repaint
        marker.setData([0, 1], [k % 7 / 7, 1 - k % 5 / 5])
        w.grab()

    return w, frame


def window_steps(app, results) -> None:
    """Whole window, 1280×800: seek the playhead and repaint everything (diagram with its placed
    labels, formula panel, transport, values table), for the networks held to a 60 Hz frame."""
    window = build_window(source="seed-forward")
    window.resize(*WINDOW_SIZE)
    window.show()
    app.processEvents()
    for name, (sizes, bar) in NETWORKS.items():
        if bar > 16.7:
            continue
        config = random_config(sizes)
        timeline = build_timeline(config)
        window.apply_config("network", config, timeline)
        app.processEvents()
        ks = np.linspace(0, len(timeline) - 1, min(STEPS, len(timeline))).astype(int).tolist()
        ms = median_ms(lambda k: (window.playhead.seek(k), window.grab()), ks)
        results[name].update(window_step_repaint_ms=ms, window_within_bar=ms <= bar)
    close_window(window)
    app.processEvents()


def main() -> None:
    app = QApplication.instance() or QApplication([])
    pane = Pane()
    pane.resize(*PANE_SIZE)
    pane.show()
    app.processEvents()
    results = {}
    for name, (sizes, bar) in NETWORKS.items():
        config = random_config(sizes)
        t0 = time.perf_counter()
        timeline = build_timeline(config)
        build_ms = (time.perf_counter() - t0) * 1000
        t0 = time.perf_counter()
        pane.set_timeline(config, timeline)
        app.processEvents()
        load_ms = (time.perf_counter() - t0) * 1000
        ks = np.linspace(0, len(timeline) - 1, min(STEPS, len(timeline))).astype(int).tolist()
        pane_ms = median_ms(lambda k: (pane.show_step(k), pane.grab()), ks)
        diagram_ms = median_ms(lambda k: (pane.show_step(k), pane.diagram.grab()), ks)
        d = pane.diagram
        drawn = len(d.drawn)
        bare, frame = bare_scene(app, sizes, drawn, (d.width(), d.height()))
        bare_ms = median_ms(frame, range(len(ks)))
        bare.close()
        bare.deleteLater()
        entry = {"edges": d.n_edges, "edges_drawn": drawn, "steps": len(timeline),
                 "timeline_build_ms": round(build_ms, 1), "set_timeline_ms": round(load_ms, 1),
                 "pane_step_repaint_ms": pane_ms, "diagram_step_repaint_ms": diagram_ms,
                 "bare_pyqtgraph_repaint_ms": bare_ms, "bar_ms": bar, "within_bar": pane_ms <= bar}
        if drawn < d.n_edges:
            full, frame = bare_scene(app, sizes, d.n_edges, (d.width(), d.height()))
            entry["bare_pyqtgraph_all_edges_ms"] = median_ms(frame, range(10))
            full.close()
            full.deleteLater()
        results[name] = entry
        app.processEvents()
    pane.close()
    pane.deleteLater()
    app.processEvents()
    window_steps(app, results)
    print(json.dumps({"bench": "step_latency", "unit": "ms", "pane_size": list(PANE_SIZE),
                      "repeats": REPEATS, "statistic": "best of repeats of the median over steps",
                      "networks": results}, ensure_ascii=False))


if __name__ == "__main__":
    main()
