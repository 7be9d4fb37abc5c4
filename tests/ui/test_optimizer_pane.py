"""The optimizer pane, standalone and through the window, driven by objectNames."""

import numpy as np
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QToolButton

from nnlab.labs.optimizer import build_timeline
from nnlab.presets import load_preset
from tests.ui.conftest import find, formula, type_into
from ui.panes.optimizer import Pane
from ui.widgets.surface_plot import gl_available


def click_map(qtbot, plot, x, y):
    """Left-click the map at data point (x, y)."""
    vb = plot.plot.getViewBox()
    scene = vb.mapViewToScene(QPointF(x, y))
    pos = plot.view.mapFromScene(scene)
    qtbot.mouseClick(plot.view.viewport(), Qt.MouseButton.LeftButton, pos=pos)


@pytest.fixture
def pane(qtbot):
    p = Pane()
    qtbot.addWidget(p)
    p.resize(1280, 560)
    p.edits, p.messages = [], []
    p.message.connect(p.messages.append)

    def rebuild(config):  # what the window does with configEdited
        p.edits.append(config)
        p.set_timeline(config, build_timeline(config))
        p.show_step(min(p.k, len(p.timeline) - 1))

    p.configEdited.connect(rebuild)
    config = load_preset("optimizer-race").config
    p.set_timeline(config, build_timeline(config))
    p.show()
    return p


def test_paths_and_losses_are_the_timelines(pane):
    pane.show_step(4)
    state = pane.timeline.state_at(4)
    for name in pane.config.enabled:
        x, y = pane.map.paths[name].getData()
        np.testing.assert_array_equal(np.stack([x, y], 1), state[f"path:{name}"])
        assert len(x) == 6
        np.testing.assert_array_equal(pane.lossCurves[name].getOriginalDataset()[1], state[f"loss:{name}"])
    assert find(pane, "status_adam", QLabel).text() == "f = " + "{}".format(
        __import__("nnlab.labs.optimizer", fromlist=["num"]).num(state["f:adam"]))
    heads = pane.map.heads.getData()
    assert len(heads[0]) == 6
    pane.show_step(-1)
    assert len(pane.map.paths["sgd"].getData()[0]) == 1


def test_contour_map_comes_from_the_engine(pane):
    g = pane.grid
    assert np.array_equal(pane.map.image.image, g.bands)
    x, y = pane.map.lines.getData()
    np.testing.assert_array_equal(x, g.lines[:, 0])
    assert len(pane.map.arrows.getData()[0]) == len(g.arrows)
    find(pane, "quiver", QCheckBox).setChecked(False)
    assert not pane.map.arrows.isVisible()


def test_click_on_the_map_sets_the_start(pane, qtbot):
    click_map(qtbot, pane.map, 3.0, -2.0)
    assert pane.edits, pane.messages
    sx, sy = pane.config.start
    assert abs(sx - 3.0) < 0.1 and abs(sy + 2.0) < 0.1
    assert float(find(pane, "startX", QLineEdit).text()) == sx
    np.testing.assert_array_equal(pane.timeline.state_at(-1)["path:adam"], [[sx, sy]])


def test_toggle_an_optimizer_off_and_on(pane):
    pane.show_step(3)
    toggle = find(pane, "toggle_sgd", QCheckBox)
    toggle.click()
    assert "sgd" not in pane.config.enabled and "sgd" not in pane.map.paths
    assert find(pane, "status_sgd", QLabel).text() == "off"
    assert "path:sgd" not in pane.timeline.state_at(3)
    toggle.click()
    assert "sgd" in pane.map.paths and len(pane.map.paths["sgd"].getData()[0]) == 5


def test_hyper_parameter_fields_edit_and_refuse(pane):
    lr = find(pane, "lr_adam", QLineEdit)
    type_into(lr, "0.5")
    assert pane.config.setting("adam").lr == 0.5
    type_into(find(pane, "beta2_adam", QLineEdit), "0.99")
    assert pane.config.setting("adam").betas == (0.9, 0.99)
    assert find(pane, "eps_adagrad", QLineEdit).text() == "1×10⁻¹⁰"
    n = len(pane.edits)
    type_into(lr, "fast")
    assert len(pane.edits) == n and pane.messages and "not a number" in pane.messages[-1]
    assert lr.text() == "0.5"
    type_into(find(pane, "beta1_adam", QLineEdit), "1")  # β₁ = 1 is refused by the config
    assert pane.config.setting("adam").betas == (0.9, 0.99)
    assert "betas[0]" in pane.messages[-1]
    assert find(pane, "beta1_adam", QLineEdit).text() == "0.9"


def test_bad_expression_shows_the_parser_message_and_keeps_the_lab(pane):
    before = pane.config
    type_into(find(pane, "expression", QLineEdit), "__import__('os').system('ls')")
    error = find(pane, "expressionError", QLabel)
    assert error.isVisible() and "'__import__('os').system' is not allowed" in error.text()
    assert pane.config is before and not pane.edits
    assert "not allowed" in pane.messages[-1]
    type_into(find(pane, "expression", QLineEdit), "x^2/4 + sin(y)")
    assert pane.config.surface == "custom" and pane.config.expression == "x^2/4 + sin(y)"
    assert not error.isVisible()
    assert find(pane, "surface", QComboBox).currentData() == "custom"


def test_a_surface_not_finite_somewhere_is_reported_in_the_pane(pane):
    note = find(pane, "surfaceNote", QLabel)
    assert not note.isVisible()
    type_into(find(pane, "expression", QLineEdit), "log(x) + y^2")  # undefined for x ≤ 0: half the plot
    share = float(np.mean(~np.isfinite(pane.grid.z)))
    assert 0.4 < share < 0.7 and note.isVisible()
    assert note.text() == f"f(x, y) is not defined or not finite on {share:.1%} of the plot"
    type_into(find(pane, "expression", QLineEdit), "x*1e307 + y*1e307")  # the contours overflow: no warning
    assert pane.config.expression == "x*1e307 + y*1e307"  # (a warning would fail the test)
    type_into(find(pane, "expression", QLineEdit), "x^2 + y^2")
    assert not note.isVisible()


def test_surface_choice_and_divergence_marks(pane):
    box = find(pane, "surface", QComboBox)
    box.setCurrentIndex(box.findData("rosenbrock"))
    box.activated.emit(box.currentIndex())
    assert pane.config.surface == "rosenbrock" and pane.config.start == (-1.5, 2.0)
    assert pane.grid.xs[0] == -2.0
    config = load_preset("lr-too-large").config
    pane.set_timeline(config, build_timeline(config))
    pane.show_step(50)
    status = find(pane, "status_sgd", QLabel).text()
    assert status == "✕ diverged at step 43"
    assert "sgd" in pane.map.labels and "diverged at step 43" in pane.map.labels["sgd"].toPlainText()
    assert find(pane, "status_adam", QLabel).text().startswith("f = ")


def test_3d_view_falls_back_to_the_map_offscreen(pane):
    assert not gl_available()
    find(pane, "view3d", QCheckBox).setChecked(True)
    assert pane.stack.currentWidget() is pane.map
    assert "OpenGL" in find(pane, "glStatus", QLabel).text() and "OpenGL" in pane.messages[-1]


def test_presenter_restyle_keeps_the_drawing(pane, presenter):
    pane.show_step(10)
    presenter(2.0, "high-contrast")
    pane.restyle()
    assert len(pane.map.paths["adam"].getData()[0]) == 12
    assert np.array_equal(pane.map.image.image, pane.grid.bands)


@pytest.fixture
def window(open_window):
    return open_window("optimizer-race")


def test_window_click_step_read_adam_toggle_and_bad_expression(window, qtbot):
    pane = find(window, "optimizer")
    forward = find(window, "stepForward", QToolButton)
    qtbot.mouseClick(forward, Qt.MouseButton.LeftButton)
    text = formula(window)
    assert "Iteration 1 of 30 — Adam" in text
    assert "m̂ = m/(1 − β₁ᵗ) = (−0.7, 4)" in text and "Δ = −η·m̂/(√v̂ + ε) = (0.3000, −0.3000)" in text
    # click on the map: a new start, the window rebuilds and keeps the step
    click_map(qtbot, pane.map, -5.0, 3.0)
    assert pane.config.start == (-5.0, 3.0)
    assert window.state.file.config.start == (-5.0, 3.0)
    text = formula(window)
    assert "Iteration 1 of 30" in text and "g = ∇f(θ) = (−0.5, 6)" in text
    qtbot.mouseClick(forward, Qt.MouseButton.LeftButton)
    assert "Iteration 2 of 30" in formula(window)
    # switch SGD off: its path goes, the others stay
    find(pane, "toggle_sgd", QCheckBox).click()
    assert "sgd" not in window.state.file.config.enabled and "sgd" not in pane.map.paths
    assert find(pane, "status_sgd", QLabel).text() == "off"
    # a bad expression: the parser's message, and the lab unchanged
    before = window.state.file.config
    type_into(find(pane, "expression", QLineEdit), "x.__class__")
    assert "'x.__class__' is not allowed" in find(pane, "expressionError", QLabel).text()
    assert window.state.file.config == before
    assert "not allowed" in find(window, "message", QLabel).text()


def test_surface_plot_widget_alone(qtbot):
    from nnlab.surfaces import SURFACES
    from ui.widgets.surface_plot import SurfacePlot

    w = SurfacePlot()
    qtbot.addWidget(w)
    w.resize(500, 500)
    w.show()
    s = SURFACES["himmelblau"]
    g = s.grid(60)
    w.set_grid(g, s.minima)
    assert len(w.minima.data) == 4
    np.testing.assert_array_equal(np.stack(w.arrows.getData(), 1), g.arrows)
    w.set_paths({"a": np.array([[0.0, 0.0], [1.0, 1.0]]), "b": np.array([[2.0, 2.0]])},
                {"a": "#0072B2", "b": "#D55E00"}, focus={"a"})
    assert set(w.paths) == {"a", "b"} and len(w.heads.data) == 2
    w.set_paths({"b": np.array([[2.0, 2.0]])}, {"b": "#D55E00"})
    assert set(w.paths) == {"b"}
    w.set_labels({"b": (2.0, 2.0, "here", "text")})
    assert w.labels["b"].toPlainText() == "here"
    w.set_labels({})
    assert not w.labels
    with qtbot.waitSignal(w.pointClicked) as got:
        click_map(qtbot, w, 3.0, 2.0)
    x, y = got.args
    assert abs(x - 3.0) < 0.1 and abs(y - 2.0) < 0.1


class FakeGL:
    """Stands in for pyqtgraph.opengl (no OpenGL offscreen): records what the 3-D view is given."""

    def __init__(self):
        from PySide6.QtWidgets import QWidget as _QWidget

        fake = self

        class GLViewWidget(_QWidget):
            def __init__(self, parent=None):
                super().__init__(parent)
                self.items = []

            def setCameraPosition(self, **kw):
                pass

            def addItem(self, item):
                self.items.append(item)

            def removeItem(self, item):
                self.items.remove(item)

        class GLSurfacePlotItem:
            def __init__(self, x, y, z, colors, smooth):
                assert z.shape == (len(x), len(y)) and colors.shape == (len(x) * len(y), 4)
                fake.surface = (x, y, z, colors)

        class GLLinePlotItem:
            def __init__(self, pos, color, width, glOptions="additive"):
                self.glOptions, self.depth = glOptions, 0
                self.setData(pos, color, width)

            def setDepthValue(self, depth):
                self.depth = depth

            def setData(self, pos, color, width):
                assert pos.ndim == 2 and pos.shape[1] == 3 and len(color) == 4
                self.pos = pos

        self.GLViewWidget, self.GLSurfacePlotItem, self.GLLinePlotItem = GLViewWidget, GLSurfacePlotItem, GLLinePlotItem


def test_3d_view_when_gl_works_and_fallback_when_it_breaks(pane, monkeypatch):
    import sys
    import types

    import ui.panes.optimizer as module

    fake = FakeGL()
    monkeypatch.setitem(sys.modules, "pyqtgraph.opengl", fake)
    gl_constants = types.SimpleNamespace(GL_DEPTH_TEST=0x0B71, GL_BLEND=0x0BE2, GL_SRC_ALPHA=0x0302,
                                         GL_ONE_MINUS_SRC_ALPHA=0x0303)  # PyOpenGL's, for the paths' GL state
    monkeypatch.setitem(sys.modules, "OpenGL", types.SimpleNamespace(GL=gl_constants))
    monkeypatch.setitem(sys.modules, "OpenGL.GL", gl_constants)
    monkeypatch.setattr(module, "gl_available", lambda: True)
    pane.show_step(5)
    find(pane, "view3d", QCheckBox).setChecked(True)
    assert pane.stack.currentWidget() is pane.map3d
    x, y, z, colours = fake.surface
    assert len(x) == len(y) == module.GRID
    lines = pane.map3d.lines
    assert set(lines) == set(pane.config.enabled) and len(lines["adam"].pos) == 7
    # paths in their own colours over the surface: no depth test, ordinary blending, drawn after the mesh
    assert lines["adam"].glOptions[gl_constants.GL_DEPTH_TEST] is False and lines["adam"].depth > 0
    pane.show_step(9)
    assert len(lines["adam"].pos) == 11
    find(pane, "view3d", QCheckBox).setChecked(False)
    assert pane.stack.currentWidget() is pane.map
    # a GL stack that fails while building the view: the 2-D map stays, with the reason
    pane.map3d = None
    monkeypatch.setattr(module, "Surface3D", lambda parent: (_ for _ in ()).throw(RuntimeError("no context")))
    find(pane, "view3d", QCheckBox).setChecked(True)
    assert pane.stack.currentWidget() is pane.map and "OpenGL" in find(pane, "glStatus", QLabel).text()
