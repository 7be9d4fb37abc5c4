"""The training lab's pane: data plot with the decision boundary, live curves, the network diagram,
histograms (weights, activations, the init lesson), confusion matrix and test images; controls on
the right.

Two sources of what is drawn:

- the **timeline** (the transport): ``show_step(k)`` draws ``timeline.state_at(k)`` — the first
  mini-batch update number by number, then one step per epoch of the same seeded run;
- a **live run** (Train): ``nnlab.labs.training.run`` in a ``ui.worker.Worker`` thread, whose
  throttled progress payloads (≤ 10 a second) carry the rows, parameters and a snapshot the
  engine computed (boundary grid, histograms, confusion). While a run is shown, moving the
  playhead returns to the timeline once the run is over.

Responsiveness: the training thread rests after each payload and briefly every ``WORK_SLICE``
(the GUI thread's paints call Python hundreds of times and would otherwise wait for the GIL each
time), the epoch axis is fixed during a run, and the diagram and the tabs are redrawn at most
twice a second; bench/train.py measures the window at ≥ 30 frames a second during a run.

Every number drawn comes from the state or a payload (or an engine call such as
``training.node_map``); this module only formats and draws.
"""

from __future__ import annotations

import math
import sys
import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QRectF, Qt
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFileDialog, QFormLayout, QGridLayout, QGroupBox,
                               QHBoxLayout, QLabel, QLineEdit, QProgressBar, QPushButton, QScrollArea, QSizePolicy,
                               QSplitter, QTabWidget, QVBoxLayout, QWidget)

from nnlab.io import export_weights, load_weights
from nnlab.labs import training
from nnlab.optim import OPTIMIZERS
from ui import style
from ui.panes.base import LabPane
from ui.style import color, fmt, font, line, theme
from ui.widgets.fields import NumberField
from ui.widgets.network_diagram import NetworkDiagram
from ui.widgets.plots_histograms import HistogramGrid
from ui.widgets.plots_images import ImageGrid
from ui.worker import Worker

PROGRESS_INTERVAL = 0.1  # seconds between progress payloads: at most 10 redraws of the plots a second
PAYLOAD_PAUSE = 0.025  # the training thread rests this long after each payload, while the GUI draws it
WORK_SLICE = 0.02  # otherwise it works this long …
GUI_SLICE = 0.002  # … then sleeps this long, so the GIL reaches the GUI thread (repaints stay ≥ 30 fps)
DETAIL_INTERVAL = 0.5  # seconds between redraws of the diagram and the tabs during a run (curves and
                       # boundary follow every payload)
ERASE_RADIUS = 0.04  # a modifier-click erases points within this fraction of the plot's width

GIL_SWITCH = 2e-4  # seconds: while training runs, the interpreter hands the GIL over this often
_RUNNING: set = set()  # worker threads still running (kept alive until they end)
_SWITCH = {"saved": None}


def _thread_started(thread) -> None:
    """A short GIL switch interval while a training thread runs, so the GUI thread (whose paints
    go back and forth between Python and Qt) is never kept waiting the default 5 ms each time."""
    if not _RUNNING:
        _SWITCH["saved"] = sys.getswitchinterval()
        sys.setswitchinterval(GIL_SWITCH)
    _RUNNING.add(thread)


def _thread_finished(thread) -> None:
    _RUNNING.discard(thread)
    if not _RUNNING and _SWITCH["saved"] is not None:
        sys.setswitchinterval(_SWITCH["saved"])
        _SWITCH["saved"] = None


def _share(control):
    """A should_stop for the worker: honours pause/cancel and, every WORK_SLICE seconds of work,
    sleeps GUI_SLICE so the GUI thread can paint without waiting for the GIL at every Qt call."""
    last = [time.perf_counter()]

    def should_stop():
        control.wait_if_paused()
        if time.perf_counter() - last[0] > WORK_SLICE:
            time.sleep(GUI_SLICE)
            last[0] = time.perf_counter()
        return control.stopped

    return should_stop


def _train_job(config, progress=None, control=None):
    """The worker's job: a whole training run, polling the pause/stop flags between mini-batches."""
    def report(fraction, payload):
        progress(fraction, payload)
        time.sleep(PAYLOAD_PAUSE)  # the GUI draws this payload now, uncontended

    return training.run(config, progress=report, should_stop=_share(control), interval=PROGRESS_INTERVAL,
                        snapshots=True)


def _cv_job(config, progress=None, control=None):
    return training.cross_validate(config, should_stop=_share(control))


def _lighter(hex_colour: str, amount: float = 0.6) -> tuple[int, int, int]:
    c = color(hex_colour)
    return tuple(int(round(v + (255 - v) * amount)) for v in (c.red(), c.green(), c.blue()))


def _parse_id(focus: str):
    parts = focus.split(":")
    try:
        return parts[0], tuple(int(p) for p in parts[1:])
    except ValueError:
        return parts[0], ()


class _Guard:
    """Holds the running worker's Control outside the pane, so the pane's ``destroyed`` can stop it."""

    control = None

    def stop(self, *_):
        if self.control is not None:
            self.control.stop()


class Pane(LabPane):
    lab = "training"

    def __init__(self, parent=None):
        super().__init__(parent)
        self._worker: Worker | None = None
        self._run_config = None
        self.result: training.TrainResult | None = None  # the last finished (or cancelled) run
        self.live: dict | None = None  # what the live run showed last: rows, snapshot, params
        self.showing_live = False
        self.selected_node: tuple[int, int] | None = None
        self.cv_scores: list[float] | None = None
        self._syncing = False
        self._layout_key = None
        self.frame_times: list[float] = []  # seconds each progress payload took to draw (bench/train.py)
        self._detail_drawn = 0.0
        self._guard = _Guard()
        self._build()
        self.destroyed.connect(self._guard.stop)  # a pane deleted mid-run stops its thread

    # ---- building ----------------------------------------------------------------------------
    def _build(self) -> None:
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        outer.addWidget(self.splitter)
        plots = QWidget(self.splitter)
        grid = QGridLayout(plots)
        grid.setContentsMargins(4, 4, 4, 4)
        grid.setSpacing(4)

        # data plot: boundary heat map under the points (2-D) or the test images with predictions
        self.dataPlot = pg.PlotWidget(plots)
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
        self.dataPlot.scene().sigMouseClicked.connect(self._on_plot_click)
        self.dataCaption = QLabel(plots)
        self.dataCaption.setObjectName("dataCaption")
        self.dataCaption.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)  # never widens the column
        self.dataCaption.setWordWrap(True)
        self.imageGrid = ImageGrid(plots)
        data_box = QWidget(plots)
        dl = QVBoxLayout(data_box)
        dl.setContentsMargins(0, 0, 0, 0)
        dl.addWidget(self.dataCaption)
        dl.addWidget(self.dataPlot, 1)
        dl.addWidget(self.imageGrid, 1)
        grid.addWidget(data_box, 0, 0)

        # curves: loss and accuracy, train and test
        curves = QWidget(plots)
        cl = QVBoxLayout(curves)
        cl.setContentsMargins(0, 0, 0, 0)
        cl.setSpacing(2)
        self.lossPlot = pg.PlotWidget(curves)
        self.lossPlot.setObjectName("lossPlot")
        self.accPlot = pg.PlotWidget(curves)
        self.accPlot.setObjectName("accPlot")
        self.curves = {}
        for plot, key in ((self.lossPlot, "loss"), (self.accPlot, "acc")):
            plot.setMenuEnabled(False)
            plot.setClipToView(True)
            plot.setDownsampling(auto=True, mode="peak")
            plot.addLegend(offset=(-5, 5), brush=color("background", 210))
            self.curves[key] = plot.plot(name=QCoreApplication.translate("TrainingPane", "train"))
            self.curves[f"test_{key}"] = plot.plot(name=QCoreApplication.translate("TrainingPane", "test"))
            self.curves[f"{key}_marker"] = pg.InfiniteLine(angle=90, movable=False)
            plot.addItem(self.curves[f"{key}_marker"])
            cl.addWidget(plot, 1)
        self.accPlot.setYRange(0, 1.02)
        grid.addWidget(curves, 0, 1)

        # network diagram (the iteration's numbers; click a hidden node for its heat map)
        self.diagram = NetworkDiagram(plots)
        self.diagram.nodeClicked.connect(self._on_node_clicked)
        grid.addWidget(self.diagram, 1, 0)

        # tabs: histograms, inits, confusion, folds
        self.tabs = QTabWidget(plots)
        self.tabs.setObjectName("trainingTabs")
        self.histograms = HistogramGrid(self.tabs, "histograms")
        self.initHistograms = HistogramGrid(self.tabs, "initHistograms")
        self.initHistograms.setToolTip(QCoreApplication.translate(
            "TrainingPane", "Hidden activations of a fresh network with each initialisation "
                            "(std 0.01, Xavier √(1/n), He √(2/n)) on the training data"))
        self.confusionPlot = pg.PlotWidget(self.tabs)
        self.confusionPlot.setObjectName("confusionPlot")
        self.confusionPlot.setMenuEnabled(False)
        self.confusionPlot.hideButtons()
        self.confusionPlot.getViewBox().invertY(True)
        self.confusionPlot.getViewBox().setAspectLocked(True)
        self.confusion = pg.ImageItem(axisOrder="row-major")
        self.confusionPlot.addItem(self.confusion)
        self.confusion_texts: list[pg.TextItem] = []
        self.foldsPlot = pg.PlotWidget(self.tabs)
        self.foldsPlot.setObjectName("foldsPlot")
        self.foldsPlot.setMenuEnabled(False)
        self.folds = pg.BarGraphItem(x=[], height=[], width=0.6)
        self.foldsPlot.addItem(self.folds)
        self.foldsPlot.setYRange(0, 1.02)
        self.tabs.addTab(self.histograms, QCoreApplication.translate("TrainingPane", "Histograms"))
        self.tabs.addTab(self.initHistograms, QCoreApplication.translate("TrainingPane", "Inits: std · Xavier · He"))
        self.tabs.addTab(self.confusionPlot, QCoreApplication.translate("TrainingPane", "Confusion"))
        self.tabs.addTab(self.foldsPlot, QCoreApplication.translate("TrainingPane", "k-fold"))
        self.tabs.currentChanged.connect(lambda _i: self.refresh() if self.showing_live else None)
        grid.addWidget(self.tabs, 1, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(0, 1)
        grid.setRowStretch(1, 1)

        # controls
        self.scroll = QScrollArea(self.splitter)
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.controls = QWidget(self.scroll)
        self.controls.setObjectName("trainingControls")
        self.scroll.setWidget(self.controls)
        side = QVBoxLayout(self.controls)
        side.addWidget(self._run_box())
        side.addWidget(self._data_box())
        side.addWidget(self._network_box())
        side.addWidget(self._optimizer_box())
        side.addWidget(self._schedule_box())
        side.addStretch(1)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setSizes([880, 400])

    def _combo(self, name: str, items, field: str) -> QComboBox:
        box = QComboBox(self.controls)
        box.setObjectName(name)
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        box.setMinimumContentsLength(8)
        for value, text in items:
            box.addItem(text, value)
        box.currentIndexChanged.connect(lambda _i, b=box, f=field: self._edit_from(f, b.currentData()))
        return box

    def _number(self, name: str, field: str, lo: float, hi: float, integer: bool = False, label: str = "") -> NumberField:
        f = NumberField(0, lo, hi, integer, label or field, self.controls)
        f.setObjectName(name)
        f.valueEdited.connect(lambda v, k=field, i=integer: self._edit_from(k, int(v) if i else v))
        f.refused.connect(self.message.emit)
        return f

    def _check(self, name: str, text: str, field: str) -> QCheckBox:
        c = QCheckBox(text, self.controls)
        c.setObjectName(name)
        c.toggled.connect(lambda v, k=field: self._edit_from(k, bool(v)))
        return c

    def _button(self, name: str, text: str, slot) -> QPushButton:
        b = QPushButton(text, self.controls)
        b.setObjectName(name)
        b.clicked.connect(slot)
        return b

    def _run_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Train"), self.controls)
        g = QGridLayout(box)
        self.trainButton = self._button("trainButton", self.tr("Train"), self.train)
        self.pauseButton = self._button("pauseButton", self.tr("Pause"), self.pause)
        self.resumeButton = self._button("resumeButton", self.tr("Resume"), self.resume)
        self.cancelButton = self._button("cancelButton", self.tr("Cancel"), self.cancel)
        self.resetButton = self._button("resetButton", self.tr("Reset"), self.reset_run)
        self.exportButton = self._button("exportButton", self.tr("Export weights…"), self._export_dialog)
        self.importButton = self._button("importButton", self.tr("Import weights…"), self._import_dialog)
        self.progressBar = QProgressBar(box)
        self.progressBar.setObjectName("progressBar")
        self.progressBar.setRange(0, 1000)
        self.runStatus = QLabel(box)
        self.runStatus.setObjectName("runStatus")
        self.runStatus.setWordWrap(True)
        for i, b in enumerate((self.trainButton, self.pauseButton, self.resumeButton, self.cancelButton)):
            g.addWidget(b, 0, i)
        g.addWidget(self.progressBar, 1, 0, 1, 4)
        g.addWidget(self.runStatus, 2, 0, 1, 4)
        g.addWidget(self.resetButton, 3, 0)
        g.addWidget(self.exportButton, 3, 1, 1, 3)
        g.addWidget(self.importButton, 4, 1, 1, 3)
        self._set_running(False)
        return box

    def _data_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Data"), self.controls)
        f = QFormLayout(box)
        names = {"and": "AND", "or": "OR", "nand": "NAND", "nor": "NOR", "xor": "XOR", "xnor": "XNOR",
                 "seed": self.tr("seed data set (10 points)"), "circles": self.tr("circles"), "moons": self.tr("moons"),
                 "spirals": self.tr("spirals"), "blobs": self.tr("blobs"), "xor_noise": self.tr("XOR with noise"),
                 "digits": self.tr("8×8 digits"), "points": self.tr("my points"), "csv": self.tr("CSV file"),
                 "mnist": self.tr("MNIST (IDX files)")}
        self.datasetBox = self._combo("dataset", [(d, names[d]) for d in training.DATASETS], "dataset")
        f.addRow(self.tr("Data set"), self.datasetBox)
        self.samplesField = self._number("nSamples", "n_samples", 2, training.MAX_POINTS, True, self.tr("samples"))
        self.noiseField = self._number("noise", "noise", 0, 10, False, self.tr("noise"))
        self.dataSeedField = self._number("dataSeed", "data_seed", 0, training.MAX_SEED, True, self.tr("data seed"))
        f.addRow(self.tr("Samples"), self.samplesField)
        f.addRow(self.tr("Noise"), self.noiseField)
        f.addRow(self.tr("Data seed"), self.dataSeedField)
        self.csvButton = self._button("csvButton", self.tr("CSV file…"), self._choose_csv)
        self.labelColumnField = self._number("labelColumn", "label_column", -1000, 1000, True, self.tr("label column"))
        f.addRow(self.csvButton, self.labelColumnField)
        self.mnistButton = self._button("mnistButton", self.tr("MNIST files…"), self._choose_mnist)
        self.mnistLimitField = self._number("mnistLimit", "mnist_limit", 10, 100_000, True, self.tr("MNIST samples"))
        f.addRow(self.mnistButton, self.mnistLimitField)
        self.normaliseBox = self._combo("normalise", [("none", self.tr("none")), ("minmax", self.tr("min–max")),
                                                      ("zscore", self.tr("z-score"))], "normalise")
        f.addRow(self.tr("Normalise"), self.normaliseBox)
        self.testFractionField = self._number("testFraction", "test_fraction", 0, 0.9, False, self.tr("test fraction"))
        f.addRow(self.tr("Test fraction"), self.testFractionField)
        folds = QWidget(box)
        fl = QHBoxLayout(folds)
        fl.setContentsMargins(0, 0, 0, 0)
        self.foldsField = self._number("nFolds", "n_folds", 2, 20, True, self.tr("folds"))
        self.crossValidateButton = self._button("crossValidateButton", self.tr("Run k-fold"), self.cross_validate)
        fl.addWidget(self.foldsField)
        fl.addWidget(self.crossValidateButton)
        f.addRow(self.tr("k folds"), folds)
        self.pointClassBox = QComboBox(box)
        self.pointClassBox.setObjectName("pointClass")
        for c in range(4):
            self.pointClassBox.addItem(self.tr("class {c}").format(c=c), c)
        f.addRow(self.tr("Click adds"), self.pointClassBox)
        hint = QLabel(self.tr("Click the plot to add a point; Shift+click erases."), box)
        hint.setWordWrap(True)
        f.addRow(hint)
        return box

    def _network_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Network"), self.controls)
        f = QFormLayout(box)
        self.hiddenField = QLineEdit(box)
        self.hiddenField.setObjectName("hidden")
        self.hiddenField.setToolTip(self.tr("hidden layer sizes, e.g. 4 or 32, 16 (empty: no hidden layer)"))
        self.hiddenField.editingFinished.connect(self._hidden_edited)
        f.addRow(self.tr("Hidden layers"), self.hiddenField)
        self.activationBox = self._combo("activation", [(a, a) for a in training.HIDDEN_ACTIVATIONS], "activation")
        self.outputBox = self._combo("output", [(o, o) for o in training.OUTPUTS], "output")
        self.lossBox = self._combo("loss", [("mse", self.tr("squared error")), ("cross_entropy", self.tr("cross-entropy"))], "loss")
        self.initBox = self._combo("init", [("std", self.tr("std 0.01")), ("xavier", "Xavier"), ("he", "He")], "init")
        f.addRow(self.tr("Activation"), self.activationBox)
        f.addRow(self.tr("Output"), self.outputBox)
        f.addRow(self.tr("Loss"), self.lossBox)
        f.addRow(self.tr("Init"), self.initBox)
        self.binaryBox = self._check("binaryOutput", self.tr("one output unit for two classes"), "binary_output")
        self.biasBox = self._check("bias", self.tr("biases"), "bias")
        self.batchnormBox = self._check("batchnorm", self.tr("batch normalisation"), "batchnorm")
        f.addRow(self.binaryBox)
        f.addRow(self.biasBox)
        f.addRow(self.batchnormBox)
        self.dropoutField = self._number("dropout", "dropout", 0, 0.9, False, self.tr("dropout"))
        self.weightDecayField = self._number("weightDecay", "weight_decay", 0, 10, False, self.tr("weight decay"))
        self.decayBox = self._combo("decay", [("l2", "L2"), ("l1", "L1")], "decay")
        f.addRow(self.tr("Dropout"), self.dropoutField)
        decay = QWidget(box)
        dl = QHBoxLayout(decay)
        dl.setContentsMargins(0, 0, 0, 0)
        dl.addWidget(self.weightDecayField)
        dl.addWidget(self.decayBox)
        f.addRow(self.tr("Weight decay"), decay)
        return box

    def _optimizer_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Optimizer"), self.controls)
        f = QFormLayout(box)
        names = {"sgd": "SGD", "momentum": "Momentum", "nesterov": "Nesterov", "adagrad": "AdaGrad",
                 "rmsprop": "RMSprop", "adam": "Adam"}
        self.optimizerBox = self._combo("optimizer", [(o, names[o]) for o in OPTIMIZERS], "optimizer")
        f.addRow(self.tr("Optimizer"), self.optimizerBox)
        self.lrField = self._number("lr", "lr", 1e-9, 1e6, False, self.tr("learning rate"))
        f.addRow(self.tr("Learning rate η"), self.lrField)
        self.hyperFields = {
            "momentum": self._number("momentum", "momentum", 0, 0.999, False, "μ"),
            "alpha": self._number("alpha", "alpha", 0, 0.9999, False, "α"),
            "beta1": self._number("beta1", "beta1", 0, 0.9999, False, "β₁"),
            "beta2": self._number("beta2", "beta2", 0, 0.999999, False, "β₂"),
            "eps": self._number("eps", "eps", 0, 1, False, "ε"),
        }
        labels = {"momentum": self.tr("Momentum μ"), "alpha": self.tr("Decay α"), "beta1": "β₁", "beta2": "β₂",
                  "eps": self.tr("ε (0: default)")}
        self.hyperLabels = {}
        for key, field in self.hyperFields.items():
            label = QLabel(labels[key], box)
            self.hyperLabels[key] = label
            f.addRow(label, field)
        return box

    def _schedule_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Schedule"), self.controls)
        f = QFormLayout(box)
        self.epochsField = self._number("epochs", "epochs", 1, training.MAX_EPOCHS, True, self.tr("epochs"))
        f.addRow(self.tr("Epochs"), self.epochsField)
        self.batchBox = self._combo("batch", [("batch", self.tr("batch (all samples)")),
                                              ("mini-batch", self.tr("mini-batch")),
                                              ("stochastic", self.tr("stochastic (one sample)"))], "batch")
        f.addRow(self.tr("Updates"), self.batchBox)
        self.batchSizeField = self._number("batchSize", "batch_size", 1, 100_000, True, self.tr("batch size"))
        f.addRow(self.tr("Batch size"), self.batchSizeField)
        self.shuffleBox = self._check("shuffle", self.tr("shuffle every epoch"), "shuffle")
        f.addRow(self.shuffleBox)
        self.seedField = self._number("seed", "seed", 0, training.MAX_SEED, True, self.tr("seed"))
        f.addRow(self.tr("Seed"), self.seedField)
        self.stopLossField = self._number("stopLoss", "stop_loss", 0, 1e6, False, self.tr("target loss"))
        self.stopAccField = self._number("stopAcc", "stop_acc", 0, 1, False, self.tr("target accuracy"))
        f.addRow(self.tr("Stop at loss ≤ (0: off)"), self.stopLossField)
        f.addRow(self.tr("Stop at accuracy ≥ (0: off)"), self.stopAccField)
        return box

    # ---- config ↔ controls -----------------------------------------------------------------
    def _edit_from(self, field: str, value) -> None:
        if self._syncing or self.config is None:
            return
        if not self.edit(**{field: value}):
            self._sync_controls()

    def _hidden_edited(self) -> None:
        text = self.hiddenField.text().replace(";", ",").strip()
        try:
            sizes = [int(v) for v in text.replace(" ", ",").split(",") if v.strip()]
        except ValueError:
            self.message.emit(self.tr("hidden: '{text}' is not a list of whole numbers").format(text=text))
            self._sync_controls()
            return
        if tuple(sizes) != self.config.hidden:
            self._edit_from("hidden", sizes)

    def _sync_controls(self) -> None:
        c = self.config
        self._syncing = True
        try:
            for box, value in ((self.datasetBox, c.dataset), (self.normaliseBox, c.normalise),
                               (self.activationBox, c.activation), (self.outputBox, c.output), (self.lossBox, c.loss),
                               (self.initBox, c.init), (self.decayBox, c.decay), (self.optimizerBox, c.optimizer),
                               (self.batchBox, c.batch)):
                box.setCurrentIndex(box.findData(value))
            for field, value in ((self.samplesField, c.n_samples), (self.noiseField, c.noise),
                                 (self.dataSeedField, c.data_seed), (self.labelColumnField, c.label_column),
                                 (self.mnistLimitField, c.mnist_limit), (self.testFractionField, c.test_fraction),
                                 (self.foldsField, c.n_folds), (self.dropoutField, c.dropout),
                                 (self.weightDecayField, c.weight_decay), (self.lrField, c.lr),
                                 (self.epochsField, c.epochs), (self.batchSizeField, c.batch_size),
                                 (self.seedField, c.seed), (self.stopLossField, c.stop_loss),
                                 (self.stopAccField, c.stop_acc)):
                field.set_value(value)
            for key, field in self.hyperFields.items():
                field.set_value(getattr(c, key))
                shown = key in training.HYPER[c.optimizer]
                field.setVisible(shown)
                self.hyperLabels[key].setVisible(shown)
            for box, value in ((self.binaryBox, c.binary_output), (self.biasBox, c.bias),
                               (self.batchnormBox, c.batchnorm), (self.shuffleBox, c.shuffle)):
                box.setChecked(value)
            self.hiddenField.setText(", ".join(map(str, c.hidden)))
            generated = c.dataset in ("circles", "moons", "spirals", "blobs", "xor_noise")
            for w in (self.samplesField, self.noiseField):
                w.setEnabled(generated)
            self.labelColumnField.setEnabled(c.dataset == "csv")
            self.mnistLimitField.setEnabled(c.dataset == "mnist")
            self.batchSizeField.setEnabled(c.batch == "mini-batch")
        finally:
            self._syncing = False

    # ---- LabPane -----------------------------------------------------------------------------
    def set_timeline(self, config, timeline) -> None:
        if self._worker is not None and config != self._run_config:
            self.cancel()
        if config != self._run_config:
            self.result = None
            self.live = None
            self.showing_live = False
        super().set_timeline(config, timeline)

    def rebuild(self) -> None:
        self._sync_controls()
        base = self.timeline.state_at(-1)
        sizes = [int(n) for n in base["sizes"]]
        self.sizes = sizes
        self.classes = [str(c) for c in base["classes"]]
        L = len(sizes) - 1
        captions = [self.tr("input")] + [self.tr("hidden {l}").format(l=l) for l in range(1, L)] + [self.tr("output")]
        self.diagram.set_layers(sizes, captions)
        self.is_2d = "extent" in base
        self.is_images = "images:test" in base
        self.dataPlot.setVisible(not self.is_images)
        self.imageGrid.setVisible(self.is_images)
        if self.selected_node and (not self.is_2d or self.selected_node[0] >= L or self.selected_node[1] >= sizes[self.selected_node[0]]):
            self.selected_node = None
        key = (tuple(sizes), style.scale(), theme().name)
        if key != self._layout_key:
            self._layout_key = key
            self.histograms.set_layout([self.tr("weights W"), self.tr("outputs h")], [str(l) for l in range(1, L + 1)],
                                       joiner="")
        self._style_plots()
        self._draw_points(base)
        self._draw_inits()
        self._draw_folds()
        self._n_classes = int(base["confusion"].shape[0])
        self._build_confusion_texts(self._n_classes)

    def show_step(self, k: int) -> None:
        super().show_step(k)
        if self.timeline is None:
            return
        if self.showing_live and self._worker is None:
            self.showing_live = False  # the transport moved: back to the timeline
        state = self.timeline.state_at(k)
        step = self.timeline[min(k, len(self.timeline) - 1)] if k >= 0 and len(self.timeline) else None
        self._draw_diagram(state, step)
        if self.showing_live:
            return
        for plot in (self.lossPlot, self.accPlot):
            plot.enableAutoRange(axis="x")
        self._draw_history(state["history"])
        self._draw_snapshot(state, {k[7:]: v for k, v in state.items() if k.startswith("params:")})
        epoch = int(state["epoch"])
        self.dataCaption.setText(self._caption(epoch))

    def _caption(self, epoch: int, live: bool = False) -> str:
        where = self.tr("live run, epoch {e}").format(e=epoch) if live else (
            self.tr("before training") if epoch == 0 else self.tr("after epoch {e}").format(e=epoch))
        if self.selected_node:
            l, j = self.selected_node
            return self.tr("Hidden node {l}.{j} output ({where}) — click it again for the boundary").format(
                l=l, j=j + 1, where=where)
        if self.is_images:
            return self.tr("Test images, {where}: prediction under each; wrong ones framed (predicted ≠ true)").format(
                where=where)
        return self.tr("Decision boundary ({where}) — filled: training points, hollow: test points").format(where=where)

    # ---- drawing -----------------------------------------------------------------------------
    def _style_plots(self) -> None:
        t = theme()
        for plot in (self.dataPlot, self.lossPlot, self.accPlot, self.confusionPlot, self.foldsPlot, self.imageGrid):
            plot.setBackground(t.background)
            for axis in ("left", "bottom"):
                ax = plot.getPlotItem().getAxis(axis)
                ax.setPen(color("muted"))
                ax.setTextPen(color("text"))
                ax.setTickFont(font(8))
        self.lossPlot.setTitle(self.tr("loss"), color=t.text, size=f"{10 * style.scale():.0f}pt")
        self.accPlot.setTitle(self.tr("accuracy"), color=t.text, size=f"{10 * style.scale():.0f}pt")
        self.foldsPlot.setTitle(self.tr("accuracy per fold (press Cross-validate)"), color=t.text,
                                size=f"{9 * style.scale():.0f}pt")
        for key in ("loss", "acc"):
            self.curves[key].setPen(pg.mkPen(t.series[0], width=line(2)))
            self.curves[f"test_{key}"].setPen(pg.mkPen(t.series[1], width=line(2), style=Qt.PenStyle.DashLine))
            self.curves[f"{key}_marker"].setPen(pg.mkPen(color("muted"), width=line(1)))
        self.dataCaption.setFont(font(9.5))
        self.imageGrid.restyle()

    def _class_colour(self, c: int) -> str:
        series = theme().series
        return series[c % len(series)]

    def _draw_points(self, base) -> None:
        if not self.is_2d:
            self.points.setData([])
            self.test_points.setData([])
            return
        size = 9 * style.scale()
        brushes = [pg.mkBrush(self._class_colour(c)) for c in range(10)]
        pens = [pg.mkPen(self._class_colour(c), width=line(2)) for c in range(10)]
        x, t = base["data:x"], base["data:t"]
        self.points.setData(pos=x, size=size, brush=[brushes[int(c)] for c in t],
                            pen=pg.mkPen(theme().text, width=line(0.8)))
        tx, tt = base["data:test_x"], base["data:test_t"]
        self.test_points.setData(pos=tx, size=size, brush=pg.mkBrush(theme().background),
                                 pen=[pens[int(c)] for c in tt])
        x0, x1, y0, y1 = base["extent"]
        self.extent = (float(x0), float(x1), float(y0), float(y1))
        self.dataPlot.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)

    def _draw_history(self, history) -> None:
        h = np.asarray(history, dtype=float).reshape(-1, 5)
        for col, key in ((1, "loss"), (2, "acc"), (3, "test_loss"), (4, "test_acc")):
            ok = ~np.isnan(h[:, col])
            self.curves[key].setData(h[ok, 0], h[ok, col])
        last = h[-1, 0] if len(h) else 0.0
        for key in ("loss_marker", "acc_marker"):
            self.curves[key].setValue(last)
        if not len(h):  # nothing to range over yet: show the epochs to come
            for plot in (self.lossPlot, self.accPlot):
                plot.setXRange(0, max(1, self.config.epochs), padding=0.02)

    def _draw_snapshot(self, snap, params, live: bool = False, detail: bool = True) -> None:
        """Boundary (or a hidden node's map), histograms, confusion matrix and test images
        (``live``: only the tab on screen, and only with ``detail``; the others catch up when shown)."""
        tab = (self.tabs.currentWidget() if detail else False) if live else None
        if self.is_2d:
            if self.selected_node is not None and params:
                l, j = self.selected_node
                grid = training.node_map(self.config, params, l, j)
                lo, hi = self._node_levels()
                self.boundary.setImage(grid, levels=(lo, hi), lut=self._lut_diverging())
            elif "grid:score" in snap:
                self.boundary.setImage(snap["grid:score"], levels=(0, 1), lut=self._lut_diverging())
            elif "grid:class" in snap:
                k = int(snap["confusion"].shape[0])
                lut = np.array([_lighter(self._class_colour(c)) for c in range(k)], dtype=np.ubyte)
                self.boundary.setImage(snap["grid:class"].astype(float), levels=(0, k - 1), lut=lut)
            x0, x1, y0, y1 = self.extent
            self.boundary.setRect(QRectF(x0, y0, x1 - x0, y1 - y0))  # after setImage: the scale needs its shape
        L = len(self.sizes) - 1
        if tab in (None, self.histograms):
            for l in range(1, L + 1):
                self.histograms.set_histogram(0, l - 1, snap.get(f"hist:W:{l}"), snap.get(f"hist:W_edges:{l}"))
                self.histograms.set_histogram(1, l - 1, snap.get(f"hist:act:{l}"), snap.get(f"hist:act_edges:{l}"))
        if "confusion" in snap and tab in (None, self.confusionPlot):
            self._draw_confusion(snap["confusion"])
        if self.is_images and "pred:test" in snap and (detail or not live):
            base = self.timeline.state_at(-1)
            names = self._class_names()
            self.imageGrid.set_images(base["images:test"], snap["pred:test"], base["data:test_t"], names)

    def _class_names(self):
        return self.classes

    def _node_levels(self) -> tuple[float, float]:
        act = self.config.activation
        return {"sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0)}.get(act, (-2.0, 2.0))

    def _lut_diverging(self) -> np.ndarray:
        c0, c1 = _lighter(self._class_colour(0)), _lighter(self._class_colour(1))
        bg = color("background")
        mid = (bg.red(), bg.green(), bg.blue())
        stops = pg.ColorMap([0.0, 0.5, 1.0], [c0, mid, c1])
        return stops.getLookupTable(0.0, 1.0, 256)

    def _build_confusion_texts(self, k: int) -> None:
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
        names = self._class_names()
        ticks = [[(c + 0.5, names[c]) for c in range(k)]]
        ax_b.setTicks(ticks)
        ax_l.setTicks(ticks)
        self.confusionPlot.setLabel("bottom", self.tr("predicted"))
        self.confusionPlot.setLabel("left", self.tr("true class"))

    def _draw_confusion(self, m) -> None:
        m = np.asarray(m)
        k = m.shape[0]
        top = max(int(m.max()), 1)
        self.confusion.setImage(m.astype(float), levels=(0, top), lut=self._lut_counts())
        self.confusion.setRect(QRectF(0, 0, k, k))
        for idx, item in enumerate(self.confusion_texts):
            i, j = divmod(idx, k)
            item.setText(str(int(m[i, j])))
            item.setColor(color("background") if m[i, j] > top * 0.6 else color("negative" if i != j and m[i, j] else "text"))
        self.confusionPlot.setRange(xRange=(0, k), yRange=(0, k), padding=0.02)

    def _lut_counts(self) -> np.ndarray:
        bg, fg = color("background"), color("positive")
        cmap = pg.ColorMap([0.0, 1.0], [(bg.red(), bg.green(), bg.blue()), (fg.red(), fg.green(), fg.blue())])
        return cmap.getLookupTable(0.0, 1.0, 256)

    def _draw_diagram(self, state, step) -> None:
        sizes = self.sizes
        L = len(sizes) - 1
        self.diagram.set_weights([state[f"params:W{l}"] for l in range(1, L + 1)])

        iteration = step is not None and step.phase != "epoch"  # epoch steps: only the weights

        def row(key, n):
            a = state.get(key) if iteration else None
            return np.asarray(a, dtype=float)[0] if a is not None else np.full(n, np.nan)

        outs = [row("h:0", sizes[0])] + [row(f"h:{l}", sizes[l]) for l in range(1, L + 1)]
        sums = [None] + [row(f"z:{l}", sizes[l]) for l in range(1, L + 1)]
        deltas = [None] + [row(f"delta:{l}", sizes[l]) for l in range(1, L + 1)]
        biases = [None] + [state.get(f"params:b{l}") for l in range(1, L + 1)]
        grads = [state.get(f"grad:W{l}") if iteration else None for l in range(1, L + 1)]
        new = [state.get(f"new:W{l}") if iteration else None for l in range(1, L + 1)]
        new_biases = [None] + [state.get(f"new:b{l}") if iteration else None for l in range(1, L + 1)]
        focus_nodes, focus_edges = [], []
        for f in (step.focus if step is not None else ()):
            kind, ix = _parse_id(f)
            if kind == "node" and len(ix) == 2:
                focus_nodes.append(ix)
            elif kind == "edge" and len(ix) == 3:
                focus_edges.append(ix)
            elif kind == "layer" and len(ix) == 1 and ix[0] < len(sizes):
                focus_nodes += [(ix[0], j) for j in range(min(sizes[ix[0]], 64))]
        if self.selected_node:
            focus_nodes.append(self.selected_node)
        self.diagram.set_state(outs, sums=sums, deltas=deltas, biases=biases, grads=grads, new=new,
                               new_biases=new_biases, focus_nodes=focus_nodes, focus_edges=focus_edges)

    def _draw_inits(self) -> None:
        hidden = len(self.sizes) - 2
        if hidden <= 0:
            self.initHistograms.set_layout([self.tr("no hidden layer")], [""])
            return
        comparison = training.init_comparison(self.config)
        rows = [self.tr("std 0.01"), "Xavier", "He"]
        self.initHistograms.set_layout(rows, [self.tr("layer {l}").format(l=l) for l in range(1, hidden + 1)],
                                       link_columns=True)
        for r, init in enumerate(training.INITS):
            for l, (counts, edges) in enumerate(comparison[init]):
                self.initHistograms.set_histogram(r, l, counts, edges)
        for l in range(hidden):  # one x range per layer, spanning all three inits
            lo = min(float(comparison[i][l][1][0]) for i in training.INITS)
            hi = max(float(comparison[i][l][1][-1]) for i in training.INITS)
            self.initHistograms.plots[(0, l)].setXRange(lo, hi, padding=0.02)

    def _draw_folds(self) -> None:
        scores = self.cv_scores or []
        self.folds.setOpts(x=np.arange(1, len(scores) + 1), height=np.asarray(scores, dtype=float), width=0.6,
                           brush=pg.mkBrush(theme().series[2]))

    # ---- live training -----------------------------------------------------------------------
    def _set_running(self, running: bool, paused: bool = False) -> None:
        self.trainButton.setEnabled(not running)
        self.pauseButton.setEnabled(running and not paused)
        self.resumeButton.setEnabled(running and paused)
        self.cancelButton.setEnabled(running)
        if hasattr(self, "crossValidateButton"):  # built after the run box
            self.crossValidateButton.setEnabled(not running)

    def is_running(self) -> bool:
        return self._worker is not None

    def train(self) -> None:
        """Start a training run of the current config in a worker thread."""
        if self._worker is not None or self.config is None:
            return
        self._run_config = self.config
        self.live = {"history": np.zeros((0, 5)), "epoch": 0}
        self.showing_live = True
        self.result = None
        self._draw_history(np.zeros((0, 5)))
        for plot in (self.lossPlot, self.accPlot):  # a fixed epoch axis: its ticks are not redone per payload
            plot.setXRange(0, self.config.epochs, padding=0.02)
        self.lossPlot.enableAutoRange(axis="y")
        self.progressBar.setValue(0)
        self.runStatus.setStyleSheet("")
        self.runStatus.setText(self.tr("training…"))
        self._start(_train_job, self._on_progress, self._on_done)

    def cross_validate(self) -> None:
        """k-fold cross-validation of the current config in a worker thread; accuracies in the k-fold tab."""
        if self._worker is not None or self.config is None:
            return
        self._run_config = self.config
        self.progressBar.setRange(0, 0)
        self.runStatus.setText(self.tr("cross-validating ({k} folds)…").format(k=self.config.n_folds))
        self._start(_cv_job, None, self._on_cv_done)

    def _start(self, job, on_progress, on_done) -> None:
        worker = Worker(job, self.config, parent=self)
        if on_progress is not None:
            worker.progress.connect(on_progress)
        worker.done.connect(on_done)
        worker.failed.connect(self._on_failed)
        self._worker = worker
        self._guard.control = worker.control
        thread = worker._thread
        _thread_started(thread)
        thread.finished.connect(lambda t=thread: _thread_finished(t))
        self._set_running(True)
        worker.start()

    def pause(self) -> None:
        if self._worker is not None:
            self._worker.control.pause()
            self._set_running(True, paused=True)
            self.runStatus.setText(self.tr("paused at epoch {e}").format(e=self.live["epoch"] if self.live else 0))

    def resume(self) -> None:
        if self._worker is not None:
            self._worker.control.resume()
            self._set_running(True)
            self.runStatus.setText(self.tr("training…"))

    def cancel(self) -> None:
        """Stop the run (it ends after the current mini-batch; the weights so far are kept)."""
        if self._worker is not None:
            self._worker.control.stop()
            self._worker.wait(10000)
            QCoreApplication.sendPostedEvents(self._worker, 0)

    def _on_progress(self, fraction: float, payload) -> None:
        if self.live is None or not self.showing_live:
            return
        start = time.perf_counter()
        new = np.array([[r["epoch"], r["loss"], r["acc"], np.nan if r["test_loss"] is None else r["test_loss"],
                         np.nan if r["test_acc"] is None else r["test_acc"]] for r in payload["rows"]]).reshape(-1, 5)
        self.live["history"] = np.concatenate([self.live["history"], new])  # only the new rows are converted
        self.live["epoch"] = payload["epoch"]
        self.live["snapshot"] = payload.get("snapshot", {})
        self.live["params"] = payload.get("params", {})
        self.progressBar.setValue(int(round(fraction * 1000)))
        self._draw_history(self.live["history"])
        detail = start - self._detail_drawn > DETAIL_INTERVAL or fraction >= 1
        self._draw_snapshot(self.live["snapshot"], self.live["params"], live=True, detail=detail)
        if detail and self.live["params"]:
            self._detail_drawn = start
            self._draw_diagram({f"params:{k}": v for k, v in self.live["params"].items()}, None)
        test = (self.tr(", test accuracy {a}").format(a=f"{payload['test_acc']:.1%}")
                if payload.get("test_acc") is not None else "")
        paused = self._worker is not None and self._worker.control.paused
        if not paused:
            self.runStatus.setText(self.tr("epoch {e}: loss {l}, accuracy {a}{t}").format(
                e=payload["epoch"], l=fmt(payload["loss"], 5), a=f"{payload['acc']:.1%}", t=test))
        self.dataCaption.setText(self._caption(payload["epoch"], live=True))
        self.frame_times.append(time.perf_counter() - start)

    def _finish(self) -> None:
        self._worker = None
        self._set_running(False)
        self.progressBar.setRange(0, 1000)

    def _on_done(self, result: training.TrainResult) -> None:
        self._finish()
        self.result = result
        last = result.history[-1] if result.history else None
        summary = (self.tr("{n} epochs in {s} s: loss {l}, accuracy {a}").format(
            n=len(result.history), s=fmt(result.seconds, 2), l=fmt(last["loss"], 5), a=f"{last['acc']:.1%}")
            if last else self.tr("no epoch finished"))
        if result.diverged:
            self.runStatus.setStyleSheet(f"color: {theme().negative}; font-weight: bold;")
            self.runStatus.setText(result.diverged)
            self.message.emit(result.diverged)
        else:
            self.runStatus.setStyleSheet("")
            text = f"{summary} ({result.stopped})" if result.stopped else summary
            self.runStatus.setText(text)
            self.message.emit(self.tr("Training: {text}").format(text=text))
        if result.diverged or result.stopped:
            # the last payload may predate the kept weights: draw the run's final model
            snap = training.snapshot(result.model, result.prepared)
            if self.live is not None and self.showing_live:
                self.live["snapshot"], self.live["params"] = snap, dict(result.model.params)
                self._draw_snapshot(snap, self.live["params"])

    def _on_cv_done(self, scores) -> None:
        self._finish()
        self.cv_scores = list(scores)
        self._draw_folds()
        self.tabs.setCurrentWidget(self.foldsPlot)
        text = self.tr("accuracy per fold: {list}; mean {mean}").format(
            list=", ".join(f"{s:.1%}" for s in scores), mean=f"{float(np.mean(scores)):.1%}")
        self.runStatus.setText(text)
        self.message.emit(text)

    def _on_failed(self, reason: str) -> None:
        self._finish()
        self.runStatus.setStyleSheet(f"color: {theme().negative};")
        self.runStatus.setText(reason)
        self.message.emit(reason)

    def reset_run(self) -> None:
        """Drop the run: back to the seeded initial weights (the timeline's start)."""
        if self._worker is not None:
            self.cancel()
        self.result = None
        self.live = None
        self.showing_live = False
        self.progressBar.setValue(0)
        self.runStatus.setStyleSheet("")
        self.runStatus.setText(self.tr("reset to the initial weights (seed {s})").format(s=self.config.seed))
        playhead = getattr(self.window(), "playhead", None)  # in the window: move the transport to the start
        if playhead is not None:
            playhead.first()
        else:
            self.show_step(-1)

    # ---- clicks ------------------------------------------------------------------------------
    def _on_plot_click(self, ev) -> None:
        if not self.is_2d or self.config is None or ev.button() != Qt.MouseButton.LeftButton:
            return
        vb = self.dataPlot.getViewBox()
        if not vb.sceneBoundingRect().contains(ev.scenePos()):
            return
        p = vb.mapSceneToView(ev.scenePos())
        erase = bool(ev.modifiers() & (Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.ControlModifier))
        self.click_point(p.x(), p.y(), erase)
        ev.accept()

    def click_point(self, x: float, y: float, erase: bool = False) -> bool:
        """Add a point of the chosen class at (x, y), or erase the points near it; the data set
        becomes "my points" (every current point plus the change)."""
        base = self.timeline.state_at(-1)
        pts = np.r_[np.c_[base["data:x"], base["data:t"]], np.c_[base["data:test_x"], base["data:test_t"]]]
        if erase:
            x0, x1 = self.extent[0], self.extent[1]
            keep = np.hypot(pts[:, 0] - x, pts[:, 1] - y) > ERASE_RADIUS * (x1 - x0)
            if keep.all():
                return False
            pts = pts[keep]
        else:
            pts = np.r_[pts, [[x, y, self.pointClassBox.currentData()]]]
        points = [[float(a), float(b), int(c)] for a, b, c in pts]
        return self.edit(dataset="points", points=points)

    def _on_node_clicked(self, l: int, j: int) -> None:
        L = len(self.sizes) - 1
        if not self.is_2d or not 0 < l < L:
            return
        self.selected_node = None if self.selected_node == (l, j) else (l, j)
        self.refresh()

    def select_node(self, node: tuple[int, int] | None) -> None:
        self.selected_node = node
        self.refresh()

    def refresh(self) -> None:
        if self.showing_live and self.live and self.live.get("snapshot"):
            self._draw_snapshot(self.live["snapshot"], self.live["params"])
            self.dataCaption.setText(self._caption(self.live["epoch"], live=True))
        else:
            self.show_step(self.k)

    # ---- files -------------------------------------------------------------------------------
    def current_model(self):
        """The weights shown: the last run's model, or the timeline's parameters at step k in a fresh MLP."""
        if self.result is not None:
            return self.result.model, self.result
        prep = training.prepare(self.config)
        model = training.make_model(self.config, prep)
        state = self.timeline.state_at(self.k)
        model.params.update({k[7:]: np.array(v) for k, v in state.items() if k.startswith("params:")})
        epochs = int(state["epoch"])
        history = [dict(zip(("epoch", "loss", "acc", "test_loss", "test_acc"),
                            [None if isinstance(v, float) and math.isnan(v) else v for v in map(float, r)]))
                   for r in np.asarray(state["history"]).reshape(-1, 5)[:epochs]]
        return model, training.TrainResult(model, history, prepared=prep)

    def export_weights(self, path) -> None:
        """Write the current weights (.npz, .json, .onnx) with the lab's meta."""
        model, result = self.current_model()
        export_weights(model, path, training.export_meta(self.config, result))
        self.message.emit(self.tr("Weights written to {path}").format(path=str(path)))

    def import_weights(self, path) -> None:
        """Load weights (.npz, .json, DLFS .pkl) as the network's starting weights; the hidden sizes,
        activation and output follow the file. A mismatch with the data raises ValueError."""
        w = load_weights(path)
        W = [w.params[f"W{l}"] for l in range(1, 1 + sum(1 for k in w.params if k[:1] == "W" and k[1:].isdigit()))]
        if not W:
            raise ValueError(self.tr("{path}: no weights W1, W2, …").format(path=str(path)))
        sizes = [W[0].shape[0]] + [a.shape[1] for a in W]
        changes = {"hidden": sizes[1:-1], "weights": {k: v.tolist() for k, v in w.params.items()},
                   "binary_output": sizes[-1] == 1, "batchnorm": any(k.startswith("gamma") for k in w.params),
                   "bias": any(k.startswith("b") and k[1:].isdigit() for k in w.params)}
        acts = w.meta.get("activations")
        if isinstance(acts, list) and acts and all(a == acts[0] for a in acts) and acts[0] in training.HIDDEN_ACTIVATIONS:
            changes["activation"] = acts[0]
        if w.meta.get("output") in training.OUTPUTS:
            changes["output"] = w.meta["output"]
        if w.meta.get("loss") in training.LOSS_NAMES:
            changes["loss"] = w.meta["loss"]
        if changes.get("output", self.config.output) == "softmax":
            changes["binary_output"] = False
        data = {**self.config.to_dict(), **changes}
        config = type(self.config).from_dict(data)  # ValueError names what does not fit
        self.configEdited.emit(config)
        self.message.emit(self.tr("Weights imported from {path}").format(path=str(path)))

    def _export_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export weights"), "", self.tr("Weights (*.npz *.json *.onnx)"))
        if path:
            self._file_action(self.export_weights, path)

    def _import_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import weights"), "", self.tr("Weights (*.npz *.json *.pkl)"))
        if path:
            self._file_action(self.import_weights, path)

    def _choose_csv(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("CSV data"), "", self.tr("CSV (*.csv *.txt)"))
        if path and not self.edit(dataset="csv", csv_path=path):
            self._sync_controls()

    def _choose_mnist(self) -> None:
        images, _ = QFileDialog.getOpenFileName(self, self.tr("MNIST images (IDX)"), "", self.tr("IDX (*.idx *ubyte *.gz)"))
        if not images:
            return
        labels, _ = QFileDialog.getOpenFileName(self, self.tr("MNIST labels (IDX)"), "", self.tr("IDX (*.idx *ubyte *.gz)"))
        if labels and not self.edit(dataset="mnist", mnist_images=images, mnist_labels=labels):
            self._sync_controls()

    def _file_action(self, action, path) -> None:
        try:
            action(path)
        except (ValueError, OSError) as exc:
            self.message.emit(str(exc))

    def restyle(self) -> None:
        self._layout_key = None
        self.diagram.restyle()
        live = self.showing_live
        super().restyle()  # rebuild + show_step: a finished run's plots would give way to the timeline
        self.showing_live = live
        if live:
            self.refresh()

    def closeEvent(self, event) -> None:
        if self._worker is not None:
            self.cancel()
        super().closeEvent(event)
