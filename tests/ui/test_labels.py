"""The shared label placement (ui/widgets/labels.py) alone: sizes from the canvas × scale, no
overlaps, nothing outside the bounds, the focused label first, shorter forms, left out last."""

import pytest
from PySide6.QtCore import QRectF

from ui.widgets.labels import GAP, Label, measure, place, px_font, text_px

RIGHT, LEFT, ABOVE = (0.0, 0.5, 10, 0), (1.0, 0.5, -10, 0), (0.5, 1.0, 0, -10)


def rect(p):
    return QRectF(p.left, p.top, p.width, p.height)


def test_text_size_follows_the_canvas_and_the_presenter_scale(qtbot, presenter):
    assert text_px(300) == 12.0  # small canvas: the floor
    assert text_px(500) == pytest.approx(0.03 * 500)  # a laptop's canvas: 3 % of its height
    assert text_px(850) == 18.0  # a 1920×1080 canvas: the ceiling (2.1 % of its height)
    presenter(2.0)
    assert text_px(500) == pytest.approx(2 * 0.03 * 500)
    assert text_px(650) == 36.0  # 1920×1080 at 2×: the canvas is shorter, the type twice the 1× one
    assert text_px(150) == pytest.approx(0.065 * 2 * 150)  # never more than 6.5 % × scale of the canvas
    presenter(3.0)
    assert text_px(500) == pytest.approx(3 * 0.03 * 500)


def test_measure_matches_the_text_item(qtbot):
    import pyqtgraph as pg
    f = px_font(17, bold=True)
    for text in ("0.5", "b 0.2  Σ 0.6963\ny 0.6963  δ 0.6963", "입력 (2)"):
        item = pg.TextItem(text)
        item.setFont(f)
        r = item.textItem.boundingRect()
        w, h = measure(text, f)
        assert r.width() <= w <= r.width() + 2 and h == r.height()


def test_labels_never_overlap_nor_leave_the_bounds(qtbot):
    f = px_font(14)
    bounds = QRectF(0, 0, 300, 200)
    labels = [Label(i, (f"label {i} = 0.{i}",), (150, 100), (RIGHT, LEFT, ABOVE, (0.5, 0.0, 0, 10)), f)
              for i in range(8)]
    placed = place(labels, bounds)
    assert 0 < len(placed) < 8  # four spots round one point: some are left out
    for a in placed:
        assert bounds.contains(rect(a))
        for b in placed:
            if a is not b:
                assert not rect(a).adjusted(-GAP / 2, -GAP / 2, GAP / 2, GAP / 2).intersects(rect(b))


def test_the_focused_label_wins_and_the_other_moves_aside(qtbot):
    f = px_font(14)
    bounds = QRectF(0, 0, 400, 200)
    other = Label("other", ("Σ 1.05",), (200, 100), (RIGHT, LEFT), f, priority=0)
    focus = Label("focus", ("δ 0.125",), (200, 100), (RIGHT, LEFT), f, priority=10)
    placed = {p.key: p for p in place([other, focus], bounds)}
    assert placed["focus"].left == pytest.approx(210)  # its first spot
    assert placed["other"].left + placed["other"].width == pytest.approx(190)  # the second: left of the point


def test_a_label_shortens_before_it_is_left_out(qtbot):
    f = px_font(14)
    full, short = "b 0.2  Σ 0.6963  y 0.6963", "δ 0.6963"
    width = measure(short, f)[0] + 20
    placed = place([Label("n", (full, short), (10, 50), (RIGHT,), f)], QRectF(0, 0, width, 100))
    assert [p.text for p in placed] == [short]  # the whole text never clipped: the shorter form
    assert place([Label("n", (full,), (10, 50), (RIGHT,), f)], QRectF(0, 0, width, 100)) == []


def test_obstacles_are_avoided(qtbot):
    f = px_font(14)
    node = [(5, 40, 60, 60)]  # a node disc's box right of the point
    high = (0.5, 1.0, 0, -15)
    placed = place([Label("n", ("0.5",), (0, 50), (RIGHT, high), f)], QRectF(-50, 0, 200, 100), node)
    assert placed and placed[0].top + placed[0].height == pytest.approx(35)  # moved above: right is taken
