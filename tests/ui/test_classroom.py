"""Classroom features of the window shell: quiz mode, undo/redo, student view, sharing, and
restoring the autosave after a crash. Widgets are found by objectName."""

import json
import os
import signal
import subprocess
import sys

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QTableView, QToolButton, QWidget

from tests.ui.conftest import formula


def click(w, name):
    w.findChild(QToolButton, name).click()


def edit_weight_in_table(w, label, text):
    """Type ``text`` into the w/b/x cell of the values table's row ``label`` (as its editor does)."""
    model = w.findChild(QTableView, "valuesTable").model()
    column = next(c for c in range(model.columnCount()) if model.headerData(c, Qt.Orientation.Horizontal) == "w / b / x")
    row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == label)
    assert model.setData(model.index(row, column), text, Qt.ItemDataRole.EditRole)


def test_quiz_mode_hides_then_reveals_in_the_network_lab(open_window):
    w = open_window("seed-forward")
    click(w, "quiz")
    assert w.playhead.quiz
    click(w, "stepForward")
    assert "z₁ = x₁·w₁₁ + x₂·w₂₁ = 1 × 0.9 + 0.5 × 0.3 = ?" in formula(w) and "1.05" not in formula(w)
    click(w, "stepForward")
    assert "z₁ = x₁·w₁₁ + x₂·w₂₁ = 1 × 0.9 + 0.5 × 0.3 = 1.05" in formula(w)
    click(w, "stepForward")
    assert "y₁ = σ(z₁) = σ(1.05) = ?" in formula(w) and "0.7408" not in formula(w)
    click(w, "quiz")  # off: the hidden result shows at once
    assert "y₁ = σ(z₁) = σ(1.05) = 0.7408" in formula(w)


def test_quiz_mode_hides_then_reveals_in_the_conv_lab(open_window):
    w = open_window("conv-basic")
    click(w, "quiz")
    click(w, "stepForward")
    first = w.state.timeline[0].formula
    assert formula(w).endswith("= ?") and first.rpartition("=")[2].strip() not in formula(w).splitlines()[-1]
    click(w, "stepForward")
    assert formula(w).endswith(first.splitlines()[-1])


def test_undo_and_redo_a_weight_edit(open_window):
    w = open_window("seed-forward")
    edit_weight_in_table(w, "w₁₁: x₁ → y₁", "0.5")
    click(w, "stepForward")
    assert "z₁ = x₁·w₁₁ + x₂·w₂₁ = 1 × 0.5 + 0.5 × 0.3 = 0.65" in formula(w)
    assert w.windowTitle().startswith("*")
    w.findChild(type(w.quizAction), "actionUndo").trigger()
    assert w.state.file.config.to_dict()["weights"]["W1"][0][0] == 0.9
    assert "= 1.05" in formula(w)
    w.findChild(type(w.quizAction), "actionRedo").trigger()
    assert w.state.file.config.to_dict()["weights"]["W1"][0][0] == 0.5
    assert "= 0.65" in formula(w)


def test_a_refused_edit_keeps_the_old_value(open_window):
    w = open_window("seed-forward")
    before = w.state.file.config
    try:
        edit_weight_in_table(w, "w₁₁: x₁ → y₁", "abc")
    except AssertionError:
        pass  # the model refused the text itself
    assert w.state.file.config == before


def test_a_locked_control_stays_locked_and_is_saved(open_window, tmp_path):
    w = open_window("seed-forward")
    w.set_locks(["learningRate"], ["seed"])
    pane = w.findChild(QWidget, "network")
    assert not pane.findChild(QWidget, "learningRate").isEnabled()
    assert pane.findChild(QWidget, "seed").isHidden()
    edit_weight_in_table(w, "w₂₂: x₂ → y₂", "0.7")  # an edit rebuilds the pane's controls
    assert not pane.findChild(QWidget, "learningRate").isEnabled()
    assert pane.findChild(QWidget, "seed").isHidden()
    path = tmp_path / "student.nnlab"
    assert w.save_to(path)
    assert json.loads(path.read_text())["locked"] == ["learningRate"]
    other = open_window(str(path))
    assert not other.findChild(QWidget, "network").findChild(QWidget, "learningRate").isEnabled()


def test_a_lab_shared_as_text_opens_in_another_window(open_window):
    w = open_window("three-layer")
    edit_weight_in_table(w, "w₁₁⁽¹⁾: x₁ → h₁⁽¹⁾", "0.25")
    text = w.copy_lab_text()
    other = open_window("seed-forward")
    assert other.paste_lab_text(text)
    assert other.lab == "network" and other.state.file.config == w.state.file.config
    assert not other.paste_lab_text("nnlab:garbage")
    assert other.state.file.config == w.state.file.config
    dialog = other.findChild(QMessageBox, "errorDialog")
    assert dialog is not None and "damaged" in dialog.text()


CRASH = """
import os, signal, time
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QTableView
from ui.app import build_window
w = build_window(source="seed-forward")
w.show()
model = w.findChild(QTableView, "valuesTable").model()
col = next(c for c in range(model.columnCount()) if model.headerData(c, Qt.Orientation.Horizontal) == "w / b / x")
row = next(r for r in range(model.rowCount()) if model.index(r, 0).data() == "w₁₂: x₁ → y₂")
model.setData(model.index(row, col), "-0.4", Qt.ItemDataRole.EditRole)
end = time.time() + 8
while time.time() < end and not w.autosave.path.exists():
    QApplication.processEvents()
    time.sleep(0.05)
os.kill(os.getpid(), signal.SIGKILL)
"""

RESTART = """
import json
from PySide6.QtWidgets import QMessageBox
from ui.app import build_window
w = build_window(restore=True)
box = w.findChild(QMessageBox, "restoreDialog")
offered = box is not None and box.isVisible()
w.restore_autosave(True)
print(json.dumps({"offered": offered, "lab": w.lab, "W1": w.state.file.config.to_dict()["weights"]["W1"],
                  "dirty": w.state.dirty}))
"""


def test_after_a_crash_the_next_start_offers_the_autosaved_edit(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_DATA_HOME=str(tmp_path / "data"),
               XDG_CONFIG_HOME=str(tmp_path / "config"))
    crashed = subprocess.run([sys.executable, "-c", CRASH], env=env, capture_output=True, text=True, timeout=120)
    assert crashed.returncode == -signal.SIGKILL, crashed.stderr[-800:]
    restarted = subprocess.run([sys.executable, "-c", RESTART], env=env, capture_output=True, text=True, timeout=120)
    assert restarted.returncode == 0, restarted.stderr[-800:]
    result = json.loads(restarted.stdout.strip().splitlines()[-1])
    assert result == {"offered": True, "lab": "network", "W1": [[0.9, -0.4], [0.3, 0.8]], "dirty": True}
    assert not list((tmp_path / "data" / "nnlab").glob("autosave-*.nnlab"))[1:]
