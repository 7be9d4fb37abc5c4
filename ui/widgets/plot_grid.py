"""Light grid lines for pyqtgraph plots, in the current theme's grid colour; legends in a
layout cell of their own (beside or above a plot), so they never lie on the data; a log axis
labelled 10ⁿ whose labels never overprint; margins that keep the end ticks' labels whole.

``PlotItem.showGrid`` draws the grid inside the axes' cached picture, which costs ~10 ms per
repaint here (measured: 13 ms against 1.3 ms for this item on a 600×300 plot), too much for a
60 Hz step; a GridItem behind the curves costs almost nothing and follows zoom the same way.
pyqtgraph gives a plot's title a minimum width of its text: ``fit_title`` shrinks a title to the
room its plot has, so a large presenter type never pushes a plot past its view.
"""

from __future__ import annotations

import math

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetricsF
from PySide6.QtWidgets import QGraphicsItem, QSizePolicy

from ui import style


class ThemeGrid(pg.GridItem):
    """The grid, cached in device pixels: a step that leaves the view's range alone blits it
    (its lines are drawn again when the range, the size or the theme changes)."""

    def __init__(self):
        super().__init__(pen=style.theme().grid, textPen=None)
        self._colour = style.theme().grid
        self.setZValue(-100)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setTickSpacing(x=[None, None], y=[None, None])  # two levels: the third's ~100 lines a side,
        # 2–6 px apart, are drawn at alpha 0–15 (all but invisible) and cost ~9 ms a plot's first paint

    def viewRangeChanged(self):
        super().viewRangeChanged()
        self.update()  # the lines follow the range: the cached image with them

    def boundingRect(self):
        if self._colour != style.theme().grid:  # the theme changed: asked before every paint, cached or not
            self._colour = style.theme().grid
            self.setPen(self._colour)  # (draws the lines again)
        return super().boundingRect()


def legend_cell(layout: pg.GraphicsLayout, row: int, col: int, rowspan: int = 1, columns: int = 1) -> pg.LegendItem:
    """A legend in its own cell of ``layout``: outside every plot area."""
    legend = pg.LegendItem(colCount=columns)
    legend.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)  # rows stay together
    layout.addItem(legend, row=row, col=col, rowspan=rowspan)
    layout.layout.setAlignment(legend, Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    return legend


_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def decade_text(exponent: float) -> str:
    """A tick of a log axis at 10^exponent: "1", "10", "10⁻⁴", or the value itself between decades."""
    n = round(exponent)
    if abs(exponent - n) > 1e-9:
        value = 10.0 ** exponent
        mantissa, power = f"{value:.1e}".split("e")
        return f"{value:.2g}" if 1e-2 <= value < 1e3 else f"{float(mantissa):g}×10{str(int(power)).translate(_SUPERSCRIPT)}"
    return {0: "1", 1: "10"}.get(n, "10" + str(n).translate(_SUPERSCRIPT))


class DecadeAxis(pg.AxisItem):
    """In log mode: ticks at whole decades labelled 10ⁿ, every 1st, 2nd, 3rd, 5th, 10th… decade so
    that labels keep two line heights (or a label's width) apart; no minor labels to overprint."""

    def _font(self) -> QFont:
        return self.style.get("tickFont") or QFont()

    def tickValues(self, minVal, maxVal, size):
        if not self.logMode:
            return super().tickValues(minVal, maxVal, size)
        lo, hi = sorted((minVal, maxVal))
        first, last = math.ceil(lo - 1e-9), math.floor(hi + 1e-9)
        if last < first or hi - lo <= 0:  # within one decade: the standard ticks
            return super().tickValues(minVal, maxVal, size)
        metrics = QFontMetricsF(self._font())
        vertical = self.orientation in ("left", "right")
        need = metrics.height() * 2 if vertical else metrics.horizontalAdvance("10⁻¹⁰") * 1.3
        per_decade = size / (hi - lo)
        every = next(n for n in (1, 2, 3, 5, 10, 20, 50, 100, 10**9) if n * per_decade >= need)
        return [(float(every), [float(v) for v in range(first, last + 1) if v % every == 0])]

    def logTickStrings(self, values, scale, spacing):
        return [decade_text(v) for v in values]


def keep_end_labels(plot: pg.PlotItem, font: QFont) -> None:
    """Room above and right of the plot for half a tick label, so the end ticks are not clipped."""
    metrics = QFontMetricsF(font)
    plot.layout.setContentsMargins(2, math.ceil(metrics.height() / 2) + 2,
                                   math.ceil(metrics.horizontalAdvance("000") / 2) + 2, 2)


def fit_title(plot: pg.PlotItem, text: str, colour, points: float, room: float) -> None:
    """``plot``'s title at ``points`` (rich text allowed), shrunk to ``room`` pixels when wider."""
    plot.setTitle(text, color=colour, size=f"{points:.1f}pt")
    width = plot.titleLabel.item.boundingRect().width()
    if 0 < room < width:
        plot.setTitle(text, color=colour, size=f"{max(5.0, points * room / width):.1f}pt")


def add_grid(plot: pg.PlotItem) -> ThemeGrid:
    grid = ThemeGrid()
    plot.addItem(grid, ignoreBounds=True)
    return grid
