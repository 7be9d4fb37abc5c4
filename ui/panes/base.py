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

A pane lays out its canvas (what the class looks at: diagrams, plots, tables of values) first and
its settings panel last, side by side in its layout or in one splitter filling it. The window
folds the settings panel into a drawer (View → Settings panel, F4; folded in presenter mode) and
exports the canvas alone. A pane arranged otherwise overrides ``settings_panel``.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QAbstractScrollArea, QFrame, QScrollArea, QSplitter, QWidget


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

    def settings_panel(self) -> QWidget | None:
        """The settings panel the window folds into a drawer: the last widget side by side in the
        pane's layout (or in the one splitter filling it); None if the pane has no second part."""
        layout = self.layout()
        if layout is None:
            return None
        items = [layout.itemAt(i) for i in range(layout.count())]
        if len(items) == 1 and isinstance(items[0].widget(), QSplitter):
            splitter = items[0].widget()
            return splitter.widget(splitter.count() - 1) if splitter.count() > 1 else None
        return items[-1].widget() if len(items) > 1 else None

    def drawer(self) -> QWidget | None:
        """The settings panel as the window shows and folds it: in a scroll area (wrapped once, if
        it has none), so a tall panel at a large scale scrolls instead of pushing the window past
        the screen."""
        panel = self.settings_panel()
        if panel is None:
            return None
        if isinstance(panel, QAbstractScrollArea):
            return panel
        scroll = QScrollArea(self)
        scroll.setObjectName("drawer")
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        holder = panel.parentWidget()
        if isinstance(holder, QSplitter):
            holder.replaceWidget(holder.indexOf(panel), scroll)
        else:
            holder.layout().replaceWidget(panel, scroll)
        scroll.setWidget(panel)
        _FitWidth(scroll)
        return scroll

    def set_timeline(self, config, timeline) -> None:
        """A new config and its timeline: rebuild what depends on them, then draw step k."""
        self.config, self.timeline = config, timeline
        self.rebuild()

    def rebuild(self) -> None:
        """Recreate the drawing for ``self.config``/``self.timeline`` (controls included)."""

    def show_step(self, k: int) -> None:
        """Draw the state after step k and highlight its focus."""
        self.k = k

    def formula_step(self, k: int):
        """A Step the formula panel shows at step k instead of the timeline's (e.g. a live run's
        epoch), or None."""
        return None

    def replay_start(self) -> int:
        """The step play restarts from when pressed at the last step (-1: the start)."""
        return -1

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



class _FitWidth(QObject):
    """Keeps the drawer (a vertical scroll area) as wide as its panel needs (a panel of fixed or
    minimum width is never cut at its right edge), following the panel as its width changes with
    the scale."""

    def __init__(self, scroll: QScrollArea):
        super().__init__(scroll)
        self.scroll = scroll
        scroll.viewport().installEventFilter(self)
        self.fit()

    def fit(self) -> None:
        w = self.scroll.widget()
        if w is None:
            return
        bar = self.scroll.verticalScrollBar().sizeHint().width() \
            if self.scroll.verticalScrollBarPolicy() != Qt.ScrollBarPolicy.ScrollBarAlwaysOff else 0
        need = max(w.minimumSizeHint().width(), w.minimumWidth()) + bar + 2 * self.scroll.frameWidth()
        if self.scroll.minimumWidth() != need:
            self.scroll.setMinimumWidth(need)

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:  # the panel's size constraints changed
            self.fit()
        return False
