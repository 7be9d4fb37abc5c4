import numpy as np
import pytest
import torch

from nnlab import functions
from nnlab.labs import activations as lab
from nnlab.labs.activations import Config, build_timeline



@pytest.fixture(autouse=True)
def float64_torch():
    """torch in float64 for this module's oracles, restored after each test (no leak into others)."""
    before = torch.get_default_dtype()
    torch.set_default_dtype(torch.float64)
    yield
    torch.set_default_dtype(before)


def timeline(**changes):
    return build_timeline(Config.from_dict(changes))


def last(t):
    return t.state_at(len(t) - 1)


def test_config_round_trip_and_defaults():
    c = Config.from_dict({})
    assert c.view == "functions" and c.functions == lab.FUNCTIONS
    assert Config.from_dict(c.to_dict()) == c
    d = Config.from_dict({"view": "derivative", "expression": " 0.01*x**2 + 0.1*x ", "x0": 5}).to_dict()
    assert d["x0"] == 5.0 and d["expression"] == "0.01*x**2 + 0.1*x" and Config.from_dict(d).to_dict() == d


@pytest.mark.parametrize("changes, field", [
    ({"view": "tables"}, "view"),
    ({"functions": []}, "functions"),
    ({"functions": ["sigmoid", "swish"]}, "functions"),
    ({"functions": ["relu", "relu"]}, "functions"),
    ({"x0": "one"}, "x0"),
    ({"x0": True}, "x0"),
    ({"x0": float("nan")}, "x0"),
    ({"x_range": [2, -2]}, "x_range"),
    ({"x_range": [1]}, "x_range"),
    ({"samples": 3}, "samples"),
    ({"samples": 10.5}, "samples"),
    ({"vector": []}, "vector"),
    ({"vector": [1, "a"]}, "vector[1]"),
    ({"prediction": [0.5, 1.5]}, "prediction[1]"),
    ({"prediction": [0.5, 0.5], "target": [1, 0, 0]}, "target"),
    ({"expression": "x +* 2"}, "expression"),
    ({"expression": "x*y"}, "expression"),
    ({"expression": "import os"}, "expression"),
    ({"expression": ""}, "expression"),
    ({"h": 0}, "h"),
    ({"h": 2}, "h"),
    ({"point": [1, 2, 3]}, "point"),
    ({"colour": "red"}, "colour"),
    ({"view": "derivative", "expression": "log(x)", "x0": -1}, "x0"),
])
def test_invalid_configs_are_named(changes, field):
    with pytest.raises(ValueError) as err:
        Config.from_dict(changes)
    assert str(err.value).startswith(field + ":")


def test_functions_view_sigmoid_numbers():
    t = timeline(view="functions", x0=1.05)
    assert len(t) == 2 * len(lab.FUNCTIONS)
    base = t.state_at(-1)
    assert base["x"].shape == (201,) and base["x0"] == 1.05
    for name in lab.FUNCTIONS:
        assert base[f"f:{name}"].shape == base[f"df:{name}"].shape == (201,)
    s = last(t)
    assert s["fx:sigmoid"] == pytest.approx(0.740774899182154, abs=1e-15)  # DESIGN: sigmoid(1.05) = 0.7408
    assert s["dfx:sigmoid"] == pytest.approx(0.7407748991821539 * (1 - 0.7407748991821539), abs=1e-15)
    i = lab.FUNCTIONS.index("sigmoid")
    assert "sigmoid(1.05)" in t[2 * i].formula and t[2 * i].formula.endswith("= 0.7408")
    assert t[2 * i + 1].formula.startswith("sigmoid′(1.05) = σ(1.05)(1 − σ(1.05))")  # the prime f′ of the sheet
    assert t[2 * i].title.startswith("sigmoid — value at x₀: ")
    assert t[2 * i + 1].title == "sigmoid — derivative at x₀ (the slope of the curve)"
    assert t[2 * i + 1].formula.endswith("= 0.1920")
    assert t[2 * i].focus == ("f:sigmoid",) and t[2 * i + 1].focus == ("df:sigmoid",)
    assert s["fx:relu"] == 1.05 and s["dfx:relu"] == 1.0
    assert s["fx:piecewise_linear"] == 1.0 and s["dfx:piecewise_linear"] == 0.0


def test_functions_view_negative_x0_formulas():
    t = timeline(functions=["sigmoid", "relu"], x0=-2)
    assert t[0].formula == "sigmoid(−2) = 1 / (1 + exp(2)) = 0.1192"
    assert last(t)["fx:relu"] == 0.0 and "x ≤ 0" in t[3].formula


@pytest.mark.parametrize("name", lab.FUNCTIONS + ("leaky_relu",))
def test_activation_derivatives_match_numerical_ones(name):
    act = functions.ACTIVATIONS[name]
    x = np.linspace(-4, 4, 81)
    x = x[np.abs(x) > 0.05]  # away from the kinks of step, sign, relu at 0
    x = x[np.abs(np.abs(x) - 1) > 0.05]  # and of piecewise linear at ±1
    numerical = functions.numerical_diff(act.f, x)
    np.testing.assert_allclose(act.df(x), numerical, atol=1e-7)


@pytest.mark.parametrize("name, torch_fn", [("sigmoid", torch.sigmoid), ("tanh", torch.tanh), ("relu", torch.relu),
                                            ("softplus", torch.nn.functional.softplus)])
def test_plotted_curves_match_torch(name, torch_fn):
    t = timeline(functions=[name], x_range=[-6, 6], samples=121)
    base = t.state_at(-1)
    xt = torch.tensor(base["x"], requires_grad=True)
    y = torch_fn(xt)
    y.sum().backward()
    np.testing.assert_allclose(base[f"f:{name}"], y.detach().numpy(), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(base[f"df:{name}"], xt.grad.numpy(), rtol=1e-12, atol=1e-15)


def test_softmax_design_numbers():
    t = timeline(view="softmax", vector=[0.3, 2.9, 4.0])
    s = last(t)
    np.testing.assert_allclose(s["softmax:output"], [0.01821127, 0.24519181, 0.73659691], atol=5e-9)
    np.testing.assert_allclose(s["naive:output"], s["softmax:output"], rtol=1e-14)
    np.testing.assert_allclose(s["softmax:output"], torch.softmax(torch.tensor([0.3, 2.9, 4.0]), 0).numpy(),
                               rtol=1e-14)
    assert s["softmax:max"] == 4.0 and s["naive:finite"] == 1.0
    np.testing.assert_allclose(s["softmax:shifted"], [-3.7, -1.1, 0.0])
    assert s["softmax:sum"] == pytest.approx(np.exp(-3.7) + np.exp(-1.1) + 1)
    assert t[3].formula.endswith("safe: y = exp(a − c) / Σ = [0.0182, 0.2452, 0.7366]")


def test_softmax_stays_finite_where_naive_overflows():
    t = timeline(view="softmax", vector=[1010, 1000, 990])
    s = last(t)
    assert np.all(np.isfinite(s["softmax:output"]))
    assert s["softmax:output"].sum() == pytest.approx(1.0)
    np.testing.assert_allclose(s["softmax:output"], torch.softmax(torch.tensor([1010.0, 1000, 990]), 0).numpy(),
                               rtol=1e-12)
    assert np.all(np.isinf(s["naive:exp"])) and np.isinf(s["naive:sum"])
    assert np.all(np.isnan(s["naive:output"])) and s["naive:finite"] == 0.0
    assert "[NaN, NaN, NaN]" in t[3].formula and "[∞, ∞, ∞]" in t[1].formula
    assert "overflows" in t[4].formula


def test_losses_design_numbers():
    y = [0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0]
    tt = [0, 0, 1, 0, 0, 0, 0, 0, 0, 0]
    t = timeline(view="losses", prediction=y, target=tt)
    s = last(t)
    assert s["loss:mse"] == pytest.approx(0.0975, abs=1e-15)
    assert s["loss:ce"] == pytest.approx(0.5108256237659907, abs=1e-15)
    assert s["loss:sq"].sum() / 2 == pytest.approx(s["loss:mse"])
    assert s["loss:ce_terms"].sum() == pytest.approx(s["loss:ce"])
    assert s["loss:ce_terms"][2] == pytest.approx(-np.log(0.6)) and np.count_nonzero(s["loss:ce_terms"]) == 1
    yt, tt_ = torch.tensor(y), torch.tensor(tt, dtype=torch.float64)
    assert s["loss:mse"] == pytest.approx(0.5 * torch.sum((yt - tt_) ** 2).item(), abs=1e-15)
    assert "= 0.0975" in t[2].formula and t[5].formula.endswith("= 0.5108")


def test_derivative_view_design_numbers():
    for x0, expected in ((5.0, 0.2), (10.0, 0.3)):
        t = timeline(view="derivative", expression="0.01*x**2 + 0.1*x", x0=x0, h=1e-4, x_range=[0, 20])
        s = last(t)
        assert s["deriv:central"] == pytest.approx(expected, abs=1e-10)
        assert s["deriv:slope"] == pytest.approx(expected, abs=1e-14)
        assert s["deriv:forward"] - expected == pytest.approx(1e-6, rel=1e-4)  # f''·h/2
        np.testing.assert_allclose(s["deriv:tangent"], s["deriv:fx0"] + expected * (s["deriv:x"] - x0))
    assert t[1].formula.endswith(f"= {0.3:.8f}")


def test_derivative_view_error_curve_and_gradient_field():
    t = timeline(view="derivative", expression="sin(x)", x0=1.0, h=1e-4)
    s = last(t)
    assert s["deriv:slope"] == pytest.approx(np.cos(1.0), abs=1e-15)
    assert 1e-7 <= s["deriv:best_h_central"] <= 1e-3
    assert 1e-10 <= s["deriv:best_h_forward"] <= 1e-6
    assert s["deriv:err_central"].shape == s["deriv:h"].shape
    assert s["grad:d0"] == pytest.approx(6.0, abs=1e-9) and s["grad:d1"] == pytest.approx(8.0, abs=1e-9)
    np.testing.assert_allclose(s["grad:gradients"], 2 * s["grad:points"], atol=1e-8)
    assert s["grad:arrows"].shape == (6 * len(s["grad:points"]), 2)
    assert [st.phase for st in t.steps].count("partial") == 3


def test_timelines_are_json_ready():
    import json
    for view in lab.VIEWS:
        json.dumps(timeline(view=view, vector=[1010, 1000, 990]).to_dict(), allow_nan=True)


@pytest.mark.parametrize("expression, x0, slope", [("log(x)", 1.0, 1.0), ("sqrt(x)", 4.0, 0.25), ("1/x", 0.5, -4.0),
                                                   ("x^3 - 2*x", 1.5, 4.75)])
def test_derivative_view_with_partial_domains(expression, x0, slope):
    # log, sqrt and 1/x are undefined on part of the plotted range: gaps (nan), no warnings
    t = timeline(view="derivative", expression=expression, x0=x0, x_range=[-5, 5])
    s = last(t)
    assert s["deriv:slope"] == pytest.approx(slope, rel=1e-14)
    assert s["deriv:central"] == pytest.approx(slope, rel=1e-7)
    assert np.all(np.isfinite(s["deriv:f"]) | np.isnan(s["deriv:f"]))
    assert 1e-7 <= s["deriv:best_h_central"] <= 1e-3
    assert "smallest error: forward" in t[4].formula


def test_parser_message_is_passed_on():
    with pytest.raises(ValueError, match=r"^expression: .*'foo' is not allowed"):
        Config.from_dict({"expression": "foo(x)"})
