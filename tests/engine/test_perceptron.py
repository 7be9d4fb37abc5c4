import json
import math

import numpy as np
import pytest

from nnlab.labs.perceptron import Config, build_timeline
from nnlab.perceptron import INPUTS, TRUTH, WEIGHTS, gate, half_planes, linear_slope, perceptron, train
from nnlab.presets import load_preset


def test_gate_truth_tables_by_hand():
    rows = [(0, 0), (1, 0), (0, 1), (1, 1)]
    assert list(INPUTS) == rows
    expected = {"AND": [0, 0, 0, 1], "NAND": [1, 1, 1, 0], "OR": [0, 1, 1, 1], "NOR": [1, 0, 0, 0],
                "XOR": [0, 1, 1, 0], "XNOR": [1, 0, 0, 1]}
    for name, table in expected.items():
        assert list(TRUTH[name]) == table
        assert [gate(name, *x) for x in rows] == table, name


def test_and_weights_and_sums():
    assert WEIGHTS["AND"] == (0.5, 0.5, -0.7)
    # 0.5·1 + 0.5·1 − 0.7 = 0.3 > 0 is the only row that fires
    assert [perceptron(x, 0.5, 0.5, -0.7) for x in INPUTS] == [0, 0, 0, 1]
    t = build_timeline(Config.from_dict({"gate": "AND"}))
    end = t.state_at(len(t) - 1)
    assert [end[f"s:{i}"] for i in range(4)] == pytest.approx([-0.7, -0.2, -0.2, 0.3], abs=1e-12)
    assert [end[f"y:{i}"] for i in range(4)] == [0, 0, 0, 1]
    assert end["converged"] == 1.0
    assert "0.5 × 1 + 0.5 × 1 + (−0.7) = 0.3 > 0 → y = 1" in t[3].formula


def test_xor_as_and_of_nand_or():
    for x1, x2 in INPUTS:
        assert gate("XOR", x1, x2) == gate("AND", gate("NAND", x1, x2), gate("OR", x1, x2)) == (x1 ^ x2)
        assert gate("XNOR", x1, x2) == 1 - (x1 ^ x2)
    preset = load_preset("xor-two-layer")  # the XOR lesson's preset, beside logic-gates
    assert preset.lab == "perceptron" and preset.config == Config.from_dict({"lesson": "xor-two-layer", "gate": "XOR"})
    t = build_timeline(preset.config)
    assert len(t) == 13
    end = t.state_at(len(t) - 1)
    assert [end[f"h1:{i}"] for i in range(4)] == [1, 1, 1, 0]  # NAND
    assert [end[f"h2:{i}"] for i in range(4)] == [0, 1, 1, 1]  # OR
    assert [end[f"y:{i}"] for i in range(4)] == [0, 1, 1, 0]
    assert t[-1].phase == "verdict" and end["converged"] == 1.0
    assert t[0].formula == "h₁ = NAND(0, 0) = step((−0.5) × 0 + (−0.5) × 0 + 0.7) = step(0.7) = 1"


def test_rule_converges_on_separable_gates_and_matches_by_hand():
    # OR from zero weights, η = 0.1: row (1, 0) is wrong first: w1 = 0 + 0.1·(1 − 0)·1 = 0.1, b = 0.1
    run = train(TRUTH["OR"], 0.0, 0.0, 0.0, 0.1, 50)
    assert run.converged
    first_change = next(u for u in run.updates if u.y != u.t)
    assert first_change.row == 1 and first_change.after == pytest.approx((0.1, 0.0, 0.1))
    w = run.updates[-1].after
    assert [perceptron(x, *w) for x in INPUTS] == list(TRUTH["OR"])
    for name in ("AND", "NAND", "OR", "NOR"):
        run = train(TRUTH[name], 0.0, 0.0, 0.0, 0.1, 100)
        assert run.converged, name
        assert [perceptron(x, *run.updates[-1].after) for x in INPUTS] == list(TRUTH[name])


@pytest.mark.parametrize("name", ["XOR", "XNOR"])
def test_xor_never_converges(name):
    run = train(TRUTH[name], 0.5, 0.5, -0.7, 0.1, 100)
    assert not run.converged and run.epochs == 100
    # every epoch misclassifies at least one row
    for e in range(1, 101):
        assert any(u.y != u.t for u in run.updates if u.epoch == e)
    assert run.cycle is not None  # the weights come back: the rule goes round for ever
    cfg = Config.from_dict({"gate": name, "learning": True, "epochs": 30})
    t = build_timeline(cfg)
    assert len(t) == 30 * 4 + 1
    assert t[-1].phase == "verdict" and t.state_at(len(t) - 1)["converged"] == 0.0
    assert "No convergence after 30 epochs" in t[-1].title
    assert "no single line separates" in t[-1].formula
    if name == "XOR":  # the decimals a hand calculation keeps: 0.5 − 5 × 0.1 = 0, not 2.776×10⁻¹⁷
        assert run.updates[-1].after == (0.0, -0.1, 0.1)


def test_rule_step_shows_numbers():
    t = build_timeline(Config.from_dict({"gate": "XOR", "learning": True}))
    step = t[1]  # epoch 1, row (1, 0): s = 0.5 − 0.7 = −0.2 → y = 0, t = 1
    assert "w₁′ = 0.5 + 0.1 × (1 − 0) × 1 = 0.6" in step.formula
    assert "b′ = (−0.7) + 0.1 × (1 − 0) = −0.6" in step.formula
    s = t.state_at(1)
    assert s["w1"] == pytest.approx(0.6) and s["w2"] == 0.5 and s["b"] == pytest.approx(-0.6)
    assert set(step.focus) == {"row:1", "w1", "b"}


def test_linear_slope_by_hand():
    # unmoderated: E = 1.1 − 0.25·3 = 0.35, ΔA = 0.35/3; then E = 2.9 − A·1, ΔA = E/1 → A = 2.9
    s1, s2 = linear_slope([(3, 1.1), (1, 2.9)], 0.25)
    assert s1.error == pytest.approx(0.35, abs=1e-12)
    assert s1.delta == pytest.approx(0.35 / 3) and round(s1.delta, 4) == 0.1167
    a1 = 0.25 + 0.35 / 3
    assert s2.error == pytest.approx(2.9 - a1)
    assert s2.a_after == pytest.approx(2.9, abs=1e-12)
    # moderated with L = 0.5: A1 = 0.25 + 0.5·0.35/3, A2 = A1 + 0.5·(2.9 − A1)
    m1, m2 = linear_slope([(3, 1.1), (1, 2.9)], 0.25, rate=0.5)
    a1 = 0.25 + 0.5 * 0.35 / 3
    assert m1.a_after == pytest.approx(a1, abs=1e-12)
    assert m2.a_after == pytest.approx(a1 + 0.5 * (2.9 - a1), abs=1e-12)
    assert round(m2.a_after, 4) == 1.6042


def test_linear_slope_timeline_both_modes():
    t = build_timeline(Config.from_dict({"lesson": "linear-slope"}))
    assert t[1].formula == "E = t − y = 1.1 − 0.75 = 0.35"
    assert t[2].formula.startswith("ΔA = E / x = 0.35 / 3 = 0.1167")
    assert t.state_at(2)["A"] == pytest.approx(0.25 + 0.35 / 3)
    assert t.state_at(len(t) - 1)["A"] == pytest.approx(2.9)
    m = build_timeline(Config.from_dict({"lesson": "linear-slope", "moderate": True, "learning_rate": 0.5}))
    assert m[2].formula.startswith("ΔA = L·E / x = 0.5 × 0.35 / 3 = 0.0583")
    a1 = 0.25 + 0.5 * 0.35 / 3
    assert m.state_at(len(m) - 1)["A"] == pytest.approx(a1 + 0.5 * (2.9 - a1))
    line = m.state_at(len(m) - 1)["line"]
    assert line[1, 1] == pytest.approx(line[1, 0] * (a1 + 0.5 * (2.9 - a1)))


def test_half_planes_split_the_square():
    ends, one, zero = half_planes(0.5, 0.5, -0.7)
    # the line x1 + x2 = 1.4 crosses the square [−0.5, 1.5]² at (1.5, −0.1) and (−0.1, 1.5)
    assert sorted(map(tuple, np.round(ends, 12))) == [(-0.1, 1.5), (1.5, -0.1)]
    assert all(0.5 * p[0] + 0.5 * p[1] - 0.7 >= -1e-12 for p in one)
    assert all(0.5 * p[0] + 0.5 * p[1] - 0.7 <= 1e-12 for p in zero)

    def area(p):
        x, y = p[:, 0], p[:, 1]
        return 0.5 * abs(np.dot(x, np.roll(y, 1)) - np.dot(y, np.roll(x, 1)))
    assert area(one) + area(zero) == pytest.approx(4.0)
    assert area(one) == pytest.approx(0.5 * 1.6 * 1.6)
    ends, one, zero = half_planes(0.0, 0.0, 1.0)
    assert len(ends) == 0 and area(one) == pytest.approx(4.0) and len(zero) == 0
    ends, one, zero = half_planes(0.0, 0.0, 0.0)  # zero weights: s = 0 everywhere, so y = 0
    assert len(ends) == 0 and len(one) == 0 and area(zero) == pytest.approx(4.0)
    ends, one, zero = half_planes(0.0, 1.0, -0.5)  # the horizontal line x2 = 0.5
    assert sorted(map(tuple, ends)) == [(-0.5, 0.5), (1.5, 0.5)] and area(one) == pytest.approx(2.0)


def test_config_round_trip_and_refusals():
    c = Config.from_dict({"lesson": "gates", "gate": "NOR", "w1": -0.5, "learning": True, "epochs": 5})
    assert Config.from_dict(json.loads(json.dumps(c.to_dict()))) == c
    bad = [({"gate": "XAND"}, "gate"), ({"w1": math.inf}, "w1"), ({"learning_rate": 0}, "learning_rate"),
           ({"epochs": 0}, "epochs"), ({"epochs": 2.5}, "epochs"), ({"examples": [[0, 1]]}, "examples[0].x"),
           ({"lesson": "xor-two-layer", "gate": "AND"}, "gate"), ({"learning": "yes"}, "learning"),
           ({"lesson": "nope"}, "lesson"), ({"colour": 1}, "colour")]
    for d, field in bad:
        with pytest.raises(ValueError, match=f"^{field.replace('[', '.').replace(']', '.')}"):
            Config.from_dict(d)


def test_presets():
    from nnlab.presets import load_preset
    gates = load_preset("logic-gates")
    assert gates.lab == "perceptron" and (gates.config.w1, gates.config.w2, gates.config.b) == (0.5, 0.5, -0.7)
    slope = load_preset("linear-slope")
    t = build_timeline(slope.config)
    assert t.state_at(2)["A"] == pytest.approx(0.25 + 0.35 / 3)
    assert t.state_at(len(t) - 1)["A"] == pytest.approx(2.9)
    assert slope.config.learning_rate == 0.5


def test_xnor_two_layer_is_or_of_and_nor():
    t = build_timeline(Config.from_dict({"lesson": "xor-two-layer", "gate": "XNOR"}))
    end = t.state_at(len(t) - 1)
    assert [end[f"h1:{i}"] for i in range(4)] == [0, 0, 0, 1]  # AND
    assert [end[f"h2:{i}"] for i in range(4)] == [1, 0, 0, 0]  # NOR
    assert [end[f"y:{i}"] for i in range(4)] == [1, 0, 0, 1]  # OR of the two = XNOR
    assert "XNOR = OR(AND, NOR)" in t[-1].formula
