"""Quiz mode outlines the element asked about: while step k's result is hidden, every lab draws
the state before step k but highlights step k's focus (never step k − 1's) — eleven labs."""

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QToolButton

from tests.ui.conftest import formula


def _data(item):
    """A line item's points (x and y lists; empty when it has none)."""
    return tuple([] if a is None else np.nan_to_num(a).round(6).tolist() for a in item.getData())


def _nodes(diagram):
    """The network diagram's highlight: the nodes wearing the focus pen, the glowing edges."""
    pens = diagram._nodes.data["pen"]
    return [i for i, p in enumerate(pens) if p == diagram._pens[3]], _data(diagram._glow)


def _marks(pane):
    """The grid labs' highlight: every grid's focus/backward rectangles (a max winner's tint aside)."""
    return {name: [m for m in grid.marks if m[5] in ("focus", "backward")] for name, grid in pane.scene.grids.items()}


def _perceptron(pane):
    t = pane.truthTable
    return [(r, c) for r in range(t.rowCount()) for c in range(t.columnCount())
            if t.item(r, c) is not None and t.item(r, c).background().style() != Qt.BrushStyle.NoBrush]


HIGHLIGHT = {
    "network": lambda p: (_nodes(p.diagram), sorted(p.model.focus_rows)),
    "training": lambda p: _nodes(p.diagram),
    "conv": _marks,
    "pooling": _marks,
    "attention": _marks,
    "recurrent": lambda p: p.schematic.focus,
    "graph": lambda p: _data(p.diagram._focus_edges),
    "optimizer": lambda p: np.round(p.map.heads.data["size"], 3).tolist(),
    "perceptron": _perceptron,
    "activations": lambda p: [item.curve.opts["pen"].widthF() for item, _d in p.curves.values()],
    "generative": lambda p: (sorted((k, item.color.name()) for k, item in p.captions.by_key.items()),
                             p.curve_kl.opts["pen"].widthF(),
                             np.round(p.sample_marks.data["size"], 3).tolist()),
}


def press(w, name):
    w.findChild(QToolButton, name).click()


@pytest.mark.parametrize("preset", ["seed-forward", "xor-mlp", "conv-padding", "pool-max", "lstm-basic",
                                    "apple-shopping", "optimizer-race", "logic-gates", "activations",
                                    "attention-tiny", "vae-worked"])
def test_quiz_highlights_the_step_asked_about(open_window, preset):
    w = open_window(preset, size=(1280, 800))
    tl, pane = w.state.timeline, w.pane
    highlight = HIGHLIGHT[pane.lab]
    # the first step whose focus differs from the one before (activations: value and slope of
    # one curve thicken the same curve, so the next curve's; optimizers: all focused, always)
    k = 2 if pane.lab == "activations" else next((k for k in range(1, len(tl)) if tl[k].focus != tl[k - 1].focus), 1)
    press(w, "quiz")
    w.playhead.seek(k - 1)
    before = highlight(pane)
    press(w, "stepForward")  # step k, its result hidden
    assert w.playhead.index == k and w.playhead.hidden and pane.hidden
    assert formula(w).splitlines()[-1].endswith("= ?") or "?" in formula(w)
    asked = highlight(pane)
    press(w, "stepForward")  # revealed: the same element stays highlighted
    assert not w.playhead.hidden
    assert highlight(pane) == asked
    if tl[k].focus != tl[k - 1].focus:
        assert asked != before  # the previous step's element is not the one outlined


def test_conv_padding_step_5_outlines_the_window_of_output_cell_1_0(open_window):
    w = open_window("conv-padding", size=(1280, 800))
    tl = w.state.timeline
    assert "out:0:1:0" in tl[4].focus and "win:0:1:0:3:3:1" in tl[4].focus
    press(w, "quiz")
    w.playhead.seek(3)
    press(w, "stepForward")
    grids = w.pane.scene.grids
    assert grids["x:0"].marks == [(1, 0, 3, 3, 1, "focus", True)]  # the window over padded rows 1–3, cols 0–2
    assert grids["y:0"].marks == [(1, 0, 1, 1, 1, "focus", True)]
    assert np.isnan(grids["y:0"].values[1, 0])  # the asked value is not drawn yet
    assert grids["y:0"].values[0, 3] == tl[3].values["out:0:0:3"]  # the previous one is
    press(w, "stepForward")
    assert grids["y:0"].values[1, 0] == tl[4].values["out:0:1:0"]


def test_seed_forward_step_3_outlines_y2_and_its_edges(open_window):
    w = open_window("seed-forward", size=(1280, 800))
    tl, pane = w.state.timeline, w.pane
    assert tl[2].focus == ("node:1:1", "edge:1:0:1", "edge:1:1:1")
    press(w, "quiz")
    w.playhead.seek(1)
    press(w, "stepForward")  # step 3 asked: y₂'s weighted sum = ?
    assert pane.diagram._state["focus_nodes"] == ((1, 1),)
    assert pane.diagram._state["focus_edges"] == ((1, 0, 1), (1, 1, 1))
    m = pane.model
    assert m.focus_rows == {m.node_row(1, 1), m.edge_row(1, 0, 1), m.edge_row(1, 1, 1)}
    v = pane.step_values(2)
    assert np.isnan(v.sums[1][1]) and v.outs[1][0] == tl[1].values["out:1:0"]  # hidden; y₁ known
    assert "0.6" not in formula(w).splitlines()[-1]


def test_max_pooling_keeps_the_winner_hidden_until_revealed(open_window):
    w = open_window("pool-max", size=(1280, 800))
    press(w, "quiz")
    press(w, "stepForward")  # window (0, 0) asked: its max not shown, nor which cell wins
    x = w.pane.scene.grids["x:0"]
    assert [m[:5] for m in x.marks] == [(0, 0, 2, 2, 1)]
    press(w, "stepForward")  # revealed: the winner, 2 at (0, 1) of [[1, 2], [0, 1]], is tinted
    assert len(x.marks) == 2 and x.marks[1][:2] == (0, 1) and x.marks[1][5] not in ("focus", "backward")
