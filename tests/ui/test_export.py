"""Animation export (GIF, MP4, PNG folder), worked-solution export from the window, and `nnlab render`."""

import base64
import re
import subprocess
import sys

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import QPoint
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (QComboBox, QDialog, QDoubleSpinBox, QLabel, QLineEdit, QMenuBar, QProgressDialog,
                               QSpinBox, QStatusBar, QWidget)

from nnlab.cli import main as cli
from ui import export
from ui.export_dialog import (ExportAnimationDialog, ExportHandoutDialog, run_animation_export,
                              run_handout_export)

SIZE = (320, 240)


@pytest.fixture
def window(open_window):
    return open_window("seed-forward")


def leftovers(folder):
    return sorted(p.name for p in folder.iterdir())


def test_gif_has_one_frame_per_step_at_the_size_and_fps(window, tmp_path):
    window.playhead.seek(6)
    old_size = window.size()
    reports = []
    count = export.export_animation(window.canvas, tmp_path / "a.gif", 0, 3, fps=4, size=SIZE,
                                    progress=lambda done, total: reports.append((done, total)))
    assert count == 4 and reports == [(0, 4), (1, 4), (2, 4), (3, 4), (4, 4)]
    with Image.open(tmp_path / "a.gif") as gif:
        assert (gif.n_frames, gif.size, gif.info["loop"], gif.info["duration"]) == (4, SIZE, 0, 250)
        pictures = []
        for i in range(4):
            gif.seek(i)
            pictures.append(np.asarray(gif.convert("RGB")))
    assert all(not np.array_equal(a, b) for a, b in zip(pictures, pictures[1:]))  # each step looks different
    assert window.playhead.index == 6 and window.size() == old_size  # the window is as it was
    assert leftovers(tmp_path) == ["a.gif"]


def test_gif_frames_show_their_steps(window, tmp_path):
    """Frame k is the window at step k: the same pixels as a single-step PNG of that step."""
    export.export_animation(window.canvas, tmp_path / "all.gif", 1, 2, size=SIZE)
    export.export_animation(window.canvas, tmp_path / "two.png", 2, 2, size=SIZE)
    with Image.open(tmp_path / "all.gif") as gif, Image.open(tmp_path / "two.png") as png:
        gif.seek(1)
        frame, single = np.asarray(gif.convert("RGB"), dtype=int), np.asarray(png.convert("RGB"), dtype=int)
    assert png.size == SIZE
    assert np.mean(np.abs(frame - single)) < 2  # only the GIF palette differs


def test_mp4_frame_count_size_and_fps(window, tmp_path):
    imageio = pytest.importorskip("imageio.v2", reason="MP4 needs the [video] extra")
    count = export.export_animation(window.canvas, tmp_path / "a.mp4", 2, 6, fps=5, size=SIZE)
    reader = imageio.get_reader(tmp_path / "a.mp4")
    try:
        meta = reader.get_meta_data()
        assert (count, reader.count_frames(), meta["size"], meta["fps"]) == (5, 5, SIZE, 5.0)
    finally:
        reader.close()
    assert leftovers(tmp_path) == ["a.mp4"]


def test_png_folder_names_each_frame_by_its_step_and_replaces_an_earlier_export(window, tmp_path):
    out = tmp_path / "frames"
    assert export.export_animation(window.canvas, f"{out}/", 0, 12, size=SIZE) == 13
    assert leftovers(out) == [f"frame_{k:04d}.png" for k in range(0, 13)]  # frame_0000: the start
    (out / "notes.txt").write_text("mine")
    assert export.export_animation(window.canvas, out, 10, 12, size=(400, 300)) == 3
    assert leftovers(out) == ["frame_0010.png", "frame_0011.png", "frame_0012.png", "notes.txt"]
    for name in leftovers(out)[:3]:
        with Image.open(out / name) as im:
            assert im.size == (400, 300)
    assert leftovers(tmp_path) == ["frames"]


@pytest.mark.parametrize("out, first, after", [("a.gif", 0, 2), ("a.mp4", 0, 3), ("frames/", 0, 2), ("one.png", 3, 1)])
def test_a_cancelled_export_leaves_nothing_behind(window, tmp_path, out, first, after):
    checks = []

    def cancel():  # pressed after ``after`` frames of six (one for a single PNG)
        checks.append(1)
        return len(checks) >= after

    if out.endswith(".mp4") and not export.video_available():
        pytest.skip("MP4 needs the [video] extra")
    last = first if out.endswith(".png") else 5
    with pytest.raises(export.ExportCancelled):
        export.export_animation(window.canvas, f"{tmp_path}/{out}", first, last, size=SIZE, cancel=cancel)
    assert len(checks) == after
    assert leftovers(tmp_path) == []
    assert window.playhead.index == -1


def test_a_cancelled_animation_leaves_an_earlier_file_untouched(window, tmp_path):
    target = tmp_path / "a.gif"
    target.write_bytes(b"earlier")
    with pytest.raises(export.ExportCancelled):
        export.export_animation(window.canvas, target, 0, 4, size=SIZE, cancel=lambda: True)
    assert target.read_bytes() == b"earlier" and leftovers(tmp_path) == ["a.gif"]


@pytest.mark.parametrize("out, first, last, size, words", [
    ("a.gif", 0, 13, SIZE, "between 0 and 12"),
    ("a.gif", 5, 2, SIZE, "comes after"),
    ("a.png", 1, 3, SIZE, "holds one step"),
    ("a.mp4", 0, 2, (321, 240), "even width and height"),
    ("a.gif", 0, 2, (100, 240), "200 to 8000"),
    ("a.bmp", 0, 2, SIZE, "must end in .png, .gif or .mp4"),
])
def test_bad_requests_are_refused_before_anything_is_written(window, tmp_path, out, first, last, size, words):
    with pytest.raises(export.ExportError, match=re.escape(words)):
        export.export_animation(window.canvas, tmp_path / out, first, last, size=size)
    assert leftovers(tmp_path) == []


def test_mp4_without_the_video_extra_says_how_to_get_it(window, tmp_path, monkeypatch):
    monkeypatch.setattr(export, "video_available", lambda: False)
    with pytest.raises(export.ExportError, match=re.escape("pip install nnlab[video]")):
        export.export_animation(window.canvas, tmp_path / "a.mp4", 0, 2, size=SIZE)
    dialog = ExportAnimationDialog(window)
    assert not dialog.format.model().item(dialog.format.findData("mp4")).isEnabled()
    dialog.deleteLater()


def test_animation_dialog_exports_the_chosen_range(window, tmp_path, qtbot):
    dialog = ExportAnimationDialog(window)
    qtbot.addWidget(dialog)
    assert dialog.objectName() == "exportAnimationDialog"
    fmt = dialog.findChild(QComboBox, "exportFormat")
    fmt.setCurrentIndex(fmt.findData("dir"))
    path = dialog.findChild(QLineEdit, "exportPath")
    assert path.text().endswith("seed-forward/")  # the extension follows the format
    path.setText(f"{tmp_path}/frames/")
    dialog.findChild(QSpinBox, "exportFrom").setValue(4)
    dialog.findChild(QSpinBox, "exportTo").setValue(7)
    dialog.findChild(QDoubleSpinBox, "exportFps").setValue(3)
    dialog.findChild(QSpinBox, "exportWidth").setValue(SIZE[0])
    dialog.findChild(QSpinBox, "exportHeight").setValue(SIZE[1])
    req = dialog.request()
    assert run_animation_export(window, req) == 4
    assert leftovers(tmp_path / "frames") == [f"frame_{k:04d}.png" for k in range(4, 8)]  # steps 4 to 7
    assert "4 frames" in window.findChild(QLabel, "message").text()


def test_animation_dialog_refuses_a_backwards_range_in_its_note(window, qtbot):
    dialog = ExportAnimationDialog(window)
    qtbot.addWidget(dialog)
    dialog.findChild(QSpinBox, "exportFrom").setValue(9)
    dialog.findChild(QSpinBox, "exportTo").setValue(3)
    dialog._accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "comes after" in dialog.findChild(QLabel, "exportNote").text()


class CancelAfter(QProgressDialog):
    """A progress dialog whose Cancel is pressed once ``after`` frames are done."""

    def __init__(self, parent, after):
        super().__init__(parent)
        self.after = after

    def setValue(self, value):
        super().setValue(value)
        if value >= self.after:
            self.cancel()


def test_cancel_in_the_progress_dialog_writes_nothing(window, tmp_path, qtbot):
    dialog = ExportAnimationDialog(window)
    qtbot.addWidget(dialog)
    dialog.findChild(QLineEdit, "exportPath").setText(str(tmp_path / "a.gif"))
    dialog.findChild(QSpinBox, "exportWidth").setValue(SIZE[0])
    dialog.findChild(QSpinBox, "exportHeight").setValue(SIZE[1])
    progress = CancelAfter(window, 2)
    assert run_animation_export(window, dialog.request(), progress) is None
    assert leftovers(tmp_path) == []
    assert "cancelled" in window.findChild(QLabel, "message").text()
    progress.deleteLater()


def test_handout_dialog_writes_markdown_with_images_at_the_listed_steps(window, tmp_path, qtbot):
    dialog = ExportHandoutDialog(window)
    qtbot.addWidget(dialog)
    assert dialog.objectName() == "exportHandoutDialog"
    fmt = dialog.findChild(QComboBox, "handoutFormat")
    fmt.setCurrentIndex(fmt.findData("md"))
    images = dialog.findChild(QComboBox, "handoutImages")
    images.setCurrentIndex(images.findData("list"))
    dialog.findChild(QLineEdit, "handoutSteps").setText("1, 5, 12")
    dialog.findChild(QSpinBox, "handoutWidth").setValue(SIZE[0])
    dialog.findChild(QSpinBox, "handoutHeight").setValue(SIZE[1])
    dialog.findChild(QLineEdit, "handoutPath").setText(str(tmp_path / "sf.md"))
    req = dialog.request()
    assert req["image_steps"] == [1, 5, 12]
    assert run_handout_export(window, req) == tmp_path / "sf.md"
    assert leftovers(tmp_path) == ["sf.md", "sf_images"]
    assert leftovers(tmp_path / "sf_images") == ["step_0001.png", "step_0005.png", "step_0012.png"]
    text = (tmp_path / "sf.md").read_text(encoding="utf-8")
    assert "```\ny₁ = σ(z₁) = σ(1.05) = 0.7408\n```" in text and "```\nz₁ = x₁·w₁₁ + x₂·w₂₁ = 1 × 0.9 + 0.5 × 0.3 = 1.05\n```" in text
    assert text.count("](<sf_images/step_") == 3
    with Image.open(tmp_path / "sf_images" / "step_0005.png") as im:
        assert im.size == SIZE


def test_handout_html_embeds_every_nth_diagram(window, tmp_path, qtbot):
    dialog = ExportHandoutDialog(window)
    qtbot.addWidget(dialog)
    images = dialog.findChild(QComboBox, "handoutImages")
    images.setCurrentIndex(images.findData("every"))
    dialog.findChild(QSpinBox, "handoutEvery").setValue(5)
    dialog.findChild(QSpinBox, "handoutWidth").setValue(SIZE[0])
    dialog.findChild(QSpinBox, "handoutHeight").setValue(SIZE[1])
    dialog.findChild(QLineEdit, "handoutPath").setText(str(tmp_path / "sf.html"))
    req = dialog.request()
    assert req["fmt"] == "html" and req["image_steps"] == [5, 10, 12]
    run_handout_export(window, req)
    page = (tmp_path / "sf.html").read_text(encoding="utf-8")
    pngs = [base64.b64decode(b) for b in re.findall(r'src="data:image/png;base64,([^"]+)"', page)]
    assert len(pngs) == 3 and all(p.startswith(b"\x89PNG") for p in pngs)
    assert leftovers(tmp_path) == ["sf.html"]


def test_handout_dialog_refuses_a_bad_step_list(window, qtbot):
    dialog = ExportHandoutDialog(window)
    qtbot.addWidget(dialog)
    images = dialog.findChild(QComboBox, "handoutImages")
    images.setCurrentIndex(images.findData("list"))
    dialog.findChild(QLineEdit, "handoutSteps").setText("1, 99")
    dialog._accept()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert "between 0 and 12" in dialog.findChild(QLabel, "handoutNote").text()


@pytest.mark.parametrize("argv, words", [
    (["--out", "x.bmp"], ".png, .gif or .mp4"),
    (["--out", "x.gif", "--from", "0", "--to", "13"], "--from/--to must be between 0 and 12"),
    (["--out", "x.gif", "--step", "-1"], "--step must be between 0 and 12"),
    (["--out", "x.gif", "--from", "5", "--to", "2"], "--from 5 comes after --to 2"),
    (["--out", "x.gif", "--step", "2", "--from", "1"], "either --step or --from/--to"),
    (["--out", "x.png", "--from", "1", "--to", "3"], "holds one step"),
    (["--out", "x.gif", "--size", "big"], "--size must look like 1280x800"),
    (["--out", "x.gif", "--size", "100x100"], "--size must look like 1280x800"),
    (["--out", "x.gif", "--fps", "0"], "--fps must be above 0"),
    (["--out", "x.mp4", "--size", "641x400"], "even width and height"),
    (["--out", "x.gif", "--fps", "fast"], "invalid float value"),
])
def test_render_bad_input_exits_2_with_one_line(capsys, tmp_path, monkeypatch, argv, words):
    monkeypatch.chdir(tmp_path)
    code = cli(["render", "seed-forward", *argv])
    out, err = capsys.readouterr()
    assert code == 2 and out == "" and err.count("\n") == 1 and words in err
    assert leftovers(tmp_path) == []


def test_render_mp4_without_the_video_extra_exits_2(capsys, tmp_path, monkeypatch):
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "imageio_ffmpeg" else real(name, *a))
    code = cli(["render", "seed-forward", "--out", str(tmp_path / "x.mp4")])
    err = capsys.readouterr().err
    assert code == 2 and "pip install nnlab[video]" in err and err.count("\n") == 1


def test_render_gif_from_the_command_line(tmp_path):
    out = tmp_path / "sf.gif"
    proc = subprocess.run([sys.executable, "-m", "nnlab", "render", "seed-forward", "--out", str(out),
                           "--from", "1", "--to", "3", "--fps", "4", "--size", "320x240"],
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert "frame 3/3" in proc.stderr and "3 frames (steps 1 to 3)" in proc.stderr
    assert "propagateSizeHints" not in proc.stderr
    with Image.open(out) as gif:
        assert (gif.n_frames, gif.size, gif.info["duration"]) == (3, SIZE, 250)


def _fill_when_shown(name, fill):
    """Fill and accept the modal dialog ``name`` once exec() has shown it."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    def act():
        dialog = next((w for w in QApplication.topLevelWidgets() if w.objectName() == name and w.isVisible()), None)
        if dialog is None:
            QTimer.singleShot(20, act)
            return
        fill(dialog)
        dialog._accept()

    QTimer.singleShot(0, act)


def test_export_animation_from_window_asks_then_exports(window, tmp_path, qtbot):
    from ui.export_dialog import export_animation_from_window

    def fill(dialog):
        dialog.findChild(QLineEdit, "exportPath").setText(str(tmp_path / "sf.gif"))
        dialog.findChild(QSpinBox, "exportTo").setValue(2)
        dialog.findChild(QSpinBox, "exportWidth").setValue(SIZE[0])
        dialog.findChild(QSpinBox, "exportHeight").setValue(SIZE[1])

    _fill_when_shown("exportAnimationDialog", fill)
    assert export_animation_from_window(window) == 3
    with Image.open(tmp_path / "sf.gif") as gif:
        assert (gif.n_frames, gif.size) == (3, SIZE)


def test_export_handout_from_window_asks_then_writes(window, tmp_path, qtbot):
    from ui.export_dialog import export_handout_from_window

    def fill(dialog):
        images = dialog.findChild(QComboBox, "handoutImages")
        images.setCurrentIndex(images.findData("none"))
        dialog.findChild(QLineEdit, "handoutPath").setText(str(tmp_path / "sf.html"))

    _fill_when_shown("exportHandoutDialog", fill)
    assert export_handout_from_window(window) == tmp_path / "sf.html"
    page = (tmp_path / "sf.html").read_text(encoding="utf-8")
    assert '<pre class="formula">y₂ = σ(z₂) = σ(0.6) = 0.6457</pre>' in page and "<img" not in page


def test_frames_reveal_quiz_results_and_leave_out_the_cursor_highlight(window, tmp_path):
    window.set_quiz(True)
    export.export_animation(window.canvas, tmp_path / "plain.png", 2, 2, size=SIZE)
    window.playhead.forward()
    window.playhead.forward()
    window.playhead.forward()  # step 2 shown with its result hidden
    window.pointer.set_enabled(True)
    window.pointer.follow(window.mapToGlobal(QPoint(100, 100)))  # inside the exported frame
    assert window.playhead.hidden and window.playhead.index == 1
    export.export_animation(window.canvas, tmp_path / "quiz.png", 2, 2, size=SIZE)
    with Image.open(tmp_path / "plain.png") as a, Image.open(tmp_path / "quiz.png") as b:
        assert np.array_equal(np.asarray(a), np.asarray(b))
    assert window.playhead.hidden and window.playhead.index == 1 and window.pointer.isVisible()
    assert window.findChild(QLabel, "formulaText").text() == "y₁ = σ(z₁) = σ(1.05) = ?"
    window.pointer.set_enabled(False)


def test_a_frame_is_the_teaching_canvas_alone_at_its_size(window, tmp_path):
    window.set_drawer(True)
    window.show_message("43 frames written to somewhere.gif")  # a stale message stays out of frames
    export.export_animation(window.canvas, tmp_path / "step2.png", 2, 2, size=(900, 600))
    canvas = window.canvas
    with canvas.exporting((900, 600)) as widget:
        canvas.seek(2)
        export._settle()
        shown = {w.objectName() for w in widget.findChildren(QWidget) if w.isVisible()}
        assert widget.size().toTuple() == (900, 600) and widget.isWindow()
        assert {"networkDiagram", "formulaPanel", "stepCounter"} <= shown
        assert not shown & {"transport", "stepForward", "scrubber", "message", "labSelector",
                            "networkControlsScroll", "valuesTable"}
        assert not widget.findChildren(QMenuBar) and not widget.findChildren(QStatusBar)
        assert widget.findChild(QLabel, "stepCounter").text() == "Step 2 / 12"
        grabbed = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB888)
        expected = export._rgb_array(grabbed)
    with Image.open(tmp_path / "step2.png") as frame:
        assert frame.size == (900, 600)
        assert np.array_equal(np.asarray(frame.convert("RGB")), expected)
    # back in the window as it was: settings shown, no counter, the step before the export
    assert canvas.window() is window and window.pane.drawer().isVisible()
    assert not window.findChild(QLabel, "stepCounter").isVisible() and window.playhead.index == -1
