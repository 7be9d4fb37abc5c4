import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QPlainTextEdit, QPushButton, QSpinBox, QToolButton, QWidget

from nnlab import formulas
from nnlab.conv import conv2d, conv2d_backward
from nnlab.labs import conv as lab
from ui import style
from ui.panes.conv import Pane, image_to_grid


@pytest.fixture
def pane(open_pane):
    return open_pane(Pane, "conv-basic")


def grid(p, name, scene="scene"):
    return getattr(p, scene).grids[name]


def test_steps_fill_the_output_and_highlight_window_and_cell(pane):
    assert pane.objectName() == "conv"
    assert pane.findChild(QLabel, "sizeFormula").text().split("\n") == ["OH = (4 + 2·0 − 3)/1 + 1 = 2",
                                                                       "OW = (4 + 2·0 − 3)/1 + 1 = 2"]
    assert np.isnan(grid(pane, "y:0").values).all()
    pane.show_step(1)
    np.testing.assert_array_equal(grid(pane, "y:0").values[0], [18, 19])
    assert np.isnan(grid(pane, "y:0").values[1]).all()
    assert grid(pane, "y:0").text_grid() == [["18", "19"], ["", ""]]
    assert grid(pane, "x:0").marks == [(0, 1, 3, 3, 1, "focus", True)]
    assert grid(pane, "y:0").marks == [(0, 1, 1, 1, 1, "focus", True)]
    assert grid(pane, "w:0:0").marks == [(0, 0, 3, 3, 1, "focus", False)]
    assert grid(pane, "w:0:0").caption.toPlainText() == "kernel k"  # the formulas' k[a,b]
    pane.show_step(0)  # stepping back draws the earlier state
    assert np.isnan(grid(pane, "y:0").values[0, 1])


def test_padding_changes_the_output_grid_size_and_draws_the_ring(pane):
    pane.findChild(QSpinBox, "padding").setValue(1)
    assert pane.config.padding == 1
    assert grid(pane, "x:0").values.shape == (6, 6) and grid(pane, "x:0").pad == 1
    assert grid(pane, "x:0").values[0].tolist() == [0] * 6
    pane.show_step(len(pane.timeline) - 1)
    assert grid(pane, "y:0").values.shape == (4, 4)
    assert grid(pane, "y:0").values[0, 0] == 7 + 3  # 1×1 + 2×2 + 0×0 + 1×2 (padding 1) + bias 3
    assert "(4 + 2·1 − 3)/1 + 1 = 4" in pane.findChild(QLabel, "sizeFormula").text()


def test_impossible_stride_is_refused_with_the_formula_and_the_lab_stays(pane, qtbot):
    before = pane.config
    with qtbot.waitSignal(pane.message) as blocker:
        pane.findChild(QSpinBox, "stride").setValue(2)
    assert blocker.args == ["stride: OH = (4 + 2·0 − 3)/2 + 1 = 1.5 is not an integer"]
    assert pane.config is before
    assert pane.findChild(QSpinBox, "stride").value() == 1
    assert "1.5 is not an integer" in pane.findChild(QLabel, "refusal").text()


def test_click_a_cell_and_edit_it(pane, qtbot):
    grid(pane, "x:0").cellClicked.emit(1, 1)
    field = pane.cellValue
    assert field.isEnabled() and field.text() == "1"
    field.setText("5")
    field.editingFinished.emit()
    assert pane.config.x[0, 1, 1] == 5
    pane.show_step(0)
    assert grid(pane, "y:0").values[0, 0] == 18 + 4 * 1  # the cell meets kernel weight 1
    grid(pane, "b:0").cellClicked.emit(0, 0)
    field.setText("oops")
    with qtbot.waitSignal(pane.message):
        field.editingFinished.emit()
    assert pane.config.b[0] == 3


def test_a_real_mouse_click_on_a_kernel_cell_selects_it(pane, qtbot):
    qtbot.waitExposed(pane)
    g = grid(pane, "w:0:0")
    pos = pane.scene.mapFromScene(g.mapToScene(QPointF(2.5, 1.5)))  # row 1, column 2
    qtbot.mouseClick(pane.scene.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert pane.cellLabel.text() == "Kernel 0, channel 0, row 1, column 2"
    assert pane.cellValue.isEnabled() and pane.cellValue.text() == "2"


def test_table_editor_types_whole_grids_and_keeps_refused_text(pane, qtbot):
    target, text = pane.findChild(QComboBox, "gridTarget"), pane.findChild(QPlainTextEdit, "gridText")
    assert text.toPlainText() == "1 2 3 0\n0 1 2 3\n3 0 1 2\n2 3 0 1"
    text.setPlainText("1 2 3\n4 5 6\n7 8 9")
    pane.findChild(QPushButton, "applyGrid").click()
    assert np.shape(pane.config.input) == (1, 3, 3)
    pane.show_step(0)
    assert grid(pane, "y:0").values.tolist() == [[1 * 2 + 3 * 1 + 5 * 1 + 6 * 2 + 7 * 1 + 9 * 2 + 3]]
    target.setCurrentIndex(target.findData("kernels"))
    text.setPlainText("1 0\n0 1\n\n0 1\n1 0")
    pane.findChild(QPushButton, "applyGrid").click()
    assert np.shape(pane.config.kernels) == (2, 1, 2, 2) and pane.config.bias == (0.0, 0.0)
    text.setPlainText("1 0\n0 x")
    with qtbot.waitSignal(pane.message) as blocker:
        pane.findChild(QPushButton, "applyGrid").click()
    assert blocker.args == ["kernels: line 2: 'x' is not a number"]
    assert text.toPlainText() == "1 0\n0 x" and np.shape(pane.config.kernels) == (2, 1, 2, 2)


def test_filters_channels_and_kernel_size_controls(pane):
    pane.findChild(QSpinBox, "filters").setValue(2)
    assert np.shape(pane.config.kernels) == (2, 1, 3, 3) and "y:1" in pane.scene.grids
    pane.findChild(QSpinBox, "channels").setValue(3)
    assert np.shape(pane.config.input) == (3, 4, 4) and np.shape(pane.config.kernels) == (2, 3, 3, 3)
    assert "x:2" in pane.scene.grids and "w:1:2" in pane.scene.grids
    pane.show_step(0)
    assert pane.timeline[0].formula.count("\n") == 3
    pane.findChild(QSpinBox, "kernelSize").setValue(2)
    assert np.shape(pane.config.kernels) == (2, 3, 2, 2)
    assert pane.findChild(QLabel, "sizeFormula").text().startswith("OH = (4 + 2·0 − 2)/1 + 1 = 3")


def test_im2col_view_shows_patches_and_kernel_row(pane):
    view = pane.findChild(QComboBox, "view")
    view.setCurrentIndex(1)
    assert pane.views.currentWidget() is pane.colScene
    pane.show_step(2)
    col = grid(pane, "col", "colScene")
    np.testing.assert_array_equal(col.values, pane.timeline.base["col"])
    assert col.values.shape == (9, 4) and col.values[:, 2].tolist() == [0, 1, 2, 3, 0, 1, 2, 3, 0]
    assert col.marks == [(0, 2, 9, 1, 1, "focus", False)]
    np.testing.assert_array_equal(grid(pane, "ycol", "colScene").values[0, :3], [18, 19, 9])


def test_backward_view_shows_every_gradient(pane):
    pane.show_step(len(pane.timeline) - 1)
    cfg = pane.config
    dx, dw, db = conv2d_backward(np.ones((1, 1, 2, 2)), cfg.x[None], cfg.w)
    np.testing.assert_array_equal(grid(pane, "dx:0").values, dx[0, 0])
    np.testing.assert_array_equal(grid(pane, "dw:0:0").values, dw[0, 0])
    assert grid(pane, "db:0").values[0, 0] == db[0] == 4
    step = pane.timeline[len(pane.timeline) - 1]
    assert step.phase == "backward" and grid(pane, "dx:0").marks == [(3, 3, 1, 1, 1, "backward", True)]
    assert grid(pane, "w:0:0").marks == [(2, 2, 1, 1, 1, "backward", True)]  # the one weight that met x[3, 3]
    assert grid(pane, "dout:0").marks == [(1, 1, 1, 1, 1, "backward", True)]
    # a typed upstream gradient: click a ∂L/∂y cell and edit it
    grid(pane, "dout:0").cellClicked.emit(0, 0)
    pane.cellValue.setText("2")
    pane.cellValue.editingFinished.emit()
    assert pane.config.upstream == (((2.0, 1.0), (1.0, 1.0)),)
    assert pane.findChild(QComboBox, "upstream").currentIndex() == 1


def test_image_mode_digit_file_and_classic_kernels(pane, tmp_path):
    assert pane.use_digit(3)
    np.testing.assert_array_equal(pane.config.x[0], lab.load_digit(3))
    assert pane.palette == "grey"
    kernels = pane.findChild(QComboBox, "kernelName")
    kernels.setCurrentIndex(kernels.findData("sobel_x"))
    kernels.activated.emit(kernels.currentIndex())
    np.testing.assert_array_equal(pane.config.w[0, 0], lab.CLASSIC_KERNELS["sobel_x"])
    image = QImage(40, 20, QImage.Format.Format_RGB32)
    image.fill(QColor(255, 255, 255))
    for x in range(20):
        for y in range(20):
            image.setPixelColor(x, y, QColor(0, 0, 0))
    path = str(tmp_path / "half.png")
    assert image.save(path)
    grey = image_to_grid(path)
    assert grey.shape == (16, 32) and grey[:, :15].max() == 0 and grey[:, 17:].min() == 1
    assert pane.use_image(path)
    np.testing.assert_array_equal(pane.config.x[0], grey)
    pane.show_step(len(pane.timeline) - 1)
    assert grid(pane, "y:0").values.shape == (14, 30)
    assert not pane.use_image(str(tmp_path / "missing.png"))
    assert not pane.use_image("/dev/zero")  # refused at once, not read forever
    assert pane.refusal.text() == "Refused: zero: not a regular file"


def test_window_steps_to_a_cell_and_reads_its_products(open_window, qtbot):
    window = open_window("conv-basic")
    forward = window.findChild(QToolButton, "stepForward")
    qtbot.mouseClick(forward, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(forward, Qt.MouseButton.LeftButton)
    panel = window.findChild(QWidget, "formulaPanel")
    assert "Output cell (0, 1)" in panel.text()
    assert "2×2 + 3×0 + 0×1 + 1×0 + 2×1 + 3×2 + 0×1 + 1×0 + 2×2 + 3 = 19" in panel.text()
    pane = window.findChild(Pane, "conv")
    assert pane.scene.grids["y:0"].values[0, 1] == 19
    window.findChild(QSpinBox, "padding").setValue(1)
    assert pane.scene.grids["y:0"].values.shape == (4, 4)
    assert window.findChild(QLabel, "stepLabel").text().startswith("Step 2 / ")
    qtbot.mouseClick(forward, Qt.MouseButton.LeftButton)
    expected = conv2d(pane.config.x[None], pane.config.w, pane.config.b, 1, 1)[0, 0, 0, 2]
    assert "Output cell (0, 2)" in panel.text() and panel.text().endswith(f"= {formulas.num(expected)}")
    assert "0×2 + 0×0 + 0×1 + 2×0 + 3×1 + 0×2 + 1×1 + 2×0 + 3×2 + 3" in panel.text()


def test_grid_widget_colours_padding_ring_and_text():
    from ui.widgets.grid import cell_colors, cell_text

    values = np.array([[0, 0, 0, 0], [0, 2.0, -1.0, 0], [0, np.nan, 0.5, 0], [0, 0, 0, 0]])
    rgba = cell_colors(values, "diverging", pad=1)
    ring = rgba[[0, 0, 3, 3, 1], [0, 3, 0, 3, 0], :3]
    assert (ring == ring[0]).all()  # one tint for the whole padding ring
    pos, neg = QColor(style.theme().positive), QColor(style.theme().negative)
    assert rgba[1, 1, 2] > rgba[1, 1, 0] and pos.blue() > pos.red()  # a positive cell leans to the positive hue
    assert rgba[1, 2, 0] > rgba[1, 2, 2] and neg.red() > neg.blue()  # a negative one to the negative hue
    assert abs(255 - rgba[1, 1].astype(int)[:3]).sum() > abs(255 - rgba[2, 2].astype(int)[:3]).sum()  # |2| > |0.5|
    assert (rgba[2, 1, :3] != rgba[1, 1, :3]).any()  # not revealed yet: its own pale grey
    grey = cell_colors(np.array([[0.0, 8.0], [16.0, 4.0]]), "grey")
    assert grey[0, 0, 0] == 0 and grey[1, 0, 0] == 255 and grey[0, 1, 0] == 127
    assert [cell_text(v) for v in (-0.5, 2.0, np.nan, -np.inf, 0.0625)] == ["−0.5", "2", "", "−∞", "0.0625"]


def test_backward_toggle_and_presenter_restyle(pane, presenter):
    pane.findChild(QCheckBox, "backward").setChecked(False)
    assert not pane.config.backward and len(pane.timeline) == 4
    assert not any(name.startswith(("dx", "dw", "db", "dout")) for name in pane.scene.grids)
    size = pane.sizeFormula.font().pointSizeF()
    presenter(2.0)
    pane.restyle()
    assert pane.sizeFormula.font().pointSizeF() == pytest.approx(2 * size)
    pane.show_step(3)
    np.testing.assert_array_equal(grid(pane, "y:0").values, [[18, 19], [9, 18]])


def test_the_kernel_weights_sit_in_the_window_cells(pane):
    from PySide6.QtCore import QPointF

    kernel = [[2, 0, 1], [0, 1, 2], [1, 0, 2]]  # conv-basic's kernel
    x = grid(pane, "x:0")
    assert x.overlay_texts() == []
    pane.show_step(1)  # output cell (0, 1): the window covers rows 0–2, columns 1–3
    assert x.overlay_texts() == [(a, 1 + b, f"×{kernel[a][b]}") for a in range(3) for b in range(3)]

    def corner_pixel():  # just inside the bottom-right corner of input cell (2, 3)
        pane.scene.repaint()
        pos = pane.scene.mapFromScene(x.mapToScene(QPointF(4, 3)))
        return pane.scene.grab().toImage().pixelColor(pos.x() - 3, pos.y() - 3).name()

    tagged = corner_pixel()
    pane.show_step(-1)
    assert x.overlay_texts() == [] and corner_pixel() != tagged  # the tag is drawn, and goes again
    n = len(pane.timeline)
    back = next(k for k in range(n) if pane.timeline[k].phase == "backward")
    pane.show_step(back)  # a gradient step: no kernel over the input
    assert x.overlay_texts() == []


def test_dilation_transposed_and_floor_controls_edit_through_the_window_and_undo(open_window):
    w = open_window("conv-stride")
    pane = w.findChild(Pane, "conv")
    pane.findChild(QSpinBox, "dilation").setValue(2)
    pane = w.findChild(Pane, "conv")
    assert pane.config.dilation == 2 and pane.timeline.base["xpad"].shape == (1, 7, 7)
    assert pane.findChild(QLabel, "sizeFormula").text().split("\n")[0] == "OH = (7 + 2·0 − 2·(3 − 1) − 1)/2 + 1 = 2"
    pane.show_step(0)
    assert grid(pane, "x:0").marks == [(0, 0, 3, 3, 2, "focus", True)]  # the taps, 2 cells apart
    assert [t for t in grid(pane, "x:0").overlay_texts()][:2] == [(0, 0, "×2"), (0, 2, "×0")]
    w.undo_group.undo()
    assert w.findChild(Pane, "conv").config.dilation == 1


def test_transposed_mode_draws_the_stretched_input_and_edits_real_cells(open_pane):
    pane = open_pane(Pane, "conv-transposed")
    x = grid(pane, "x:0")
    assert x.values.shape == (7, 7) and x.pad == 1
    assert x.holes[1, 2] and not x.holes[1, 1] and x.values[3, 1] == 3  # x[1,0] sits at (1 + 2·1, 1)
    assert "OH = (3 − 1)·2 − 2·1 + (3 − 1) + 1 = 5" in pane.findChild(QLabel, "sizeFormula").text()
    assert "dw:0:0" not in pane.scene.grids  # forward only
    pane.show_step(6)  # y[1,1]: the kernel over four input cells
    assert grid(pane, "y:0").values[1, 1] == 12
    assert (1, 1, "×1") in x.overlay_texts() and (1, 3, "×2") in x.overlay_texts()  # flipped kernel
    pane._cell_clicked("x:0", 3, 5)
    assert pane.cellValue.isEnabled() and pane.cellValue.value() == 2  # x[1, 2]
    pane._cell_clicked("x:0", 2, 3)
    assert not pane.cellValue.isEnabled()  # an inserted zero
    pane.findChild(QCheckBox, "transposed").setChecked(False)
    assert not pane.config.transposed and pane.config.out_shape == (1, 2, 2)


def test_floor_rounds_the_size_down_as_torch_does(open_pane):
    pane = open_pane(Pane, "conv-basic")
    pane.findChild(QCheckBox, "floor").setChecked(True)
    pane.findChild(QSpinBox, "stride").setValue(2)
    assert pane.config.stride == 2 and pane.config.out_shape == (1, 1, 1)
    assert pane.findChild(QLabel, "sizeFormula").text().split("\n")[0] == "OH = ⌊(4 + 2·0 − 3)/2⌋ + 1 = 1"


def test_conv1d_kernel_size_stays_one_row(open_pane):
    pane = open_pane(Pane, "conv1d")
    assert pane.findChild(QSpinBox, "kernelSize").value() == 3
    pane.findChild(QSpinBox, "kernelSize").setValue(5)
    assert np.shape(pane.config.kernels) == (1, 1, 1, 5) and pane.config.out_shape == (1, 1, 8)
