"""Charts keep legends off the data and tick labels apart and whole: legends sit in their own
layout cell (or in the title), log-axis labels never overprint, the end ticks are not clipped,
and the optimizer map names its six paths in clearly different colours."""

import itertools

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QFont, QImage, QPainter

from ui import style
from ui.widgets.plot_grid import decade_text


def tick_labels(axis: pg.AxisItem):
    """(rect in the view's pixels, text) of every tick label the axis draws."""
    image = QImage(8, 8, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    painter.setFont(axis.style.get("tickFont") or QFont())
    specs = axis.generateDrawSpecs(painter)
    painter.end()
    view = axis.scene().views()[0]
    return [(QRectF(view.mapFromScene(axis.mapRectToScene(rect)).boundingRect()), text) for rect, _f, text in specs[2]]


def lab(colour: QColor) -> np.ndarray:
    """CIELAB (D65) of an sRGB colour."""
    c = np.array([colour.redF(), colour.greenF(), colour.blueF()])
    c = np.where(c > 0.04045, ((c + 0.055) / 1.055) ** 2.4, c / 12.92)
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]) @ c
    f = xyz / np.array([0.95047, 1.0, 1.08883])
    f = np.where(f > 0.008856, np.cbrt(f), 7.787 * f + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def apart(labels) -> bool:
    return not any(a.intersects(b) for (a, _), (b, _) in itertools.combinations(labels, 2))


def inside(labels, widget) -> bool:
    frame = QRectF(widget.rect()).adjusted(-0.5, -0.5, 0.5, 0.5)
    return all(frame.contains(r) for r, _ in labels)


def test_decade_labels():
    assert [decade_text(v) for v in (0, 1, 2, -3, -6)] == ["1", "10", "10²", "10⁻³", "10⁻⁶"]
    assert decade_text(np.log10(0.3)) == "0.3"


def test_activations_legend_is_beside_the_plots(open_window):
    w = open_window("activations", size=(1280, 800))
    pane = w.pane
    legend = pane.legend
    assert [label.text for _s, label in legend.items] == ["step", "sign", "linear", "piecewise linear", "sigmoid",
                                                         "tanh", "ReLU", "softplus"]
    box = legend.sceneBoundingRect()
    assert box.width() > 0 and box.height() > 0
    for plot in (pane.functionPlot, pane.derivativePlot):
        assert not box.intersects(plot.vb.sceneBoundingRect())  # outside the data area


def test_error_legend_is_below_the_log_log_plot(open_window):
    w = open_window("numerical-diff", size=(1280, 800))
    pane = w.pane
    w.playhead.last()
    legend = pane.errorLegend
    assert [label.text for _s, label in legend.items] == ["forward", "central"]
    box, data = legend.sceneBoundingRect(), pane.errorPlot.vb.sceneBoundingRect()
    assert box.height() > 0 and not box.intersects(data) and box.top() >= data.bottom()


def test_optimizer_map_names_six_distinct_paths_outside_the_map(open_window):
    w = open_window("optimizer-race", size=(1280, 800))
    w.playhead.last()
    m = w.pane.map
    names = [label.text for _s, label in m.legend.items]
    assert names == ["SGD", "Momentum", "NAG", "AdaGrad", "RMSprop", "Adam"]
    assert not m.legend.sceneBoundingRect().intersects(m.plot.vb.sceneBoundingRect())
    assert inside([(QRectF(m.view.mapFromScene(m.legend.sceneBoundingRect()).boundingRect()), "")], m.view)
    colours = [lab(QColor(c)) for c in w.pane.colours().values()]
    assert len(colours) == 6
    distances = [np.linalg.norm(a - b) for a, b in itertools.combinations(colours, 2)]
    assert min(distances) > 30  # ΔE; blue beside sky blue (ΔE 25) read as one colour
    assert np.linalg.norm(lab(QColor("#0072B2")) - lab(QColor("#56B4E9"))) < 30
    # the loss plot's end ticks are whole: no label leaves the plot widget
    labels = tick_labels(w.pane.lossPlot.getPlotItem().getAxis("left"))
    assert labels and inside(labels, w.pane.lossPlot) and apart(labels)


def test_log_axis_labels_never_overprint(open_window, presenter):
    presenter(2.0)
    w = open_window("lstm-trained", size=(1280, 800))
    w.set_scale(2.0)
    w.playhead.last()
    axis = w.pane.grad.getAxis("left")
    labels = tick_labels(axis)
    texts = [t for _r, t in labels]
    assert len(labels) >= 2 and all(t == "1" or t.startswith("10") for t in texts)
    assert apart(labels)
    w.set_scale(1.0)


def test_training_curves_legend_is_the_title(open_window):
    w = open_window("xor-mlp", size=(1280, 800))
    curves = w.pane.curvesView
    for plot in (curves.lossPlot, curves.accPlot):
        item = plot.getPlotItem()
        assert item.legend is None  # nothing drawn over the curves
        title = item.titleLabel.text
        assert style.theme().series[0] in title and "train" in title and "test" in title
