import json

import numpy as np

from nnlab.steps import Step, Timeline


def make(n):
    return Timeline("demo", [Step("forward", f"s{i}", f"x{i} = {i}", (f"node:{i}",), {f"v{i % 7}": float(i)})
                             for i in range(n)], base={"v0": -1.0, "w": np.ones(2)})


def test_state_at_accumulates_and_later_values_win():
    t = make(200)
    assert len(t) == 200
    assert dict(t.state_at(-1))["v0"] == -1.0
    assert t.state_at(0)["v0"] == 0.0
    s = t.state_at(150)
    assert s["v3"] == 150.0 and s["v4"] == 144.0 and s["v0"] == 147.0
    assert t.state_at(999)["v0"] == 196.0  # clamped to the last step


def test_state_at_matches_a_plain_replay_for_every_k():
    t = make(150)
    for k in (-1, 0, 63, 64, 65, 127, 128, 149):
        expected = dict(t.base)
        for step in t.steps[: k + 1]:
            expected.update(step.values)
        assert dict(t.state_at(k)).keys() == expected.keys()
        assert all(np.all(t.state_at(k)[key] == v) for key, v in expected.items())


def test_to_dict_is_json_ready():
    t = Timeline("demo", [Step("forward", "t", "f", ("a",), {"a": np.arange(3.0), "b": np.float64(2)})])
    d = json.loads(json.dumps(t.to_dict()))
    assert d["steps"][0] == {"index": 1, "phase": "forward", "title": "t", "formula": "f", "focus": ["a"],
                             "values": {"a": [0.0, 1.0, 2.0], "b": 2.0}}


def test_non_finite_numbers_become_null_for_strict_json():
    t = Timeline("demo", [Step("softmax", "t", "f", (), {"a": np.array([np.inf, 1.0, np.nan]), "b": float("nan")})])
    d = t.to_dict()["steps"][0]["values"]
    assert d == {"a": [None, 1.0, None], "b": None}
    json.dumps(d, allow_nan=False)
