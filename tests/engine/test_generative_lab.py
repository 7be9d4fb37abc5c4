"""The generative lab: the worked KL printed by `nnlab steps vae-worked`, the seeded GAN that learns
the ring, mode collapse on its preset, the VAE's test ELBO, refused settings, the CLI."""

import json

import numpy as np
import pytest

from nnlab import cli
from nnlab.io import load_weights
from nnlab.labs import generative as lab
from nnlab.labs import generative_gan, generative_vae
from nnlab.labs.generative import Config, build_timeline
from nnlab.presets import load_preset


def small(preset, **changes):
    return Config.from_dict({**load_preset(preset).config.to_dict(), **changes})


def test_nnlab_steps_vae_worked_prints_the_kl(capsys):
    assert cli.main(["--lang", "en", "steps", "vae-worked"]) == 0
    out = capsys.readouterr().out
    assert "KL₁ = ½(μ₁² + σ₁² − log σ₁² − 1) = ½(0.25 + 1 − 0 − 1) = 0.125" in out
    assert "KL = 0.125 + 0.818147 = 0.943147" in out
    tl = build_timeline(load_preset("vae-worked").config)
    end = tl.state_at(len(tl) - 1)
    assert end["kl:total"] == pytest.approx(0.9431471805599453, abs=1e-12)
    np.testing.assert_allclose(end["mu"], [0.5, -1.0], atol=1e-15)
    np.testing.assert_allclose(end["sigma"], [1.0, 0.5], atol=1e-15)
    np.testing.assert_allclose(end["z"], end["mu"] + end["sigma"] * end["eps"], atol=1e-15)


def test_gan_ring_2000_steps_match_the_ring_and_d_nears_one_half():
    _config, summary = lab.train(load_preset("gan-ring").config, 2000)
    assert summary["iterations"] == 2000
    assert np.abs(np.subtract(summary["fake_mean"], summary["real_mean"])).max() < 0.1
    assert abs(summary["d_real"] - 0.5) < 0.05 and abs(summary["d_fake"] - 0.5) < 0.05


def test_gan_mode_collapse_preset_covers_few_of_the_eight_modes():
    config = load_preset("gan-mode-collapse").config
    trained, _summary = lab.train(config)
    fake = generative_gan.model(trained).generate(np.random.default_rng(3).uniform(-1, 1, (2000, 2)))
    angles = np.arange(8) * 2 * np.pi / 8
    modes = 2 * np.c_[np.cos(angles), np.sin(angles)]
    nearest = np.linalg.norm(fake[:, None] - modes[None], axis=2).argmin(axis=1)
    covered = np.bincount(nearest, minlength=8) > 0.05 * len(fake)
    assert covered.sum() <= 3  # collapsed: the generator's points crowd a few modes
    real = generative_gan.real_points(config)
    assert fake.std(axis=0).sum() < 0.5 * real.std(axis=0).sum()


def test_gan_timeline_steps_d_and_g_separately_and_inspects_a_sample():
    config = small("gan-ring", iterations=12, d_steps=2)
    tl = build_timeline(config)
    phases = [s.phase for s in tl.steps[:6]]
    assert phases == ["discriminator", "discriminator", "generator"] * 2
    assert "Lᴰ = −(1/N)Σ log D(x) − (1/M)Σ log(1 − D(G(z)))" in tl[0].formula
    inspected = build_timeline(small("gan-ring", iterations=12, d_steps=2, inspect=[3, 7]))
    k = next(i for i, s in enumerate(inspected.steps) if s.phase == "sample")
    before = inspected.state_at(k - 1)
    assert before["iteration"] == 3 and inspected[k - 1].phase == "generator"
    assert [s.phase for s in inspected.steps].count("sample") == 2 + len(config.g_hidden) + 3
    end = inspected.state_at(k + 2 + len(config.g_hidden) + 2)
    np.testing.assert_allclose(end["inspect:point"], before["fake"][7], atol=1e-12)
    np.testing.assert_allclose(end["inspect:grad"], before["grad"][7], atol=1e-12)
    assert end["inspect:term"] == pytest.approx(-np.log(end["inspect:d"]), abs=1e-12)
    assert all(s.focus == ("fake:7",) for s in inspected.steps if s.phase == "sample")


def test_vae_test_elbo_improves_over_training():
    tl = build_timeline(small("vae-digits", epochs=4))
    test = tl.state_at(len(tl) - 1)["loss:test"]
    assert len(test) == 5 and test[-1] < test[1] < test[0]
    _config, summary = lab.train(small("vae-digits", epochs=2))
    assert summary["test_neg_elbo"] < summary["test_neg_elbo_start"]


def test_vae_sample_steps_go_through_the_reparameterisation():
    config = small("vae-digits", epochs=1, sample=5, beta=0.5)
    tl = build_timeline(config)
    end = tl.state_at(len(tl) - 1)
    assert end["labels:test"][5] == int(tl[-13].title.split("(a ")[1][0])
    np.testing.assert_allclose(end["sigma"], np.exp(0.5 * end["logvar"]), rtol=1e-15)
    np.testing.assert_allclose(end["dmu"], end["dz"] + 0.5 * end["mu"], atol=1e-14)
    np.testing.assert_allclose(end["dlogvar"], end["dz"] * end["eps"] * end["sigma"] / 2
                               + 0.5 * (end["sigma"] ** 2 - 1) / 2, atol=1e-14)
    assert end["loss"] == pytest.approx(end["recon"] + 0.5 * end["kl:total"], abs=1e-12)


@pytest.mark.parametrize("field,value,message", [
    ("g_hidden", [16, 0], "g_hidden[1]: must be a whole number from 1 to 128"),
    ("hidden", [0], "hidden[0]: must be a whole number from 1 to 128"),
    ("lr_d", float("nan"), "lr_d: must be a number above 0 and at most 1"),
    ("lr", float("inf"), "lr: must be a number above 0 and at most 1"),
    ("lr_g", 0, "lr_g: must be a number above 0 and at most 1"),
    ("beta", -1, "beta: must be a number from 0 to 10"),
    ("iterations", 10**6, "iterations: must be a whole number from 1 to 5000"),
    ("dataset", "spiral", "dataset: must be one of ring, line, gaussians, moons, points"),
    ("colour", 1, "colour: unknown field"),
])
def test_bad_settings_are_refused_naming_the_field(field, value, message):
    with pytest.raises(ValueError) as err:
        Config.from_dict({field: value})
    assert str(err.value).startswith(message)


def test_weights_that_do_not_fit_are_refused_by_name():
    config = Config.from_dict({"model": "vae", "weights": {"mu.b": [1.0, 2.0, 3.0]}})
    with pytest.raises(ValueError, match=r"^weights\.mu\.b: expected shape \(2,\), found \(3,\)"):
        build_timeline(config)


def test_configs_round_trip():
    for name in ("gan-ring", "gan-mode-collapse", "vae-digits", "vae-worked"):
        config = load_preset(name).config
        assert Config.from_dict(json.loads(json.dumps(config.to_dict()))) == config


def test_nnlab_train_exports_the_trained_weights(tmp_path, capsys):
    out = tmp_path / "g.npz"
    assert cli.main(["--lang", "en", "train", "gan-ring", "--epochs", "20", "--export", str(out)]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["iterations"] == 20
    weights = load_weights(out)
    assert weights.meta["model"] == "gan" and weights.params["G.W1"].shape == (2, 16)
    trained, _ = lab.train(load_preset("gan-ring").config, 20)
    np.testing.assert_allclose(weights.params["D.W3"], trained.weight_arrays()["D.W3"], rtol=0, atol=0)
    assert cli.main(["--lang", "en", "steps", "vae-worked", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["lab"] == "generative" and data["steps"][-1]["phase"] == "backward"


def test_the_timeline_starts_from_given_weights():
    trained, _ = lab.train(small("vae-digits", epochs=1))
    again = build_timeline(Config.from_dict({**trained.to_dict(), "epochs": 0}))
    vae = generative_vae.model(trained)
    np.testing.assert_allclose(again.state_at(-1)["latent:image"].ravel(), vae.decode(np.zeros((1, 2)))[0])
