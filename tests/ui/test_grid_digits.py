"""Grid cells write their numbers as the formula does (the one formatter, in full): cells widen
where the view has room, type shrinks to a floor, and a number that still cannot fit is left out
of its cell and told by the cell's tooltip — never rounded further."""

import numpy as np
from PySide6.QtCore import QPointF

from tests.ui.conftest import formula, settle
from ui.widgets.grid import GridScene


def test_a_score_cell_shows_the_formulas_number_in_full_at_2x(open_at):
    window = open_at("attention-tiny", (1280, 800), 2.0)
    k = next(i for i, s in enumerate(window.state.timeline.steps) if s.formula.startswith("s₁₃"))
    window.playhead.seek(k)
    settle()
    assert "= 0.7071" in formula(window)
    scene = window.pane.scene
    assert scene.vb.state["aspectLocked"] > 1.0  # its cells widened for the four decimals
    assert scene.grids["S:1:1"].shown[0] == ["0.7071", "0", "0.7071"]


class Hover:
    """A pointer resting over a point of an item."""

    def __init__(self, x, y):
        self.at = QPointF(x, y)

    def isExit(self):
        return False

    def pos(self):
        return self.at


def test_a_number_too_wide_for_its_cell_is_left_out_and_told_by_its_tooltip(qtbot):
    scene = GridScene("narrow")
    qtbot.addWidget(scene)
    grid = scene.add("g", "", 0, 0)
    grid.set_values(np.array([[-0.123456, 1.0, 2.5, 0.25, 7.0, 3.0, 1.5, 2.0]]))
    scene.resize(380, 70)  # little room across: cells under 45 pixels wide
    scene.show()
    scene.fit(8, 1, top_margin=0.0)
    settle()
    assert grid.text_grid()[0][:4] == ["−0.1235", "1", "2.5", "0.25"]
    tr = grid.deviceTransform(scene.viewportTransform())
    assert 20 < abs(tr.m22()) <= tr.m11() < 45  # widened only as far as the view has room
    shown = grid.shown[0]
    assert shown[0] == "" and shown[1:4] == ["1", "2.5", "0.25"]  # not "−0.12": left out instead
    grid.hoverEvent(Hover(0.5, 0.5))
    assert grid.toolTip() == "−0.1235"
    grid.hoverEvent(Hover(2.5, 0.5))
    assert grid.toolTip() == "2.5"
