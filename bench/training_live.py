"""Benchmark the training lab as a live show: the window's event loop while digits-mlp trains
at full speed, and the frames each element draws per second. Prints one JSON object.

A 10 ms QTimer records when the event loop gets to it during a 10-second run of digits-mlp (in
the window, 1280×800 at the default look, Train pressed, speed "as fast as possible"; measured
from the first payload of the run's process, whose start-up is ``first_payload_s``); the gaps
between its ticks are reported (p50, p95, max; bar: p95 ≤ 50 ms), and the window's CPU time per
frame (what a loaded machine does not inflate; training runs in another process). Frames: the live frames the pane drew, and per
element how many times a second it was redrawn with the run's new numbers — boundary (2-D data)
or test images, curves, diagram weights, histograms, confusion matrix, formula panel (bar: each
≥ 20). A digits epoch takes longer than a frame, so the frame-rate bar is measured on a 5-second
xor-mlp run, whose epochs are far faster than frames.
"""

import os
import tempfile

import common  # noqa: F401  (one thread, offscreen Qt: before numpy and Qt)

os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="nnlab-bench-")  # the default look, not this machine's

import time  # noqa: E402

import numpy as np  # noqa: E402

RUN_SECONDS = 10.0
TICK_MS = 10
FPS_BAR = 20


def _count(counts: dict, name: str, owner, method: str) -> None:
    """Count the calls of ``owner.method`` under ``name`` (an instance attribute wraps it)."""
    original = getattr(owner, method)

    def counted(*args, **kwargs):
        counts[name] += 1
        return original(*args, **kwargs)

    setattr(owner, method, counted)


def live_run(preset: str, epochs: int, run_seconds: float) -> dict:
    from PySide6.QtCore import QEventLoop, Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from nnlab.labs import training
    from nnlab.presets import load_preset
    from ui.app import MainWindow, build_window, close_window

    MainWindow.open_wait_ms = 600_000.0  # the timeline is there before the run (a late one would cancel it)
    window = build_window(source=preset)
    window.resize(1280, 800)
    window.show()
    pane = window.pane
    pane.config = training.Config.from_dict({**load_preset(preset).config.to_dict(), "epochs": epochs})
    QApplication.processEvents()
    counts = dict.fromkeys(("boundary" if pane.is_2d else "images", "curves", "diagram", "histograms",
                            "confusion", "formula"), 0)
    for name, owner, method in (("boundary", pane.dataView, "draw_boundary"), ("images", pane.imageGrid, "set_images"),
                                ("curves", pane.curvesView, "draw"), ("diagram", pane.diagram, "set_weights"),
                                ("histograms", pane.tabs, "draw_histograms"), ("confusion", pane.tabs, "draw_confusion"),
                                ("formula", window.formula, "show_formula")):
        if name in counts:
            _count(counts, name, owner, method)
    ticks = []
    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(TICK_MS)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    loop = QEventLoop()
    measured = {}

    def first_payload(*_):  # the run's process has started: measure from here
        if not measured:
            measured.update(start=time.perf_counter(), cpu=time.process_time())
            timer.start()
            QTimer.singleShot(int(run_seconds * 1000), loop, loop.quit)

    clicked = time.perf_counter()
    pane.train()
    pane._worker.progress.connect(first_payload)
    pane._worker.done.connect(loop.quit)
    loop.exec()
    seconds, cpu = time.perf_counter() - measured["start"], time.process_time() - measured["cpu"]
    timer.stop()
    epochs_done = int(pane.live["epoch"]) if pane.live else 0
    frames = len(pane.frame_times)
    draw = np.array(pane.frame_times or [0.0]) * 1000
    pane.cancel()
    close_window(window)
    gaps = np.diff(ticks) * 1000
    return {"preset": preset, "first_payload_s": round(measured["start"] - clicked, 2), "seconds": round(seconds, 2),
            "epochs": epochs_done, "tick_ms": TICK_MS,
            "gap_ms": {"p50": round(float(np.percentile(gaps, 50)), 1), "p95": round(float(np.percentile(gaps, 95)), 1),
                       "max": round(float(gaps.max()), 1)},
            "frames": frames, "fps": round(frames / seconds, 1),
            "window_cpu_ms_per_frame": round(cpu * 1000 / max(frames, 1), 1),
            "frame_draw_ms": {"median": round(float(np.median(draw)), 1), "p95": round(float(np.percentile(draw, 95)), 1)},
            "fps_per_element": {name: round(n / seconds, 1) for name, n in counts.items()}}


def main() -> None:
    run = live_run("digits-mlp", 2000, RUN_SECONDS)
    fast = live_run("xor-mlp", 100_000, 5.0)  # epochs far faster than frames: the frame rate's own limit
    common.emit({"live_run": run, "gap_p95_bar_ms": 50, "gap_ok": run["gap_ms"]["p95"] <= 50,
                 "xor_run": fast, "fps_bar": FPS_BAR,
                 "fps_ok": min(fast["fps_per_element"].values()) >= FPS_BAR})


if __name__ == "__main__":
    main()
