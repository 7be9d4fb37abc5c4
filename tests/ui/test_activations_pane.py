"""The activations pane, standalone and through the window, driven by objectNames."""

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QPushButton, QToolButton, QWidget

from nnlab.labs.activations import Config, build_timeline
from tests.ui.conftest import find, formula, settle, type_into
from tests.ui.diagram_labels import clipped, labels, overlaps
from ui.panes.activations import Pane


@pytest.fixture
def pane(qtbot):
    p = Pane()
    qtbot.addWidget(p)
    p.resize(1280, 560)
    edits, messages = [], []
    p.configEdited.connect(edits.append)
    p.message.connect(messages.append)
    p.edits, p.messages = edits, messages
    return p


def load(pane, **changes):
    config = Config.from_dict(changes)
    pane.set_timeline(config, build_timeline(config))
    return pane.timeline


def test_functions_view_draws_curves_and_revealed_markers(pane):
    t = load(pane, view="functions", x0=1.05)
    assert pane.findChild(QWidget, "functionsPage").isVisibleTo(pane)
    k = 2 * 4 + 1  # sigmoid's derivative step
    pane.show_step(k)
    state = t.state_at(k)
    x, y = pane.curves["sigmoid"][0].getData()
    np.testing.assert_array_equal(x, state["x"])
    np.testing.assert_array_equal(y, state["f:sigmoid"])
    np.testing.assert_array_equal(pane.curves["sigmoid"][1].getData()[1], state["df:sigmoid"])
    fx, fy = pane.fMarkers.getData()
    assert len(fy) == 5 and fy[-1] == state["fx:sigmoid"] and np.all(fx == 1.05)
    dy = pane.dfMarkers.getData()[1]
    assert dy[-1] == state["dfx:sigmoid"] == pytest.approx(0.740775 * (1 - 0.740775), abs=1e-6) and len(dy) == 5
    assert pane.focus_texts() == ("", "sigmoid′(1.05) = 0.1920")  # the step focuses the slope
    readout = find(pane, "readout", QLabel).text()
    assert "▶sigmoid           0.7408  0.1920" in readout and "f′(x₀)" in readout
    pane.show_step(-1)
    assert len(pane.fMarkers.getData()[0]) == 0
    assert pane.focus_texts() == ("", "")


def test_moving_x0_edits_the_config(pane):
    load(pane, view="functions")
    field = find(pane, "x0", QLineEdit)
    type_into(field, "0.5")
    assert pane.edits[-1].x0 == 0.5
    type_into(field, "abc")
    assert "not a number" in pane.messages[-1] and field.text() == "0.5"  # the last good value
    type_into(find(pane, "samples", QLineEdit), "51")
    assert pane.edits[-1].samples == 51
    type_into(find(pane, "xMax", QLineEdit), "-6")
    assert pane.messages[-1].startswith("x_range:")
    line = pane.x0Lines[0]
    line.setValue(-2.3456)
    line.sigPositionChangeFinished.emit(line)
    assert pane.edits[-1].x0 == -2.35
    assert len(pane.edits) == 3


def test_function_checkboxes(pane):
    load(pane, view="functions", functions=["sigmoid", "relu"])
    pane.show_step(-1)
    assert find(pane, "fn_sigmoid", QCheckBox).isChecked() and not find(pane, "fn_tanh", QCheckBox).isChecked()
    assert not pane.curves["tanh"][0].isVisible()
    find(pane, "fn_tanh", QCheckBox).setChecked(True)
    assert pane.edits[-1].functions == ("sigmoid", "tanh", "relu")
    load(pane, view="functions", functions=["relu"])
    find(pane, "fn_relu", QCheckBox).setChecked(False)
    assert "at least one" in pane.messages[-1] and find(pane, "fn_relu", QCheckBox).isChecked()


def test_view_selector_switches_views(pane):
    load(pane, view="functions")
    assert set(pane.page) == {"functions"}  # a view's plots are built when it is first shown
    selector = find(pane, "view", QComboBox)
    selector.activated.emit(selector.findData("softmax"))
    assert pane.edits[-1].view == "softmax"
    t = load(pane, view="softmax", vector=[0.3, 2.9, 4.0])
    assert set(pane.page) == {"functions", "softmax"}
    assert pane.pages.currentWidget() is pane.page["softmax"] is find(pane, "softmaxPage", QWidget)
    pane.show_step(len(t) - 1)
    assert pane.softmaxBars["safeOutput"].shown() == ["0.0182", "0.2452", "0.7366"]


def test_softmax_view_bars_show_nan_and_finite_output(pane):
    t = load(pane, view="softmax", vector=[1010, 1000, 990])
    pane.show_step(len(t) - 1)
    state = t.state_at(len(t) - 1)
    safe = pane.softmaxBars["safeOutput"]
    np.testing.assert_array_equal(safe.bars.opts["height"], state["softmax:output"])
    naive = pane.softmaxBars["naiveOutput"]
    assert naive.shown()[:3] == ["NaN", "NaN", "NaN"]
    assert pane.softmaxBars["naiveExp"].shown()[:3] == ["∞"] * 3
    assert "no — overflow" in find(pane, "readout", QLabel).text()
    pane.show_step(0)
    assert not any(naive.shown()) and not any(item.isVisible() for item in naive.layer.items)
    type_into(find(pane, "vector", QLineEdit), "0.3, 2.9, 4.0")
    assert pane.edits[-1].vector == (0.3, 2.9, 4.0)
    type_into(find(pane, "vector", QLineEdit), "1, two")
    assert "vector" in pane.messages[-1] and find(pane, "vector", QLineEdit).text() == "1010, 1000, 990"
    load(pane, view="softmax")
    find(pane, "overflowExample", QPushButton).click()
    assert pane.edits[-1].vector == (1010.0, 1000.0, 990.0)


def test_losses_view_terms_and_refusals(pane):
    t = load(pane, view="losses")
    pane.show_step(len(t) - 1)
    np.testing.assert_array_equal(pane.sqBars.bars.opts["height"], t.state_at(len(t) - 1)["loss:sq"])
    readout = find(pane, "readout", QLabel).text()
    assert "E = 0.0975" in readout and "E = 0.5108" in readout
    type_into(find(pane, "target", QLineEdit), "0, 1")
    assert pane.messages[-1].startswith("target:") and len(pane.edits) == 0
    assert find(pane, "target", QLineEdit).text().startswith("0, 0, 1, 0")
    type_into(find(pane, "prediction", QLineEdit), "0.2, 0.05, 0.5, 0, 0.05, 0.1, 0, 0.1, 0, 0")
    assert pane.edits[-1].prediction[0] == 0.2


def test_derivative_view_expression_and_plots(pane):
    t = load(pane, view="derivative", expression="0.01*x**2 + 0.1*x", x0=5, x_range=[0, 20])
    pane.show_step(len(t) - 1)
    state = t.state_at(len(t) - 1)
    x, y = pane.tangentCurve.getData()
    np.testing.assert_allclose(y, state["deriv:tangent"])
    seg = state["grad:arrows"]
    ax, ay = pane.arrows.getData()
    np.testing.assert_array_equal(ax, seg[:, 0])
    np.testing.assert_array_equal(ay, seg[:, 1])
    np.testing.assert_array_equal(pane.centralErr.yData, state["deriv:err_central"])  # raw data; the plot is log–log
    assert "true f′(x₀): 0.2" in find(pane, "readout", QLabel).text()
    pane.show_step(0)
    assert len(pane.arrows.getData()[0] or []) == 0 and len(pane.tangentCurve.getData()[0] or []) == 0

    expression = find(pane, "expression", QLineEdit)
    type_into(expression, "0.01*x**2 +* 0.1*x")
    assert pane.messages[-1].startswith("expression:") and not pane.edits
    assert find(pane, "error", QLabel).text() == pane.messages[-1]
    assert expression.text() == "0.01*x**2 + 0.1*x"
    type_into(expression, "sin(x)")
    assert pane.edits[-1].expression == "sin(x)"
    assert find(pane, "error", QLabel).text() == ""
    type_into(find(pane, "h", QLineEdit), "0")
    assert "h" in pane.messages[-1]
    type_into(find(pane, "h", QLineEdit), "0.001")
    assert pane.edits[-1].h == 0.001
    type_into(find(pane, "point", QLineEdit), "1, -2")
    assert pane.edits[-1].point == (1.0, -2.0)
    line = pane.x0Lines[-1]  # the draggable x0 on the curve plot (listed last)
    assert line.value() == 5.0
    line.setValue(7.5)
    line.sigPositionChangeFinished.emit(line)
    assert pane.edits[-1].x0 == 7.5


def test_restyle_in_presenter_mode(pane, presenter):
    t = load(pane, view="derivative", x0=5)
    pane.show_step(len(t) - 1)
    presenter(2.0, "high-contrast")
    pane.restyle()
    assert pane.fCurve.opts["pen"].widthF() == pytest.approx(5.0)


@pytest.fixture
def window(open_window):
    return open_window("activations")


def test_window_steps_and_edits_the_activations_lab(window, qtbot):
    pane = find(window, "activations", Pane)
    forward = find(window, "stepForward", QToolButton)
    qtbot.mouseClick(forward, Qt.MouseButton.LeftButton)
    assert "step(1.05) = 1" in formula(window)
    for _ in range(8):
        qtbot.mouseClick(forward, Qt.MouseButton.LeftButton)
    assert "sigmoid(1.05) = 1 / (1 + exp(−1.05)) = 0.7408" in formula(window)
    qtbot.mouseClick(forward, Qt.MouseButton.LeftButton)
    assert "sigmoid — derivative at x₀ (the slope of the curve)\nsigmoid′(1.05) = σ(1.05)(1 − σ(1.05)) = 0.7408 × (1 − 0.7408) = 0.1920" in formula(window)
    assert pane.focus_texts()[1] == "sigmoid′(1.05) = 0.1920"  # the plot writes the formula's prime
    type_into(find(pane, "x0", QLineEdit), "0.5")
    assert window.playhead.index == 9
    assert "sigmoid′(0.5) = σ(0.5)(1 − σ(0.5)) = 0.6225 × (1 − 0.6225) = 0.2350" in formula(window)
    assert pane.fMarkers.getData()[1][-1] == pytest.approx(0.622459, abs=1e-6)


def test_window_numerical_diff_and_softmax_presets(window, qtbot):
    window.open_source("numerical-diff")
    forward = find(window, "stepForward", QToolButton)
    qtbot.mouseClick(forward, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(forward, Qt.MouseButton.LeftButton)
    assert formula(window).endswith("= 0.20000000")
    pane = find(window, "activations", Pane)
    type_into(find(pane, "expression", QLineEdit), "log(")
    assert window.state.file.config.expression == "0.01*x**2 + 0.1*x"
    assert "expression:" in find(window, "message", QLabel).text()
    type_into(find(pane, "x0", QLineEdit), "10")
    assert formula(window).endswith("= 0.30000000")
    window.open_source("softmax-overflow")
    find(window, "stepForward", QToolButton)
    window.playhead.seek(3)
    assert "naive: y = exp(a) / Σ = [NaN, NaN, NaN]" in formula(window)
    assert "safe: y = exp(a − c) / Σ = [1.0000, 4.540×10⁻⁵, 2.061×10⁻⁹]" in formula(window)
    window.open_source("losses")
    window.playhead.seek(2)
    assert formula(window).endswith("= 0.0975")


def test_where_f_is_not_finite_is_reported_in_the_pane(pane):
    note = find(pane, "expressionNote", QLabel)
    load(pane, view="derivative", expression="sqrt(x)", x0=1, x_range=[-1, 1])  # undefined left of 0
    pane.show_step(0)
    share = float(np.mean(~np.isfinite(pane.timeline.state_at(0)["deriv:f"])))
    assert 0.4 < share < 0.6 and not note.isHidden()
    assert note.text() == f"f(x) is not defined or not finite on {share:.1%} of the plot"
    load(pane, view="derivative", expression="x*1e307", x0=1, x_range=[-1000, 1000])  # the tangent overflows
    pane.show_step(3)
    assert not note.isHidden()  # (and no RuntimeWarning: warnings fail the tests)
    load(pane, view="derivative", expression="x^2", x0=1)
    pane.show_step(0)
    assert note.isHidden()


def test_bar_labels_make_room_on_a_projector_at_3x(open_at):
    w = open_at("softmax-overflow", (1280, 800), 3.0)
    w.playhead.seek(len(w.state.timeline) - 1)
    settle()
    found = labels(w.pane)
    assert not overlaps(found) and not clipped(found)
    pane = w.pane
    assert pane.softmaxBars["naiveOutput"].shown() == ["NaN", "NaN", "NaN"]  # the lesson's labels are kept
    assert pane.softmaxBars["safeShifted"].shown() == ["0", "−10", "−20"]



@pytest.mark.parametrize("scale", [2.0, 3.0])
def test_plots_and_legend_lie_inside_the_canvas_at_1280x800(open_at, scale):
    """The legend shrinks to the canvas's height: taller, it stretched the rows and cut the lower
    plot's x-axis at the bottom."""
    w = open_at("activations", (1280, 800), scale)
    w.playhead.seek(9)
    settle()
    view = find(w, "functionsPage")
    for item in view.ci.items:
        rect = view.mapFromScene(item.sceneBoundingRect()).boundingRect()
        assert view.viewport().rect().contains(rect), (type(item).__name__, rect)
    assert find(w, "formulaPanel").text().startswith("sigmoid — derivative at x₀")
