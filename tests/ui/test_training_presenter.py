"""The training lab on a 1280×800 projector at presenter 2× and 3×: one page of panels at a time,
chosen by the step (epoch: data and curves; mini-batch: the diagram) or by the panel bar; each
panel shown tall enough, the curves' tick labels apart; at 1× on 1920×1080 the 2×2 grid."""

import pytest
from PySide6.QtGui import QImage, QPainter

from tests.ui.conftest import settle



def tick_rects(axis):
    """The rectangles of an axis's tick labels as it would draw them now."""
    image = QImage(10, 10, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        specs = axis.generateDrawSpecs(painter)
    finally:
        painter.end()
    return [rect for rect, _flags, text in specs[2] if text]


def overlaps(rects):
    return [(a, b) for i, a in enumerate(rects) for b in rects[i + 1:] if a.intersects(b)]


def shown_panels(pane):
    return [w for w in (pane.dataView, pane.curvesView, pane.diagram, pane.tabs) if w.isVisible()]



@pytest.mark.parametrize("scale", [2.0, 3.0])
def test_presenter_pages_on_a_projector(open_at, scale):
    window = open_at("xor-mlp", (1280, 800), scale)
    for preset in ("xor-mlp", "digits-mlp"):
        if preset != "xor-mlp":
            assert window.open_source(preset), window.last_error
            settle()
        pane = window.pane
        steps = window.state.timeline.steps
        epoch = max(i for i, s in enumerate(steps) if s.phase == "epoch")
        batch = next(i for i, s in enumerate(steps) if s.phase not in ("epoch", "data"))
        window.playhead.seek(epoch)
        settle()
        assert pane.panelBar.isVisible() and pane.panelBar.currentIndex() == 0
        assert set(shown_panels(pane)) == {pane.dataView, pane.curvesView}
        assert all(w.height() >= 250 for w in shown_panels(pane)), [w.height() for w in shown_panels(pane)]
        if preset == "xor-mlp":
            assert pane.dataPlot.getViewBox().height() >= 150
            caption = pane.dataView.dataCaption
            assert caption.height() < 2.2 * caption.fontMetrics().height()  # one line, the plot keeps its room
            assert "after epoch" in caption.toolTip()
        else:
            assert pane.imageGrid.height() >= 200
        for plot in (pane.curvesView.lossPlot, pane.curvesView.accPlot):
            for side in ("left", "bottom"):
                rects = tick_rects(plot.getAxis(side))
                assert len(rects) >= 2 and not overlaps(rects), (preset, side, rects)
        # the histograms stay a click away; the next epoch step keeps the page picked
        pane.panelBar.tabBarClicked.emit(2)
        pane.panelBar.setCurrentIndex(2)
        window.playhead.seek(epoch - 1)
        settle()
        assert shown_panels(pane) == [pane.tabs] and pane.tabs.height() >= 250
        window.playhead.seek(batch)
        settle()
        assert shown_panels(pane) == [pane.diagram] and pane.diagram.height() >= 250
        assert pane.panelBar.currentIndex() == 1
        window.playhead.seek(epoch)
        settle()
        assert set(shown_panels(pane)) == {pane.dataView, pane.curvesView}  # another kind of step: its own page


def test_the_grid_stays_at_1x_on_a_monitor(open_at):
    window = open_at("xor-mlp", (1920, 1080), 1.0)
    pane = window.pane
    window.playhead.seek(len(window.state.timeline.steps) - 1)
    settle()
    assert not pane.panelBar.isVisible()
    assert set(shown_panels(pane)) == {pane.dataView, pane.curvesView, pane.diagram, pane.tabs}
    d, c, n, t = (w.geometry() for w in (pane.dataView, pane.curvesView, pane.diagram, pane.tabs))
    assert d.top() == c.top() and n.top() == t.top() > d.bottom() and d.left() == n.left() < c.left() == t.left()
    assert pane.dataView.dataCaption.wordWrap()
