"""LabPane: what the window needs from every lab pane.

The window owns the timeline and the transport. It calls ``set_timeline(config, timeline)``
when the lab is loaded or rebuilt and ``show_step(k)`` whenever the playhead moves
(k = -1: before the first step, i.e. ``timeline.state_at(-1)``). A pane draws
``timeline.state_at(k)``, highlights ``timeline[k].focus``, and never recomputes a number or
owns a timer. When the user edits something the pane emits ``configEdited`` with a new,
validated Config; the window rebuilds the timeline and keeps k. A refused edit emits
``message`` with the reason (and the pane keeps the previous value).

Quiz mode: while step k's result is hidden (``hidden`` is True, set by the window), the pane
draws ``revealed(k)`` — the state before step k — yet still highlights step k's focus, so the
element asked about is the one outlined.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget


class LabPane(QWidget):
    lab = ""  # the lab's name; also the pane's objectName
    onnx_export = False  # export_weights(path, onnx_dtype) writes an MLP as ONNX (float32 or float64)

    configEdited = Signal(object)  # a new, valid Config
    message = Signal(str)  # a user-facing message (a refused edit, a finished run)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName(self.lab)
        self.config = None
        self.timeline = None
        self.k = -1
        self.hidden = False  # quiz mode: step k's result is not drawn yet (its focus is)

    def set_timeline(self, config, timeline) -> None:
        """A new config and its timeline: rebuild what depends on them, then draw step k."""
        self.config, self.timeline = config, timeline
        self.rebuild()

    def rebuild(self) -> None:
        """Recreate the drawing for ``self.config``/``self.timeline`` (controls included)."""

    def show_step(self, k: int) -> None:
        """Draw the state after step k and highlight its focus."""
        self.k = k

    def revealed(self, k: int):
        """The state drawn at step k: after it, or before it while quiz mode hides its result."""
        return self.timeline.state_at(k - 1 if self.hidden and k >= 0 else k)

    def step_focus(self, k: int) -> tuple[str, ...]:
        """The ids step k highlights (none before the first step)."""
        return self.timeline[k].focus if 0 <= k < len(self.timeline) else ()

    def restyle(self) -> None:
        """Theme or presenter scale changed: redraw with ``ui.style``'s new values."""
        if self.timeline is not None:
            self.rebuild()
            self.show_step(self.k)

    def edit(self, **changes) -> bool:
        """Validate ``config`` with ``changes`` applied; emit configEdited, or message on refusal."""
        data = {**self.config.to_dict(), **changes}
        try:
            config = type(self.config).from_dict(data)
        except (ValueError, TypeError) as exc:
            self.message.emit(str(exc))
            return False
        self.configEdited.emit(config)
        return True

    def edit_or_restore(self, **changes) -> bool:
        """``edit``; if refused, redraw so the controls show the value that was kept."""
        ok = self.edit(**changes)
        if not ok:
            self.rebuild()
            self.show_step(self.k)
        return ok
