"""The series pane: the series with the held-out tail, the ARIMA and LSTM forecasts as they are
revealed (the current forecast marked), the differenced series below, the fitted coefficients and
the RMSE of each model; controls on the right (source, a CSV column, p, d, q, the tail, the LSTM and
its training in a Worker with progress and Cancel).

Every number drawn comes from ``timeline.state_at(k)``; edits go through ``Config.from_dict`` as
``configEdited``; a CSV column is read by ``nnlab.series.read_csv_column``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFileDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit,
                               QPushButton, QSizePolicy, QVBoxLayout, QWidget)

from nnlab import series as engine
from nnlab.formulas import num, sub
from nnlab.labs import series as lab
from ui import style
from ui.panes.base import LabPane
from ui.widgets.fields import NumberField, side_scroll
from ui.widgets.plot_grid import add_grid
from ui.widgets.train_box import TrainBox, WorkerTraining

TRAIN_ITERATIONS = 300


def _train_job(config, progress, control):
    return lab.train(config, TRAIN_ITERATIONS, progress=progress, should_stop=lambda: control.stopped)


class Pane(WorkerTraining, LabPane):
    lab = "series"
    train_job = staticmethod(_train_job)

    def __init__(self, parent=None):
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        left = QVBoxLayout()
        self.plots = pg.GraphicsLayoutWidget(self)
        self.plots.setObjectName("seriesPlots")
        self.main = self.plots.addPlot(row=0, col=0)
        self.diff = self.plots.addPlot(row=1, col=0)
        self.plots.ci.layout.setRowStretchFactor(0, 3)
        self.plots.ci.layout.setRowStretchFactor(1, 1)
        for plot in (self.main, self.diff):
            plot.setMenuEnabled(False)
            plot.setMouseEnabled(False, False)
            add_grid(plot)
        self.curves = {name: self.main.plot() for name in ("train", "tail", "arima", "lstm")}
        self.marker = pg.ScatterPlotItem()
        self.main.addItem(self.marker)
        self.split_line = pg.InfiniteLine(angle=90, movable=False)
        self.main.addItem(self.split_line)
        self.diff_curve = self.diff.plot()
        left.addWidget(self.plots, 1)
        self.summary = QLabel(self)
        self.summary.setObjectName("seriesSummary")
        self.summary.setWordWrap(True)  # coefficients and RMSE wrap, never clip
        self.summary.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        left.addWidget(self.summary)
        layout.addLayout(left, 1)
        layout.addWidget(self._controls())

    # ---------------------------------------------------------------- controls
    def _controls(self) -> QWidget:
        panel = QWidget()
        panel.setObjectName("controls")
        box = QVBoxLayout(panel)
        box.setContentsMargins(4, 0, 0, 0)
        form = QFormLayout()
        self.source = QComboBox(panel)
        self.source.setObjectName("seriesSource")
        for name, text in (("airline", self.tr("Airline passengers 1949–1960")),
                           ("generated", self.tr("Generated: trend + season + noise")),
                           ("values", self.tr("A CSV column"))):
            self.source.addItem(text, name)
        self.source.activated.connect(self._source_chosen)
        form.addRow(self.tr("Series"), self.source)
        self.column = QLineEdit(panel)
        self.column.setObjectName("csvColumn")
        self.column.setPlaceholderText(self.tr("column"))
        self.load = QPushButton(self.tr("Load CSV…"), panel)
        self.load.setObjectName("loadCsv")
        self.load.clicked.connect(self._load_dialog)
        form.addRow(self.load, self.column)
        self.fields = {}
        rows = ((self.tr("p, d, q"), (("p", 0, lab.MAX_P), ("d", 0, lab.MAX_D), ("q", 0, lab.MAX_Q))),
                (self.tr("Held-out tail, seed"), (("test", 1, lab.MAX_TEST), ("seed", 0, 2**32 - 1))),
                (self.tr("LSTM window, size"), (("window", 1, 24), ("hidden", 1, 16))))
        for text, names in rows:
            row = QHBoxLayout()
            for name, lo, hi in names:
                field = NumberField(0, lo, hi, integer=True, label=name)
                field.setObjectName(f"series_{name}")
                field.setToolTip(name)
                field.valueEdited.connect(lambda v, n=name: self._edit(**{n: int(v)}))
                field.refused.connect(self.message)
                row.addWidget(field)
                self.fields[name] = field
            form.addRow(text, row)
        self.with_lstm = QCheckBox(self.tr("An LSTM beside ARIMA"), panel)
        self.with_lstm.setObjectName("withLstm")
        self.with_lstm.toggled.connect(lambda on: self._edit(lstm=on))
        form.addRow(self.with_lstm)
        self.editors = QWidget(panel)
        self.editors.setLayout(form)
        box.addWidget(self.editors)
        task = TrainBox(self.tr("LSTM on the same windows"), self.tr("Train (Adam)"), "trainLstm",
                        self.start_training, self.cancel_training)
        self.train_button, self.cancel_button = task.train_button, task.cancel_button
        self.progress, self.train_status = task.progress, task.status
        box.addWidget(task)
        box.addStretch(1)
        return side_scroll(panel, "seriesControls", 400)

    def _edit(self, **changes) -> bool:
        if self.config is None:
            return False
        if changes.get("lstm") == self.config.lstm:
            return False
        if any(k in changes for k in ("window", "hidden", "source", "values", "test")):
            changes["lstm_weights"] = None  # the trained LSTM no longer fits
        return self.edit_or_restore(**changes)

    def _source_chosen(self, index: int) -> None:
        name = self.source.itemData(index)
        if name == "values":
            self._load_dialog()
            self.rebuild()
        else:
            self._edit(source=name)

    def _load_dialog(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, self.tr("Load a CSV column"), "", self.tr("CSV files (*.csv)"))
        if path:
            self.load_csv(path, self.column.text().strip() or "2")

    def load_csv(self, path, column: str) -> bool:
        """Put column ``column`` of the CSV file ``path`` in the lab; a bad file or column is refused
        through ``message`` and nothing changes."""
        try:
            values = engine.read_csv_column(path, column)
        except (ValueError, OSError) as exc:
            self.message.emit(str(exc))
            return False
        ok = self._edit(source="values", values=values.tolist())
        if ok:
            self.message.emit(self.tr("Loaded {n} values from {name}").format(n=len(values), name=Path(path).name))
        return ok

    # ---------------------------------------------------------------- LabPane
    def rebuild(self) -> None:
        c = self.config
        self.source.setCurrentIndex(self.source.findData(c.source))
        for name, field in self.fields.items():
            field.set_value(getattr(c, name))
        self.with_lstm.blockSignals(True)
        self.with_lstm.setChecked(c.lstm)
        self.with_lstm.blockSignals(False)
        self.train_button.setEnabled(c.lstm and not self._training())
        y = self.timeline.base["y"]
        self.n = int(self.timeline.base["train"])
        th = style.theme()
        self.plots.setBackground(style.color(th.background))
        self.tick_font = style.font(8)
        for plot in (self.main, self.diff):
            for axis in ("left", "bottom"):
                plot.getAxis(axis).setTextPen(style.color(th.text))
                plot.getAxis(axis).setPen(style.color(th.muted))
                plot.getAxis(axis).setTickFont(self.tick_font)
        t = np.arange(1, len(y) + 1)
        self.curves["train"].setData(t[:self.n], y[:self.n])
        self.curves["train"].setPen(pg.mkPen(style.color(th.text), width=style.line(2)))
        self.curves["tail"].setData(t[self.n - 1:], y[self.n - 1:])
        self.curves["tail"].setPen(pg.mkPen(style.color(th.muted), width=style.line(2), style=pg.QtCore.Qt.PenStyle.DashLine))
        for i, name in enumerate(("arima", "lstm")):
            colour = style.color(th.series[i])
            self.curves[name].setPen(pg.mkPen(colour, width=style.line(3)))
            self.curves[name].setSymbol("o")
            self.curves[name].setSymbolSize(6 * style.scale())
            self.curves[name].setSymbolBrush(colour)
            self.curves[name].setSymbolPen(colour)
        self.split_line.setPen(pg.mkPen(style.color(th.muted), width=style.line(1)))
        self.split_line.setValue(self.n + 0.5)
        self.diff_curve.setPen(pg.mkPen(style.color(th.series[2]), width=style.line(1.5)))
        series_name, held_out = self.tr("series"), self.tr("held out")
        names = [f"<span style='color:{th.text}'>{series_name}</span>",
                 f"<span style='color:{th.muted}'>{held_out}</span>",
                 f"<span style='color:{th.series[0]}'>ARIMA({c.p}, {c.d}, {c.q})</span>"]
        if c.lstm:
            names.append(f"<span style='color:{th.series[1]}'>LSTM</span>")
        self.main.setTitle(" · ".join(names), color=th.text, size=f"{10 * style.scale():.0f}pt")

    def show_step(self, k: int) -> None:
        super().show_step(k)
        if self.timeline is None:
            return
        state = self.revealed(k)
        th = style.theme()
        t0 = self.n + 1
        for name in ("arima", "lstm"):
            f = state.get(name)
            self.curves[name].setData([] if f is None else np.arange(t0, t0 + len(f)),
                                      [] if f is None else np.asarray(f))
        spots = []
        for focus in self.step_focus(k):
            if focus.startswith("forecast:"):
                _kind, name, h = focus.split(":")
                value = state.get(f"{name}:{h}")
                if value is not None:
                    spots.append({"pos": (t0 + int(h), float(value)), "size": 16 * style.scale(),
                                  "pen": pg.mkPen(style.color(th.focus), width=style.line(3)), "brush": None})
        self.marker.setData(spots)
        order = max([int(key.split(":")[1]) for key in state if key.startswith("diff:")], default=0)
        if order:
            w = np.asarray(state[f"diff:{order}"])
            self.diff_curve.setData(np.arange(order + 1, order + 1 + len(w)), w)
            self.diff.setTitle("Δ" + ("²" if order == 2 else "") + "y", color=th.text, size=f"{10 * style.scale():.0f}pt")
        else:
            self.diff_curve.setData([], [])
            self.diff.setTitle(self.tr("no differences yet"), color=th.muted, size=f"{10 * style.scale():.0f}pt")
        self.summary.setText(self._summary(state))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        small = self.plots.height() < 360 * min(style.scale(), 1.5)  # the series first: Δy only with room
        self.diff.setVisible(not small)
        self.plots.ci.layout.setRowMaximumHeight(1, 0 if small else 10_000)

    def _summary(self, state) -> str:
        c = self.config
        parts = []
        coef = state.get("coef")
        if coef is not None:
            names = ["c"] + [f"φ{sub(i + 1)}" for i in range(c.p)] + [f"θ{sub(j + 1)}" for j in range(c.q)]
            terms = [f"{n} = {num(v)}" for n, v in zip(names, np.ravel(coef))]
            parts.append(", ".join(terms if len(terms) <= 5 else terms[:3] + ["…"] + terms[-1:]))
        scores = [f"{name} {num(state[key])}" for name, key in (("ARIMA", "rmse:arima"), ("LSTM", "rmse:lstm"))
                  if key in state]
        if scores:
            parts.append("RMSE: " + " | ".join(scores))
        return " · ".join(parts)

    # ---------------------------------------------------------------- training
    def _lock(self, training: bool) -> None:
        self.editors.setEnabled(not training)
        self.train_button.setEnabled(not training)
        self.cancel_button.setEnabled(training)
