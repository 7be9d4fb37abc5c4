"""The window fits the screen at every presenter scale: the diagram, the formula panel and the
transport stay on screen and usable; the settings panel folds into a drawer."""

import pytest
from PySide6.QtWidgets import QLabel, QSlider, QToolButton

from tests.ui.conftest import MAIN_PRESETS, SCALES, SCREENS, find, on_screen, settle, show_preset
from ui import style
from ui.language import set_language
from ui.panes import window_labs


def problems(w, screen) -> list[str]:
    """What does not fit or cannot be used in window ``w`` shown filling ``screen``."""
    W, H = screen
    found = []
    if w.size().toTuple() != screen:
        found.append(f"the window grew to {w.size().toTuple()}")
    hint = w.minimumSizeHint()
    if hint.width() > W or hint.height() > H:
        found.append(f"minimum size {hint.toTuple()}")
    for name in ("stepForward", "formulaPanel", "scrubber", "stepLabel"):
        if not on_screen(find(w, name), w):
            found.append(f"{name} off screen")
    forward = find(w, "stepForward", QToolButton)
    if min(forward.width(), forward.height()) < 24:
        found.append(f"stepForward {forward.size().toTuple()}")
    if find(w, "scrubber", QSlider).width() < 150:
        found.append("the scrubber is a dot")
    pane = w.pane
    if not on_screen(pane, w) or pane.width() < 0.9 * W or pane.height() < 0.3 * H:
        found.append(f"the canvas is {pane.size().toTuple()}")
    drawer = pane.drawer()
    if drawer is not None and drawer.objectName() == "drawer" and drawer.isVisible() and (  # wrapped by the window
            not on_screen(drawer, w) or drawer.widget().width() > drawer.viewport().width() + 1):
        found.append(f"the settings panel is cut: {drawer.widget().width()} px in {drawer.viewport().width()}")
    text = find(w, "formulaText", QLabel)
    if text.heightForWidth(text.width()) > text.height() or w.formula.height() > w.formulaScroll.viewport().height():
        found.append(f"the formula is cut: {w.formula.text()!r}")
    return found


def check_matrix(w, screens, scales) -> list[str]:
    """Every main preset at the first, middle and last step, at each scale on each screen (one
    window, moved between screens: each pane and timeline is built once)."""
    found = []
    for scale in scales:
        w.set_scale(scale)
        for screen in screens:
            w.resize(*screen)
            for preset in MAIN_PRESETS:
                show_preset(w, preset, paint=False)
                n = w.playhead.count
                for k in (0, n // 2, n - 1):
                    w.playhead.seek(k)
                    settle(paint=False)
                    found += [f"{screen} {scale}× {preset} step {k + 1}: {p}" for p in problems(w, screen)]
    return found


def test_every_lab_fits_both_screens_at_every_scale(open_at):
    w = open_at(MAIN_PRESETS[0], SCREENS[0])
    assert check_matrix(w, SCREENS, SCALES) == []


def test_korean_presenter_2x_fits_a_projector(open_at):
    set_language("ko")
    try:
        w = open_at(MAIN_PRESETS[0], (1280, 800))
        assert check_matrix(w, [(1280, 800)], [2.0]) == []
    finally:
        set_language("en")


def test_every_lab_folds_its_settings_at_3x_and_fits_with_them_open(open_at):
    w = open_at(MAIN_PRESETS[0], (1280, 800), 3.0)
    for lab in window_labs():  # each lab's default preset, labs to come included
        w.switch_lab(lab)
        settle(paint=False)
        drawer = w.pane.drawer()
        assert drawer is not None and drawer is w.pane.drawer(), lab  # found, and wrapped once
        assert not drawer.isVisible() and w.pane.width() > 1200, lab  # presenting: folded
        w.set_drawer(True)
        settle(paint=False)
        assert drawer.isVisible() and problems(w, (1280, 800)) == [], lab
        w.set_drawer(False)


@pytest.mark.parametrize("scale", SCALES)
def test_set_scale_before_the_first_show_leaves_the_diagram_its_room(open_at, scale):
    w = open_at("seed-forward", (1280, 800), scale)
    diagram = w.pane.diagram
    assert on_screen(diagram, w)
    assert diagram.width() > 0.5 * w.width()


def test_presenter_mode_folds_the_settings_into_a_drawer_and_remembers_it(open_at, qtbot):
    w = open_at("seed-forward", (1280, 800))
    toggle = find(w, "drawerToggle", QToolButton)
    assert w.drawerAction.shortcut().toString() == "F4" and w.drawerAction in w.menuBar().actions()[2].menu().actions()
    assert w.pane.drawer().isVisible() and toggle.isChecked()  # 1×: the settings show
    w.presenterAction.trigger()
    assert not w.pane.drawer().isVisible() and not toggle.isChecked()  # presenting: folded
    diagram_width = w.pane.diagram.width()
    toggle.click()
    settle()
    assert w.pane.drawer().isVisible() and w.pane.diagram.width() < diagram_width
    w.presenterAction.trigger()
    assert w.pane.drawer().isVisible()
    w.drawerAction.trigger()  # F4's action at 1×: folded, remembered apart from presenter mode
    assert not w.pane.drawer().isVisible()
    w.presenterAction.trigger()
    assert w.pane.drawer().isVisible()
    again = open_at("pool-max", (1280, 800))  # a new window remembers both
    assert style.scale() == 1.0 and not again.pane.drawer().isVisible()
    again.set_scale(2.0)
    assert again.pane.drawer().isVisible()


def test_the_formula_type_grows_with_the_screen_and_shrinks_to_fit_a_long_formula(open_at):
    small = open_at("seed-forward", (1280, 800))
    large = open_at("seed-forward", (1920, 1080))
    for w in (small, large):
        w.playhead.seek(1)
        settle()
    size = {w: find(w, "formulaText", QLabel).font().pointSizeF() for w in (small, large)}
    assert size[large] > 1.3 * size[small]
    w = open_at("optimizer-race", (1280, 800), 3.0)  # Adam's formula at 3×: the longest
    zooms = set()
    for k in range(w.playhead.count):
        w.playhead.seek(k)
        settle(paint=False)
        zooms.add(round(w.formula.zoom, 2))
        text = find(w, "formulaText", QLabel)
        assert text.heightForWidth(text.width()) <= text.height() <= w.formulaScroll.viewport().height()
    assert max(zooms) < 3.0  # six optimizers' updates in one formula: its type shrank to fit


def test_the_first_view_says_what_to_press(open_at):
    w = open_at("seed-forward", (1280, 800))
    text = find(w, "formulaText", QLabel)
    assert "Space" in text.text() and "12 steps" in text.text()
    assert on_screen(find(w, "formulaPanel"), w)
    assert text.heightForWidth(text.width()) <= text.height() and text.height() >= text.fontMetrics().height()


def test_the_transport_takes_a_second_row_rather_than_squeeze_the_scrubber(open_at):
    w = open_at("seed-forward", (1280, 800), 3.0)
    scrubber, forward = find(w, "scrubber", QSlider), find(w, "stepForward")
    assert scrubber.geometry().top() < forward.geometry().bottom() and scrubber.width() >= 200  # one row
    w.resize(1100, 800)
    settle(paint=False)
    assert w.width() == 1100 and scrubber.geometry().top() >= forward.geometry().bottom()  # a row of its own
    assert scrubber.width() > 0.8 * find(w, "transport").width()
