"""BandTable: a table of numbers, one named row per series and one column per time step, that fits
its width — never a horizontal scrollbar, every number in full.

Its type shrinks from its style size towards the legible floor (labels.MIN_PX) until every column
fits one band; when even the floor cannot hold them all, the columns wrap into bands (t = 1…8 over
t = 9…16 …), each under its own header row, and the table scrolls down to the current step's band.
A teacher keeps every step's number in view side by side (how a gradient shrinks through time
reads along a row), and the projected type stays as large as the width allows.
"""

from __future__ import annotations

import math

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetricsF
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem

from ui import style
from ui.widgets.labels import MIN_PX, measure, px_font

PAD = 14  # pixels across a cell beside its text (the style's text margins and the grid line)
MAX_BANDS_SHOWN = 2  # bands in view at once (as the height budget allows); more scroll down


class BandTable(QTableWidget):
    """``set_columns(headers, samples)`` per lab, ``set_text(r, c, text)`` per step,
    ``restyle(font)`` when the look changes."""

    def __init__(self, row_names: list[str], parent=None):
        super().__init__(parent)
        self.row_names = list(row_names)
        self.headers: list[str] = []
        self.texts: list[list[str]] = []
        self.samples: list[str] = []  # every text a cell will show (columns are sized for the widest)
        self.base_font = QFont(self.font())
        self.band_size, self.px = 1, 0  # columns per band; the font's pixel size
        self.budget = 0  # pixels down one band (its header and rows) may take; 0: no limit
        self._fitted_for = None  # (width, budget) of the last fit
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.horizontalHeader().hide()
        for header in (self.horizontalHeader(), self.verticalHeader()):
            header.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)

    def set_columns(self, headers: list[str], samples: list[str]) -> None:
        """One column per header, all empty; columns wide enough for each of ``samples``."""
        self.headers, self.samples = list(headers), list(samples)
        self.texts = [[""] * len(headers) for _ in self.row_names]
        self.band_size = 0
        self._fit()

    def restyle(self, base_font: QFont) -> None:
        """The type at its style size (the table shrinks it to fit its width)."""
        self.base_font = QFont(base_font)
        self.band_size = 0
        self._fit()

    def set_budget(self, pixels: int) -> None:
        """At most ``pixels`` down for a band: the type shrinks (not below the floor) to keep it."""
        if pixels != self.budget:
            self.budget = pixels
            self.band_size = 0
            self._fit()

    def set_text(self, r: int, c: int, text: str) -> None:
        if self.texts[r][c] != text:
            self.texts[r][c] = text
            self.item_at(r, c).setText(text)

    def item_at(self, r: int, c: int) -> QTableWidgetItem:
        """The item showing row ``r`` (a series), column ``c`` (a step)."""
        band, j = divmod(c, self.band_size)
        return self.item(band * (len(self.row_names) + 1) + 1 + r, j)

    def scroll_to(self, c: int) -> None:
        """Bring column ``c``'s band (its header and every row) into view."""
        self.scrollToItem(self.item_at(len(self.row_names) - 1, c))
        band = c // self.band_size
        self.scrollToItem(self.item(band * (len(self.row_names) + 1), c % self.band_size))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()

    # ----- fitting --------------------------------------------------------------------------
    def _room(self, f: QFont) -> float:
        """Pixels across for the columns with font ``f``: the table less its frame and row names
        (and a vertical scrollbar's width, kept free so the bands never reflow under it)."""
        return self.width() - 2 * self.frameWidth() - self._names_width(f) - self.verticalScrollBar().sizeHint().width()

    def _names_width(self, f: QFont) -> int:
        return math.ceil(max(measure(n, f)[0] for n in self.row_names) - 9 + PAD)

    @staticmethod
    def _row_height(f: QFont) -> int:
        return math.ceil(QFontMetricsF(f).height()) + 6

    def _column_width(self, f: QFont) -> float:
        """The widest number in ``f`` or header in its bold, and the padding (measured once a font)."""
        bold = px_font(f.pixelSize(), bold=True)
        return max([measure(t, f)[0] for t in self.samples] + [measure(t, bold)[0] for t in self.headers]) - 9 + PAD

    def fit(self) -> tuple[int, int]:
        """(pixel size, columns per band): the largest size from the style's (within the height
        budget) down to the floor at which every column fits one band, else the floor and as many
        columns a band as fit."""
        n = max(1, len(self.headers))
        top = max(MIN_PX, float(self.base_font.pixelSize() if self.base_font.pixelSize() > 0
                                else self.base_font.pointSizeF() * self.logicalDpiY() / 72))
        px = top
        while px > MIN_PX and self.budget and (len(self.row_names) + 1) * self._row_height(px_font(px)) > self.budget:
            px -= 1
        while True:
            f = px_font(px)
            if n * self._column_width(f) <= self._room(f):
                return round(px), n
            if px <= MIN_PX:
                return round(px), max(1, min(n, int(self._room(f) // self._column_width(f))))
            px = max(MIN_PX, px - 1)

    def _fit(self) -> None:
        if self.width() <= 0 or not self.headers or (self.width(), self.budget) == self._fitted_for and self.band_size:
            return
        self._fitted_for = (self.width(), self.budget)
        px, per = self.fit()
        if (px, per) == (self.px, self.band_size):
            return
        self.px, self.band_size = px, per
        f = px_font(px)
        bold = px_font(px, bold=True)
        for w in (self, self.verticalHeader()):
            w.setFont(f)
        rows, n = len(self.row_names), len(self.headers)
        bands = max(1, math.ceil(n / per))
        self.clear()
        self.setRowCount(bands * (rows + 1))
        self.setColumnCount(min(n, per))
        names = []
        for band in range(bands):
            names += [""] + self.row_names
            for j, c in enumerate(range(band * per, min(n, (band + 1) * per))):
                head = QTableWidgetItem(self.headers[c])
                head.setFont(bold)
                head.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                head.setBackground(style.color("muted", 60))
                self.setItem(band * (rows + 1), j, head)
                for r in range(rows):
                    item = QTableWidgetItem(self.texts[r][c])
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                    self.setItem(band * (rows + 1) + 1 + r, j, item)
        self.setVerticalHeaderLabels(names)
        self.verticalHeader().setFixedWidth(self._names_width(f))
        width = max(math.ceil(self._column_width(f)), int(self._room(f) // self.columnCount()))  # fill the row
        for j in range(self.columnCount()):
            self.setColumnWidth(j, width)
        row_h = self._row_height(f)
        self.verticalHeader().setDefaultSectionSize(row_h)
        band_h = (rows + 1) * row_h
        shown = min(bands, MAX_BANDS_SHOWN, max(1, self.budget // band_h) if self.budget else MAX_BANDS_SHOWN)
        self.setMaximumHeight(shown * band_h + 2 * self.frameWidth() + 2)
        self.setMinimumHeight(band_h + 2 * self.frameWidth() + 2)
