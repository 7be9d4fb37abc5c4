"""Finding a pane's diagram labels (every visible ``pyqtgraph.TextItem`` in the scenes of its
graphics views) and measuring them in view pixels: overlaps, clipping, heights."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QRectF
from PySide6.QtWidgets import QGraphicsView

SLACK = 1.0  # pixels two rects may share (antialiased edges), and may reach past a view


def _clip_rect(item, view: QGraphicsView) -> QRectF:
    """The view-pixel rect ``item`` is drawn within: the viewport, cut by every ancestor that clips
    its children (a ViewBox)."""
    rect = QRectF(view.viewport().rect())
    parent = item.parentItem()
    while parent is not None:
        if parent.flags() & parent.GraphicsItemFlag.ItemClipsChildrenToShape:
            rect = rect.intersected(view.mapFromScene(parent.sceneBoundingRect()).boundingRect().toRectF())
        parent = parent.parentItem()
    return rect


def labels(pane) -> list[tuple[str, QRectF, QRectF, QGraphicsView, float]]:
    """(text, view-pixel rect, the rect it may be drawn in, its view, its line height) of every
    visible diagram label."""
    found = []
    for view in pane.findChildren(QGraphicsView):
        if not view.isVisible() or view.scene() is None:
            continue
        for item in view.scene().items():
            if not isinstance(item, pg.TextItem) or not item.isVisible() or not item.textItem.toPlainText().strip():
                continue
            if not all(p.isVisible() for p in _ancestors(item)):
                continue
            item.updateTransform()
            item.updateTextPos()
            rect = view.mapFromScene(item.textItem.sceneBoundingRect()).boundingRect().toRectF()
            text = item.textItem.toPlainText()
            line = (rect.height() - 2 * item.textItem.document().documentMargin()) / (text.count("\n") + 1)
            found.append((text, rect, _clip_rect(item, view), view, line))
    return found


def _ancestors(item):
    p = item.parentItem()
    while p is not None:
        yield p
        p = p.parentItem()


def overlaps(found) -> list[tuple[str, str]]:
    """Pairs of labels in the same view whose rects overlap by more than SLACK pixels each way."""
    pairs = []
    for a in range(len(found)):
        ta, ra, _, va, _ = found[a]
        for b in range(a + 1, len(found)):
            tb, rb, _, vb, _ = found[b]
            if va is vb:
                i = ra.intersected(rb)
                if i.width() > SLACK and i.height() > SLACK:
                    pairs.append((ta, tb))
    return pairs


def clipped(found) -> list[str]:
    """Labels not wholly inside the rect they may be drawn in."""
    return [text for text, rect, clip, _, _ in found
            if rect.left() < clip.left() - SLACK or rect.top() < clip.top() - SLACK
            or rect.right() > clip.right() + SLACK or rect.bottom() > clip.bottom() + SLACK]


def median_height(found) -> float:
    """The median height in pixels of a label's line of text (its rect less the text item's
    margins, over its lines; 0 without labels)."""
    hs = sorted(line for *_, line in found)
    return hs[len(hs) // 2] if hs else 0.0
