import numpy as np
import pytest
import torch

from nnlab import functions as F

Y = np.array([0.1, 0.05, 0.6, 0.0, 0.05, 0.1, 0.0, 0.1, 0.0, 0.0])
T = np.eye(10)[2]


def test_softmax_worked_numbers():
    np.testing.assert_allclose(F.softmax(np.array([0.3, 2.9, 4.0])), [0.01821127, 0.24519181, 0.73659691],
                               atol=5e-9)


def test_softmax_is_finite_where_the_naive_form_overflows():
    x = np.array([1010.0, 1000.0, 990.0])
    y = F.softmax(x)
    assert np.all(np.isfinite(y))
    np.testing.assert_allclose(y, F.softmax(x - 1000.0), rtol=1e-15)
    np.testing.assert_allclose(y, [9.99954600e-01, 4.53978686e-05, 2.06106005e-09], rtol=1e-8)
    with np.errstate(over="ignore", invalid="ignore"):
        assert np.all(np.isnan(F.softmax_naive(x)))
    np.testing.assert_allclose(F.softmax_naive(np.array([0.3, 2.9, 4.0])), F.softmax(np.array([0.3, 2.9, 4.0])))


def test_softmax_rows_of_a_batch_match_torch():
    x = np.random.default_rng(1).normal(size=(5, 7)) * 10
    np.testing.assert_allclose(F.softmax(x), torch.softmax(torch.from_numpy(x), dim=-1).numpy(), rtol=1e-13)
    np.testing.assert_allclose(F.softmax(x).sum(axis=1), np.ones(5), rtol=1e-15)


def test_mse_and_cross_entropy_worked_numbers():
    assert F.mean_squared_error(Y, T) == pytest.approx(0.0975, abs=1e-12)
    assert F.cross_entropy_error(Y, T) == pytest.approx(-np.log(0.6), rel=1e-12)
    assert round(F.cross_entropy_error(Y, T), 4) == 0.5108
    assert F.cross_entropy_error(Y, 2) == pytest.approx(0.5108256, abs=1e-7)  # an integer label
    assert F.LOSSES["mse"] is F.mean_squared_error and F.LOSSES["cross_entropy"] is F.cross_entropy_error


def test_losses_average_over_a_batch_and_accept_labels():
    rng = np.random.default_rng(2)
    y = F.softmax(rng.normal(size=(6, 4)))
    labels = rng.integers(0, 4, size=6)
    onehot = np.eye(4)[labels]
    mse = F.mean_squared_error(y, onehot)
    assert mse == pytest.approx(np.mean([0.5 * np.sum((y[i] - onehot[i]) ** 2) for i in range(6)]), rel=1e-14)
    assert F.mean_squared_error(y, labels) == pytest.approx(mse, rel=1e-14)
    ce = F.cross_entropy_error(y, onehot)
    assert ce == pytest.approx(-np.mean(np.log(y[np.arange(6), labels])), rel=1e-14)
    assert F.cross_entropy_error(y, labels) == pytest.approx(ce, rel=1e-14)
    expected = torch.nn.functional.nll_loss(torch.log(torch.from_numpy(y)), torch.from_numpy(labels)).item()
    assert ce == pytest.approx(expected, rel=1e-13)
    with pytest.raises(ValueError, match="shape"):
        F.mean_squared_error(y, np.zeros(3))


def test_binary_cross_entropy_for_one_output_unit():
    y = np.array([[0.9], [0.2], [0.6]])
    t = np.array([[1.0], [0.0], [1.0]])
    expected = torch.nn.functional.binary_cross_entropy(torch.from_numpy(y), torch.from_numpy(t)).item()
    assert F.cross_entropy_error(y, t) == pytest.approx(expected, rel=1e-13)


def test_cross_entropy_of_a_zero_probability_is_finite():
    assert np.isfinite(F.cross_entropy_error(np.array([0.0, 1.0]), np.array([1.0, 0.0])))


def test_numerical_diff_worked_numbers():
    f = lambda x: 0.01 * x**2 + 0.1 * x  # noqa: E731
    assert F.numerical_diff(f, 5) == pytest.approx(0.2, abs=1e-9)
    assert F.numerical_diff(f, 10) == pytest.approx(0.3, abs=1e-9)


def test_numerical_gradient_does_not_mutate_its_input():
    x = np.array([[3.0, 4.0], [1.0, -2.0]])
    before = x.copy()
    g = F.numerical_gradient(lambda v: np.sum(v**2), x)
    np.testing.assert_allclose(g, 2 * before, atol=1e-7)
    np.testing.assert_array_equal(x, before)


KINKS = {"step": (0.0,), "sign": (0.0,), "relu": (0.0,), "leaky_relu": (0.0,), "piecewise_linear": (-1.0, 1.0)}


@pytest.mark.parametrize("name", sorted(F.ACTIVATIONS))
def test_derivative_matches_numerical_differentiation_away_from_kinks(name):
    act = F.ACTIVATIONS[name]
    assert act.name == name and act.formula
    x = np.linspace(-4, 4, 161)
    for kink in KINKS.get(name, ()):
        x = x[np.abs(x - kink) > 1e-2]
    numeric = np.array([F.numerical_diff(act.f, float(v), h=1e-5) for v in x])
    np.testing.assert_allclose(act.df(x), numeric, atol=1e-8)


TORCH = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu, "softplus": torch.nn.functional.softplus,
         "leaky_relu": torch.nn.functional.leaky_relu, "identity": lambda v: v * 1, "linear": lambda v: v * 1,
         "piecewise_linear": lambda v: torch.clamp(v, -1, 1), "sign": torch.sign,
         "step": lambda v: (v > 0).to(v.dtype)}


@pytest.mark.parametrize("name", sorted(F.ACTIVATIONS))
def test_value_and_derivative_match_torch(name):
    x = np.concatenate([np.random.default_rng(3).normal(size=50) * 3, [-50.0, 50.0, 0.0, 1.0, -1.0]])
    tx = torch.tensor(x, requires_grad=True)
    ty = TORCH[name](tx)
    np.testing.assert_allclose(F.ACTIVATIONS[name].f(x), ty.detach().numpy(), rtol=1e-13, atol=1e-300)
    if ty.requires_grad:
        ty.sum().backward()
        np.testing.assert_allclose(F.ACTIVATIONS[name].df(x), tx.grad.numpy(), rtol=1e-12, atol=1e-15)


def test_specific_values():
    assert F.sigmoid(1.05) == pytest.approx(0.740774899, abs=1e-9)
    assert F.sigmoid(0.6) == pytest.approx(0.645656306, abs=1e-9)
    np.testing.assert_array_equal(F.step(np.array([-1.0, 0.0, 2.0])), [0, 0, 1])
    np.testing.assert_array_equal(F.relu(np.array([-1.0, 0.0, 2.0])), [0, 0, 2])
    np.testing.assert_array_equal(F.piecewise_linear(np.array([-3.0, 0.5, 2.0])), [-1, 0.5, 1])
    np.testing.assert_array_equal(F.identity(np.array([1, 2])), [1.0, 2.0])
    np.testing.assert_allclose(F.sigmoid(np.array([-800.0, 800.0])), [0.0, 1.0])
    np.testing.assert_allclose(F.softplus(np.array([-800.0, 800.0])), [0.0, 800.0])
    assert F.ACTIVATIONS["linear"].f is F.ACTIVATIONS["identity"].f


@pytest.mark.parametrize("name", sorted(F.ACTIVATIONS))
def test_float32_stays_float32(name):
    x = np.linspace(-2, 2, 9, dtype=np.float32)
    assert F.ACTIVATIONS[name].f(x).dtype == np.float32
    assert F.ACTIVATIONS[name].df(x).dtype == np.float32
    assert F.softmax(x).dtype == np.float32


def test_inputs_are_not_mutated():
    x = np.array([-1.0, 0.5, 3.0])
    before = x.copy()
    for act in F.ACTIVATIONS.values():
        act.f(x)
        act.df(x)
    F.softmax(x)
    np.testing.assert_array_equal(x, before)
