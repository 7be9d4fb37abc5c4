"""Timelines that take long to build (a training run, a big convolution) are built off the GUI
thread, so neither an open nor an edit freezes the window.

A lab whose last build took more than ``SLOW_MS`` is rebuilt in a ``Worker``; the window keeps
showing the current timeline (its pane disabled) with a busy bar and Cancel until the new one
arrives. Opening a file or preset always builds in a ``Worker`` and waits ``deliver_within`` a
short time for it, so a quick build shows at once and a slow one finishes in the background.
One build runs at a time; a newer request replaces one that is still waiting.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QCoreApplication, QObject, Signal

from nnlab.labs import lab_module
from ui.worker import Worker

SLOW_MS = 100.0


def timed_build(lab: str, config):
    """(timeline, milliseconds it took)."""
    start = time.perf_counter()
    timeline = lab_module(lab).build_timeline(config)
    return timeline, (time.perf_counter() - start) * 1000


def _job(lab, config, progress=None, control=None):
    try:
        return timed_build(lab, config)
    except ValueError as exc:  # input the engine refuses: reported in its own words
        return exc


class Rebuilder(QObject):
    busyChanged = Signal(bool, bool)  # busy, cancellable

    def __init__(self, parent=None):
        super().__init__(parent)
        self._worker: Worker | None = None
        self._running = None  # (lab, then, failed, cancellable) of the build under way
        self._waiting = None  # (lab, config, then, failed, cancellable) of the next one
        self._cancelled = False

    def busy(self) -> bool:
        return self._worker is not None

    def request(self, lab: str, config, then, failed, cancellable: bool = True) -> None:
        """Build ``config``'s timeline in the background, then call ``then((timeline, ms))``
        (or ``failed(reason)``), unless cancelled or replaced by a newer request first."""
        self._waiting = (lab, config, then, failed, cancellable)
        if self._worker is None:
            self._next()

    def cancel(self) -> None:
        """Drop the build under way (it finishes unseen) and any waiting one."""
        self._waiting = None
        self._cancelled = True
        self.busyChanged.emit(False, False)

    def wait(self) -> None:
        if self._worker is not None:
            self._worker.wait()

    def deliver_within(self, ms: float) -> bool:
        """Wait up to ``ms`` for the build under way; if it is done, its callback runs before this
        returns. Whether nothing is being built any more."""
        worker = self._worker
        if worker is not None and worker.wait(max(0, int(ms))):
            QCoreApplication.sendPostedEvents(worker, 0)  # its done/failed signal, queued from the thread
        return not self.busy()

    def _next(self) -> None:
        if self._waiting is None:
            self._worker, self._running = None, None
            self.busyChanged.emit(False, False)
            return
        lab, config, then, failed, cancellable = self._waiting
        self._waiting, self._cancelled = None, False
        self._running = (lab, then, failed, cancellable)
        self._worker = Worker(_job, lab, config, parent=self)
        self._worker.done.connect(self._done)
        self._worker.failed.connect(self._failed)
        self.busyChanged.emit(True, cancellable)
        self._worker.start()

    def _settle(self, callback, value) -> None:
        worker, self._worker = self._worker, None
        worker.wait()
        worker.deleteLater()
        if not self._cancelled and self._waiting is None:  # not replaced by a newer request
            callback(value)
        self._next()

    def _done(self, result) -> None:
        if isinstance(result, ValueError):
            self._settle(self._running[2], str(result))
        else:
            self._settle(self._running[1], result)

    def _failed(self, reason: str) -> None:
        self._settle(self._running[2], reason)
