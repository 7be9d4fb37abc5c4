"""The generative pane, alone and in the window: the GAN field (heat map, mesh, arrows, a clicked
fake point stepped through), the VAE views (latent scatter, decoded grid, β, a decoded click),
Train more in a Worker, weights export/import, and the fit at presenter scale."""

import json

import numpy as np
import pytest
from PySide6.QtWidgets import QComboBox, QPushButton, QSlider

from nnlab.io import load_weights
from nnlab.labs import generative as lab
from nnlab.labs import generative_vae
from nnlab.presets import load_preset, preset_path
from tests.ui.conftest import find, formula, on_screen, settle
from ui.panes.generative import Pane


def small(preset, **changes):
    return lab.Config.from_dict({**load_preset(preset).config.to_dict(), **changes})


@pytest.fixture
def pane(qtbot):
    p = Pane()
    qtbot.addWidget(p)
    p.edits, p.messages = [], []
    p.configEdited.connect(lambda c: (p.edits.append(c), p.set_timeline(c, lab.build_timeline(c)), p.show_step(p.k)))
    p.message.connect(p.messages.append)
    p.resize(1280, 560)
    p.show()

    def load(config):
        p.set_timeline(config, lab.build_timeline(config))
        p.show_step(-1)
        return p

    p.load = load
    return p


def lab_file(tmp_path, preset, **changes):
    """A copy of ``preset`` with ``changes`` to its config, as a lab file."""
    data = json.loads(preset_path(preset).read_text(encoding="utf-8"))
    data["config"].update(changes)
    path = tmp_path / f"{preset}.nnlab"
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def test_gan_field_draws_the_state_of_the_step(pane):
    pane.load(small("gan-ring", iterations=20))
    k = 9
    pane.show_step(k)
    state = pane.timeline.state_at(k)
    np.testing.assert_allclose(np.c_[pane.fake.data["x"], pane.fake.data["y"]], state["fake"])
    assert len(pane.real.data) == len(state["real"])
    np.testing.assert_allclose(pane.heat.image, state["heat"])
    mx, my = pane.mesh.getData()
    assert len(mx) == 2 * 2 * 11 * 10  # 11 × 10 segments each way, two ends each
    ax, ay = pane.arrows.getData()
    np.testing.assert_allclose(ax[0::2], state["fake"][:, 0])  # each arrow starts on its fake point
    tips = np.c_[ax[1::2], ay[1::2]] - state["fake"]
    direction = -state["grad"]  # along −∂ℓᴳ/∂G(z)
    cos = np.sum(tips * direction, axis=1) / (np.linalg.norm(tips, axis=1) * np.linalg.norm(direction, axis=1))
    assert np.allclose(cos, 1.0)
    assert len(pane.loss_d.getData()[0]) == state["iteration"]
    assert not pane.chosen.isVisible()
    assert pane.timeline[k].phase == "generator"  # the generator's step: its curve stands out
    assert pane.loss_g.opts["pen"].widthF() > pane.loss_d.opts["pen"].widthF()
    pane.show_step(k - 1)
    assert pane.timeline[k - 1].phase == "discriminator"
    assert pane.loss_d.opts["pen"].widthF() > pane.loss_g.opts["pen"].widthF()


def test_clicking_a_fake_point_steps_through_its_numbers(pane):
    pane.load(small("gan-ring", iterations=20))
    pane.show_step(9)
    state = pane.timeline.state_at(9)
    s = 5
    assert pane.pick_fake(*state["fake"][s])
    assert pane.edits[-1].inspect == (state["iteration"], s)
    tl = pane.timeline
    assert tl[10].phase == "sample" and tl[10].focus == (f"fake:{s}",)
    last = 10 + len(pane.config.g_hidden) + 4
    pane.show_step(last)
    assert pane.chosen.isVisible() and pane.field_labels.texts()
    end = tl.state_at(last)
    text = pane.field_labels.texts()["chosen"]
    assert "G(z)" in text and "∂ℓᴳ/∂G(z)" in text
    np.testing.assert_allclose(pane.chosen.data["x"], [state["fake"][s][0]])
    np.testing.assert_allclose(end["inspect:point"], state["fake"][s], atol=1e-12)
    assert not pane.pick_fake(50.0, 50.0) and "No fake point" in pane.messages[-1]


def test_shift_click_adds_a_real_point(pane):
    pane.load(small("gan-ring", iterations=3, n_samples=8))
    assert pane.add_point(0.25, -0.5)
    cfg = pane.edits[-1]
    assert cfg.dataset == "points" and len(cfg.points) == 9 and cfg.points[-1] == (0.25, -0.5)
    assert find(pane, "ganDataset", QComboBox).currentData() == "points"


def test_vae_views_beta_digit_and_decoded_click(pane):
    pane.load(small("vae-digits", epochs=2))
    assert pane.views.currentWidget() is pane.vae_view
    k = len(pane.timeline) - 1
    pane.show_step(k)
    state = pane.timeline.state_at(k)
    np.testing.assert_allclose(np.c_[pane.codes.data["x"], pane.codes.data["y"]], state["scatter"])
    n = state["grid"].shape[0]
    assert pane.grid_image.image.shape == (9 * n - 1, 9 * n - 1)
    np.testing.assert_allclose(pane.grid_image.image[:8, :8], state["grid"][0, 0][::-1])
    np.testing.assert_allclose(pane.image_items[1].image, state["xhat"][::-1])
    placed = pane.digit_labels.placed  # the shared placement: none overlaps, the chosen digit's first
    assert placed and placed[0].text == str(state["labels:test"][pane.config.sample])
    assert not any(a.left < b.left + b.width and b.left < a.left + a.width and a.top < b.top + b.height
                   and b.top < a.top + a.height for i, a in enumerate(placed) for b in placed[i + 1:])
    assert pane.captions.texts()[1] == "x̂"
    slider = find(pane, "betaSlider", QSlider)
    slider.setValue(25)
    slider.sliderReleased.emit()
    assert pane.config.beta == 2.5 and "β = 2.5" in pane.timeline.title
    assert pane.decode_at(1.0, -0.5)
    assert pane.config.latent_point == (1.0, -0.5)
    vae = generative_vae.model(lab.Config.from_dict({**pane.config.to_dict(), "weights": {
        k: v.tolist() for k, v in lab.final_params(pane.config).items()}}))
    np.testing.assert_allclose(pane.image_items[2].image[::-1].ravel(), vae.decode(np.array([[1.0, -0.5]]))[0])
    digits = find(pane, "pickDigit", QComboBox)
    digits.activated.emit(7)
    assert pane.timeline.state_at(-1)["labels:test"][pane.config.sample] == 7
    assert "(a 7)" in pane.timeline[-1].title


def test_train_more_runs_in_a_worker_and_continues_from_there(pane, qtbot):
    pane.load(small("vae-digits", epochs=1))
    button = find(pane, "trainMore", QPushButton)
    assert button.isEnabled()
    button.click()
    assert find(pane, "cancelTrain", QPushButton).isEnabled()
    qtbot.waitUntil(lambda: bool(pane.edits), timeout=20000)
    assert pane.edits[-1].weights and not pane.worker.is_running()
    assert find(pane, "resetWeights", QPushButton).isEnabled()


def test_weights_export_and_import(pane, tmp_path):
    pane.load(small("gan-ring", iterations=4))
    path = tmp_path / "g.npz"
    pane.export_weights(path)
    params = load_weights(path).params
    for key, value in lab.final_params(pane.config).items():
        np.testing.assert_array_equal(params[key], value)
    pane.import_weights(path)
    assert dict(pane.edits[-1].weights).keys() == params.keys()
    bad = tmp_path / "bad.npz"
    np.savez(bad, **{"G.W1": np.zeros((3, 3))})
    with pytest.raises(ValueError, match=r"weights\.G\.W1: expected shape \(2, 16\)"):
        pane.import_weights(bad)


@pytest.mark.parametrize("scale", [2.0, 3.0])
def test_the_window_fits_1280x800_in_presenter_mode(open_at, tmp_path, scale):
    w = open_at(lab_file(tmp_path, "gan-ring", iterations=10), (1280, 800), scale)
    assert w.pane.objectName() == "generative"
    for name in ("ganView", "formulaPanel", "transport"):
        assert on_screen(find(w, name), w), name
    assert find(w, "ganView").width() > 0.8 * w.width()
    w.open_source(lab_file(tmp_path, "vae-worked"))
    settle()
    assert on_screen(find(w, "vaeView"), w)
    w.playhead.seek(8)  # KL per latent dimension
    settle()
    assert "KL = 0.125 + 0.818147 = 0.943147" in formula(w)


@pytest.mark.parametrize("scale", [1.0, 2.0, 3.0])
def test_every_plot_lies_inside_its_view_at_1280x800(open_at, tmp_path, scale):
    """Presenter titles shrink to their column: the loss plot's title no longer pushes it past the
    canvas's right edge, and the VAE's images keep their column."""
    w = open_at(lab_file(tmp_path, "gan-ring", iterations=10), (1280, 800), scale)
    for source, name in ((None, "ganView"), (lab_file(tmp_path, "vae-worked"), "vaeView")):
        if source:
            w.open_source(source)
            settle()
        view = find(w, name)
        for plot in view.ci.items:
            rect = view.mapFromScene(plot.sceneBoundingRect()).boundingRect()
            assert view.viewport().rect().contains(rect), (plot.objectName(), rect)
            assert rect.width() > 60, plot.objectName()
