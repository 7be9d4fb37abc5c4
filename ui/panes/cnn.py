"""The CNN pane: a trained network seen from the inside (CNN Explainer style). Across the top, the
overview: the input and every layer's feature maps, one column per layer (click a convolution's
or a ReLU's map to step that map's convolution); below, the Grad-CAM heat map over the image for
the chosen class, the class probabilities (softmax), and the stepped convolution of the chosen map
(its input windows, kernel and output cells, as the convolution lab draws them). The side panel
picks the network, the images (the shipped 8×8 digits, or 28×28 MNIST IDX files: the network is
rebuilt for them and trained at once), the test image or a digit drawn with the mouse at the
network's input size, the Grad-CAM class and the map, shows the learned first-layer filters, and
trains the network from scratch in a Worker.

Every number drawn comes from ``timeline.state_at(k)``; edits go through ``Config.from_dict``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (QComboBox, QFormLayout, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QSpinBox,
                               QVBoxLayout, QWidget)

from nnlab import cnn
from nnlab.labs import cnn as lab
from ui import style
from ui.mnist_dialog import ask_mnist_files
from ui.panes.grid_lab import GridLabPane, set_quietly
from ui.widgets.grid import GridScene, caption_font, grid_caption_px
from ui.widgets.labels import GAP as GAP_PX, MIN_PX, Label, LabelLayer, measure, px_font, text_px
from ui.widgets.train_box import TrainBox
from ui.worker import Worker

GAP = 1  # cells between maps


class DrawPad(QWidget):
    """A size × size canvas (the network's input) to draw a digit with the mouse (left button
    draws, right erases); pixels 0..top (16 for the digits, 255 for MNIST)."""

    drawn = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("drawPad")
        self.set_size(cnn.SIZE, cnn.PIXEL_MAX)
        self.setMinimumSize(120, 120)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    def set_size(self, size: int, top: float) -> None:
        """A blank canvas of size × size pixels of 0..top (kept if it already is one)."""
        if getattr(self, "top", None) != top or self.pixels.shape != (size, size):
            self.side, self.top, self.pixels = size, top, np.zeros((size, size))
            self.update()

    def sizeHint(self):
        return self.minimumSize()

    def _cell(self, pos) -> tuple[int, int] | None:
        side = min(self.width(), self.height()) / self.side
        r, c = int(pos.y() // side), int(pos.x() // side)
        return (r, c) if 0 <= r < self.side and 0 <= c < self.side else None

    def paint_at(self, r: int, c: int, erase: bool = False) -> None:
        """Ink a pen as wide as an 8×8 digit's stroke (one cell there, a disc of radius size/16 on a
        larger canvas) fully and its rim by half; the right button erases the pen's core."""
        radius = self.side / 16
        rr, cc = np.ogrid[:self.side, :self.side]
        d = np.hypot(rr - r, cc - c)
        core, rim = d <= max(radius - 0.5, 0), d <= radius + 0.5
        if erase:
            self.pixels[core] = 0
        else:
            self.pixels[rim] = np.maximum(self.pixels[rim], self.top / 2)
            self.pixels[core] = self.top
        self.update()

    def clear(self) -> None:
        self.pixels[:] = 0
        self.update()

    def _stroke(self, ev) -> None:
        cell = self._cell(ev.position())
        if cell is not None:
            self.paint_at(*cell, erase=bool(ev.buttons() & Qt.MouseButton.RightButton))

    def mousePressEvent(self, ev) -> None:
        self._stroke(ev)

    def mouseMoveEvent(self, ev) -> None:
        self._stroke(ev)

    def mouseReleaseEvent(self, ev) -> None:
        self.drawn.emit()

    def paintEvent(self, ev) -> None:
        n = self.side
        side = min(self.width(), self.height()) / n
        p = QPainter(self)
        p.fillRect(0, 0, int(side * n), int(side * n), style.color("background"))
        for (r, c), v in np.ndenumerate(self.pixels):
            g = int(255 * (1 - v / self.top))
            p.fillRect(QRectF(c * side, r * side, side, side), QColor(g, g, g))
        p.setPen(style.color("muted"))
        for i in range(0, n + 1, 1 if n <= cnn.SIZE else 7):  # a 28×28 canvas: a line every 7 pixels
            p.drawLine(int(i * side), 0, int(i * side), int(side * n))
            p.drawLine(0, int(i * side), int(side * n), int(i * side))
        p.end()


def caption_gap(scene: GridScene, width: float, height: float, captions=(), unit: float = 1.0,
                rooms=None, floor: float = MIN_PX * 0.8) -> tuple[float, float]:
    """(cells to leave above grids for a line of caption, the layout's width, a cell's pixels) at the scene's size,
    for a ``width`` × ``height`` cell layout whose ``captions`` ((text, x): a caption starting at
    cell x) may widen it; sets the scene's caption size for the grids added next, sized as for
    cells ``unit`` times larger (a 28×28 image's captions as large as an 8×8 one's). ``rooms``
    ((text, x, end): a caption from cell x to cell end, None: to the view's right edge): captions sized
    instead by the diagrams' label rule, shrunk until each fits its room (not below ``floor`` pixels)."""
    view_w, view_h = (scene.width(), scene.height()) if scene.height() > 50 else (400, 300)
    gap, wide = 1.5, width
    for _i in range(4):  # the cell size depends on the gap and the captions' widths
        cell = min(view_w / (wide + 1), view_h / (height + gap + 0.5))
        if rooms is None:
            scene.caption_px = grid_caption_px(view_h, cell * unit)
        else:
            px = text_px(view_h)
            edge = width + max(0.0, view_w / cell - width - 1.5) / 2  # centred: half the spare room is right
            for text, x, end in rooms:
                room = 0.9 * ((edge if end is None else end) - x) * cell - 2 * GAP_PX  # pixels, less the labels' gap
                px = min(px, px * room / max(1.0, measure(text, caption_font(px))[0]))
            scene.caption_px = max(floor, px)
        font = caption_font(scene.caption_px)
        gap = max(1.0, (measure("Ag", font)[1] + 4) / cell)
        wide = max([width] + [x + measure(text, font)[0] / cell for text, x in captions])
    return gap, wide, cell


def overview_layout(arch: str, size: int = cnn.SIZE, aspect: float = 1.0) -> list[tuple[int, int, float, float, int]]:
    """Where each map of the overview sits: (layer k, map m, x, y, side) in cell units; layer −1
    is the input. A layer's maps are stacked in columns of at most n maps, columns side by side,
    n chosen so the whole fills a view of width/height ``aspect`` with the largest cells."""

    def place(per_column: int) -> list:
        out, x = [(-1, 0, 0.0, 0.0, size)], size + 2 * GAP
        for k, layer in enumerate(cnn.layers(arch, size)):
            c, side, _w = layer.shape
            for m in range(c):
                col, row = divmod(m, per_column)
                out.append((k, m, x + col * (side + GAP), row * (side + GAP), side))
            x += -(-c // per_column) * (side + GAP) + 2 * GAP
        return out

    def cell(spots: list) -> float:
        right = max(x + side for _k, _m, x, _y, side in spots)
        bottom = max(y + side for _k, _m, _x, y, side in spots)
        return min(aspect / right, 1 / bottom)

    most = max(layer.shape[0] for layer in cnn.layers(arch, size))
    return max((place(n) for n in range(most, 0, -1)), key=cell)


class Pane(GridLabPane):
    lab = "cnn"

    def __init__(self, parent=None):
        super().__init__(parent)
        self._laid_out = None  # _geometry() of the last layout
        self._worker = None
        views = QWidget(self)
        row = QHBoxLayout(views)
        row.setContentsMargins(0, 0, 0, 0)
        self.scene = GridScene("cnnOverview", parent=views)
        self.scene.cellClicked.connect(self._map_clicked)
        self.layer_labels = LabelLayer(self.scene.vb)
        middle = QVBoxLayout()
        self.camScene = GridScene("cnnGradCam", parent=views)
        self.heat = pg.ImageItem(axisOrder="row-major")
        self.heat.setZValue(50)
        self.camScene.vb.addItem(self.heat)
        self.scores = pg.PlotWidget(views)
        self.scores.setObjectName("cnnScores")
        self.scores.setMouseEnabled(False, False)
        self.scores.setMenuEnabled(False)
        self.scores.hideButtons()
        self.scores.setBackground(style.color("background"))
        self.bars = pg.BarGraphItem(x=np.arange(10), height=np.zeros(10), width=0.7)
        self.scores.addItem(self.bars)
        self.score_labels = LabelLayer(self.scores.getViewBox())
        middle.addWidget(self.camScene, 1)
        middle.addWidget(self.scores, 1)
        self.detail = GridScene("cnnDetail", parent=views)
        for scene in (self.scene, self.camScene, self.detail):
            scene.resized.connect(self._relayout)
        row.addWidget(self.scene, 3)
        row.addLayout(middle, 2)
        row.addWidget(self.detail, 3)
        self.layout().addWidget(views, 1)
        self.layout().addWidget(self._side_panel())

    # ---------------------------------------------------------------- controls
    def _controls(self, panel: QWidget, box: QVBoxLayout) -> None:
        form = QFormLayout()
        self.arch = QComboBox(panel)
        self.arch.setObjectName("arch")
        self.arch.addItem(self.tr("simple (one convolution)"), "simple")
        self.arch.addItem(self.tr("deep (VGG-style)"), "deep")
        self.arch.activated.connect(lambda i: self._arch_chosen(self.arch.itemData(i)))
        form.addRow(self.tr("Network"), self.arch)
        self.image = QSpinBox(panel)
        self.image.setObjectName("image")
        self.image.setRange(0, 0)  # the held-out split's size: _sync_controls
        self.image.valueChanged.connect(lambda v: self._edit(image=v, pixels=None))
        form.addRow(self.tr("Test image"), self.image)
        self.dataSource = QLabel(panel)
        self.dataSource.setObjectName("dataSource")
        self.dataSource.setWordWrap(True)
        form.addRow(self.tr("Images"), self.dataSource)
        self.mnistButton = QPushButton(self.tr("MNIST files…"), panel)
        self.mnistButton.setObjectName("mnistButton")
        self.mnistButton.setToolTip(self.tr("Open 28×28 MNIST images and labels (IDX files): the network is "
                                            "rebuilt for 28×28 and trained on them"))
        self.mnistButton.clicked.connect(self.choose_mnist)
        self.digitsButton = QPushButton(self.tr("Digits 8×8"), panel)
        self.digitsButton.setObjectName("digitsButton")
        self.digitsButton.clicked.connect(self.use_digits)
        files = QHBoxLayout()
        files.addWidget(self.mnistButton, 1)
        files.addWidget(self.digitsButton)
        form.addRow(files)
        self.mnistLimit = QSpinBox(panel)
        self.mnistLimit.setObjectName("mnistLimit")
        self.mnistLimit.setRange(cnn.MIN_IMAGES, lab.MAX_MNIST)
        self.mnistLimit.setSingleStep(500)
        self.mnistLimit.editingFinished.connect(self._limit_edited)
        form.addRow(self.tr("MNIST samples"), self.mnistLimit)
        self._form = form
        self.target = QComboBox(panel)
        self.target.setObjectName("target")
        self.target.addItem(self.tr("predicted"), None)
        for c in range(cnn.CLASSES):
            self.target.addItem(str(c), c)
        self.target.activated.connect(lambda i: self._edit(target=self.target.itemData(i)))
        form.addRow(self.tr("Grad-CAM for"), self.target)
        self.convLayer = QSpinBox(panel)
        self.convLayer.setObjectName("convLayer")
        self.convLayer.setSpecialValueText(self.tr("none"))
        self.convLayer.valueChanged.connect(lambda v: self._edit(layer=v, map=0))
        form.addRow(self.tr("Step convolution"), self.convLayer)
        self.mapIndex = QSpinBox(panel)
        self.mapIndex.setObjectName("mapIndex")
        self.mapIndex.valueChanged.connect(lambda v: self._edit(map=v))
        form.addRow(self.tr("… its map"), self.mapIndex)
        box.addLayout(form)
        hint = QLabel(self.tr("Click a map of a convolution (or its ReLU) to step how it is computed."), panel)
        hint.setWordWrap(True)
        box.addWidget(hint)
        box.addWidget(QLabel(self.tr("Draw a digit (right button erases):"), panel))
        self.pad = DrawPad(panel)
        box.addWidget(self.pad)
        buttons = QHBoxLayout()
        self.classify = QPushButton(self.tr("Classify the drawing"), panel)
        self.classify.setObjectName("classify")
        self.classify.clicked.connect(self.classify_drawing)
        clear = QPushButton(self.tr("Clear"), panel)
        clear.setObjectName("clearDrawing")
        clear.clicked.connect(self.pad.clear)
        buttons.addWidget(self.classify, 1)
        buttons.addWidget(clear)
        box.addLayout(buttons)
        self.filterCaption = QLabel(panel)
        self.filterCaption.setWordWrap(True)
        box.addWidget(self.filterCaption)
        self.filters = GridScene("cnnFilters", parent=panel)
        self.filters.setMinimumHeight(90)
        box.addWidget(self.filters)
        epochs = QHBoxLayout()
        self.epochs = QSpinBox(panel)
        self.epochs.setObjectName("epochs")
        self.epochs.setRange(1, lab.MAX_EPOCHS)
        self.epochs.valueChanged.connect(lambda v: self._edit(epochs=v))
        epochs.addWidget(QLabel(self.tr("Epochs"), panel))
        epochs.addWidget(self.epochs, 1)
        self.trainBox = TrainBox(self.tr("Train on the digits"), self.tr("Train from scratch"), "train",
                                 lambda: self.train(), self.cancel_training, parent=panel)
        self.trainBox.layout().insertLayout(0, epochs)
        box.addWidget(self.trainBox)

    def _sync_controls(self) -> None:
        c = self.config
        convs = sum(len(b) for b in cnn.ARCHITECTURES[c.arch])
        widths = [w for b in cnn.ARCHITECTURES[c.arch] for w in b]
        set_quietly(self.arch, self.arch.setCurrentIndex, self.arch.findData(c.arch))
        data = c.data()
        set_quietly(self.image, self.image.setMaximum, len(data.xt) - 1)
        set_quietly(self.image, self.image.setValue, c.image)
        mnist = bool(c.mnist_images)
        self.dataSource.setText(self.tr("MNIST {name}: {n} images 28×28 ({test} held out)").format(
            name=Path(c.mnist_images).name, n=len(data.x) + len(data.xt), test=len(data.xt)) if mnist
            else self.tr("the digits 8×8 ({test} held out)").format(test=len(data.xt)))
        self.digitsButton.setVisible(mnist)  # what only the MNIST files need shows with them
        set_quietly(self.mnistLimit, self.mnistLimit.setValue, c.mnist_limit)
        self._form.setRowVisible(self.mnistLimit, mnist)
        self.trainBox.setTitle(self.tr("Train on the MNIST files") if mnist else self.tr("Train on the digits"))
        self.pad.set_size(c.size, data.pixel_max)
        set_quietly(self.target, self.target.setCurrentIndex, 0 if c.target is None else c.target + 1)
        set_quietly(self.convLayer, self.convLayer.setMaximum, convs)
        set_quietly(self.convLayer, self.convLayer.setValue, c.layer)
        set_quietly(self.mapIndex, self.mapIndex.setMaximum, widths[max(c.layer, 1) - 1] - 1)
        set_quietly(self.mapIndex, self.mapIndex.setValue, c.map)
        self.mapIndex.setEnabled(c.layer > 0)
        set_quietly(self.epochs, self.epochs.setValue, c.epochs)
        source = {None: self.tr("random weights (seed {seed})").format(seed=c.seed)}.get(
            c.weights, self.tr("trained weights") if c.weights else "")
        self.filterCaption.setText(self.tr("Convolution 1's filters ({source}):").format(source=source))

    def _fill_grid_text(self) -> None:
        """No typed grids in this lab."""

    def _arch_chosen(self, arch: str) -> None:
        """The shipped weights of ``arch``; on MNIST files, drawn weights trained at once."""
        if self.config.mnist_images:
            self._edit_and_train(arch=arch, weights=None, layer=min(self.config.layer, 1), map=0)
        else:
            self._edit(arch=arch, weights=f"cnn-{arch}", layer=min(self.config.layer, 1), map=0)

    def choose_mnist(self) -> None:
        """Ask for MNIST IDX files (this pane's button and the File menu), then ``open_mnist``."""
        files = ask_mnist_files(self)
        if files:
            self.open_mnist(*files)

    def open_mnist(self, images: str, labels: str) -> bool:
        """Rebuild the network for the 28×28 images of IDX files and train it in the worker; bad
        files are refused with the reason, the open lab untouched."""
        return self._edit_and_train(mnist_images=images, mnist_labels=labels, weights=None, pixels=None, image=0)

    def use_digits(self) -> bool:
        """Back to the shipped 8×8 digits and the shipped weights."""
        return self._edit(mnist_images="", mnist_labels="", weights=f"cnn-{self.config.arch}", pixels=None, image=0)

    def _limit_edited(self) -> None:
        if self.config.mnist_images and self.mnistLimit.value() != self.config.mnist_limit:
            self._edit_and_train(mnist_limit=self.mnistLimit.value(), weights=None, image=0)

    def _edit_and_train(self, **changes) -> bool:
        """Apply ``changes`` (drawn weights) and train the result at once."""
        if self.config is None or self._worker is not None and self._worker.is_running():
            return False
        try:
            config = lab.Config.from_dict({**self.config.to_dict(), **changes})
        except ValueError as exc:
            return self._refuse(str(exc))
        self.refusal.setText("")
        self.configEdited.emit(config)
        self.train(config)
        return True

    def _map_clicked(self, name: str, _r: int, _c: int) -> None:
        """A click on map m of layer k: step that convolution (a pooling map's: nothing to step)."""
        kind, k, m = name.split(":")
        if kind != "map" or int(k) < 0:
            return
        layer = cnn.layers(self.config.arch, self.config.size)[int(k)]
        if layer.kind == "pool":
            self.message.emit(self.tr("A pooling map: choose a convolution's map to step it."))
            return
        self._edit(layer=layer.index, map=int(m))

    def classify_drawing(self) -> bool:
        return self._edit(pixels=self.pad.pixels.tolist())

    # ---------------------------------------------------------------- training
    def train(self, config: lab.Config | None = None) -> None:
        """Train ``config`` (default: the open one) from scratch in a Worker."""
        if self._worker is not None and self._worker.is_running():
            return
        self.trainBox.train_button.setEnabled(False)
        self.trainBox.cancel_button.setEnabled(True)
        self.trainBox.progress.setValue(0)
        self.trainBox.status.setText(self.tr("Training…"))
        self._worker = Worker.started(lab.train, config or self.config, None, parent=self, progress=self._progress,
                                      done=self._trained, failed=self._failed)

    def cancel_training(self) -> None:
        if self._worker is not None:
            self._worker.cancel()

    def _progress(self, fraction: float, payload) -> None:
        self.trainBox.progress.setValue(int(fraction * 1000))
        self.trainBox.status.setText(self.tr("Epoch {e}: loss {loss}").format(
            e=payload["epoch"], loss=style.fmt(payload["loss"])))

    def _finish(self) -> None:
        self.trainBox.train_button.setEnabled(True)
        self.trainBox.cancel_button.setEnabled(False)

    def _trained(self, outcome) -> None:
        self._finish()
        config, result = outcome
        text = self.tr("{n} epochs: loss {loss}, test accuracy {acc} %").format(
            n=result.epochs, loss=style.fmt(result.loss), acc=style.fmt(100 * result.accuracy, 1)) if result.epochs \
            else self.tr("Cancelled before the first epoch ended; weights unchanged")
        self.trainBox.status.setText(text)
        if result.epochs:
            self.configEdited.emit(config)
        self.message.emit(text)

    def _failed(self, reason: str) -> None:
        self._finish()
        self.trainBox.status.setText(reason)
        self.message.emit(reason)

    # ---------------------------------------------------------------- drawing
    def _geometry(self) -> tuple:
        """What the layout takes from the views' sizes in pixels: the captions' sizes and gaps
        (and the detail view's size when it shows a layer)."""
        spots = overview_layout(self.config.arch)
        right = max(x + side for _k, _m, x, _y, side in spots)
        bottom = max(y + side for _k, _m, _x, y, side in spots)
        gaps = (caption_gap(self.scene, right, bottom), self._cam_gap(cnn.SIZE))
        detail = (self.detail.width(), self.detail.height()) if self.config.layer else None
        return gaps, self.scene.caption_px, self.camScene.caption_px, detail

    def _relayout(self) -> None:
        """A view changed size: lay the grids out again only if that changes their captions or
        gaps (a step that resizes the pane by a few pixels does not); otherwise place the labels
        (sized in pixels) again."""
        if self.timeline is not None and self.isVisible():
            if self._geometry() != self._laid_out or getattr(self, "_state", None) is None:
                super()._relayout()
            else:
                for scene in (self.scene, self.camScene, self.detail):
                    scene.widen()  # cells as wide as their numbers need at the new size
                self._draw_captions()
                self._draw_scores(self._state, self.step_focus(min(self.k, len(self.timeline) - 1)))

    def _layout(self) -> None:
        c = self.config
        t = self.timeline
        self._laid_out = self._geometry()
        self.scene.clear_grids()
        size = c.size
        view_w, view_h = (self.scene.width(), self.scene.height()) if self.scene.height() > 50 else (400, 300)
        spots = overview_layout(c.arch, size, view_w / view_h)
        right = max(x + side for _k, _m, x, _y, side in spots)
        bottom = max(y + side for _k, _m, _x, y, side in spots)
        self._overview_captions(spots, c.arch, size)
        ends = [x - GAP / 2 for _text, x in self._captions[1:]] + [None]  # each caption's room: to the next column
        rooms = [(text, x, end) for (text, x), end in zip(self._captions, ends)]
        rows, _wide, _cell = caption_gap(self.scene, right, bottom, unit=size / cnn.SIZE, rooms=rooms)
        self._caption_rows = rows
        for k, m, x, y, _side in spots:
            self.scene.add(f"map:{k}:{m}", "", x, y + rows)
        self.scene.fit(right, bottom + rows, 0.5)
        self.camScene.clear_grids()
        gap, wide, _cell = self._cam_gap(size)
        self.camScene.add("image", self._cam_caption(), 0, 0)
        self.camScene.fit(wide, size, gap)
        self.heat.setRect(QRectF(0, 0, size, size))
        self.detail.clear_grids()
        if c.layer:
            self._detail_layout(t.base)
        w1 = t.base["param:W1"]
        self.filters.clear_grids()
        for f in range(w1.shape[0]):
            self.filters.add(f"filter:{f}", "", f * 4, 0).set_values(w1[f, 0])
        self.filters.fit(4 * w1.shape[0] - 1, 3, 0.2)
        image = t.base["image"]
        self.camScene.grids["image"].set_values(image, 0, "grey")
        self.scores.setXRange(-0.6, 9.6, padding=0)
        self.scores.hideAxis("bottom")
        self.scores.hideAxis("left")

    def _cam_gap(self, size: int) -> tuple:
        """caption_gap for the Grad-CAM view: its caption by the label rule, as wide as the view allows."""
        caption = self._cam_caption()
        return caption_gap(self.camScene, size, size, [(caption, 0)], size / cnn.SIZE, rooms=[(caption, 0, None)],
                           floor=MIN_PX)

    def _cam_caption(self, state=None) -> str:
        """The Grad-CAM view's caption: its class once known (the last step's, for the layout)."""
        if state is None:
            state = self.timeline.state_at(len(self.timeline) - 1)
        target = self.config.target if self.config.target is not None else state.get("pred")
        return self.tr("Grad-CAM") if target is None else self.tr("Grad-CAM for class {c}").format(c=int(target))

    def _overview_captions(self, layout: list, arch: str, size: int) -> None:
        spots = {}
        for k, _m, x, _y, _side in layout:
            spots.setdefault(k, x)
        names = {"conv": self.tr("conv {n}"), "relu": self.tr("ReLU {n}"), "pool": self.tr("pool {n}")}
        self._captions = [(self.tr("input"), spots[-1])] + [
            (names[layer.kind].format(n=layer.index), spots[k]) for k, layer in enumerate(cnn.layers(arch, size))]

    def _detail_layout(self, base) -> None:
        xpad, w = base["xpad"], base["w"]
        c_n, hp, wp = xpad.shape
        per_row = min(c_n, 4)
        rows = -(-c_n // per_row)
        x0 = per_row * (wp + 1) + 1  # the kernels' column, then the output's
        kernel, out = self.tr("kernel"), self.tr("map {m}").format(m=self.config.map)
        unit = self.config.size / cnn.SIZE
        x1 = x0 + per_row * 4 + 1

        def gap_at(x1):  # captions by the label rule, each within its column (the output's: to the view's edge)
            return caption_gap(self.detail, x1 + wp - 2, rows * (hp + 1), [(kernel, x0), (out, x1)], unit,
                               rooms=[(self.tr("input"), 0, x0 - 1), (kernel, x0, None), (out, x1, None)], floor=MIN_PX)

        for _i in range(3):  # the output's column leaves room for the kernel's caption at the final cell size
            gap, wide, cell = gap_at(x1)
            x1 = max(x0 + per_row * 4, x0 + measure(kernel, caption_font(self.detail.caption_px))[0] / cell) + 1
        gap, wide, _cell = gap_at(x1)
        for ch in range(c_n):
            r, q = divmod(ch, per_row)
            g = self.detail.add(f"x:{ch}", self.tr("input") if ch == 0 else "", q * (wp + 1), r * (hp + gap))
            g.set_values(xpad[ch], 1, "grey" if c_n == 1 else "diverging")
            g = self.detail.add(f"k:{ch}", kernel if ch == 0 else "", x0 + q * 4, r * (3 + gap))
            g.set_values(w[0, ch])
        self.detail.add("out", out, x1, 0)
        self.detail.fit(wide, rows * (hp + gap) - gap, gap)

    def _draw_step(self, k: int) -> None:
        state, c = self._state, self.config
        focus = self.step_focus(k)
        for name, grid in self.scene.grids.items():
            _kind, layer, m = name.split(":")
            key = "input" if layer == "-1" else f"maps:{layer}"
            values = state.get(key)
            if values is None:
                side = c.size if layer == "-1" else cnn.layers(c.arch, c.size)[int(layer)].shape[1]
                grid.set_values(np.full((side, side), np.nan), 0, "grey")
            else:
                grid.set_values(values if layer == "-1" else values[int(m)], 0, "grey")
            lit = f"layer:{layer}" in focus or f"map:{layer}:{m}" in focus
            grid.set_marks([(0, 0, grid.values.shape[0], grid.values.shape[1], 1, "focus", False)] if lit else [])
        self._draw_captions()
        heat = state.get("heat")
        if heat is not None and heat.max() > 0:
            rgba = np.zeros((*heat.shape, 4), np.ubyte)
            warm = style.color("negative")
            rgba[..., 0], rgba[..., 1], rgba[..., 2] = warm.red(), warm.green(), warm.blue()
            rgba[..., 3] = (200 * heat / heat.max()).astype(np.ubyte)
            self.heat.setImage(rgba, autoLevels=False, levels=(0, 255))
            self.heat.setVisible(True)
        else:
            self.heat.setVisible(False)
        self.camScene.grids["image"].set_caption(self._cam_caption(state))
        self._draw_scores(state, focus)
        pred, label = state.get("pred"), int(self.timeline.base["label"])
        verdict = "" if pred is None else self.tr("The network says {p}").format(p=int(pred))
        if verdict and label >= 0:
            verdict += " " + self.tr("(true class {t})").format(t=label)
        self.sizeFormula.setText(verdict)
        if c.layer and "out" in self.detail.grids:
            self._draw_detail(state, focus)

    def _draw_captions(self) -> None:
        f = caption_font(self.scene.caption_px)
        labels = [Label(f"cap:{i}", (text,), (x, self._caption_rows - 0.2), ((0, 1, 0, 0), (0, 1, 0, -12)), f,
                        priority=-i, slide=self.scene.width()) for i, (text, x) in enumerate(self._captions)]
        self.layer_labels.show(labels)

    def _draw_scores(self, state, focus) -> None:
        probs = state.get("probs")
        heights = np.zeros(10) if probs is None else probs
        brushes = [style.color("focus") if f"class:{i}" in focus else style.color(style.theme().positive)
                   for i in range(10)]
        self.bars.setOpts(height=heights, brushes=brushes)
        f = px_font(text_px(self.scores.height()))
        room = measure("0.99", f)[1] + 6  # pixels for a line of text below 0 and above 1
        view_h = max(self.scores.getViewBox().height(), 3 * room)
        margin = room / (view_h - 2 * room)
        self.scores.setYRange(-margin, 1 + margin, padding=0)
        r = 2 * style.scale()
        best = -1 if probs is None else int(np.argmax(probs))
        labels = [Label(f"class:{i}", (str(i),), (i, 0.0), ((0.5, 0, 0, r),), f, priority=float(i == best))
                  for i in range(10)]
        if probs is not None:
            labels.append(Label("best", (style.fmt(probs[best]),), (best, float(probs[best])),
                                ((0.5, 1, 0, -r), (0, 1, r, r)), px_font(text_px(self.scores.height()), True),
                                priority=2, slide=self.scores.width()))
        self.score_labels.show(labels)

    def _draw_detail(self, state, focus) -> None:
        base = self.timeline.base
        oh, ow = base["x"].shape[1:]
        out = np.array([[state.get(f"out:0:{i}:{j}", np.nan) for j in range(ow)] for i in range(oh)])
        self.detail.grids["out"].set_values(out)
        window = next((f for f in focus if f.startswith("win:")), None)
        cell = next((f for f in focus if f.startswith("out:")), None)
        for name, grid in self.detail.grids.items():
            if name.startswith("x:"):
                marks = []
                if window is not None:
                    _w, _c, r, q, nh, nw, _s = window.split(":")
                    marks = [(int(r), int(q), int(nh), int(nw), 1, "focus", False)]
                grid.set_marks(marks)
        if cell is not None:
            _o, _f, i, j = cell.split(":")
            self.detail.grids["out"].set_marks([(int(i), int(j), 1, 1, 1, "focus", False)])
        else:
            self.detail.grids["out"].set_marks([])

    def restyle(self) -> None:
        for view in (self.camScene, self.detail, self.filters):
            view.restyle()
        self.scores.setBackground(style.color("background"))
        self.layer_labels.restyle()
        self.score_labels.restyle()
        super().restyle()
