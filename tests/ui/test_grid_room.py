"""Grids fill the canvas they are drawn in: in presenter mode their cells and digits grow with the
room (issue 12: "convolution grids get smaller at 2× and vanish at 3×"), and the grids together
span most of the canvas."""

import pytest
from PySide6.QtCore import QPointF

from tests.ui.conftest import settle
from ui.widgets.grid import GridScene

GROWTH = {"conv-padding": 1.5, "pool-max": 1.5, "attention-tiny": 1.2}  # digits at 2× over 1×, at least
# attention-tiny's canvas is shorter at 2× than at 1× (570 → 464 pixels on 1280×800: the formula
# panel grows) and its eight rows of cells share it with three rows of captions: its digits grow by
# their share of the cell, not by larger cells.
STEP = {"conv-padding": 10, "pool-max": 5, "attention-tiny": 11}


def grid_room(window) -> tuple[int, float]:
    """The largest digits (pixels) the pane's grids draw, and the share of the canvas the grids
    span in its longer direction (their union's width or height over the canvas's)."""
    scene = window.pane.findChild(GridScene)
    digits, xs, ys = 0, [], []
    for grid in scene.grids.values():
        tr = grid.deviceTransform(scene.viewportTransform())
        h, w = grid.values.shape
        for corner in (tr.map(QPointF(0, 0)), tr.map(QPointF(w, h))):
            xs.append(corner.x())
            ys.append(corner.y())
        cw, ch = abs(tr.m11()), abs(tr.m22())
        if grid.shows_text(cw, ch) and any(t for row in grid.shown for t in row):
            digits = max(digits, grid.digits_font(cw, ch).pixelSize())
    return digits, max((max(xs) - min(xs)) / scene.width(), (max(ys) - min(ys)) / scene.height())


@pytest.mark.parametrize("screen", [(1280, 800), (1920, 1080)])
def test_grids_grow_with_the_presenter_scale_and_fill_the_canvas(open_at, screen):
    for preset, growth in GROWTH.items():
        room = {}
        for scale in (1.0, 2.0, 3.0) if screen == (1280, 800) else (1.0, 2.0):
            window = open_at(preset, screen, scale)
            window.playhead.seek(STEP[preset])
            settle()
            room[scale] = grid_room(window)
            window.close()
        (one, span1), (two, span2) = room[1.0], room[2.0]
        assert two >= growth * one, (preset, screen, room)
        assert min(span1, span2) >= 0.75, (preset, screen, room)
        if 3.0 in room:  # no smaller at 3× on a projector, and still filling it
            assert room[3.0][0] >= one and room[3.0][1] >= 0.75, (preset, room)
