"""The training pane's side panel: run buttons, progress and status; the data, network,
optimizer and schedule settings. It shows a Config (``sync``) and reports each edit as
``edited(field, value)``; the pane validates it. Texts keep the pane's translation context
("Pane"), where their translations are."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFormLayout, QGridLayout, QGroupBox, QHBoxLayout, QLabel,
                               QLineEdit, QProgressBar, QPushButton, QVBoxLayout, QWidget)

from nnlab.data import GENERATORS
from nnlab.labs import training
from nnlab.optim import OPTIMIZERS
from ui.terms import activation_name
from ui.widgets.fields import NumberField

translate = QCoreApplication.translate  # lupdate reads translate("Pane", "…") calls
PACES = (1, 2, 5, 10, 20, 50, 0)  # a live run's epochs per second (0: as fast as it goes)


class _CheckText(QLabel):
    """A check box's text beside it, wrapped when the panel is narrow; a click toggles the box."""

    def __init__(self, text: str, box: QCheckBox):
        super().__init__(text, box.parentWidget())
        self.box = box
        self.setWordWrap(True)
        self.setBuddy(box)

    def mousePressEvent(self, event) -> None:
        if self.box.isEnabled():
            self.box.toggle()


def _form(box: QGroupBox) -> QFormLayout:
    """A form whose long labels go above their fields when the panel is narrow (large type)."""
    f = QFormLayout(box)
    f.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
    return f


class TrainingControls(QWidget):
    edited = Signal(str, object)  # a Config field and the value the user gave it
    message = Signal(str)  # a refused value
    widthNeeded = Signal(int)  # the width at which nothing is clipped, after each layout change

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("trainingControls")
        self.config = None
        self._syncing = False
        self.check_texts: dict[str, QLabel] = {}  # each check box's wrapping text, by objectName
        side = QVBoxLayout(self)
        side.addWidget(self._run_box())
        side.addWidget(self._data_box())
        side.addWidget(self._network_box())
        side.addWidget(self._optimizer_box())
        side.addWidget(self._schedule_box())
        side.addStretch(1)
        self.set_running(False)

    def event(self, e) -> bool:
        done = super().event(e)
        if e.type() == QEvent.Type.LayoutRequest:
            self.widthNeeded.emit(self.minimumSizeHint().width())
        return done

    def _edit_from(self, field: str, value) -> None:
        if not self._syncing:
            self.edited.emit(field, value)

    def _combo(self, name: str, items, field: str) -> QComboBox:
        box = QComboBox(self)
        box.setObjectName(name)
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        box.setMinimumContentsLength(8)
        for value, text in items:
            box.addItem(text, value)
        box.currentIndexChanged.connect(lambda _i, b=box, f=field: self._edit_from(f, b.currentData()))
        return box

    def _number(self, name: str, field: str, label: str = "") -> NumberField:
        """A field with the lab's own range for ``field`` (``training.NUMBERS``)."""
        lo, hi, integer, _open = training.NUMBERS[field]
        f = NumberField(0, lo, hi, integer, label or field, self)
        f.setObjectName(name)
        f.valueEdited.connect(lambda v, k=field, i=integer: self._edit_from(k, int(v) if i else v))
        f.refused.connect(self.message.emit)
        return f

    def _check(self, name: str, text: str, field: str) -> QCheckBox:
        """A check box whose text wraps in a narrow panel (its label, ``_CheckText``, toggles it)."""
        c = QCheckBox(self)
        c.setObjectName(name)
        c.setAccessibleName(text)
        c.toggled.connect(lambda v, k=field: self._edit_from(k, bool(v)))
        self.check_texts[name] = _CheckText(text, c)
        return c

    def _button(self, name: str, text: str) -> QPushButton:
        b = QPushButton(text, self)
        b.setObjectName(name)
        return b

    def _run_box(self) -> QGroupBox:
        box = QGroupBox(translate("Pane", "Train"), self)
        g = QGridLayout(box)
        self.trainButton = self._button("trainButton", translate("Pane", "Train"))
        self.pauseButton = self._button("pauseButton", translate("Pane", "Pause"))
        self.resumeButton = self._button("resumeButton", translate("Pane", "Resume"))
        self.cancelButton = self._button("cancelButton", translate("Pane", "Cancel"))
        self.resetButton = self._button("resetButton", translate("Pane", "Reset"))
        self.exportButton = self._button("exportButton", translate("Pane", "Export weights…"))
        self.importButton = self._button("importButton", translate("Pane", "Import weights…"))
        self.epochButton = self._button("epochButton", translate("Pane", "One epoch"))
        self.epochButton.setToolTip(translate("Pane", "Paused: train one more epoch, then pause again"))
        self.paceBox = QComboBox(box)
        self.paceBox.setObjectName("paceBox")
        self.paceBox.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)  # never clipped
        for n in PACES:
            self.paceBox.addItem(translate("Pane", "{n} epochs/s").format(n=n) if n else
                                 translate("Pane", "as fast as possible"), n)
        self.paceBox.setCurrentIndex(len(PACES) - 1)
        self.progressBar = QProgressBar(box)
        self.progressBar.setObjectName("progressBar")
        self.progressBar.setRange(0, 1000)
        self.runStatus = QLabel(box)
        self.runStatus.setObjectName("runStatus")
        self.runStatus.setWordWrap(True)
        # two columns: every button's text fits a narrow panel at the presenter scales
        for i, b in enumerate((self.trainButton, self.pauseButton, self.resumeButton, self.cancelButton,
                               self.epochButton, self.resetButton)):
            g.addWidget(b, i // 2, i % 2)
        g.addWidget(self.progressBar, 3, 0, 1, 2)
        g.addWidget(self.runStatus, 4, 0, 1, 2)
        g.addWidget(self.exportButton, 5, 0, 1, 2)
        g.addWidget(self.importButton, 6, 0, 1, 2)
        g.addWidget(QLabel(translate("Pane", "Speed"), box), 7, 0)
        g.addWidget(self.paceBox, 7, 1)
        return box

    def _data_box(self) -> QGroupBox:
        box = QGroupBox(translate("Pane", "Data"), self)
        f = _form(box)
        names = {"and": "AND", "or": "OR", "nand": "NAND", "nor": "NOR", "xor": "XOR", "xnor": "XNOR",
                 "seed": translate("Pane", "seed data set (10 points)"), "circles": translate("Pane", "circles"),
                 "moons": translate("Pane", "moons"), "spirals": translate("Pane", "spirals"),
                 "blobs": translate("Pane", "blobs"), "xor_noise": translate("Pane", "XOR with noise"),
                 "playground-circle": translate("Pane", "Playground: circle"),
                 "playground-xor": translate("Pane", "Playground: exclusive or"),
                 "playground-gauss": translate("Pane", "Playground: Gaussian"),
                 "playground-spiral": translate("Pane", "Playground: spiral"),
                 "digits": translate("Pane", "8×8 digits"), "points": translate("Pane", "my points"),
                 "csv": translate("Pane", "CSV file"), "mnist": translate("Pane", "MNIST (IDX files)")}
        self.datasetBox = self._combo("dataset", [(d, names[d]) for d in training.DATASETS], "dataset")
        f.addRow(translate("Pane", "Data set"), self.datasetBox)
        self.samplesField = self._number("nSamples", "n_samples", translate("Pane", "samples"))
        self.noiseField = self._number("noise", "noise", translate("Pane", "noise"))
        self.dataSeedField = self._number("dataSeed", "data_seed", translate("Pane", "data seed"))
        f.addRow(translate("Pane", "Samples"), self.samplesField)
        f.addRow(translate("Pane", "Noise"), self.noiseField)
        f.addRow(translate("Pane", "Data seed"), self.dataSeedField)
        self.csvButton = self._button("csvButton", translate("Pane", "CSV file…"))
        self.labelColumnField = self._number("labelColumn", "label_column", translate("Pane", "label column"))
        f.addRow(self.csvButton, self.labelColumnField)
        self.mnistButton = self._button("mnistButton", translate("Pane", "MNIST files…"))
        self.mnistLimitField = self._number("mnistLimit", "mnist_limit", translate("Pane", "MNIST samples"))
        f.addRow(self.mnistButton, self.mnistLimitField)
        self.normaliseBox = self._combo("normalise", [("none", translate("Pane", "none")), ("minmax", translate("Pane", "min–max")),
                                                      ("zscore", translate("Pane", "z-score"))], "normalise")
        f.addRow(translate("Pane", "Normalise"), self.normaliseBox)
        self.testFractionField = self._number("testFraction", "test_fraction", translate("Pane", "test fraction"))
        f.addRow(translate("Pane", "Test fraction"), self.testFractionField)
        folds = QWidget(box)
        fl = QHBoxLayout(folds)
        fl.setContentsMargins(0, 0, 0, 0)
        self.foldsField = self._number("nFolds", "n_folds", translate("Pane", "folds"))
        self.crossValidateButton = self._button("crossValidateButton", translate("Pane", "Run k-fold"))
        fl.addWidget(self.foldsField)
        fl.addWidget(self.crossValidateButton)
        f.addRow(translate("Pane", "k folds"), folds)
        self.pointClassBox = QComboBox(box)
        self.pointClassBox.setObjectName("pointClass")
        for c in range(4):
            self.pointClassBox.addItem(translate("Pane", "class {c}").format(c=c), c)
        f.addRow(translate("Pane", "Click adds"), self.pointClassBox)
        hint = QLabel(translate("Pane", "Click the plot to add a point; Shift+click or Shift+drag erases."), box)
        hint.setWordWrap(True)
        f.addRow(hint)
        return box

    def _network_box(self) -> QGroupBox:
        box = QGroupBox(translate("Pane", "Network"), self)
        f = _form(box)
        self.hiddenField = QLineEdit(box)
        self.hiddenField.setObjectName("hidden")
        self.hiddenField.setToolTip(translate("Pane", "hidden layer sizes, e.g. 4 or 32, 16 (empty: no hidden layer)"))
        self.hiddenField.editingFinished.connect(self._hidden_edited)
        f.addRow(translate("Pane", "Hidden layers"), self.hiddenField)
        self.activationBox = self._combo("activation", [(a, activation_name(a)) for a in training.HIDDEN_ACTIVATIONS],
                                         "activation")
        self.outputBox = self._combo("output", [(o, activation_name(o)) for o in training.OUTPUTS], "output")
        self.lossBox = self._combo("loss", [("mse", translate("Pane", "squared error")),
                                            ("cross_entropy", translate("Pane", "cross-entropy"))], "loss")
        self.initBox = self._combo("init", [("std", translate("Pane", "std 0.01")), ("xavier", "Xavier"), ("he", "He")], "init")
        f.addRow(translate("Pane", "Activation"), self.activationBox)
        f.addRow(translate("Pane", "Output"), self.outputBox)
        f.addRow(translate("Pane", "Loss"), self.lossBox)
        f.addRow(translate("Pane", "Init"), self.initBox)
        self.binaryBox = self._check("binaryOutput", translate("Pane", "one output unit for two classes"), "binary_output")
        self.biasBox = self._check("bias", translate("Pane", "biases"), "bias")
        self.batchnormBox = self._check("batchnorm", translate("Pane", "batch normalisation"), "batchnorm")
        f.addRow(self.binaryBox, self.check_texts["binaryOutput"])
        f.addRow(self.biasBox, self.check_texts["bias"])
        f.addRow(self.batchnormBox, self.check_texts["batchnorm"])
        self.dropoutField = self._number("dropout", "dropout", translate("Pane", "dropout"))
        self.weightDecayField = self._number("weightDecay", "weight_decay", translate("Pane", "weight decay"))
        self.decayBox = self._combo("decay", [("l2", "L2"), ("l1", "L1")], "decay")
        f.addRow(translate("Pane", "Dropout"), self.dropoutField)
        decay = QWidget(box)
        dl = QHBoxLayout(decay)
        dl.setContentsMargins(0, 0, 0, 0)
        dl.addWidget(self.weightDecayField)
        dl.addWidget(self.decayBox)
        f.addRow(translate("Pane", "Weight decay"), decay)
        return box

    def _optimizer_box(self) -> QGroupBox:
        box = QGroupBox(translate("Pane", "Optimizer"), self)
        f = _form(box)
        names = {"sgd": "SGD", "momentum": "Momentum", "nesterov": "Nesterov", "adagrad": "AdaGrad",
                 "rmsprop": "RMSprop", "adam": "Adam"}
        self.optimizerBox = self._combo("optimizer", [(o, names[o]) for o in OPTIMIZERS], "optimizer")
        f.addRow(translate("Pane", "Optimizer"), self.optimizerBox)
        self.lrField = self._number("lr", "lr", translate("Pane", "learning rate"))
        f.addRow(translate("Pane", "Learning rate η"), self.lrField)
        self.hyperFields = {
            "momentum": self._number("momentum", "momentum", "μ"),
            "alpha": self._number("alpha", "alpha", "α"),
            "beta1": self._number("beta1", "beta1", "β₁"),
            "beta2": self._number("beta2", "beta2", "β₂"),
            "eps": self._number("eps", "eps", "ε"),
        }
        labels = {"momentum": translate("Pane", "Momentum μ"), "alpha": translate("Pane", "Decay α"), "beta1": "β₁",
                  "beta2": "β₂", "eps": translate("Pane", "ε (0: default)")}
        self.hyperLabels = {}
        for key, field in self.hyperFields.items():
            label = QLabel(labels[key], box)
            self.hyperLabels[key] = label
            f.addRow(label, field)
        return box

    def _schedule_box(self) -> QGroupBox:
        box = QGroupBox(translate("Pane", "Schedule"), self)
        f = _form(box)
        self.epochsField = self._number("epochs", "epochs", translate("Pane", "epochs"))
        f.addRow(translate("Pane", "Epochs"), self.epochsField)
        self.batchBox = self._combo("batch", [("batch", translate("Pane", "batch (all samples)")),
                                              ("mini-batch", translate("Pane", "mini-batch")),
                                              ("stochastic", translate("Pane", "stochastic (one sample)"))], "batch")
        f.addRow(translate("Pane", "Updates"), self.batchBox)
        self.batchSizeField = self._number("batchSize", "batch_size", translate("Pane", "batch size"))
        f.addRow(translate("Pane", "Batch size"), self.batchSizeField)
        self.shuffleBox = self._check("shuffle", translate("Pane", "shuffle every epoch"), "shuffle")
        f.addRow(self.shuffleBox, self.check_texts["shuffle"])
        self.seedField = self._number("seed", "seed", translate("Pane", "seed"))
        f.addRow(translate("Pane", "Seed"), self.seedField)
        self.stopLossField = self._number("stopLoss", "stop_loss", translate("Pane", "target loss"))
        self.stopAccField = self._number("stopAcc", "stop_acc", translate("Pane", "target accuracy"))
        f.addRow(translate("Pane", "Stop at loss ≤ (0: off)"), self.stopLossField)
        f.addRow(translate("Pane", "Stop at accuracy ≥ (0: off)"), self.stopAccField)
        return box

    def _hidden_edited(self) -> None:
        text = self.hiddenField.text().replace(";", ",").strip()
        try:
            sizes = [int(v) for v in text.replace(" ", ",").split(",") if v.strip()]
        except ValueError:
            self.message.emit(translate("Pane", "hidden: '{text}' is not a list of whole numbers").format(text=text))
            self.sync(self.config)
            return
        if tuple(sizes) != self.config.hidden:
            self._edit_from("hidden", sizes)

    def sync(self, c) -> None:
        """Show config ``c`` in the controls (without emitting ``edited``)."""
        self.config = c
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
            generated = c.dataset in GENERATORS
            for w in (self.samplesField, self.noiseField):
                w.setEnabled(generated)
            self.labelColumnField.setEnabled(c.dataset == "csv")
            self.mnistLimitField.setEnabled(c.dataset == "mnist")
            self.batchSizeField.setEnabled(c.batch == "mini-batch")
        finally:
            self._syncing = False


    def set_running(self, running: bool, paused: bool = False) -> None:
        """Enable the run buttons for a run that is going (or paused) or not."""
        self.trainButton.setEnabled(not running)
        self.pauseButton.setEnabled(running and not paused)
        self.resumeButton.setEnabled(running and paused)
        self.epochButton.setEnabled(running and paused)
        self.cancelButton.setEnabled(running)
        self.crossValidateButton.setEnabled(not running)
