"""GridItem: a grid of numbers drawn in a pyqtgraph ViewBox, one unit per cell, row 0 on top
(put it in a ViewBox with ``invertY(True)``).

Batched: the cell colours are one ImageItem (RGBA, updated with ``setImage``); grid lines, the
padding ring's border and the highlights are a handful of ``drawLines``/``drawRects`` calls in
``paint``; the numbers are drawn in device pixels, only when a cell is large enough to read them,
always in full as the formatter writes them (one size per grid, a larger share of the cell in
presenter mode, shrunk to fit its widest number down to a legible floor; a number that still does
not fit is left out of its cell and shown in the cell's tooltip — never rounded further).
A GridScene widens its cells where the numbers need it and the view has room across.
A padding ring of ``pad`` cells is tinted, its numbers muted, and the real input is outlined with
a dashed line. ``set_marks`` takes rectangles or strided lattices of cells to highlight (the
current window, the current output cell). ``set_overlay`` writes a small grid of numbers in
the corners of the cells under a window (a kernel's weights over the input, as CNN Explainer
does), so each product pairs with its cell. Clicks emit ``cellClicked(row, col)`` in the grid's own
coordinates (padding included). The widget only formats numbers it is given.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QLineF, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem

from ui import style
from ui.widgets import labels

MIN_TEXT_PX = 16  # cells smaller than this (on screen) show colours only
MAX_TEXT_CELLS = 1600  # never draw more numbers than this in one grid
MIN_LINE_PX = 6  # cells smaller than this (or than 4 line widths) get no grid lines (the colours carry them)
FIT = 0.9  # the share of a cell's width its number may take
FILL, PRESENTER_FILL = 0.42, 0.62  # the share of a cell's height its numbers take at 1×, and from 2× on


def _rgb(name: str) -> np.ndarray:
    c = style.color(name)
    return np.array([c.red(), c.green(), c.blue()], dtype=np.float64)


def cell_colors(values: np.ndarray, palette: str = "diverging", pad: int = 0, holes=None) -> np.ndarray:
    """RGBA uint8 (H, W, 4) for a value grid: NaN (not revealed yet) pale grey; 'diverging'
    tints positives and negatives by size; 'grey' maps min..max to black..white (both over the
    real cells only). The ``pad``-wide ring, and the ``holes`` (a mask of other constant cells, e.g. the
    zeros a transposed convolution inserts between input cells), get one muted tint."""
    t = style.theme()
    h, w = values.shape
    bg, muted = _rgb("background"), _rgb("muted")
    rgb = np.empty((h, w, 3))
    finite = np.isfinite(values)
    v = np.where(finite, values, 0.0)
    real = finite.copy()
    if pad:
        real[:pad], real[h - pad:], real[:, :pad], real[:, w - pad:] = False, False, False, False
    if holes is not None:
        real &= ~holes
    if palette == "grey":
        lo, hi = (v[real].min(), v[real].max()) if real.any() else (0.0, 1.0)
        g = (v - lo) / (hi - lo) if hi > lo else np.full(v.shape, 0.5)
        rgb[:] = (g * 255)[..., None]
    else:
        vmax = np.abs(v[real]).max() if real.any() else 0.0
        a = 0.12 + 0.55 * np.abs(v) / vmax if vmax > 0 else np.zeros(v.shape)
        a = np.where(v == 0, 0.0, a)[..., None]
        hue = np.where((v >= 0)[..., None], _rgb(t.positive), _rgb(t.negative))
        rgb[:] = bg * (1 - a) + hue * a
    rgb[~finite] = bg * 0.8 + muted * 0.2
    if pad:
        ring = np.ones((h, w), bool)
        ring[pad:h - pad, pad:w - pad] = False
        rgb[ring] = bg * 0.55 + muted * 0.45  # padding holds a constant (0 or −∞): one distinct tint
    if holes is not None:
        rgb[holes] = bg * 0.55 + muted * 0.45
    out = np.empty((h, w, 4), np.uint8)
    out[..., :3] = np.clip(rgb, 0, 255).astype(np.uint8)
    out[..., 3] = 255
    return out


def cell_text(value: float, digits: int = 4) -> str:
    if math.isnan(value):
        return ""
    if math.isinf(value):
        return "−∞" if value < 0 else "∞"
    return style.fmt(value, digits).replace("-", "−")


def caption_font(px: float | None = None) -> QFont:
    """The font of grid captions: ``px`` pixels (the pane sizes it from its cells and canvas), or
    by default 9.5 pt times the presenter scale."""
    if px is not None:
        return labels.px_font(px)
    f = QFont()
    f.setPointSizeF(9.5 * style.scale())
    return f


def grid_caption_px(canvas_h: float, cell_px: float) -> float:
    """A grid caption's size: the diagrams' label size for the canvas (canvas × presenter scale),
    but no more than 0.6 of a cell, so captions grow with the cells and never crowd them out."""
    return max(labels.MIN_PX * 0.8, min(labels.text_px(canvas_h), 0.6 * cell_px))


class GridItem(pg.GraphicsObject):
    """One grid of numbers. ``set_values(values, pad, palette)``, ``set_marks(marks)``;
    a mark is ``(row, col, rows, cols, stride, colour_name, filled)``."""

    cellClicked = Signal(int, int)

    def __init__(self, name: str = "", caption: str = "", caption_px: float | None = None):
        super().__init__()
        self.name = name
        self.caption_px = caption_px
        self.values = np.zeros((1, 1))
        self._dark_text = np.ones((1, 1), bool)
        self.pad = 0
        self.holes = None  # constant cells inside the ring (drawn like it)
        self._look = None  # (pad, palette, holes) the cells were coloured with
        self.marks: list[tuple] = []
        self.overlay: tuple[int, int, np.ndarray] | None = None  # (row, col, values) in cell corners
        self._texts: list[list[str]] | None = None  # each cell's number as the formatter writes it (when asked)
        self._widest: list[str] = []  # the longest of them
        self.shown: list[list[str]] = []  # what the last paint wrote in each cell ("" where none)
        self.on_values = None  # called after new values (the scene widens its cells)
        self.setAcceptHoverEvents(True)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setParentItem(self)
        self.image.setFlag(QGraphicsItem.GraphicsItemFlag.ItemStacksBehindParent)
        self._caption: pg.TextItem | None = None
        if caption:
            self.caption.setText(caption)
        self.update()

    # -- data
    def set_values(self, values: np.ndarray, pad: int = 0, palette: str = "diverging", holes=None) -> None:
        """Colour the cells by ``values`` (NaN: not revealed yet); unchanged values are not drawn again."""
        values = np.array(values, dtype=np.float64)  # a copy: the caller may change its array later
        holes = None if holes is None else np.asarray(holes, dtype=bool)
        look = (pad, palette, None if holes is None else holes.tobytes())
        if look == self._look and values.shape == self.values.shape and np.array_equal(values, self.values, equal_nan=True):
            return
        if values.shape != self.values.shape:
            self.prepareGeometryChange()
        self._look = look
        self.values, self.pad = values, pad
        self._texts = None
        self.holes = holes
        rgba = cell_colors(values, palette, pad, self.holes)
        self._dark_text = rgba[..., :3] @ np.array([0.299, 0.587, 0.114]) > 128
        self.image.setImage(rgba, autoLevels=False, levels=(0, 255))
        self.update()
        if self.on_values is not None:
            self.on_values()

    def set_marks(self, marks: list[tuple]) -> None:
        if marks != self.marks:
            self.marks = list(marks)
            self.update()

    def set_overlay(self, row: int | None = None, col: int = 0, values=None) -> None:
        """Write ``values`` (a small 2-D grid, e.g. a kernel) small in the bottom-right corner of
        the cells from (row, col) on (a NaN writes nothing there); no arguments: none."""
        overlay = None if row is None else (int(row), int(col), np.asarray(values, dtype=np.float64))
        same = (overlay is None) == (self.overlay is None) and (
            overlay is None or (overlay[:2] == self.overlay[:2] and np.array_equal(overlay[2], self.overlay[2], equal_nan=True)))
        if not same:
            self.overlay = overlay
            self.update()

    def overlay_texts(self) -> list[tuple[int, int, str]]:
        """(row, col, text) of each corner number: what the user reads."""
        if self.overlay is None:
            return []
        r0, c0, values = self.overlay
        return [(r0 + a, c0 + b, "×" + cell_text(v)) for (a, b), v in np.ndenumerate(values) if np.isfinite(v)]

    @property
    def caption(self) -> pg.TextItem:
        """The text over the grid, made when first given (a CNN overview's 130 maps have none)."""
        if self._caption is None:
            self._caption = pg.TextItem("", anchor=(0, 1))
            self._caption.setParentItem(self)
            self._caption.setPos(0, -0.05)
            self._style_caption()
        return self._caption

    def set_caption(self, text: str) -> None:
        if text or self._caption is not None:
            self.caption.setText(text)

    def _style_caption(self) -> None:
        self._caption.setColor(style.color("text"))
        self._caption.setFont(caption_font(self.caption_px))

    def restyle(self) -> None:
        self._look = None  # the theme's colours: the next set_values colours the cells again
        if self._caption is not None:
            self._style_caption()
        self.update()

    def texts(self) -> list[list[str]]:
        """Each cell's number as the formatter writes it (formatted once per set of values)."""
        if self._texts is None:
            self._texts = [[cell_text(v) for v in row] for row in self.values.tolist()]
            longest = max((len(t) for row in self._texts for t in row), default=0)
            self._widest = sorted({t for row in self._texts for t in row if len(t) == longest})
        return self._texts

    def text_grid(self) -> list[list[str]]:
        """The text each cell shows (when large enough): what the user reads."""
        return [row[:] for row in self.texts()]

    def shows_text(self, cw: float, ch: float) -> bool:
        """Whether cells of cw × ch pixels are large enough to carry numbers."""
        h, w = self.values.shape
        return min(cw, ch) >= MIN_TEXT_PX * style.scale() ** 0.5 and h * w <= MAX_TEXT_CELLS

    def needed_width(self, ch: float) -> float:
        """The cell width (pixels) the widest number needs at the size cells ch pixels high give it."""
        self.texts()
        f = labels.px_font(self.digits_px(ch))
        return max((labels.measure(t, f)[0] - 9 for t in self._widest), default=0.0) / FIT

    @staticmethod
    def digits_px(ch: float) -> float:
        """The numbers' size in cells ch pixels high, before fitting their width: a larger share
        of the cell in presenter mode (type for the back of the room)."""
        s = style.scale()
        fill = min(PRESENTER_FILL, FILL + (PRESENTER_FILL - FILL) * (s - 1.0))
        return max(8.0, min(ch * fill, 26 * s))

    def digits_font(self, cw: float, ch: float) -> QFont:
        """One font for the grid's numbers: as large as the cells' height allows, shrunk until the
        widest number fits a cell's width, but not below the legible floor (MIN_PX × ⁴√scale)."""
        px = self.digits_px(ch)
        need = self.needed_width(ch)
        if need > cw:
            px = max(min(px, self.floor_px()), px * cw / need)
        return labels.px_font(px)

    @staticmethod
    def floor_px() -> float:
        """The numbers' legible floor: they shrink to fit their cells down to this size."""
        return labels.MIN_PX * style.scale() ** 0.25

    def hoverEvent(self, ev) -> None:
        """The cell under the pointer tells its number in full (in case its cell is too small for it)."""
        if ev.isExit():
            self.setToolTip("")
            return
        r, c = int(math.floor(ev.pos().y())), int(math.floor(ev.pos().x()))
        h, w = self.values.shape
        self.setToolTip(self.texts()[r][c] if 0 <= r < h and 0 <= c < w else "")

    # -- QGraphicsItem
    def boundingRect(self) -> QRectF:
        h, w = self.values.shape
        return QRectF(-0.1, -0.1, w + 0.2, h + 0.2)

    def paint(self, painter, option, widget=None) -> None:
        h, w = self.values.shape
        painter.setBrush(Qt.BrushStyle.NoBrush)
        tr = painter.transform()
        if min(abs(tr.m11()), abs(tr.m22())) >= max(MIN_LINE_PX, 4 * style.line(1.0)):  # lines: opaque, aliased
            painter.save()
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            pen = QPen(style.color("muted"))
            pen.setCosmetic(True)
            pen.setWidthF(style.line(1.0))
            painter.setPen(pen)
            painter.drawLines([QLineF(0, r, w, r) for r in range(h + 1)] + [QLineF(c, 0, c, h) for c in range(w + 1)])
            painter.restore()
        if self.pad:
            pen = QPen(style.color("text"))
            pen.setCosmetic(True)
            pen.setWidthF(style.line(1.5))
            pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            p = self.pad
            painter.drawRect(QRectF(p, p, w - 2 * p, h - 2 * p))
        for r, c, nh, nw, s, colour, filled in self.marks:
            pen = QPen(style.color(colour))
            pen.setCosmetic(True)
            pen.setWidthF(style.line(3.0))
            painter.setPen(pen)
            if s > 1:  # a strided lattice: every cell on its own
                painter.setBrush(QBrush(style.color(colour, 60)))
                painter.drawRects([QRectF(c + s * b, r + s * a, 1, 1) for a in range(nh) for b in range(nw)])
            else:
                painter.setBrush(QBrush(style.color(colour, 60)) if filled else Qt.BrushStyle.NoBrush)
                painter.drawRect(QRectF(c, r, nw, nh))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        self._paint_text(painter)
        self._paint_overlay(painter)

    def _paint_overlay(self, painter) -> None:
        """The overlay's numbers in the cells' bottom-right corners, on a tag of the focus colour
        (skipped when cells are too small to read them)."""
        texts = self.overlay_texts()
        tr = painter.transform()
        cw, ch = abs(tr.m11()), abs(tr.m22())
        font = self._overlay_font(cw, ch)
        if not texts or font is None:
            return
        metrics = QFontMetricsF(font)
        painter.save()
        painter.resetTransform()
        painter.setFont(font)
        painter.setPen(Qt.PenStyle.NoPen)
        for r, c, text in texts:
            width = metrics.horizontalAdvance(text) + 4
            if width > cw * 0.9:
                continue
            corner = tr.map(QPointF(c + 1, r + 1))
            tag = QRectF(corner.x() - width - 2, corner.y() - metrics.height() - 2, width, metrics.height())
            painter.setBrush(QBrush(style.color("focus", 150)))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.drawRoundedRect(tag, 3, 3)
            painter.setPen(style.color("text"))
            painter.drawText(tag, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()

    @staticmethod
    def _overlay_font(cw: float, ch: float) -> QFont | None:
        """The overlay's font in cells of cw × ch pixels (None: too small to carry it)."""
        if min(cw, ch) < MIN_TEXT_PX * style.scale() ** 0.5 * 1.6:
            return None
        font = QFont()
        font.setPixelSize(int(max(8, min(ch * 0.27, cw * 0.27, 16 * style.scale()))))
        font.setBold(True)
        return font

    def _paint_text(self, painter) -> None:
        h, w = self.values.shape
        tr = painter.transform()
        cw, ch = abs(tr.m11()), abs(tr.m22())
        self.shown = []
        if not self.shows_text(cw, ch):
            return
        font = self.digits_font(cw, ch)
        metrics = QFontMetricsF(font)
        light, dark, text_rgb = QColor("#FFFFFF"), QColor("#111111"), style.color("text").getRgb()
        muted = QColor(*((a + b) // 2 for a, b in zip(text_rgb[:3], style.color("muted").getRgb()[:3])))
        dark_text = self._dark_text.tolist()
        painter.save()
        painter.resetTransform()
        painter.setFont(font)
        p, holes = self.pad, None if self.holes is None else self.holes.tolist()
        tagged, tag = set(), 0.0  # cells carrying an overlay tag: their number sits above it
        overlay_font = self._overlay_font(cw, ch)
        if overlay_font is not None:
            tagged = {(r, c) for r, c, _t in self.overlay_texts()}
            tag = QFontMetricsF(overlay_font).height() + 2
        for r, row in enumerate(self.texts()):
            self.shown.append(shown := [""] * w)
            for c, text in enumerate(row):
                if not text or metrics.horizontalAdvance(text) > cw * FIT + 1:
                    continue  # too wide even at the floor: the cell's tooltip tells it
                shown[c] = text
                ring = p and (r < p or c < p or r >= h - p or c >= w - p) or holes is not None and holes[r][c]
                painter.setPen((muted if ring else dark) if dark_text[r][c] else light)
                corner = tr.map(QPointF(c, r))
                room = ch - tag if (r, c) in tagged else ch
                painter.drawText(QRectF(corner.x(), corner.y(), cw, room), Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()

    def mouseClickEvent(self, ev) -> None:
        if ev.button() != Qt.MouseButton.LeftButton:
            return
        pos = ev.pos()
        r, c = int(math.floor(pos.y())), int(math.floor(pos.x()))
        h, w = self.values.shape
        if 0 <= r < h and 0 <= c < w:
            ev.accept()
            self.cellClicked.emit(r, c)


class GridScene(pg.GraphicsLayoutWidget):
    """A view holding several GridItems laid out in cell units (row 0 on top), fitted to the view."""

    cellClicked = Signal(str, int, int)  # grid name, row, col
    resized = Signal()

    def __init__(self, name: str, lock_aspect: bool = True, parent=None):
        super().__init__(parent)
        self.setObjectName(name)
        self.vb = self.addViewBox()
        self.vb.invertY(True)
        self.vb.setAspectLocked(lock_aspect)
        self.vb.setMouseEnabled(False, False)
        self.vb.setMenuEnabled(False)
        self.grids: dict[str, GridItem] = {}
        self.caption_px: float | None = None  # the captions' size in pixels (None: the default)
        self.lock_aspect = lock_aspect
        self.vb.sigRangeChanged.connect(lambda *_: self.widen())
        self.vb.sigResized.connect(lambda *_: self.widen())
        self.restyle()

    def widen(self) -> None:
        """Cells as wide as their numbers need (at most as wide as the view leaves room for, its
        height unchanged): the view's aspect ratio, x pixels per unit over y pixels per unit."""
        if not self.lock_aspect:
            return
        (x0, x1), (y0, y1) = self.vb.targetRange()
        vw, vh = self.vb.width(), self.vb.height()
        if min(vw, vh, x1 - x0, y1 - y0) <= 0:
            return
        unit = min(vw / (x1 - x0), vh / (y1 - y0))  # pixels per unit with square cells
        room = vw / (x1 - x0) / unit
        need = max((g.needed_width(unit) / unit for g in self.grids.values() if g.shows_text(unit, unit)), default=1.0)
        ratio = round(min(max(need, 1.0), room), 3)
        if ratio != self.vb.state["aspectLocked"]:
            self.vb.setAspectLocked(True, ratio=ratio)

    def clear_grids(self) -> None:
        for item in self.grids.values():
            self.vb.removeItem(item)
        self.grids = {}

    def add(self, name: str, caption: str, x: float, y: float) -> GridItem:
        item = GridItem(name, caption, self.caption_px)
        item.on_values = self.widen
        item.setPos(x, y)
        self.vb.addItem(item)
        item.cellClicked.connect(lambda r, c, n=name: self.cellClicked.emit(n, r, c))
        self.grids[name] = item
        return item

    def fit(self, width: float, height: float, top_margin: float = 1.0) -> None:
        self.vb.setRange(QRectF(-0.5, -top_margin, width + 1.0, height + top_margin + 0.5), padding=0)

    def resizeEvent(self, ev) -> None:
        super().resizeEvent(ev)
        self.resized.emit()

    def restyle(self) -> None:
        self.setBackground(style.color("background"))
        for item in self.grids.values():
            item.restyle()
