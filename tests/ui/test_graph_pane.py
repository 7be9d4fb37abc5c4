"""The computational graph pane and its editor, standalone and through the window's objectNames."""

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QListWidget, QPushButton

from nnlab.presets import load_preset
from nnlab.labs.graph import build_timeline
from tests.ui.conftest import find, formula, step
from ui.panes.graph import Pane
from ui.widgets.graph_diagram import OUT, GraphDiagram, layout


def test_layout_puts_leaves_left_of_their_user():
    pos = layout([("a", True, ()), ("b", True, ()), ("t", True, ()), ("p", False, ("a", "b")),
                  ("q", False, ("p", "t"))])
    assert pos["a"][0] == pos["b"][0] == 0 and pos["p"][0] == 1 and pos["t"][0] == 1 and pos["q"][0] == 2


def test_standalone_apple_values_then_gradients(qtbot):
    pane = Pane()
    qtbot.addWidget(pane)
    cfg = load_preset("apple-shopping").config
    t = build_timeline(cfg)
    pane.set_timeline(cfg, t)
    d = find(pane, "graphDiagram", GraphDiagram)
    pane.show_step(-1)
    assert d.edge_text(("apple_price", 0)) == ("100", "")
    assert d.edge_text(("price", 0)) == ("", "")
    pane.show_step(1)
    assert d.edge_text(("price", 0)) == ("200", "") and d.edge_text(OUT) == ("220", "")
    pane.show_step(len(t) - 1)
    assert d.edge_text(("apple_price", 0)) == ("100", "2.2")
    assert d.edge_text(("apple_price", 1)) == ("2", "110")
    assert d.edge_text(("price", 1)) == ("1.1", "200")
    assert d.edge_text(OUT) == ("220", "1")
    # batched: the edges are one line item, the focus another, the nodes one scatter
    pane.show_step(5)
    x, y = d._focus_edges.getData()
    assert len(x) == 4 and (x[0], y[0]) == d.pos["apple"] and (x[3], y[3]) == d.pos["apple_price"]
    assert len(d._nodes.data) == 5


@pytest.fixture
def window(open_window):
    return open_window("apple-shopping")


def test_window_steps_forward_then_backward(window, qtbot):
    step(window, qtbot)
    assert "apple_price = apple × apple_num = 100 × 2 = 200" in formula(window)
    step(window, qtbot, 5)
    assert "∂L/∂apple = ∂L/∂apple_price × apple_num = 1.1 × 2 = 2.2" in formula(window)
    step(window, qtbot, 2)
    assert "∂L/∂apple = 2.2,  ∂L/∂apple_num = 110,  ∂L/∂tax = 200" in formula(window)


def test_editor_builds_a_graph(window, qtbot):
    pane = find(window, "graph", Pane)
    find(pane, "leafId", QLineEdit).setText("z")
    value = find(pane, "leafValue", QLineEdit)
    value.setText("3")
    value.editingFinished.emit()
    qtbot.mouseClick(find(pane, "addLeaf", QPushButton), Qt.MouseButton.LeftButton)
    kind = find(pane, "opKind", QComboBox)
    kind.setCurrentIndex(kind.findData("multiply"))
    a, b = find(pane, "opInputA", QComboBox), find(pane, "opInputB", QComboBox)
    a.setCurrentIndex(a.findText("price"))
    b.setCurrentIndex(b.findText("z"))
    find(pane, "opId", QLineEdit).setText("total")
    qtbot.mouseClick(find(pane, "addOp", QPushButton), Qt.MouseButton.LeftButton)
    cfg = window.state.file.config
    assert cfg.output == "total" and [n.id for n in cfg.nodes][0] == "z"
    window.playhead.seek(len(window.state.timeline) - 1)
    assert "∂L/∂z = 220" in formula(window) and "∂L/∂apple = 6.6" in formula(window)
    # a unary node on the new output, then make it the output by hand and back
    kind.setCurrentIndex(kind.findData("log"))
    assert not b.isEnabled()
    a.setCurrentIndex(a.findText("total"))
    qtbot.mouseClick(find(pane, "addOp", QPushButton), Qt.MouseButton.LeftButton)
    assert window.state.file.config.output == "log1"
    nodes = find(pane, "nodeList", QListWidget)
    nodes.setCurrentRow([n.id for n in window.state.file.config.nodes].index("price"))
    qtbot.mouseClick(find(pane, "setOutput", QPushButton), Qt.MouseButton.LeftButton)
    assert window.state.file.config.output == "price"
    window.playhead.seek(len(window.state.timeline) - 1)
    assert "∂L/∂apple = 2.2" in formula(window)


def test_editor_refusals_keep_the_graph(window, qtbot):
    pane = find(window, "graph", Pane)
    before = window.state.file.config
    nodes = find(pane, "nodeList", QListWidget)
    nodes.setCurrentRow(0)  # apple, used by apple_price
    qtbot.mouseClick(find(pane, "removeNode", QPushButton), Qt.MouseButton.LeftButton)
    assert "apple_price" in find(window, "message", QLabel).text()
    find(pane, "leafId", QLineEdit).setText("tax")  # a name already taken
    qtbot.mouseClick(find(pane, "addLeaf", QPushButton), Qt.MouseButton.LeftButton)
    assert "node 'tax': defined twice" in find(window, "message", QLabel).text()
    kind = find(pane, "opKind", QComboBox)
    kind.setCurrentIndex(kind.findData("log"))
    a = find(pane, "opInputA", QComboBox)
    a.setCurrentIndex(a.findText("apple"))
    nodes.setCurrentRow(0)
    value = find(pane, "nodeValue", QLineEdit)
    value.setText("-5")
    value.editingFinished.emit()  # apple = −5 is fine for multiply
    assert window.state.file.config.nodes[0].value == -5
    qtbot.mouseClick(find(pane, "addOp", QPushButton), Qt.MouseButton.LeftButton)  # log(−5): refused
    assert "log" in find(window, "message", QLabel).text()
    assert len(window.state.file.config.nodes) == len(before.nodes)
    value.setText("x")
    value.editingFinished.emit()
    assert "not a number" in find(window, "message", QLabel).text() and value.text() == "−5"
    # the last node can go: it is the output, so the output moves to the last one left
    nodes.setCurrentRow(len(before.nodes) - 1)
    qtbot.mouseClick(find(pane, "removeNode", QPushButton), Qt.MouseButton.LeftButton)
    assert window.state.file.config.output == "apple_price"


def test_sigmoid_graph_check_step(open_window):
    w = open_window("sigmoid-graph")
    n = len(w.state.timeline)
    w.playhead.seek(n - 1)
    y = 1 / (1 + np.exp(-1.0))
    text = formula(w)
    assert "The derivative y(1 − y) emerges" in text
    assert f"= {y * (1 - y):.4f}" in text and "equal" in text
    assert find(w, "check", QComboBox).currentData() == "sigmoid"
    dout = find(w, "dout", QLineEdit)
    dout.setText("2")
    dout.editingFinished.emit()
    w.playhead.seek(n - 2)
    assert formula(w).startswith("Backward: edge x → neg_x\n∂L/∂x = ")
    assert formula(w).endswith(f"= {2 * y * (1 - y):.4f}")
    w.playhead.seek(n - 1)
    assert "equal" in formula(w)  # ∂y/∂x = ∂L/∂x ÷ the gradient fed in


def test_click_selects_and_presenter_restyle(qtbot, presenter):
    pane = Pane()
    qtbot.addWidget(pane)
    cfg = load_preset("apple-orange").config
    pane.set_timeline(cfg, build_timeline(cfg))
    pane.show_step(3)
    d = find(pane, "graphDiagram", GraphDiagram)
    d.nodeClicked.emit("tax")
    assert find(pane, "nodeList", QListWidget).currentItem().text().startswith("tax = 1.1")
    assert find(pane, "nodeValue", QLineEdit).isEnabled()
    small = d.edge_font().pixelSize()
    presenter(2.0, "high-contrast")
    pane.restyle()
    assert d.edge_font().pixelSize() == pytest.approx(2 * small, abs=1)
    assert d.edge_text(("price", 0))[0] == "650"


def test_lab_selector_reaches_the_graph_lab(open_window, qtbot):
    w = open_window("logic-gates")
    selector = find(w, "labSelector", QComboBox)
    selector.setCurrentIndex(selector.findData("graph"))
    selector.activated.emit(selector.currentIndex())
    assert w.lab == "graph" and find(w, "graph", Pane).isVisible()
    step(w, qtbot, 2)
    assert "price = apple_price × tax = 200 × 1.1 = 220" in formula(w)


def test_shared_node_sum_and_parallel_edges(qtbot):
    from nnlab.labs.graph import Config
    pane = Pane()
    qtbot.addWidget(pane)
    cfg = Config.from_dict({"nodes": [{"id": "a", "op": "input", "value": 3}, {"id": "b", "op": "add", "inputs": ["a", "a"]},
                                      {"id": "c", "op": "power", "inputs": ["b"], "exponent": 2}], "output": "c"})
    pane.resize(1200, 700)
    pane.show()
    t = build_timeline(cfg)
    pane.set_timeline(cfg, t)
    d = find(pane, "graphDiagram", GraphDiagram)
    assert d.mid[("b", 0)] != d.mid[("b", 1)]  # b = a + a: two edges drawn apart, each with its numbers

    def sum_text():
        return [p.text for p in d._layer.placed if p.key == ("sum", "a")]

    pane.show_step(len(t) - 3)
    assert sum_text() == ["Σ ∂L/∂a = 12"]
    pane.show_step(len(t) - 2)
    assert sum_text() == ["Σ ∂L/∂a = 24"]
    assert d.edge_text(("b", 0)) == ("3", "12") and d.edge_text(("b", 1)) == ("3", "12")


def test_large_graph_view_follows_the_focus(qtbot):
    from nnlab.labs.graph import Config
    nodes = [{"id": "x", "op": "input", "value": 0.5}]
    for i in range(200):
        nodes.append({"id": f"n{i}", "op": ("tanh", "relu")[i % 2], "inputs": [nodes[-1]["id"]]})
    cfg = Config.from_dict({"nodes": nodes})
    pane = Pane()
    qtbot.addWidget(pane)
    pane.resize(1200, 700)
    pane.show()
    t = build_timeline(cfg)
    pane.set_timeline(cfg, t)
    d = find(pane, "graphDiagram", GraphDiagram)
    pane.show_step(10)
    (x0, x1), _ = d.view.viewRange()
    assert x0 < d.pos["n10"][0] < x1 and x1 - x0 < 20  # a readable window, not 200 columns squeezed
    pane.show_step(150)
    (x0, x1), _ = d.view.viewRange()
    assert x0 < d.pos["n150"][0] < x1
