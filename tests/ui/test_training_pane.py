"""The training pane: drawing the timeline, a live run in the worker (start, pause, resume,
cancel), curves gaining points, divergence reported, weights export → import, point editing,
hidden-node maps, and the window (transport + formula panel)."""

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QProgressBar, QPushButton, QToolButton, QWidget

from nnlab.io import load_weights
from nnlab.labs import training as T
from nnlab.presets import load_preset
from ui.app import build_window, close_window
from ui.panes.training import Pane
from ui.widgets.fields import NumberField


def find(w, name, cls=QWidget):
    found = w.findChild(cls, name)
    assert found is not None, name
    return found


def config_of(name, **changes):
    config = load_preset(name).config
    return T.Config.from_dict({**config.to_dict(), **changes}) if changes else config


@pytest.fixture
def make_pane(qtbot):
    panes = []

    def make(config):
        p = Pane()
        qtbot.addWidget(p)
        p.resize(1280, 560)
        p.show()
        p.set_timeline(config, T.build_timeline(config))
        p.configEdited.connect(lambda c, p=p: p.set_timeline(c, T.build_timeline(c)))  # what the window does
        panes.append(p)
        return p

    yield make
    for p in panes:
        p.cancel()


def n_points(curve) -> int:
    """Points in a curve's data (getData() would give the downsampled view)."""
    return 0 if curve.xData is None else len(curve.xData)


def wait_done(qtbot, pane, timeout=20000):
    qtbot.waitUntil(lambda: not pane.is_running(), timeout=timeout)


def test_draws_the_timeline(make_pane):
    config = config_of("xor-mlp")
    pane = make_pane(config)
    for name in ("dataPlot", "lossPlot", "accPlot", "networkDiagram", "histograms", "initHistograms", "confusionPlot",
                 "trainButton", "pauseButton", "resumeButton", "cancelButton", "resetButton", "exportButton",
                 "importButton", "progressBar", "dataset", "hidden", "activation", "output", "loss", "init", "batchnorm",
                 "dropout", "weightDecay", "optimizer", "lr", "momentum", "epochs", "batch", "batchSize", "seed",
                 "stopLoss", "stopAcc", "testFraction", "normalise", "nFolds", "crossValidateButton", "pointClass"):
        find(pane, name)
    tl = pane.timeline
    last = len(tl) - 1
    pane.show_step(last)
    state = tl.state_at(last)
    np.testing.assert_array_equal(pane.boundary.image, state["grid:score"])
    assert len(pane.points.data) == 4
    x, y = pane.curves["loss"].xData, pane.curves["loss"].yData
    assert len(x) == 1000 and y[-1] == state["history"][-1, 1]
    assert "after epoch 1000" in find(pane, "dataCaption", QLabel).text()
    # before training: no curve, the initial boundary
    pane.show_step(-1)
    assert n_points(pane.curves["loss"]) == 0
    np.testing.assert_array_equal(pane.boundary.image, tl.state_at(-1)["grid:score"])
    # an iteration step: the diagram shows the step's focus
    k = next(i for i, s in enumerate(tl.steps) if s.phase == "forward")
    pane.show_step(k)
    assert "z " in pane.diagram.labels[("node", 1, 0)]
    edges, counts = pane.histograms.data(0, 0)
    assert counts.sum() == 8 and len(edges) == T.HIST_BINS + 1


def test_train_pause_resume_cancel(make_pane, qtbot):
    pane = make_pane(config_of("xor-mlp", epochs=100_000, hidden=[2]))
    train = find(pane, "trainButton", QPushButton)
    qtbot.mouseClick(train, Qt.MouseButton.LeftButton)
    assert pane.is_running() and not train.isEnabled()
    qtbot.waitUntil(lambda: n_points(pane.curves["loss"]) > 50, timeout=10000)
    qtbot.mouseClick(find(pane, "pauseButton", QPushButton), Qt.MouseButton.LeftButton)
    assert find(pane, "resumeButton", QPushButton).isEnabled()
    qtbot.wait(300)  # a payload already on its way may still land
    frozen = pane.live["epoch"]
    qtbot.wait(400)
    assert pane.live["epoch"] == frozen and pane.is_running()  # paused: no epochs pass
    qtbot.mouseClick(find(pane, "resumeButton", QPushButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: n_points(pane.curves["loss"]) > frozen + 20, timeout=10000)  # the curve gains points
    qtbot.mouseClick(find(pane, "cancelButton", QPushButton), Qt.MouseButton.LeftButton)
    wait_done(qtbot, pane)
    assert pane.result is not None and "cancelled" in pane.result.stopped
    assert 0 < len(pane.result.history) < 100_000
    assert find(pane, "progressBar", QProgressBar).value() < 1000
    assert train.isEnabled()


def test_full_run_updates_curves_boundary_and_status(make_pane, qtbot):
    pane = make_pane(config_of("xor-mlp"))
    messages = []
    pane.message.connect(messages.append)
    pane.train()
    wait_done(qtbot, pane)
    x, y = pane.curves["loss"].xData, pane.curves["loss"].yData
    assert len(x) == 1000 and y[-1] == pytest.approx(pane.result.history[-1]["loss"])
    assert find(pane, "progressBar", QProgressBar).value() == 1000
    assert "accuracy 100.0%" in find(pane, "runStatus", QLabel).text()
    assert messages and "1000 epochs" in messages[-1]
    # the live boundary is the engine's snapshot of the trained model
    snap = T.snapshot(pane.result.model, pane.result.prepared)
    np.testing.assert_allclose(pane.boundary.image, snap["grid:score"], rtol=1e-12)
    # the same seed replays the timeline's run: Reset returns to the initial weights
    last = pane.timeline.state_at(len(pane.timeline) - 1)
    np.testing.assert_allclose(pane.result.model.params["W1"], last["params:W1"], rtol=1e-12)
    qtbot.mouseClick(find(pane, "resetButton", QPushButton), Qt.MouseButton.LeftButton)
    assert pane.result is None and pane.k == -1
    np.testing.assert_array_equal(pane.boundary.image, pane.timeline.state_at(-1)["grid:score"])


def test_diverging_learning_rate_is_reported(make_pane, qtbot):
    config = config_of("seed-dataset", hidden=[], output="identity", binary_output=True, lr=100.0, epochs=500)
    pane = make_pane(config)
    messages = []
    pane.message.connect(messages.append)
    pane.train()
    wait_done(qtbot, pane)
    status = find(pane, "runStatus", QLabel).text()
    assert status.startswith("diverged in epoch ") and "kept the weights of epoch" in status
    assert messages[-1] == status
    assert all(np.all(np.isfinite(v)) for v in pane.result.model.params.values())
    assert pane.timeline.steps[-1].title == "Training ended"


def test_export_writes_a_file_that_imports_back(make_pane, qtbot, tmp_path):
    pane = make_pane(config_of("seed-dataset"))
    pane.train()
    wait_done(qtbot, pane)
    path = tmp_path / "trained.npz"
    pane.export_weights(path)
    w = load_weights(path)
    for key, value in pane.result.model.params.items():
        np.testing.assert_array_equal(w.params[key], value)
    assert w.meta["training"]["epochs"] == 20 and w.meta["sizes"] == [2, 2, 2]
    # import into a pane showing another network: it takes the file's sizes and weights
    other = make_pane(config_of("seed-dataset", hidden=[5], activation="tanh"))
    with qtbot.waitSignal(other.configEdited, timeout=2000) as sig:
        other.import_weights(path)
    config = sig.args[0]
    assert config.hidden == (2,) and config.activation == "sigmoid"
    np.testing.assert_array_equal(config.weight_arrays()["W2"], pane.result.model.params["W2"])
    base = other.timeline.state_at(-1)
    np.testing.assert_array_equal(base["params:W1"], pane.result.model.params["W1"])
    # .json and .onnx from the same pane
    other.export_weights(tmp_path / "w.json")
    np.testing.assert_array_equal(load_weights(tmp_path / "w.json").params["W1"], base["params:W1"])
    other.export_weights(tmp_path / "w.onnx")
    assert (tmp_path / "w.onnx").stat().st_size > 100
    # a file that does not fit the data is refused with a message, the lab kept
    bad = tmp_path / "bad.json"
    bad.write_text('{"params": {"W1": [[1, 2, 3]]}}')
    messages = []
    other.message.connect(messages.append)
    other._file_action(other.import_weights, bad)
    assert messages and "weights: W1 has shape (1, 3)" in messages[-1]
    assert other.config.hidden == (2,)


def test_bad_field_is_refused_and_valid_edit_emitted(make_pane, qtbot):
    pane = make_pane(config_of("xor-mlp", epochs=50))
    messages = []
    pane.message.connect(messages.append)
    lr = find(pane, "lr", NumberField)
    lr.setText("fast")
    lr.editingFinished.emit()
    assert messages and "not a number" in messages[-1] and lr.text() == "2"
    with qtbot.waitSignal(pane.configEdited, timeout=1000) as sig:
        lr.setText("0.5")
        lr.editingFinished.emit()
    assert sig.args[0].lr == 0.5
    box = find(pane, "output", QComboBox)
    box.setCurrentIndex(box.findData("softmax"))  # refused: one output unit
    assert "softmax needs one output unit per class" in messages[-1]
    assert box.currentData() == "sigmoid"
    opt = find(pane, "optimizer", QComboBox)
    with qtbot.waitSignal(pane.configEdited, timeout=1000) as sig:
        opt.setCurrentIndex(opt.findData("adam"))
    assert sig.args[0].optimizer == "adam"
    assert find(pane, "beta1").isVisible() and not find(pane, "momentum").isVisible()


def test_click_adds_and_shift_click_erases_points(make_pane, qtbot):
    pane = make_pane(config_of("xor-mlp", epochs=50))
    find(pane, "pointClass", QComboBox).setCurrentIndex(1)
    assert pane.click_point(0.5, 0.5)
    assert pane.config.dataset == "points" and len(pane.config.points) == 5
    assert pane.config.points[-1] == (0.5, 0.5, 1)
    assert len(pane.points.data) == 5
    assert pane.click_point(0.01, 0.0, erase=True)
    assert len(pane.config.points) == 4 and (0.0, 0.0, 0) not in pane.config.points
    assert not pane.click_point(0.3, 0.9, erase=True)  # nothing near: nothing changes


def test_selecting_a_hidden_node_shows_its_map(make_pane):
    pane = make_pane(config_of("xor-mlp"))
    last = len(pane.timeline) - 1
    pane.show_step(last)
    pane.diagram.nodeClicked.emit(1, 2)
    assert pane.selected_node == (1, 2)
    state = pane.timeline.state_at(last)
    params = {k[7:]: v for k, v in state.items() if k.startswith("params:")}
    np.testing.assert_allclose(pane.boundary.image, T.node_map(pane.config, params, 1, 2))
    assert "Hidden node 1.3" in find(pane, "dataCaption", QLabel).text()
    pane.diagram.nodeClicked.emit(1, 2)
    assert pane.selected_node is None
    np.testing.assert_array_equal(pane.boundary.image, state["grid:score"])


def test_digits_confusion_and_images(make_pane):
    pane = make_pane(config_of("digits-mlp", epochs=3))
    pane.show_step(len(pane.timeline) - 1)
    state = pane.timeline.state_at(len(pane.timeline) - 1)
    np.testing.assert_array_equal(pane.confusion.image, state["confusion"])
    assert pane.confusion_texts[0].toPlainText() == str(state["confusion"][0, 0])
    assert pane.imageGrid.isVisible() and not pane.dataPlot.isVisible()
    wrong = state["pred:test"] != state["data:test_t"][:T.TEST_IMAGES]
    np.testing.assert_array_equal(pane.imageGrid.wrong, wrong)


def test_cross_validation_in_the_worker(make_pane, qtbot):
    pane = make_pane(T.Config.from_dict({"dataset": "blobs", "n_samples": 60, "noise": 0.0, "hidden": [3],
                                         "lr": 2.0, "epochs": 100, "n_folds": 3}))
    qtbot.mouseClick(find(pane, "crossValidateButton", QPushButton), Qt.MouseButton.LeftButton)
    wait_done(qtbot, pane)
    assert len(pane.cv_scores) == 3 and all(0.9 <= s <= 1 for s in pane.cv_scores)
    np.testing.assert_array_equal(pane.folds.opts["height"], pane.cv_scores)


def test_in_the_window(qtbot):
    window = build_window(source="xor-mlp")
    window.show()
    try:
        pane = find(window, "training")
        assert isinstance(pane, Pane)
        qtbot.mouseClick(find(window, "stepForward", QToolButton), Qt.MouseButton.LeftButton)
        assert "Mini-batch 1 of epoch 1" in find(window, "formulaPanel").text()
        qtbot.mouseClick(find(window, "stepForward", QToolButton), Qt.MouseButton.LeftButton)
        assert "z₁ = Σᵢ hᵢ·wᵢ₁ + b₁ = " in find(window, "formulaPanel").text()
        qtbot.mouseClick(find(pane, "trainButton", QPushButton), Qt.MouseButton.LeftButton)
        wait_done(qtbot, pane)
        assert "accuracy 100.0%" in find(pane, "runStatus", QLabel).text()
    finally:
        close_window(window)


def test_mouse_click_on_the_plot_adds_a_point(make_pane, qtbot):
    pane = make_pane(config_of("xor-mlp", epochs=50))
    plot = find(pane, "dataPlot")
    vb = plot.getViewBox()
    scene_pos = vb.mapViewToScene(pg_point(0.5, 0.25))
    widget_pos = plot.mapFromScene(scene_pos)
    with qtbot.waitSignal(pane.configEdited, timeout=2000) as sig:
        qtbot.mouseClick(plot.viewport(), Qt.MouseButton.LeftButton, pos=widget_pos)
    x, y, c = sig.args[0].points[-1]
    assert (x, y, c) == (pytest.approx(0.5, abs=0.02), pytest.approx(0.25, abs=0.02), 0)
    with qtbot.waitSignal(pane.configEdited, timeout=2000) as sig:
        qtbot.mouseClick(plot.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ShiftModifier, widget_pos)
    assert len(sig.args[0].points) == 4


def test_shift_drag_erases_the_points_under_the_stroke_in_one_edit(make_pane, qtbot):
    pane = make_pane(config_of("xor-mlp", epochs=50))  # points (0,0), (0,1), (1,0), (1,1)
    plot = find(pane, "dataPlot")
    vb = plot.getViewBox()
    at = lambda x, y: plot.mapFromScene(vb.mapViewToScene(pg_point(x, y)))  # noqa: E731
    edits = []
    pane.configEdited.connect(edits.append)
    shift = Qt.KeyboardModifier.ShiftModifier
    qtbot.mousePress(plot.viewport(), Qt.MouseButton.LeftButton, shift, at(0.0, 0.0))
    for i in range(1, 11):  # along the bottom edge, from (0, 0) to (1, 0)
        qtbot.mouseMove(plot.viewport(), at(i / 10, 0.0))
    qtbot.mouseRelease(plot.viewport(), Qt.MouseButton.LeftButton, shift, at(1.0, 0.0))
    assert len(edits) == 1
    assert sorted((x, y) for x, y, _ in edits[0].points) == [(0.0, 1.0), (1.0, 1.0)]


def pg_point(x, y):
    from PySide6.QtCore import QPointF
    return QPointF(x, y)


def test_presenter_scale_restyles(make_pane):
    from ui import style

    pane = make_pane(config_of("seed-dataset"))
    pane.show_step(len(pane.timeline) - 1)
    style.set_scale(2.0)
    try:
        pane.restyle()
        assert pane.points.opts["size"] == 18.0
    finally:
        style.set_scale(1.0)
        pane.restyle()


def test_reset_in_the_window_moves_the_transport_to_the_start(qtbot):
    window = build_window(source="seed-dataset")
    window.show()
    try:
        pane = find(window, "training")
        window.playhead.last()
        pane.train()
        wait_done(qtbot, pane)
        assert window.playhead.index == pane.k == pane.epoch_step(int(pane.result.history[-1]["epoch"]))
        qtbot.mouseClick(find(pane, "resetButton", QPushButton), Qt.MouseButton.LeftButton)
        assert window.playhead.index == -1 and pane.k == -1 and not pane.showing_live
        assert find(window, "stepLabel", QLabel).text().startswith("Step 0 / ")
        np.testing.assert_array_equal(pane.boundary.image, pane.timeline.state_at(-1)["grid:score"])
    finally:
        close_window(window)


def test_histogram_titles_write_the_layer_as_the_sheet_does(qtbot):
    from ui.widgets.training_plots import TrainingTabs

    tabs = TrainingTabs(None)
    qtbot.addWidget(tabs)
    tabs.set_layers(2)
    titles = [p.titleLabel.text for p in tabs.histograms.plots.values()]
    assert sorted(titles) == sorted(["weights W⁽¹⁾", "weights W⁽²⁾", "outputs h⁽¹⁾", "outputs h⁽²⁾"])
