"""The training pane's plots: the data plot (decision boundary or a hidden node's map under the
points, or the test images), the loss and accuracy curves, and the tabs (histograms, the init
lesson, confusion matrix, k-fold accuracies). They draw what they are given — timeline states,
run payloads, engine results — and compute nothing. Texts keep the pane's translation contexts
("Pane", "TrainingPane"), where their translations are."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QRectF, Qt
from PySide6.QtWidgets import QLabel, QSizePolicy, QTabWidget, QVBoxLayout, QWidget

from nnlab.formulas import sup
from nnlab.labs import training
from ui import style
from ui.style import color, font, line, theme
from ui.widgets.plots_histograms import HistogramGrid
from ui.widgets.plots_images import ImageGrid

translate = QCoreApplication.translate  # lupdate reads translate("Pane", "…") calls


def class_colour(c: int) -> str:
    series = theme().series
    return series[c % len(series)]


def lighter(hex_colour: str, amount: float = 0.6) -> tuple[int, int, int]:
    c = color(hex_colour)
    return tuple(int(round(v + (255 - v) * amount)) for v in (c.red(), c.green(), c.blue()))


def diverging_lut() -> np.ndarray:
    """Class 0's light colour → the background → class 1's light colour."""
    c0, c1 = lighter(class_colour(0)), lighter(class_colour(1))
    bg = color("background")
    mid = (bg.red(), bg.green(), bg.blue())
    stops = pg.ColorMap([0.0, 0.5, 1.0], [c0, mid, c1])
    return stops.getLookupTable(0.0, 1.0, 256)


def counts_lut() -> np.ndarray:
    bg, fg = color("background"), color("positive")
    cmap = pg.ColorMap([0.0, 1.0], [(bg.red(), bg.green(), bg.blue()), (fg.red(), fg.green(), fg.blue())])
    return cmap.getLookupTable(0.0, 1.0, 256)


def style_plot(plot) -> None:
    """The theme's background and axis colours, axis fonts at the presenter scale."""
    plot.setBackground(theme().background)
    for axis in ("left", "bottom"):
        ax = plot.getPlotItem().getAxis(axis)
        ax.setPen(color("muted"))
        ax.setTextPen(color("text"))
        ax.setTickFont(font(8))


class DataView(QWidget):
    """A caption over the data plot — boundary heat map under the points (2-D data) — or over the
    test images with their predictions."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.dataPlot = pg.PlotWidget(self)
        self.dataPlot.setObjectName("dataPlot")
        self.dataPlot.setMenuEnabled(False)
        self.dataPlot.hideButtons()
        self.boundary = pg.ImageItem(axisOrder="col-major")
        self.boundary.setObjectName("boundary")
        self.boundary.setZValue(-10)
        self.dataPlot.addItem(self.boundary)
        self.points = pg.ScatterPlotItem(pxMode=True)
        self.test_points = pg.ScatterPlotItem(pxMode=True)
        self.dataPlot.addItem(self.points)
        self.dataPlot.addItem(self.test_points)
        self.dataCaption = QLabel(self)
        self.dataCaption.setObjectName("dataCaption")
        self.dataCaption.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)  # never widens the column
        self.dataCaption.setWordWrap(True)
        self.imageGrid = ImageGrid(self)
        self.extent = None
        self._caption = ""  # the caption's full text (one line, elided, on a page of panels: tooltip)
        dl = QVBoxLayout(self)
        dl.setContentsMargins(0, 0, 0, 0)
        dl.addWidget(self.dataCaption)
        dl.addWidget(self.dataPlot, 1)
        dl.addWidget(self.imageGrid, 1)

    def restyle(self) -> None:
        style_plot(self.dataPlot)
        style_plot(self.imageGrid)
        self.dataCaption.setFont(font(9.5))
        self.imageGrid.restyle()

    def set_caption(self, text: str) -> None:
        self._caption = text
        self._fit_caption()

    def one_line(self, on: bool) -> None:
        """The caption on one line, elided, its full text in the tooltip (so it never eats the plot)."""
        self.dataCaption.setWordWrap(not on)
        self._fit_caption()

    def _fit_caption(self) -> None:
        label, text = self.dataCaption, self._caption
        if not label.wordWrap():
            text = label.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, max(label.width(), 1))
        label.setText(text)
        label.setToolTip(self._caption if text != self._caption else "")

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if not self.dataCaption.wordWrap():
            self._fit_caption()

    def show_images(self, images: bool) -> None:
        """The test images instead of the plot (data that are not 2-D points)."""
        self.dataPlot.setVisible(not images)
        self.imageGrid.setVisible(images)

    def draw_points(self, base, is_2d: bool) -> None:
        """Training points filled, test points hollow, in their class colours; the plot spans ``extent``."""
        if not is_2d:
            self.points.setData([])
            self.test_points.setData([])
            return
        size = 9 * style.scale()
        brushes = [pg.mkBrush(class_colour(c)) for c in range(10)]
        pens = [pg.mkPen(class_colour(c), width=line(2)) for c in range(10)]
        x, t = base["data:x"], base["data:t"]
        self.points.setData(pos=x, size=size, brush=[brushes[int(c)] for c in t],
                            pen=pg.mkPen(theme().text, width=line(0.8)))
        tx, tt = base["data:test_x"], base["data:test_t"]
        self.test_points.setData(pos=tx, size=size, brush=pg.mkBrush(theme().background),
                                 pen=[pens[int(c)] for c in tt])
        x0, x1, y0, y1 = base["extent"]
        self.extent = (float(x0), float(x1), float(y0), float(y1))
        self.dataPlot.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)

    def draw_boundary(self, snap, node_map=None, node_levels=(0.0, 1.0)) -> None:
        """A hidden node's map (``node_map`` within ``node_levels``), else the snapshot's class-1
        score or predicted class, over the plot's extent."""
        if node_map is not None:
            self.boundary.setImage(node_map, levels=node_levels, lut=diverging_lut())
        elif "grid:score" in snap:
            self.boundary.setImage(snap["grid:score"], levels=(0, 1), lut=diverging_lut())
        elif "grid:class" in snap:
            k = int(snap["confusion"].shape[0])
            lut = np.array([lighter(class_colour(c)) for c in range(k)], dtype=np.ubyte)
            self.boundary.setImage(snap["grid:class"].astype(float), levels=(0, k - 1), lut=lut)
        x0, x1, y0, y1 = self.extent
        self.boundary.setRect(QRectF(x0, y0, x1 - x0, y1 - y0))  # after setImage: the scale needs its shape


class Curves(QWidget):
    """Loss over accuracy per epoch: training solid, test dashed, a marker at the epoch shown.
    Each title is the legend (the line styles in their colours), so no legend lies on a curve."""

    def __init__(self, parent=None):
        super().__init__(parent)
        cl = QVBoxLayout(self)
        cl.setContentsMargins(0, 0, 0, 0)
        cl.setSpacing(2)
        self.lossPlot = pg.PlotWidget(self)
        self.lossPlot.setObjectName("lossPlot")
        self.accPlot = pg.PlotWidget(self)
        self.accPlot.setObjectName("accPlot")
        self.curves = {}
        for plot, key in ((self.lossPlot, "loss"), (self.accPlot, "acc")):
            plot.setMenuEnabled(False)
            plot.setClipToView(True)
            plot.setDownsampling(auto=True, mode="peak")
            self.curves[key] = plot.plot(name=QCoreApplication.translate("TrainingPane", "train"))
            self.curves[f"test_{key}"] = plot.plot(name=QCoreApplication.translate("TrainingPane", "test"))
            self.curves[f"{key}_marker"] = pg.InfiniteLine(angle=90, movable=False)
            plot.addItem(self.curves[f"{key}_marker"])
            cl.addWidget(plot, 1)
        self.accPlot.setYRange(0, 1.02)
        self.epochs = None  # the epoch axis's span (fix_epochs)

    def restyle(self) -> None:
        t = theme()
        style_plot(self.lossPlot)
        style_plot(self.accPlot)
        key = (f"<span style='color:{t.series[0]}'>━━ {translate('TrainingPane', 'train')}</span>   "
               f"<span style='color:{t.series[1]}'>╍╍ {translate('TrainingPane', 'test')}</span>")
        for plot, title in ((self.lossPlot, translate("Pane", "loss")), (self.accPlot, translate("Pane", "accuracy"))):
            plot.setTitle(f"{title}   {key}", color=t.text, size=f"{10 * style.scale():.0f}pt")
        for key in ("loss", "acc"):
            self.curves[key].setPen(pg.mkPen(t.series[0], width=line(2)))
            self.curves[f"test_{key}"].setPen(pg.mkPen(t.series[1], width=line(2), style=Qt.PenStyle.DashLine))
            self.curves[f"{key}_marker"].setPen(pg.mkPen(color("muted"), width=line(1)))

    def fix_epochs(self, epochs: int) -> None:
        """The epoch axis spans the run's ``epochs`` (its ticks are not redone per step or frame);
        the loss axis starts over."""
        self.epochs = epochs
        for plot in (self.lossPlot, self.accPlot):
            plot.setXRange(0, max(1, epochs), padding=0.05)  # room for the last epoch's tick label
        self.lossPlot.enableAutoRange(axis="y")

    def _hold_loss_range(self, h) -> None:
        """The loss axis keeps its range while the losses fill most of it."""
        losses = h[:, [1, 3]]
        if not np.isfinite(losses).any():
            return
        lo, hi = float(np.nanmin(losses)), float(np.nanmax(losses))
        y0, y1 = self.lossPlot.getViewBox().viewRange()[1]
        if lo < y0 or hi > y1 or hi - lo < 0.6 * (y1 - y0):
            pad = 0.05 * (hi - lo or abs(hi) or 1.0)
            self.lossPlot.setYRange(lo - pad, hi + pad, padding=0)

    def draw(self, history, epochs: int) -> None:
        """History rows (epoch, loss, acc, test_loss, test_acc; NaN: none) on an epoch axis
        spanning ``epochs``."""
        if epochs != self.epochs:
            self.fix_epochs(epochs)
        h = np.asarray(history, dtype=float).reshape(-1, 5)
        for col, key in ((1, "loss"), (2, "acc"), (3, "test_loss"), (4, "test_acc")):
            ok = ~np.isnan(h[:, col])
            self.curves[key].setData(h[ok, 0], h[ok, col])
        if len(h):
            self._hold_loss_range(h)
        last = h[-1, 0] if len(h) else 0.0
        for key in ("loss_marker", "acc_marker"):
            self.curves[key].setValue(last)


class TrainingTabs(QTabWidget):
    """Weight and output histograms per layer, the init lesson, the confusion matrix, k-fold accuracies."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("trainingTabs")
        self.histograms = HistogramGrid(self, "histograms")
        self.initHistograms = HistogramGrid(self, "initHistograms")
        self.initHistograms.setToolTip(QCoreApplication.translate(
            "TrainingPane", "Hidden activations of a fresh network with each initialisation "
                            "(std 0.01, Xavier √(1/n), He √(2/n)) on the training data"))
        self.confusionPlot = pg.PlotWidget(self)
        self.confusionPlot.setObjectName("confusionPlot")
        self.confusionPlot.setMenuEnabled(False)
        self.confusionPlot.hideButtons()
        self.confusionPlot.getViewBox().invertY(True)
        self.confusionPlot.getViewBox().setAspectLocked(True)
        self.confusion = pg.ImageItem(axisOrder="row-major")
        self.confusionPlot.addItem(self.confusion)
        self.confusion_texts: list[pg.TextItem] = []
        self._confusion_shown = None  # the counts drawn last
        self.foldsPlot = pg.PlotWidget(self)
        self.foldsPlot.setObjectName("foldsPlot")
        self.foldsPlot.setMenuEnabled(False)
        self.folds = pg.BarGraphItem(x=[], height=[], width=0.6)
        self.foldsPlot.addItem(self.folds)
        self.foldsPlot.setYRange(0, 1.02)
        self.addTab(self.histograms, QCoreApplication.translate("TrainingPane", "Histograms"))
        self.addTab(self.initHistograms, QCoreApplication.translate("TrainingPane", "Inits: std · Xavier · He"))
        self.addTab(self.confusionPlot, QCoreApplication.translate("TrainingPane", "Confusion"))
        self.addTab(self.foldsPlot, QCoreApplication.translate("TrainingPane", "k-fold"))

    def restyle(self) -> None:
        self._confusion_shown = None  # its colours follow the theme
        style_plot(self.confusionPlot)
        style_plot(self.foldsPlot)
        self.foldsPlot.setTitle(translate("Pane", "accuracy per fold (press Run k-fold)"), color=theme().text,
                                size=f"{9 * style.scale():.0f}pt")

    def set_layers(self, n_layers: int) -> None:
        """One histogram column per layer 1…n_layers: weights W⁽ˡ⁾ above, outputs h⁽ˡ⁾ below; each
        keeps its range while its data fill most of it (no axis laid out again per step or frame)."""
        self.histograms.set_layout([translate("Pane", "weights W"), translate("Pane", "outputs h")],
                                   [sup(f"({l})") for l in range(1, n_layers + 1)], joiner="")
        self.histograms.hold_ranges(True)

    def draw_histograms(self, snap, n_layers: int) -> None:
        for l in range(1, n_layers + 1):
            self.histograms.set_histogram(0, l - 1, snap.get(f"hist:W:{l}"), snap.get(f"hist:W_edges:{l}"))
            self.histograms.set_histogram(1, l - 1, snap.get(f"hist:act:{l}"), snap.get(f"hist:act_edges:{l}"))

    def set_classes(self, names) -> None:
        """The confusion matrix's class names and its cell texts (none beyond 12 classes)."""
        k = len(names)
        self._confusion_shown = None
        for item in self.confusion_texts:
            self.confusionPlot.removeItem(item)
        self.confusion_texts = []
        if k > 12:
            return
        for i in range(k):
            for j in range(k):
                item = pg.TextItem("", anchor=(0.5, 0.5))
                item.setPos(j + 0.5, i + 0.5)
                item.setFont(font(8))
                self.confusionPlot.addItem(item)
                self.confusion_texts.append(item)
        ax_b, ax_l = self.confusionPlot.getAxis("bottom"), self.confusionPlot.getAxis("left")
        ticks = [[(c + 0.5, names[c]) for c in range(k)]]
        ax_b.setTicks(ticks)
        ax_l.setTicks(ticks)
        self.confusionPlot.setLabel("bottom", translate("Pane", "predicted"))
        self.confusionPlot.setLabel("left", translate("Pane", "true class"))

    def draw_confusion(self, m) -> None:
        """The matrix as a heat map with its counts (only the cells that changed are redrawn)."""
        m = np.asarray(m)
        shown = self._confusion_shown
        if shown is not None and np.array_equal(shown, m):
            return
        self._confusion_shown = m.copy()
        k = m.shape[0]
        top = max(int(m.max()), 1)
        self.confusion.setImage(m.astype(float), levels=(0, top), lut=counts_lut())
        if shown is None or shown.shape != m.shape:
            self.confusion.setRect(QRectF(0, 0, k, k))
            self.confusionPlot.setRange(xRange=(0, k), yRange=(0, k), padding=0.02)
            changed = range(k * k)
        else:  # a cell's colour depends on the top count too
            old_top = max(int(shown.max()), 1)
            changed = np.flatnonzero((shown != m) | ((shown > old_top * 0.6) != (m > top * 0.6))).tolist()
        for idx in changed:
            if idx >= len(self.confusion_texts):
                break
            i, j = divmod(idx, k)
            item = self.confusion_texts[idx]
            item.setText(str(int(m[i, j])))
            item.setColor(color("background") if m[i, j] > top * 0.6 else color("negative" if i != j and m[i, j] else "text"))

    def draw_inits(self, hidden: int, comparison) -> None:
        """``training.init_comparison``'s histograms: a row per init, a column per hidden layer."""
        if hidden <= 0:
            self.initHistograms.set_layout([translate("Pane", "no hidden layer")], [""])
            return
        rows = [translate("Pane", "std 0.01"), "Xavier", "He"]
        self.initHistograms.set_layout(rows, [translate("Pane", "layer {l}").format(l=l) for l in range(1, hidden + 1)],
                                       link_columns=True)
        for r, init in enumerate(training.INITS):
            for l, (counts, edges) in enumerate(comparison[init]):
                self.initHistograms.set_histogram(r, l, counts, edges)
        for l in range(hidden):  # one x range per layer, spanning all three inits
            lo = min(float(comparison[i][l][1][0]) for i in training.INITS)
            hi = max(float(comparison[i][l][1][-1]) for i in training.INITS)
            self.initHistograms.plots[(0, l)].setXRange(lo, hi, padding=0.02)

    def draw_folds(self, scores) -> None:
        self.folds.setOpts(x=np.arange(1, len(scores) + 1), height=np.asarray(scores, dtype=float), width=0.6,
                           brush=pg.mkBrush(theme().series[2]))
