"""Work for tests/ui/test_worker.py's work processes (importable without Qt, as a process's work must be)."""

import os
import sys
import time

from nnlab.i18n import _


def probe(parent_pid: int, progress=None, control=None) -> dict:
    """Reports once, then what the process is: another one, without Qt, in the window's language."""
    progress(0.5, {"pid": os.getpid()})
    return {"pid": os.getpid(), "other": os.getpid() != parent_pid,
            "qt": sorted(m for m in sys.modules if m.startswith(("PySide6", "shiboken6", "pyqtgraph", "ui"))),
            "text": _("loss")}


def until_stopped(progress=None, control=None) -> str:
    """Reports until it is stopped."""
    n = 0
    while not control.stopped:
        n += 1
        progress(0.0, n)
        control.wait_if_paused()
        time.sleep(0.005)
    return "stopped"


def fails(progress=None, control=None):
    raise ValueError("a bad value")


def dies(progress=None, control=None):
    os._exit(3)
