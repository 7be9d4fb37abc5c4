"""The main window: lab selector, the lab pane, the formula panel and the transport bar.

``build_window(lab=None, source=None)`` makes the window (source: a preset name or a .nnlab
path); ``main(argv)`` runs the application. The window owns one Playhead and, per lab, the
loaded lab file and its timeline; panes only draw (see ``ui.panes.base``).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, replace
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QApplication, QComboBox, QFileDialog, QFrame, QLabel, QMainWindow,
                               QMessageBox, QSizePolicy, QStackedWidget, QToolBar, QVBoxLayout, QWidget)

import nnlab
from nnlab import presets
from nnlab.io import FormatError, LabFile, load_lab, save_lab
from nnlab.labs import lab_module
from nnlab.steps import Timeline
from ui import style
from ui.panes import pane_class, window_labs
from ui.transport import Playhead, TransportBar

MAX_RECENT = 8
BASE_FONT_POINTS = 10.0


def lab_title(lab: str) -> str:
    names = {
        "network": QCoreApplication.translate("labs", "Network"),
        "training": QCoreApplication.translate("labs", "Training"),
        "perceptron": QCoreApplication.translate("labs", "Perceptron & logic gates"),
        "activations": QCoreApplication.translate("labs", "Activations, losses & derivatives"),
        "graph": QCoreApplication.translate("labs", "Computational graph"),
        "conv": QCoreApplication.translate("labs", "Convolution"),
        "pooling": QCoreApplication.translate("labs", "Pooling"),
        "recurrent": QCoreApplication.translate("labs", "Recurrent (RNN, LSTM, GRU)"),
        "optimizer": QCoreApplication.translate("labs", "Optimizers"),
    }
    return names.get(lab, lab)


@dataclass
class LabState:
    """What the window holds for one lab: the lab file, where it lives, and its timeline."""

    file: LabFile
    path: Path | None
    timeline: Timeline
    preset: str | None = None  # the preset it came from, if it did
    k: int = -1
    dirty: bool = False


class FormulaPanel(QFrame):
    """The current step's title and formula, in large type."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("formulaPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        self.titleLabel = QLabel(self)
        self.titleLabel.setObjectName("formulaTitle")
        self.formulaLabel = QLabel(self)
        self.formulaLabel.setObjectName("formulaText")
        for label in (self.titleLabel, self.formulaLabel):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setWordWrap(True)
            label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            layout.addWidget(label)
        self.restyle()

    def show_step(self, timeline: Timeline, k: int) -> None:
        if k < 0:
            self.titleLabel.setText(timeline.title or lab_title(timeline.lab))
            self.formulaLabel.setText(self.tr("Press Space to play or → to take the first step ({n} steps).")
                                      .format(n=len(timeline)))
        else:
            step = timeline[k]
            self.titleLabel.setText(step.title)
            self.formulaLabel.setText(step.formula)

    def text(self) -> str:
        """Title and formula, one per line (what tests and scripts read)."""
        return f"{self.titleLabel.text()}\n{self.formulaLabel.text()}"

    def restyle(self) -> None:
        self.titleLabel.setFont(style.font(13, bold=True))
        self.formulaLabel.setFont(style.font(17, mono=True))
        t = style.theme()
        self.setStyleSheet(f"#formulaPanel {{ background: {t.background}; }} "
                           f"#formulaTitle, #formulaText {{ color: {t.text}; }}")


class MainWindow(QMainWindow):
    def __init__(self):
        super().__init__()
        self.setObjectName("mainWindow")
        self.settings = QSettings("nnlab", "nnlab")
        self.labs: dict[str, LabState] = {}
        self.panes: dict[str, object] = {}
        self.lab: str | None = None
        self.last_error = ""  # the latest refusal shown to the user

        self.playhead = Playhead(self)
        self.transport = TransportBar(self.playhead, self)
        self.transport.install_shortcuts(self)
        self.formula = FormulaPanel(self)
        self.stack = QStackedWidget(self)
        self.messageLabel = QLabel(self)
        self.messageLabel.setObjectName("message")
        self.statusBar().addWidget(self.messageLabel, 1)

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.formula)
        layout.addWidget(self.transport)
        self.setCentralWidget(central)

        self._build_toolbar()
        self._build_menus()
        self.playhead.indexChanged.connect(self._show_step)
        self.resize(1280, 800)

    # ----- building -------------------------------------------------------------------------
    def _build_toolbar(self) -> None:
        bar = QToolBar(self.tr("Lab"), self)
        bar.setObjectName("labToolbar")
        bar.setMovable(False)
        bar.addWidget(QLabel(self.tr(" Lab: "), self))
        self.labSelector = QComboBox(self)
        self.labSelector.setObjectName("labSelector")
        for lab in window_labs():
            self.labSelector.addItem(lab_title(lab), lab)
        self.labSelector.activated.connect(lambda i: self.switch_lab(self.labSelector.itemData(i)))
        bar.addWidget(self.labSelector)
        bar.addWidget(QLabel(self.tr("  Preset: "), self))
        self.presetSelector = QComboBox(self)
        self.presetSelector.setObjectName("presetSelector")
        self.presetSelector.setMinimumContentsLength(18)
        self.presetSelector.activated.connect(
            lambda i: self.open_source(self.presetSelector.itemData(i)) if self.presetSelector.itemData(i) else None)
        bar.addWidget(self.presetSelector)
        self.addToolBar(bar)

    def _action(self, menu, text, slot, shortcut=None, name=None, checkable=False) -> QAction:
        action = QAction(text, self)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        if name:
            action.setObjectName(name)
        action.setCheckable(checkable)
        action.triggered.connect(slot)
        menu.addAction(action)
        return action

    def _build_menus(self) -> None:
        m = self.menuBar().addMenu(self.tr("&File"))
        self.presetMenu = m.addMenu(self.tr("&New from preset"))
        self.presetMenu.setObjectName("presetMenu")
        self.presetMenu.aboutToShow.connect(self._fill_preset_menu)
        self._action(m, self.tr("&Open…"), self.open_dialog, QKeySequence.StandardKey.Open, "actionOpen")
        self.recentMenu = m.addMenu(self.tr("Open &recent"))
        self.recentMenu.setObjectName("recentMenu")
        self.recentMenu.aboutToShow.connect(self._fill_recent_menu)
        self._action(m, self.tr("&Save"), self.save, QKeySequence.StandardKey.Save, "actionSave")
        self._action(m, self.tr("Save &as…"), self.save_as_dialog, QKeySequence.StandardKey.SaveAs, "actionSaveAs")
        m.addSeparator()
        self.exportWeightsAction = self._action(m, self.tr("&Export weights…"), self.export_weights_dialog,
                                                name="actionExportWeights")
        self.importWeightsAction = self._action(m, self.tr("&Import weights…"), self.import_weights_dialog,
                                                name="actionImportWeights")
        m.addSeparator()
        self._action(m, self.tr("&Quit"), self.close, QKeySequence.StandardKey.Quit, "actionQuit")

        v = self.menuBar().addMenu(self.tr("&View"))
        self.presenterAction = self._action(v, self.tr("&Presenter mode (large type)"), self.set_presenter,
                                            "F5", "actionPresenter", checkable=True)
        self.contrastAction = self._action(v, self.tr("&High contrast"), self.set_high_contrast,
                                           None, "actionHighContrast", checkable=True)
        self._action(v, self.tr("&Full screen"), self.toggle_full_screen, "F11", "actionFullScreen")

        h = self.menuBar().addMenu(self.tr("&Help"))
        self._action(h, self.tr("&About nnlab"), self.about, None, "actionAbout")

    def _fill_preset_menu(self) -> None:
        self.presetMenu.clear()
        by_lab: dict[str, list] = {}
        for info in presets.preset_index():
            by_lab.setdefault(info.lab, []).append(info)
        for lab in window_labs():
            if lab in by_lab:
                sub = self.presetMenu.addMenu(lab_title(lab))
                for info in by_lab[lab]:
                    action = sub.addAction(f"{info.name} — {info.title}" if info.title else info.name)
                    action.triggered.connect(lambda _=False, n=info.name: self.open_source(n))

    def _fill_recent_menu(self) -> None:
        self.recentMenu.clear()
        for path in self.recent_files():
            action = self.recentMenu.addAction(path)
            action.triggered.connect(lambda _=False, p=path: self.open_source(p))
        self.recentMenu.setEnabled(bool(self.recent_files()))

    def _fill_preset_selector(self, lab: str, current: str | None) -> None:
        self.presetSelector.clear()
        self.presetSelector.addItem(self.tr("(choose a preset)"), None)
        for info in presets.preset_index():
            if info.lab == lab:
                self.presetSelector.addItem(info.name, info.name)
        i = self.presetSelector.findData(current) if current else 0
        self.presetSelector.setCurrentIndex(max(0, i))

    # ----- labs -----------------------------------------------------------------------------
    @property
    def state(self) -> LabState | None:
        return self.labs.get(self.lab) if self.lab else None

    @property
    def pane(self):
        return self.panes.get(self.lab) if self.lab else None

    def _pane_for(self, lab: str):
        if lab not in self.panes:
            pane = pane_class(lab)(self.stack)
            pane.configEdited.connect(self._config_edited)
            pane.message.connect(self.show_message)
            self.stack.addWidget(pane)
            self.panes[lab] = pane
        return self.panes[lab]

    def switch_lab(self, lab: str) -> None:
        """Show ``lab``: as it was left, or its default preset the first time."""
        if lab == self.lab:
            return
        if lab not in self.labs:
            self.open_source(lab_module(lab).DEFAULT_PRESET)
            return
        self._activate(lab)

    def _activate(self, lab: str) -> None:
        if self.state is not None:
            self.state.k = self.playhead.index
        self.playhead.pause()
        self.lab = lab
        state = self.labs[lab]
        pane = self._pane_for(lab)
        self.stack.setCurrentWidget(pane)
        self.labSelector.setCurrentIndex(self.labSelector.findData(lab))
        self._fill_preset_selector(lab, state.preset)
        pane.set_timeline(state.file.config, state.timeline)
        self.playhead.index = state.k
        self.playhead.set_count(len(state.timeline))
        self.exportWeightsAction.setEnabled(hasattr(pane, "export_weights"))
        self.importWeightsAction.setEnabled(hasattr(pane, "import_weights"))
        self._update_title()

    def load(self, lab_file: LabFile, path: Path | None = None, preset: str | None = None) -> None:
        """Make ``lab_file`` the current lab (replacing what that lab held)."""
        timeline = lab_module(lab_file.lab).build_timeline(lab_file.config)
        state = LabState(lab_file, path, timeline, preset)
        if self.lab == lab_file.lab:
            self.lab = None  # re-activate: the pane gets the new timeline
        self.labs[lab_file.lab] = state
        self._activate(lab_file.lab)
        self.playhead.first()

    def open_source(self, source: str) -> bool:
        """Open a preset name or a .nnlab path; a bad one is refused with a dialog, nothing lost."""
        try:
            lab_file = presets.load_source(str(source))
            is_preset = str(source) in presets.preset_names()
            self.load(lab_file, None if is_preset else Path(source), source if is_preset else None)
        except (FormatError, ValueError, OSError) as exc:
            self.refuse(self.tr("Could not open {source}").format(source=source), str(exc))
            return False
        if not is_preset:
            self.add_recent(str(Path(source).resolve()))
        self.show_message(self.tr("Opened {source}").format(source=source))
        return True

    def _config_edited(self, config) -> None:
        state = self.state
        try:
            timeline = lab_module(self.lab).build_timeline(config)
        except ValueError as exc:
            self.refuse(self.tr("That change was refused"), str(exc), dialog=False)
            self.pane.set_timeline(state.file.config, state.timeline)
            self.pane.show_step(self.playhead.index)
            return
        state.file = replace(state.file, config=config)
        state.timeline = timeline
        state.dirty = True
        self.pane.set_timeline(config, timeline)
        self.playhead.set_count(len(timeline))
        self._update_title()

    def _show_step(self, k: int) -> None:
        state, pane = self.state, self.pane
        if state is None:
            return
        state.k = k
        pane.show_step(k)
        self.formula.show_step(state.timeline, k)

    # ----- files ----------------------------------------------------------------------------
    def open_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Open lab"), "", self.tr("nnlab labs (*.nnlab)"))
        if path:
            self.open_source(path)

    def save(self) -> bool:
        if self.state is None:
            return False
        if self.state.path is None:
            return self.save_as_dialog()
        return self.save_to(self.state.path)

    def save_as_dialog(self) -> bool:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Save lab"), "", self.tr("nnlab labs (*.nnlab)"))
        return self.save_to(Path(path)) if path else False

    def save_to(self, path: str | Path) -> bool:
        path = Path(path)
        if path.suffix != ".nnlab":
            path = path.with_suffix(".nnlab")
        try:
            save_lab(path, self.state.file)
        except OSError as exc:
            self.refuse(self.tr("Could not save {path}").format(path=path), str(exc))
            return False
        self.state.path, self.state.dirty = path, False
        self.add_recent(str(path.resolve()))
        self._update_title()
        self.show_message(self.tr("Saved {path}").format(path=path))
        return True

    def recent_files(self) -> list[str]:
        value = self.settings.value("recentFiles", [])
        return [value] if isinstance(value, str) else list(value or [])

    def add_recent(self, path: str) -> None:
        files = [path] + [p for p in self.recent_files() if p != path]
        self.settings.setValue("recentFiles", files[:MAX_RECENT])

    def export_weights_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, self.tr("Export weights"), "",
                                              self.tr("Weights (*.npz *.json *.onnx)"))
        if path:
            self._pane_io("export_weights", path)

    def import_weights_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import weights"), "",
                                              self.tr("Weights (*.npz *.json *.pkl)"))
        if path:
            self._pane_io("import_weights", path)

    def _pane_io(self, method: str, path: str) -> bool:
        try:
            getattr(self.pane, method)(path)
        except (FormatError, ValueError, OSError) as exc:
            self.refuse(self.tr("Could not use {path}").format(path=path), str(exc))
            return False
        self.show_message(self.tr("Done: {path}").format(path=path))
        return True

    # ----- messages, view -------------------------------------------------------------------
    def show_message(self, text: str) -> None:
        self.messageLabel.setStyleSheet("")
        self.messageLabel.setText(text)

    def refuse(self, title: str, reason: str, dialog: bool = True) -> None:
        """Tell the user why something was refused: in the status bar and (optionally) a dialog."""
        self.last_error = reason
        self.messageLabel.setStyleSheet(f"color: {style.theme().negative}; font-weight: bold;")
        self.messageLabel.setText(f"{title}: {reason}")
        if dialog:
            box = QMessageBox(QMessageBox.Icon.Warning, title, reason, QMessageBox.StandardButton.Ok, self)
            box.setObjectName("errorDialog")
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()

    def set_presenter(self, on: bool) -> None:
        style.set_scale(2.0 if on else 1.0)
        self._restyle()

    def set_high_contrast(self, on: bool) -> None:
        style.set_theme("high-contrast" if on else "light")
        self._restyle()

    def _restyle(self) -> None:
        font = QApplication.font()
        font.setPointSizeF(BASE_FONT_POINTS * style.scale())
        QApplication.setFont(font)
        self.formula.restyle()
        self.transport.restyle()
        for pane in self.panes.values():
            pane.restyle()
        if self.state is not None:
            self._show_step(self.playhead.index)

    def toggle_full_screen(self) -> None:
        self.showNormal() if self.isFullScreen() else self.showFullScreen()

    def about(self) -> None:
        QMessageBox.about(self, self.tr("About nnlab"),
                          self.tr("nnlab {version}\nA visual lab: how neural networks compute, "
                                  "one number at a time.").format(version=nnlab.__version__))

    def _update_title(self) -> None:
        state = self.state
        if state is None:
            self.setWindowTitle("nnlab")
            return
        name = state.file.title or lab_title(self.lab)
        where = f" — {state.path.name}" if state.path else ""
        self.setWindowTitle(f"{'*' if state.dirty else ''}{name}{where} — nnlab")


def application(argv: list[str] | None = None) -> QApplication:
    """The QApplication (created once)."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(list(argv or [sys.argv[0]]))
        app.setApplicationName("nnlab")
        app.setOrganizationName("nnlab")
        app.setApplicationVersion(nnlab.__version__)
    font = app.font()
    font.setPointSizeF(BASE_FONT_POINTS * style.scale())
    app.setFont(font)
    return app


def build_window(lab: str | None = None, source: str | None = None) -> MainWindow:
    """The main window showing ``source`` (a preset name or .nnlab path), or ``lab``'s default preset.

    A bad ``source`` raises ValueError/FormatError (the CLI reports it); from the menus the
    window shows a dialog instead.
    """
    application()
    window = MainWindow()
    if source is not None:
        lab_file = presets.load_source(source)
        is_preset = source in presets.preset_names()
        window.load(lab_file, None if is_preset else Path(source), source if is_preset else None)
    else:
        window.open_source(lab_module(lab or "network").DEFAULT_PRESET)
    return window


def close_window(window: QMainWindow) -> None:
    """Close and delete a window and let Qt finish, so no pyqtgraph item outlives the interpreter."""
    window.close()
    window.deleteLater()
    QApplication.processEvents()
    QApplication.sendPostedEvents(None, 0)


def render_png(source: str, out: str | Path, step: int | None = None, size=(1280, 800)) -> int:
    """Render the window showing ``source`` at 1-based ``step`` (None: the last; 0: the start)
    offscreen to a PNG, written atomically. Returns the step shown."""
    import os

    from PySide6.QtCore import QBuffer, QIODevice

    from nnlab.io import atomic_write_bytes

    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    application()
    window = build_window(source=source)
    try:
        n = len(window.state.timeline)
        k = n if step is None else step
        if not 0 <= k <= n:
            raise ValueError(f"--step must be between 0 and {n} for this lab")
        window.resize(*size)
        window.show()
        window.playhead.seek(k - 1)
        QApplication.processEvents()
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        window.grab().save(buffer, "PNG")
        atomic_write_bytes(out, bytes(buffer.data()))
        return k
    finally:
        close_window(window)


def main(argv: list[str] | None = None, source: str | None = None) -> int:
    app = application(argv)
    window = build_window(source=source)
    window.show()
    code = app.exec()
    close_window(window)
    return code
