"""Never lose work: the open lab is written to the user's data directory every few seconds
while it has unsaved edits; a clean exit removes it. If a start finds an autosave whose
process is gone, the window offers to restore it."""

from __future__ import annotations

import json
import os
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, QTimer

from nnlab.io import FormatError, LabFile, atomic_write_text, dumps_lab, loads_lab

INTERVAL_MS = 3000


def data_dir() -> Path:
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericDataLocation)
    path = Path(base) / "nnlab"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class Autosave(QObject):
    """Writes ``snapshot()`` (a LabFile or None) to autosave-<pid>.nnlab when it changes."""

    def __init__(self, snapshot, parent=None):
        super().__init__(parent)
        self.snapshot = snapshot
        self.path = data_dir() / f"autosave-{os.getpid()}.nnlab"
        self._last = None
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.save_now)
        self.timer.start(INTERVAL_MS)

    def save_now(self) -> None:
        lab_file = self.snapshot()
        if lab_file is None:
            return
        text = dumps_lab(lab_file)
        if text != self._last:
            atomic_write_text(self.path, text)
            self._last = text

    def discard(self) -> None:
        """A clean exit: nothing to restore next time."""
        self.timer.stop()
        self.path.unlink(missing_ok=True)


def orphaned() -> list[tuple[Path, LabFile]]:
    """Autosaves left by processes that are gone (a crash), newest first; unreadable ones dropped."""
    found = []
    for path in sorted(data_dir().glob("autosave-*.nnlab"), key=lambda p: p.stat().st_mtime, reverse=True):
        try:
            pid = int(path.stem.split("-", 1)[1])
        except ValueError:
            continue
        if pid == os.getpid() or _alive(pid):
            continue
        try:
            found.append((path, loads_lab(path.read_text(encoding="utf-8"))))
        except (FormatError, OSError, UnicodeDecodeError, json.JSONDecodeError):
            path.unlink(missing_ok=True)
    return found
