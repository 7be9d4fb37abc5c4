"""Training as a live show (issue 14): a paced run whose diagram and histograms move, paused and
stepped one epoch; every element moving in each frame of a full-speed run; quiz mode hiding the
next epoch's loss; the finished run as the transport's timeline (stepping keeps the trained
weights, scrubbing shows each epoch's loss, play replays its epochs); reset to the seeded initial
weights; a diverging run; the narrated steps and the side panel in presenter mode."""

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QPushButton, QToolButton

from nnlab.io import load_weights
from nnlab.labs import training as T
from nnlab.formulas import num
from nnlab.presets import load_preset
from ui.app import build_window, close_window
from tests.ui.conftest import settle
from tests.ui.test_training_pane import find, make_pane, wait_done  # noqa: F401  (make_pane: a fixture)


def window_with(qtbot, **changes):
    window = build_window(source="xor-mlp")
    window.show()
    pane = find(window, "training")
    if changes:
        pane.edit(**changes)
        qtbot.waitUntil(lambda: all(getattr(pane.config, k) == v for k, v in changes.items()), timeout=20000)
    return window, pane


def test_paced_run_moves_diagram_and_histograms_and_steps_one_epoch(make_pane, qtbot):
    pane = make_pane(load_preset("xor-mlp").config)
    box = find(pane, "paceBox", QComboBox)
    box.setCurrentIndex(box.findData(10))  # 10 epochs a second
    pane.train()
    qtbot.waitUntil(lambda: pane.live["epoch"] >= 2 and len(pane.diagram.weights) > 0, timeout=10000)
    weights, hist = pane.diagram._w.copy(), np.concatenate(pane.histograms.data(0, 0))
    epoch = pane.live["epoch"]
    qtbot.waitUntil(lambda: not np.array_equal(pane.diagram._w, weights), timeout=5000)
    assert not np.array_equal(np.concatenate(pane.histograms.data(0, 0)), hist)  # edges or counts: same payload
    assert pane.live["epoch"] - epoch <= 15  # ~1 s at 10 epochs a second, not hundreds
    qtbot.mouseClick(find(pane, "pauseButton", QPushButton), Qt.MouseButton.LeftButton)
    qtbot.wait(400)
    paused = pane.live["epoch"]
    qtbot.mouseClick(find(pane, "epochButton", QPushButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: pane.live["epoch"] == paused + 1, timeout=5000)
    qtbot.wait(400)
    assert pane.live["epoch"] == paused + 1 and pane.is_running()  # one epoch, then paused again
    pane.cancel()


def test_finished_run_is_the_transports_timeline_and_reset_restores_the_seed(qtbot):
    window, pane = window_with(qtbot)
    try:
        pane.train()
        wait_done(qtbot, pane)
        trained = pane.result.model.params
        last = pane.epoch_step(1000)
        assert window.playhead.index == pane.k == last
        np.testing.assert_allclose(pane.diagram.weights[0], trained["W1"], rtol=1e-12)
        qtbot.mouseClick(find(window, "stepForward", QToolButton), Qt.MouseButton.LeftButton)  # → keeps the run
        np.testing.assert_allclose(pane.diagram.weights[0], trained["W1"], rtol=1e-12)
        assert "after epoch 1000" in pane.dataView.dataCaption.text()
        # scrubbing back to epoch k: that epoch's loss in the formula panel, its weights and curve
        k = pane.epoch_step(500)
        window.transport.scrubber.setValue(k)
        epoch = int(pane.timeline.steps[k].values["epoch"])
        assert epoch == 500 and pane.k == k
        assert f"loss = {num(pane.result.history[epoch - 1]['loss'])}" in find(window, "formulaPanel").text()
        assert len(pane.curves["loss"].xData) == epoch
        np.testing.assert_allclose(pane.diagram.weights[0], pane.timeline.state_at(k)["params:W1"], rtol=1e-12)
        # reset: the seeded initial weights, and it says so
        qtbot.mouseClick(find(pane, "resetButton", QPushButton), Qt.MouseButton.LeftButton)
        initial = T.make_model(pane.config, T.prepare(pane.config)).params
        np.testing.assert_array_equal(pane.diagram.weights[0], initial["W1"])
        assert find(pane, "runStatus", QLabel).text() == f"reset to the initial weights (seed {pane.config.seed})"
    finally:
        close_window(window)


def test_diverging_run_names_its_epoch_and_keeps_finite_weights(qtbot, tmp_path):
    window, pane = window_with(qtbot, output="identity", lr=50.0)
    try:
        pane.train()
        wait_done(qtbot, pane)
        status = find(pane, "runStatus", QLabel).text()
        assert status == "diverged in epoch 91: the loss became ∞; kept the weights of epoch 90"
        kept = pane.result.model.params
        assert len(pane.result.history) == 90 and all(np.all(np.isfinite(v)) for v in kept.values())
        np.testing.assert_allclose(pane.diagram.weights[0], kept["W1"], rtol=1e-12)  # on screen
        pane.export_weights(tmp_path / "kept.npz")  # and exportable
        np.testing.assert_allclose(load_weights(tmp_path / "kept.npz").params["W1"], kept["W1"], rtol=1e-12)
    finally:
        close_window(window)


def test_the_transports_play_pause_holds_and_resumes_a_live_run(qtbot):
    window, pane = window_with(qtbot)
    try:
        find(pane, "paceBox", QComboBox).setCurrentIndex(find(pane, "paceBox", QComboBox).findData(20))
        pane.train()
        qtbot.waitUntil(lambda: pane.live["epoch"] >= 12, timeout=10000)
        window.playhead.toggle()  # Space
        assert pane._worker.control.paused and not window.playhead.playing
        qtbot.wait(300)
        held = pane.live["epoch"]
        qtbot.wait(300)
        assert pane.live["epoch"] == held  # held, and the scrubber on the run's epoch (not sent to the start)
        assert pane.epoch_step(10) <= window.playhead.index <= pane.epoch_step(held)
        window.playhead.toggle()
        assert not pane._worker.control.paused
        qtbot.waitUntil(lambda: pane.live["epoch"] > held + 2, timeout=5000)
        pane.cancel()
    finally:
        close_window(window)


def test_each_frame_of_a_fast_run_moves_every_element_and_the_formula_names_the_epoch(qtbot):
    window, pane = window_with(qtbot)
    try:
        find(pane, "paceBox", QComboBox).setCurrentIndex(find(pane, "paceBox", QComboBox).findData(50))  # 20 s
        frames = []
        draw = pane._draw_frame

        def frame():
            drawn = len(pane.frame_times)
            draw()
            if len(pane.frame_times) > drawn:  # a frame was drawn (not one already drawn at the run's end)
                    frames.append((pane.diagram._w.copy(), np.concatenate(pane.histograms.data(0, 0)),
                               find(window, "formulaPanel").text(), pane.live["row"], len(pane.curves["loss"].xData)))

        pane._draw_frame = frame  # the frame the pane posts (looked up when posted)
        pane.train()
        qtbot.waitUntil(lambda: len(frames) >= 3 or not pane.is_running(), timeout=15000)
        pane.cancel()
        assert len(frames) >= 3
        (w1, h1, f1, r1, n1), (w2, h2, f2, r2, n2) = frames[1], frames[2]
        assert not np.array_equal(w1, w2) and not np.array_equal(h1, h2) and n2 > n1  # diagram, histograms, curves
        assert f2 == f"Epoch {r2['epoch']} of 1000\nloss = {num(r2['loss'])}, accuracy = {r2['acc']:.1%}" != f1
        assert pane.live["history"][int(r2["epoch"]) - 1, 1] == r2["loss"]  # the curves' last point is the row's
    finally:
        close_window(window)


def test_quiz_mode_hides_the_next_epochs_loss_live_and_when_stepping(qtbot):
    window, pane = window_with(qtbot)
    try:
        window.set_quiz(True)
        k = pane.epoch_step(50)
        window.playhead.seek(k - 1)
        window.playhead.forward()  # an epoch step, its result hidden
        loss = pane.timeline.steps[k].values["history"][-1, 1]
        text = find(window, "formulaPanel").text()
        assert "loss = ?, accuracy = ?" in text and num(loss) not in text
        window.playhead.forward()  # revealed
        assert f"loss = {num(loss)}" in find(window, "formulaPanel").text()
        find(pane, "paceBox", QComboBox).setCurrentIndex(find(pane, "paceBox", QComboBox).findData(10))
        pane.train()
        qtbot.waitUntil(lambda: "row" in pane.live and pane.live["row"]["epoch"] >= 2, timeout=10000)
        pane.pause()
        qtbot.wait(200)
        row = pane.live["row"]
        e = row["epoch"]
        assert find(window, "formulaPanel").text() == (
            f"Epoch {e + 1} of 1000 — what will the loss be?\n"
            f"epoch {e}: loss = {num(row['loss'])}, accuracy = {row['acc']:.1%}\nepoch {e + 1}: loss = ?")
        pane.cancel()
    finally:
        close_window(window)


def test_play_after_a_finished_run_replays_its_epochs_and_keeps_the_trained_weights(qtbot):
    window, pane = window_with(qtbot)
    try:
        pane.train()
        wait_done(qtbot, pane)
        trained = pane.result.model.params["W1"].copy()
        assert window.playhead.index == len(pane.timeline) - 1
        window.playhead.play()
        first = next(i for i, s in enumerate(pane.timeline.steps) if s.phase == "epoch")
        assert window.playhead.playing and window.playhead.index == first  # the run's first epoch, not the mini-batch
        np.testing.assert_allclose(pane.diagram.weights[0], pane.timeline.state_at(first)["params:W1"], rtol=1e-12)
        window.playhead.pause()
        window.playhead.last()
        np.testing.assert_allclose(pane.diagram.weights[0], trained, rtol=1e-12)
        np.testing.assert_array_equal(pane.current_model()[0].params["W1"], trained)
    finally:
        close_window(window)


@pytest.mark.parametrize("scale", [2.0, 3.0])
def test_presenter_mode_gives_the_narrated_step_the_canvas_and_the_panel_clips_nothing(open_at, scale):
    window = open_at("xor-mlp", (1280, 800), scale)
    pane = window.pane
    window.playhead.seek(18)  # step 19: layer 1's gradients, narrated on the diagram
    settle()
    assert not pane.dataView.isVisible() and not pane.tabs.isVisible()
    assert pane.diagram.height() >= 0.45 * window.height() and pane.diagram.width() >= 0.9 * window.width()
    focused = [key for key in pane.diagram.labels if key[0] == "edge"]
    assert focused  # the focused weight's gradient is labelled
    window.playhead.seek(pane.epoch_step(100))  # an epoch: the data plot and the curves, the tabs a click away
    settle()
    assert pane.dataView.isVisible() and pane.curvesView.isVisible() and not pane.diagram.isVisible()
    assert pane.panelBar.isVisible() and not pane.tabs.isVisible()
    window.set_drawer(True)
    settle()
    widths = set()
    for k in (-1, 18, pane.epoch_step(100)):
        window.playhead.seek(k)
        settle()
        widths.add(pane.scroll.width())
        for button in pane.controls.findChildren(QPushButton):  # every button's text fits it
            assert button.width() >= button.sizeHint().width(), button.objectName()
    assert len(widths) == 1  # the panel keeps its width from step to step
