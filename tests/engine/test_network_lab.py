import copy
import dataclasses
import json
import pickle
import re

import numpy as np
import pytest
import torch

from nnlab.io import FormatError, loads_lab
from nnlab.labs import lab_module
from nnlab.formulas import num
from nnlab.labs.network import DEFAULT_PRESET, Config, build_timeline
from nnlab.network import MLP
from nnlab.presets import load_preset

W1 = [[0.1, 0.3, 0.5], [0.2, 0.4, 0.6]]
B1 = [0.1, 0.2, 0.3]
W2 = [[0.1, 0.4], [0.2, 0.5], [0.3, 0.6]]
B2 = [0.1, 0.2]
W3 = [[0.1, 0.3], [0.2, 0.4]]
B3 = [0.1, 0.2]


def sig(v):
    return 1 / (1 + np.exp(-np.asarray(v)))


def by_key(timeline, prefix):
    """The steps revealing a value whose id starts with ``prefix``, with that id."""
    return [(k, s) for s in timeline.steps for k in s.values if k.startswith(prefix)]


def torch_step(config, grads_out=None):
    """Loss, gradients and the SGD-updated params of ``config`` computed by torch (float64)."""
    params = {k: torch.tensor(v, requires_grad=True) for k, v in config.weights_or_drawn().items()}
    h = torch.tensor(config.input, dtype=torch.float64)
    L = len(config.sizes) - 1
    for l in range(1, L + 1):
        h = h @ params[f"W{l}"] + (params[f"b{l}"] if config.bias else 0)
        act = config.activations[l - 1]
        h = {"sigmoid": torch.sigmoid, "identity": lambda v: v, "tanh": torch.tanh, "relu": torch.relu,
             "softmax": lambda v: torch.softmax(v, -1)}[act](h)
    t = torch.tensor(config.target, dtype=torch.float64)
    loss = 0.5 * ((h - t) ** 2).sum() if config.loss == "mse" else -(t * torch.log(h)).sum()
    loss.backward()
    opt = torch.optim.SGD(list(params.values()), lr=config.learning_rate)
    grads = {k: p.grad.numpy().copy() for k, p in params.items()}
    opt.step()
    return loss.item(), grads, {k: p.detach().numpy() for k, p in params.items()}


def test_lab_contract_and_presets_load():
    module = lab_module("network")
    assert module.DEFAULT_PRESET == DEFAULT_PRESET == "seed-forward"
    seed = load_preset("seed-forward")
    assert seed.lab == "network"
    assert seed.config == Config(sizes=(2, 2), activations=("sigmoid",), bias=False,
                                 weights={"W1": [[0.9, 0.2], [0.3, 0.8]]}, input=(1.0, 0.5), target=(0.0, 1.0),
                                 loss="mse", learning_rate=0.5)
    three = load_preset("three-layer")
    assert three.config.sizes == (2, 3, 2, 2)
    assert three.config.activations == ("sigmoid", "sigmoid", "identity")
    assert three.config.bias is True and three.config.target == (1.0, 0.0) and three.config.learning_rate == 0.5
    w = three.config.weights_or_drawn()
    for key, value in {"W1": W1, "b1": B1, "W2": W2, "b2": B2, "W3": W3, "b3": B3}.items():
        np.testing.assert_array_equal(w[key], value)


def test_seed_forward_worked_numbers():
    tl = build_timeline(load_preset("seed-forward").config)
    assert tl.lab == "network"
    s0, s1, s2, s3 = tl.steps[:4]
    assert s0.formula == "z₁ = x₁·w₁₁ + x₂·w₂₁ = 1 × 0.9 + 0.5 × 0.3 = 1.05"
    assert s0.phase == "forward" and s0.values["sum:1:0"] == pytest.approx(1.05, abs=1e-15)
    assert s0.focus == ("node:1:0", "edge:1:0:0", "edge:1:1:0")
    assert s1.formula == "y₁ = σ(z₁) = σ(1.05) = 0.7408"
    assert s1.values["out:1:0"] == pytest.approx(0.7407748991821539, abs=1e-15)
    assert s2.formula == "z₂ = x₁·w₁₂ + x₂·w₂₂ = 1 × 0.2 + 0.5 × 0.8 = 0.6"
    assert s3.formula == "y₂ = σ(z₂) = σ(0.6) = 0.6457"
    assert s3.values["out:1:1"] == pytest.approx(0.6456563062257954, abs=1e-15)
    base = tl.state_at(-1)
    np.testing.assert_array_equal(base["W1"], [[0.9, 0.2], [0.3, 0.8]])
    assert base["out:0:0"] == 1.0 and base["out:0:1"] == 0.5 and base["lr"] == 0.5
    np.testing.assert_array_equal(base["x"], [1.0, 0.5])
    np.testing.assert_array_equal(base["t"], [0.0, 1.0])
    assert "b1" not in base and "sum:1:0" not in base


def test_seed_forward_backward_and_update_by_hand_and_torch():
    config = load_preset("seed-forward").config
    tl = build_timeline(config)
    final = tl.state_at(len(tl) - 1)
    x, t = np.array([1.0, 0.5]), np.array([0.0, 1.0])
    W = np.array([[0.9, 0.2], [0.3, 0.8]])
    y = sig(x @ W)
    loss = 0.5 * np.sum((y - t) ** 2)
    delta = (y - t) * y * (1 - y)
    grad = np.outer(x, delta)
    new = W - 0.5 * grad
    assert final["loss"] == pytest.approx(loss, rel=1e-15)
    for j in range(2):
        assert final[f"dout:1:{j}"] == pytest.approx(y[j] - t[j], rel=1e-15)
        assert final[f"delta:1:{j}"] == pytest.approx(delta[j], rel=1e-14)
        np.testing.assert_allclose(final[f"grad:1:{j}"], grad[:, j], rtol=1e-14)
        np.testing.assert_allclose(final[f"new:1:{j}"], new[:, j], rtol=1e-14)
    np.testing.assert_allclose(final["W1'"], new, rtol=1e-14)
    assert final["loss'"] == pytest.approx(0.5 * np.sum((sig(x @ new) - t) ** 2), rel=1e-14)
    tloss, tgrads, tnew = torch_step(config)
    assert final["loss"] == pytest.approx(tloss, rel=1e-14)
    np.testing.assert_allclose(np.column_stack([final["grad:1:0"], final["grad:1:1"]]), tgrads["W1"], rtol=1e-12)
    np.testing.assert_allclose(final["W1'"], tnew["W1"], rtol=1e-14)
    loss_step = next(s for s in tl.steps if s.phase == "loss")
    assert loss_step.formula == "E = ½ Σₖ (yₖ − tₖ)² = ½ × ((0.7408 − 0)² + (0.6457 − 1)²) = 0.3372"
    assert loss_step.focus == ("loss", "node:1:0", "node:1:1")
    d0 = next(s for k, s in by_key(tl, "delta:1:0"))
    assert d0.formula == "δ₁ = (y₁ − t₁) × σ′(z₁) = (0.7408 − 0) × σ′(1.05) = 0.7408 × 0.1920 = 0.1422"
    g0 = next(s for k, s in by_key(tl, "grad:1:0"))
    assert g0.phase == "gradient" and g0.formula == "∂E/∂w₁₁ = δ₁ × x₁ = 0.1422 × 1 = 0.1422; ∂E/∂w₂₁ = δ₁ × x₂ = 0.1422 × 0.5 = 0.0711"
    u1 = next(s for k, s in by_key(tl, "new:1:1"))
    assert u1.formula == ("w₁₂′ = w₁₂ − η·∂E/∂w₁₂ = 0.2 − 0.5 × (−0.0811) = 0.2405; "
                          "w₂₂′ = w₂₂ − η·∂E/∂w₂₂ = 0.8 − 0.5 × (−0.0405) = 0.8203")
    assert tl.steps[-1].title == "Network after the update" and tl.steps[-1].phase == "update"
    assert [s.phase for s in tl.steps] == ["forward"] * 4 + ["loss"] + ["backward"] * 2 + ["gradient"] * 2 + \
        ["update"] * 3


def test_three_layer_forward_matches_mlp_and_hand_computation():
    config = load_preset("three-layer").config
    tl = build_timeline(config)
    x = np.array([1.0, 0.5])
    s1 = x @ np.array(W1) + B1
    np.testing.assert_allclose(s1, [0.3, 0.7, 1.1], rtol=1e-14)
    h1 = sig(s1)
    s2 = h1 @ np.array(W2) + B2
    h2 = sig(s2)
    s3 = h2 @ np.array(W3) + B3
    state = tl.state_at(len(tl) - 1)
    for l, (s, o) in enumerate([(s1, h1), (s2, h2), (s3, s3)], start=1):
        for j in range(len(s)):
            assert state[f"sum:{l}:{j}"] == pytest.approx(s[j], rel=1e-14)
            assert state[f"out:{l}:{j}"] == pytest.approx(o[j], rel=1e-14)
    y = config.mlp().forward(x)
    np.testing.assert_allclose([state["out:3:0"], state["out:3:1"]], y, rtol=1e-15)
    first = tl.steps[0]
    assert first.formula == "z₁⁽¹⁾ = x₁·w₁₁⁽¹⁾ + x₂·w₂₁⁽¹⁾ + b₁⁽¹⁾ = 1 × 0.1 + 0.5 × 0.2 + 0.1 = 0.3"
    assert first.focus == ("node:1:0", "edge:1:0:0", "edge:1:1:0", "bias:1:0")
    assert tl.steps[1].formula == "h₁⁽¹⁾ = σ(z₁⁽¹⁾) = σ(0.3) = 0.5744"
    out_sum = next(s for k, s in by_key(tl, "sum:3:0"))
    assert out_sum.title == "Output node y₁ — weighted sum"
    assert out_sum.formula.endswith("= 0.6262 × 0.1 + 0.7710 × 0.2 + 0.1 = 0.3168")


@pytest.mark.parametrize("preset", ["seed-forward", "three-layer"])
def test_deltas_gradients_and_update_match_mlp_and_torch(preset):
    config = load_preset(preset).config
    tl = build_timeline(config)
    state = tl.state_at(len(tl) - 1)
    net = config.mlp()
    x, t = np.array(config.input), np.array(config.target)
    grads = net.gradient(x, t)
    trace = net.trace(x, t)
    tloss, tgrads, tnew = torch_step(config)
    assert state["loss"] == pytest.approx(tloss, rel=1e-14)
    L = len(config.sizes) - 1
    for l in range(1, L + 1):
        G = np.column_stack([state[f"grad:{l}:{j}"] for j in range(config.sizes[l])])
        np.testing.assert_allclose(G, grads[f"W{l}"], rtol=1e-15)
        np.testing.assert_allclose(G, tgrads[f"W{l}"], rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose([state[f"delta:{l}:{j}"] for j in range(config.sizes[l])], trace["deltas"][l - 1],
                                   rtol=1e-15)
        np.testing.assert_allclose(state[f"W{l}'"], tnew[f"W{l}"], rtol=1e-13, atol=1e-15)
        if config.bias:
            gb = [state[f"gradb:{l}:{j}"] for j in range(config.sizes[l])]
            np.testing.assert_allclose(gb, tgrads[f"b{l}"], rtol=1e-12, atol=1e-15)
            np.testing.assert_allclose(gb, [state[f"delta:{l}:{j}"] for j in range(config.sizes[l])])
            np.testing.assert_allclose([state[f"newb:{l}:{j}"] for j in range(config.sizes[l])], tnew[f"b{l}"],
                                       rtol=1e-13)
            np.testing.assert_allclose(state[f"b{l}'"], tnew[f"b{l}"], rtol=1e-13)
    after = config.edited(weights={k[:-1]: v for k, v in state.items() if k.endswith("'") and k != "loss'"})
    assert state["loss'"] == pytest.approx(torch_step(after)[0], rel=1e-13)


def test_hidden_delta_is_collected_from_the_edges():
    tl = build_timeline(load_preset("three-layer").config)
    state = tl.state_at(len(tl) - 1)
    step = next(s for k, s in by_key(tl, "delta:2:0"))
    assert step.title == "Hidden node h₁⁽²⁾ — error signal δ collected from the edges"
    assert step.focus == ("node:2:0", "edge:3:0:0", "edge:3:0:1")
    collected = 0.1 * state["delta:3:0"] + 0.3 * state["delta:3:1"]
    s = state["sum:2:0"]
    assert state["delta:2:0"] == pytest.approx(collected * sig(s) * (1 - sig(s)), rel=1e-14)
    assert step.formula.startswith("δ₁⁽²⁾ = (Σₖ w₁ₖ⁽³⁾·δₖ⁽³⁾) × σ′(z₁⁽²⁾) = (0.1 × (−0.6832) + 0.3 × 0.6963) × σ′(0.5162) = ")
    order = [k for s in tl.steps for k in s.values if k.startswith(("delta", "grad:"))]
    assert order[:4] == ["delta:3:0", "delta:3:1", "grad:3:0", "grad:3:1"]
    assert order[-6:] == ["delta:1:0", "delta:1:1", "delta:1:2", "grad:1:0", "grad:1:1", "grad:1:2"]


def test_proportional_view_numbers():
    config = load_preset("three-layer").config.edited(backward="proportional")
    tl = build_timeline(config)
    state = tl.state_at(len(tl) - 1)
    assert not any(k.startswith("delta:") for k in state)
    net = config.mlp()
    trace = net.trace(np.array(config.input), np.array(config.target))
    outs = trace["outs"]
    e3 = np.array(config.target) - outs[3]
    e2 = np.array(W3) @ e3
    e1 = np.array(W2) @ e2
    for l, e in ((3, e3), (2, e2), (1, e1)):
        np.testing.assert_allclose([state[f"error:{l}:{j}"] for j in range(len(e))], e, rtol=1e-14)
        fprime = np.ones_like(e) if l == 3 else outs[l] * (1 - outs[l])
        expected = np.outer(outs[l - 1], -e * fprime)
        G = np.column_stack([state[f"grad:{l}:{j}"] for j in range(len(e))])
        np.testing.assert_allclose(G, expected, rtol=1e-13)
        np.testing.assert_allclose(state[f"W{l}'"], np.array([W1, W2, W3][l - 1]) - 0.5 * expected, rtol=1e-13)
    # the output layer's estimate is the true gradient; hidden ones are not
    np.testing.assert_allclose(np.column_stack([state["grad:3:0"], state["grad:3:1"]]),
                               net.gradient(np.array(config.input), np.array(config.target))["W3"], rtol=1e-14)
    errors = [s for k, s in by_key(tl, "error:")]
    assert all("intuitive" in s.title and s.phase == "backward" for s in errors)
    assert errors[0].formula == "e₁⁽³⁾ = t₁ − y₁ = 1 − 0.3168 = 0.6832"
    hidden = next(s for k, s in by_key(tl, "error:2:0"))
    assert hidden.formula == "e₁⁽²⁾ = Σₖ w₁ₖ⁽³⁾·eₖ⁽³⁾ = 0.1 × 0.6832 + 0.3 × (−0.6963) = −0.1406"
    assert hidden.focus == ("node:2:0", "edge:3:0:0", "edge:3:0:1")
    assert all("intuitive" in s.title for k, s in by_key(tl, "grad:"))


def test_softmax_cross_entropy_output_matches_torch():
    config = Config(sizes=(3, 4, 3), activations=("tanh", "softmax"), bias=True, input=(0.5, -1.0, 2.0),
                    target=(0.0, 0.0, 1.0), loss="cross_entropy", learning_rate=0.1, seed=3)
    tl = build_timeline(config)
    state = tl.state_at(len(tl) - 1)
    tloss, tgrads, tnew = torch_step(config)
    assert state["loss"] == pytest.approx(tloss, rel=1e-14)
    soft = [s for s in tl.steps if s.title == "Output layer — softmax"]
    assert len(soft) == 1 and set(soft[0].values) == {"out:2:0", "out:2:1", "out:2:2"}
    y = np.array([state[f"out:2:{j}"] for j in range(3)])
    np.testing.assert_allclose([state[f"delta:2:{j}"] for j in range(3)], y - np.array(config.target), rtol=1e-14)
    np.testing.assert_allclose([state[f"dout:2:{j}"] for j in range(3)], -np.array(config.target) / y, rtol=1e-14)
    for l in (1, 2):
        np.testing.assert_allclose(state[f"W{l}'"], tnew[f"W{l}"], rtol=1e-13, atol=1e-15)
    assert next(s for k, s in by_key(tl, "delta:2:2")).formula.startswith("δ₃⁽²⁾ = y₃ − t₃ = ")
    assert tl.steps[[s.phase for s in tl.steps].index("loss")].formula.startswith("E = −Σₖ tₖ ln yₖ = −(0 × ln ")


@pytest.mark.parametrize("acts, loss", [(("relu", "softmax"), "mse"), (("sigmoid", "sigmoid"), "mse"),
                                        (("tanh", "sigmoid"), "cross_entropy")])
def test_other_outputs_match_torch(acts, loss):
    config = Config(sizes=(2, 3, 2), activations=acts, bias=True, input=(0.3, -0.7), target=(1.0, 0.0),
                    loss=loss, seed=5)
    state = build_timeline(config).state_at(10_000)
    tloss, tgrads, tnew = torch_step(config)
    assert state["loss"] == pytest.approx(tloss, rel=1e-13)
    for l in (1, 2):
        np.testing.assert_allclose(state[f"W{l}'"], tnew[f"W{l}"], rtol=1e-12, atol=1e-15)


def test_single_sigmoid_output_with_binary_cross_entropy():
    config = Config(sizes=(2, 1), activations=("sigmoid",), bias=True, input=(1.0, 2.0), target=(1.0,),
                    loss="cross_entropy", weights={"W1": [[0.5], [-0.25]], "b1": [0.1]})
    state = build_timeline(config).state_at(100)
    y = sig(0.5 - 0.5 + 0.1)
    assert state["loss"] == pytest.approx(-np.log(y), rel=1e-14)
    assert state["delta:1:0"] == pytest.approx(y - 1.0, rel=1e-14)


def test_large_network_abbreviates_and_keeps_every_number():
    config = Config(sizes=(784, 100, 10), activations=("sigmoid", "softmax"), bias=True,
                    input=tuple(np.linspace(0, 1, 784)), target=tuple(np.eye(10)[3]), loss="cross_entropy")
    tl = build_timeline(config)
    # forward: 100 × (sum, activation) + 10 sums + 1 softmax; loss; 110 deltas + 110 gradients; 110 updates + 1
    assert len(tl) == 211 + 1 + 220 + 111
    first = tl.steps[0]
    assert " + … (784 terms) + " in first.formula
    assert first.formula.count(" × ") == 5
    assert len(first.focus) == 1 + 784 + 1
    state = tl.state_at(len(tl) - 1)
    assert state["grad:1:0"].shape == (784,) and state["new:1:99"].shape == (784,)
    assert state["W1'"].shape == (784, 100)
    mid = tl.state_at(150)
    assert "sum:1:75" in mid and "delta:2:0" not in mid
    hidden_delta = next(s for k, s in by_key(tl, "delta:1:0"))
    assert "… (10 terms)" in hidden_delta.formula
    net = config.mlp()
    np.testing.assert_allclose(state["W1'"], net.params["W1"] - 0.5 * net.gradient(
        np.array(config.input), np.array(config.target))["W1"], rtol=1e-14)


def test_number_format():
    assert [num(v) for v in (1.0, 0.5, 1.05, 0.7407749, 0.6, 0.0, -0.35434, -0.0, 12.0, 1e-6, 0.19203, -6.775e-4)] == [
        "1", "0.5", "1.05", "0.7408", "0.6", "0", "−0.3543", "0", "12", "1×10⁻⁶", "0.1920", "−6.775×10⁻⁴"]


BAD = [
    ("sizes[1]", {"sizes": [2, 0]}),
    ("sizes", {"sizes": [2]}),
    ("sizes[1]", {"sizes": [2, 2000]}),
    ("activations", {"activations": ["sigmoid", "sigmoid"]}),
    ("activations[0]", {"activations": ["swish"]}),
    ("activations[0]", {"sizes": [2, 3, 2], "activations": ["softmax", "sigmoid"], "target": [0, 1],
                        "weights": None}),
    ("weights.W1", {"weights": {"W1": [[0.9, 0.2]]}}),
    ("weights.W1[1][1]", {"weights": {"W1": [[0.9, 0.2], [0.3, "a"]]}}),
    ("weights.W2", {"weights": {"W2": [[1.0]]}}),
    ("weights.b1", {"weights": {"W1": [[0.9, 0.2], [0.3, 0.8]], "b1": [0.0, 0.0]}}),
    ("input", {"input": [1.0]}),
    ("input[1]", {"input": [1.0, "x"]}),
    ("input[0]", {"input": [True, 1.0]}),
    ("input[0]", {"input": [float("nan"), 1.0]}),
    ("target", {"target": "0 1"}),
    ("loss", {"loss": "hinge"}),
    ("loss", {"loss": "cross_entropy", "activations": ["identity"]}),
    ("learning_rate", {"learning_rate": -0.5}),
    ("learning_rate", {"learning_rate": 0}),
    ("learning_rate", {"learning_rate": "fast"}),
    ("init", {"init": "lecun"}),
    ("seed", {"seed": -1}),
    ("seed", {"seed": 1.5}),
    ("backward", {"backward": "sideways"}),
    ("bias", {"bias": "yes"}),
    ("colour", {"colour": "red"}),
]


@pytest.mark.parametrize("field, change", BAD, ids=[f"{f}-{i}" for i, (f, c) in enumerate(BAD)])
def test_invalid_configs_name_the_field(field, change):
    d = load_preset("seed-forward").config.to_dict()
    d.update(change)
    if d.get("weights") is None:
        d.pop("weights", None)
    with pytest.raises(ValueError, match="^" + re.escape(field) + ":"):
        Config.from_dict(d)


def test_a_bad_lab_file_names_the_config_field():
    d = {"format": "nnlab", "version": 1, "lab": "network", "title": "",
         "config": dict(load_preset("seed-forward").config.to_dict(), learning_rate=-1)}
    with pytest.raises(FormatError, match="^config.learning_rate:"):
        loads_lab(json.dumps(d))


@pytest.mark.parametrize("preset", ["seed-forward", "three-layer"])
def test_to_dict_from_dict_round_trip(preset):
    config = load_preset(preset).config
    d = config.to_dict()
    assert Config.from_dict(json.loads(json.dumps(d))) == config
    assert d["weights"]["W1"] == [list(r) for r in np.array(config.weights_or_drawn()["W1"]).tolist()]
    drawn = config.edited(backward="proportional")
    drawn_dict = drawn.to_dict()
    assert drawn.backward == "proportional" and Config.from_dict(drawn_dict) == drawn
    plain = Config(sizes=(3, 4, 2), activations=("relu", "sigmoid"), bias=True, input=(1, 2, 3), target=(0, 1))
    assert "weights" not in plain.to_dict()
    assert Config.from_dict(plain.to_dict()) == plain
    assert plain.input == (1.0, 2.0, 3.0)


def test_drawn_weights_come_from_init_and_seed():
    config = Config(sizes=(3, 4, 2), activations=("relu", "sigmoid"), bias=True, input=(1, 2, 3), target=(0, 1),
                    init="he", seed=9)
    w = config.weights_or_drawn()
    ref = MLP([3, 4, 2], "relu", "sigmoid", init="he", seed=9).params
    for key in ref:
        np.testing.assert_array_equal(w[key], ref[key])
    w["W1"][0, 0] = 99.0  # a copy: the config does not change
    assert config.weights_or_drawn()["W1"][0, 0] != 99.0
    edited = config.edited(weights=w)
    assert edited.weights["W1"][0][0] == 99.0
    assert build_timeline(edited).state_at(-1)["W1"][0, 0] == 99.0


def test_edited_adapts_sizes_and_bias():
    config = load_preset("three-layer").config
    wider = config.edited(sizes=[2, 4, 2, 3])
    assert wider.activations == ("sigmoid", "sigmoid", "identity")
    assert wider.target == (1.0, 0.0, 0.0)
    np.testing.assert_array_equal(np.array(wider.weights["W1"])[:, :3], W1)
    np.testing.assert_array_equal(np.array(wider.weights["W3"])[:, :2], W3)
    assert np.array(wider.weights["W3"]).shape == (2, 3) and wider.weights["b1"][3] == 0.0
    deeper = config.edited(sizes=[2, 3, 2, 2, 2])
    assert deeper.activations == ("sigmoid", "sigmoid", "sigmoid", "identity")
    shallow = config.edited(sizes=[3, 2])
    assert shallow.activations == ("identity",) and shallow.input == (1.0, 0.5, 0.0)
    no_bias = config.edited(bias=False)
    assert set(no_bias.weights) == {"W1", "W2", "W3"}
    back = no_bias.edited(bias=True)
    assert back.weights["b2"] == (0.0, 0.0)
    with pytest.raises(ValueError, match=r"^sizes\[1\]: must be a whole number from 1 to 1024$"):
        config.edited(sizes=[2, 0, 2])
    with pytest.raises(ValueError, match="^learning_rate:"):
        dataclasses.replace(config, learning_rate=-0.1)


def test_config_is_immutable_hashable_and_copyable():
    config = load_preset("three-layer").config
    with pytest.raises(TypeError):
        config.weights["W1"] = ((0.0,),)
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.seed = 3
    assert copy.deepcopy(config) == config and pickle.loads(pickle.dumps(config)) == config
    assert hash(config) == hash(Config.from_dict(config.to_dict()))
