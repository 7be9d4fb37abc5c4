"""The network pane: standalone (set_timeline/show_step, controls by objectName) and in the window."""

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QPushButton, QSpinBox, QTableView, QToolButton, QWidget

from nnlab.functions import sigmoid
from nnlab.labs.network import Config, build_timeline
from nnlab.presets import load_preset
from ui import style
from ui.app import build_window, close_window
from ui.panes.network import Pane
from ui.widgets.fields import NumberField


@pytest.fixture
def pane(qtbot):
    p = Pane()
    qtbot.addWidget(p)
    p.resize(1280, 560)
    p.show()
    config = load_preset("seed-forward").config
    p.set_timeline(config, build_timeline(config))
    return p


def find(w, name, cls=QWidget):
    found = w.findChild(cls, name)
    assert found is not None, name
    return found


def cell(p, row, col):
    return p.model.data(p.model.index(row, p.model.COLUMNS.index(col)))


def emitted(qtbot, signal, action):
    with qtbot.waitSignal(signal, timeout=1000) as sig:
        action()
    return sig.args[0]


def test_first_activation_shows_0_7408_and_back_hides_it(pane):
    pane.show_step(1)  # step 0: the weighted sum 1.05, step 1: sigmoid(1.05)
    label = pane.diagram.labels[("node", 1, 0)]
    assert "z 1.05" in label and "0.7408" in label
    assert ("node", 1, 1) not in pane.diagram.labels  # not computed yet
    assert cell(pane, pane.model.node_row(1, 0), "out") == "0.7408"
    pane.show_step(0)
    assert "0.7408" not in pane.diagram.labels[("node", 1, 0)]
    assert cell(pane, pane.model.node_row(1, 0), "out") == ""
    pane.show_step(3)
    assert "0.6457" in pane.diagram.labels[("node", 1, 1)]
    pane.show_step(-1)
    assert ("node", 1, 0) not in pane.diagram.labels
    assert pane.diagram.labels[("node", 0, 1)] == "0.5"


def test_focus_is_highlighted_in_diagram_and_table(pane):
    pane.show_step(0)  # focus: node 1:0 and its incoming edges
    assert len(pane.diagram._glow.xData) == 4
    assert pane.model.focus_rows == {pane.model.node_row(1, 0), pane.model.edge_row(1, 0, 0),
                                     pane.model.edge_row(1, 1, 0)}


def test_backward_values_appear_when_revealed(pane):
    tl = pane.timeline
    y, t = sigmoid(np.array([1.05, 0.6])), np.array([0.0, 1.0])
    delta = (y - t) * y * (1 - y)  # ∂E/∂sum for ½Σ(y − t)² and sigmoid outputs
    k_delta = next(k for k, s in enumerate(tl.steps) if s.phase == "backward")
    pane.show_step(k_delta - 1)
    assert "δ" not in pane.diagram.labels[("node", 1, 0)]
    pane.show_step(k_delta)
    assert f"δ {delta[0]:.4f}" in pane.diagram.labels[("node", 1, 0)]
    k_grad = next(k for k, s in enumerate(tl.steps) if s.phase == "gradient")
    pane.show_step(k_grad)
    grad = delta[0] * 1.0  # ∂E/∂w[0, 0] = δ0 × x0
    assert pane.diagram.labels[("edge", 1, 0, 0)] == f"0.9  ∂ {grad:.4f}"
    assert float(cell(pane, pane.model.edge_row(1, 1, 0), "grad")) == pytest.approx(delta[0] * 0.5, abs=1e-4)
    pane.show_step(len(tl) - 1)  # after the update the diagram draws the new weights
    new = 0.9 - 0.5 * grad
    assert pane.diagram.labels[("edge", 1, 0, 0)] == f"{new:.4f}"
    assert float(cell(pane, pane.model.edge_row(1, 0, 0), "new")) == pytest.approx(new, abs=1e-4)
    assert "E after the update" in find(pane, "lossLabel", QLabel).text()


def test_proportional_view_labels_errors(pane):
    config = pane.config.edited(backward="proportional")
    pane.set_timeline(config, build_timeline(config))
    k = next(k for k, s in enumerate(pane.timeline.steps) if s.phase == "backward")
    pane.show_step(k)
    y0 = float(sigmoid(1.05))
    assert f"e {-y0:.4f}".replace("-", "−") in pane.diagram.labels[("node", 1, 0)]
    assert find(pane, "backwardView", QComboBox).currentData() == "proportional"


def test_edit_a_weight_from_the_edge_editor(pane, qtbot):
    pane.show_step(1)
    d = pane.diagram
    x, y = d.edge_point(1, 1, 0, t=0.6)
    qtbot.mouseClick(d.viewport(), Qt.MouseButton.LeftButton, pos=d.to_widget(x, y))
    field = find(pane, "weightEditor", NumberField)
    assert field.isVisible() and field.value() == pytest.approx(0.3)
    field.setText("−0.25")
    config = emitted(qtbot, pane.configEdited, field.editingFinished.emit)
    assert isinstance(config, Config)
    assert config.weights["W1"][1][0] == pytest.approx(-0.25)
    assert config.weights["W1"][0][0] == pytest.approx(0.9)  # the others unchanged
    # the rebuilt timeline's sum uses the new weight: 1.0 × 0.9 + 0.5 × (−0.25)
    pane.set_timeline(config, build_timeline(config))
    pane.show_step(0)
    assert "z 0.775" in pane.diagram.labels[("node", 1, 0)]


def test_bad_weight_is_refused_and_old_value_kept(pane, qtbot):
    pane.show_step(1)
    pane._edge_clicked(1, 0, 0)
    field = find(pane, "weightEditor", NumberField)
    edits = []
    pane.configEdited.connect(edits.append)
    field.setText("abc")
    reason = emitted(qtbot, pane.message, field.editingFinished.emit)
    assert "not a number" in reason
    assert field.text() == "0.9" and not edits


def test_values_table_edits_and_refusals(pane, qtbot):
    table = find(pane, "valuesTable", QTableView)
    model = table.model()
    assert model.rowCount() == 4 + 4
    index = model.index(model.edge_row(1, 0, 1), model.COLUMNS.index("value"))
    config = emitted(qtbot, pane.configEdited, lambda: model.setData(index, "0.35"))
    assert config.weights["W1"][0][1] == pytest.approx(0.35)
    reason = emitted(qtbot, pane.message, lambda: model.setData(index, "lots"))
    assert "not a number" in reason
    assert model.data(index) == "0.2"  # unchanged
    target = model.index(model.node_row(1, 1), model.COLUMNS.index("target"))
    config = emitted(qtbot, pane.configEdited, lambda: model.setData(target, "0.25"))
    assert config.target == (0.0, 0.25)


def test_inputs_learning_rate_and_activation_controls(pane, qtbot):
    field = find(pane, "input1", NumberField)
    field.setText("2")
    assert emitted(qtbot, pane.configEdited, field.editingFinished.emit).input == (1.0, 2.0)
    lr = find(pane, "learningRate", NumberField)
    lr.setText("0")  # the config refuses η = 0 with its reason; the field shows the old value
    reason = emitted(qtbot, pane.message, lr.editingFinished.emit)
    assert reason.startswith("learning_rate")
    assert lr.text() == "0.5"
    combo = find(pane, "activation1", QComboBox)
    i = combo.findData("tanh")
    combo.setCurrentIndex(i)
    assert emitted(qtbot, pane.configEdited, lambda: combo.activated.emit(i)).activations == ("tanh",)


def test_layer_controls_add_remove_and_zero_nodes(pane, qtbot):
    config = emitted(qtbot, pane.configEdited, find(pane, "addLayer", QPushButton).click)
    assert config.sizes == (2, 2, 2) and len(config.activations) == 2
    pane.set_timeline(config, build_timeline(config))
    assert find(pane, "layerSize2", QSpinBox).value() == 2
    assert pane.diagram.sizes == (2, 2, 2)
    box = find(pane, "layerSize1", QSpinBox)
    edited = emitted(qtbot, pane.configEdited, lambda: box.setValue(5))
    assert edited.sizes == (2, 5, 2) and np.shape(edited.weights["W1"]) == (2, 5)
    reason = emitted(qtbot, pane.message, lambda: box.setValue(0))
    assert reason == "sizes[1]: must be a whole number from 1 to 1024"
    assert box.value() == 2  # back to the network's size
    config = emitted(qtbot, pane.configEdited, find(pane, "removeLayer", QPushButton).click)
    assert config.sizes == (2, 2)
    pane.set_timeline(config, build_timeline(config))
    reason = emitted(qtbot, pane.message, find(pane, "removeLayer", QPushButton).click)
    assert "hidden layer" in reason


def test_redraw_weights_uses_init_and_seed(pane, qtbot):
    find(pane, "seed", NumberField).set_value(7)
    config = emitted(qtbot, pane.configEdited, find(pane, "redrawWeights", QPushButton).click)
    assert config.seed == 7 and config.weights is None
    drawn = build_timeline(config).base["W1"]
    assert not np.allclose(drawn, [[0.9, 0.2], [0.3, 0.8]])


def test_large_network_shows_the_lod_note_and_a_virtual_table(qtbot):
    p = Pane()
    qtbot.addWidget(p)
    p.resize(1280, 560)
    p.show()
    rng = np.random.default_rng(0)
    config = Config.from_dict({"sizes": [784, 100, 10], "activations": ["sigmoid", "softmax"], "bias": True,
                               "input": rng.random(784).tolist(), "target": np.eye(10)[3].tolist(),
                               "loss": "cross_entropy"})
    tl = build_timeline(config)
    p.set_timeline(config, tl)
    p.show_step(0)
    assert p.diagram.lod_text().startswith("showing 5,000 of 79,400 edges")
    model = find(p, "valuesTable", QTableView).model()
    assert model.rowCount() == 894 + 79_400
    # every number is there, e.g. the last incoming weight of hidden node 0 (abbreviated in the formula)
    w = tl.base["W1"][783, 0]
    assert float(cell(p, model.edge_row(1, 783, 0), "value").replace("−", "-")) == pytest.approx(w, abs=1e-4)
    assert float(cell(p, model.node_row(1, 0), "sum").replace("−", "-")) == pytest.approx(
        tl.state_at(0)["sum:1:0"], abs=1e-4)
    assert find(p, "inputNote", QLabel).text().startswith("784 values")


def test_window_steps_and_edits_through_design_names(qtbot):
    w = build_window(source="seed-forward")
    try:
        w.show()
        pane = find(w, "network", Pane)
        forward = find(w, "stepForward", QToolButton)
        qtbot.mouseClick(forward, Qt.MouseButton.LeftButton)
        qtbot.mouseClick(forward, Qt.MouseButton.LeftButton)
        assert "y₁ = σ(z₁) = σ(1.05) = 0.7408" in find(w, "formulaPanel").text()
        assert "0.7408" in pane.diagram.labels[("node", 1, 0)]
        qtbot.mouseClick(find(w, "stepBack", QToolButton), Qt.MouseButton.LeftButton)
        assert "0.7408" not in pane.diagram.labels[("node", 1, 0)]
        # edit w[0, 0] through the pane's editor: the window rebuilds and keeps the step
        pane._edge_clicked(1, 0, 0)
        field = find(pane, "weightEditor", NumberField)
        field.setText("0.1")
        field.editingFinished.emit()
        assert "z₁ = x₁·w₁₁ + x₂·w₂₁ = 1 × 0.1 + 0.5 × 0.3 = 0.25" in find(w, "formulaPanel").text()
        assert "z 0.25" in pane.diagram.labels[("node", 1, 0)]
    finally:
        close_window(w)


def test_table_cell_edited_through_the_view(pane, qtbot):
    from PySide6.QtWidgets import QLineEdit
    table = find(pane, "valuesTable", QTableView)
    index = pane.model.index(pane.model.node_row(0, 0), pane.model.COLUMNS.index("value"))
    table.setCurrentIndex(index)
    table.edit(index)
    editor = table.viewport().findChild(QLineEdit)
    assert editor is not None and editor.text() == "1"
    editor.setText("0.25")

    def commit():
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert emitted(qtbot, pane.configEdited, commit).input == (0.25, 0.5)


def test_clicking_a_node_edits_its_bias_and_target(qtbot):
    p = Pane()
    qtbot.addWidget(p)
    p.resize(1280, 560)
    p.show()
    config = load_preset("three-layer").config
    p.set_timeline(config, build_timeline(config))
    d = p.diagram
    with qtbot.waitSignal(d.nodeClicked):
        qtbot.mouseClick(d.viewport(), Qt.MouseButton.LeftButton, pos=d.to_widget(*d.node_pos(3, 1)))
    bias, target = find(p, "biasEditor", NumberField), find(p, "targetEditor", NumberField)
    assert bias.value() == pytest.approx(0.2) and target.value() == pytest.approx(config.target[1])
    bias.setText("−1.5")
    edited = emitted(qtbot, p.configEdited, bias.editingFinished.emit)
    assert edited.weights["b3"][1] == pytest.approx(-1.5)
    assert edited.weights["W3"] == config.weights["W3"]
    # cross-entropy needs a sigmoid or softmax output: refused with the config's reason
    loss = find(p, "loss", QComboBox)
    i = loss.findData("cross_entropy")
    loss.setCurrentIndex(i)
    reason = emitted(qtbot, p.message, lambda: loss.activated.emit(i))
    assert reason.startswith("loss:")
    assert loss.currentData() == "mse"


def test_presenter_mode_restyles_the_pane(qtbot):
    w = build_window(source="seed-forward")
    try:
        w.show()
        pane = find(w, "network", Pane)
        w.playhead.seek(1)
        before = dict(pane.diagram.labels)
        w.presenterAction.trigger()
        qtbot.waitUntil(lambda: pane.diagram.labels == before, timeout=2000)  # once the layout settles
        assert pane.diagram._pens[3].widthF() == pytest.approx(8.0)
        assert pane.table.columnWidth(0) == 2 * 92
        w.presenterAction.trigger()
        assert pane.diagram._pens[3].widthF() == pytest.approx(4.0)
    finally:
        style.set_scale(1.0)
        close_window(w)


def test_bias_checkbox_adds_zero_biases(pane, qtbot):
    box = find(pane, "bias", QCheckBox)
    config = emitted(qtbot, pane.configEdited, lambda: box.setChecked(True))
    assert config.bias and list(config.weights["b1"]) == [0.0, 0.0]
    assert config.weights["W1"] == ((0.9, 0.2), (0.3, 0.8))


def test_weights_exported_from_the_window_import_back_and_reshape_the_network(qtbot, tmp_path):
    """File → Export weights / Import weights in the network lab (the window's actions call these)."""
    import numpy as np

    from nnlab.io import export_weights, load_weights
    from nnlab.network import MLP
    from ui.app import build_window, close_window

    w = build_window(source="three-layer")
    try:
        assert w.exportWeightsAction.isEnabled() and w.importWeightsAction.isEnabled()
        path = tmp_path / "net.npz"
        assert w._pane_io("export_weights", str(path))
        saved = load_weights(path)
        assert saved.meta["sizes"] == [2, 3, 2, 2] and saved.meta["output"] == "identity"
        np.testing.assert_array_equal(saved.params["W2"], [[0.1, 0.4], [0.2, 0.5], [0.3, 0.6]])
        other = MLP([2, 4, 1], "tanh", "sigmoid", seed=3)  # e.g. trained elsewhere
        export_weights(other, tmp_path / "other.npz")
        assert w._pane_io("import_weights", str(tmp_path / "other.npz"))
        qtbot.waitUntil(lambda: not w.rebuilder.busy(), timeout=10_000)  # built off the GUI thread under load
        config = w.state.file.config
        assert config.sizes == (2, 4, 1) and config.activations == ("tanh", "sigmoid")
        np.testing.assert_allclose(config.weights_or_drawn()["W1"], other.params["W1"])
        assert w._pane_io("import_weights", str(path))
        qtbot.waitUntil(lambda: not w.rebuilder.busy(), timeout=10_000)
        assert w.state.file.config.sizes == (2, 3, 2, 2)
        w.findChild(type(w.quizAction), "actionUndo").trigger()
        qtbot.waitUntil(lambda: not w.rebuilder.busy(), timeout=10_000)
        assert w.state.file.config.sizes == (2, 4, 1)
        bad = tmp_path / "bad.npz"
        np.savez(bad, W1=np.ones((2, 3)), W2=np.ones((4, 1)))
        assert not w._pane_io("import_weights", str(bad))
        assert "chain" in w.last_error and w.state.file.config.sizes == (2, 4, 1)
    finally:
        close_window(w)


def test_pytorch_state_dict_imports_from_the_window(qtbot, tmp_path):
    """File → Import weights reads torch.save(model.state_dict()) of an nn.Sequential: the network takes
    its shape and the forward pass gives torch's outputs."""
    import numpy as np
    import torch

    from nnlab.labs.network import build_timeline
    from ui.app import build_window, close_window

    torch.manual_seed(1)
    model = torch.nn.Sequential(torch.nn.Linear(2, 4), torch.nn.Sigmoid(), torch.nn.Linear(4, 2), torch.nn.Sigmoid())
    torch.save(model.state_dict(), tmp_path / "model.pt")
    w = build_window(source="seed-forward")
    try:
        assert w._pane_io("import_weights", str(tmp_path / "model.pt"))
        qtbot.waitUntil(lambda: not w.rebuilder.busy(), timeout=10_000)
        config = w.state.file.config
        assert config.sizes == (2, 4, 2) and config.bias
        t = build_timeline(config)
        out = [t.state_at(len(t) - 1)[f"out:2:{j}"] for j in range(2)]
        expected = model.double()(torch.tensor([config.input], dtype=torch.float64)).detach().numpy()[0]
        assert np.max(np.abs(np.array(out) - expected)) < 1e-12
    finally:
        close_window(w)


def test_export_dialog_offers_float64_onnx(qtbot, tmp_path, monkeypatch):
    """File → Export weights: the default .onnx is float32; the "ONNX in float64" filter writes float64."""
    import onnx
    from PySide6.QtWidgets import QFileDialog

    from ui.app import build_window, close_window

    w = build_window(source="three-layer")
    try:
        for chosen, elem in ((0, onnx.TensorProto.FLOAT), (1, onnx.TensorProto.DOUBLE)):
            path = tmp_path / f"w{chosen}.onnx"
            monkeypatch.setattr(QFileDialog, "getSaveFileName",
                                lambda *a, path=path, chosen=chosen: (str(path), a[-1].split(";;")[chosen]))
            w.export_weights_dialog()
            model = onnx.load(str(path))
            assert model.graph.input[0].type.tensor_type.elem_type == elem
    finally:
        close_window(w)


def test_the_edge_editor_follows_undo_and_closes_on_escape(open_window, qtbot):
    w = open_window("seed-forward", size=(1280, 800))
    pane = w.pane
    pane._edge_clicked(1, 0, 0)
    field = find(pane, "weightEditor", NumberField)
    field.setText("−1.5")
    field.editingFinished.emit()
    assert w.state.file.config.to_dict()["weights"]["W1"][0][0] == -1.5
    w.findChild(type(w.quizAction), "actionUndo").trigger()
    assert w.state.file.config.to_dict()["weights"]["W1"][0][0] == 0.9
    assert field.isVisible() and field.value() == 0.9 and field.text() == "0.9"  # the restored value
    w.findChild(type(w.quizAction), "actionRedo").trigger()
    assert field.value() == -1.5
    field.setFocus()
    qtbot.keyClick(field, Qt.Key.Key_Escape)
    assert not find(pane, "elementEditor").isVisible()


def test_input_and_target_fields_are_named_as_the_formulas_write_them(pane):
    form = find(pane, "dataGroup").layout()
    labels = [form.labelForField(find(pane, name, NumberField)).text() for name in ("input0", "input1", "target0")]
    assert labels == ["x₁", "x₂", "t₁"]


def test_opening_a_smaller_network_after_a_late_step_of_a_larger_one(open_window):
    """The values table's highlighted rows belong to the network shown: three-layer's last step
    highlights rows past seed-forward's 8; opening seed-forward then shows its own first step."""
    w = open_window("three-layer", (1280, 800))
    w.playhead.seek(len(w.state.timeline) // 2)  # a backward step: an output's δ and its edges
    assert max(w.pane.model.focus_rows) >= 8
    assert w.open_source("seed-forward")
    w.playhead.seek(1)
    model = w.pane.model
    assert model.rowCount() == 8 and model.focus_rows == {model.node_row(1, 0)}
    assert cell(w.pane, model.node_row(1, 0), "out") == "0.7408"
