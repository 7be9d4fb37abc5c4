"""The optimizer lab: config validation, the race against torch.optim, divergence, the timeline."""

import json
import math
from dataclasses import replace

import numpy as np
import pytest
import torch

from nnlab import optim
from nnlab.labs import optimizer as lab
from nnlab.presets import load_preset
from nnlab.steps import to_plain

TORCH = {"sgd": (torch.optim.SGD, {}), "momentum": (torch.optim.SGD, {"momentum": 0.9}),
         "nesterov": (torch.optim.SGD, {"momentum": 0.9, "nesterov": True}), "adagrad": (torch.optim.Adagrad, {}),
         "rmsprop": (torch.optim.RMSprop, {}), "adam": (torch.optim.Adam, {})}


def race_config():
    return load_preset("optimizer-race").config


def test_race_preset_is_the_textbook_setting():
    c = race_config()
    assert c.surface == "dlfs" and c.start == (-7.0, 2.0) and c.iterations == 30 and c.detail == "adam"
    assert c.enabled == optim.OPTIMIZERS
    assert [c.setting(n).lr for n in ("sgd", "momentum", "adagrad", "adam")] == [0.95, 0.1, 1.5, 0.3]
    assert lab.DEFAULT_PRESET == "optimizer-race"


def test_config_round_trips_and_refuses_bad_fields():
    c = race_config()
    assert lab.Config.from_dict(c.to_dict()) == c
    json.dumps(c.to_dict())
    d = c.to_dict()
    for change, field in [
        ({"surface": "moon"}, "surface"),
        ({"surface": "custom", "expression": "__import__('os')"}, "expression: '__import__' is not allowed"),
        ({"start": [1, "a"]}, "start[1]"),
        ({"start": [1]}, "start"),
        ({"iterations": 0}, "iterations"),
        ({"iterations": 10**6}, "iterations"),
        ({"detail": "lbfgs"}, "detail"),
        ({"condition": 0.5}, "condition"),
        ({"colour": 1}, "colour"),
        ({"optimizers": {"lbfgs": {}}}, "optimizers.lbfgs"),
        ({"optimizers": {**d["optimizers"], "adam": {"on": True, "lr": -1}}}, "optimizers.adam.lr"),
        ({"optimizers": {**d["optimizers"], "adam": {"lr": 0.1, "betas": [1.0, 0.9]}}}, "optimizers.adam.betas[0]"),
        ({"optimizers": {**d["optimizers"], "sgd": {"lr": 0.1, "momentum": 0.9}}}, "optimizers.sgd.momentum"),
        ({"optimizers": {**d["optimizers"], "nesterov": {"momentum": 0}}}, "optimizers.nesterov.momentum"),
        ({"optimizers": {**d["optimizers"], "rmsprop": {"on": "yes"}}}, "optimizers.rmsprop.on"),
    ]:
        with pytest.raises(ValueError) as info:
            lab.Config.from_dict({**d, **change})
        assert str(info.value).startswith(field), (change, str(info.value))


def test_missing_optimizers_are_off_with_torch_defaults():
    c = lab.Config.from_dict({"optimizers": {"adam": {"lr": 0.1}}})
    assert c.enabled == ("adam",)
    assert c.setting("adam").betas == (0.9, 0.999) and c.setting("adam").eps == 1e-8
    assert c.setting("adagrad").eps == 1e-10 and c.setting("rmsprop").alpha == 0.99


def torch_path(name, setting, start, steps, loss):
    cls, extra = TORCH[name]
    hyper = setting.hyper(name)
    if name == "nesterov":
        hyper = {"momentum": hyper["momentum"]}
    p = torch.tensor(start, dtype=torch.float64, requires_grad=True)
    opt = cls([p], lr=setting.lr, **{**extra, **hyper})
    out = [p.detach().numpy().copy()]
    for _ in range(steps):
        opt.zero_grad()
        loss(p[0], p[1]).backward()
        opt.step()
        out.append(p.detach().numpy().copy())
    return np.array(out)


@pytest.mark.parametrize("name", optim.OPTIMIZERS)
def test_race_paths_match_torch(name):
    c = race_config()
    run = lab.race(c)[name]
    expected = torch_path(name, c.setting(name), c.start, c.iterations, lambda x, y: x**2 / 20 + y**2)
    np.testing.assert_allclose(run.path, expected, rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(run.loss, expected[:, 0] ** 2 / 20 + expected[:, 1] ** 2, rtol=1e-10, atol=1e-14)
    assert run.diverged == 0


def test_rosenbrock_preset_paths_match_torch():
    c = load_preset("rosenbrock-valley").config
    for name, run in lab.race(c).items():
        expected = torch_path(name, c.setting(name), c.start, c.iterations,
                              lambda x, y: (1 - x) ** 2 + 100 * (y - x * x) ** 2)
        np.testing.assert_allclose(run.path, expected, rtol=1e-9, atol=1e-10, err_msg=name)


def test_first_adam_step_in_the_formula():
    tl = lab.build_timeline(race_config())
    step = tl[0]
    assert step.title.startswith("Iteration 1 of 30 — Adam (η = 0.3, β₁ = 0.9, β₂ = 0.999, ε = 1×10⁻⁸)")
    for text in ("θ = (−7, 2);  f(θ) = 6.45;  g = ∇f(θ) = (−0.7, 4)", "m = β₁·m + (1 − β₁)·g = (−0.07, 0.4)",
                 "v = β₂·v + (1 − β₂)·g² = (4.9×10⁻⁴, 0.016)", "m̂ = m/(1 − β₁ᵗ) = (−0.7, 4)",
                 "v̂ = v/(1 − β₂ᵗ) = (0.49, 16)", "Δ = −η·m̂/(√v̂ + ε) = (0.3000, −0.3000)", "θ ← θ + Δ = (−6.7000, 1.7000)"):
        assert text in step.formula, text
    s = tl.state_at(0)
    np.testing.assert_allclose(s["m:adam"], [-0.07, 0.4])
    np.testing.assert_allclose(s["v_hat:adam"], [0.49, 16.0])
    np.testing.assert_allclose(s["theta:adam"], [-6.7, 1.7], rtol=1e-7)
    # SGD at η = 0.95: θ = (−7, 2) − 0.95·(−0.7, 4) = (−6.335, −1.8)
    np.testing.assert_allclose(s["theta:sgd"], [-6.335, -1.8])
    assert s["f:sgd"] == pytest.approx(6.335**2 / 20 + 1.8**2)
    assert set(step.focus) == {f"opt:{n}" for n in optim.OPTIMIZERS}


def test_other_optimizers_formulas():
    c = race_config()
    for name, text in [("sgd", "Δ = −η·g = (0.665, −3.8)"), ("momentum", "b = μ·b + g = (−0.7, 4)"),
                       ("nesterov", "Δ = −η·(g + μ·b) = (0.133, −0.76)"), ("adagrad", "h = h + g² = (0.49, 16)"),
                       ("rmsprop", "v = ρ·v + (1 − ρ)·g² = (0.0049, 0.16)")]:
        step = lab.build_timeline(replace(c, detail=name))[0]
        assert text in step.formula, (name, step.formula)
        assert lab.NAMES[name] in step.title


def test_state_at_is_base_plus_the_step_like_a_replay():
    """Every id but the paths is a plain replay of the steps' values; the paths so far (path:o,
    loss:o) are exactly the points (theta:o, f:o) the steps revealed, in order — derived by
    state_at rather than stored in every step, so a step's values stay small."""
    tl = lab.build_timeline(race_config())
    assert len(tl) == 30
    assert tl.state_at(-1)["path:adam"].tolist() == [[-7.0, 2.0]]
    for k in (0, 5, 29, 100):
        expected = dict(tl.base)
        for step in tl.steps[: k + 1]:
            expected.update(step.values)
            assert not any(key.startswith(("path:", "loss:")) for key in step.values)
        got = tl.state_at(k)
        assert got.keys() == expected.keys()
        for key, v in expected.items():
            if not key.startswith(("path:", "loss:")):
                assert np.array_equal(got[key], v, equal_nan=True), key
        for name in tl.runs:
            shown = tl.steps[: k + 1]
            thetas = [tl.base[f"theta:{name}"]] + [s.values[f"theta:{name}"] for s in shown]
            losses = [tl.base[f"f:{name}"]] + [s.values[f"f:{name}"] for s in shown]
            np.testing.assert_array_equal(got[f"path:{name}"], np.array(thetas))
            np.testing.assert_array_equal(got[f"loss:{name}"], np.array(losses))
    assert tl.state_at(29)["path:momentum"].shape == (31, 2)
    assert tl.state_at(4)["loss:rmsprop"].shape == (6,)


def test_json_of_a_long_race_grows_linearly_with_the_iterations():
    import json

    from dataclasses import replace

    sizes = [len(json.dumps(lab.build_timeline(replace(race_config(), iterations=n)).to_dict())) for n in (100, 400)]
    assert sizes[1] < 5 * sizes[0]  # ~4× for 4× the steps (it was ~16× when steps held the path)


def test_timeline_is_plain_data():
    tl = lab.build_timeline(replace(race_config(), iterations=3))
    d = tl.to_dict()
    assert [s["index"] for s in d["steps"]] == [1, 2, 3]
    json.dumps(d["steps"][2]["values"], default=to_plain)
    assert d["steps"][2]["values"]["iteration"] == 3


def test_too_large_a_learning_rate_diverges_and_the_others_go_on():
    c = load_preset("lr-too-large").config
    runs = lab.race(c)
    sgd = runs["sgd"]
    # y ← y − η·2y = −1.2·y: |y| = 2·1.2ᵗ passes 1000 × the half-height 5 (+ margin) at step 43
    assert sgd.diverged == 43 and "plot range" in sgd.why
    assert np.all(np.isfinite(sgd.path[:43])) and np.all(np.isnan(sgd.path[43:]))
    others = [r for n, r in runs.items() if n != "sgd"]
    assert others and all(r.diverged == 0 and np.isfinite(r.path[-1]).all() for r in others)
    tl = lab.build_timeline(replace(c, detail="sgd"))
    assert tl.state_at(41)["diverged:sgd"] == 0
    s = tl.state_at(42)
    assert s["diverged:sgd"] == 43 and s["path:sgd"].shape == (43, 2)
    assert "SGD diverged at step 43" in tl[42].formula and "diverged:sgd" in tl[42].focus
    assert "SGD diverged at step 43" in tl[50].formula and "opt:sgd" not in tl[50].focus
    assert tl.state_at(59)["path:adam"].shape == (61, 2)


def test_nan_divergence_is_caught():
    c = lab.Config.from_dict({"surface": "custom", "expression": "sqrt(x) + y^2", "start": [1.0, 1.0],
                              "iterations": 10, "optimizers": {"sgd": {"lr": 5.0}, "adam": {"lr": 0.02}}})
    runs = lab.race(c)
    assert runs["sgd"].diverged == 1 and "not finite" in runs["sgd"].why
    assert runs["adam"].diverged == 0


def test_detail_falls_back_and_no_optimizer_is_explained():
    c = lab.Config.from_dict({"optimizers": {"sgd": {"lr": 0.5}}, "detail": "adam"})
    assert lab.build_timeline(c)[0].title.startswith("Iteration 1 of 30 — SGD")
    none = lab.Config.from_dict({"optimizers": {}})
    assert "No optimizer" in lab.build_timeline(none)[0].formula


def test_view_range_holds_the_start_and_grid_covers_it():
    c = lab.Config.from_dict({"surface": "rosenbrock", "start": [-3.0, 4.0]})
    (x0, x1), (y0, y1) = lab.view_range(c)
    assert x0 < -3 and y1 > 4 and x1 == 2 and y0 == -1
    g = lab.surface_grid(c, 50)
    assert g.xs[0] == x0 and g.ys[-1] == y1
    np.testing.assert_allclose(g.z[0, 0], (1 - x0) ** 2 + 100 * (y0 - x0**2) ** 2)


def test_every_preset_builds():
    for name in ("optimizer-race", "saddle-escape", "rosenbrock-valley", "lr-too-large"):
        lf = load_preset(name)
        assert lf.lab == "optimizer" and lf.title
        tl = lab.build_timeline(lf.config)
        assert len(tl) == lf.config.iterations
        assert all(math.isfinite(tl.state_at(len(tl) - 1)[f"f:{n}"]) for n in lf.config.enabled)
