"""Long work seen from the work's side: the stop and pause flags it polls (``Control``) and the
main of a work process (``serve``).

Work is a function ``fn(*args, progress=report, control=control)`` that calls
``report(fraction, payload)`` now and then and checks ``control.stopped`` (returning early) and
``control.wait_if_paused()``. The window runs it in a thread (``ui.worker.Worker``) or, so that it
never holds the window's GIL, in a process started with the "spawn" method
(``ui.worker.ProcessWorker``), whose main is ``serve``: it sends what the work reports through a
pipe. This module imports no Qt: a work process loads only the numpy engine.
"""

from __future__ import annotations

import os
import signal
import threading

from nnlab.i18n import set_language

WORK_NICENESS = 5  # a work process's scheduling priority below the window's (where the system has nice)


class Control:
    """Stop and pause flags shared by the window and the work. ``context``: anything with an
    ``Event()`` — the ``threading`` module for a thread, a multiprocessing context for a process."""

    def __init__(self, context=threading):
        self._stop = context.Event()
        self._run = context.Event()
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


def serve(fn, args, conn, control: Control, language: str) -> None:
    """A work process's main: ``fn(*args, progress=…, control=control)`` with the window's
    language, at a lower priority than the window, sending ``("progress", fraction, payload)`` messages, then ``("done", result)`` or
    ``("failed", reason)`` through ``conn``. A window that went away (a closed pipe) ends it quietly."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C in the terminal is the window's to handle
    if hasattr(os, "nice"):
        os.nice(WORK_NICENESS)  # the window's paints come first when the cores are busy
    set_language(language)

    def report(fraction: float, payload) -> None:
        conn.send(("progress", fraction, payload))

    try:
        try:
            message = ("done", fn(*args, progress=report, control=control))
        except (BrokenPipeError, EOFError):
            return
        except Exception as exc:  # reported to the user, never a crash of the window
            message = ("failed", f"{type(exc).__name__}: {exc}")
        conn.send(message)
    except (BrokenPipeError, EOFError):
        pass
    finally:
        conn.close()
