"""The window fits the screen at every presenter scale: the diagram, the formula panel and the
transport stay on screen and usable."""

import pytest

from tests.ui.conftest import SCALES, on_screen


@pytest.mark.parametrize("scale", SCALES)
def test_set_scale_before_the_first_show_leaves_the_diagram_its_room(open_at, scale):
    w = open_at("seed-forward", (1280, 800), scale)
    diagram = w.pane.diagram
    assert on_screen(diagram, w)
    assert diagram.width() > 0.5 * w.width()
