"""Start-up time: ms from process start to the first painted window, nnlab beside a bare
QApplication + pyqtgraph window in the same run (offscreen). Bar: nnlab ≤ 1.5× bare.
Prints one JSON object."""

import json
import os
import statistics
import subprocess
import sys
import time

CHILD = r"""
import sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
kind = sys.argv[1]
if kind == "nnlab":
    from ui.app import application, build_window
    app = application()
    window = build_window()
else:
    import pyqtgraph as pg
    from PySide6.QtWidgets import QApplication, QMainWindow
    app = QApplication([])
    window = QMainWindow()
    plot = pg.PlotWidget()
    plot.plot([0, 1, 2], [0, 1, 0])
    window.setCentralWidget(plot)
    window.resize(1280, 800)

class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            print(repr(time.time()), flush=True)
            QTimer.singleShot(0, app.quit)
            app.removeEventFilter(self)
        return False

f = FirstPaint()
app.installEventFilter(f)  # the first Paint of any widget of the window
window.show()
app.exec()
window.close(); window.deleteLater(); app.processEvents()
"""


def measure(kind: str) -> float:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYQTGRAPH_QT_LIB="PySide6")
    start = time.time()
    out = subprocess.run([sys.executable, "-c", CHILD, kind], capture_output=True, text=True, env=env,
                         check=True, timeout=60)
    return (float(out.stdout.strip().splitlines()[-1]) - start) * 1000


def main(repeats: int = 7) -> dict:
    runs = {"nnlab": [], "bare": []}
    for _ in range(repeats):  # interleaved, so a busy moment hurts both alike
        for kind in runs:
            runs[kind].append(measure(kind))
    nnlab_ms, bare_ms = statistics.median(runs["nnlab"]), statistics.median(runs["bare"])
    return {"benchmark": "startup", "nnlab_ms": round(nnlab_ms, 1), "bare_ms": round(bare_ms, 1),
            "ratio": round(nnlab_ms / bare_ms, 3), "bar_ratio": 1.5, "pass": nnlab_ms <= 1.5 * bare_ms,
            "repeats": repeats, "nnlab_runs_ms": [round(v, 1) for v in runs["nnlab"]],
            "bare_runs_ms": [round(v, 1) for v in runs["bare"]]}


if __name__ == "__main__":
    print(json.dumps(main()))
