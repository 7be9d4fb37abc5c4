"""The training lab's test-image grid: captions under their images, never on an image or on
another caption, at least 12 px, in the views presenter mode gives it (issue 12)."""

import numpy as np
import pytest
from PySide6.QtCore import QRectF

from tests.ui.conftest import settle
from ui.widgets.plots_images import ImageGrid


def rects(grid: ImageGrid):
    """(captions, images, the view) as rects in scene pixels."""
    vb = grid.getViewBox()
    captions = [item.textItem.sceneBoundingRect() for item in grid.labels
                if item.isVisible() and item.textItem.toPlainText()]
    images = [vb.mapViewToScene(QRectF(x0, y0, 8, 8)).boundingRect() for x0, y0 in grid.positions]
    return captions, images, vb.sceneBoundingRect()


@pytest.mark.parametrize("size, scale, shown", [((630, 160), 2.0, True), ((760, 300), 1.0, True),
                                                 ((630, 65), 3.0, False)])
def test_captions_never_overlap(qtbot, presenter, size, scale, shown):
    presenter(scale)
    grid = ImageGrid()
    qtbot.addWidget(grid)
    grid.resize(*size)
    grid.show()
    settle()
    images = np.random.default_rng(0).random((32, 8, 8))
    truth = np.arange(32) % 10
    predicted = truth.copy()
    predicted[[3, 11, 20]] = [1, 7, 0]  # three wrong: "1 ≠ 3" captions, the widest
    grid.set_images(images, predicted, truth, [str(d) for d in range(10)])
    settle()
    captions, boxes, view = rects(grid)
    assert len(captions) == (32 if shown else 0)  # too small a view: no captions rather than overlapping ones
    for i, c in enumerate(captions):
        assert view.contains(c) and not any(c.intersects(b) for b in boxes), grid.texts[i]
        assert not any(c.intersects(d) for d in captions[i + 1:]), grid.texts[i]
    if shown:
        assert min(item.textItem.font().pixelSize() for item in grid.labels) >= 12
        assert "1 ≠ 3" in grid.texts
