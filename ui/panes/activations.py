"""The activations pane: activation functions and their derivatives, softmax (naive beside safe),
losses term by term, and numerical differentiation — one page of plots per ``Config.view``.

Every number drawn comes from ``timeline.state_at(k)``; editing a control emits ``configEdited``.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetricsF
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFormLayout, QGridLayout, QHBoxLayout, QLabel, QLineEdit,
                               QPushButton, QStackedWidget, QVBoxLayout, QWidget)

from nnlab.labs.activations import FUNCTIONS, VIEWS
from nnlab.surfaces import nonfinite_note
from ui import style
from ui.panes.base import LabPane
from ui.terms import activation_name
from ui.transport import bar_scale
from ui.widgets.fields import NumberField
from ui.widgets.labels import Label, LabelLayer, px_font, text_px
from ui.widgets.plot_grid import DecadeAxis, add_grid, legend_cell

CHOICES = FUNCTIONS + ("leaky_relu",)
OVERFLOW_EXAMPLE = [1010.0, 1000.0, 990.0]


def _label(value) -> str:
    """A plotted value's label: nan and inf say so."""
    return style.fmt(value, 4)


def _font(points: float, bold: bool = False) -> QFont:
    """The default family at ``points`` × the presenter scale (``style.font``'s QFont("") crashes
    pyqtgraph's axis painter offscreen)."""
    font = QFont()
    font.setPointSizeF(points * style.scale())
    font.setBold(bold)
    return font


def _plot(widget: pg.GraphicsLayoutWidget, row: int, col: int, title: str, name: str, **kw) -> pg.PlotItem:
    plot = widget.addPlot(row=row, col=col, enableMenu=False, **kw)  # no menus: not even built (~10 ms a plot)
    plot.setObjectName(name)
    plot.setTitle(title)
    add_grid(plot)
    return plot


def _padder(names: list[str], font: QFont):
    """A function padding a name with spaces to the widest of ``names`` as drawn in ``font``
    (a Korean name is not a whole number of monospaced cells wide)."""
    metrics = QFontMetricsF(font)
    widest, space = max(metrics.horizontalAdvance(n) for n in names), metrics.horizontalAdvance(" ")
    return lambda name: name + " " * round((widest - metrics.horizontalAdvance(name)) / space)


class BarPlot:
    """One bar chart with a value label over each bar (nan and inf drawn as labelled stubs), placed
    by the shared label routine: a label that has no room (narrow bars at a large scale) is left
    out rather than drawn over its neighbour — the values stay in the readout and the formula."""

    def __init__(self, plot: pg.PlotItem):
        self.plot = plot
        self.bars = pg.BarGraphItem(x=[0], height=[0], width=0.6)
        plot.addItem(self.bars)
        self.layer = LabelLayer(plot.getViewBox(), z=20)
        plot.getViewBox().sigTransformChanged.connect(lambda _vb: self._place())  # resized, ranged
        self.values = np.zeros(0)
        self._labels: list[tuple[str, float, bool]] = []  # each bar's text, its top, whether it is finite
        self._drawn = None  # what the bars show now, to skip redrawing the same

    def set(self, values, colour: str, highlight: bool = False) -> None:
        values = np.asarray(values, dtype=np.float64).ravel()
        key = (values.tobytes(), colour, highlight, style.scale(), style.theme().name)
        if key == self._drawn:
            return
        self._drawn = key
        self.values = values
        finite = np.isfinite(values)
        heights = np.where(finite, values, 0.0)
        brushes = [style.color(colour if ok else "negative", 255 if highlight else 170) for ok in finite]
        pen = pg.mkPen(style.color("focus" if highlight else "muted"), width=style.line(2 if highlight else 1))
        self.bars.setOpts(x=np.arange(len(values)), height=heights, width=0.6, brushes=brushes, pen=pen)
        self._labels = [(_label(v), max(float(h), 0.0), bool(ok)) for v, h, ok in zip(values, heights, finite)]
        top = float(np.max(heights, initial=0.0))
        bottom = float(np.min(heights, initial=0.0))
        pad = 0.18 * (top - bottom) if top > bottom else 1.0
        self.plot.getAxis("bottom").setTicks([[(i, str(i)) for i in range(len(values))]])
        self.plot.setXRange(-0.6, len(values) - 0.4, padding=0)
        self.plot.setYRange(bottom - (pad if bottom < 0 else 0), top + pad, padding=0)
        self._place()

    def _place(self) -> None:
        vb = self.layer.view
        if not self._labels or vb.height() < 2:
            self.layer.draw([])
            return
        size = text_px(vb.height())
        above, inside = (0.5, 1.0, 0, -2), (0.5, 0.0, 0, 2)  # over the bar's top, or just under it
        self.layer.show([Label(i, (text,), (float(i), top), (above, inside), px_font(size, bold=not ok),
                               priority=0 if ok else 1, fill=False,
                               color=style.color("text" if ok else "negative"))
                         for i, (text, top, ok) in enumerate(self._labels)])

    def shown(self) -> list[str]:
        """Each bar's label as shown ("" where it is left out)."""
        texts = self.layer.texts()
        return [texts.get(i, "") for i in range(len(self._labels))]

    def clear(self) -> None:
        if self._drawn == "clear":
            return
        self.set(np.zeros(len(self.values)), "muted")
        self._labels = []
        self.layer.draw([])
        self._drawn = "clear"


class Pane(LabPane):
    lab = "activations"

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.pages = QStackedWidget(self)
        self.pages.setObjectName("pages")
        layout.addWidget(self.pages, 1)
        self.side = QWidget(self)
        self.side.setObjectName("sidePanel")
        self.side.setFixedWidth(310)
        layout.addWidget(self.side)
        self._syncing = False
        self._drawn_timeline = None
        self._build_pages()
        self._build_side()

    # ----- construction -----------------------------------------------------------------------
    def _build_pages(self) -> None:
        """The four views' pages are built when first shown (15 plots up front cost a first
        opening ~0.4 s): each ``_build_<view>`` makes its page and its plots."""
        self.page: dict[str, pg.GraphicsLayoutWidget] = {}
        self._plots: list[pg.PlotItem] = []  # every plot built, for restyling
        self._x0: dict[str, pg.InfiniteLine] = {}  # the draggable x0 line of each plot with x on its axis

    @property
    def x0Lines(self) -> list[pg.InfiniteLine]:
        """The x0 lines built: the function's and the derivative's, then the curve plot's."""
        return [self._x0[name] for name in ("functionPlot", "derivativePlot", "curvePlot") if name in self._x0]

    def _page(self, view: str) -> pg.GraphicsLayoutWidget:
        """``view``'s page, built the first time it is asked for."""
        if view not in self.page:
            g = self.page[view] = pg.GraphicsLayoutWidget()
            g.setObjectName(f"{view}Page")
            getattr(self, f"_build_{view}")(g)
            self.pages.addWidget(g)
        return self.page[view]

    def _add_plot(self, g, row: int, col: int, title: str, name: str, **kw) -> pg.PlotItem:
        plot = _plot(g, row, col, title, name, **kw)
        self._plots.append(plot)
        return plot

    def _add_x0(self, plot: pg.PlotItem) -> None:
        line = pg.InfiniteLine(angle=90, movable=True)
        line.setToolTip(self.tr("Drag to move x₀"))
        line.sigDragged.connect(self._x0_dragging)
        line.sigPositionChangeFinished.connect(self._x0_dropped)
        plot.addItem(line)
        self._x0[plot.objectName()] = line

    def _build_functions(self, g) -> None:
        self.functionsPage = g
        self.functionPlot = self._add_plot(g, 0, 0, self.tr("f(x)"), "functionPlot")
        self.derivativePlot = self._add_plot(g, 1, 0, self.tr("f′(x), the slope"), "derivativePlot")
        self.derivativePlot.setXLink(self.functionPlot)
        self.curves: dict[str, tuple[pg.PlotDataItem, pg.PlotDataItem]] = {}
        self.legend = legend_cell(g.ci, 0, 1, rowspan=2)  # beside the plots, never on a curve
        g.sigDeviceRangeChanged.connect(self._fit_legend)  # resized: the legend fits the new height
        for name in CHOICES:
            self.curves[name] = (self.functionPlot.plot(name=name), self.derivativePlot.plot())
        self.fMarkers = pg.ScatterPlotItem()
        self.dfMarkers = pg.ScatterPlotItem()
        self.functionPlot.addItem(self.fMarkers)
        self.derivativePlot.addItem(self.dfMarkers)
        # the focused function's value beside its marker, placed clear of the plot's edges
        self.fLabels = LabelLayer(self.functionPlot.getViewBox())
        self.dfLabels = LabelLayer(self.derivativePlot.getViewBox())
        self._focus_labels: dict = {}
        for layer in (self.fLabels, self.dfLabels):
            layer.view.sigTransformChanged.connect(lambda _vb, layer=layer: self._place_focus(layer))  # resized, ranged
        for plot in (self.functionPlot, self.derivativePlot):
            self._add_x0(plot)

    def _build_softmax(self, g) -> None:
        self.softmaxPage = g
        titles = ((self.tr("naive: input a"), self.tr("naive: exp(a)"), self.tr("naive: y = exp(a) / Σ")),
                  (self.tr("safe: a − c (c = max a)"), self.tr("safe: exp(a − c)"), self.tr("safe: y = exp(a − c) / Σ")))
        names = (("naiveInput", "naiveExp", "naiveOutput"), ("safeShifted", "safeExp", "safeOutput"))
        self.softmaxBars = {names[r][c]: BarPlot(self._add_plot(g, r, c, titles[r][c], names[r][c]))
                            for r in range(2) for c in range(3)}

    def _build_losses(self, g) -> None:
        self.lossesPage = g
        self.predictionBars = BarPlot(self._add_plot(g, 0, 0, self.tr("prediction y"), "predictionPlot"))
        self.targetBars = BarPlot(self._add_plot(g, 0, 1, self.tr("target t"), "targetPlot"))
        self.sqBars = BarPlot(self._add_plot(g, 1, 0, self.tr("(y − t)²"), "squarePlot"))
        self.ceBars = BarPlot(self._add_plot(g, 1, 1, self.tr("−t · log y"), "crossEntropyPlot"))

    def _build_derivative(self, g) -> None:
        self.derivativePage = g
        self.curvePlot = self._add_plot(g, 0, 0, self.tr("f(x) and the tangent at x₀"), "curvePlot")
        self.fCurve = self.curvePlot.plot()
        self.tangentCurve = self.curvePlot.plot()
        self.x0Point = pg.ScatterPlotItem()
        self.curvePlot.addItem(self.x0Point)
        self._add_x0(self.curvePlot)
        self.errorPlot = self._add_plot(g, 0, 1, self.tr("error versus h (log–log)"), "errorPlot",
                                        axisItems={side: DecadeAxis(side) for side in ("left", "bottom")})
        self.errorPlot.setLogMode(True, True)
        self.errorPlot.setLabel("bottom", "h")
        self.forwardErr = self.errorPlot.plot(name=self.tr("forward"))
        self.centralErr = self.errorPlot.plot(name=self.tr("central"))
        self.errorLegend = legend_cell(g.ci, 1, 1, columns=2)  # below the plot, off its curves
        self.errorLegend.addItem(self.forwardErr, self.tr("forward"))
        self.errorLegend.addItem(self.centralErr, self.tr("central"))
        self.hLine = pg.InfiniteLine(angle=90, movable=False)
        self.errorPlot.addItem(self.hLine)
        self.fieldPlot = self._add_plot(g, 0, 2, self.tr("−∇f of x₀² + x₁²"), "fieldPlot")
        self.fieldPlot.setAspectLocked(True)
        self.arrows = pg.PlotDataItem(connect="pairs")
        self.pointArrow = pg.PlotDataItem(connect="pairs")
        self.pointMarker = pg.ScatterPlotItem()
        for item in (self.arrows, self.pointArrow, self.pointMarker):
            self.fieldPlot.addItem(item)
        g.ci.layout.setRowStretchFactor(0, 1)  # the plots take the height; the legend row only its own
        g.ci.layout.setColumnStretchFactor(0, 3)
        g.ci.layout.setColumnStretchFactor(1, 2)
        g.ci.layout.setColumnStretchFactor(2, 2)

    def _build_side(self) -> None:
        box = QVBoxLayout(self.side)
        box.setContentsMargins(8, 4, 4, 4)
        form = QFormLayout()
        self.viewSelector = QComboBox(self.side)
        self.viewSelector.setObjectName("view")
        for view, text in zip(VIEWS, (self.tr("Functions"), self.tr("Softmax"), self.tr("Losses"),
                                      self.tr("Derivative"))):
            self.viewSelector.addItem(text, view)
        self.viewSelector.activated.connect(lambda i: self._edit(view=self.viewSelector.itemData(i)))
        form.addRow(self.tr("View"), self.viewSelector)

        self.x0Field = self._number("x0", -1e6, 1e6, "x0", lambda v: self._edit(x0=v))
        self.xMinField = self._number("xMin", -1e6, 1e6, self.tr("x from"),
                                      lambda v: self._edit(x_range=[v, self.config.x_range[1]]))
        self.xMaxField = self._number("xMax", -1e6, 1e6, self.tr("x to"),
                                      lambda v: self._edit(x_range=[self.config.x_range[0], v]))
        self.samplesField = NumberField(201, 11, 2001, integer=True, label=self.tr("samples"), parent=self.side)
        self.samplesField.setObjectName("samples")
        self.samplesField.valueEdited.connect(lambda v: self._edit(samples=int(v)))
        self.samplesField.refused.connect(self._refused)
        self.rangeRows = QWidget(self.side)
        rows = QFormLayout(self.rangeRows)
        rows.setContentsMargins(0, 0, 0, 0)
        rows.addRow(self.tr("x₀"), self.x0Field)
        rows.addRow(self.tr("x from"), self.xMinField)
        rows.addRow(self.tr("x to"), self.xMaxField)
        rows.addRow(self.tr("samples"), self.samplesField)
        box.addLayout(form)
        box.addWidget(self.rangeRows)

        self.controls = QStackedWidget(self.side)
        self.controls.setObjectName("controls")
        box.addWidget(self.controls, 0)

        page = QWidget()
        grid = QGridLayout(page)
        grid.setContentsMargins(0, 0, 0, 0)
        self.checks: dict[str, QCheckBox] = {}
        for i, name in enumerate(CHOICES):
            check = QCheckBox(activation_name(name), page)
            check.setObjectName(f"fn_{name}")
            check.toggled.connect(self._functions_toggled)
            grid.addWidget(check, i // 2, i % 2)
            self.checks[name] = check
        self.controls.addWidget(page)

        page = QWidget()
        form = QFormLayout(page)
        form.setContentsMargins(0, 0, 0, 0)
        self.vectorField = self._vector_field("vector", "vector")
        form.addRow(self.tr("input a"), self.vectorField)
        self.overflowButton = QPushButton(self.tr("Large inputs [1010, 1000, 990]"), page)
        self.overflowButton.setObjectName("overflowExample")
        self.overflowButton.clicked.connect(lambda: self._edit(vector=OVERFLOW_EXAMPLE))
        form.addRow(self.overflowButton)
        self.controls.addWidget(page)

        page = QWidget()
        form = QFormLayout(page)
        form.setContentsMargins(0, 0, 0, 0)
        self.predictionField = self._vector_field("prediction", "prediction")
        self.targetField = self._vector_field("target", "target")
        form.addRow(self.tr("prediction y"), self.predictionField)
        form.addRow(self.tr("target t"), self.targetField)
        self.controls.addWidget(page)

        page = QWidget()
        form = QFormLayout(page)
        form.setContentsMargins(0, 0, 0, 0)
        self.expressionField = QLineEdit(page)
        self.expressionField.setObjectName("expression")
        self.expressionField.setToolTip(self.tr("A function of x: numbers, x, pi, e, + − * / ** ^, "
                                                "sin cos tan exp log sqrt tanh abs"))
        self.expressionField.editingFinished.connect(
            lambda: self._edit(expression=self.expressionField.text()) if self.config is not None
            and self.expressionField.text().strip() != self.config.expression else None)
        form.addRow(self.tr("f(x) ="), self.expressionField)
        self.expressionNote = QLabel(page)  # the engine's report of where f is not finite
        self.expressionNote.setObjectName("expressionNote")
        self.expressionNote.setWordWrap(True)
        form.addRow(self.expressionNote)
        self.hField = self._number("h", 1e-16, 1.0, "h", lambda v: self._edit(h=v))
        form.addRow(self.tr("h"), self.hField)
        self.pointField = self._vector_field("point", "point")
        form.addRow(self.tr("point (x₀, x₁)"), self.pointField)
        self.controls.addWidget(page)

        self.errorLabel = QLabel(self.side)
        self.errorLabel.setObjectName("error")
        self.errorLabel.setWordWrap(True)
        box.addWidget(self.errorLabel)
        self.readout = QLabel(self.side)
        self.readout.setObjectName("readout")
        self.readout.setWordWrap(False)
        self.readout.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.readout.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        box.addWidget(self.readout, 1)

    def _number(self, name, lo, hi, label, slot) -> NumberField:
        field = NumberField(0.0, lo, hi, label=label, parent=self.side)
        field.setObjectName(name)
        field.valueEdited.connect(slot)
        field.refused.connect(self._refused)
        return field

    def _vector_field(self, name: str, field: str) -> QLineEdit:
        edit = QLineEdit(self.side)
        edit.setObjectName(name)
        edit.setToolTip(self.tr("Numbers separated by commas"))
        edit.editingFinished.connect(lambda: self._vector_edited(edit, field))
        return edit

    # ----- editing ------------------------------------------------------------------------------
    def _refused(self, reason: str) -> None:
        self.errorLabel.setText(reason)
        self.message.emit(reason)

    def _edit(self, **changes) -> bool:
        """Validate and emit the edited config; a refusal shows its reason and keeps the lab."""
        if self.config is None or self._syncing:
            return False
        data = {**self.config.to_dict(), **changes}
        try:
            config = type(self.config).from_dict(data)
        except (ValueError, TypeError) as exc:
            self._refused(str(exc))
            self._sync_controls()
            return False
        self.errorLabel.clear()
        if config != self.config:
            self.configEdited.emit(config)
        return True

    def edit(self, **changes) -> bool:
        return self._edit(**changes)

    def _vector_edited(self, edit: QLineEdit, field: str) -> None:
        if self.config is None or self._syncing:
            return
        text = edit.text().replace("−", "-").strip().strip("[]")
        try:
            values = [float(part) for part in text.split(",") if part.strip()]
        except ValueError:
            self._refused(self.tr("{field}: type numbers separated by commas").format(field=field))
            self._sync_controls()
            return
        if values != list(getattr(self.config, field)):
            self._edit(**{field: values})

    def _functions_toggled(self) -> None:
        if self.config is None or self._syncing:
            return
        chosen = [name for name in CHOICES if self.checks[name].isChecked()]
        if not chosen:
            self._refused(self.tr("functions: choose at least one function"))
            self._sync_controls()
            return
        self._edit(functions=chosen)

    def _x0_dragging(self, line) -> None:
        for other in self.x0Lines:
            if other is not line:
                other.setValue(line.value())

    def _x0_dropped(self, line) -> None:
        self._edit(x0=round(float(line.value()), 2))

    # ----- drawing ------------------------------------------------------------------------------
    def rebuild(self) -> None:
        if self.config is None:
            return
        self.pages.setCurrentWidget(self._page(self.config.view))
        self.controls.setCurrentIndex(VIEWS.index(self.config.view))
        self.rangeRows.setVisible(self.config.view in ("functions", "derivative"))
        self._drawn_timeline = None
        self._sync_controls()
        self._restyle_plots()
        if "functions" in self.page:
            self.legend.clear()
            for name in self.config.functions:
                self.legend.addItem(self.curves[name][0], activation_name(name))
            self.legend.setLabelTextColor(style.theme().text)
            self._fit_legend()
        if "derivative" in self.page:
            self.errorLegend.setLabelTextColor(style.theme().text)
            for _sample, label in self.errorLegend.items:
                label.setText(label.text, size=f"{9 * style.scale():.0f}pt")

    def _fit_legend(self, *_args) -> None:
        """The functions' legend at its style size, shrunk to the plots' height: taller, it would
        stretch the plots' rows past the canvas's bottom edge (their x-axis cut)."""
        points = 9 * style.scale()
        room = self.functionsPage.height() - 24  # less the layout's margins
        for _ in range(2):
            size = f"{points:.1f}pt"
            changed = [label for _sample, label in self.legend.items if label.opts.get("size") != size]
            for label in changed:  # unchanged: no new layout
                label.setText(label.text, size=size)
            if changed:
                self.legend.updateSize()
            height = self.legend.layout.preferredHeight()
            if room <= 0 or height <= room:
                return
            points = max(5.0, points * room / height)

    def _sync_controls(self) -> None:
        c = self.config
        self._syncing = True
        try:
            self.viewSelector.setCurrentIndex(VIEWS.index(c.view))
            self.x0Field.set_value(c.x0)
            self.xMinField.set_value(c.x_range[0])
            self.xMaxField.set_value(c.x_range[1])
            self.samplesField.set_value(c.samples)
            for name, check in self.checks.items():
                check.setChecked(name in c.functions)
            self.vectorField.setText(", ".join(f"{v:g}" for v in c.vector))
            self.predictionField.setText(", ".join(f"{v:g}" for v in c.prediction))
            self.targetField.setText(", ".join(f"{v:g}" for v in c.target))
            self.expressionField.setText(c.expression)
            self.hField.set_value(c.h)
            self.hField.setText(f"{c.h:g}")
            self.pointField.setText(", ".join(f"{v:g}" for v in c.point))
            for field in (self.vectorField, self.predictionField, self.targetField, self.expressionField):
                field.setCursorPosition(0)
            for line in self.x0Lines:
                line.setValue(c.x0)
        finally:
            self._syncing = False

    def _restyle_plots(self) -> None:
        t = style.theme()
        for widget in self.page.values():
            widget.setBackground(t.background)
        grow_plots = bar_scale(style.scale()) / style.scale()  # titles and ticks grow as the window's bars do,
        # so three plots side by side keep their titles whole on a projector
        for plot in self._plots:
            for axis in ("left", "bottom"):
                ax = plot.getAxis(axis)
                ax.setPen(pg.mkPen(t.muted))
                ax.setTextPen(pg.mkPen(t.text))
                ax.setTickFont(_font(9 * grow_plots))
            plot.titleLabel.setText(plot.titleLabel.text, color=t.text, size=f"{11 * style.scale() * grow_plots:.0f}pt")
        for line in self.x0Lines:
            line.setPen(pg.mkPen(t.text, width=style.line(2), style=Qt.PenStyle.DashDotLine))
            line.setHoverPen(pg.mkPen(t.negative, width=style.line(4)))
        if "derivative" in self.page:
            self.hLine.setPen(pg.mkPen(t.muted, width=style.line(1), style=Qt.PenStyle.DashLine))
        grow = 1 + 0.35 * (style.scale() - 1)  # the side panel grows less than the plots' type
        self.readout.setFont(style.font(10 * grow / style.scale(), mono=True))
        self.side.setFixedWidth(int(310 * grow))
        self.errorLabel.setStyleSheet(f"color: {t.negative}; font-weight: bold;")

    def _series(self, i: int):
        t = style.theme()
        dash = Qt.PenStyle.DashLine if i >= len(t.series) else Qt.PenStyle.SolidLine
        return t.series[i % len(t.series)], dash

    def show_step(self, k: int) -> None:
        super().show_step(k)
        if self.timeline is None:
            return
        state = self.revealed(k)
        focus = set(self.step_focus(k))
        fresh = self._drawn_timeline is not self.timeline  # the base (curves) changes only with the timeline
        getattr(self, f"_draw_{self.config.view}")(state, focus, fresh)
        self._drawn_timeline = self.timeline

    def _draw_functions(self, state, focus, fresh: bool) -> None:
        c, x = self.config, state["x"]
        lines = []
        pad = _padder([activation_name(name) for name in c.functions], self.readout.font())
        fx, fy, dx, dy, brushes_f, brushes_d = [], [], [], [], [], []
        for i, name in enumerate(CHOICES):
            f_item, df_item = self.curves[name]
            shown = name in c.functions
            f_item.setVisible(shown)
            df_item.setVisible(shown)
            if not shown:
                continue
            colour, dash = self._series(c.functions.index(name))
            thick = 4 if (f"f:{name}" in focus or f"df:{name}" in focus) else 2
            pen = pg.mkPen(colour, width=style.line(thick), style=dash)
            if fresh:
                f_item.setData(x, state[f"f:{name}"])
                df_item.setData(x, state[f"df:{name}"])
            f_item.setPen(pen)
            df_item.setPen(pen)
            if f"fx:{name}" in state:
                fx.append(state["x0"])
                fy.append(state[f"fx:{name}"])
                brushes_f.append(pg.mkBrush(colour))
            if f"dfx:{name}" in state:
                dx.append(state["x0"])
                dy.append(state[f"dfx:{name}"])
                brushes_d.append(pg.mkBrush(colour))
            fxt = _label(state[f"fx:{name}"]) if f"fx:{name}" in state else "·"
            dfxt = _label(state[f"dfx:{name}"]) if f"dfx:{name}" in state else "·"
            mark = "▶" if (f"f:{name}" in focus or f"df:{name}" in focus) else " "
            lines.append(f"{mark}{pad(activation_name(name))} {fxt:>7} {dfxt:>7}")
        size = 11 * style.scale()
        pen = pg.mkPen(style.theme().text, width=style.line(1))
        self.fMarkers.setData(fx, fy, size=size, brush=brushes_f, pen=pen)
        self.dfMarkers.setData(dx, dy, size=size, brush=brushes_d, pen=pen)
        self._focus_text(self.fLabels, state, focus, "f", "fx")
        self._focus_text(self.dfLabels, state, focus, "df", "dfx")
        head = f" {pad('')} {'f(x₀)':>7} {'f′(x₀)':>7}"
        self.readout.setText(self.tr("x₀ = {x0}").format(x0=_label(state["x0"])) + "\n\n" + head + "\n"
                             + "\n".join(lines))

    def _focus_text(self, layer: LabelLayer, state, focus, prefix: str, key: str) -> None:
        """'name(x₀) = value' beside the focused function's marker (or nothing)."""
        names = [f.split(":", 1)[1] for f in focus if f.startswith(prefix + ":")]
        if not names or f"{key}:{names[0]}" not in state:
            self._focus_labels.pop(id(layer), None)
        else:
            name = names[0]
            mark = "′" if prefix == "df" else ""
            value = _label(state[f"{key}:{name}"])
            texts = (f"{name}{mark}({_label(state['x0'])}) = {value}", f"{name}{mark} = {value}")
            self._focus_labels[id(layer)] = (texts, (float(state["x0"]), float(state[f"{key}:{name}"])))
        self._place_focus(layer)

    def _place_focus(self, layer: LabelLayer) -> None:
        """Place (again, after a resize) the focus label of ``layer``'s plot: beside the marker,
        on whichever side keeps it inside the plot."""
        shown = self._focus_labels.get(id(layer))
        if shown is None or layer.view.height() < 2:
            layer.draw([])
            return
        texts, at = shown
        r = 5.5 * style.scale() + 3
        spots = ((0, 1, r, -r), (1, 1, -r, -r), (0, 0, r, r), (1, 0, -r, r), (0.5, 1, 0, -r), (0.5, 0, 0, r))
        label = Label("focus", texts, at, spots, px_font(text_px(layer.view.height()), bold=True),
                      slide=layer.view.width())
        layer.show([label])

    def focus_texts(self) -> tuple[str, str]:
        """The focus labels shown beside the function's and the derivative's marker ('' for none)."""
        return tuple(next(iter(layer.texts().values()), "") for layer in (self.fLabels, self.dfLabels))

    def _draw_softmax(self, state, focus, fresh: bool) -> None:
        t = style.theme()
        bars = self.softmaxBars
        bars["naiveInput"].set(state["softmax:input"], t.series[0])
        pairs = (("safeShifted", "softmax:shifted", 0), ("naiveExp", "naive:exp", 1), ("safeExp", "softmax:exp", 1),
                 ("naiveOutput", "naive:output", 2), ("safeOutput", "softmax:output", 2))
        for name, key, colour in pairs:
            if key in state:
                bars[name].set(state[key], t.series[colour], highlight=key in focus)
            else:
                bars[name].clear()
        lines = [self.tr("a = {v}").format(v=self._vector_text(state["softmax:input"]))]
        for key, text in (("softmax:max", self.tr("c = max a = {v}")), ("naive:sum", self.tr("naive Σ exp(a) = {v}")),
                          ("softmax:sum", self.tr("safe Σ exp(a − c) = {v}"))):
            if key in state:
                lines.append(text.format(v=style.fmt(state[key], 6) if np.isfinite(state[key]) else _label(state[key])))
        if "naive:finite" in state:
            lines.append(self.tr("naive form finite: {v}").format(
                v=self.tr("yes") if state["naive:finite"] else self.tr("no — overflow")))
        self.readout.setText("\n".join(lines))

    def _vector_text(self, values) -> str:
        return "[" + ", ".join(_label(v) for v in np.ravel(values)) + "]"

    def _draw_losses(self, state, focus, fresh: bool) -> None:
        t = style.theme()
        self.predictionBars.set(state["loss:prediction"], t.series[0])
        self.targetBars.set(state["loss:target"], t.series[2])
        for bars, key, colour in ((self.sqBars, "loss:sq", t.series[1]), (self.ceBars, "loss:ce_terms", t.series[3])):
            if key in state:
                bars.set(state[key], colour, highlight=key in focus)
            else:
                bars.clear()
        lines = []
        for key, text in (("loss:mse", self.tr("mean squared error E = {v}")),
                          ("loss:ce", self.tr("cross-entropy E = {v}"))):
            lines.append(text.format(v=_label(state[key]) if key in state else "·"))
        self.readout.setText("\n".join(lines))

    def _draw_derivative(self, state, focus, fresh: bool) -> None:
        t = style.theme()
        if fresh:
            self.fCurve.setData(state["deriv:x"], state["deriv:f"], pen=pg.mkPen(t.series[0], width=style.line(2.5)),
                                connect="finite")
            note = nonfinite_note(state["deriv:f"], "f(x)")
            self.expressionNote.setText(note)
            self.expressionNote.setVisible(bool(note))
        if "deriv:tangent" in state:
            self.tangentCurve.setData(state["deriv:x"], state["deriv:tangent"],
                                      pen=pg.mkPen(t.series[1], width=style.line(4 if "deriv:tangent" in focus else 2),
                                                   style=Qt.PenStyle.DashLine))
        else:
            self.tangentCurve.setData([], [])
        self.x0Point.setData([state["deriv:x0"]], [state["deriv:fx0"]], size=12 * style.scale(),
                             brush=pg.mkBrush(t.focus), pen=pg.mkPen(t.text))
        if fresh:
            lo, hi = self.config.x_range
            finite = state["deriv:f"][np.isfinite(state["deriv:f"])]
            self.curvePlot.setXRange(lo, hi, padding=0.02)
            if finite.size:
                self.curvePlot.setYRange(float(finite.min()), float(finite.max()), padding=0.08)
        if "deriv:h" in state:
            width = style.line(4 if "deriv:errors" in focus else 2)
            self.forwardErr.setData(state["deriv:h"], state["deriv:err_forward"], pen=pg.mkPen(t.series[1], width=width))
            self.centralErr.setData(state["deriv:h"], state["deriv:err_central"], pen=pg.mkPen(t.series[2], width=width))
            self.hLine.setValue(math.log10(self.config.h))
            self.hLine.setVisible(True)
        else:
            self.forwardErr.setData([], [])
            self.centralErr.setData([], [])
            self.hLine.setVisible(False)
        if "grad:arrows" in state:
            seg = state["grad:arrows"]
            self.arrows.setData(seg[:, 0], seg[:, 1], connect="pairs",
                                pen=pg.mkPen(t.series[0], width=style.line(4 if "grad:field" in focus else 2)))
        else:
            self.arrows.setData([], [])
        p = self.config.point
        if "grad:point_arrow" in state:
            seg = state["grad:point_arrow"]
            self.pointArrow.setData(seg[:, 0], seg[:, 1], connect="pairs", pen=pg.mkPen(t.negative, width=style.line(3)))
        else:
            self.pointArrow.setData([], [])
        self.pointMarker.setData([p[0]], [p[1]], size=10 * style.scale(), brush=pg.mkBrush(t.focus), pen=pg.mkPen(t.text))
        rows = [("deriv:forward", self.tr("forward difference")), ("deriv:central", self.tr("central difference")),
                ("deriv:slope", self.tr("true f′(x₀)")), ("deriv:best_h_forward", self.tr("best h, forward")),
                ("deriv:best_h_central", self.tr("best h, central")), ("grad:d0", "∂f/∂x₀"), ("grad:d1", "∂f/∂x₁")]
        lines = [self.tr("x₀ = {x0}, f(x₀) = {f}").format(x0=_label(state["deriv:x0"]), f=_label(state["deriv:fx0"]))]
        for key, text in rows:
            value = state.get(key)
            shown = "·" if value is None else (f"{value:.10g}" if key in ("deriv:forward", "deriv:central",
                                                                        "deriv:slope") else _label(value))
            lines.append(f"{text}: {shown}")
        self.readout.setText("\n".join(lines))
