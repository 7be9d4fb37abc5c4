"""Benchmark the training lab as a live show: the window's event loop while digits-mlp trains
at full speed. Prints one JSON object.

A 10 ms QTimer records when the event loop gets to it during a 10-second run of digits-mlp (in
the window, 1280×800, Train pressed, speed "as fast as possible"); the gaps between its ticks
are reported (p50, p95, max; bar: p95 ≤ 50 ms), with the frames drawn per second — progress
payloads redrawn by the pane (boundary or images, curves, status; the diagram and the shown tab
at their own rate). A digits epoch takes longer than a frame, so the frame-rate bar (≥ 20) is
measured on a 5-second xor-mlp run, whose epochs are far faster than frames.
"""

import common  # noqa: F401  (one thread, offscreen Qt: before numpy and Qt)

import time  # noqa: E402

import numpy as np  # noqa: E402

RUN_SECONDS = 10.0
TICK_MS = 10


def live_run(preset: str, epochs: int, run_seconds: float) -> dict:
    from PySide6.QtCore import QEventLoop, Qt, QTimer
    from PySide6.QtWidgets import QApplication

    from nnlab.labs import training
    from nnlab.presets import load_preset
    from ui.app import build_window, close_window

    window = build_window(source=preset)
    window.resize(1280, 800)
    window.show()
    pane = window.pane
    pane.config = training.Config.from_dict({**load_preset(preset).config.to_dict(), "epochs": epochs})
    QApplication.processEvents()
    ticks = []
    timer = QTimer()
    timer.setTimerType(Qt.TimerType.PreciseTimer)
    timer.setInterval(TICK_MS)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    loop = QEventLoop()
    pane.train()
    pane._worker.done.connect(loop.quit)
    QTimer.singleShot(int(run_seconds * 1000), loop.quit)
    timer.start()
    start = time.perf_counter()
    loop.exec()
    seconds = time.perf_counter() - start
    timer.stop()
    epochs_done = int(pane.live["epoch"]) if pane.live else 0
    frames = len(pane.frame_times)
    pane.cancel()
    close_window(window)
    gaps = np.diff(ticks) * 1000
    return {"preset": preset, "seconds": round(seconds, 2), "epochs": epochs_done, "tick_ms": TICK_MS,
            "gap_ms": {"p50": round(float(np.percentile(gaps, 50)), 1), "p95": round(float(np.percentile(gaps, 95)), 1),
                       "max": round(float(gaps.max()), 1)},
            "fps": round(frames / seconds, 1), "frames": frames}


def main() -> None:
    run = live_run("digits-mlp", 2000, RUN_SECONDS)
    fast = live_run("xor-mlp", 100_000, 5.0)  # epochs far faster than frames: the frame rate's own limit
    common.emit({"live_run": run, "gap_p95_bar_ms": 50, "gap_ok": run["gap_ms"]["p95"] <= 50,
                 "xor_run": fast, "fps_bar": 20, "fps_ok": fast["fps"] >= 20})


if __name__ == "__main__":
    main()
