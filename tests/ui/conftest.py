"""What the window and pane tests share: windows opened from a preset or file (opened fully
before the test reads them, closed after it), a pane on a preset that rebuilds its timeline as
the window does, presenter mode undone after the test, and finding widgets by objectName."""

import pytest
from PySide6.QtCore import QEvent, QPoint, QRect, QSettings, Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QToolButton, QWidget

from nnlab.labs import lab_module
from nnlab.presets import load_preset, preset_index
from ui import style
from ui.app import MainWindow, build_window, close_window


@pytest.fixture(autouse=True)
def opens_wait_for_their_timeline(monkeypatch):
    """A window opens its lab fully before ``open_source``/``build_window`` return, however loaded
    the machine: tests read the lab right after opening it. (The window's own default lets a slow
    timeline finish in the background; tests/ui/test_open.py tests that.)"""
    monkeypatch.setattr(MainWindow, "open_wait_ms", 600_000.0)


@pytest.fixture
def open_window(qtbot):
    """``open_window(source, size=None)``: a shown window on a preset name or ``.nnlab`` path
    (resized first when ``size`` is given); every window it opened is closed after the test."""
    windows = []

    def make(source, size=None):
        w = build_window(source=source)
        if size is not None:
            w.resize(*size)
        w.show()
        windows.append(w)
        return w

    yield make
    for w in windows:
        close_window(w)


SCREENS = ((1280, 800), (1920, 1080))  # a classroom projector and a common monitor
SCALES = (1.0, 2.0, 3.0)
MAIN_PRESETS = ("seed-forward", "three-layer", "xor-mlp", "conv-padding", "pool-max", "lstm-basic",
                "optimizer-race", "apple-shopping", "logic-gates", "activations")  # each lab's main preset


@pytest.fixture
def open_at(qtbot):
    """``open_at(source, screen=(1280, 800), scale=1.0)``: a window on a preset or file, its
    presenter scale set before it is first shown (as a remembered setting does), then shown filling
    ``screen`` as a maximised window would. Closed after the test, with the 1× look and the
    remembered view settings restored.
    Switch presets with ``window.open_source(name)`` and steps with ``window.playhead.seek(k)``,
    then ``settle()``."""
    windows = []

    def make(source, screen=(1280, 800), scale=1.0):
        w = build_window(source=source)
        windows.append(w)
        w.set_scale(scale)
        w.resize(*screen)
        w.show()
        settle()
        return w

    settings = QSettings("nnlab", "nnlab")
    kept = {key: settings.value(key) for key in settings.allKeys() if key.startswith("view/")}
    yield make
    for w in windows:
        w.set_scale(1.0)
        close_window(w)
    for key in settings.allKeys():
        if key.startswith("view/") and key not in kept:
            settings.remove(key)
    for key, value in kept.items():
        settings.setValue(key, value)


def show_preset(window, name: str, paint: bool = True) -> None:
    """Show preset ``name``: its lab as the window holds it if that lab came from ``name`` (no
    rebuild, fast), else opened afresh; then ``settle(paint)``."""
    lab = next(info.lab for info in preset_index() if info.name == name)
    state = window.labs.get(lab)
    if state is not None and state.preset == name:
        window.switch_lab(lab)
    else:
        assert window.open_source(name), window.last_error
    settle(paint)


def settle(paint: bool = True) -> None:
    """Let pending layouts (and, with ``paint``, repaints) finish: a layout can post another
    while it is handled. Geometry checks need no repaint; pyqtgraph items take their final place
    as their view is painted."""
    for _ in range(3):
        if paint:
            QApplication.sendPostedEvents(None, 0)
            QApplication.processEvents()
        else:
            QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)


def rect_in(w: QWidget, top: QWidget) -> QRect:
    """``w``'s rectangle in ``top``'s coordinates."""
    return QRect(w.mapTo(top, QPoint(0, 0)), w.size())


def on_screen(w: QWidget, window: QWidget) -> bool:
    """``w`` is visible and lies wholly inside ``window`` (and inside every scroll area around it)."""
    if not w.isVisible() or not window.rect().contains(rect_in(w, window)):
        return False
    parent = w.parentWidget()
    while parent is not None and parent is not window:
        if not rect_in(parent, window).contains(rect_in(w, window)):
            return False
        parent = parent.parentWidget()
    return True


@pytest.fixture
def open_pane(qtbot):
    """``open_pane(pane_class, preset)``: a shown 1280×560 pane at step -1 of the preset; an
    edit rebuilds the timeline and redraws step k, as the window does."""

    def make(pane_class, preset):
        p = pane_class()
        qtbot.addWidget(p)
        build_timeline = lab_module(p.lab).build_timeline
        p.configEdited.connect(lambda c: (p.set_timeline(c, build_timeline(c)), p.show_step(p.k)))
        cfg = load_preset(preset).config
        p.set_timeline(cfg, build_timeline(cfg))
        p.resize(1280, 560)
        p.show()
        p.show_step(-1)
        return p

    return make


@pytest.fixture
def presenter():
    """``presenter(scale=2.0, theme=None)``: presenter scale (and a theme) for this test; the
    default look (1×, light) comes back after it."""

    def switch(scale=2.0, theme=None):
        style.set_scale(scale)
        if theme is not None:
            style.set_theme(theme)

    yield switch
    style.set_scale(1.0)
    style.set_theme("light")


def find(w, name, cls=QWidget):
    """The child of ``w`` named ``name`` (failing the test if there is none)."""
    found = w.findChild(cls, name)
    assert found is not None, name
    return found


def formula(w):
    """The window's formula panel text: the step's title and formula, one per line."""
    return find(w, "formulaPanel").text()


def step(w, qtbot, n=1):
    """Press the window's step-forward button n times."""
    for _ in range(n):
        qtbot.mouseClick(find(w, "stepForward", QToolButton), Qt.MouseButton.LeftButton)


def type_into(field: QLineEdit, text: str) -> None:
    """Type ``text`` into a line edit and finish editing, as leaving the field does."""
    field.setText(text)
    field.editingFinished.emit()
