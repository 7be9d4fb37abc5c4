"""ImageGrid: a mosaic of small greyscale images with a label under each, wrong ones framed.

The training pane shows the first test digits with the network's predictions. The mosaic is
one ImageItem; labels are a pool of TextItems; the frames of wrong predictions are one
batched PlotDataItem (connect="pairs").
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg

from ui.style import color, font, line, theme

GAP = 0.6  # gap between images, as a fraction of an image's side


class ImageGrid(pg.PlotWidget):
    def __init__(self, parent=None, columns: int = 8):
        super().__init__(parent)
        self.setObjectName("imageGrid")
        self.columns = columns
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
        self.wrong = np.zeros(0, dtype=bool)
        self._shown = (None, None)  # the images of the mosaic and the predictions drawn

    def set_images(self, images, predicted, truth, class_names) -> None:
        """``images`` (n, h, w) raw values; ``predicted``/``truth`` class indices (None: not known).
        The mosaic is made again only for other images, the labels only for other predictions
        (a live run changes the predictions alone)."""
        source = images
        images = np.asarray(images, dtype=float)
        n, h, w = images.shape
        cols = min(self.columns, n) or 1
        rows = -(-n // cols)
        gh, gw = h * (1 + GAP), w * (1 + GAP)
        shown_images, shown_predicted = self._shown
        if shown_images is source and predicted is not None and shown_predicted is not None \
                and np.array_equal(shown_predicted, predicted):
            return
        self._shown = (source, None if predicted is None else np.array(predicted))
        if shown_images is not source:
            mosaic = np.full((int(round(rows * gh)), int(round(cols * gw))), np.nan)
            top = float(np.nanmax(images)) if n else 1.0
            for i in range(n):
                r, c = divmod(i, cols)
                y0, x0 = int(round(r * gh)), int(round(c * gw))
                mosaic[y0:y0 + h, x0:x0 + w] = images[i] / (top or 1.0)
            self.image.setImage(np.nan_to_num(1 - mosaic, nan=1.0), levels=(0, 1))
        while len(self.labels) < n:
            item = pg.TextItem("", anchor=(0.5, 0))
            self.addItem(item)
            self.labels.append(item)
        old, self.texts = (self.texts if shown_images is source else []), []
        segs = []
        known = predicted is not None
        self.wrong = np.zeros(n, dtype=bool) if not known else np.asarray(predicted)[:n] != np.asarray(truth)[:n]
        for i, item in enumerate(self.labels):
            if i >= n:
                item.setText("")
                continue
            r, c = divmod(i, cols)
            y0, x0 = round(r * gh), round(c * gw)
            p = class_names[int(predicted[i])] if known else "?"
            t = class_names[int(truth[i])]
            text = f"{p}" if not self.wrong[i] else f"{p} ≠ {t}"
            self.texts.append(text)
            if i >= len(old) or old[i] != text:
                item.setText(text)
                item.setColor(color("negative") if self.wrong[i] else color("text"))
                item.setFont(font(8, bold=bool(self.wrong[i])))
                item.setPos(x0 + w / 2, y0 + h)
            if self.wrong[i]:
                xa, xb, ya, yb = x0 - 0.5, x0 + w + 0.5, y0 - 0.5, y0 + h + 0.5
                segs += [(xa, ya), (xb, ya), (xb, ya), (xb, yb), (xb, yb), (xa, yb), (xa, yb), (xa, ya)]
        if segs:
            xy = np.array(segs, dtype=float)
            self.frames.setData(xy[:, 0], xy[:, 1])
        else:
            self.frames.setData([], [])
        self.getViewBox().setRange(xRange=(-1, cols * gw), yRange=(-1, rows * gh + 1), padding=0)

    def restyle(self) -> None:
        self._shown, self.texts = (None, None), []  # fonts and colours follow the scale and theme: draw anew
        self.setBackground(theme().background)
        self.frames.setPen(pg.mkPen(color("negative"), width=line(2.5)))
