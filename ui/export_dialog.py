"""The window's export dialogs: File → Export animation… and File → Export worked solution….

Each dialog only gathers a request (steps, size, format, path); the export itself runs on the GUI
thread (widgets can only be grabbed there) under a cancelable QProgressDialog, through
``ui.export``, which renders the window's teaching canvas (``window.canvas``). Errors go to the
window's ``refuse`` (status bar and dialog), nothing half-written.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (QComboBox, QDialog, QDialogButtonBox, QDoubleSpinBox, QFileDialog, QFormLayout,
                               QHBoxLayout, QLabel, QLineEdit, QProgressDialog, QPushButton, QSpinBox, QWidget)

from nnlab import handout
from ui import export

DEFAULT_SIZE = (1280, 800)
HANDOUT_SIZE = (960, 600)


def _source_name(window) -> str:
    """A file name stem for the window's lab: its preset, its file's stem, or the lab's name."""
    state = window.state
    return state.preset or (state.path.stem if state.path else state.file.lab)


def _size_row(parent: QWidget, name: str, size: tuple[int, int]) -> tuple[QWidget, QSpinBox, QSpinBox]:
    row = QWidget(parent)
    layout = QHBoxLayout(row)
    layout.setContentsMargins(0, 0, 0, 0)
    boxes = []
    for axis, value in zip(("Width", "Height"), size):
        box = QSpinBox(row)
        box.setObjectName(f"{name}{axis}")
        box.setRange(export.MIN_SIDE, export.MAX_SIDE)
        box.setValue(value)
        box.setSuffix(" px")
        boxes.append(box)
    layout.addWidget(boxes[0])
    layout.addWidget(QLabel("×", row))
    layout.addWidget(boxes[1])
    layout.addStretch(1)
    return row, boxes[0], boxes[1]


def _note_and_buttons(dialog: QDialog, form: QFormLayout, name: str, ok_text: str) -> QLabel:
    """A dialog's last rows: a wrapped note label (objectName ``name``, returned) and OK (labelled
    ``ok_text``, calling ``dialog._accept``) / Cancel."""
    note = QLabel(dialog)
    note.setObjectName(name)
    note.setWordWrap(True)
    form.addRow(note)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, dialog)
    buttons.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    buttons.accepted.connect(dialog._accept)
    buttons.rejected.connect(dialog.reject)
    form.addRow(buttons)
    return note


class _PathRow(QWidget):
    """A path field with a Browse… button."""

    def __init__(self, parent, name: str, caption: str, filters):
        super().__init__(parent)
        self.caption, self.filters = caption, filters
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.edit = QLineEdit(self)
        self.edit.setObjectName(f"{name}Path")
        self.edit.setMinimumWidth(320)
        browse = QPushButton(self.tr("Browse…"), self)
        browse.setObjectName(f"{name}Browse")
        browse.clicked.connect(self.browse)
        layout.addWidget(self.edit, 1)
        layout.addWidget(browse)

    def browse(self) -> None:
        filters = self.filters()
        if filters is None:
            path = QFileDialog.getExistingDirectory(self, self.caption, str(Path(self.edit.text()).parent))
        else:
            path, _ = QFileDialog.getSaveFileName(self, self.caption, self.edit.text(), filters)
        if path:
            self.edit.setText(path)


class ExportAnimationDialog(QDialog):
    """From/to step, frames per second, size, format (GIF, MP4, PNG folder) and where to write."""

    FORMATS = ("gif", "mp4", "dir")

    def __init__(self, window):
        super().__init__(window)
        self.setObjectName("exportAnimationDialog")
        self.setWindowTitle(self.tr("Export animation"))
        self.main = window
        n = export.step_count(window.canvas)
        settings = window.settings
        form = QFormLayout(self)

        self.fromStep, self.toStep = QSpinBox(self), QSpinBox(self)
        for box, name, value in ((self.fromStep, "exportFrom", 0), (self.toStep, "exportTo", n)):
            box.setObjectName(name)
            box.setRange(0, n)
            box.setValue(value)
        self.fromStep.setToolTip(self.tr("Step 0 is the start, before the first step"))
        form.addRow(self.tr("From step"), self.fromStep)
        form.addRow(self.tr("To step"), self.toStep)

        self.fps = QDoubleSpinBox(self)
        self.fps.setObjectName("exportFps")
        self.fps.setRange(0.1, export.MAX_FPS)
        self.fps.setDecimals(1)
        self.fps.setValue(float(settings.value("export/fps", 2.0)))
        form.addRow(self.tr("Frames per second"), self.fps)

        size = (int(settings.value("export/width", DEFAULT_SIZE[0])),
                int(settings.value("export/height", DEFAULT_SIZE[1])))
        row, self.widthBox, self.heightBox = _size_row(self, "export", size)
        form.addRow(self.tr("Size"), row)

        self.format = QComboBox(self)
        self.format.setObjectName("exportFormat")
        self.format.addItem(self.tr("GIF"), "gif")
        self.format.addItem(self.tr("MP4 video"), "mp4")
        self.format.addItem(self.tr("PNG images in a folder"), "dir")
        if not export.video_available():
            self.format.model().item(1).setEnabled(False)
            self.format.setItemData(1, self.tr("Needs the video extra: pip install nnlab[video]"),
                                    Qt.ItemDataRole.ToolTipRole)
        form.addRow(self.tr("Format"), self.format)

        self.path = _PathRow(self, "export", self.tr("Export animation to"), self._filters)
        self.path.edit.setText(str(Path(str(settings.value("export/folder", str(Path.home()))))
                                   / f"{_source_name(window)}.gif"))
        form.addRow(self.tr("File"), self.path)
        last = self.format.findData(settings.value("export/format", "gif"))
        if last >= 0 and self.format.model().item(last).isEnabled():
            self.format.setCurrentIndex(last)
            self._format_changed()
        self.format.currentIndexChanged.connect(self._format_changed)

        self.note = _note_and_buttons(self, form, "exportNote", self.tr("Export"))

    def _filters(self):
        fmt = self.format.currentData()
        return {"gif": self.tr("GIF animation (*.gif)"), "mp4": self.tr("MP4 video (*.mp4)")}.get(fmt)

    def _format_changed(self) -> None:
        """Keep the path's extension in step with the format (a folder for PNG frames)."""
        text = self.path.edit.text().rstrip("/")
        path = Path(text)
        stem = path.with_suffix("") if path.suffix.lower() in (".gif", ".mp4") else path
        fmt = self.format.currentData()
        self.path.edit.setText(f"{stem}/" if fmt == "dir" else f"{stem}.{fmt}")

    def request(self) -> dict:
        """The export asked for; ExportError names what is wrong."""
        fmt = self.format.currentData()
        text = self.path.edit.text().strip()
        if not text:
            raise export.ExportError(self.tr("Choose where to write the animation"))
        req = {"out": text, "fmt": fmt, "first": self.fromStep.value(), "last": self.toStep.value(),
               "fps": self.fps.value(), "size": (self.widthBox.value(), self.heightBox.value())}
        export.check_request(fmt, req["first"], req["last"], export.step_count(self.main.canvas), req["fps"], req["size"])
        return req

    def _accept(self) -> None:
        try:
            req = self.request()
        except export.ExportError as exc:
            self.note.setText(str(exc))
            return
        settings = self.main.settings
        for key, value in (("fps", req["fps"]), ("width", req["size"][0]), ("height", req["size"][1]),
                           ("format", req["fmt"]), ("folder", str(Path(req["out"].rstrip("/")).parent))):
            settings.setValue(f"export/{key}", value)
        self.accept()


class ExportHandoutDialog(QDialog):
    """Markdown or HTML, which steps get a diagram, the diagrams' size, and where to write."""

    def __init__(self, window):
        super().__init__(window)
        self.setObjectName("exportHandoutDialog")
        self.setWindowTitle(self.tr("Export worked solution"))
        self.main = window
        form = QFormLayout(self)

        self.format = QComboBox(self)
        self.format.setObjectName("handoutFormat")
        self.format.addItem(self.tr("HTML page (printable, images inside)"), "html")
        self.format.addItem(self.tr("Markdown (+ a folder of images)"), "md")
        form.addRow(self.tr("Format"), self.format)

        self.images = QComboBox(self)
        self.images.setObjectName("handoutImages")
        self.images.addItem(self.tr("No diagrams"), "none")
        self.images.addItem(self.tr("Every step"), "all")
        self.images.addItem(self.tr("Every Nth step"), "every")
        self.images.addItem(self.tr("These steps"), "list")
        self.images.setCurrentIndex(2)
        form.addRow(self.tr("Diagrams"), self.images)
        self.every = QSpinBox(self)
        self.every.setObjectName("handoutEvery")
        self.every.setRange(1, max(1, export.step_count(window.canvas)))
        self.every.setValue(min(4, self.every.maximum()))
        form.addRow(self.tr("N (every Nth step)"), self.every)
        self.steps = QLineEdit(self)
        self.steps.setObjectName("handoutSteps")
        self.steps.setPlaceholderText(self.tr("e.g. 1, 5, 12 or 3-6 (0 = the start)"))
        form.addRow(self.tr("Steps"), self.steps)
        self.images.currentIndexChanged.connect(self._images_changed)
        self._images_changed()

        row, self.widthBox, self.heightBox = _size_row(self, "handout", HANDOUT_SIZE)
        form.addRow(self.tr("Diagram size"), row)

        self.path = _PathRow(self, "handout", self.tr("Export worked solution to"), self._filters)
        self.path.edit.setText(str(Path.home() / f"{_source_name(window)}.html"))
        form.addRow(self.tr("File"), self.path)
        self.format.currentIndexChanged.connect(self._format_changed)

        self.note = _note_and_buttons(self, form, "handoutNote", self.tr("Export"))

    def _filters(self):
        return {"html": self.tr("HTML page (*.html)"), "md": self.tr("Markdown (*.md)")}[self.format.currentData()]

    def _images_changed(self) -> None:
        kind = self.images.currentData()
        self.every.setEnabled(kind == "every")
        self.steps.setEnabled(kind == "list")

    def _format_changed(self) -> None:
        path = Path(self.path.edit.text().strip() or _source_name(self.main))
        self.path.edit.setText(str(path.with_suffix(f".{self.format.currentData()}")))

    def image_steps(self) -> list[int]:
        """The chosen step numbers (0 = start); ValueError for a bad list."""
        kind = self.images.currentData()
        spec = {"none": "none", "all": "all", "every": f"every {self.every.value()}", "list": self.steps.text()}[kind]
        if kind == "list" and not spec.strip():
            raise ValueError(self.tr("List the steps that get a diagram, e.g. 1, 5, 12"))
        return handout.parse_steps(spec, export.step_count(self.main.canvas))

    def request(self) -> dict:
        text = self.path.edit.text().strip()
        if not text:
            raise export.ExportError(self.tr("Choose where to write the worked solution"))
        return {"out": text, "fmt": self.format.currentData(), "image_steps": self.image_steps(),
                "size": (self.widthBox.value(), self.heightBox.value())}

    def _accept(self) -> None:
        try:
            self.request()
        except ValueError as exc:
            self.note.setText(str(exc))
            return
        self.accept()


def progress_dialog(window, label: str) -> QProgressDialog:
    """A window-modal, cancelable progress dialog (objectName exportProgress)."""
    dialog = QProgressDialog(label, QCoreApplication.translate("export", "Cancel"), 0, 1, window)
    dialog.setObjectName("exportProgress")
    dialog.setWindowTitle(QCoreApplication.translate("export", "Exporting"))
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(0)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    return dialog


def _run(window, label: str, job, progress: QProgressDialog | None):
    """Run ``job(progress=..., cancel=...)`` under a progress dialog; report the outcome on the window."""
    dialog = progress or progress_dialog(window, label)

    def report(done: int, total: int) -> None:
        dialog.setMaximum(max(total, 1))
        dialog.setValue(done)

    dialog.show()
    try:
        return job(progress=report, cancel=dialog.wasCanceled)
    except export.ExportCancelled:
        window.show_message(QCoreApplication.translate("export", "Export cancelled; nothing was written"))
    except (ValueError, OSError) as exc:
        window.refuse(QCoreApplication.translate("export", "Could not export"), str(exc))
    finally:
        dialog.close()
    return None


def run_animation_export(window, req: dict, progress: QProgressDialog | None = None) -> int | None:
    """Export as ``req`` (from ExportAnimationDialog.request) asks; the frame count, or None."""
    count = _run(window, QCoreApplication.translate("export",
        "Rendering frames…"), lambda **kw: export.export_animation(
        window.canvas, req["out"], req["first"], req["last"], req["fps"], req["size"], fmt=req["fmt"], **kw), progress)
    if count is not None:
        window.show_message(QCoreApplication.translate("export",
            "{count} frames written to {path}").format(count=count, path=req["out"]))
    return count


def run_handout_export(window, req: dict, progress: QProgressDialog | None = None) -> Path | None:
    """Write the worked solution as ``req`` (from ExportHandoutDialog.request) asks; the path, or None."""
    out = _run(window, QCoreApplication.translate("export",
        "Rendering diagrams…"), lambda **kw: export.export_handout(
        window.canvas, req["out"], req["fmt"], req["image_steps"], req["size"], **kw), progress)
    if out is not None:
        window.show_message(QCoreApplication.translate("export",
            "Worked solution written to {path}").format(path=out))
    return out


def _ask(dialog: QDialog) -> dict | None:
    """Show ``dialog`` modally: its request if accepted, else None; the dialog is deleted after."""
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.request()
    finally:
        dialog.deleteLater()


def export_animation_from_window(window) -> int | None:
    """File → Export animation…: ask, then export with a progress bar and Cancel."""
    req = _ask(ExportAnimationDialog(window))
    return None if req is None else run_animation_export(window, req)


def export_handout_from_window(window) -> Path | None:
    """File → Export worked solution…: ask, then write the handout with a progress bar and Cancel."""
    req = _ask(ExportHandoutDialog(window))
    return None if req is None else run_handout_export(window, req)
