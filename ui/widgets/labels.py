"""Text on the diagrams: one size rule, one placement routine, one pool of text items.

- ``text_px(canvas_h)``: a label's font size in pixels, from the height of the canvas it is drawn
  in times the presenter scale, within bounds (every diagram sizes its type with it).
- ``place(labels, bounds, obstacles)``: where each label goes, in view pixels. Labels are placed
  by priority (the focused element's first); each tries its full text at each of its candidate
  spots, then its shorter forms; a label that fits nowhere — inside the bounds, clear of the
  labels already placed and of the obstacles (nodes) — is left out (its numbers stay in the
  values table). So no two placed labels overlap and none is clipped.
- ``LabelLayer``: a pool of ``pyqtgraph.TextItem``s in one ViewBox that shows a placement,
  re-laying out an item's text only when it changed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QGuiApplication

from nnlab import formulas
from ui import style

SHARE = 0.03  # a label's font, as a share of its canvas height (at 1×)
MIN_PX, MAX_PX = 12.0, 18.0  # … within these bounds at 1×
MAX_SHARE = 0.065  # … and at most this share of the canvas times the scale (presenter type may crowd out labels)
GAP = 2.0  # pixels kept between two labels


def text_px(canvas_h: float, factor: float = 1.0) -> float:
    """The pixel size of a diagram label drawn in a canvas ``canvas_h`` pixels high: a share of
    the height within [MIN_PX, MAX_PX], times the presenter scale (and ``factor``, e.g. 1.15 for
    a focused label), at most MAX_SHARE × scale of the canvas (but never below MIN_PX)."""
    s = style.scale()
    base = min(MAX_PX, max(MIN_PX, canvas_h * SHARE)) * s * factor
    return max(MIN_PX, min(base, canvas_h * MAX_SHARE * s * factor))


def font(points: float, bold: bool = False) -> QFont:
    """ui.style.font in the application's sans-serif family (QFont("") resolves to a serif)."""
    f = style.font(points, bold)
    f.setFamily(QGuiApplication.font().family())
    return f


_fonts: dict[tuple[str, int, bool], QFont] = {}
_font_keys: dict[int, str] = {}  # id of a font in _fonts → its key (QFont.key() is slow)


def px_font(px: float, bold: bool = False) -> QFont:
    """The application's sans-serif font at ``px`` pixels (sizes from ``text_px`` are final).
    Shared: don't change the font returned."""
    key = (QGuiApplication.font().family(), max(1, round(px)), bold)
    f = _fonts.get(key)
    if f is None:
        f = _fonts[key] = style.marks_on_letters(QFont(key[0]))
        f.setPixelSize(key[1])
        f.setBold(bold)
        _font_keys[id(f)] = f.key()
    return f


def font_key(f: QFont) -> str:
    return _font_keys.get(id(f)) or f.key()


def num(value: float) -> str:
    """A number as every screen prints it (nnlab.formulas.num)."""
    return formulas.num(value)


_sizes: dict[tuple[str, str], tuple[float, float]] = {}
_metrics: dict[str, QFontMetricsF] = {}


def measure(text: str, f: QFont) -> tuple[float, float]:
    """Width and height in pixels of ``text`` as a TextItem in font ``f`` lays it out: its lines
    (each a whole number of pixels high) and a 4-pixel margin all round (one pixel spare across,
    for glyphs from a fallback font)."""
    fkey = font_key(f)
    size = _sizes.get((text, fkey))
    if size is None:
        if len(_sizes) > 20_000:
            _sizes.clear()
        fm = _metrics.get(fkey)
        if fm is None:
            fm = _metrics[fkey] = QFontMetricsF(f)
        lines = text.split("\n")
        size = _sizes[(text, fkey)] = (max(fm.horizontalAdvance(line) for line in lines) + 9,
                                       len(lines) * math.ceil(fm.height()) + 8)
    return size


@dataclass
class Label:
    """A label to place. ``at``: its point in view pixels; ``spots``: where it may go, best first,
    as (ax, ay, dx, dy) — the text's anchor fraction (0, 0 top-left … 1, 1 bottom-right) put
    (dx, dy) pixels from ``at``; ``texts``: the full text, then shorter forms."""

    key: object
    texts: tuple[str, ...]
    at: tuple[float, float]
    spots: tuple[tuple[float, float, float, float], ...]
    font: QFont
    priority: float = 0.0
    color: QColor | None = None
    fill: bool = True
    z: float = 0.0
    slide: float = 0.0  # pixels a spot may shift sideways to stay inside the bounds
    data: object = None  # the point in the diagram's own coordinates (set by LabelLayer)


@dataclass
class Placed:
    key: object
    text: str
    left: float  # pixels: the text rect's top-left corner …
    top: float
    width: float
    height: float
    label: Label = field(repr=False, default=None)


class _Taken:
    """Rectangles already taken, bucketed in a coarse pixel grid so a test touches only its neighbours."""

    CELL = 64.0

    def __init__(self, base: "_Taken | None" = None):
        self.cells: dict[tuple[int, int], list[tuple[float, float, float, float]]] = {}
        self.base = base  # fixed rects (obstacles) shared between placements

    def _keys(self, left, top, right, bottom):
        c = self.CELL
        return [(i, j) for i in range(int(left // c), int(right // c) + 1) for j in range(int(top // c), int(bottom // c) + 1)]

    def add(self, left, top, right, bottom) -> None:
        rect = (left, top, right, bottom)
        for key in self._keys(left, top, right, bottom):
            self.cells.setdefault(key, []).append(rect)

    def hits(self, left, top, right, bottom) -> bool:
        l, t, r, b = left - GAP, top - GAP, right + GAP, bottom + GAP
        for key in self._keys(l, t, r, b):
            for x0, y0, x1, y1 in self.cells.get(key, ()):
                if x0 < r and x1 > l and y0 < b and y1 > t:
                    return True
        return self.base is not None and self.base.hits(left, top, right, bottom)

    @classmethod
    def of(cls, rects) -> "_Taken":
        taken = cls()
        for rect in np.asarray(rects, dtype=float).reshape(-1, 4).tolist():
            taken.add(*rect)
        return taken


def place(labels, bounds: QRectF, obstacles=None) -> list[Placed]:
    """Place ``labels`` (highest priority first, stable) inside ``bounds`` (view pixels), clear of
    each other and of ``obstacles`` ((n, 4) array of x0, y0, x1, y1 pixels); labels that fit
    nowhere are left out."""
    bx0, by0, bx1, by1 = bounds.left(), bounds.top(), bounds.right(), bounds.bottom()
    if obstacles is not None and not isinstance(obstacles, _Taken):
        obstacles = _Taken.of(obstacles)
    taken = _Taken(obstacles)
    placed = []
    for lab in sorted(labels, key=lambda lab: -lab.priority):
        x, y = lab.at
        spot = _fit(lab, x, y, bx0, by0, bx1, by1, taken)
        if spot is not None:
            text, left, top, w, h = spot
            taken.add(left, top, left + w, top + h)
            placed.append(Placed(lab.key, text, left, top, w, h, lab))
    return placed


def _fit(lab, x, y, bx0, by0, bx1, by1, taken):
    """The first (text, left, top, w, h) of ``lab`` that fits: full text at each spot, then shorter."""
    for text in lab.texts:
        w, h = measure(text, lab.font)
        for ax, ay, dx, dy in lab.spots:
            left, top = x + dx - ax * w, y + dy - ay * h
            if lab.slide:
                left = min(max(left, bx0, left - lab.slide), bx1 - w, left + lab.slide)
            if left >= bx0 and top >= by0 and left + w <= bx1 and top + h <= by1 \
                    and not taken.hits(left, top, left + w, top + h):
                return text, left, top, w, h
    return None


class PlacedLabel(pg.TextItem):
    """A TextItem whose text's top-left corner sits a pixel offset from its position."""

    offset = QPointF()
    look = None  # what it shows and where, to skip unchanged updates

    def updateTextPos(self):
        self.textItem.setPos(self.offset)


class OffsetLabel(pg.TextItem):
    """A TextItem shifted by a pixel offset from its anchor point (to clear a node)."""

    offset = QPointF()

    def updateTextPos(self):
        super().updateTextPos()
        self.textItem.setPos(self.textItem.pos() + self.offset)


class LabelLayer:
    """A pool of PlacedLabels in one ViewBox: ``show(labels, obstacles)`` takes labels whose ``at``
    is in the view's own coordinates, places them in pixels and shows the result."""

    def __init__(self, view: pg.ViewBox, z: float = 100.0):
        self.view = view
        self.z = z
        self.items: list[PlacedLabel] = []
        self.by_key: dict = {}  # label key → the item showing it
        self._obstacles = (None, None)
        self.placed: list[Placed] = []

    def to_px(self, xs, ys) -> tuple[np.ndarray, np.ndarray]:
        """View coordinates → pixels of the ViewBox (numpy arrays)."""
        t = self.view.childTransform()
        xs, ys = np.asarray(xs, dtype=float), np.asarray(ys, dtype=float)
        return t.m11() * xs + t.m21() * ys + t.dx(), t.m12() * xs + t.m22() * ys + t.dy()

    def bounds(self, margin: float = 1.0) -> QRectF:
        r = self.view.boundingRect()
        return r.adjusted(margin, margin, -margin, -margin)

    def show(self, labels: list[Label], obstacles=None, bounds: QRectF | None = None) -> list[Placed]:
        """Place ``labels`` (``at`` in view coordinates) and draw them; returns what was placed."""
        if labels:
            px, py = self.to_px([lab.at[0] for lab in labels], [lab.at[1] for lab in labels])
            for lab, x, y in zip(labels, px.tolist(), py.tolist()):
                lab.data, lab.at = lab.at, (x, y)
        if obstacles is not None:  # bucketed once for as long as they stay where they are
            obstacles = np.asarray(obstacles, dtype=float)
            key = (obstacles.shape, obstacles.tobytes())
            if key != self._obstacles[0]:
                self._obstacles = (key, _Taken.of(obstacles))
            obstacles = self._obstacles[1]
        self.draw(place(labels, bounds if bounds is not None else self.bounds(), obstacles))
        return self.placed

    def draw(self, placed: list[Placed]) -> None:
        """Show ``placed``: a label keeps its item from the last call (so unchanged text is not
        laid out again); the rest take free items; unused items are hidden."""
        self.placed = placed
        text_color, fill = style.color("text"), style.color("background", 215)
        old, self.by_key = self.by_key, {}
        free = [item for key, item in old.items() if key not in {p.key for p in placed}]
        free += [item for item in self.items if item not in old.values()]
        for p in placed:
            item = old.get(p.key) or (free.pop() if free else self._new_item())
            self.by_key[p.key] = item
            lab = p.label
            colour = lab.color if lab.color is not None else text_color
            look = (p.text, font_key(lab.font), colour.rgba(), lab.fill, lab.data, p.left - lab.at[0], p.top - lab.at[1],
                    lab.z, fill.rgba())
            if item.look != look:  # laying out text is the costly part: only on change
                if item.look is None or item.look[:2] != look[:2]:
                    item.setText(p.text)
                    item.setFont(lab.font)
                item.look = look
                item.setColor(colour)
                item.fill = pg.mkBrush(fill) if lab.fill else pg.mkBrush(None)
                item.offset = QPointF(p.left - lab.at[0], p.top - lab.at[1])
                item.setZValue(self.z + lab.z)
                item.setPos(*lab.data)
                item.updateTextPos()
            if not item.isVisible():
                item.setVisible(True)
        for item in free:
            if item.isVisible():
                item.setVisible(False)

    def _new_item(self) -> PlacedLabel:
        item = PlacedLabel("")
        self.view.addItem(item)
        self.items.append(item)
        return item

    def restyle(self) -> None:
        for item in self.items:
            item.look = None

    def texts(self) -> dict:
        """key → the text shown."""
        return {p.key: p.text for p in self.placed}
