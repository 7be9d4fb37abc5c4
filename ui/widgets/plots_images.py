"""ImageGrid: a mosaic of small greyscale images with a label under each, wrong ones framed.

The training pane shows the first test digits with the network's predictions. The mosaic is
one ImageItem; labels are a pool of TextItems; the frames of wrong predictions are one
batched PlotDataItem (connect="pairs"). The grid is laid out for its view: the columns that give
the largest images with a caption row under each row of images, as tall as its captions and each
column as wide as its widest caption, so no caption lies on an image or on another caption.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg

from ui.style import color, line, scale, theme
from ui.widgets.labels import MIN_PX, measure, px_font, text_px

GAP = 0.25  # least gap between images across, as a fraction of an image's side
MIN_IMAGE_PX = 3.0  # pixels per image pixel below which captions shrink (to MIN_PX) to leave the images room
FRAME = 0.6  # image pixels between an image and its caption (a wrong one's frame lies there)


class ImageGrid(pg.PlotWidget):
    def __init__(self, parent=None, columns: int = 8):
        super().__init__(parent)
        self.setObjectName("imageGrid")
        self.columns = columns  # the columns before the view is laid out
        self.setBackground(theme().background)
        self.plotItem.hideAxis("left")
        self.plotItem.hideAxis("bottom")
        self.plotItem.setMenuEnabled(False)
        self.plotItem.setMouseEnabled(False, False)
        self.plotItem.hideButtons()
        self.getViewBox().invertY(True)
        self.getViewBox().setAspectLocked(True)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.addItem(self.image)
        self.frames = pg.PlotDataItem(connect="pairs", pen=pg.mkPen(color("negative"), width=line(2.5)))
        self.addItem(self.frames)
        self.labels: list[pg.TextItem] = []
        self.texts: list[str] = []
        self.positions: list[tuple[int, int]] = []  # each image's top-left corner, in image pixels
        self.wrong = np.zeros(0, dtype=bool)
        self._shown = None  # the last set_images arguments: laid out again on a resize
        self._size = None  # the view size the grid was laid out for
        self._layout_key, self._layout = None, None  # what the last layout was for, and it
        self.getViewBox().sigResized.connect(self._resized)

    def _resized(self, *_args) -> None:
        vb = self.getViewBox()
        if self._shown is not None and (vb.width(), vb.height()) != self._size:
            self.set_images(*self._shown)

    def layout(self, n: int, h: int, w: int, texts: list[str], bold: np.ndarray):
        """(columns, caption font px or None, column pitch, row pitch) in image pixels for n images
        h × w with captions ``texts`` under them: the columns giving the largest images, the captions
        at the diagrams' label size (shrunk towards MIN_PX while the images are smaller than
        MIN_IMAGE_PX per pixel), each column as wide as its widest caption; in a view too small for
        captions, none (the frames still mark the wrong ones)."""
        vb = self.getViewBox()
        vw, vh = vb.width(), vb.height()
        if min(vw, vh) <= 1:
            return min(self.columns, n), None, w * (1 + GAP), h * (1 + GAP)
        px = max(MIN_PX, round(text_px(vh)))
        while True:
            cw = max((measure(t, px_font(px, bool(b)))[0] for t, b in zip(texts, bold)), default=0.0)
            ch = measure("0", px_font(px))[1]
            unit, cols = self._best(n, h, w, vw, vh, cw, ch)
            if unit >= MIN_IMAGE_PX or px <= MIN_PX:
                break
            px -= 1
        if unit < 1.0:  # captions would leave the images less than a pixel per pixel
            unit, cols = self._best(n, h, w, vw, vh, 0.0, 0.0)
            return cols, None, w * (1 + GAP), h * (1 + GAP)
        return cols, px, max(w * (1 + GAP), cw / unit + 1), h + FRAME + ch / unit + 1  # + 1: positions are rounded

    @staticmethod
    def _best(n, h, w, vw, vh, cw, ch) -> tuple[float, int]:
        """(view pixels per image pixel, columns): the largest images with captions cw × ch pixels."""
        best = (0.0, 1)
        for cols in range(1, n + 1):
            rows = -(-n // cols)
            pitch = vw / cols  # a column's pixels: its image and gap, and its widest caption (+ 1 image pixel)
            unit = 0.97 * min(pitch / ((1 + GAP) * w + 1), pitch - cw, (vh - rows * ch) / (rows * (h + FRAME + 1)))
            best = max(best, (unit, cols))
        return best

    def set_images(self, images, predicted, truth, class_names) -> None:
        """``images`` (n, h, w) raw values; ``predicted``/``truth`` class indices (None: not known)."""
        self._shown = (images, predicted, truth, class_names)
        vb = self.getViewBox()
        self._size = (vb.width(), vb.height())
        images = np.asarray(images, dtype=float)
        n, h, w = images.shape
        known = predicted is not None
        self.wrong = np.zeros(n, dtype=bool) if not known else np.asarray(predicted)[:n] != np.asarray(truth)[:n]
        self.texts = []
        for i in range(n):
            p = class_names[int(predicted[i])] if known else "?"
            t = class_names[int(truth[i])]
            self.texts.append(f"{p}" if not self.wrong[i] else f"{p} ≠ {t}")
        key = (self._size, n, h, w, tuple(self.texts), tuple(self.wrong.tolist()), scale())
        if key != self._layout_key:  # laid out again only when the view, the images or their captions change
            self._layout_key, self._layout = key, self.layout(n, h, w, self.texts, self.wrong)
        cols, px, gw, gh = self._layout
        cols = min(cols, n) or 1
        rows = -(-n // cols)
        mosaic = np.full((int(math.ceil(rows * gh)), int(math.ceil(cols * gw))), np.nan)
        top = float(np.nanmax(images)) if n else 1.0
        self.positions = pos = []
        for i in range(n):
            r, c = divmod(i, cols)
            y0, x0 = int(round(r * gh)), int(round(c * gw + (gw - w) / 2))
            mosaic[y0:y0 + h, x0:x0 + w] = images[i] / (top or 1.0)
            pos.append((x0, y0))
        self.image.setImage(np.nan_to_num(1 - mosaic, nan=1.0), levels=(0, 1))
        while len(self.labels) < n:
            item = pg.TextItem("", anchor=(0.5, 0))
            self.addItem(item)
            self.labels.append(item)
        segs = []
        for i, item in enumerate(self.labels):
            if i >= n:
                item.setText("")
                item.look = None
                continue
            x0, y0 = pos[i]
            look = (self.texts[i] if px is not None else "", bool(self.wrong[i]), px, theme().name)
            if getattr(item, "look", None) != look:  # unchanged captions are not laid out again
                item.look = look
                item.setText(look[0])
                item.setColor(color("negative") if self.wrong[i] else color("text"))
                item.setFont(px_font(px or MIN_PX, bold=bool(self.wrong[i])))
            item.setPos(x0 + w / 2, y0 + h + FRAME)
            if self.wrong[i]:
                xa, xb, ya, yb = x0 - 0.5, x0 + w + 0.5, y0 - 0.5, y0 + h + 0.5
                segs += [(xa, ya), (xb, ya), (xb, ya), (xb, yb), (xb, yb), (xa, yb), (xa, yb), (xa, ya)]
        if segs:
            xy = np.array(segs, dtype=float)
            self.frames.setData(xy[:, 0], xy[:, 1])
        else:
            self.frames.setData([], [])
        vb.setRange(xRange=(-1, cols * gw), yRange=(-1, rows * gh), padding=0)

    def restyle(self) -> None:
        self.setBackground(theme().background)
        self.frames.setPen(pg.mkPen(color("negative"), width=line(2.5)))
