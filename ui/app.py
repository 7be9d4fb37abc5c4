"""The main window: lab selector, the lab pane, the formula panel and the transport bar.

``build_window(lab=None, source=None)`` makes the window (source: a preset name or a .nnlab
path); ``main(argv)`` runs the application. The window owns one Playhead and, per lab, the
loaded lab file, its timeline and its undo stack; panes only draw (see ``ui.panes.base``).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass, field, replace
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSettings, Qt, qInstallMessageHandler
from PySide6.QtGui import QAction, QActionGroup, QGuiApplication, QKeySequence, QUndoCommand, QUndoGroup, QUndoStack
from PySide6.QtWidgets import (QApplication, QComboBox, QFileDialog, QLabel, QMainWindow, QMessageBox,
                               QProgressBar, QPushButton, QToolBar, QVBoxLayout, QWidget)

import nnlab
from nnlab import i18n, presets
from nnlab.io import FormatError, LabFile, save_lab
from nnlab.labs import lab_module
from nnlab.steps import Timeline
from ui import locks, style
from ui.autosave import Autosave, orphaned
from ui.canvas import TeachingCanvas
from ui.formula import FormulaPanel, FormulaScroll, lab_title
from ui.language import set_language
from ui.panes import pane_class, window_labs
from ui.pointer import CursorHighlight
from ui.rebuild import SLOW_MS, Rebuilder, timed_build
from ui.transport import Playhead, TransportBar, bar_scale
from ui.widgets.eliding_combo import ElidingComboBox

MAX_RECENT = 8
BASE_FONT_POINTS = 10.0
SCALES = (1.0, 1.5, 2.0, 2.5, 3.0)


@dataclass
class LabState:
    """What the window holds for one lab: the lab file, where it lives, its timeline and edits."""

    file: LabFile
    path: Path | None
    timeline: Timeline
    preset: str | None = None  # the preset it came from, if it did
    k: int = -1
    dirty: bool = False
    undo: QUndoStack = field(default_factory=QUndoStack)
    build_ms: float = 0.0  # how long its last timeline took to build (slow ones build in the background)


class EditCommand(QUndoCommand):
    """One edit of a lab's configuration, undoable."""

    def __init__(self, window: "MainWindow", lab: str, old, new, timeline: Timeline):
        super().__init__(QCoreApplication.translate("MainWindow", "Edit"))
        self.window, self.lab, self.old, self.new = window, lab, old, new
        self._first = timeline  # the new timeline, already built when the edit was checked

    def redo(self):
        self.window.apply_config(self.lab, self.new, self._first)
        self._first = None

    def undo(self):
        self.window.apply_config(self.lab, self.old)


class MainWindow(QMainWindow):
    open_wait_ms = 100.0  # how long an open waits for its timeline before it finishes in the background

    def __init__(self):
        super().__init__()
        self.setObjectName("mainWindow")
        self.settings = QSettings("nnlab", "nnlab")
        self.labs: dict[str, LabState] = {}
        self.panes: dict[str, object] = {}
        self.lab: str | None = None
        self.last_error = ""  # the latest refusal shown to the user
        self.ask_before_close = False  # main() asks about unsaved edits; tests and renders don't
        self.restore_offer: tuple[Path, LabFile] | None = None
        self.undo_group = QUndoGroup(self)

        self.playhead = Playhead(self)
        self.playhead.restart_at = lambda: self.pane.replay_start() if self.pane is not None else -1
        self.transport = TransportBar(self.playhead, self)
        self.transport.install_shortcuts(self)
        self.formula = FormulaPanel(self)
        self.messageLabel = QLabel(self)
        self.messageLabel.setObjectName("message")
        self.statusBar().addWidget(self.messageLabel, 1)
        self.rebuildProgress = QProgressBar(self)
        self.rebuildProgress.setObjectName("rebuildProgress")
        self.rebuildProgress.setRange(0, 0)  # busy: a build cannot say how far it is
        self.rebuildProgress.setMaximumWidth(160)
        self.rebuildCancel = QPushButton(self)
        self.rebuildCancel.setObjectName("rebuildCancel")
        self.transport.add_busy(self.rebuildProgress, self.rebuildCancel)
        self.rebuilder = Rebuilder(self)
        self._waiting_pane = None  # the pane disabled while its timeline builds
        self._opening: str | None = None  # what an open building in the background opens
        self.rebuilder.busyChanged.connect(self._show_busy)
        self.rebuildCancel.clicked.connect(self.cancel_rebuild)
        self.pointer = CursorHighlight(self)

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(4, 4, 4, 4)
        self.formulaScroll = FormulaScroll(self.formula, self)
        self.canvas = TeachingCanvas(self, self.formulaScroll, central)
        self.stack = self.canvas.stack
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self.transport)
        self.setCentralWidget(central)

        self._build_chrome()
        self.transport.quizButton.toggled.connect(lambda on: self.quizAction.setChecked(on))
        self.playhead.indexChanged.connect(self._show_step)
        self.autosave = Autosave(self._autosave_snapshot, self)
        self.resize(1280, 800)

    # ----- building -------------------------------------------------------------------------
    def _build_chrome(self) -> None:
        """Toolbar and menus (rebuilt when the language changes)."""
        self.menuBar().clear()
        for bar in self.findChildren(QToolBar):
            self.removeToolBar(bar)
            bar.deleteLater()
        self.drawerAction = QAction(self.tr("Se&ttings panel"), self)
        self.drawerAction.setObjectName("actionDrawer")
        self.drawerAction.setShortcut(QKeySequence("F4"))
        self.drawerAction.setCheckable(True)
        self.drawerAction.setToolTip(self.tr("Show or fold the lab's settings panel (F4)"))
        self.drawerAction.triggered.connect(self.set_drawer)
        self._build_toolbar()
        self._build_menus()
        self._apply_drawer()
        self._style_chrome()

    def _style_chrome(self) -> None:
        """Menus, toolbar and status bar grow less than the canvas (as the transport does), so
        the room goes to what the class reads."""
        font = QApplication.font()
        font.setPointSizeF(BASE_FONT_POINTS * bar_scale(style.scale()))
        for widget in (self.menuBar(), *self.findChildren(QToolBar)):
            widget.setFont(font)
        font.setPointSizeF(BASE_FONT_POINTS * (1 + 0.25 * (style.scale() - 1)))  # for the teacher: 3× → 1.5×
        self.statusBar().setFont(font)

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
        self.presetSelector = ElidingComboBox(self)
        self.presetSelector.setObjectName("presetSelector")
        self.presetSelector.setMinimumContentsLength(24)
        self.presetSelector.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.presetSelector.activated.connect(
            lambda i: self.open_source(self.presetSelector.itemData(i)) if self.presetSelector.itemData(i) else None)
        bar.addWidget(self.presetSelector)
        bar.addSeparator()
        bar.addAction(self.drawerAction)
        bar.widgetForAction(self.drawerAction).setObjectName("drawerToggle")
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
        self.openMnistAction = self._action(m, self.tr("Open &MNIST files (IDX)…"),
                                            self.open_mnist_dialog, None, "actionOpenMnist")
        self._action(m, self.tr("&Save"), self.save, QKeySequence.StandardKey.Save, "actionSave")
        self._action(m, self.tr("Save &as…"), self.save_as_dialog, QKeySequence.StandardKey.SaveAs, "actionSaveAs")
        m.addSeparator()
        self.exportWeightsAction = self._action(m, self.tr("&Export weights…"), self.export_weights_dialog,
                                                name="actionExportWeights")
        self.importWeightsAction = self._action(m, self.tr("&Import weights…"), self.import_weights_dialog,
                                                name="actionImportWeights")
        m.addSeparator()
        self._action(m, self.tr("Export &animation…"), self.export_animation_dialog, None, "actionExportAnimation")
        self._action(m, self.tr("Export worked &solution…"), self.export_handout_dialog, None, "actionExportHandout")
        m.addSeparator()
        self._action(m, self.tr("&Quit"), self.close, QKeySequence.StandardKey.Quit, "actionQuit")

        e = self.menuBar().addMenu(self.tr("&Edit"))
        undo = self.undo_group.createUndoAction(self, self.tr("&Undo"))
        undo.setShortcut(QKeySequence.StandardKey.Undo)
        undo.setObjectName("actionUndo")
        redo = self.undo_group.createRedoAction(self, self.tr("&Redo"))
        redo.setShortcuts([QKeySequence.StandardKey.Redo, QKeySequence("Ctrl+Y")])
        redo.setObjectName("actionRedo")
        e.addActions([undo, redo])
        e.addSeparator()
        self._action(e, self.tr("&Copy lab as text"), self.copy_lab_text, None, "actionCopyLab")
        self._action(e, self.tr("&Paste lab from text"), self.paste_lab_text, None, "actionPasteLab")
        e.addSeparator()
        self._action(e, self.tr("&Student view: lock or hide controls…"), self.lock_dialog, None, "actionLocks")

        v = self.menuBar().addMenu(self.tr("&View"))
        self.quizAction = self._action(v, self.tr("&Quiz mode: predict, then reveal"), self.set_quiz, "F7",
                                       "actionQuiz", checkable=True)
        self.quizAction.setChecked(self.playhead.quiz)
        v.addAction(self.drawerAction)
        v.addSeparator()
        self.presenterAction = self._action(v, self.tr("&Presenter mode (large type)"), self.set_presenter,
                                            "F5", "actionPresenter", checkable=True)
        self.presenterAction.setChecked(style.scale() > 1.0)
        scales = v.addMenu(self.tr("Presenter &scale"))
        group = QActionGroup(self)
        for s in SCALES:
            action = self._action(scales, f"{style.fmt(s)}×", lambda _=False, s=s: self.set_scale(s),
                                  name=f"actionScale{style.fmt(s)}", checkable=True)
            action.setChecked(s == self.presenter_scale())
            group.addAction(action)
        self.contrastAction = self._action(v, self.tr("&High contrast"), self.set_high_contrast,
                                           None, "actionHighContrast", checkable=True)
        self.contrastAction.setChecked(style.theme().name == "high-contrast")
        self.pointerAction = self._action(v, self.tr("&Highlight the cursor"), self.pointer.set_enabled,
                                          "F6", "actionPointer", checkable=True)
        self._action(v, self.tr("&Full screen"), self.toggle_full_screen, "F11", "actionFullScreen")
        languages = v.addMenu(self.tr("&Language"))
        group = QActionGroup(self)
        for code, name in (("en", "English"), ("ko", "한국어")):
            action = self._action(languages, name, lambda _=False, c=code: self.set_language(c),
                                  name=f"actionLanguage_{code}", checkable=True)
            action.setChecked(i18n.language() == code)
            group.addAction(action)

        h = self.menuBar().addMenu(self.tr("&Help"))
        self._action(h, self.tr("&Keyboard shortcuts"), self.show_shortcuts, "F1", "actionShortcuts")
        self._action(h, self.tr("&Notation"), self.show_notation, None, "actionNotation")
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
                    action = sub.addAction(f"{info.name} — {i18n._(info.title)}" if info.title else info.name)
                    action.triggered.connect(lambda _=False, n=info.name: self.open_source(n))

    def _fill_recent_menu(self) -> None:
        self.recentMenu.clear()
        for path in self.recent_files():
            action = self.recentMenu.addAction(path)
            action.triggered.connect(lambda _=False, p=path: self.open_source(p))
        self.recentMenu.setEnabled(bool(self.recent_files()))

    def _fill_preset_selector(self, lab: str, current: str | None) -> None:
        """The lab's presets by title (the name as tooltip); the list opens wide enough to read them."""
        box = self.presetSelector
        box.clear()
        box.addItem(self.tr("(choose a preset)"), None)
        widest = 0
        for info in presets.preset_index():
            if info.lab == lab:
                title = i18n._(info.title) if info.title else info.name
                box.addItem(title, info.name)
                box.setItemData(box.count() - 1, info.name, Qt.ItemDataRole.ToolTipRole)
                widest = max(widest, box.fontMetrics().horizontalAdvance(title))
        box.view().setMinimumWidth(widest + box.fontMetrics().horizontalAdvance("M") * 3)
        i = box.findData(current) if current else 0
        box.setCurrentIndex(max(0, i))
        box.setToolTip(current or "")

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
        self._sync_selectors()
        if pane.timeline is not state.timeline:  # a pane coming back to the timeline it drew keeps its drawing
            self._set_pane_timeline(pane, state)
        self.undo_group.setActiveStack(state.undo)
        self.playhead.index = state.k
        self.playhead.set_count(len(state.timeline))
        self.exportWeightsAction.setEnabled(hasattr(pane, "export_weights"))
        self.importWeightsAction.setEnabled(hasattr(pane, "import_weights"))
        self.openMnistAction.setEnabled(hasattr(pane, "choose_mnist"))
        self._apply_drawer()
        self._update_title()

    def _set_pane_timeline(self, pane, state: LabState) -> None:
        pane.set_timeline(state.file.config, state.timeline)
        locks.apply(pane, state.file.locked, state.file.hidden)

    def _sync_selectors(self) -> None:
        """The lab and preset selectors showing the lab on screen (after an open gave up, too)."""
        if self.state is not None:
            self.labSelector.setCurrentIndex(self.labSelector.findData(self.lab))
            self._fill_preset_selector(self.lab, self.state.preset)

    def load(self, lab_file: LabFile, path: Path | None = None, preset: str | None = None, then=None,
             name: str = "") -> bool:
        """Make ``lab_file`` (called ``name``) the current lab, replacing what that lab held; then
        call ``then()``. False if the engine refused it (the user is told why, nothing is lost).

        Its timeline builds in the background: one built within ``open_wait_ms`` shows at once; a
        slower one arrives later, the window meanwhile showing what it showed (or a note) with a
        busy bar and Cancel on the transport."""
        name = name or (path.name if path else preset) or lab_title(lab_file.lab)
        refused = []

        def failed(reason: str) -> None:
            refused.append(reason)
            self._open_refused(name, reason)

        self._opening = name
        self.rebuilder.request(lab_file.lab, lab_file.config,
                               lambda built: self._loaded(lab_file, path, preset, built, then), failed)
        if not self.rebuilder.deliver_within(self.open_wait_ms):
            note = self._opening_note(name)
            self.show_message(note)
            if self.state is None:  # an empty window says what is coming
                self.labSelector.setCurrentIndex(self.labSelector.findData(lab_file.lab))
                self.formula.show_note(lab_title(lab_file.lab), note)
        return not refused

    def _opening_note(self, name: str) -> str:
        return self.tr("Opening {source}: building its timeline…").format(source=name)

    def _loaded(self, lab_file: LabFile, path: Path | None, preset: str | None, built, then) -> None:
        """An opened lab's timeline is built: show the lab at its first step."""
        timeline, build_ms = built
        if self._opening is not None and self.messageLabel.text() == self._opening_note(self._opening):
            self.show_message("")  # it has opened: the note would outlive what it says
        self._opening = None
        old = self.labs.get(lab_file.lab)
        if old is not None:
            self.undo_group.removeStack(old.undo)
        state = LabState(lab_file, path, timeline, preset, build_ms=build_ms)
        self.undo_group.addStack(state.undo)
        if self.lab == lab_file.lab:
            self.lab = None  # re-activate: the pane gets the new timeline
        self.labs[lab_file.lab] = state
        self._activate(lab_file.lab)  # at its first step: a new LabState's k
        if then is not None:
            then()

    def _open_refused(self, name: str, reason: str) -> None:
        self._opening = None
        self.refuse(self.tr("Could not open {source}").format(source=name), reason)
        self._sync_selectors()

    def open_source(self, source: str) -> bool:
        """Open a preset name or a .nnlab path (its timeline maybe still building when this returns,
        see ``load``); a bad one is refused with a dialog, nothing lost."""
        try:
            lab_file = presets.load_source(str(source))
        except (FormatError, ValueError, OSError) as exc:
            self._open_refused(str(source), str(exc))
            return False
        is_preset = str(source) in presets.preset_names()

        def opened() -> None:
            if not is_preset:
                self.add_recent(str(Path(source).resolve()))
            self.show_message(self.tr("Opened {source}").format(source=source))

        return self.load(lab_file, None if is_preset else Path(source), source if is_preset else None, opened,
                         name=str(source))

    def finish_building(self) -> None:
        """Wait for the timeline being built (an open or an edit) and apply it (renders, scripts)."""
        while not self.rebuilder.deliver_within(1000):
            pass

    def _config_edited(self, config) -> None:
        lab, state = self.lab, self.state
        old = state.file.config
        if state.build_ms > SLOW_MS:
            self.rebuilder.request(lab, config, lambda built: self._push_edit(lab, old, config, built),
                                   lambda reason: self._edit_refused(lab, reason))
            return
        try:
            built = timed_build(lab, config)
        except ValueError as exc:
            self._edit_refused(lab, str(exc))
            return
        self._push_edit(lab, old, config, built)

    def _push_edit(self, lab: str, old, config, built) -> None:
        state = self.labs[lab]
        state.build_ms = built[1]
        state.undo.push(EditCommand(self, lab, old, config, built[0]))

    def _edit_refused(self, lab: str, reason: str) -> None:
        """A change the engine refused: say why and show the lab as it was."""
        self.refuse(self.tr("That change was refused"), reason, dialog=False)
        if lab == self.lab:
            self._set_pane_timeline(self.pane, self.state)
            self.pane.show_step(self.playhead.index)

    def apply_config(self, lab: str, config, timeline: Timeline | None = None) -> None:
        """Make ``config`` the configuration of ``lab`` (an edit, its undo or its redo); keep k.
        Without ``timeline``, build it — in the background if this lab's builds are slow."""
        state = self.labs[lab]
        if timeline is None:
            if state.build_ms > SLOW_MS:
                self.rebuilder.request(lab, config, lambda built: self.apply_config(lab, config, built[0]),
                                       lambda reason: self._edit_refused(lab, reason), cancellable=False)
                return
            timeline, state.build_ms = timed_build(lab, config)
        state.file = replace(state.file, config=config)
        state.timeline = timeline
        state.dirty = True
        if lab == self.lab:
            self._set_pane_timeline(self.pane, state)
            self.playhead.set_count(len(state.timeline))
            self._update_title()

    def _show_busy(self, busy: bool, cancellable: bool) -> None:
        """While a timeline builds: a busy bar (and Cancel for an open or an edit); the pane waits for it."""
        self.rebuildCancel.setText(self.tr("Cancel"))
        self.transport.show_busy(busy, cancellable)
        computing = self.tr("Computing the new timeline…")
        if busy:
            self.show_message(computing)
            self._waiting_pane = self.pane
        elif self.messageLabel.text() == computing:  # done: the message would outlive what it says
            self.show_message("")
        if self._waiting_pane is not None:
            self._waiting_pane.setEnabled(not busy)
            if not busy:
                self._waiting_pane = None

    def cancel_rebuild(self) -> None:
        """Give up the open or the edit being computed: the window stays as it was."""
        opening, self._opening = self._opening, None
        self.rebuilder.cancel()
        if opening is not None:
            self._sync_selectors()
            message = self.tr("Opening {source} was cancelled").format(source=opening)
            if self.state is None:
                self.formula.show_note("nnlab", message)
            self.show_message(message)
            return
        if self.state is not None:
            self._set_pane_timeline(self.pane, self.state)
            self.pane.show_step(self.playhead.index)
        self.show_message(self.tr("The change was cancelled"))

    def _show_step(self, k: int) -> None:
        state, pane = self.state, self.pane
        if state is None:
            return
        state.k = k
        hidden = self.playhead.hidden
        pane.hidden = hidden  # a hidden result is not drawn on the diagram either; its focus is
        pane.show_step(k)
        self.formula.show_step(state.timeline, k, hidden)
        live = pane.formula_step(k)  # a step the pane shows instead of the timeline's (a live run's epoch)
        if live is not None:
            self.formula.show_formula(live, hidden)
        self.canvas.fit_step(state.timeline, k)
        self.canvas.prepare_views()

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
        self.state.path, self.state.dirty, self.state.preset = path, False, None
        self.state.undo.setClean()
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
        filters = (self.tr("Weights (*.npz *.json *.onnx)"), self.tr("ONNX in float64 (*.onnx)"))
        shown = filters if self.pane.onnx_export else filters[:1]
        path, chosen = QFileDialog.getSaveFileName(self, self.tr("Export weights"), "", ";;".join(shown))
        if path:
            self._pane_io("export_weights", path, *(("float64",) if chosen == filters[1] else ()))

    def open_mnist_dialog(self) -> None:
        """File ▸ Open MNIST files: the pane (training or CNN) asks for the images and labels IDX files."""
        if hasattr(self.pane, "choose_mnist"):
            self.pane.choose_mnist()

    def import_weights_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import weights"), "",
                                              self.tr("Weights (*.npz *.json *.pkl *.pt *.pth)"))
        if path:
            self._pane_io("import_weights", path)

    # What the first paint does not need is imported when first used (a faster start).
    def export_animation_dialog(self) -> None:
        from ui.export_dialog import export_animation_from_window

        export_animation_from_window(self)

    def export_handout_dialog(self) -> None:
        from ui.export_dialog import export_handout_from_window

        export_handout_from_window(self)

    def _pane_io(self, method: str, path: str, *options) -> bool:
        try:
            getattr(self.pane, method)(path, *options)
        except (FormatError, ValueError, OSError) as exc:
            self.refuse(self.tr("Could not use {path}").format(path=path), str(exc))
            return False
        self.show_message(self.tr("Done: {path}").format(path=path))
        return True

    # ----- sharing, student view, autosave --------------------------------------------------
    def copy_lab_text(self) -> str:
        from nnlab import share

        text = share.encode(self.state.file)
        QGuiApplication.clipboard().setText(text)
        self.show_message(self.tr("The lab is on the clipboard as text ({n} characters): paste it into a chat.")
                          .format(n=len(text)))
        return text

    def paste_lab_text(self, text: str | None = None) -> bool:
        from nnlab import share

        text = QGuiApplication.clipboard().text() if text is None else text
        try:
            lab_file = share.decode(text)
        except FormatError as exc:
            self.refuse(self.tr("Could not paste the lab"), str(exc))
            return False
        def pasted() -> None:
            self.state.dirty = True
            self._update_title()
            self.show_message(self.tr("Pasted a {lab} lab").format(lab=lab_title(lab_file.lab)))

        return self.load(lab_file, then=pasted)

    def set_locks(self, locked, hidden) -> None:
        """Lock/hide the current pane's controls (saved with the lab file)."""
        state = self.state
        state.file = replace(state.file, locked=tuple(locked), hidden=tuple(hidden))
        state.dirty = True
        self._set_pane_timeline(self.pane, state)  # the pane rebuilds its controls, then locks apply
        self.pane.show_step(self.playhead.index)
        self._update_title()

    def lock_dialog(self) -> None:
        dialog = locks.LockDialog(self.pane, self.state.file.locked, self.state.file.hidden, self)
        dialog.accepted.connect(lambda: self.set_locks(*dialog.chosen()))
        dialog.open()

    def _autosave_snapshot(self) -> LabFile | None:
        state = self.state
        return state.file if state is not None and state.dirty else None

    def offer_restore(self) -> None:
        """After a crash: offer the newest orphaned autosave (a non-blocking question)."""
        found = orphaned()
        if not found:
            return
        self.restore_offer = found[0]
        for path, _ in found[1:]:
            path.unlink(missing_ok=True)
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Restore unsaved work?"),
                          self.tr("nnlab did not close properly last time. Restore the {lab} lab "
                                  "with its unsaved changes?").format(lab=lab_title(found[0][1].lab)),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self)
        box.setObjectName("restoreDialog")
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda result: self.restore_autosave(result == QMessageBox.StandardButton.Yes))
        box.open()

    def restore_autosave(self, accept: bool) -> None:
        if self.restore_offer is None:
            return
        path, lab_file = self.restore_offer
        self.restore_offer = None
        if accept:
            def restored() -> None:
                self.state.dirty = True
                self._update_title()
                self.show_message(self.tr("Restored the unsaved lab"))

            self.load(lab_file, then=restored)
        path.unlink(missing_ok=True)

    def closeEvent(self, event) -> None:
        if self.ask_before_close and any(s.dirty for s in self.labs.values()):
            answer = QMessageBox.question(
                self, self.tr("Unsaved changes"), self.tr("Save the changes to the current lab before closing?"),
                QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                | QMessageBox.StandardButton.Cancel)
            if answer == QMessageBox.StandardButton.Cancel or (
                    answer == QMessageBox.StandardButton.Save and not self.save()):
                event.ignore()
                return
        self.rebuilder.cancel()
        self.rebuilder.wait()
        self.autosave.discard()
        self.playhead.pause()
        super().closeEvent(event)

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

    def set_quiz(self, on: bool) -> None:
        self.transport.quizButton.setChecked(on)  # which sets the playhead's quiz mode

    def presenter_scale(self) -> float:
        return float(self.settings.value("view/presenterScale", 2.0))

    def set_presenter(self, on: bool) -> None:
        style.set_scale(self.presenter_scale() if on else 1.0)
        self.settings.setValue("view/presenter", bool(on))
        self._apply_drawer()  # first: a panel about to fold must not stretch the window as it grows
        self._restyle()

    def set_scale(self, scale: float) -> None:
        """The presenter scale (1×–3×), remembered on this machine; 1× turns presenter mode off."""
        if scale > 1.0:
            self.settings.setValue("view/presenterScale", float(scale))
        self.presenterAction.setChecked(scale > 1.0)
        self.set_presenter(scale > 1.0)

    def _drawer_key(self) -> str:
        return "view/drawerPresenter" if style.scale() > 1.0 else "view/drawer"

    def drawer_open(self) -> bool:
        """Whether the labs' settings panels show: remembered apart for presenter mode (folded at
        first, giving the canvas the room) and for 1× (shown at first)."""
        return str(self.settings.value(self._drawer_key(), style.scale() <= 1.0)).lower() == "true"

    def set_drawer(self, on: bool) -> None:
        """Show or fold the settings panel (View → Settings panel, F4), remembered on this machine."""
        self.settings.setValue(self._drawer_key(), bool(on))
        self._apply_drawer()

    def _apply_drawer(self) -> None:
        on = self.drawer_open()
        self.drawerAction.setChecked(on)
        self.drawerAction.setEnabled(self.pane is not None and self.pane.drawer() is not None)
        for pane in self.panes.values():
            drawer = pane.drawer()
            if drawer is not None:
                drawer.setVisible(on)

    def set_high_contrast(self, on: bool) -> None:
        style.set_theme("high-contrast" if on else "light")
        self.settings.setValue("view/theme", style.theme().name)
        self._restyle()

    def _restyle(self) -> None:
        font = QApplication.font()
        font.setPointSizeF(BASE_FONT_POINTS * style.scale())
        QApplication.setFont(font)
        self._style_chrome()
        self.formula.restyle()
        self.transport.restyle()
        for lab, pane in self.panes.items():
            pane.restyle()
            if lab in self.labs:
                locks.apply(pane, self.labs[lab].file.locked, self.labs[lab].file.hidden)
        if self.state is not None:
            self._show_step(self.playhead.index)

    def set_language(self, lang: str) -> None:
        """Switch every text (menus, panes, step texts) to ``lang``; labs, edits and steps are kept."""
        set_language(lang)
        self.settings.setValue("view/language", lang)
        current = self.lab
        for state in self.labs.values():
            state.timeline = lab_module(state.file.lab).build_timeline(state.file.config)
        if self.state is not None:
            self.state.k = self.playhead.index
        for pane in self.panes.values():
            self.stack.removeWidget(pane)
            pane.deleteLater()
        self.panes.clear()
        self.transport.retranslate()
        self._build_chrome()
        self.lab = None
        if current is not None:
            self._activate(current)

    def toggle_full_screen(self) -> None:
        self.showNormal() if self.isFullScreen() else self.showFullScreen()

    def show_shortcuts(self) -> None:
        """Help → Keyboard shortcuts: every key, in a dialog that can stay open."""
        from ui.shortcuts import ShortcutsDialog

        self.shortcutsDialog = ShortcutsDialog(self)
        self.shortcutsDialog.show()

    def show_notation(self) -> None:
        """Help → Notation: one symbol per quantity, and the number format (nnlab.notation)."""
        from ui.notation import NotationDialog

        self.notationDialog = NotationDialog(self)
        self.notationDialog.show()

    def about(self) -> None:
        QMessageBox.about(self, self.tr("About nnlab"),
                          self.tr("nnlab {version}\nA visual lab: how neural networks compute, "
                                  "one number at a time.").format(version=nnlab.__version__))

    def _update_title(self) -> None:
        state = self.state
        if state is None:
            self.setWindowTitle("nnlab")
            return
        name = i18n._(state.file.title) if state.file.title else lab_title(self.lab)
        where = f" — {state.path.name}" if state.path else ""
        self.setWindowTitle(f"{'*' if state.dirty else ''}{name}{where} — nnlab")


def application(argv: list[str] | None = None) -> QApplication:
    """The QApplication (created once), with the remembered theme and presenter scale."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(list(argv or [sys.argv[0]]))
        app.setApplicationName("nnlab")
        app.setOrganizationName("nnlab")
        app.setApplicationVersion(nnlab.__version__)
        settings = QSettings("nnlab", "nnlab")
        style.set_theme(str(settings.value("view/theme", "light")))
        if str(settings.value("view/presenter", "false")).lower() == "true":
            style.set_scale(float(settings.value("view/presenterScale", 2.0)))
    font = app.font()
    font.setPointSizeF(BASE_FONT_POINTS * style.scale())
    app.setFont(font)
    return app


def build_window(lab: str | None = None, source: str | None = None, restore: bool = False,
                 wait: bool = True) -> MainWindow:
    """The main window showing ``source`` (a preset name or .nnlab path), or ``lab``'s default preset.

    A bad ``source`` raises ValueError/FormatError (the CLI reports it); from the menus the
    window shows a dialog instead. ``restore``: offer an autosave left by a crash. ``wait``:
    return with the lab's timeline built (scripts, renders); without it a slow one is still
    building in the background (``nnlab open``: the window shows at once).
    """
    application()
    window = MainWindow()
    if source is not None:
        lab_file = presets.load_source(source)
        is_preset = source in presets.preset_names()
        window.load(lab_file, None if is_preset else Path(source), source if is_preset else None, name=source)
    else:
        window.open_source(lab_module(lab or "network").DEFAULT_PRESET)
    if wait:
        window.finish_building()
    if restore:
        window.offer_restore()
    return window


def close_window(window: QMainWindow) -> None:
    """Close and delete a window and let Qt finish, so no pyqtgraph item outlives the interpreter."""
    window.close()
    window.deleteLater()
    QApplication.processEvents()
    QApplication.sendPostedEvents(None, 0)


def render_source(source: str, out: str | Path, first: int = 0, last: int | None = None, fps: float = 2.0,
                  size: tuple[int, int] = (1280, 800), progress=None, cancel=None) -> int:
    """Open ``source`` (a preset name or .nnlab path) in an offscreen window and export its
    teaching canvas (``ui.export.export_animation``); the frame count.

    The window has nnlab's default look (light theme, 1× scale), not the theme or presenter
    scale remembered on this machine, so the same command renders the same pictures anywhere.
    """
    os.environ["QT_QPA_PLATFORM"] = "offscreen"  # also on a server without a display
    application()
    style.set_theme("light")
    style.set_scale(1.0)
    application()  # the application font follows the scale
    set_language(i18n.language())  # the window's own words in the language the CLI was asked for
    previous = qInstallMessageHandler(_quiet_offscreen)
    from ui.export import export_animation

    window = build_window(source=source)
    try:
        if window.state is None:
            raise ValueError(window.last_error)
        return export_animation(window.canvas, out, first, last, fps, size, progress=progress, cancel=cancel)
    finally:
        close_window(window)
        qInstallMessageHandler(previous)


def _quiet_offscreen(mode, context, message: str) -> None:
    """Qt's messages, less the offscreen platform's notice that it has no window manager."""
    if "propagateSizeHints" not in message:
        print(message, file=sys.stderr)


def main(argv: list[str] | None = None, source: str | None = None, lang: str | None = None) -> int:
    app = application(argv)
    settings = QSettings("nnlab", "nnlab")
    set_language(lang or str(settings.value("view/language", i18n.system_language())))
    try:
        window = build_window(source=source, restore=True, wait=False)
    except (FormatError, ValueError, OSError) as exc:
        print(f"nnlab: error: {exc}", file=sys.stderr)
        return 2
    window.ask_before_close = True
    window.show()
    code = app.exec()
    close_window(window)
    return code
