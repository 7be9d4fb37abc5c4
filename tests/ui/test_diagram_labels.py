"""Every lab's main preset on a 1280×800 and a 1920×1080 screen at presenter scales 1×, 2×, 3×, at its
first, middle and last steps (and xor-mlp's mini-batch steps): no two visible diagram labels overlap,
none is clipped by its view, and the median label height grows with the scale: as a share of its
canvas everywhere, and about twice in pixels from 1× to 2× where the canvas has room — where the 2×
canvas is still tall enough for the size rule's 1× ceiling (so the canvas the presenter's bars leave
does not shrink the type). One window per screen and scale opens every preset in turn."""

import pytest

from ui.widgets.labels import MAX_PX, SHARE

from tests.ui.conftest import settle
from tests.ui.diagram_labels import clipped, labels, median_height, overlaps

PRESETS = {  # preset: extra steps (0-based) beyond the first, middle and last
    "seed-forward": (), "three-layer": (), "xor-mlp": (9, 14, 18, 22), "conv-padding": (), "pool-max": (),
    "lstm-basic": (), "optimizer-race": (), "apple-shopping": (), "logic-gates": (), "activations": (),
}
UNLABELLED = {"optimizer-race"}  # its map's text is the legend and the axes (labels only mark a divergence)
CELL_BOUND = {"lstm-basic"}  # most of its labels are table numbers, as large as their cells allow at any scale
CAPTION_BOUND = {"conv-padding"}  # grid captions: at most 0.6 of a cell, and its cells are fitted to the width
SCALES = (1.0, 2.0, 3.0)
ROOM = MAX_PX / SHARE  # pixels: a canvas this tall gives its labels the 1× ceiling, so 2× gives them twice it


def visit(window, preset):
    """(step, labels) at the preset's first, middle, last and extra steps."""
    window.open_source(preset)
    settle()
    n = len(window.state.timeline)
    for k in sorted({0, n // 2, n - 1, *PRESETS[preset]}):
        window.playhead.seek(k)
        settle()
        yield k, labels(window.pane)


@pytest.mark.parametrize("screen", [(1280, 800), (1920, 1080)], ids=["1280x800", "1920x1080"])
def test_labels_neither_overlap_nor_clip_and_grow_with_the_scale(open_at, screen):
    problems, medians = [], {}
    for scale in SCALES:
        window = open_at("seed-forward", screen, scale)
        for preset in PRESETS:
            heights, shares, canvases = [], [], []
            for k, found in visit(window, preset):
                if preset == "xor-mlp" and not window.pane.diagram.isVisible():
                    continue  # a projector's epoch step in presenter mode: the data plot and the curves instead
                assert found or preset in UNLABELLED, f"{preset} step {k}: no diagram labels found"
                heights.append(median_height(found))
                canvases.append(max((view.viewport().height() for *_, view, _ in found), default=1))
                shares.append(heights[-1] / canvases[-1])
                where = f"{preset} {scale:g}× step {k}"
                problems += [f"{where}: {a!r} overlaps {b!r}" for a, b in overlaps(found)]
                problems += [f"{where}: {t!r} is clipped" for t in clipped(found)]
            if heights:
                medians[preset, scale] = tuple(sorted(v)[len(v) // 2] for v in (heights, shares, canvases))
        window.close()
    assert not problems, "\n".join(problems[:20])
    roomy = []
    for preset in PRESETS.keys() - UNLABELLED - CELL_BOUND:
        (one, s1, _), (two, s2, canvas2), (three, s3, _) = (medians[preset, s] for s in SCALES)
        # type is sized from its canvas × the scale: its share of the canvas grows with the scale …
        assert s2 >= 1.25 * s1 and s3 >= s2, (preset, s1, s2, s3)
        if canvas2 >= ROOM and preset not in CAPTION_BOUND:  # … and where the canvas has room, its pixels double
            roomy.append(preset)
            assert two >= 1.8 * one, (preset, one, two, three)
    if screen == (1920, 1080):  # the big screen leaves most labs that room
        assert len(roomy) >= 5, roomy
