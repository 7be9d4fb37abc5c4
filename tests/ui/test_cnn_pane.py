import numpy as np
import pytest
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QSpinBox

from nnlab import cnn
from tests.conftest import mnist_idx

from tests.ui.conftest import find, formula, on_screen, settle, step
from ui.panes.cnn import Pane


@pytest.fixture
def pane(open_pane):
    return open_pane(Pane, "cnn-simple")


def index(pane, prefix):
    return next(i for i, s in enumerate(pane.timeline.steps) if s.title.startswith(prefix))


def test_overview_reveals_each_layer_and_highlights_it(pane):
    assert pane.objectName() == "cnn"
    grids = pane.scene.grids
    assert len(grids) == 1 + 4 * 3
    pane.show_step(0)
    np.testing.assert_array_equal(grids["map:-1:0"].values, pane.timeline.state_at(0)["input"])
    assert np.isnan(grids["map:0:0"].values).all()
    k = index(pane, "ReLU after convolution 1")
    pane.show_step(k)
    state = pane.timeline.state_at(k)
    np.testing.assert_array_equal(grids["map:1:3"].values, state["maps:1"][3])
    assert grids["map:1:0"].marks and not grids["map:0:0"].marks
    assert {p.text for p in pane.layer_labels.placed} == {"input", "conv 1", "ReLU 1", "pool 1"}
    w1 = pane.timeline.base["param:W1"]  # the learned filters, as images
    for f in range(4):
        np.testing.assert_array_equal(pane.filters.grids[f"filter:{f}"].values, w1[f, 0])


def test_scores_grad_cam_and_the_verdict(pane):
    k = index(pane, "Grad-CAM heat map")
    pane.show_step(k)
    state = pane.timeline.state_at(k)
    np.testing.assert_array_equal(pane.bars.opts["height"], state["probs"])
    assert pane.heat.isVisible() and pane.heat.image[..., 3].max() == 200
    assert pane.camScene.grids["image"].caption.textItem.toPlainText() == "Grad-CAM for class 2"
    assert pane.sizeFormula.text() == "The network says 2 (true class 2)"
    target = pane.findChild(QComboBox, "target")
    target.activated.emit(target.findData(7))
    assert pane.config.target == 7
    pane.show_step(index(pane, "Grad-CAM for class 7"))
    assert pane.camScene.grids["image"].caption.textItem.toPlainText() == "Grad-CAM for class 7"


def test_clicking_a_map_steps_its_convolution(pane, qtbot):
    pane.scene.grids["map:1:2"].cellClicked.emit(0, 0)  # a ReLU map: its convolution's filter 2
    assert (pane.config.layer, pane.config.map) == (1, 2)
    k = index(pane, "Convolution 1, map 2: Output cell (2, 4)")
    pane.show_step(k)
    out = pane.detail.grids["out"].values
    state = pane.timeline.state_at(k)
    assert out[2, 4] == state["out:0:2:4"] and np.isnan(out[2, 5]) and out[0, 0] == state["out:0:0:0"]
    assert pane.detail.grids["x:0"].marks == [(2, 4, 3, 3, 1, "focus", False)]
    np.testing.assert_array_equal(pane.detail.grids["k:0"].values, pane.config.params()["W1"][2, 0])
    with qtbot.waitSignal(pane.message) as told:
        pane.scene.grids["map:2:0"].cellClicked.emit(0, 0)  # a pooling map
    assert "pooling map" in told.args[0] and pane.config.layer == 1


def test_draw_a_digit_and_classify_it(pane):
    pane.pad.paint_at(1, 4)
    for r in range(2, 7):
        pane.pad.paint_at(r, 4)
    assert pane.pad.pixels[3, 4] == 16 and pane.pad.pixels[3, 3] == 8
    assert pane.classify_drawing()
    assert pane.config.pixels is not None and pane.timeline.base["label"] == -1
    pane.show_step(len(pane.timeline) - 1)
    pred = int(pane.timeline.state_at(len(pane.timeline) - 1)["pred"])
    assert pane.sizeFormula.text() == f"The network says {pred}"
    pane.findChild(QSpinBox, "image").setValue(5)
    assert pane.config.pixels is None and pane.config.image == 5


def test_train_from_scratch_in_a_worker(pane, qtbot):
    pane.findChild(QSpinBox, "epochs").setValue(1)
    with qtbot.waitSignal(pane.configEdited, timeout=20000):
        pane.train()
    assert isinstance(pane.config.weights, tuple) and "test accuracy" in pane.trainBox.status.text()
    assert pane.trainBox.progress.value() == 1000 and pane.trainBox.train_button.isEnabled()


def test_switching_to_the_deep_network(open_window, qtbot):
    w = open_window("cnn-simple")
    pane = find(w, "cnn")
    arch = pane.findChild(QComboBox, "arch")
    arch.activated.emit(arch.findData("deep"))
    pane = find(w, "cnn")
    assert pane.config.arch == "deep" and pane.config.weights == "cnn-deep" and len(pane.scene.grids) == 1 + 8 * 5 + 16 * 5
    step(w, qtbot, 2)
    assert "Convolution 1: 8 filters 3×3 → 8 maps 8×8" in formula(w)
    w.undo_group.undo()
    assert find(w, "cnn").config.arch == "simple"


@pytest.mark.parametrize("scale", [2.0, 3.0])
def test_fits_1280_by_800_in_presenter_mode(open_at, scale):
    w = open_at("cnn-simple", (1280, 800), scale)
    w.playhead.seek(8)  # the Grad-CAM heat map
    settle()
    p = w.pane
    for view in (p.scene, p.camScene, p.scores, p.detail, find(w, "formulaScroll")):
        assert on_screen(view, w)
    assert p.scene.width() > 0.15 * w.width() and p.scene.height() > 0.15 * w.height()
    names, placed = {q.text for q in p.layer_labels.placed}, {q.key for q in p.score_labels.placed}
    if scale == 2:
        assert names == {"input", "conv 1", "ReLU 1", "pool 1"} and placed >= {"best", "class:2"}
    else:  # labels that find no room are left out, never overlapped or clipped
        assert names >= {"input", "conv 1"} and "best" in placed


def test_mnist_files_from_the_file_menu_rebuild_and_train_at_28_by_28(open_window, qtbot, tmp_path, monkeypatch):
    w = open_window("cnn-simple")
    pane = find(w, "cnn")
    pane.findChild(QSpinBox, "epochs").setValue(2)
    monkeypatch.setattr("ui.panes.cnn.ask_mnist_files", lambda parent: mnist_idx(tmp_path))
    action = w.findChild(QAction, "actionOpenMnist")
    assert action.isEnabled()
    with qtbot.waitSignal(pane.trainBox.progress.valueChanged, timeout=20000, check_params_cb=lambda v: v == 1000):
        action.trigger()
    qtbot.waitUntil(lambda: isinstance(find(w, "cnn").config.weights, tuple), timeout=20000)
    pane = find(w, "cnn")
    c = pane.config
    assert c.size == 28 and c.params()["Wf"].shape == (784, 10) and "test accuracy" in pane.trainBox.status.text()
    assert pane.findChild(QSpinBox, "image").maximum() == 23 and "120 images 28×28" in pane.dataSource.text()
    model, x = cnn.CNN(c.params(), "simple", 28), c.data().xt[0, 0]
    lit = next(k for k in range(10) if cnn.grad_cam(model, x, k).heat.max() > 0)  # a class with a heat map
    target = pane.findChild(QComboBox, "target")
    target.activated.emit(target.findData(lit))
    qtbot.waitUntil(lambda: find(w, "cnn").config.target == lit, timeout=30_000)  # a slow build, in the background
    pane = find(w, "cnn")
    w.playhead.seek(len(pane.timeline) - 1)
    state = pane.timeline.state_at(len(pane.timeline) - 1)
    assert pane.scene.grids["map:0:3"].values.shape == (28, 28) and pane.scene.grids["map:2:0"].values.shape == (14, 14)
    assert pane.heat.image.shape[:2] == (28, 28) and state["heat"].shape == (28, 28)
    assert pane.heat.isVisible() and pane.heat.image[..., 3].max() == 200
    np.testing.assert_array_equal(pane.camScene.grids["image"].values, pane.timeline.base["image"])
    assert pane.pad.pixels.shape == (28, 28)
    pane.pad.paint_at(14, 14)
    assert pane.pad.pixels[14, 14] == 255 and pane.pad.pixels[14, 16] == 127.5 and pane.pad.pixels[14, 17] == 0
    assert pane.classify_drawing()
    qtbot.waitUntil(lambda: find(w, "cnn").config.pixels is not None)
    pane = find(w, "cnn")
    assert pane.timeline.base["image"].shape == (28, 28) and pane.timeline.base["label"] == -1
    assert pane.use_digits()
    qtbot.waitUntil(lambda: find(w, "cnn").config.size == 8)
    assert find(w, "cnn").config.weights == "cnn-simple" and find(w, "cnn").pad.pixels.shape == (8, 8)
    w.switch_lab("training")  # the training lab asks for the same files from the same menu
    asked = []
    monkeypatch.setattr("ui.panes.training.ask_mnist_files", lambda parent: asked.append(parent))
    assert action.isEnabled()
    action.trigger()
    assert asked == [w.pane]
    w.switch_lab("conv")
    assert not action.isEnabled()


def test_bad_mnist_files_are_refused_and_the_lab_kept(pane, qtbot, tmp_path):
    before = pane.config
    with qtbot.waitSignal(pane.message) as told:
        assert not pane.open_mnist(*mnist_idx(tmp_path, 40, images=np.zeros((40, 8, 8), np.uint8)))
    assert "images of 8×8 pixels; the CNN lab takes 28×28" in told.args[0]
    assert pane.config is before and pane._worker is None


def test_cancel_training_on_mnist_files(pane, qtbot, tmp_path):
    pane.findChild(QSpinBox, "epochs").setValue(200)
    assert pane.open_mnist(*mnist_idx(tmp_path, 1000))  # 25 batches an epoch: cancelled inside the first
    assert pane.trainBox.cancel_button.isEnabled()
    pane.cancel_training()
    qtbot.waitUntil(lambda: pane.trainBox.train_button.isEnabled(), timeout=20000)
    assert pane.config.size == 28 and pane.config.weights is None  # the drawn weights stay: nothing was applied
    assert pane.trainBox.status.text() == "Cancelled before the first epoch ended; weights unchanged"


def test_overview_captions_follow_the_label_rule_at_3x(open_at):
    """At 3× on a 1280×800 projector every layer's caption shows, in full, at least the diagrams'
    label floor and larger than at 1× (they were ~9 px at 3×)."""
    from ui import style
    from ui.widgets.labels import MIN_PX

    w = open_at("cnn-simple", scale=1.0)
    pane = find(w, "cnn")
    small = pane.scene.caption_px
    w.set_scale(3.0)
    settle(paint=False)
    placed = {p.text for p in pane.layer_labels.placed}
    assert placed == {text for text, _x in pane._captions} == {"input", "conv 1", "ReLU 1", "pool 1"}
    assert pane.scene.caption_px >= max(MIN_PX, 1.5 * small) and style.scale() == 3.0


def test_grad_cam_and_detail_captions_follow_the_label_rule_at_3x(open_at):
    """The Grad-CAM caption and the detail view's "input / kernel / map" captions (~9–10 px at 3×):
    at least the label floor at 1× and 3× on a 1280×800 projector, larger at 3×, each in full inside
    its view and clear of the others."""
    from tests.ui.diagram_labels import clipped, labels, overlaps
    from ui.widgets.labels import MIN_PX

    def captions(pane):
        """text → pixel size of each caption in the Grad-CAM and detail views."""
        cam, detail = pane.camScene.grids["image"], pane.detail.grids
        items = [cam.caption] + [detail[name].caption for name in ("x:0", "k:0", "out")]
        return {item.textItem.toPlainText(): item.textItem.font().pixelSize() for item in items}

    w = open_at("cnn-simple", scale=1.0)
    pane = find(w, "cnn")
    w.playhead.seek(index(pane, "Convolution 1, map"))
    settle()
    small = captions(pane)
    assert set(small) == {"Grad-CAM for class 2", "input", "kernel", f"map {pane.config.map}"}
    w.set_scale(3.0)
    settle()
    large = captions(pane)
    assert set(large) == set(small)
    for text, px in large.items():
        assert px >= MIN_PX and small[text] >= MIN_PX and px > small[text], (text, small[text], px)
    found = [f for f in labels(pane) if f[3] in (pane.camScene, pane.detail) and f[0] in large]
    assert {f[0] for f in found} == set(large)
    assert not clipped(found) and not overlaps(found)
