"""The optimizer lab's pane: the contour map with every optimizer's path, the loss curves, and
the controls (surface or typed expression, start point, iterations, each optimizer's switch and
hyper-parameters). A click on the map moves the start point.

Every number drawn comes from ``timeline.state_at(k)`` (ids in ``nnlab.labs.optimizer``) or
from the engine's ``surface_grid``; each edit goes through ``LabPane.edit``.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFormLayout, QFrame, QGridLayout, QGroupBox, QHBoxLayout,
                               QLabel, QLineEdit, QScrollArea, QStackedWidget, QVBoxLayout, QWidget)

from nnlab import optim
from nnlab.labs.optimizer import DEFAULT_START, HYPER, NAMES, num, surface_grid, surface_of, view_range
from nnlab.surfaces import SURFACES, parse
from ui import style
from ui.panes.base import LabPane
from ui.widgets.fields import NumberField
from ui.widgets.surface_plot import Surface3D, SurfacePlot, axis_font, gl_available
from ui.widgets.plot_grid import DecadeAxis, add_grid, keep_end_labels

GRID = 240  # samples per side of the contour map

# the hyper-parameter columns: (field key, torch name, column)
COLUMNS = {"momentum": ("momentum", 2), "alpha": ("alpha", 2), "beta1": ("betas", 2), "beta2": ("betas", 3),
           "eps": ("eps", 4)}
SYMBOLS = {"alpha": "α", "beta1": "β₁", "beta2": "β₂", "eps": "ε"}  # a field's name in its messages, as the formulas write it


def _fields_of(name: str) -> tuple[str, ...]:
    keys = []
    for h in HYPER[name]:
        keys += ["beta1", "beta2"] if h == "betas" else [h]
    return tuple(keys)


class Pane(LabPane):
    lab = "optimizer"

    def __init__(self, parent=None):
        super().__init__(parent)
        self._grid_key = None
        self._syncing = False
        self.map3d = None

        self.map = SurfacePlot(self, "surfaceMap")
        self.map.pointClicked.connect(self._start_clicked)
        self.stack = QStackedWidget(self)
        self.stack.setObjectName("mapStack")
        self.stack.addWidget(self.map)

        side = QWidget(self)
        side.setObjectName("sidePanel")
        self.sideScroll = QScrollArea(self)
        self.sideScroll.setObjectName("sideScroll")
        self.sideScroll.setWidgetResizable(True)
        self.sideScroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.sideScroll.setFrameShape(QFrame.Shape.NoFrame)
        self.sideScroll.setWidget(side)
        col = QVBoxLayout(side)
        col.setContentsMargins(4, 0, 0, 0)
        col.addWidget(self._surface_box())
        col.addWidget(self._optimizer_box())
        self.lossPlot = pg.PlotWidget(side, axisItems={"left": DecadeAxis("left")})
        self.lossPlot.setObjectName("lossPlot")
        self.lossPlot.getPlotItem().setMenuEnabled(False)
        self.lossPlot.getPlotItem().hideButtons()
        add_grid(self.lossPlot.getPlotItem())
        self.lossPlot.setMinimumHeight(150)
        self.lossCurves: dict[str, pg.PlotDataItem] = {}
        self.nowLine = pg.InfiniteLine(angle=90, movable=False)
        self.lossPlot.addItem(self.nowLine)
        col.addWidget(self.lossPlot, 1)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.sideScroll)
        self.restyle_widgets()

    # ----- controls ----------------------------------------------------------------------------
    def _surface_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Surface"), self)
        form = QFormLayout(box)
        form.setContentsMargins(6, 4, 6, 4)
        form.setVerticalSpacing(3)
        self.surfaceBox = QComboBox(box)
        self.surfaceBox.setObjectName("surface")
        titles = {"dlfs": "x²/20 + y²", "rosenbrock": self.tr("Rosenbrock"), "beale": self.tr("Beale"),
                  "himmelblau": self.tr("Himmelblau"), "saddle": self.tr("Saddle x² − y²"),
                  "bowl": self.tr("Ill-conditioned bowl (x² + κ·y²)/2")}
        for name in SURFACES:
            self.surfaceBox.addItem(titles.get(name, name), name)
        self.surfaceBox.addItem(self.tr("Your expression"), "custom")
        self.surfaceBox.activated.connect(self._surface_chosen)
        self.condition = NumberField(10.0, 1.0, 1e6, label=self.tr("κ"), parent=box)
        self.condition.setObjectName("condition")
        self.condition.valueEdited.connect(lambda v: self.edit(condition=v))
        row = QHBoxLayout()
        row.addWidget(self.surfaceBox, 1)
        row.addWidget(QLabel(self.tr("κ"), box))
        row.addWidget(self.condition)
        self.condition.setMaximumWidth(70)
        form.addRow(self.tr("f(x, y)"), row)

        self.expression = QLineEdit(box)
        self.expression.setObjectName("expression")
        self.expression.setPlaceholderText(self.tr("e.g. sin(x) + y^2/4 — then Enter"))
        self.expression.editingFinished.connect(self._expression_entered)
        form.addRow(self.tr("Expression"), self.expression)
        self.expressionError = QLabel(box)
        self.expressionError.setObjectName("expressionError")
        self.expressionError.setWordWrap(True)
        self.expressionError.hide()
        form.addRow(self.expressionError)
        self.surfaceNote = QLabel(box)  # the engine's report of where f is not finite
        self.surfaceNote.setObjectName("surfaceNote")
        self.surfaceNote.setWordWrap(True)
        self.surfaceNote.hide()
        form.addRow(self.surfaceNote)

        self.startX = NumberField(-7.0, -1e6, 1e6, label=self.tr("start x"), parent=box)
        self.startX.setObjectName("startX")
        self.startY = NumberField(2.0, -1e6, 1e6, label=self.tr("start y"), parent=box)
        self.startY.setObjectName("startY")
        self.startX.valueEdited.connect(lambda v: self.edit(start=[v, self.config.start[1]]))
        self.startY.valueEdited.connect(lambda v: self.edit(start=[self.config.start[0], v]))
        self.iterations = NumberField(30, 1, 5000, integer=True, label=self.tr("iterations"), parent=box)
        self.iterations.setObjectName("iterations")
        self.iterations.valueEdited.connect(lambda v: self.edit(iterations=int(v)))
        row = QHBoxLayout()
        for label, w in ((self.tr("x"), self.startX), (self.tr("y"), self.startY),
                         (self.tr("iterations"), self.iterations)):
            row.addWidget(QLabel(label, box))
            row.addWidget(w)
        form.addRow(self.tr("Start"), row)

        self.detail = QComboBox(box)
        self.detail.setObjectName("detail")
        for name in optim.OPTIMIZERS:
            self.detail.addItem(NAMES[name], name)
        self.detail.activated.connect(lambda i: self.edit(detail=self.detail.itemData(i)))
        self.quiver = QCheckBox(self.tr("arrows −∇f"), box)
        self.quiver.setObjectName("quiver")
        self.quiver.setChecked(True)
        self.quiver.toggled.connect(self.map.show_quiver)
        self.view3d = QCheckBox(self.tr("3-D view"), box)
        self.view3d.setObjectName("view3d")
        self.view3d.toggled.connect(self._toggle_3d)
        row = QHBoxLayout()
        row.addWidget(self.detail)
        row.addWidget(self.quiver)
        row.addWidget(self.view3d)
        form.addRow(self.tr("Formula for"), row)
        self.glStatus = QLabel(box)
        self.glStatus.setObjectName("glStatus")
        self.glStatus.setWordWrap(True)
        self.glStatus.hide()
        form.addRow(self.glStatus)
        for w in (self.startX, self.startY, self.iterations):
            w.refused.connect(self.message.emit)
            w.setMaximumWidth(80)
        self.condition.refused.connect(self.message.emit)
        return box

    def _optimizer_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Optimizers (click a name to switch it on or off)"), self)
        grid = QGridLayout(box)
        grid.setContentsMargins(6, 4, 6, 4)
        grid.setVerticalSpacing(2)
        grid.setHorizontalSpacing(4)
        for c, text in enumerate(("", "η", "μ / ρ / β₁", "β₂", "ε", self.tr("f(θ) / status"))):
            head = QLabel(text, box)
            head.setAlignment(Qt.AlignmentFlag.AlignCenter)
            grid.addWidget(head, 0, c)
        self.toggles: dict[str, QCheckBox] = {}
        self.swatches: dict[str, QLabel] = {}
        self.fields: dict[tuple[str, str], NumberField] = {}
        self.status: dict[str, QLabel] = {}
        for r, name in enumerate(optim.OPTIMIZERS, start=1):
            toggle = QCheckBox(NAMES[name], box)
            toggle.setObjectName(f"toggle_{name}")
            toggle.toggled.connect(lambda on, n=name: self._edit_optimizer(n, "on", on))
            swatch = QLabel(box)
            swatch.setObjectName(f"swatch_{name}")
            self.swatches[name] = swatch
            cell = QHBoxLayout()
            cell.setSpacing(4)
            cell.addWidget(swatch)
            cell.addWidget(toggle, 1)
            grid.addLayout(cell, r, 0)
            self.toggles[name] = toggle
            lr = NumberField(0.1, 0.0, 1e3, label=f"{NAMES[name]} η", parent=box)
            lr.valueEdited.connect(lambda v, n=name: self._edit_optimizer(n, "lr", v))
            self._add_field(grid, name, "lr", lr, r, 1)
            for key in _fields_of(name):
                field = NumberField(0.0, 0.0, 1.0, label=f"{NAMES[name]} {SYMBOLS.get(key, key)}", parent=box)
                field.valueEdited.connect(lambda v, n=name, k=key: self._edit_optimizer(n, k, v))
                self._add_field(grid, name, key, field, r, COLUMNS[key][1])
            status = QLabel(box)
            status.setObjectName(f"status_{name}")
            grid.addWidget(status, r, 5)
            self.status[name] = status
        grid.setColumnStretch(5, 1)
        return box

    def _add_field(self, grid, name, key, field, row, column) -> None:
        field.setObjectName(f"{key}_{name}")
        field.setMaximumWidth(72)
        field.refused.connect(self.message.emit)
        grid.addWidget(field, row, column)
        self.fields[(name, key)] = field

    def _sync_controls(self) -> None:
        """Show the config's values in the controls (without emitting edits)."""
        c = self.config
        self._syncing = True
        try:
            self.surfaceBox.setCurrentIndex(self.surfaceBox.findData(c.surface))
            self.condition.set_value(c.condition)
            self.condition.setEnabled(c.surface == "bowl")
            if c.surface == "custom" or not self.expression.hasFocus():
                self.expression.setText(c.expression)
            self.startX.set_value(c.start[0])
            self.startY.set_value(c.start[1])
            self.iterations.set_value(c.iterations)
            self.detail.setCurrentIndex(self.detail.findData(c.detail))
            for name in optim.OPTIMIZERS:
                s = c.setting(name)
                self.toggles[name].setChecked(s.on)
                self.fields[(name, "lr")].set_value(s.lr)
                for key in _fields_of(name):
                    value = s.betas[0] if key == "beta1" else s.betas[1] if key == "beta2" else getattr(s, key)
                    self.fields[(name, key)].set_value(value)
        finally:
            self._syncing = False

    # ----- edits -------------------------------------------------------------------------------
    def _edit_optimizer(self, name: str, key: str, value) -> None:
        if self._syncing or self.config is None:
            return
        opts = self.config.to_dict()["optimizers"]
        entry = opts[name]
        if key in ("beta1", "beta2"):
            entry["betas"][0 if key == "beta1" else 1] = value
        else:
            entry[key] = value
        if not self.edit(optimizers=opts):
            self._sync_controls()

    def _surface_chosen(self, index: int) -> None:
        name = self.surfaceBox.itemData(index)
        if self.config is None or name == self.config.surface:
            return
        if name == "custom":
            text = self.expression.text().strip() or self.config.expression
            if not text:
                self._show_expression_error(self.tr("Type an expression in x and y, then press Enter."))
                self.surfaceBox.setCurrentIndex(self.surfaceBox.findData(self.config.surface))
                self.expression.setFocus()
                return
            self._apply_expression(text)
            return
        if not self.edit(surface=name, start=list(DEFAULT_START[name])):
            self._sync_controls()

    def _expression_entered(self) -> None:
        if self._syncing or self.config is None:
            return
        text = self.expression.text().strip()
        if self.config.surface == "custom" and text == self.config.expression:
            return
        if not text:
            return
        self._apply_expression(text)

    def _apply_expression(self, text: str) -> None:
        try:
            parse(text)
        except ValueError as exc:
            self._show_expression_error(str(exc))
            self.message.emit(self.tr("expression: {reason}").format(reason=str(exc)))
            return
        self.expressionError.hide()
        if not self.edit(surface="custom", expression=text):
            self._sync_controls()

    def _show_expression_error(self, text: str) -> None:
        self.expressionError.setText(text)
        self.expressionError.show()

    def _start_clicked(self, x: float, y: float) -> None:
        """A click sets the start, rounded to a step of about 1/50 of the plot's width."""
        if self.config is None:
            return
        (x0, x1), _ = view_range(self.config)
        digits = max(0, -math.floor(math.log10((x1 - x0) / 50)))
        self.edit(start=[round(x, digits), round(y, digits)])

    def _toggle_3d(self, on: bool) -> None:
        if not on:
            self.stack.setCurrentWidget(self.map)
            self.glStatus.hide()
            return
        if self.map3d is None and gl_available():
            try:
                self.map3d = Surface3D(self)
                self.stack.addWidget(self.map3d)
            except Exception:  # a broken GL stack must not take the lab down: keep the 2-D map
                self.map3d = None
        if self.map3d is None:
            reason = self.tr("3-D view needs OpenGL (and the PyOpenGL package); showing the 2-D map.")
            self.glStatus.setText(reason)
            self.glStatus.show()
            self.message.emit(reason)
            self.stack.setCurrentWidget(self.map)
            return
        self.glStatus.hide()
        self.stack.setCurrentWidget(self.map3d)
        self._grid_key = None  # the 3-D view needs the grid too
        if self.timeline is not None:
            self.rebuild()
            self.show_step(self.k)

    # ----- drawing -----------------------------------------------------------------------------
    def colours(self) -> dict[str, str]:
        series = style.theme().series
        return {name: series[i % len(series)] for i, name in enumerate(optim.OPTIMIZERS)}

    def rebuild(self) -> None:
        if self.config is None:
            return
        self._sync_controls()
        key = (surface_of(self.config).text, view_range(self.config))
        if key != self._grid_key:
            self.grid = surface_grid(self.config, GRID)
            note = self.grid.nonfinite_note()
            self.surfaceNote.setText(note)
            self.surfaceNote.setVisible(bool(note))
            self.map.set_grid(self.grid, surface_of(self.config).minima)
            if self.map3d is not None:
                self.map3d.set_grid(self.grid)
            self._grid_key = key
        self.map.show_quiver(self.quiver.isChecked())
        enabled = self.config.enabled
        colours = self.colours()
        for name in list(self.lossCurves):
            if name not in enabled:
                self.lossPlot.removeItem(self.lossCurves.pop(name))
        for name in enabled:
            if name not in self.lossCurves:
                self.lossCurves[name] = self.lossPlot.plot()
            self.lossCurves[name].setPen(pg.mkPen(style.color(colours[name]), width=style.line(2)))
        end = self.timeline.state_at(len(self.timeline) - 1)
        losses = [end[f"loss:{n}"] for n in enabled]
        log = bool(losses) and all(np.all(v > 0) for v in losses)
        self.lossPlot.setLogMode(y=log)
        self.lossPlot.setXRange(0, self.config.iterations, padding=0.02)
        finite = np.concatenate([v[np.isfinite(v)] for v in losses]) if losses else np.zeros(0)
        if finite.size:  # a fixed range for the whole race: stepping does not rescale the axes
            lo, hi = finite.min(), finite.max()
            if log:
                lo, hi = np.log10(lo), np.log10(hi)
            self.lossPlot.setYRange(lo, hi if hi > lo else lo + 1, padding=0.05)
        for name in optim.OPTIMIZERS:
            self.swatches[name].setStyleSheet(f"background: {colours[name]}; border: 1px solid {style.theme().muted};")

    def show_step(self, k: int) -> None:
        super().show_step(k)
        if self.timeline is None:
            return
        state = self.revealed(k)
        focus = set(self.step_focus(k))
        colours = self.colours()
        enabled = self.config.enabled
        paths = {n: state[f"path:{n}"] for n in enabled}
        self.map.set_paths(paths, colours, {n for n in enabled if f"opt:{n}" in focus}, NAMES)
        labels = {}
        for name in optim.OPTIMIZERS:
            status = self.status[name]
            if name not in enabled:
                status.setText(self.tr("off"))
                continue
            loss = state[f"loss:{name}"]
            self.lossCurves[name].setData(np.arange(len(loss)), loss)
            diverged = state[f"diverged:{name}"]
            if diverged:
                text = self.tr("diverged at step {k}").format(k=diverged)
                status.setText(f"✕ {text}")
                sheet = f"color: {style.theme().negative}; font-weight: bold;"
                (x0, x1), (y0, y1) = view_range(self.config)
                x, y = paths[name][-1]  # where it stopped, pulled into view when it flew off
                x = min(max(x, x0), x0 + 0.7 * (x1 - x0))
                y = min(max(y, y0 + 0.06 * (y1 - y0)), y1)
                labels[name] = (x, y, f"✕ {NAMES[name]} {text}", colours[name])
            else:
                status.setText(f"f = {num(state[f'f:{name}'])}")
                sheet = ""
            if status.styleSheet() != sheet:  # a style sheet set again repolishes the label, every step
                status.setStyleSheet(sheet)
        self.map.set_labels(labels)
        self.nowLine.setValue(state["iteration"])
        if self.map3d is not None and self.stack.currentWidget() is self.map3d:
            self.map3d.set_paths(paths, {n: state[f"loss:{n}"] for n in enabled}, colours)

    def restyle(self) -> None:
        self.restyle_widgets()
        super().restyle()

    def restyle_widgets(self) -> None:
        self.map.restyle()
        self.sideScroll.setFixedWidth(int(520 * min(style.scale(), 1.6)))
        for swatch in self.swatches.values():
            swatch.setFixedSize(int(22 * style.scale()), int(10 * style.scale()))
        t = style.theme()
        self.lossPlot.setBackground(t.background)
        for axis in ("left", "bottom"):
            ax = self.lossPlot.getPlotItem().getAxis(axis)
            ax.setTickFont(axis_font(9))
            ax.setTextPen(pg.mkPen(style.color("text")))
        keep_end_labels(self.lossPlot.getPlotItem(), axis_font(9))
        self.lossPlot.setLabel("bottom", self.tr("iteration"))
        self.lossPlot.setLabel("left", self.tr("f(θ)"))
        self.nowLine.setPen(pg.mkPen(style.color("focus"), width=style.line(1.5)))
        self.expressionError.setStyleSheet(f"color: {t.negative};")
        self.glStatus.setStyleSheet(f"color: {t.muted};")
        self.surfaceNote.setStyleSheet(f"color: {t.muted};")
        if self._grid_key is not None:
            self._grid_key = None  # band colours follow the theme
