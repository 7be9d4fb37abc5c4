"""The perceptron pane, standalone and through the window's objectNames."""

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QPushButton, QTableWidget, QToolButton

from nnlab.labs.perceptron import Config, build_timeline
from tests.ui.conftest import find, formula, settle, step
from ui.panes.perceptron import Pane


def table(pane):
    t = find(pane, "truthTable", QTableWidget)
    return [[t.item(r, c).text() if t.item(r, c) else "" for c in range(t.columnCount())] for r in range(t.rowCount())]


@pytest.fixture
def pane(qtbot):
    p = Pane()
    qtbot.addWidget(p)
    cfg = Config.from_dict({"gate": "AND"})
    p.set_timeline(cfg, build_timeline(cfg))
    return p


def test_standalone_draws_the_and_gate(pane):
    pane.show_step(-1)
    assert [r[:3] for r in table(pane)] == [["0", "0", "0"], ["1", "0", "0"], ["0", "1", "0"], ["1", "1", "1"]]
    assert table(pane)[3][3:] == ["", ""]
    pane.show_step(3)
    assert table(pane)[3][3:] == ["0.3", "1"] and table(pane)[0][3:] == ["−0.7", "0"]
    x, y = pane.line.getData()
    # the line 0.5·x1 + 0.5·x2 − 0.7 = 0 through the plotted square
    assert np.allclose(0.5 * x + 0.5 * y - 0.7, 0) and len(x) == 2
    spots = pane.points.data
    assert [s["symbol"] for s in spots] == ["s", "s", "s", "o"]  # outputs 0, 0, 0, 1
    assert "w₁ = 0.5" in find(pane, "weightsLabel", QLabel).text()
    pane.show_step(4)
    assert find(pane, "verdict", QLabel).text() == "Verdict: AND"


def test_bad_weight_is_refused_and_kept(pane, qtbot):
    w1 = find(pane, "w1", QLineEdit)
    messages = []
    pane.message.connect(messages.append)
    w1.setText("abc")
    w1.editingFinished.emit()
    assert messages and "not a number" in messages[0]
    assert w1.text() == "0.5"
    with qtbot.waitSignal(pane.configEdited) as sig:
        w1.setText("0.2")
        w1.editingFinished.emit()
    assert sig.args[0].w1 == 0.2 and sig.args[0].w2 == 0.5


@pytest.fixture
def window(open_window):
    return open_window("logic-gates")


def test_window_steps_the_gate_and_learns_xor_without_converging(window, qtbot):
    pane = find(window, "perceptron", Pane)
    step(window, qtbot, 4)
    assert "z = 0.5 × 1 + 0.5 × 1 + (−0.7) = 0.3 > 0 → y = 1" in formula(window)
    gate = find(pane, "gate", QComboBox)
    gate.setCurrentIndex(gate.findData("XOR"))
    gate.activated.emit(gate.currentIndex())
    find(pane, "learning", QCheckBox).setChecked(True)
    epochs = find(pane, "epochs", QLineEdit)
    epochs.setText("12")
    epochs.editingFinished.emit()
    # a build slower than ui.rebuild.SLOW_MS (a loaded machine) finishes in the background
    qtbot.waitUntil(lambda: len(window.state.timeline) == 12 * 4 + 1, timeout=10000)
    assert window.state.file.config.gate == "XOR" and window.state.file.config.epochs == 12
    qtbot.keyClick(window, Qt.Key.Key_End)
    assert "No convergence after 12 epochs" in formula(window)
    assert "no single line separates the 1s of XOR" in formula(window)
    assert "No convergence" in find(pane, "verdict", QLabel).text()
    assert "No convergence" in find(window, "message", QLabel).text()


def test_window_xor_two_layer_lesson(window, qtbot):
    pane = find(window, "perceptron", Pane)
    lesson = find(pane, "lesson", QComboBox)
    lesson.setCurrentIndex(lesson.findData("xor-two-layer"))
    lesson.activated.emit(lesson.currentIndex())
    assert window.state.file.config.gate == "XOR"
    assert find(pane, "twoLayerNetwork").isVisible()
    qtbot.mouseClick(find(window, "reset", QToolButton), Qt.MouseButton.LeftButton)
    step(window, qtbot, 3)
    assert "y = AND(1, 0) = step(0.5 × 1 + 0.5 × 0 + (−0.7)) = step(−0.2) = 0;  t = 0 ✓" in formula(window)
    qtbot.keyClick(window, Qt.Key.Key_End)
    assert [r[4] for r in table(pane)] == ["0", "1", "1", "0"]
    assert "XOR = AND(NAND, OR)" in formula(window)


def test_window_linear_slope_with_and_without_rate(open_window, qtbot):
    w = open_window("linear-slope")
    pane = find(w, "perceptron", Pane)
    step(w, qtbot, 3)
    assert "ΔA = E / x = 0.35 / 3 = 0.1167" in formula(w)
    assert find(pane, "weightsLabel", QLabel).text() == "A = 0.3667"
    find(pane, "moderate", QCheckBox).setChecked(True)
    assert "ΔA = L·E / x = 0.5 × 0.35 / 3 = 0.0583" in formula(w)
    w.playhead.seek(len(w.state.timeline) - 1)
    assert "A = 1.6042" in find(pane, "weightsLabel", QLabel).text()
    examples = find(pane, "examples", QLineEdit)
    examples.setText("3, 1.1; 0, 2")
    examples.editingFinished.emit()
    assert "examples[1].x" in find(w, "message", QLabel).text()
    assert w.state.file.config.examples == ((3.0, 1.1), (1.0, 2.9))
    assert examples.text() == "3, 1.1; 1, 2.9"


def test_textbook_and_zero_weights(window, qtbot):
    pane = find(window, "perceptron", Pane)
    qtbot.mouseClick(find(pane, "zeroWeights", QPushButton), Qt.MouseButton.LeftButton)
    c = window.state.file.config
    assert (c.w1, c.w2, c.b) == (0.0, 0.0, 0.0)
    gate = find(pane, "gate", QComboBox)
    gate.setCurrentIndex(gate.findData("NAND"))
    gate.activated.emit(gate.currentIndex())
    qtbot.mouseClick(find(pane, "textbookWeights", QPushButton), Qt.MouseButton.LeftButton)
    c = window.state.file.config
    assert (c.gate, c.w1, c.w2, c.b) == ("NAND", -0.5, -0.5, 0.7)


def test_presenter_restyle_keeps_the_numbers(pane, presenter):
    pane.show_step(3)
    before = find(pane, "truthTable", QTableWidget).font().pointSizeF()
    presenter(2.0, "high-contrast")
    pane.restyle()
    assert find(pane, "truthTable", QTableWidget).font().pointSizeF() == pytest.approx(2 * before)
    assert table(pane)[3][3:] == ["0.3", "1"]


@pytest.mark.parametrize("screen, scale", [((1920, 1080), 1.0), ((1280, 800), 2.0), ((1280, 800), 3.0)])
def test_two_layer_plot_names_and_line_labels(open_at, screen, scale):
    """h₁, h₂ as the sheet writes them; axis titles at the diagrams' label size (were ~8 px); a
    hidden neuron's name beside its line, never on it (nor on the other line)."""
    w = open_at("xor-two-layer", screen, scale)
    w.playhead.seek(w.playhead.count - 1)
    settle()
    pane = find(w, "perceptron", Pane)
    assert find(pane, "weightsLabel", QLabel).text() == "Two layers: hidden neurons h₁, h₂, output y"
    for axis in ("bottom", "left"):
        assert pane.plot.getAxis(axis).label.boundingRect().height() >= 12 * scale, axis
    layer = pane.point_layer
    names = [p for p in layer.placed if p.key[0] == "line"]
    assert names or scale == 3.0  # at 3× a 300-pixel plot may have no room for a name: then none
    if scale == 1.0:
        assert sorted(p.text for p in names) == ["NAND", "OR"]
    for p in names:
        for h in ("h1", "h2"):
            x, y = pane.hidden_lines[h].getData()
            px, py = layer.to_px(np.linspace(x[0], x[-1], 400), np.linspace(y[0], y[-1], 400))
            inside = (px > p.left) & (px < p.left + p.width) & (py > p.top) & (py < p.top + p.height)
            assert not inside.any(), (p.text, h)
