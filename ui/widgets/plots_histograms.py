"""HistogramGrid: rows × columns of small step histograms (one batched curve each), updated with setData.

Used by the training pane for per-layer weight and activation histograms, and for the
initialisation lesson (rows std / Xavier / He). It takes (counts, edges) pairs computed by
the engine and only draws them.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtGui import QColor

from ui.style import color, font, line, theme


def _tint(colour: str) -> QColor:
    """The fill under a histogram: ``colour`` mixed with the background, opaque (a translucent fill
    costs several times as much to paint, and the grid repaints every frame of a live run)."""
    c, bg = color(colour), color("background")
    return QColor(*(round(a * 0.43 + b * 0.57) for a, b in ((c.red(), bg.red()), (c.green(), bg.green()), (c.blue(), bg.blue()))))


class HistogramGrid(pg.GraphicsLayoutWidget):
    def __init__(self, parent=None, object_name: str = "histograms"):
        super().__init__(parent)
        self.setObjectName(object_name)
        self.plots: dict[tuple[int, int], pg.PlotItem] = {}
        self.curves: dict[tuple[int, int], pg.PlotDataItem] = {}
        self.shape = (0, 0)
        self.holding = False  # see hold_ranges
        self._layout = None  # what set_layout last laid out
        self.setBackground(theme().background)

    def set_layout(self, row_titles, col_titles, colours=None, link_columns: bool = False, joiner: str = " · ") -> None:
        """Recreate the grid: one small plot per (row, column), titled row + ``joiner`` + column;
        ``colours`` one per row; ``link_columns``: the plots of a column share their x range. The
        same layout again (another preset of the lab) keeps the plots: making them costs ~15 ms each."""
        key = (tuple(row_titles), tuple(col_titles), tuple(colours or ()), link_columns, joiner, theme().name,
               font().pointSizeF())
        if key == self._layout:
            return
        self._layout = key
        self.clear()
        self.setBackground(theme().background)
        self.plots, self.curves = {}, {}
        self.shape = (len(row_titles), len(col_titles))
        colours = colours or [theme().series[r % len(theme().series)] for r in range(len(row_titles))]
        for r, row in enumerate(row_titles):
            for c, col in enumerate(col_titles):
                p = self.addPlot(row=r, col=c)
                p.setMinimumWidth(0)  # many layers: the columns shrink instead of running off the edge
                p.setTitle(f"{row}{joiner}{col}", color=theme().text, size=f"{8 * font().pointSizeF() / 10:.0f}pt")
                p.setMenuEnabled(False)
                p.setMouseEnabled(False, False)
                p.hideButtons()
                p.getAxis("left").setStyle(showValues=False)
                for axis in ("left", "bottom"):
                    p.getAxis(axis).setPen(color("muted"))
                    p.getAxis(axis).setTextPen(color("text"))
                    p.getAxis(axis).setTickFont(font(7))
                curve = p.plot(stepMode="center", fillLevel=0, pen=pg.mkPen(colours[r], width=line(1)),
                               brush=_tint(colours[r]))
                self.plots[(r, c)], self.curves[(r, c)] = p, curve
                if link_columns and r > 0:
                    p.setXLink(self.plots[(0, c)])

    def hold_ranges(self, on: bool) -> None:
        """While ``on`` (a live run), each plot keeps its range while the data fills most of it,
        so its axes are not laid out again every frame; off: the ranges follow the data again."""
        self.holding = on
        for plot in self.plots.values():
            plot.enableAutoRange(enable=not on)

    def set_histogram(self, row: int, col: int, counts, edges) -> None:
        curve = self.curves.get((row, col))
        if curve is None:
            return
        if counts is None or edges is None:
            curve.setData([], [])
            return
        x, y = np.asarray(edges, dtype=float), np.asarray(counts, dtype=float)
        curve.setData(x, y)
        if self.holding:
            view = self.plots[(row, col)].getViewBox()
            (x0, x1), (_y0, y1) = view.viewRange()
            lo, hi, top = float(x[0]), float(x[-1]), float(y.max(initial=0.0))
            if lo < x0 or hi > x1 or hi - lo < 0.6 * (x1 - x0) or top > y1 or top < 0.5 * y1:
                pad = 0.05 * (hi - lo or 1.0)
                view.setRange(xRange=(lo - pad, hi + pad), yRange=(0, 1.15 * top or 1.0), padding=0)

    def data(self, row: int, col: int):
        """What a cell draws: (edges, counts) — for tests."""
        curve = self.curves[(row, col)]
        return curve.xData, curve.yData
