"""Formulas are rendered when read, and a long sum builds only the terms it shows: a 784-100-10
network's timeline holds ~80,000 weight updates but prints five of each node's."""

import numpy as np

from nnlab import formulas as F
from nnlab.labs.network import Config, build_timeline


def test_a_lazy_sum_makes_only_the_terms_it_shows_and_prints_as_an_eager_one():
    made = []

    def term(i):
        made.append(i)
        return F.product(F.Num(i / 8), F.Num(-i))

    eager = F.terms([F.product(F.Num(i / 8), F.Num(-i)) for i in range(40)], limit=8)
    lazy = F.lazy_terms(40, term, limit=8)
    step = F.step("forward", "z", F.eq(F.sym("z", "1"), lazy, F.Num(-1.5)))
    assert made == []  # nothing made (or printed) until the formula is read
    assert step.formula == F.text(F.eq(F.sym("z", "1"), eager, F.Num(-1.5)))
    assert step.formula == "z₁ = 0 × 0 + 0.125 × (−1) + 0.25 × (−2) + … (40 terms) + 4.75 × (−38) + 4.875 × (−39) = −1.5"
    assert sorted(made) == [0, 1, 2, 38, 39]
    assert F.text(lazy, full=True) == F.text(eager, full=True) and len(made) == 40
    assert len(list(F.walk(lazy))) == len(list(F.walk(eager)))


def test_a_wide_networks_steps_print_the_abbreviated_sums():
    rng = np.random.default_rng(0)
    config = Config.from_dict({"sizes": [300, 4, 2], "activations": ["sigmoid", "sigmoid"], "bias": True,
                               "input": rng.random(300).round(3).tolist(), "target": [0.0, 1.0], "loss": "mse",
                               "learning_rate": 0.5, "init": "xavier", "seed": 0})
    timeline = build_timeline(config)
    W1, b1, x = timeline.base["W1"], timeline.base["b1"], config.input
    first = timeline[0]
    assert first.formula.startswith(f"z₁⁽¹⁾ = Σᵢ xᵢ·wᵢ₁⁽¹⁾ + b₁⁽¹⁾ = {F.num(x[0])} × {F.factor(W1[0, 0])} + ")
    assert "… (300 terms)" in first.formula and f"+ {F.factor(b1[0])} = " in first.formula
    assert np.isclose(first.values["sum:1:0"], np.dot(x, W1[:, 0]) + b1[0])
    update = next(s for s in timeline.steps if s.phase == "update" and "h₁" in s.title)
    assert "… (301 terms)" in update.formula and update.formula.startswith("w₁₁⁽¹⁾′ = w₁₁⁽¹⁾ − η·∂E/∂w₁₁⁽¹⁾ = ")
    assert update.formula.rstrip().endswith(F.num(timeline.state_at(len(timeline) - 1)["b1'"][0]))
