import numpy as np
import pytest
from PySide6.QtWidgets import QCheckBox, QLineEdit, QSpinBox

from tests.ui.conftest import find, formula, on_screen, settle, step
from tests.ui.diagram_labels import clipped, labels, overlaps
from ui.panes.attention import Pane


@pytest.fixture
def pane(open_pane):
    return open_pane(Pane, "attention-tiny")


def grids(p):
    return p.scene.grids


def test_score_step_highlights_the_query_the_key_and_the_entry(pane):
    assert pane.objectName() == "attention"
    k = next(i for i, s in enumerate(pane.timeline.steps) if s.formula.startswith("s₁₃"))
    pane.show_step(k)
    assert grids(pane)["Q:1:1"].marks == [(0, 0, 1, 2, 1, "focus", True)]
    assert grids(pane)["K:1:1"].marks == [(2, 0, 1, 2, 1, "focus", True)]
    assert grids(pane)["S:1:1"].marks == [(0, 2, 1, 1, 1, "focus", True)]
    assert grids(pane)["S:1:1"].text_grid()[0] == ["0.7071", "0", "0.7071"]
    assert grids(pane)["A:1:1"].text_grid()[0] == ["", "", ""]


def test_softmax_and_output_rows_and_token_lines(pane):
    k = next(i for i, s in enumerate(pane.timeline.steps) if s.formula.startswith("o₁ ="))
    pane.show_step(k)
    np.testing.assert_allclose(grids(pane)["A:1:1"].values[0], [0.4011, 0.1978, 0.4011], atol=5e-5)
    np.testing.assert_allclose(grids(pane)["O:1:1"].values[0], [0.8022, 0.5989], atol=5e-5)
    assert np.isnan(grids(pane)["O:1:1"].values[1]).all()
    drawn = {key: item.getData() for key, item in pane._line_items.items() if item.getData()[0] is not None
             and len(item.getData()[0])}
    widths = {key[2] for key in drawn}
    assert len(drawn) >= 2 and len(widths) >= 2  # thicker lines for larger weights
    assert sum(len(x) for x, _y in drawn.values()) == 2 * 9  # every pair of the 3 tokens


def test_backward_steps_show_gradients_in_the_grids(pane):
    pane.show_step(len(pane.timeline) - 1)
    assert pane.grid_labels.texts()[("cap", "X")] == "∂L/∂X"
    np.testing.assert_allclose(grids(pane)["X"].values, pane.timeline.state_at(len(pane.timeline) - 1)["grad:dX"])


def test_editing_an_embedding_and_a_weight_rebuilds(pane):
    grids(pane)["X"].cellClicked.emit(0, 1)
    pane.cellValue.setText("2")
    pane.cellValue.editingFinished.emit()
    assert pane.config.params()["E"][0].tolist() == [1, 2]
    grids(pane)["W_Q:1:1"].cellClicked.emit(1, 0)
    pane.cellValue.setText("−1")
    pane.cellValue.editingFinished.emit()
    assert pane.config.params()["L1.W_Q1"].tolist() == [[1, 0], [-1, 1]]
    pane.show_step(len(pane.timeline) - 1)
    grids(pane)["S:1:1"].cellClicked.emit(0, 0)
    assert not pane.cellValue.isEnabled()


def test_heads_and_causal_controls(pane):
    pane.findChild(QSpinBox, "heads").setValue(2)
    assert pane.config.heads == 2 and "A:1:2" in grids(pane) and "W_O:1" in grids(pane)
    pane.findChild(QCheckBox, "causal").setChecked(True)
    pane.show_step(max(i for i, s in enumerate(pane.timeline.steps) if s.phase == "forward"))
    assert grids(pane)["A:1:1"].values[0].tolist()[1:] == [0, 0]
    assert grids(pane)["S:1:1"].text_grid()[0][2] == "−∞"


def test_undo_an_edit_in_the_window(open_window, qtbot):
    w = open_window("attention-tiny")
    pane = find(w, "attention")
    pane.findChild(QCheckBox, "causal").setChecked(True)
    assert pane.config.causal
    w.undo_group.undo()
    assert not find(w, "attention").config.causal
    step(w, qtbot, 12)
    assert "s₁₃ = q₁·k₃ = 1×1 + 0×1 = 1" in formula(w)


def test_sorter_takes_typed_input_and_retrains(open_window, qtbot):
    w = open_window("transformer-sort")
    pane = find(w, "attention")
    field = pane.findChild(QLineEdit, "tokensInput")
    field.setText("hgfed")
    field.editingFinished.emit()
    qtbot.waitUntil(lambda: find(w, "attention").config.tokens == tuple("hgfed>"))  # a slow build runs in a worker
    pane = find(w, "attention")
    end = pane.timeline.state_at(len(pane.timeline) - 1)
    assert "".join(pane.config.vocab[int(end[f"pred:{i}"])] for i in range(5, 10)) == "defgh"
    pane.train_steps = 15
    with qtbot.waitSignal(pane.configEdited, timeout=20000):
        pane.train()
    assert "held-out" in pane.trainStatus.text()
    qtbot.waitUntil(lambda: isinstance(find(w, "attention").config.weights, tuple), timeout=20000)


@pytest.mark.parametrize("scale", [2.0, 3.0])
def test_fits_1280_by_800_in_presenter_mode_and_labels_never_collide(open_at, scale):
    w = open_at("attention-heads", (1280, 800), scale)
    settle()
    assert on_screen(w.pane.scene, w) and on_screen(w.pane.lines, w) and on_screen(find(w, "formulaPanel"), w)
    assert w.pane.scene.width() > (0.3 if scale == 2 else 0.15) * w.width()
    for preset in ("attention-heads", "transformer-sort"):
        w.open_source(preset)
        w.playhead.seek(len(w.state.timeline) // 2)
        settle()
        found = labels(w.pane)
        assert found and not overlaps(found) and not clipped(found), preset
    # a caption may share its label with its head's name ("head 2\nquery ← key") when the lines are wide
    assert scale == 3 or any("query ← key" in text or "A⁽¹⁾" in text for text, *_rest in found)


def test_export_and_import_weights(pane, tmp_path):
    path = tmp_path / "attention.npz"
    pane.export_weights(path)
    grids(pane)["W_V:1:1"].cellClicked.emit(0, 0)
    pane.cellValue.setText("5")
    pane.cellValue.editingFinished.emit()
    assert pane.config.params()["L1.W_V1"][0, 0] == 5
    pane.import_weights(path)
    np.testing.assert_array_equal(pane.config.params()["L1.W_V1"], np.eye(2))
    (tmp_path / "bad.json").write_text('{"params": {"L1.W_V1": [[1, 2, 3]]}, "meta": {}}')
    with pytest.raises(ValueError, match="weights.L1.W_V1: dimension 1 is 1, must be 2 to 2"):
        pane.import_weights(tmp_path / "bad.json")
