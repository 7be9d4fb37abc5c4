"""CellSchematic: the standard drawing of an LSTM, GRU or tanh RNN cell, with each vector's numbers.

The top part is the cell (colah's layout): for an LSTM the cell-state line across the top with
the forget × and input + junctions, the σ/σ/tanh/σ gates on the [h_{t−1}, x_t] bus, tanh on the
cell state and the output × giving h_t; a GRU's h_{t−1} line with the update z, 1 − z and reset r
junctions and the tanh candidate n; an RNN's single tanh. Below it, one column per vector of the
current time step (x_t, h_{t−1}, each gate, c_t, h_t, ∂L/∂h_t …), each cell coloured by its value
with its number printed. Lines are one batched item, gates and junctions one scatter item each, the
colours one ImageItem. The widget takes plain arrays: it knows nothing about timelines.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtGui import QFont, QFontMetricsF

from nnlab import formulas
from ui.style import color, line, theme
from ui.widgets.labels import MIN_PX, px_font, text_px

CELL_W, CELL_H, GRID_TOP = 1.15, 0.55, -2.1  # the narrowest column; columns widen into spare room
CELL_W_MAX = 2.2
BAND_GAP = 2  # empty rows above a second band of columns (its headers)
NUMBER_MARGIN = 1  # pixels round a grid number or header (a text item's default is 4)
CELL_PAD = 2  # pixels at least between a grid number's text and its cell's border, at any scale

# Per cell: lines (x0, y0, x1, y1); gates (name, x, y, symbol); junctions (name, x, y, symbol);
# labels (x, y, text). Gate boxes are 0.9 wide, centred on (x, y).
_LSTM = {
    "lines": [(-1.2, 6, 11.2, 6), (-1.2, 1, 7.5, 1), (1, -1.2, 1, 1),
              (2, 1, 2, 2.05), (2, 2.95, 2, 5.7),
              (4, 1, 4, 2.05), (4, 2.95, 4, 4.5), (4, 4.5, 4.45, 4.5),
              (5.5, 1, 5.5, 2.05), (5.5, 2.95, 5.5, 4.5), (5.5, 4.5, 5.05, 4.5), (4.75, 4.8, 4.75, 5.7),
              (7.5, 1, 7.5, 2.05), (7.5, 2.95, 7.5, 3.9), (7.5, 3.9, 8.45, 3.9),
              (9, 6, 9, 5.55), (9, 4.65, 9, 4.2), (9, 3.6, 9, 1), (9, 1, 11.2, 1)],
    "gates": [("f", 2, 2.5, "σ"), ("i", 4, 2.5, "σ"), ("g", 5.5, 2.5, "tanh"), ("o", 7.5, 2.5, "σ")],
    "junctions": [("f", 2, 6, "×"), ("i", 4.75, 4.5, "×"), ("c", 4.75, 6, "+"), ("tanh_c", 9, 5.1, "tanh"),
                  ("h", 9, 3.9, "×")],
    "labels": [(-1.2, 6.45, "cₜ₋₁"), (10.4, 6.45, "cₜ"), (-1.2, 1.45, "hₜ₋₁"), (1.25, -0.9, "xₜ"),
               (10.4, 1.45, "hₜ")],
}
_GRU = {
    "lines": [(-1.2, 6, 11.2, 6), (-1.2, 1, 6.5, 1), (1, -1.2, 1, 1),
              (0.2, 6, 0.2, 4), (0.2, 4, 1.7, 4), (2, 1, 2, 2.05), (2, 2.95, 2, 3.7),
              (2.3, 4, 6.5, 4), (6.5, 4, 6.5, 2.95), (6.5, 1, 6.5, 2.05),
              (4, 1, 4, 2.05), (4, 2.95, 4, 5.7), (4, 5, 5.0, 5), (5.6, 5, 7.6, 5), (7.6, 5, 7.6, 4),
              (7.6, 4, 8.2, 4), (6.95, 2.5, 8.5, 2.5), (8.5, 2.5, 8.5, 3.7), (8.5, 4.3, 8.5, 5.7)],
    "gates": [("r", 2, 2.5, "σ"), ("z", 4, 2.5, "σ"), ("n", 6.5, 2.5, "tanh")],
    "junctions": [("r", 2, 4, "×"), ("z", 4, 6, "×"), ("one_minus_z", 5.3, 5, "1−"), ("n", 8.5, 4, "×"),
                  ("h", 8.5, 6, "+")],
    "labels": [(-1.2, 6.45, "hₜ₋₁"), (10.4, 6.45, "hₜ"), (-1.2, 1.45, "hₜ₋₁"), (1.25, -0.9, "xₜ")],
}
_RNN = {
    "lines": [(-1.2, 1, 5, 1), (2, -1.2, 2, 1), (5, 1, 5, 2.55), (5, 3.45, 5, 5), (5, 5, 11.2, 5)],
    "gates": [("h", 5, 3, "tanh")],
    "junctions": [],
    "labels": [(-1.2, 1.45, "hₜ₋₁"), (2.25, -0.9, "xₜ"), (10.4, 5.45, "hₜ")],
}
SPECS = {"lstm": _LSTM, "gru": _GRU, "rnn": _RNN, "rnn:relu": {**_RNN, "gates": [("h", 5, 3, "ReLU")]}}
# Which theme.series colour each gate wears.
GATE_COLOURS = {"f": 0, "i": 1, "g": 2, "o": 3, "r": 0, "z": 1, "n": 2, "h": 4, "c": 5, "h_pre": 3}


def gate_colour(name: str) -> str:
    return theme().series[GATE_COLOURS.get(name, 5) % len(theme().series)]


def value_colormap() -> pg.ColorMap:
    """Diverging map for values in [−1, 1]: negative colour, background at 0, positive colour."""
    t = theme()
    stops = [color(t.negative), color(t.background), color(t.positive)]
    return pg.ColorMap([0.0, 0.5, 1.0], [(c.red(), c.green(), c.blue()) for c in stops])


def _segments(lines):
    a = np.asarray(lines, dtype=float).reshape(-1, 4)
    x = np.empty(2 * len(a))
    y = np.empty(2 * len(a))
    x[0::2], x[1::2], y[0::2], y[1::2] = a[:, 0], a[:, 2], a[:, 1], a[:, 3]
    return x, y


class CellSchematic(pg.GraphicsLayoutWidget):
    """``set_layout(kind, columns, rows)`` once per lab; ``show(values, headers, focus)`` per step."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("schematic")
        self.view = self.addViewBox()
        self.view.setAspectLocked(True)
        self.view.setMouseEnabled(False, False)
        self.view.setMenuEnabled(False)
        self.kind, self.columns, self.rows = "", [], 0
        self.samples: list[str] = []  # the widest numbers the grid will show (the grid is fitted to them)
        self.lines = pg.PlotDataItem(connect="pairs")
        self.boxes = pg.ScatterPlotItem(pxMode=False, symbol="s")
        self.junctions = pg.ScatterPlotItem(pxMode=False, symbol="o")
        self.grid = pg.ImageItem(axisOrder="row-major")
        self.frames = pg.PlotDataItem(connect="pairs")
        for item in (self.lines, self.boxes, self.junctions, self.grid, self.frames):
            self.view.addItem(item)
        self.symbols: list[pg.TextItem] = []  # one per gate and junction, then the labels
        self.headers: list[pg.TextItem] = []
        self.numbers: list[list[pg.TextItem]] = []
        self._shown: dict = {}  # text item id → last text (setText only on change)
        self.focus = None
        self.bands, self.cell_w, self.cell_h = 1, CELL_W, CELL_H
        self._number_font = None  # the grid numbers' font (a wider number gets a smaller one)
        self._number_px = 0.0  # pixels one view unit spans when the fonts were fitted
        self._last = None  # the arguments of the last show
        self.view.sigResized.connect(self._resized)

    # ----- layout ---------------------------------------------------------------------------
    def set_layout(self, kind: str, columns: list[str], rows: int, samples=()) -> None:
        """Draw the ``kind`` cell and an empty grid of ``columns`` (keys), ``rows`` numbers tall,
        its cells wide enough for each of ``samples`` (texts the grid will show; a 4-decimal number
        when none are given)."""
        for item in self.symbols + self.headers + [t for col in self.numbers for t in col]:
            self.view.removeItem(item)
        self.kind, self.columns, self.rows = kind, list(columns), rows
        self.samples = sorted({"−0.0000", *samples}, key=len)[-8:]  # the longest (width follows length)
        self._last = None
        spec = SPECS[kind]
        self.lines.setData(*_segments(spec["lines"]))
        self.symbols, self.headers, self.numbers, self._shown = [], [], [], {}
        for _name, x, y, symbol in spec["gates"] + spec["junctions"]:
            self.symbols.append(self._text(symbol, x, y, (0.5, 0.5)))
        for name, x, y, symbol in spec["gates"]:
            self.symbols.append(self._text(name, x + (0.75 if symbol in ("tanh", "ReLU") else 0.55), y - 0.3, (0, 0.5)))
        for x, y, text in spec["labels"]:
            self.symbols.append(self._text(text, x, y, (0, 0.5)))
        for _key in self.columns:
            self.headers.append(self._text("", 0, GRID_TOP + 0.05, (0.5, 1), NUMBER_MARGIN))
            self.numbers.append([self._text("", 0, GRID_TOP - (r + 0.5) * CELL_H, (0.5, 0.5), NUMBER_MARGIN)
                                 for r in range(rows)])
        self._place_grid(*self._fit_grid())
        self.restyle()

    def _fit_grid(self) -> tuple[int, float, float]:
        """How many bands the columns wrap into and how wide a column is (units): one band while the
        widest sample fits its cell at the legible floor with CELL_PAD each side, else two (the
        numbers print in full); columns widen into the view's spare room across, within
        [CELL_W, CELL_W_MAX] (two bands: as wide as the widest sample needs). Rows are CELL_H units high,
        or more where a line at the floor would not keep CELL_PAD above and below. Returns
        (bands, column width, row height) in units."""
        w, h = self.view.width(), self.view.height()
        if not self.columns or w <= 0 or h <= 0:
            return 1, CELL_W, CELL_H
        fm = QFontMetricsF(px_font(self._floor()))
        need = max(fm.horizontalAdvance(text) for text in self.samples) + 2 * CELL_PAD
        need_h = fm.height() + 2 * CELL_PAD
        for bands in (1, 2):
            per = math.ceil(len(self.columns) / bands)
            cell_w, cell_h = None, CELL_H
            for _ in range(12):  # a wider or taller cell shrinks the drawing: settle them
                height = 7.3 - self._grid_bottom(bands, cell_h)
                if cell_w is None:
                    cell_w = min(CELL_W_MAX, max(CELL_W, (0.98 * height * w / h - 0.7) / per))
                px = min(w / (max(11.6, -1.2 + per * cell_w) + 1.9), h / height)  # pixels per unit
                wide, tall = cell_w * px >= need, cell_h * px >= need_h
                if tall and (wide or bands == 1):
                    break
                if not tall:
                    cell_h = 1.02 * need_h / px
                if not wide:  # two bands: the cells widen past CELL_W_MAX as the numbers need
                    cell_w *= min(1.5, max(1.02, need / (cell_w * px)))
            if cell_w * px >= need:
                break
        return bands, cell_w, cell_h

    def _grid_bottom(self, bands: int, cell_h: float) -> float:
        return GRID_TOP - bands * self.rows * cell_h - (bands - 1) * BAND_GAP * cell_h

    def _place_grid(self, bands: int, cell_w: float, cell_h: float) -> None:
        """Lay the grid out in ``bands`` bands of columns ``cell_w`` units wide and rows ``cell_h``
        high, and frame the view round it all. The colours are one image: the bands stacked,
        BAND_GAP empty rows between."""
        self.bands, self.cell_w, self.cell_h, rows = bands, cell_w, cell_h, self.rows
        per = math.ceil(len(self.columns) / bands)
        frame = []
        for band in range(bands):
            top = GRID_TOP - band * (rows + BAND_GAP) * cell_h
            cols = range(band * per, min(len(self.columns), (band + 1) * per))
            for j, c in enumerate(cols):
                x = -1.2 + (j + 0.5) * cell_w
                self.headers[c].setPos(x, top + 0.05)
                for r, item in enumerate(self.numbers[c]):
                    item.setPos(x, top - (r + 0.5) * cell_h)
            xs = -1.2 + np.arange(len(cols) + 1) * cell_w
            ys = top - np.arange(rows + 1) * cell_h
            frame += [(x, top, x, ys[-1]) for x in xs] + [(xs[0], y, xs[-1], y) for y in ys]
        bottom = self._grid_bottom(bands, cell_h)
        self.grid_rect = QRectF(-1.2, bottom, per * cell_w, GRID_TOP - bottom)
        self.grid.setImage(np.full((bands * (rows + BAND_GAP) - BAND_GAP, per), np.nan), autoLevels=False,
                           rect=self.grid_rect)
        self.frames.setData(*_segments(frame))
        right = max(11.6, -1.2 + per * cell_w)
        self.view.setRange(QRectF(-1.7, bottom - 0.2, right + 1.9, 7.3 - bottom), padding=0)

    def _text(self, text, x, y, anchor, margin=None) -> pg.TextItem:
        item = pg.TextItem(text, anchor=anchor)
        if margin is not None:  # grid numbers: a thin margin, so they fit their cells
            item.textItem.document().setDocumentMargin(margin)
        item.setPos(x, y)
        self.view.addItem(item)
        return item

    def restyle(self) -> None:
        """Colours, line widths and fonts from ui.style (theme and presenter scale)."""
        t = theme()
        self.setBackground(color(t.background))
        self.lines.setPen(pg.mkPen(color(t.muted), width=line(2.5)))
        self.frames.setPen(pg.mkPen(color(t.muted, 120), width=line(1)))
        self.grid.setColorMap(value_colormap())
        self.grid.setLevels((-1.0, 1.0))
        spec = SPECS.get(self.kind)
        if spec is None:
            return
        for item in self.symbols:
            item.setColor(color(t.text))
        self._fit_fonts()
        self._shown = {}
        self._draw_shapes()

    def _resized(self) -> None:
        bands, cell_w, cell_h = self._fit_grid()
        if self.columns and (bands != self.bands or abs(cell_w - self.cell_w) > 0.01 or abs(cell_h - self.cell_h) > 0.01):
            self._place_grid(bands, cell_w, cell_h)
            if self._last is not None:
                self.show(*self._last)
        self._fit_fonts()

    def _fit_fonts(self) -> None:
        """Fonts from ui.style (scaled for presenters), shrunk only where a text would overflow its gate
        box or grid cell at the widget's current size; called again whenever the view is resized."""
        spec = SPECS.get(self.kind)
        if spec is None:
            return
        units_per_px = self.view.viewPixelSize()[0]
        px = 1.0 / units_per_px if units_per_px > 0 else 0.0

        size = text_px(self.view.height())  # the diagrams' label size for this canvas and scale

        def fitted(factor, sample, room, bold=False, room_h=None, margin=4):
            """The label size × ``factor``, shrunk until ``sample`` as a text item (``margin`` px
            round it) fits ``room`` units across and ``room_h`` units down."""
            f = QFont(px_font(size * factor, bold))
            for _ in range(6):  # text width is not quite proportional to the size (hinting)
                fm = QFontMetricsF(f)
                share = min((room * px - 2 * margin) / max(1.0, fm.horizontalAdvance(sample)),
                            (room_h * px - 2 * margin) / max(1.0, math.ceil(fm.height())) if room_h else 2.0)
                if px <= 0 or share >= 1 or f.pixelSize() <= 5:
                    break
                f.setPixelSize(max(5, int(0.97 * f.pixelSize() * max(share, 0.3))))
            return f

        shapes = spec["gates"] + spec["junctions"]
        for item, (_name, _x, _y, symbol) in zip(self.symbols, shapes):
            box = 1.3 if symbol == "tanh" else 0.9
            in_gate = item in self.symbols[:len(spec["gates"])]
            item.setFont(fitted(1.25, symbol, 0.85 * (box if in_gate else 0.85 if symbol == "tanh" else 0.6), True))
        names = fitted(1.1, "cₜ₋₁", 1.3, room_h=0.7)  # gate names and the lines' labels: in their room …
        names = names if names.pixelSize() >= MIN_PX else px_font(MIN_PX)  # … but legible (there is room round them)
        for item in self.symbols[len(shapes):]:
            item.setFont(names)
        header = fitted(1.0, "δc₈₈", 0.95 * CELL_W, True, room_h=0.75, margin=NUMBER_MARGIN)
        for item in self.headers:
            item.setFont(header)
        # the numbers as the formula prints them (formulas.num), shrunk to their cell, not below the floor
        self._number_px = px
        self._number_font = fitted(0.95 if self.rows <= 8 else 0.85, "−0.0000", self.cell_w,
                                   room_h=self.cell_h, margin=CELL_PAD)
        self._number_font = px_font(max(self._number_font.pixelSize(), self._floor()))
        for col in self.numbers:
            for item in col:
                item.setFont(self._fitted_number(item.textItem.toPlainText()))

    @staticmethod
    def _floor() -> float:
        """The smallest grid number a room can read (a little under the diagrams' label floor)."""
        return 0.8 * MIN_PX

    def _fitted_number(self, text: str) -> QFont:
        """The grid numbers' font, or a smaller one (not below the floor) for a number wider than
        its cell less CELL_PAD each side (a power of ten)."""
        f = self._number_font
        room = self.cell_w * self._number_px - 2 * CELL_PAD
        width = QFontMetricsF(f).horizontalAdvance(text)
        if not text or width <= room or room <= 0:
            return f
        return px_font(max(self._floor(), f.pixelSize() * room / width))

    def _draw_shapes(self) -> None:
        spec = SPECS[self.kind]
        t = theme()
        self._focus_pen = pg.mkPen(color(t.focus), width=line(5))
        gates, junctions = spec["gates"], spec["junctions"]
        self._gate_pens = [pg.mkPen(color(gate_colour(g[0])), width=line(2)) for g in gates]
        self._junction_pens = [pg.mkPen(color(t.muted), width=line(2))] * len(junctions)
        self.boxes.setData(
            x=[g[1] for g in gates], y=[g[2] for g in gates], size=[1.3 if g[3] == "tanh" else 0.9 for g in gates],
            brush=[color(gate_colour(g[0]), 110) for g in gates])
        self.junctions.setData(
            x=[j[1] for j in junctions], y=[j[2] for j in junctions],
            size=[0.85 if j[3] == "tanh" else 0.6 for j in junctions], brush=[color(t.background)] * len(junctions))
        self._highlight()

    def _highlight(self) -> None:
        """The focused gate box and junction wear the focus pen."""
        spec = SPECS[self.kind]
        self.boxes.setPen([self._focus_pen if g[0] == self.focus else pen
                           for g, pen in zip(spec["gates"], self._gate_pens)])
        if spec["junctions"]:
            self.junctions.setPen([self._focus_pen if j[0] == self.focus else pen
                                   for j, pen in zip(spec["junctions"], self._junction_pens)])

    # ----- values ---------------------------------------------------------------------------
    def show(self, values: dict, headers: dict, focus: str | None) -> None:
        """values: column key → 1-D array (or None: not revealed yet); headers: key → text;
        focus: the highlighted gate/junction name and grid column key. Numbers print as the
        formula panel prints them (formulas.num)."""
        self._last = (values, headers, focus)
        if focus != self.focus:
            self.focus = focus
            self._highlight()
        t = theme()
        per = math.ceil(len(self.columns) / self.bands)
        image = np.full((self.bands * (self.rows + BAND_GAP) - BAND_GAP, per), np.nan)
        for c, key in enumerate(self.columns):
            v = values.get(key)
            self._set(self.headers[c], headers.get(key, key), color(t.focus if key == focus else t.text))
            n = 0 if v is None else min(len(v), self.rows)
            if n:
                top = (c // per) * (self.rows + BAND_GAP)
                image[top:top + n, c % per] = np.clip(v[:n], -1.0, 1.0)
            for r, item in enumerate(self.numbers[c]):
                text = formulas.num(v[r]) if r < n else ""
                if self._set(item, text, color(t.text)) and self._number_font is not None:
                    item.setFont(self._fitted_number(text))
        self.grid.setImage(image[::-1], autoLevels=False, rect=self.grid_rect)  # image row 0 is the bottom row

    def _set(self, item: pg.TextItem, text: str, qcolor) -> bool:
        """Show ``text`` in ``qcolor`` on ``item``; whether it changed."""
        key = (text, qcolor.rgba())
        if self._shown.get(id(item)) == key:
            return False
        self._shown[id(item)] = key
        item.setText(text, color=qcolor)
        return True

    def header_text(self, key: str) -> str:
        """The header currently shown over column ``key`` (for tests)."""
        return self.headers[self.columns.index(key)].textItem.toPlainText()

    def colours(self, key: str) -> np.ndarray:
        """The values colouring column ``key``'s cells, top first (for tests)."""
        c, per = self.columns.index(key), math.ceil(len(self.columns) / self.bands)
        top = (c // per) * (self.rows + BAND_GAP)
        return self.grid.image[::-1][top:top + self.rows, c % per]

    def number_texts(self, key: str) -> list[str]:
        return [item.textItem.toPlainText() for item in self.numbers[self.columns.index(key)]]
