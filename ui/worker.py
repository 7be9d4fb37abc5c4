"""Long work off the GUI thread, with progress, pause and cancel.

``Worker(fn, *args)`` runs ``fn(*args, progress=report, control=control)`` in a QThread.
``fn`` calls ``report(fraction, payload)`` now and then (payload: anything the pane draws,
e.g. the latest loss) and checks ``control.stopped`` (returning early) and
``control.wait_if_paused()``. Signals arrive on the GUI thread:
``progress(float, object)``, ``done(object)`` (fn's return value), ``failed(str)``.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, QThread, Signal


class Control:
    """Shared between the GUI and the work: stop and pause flags."""

    def __init__(self):
        self._stop = threading.Event()
        self._run = threading.Event()
        self._run.set()

    @property
    def stopped(self) -> bool:
        return self._stop.is_set()

    def stop(self) -> None:
        self._stop.set()
        self._run.set()

    def pause(self) -> None:
        self._run.clear()

    def resume(self) -> None:
        self._run.set()

    @property
    def paused(self) -> bool:
        return not self._run.is_set()

    def wait_if_paused(self) -> None:
        self._run.wait()


class _Thread(QThread):
    progress = Signal(float, object)
    done = Signal(object)
    failed = Signal(str)

    def __init__(self, fn, args, control):
        super().__init__()
        self.fn, self.args, self.control = fn, args, control

    def run(self):
        try:
            result = self.fn(*self.args, progress=self.progress.emit, control=self.control)
        except Exception as exc:  # reported to the user, never a crash of the window
            self.failed.emit(f"{type(exc).__name__}: {exc}")
        else:
            self.done.emit(result)


class Worker(QObject):
    progress = Signal(float, object)
    done = Signal(object)
    failed = Signal(str)

    def __init__(self, fn, *args, parent=None):
        super().__init__(parent)
        self.control = Control()
        self._thread = _Thread(fn, args, self.control)
        self._thread.progress.connect(self.progress)
        self._thread.done.connect(self.done)
        self._thread.failed.connect(self.failed)

    def start(self) -> None:
        self._thread.start()

    @classmethod
    def started(cls, fn, *args, parent=None, progress=None, done=None, failed=None) -> Worker:
        """A Worker running ``fn(*args)`` with the given slots connected to its signals, started."""
        worker = cls(fn, *args, parent=parent)
        for signal, slot in ((worker.progress, progress), (worker.done, done), (worker.failed, failed)):
            if slot is not None:
                signal.connect(slot)
        worker.start()
        return worker

    def is_running(self) -> bool:
        return self._thread.isRunning()

    def cancel(self, wait_ms: int = 5000) -> None:
        """Ask the work to stop and wait for it (up to ``wait_ms``)."""
        self.control.stop()
        self._thread.wait(wait_ms)

    def wait(self, ms: int = 30000) -> bool:
        return self._thread.wait(ms)
