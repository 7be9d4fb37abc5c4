"""The recurrent pane: an LSTM / GRU / RNN cell drawn as the standard schematic with the current
time step's vectors, heat maps of every gate and state over the whole sequence, the gradient
through time (RNN vs LSTM vs GRU) with its numbers, and the controls on the right.

Every number drawn comes from ``timeline.state_at(k)``; edits go through the engine
(``nnlab.labs.recurrent.edited`` / ``parse_sequence`` / ``parse_weights_text`` / ``weights_from_file``)
and are emitted as ``configEdited``. Training runs ``nnlab.labs.recurrent.train`` in a Worker.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QRectF, Qt
from PySide6.QtGui import QFontDatabase, QFontMetricsF
from PySide6.QtWidgets import (QComboBox, QFileDialog, QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit,
                               QPlainTextEdit, QPushButton, QSplitter, QVBoxLayout, QWidget)

from nnlab import formulas
from nnlab.io import export_weights
from nnlab.labs import recurrent as lab
from ui import style
from ui.panes.base import LabPane
from ui.transport import bar_scale
from ui.widgets.band_table import BandTable
from ui.widgets.cell_schematic import CellSchematic, value_colormap
from ui.widgets.fields import NumberField
from ui.widgets.labels import GAP, MIN_PX, px_font, text_px
from ui.widgets.train_box import TrainBox, WorkerTraining
from ui.widgets.plot_grid import DecadeAxis, add_grid, fit_title

SUB = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
KINDS = ("rnn", "lstm", "gru")
TRAIN_ITERATIONS = 400
TITLE_SHARE = 0.055  # a plot title's type at most this share of the plots' height (room for the heat map)


def sub(t: int) -> str:
    return str(t).translate(SUB)


def columns(config) -> list[str]:
    """The schematic's vector columns for this lab (keys of ``CellSchematic.show``)."""
    middle = {"lstm": ["c_prev", "f", "i", "g", "c", "o", "h"], "gru": ["r", "z", "n", "h"],
              "rnn": ["h_pre", "h"]}[config.cell]
    grads = ["grad_h", "grad_c"] if config.cell == "lstm" else ["grad_h"]
    return ["x", "h_prev"] + middle + (["y"] if config.task == "sine" else []) + grads


def _train_job(config, progress, control):
    return lab.train(config, iterations=TRAIN_ITERATIONS, progress=progress, should_stop=lambda: control.stopped)


class Pane(WorkerTraining, LabPane):
    lab = "recurrent"
    train_job = staticmethod(_train_job)

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        split = QSplitter(Qt.Orientation.Horizontal)
        layout.addWidget(split)
        self.schematic = CellSchematic()
        split.addWidget(self.schematic)
        middle = QWidget()
        mid = QVBoxLayout(middle)
        mid.setContentsMargins(0, 0, 0, 0)
        self.plots = pg.GraphicsLayoutWidget()
        self.plots.setObjectName("plots")
        self.heat = self.plots.addPlot(row=0, col=0)
        self.heat.setObjectName("heatmaps")
        self.grad = self.plots.addPlot(row=1, col=0, axisItems={"left": DecadeAxis("left")})
        self.grad.setObjectName("gradChart")
        self.plots.ci.layout.setRowStretchFactor(0, 3)
        self.plots.ci.layout.setRowStretchFactor(1, 2)
        self.row_ticks: list = []  # the heat map's row names at their rows
        self._row_every = 0  # the heat map names every row block, or every 2nd, 3rd… when short
        self._tick_size, self.tick_font = 8.0, None  # the axes' numbers: points at most, and the font shown
        self._titles: dict = {}  # plot → (title html, its size in points before fitting)
        self.plots.installEventFilter(self)  # titles fit the plots' width on every resize
        mid.addWidget(self.plots, 1)
        self.table = BandTable(["RNN", "LSTM", "GRU"])
        self.table.setObjectName("gradTable")
        mid.addWidget(self.table)
        split.addWidget(middle)
        split.addWidget(self._controls())
        split.setSizes([520, 470, 290])
        self._setup_plots()

    # ----- construction ---------------------------------------------------------------------
    def _setup_plots(self) -> None:
        self.heat_image = pg.ImageItem(axisOrder="row-major")
        self.heat.addItem(self.heat_image)
        self.heat.setMenuEnabled(False)
        self.heat.setMouseEnabled(False, False)
        self.heat.invertY(True)
        self.heat.vb.sigResized.connect(self._fit_row_labels)
        self.heat_marker = pg.InfiniteLine(angle=90, movable=False)
        self.heat.addItem(self.heat_marker)
        self.grad.setMenuEnabled(False)
        self.grad.setMouseEnabled(False, False)
        self.grad.setLogMode(y=True)
        add_grid(self.grad)
        self.axis_names = {"bottom": self.tr("time step t"), "left": self.tr("‖∂L/∂hₜ‖")}  # the chart's (sized with its ticks)
        self.curves = {kind: self.grad.plot() for kind in KINDS}
        self.grad_marker = pg.InfiniteLine(angle=90, movable=False)
        self.grad.addItem(self.grad_marker)

    def _controls(self) -> QWidget:
        panel = QWidget()
        panel.setObjectName("controls")
        panel.setMaximumWidth(320)
        box = QVBoxLayout(panel)
        box.setContentsMargins(4, 0, 0, 0)
        form = QFormLayout()
        self.cell_type = QComboBox()
        self.cell_type.setObjectName("cellType")
        for kind, text in (("lstm", "LSTM"), ("gru", "GRU"), ("rnn", self.tr("RNN (tanh)")),
                           ("rnn:relu", self.tr("RNN (ReLU)"))):
            self.cell_type.addItem(text, kind)
        self.cell_type.activated.connect(self._cell_chosen)
        form.addRow(self.tr("Cell"), self.cell_type)
        self.sequence = QLineEdit()
        self.sequence.setObjectName("sequence")
        self.sequence.setToolTip(self.tr("Numbers: 1, 0.5, −1 — vectors: 1 0; 0 1"))
        self.sequence.editingFinished.connect(self._sequence_edited)
        form.addRow(self.tr("Sequence"), self.sequence)
        self.text = QLineEdit()
        self.text.setObjectName("sequenceText")
        self.text.setPlaceholderText(self.tr("or a short text (one-hot characters)"))
        self.text.editingFinished.connect(self._text_edited)
        form.addRow(self.tr("Text"), self.text)
        self.input_size = NumberField(1, 1, lab.MAX_SIZE, integer=True, label=self.tr("input size"))
        self.input_size.setObjectName("inputSize")
        self.input_size.valueEdited.connect(lambda v: self._edit(input_size=int(v)))
        self.hidden_size = NumberField(2, 1, lab.MAX_SIZE, integer=True, label=self.tr("hidden size"))
        self.hidden_size.setObjectName("hiddenSize")
        self.hidden_size.valueEdited.connect(lambda v: self._edit(hidden_size=int(v)))
        self.seed = NumberField(0, 0, 2**32 - 1, integer=True, label=self.tr("seed"))
        self.seed.setObjectName("seed")
        self.seed.valueEdited.connect(lambda v: self._edit(seed=int(v)))
        for field in (self.input_size, self.hidden_size, self.seed):
            field.refused.connect(self.message)
        form.addRow(self.tr("Input size"), self.input_size)
        form.addRow(self.tr("Hidden size"), self.hidden_size)
        form.addRow(self.tr("Seed"), self.seed)
        self.editors = QWidget()  # everything that edits the lab: locked while training runs
        self.editors.setLayout(form)
        box.addWidget(self.editors)

        weights = QGroupBox(self.tr("Weights (PyTorch layout)"))
        wl = QVBoxLayout(weights)
        self.weights_source = QLabel()
        self.weights_source.setObjectName("weightsSource")
        wl.addWidget(self.weights_source)
        self.weights_text = QPlainTextEdit()
        self.weights_text.setObjectName("weightsText")
        self.weights_text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.weights_text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        wl.addWidget(self.weights_text, 1)
        row = QHBoxLayout()
        for name, text, slot in (("applyWeights", self.tr("Apply typed"), self._apply_weights),
                                 ("loadWeights", self.tr("Load…"), self._load_dialog),
                                 ("randomWeights", self.tr("Random"), lambda: self._edit(weights="random"))):
            button = QPushButton(text)
            button.setObjectName(name)
            button.clicked.connect(slot)
            row.addWidget(button)
        wl.addLayout(row)
        box.addWidget(weights, 1)
        self.weights_box = weights

        task = TrainBox(self.tr("Task: next value of a sine wave"), self.tr("Train (Adam)"), "train",
                        self.start_training, self.cancel_training)
        self.train_button, self.cancel_button = task.train_button, task.cancel_button
        self.progress, self.train_status = task.progress, task.status
        box.addWidget(task)
        return panel

    # ----- LabPane --------------------------------------------------------------------------
    def rebuild(self) -> None:
        cfg = self.config
        self.t_len = len(lab.inputs(cfg))
        self.cell_type.setCurrentIndex(self.cell_type.findData("rnn:relu" if cfg.nonlinearity == "relu" else cfg.cell))
        self.sequence.setText(self._sequence_text())
        self.sequence.setCursorPosition(0)
        self.text.setText(cfg.text)
        self.input_size.set_value(cfg.input_size)
        self.input_size.setEnabled(not cfg.text)
        self.hidden_size.set_value(cfg.hidden_size)
        self.seed.set_value(cfg.seed)
        self.weights_source.setText(self.tr("drawn from seed {seed} (torch's init)").format(seed=cfg.seed)
                                    if cfg.weights == "random" else self.tr("typed or loaded"))
        self.weights_text.setPlainText(lab.weights_text(cfg))
        self.train_button.setEnabled(cfg.input_size == 1 and not cfg.text and not self._training())
        self.train_button.setToolTip("" if cfg.input_size == 1 and not cfg.text else
                                     self.tr("The sine task needs input size 1 and a numeric sequence"))
        self.columns = columns(cfg)
        tl = self.timeline
        last = tl.state_at(len(tl) - 1) if tl is not None and len(tl) else {}  # every number the lab shows
        shown = {formulas.num(v) for key, value in last.items() if key.startswith(("x:", "h:", "c:", "gate:", "grad:", "y:"))
                 for v in np.ravel(value)}
        self.schematic.set_layout("rnn:relu" if cfg.nonlinearity == "relu" else cfg.cell, self.columns,
                                  max(cfg.hidden_size, cfg.input_size), shown)  # cells sized for the widest
        # heat map rows: each row block is one gate or state, H units tall, one empty row between
        self.rows = lab.ROWS[cfg.cell]
        h = cfg.hidden_size
        self.heat_height = len(self.rows) * (h + 1) - 1
        self.row_ticks = [((h + 1) * i + (h - 1) / 2, name if name != "h_pre" else "a")
                          for i, name in enumerate(self.rows)]
        self._row_every = 0
        floor_block = math.ceil(QFontMetricsF(px_font(MIN_PX)).height()) + GAP  # one row name at the floor
        self.heat.vb.setMinimumHeight(floor_block * self.heat_height / (h + 1))  # every row named
        self.heat.setXRange(0.5, self.t_len + 0.5, padding=0)
        self.heat.setYRange(-0.5, self.heat_height - 0.5, padding=0)
        self.grad.setXRange(0.5, self.t_len + 0.5, padding=0.02)
        self._style_plots()
        norms = {formulas.num(v) for key, v in last.items() if key.startswith("gradnorm:")}
        self.table.set_columns([self.tr("t={t}").format(t=t) for t in range(1, self.t_len + 1)],
                               sorted(norms) or ["−0.0000"])  # columns sized for the widest number

    def _style_plots(self) -> None:
        th = style.theme()
        self.plots.setBackground(style.color(th.background))
        self.heat_image.setColorMap(value_colormap())
        self.heat_image.setLevels((-1.0, 1.0))
        focus_pen = pg.mkPen(style.color(th.focus), width=style.line(3))
        self.heat_marker.setPen(focus_pen)
        self.grad_marker.setPen(focus_pen)
        grow = bar_scale(style.scale()) / style.scale()  # titles, ticks and the table grow as the window's
        # bars do, so the plots keep their room beside the schematic on a projector
        self.table.restyle(style.font(10 * grow))
        for plot in (self.heat, self.grad):
            for axis in ("left", "bottom"):
                plot.getAxis(axis).setTextPen(style.color(th.text))
                plot.getAxis(axis).setPen(style.color(th.muted))
        self._tick_size = 8 * style.scale() * grow  # points, as the titles' below
        self.tick_font = None
        size = 10 * style.scale() * grow
        self._titles[self.heat] = (self.tr("{cell}: gates and states over time").format(cell=self.config.cell.upper()),
                                   size)
        weight = {kind: 700 if kind == self.config.cell else 400 for kind in KINDS}
        names = " · ".join(f"<span style='color:{th.series[i]}; font-weight:{weight[kind]}'>{kind.upper()}</span>"
                           for i, kind in enumerate(KINDS))
        # the title is the legend: each cell's name in its curve's colour (the current cell in bold)
        last = formulas.text(formulas.sym("h", len(lab.inputs(self.config))))  # L as the formulas write it: Σⱼ (h₆)ⱼ
        self._titles[self.grad] = (self.tr("Gradient through time, L = Σⱼ ({h})ⱼ: {names}").format(h=last, names=names),
                                   size)
        self._fit_titles()
        self._fit_row_labels()
        for i, kind in enumerate(KINDS):
            colour = style.color(th.series[i])
            width = 3.5 if kind == self.config.cell else 1.8
            self.curves[kind].setPen(pg.mkPen(colour, width=style.line(width)))
            self.curves[kind].setSymbol("o")
            self.curves[kind].setSymbolSize(6 * style.scale())
            self.curves[kind].setSymbolBrush(colour)
            self.curves[kind].setSymbolPen(colour)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.table.set_budget(self.height() // 4)  # the plots above keep three quarters

    def eventFilter(self, obj, event) -> bool:
        if obj is self.plots and event.type() == QEvent.Type.Resize:
            self._fit_titles()
        return super().eventFilter(obj, event)

    def _fit_titles(self) -> None:
        """Each plot's title and tick numbers (and the chart's axis names) at their style size (at most TITLE_SHARE of the plots'
        height, at least the label floor); a title shrunk to the plots' width: pyqtgraph gives a title a minimum width of its
        text, which would push the plot past its view."""
        colour = style.theme().text
        pt = 72 / max(1, self.plots.logicalDpiY())  # points a pixel
        cap = TITLE_SHARE * self.plots.height() * pt
        tick_font = px_font(max(MIN_PX, min(self._tick_size, cap) / pt))
        if tick_font is not self.tick_font:
            self.tick_font = tick_font  # the axes' numbers (the heat map's row names: _fit_row_labels)
            for axis in (self.heat.getAxis("bottom"), self.grad.getAxis("bottom"), self.grad.getAxis("left")):
                axis.setTickFont(tick_font)
            for side, name in self.axis_names.items():
                self.grad.setLabel(side, name, **{"font-size": f"{tick_font.pixelSize()}px"})
        for plot, (text, size) in self._titles.items():
            size = max(MIN_PX * pt, min(size, cap))
            fit_title(plot, text, colour, size, self.plots.width() - plot.getAxis("left").width() - 24)  # over the view

    def _fit_row_labels(self) -> None:
        """The heat map's row names (f, i, g, o, c, h) at the diagrams' label size for its height
        (labels.text_px), shrunk to one row block's height; below the floor every other name goes."""
        if not self.row_ticks:
            return
        view_h = self.heat.vb.height()
        block = view_h * (self.config.hidden_size + 1) / max(1, self.heat_height)  # pixels between names
        px = text_px(self.heat.height())
        while px > MIN_PX and math.ceil(QFontMetricsF(px_font(px)).height()) + GAP > block:
            px -= 1
        px = max(MIN_PX, px)
        every = 1
        while every < len(self.row_ticks) and every * block < math.ceil(QFontMetricsF(px_font(px)).height()) + GAP:
            every += 1
        self.row_font = px_font(px)  # kept alive: the axis paints with it
        axis = self.heat.getAxis("left")
        if axis.style.get("tickFont") is not self.row_font or self._row_every != every:
            self._row_every = every
            axis.setTickFont(self.row_font)
            axis.setTicks([self.row_ticks[::every], []])

    def show_step(self, k: int) -> None:
        super().show_step(k)
        tl = self.timeline
        if tl is None:
            return
        state = self.revealed(k)
        focus = self.step_focus(k)
        gate = next((f[5:] for f in focus if f.startswith("gate:")), None)
        t = next((int(f[2:]) for f in focus if f.startswith("t:")), 1)
        self._show_schematic(state, gate, t)
        self._show_heat(state, t if k >= 0 else None)
        self._show_grad(state, t if gate == "grad" else None)

    def _show_schematic(self, state, gate, t) -> None:
        g = state.get
        values = {"x": g(f"x:{t}"), "h_prev": g(f"h:{t - 1}"), "c_prev": g(f"c:{t - 1}"), "c": g(f"c:{t}"),
                  "h": g(f"h:{t}"), "grad_h": g(f"grad:h:{t}"), "grad_c": g(f"grad:c:{t}")}
        for name in ("f", "i", "g", "o", "r", "z", "n", "h_pre"):
            values[name] = g(f"gate:{name}:{t}")
        y = g(f"y:{t}")
        values["y"] = None if y is None else np.array([y])
        s, p = sub(t), sub(t - 1)
        char = f" '{self.config.text[t - 1]}'" if self.config.text and t <= len(self.config.text) else ""
        headers = {"x": f"x{s}{char}", "h_prev": f"h{p}", "c_prev": f"c{p}", "c": f"c{s}", "h": f"h{s}", "y": f"y{s}",
                   "grad_h": f"δh{s}", "grad_c": f"δc{s}", "h_pre": f"a{s}"}  # δh_t = ∂L/∂h_t
        headers.update({name: f"{name}{s}" for name in ("f", "i", "g", "o", "r", "z", "n")})
        focus = "grad_h" if gate == "grad" else gate
        self.schematic.show(values, headers, focus)

    def _show_heat(self, state, t) -> None:
        h = self.config.hidden_size
        image = np.full((self.heat_height, self.t_len), np.nan)
        for i, name in enumerate(self.rows):
            prefix = "h:" if name == "h" else "c:" if name == "c" else f"gate:{name}:"
            for step in range(1, self.t_len + 1):
                v = state.get(f"{prefix}{step}")
                if v is not None:
                    image[i * (h + 1): i * (h + 1) + h, step - 1] = v
        self.heat_image.setImage(np.clip(image, -1, 1), autoLevels=False,
                                 rect=QRectF(0.5, -0.5, self.t_len, self.heat_height))
        self.heat_marker.setVisible(t is not None)
        if t is not None:
            self.heat_marker.setValue(t)

    def _show_grad(self, state, t) -> None:
        for r, kind in enumerate(KINDS):
            xs, ys = [], []
            for step in range(1, self.t_len + 1):
                v = state.get(f"gradnorm:{kind}:{step}")
                if v is not None and v > 0:
                    xs.append(step)
                    ys.append(v)
                self.table.set_text(r, step - 1, "" if v is None else formulas.num(v))
            self.curves[kind].setData(xs, ys)
        self.grad_marker.setVisible(t is not None)
        if t is not None:
            self.grad_marker.setValue(t)
            self.table.scroll_to(t - 1)

    # ----- edits ----------------------------------------------------------------------------
    def _cell_chosen(self, i: int) -> None:
        cell, _sep, nonlinearity = self.cell_type.itemData(i).partition(":")
        self._edit(cell=cell, nonlinearity=nonlinearity or "tanh")

    def _edit(self, **changes) -> bool:
        if self.config is None:
            return False
        try:
            config, note = lab.edited(self.config, **changes)
        except ValueError as exc:
            self.message.emit(str(exc))
            self.rebuild()  # the controls show the kept config again
            return False
        if note:
            self.message.emit(note)
        self.configEdited.emit(config)
        return True

    def _sequence_text(self) -> str:
        return "" if self.config.text else lab.format_sequence(self.config)

    def _sequence_edited(self) -> None:
        text = self.sequence.text()
        if self.config is None or text == self._sequence_text():
            return
        try:
            seq = lab.parse_sequence(text, self.config.input_size)
        except ValueError as exc:
            self.message.emit(str(exc))
            self.sequence.setText(self._sequence_text())
            return
        self._edit(text="", sequence=[list(v) for v in seq])

    def _text_edited(self) -> None:
        if self.config is not None and self.text.text() != self.config.text:
            self._edit(text=self.text.text())

    def _apply_weights(self) -> None:
        try:
            config = lab.parse_weights_text(self.config, self.weights_text.toPlainText())
        except ValueError as exc:
            self.message.emit(str(exc))
            return
        self.configEdited.emit(config)

    def _load_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Load weights"), "",
                                              self.tr("PyTorch state dict (*.pt *.pth *.npz *.json)"))
        if path:
            self.load_weights(path)

    def load_weights(self, path) -> bool:
        """Load a cell's state dict from .npz/.json; a bad file is refused with the reason in ``message``."""
        try:
            self.import_weights(path)
        except (ValueError, OSError) as exc:
            self.message.emit(str(exc))
            return False
        self.message.emit(self.tr("Loaded weights from {name}").format(name=Path(path).name))
        return True

    def import_weights(self, path) -> None:
        """The window's Import weights: raises FormatError/ValueError with expected and found shapes."""
        self.configEdited.emit(lab.weights_from_file(self.config, path))

    def export_weights(self, path) -> None:
        """The window's Export weights: the cell's torch-layout arrays (and the readout) to .npz/.json."""
        cell, readout = lab.model(self.config)
        export_weights({**cell.params, **(readout or {})}, path,
                       meta={"cell": self.config.cell, "input_size": self.config.input_size,
                             "hidden_size": self.config.hidden_size, "nonlinearity": self.config.nonlinearity})

    # ----- training -------------------------------------------------------------------------
    def _lock(self, training: bool) -> None:
        """While training runs only Cancel is live: an edit would be lost when the trained lab arrives."""
        for widget in (self.editors, self.weights_box, self.train_button):
            widget.setEnabled(not training)
        self.cancel_button.setEnabled(training)
