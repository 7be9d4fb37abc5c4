import numpy as np
import pytest
import torch
import torch.nn.functional as F
from PySide6.QtWidgets import QComboBox, QLabel, QPlainTextEdit, QPushButton, QSpinBox

from tests.ui.conftest import formula, step
from ui import style
from ui.panes.pooling import Pane


@pytest.fixture
def pane(open_pane):
    return open_pane(Pane, "pool-max")


def grids(p):
    return p.scene.grids


def test_max_steps_highlight_the_window_and_the_winner(pane):
    assert pane.objectName() == "pooling"
    assert pane.findChild(QLabel, "sizeFormula").text().split("\n") == ["OH = (4 + 2·0 − 2)/2 + 1 = 2",
                                                                       "OW = (4 + 2·0 − 2)/2 + 1 = 2"]
    pane.show_step(2)
    np.testing.assert_array_equal(grids(pane)["y:0"].values, [[2, 3], [3, np.nan]])
    winner = style.theme().series[2]
    assert grids(pane)["x:0"].marks == [(2, 0, 2, 2, 1, "focus", False), (2, 0, 1, 1, 1, winner, True)]
    assert grids(pane)["y:0"].marks == [(1, 0, 1, 1, 1, "focus", True)]
    assert grids(pane)["y:0"].text_grid() == [["2", "3"], ["3", ""]]


def test_average_mode_and_backward_routing(pane):
    mode = pane.findChild(QComboBox, "mode")
    mode.setCurrentIndex(1)
    mode.activated.emit(1)
    assert pane.config.mode == "avg"
    pane.show_step(3)
    np.testing.assert_array_equal(grids(pane)["y:0"].values, [[1, 2], [2, 1]])
    pane.show_step(4)  # the first backward step spreads 1/4 over the first window
    np.testing.assert_array_equal(grids(pane)["dx:0"].values[:2, :2], [[0.25, 0.25], [0.25, 0.25]])
    assert grids(pane)["dx:0"].values[3, 3] == 0
    assert pane.timeline[4].formula == "each of the 4 cells gets ∂L/∂y/4 = 1/4 = 0.25"


def test_padding_window_stride_change_the_output_and_match_torch(pane):
    pane.findChild(QSpinBox, "window").setValue(3)  # (4 − 3)/2 + 1 is refused ...
    assert pane.config.size == 2 and "1.5 is not an integer" in pane.findChild(QLabel, "refusal").text()
    pane.findChild(QSpinBox, "stride").setValue(1)
    pane.findChild(QSpinBox, "window").setValue(3)
    pane.findChild(QSpinBox, "padding").setValue(1)
    assert (pane.config.size, pane.config.stride, pane.config.padding) == (3, 1, 1)
    x = grids(pane)["x:0"]
    assert x.values.shape == (6, 6) and x.pad == 1 and x.text_grid()[0][0] == "−∞"
    pane.show_step(len(pane.timeline) - 1)
    tx = torch.tensor(pane.config.x[None], requires_grad=True)
    ty = F.max_pool2d(tx, 3, 1, 1)
    ty.backward(torch.ones_like(ty))
    np.testing.assert_array_equal(grids(pane)["y:0"].values, ty.detach().numpy()[0, 0])
    np.testing.assert_array_equal(grids(pane)["dx:0"].values, tx.grad.numpy()[0, 0])


def test_channels_typed_upstream_and_refusals(pane, qtbot):
    pane.findChild(QSpinBox, "channels").setValue(3)
    assert np.shape(pane.config.input) == (3, 4, 4) and "y:2" in grids(pane)
    grids(pane)["x:2"].cellClicked.emit(0, 0)
    pane.cellValue.setText("9")
    pane.cellValue.editingFinished.emit()
    pane.show_step(8)
    assert grids(pane)["y:2"].values[0, 0] == 9
    grids(pane)["dout:1"].cellClicked.emit(1, 1)
    pane.cellValue.setText("5")
    pane.cellValue.editingFinished.emit()
    assert pane.config.upstream[1][1][1] == 5
    pane.show_step(len(pane.timeline) - 1)
    assert grids(pane)["dx:1"].values[2, 3] == 5  # the winner of window (1, 1) in channel 1
    with qtbot.waitSignal(pane.message) as blocker:
        pane.findChild(QSpinBox, "padding").setValue(2)
    assert blocker.args == ["padding: 2 is more than half the 2×2 window (at most 1)"]
    assert pane.config.padding == 0 and pane.findChild(QSpinBox, "padding").value() == 0


def test_typed_input_grid(pane):
    text = pane.findChild(QPlainTextEdit, "gridText")
    text.setPlainText("1, 5\n−2, 0\n\n3 3\n3 3")
    pane.findChild(QPushButton, "applyGrid").click()
    assert np.shape(pane.config.input) == (2, 2, 2)
    pane.show_step(1)
    assert grids(pane)["y:0"].values.tolist() == [[5]] and grids(pane)["y:1"].values.tolist() == [[3]]


def test_window_steps_and_reads_the_max(open_window, qtbot):
    window = open_window("pool-max")
    step(window, qtbot, 2)
    assert "max(3, 0, 2, 3) = 3" in formula(window)
    window.findChild(QSpinBox, "padding").setValue(1)
    pane = window.findChild(Pane, "pooling")
    assert pane.scene.grids["y:0"].values.shape == (3, 3)
    assert "(4 + 2·1 − 2)/2 + 1 = 3" in window.findChild(QLabel, "sizeFormula").text()
