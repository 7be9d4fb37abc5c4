"""Start-up and opening times, offscreen, as one JSON object.

- Cold start: ms from process start to the first painted window, ``nnlab open seed-forward``
  (the CLI's own path) beside a bare QApplication + pyqtgraph window, interleaved in the same run;
  median of ``repeats`` after one unmeasured run of each (which writes the bytecode cache, as an
  installed package has one). Bar: nnlab ≤ 1.5× bare (aim 1.2×).
- Per preset, in one window already showing seed-forward: ``open_ms`` from ``open_source`` (the
  preset selector, File → Open) to the window painted (bar 300 ms, aim 150: a slow timeline
  finishes in the background meanwhile; ``open_cpu_ms``: the same in this process's CPU time,
  for a loaded machine — a background build's thread counts in it), ``steps_ms`` until its steps
  are on screen, and ``build_ms``, its timeline build (timed in the worker that built it; the
  first opening of a lab also imports and lays out its pane, which the later ones reuse).

``measure()`` returns the dict (bench/step_latency.py can include it); run as a script to print it.

    QT_QPA_PLATFORM=offscreen python bench/startup.py
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

CHILD = r"""
import sys, time
kind = sys.argv[1]
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication


class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:  # the first Paint of any widget of the window
            print(repr(time.time()), flush=True)
            QApplication.instance().removeEventFilter(self)
            QTimer.singleShot(0, QApplication.instance().quit)
        return False


first_paint = FirstPaint()
if kind == "nnlab":
    import ui.app
    show = ui.app.MainWindow.show
    def shown(window):
        QApplication.instance().installEventFilter(first_paint)
        show(window)
    ui.app.MainWindow.show = shown
    from nnlab.cli import main
    sys.exit(main(["open", "seed-forward"]))
import pyqtgraph as pg
from PySide6.QtWidgets import QMainWindow
app = QApplication([])
window = QMainWindow()
plot = pg.PlotWidget()
plot.plot([0, 1, 2], [0, 1, 0])
window.setCentralWidget(plot)
window.resize(1280, 800)
app.installEventFilter(first_paint)
window.show()
app.exec()
window.close(); window.deleteLater(); app.processEvents()
"""

OPEN_BAR_MS, OPEN_AIM_MS = 300.0, 150.0


def _child_env(home: str) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYQTGRAPH_QT_LIB="PySide6", OPENBLAS_NUM_THREADS="1",
               XDG_CONFIG_HOME=home, PYTHONPYCACHEPREFIX=os.path.join(home, "pycache"),
               PYTHONPATH=os.pathsep.join([str(Path(__file__).resolve().parent.parent),
                                           os.environ.get("PYTHONPATH", "")]))
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def _first_paint_ms(kind: str, env: dict) -> float:
    start = time.time()
    out = subprocess.run([sys.executable, "-c", CHILD, kind], capture_output=True, text=True, env=env,
                         check=True, timeout=120)
    return (float(out.stdout.strip().splitlines()[-1]) - start) * 1000


def cold_start(repeats: int = 7) -> dict:
    """nnlab open seed-forward vs a bare window, first paint, median ms of interleaved runs."""
    runs = {"nnlab": [], "bare": []}
    with tempfile.TemporaryDirectory(prefix="nnlab-bench-") as home:
        env = _child_env(home)
        for kind in runs:  # unmeasured: writes the bytecode cache
            _first_paint_ms(kind, env)
        for _ in range(repeats):  # interleaved, so a busy moment hurts both alike
            for kind in runs:
                runs[kind].append(_first_paint_ms(kind, env))
    nnlab_ms, bare_ms = statistics.median(runs["nnlab"]), statistics.median(runs["bare"])
    return {"nnlab_ms": round(nnlab_ms, 1), "bare_ms": round(bare_ms, 1), "ratio": round(nnlab_ms / bare_ms, 3),
            "bar_ratio": 1.5, "aim_ratio": 1.2, "pass": nnlab_ms <= 1.5 * bare_ms, "repeats": repeats,
            "nnlab_runs_ms": [round(v, 1) for v in runs["nnlab"]], "bare_runs_ms": [round(v, 1) for v in runs["bare"]]}


def presets_open() -> dict:
    """Every preset opened in one window (already showing seed-forward): ms to the painted window,
    to its steps on screen, and its timeline build alone."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from nnlab.presets import preset_index
    from ui.app import application, build_window, close_window

    app = application()
    window = build_window(source="seed-forward")
    window.resize(1280, 800)
    window.show()
    app.processEvents()
    out = {}
    for info in preset_index():
        start, cpu = time.perf_counter(), time.process_time()
        window.open_source(info.name)
        app.processEvents()
        window.repaint()
        open_ms = (time.perf_counter() - start) * 1000
        open_cpu_ms = (time.process_time() - cpu) * 1000
        background = window.rebuilder.busy()
        window.finish_building()
        app.processEvents()
        window.repaint()
        steps_ms = (time.perf_counter() - start) * 1000
        out[info.name] = {"lab": info.lab, "open_ms": round(open_ms, 1), "open_cpu_ms": round(open_cpu_ms, 1),
                          "steps_ms": round(steps_ms, 1),
                          "build_ms": round(window.state.build_ms, 1),
                          "background": background, "within_bar": open_ms <= OPEN_BAR_MS}
    close_window(window)
    return out


def measure(repeats: int = 7) -> dict:
    """The bench's whole result: cold start and every preset's opening."""
    opened = presets_open()
    worst = max(opened, key=lambda name: opened[name]["open_ms"])
    return {"benchmark": "startup", "cold_start": cold_start(repeats),
            "open": {"bar_ms": OPEN_BAR_MS, "aim_ms": OPEN_AIM_MS, "worst": worst,
                     "worst_open_ms": opened[worst]["open_ms"],
                     "all_within_bar": all(v["within_bar"] for v in opened.values()),
                     "median_open_ms": round(statistics.median(v["open_ms"] for v in opened.values()), 1),
                     "presets": opened}}


if __name__ == "__main__":
    import json

    os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="nnlab-bench-")  # the default look, not this machine's
    os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
    print(json.dumps(measure()))
