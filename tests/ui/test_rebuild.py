"""Slow timelines build off the GUI thread: the window stays responsive, shows a busy bar with
Cancel, and applies (or drops) the result. A lab counts as slow once a build took > SLOW_MS."""

from PySide6.QtWidgets import QProgressBar, QPushButton, QWidget

from tests.ui.test_classroom import edit_weight_in_table
from ui.rebuild import SLOW_MS


def test_the_digits_training_lab_counts_as_slow(open_window):
    w = open_window("digits-mlp")
    assert w.state.build_ms > SLOW_MS


def test_a_slow_edit_builds_in_the_background_then_applies_and_undoes(open_window, qtbot):
    w = open_window("seed-forward")
    w.state.build_ms = 10 * SLOW_MS  # as if this lab were slow to build
    old_timeline = w.state.timeline
    edit_weight_in_table(w, "w₁₁: x₁ → y₁", "0.5")
    assert w.rebuilder.busy() and w.findChild(QProgressBar, "rebuildProgress").isVisible()
    assert w.findChild(QPushButton, "rebuildCancel").isVisible()
    assert not w.findChild(QWidget, "network").isEnabled()  # no edit on top of a stale config
    assert w.state.timeline is old_timeline  # the lab as it was until the new one arrives
    qtbot.waitUntil(lambda: not w.rebuilder.busy(), timeout=10_000)
    assert w.findChild(QWidget, "network").isEnabled()
    assert not w.findChild(QProgressBar, "rebuildProgress").isVisible()
    w.playhead.forward()
    assert "z₁ = x₁·w₁₁ + x₂·w₂₁ = 1 × 0.5 + 0.5 × 0.3 = 0.65" in w.formula.text()
    w.state.build_ms = 10 * SLOW_MS
    w.findChild(type(w.quizAction), "actionUndo").trigger()
    assert not w.findChild(QPushButton, "rebuildCancel").isVisible()  # an undo is not cancelled
    qtbot.waitUntil(lambda: not w.rebuilder.busy(), timeout=10_000)
    assert "= 1.05" in w.formula.text()
    assert w.state.file.config.to_dict()["weights"]["W1"][0][0] == 0.9


def test_a_cancelled_slow_edit_leaves_the_lab_as_it_was(open_window, qtbot):
    w = open_window("seed-forward")
    w.state.build_ms = 10 * SLOW_MS
    before = w.state.file.config
    edit_weight_in_table(w, "w₁₁: x₁ → y₁", "0.5")
    w.findChild(QPushButton, "rebuildCancel").click()
    assert w.findChild(QWidget, "network").isEnabled()
    qtbot.wait(300)  # the abandoned build finishes unseen
    qtbot.waitUntil(lambda: not w.rebuilder.busy(), timeout=10_000)
    assert w.state.file.config == before and not w.state.undo.canUndo()
    assert "cancelled" in w.messageLabel.text()
