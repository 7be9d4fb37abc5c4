"""What the bench scripts share. Import it before numpy, torch or Qt: it pins BLAS/OpenMP/MKL
and torch to one thread and selects the offscreen Qt platform.

``best_ms`` times a function (best of repeats, after one warm-up call), ``show_pane`` /
``close_pane`` hold a lab pane on screen (offscreen) for repaint timing, ``step_repaint_ms``
times show_step + repaint + events at given steps, and ``emit`` prints the one JSON object.
"""

import os

for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_name] = "1"
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import torch  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
torch.set_num_threads(1)


def best_ms(fn, repeats: int) -> float:
    """The fastest of ``repeats`` calls of ``fn`` in ms, after one warm-up call."""
    fn()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times) * 1000


def threads() -> dict:
    """The thread settings the times were measured with."""
    return {"torch": torch.get_num_threads(), "OPENBLAS_NUM_THREADS": os.environ["OPENBLAS_NUM_THREADS"]}


def show_pane(pane_class, config, timeline, size=(1280, 560)):
    """A pane of ``size`` showing ``timeline``, shown and painted once: (app, pane)."""
    from ui.app import application

    app = application()
    pane = pane_class()
    pane.resize(*size)
    pane.set_timeline(config, timeline)
    pane.show()
    app.processEvents()
    return app, pane


def close_pane(app, pane) -> None:
    pane.close()
    pane.deleteLater()
    app.processEvents()


def step_repaint_ms(pane_class, config, timeline, ks) -> list[float]:
    """For each step k in ``ks``: ms for ``show_step(k)``, a synchronous repaint and the events."""
    app, pane = show_pane(pane_class, config, timeline)
    times = []
    for k in ks:
        start = time.perf_counter()
        pane.show_step(k)
        pane.repaint()
        app.processEvents()
        times.append((time.perf_counter() - start) * 1000)
    close_pane(app, pane)
    return times


def emit(result: dict) -> None:
    """Print the bench's one JSON object."""
    print(json.dumps(result))
