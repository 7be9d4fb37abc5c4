"""The window shell, driven only through DESIGN's objectNames (and the keys)."""

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QMessageBox, QToolButton, QWidget

from tests.ui.conftest import find, formula


@pytest.fixture
def window(open_window):
    return open_window("seed-forward")


def label(w):
    return find(w, "stepLabel", QLabel).text()


def test_window_has_the_design_widgets(window):
    for name in ("labSelector", "transport", "stepBack", "stepForward", "playPause", "reset", "speed",
                 "stepLabel", "formulaPanel", "network"):
        find(window, name)
    assert label(window).startswith("Step 0 / ")


def test_step_forward_to_the_first_activation_and_back(window, qtbot):
    forward = find(window, "stepForward", QToolButton)
    qtbot.mouseClick(forward, Qt.MouseButton.LeftButton)
    assert "z₁ = x₁·w₁₁ + x₂·w₂₁ = 1 × 0.9 + 0.5 × 0.3 = 1.05" in formula(window)
    qtbot.mouseClick(forward, Qt.MouseButton.LeftButton)
    assert "y₁ = σ(z₁) = σ(1.05) = 0.7408" in formula(window)
    assert label(window).startswith("Step 2 / ")
    qtbot.mouseClick(find(window, "stepBack", QToolButton), Qt.MouseButton.LeftButton)
    assert "= 1.05" in formula(window) and label(window).startswith("Step 1 / ")
    qtbot.mouseClick(find(window, "reset", QToolButton), Qt.MouseButton.LeftButton)
    assert label(window).startswith("Step 0 / ")


def test_play_runs_to_the_end_and_stops(window, qtbot):
    n = len(window.state.timeline)
    speed = find(window, "speed", QComboBox)
    speed.setCurrentIndex(speed.count() - 1)
    speed.activated.emit(speed.count() - 1)
    qtbot.mouseClick(find(window, "playPause", QToolButton), Qt.MouseButton.LeftButton)
    assert window.playhead.playing
    qtbot.waitUntil(lambda: label(window) == f"Step {n} / {n}", timeout=5000)
    qtbot.waitUntil(lambda: not window.playhead.playing, timeout=1000)
    assert window.state.timeline[n - 1].formula.splitlines()[0] in formula(window)


def test_keys_drive_the_transport(window, qtbot):
    n = len(window.state.timeline)
    window.activateWindow()
    window.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_Right)
    qtbot.keyClick(window, Qt.Key.Key_Right)
    assert label(window) == f"Step 2 / {n}"
    qtbot.keyClick(window, Qt.Key.Key_Left)
    assert label(window) == f"Step 1 / {n}"
    qtbot.keyClick(window, Qt.Key.Key_End)
    assert label(window) == f"Step {n} / {n}"
    qtbot.keyClick(window, Qt.Key.Key_Home)
    assert label(window) == f"Step 0 / {n}"
    before = window.playhead.speed
    qtbot.keyClick(window, Qt.Key.Key_Plus)
    assert window.playhead.speed > before
    qtbot.keyClick(window, Qt.Key.Key_Minus)
    assert window.playhead.speed == before
    qtbot.keyClick(window, Qt.Key.Key_Space)
    assert window.playhead.playing
    qtbot.keyClick(window, Qt.Key.Key_Space)
    assert not window.playhead.playing


def test_save_and_open_round_trip(window, tmp_path):
    window.playhead.seek(3)
    path = tmp_path / "mine.nnlab"
    assert window.save_to(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == "nnlab" and data["version"] == 1 and data["lab"] == "network"
    assert data["config"]["weights"]["W1"] == [[0.9, 0.2], [0.3, 0.8]]
    assert window.open_source(str(path))
    assert window.state.path == path and window.state.file.config.to_dict() == data["config"]
    assert "mine.nnlab" in window.windowTitle()
    assert str(path.resolve()) in window.recent_files()


def test_a_corrupt_file_is_refused_and_the_lab_kept(window, qtbot, tmp_path):
    window.playhead.seek(2)
    before = (window.state.file, window.state.timeline, window.windowTitle())
    bad = tmp_path / "bad.nnlab"
    bad.write_text('{"format": "nnlab", "version": 1, "lab": "network", "config": {"sizes": [2, 0]}}')
    assert not window.open_source(str(bad))
    assert "sizes" in window.last_error
    dialog = window.findChild(QMessageBox, "errorDialog")
    assert dialog is not None and dialog.isVisible() and "sizes" in dialog.text()
    dialog.close()
    garbage = tmp_path / "garbage.nnlab"
    garbage.write_bytes(b"\x00\xff not json")
    assert not window.open_source(str(garbage))
    assert (window.state.file, window.state.timeline, window.windowTitle()) == before
    assert label(window).startswith("Step 3 / ")
    assert "1.05" in find(window, "message", QLabel).text() or "refused" in find(window, "message", QLabel).text() \
        or "Could not open" in find(window, "message", QLabel).text()


def test_switching_labs_keeps_each_labs_place(window, qtbot):
    selector = find(window, "labSelector", QComboBox)
    labs = [selector.itemData(i) for i in range(selector.count())]
    assert labs[0] == "network"
    window.playhead.seek(2)
    other = next((lab for lab in labs if lab != "network"), None)
    if other is None:
        pytest.skip("only one lab in this build")
    selector.setCurrentIndex(labs.index(other))
    selector.activated.emit(labs.index(other))
    assert window.lab == other and find(window, other).isVisible()
    assert label(window).startswith("Step 0 / ")
    selector.setCurrentIndex(0)
    selector.activated.emit(0)
    assert window.lab == "network" and label(window).startswith("Step 3 / ")


def test_presenter_mode_enlarges_the_formula(window):
    small = find(window, "formulaText", QLabel).font().pointSizeF()
    window.presenterAction.trigger()
    try:
        assert find(window, "formulaText", QLabel).font().pointSizeF() == pytest.approx(2 * small)
    finally:
        window.presenterAction.trigger()
    assert find(window, "formulaText", QLabel).font().pointSizeF() == pytest.approx(small)


def test_preset_selector_shows_titles_with_names_as_tooltips(window):
    from nnlab import i18n, presets

    box = find(window, "presetSelector", QComboBox)
    titles = {i.name: i.title for i in presets.preset_index() if i.lab == "network"}
    shown = {box.itemData(i): box.itemText(i) for i in range(1, box.count())}
    assert shown == {name: i18n._(title) for name, title in titles.items()}
    assert shown["seed-forward"] == "Two inputs, two sigmoid outputs: forward, backward and one update"
    i = box.findData("three-layer")
    assert box.itemData(i, Qt.ItemDataRole.ToolTipRole) == "three-layer"
    assert box.currentData() == "seed-forward" and box.toolTip() == "seed-forward"
    assert box.view().minimumWidth() > box.fontMetrics().horizontalAdvance(shown["three-layer"])
    assert box.shown_text().endswith("…") and shown["seed-forward"].startswith(box.shown_text()[:-1])  # not cut mid-letter


def test_help_lists_every_keyboard_shortcut(window):
    from PySide6.QtGui import QAction

    window.findChild(QAction, "actionShortcuts").trigger()
    dialog = window.findChild(QWidget, "shortcutsDialog")
    assert dialog is not None and dialog.isVisible()
    keys = dialog.keys()
    for key in ("Space", "→", "←", "Home", "End", "+", "−", "F5", "F6", "F7", "F11", "F1", "Esc"):
        assert key in keys, key
    # every transport key and every menu shortcut is listed
    assert len(window.transport._shortcuts) == 8  # + is also = (no Shift): one row says +
    table = dialog.table
    rows = {table.item(r, 0).text(): table.item(r, 1).text() for r in range(table.rowCount())}
    assert rows["F7"] == "View → Quiz mode: predict, then reveal"
    assert rows["Ctrl+Z"] == "Edit → Undo" and rows["Ctrl+S"] == "File → Save"
    dialog.close()
