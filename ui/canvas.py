"""The teaching canvas: what the class looks at — the lab pane, the formula panel and (in exports)
a step counter — and what exports render.

In the window the canvas sits above the transport bar. Its minimum size is bounded, so a pane
whose controls grow with the presenter scale never pushes the window past the screen (the pane
is squeezed instead; its settings fold into a drawer). For an export the canvas leaves the window
for an offscreen top-level widget of the export's size, its pane's settings panel folded and its
step counter shown, and comes back afterwards: ``ui.export`` renders it without knowing the window.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pyqtgraph as pg
import shiboken6
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QStackedWidget, QVBoxLayout, QWidget

from nnlab import i18n
from ui import style
from ui.formula import FormulaScroll, screen_zoom

MIN_SIZE = QSize(360, 220)  # the most a pane's own minimum may ask of the window
FORMULA_SHARE = 0.36  # the formula panel takes at most this part of the canvas's height


class PaneStack(QStackedWidget):
    """The lab panes, one shown; a pane's own minimum asks at most MIN_SIZE of the canvas, so the
    formula panel below keeps the height its text needs."""

    def minimumSizeHint(self) -> QSize:
        return super().minimumSizeHint().boundedTo(MIN_SIZE)


class TeachingCanvas(QWidget):
    """The pane stack and the formula panel of ``window`` (a ``ui.app.MainWindow``), which it
    drives through ``window.playhead``, ``window.state`` and ``window.pane``."""

    def __init__(self, window, formula_scroll: FormulaScroll, parent=None):
        super().__init__(parent)
        self.setObjectName("teachingCanvas")
        self.window_ = window
        self.stack = PaneStack(self)
        self.formulaScroll = formula_scroll
        self.formula = formula_scroll.widget()
        self._views: dict = {}  # pane → (what its views were found for, its pyqtgraph views)
        self._shown = None  # (timeline, k) of the step the formula panel was last fitted to
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack, 1)
        layout.addWidget(formula_scroll)

    def minimumSizeHint(self) -> QSize:
        return super().minimumSizeHint().boundedTo(MIN_SIZE)

    def fit_formula(self, keep: bool = False) -> None:
        """The formula panel as tall as its text, at most FORMULA_SHARE of the canvas; its type
        grows with the presenter scale and the canvas, and shrinks when the text would not fit.
        ``keep``: not shorter than it is (a step of the timeline already shown)."""
        w, h = self.width(), self.height()
        self.formulaScroll.fit(w, max(60, int(h * FORMULA_SHARE)), screen_zoom(style.scale(), w, h), keep)

    def fit_step(self, timeline, k: int) -> None:
        """After step k of ``timeline`` was drawn: fit the formula panel. A step to the next or
        the previous step (stepping, playing) keeps the panel's height when its text is shorter;
        a jump, another timeline or an export's first frame fits it exactly."""
        last, self._shown = self._shown, (timeline, k)
        self.fit_formula(keep=last is not None and last[0] is timeline and abs(last[1] - k) == 1)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.fit_formula()

    def prepare_views(self) -> None:
        """After a step was drawn: let the shown pane's pyqtgraph views settle what they defer to
        their next paint (auto ranges, axes) now — done during the paint, it would ask for a second
        paint of every view. The views are looked up once per timeline and look (a pane builds
        its views when it is rebuilt)."""
        pane = self.stack.currentWidget()
        if pane is None:
            return
        key = (id(getattr(pane, "timeline", None)), style.scale(), style.theme().name)
        known = self._views.get(pane)
        if known is None or known[0] != key or not all(shiboken6.isValid(v) for v in known[1]):
            known = self._views[pane] = (key, pane.findChildren(pg.GraphicsView))
        for view in known[1]:
            view.scene().prepareForPaint()

    # ----- what an export needs (see ui.export) -----------------------------------------------
    @property
    def timeline(self):
        return self.window_.state.timeline

    @property
    def title(self) -> str:
        """The lab file's title (in the current language), else the timeline's or the lab's name."""
        state = self.window_.state
        return i18n._(state.file.title) if state.file.title else (state.timeline.title or state.timeline.lab)

    def seek(self, k: int) -> None:
        """Show step k (0 = the start, k = "Step k / n"), its result revealed."""
        self.window_.playhead.seek(k - 1)

    @contextmanager
    def exporting(self, size: tuple[int, int]) -> Iterator[QWidget]:
        """The canvas alone, offscreen, ``size`` pixels, settings folded and step counter shown;
        afterwards back in the window with its step, quiz state and drawer as they were."""
        window, playhead = self.window_, self.window_.playhead
        index, hidden = playhead.index, playhead.hidden
        drawer = window.pane.drawer()
        drawer_shown = drawer is not None and not drawer.isHidden()
        holder = self.parentWidget()
        position = holder.layout().indexOf(self) if holder is not None else -1
        playhead.pause()
        if drawer is not None:
            drawer.hide()
        self.formula.set_exporting(True)
        self._shown = None  # the first frame's formula fits exactly, whatever the window showed
        self.setParent(None)
        self.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
        self.resize(*size)
        self.show()
        try:
            yield self
        finally:
            self.hide()
            self.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, False)
            if holder is not None:
                self.setParent(holder)
                holder.layout().insertWidget(position, self, 1)
                self.show()
            self.formula.set_exporting(False)
            self._shown = None
            if drawer is not None:
                drawer.setVisible(drawer_shown)
            playhead.seek(index)
            if hidden:  # quiz mode: the step's result stays hidden as it was
                playhead.hidden = True
                playhead.indexChanged.emit(index)
