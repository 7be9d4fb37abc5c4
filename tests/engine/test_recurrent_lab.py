"""The recurrent lab: config validation, the timeline's numbers (against torch), gradient through
time, the sine task trained with Adam (against torch.optim.Adam), and the presets."""

import json

import numpy as np
import pytest
import torch

from nnlab import formulas
from nnlab.labs import recurrent as lab
from nnlab.labs.recurrent import Config, build_timeline, parse_sequence
from nnlab.presets import load_preset

TORCH = {"rnn": torch.nn.RNNCell, "lstm": torch.nn.LSTMCell, "gru": torch.nn.GRUCell}


def torch_config(kind, n_in=2, n_h=3, t_len=5, seed=3):
    torch.manual_seed(seed)
    tcell = TORCH[kind](n_in, n_h).double()
    seq = np.random.default_rng(seed).normal(size=(t_len, n_in)).round(3)
    cfg = Config.from_dict({"cell": kind, "input_size": n_in, "hidden_size": n_h, "sequence": seq.tolist(),
                            "weights": {k: v.tolist() for k, v in tcell.state_dict().items()}})
    return tcell, seq, cfg


def test_config_round_trip_and_defaults():
    cfg = Config.from_dict({"cell": "gru", "input_size": 2, "hidden_size": 3, "sequence": [[1, 2], [3, -4]], "seed": 9})
    assert cfg.sequence == ((1.0, 2.0), (3.0, -4.0))
    assert Config.from_dict(json.loads(json.dumps(cfg.to_dict()))) == cfg
    numbers = Config.from_dict({"sequence": [1, 0.5, -1]})  # input_size 1: a list of numbers
    assert numbers.sequence == ((1.0,), (0.5,), (-1.0,)) and numbers.cell == "lstm" and numbers.weights == "random"
    _, _, typed = torch_config("lstm")
    assert Config.from_dict(json.loads(json.dumps(typed.to_dict()))) == typed


@pytest.mark.parametrize("change,message", [
    ({"cell": "transformer"}, "cell: must be one of lstm, gru, rnn"),
    ({"hidden_size": 9}, "hidden_size: must be a whole number from 1 to 8"),
    ({"input_size": 0}, "input_size: must be a whole number from 1 to 8"),
    ({"sequence": [[1, 2]]}, "sequence: step 1 has 2 numbers, but input_size is 1"),
    ({"sequence": [1, "x"]}, r"sequence\[2\]: must be a number from −1000000 to 1000000"),
    ({"sequence": []}, "sequence: must be a list of 1 to 200"),
    ({"text": "hello"}, "input_size: the text has 4 distinct characters, so input_size must be 4"),
    ({"text": "abcdefghij", "input_size": 8}, "text: has 10 distinct characters"),
    ({"task": "sine", "input_size": 2, "sequence": [[1, 2]]}, "task: the sine task reads one number"),
    ({"weights": {"weight_ih": [[1.0]] * 8}}, "weights.weight_hh: missing"),
    ({"weights": "zeros"}, "weights: must be \"random\""),
    ({"colour": 1}, "colour: unknown field"),
])
def test_bad_configs_name_the_field(change, message):
    with pytest.raises(ValueError, match=message):
        Config.from_dict({"cell": "lstm", "input_size": 1, "hidden_size": 2, "sequence": [1, 2], **change})


def test_bad_weight_shapes_report_expected_and_found():
    good = lab.model(Config(hidden_size=2))[0].state_dict()
    bad = {k: v.tolist() for k, v in good.items()}
    bad["weight_hh"] = np.zeros((8, 3)).tolist()
    with pytest.raises(ValueError, match=r"weights.weight_hh: expected shape \(8, 2\), found \(8, 3\)"):
        Config.from_dict({"hidden_size": 2, "weights": bad})


def test_loaded_file_with_wrong_shapes_is_refused(tmp_path):
    torch.manual_seed(0)
    path = tmp_path / "gru.json"
    path.write_text(json.dumps({"params": {k: v.tolist() for k, v in torch.nn.GRUCell(1, 3).state_dict().items()}}))
    with pytest.raises(ValueError, match=r"weights.weight_ih: expected shape \(8, 1\), found \(9, 1\)"):
        lab.weights_from_file(Config(cell="lstm", hidden_size=2), path)
    loaded = lab.weights_from_file(Config.from_dict({"cell": "gru", "hidden_size": 3, "sequence": [1, 2]}), path)
    assert np.array(loaded.weights["weight_hh"]).shape == (9, 3)


def test_parse_sequence_reads_numbers_and_vectors():
    assert parse_sequence("1, 0.5, −1", 1) == ((1.0,), (0.5,), (-1.0,))
    assert parse_sequence("1 0.5 -1", 1) == ((1.0,), (0.5,), (-1.0,))
    assert parse_sequence("1 0; 0 1; 2 2", 2) == ((1.0, 0.0), (0.0, 1.0), (2.0, 2.0))
    assert parse_sequence("[1, 0], [0, 1]", 2) == ((1.0, 0.0), (0.0, 1.0))
    with pytest.raises(ValueError, match="sequence: 'abc' is not a number"):
        parse_sequence("1, abc", 1)
    with pytest.raises(ValueError, match="sequence: step 2 has 1 numbers, but input_size is 2"):
        parse_sequence("1 0; 3", 2)
    with pytest.raises(ValueError, match="sequence: type at least one number"):
        parse_sequence("  ", 1)
    cfg = Config.from_dict({"input_size": 2, "sequence": [[1, -0.5], [0, 2]]})
    assert parse_sequence(lab.format_sequence(cfg), 2) == cfg.sequence


def test_hidden_sizes_above_four_print_three_decimals():
    cfg = Config.from_dict({"cell": "gru", "hidden_size": 5, "sequence": [0.3, -0.7]})
    tl = build_timeline(cfg)
    assert tl[0].formula.endswith(formulas.text(formulas.vector(tl[0].values["gate:r:1"], 3)))
    assert not tl[0].formula.endswith(formulas.text(formulas.vector(tl[0].values["gate:r:1"], 4)))


def test_text_becomes_one_hot_characters():
    cfg = Config.from_dict({"cell": "rnn", "input_size": 4, "hidden_size": 3, "text": "hello"})
    assert lab.alphabet(cfg) == "ehlo"
    np.testing.assert_array_equal(lab.inputs(cfg), np.eye(4)[[1, 0, 2, 2, 3]])
    tl = build_timeline(cfg)
    np.testing.assert_array_equal(tl.base["x:3"], [0, 0, 1, 0])
    assert len([s for s in tl.steps if s.phase == "gate"]) == 5


@pytest.mark.parametrize("kind", ["lstm", "gru", "rnn"])
def test_timeline_values_match_torch_gate_by_gate(kind):
    tcell, seq, cfg = torch_config(kind)
    tl = build_timeline(cfg)
    order = {"lstm": ["f", "i", "g", "c", "o", "h"], "gru": ["r", "z", "n", "h"], "rnn": ["h"]}[kind]
    forward = [s for s in tl.steps if s.phase == "gate"]
    assert len(forward) == len(seq) * len(order)
    assert [s.focus[0] for s in forward[: len(order)]] == [f"gate:{g}" for g in order]
    state = None
    for t in range(1, len(seq) + 1):
        with torch.no_grad():
            state = tcell(torch.from_numpy(seq[t - 1][None]), state)
        h = (state[0] if kind == "lstm" else state)[0].numpy()
        s = tl.state_at(len(order) * t - 1)  # the last step of time t
        np.testing.assert_allclose(s[f"h:{t}"], h, rtol=0, atol=1e-10)
        if kind == "lstm":
            np.testing.assert_allclose(s[f"c:{t}"], state[1][0].numpy(), rtol=0, atol=1e-10)
        assert f"h:{t + 1}" not in s  # nothing of the next time step revealed yet
        assert forward[len(order) * t - 1].formula.endswith(formulas.text(formulas.vector(h)))
        assert forward[len(order) * t - 1].focus == ("gate:h", f"t:{t}")


def test_lstm_forget_gate_formula_has_the_numbers():
    tcell, seq, cfg = torch_config("lstm", n_in=1, n_h=2, t_len=3)
    tl = build_timeline(cfg)
    step = tl[6]  # time step 2, forget gate
    p = {k: v.detach().numpy() for k, v in tcell.state_dict().items()}
    h1 = tl.state_at(5)["h:1"]
    f_pre = p["weight_ih"][2:4] @ seq[1] + p["weight_hh"][2:4] @ h1 + p["bias_ih"][2:4] + p["bias_hh"][2:4]
    f = 1 / (1 + np.exp(-f_pre))
    assert step.title == "Time step 2 — forget gate f"
    assert step.formula.startswith("f₂ = σ(W⁽ᶠ⁾·[h₁, x₂] + b⁽ᶠ⁾) = σ(W⁽ᶠ⁾·[")
    assert step.formula.endswith(f"= σ({formulas.text(formulas.vector(f_pre))}) = {formulas.text(formulas.vector(f))}")
    np.testing.assert_allclose(step.values["gate:f:2"], f, rtol=0, atol=1e-12)
    assert "−" in lab.num(-0.5) and lab.num(0.74081822) == "0.7408"


@pytest.mark.parametrize("kind", ["lstm", "gru", "rnn"])
def test_gradient_through_time_matches_autograd_for_all_three_cells(kind):
    _, seq, cfg = torch_config(kind, t_len=6)
    tl = build_timeline(cfg)
    back = [s for s in tl.steps if s.phase == "backward"]
    assert [s.focus[1] for s in back] == [f"t:{t}" for t in range(6, 0, -1)]
    final = tl.state_at(len(tl) - 1)
    for other in ("rnn", "lstm", "gru"):
        if other == kind:
            tcell = torch_config(kind, t_len=6)[0]
        else:  # the other cells draw their weights from the config's seed
            tcell = TORCH[other](2, 3).double()
            ours = lab.make_cell(other, 2, 3, cfg.seed)
            tcell.load_state_dict({k: torch.from_numpy(v) for k, v in ours.params.items()})
        state, hs = None, []
        for x in seq:
            state = tcell(torch.from_numpy(x[None]), state)
            h = state[0] if other == "lstm" else state
            h.retain_grad()
            hs.append(h)
        hs[-1].sum().backward()
        for t in range(1, 7):
            expected = hs[t - 1].grad[0].numpy()
            assert final[f"gradnorm:{other}:{t}"] == pytest.approx(np.linalg.norm(expected), abs=1e-10)
            if other == kind:
                np.testing.assert_allclose(final[f"grad:h:{t}"], expected, rtol=0, atol=1e-10)
    assert back[0].formula.startswith("L = Σⱼ (h₆)ⱼ  →  ∂L/∂h₆ = ")
    assert formulas.num(1.3149e-6) == "1.315×10⁻⁶" and formulas.num(-0.00262) == "−0.0026" and formulas.num(2.5e6) == "2.5×10⁶"
    assert "RNN " in back[-1].formula and "GRU " in back[-1].formula


def test_sine_training_matches_torch_adam_and_learns():
    cfg = Config.from_dict({"cell": "lstm", "hidden_size": 3, "sequence": [0.0, 0.5], "seed": 4})
    short = lab.train(cfg, iterations=5)
    # the same five Adam steps in torch from the same initial weights and batches
    start = lab.Config.from_dict({**cfg.to_dict(), "task": "sine", "sequence": [[v] for v in [0.0]]})
    cell, readout = lab.model(start)
    tcell, lin = torch.nn.LSTMCell(1, 3).double(), torch.nn.Linear(3, 1).double()
    tcell.load_state_dict({k: torch.from_numpy(v) for k, v in cell.params.items()})
    lin.load_state_dict({"weight": torch.from_numpy(readout["readout.weight"]),
                         "bias": torch.from_numpy(readout["readout.bias"])})
    opt = torch.optim.Adam([*tcell.parameters(), *lin.parameters()], lr=0.02)
    rng = np.random.default_rng([cfg.seed, 2])
    for it in range(5):
        xs, targets = lab.sine_batch(rng)
        state, ys = None, []
        for x in torch.from_numpy(xs):
            state = tcell(x, state)
            ys.append(lin(state[0]))
        loss = ((torch.stack(ys) - torch.from_numpy(targets)) ** 2).mean()
        assert short.losses[it] == pytest.approx(loss.item(), abs=1e-12)
        opt.zero_grad()
        loss.backward()
        opt.step()
    for name, value in tcell.state_dict().items():
        np.testing.assert_allclose(short.config.weights[name], value.numpy(), rtol=0, atol=1e-10)
    np.testing.assert_allclose(short.config.weights["readout.weight"], lin.weight.detach().numpy(), rtol=0, atol=1e-10)
    assert short.config.task == "sine" and short.config.sequence == lab.sine_sequence()

    reports = []
    result = lab.train(cfg, iterations=300, progress=lambda f, p: reports.append((f, p)))
    assert len(reports) == 30 and reports[-1][0] == 1.0 and reports[-1][1]["iteration"] == 300
    assert result.losses[-1] < 0.1 * result.losses[0]


def test_training_stops_when_asked():
    calls = []
    result = lab.train(Config(), iterations=1000, should_stop=lambda: len(calls.append(1) or calls) > 7)
    assert result.stopped and len(result.losses) == 7


def test_presets_build_and_the_trained_lstm_predicts_the_sine():
    basic = {name: load_preset(name).config for name in ("lstm-basic", "gru-basic", "rnn-basic")}
    assert {c.cell for c in basic.values()} == {"lstm", "gru", "rnn"}
    assert len({c.sequence for c in basic.values()}) == 1  # the same sequence through every cell
    assert load_preset("lstm-basic").config == Config.from_dict(load_preset("lstm-basic").config.to_dict())
    trained = load_preset("lstm-trained").config
    assert trained.task == "sine" and trained.weights != "random"
    tl = build_timeline(trained)
    final = tl.state_at(len(tl) - 1)
    errors = [final[f"y:{t}"] - final[f"target:{t}"] for t in range(4, len(trained.sequence))]
    assert np.sqrt(np.mean(np.square(errors))) < 0.1
    untrained = build_timeline(Config.from_dict({**trained.to_dict(), "weights": "random"}))
    u = untrained.state_at(len(untrained) - 1)
    t_len = len(trained.sequence)
    def saturation(state):  # how far the σ gates sit from ½ (undecided), averaged over gates, units and time
        return np.mean([np.abs(state[f"gate:{g}:{t}"] - 0.5) for g in "fio" for t in range(1, t_len + 1)])

    # trained gates open and close decisively; torch's small random init leaves them near ½
    assert saturation(final) > 2 * saturation(u)


def test_relu_rnn_from_a_torch_file_matches_torch(tmp_path):
    """nn.RNN(nonlinearity='relu') saved with torch.save(state_dict()): the lab's RNN (ReLU) cell gives
    torch's hidden states; our own export names its nonlinearity, one the cell lacks is refused."""
    from nnlab.io import export_weights
    from nnlab.labs.recurrent import model, weights_from_file

    torch.manual_seed(5)
    rnn = torch.nn.RNN(2, 3, nonlinearity="relu").double()
    torch.save(rnn.state_dict(), tmp_path / "rnn.pt")
    seq = [[1.0, -0.5], [0.3, 0.8], [-1.2, 0.4], [0.9, 0.9]]
    base = Config.from_dict({"cell": "rnn", "input_size": 2, "hidden_size": 3, "sequence": seq,
                             "nonlinearity": "relu"})
    config = weights_from_file(base, tmp_path / "rnn.pt")
    assert config.nonlinearity == "relu"
    t = build_timeline(config)
    with torch.no_grad():
        expected, _ = rnn(torch.tensor(seq, dtype=torch.float64)[:, None, :])
    end = t.state_at(len(t) - 1)
    got = np.array([end[f"h:{k}"] for k in range(1, len(seq) + 1)])
    assert np.max(np.abs(got - expected[:, 0, :].numpy())) < 1e-12
    assert any("ReLU(W·" in s.formula for s in t.steps)
    # the tanh cell on the same weights differs: the nonlinearity is part of the model
    tanh = build_timeline(Config.from_dict({**config.to_dict(), "nonlinearity": "tanh"}))
    assert not np.allclose(tanh.state_at(len(tanh) - 1)["h:4"], got[-1])
    # nnlab's own export carries the nonlinearity, so a tanh lab importing it becomes ReLU
    cell, _ = model(config)
    export_weights(cell.params, tmp_path / "relu.npz", meta={"cell": "rnn", "nonlinearity": "relu"})
    assert weights_from_file(Config.from_dict({**base.to_dict(), "nonlinearity": "tanh"}),
                             tmp_path / "relu.npz").nonlinearity == "relu"
    export_weights(cell.params, tmp_path / "gelu.npz", meta={"cell": "rnn", "nonlinearity": "gelu"})
    with pytest.raises(ValueError, match="implements tanh and relu, not 'gelu'"):
        weights_from_file(base, tmp_path / "gelu.npz")
    with pytest.raises(ValueError, match="only the RNN cell"):
        Config.from_dict({"cell": "lstm", "nonlinearity": "relu"})
