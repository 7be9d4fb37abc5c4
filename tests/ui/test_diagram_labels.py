"""Every lab's main preset on a 1280×800 and a 1920×1080 screen at presenter scales 1×, 2×, 3×, at its
first, middle and last steps (and xor-mlp's mini-batch steps): no two visible diagram labels overlap,
none is clipped by its view, and the median label height grows with the scale. One window per
screen and scale opens every preset in turn."""

import pytest

from tests.ui.conftest import settle
from tests.ui.diagram_labels import clipped, labels, median_height, overlaps

PRESETS = {  # preset: extra steps (0-based) beyond the first, middle and last
    "seed-forward": (), "three-layer": (), "xor-mlp": (9, 14, 18, 22),
}
SCALES = (1.0, 2.0, 3.0)


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
            heights = []
            for k, found in visit(window, preset):
                assert found, f"{preset} step {k}: no diagram labels found"
                heights.append(median_height(found))
                where = f"{preset} {scale:g}× step {k}"
                problems += [f"{where}: {a!r} overlaps {b!r}" for a, b in overlaps(found)]
                problems += [f"{where}: {t!r} is clipped" for t in clipped(found)]
            medians[preset, scale] = sorted(heights)[len(heights) // 2]
        window.close()
    assert not problems, "\n".join(problems[:20])
    for preset in PRESETS:
        one, two, three = (medians[preset, s] for s in SCALES)
        assert two >= 1.5 * one and three >= two, (preset, one, two, three)
