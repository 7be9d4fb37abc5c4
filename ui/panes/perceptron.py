"""The perceptron lab's pane: the four inputs and the decision line, the truth table, the
XOR two-layer network, the linear-slope plot, and the lesson's controls."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QBrush, QPen, QPolygonF
from PySide6.QtWidgets import (QBoxLayout, QCheckBox, QComboBox, QFormLayout, QFrame, QGraphicsPolygonItem, QGroupBox,
                               QHBoxLayout, QHeaderView, QLabel, QLineEdit, QPushButton, QScrollArea, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)

from nnlab.labs.perceptron import LESSONS, MAX_EPOCHS
from nnlab.perceptron import GATES, INPUTS, TWO_LAYER, WEIGHTS
from ui.panes.base import LabPane
from ui.style import color, fmt, line, scale, theme
from ui.transport import bar_scale
from ui.widgets.fields import NumberField
from ui.widgets.labels import Label, LabelLayer, font, num, px_font, text_px

NET_POS = {"x1": (0.0, 1.0), "x2": (0.0, 0.0), "h1": (1.0, 1.0), "h2": (1.0, 0.0), "y": (2.0, 0.5)}
# where a node's label may go, best first: (anchor x, anchor y, direction x, direction y) — the
# label's anchor put one node radius (and a gap) from the node's centre in that direction
LEFT, RIGHT, ABOVE, BELOW = (1.0, 0.5, -1, 0), (0.0, 0.5, 1, 0), (0.5, 1.0, 0, -1), (0.5, 0.0, 0, 1)
NET_SPOTS = {"x1": (LEFT, ABOVE, BELOW), "x2": (LEFT, BELOW, ABOVE), "h1": (ABOVE, RIGHT, LEFT, BELOW),
             "h2": (BELOW, RIGHT, LEFT, ABOVE), "y": (BELOW, ABOVE, RIGHT, LEFT)}
NODE_PX = 40  # a network node's diameter at 1×
SHOWN = {"x1": "x₁", "x2": "x₂", "h1": "h₁", "h2": "h₂", "s": "z"}  # ids as the notation sheet writes them
NET_EDGES = (("x1", "h1", 0), ("x2", "h1", 1), ("x1", "h2", 0), ("x2", "h2", 1), ("h1", "y", 0), ("h2", "y", 1))


def _polygon(points) -> QPolygonF:
    return QPolygonF([QPointF(float(x), float(y)) for x, y in np.asarray(points).reshape(-1, 2)])


class Pane(LabPane):
    lab = "perceptron"

    def __init__(self, parent=None):
        super().__init__(parent)
        # ----- plots -----
        self.weightsLabel = QLabel(self)
        self.weightsLabel.setObjectName("weightsLabel")
        self.legend = QLabel(self)
        self.legend.setObjectName("legend")
        self.legend.setWordWrap(True)
        self.plot = pg.PlotWidget(self)
        self.plot.setObjectName("decisionPlot")
        self._axis_names: tuple[str, str] | None = None  # (x, y) of the lesson, sized by _axis_titles
        self.plot.setMenuEnabled(False)
        self.plot.setMouseEnabled(False, False)
        self.plot.hideButtons()
        self.regions = {1: QGraphicsPolygonItem(), 0: QGraphicsPolygonItem()}
        for item in self.regions.values():
            item.setPen(QPen(Qt.PenStyle.NoPen))
            self.plot.addItem(item)
        self.line = pg.PlotDataItem()
        self.hidden_lines = {h: pg.PlotDataItem() for h in ("h1", "h2")}
        self.errors = pg.PlotDataItem(connect="pairs")
        self.points = pg.ScatterPlotItem(pxMode=True)
        self.predictions = pg.ScatterPlotItem(pxMode=True)
        for item in (self.line, *self.hidden_lines.values(), self.errors, self.predictions, self.points):
            self.plot.addItem(item)
        # each input point's target and output, placed beside it by the shared label routine
        self.point_layer = LabelLayer(self.plot.getViewBox(), z=20)
        self._point_texts: list[str] = []
        self.plot.getViewBox().sigTransformChanged.connect(lambda _vb: self._place_points())
        self._line_marks: list[tuple[str, np.ndarray, object]] = []  # the hidden neurons' lines: name, ends, colour

        self.net = pg.PlotWidget(self)
        self.net.setObjectName("twoLayerNetwork")
        self.net.setMenuEnabled(False)
        self.net.setMouseEnabled(False, False)
        self.net.hideButtons()
        self.net.hideAxis("left")
        self.net.hideAxis("bottom")
        self.net_edges = pg.PlotDataItem(connect="pairs")
        self.net_focus = pg.PlotDataItem(connect="pairs")
        self.net_nodes = pg.ScatterPlotItem(pxMode=True)
        self.net_nodes.setZValue(10)
        for item in (self.net_edges, self.net_focus, self.net_nodes):
            self.net.addItem(item)
        # the nodes' names, biases and outputs and the edges' weights, placed by the shared routine
        self.net_layer = LabelLayer(self.net.getViewBox(), z=20)
        self._net_texts: dict = {}  # node or edge → its texts, full first, and whether it is focused
        self.net.getViewBox().sigResized.connect(lambda _vb: self._place_network())
        self.net.setXRange(-0.55, 2.35, padding=0)
        self.net.setYRange(-0.75, 1.75, padding=0)

        # ----- table -----
        self.truthTable = QTableWidget(4, 5, self)
        self.truthTable.setObjectName("truthTable")
        self.truthTable.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.truthTable.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        self.truthTable.verticalHeader().setVisible(False)
        self.truthTable.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.verdict = QLabel(self)
        self.verdict.setObjectName("verdict")
        self.verdict.setWordWrap(True)

        # ----- controls -----
        side = QWidget()
        side.setObjectName("perceptronControls")
        col = QVBoxLayout(side)
        col.setContentsMargins(0, 0, 0, 0)
        form = QFormLayout()
        self.lesson = QComboBox(side)
        self.lesson.setObjectName("lesson")
        names = {"gates": self.tr("Logic gates (one perceptron)"), "xor-two-layer": self.tr("XOR with two layers"),
                 "linear-slope": self.tr("Learning a slope y = A·x")}
        for lesson in LESSONS:
            self.lesson.addItem(names[lesson], lesson)
        self.lesson.activated.connect(self._lesson_chosen)
        form.addRow(self.tr("Lesson"), self.lesson)
        self.gate = QComboBox(side)
        self.gate.setObjectName("gate")
        for g in GATES:
            self.gate.addItem(g, g)
        self.gate.activated.connect(lambda i: self.edit_or_restore(gate=self.gate.itemData(i)))
        form.addRow(self.tr("Gate"), self.gate)
        col.addLayout(form)

        self.gatesBox = QGroupBox(self.tr("Weights and learning"), side)
        g = QFormLayout(self.gatesBox)
        self.fields = {}
        for key, name, label in (("w1", "w1", "w₁"), ("w2", "w2", "w₂"), ("b", "bias", "b")):
            f = NumberField(0.0, -1e6, 1e6, label=label, parent=self.gatesBox)
            f.setObjectName(name)
            f.valueEdited.connect(lambda v, key=key: self.edit_or_restore(**{key: v}))
            f.refused.connect(self.message.emit)
            self.fields[key] = f
            g.addRow(label, f)
        row = QHBoxLayout()
        self.textbookWeights = QPushButton(self.tr("Textbook weights"), self.gatesBox)
        self.textbookWeights.setObjectName("textbookWeights")
        self.textbookWeights.clicked.connect(self._textbook)
        self.zeroWeights = QPushButton(self.tr("Zero"), self.gatesBox)
        self.zeroWeights.setObjectName("zeroWeights")
        self.zeroWeights.clicked.connect(lambda: self.edit_or_restore(w1=0.0, w2=0.0, b=0.0))
        row.addWidget(self.textbookWeights)
        row.addWidget(self.zeroWeights)
        g.addRow(row)
        self.learning = QCheckBox(self.tr("Learn with the perceptron rule"), self.gatesBox)
        self.learning.setObjectName("learning")
        self.learning.toggled.connect(lambda on: self.edit_or_restore(learning=on))
        g.addRow(self.learning)
        self.epochs = NumberField(20, 1, MAX_EPOCHS, integer=True, label=self.tr("epochs"), parent=self.gatesBox)
        self.epochs.setObjectName("epochs")
        self.epochs.valueEdited.connect(lambda v: self.edit_or_restore(epochs=int(v)))
        self.epochs.refused.connect(self.message.emit)
        g.addRow(self.tr("Epoch limit"), self.epochs)
        col.addWidget(self.gatesBox)

        self.slopeBox = QGroupBox(self.tr("Slope lesson"), side)
        g = QFormLayout(self.slopeBox)
        self.slopeStart = NumberField(0.25, -1e6, 1e6, label=self.tr("start A"), parent=self.slopeBox)
        self.slopeStart.setObjectName("slopeStart")
        self.slopeStart.valueEdited.connect(lambda v: self.edit_or_restore(slope_start=v))
        self.slopeStart.refused.connect(self.message.emit)
        g.addRow(self.tr("Start A"), self.slopeStart)
        self.examples = QLineEdit(self.slopeBox)
        self.examples.setObjectName("examples")
        self.examples.setToolTip(self.tr("Examples as x, t pairs separated by ';', e.g. 3, 1.1; 1, 2.9"))
        self.examples.editingFinished.connect(self._examples_edited)
        g.addRow(self.tr("Examples (x, t)"), self.examples)
        self.moderate = QCheckBox(self.tr("Moderate with learning rate L"), self.slopeBox)
        self.moderate.setObjectName("moderate")
        self.moderate.toggled.connect(lambda on: self.edit_or_restore(moderate=on))
        g.addRow(self.moderate)
        col.addWidget(self.slopeBox)

        form = QFormLayout()
        self.learningRate = NumberField(0.1, 1e-6, 10, label="η", parent=side)
        self.learningRate.setObjectName("learningRate")
        self.learningRate.valueEdited.connect(lambda v: self.edit_or_restore(learning_rate=v))
        self.learningRate.refused.connect(self.message.emit)
        self.rateLabel = QLabel("η", side)
        form.addRow(self.rateLabel, self.learningRate)
        col.addLayout(form)
        col.addStretch(1)

        plots = QHBoxLayout()
        plots.addWidget(self.plot, 1)
        plots.addWidget(self.net, 1)
        self.body = QBoxLayout(QBoxLayout.Direction.TopToBottom)  # the legend below the plots, or beside them
        self.body.addLayout(plots, 1)
        self.body.addWidget(self.legend)
        left = QVBoxLayout()
        left.addWidget(self.weightsLabel)
        left.addLayout(self.body, 1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(side)
        self.right = QWidget(self)
        right = QVBoxLayout(self.right)
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.truthTable)
        right.addWidget(self.verdict)
        right.addWidget(scroll, 1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(left, 1)
        layout.addWidget(self.right)
        self._last_verdict = None

    # ----- rebuilding -------------------------------------------------------------------------
    def rebuild(self) -> None:
        c = self.config
        lesson = c.lesson
        for w in (self.lesson, self.gate, self.learning, self.moderate):
            w.blockSignals(True)
        self.lesson.setCurrentIndex(LESSONS.index(lesson))
        self.gate.setCurrentIndex(GATES.index(c.gate))
        self.learning.setChecked(c.learning)
        self.moderate.setChecked(c.moderate)
        for w in (self.lesson, self.gate, self.learning, self.moderate):
            w.blockSignals(False)
        for key, f in self.fields.items():
            f.set_value(getattr(c, key))
        self.epochs.set_value(c.epochs)
        self.learningRate.set_value(c.learning_rate)
        self.slopeStart.set_value(c.slope_start)
        self.examples.setText("; ".join(f"{fmt(x, 6)}, {fmt(t, 6)}" for x, t in c.examples))
        self.gate.setEnabled(lesson != "linear-slope")
        self.gatesBox.setVisible(lesson == "gates")
        self.slopeBox.setVisible(lesson == "linear-slope")
        self.textbookWeights.setEnabled(c.gate in WEIGHTS)
        rate_used = lesson == "gates" and c.learning or lesson == "linear-slope" and c.moderate
        self.learningRate.setEnabled(rate_used)
        self.rateLabel.setText(self.tr("Learning rate L") if lesson == "linear-slope" else self.tr("Learning rate η"))
        self.net.setVisible(lesson == "xor-two-layer")
        slope = lesson == "linear-slope"
        for item in self.regions.values():
            item.setVisible(lesson == "gates")
        self.line.setVisible(lesson != "xor-two-layer")
        for h in ("h1", "h2"):
            self.hidden_lines[h].setVisible(lesson == "xor-two-layer")
        self._line_marks = []
        self.errors.setVisible(slope)
        self.predictions.setVisible(slope)
        if slope:
            self._point_texts = []
            self._place_points()
        self.plot.setAspectLocked(not slope)
        self._axis_names = ("x", "y") if slope else ("x₁", "x₂")
        self._axis_titles()
        if slope:
            self.plot.enableAutoRange()
        else:
            self.plot.disableAutoRange()
            self.plot.setRange(xRange=(-0.5, 1.5), yRange=(-0.5, 1.5), padding=0)
        headers = {"gates": ["x₁", "x₂", "t", "z", "y"], "xor-two-layer": ["x₁", "x₂", "h₁", "h₂", "y", "t"],
                   "linear-slope": ["x", "t", "y = A·x", "E", "ΔA"]}[lesson]
        rows = len(c.examples) if slope else 4
        self.truthTable.clear()
        self.truthTable.setColumnCount(len(headers))
        self.truthTable.setRowCount(rows)
        self.truthTable.setHorizontalHeaderLabels(headers)
        if lesson == "xor-two-layer":
            names = TWO_LAYER[c.gate]
            self.legend.setText(self.tr("{gate} = {out}({h1}, {h2}): colour = target t (blue 1, orange 0); "
                                        "filled ● y = 1, ■ y = 0 once computed").format(
                gate=c.gate, out=names[2], h1=names[0], h2=names[1]))
        elif slope:
            self.legend.setText(self.tr("● examples (x, t); ○ the line's output y = A·x; "
                                        "dashes: the error E = t − y"))
        else:
            self.legend.setText(self.tr("Colour = target t (blue 1, orange 0); shape = the perceptron's output "
                                        "(● y = 1, ■ y = 0); shading: blue where the output is 1, orange where 0"))
        self.restyle_widgets()

    def restyle_widgets(self) -> None:
        t, s = theme(), scale()
        self.plot.setBackground(color("background"))
        self.net.setBackground(color("background"))
        self.regions[1].setBrush(QBrush(color("positive", 40)))
        self.regions[0].setBrush(QBrush(color("negative", 30)))
        self.line.setPen(pg.mkPen(color("text"), width=line(3)))
        for h, c in zip(("h1", "h2"), (t.series[2], t.series[3])):
            self.hidden_lines[h].setPen(pg.mkPen(c, width=line(3)))
        self.errors.setPen(pg.mkPen(color("negative"), width=line(2), style=Qt.PenStyle.DashLine))
        self.net_layer.restyle()
        self.point_layer.restyle()
        for w in (self.weightsLabel, self.verdict):
            w.setFont(font(12, bold=True))
        self.legend.setFont(font(9 * bar_scale(s) / s))  # a key to the plot: it grows as the window's bars do
        self.truthTable.setFont(font(11))
        self.truthTable.horizontalHeader().setFont(font(10))
        self.truthTable.verticalHeader().setDefaultSectionSize(int(28 * s))
        header = self.truthTable.horizontalHeader().sizeHint().height()
        self.truthTable.setFixedHeight(header + self.truthTable.rowCount() * int(28 * s) + 4)
        self.right.setFixedWidth(int(370 * min(s, 1.6)))
        self._arrange()
        self._axis_titles()

    def _arrange(self) -> None:
        """The legend beside the plots when the pane is wide and short (presenter mode on a
        projector), so the plots keep the height; below them otherwise."""
        w, h = self.width(), self.height() - self.weightsLabel.sizeHint().height()
        side = w > 2.4 * h
        self.body.setDirection(QBoxLayout.Direction.LeftToRight if side else QBoxLayout.Direction.TopToBottom)
        if side:  # the plots keep room for their labels (beside the points, around the network's
            # nodes); the legend takes the rest, at least a quarter
            need = 2.6 if self.net.isVisibleTo(self) else 2.2
            self.legend.setFixedWidth(max(int(w * 0.25), int(w - need * h)))
        else:
            self.legend.setMinimumWidth(0)
            self.legend.setMaximumWidth(16777215)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._arrange()
        self._axis_titles()

    def _axis_titles(self) -> None:
        """The plot's axis titles at the diagrams' label size (pyqtgraph's default is ~8 px)."""
        if self._axis_names is not None:
            size = {"font-size": f"{text_px(self.plot.height()):.0f}px"}
            self.plot.setLabel("bottom", self._axis_names[0], **size)
            self.plot.setLabel("left", self._axis_names[1], **size)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        self._arrange()

    def restyle(self) -> None:
        if self.config is not None:
            self.restyle_widgets()
        super().restyle()

    # ----- drawing ----------------------------------------------------------------------------
    def show_step(self, k: int) -> None:
        super().show_step(k)
        state = self.revealed(k)
        focus = self.step_focus(k)
        rows = {int(f.split(":")[1]) for f in focus if f.startswith(("row:", "example:"))}
        lesson = self.config.lesson
        if lesson == "linear-slope":
            self._show_slope(state, rows)
        else:
            self._show_gates(state, rows, lesson)
            if lesson == "xor-two-layer":
                self._show_network(state, rows, focus)
        self._show_verdict(state, k)

    def _cell(self, r: int, c: int, text: str, focus: bool) -> None:
        item = QTableWidgetItem(text)
        item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
        if focus:
            item.setBackground(QBrush(color("focus", 120)))
        self.truthTable.setItem(r, c, item)

    def _show_gates(self, state, rows, lesson) -> None:
        t = theme()
        two = lesson == "xor-two-layer"
        outs = [state.get(f"y:{i}") if two else state.get(f"out:{i}") for i in range(4)]
        targets = [state[f"t:{i}"] for i in range(4)]
        brushes = [color("positive") if tt else color("negative") for tt in targets]
        symbols = ["s" if y == 0 else "o" for y in outs]
        pens = [pg.mkPen(color("focus") if i in rows else color("text"), width=line(4 if i in rows else 1.5))
                for i in range(4)]
        for i, y in enumerate(outs):
            if y is None:
                brushes[i] = QBrush(color("background"))
                pens[i] = pg.mkPen(color("focus") if i in rows else
                                   color("positive") if targets[i] else color("negative"), width=line(3))
        self.points.setData(pos=np.array(INPUTS, dtype=float), brush=brushes, pen=pens, symbol=symbols,
                            size=26 * scale())
        self._point_texts = [f"t = {fmt(targets[i])}" + ("" if outs[i] is None else f"\ny = {fmt(outs[i])}")
                             for i in range(len(INPUTS))]
        self._line_marks = []
        if two:
            for h in ("h1", "h2"):
                ends = np.asarray(state[f"line:{h}"]).reshape(-1, 2)
                self.hidden_lines[h].setData(ends[:, 0], ends[:, 1])
                if len(ends):
                    self._line_marks.append((TWO_LAYER[self.config.gate][0 if h == "h1" else 1], ends,
                                             color(t.series[2 if h == "h1" else 3])))
            self.weightsLabel.setText(self.tr("Two layers: hidden neurons h₁, h₂, output y"))
        else:
            ends = np.asarray(state["line"]).reshape(-1, 2)
            self.line.setData(ends[:, 0], ends[:, 1])
            if len(ends):
                self._line_marks.append((None, ends, None))  # no name, but no label on it either
            for side in (1, 0):
                self.regions[side].setPolygon(_polygon(state[f"region:{side}"]))
            text = f"w₁ = {num(state['w1'])}   w₂ = {num(state['w2'])}   b = {num(state['b'])}"
            if self.config.learning:
                text += "   " + self.tr("epoch {n}").format(n=fmt(state["epoch"]))
            self.weightsLabel.setText(text)
        self._place_points()
        for i, x in enumerate(INPUTS):
            if two:
                cells = [str(x[0]), str(x[1])] + [fmt(state[f"{n}:{i}"]) if f"{n}:{i}" in state else ""
                                                  for n in ("h1", "h2", "y")] + [fmt(targets[i])]
            else:
                cells = [str(x[0]), str(x[1]), fmt(targets[i])] + [
                    fmt(state[f"{n}:{i}"]) if f"{n}:{i}" in state else "" for n in ("s", "y")]
            cells = [c.replace("-", "−") for c in cells]
            for c, text in enumerate(cells):
                self._cell(i, c, text, i in rows)

    def _show_slope(self, state, rows) -> None:
        n = len(self.config.examples)
        xs = np.array([state[f"x:{i}"] for i in range(n)])
        ts = np.array([state[f"t:{i}"] for i in range(n)])
        pens = [pg.mkPen(color("focus") if i in rows else color("text"), width=line(4 if i in rows else 1.5))
                for i in range(n)]
        self.points.setData(x=xs, y=ts, brush=color("positive"), pen=pens, symbol="o", size=20 * scale())
        ends = np.asarray(state["line"]).reshape(-1, 2)
        self.line.setData(ends[:, 0], ends[:, 1])
        shown = [i for i in range(n) if f"y:{i}" in state]
        self.predictions.setData(x=xs[shown], y=[state[f"y:{i}"] for i in shown], brush=QBrush(color("background")),
                                 pen=pg.mkPen(color("negative"), width=line(2)), symbol="o", size=14 * scale())
        err = [i for i in shown if f"E:{i}" in state]
        seg = np.array([[xs[i], state[f"y:{i}"], xs[i], ts[i]] for i in err]).reshape(-1, 2)
        self.errors.setData(seg[:, 0], seg[:, 1])
        self.weightsLabel.setText(f"A = {num(state['A'])}")
        for i in range(n):
            cells = [fmt(xs[i]), fmt(ts[i])] + [fmt(state[f"{k}:{i}"]) if f"{k}:{i}" in state else ""
                                               for k in ("y", "E", "dA")]
            cells = [c.replace("-", "−") for c in cells]
            for c, text in enumerate(cells):
                self._cell(i, c, text, i in rows)

    def _show_network(self, state, rows, focus) -> None:
        row = min(rows) if rows else None
        names = dict(zip(("h1", "h2", "y"), TWO_LAYER[self.config.gate]))
        value = {}
        if row is not None:
            value["x1"], value["x2"] = INPUTS[row]
            for n in ("h1", "h2", "y"):
                if f"{n}:{row}" in state:
                    value[n] = state[f"{n}:{row}"]
        focus_nodes = {f.split(":")[1] for f in focus if f.startswith("node:")}
        pos = np.array([NET_POS[n] for n in NET_POS])
        brushes = [color("focus") if n in focus_nodes else color("revealed") if n in value else color("background")
                   for n in NET_POS]
        self.net_nodes.setData(pos=pos, brush=brushes, pen=pg.mkPen(color("text"), width=line(2)), size=self._node_px())
        segs = [(NET_POS[a], NET_POS[b]) for a, b, _j in NET_EDGES]
        hot = [seg for seg, (_a, b, _j) in zip(segs, NET_EDGES) if b in focus_nodes]
        for item, chosen, pen in ((self.net_edges, segs, pg.mkPen(color("muted"), width=line(2))),
                                  (self.net_focus, hot, pg.mkPen(color("focus"), width=line(4)))):
            arr = np.array(chosen, dtype=float).reshape(-1, 2, 2)
            item.setData(arr[:, :, 0].ravel(), arr[:, :, 1].ravel(), pen=pen)
        texts = {}
        for n in NET_POS:
            name = SHOWN.get(n, n)
            head = name if n in ("x1", "x2") else f"{name} {names[n]}"
            out = f"= {fmt(value[n])}" if n in value else ""
            if n in names:
                full = [f"{head}\nb = {fmt(WEIGHTS[names[n]][2])}" + (f"\n{out}" if out else "")]
            else:
                full = [f"{head}\n{out}"] if out else []
            shorter = [f"{head}\n{out}", f"{name} {out}"] if out else [head]
            texts[n] = ([x.replace("-", "−") for x in dict.fromkeys(full + shorter + [name])], n in focus_nodes)
        for j, (a, b, k) in enumerate(NET_EDGES):
            texts[j] = ((num(WEIGHTS[names[b]][k]),), b in focus_nodes)
        self._net_texts = texts
        self._place_network()

    def _place_network(self) -> None:
        """The two-layer network's labels: each node's name, gate, bias and output beside it
        (shorter forms where room is short), each weight on its edge; focused ones first."""
        vb = self.net_layer.view
        if not self._net_texts or vb.height() < 2 or not self.net.isVisible():
            self.net_layer.draw([])
            return
        f, d = px_font(text_px(vb.height())), self._node_px()
        if self.net_nodes.data.size and self.net_nodes.data["size"][0] != d:
            self.net_nodes.setSize(d)
        node = d / 2 + 1  # a node's half-width in pixels (its outline included)
        r = node + 6
        labels = []
        for n, (x, y) in NET_POS.items():
            texts, on = self._net_texts[n]
            spots = tuple((ax, ay, dx * r, dy * r) for ax, ay, dx, dy in NET_SPOTS[n])
            labels.append(Label(("node", n), tuple(texts), (x, y), spots, f, priority=5 if on else 3, fill=False))
        px, py = self.net_layer.to_px([p[0] for p in NET_POS.values()], [p[1] for p in NET_POS.values()])
        at = dict(zip(NET_POS, zip(px.tolist(), py.tolist())))
        for j, (a, b, _k) in enumerate(NET_EDGES):
            texts, on = self._net_texts[j]
            (x0, y0), (x1, y1) = NET_POS[a], NET_POS[b]
            dx, dy = at[b][0] - at[a][0], at[b][1] - at[a][1]
            # along the edge, from its middle towards either end (the middle of an edge into y first)
            shifts = (0.12, 0.0, 0.22, 0.3, -0.12, -0.22) if b != "y" else (-0.1, 0.0, -0.2, 0.1)
            spots = tuple((0.5, 0.5, f_ * dx, f_ * dy) for f_ in shifts)
            labels.append(Label(("edge", j), texts, ((x0 + x1) / 2, (y0 + y1) / 2), spots, f,
                                priority=4 if on else 2))
        obstacles = [(x - node, y - node, x + node, y + node) for x, y in at.values()]
        self.net_layer.show(labels, obstacles)

    def _node_px(self) -> float:
        """A network node's diameter: NODE_PX × the presenter scale, at most 0.4 of the view's
        pixels per unit (so nodes leave their labels room in a short view)."""
        t = self.net_layer.view.childTransform()
        unit = min(abs(t.m11()), abs(t.m22()))
        return NODE_PX * scale() if unit <= 0 else min(NODE_PX * scale(), max(NODE_PX, 0.4 * unit))

    def net_texts(self) -> dict:
        """What the two-layer network's labels show: ("node", id) or ("edge", index) → text."""
        return self.net_layer.texts()

    def _place_points(self) -> None:
        """The points' labels beside them (right, left, above or below: wherever they fit), and
        the hidden neurons' names beside their lines (near the middle, else further along); no
        label on a line."""
        vb = self.point_layer.view
        if not self._point_texts or vb.height() < 2:
            self.point_layer.draw([])
            return
        f, r = px_font(text_px(vb.height())), 16 * scale()
        spots = ((0, 0.5, r, 0), (1, 0.5, -r, 0), (0.5, 1, 0, -r), (0.5, 0, 0, r))
        labels = [Label(("point", i), (text,), tuple(map(float, INPUTS[i])), spots, f, priority=2, fill=False)
                  for i, text in enumerate(self._point_texts)]
        half = line(3) / 2
        gap = half + 4 * scale()  # the text's corner this far off its line, across and up or down
        lines = []  # the lines as rows of small squares: no label lies on a line
        for name, ends, colour in self._line_marks:
            (x0, y0), (x1, y1) = ends[np.argsort(ends[:, 1])][[0, -1]]  # bottom end, top end
            px, py = self.point_layer.to_px([x0, x1], [y0, y1])
            dx, dy = float(px[1] - px[0]), float(py[1] - py[0])
            along = np.linspace(0, 1, max(2, int(np.hypot(dx, dy) / half)))
            lx, ly = px[0] + along * dx, py[0] + along * dy
            lines.append(np.column_stack([lx - half, ly - half, lx + half, ly + half]))
            if name is None:
                continue
            # a corner of the text on the line, the text on the side the line leaves free: above right
            # or below left of a line falling to the right, above left or below right of a rising one
            corners = ((0.0, 1.0), (1.0, 0.0)) if dx < 0 else ((1.0, 1.0), (0.0, 0.0))
            line_spots = tuple((ax, ay, t * dx + (gap if ax == 0 else -gap), t * dy + (gap if ay == 0 else -gap))
                               for t in (0.4, 0.3, 0.2, 0.1, 0.0, -0.1, -0.2, -0.3, -0.4) for ax, ay in corners)
            labels.append(Label(("line", name), (name,), ((x0 + x1) / 2, (y0 + y1) / 2), line_spots, f,
                                priority=1, color=colour, fill=False))
        xs, ys = self.point_layer.to_px(self.points.data["x"], self.points.data["y"])
        r = self.points.data["size"] / 2 + line(4)  # the markers, their outlines included
        self.point_layer.show(labels, np.vstack([np.column_stack([xs - r, ys - r, xs + r, ys + r]), *lines]))

    def point_texts(self) -> list[str]:
        """What the input points' labels show."""
        return [p.text for p in sorted(self.point_layer.placed, key=lambda p: p.key)]

    def _show_verdict(self, state, k: int) -> None:
        if "converged" in state and k >= 0:
            ok = state["converged"] == 1.0
            step = self.timeline[len(self.timeline) - 1]
            self.verdict.setText(step.title)
            self.verdict.setStyleSheet(f"color: {theme().positive if ok else theme().negative};")
            if not ok and self._last_verdict != (id(self.timeline), k):
                self.message.emit(step.title)  # the why is in the formula panel below
            self._last_verdict = (id(self.timeline), k)
        else:
            self.verdict.setText("")
            self._last_verdict = None

    # ----- editing ----------------------------------------------------------------------------
    def _lesson_chosen(self, index: int) -> None:
        lesson = self.lesson.itemData(index)
        changes = {"lesson": lesson}
        if lesson == "xor-two-layer" and self.config.gate not in TWO_LAYER:
            changes["gate"] = "XOR"
        self.edit_or_restore(**changes)

    def _textbook(self) -> None:
        w1, w2, b = WEIGHTS[self.config.gate]
        self.edit_or_restore(w1=w1, w2=w2, b=b)

    def _examples_edited(self) -> None:
        text = self.examples.text().replace("−", "-")
        try:
            pairs = [[float(v) for v in part.split(",")] for part in text.split(";") if part.strip()]
        except ValueError:
            pairs = None
        if pairs is None or any(len(p) != 2 for p in pairs):
            self.message.emit(self.tr("examples: write x, t pairs separated by ';' (e.g. 3, 1.1; 1, 2.9)"))
            self.rebuild()
            self.show_step(self.k)
            return
        if [tuple(p) for p in pairs] != [tuple(e) for e in self.config.examples]:
            self.edit_or_restore(examples=pairs)
