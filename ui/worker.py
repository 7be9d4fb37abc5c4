"""Long work off the GUI thread, with progress, pause and cancel.

``Worker(fn, *args)`` runs ``fn(*args, progress=report, control=control)`` in a QThread;
``ProcessWorker(fn, *args)`` runs it in a process of its own (multiprocessing's "spawn": a fresh
interpreter that imports only the engine; ``fn`` a top-level engine function, ``args``
picklable), so work made of many small numpy calls never holds the window's GIL. The work's
side is ``nnlab.background``: ``fn`` calls ``report(fraction, payload)`` now and then (payload:
anything the pane draws, e.g. the latest loss) and checks ``control.stopped`` (returning early)
and ``control.wait_if_paused()``. Signals arrive on the GUI thread: ``progress(float, object)``,
``done(object)`` (fn's return value), ``failed(str)``.
"""

from __future__ import annotations

import multiprocessing
import sys
import time
import types

from PySide6.QtCore import QCoreApplication, QObject, QThread, QTimer, Signal

from nnlab.background import Control, serve
from nnlab.i18n import language

POLL_MS = 5  # how often the window reads a work process's pipe


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
        self.wait(wait_ms)

    def wait(self, ms: int = 30000) -> bool:
        return self._thread.wait(ms)


class ProcessWorker(Worker):
    """A Worker whose work runs in a spawned process (which imports the work's modules only, not
    the main script that opened the window); a QTimer reads the pipe every ``POLL_MS`` and emits
    what arrived. ``wait`` reads (and emits) until the work has ended; a process that
    does not end in time is terminated, and one that dies without a word is reported as failed."""

    def __init__(self, fn, *args, parent=None):
        QObject.__init__(self, parent)
        context = multiprocessing.get_context("spawn")
        self.control = Control(context)
        self._pipe, end = context.Pipe(duplex=False)
        self._process = context.Process(target=serve, args=(fn, args, end, self.control, language()), daemon=True)
        self._end = end
        self._running = False
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._read)

    def start(self) -> None:
        main = sys.modules["__main__"]
        sys.modules["__main__"] = types.ModuleType("__main__")  # "spawn" would run the window's main script again
        try:
            self._process.start()
        finally:
            sys.modules["__main__"] = main
        self._end.close()  # the process holds the sending end: the pipe closes when it ends
        self._running = True
        self._timer.start()

    def is_running(self) -> bool:
        return self._running

    def _read(self, timeout: float = 0.0) -> None:
        """Emit every message waiting in the pipe (waiting up to ``timeout`` seconds for the first)."""
        try:
            while self._running and self._pipe.poll(timeout):
                timeout = 0.0
                message = self._pipe.recv()
                if message[0] == "progress":
                    self.progress.emit(message[1], message[2])
                else:
                    self._ended()
                    (self.done if message[0] == "done" else self.failed).emit(message[1])
        except (EOFError, OSError):  # the process ended without sending its result
            self._ended(reap=1.0)
            self.failed.emit(QCoreApplication.translate("Worker", "The work process ended unexpectedly (exit code {code})")
                             .format(code=self._process.exitcode))

    def _ended(self, reap: float = 0.0) -> None:
        """No more messages; the process is given ``reap`` seconds to exit (one that takes longer
        exits on its own, and multiprocessing reaps it)."""
        self._running = False
        self._timer.stop()
        self._process.join(reap)

    def wait(self, ms: int = 30000) -> bool:
        deadline = time.monotonic() + ms / 1000
        while self._running and time.monotonic() < deadline:
            self._read(max(0.0, deadline - time.monotonic()))
        if self._running:  # it did not end in time: end it (its result is lost)
            self._ended()
            self._process.terminate()
            self._process.join(1.0)
            return False
        return True
