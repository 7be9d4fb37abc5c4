"""Opening a lab never freezes the window: a slow timeline (digits-mlp's training run) builds in
the background while the window shows what it showed, with a busy bar and Cancel on the
transport; the steps arrive when it is done, and Cancel keeps the window as it was."""

from PySide6.QtWidgets import QComboBox, QProgressBar, QPushButton, QWidget

from ui.app import MainWindow, build_window, close_window

SLOW = "digits-mlp"  # a training lab: its timeline takes a training run to build


def busy_on_transport(w) -> bool:
    transport = w.findChild(QWidget, "transport")
    bar, cancel = w.findChild(QProgressBar, "rebuildProgress"), w.findChild(QPushButton, "rebuildCancel")
    return (bar.isVisible() and cancel.isVisible() and transport.isAncestorOf(bar)
            and transport.isAncestorOf(cancel))


def test_a_slow_preset_opens_in_the_background_then_its_steps_arrive(open_window, qtbot):
    w = open_window("seed-forward")
    w.open_wait_ms = 0.0  # no waiting: the window's way with a build slower than its wait
    network = w.state
    assert w.open_source(SLOW)
    assert w.rebuilder.busy() and busy_on_transport(w)
    assert w.lab == "network" and w.state is network and w.playhead.count == 12  # still usable meanwhile
    w.playhead.forward()
    assert "= 1.05" in w.formula.text()
    qtbot.waitUntil(lambda: not w.rebuilder.busy(), timeout=60_000)
    assert w.lab == "training" and w.state.preset == SLOW
    assert w.playhead.count == len(w.state.timeline) == 44 and w.playhead.index == -1
    assert not w.findChild(QProgressBar, "rebuildProgress").isVisible()
    assert w.findChild(QWidget, "training").isEnabled()
    assert w.messageLabel.text() == f"Opened {SLOW}"
    w.switch_lab("network")
    assert w.state is network  # the other lab kept as it was left


def test_cancelling_an_open_keeps_the_lab_on_screen(open_window, qtbot):
    w = open_window("seed-forward")
    w.open_wait_ms = 0.0
    network, timeline = w.state, w.state.timeline
    w.playhead.seek(2)
    labs = w.findChild(QComboBox, "labSelector")
    labs.setCurrentIndex(labs.findData("training"))
    labs.activated.emit(labs.currentIndex())  # the training lab's first preset, xor-mlp, a training run
    assert w.rebuilder.busy() and busy_on_transport(w)
    w.findChild(QPushButton, "rebuildCancel").click()
    assert not busy_on_transport(w)
    assert w.findChild(QWidget, "network").isEnabled()
    assert w.messageLabel.text() == "Opening xor-mlp was cancelled"
    qtbot.waitUntil(lambda: not w.rebuilder.busy(), timeout=60_000)  # the abandoned build ends unseen
    qtbot.wait(50)
    assert w.lab == "network" and w.state is network and w.state.timeline is timeline
    assert "training" not in w.labs and w.playhead.index == 2
    assert labs.currentData() == "network"
    assert w.findChild(QComboBox, "presetSelector").currentData() == "seed-forward"


def test_a_window_opened_on_a_slow_preset_shows_at_once(qtbot, monkeypatch):
    monkeypatch.setattr(MainWindow, "open_wait_ms", 0.0)
    w = build_window(source=SLOW, wait=False)  # as `nnlab open digits-mlp` does
    try:
        w.show()
        assert w.state is None and busy_on_transport(w) and w.labSelector.currentData() == "training"
        assert f"Opening {SLOW}" in w.formula.text() and f"Opening {SLOW}" in w.messageLabel.text()
        qtbot.waitUntil(lambda: w.state is not None, timeout=60_000)
        assert w.lab == "training" and w.state.preset == SLOW and w.playhead.count == 44
        assert "Press Space" in w.formula.text()
    finally:
        close_window(w)


def test_the_computing_message_goes_when_the_build_is_done(open_window, qtbot):
    w = open_window("seed-forward")
    w.state.build_ms = 1e9  # this lab's builds count as slow: an edit rebuilds in the background
    w.apply_config("network", w.state.file.config)
    assert w.rebuilder.busy() and w.messageLabel.text() == "Computing the new timeline…"
    qtbot.waitUntil(lambda: not w.rebuilder.busy(), timeout=60_000)
    qtbot.waitUntil(lambda: w.messageLabel.text() == "", timeout=5_000)
    assert w.playhead.count == 12


def test_the_opening_note_gives_way_when_the_lab_has_opened(open_window, qtbot):
    w = open_window("seed-forward")
    w.open_wait_ms = 0.0
    labs = w.findChild(QComboBox, "labSelector")
    labs.setCurrentIndex(labs.findData("training"))
    labs.activated.emit(labs.currentIndex())
    assert w.messageLabel.text() == "Opening xor-mlp: building its timeline…"
    qtbot.waitUntil(lambda: w.lab == "training", timeout=60_000)
    assert w.messageLabel.text() == "Opened xor-mlp"
