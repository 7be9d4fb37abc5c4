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
from ui.widgets.labels import px_font, text_px

CELL_W, CELL_H, GRID_TOP = 1.15, 0.55, -2.1
NUMBER_MARGIN = 1  # pixels round a grid number or header (a text item's default is 4)

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


def number_text(v: float, digits: int = 2) -> str:
    """A grid number: ``digits`` decimals, or one significant digit and a power of ten when it would print 0."""
    v = float(v)
    if v != 0 and abs(v) < 0.5 * 10.0 ** -digits:
        return formulas.num(v, 1)
    return formulas.num(v, digits, powers=False)


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
        self.view.sigResized.connect(self._fit_fonts)

    # ----- layout ---------------------------------------------------------------------------
    def set_layout(self, kind: str, columns: list[str], rows: int) -> None:
        """Draw the ``kind`` cell and an empty grid of ``columns`` (keys), ``rows`` numbers tall."""
        for item in self.symbols + self.headers + [t for col in self.numbers for t in col]:
            self.view.removeItem(item)
        self.kind, self.columns, self.rows = kind, list(columns), rows
        spec = SPECS[kind]
        self.lines.setData(*_segments(spec["lines"]))
        self.symbols, self.headers, self.numbers, self._shown = [], [], [], {}
        for _name, x, y, symbol in spec["gates"] + spec["junctions"]:
            self.symbols.append(self._text(symbol, x, y, (0.5, 0.5)))
        for name, x, y, symbol in spec["gates"]:
            self.symbols.append(self._text(name, x + (0.75 if symbol in ("tanh", "ReLU") else 0.55), y - 0.3, (0, 0.5)))
        for x, y, text in spec["labels"]:
            self.symbols.append(self._text(text, x, y, (0, 0.5)))
        for c, _key in enumerate(self.columns):
            x = -1.2 + c * CELL_W + CELL_W / 2
            self.headers.append(self._text("", x, GRID_TOP + 0.05, (0.5, 1), NUMBER_MARGIN))
            self.numbers.append([self._text("", x, GRID_TOP - (r + 0.5) * CELL_H, (0.5, 0.5), NUMBER_MARGIN)
                                 for r in range(rows)])
        self.grid_rect = QRectF(-1.2, GRID_TOP - rows * CELL_H, len(self.columns) * CELL_W, rows * CELL_H)
        self.grid.setImage(np.full((rows, len(self.columns)), np.nan), autoLevels=False, rect=self.grid_rect)
        xs = -1.2 + np.arange(len(self.columns) + 1) * CELL_W
        ys = GRID_TOP - np.arange(rows + 1) * CELL_H
        frame = [(x, GRID_TOP, x, ys[-1]) for x in xs] + [(xs[0], y, xs[-1], y) for y in ys]
        self.frames.setData(*_segments(frame))
        right = max(11.6, xs[-1])
        self.view.setRange(QRectF(-1.7, ys[-1] - 0.2, right + 1.9, 7.3 - ys[-1]), padding=0)
        self.restyle()

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
        for item in self.symbols[len(shapes):]:
            item.setFont(fitted(1.1, "cₜ₋₁", 1.3, room_h=0.7))
        header = fitted(1.0, "δc₈₈", 0.95 * CELL_W, True, room_h=0.75, margin=NUMBER_MARGIN)
        for item in self.headers:
            item.setFont(header)
        number = fitted(0.95 if self.rows <= 8 else 0.85, "−0.00", 0.95 * CELL_W, room_h=CELL_H, margin=NUMBER_MARGIN)
        for col in self.numbers:
            for item in col:
                item.setFont(number)

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
    def show(self, values: dict, headers: dict, focus: str | None, digits: int = 2) -> None:
        """values: column key → 1-D array (or None: not revealed yet); headers: key → text;
        focus: the highlighted gate/junction name and grid column key."""
        if focus != self.focus:
            self.focus = focus
            self._highlight()
        t = theme()
        image = np.full((self.rows, len(self.columns)), np.nan)
        for c, key in enumerate(self.columns):
            v = values.get(key)
            self._set(self.headers[c], headers.get(key, key), color(t.focus if key == focus else t.text))
            n = 0 if v is None else min(len(v), self.rows)
            if n:
                image[:n, c] = np.clip(v[:n], -1.0, 1.0)
            for r, item in enumerate(self.numbers[c]):
                self._set(item, number_text(v[r], digits) if r < n else "", color(t.text))
        self.grid.setImage(image[::-1], autoLevels=False, rect=self.grid_rect)  # image row 0 is the bottom row

    def _set(self, item: pg.TextItem, text: str, qcolor) -> None:
        key = (text, qcolor.rgba())
        if self._shown.get(id(item)) != key:
            self._shown[id(item)] = key
            item.setText(text, color=qcolor)

    def header_text(self, key: str) -> str:
        """The header currently shown over column ``key`` (for tests)."""
        return self.headers[self.columns.index(key)].textItem.toPlainText()

    def number_texts(self, key: str) -> list[str]:
        return [item.textItem.toPlainText() for item in self.numbers[self.columns.index(key)]]
