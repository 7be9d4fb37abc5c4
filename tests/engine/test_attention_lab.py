import json

import numpy as np
import pytest

from nnlab import attention_sort
from nnlab.attention import Transformer
from nnlab.cli import main
from nnlab.io import loads_lab
from nnlab.labs import attention as lab
from nnlab.presets import load_preset
from nnlab.share import decode, encode
from tests.engine.test_attention import torch_forward


def steps_json(capsys, preset):
    assert main(["--lang", "en", "steps", preset, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def row(values, prefix, n):
    return [round(values[f"{prefix}:{j}"], 4) for j in range(n)]


def test_tiny_numbers_through_the_cli(capsys):
    data = steps_json(capsys, "attention-tiny")
    assert data["lab"] == "attention"
    state = {}
    for s in data["steps"]:
        state.update(s["values"])
    assert row(state, "s:1:1:0", 3) == [0.7071, 0, 0.7071]
    assert row(state, "a:1:1:0", 3) == [0.4011, 0.1978, 0.4011]
    assert [round(v, 4) for v in state["o:1:1:0"]] == [0.8022, 0.5989]
    formulas = [s["formula"] for s in data["steps"]]
    assert "s₁₃ = q₁·k₃ = 1×1 + 0×1 = 1\ns₁₃/√2 = 1/1.4142 = 0.7071" in formulas
    assert "Σ₁ = e₁₁ + e₁₂ + e₁₃ = 1 + 0.4931 + 1 = 2.4931" in formulas
    assert "a₁₃ = e₁₃/Σ₁ = 1/2.4931 = 0.4011" in formulas
    assert "o₁ = Σⱼ a₁ⱼ vⱼ = 0.4011×[1, 0] + 0.1978×[0, 1] + 0.4011×[1, 1] = [0.8022, 0.5989]" in formulas
    score = next(s for s in data["steps"] if s["formula"].startswith("s₁₃"))
    assert score["focus"] == ["row:Q:1:1:0", "row:K:1:1:2", "cell:S:1:1:0:2"]


def test_causal_row_two_through_the_cli(capsys):
    data = steps_json(capsys, "attention-causal")
    state = {}
    for s in data["steps"]:
        state.update(s["values"])
    assert row(state, "a:1:1:1", 3) == [0.3302, 0.6698, 0]
    assert [round(v, 4) for v in state["o:1:1:1"]] == [0.3302, 0.6698]
    assert state["s:1:1:1:2"] is None  # −∞, masked (JSON null)
    assert any("s₂₃ = −∞" in s["formula"] for s in data["steps"])


def test_backward_steps_match_torch():
    cfg = load_preset("attention-heads").config.edited(backward=True, causal=True)
    t = lab.build_timeline(cfg)
    end = t.state_at(len(t) - 1)
    out, tp = torch_forward(cfg.params(), cfg.spec, [0, 1, 2], cfg.d_k)
    out.sum().backward()
    for name in ("L1.W_Q1", "L1.W_K2", "L1.W_V2", "L1.W_O"):
        np.testing.assert_allclose(end[f"grad:{name}"], tp[name].grad.numpy(), atol=1e-10, rtol=0)
    np.testing.assert_allclose(end["grad:dOut"], np.ones((3, 4)))


def test_heads_preset_has_two_heads_and_a_projection():
    cfg = load_preset("attention-heads").config
    t = lab.build_timeline(cfg)
    end = t.state_at(len(t) - 1)
    np.testing.assert_allclose(sum(end[f"a:1:2:0:{j}"] for j in range(3)), 1.0)
    assert {"o:1:1:2", "o:1:2:2", "y:1:2"} <= set(end)
    assert any(s.formula.startswith("y₁ = [o₁⁽¹⁾ | o₁⁽²⁾]WO") for s in t.steps)


def test_trained_sorter_solves_held_out_sequences():
    """The shipped weights (no training here): ≥ 95 % of held-out orderings fully sorted."""
    model = Transformer(attention_sort.load(), attention_sort.SPEC)
    _train, held_out = attention_sort.split()
    assert attention_sort.accuracy(model, held_out[:1500]) >= 0.95


def test_transformer_sort_preset_predicts_the_sorted_letters():
    t = lab.build_timeline(load_preset("transformer-sort").config)
    end = t.state_at(len(t) - 1)
    vocab = load_preset("transformer-sort").config.vocab
    assert [vocab[int(end[f"pred:{i}"])] for i in range(5, 10)] == list("abcde")
    assert vocab[int(end["sample"])] == "e"
    assert [round(sum(end[f"temp:{T}"]), 10) for T in ("0.5", "1", "2")] == [1.0, 1.0, 1.0]
    assert end["temp:2"].max() < end["temp:0.5"].max()


def test_training_smoke_lowers_the_loss():
    first = []
    result = attention_sort.train(seed=1, steps=30, progress=lambda f, p: first.append(p["loss"]))
    assert result["steps"] == 30 and result["loss"] < 2.0 and np.isfinite(result["loss"])


def test_config_round_trips_and_refuses_bad_fields():
    cfg = load_preset("attention-tiny").config
    assert lab.Config.from_dict(cfg.to_dict()) == cfg
    assert decode(encode(load_preset("attention-tiny"))).config == cfg
    bad = [({"tokens": ["z"]}, "tokens: 'z' is not in the vocabulary"),
           ({"heads": 5}, "heads: must be a whole number from 1 to 4"),
           ({"temperature": float("nan")}, "temperature: must be a number from 0 to 10"),
           ({"generate": 2}, "generate: predicting tokens needs the logits (unembed)"),
           ({"weights": {"L1.W_Q1": [[1, 0]]}}, "weights.L1.W_Q1: dimension 1 is 1, must be 2 to 2"),
           ({"detail": "all"}, "detail: must be \"entries\" or \"rows\", not 'all'"),
           ({"colour": 1}, "colour: unknown field")]
    for change, message in bad:
        with pytest.raises(ValueError, match="^" + message.replace("(", r"\(").replace(")", r"\)") + "$"):
            lab.Config.from_dict({**cfg.to_dict(), **change})


def test_edited_keeps_weights_that_fit_and_draws_the_rest():
    cfg = load_preset("attention-tiny").config
    two = cfg.edited(heads=2, projection=True)
    p = two.params()
    np.testing.assert_array_equal(p["L1.W_Q1"], np.eye(2))
    assert p["L1.W_Q2"].shape == (2, 2) and p["L1.W_O"].shape == (4, 2)
    assert len(lab.build_timeline(two)) > len(lab.build_timeline(cfg))


def test_lab_file_with_the_shipped_model_loads():
    text = json.dumps({"format": "nnlab", "version": 1, "lab": "attention", "title": "",
                       "config": {**load_preset("transformer-sort").config.to_dict(), "tokens": list("jihgf>")}})
    t = lab.build_timeline(loads_lab(text).config)
    assert [t.state_at(len(t) - 1)[f"pred:{i}"] for i in range(5, 10)] == [5.0, 6.0, 7.0, 8.0, 9.0]
