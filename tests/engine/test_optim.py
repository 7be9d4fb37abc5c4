"""nnlab.optim against torch.optim, step for step (float64, 1e-10)."""

import re

import numpy as np
import pytest
import torch

from nnlab import optim

CASES = [
    ("sgd", 0.05, {}, torch.optim.SGD, {}),
    ("momentum", 0.02, {}, torch.optim.SGD, {"momentum": 0.9}),
    ("nesterov", 0.02, {}, torch.optim.SGD, {"momentum": 0.9, "nesterov": True}),
    ("adagrad", 0.3, {}, torch.optim.Adagrad, {}),
    ("rmsprop", 0.01, {}, torch.optim.RMSprop, {}),
    ("adam", 0.05, {}, torch.optim.Adam, {}),
    # non-default hyper-parameters, passed under torch's names to both sides
    ("momentum", 0.01, {"momentum": 0.5, "dampening": 0.1, "weight_decay": 0.01}, torch.optim.SGD,
     {"momentum": 0.5, "dampening": 0.1, "weight_decay": 0.01}),
    ("adagrad", 0.2, {"lr_decay": 0.01, "initial_accumulator_value": 0.1, "eps": 1e-6}, torch.optim.Adagrad,
     {"lr_decay": 0.01, "initial_accumulator_value": 0.1, "eps": 1e-6}),
    # (a small alpha makes centered RMSprop oscillate like sign-SGD, which amplifies rounding)
    ("rmsprop", 0.005, {"alpha": 0.99, "momentum": 0.3, "centered": True}, torch.optim.RMSprop,
     {"alpha": 0.99, "momentum": 0.3, "centered": True}),
    ("adam", 0.02, {"betas": (0.8, 0.99), "eps": 1e-6, "weight_decay": 0.001}, torch.optim.Adam,
     {"betas": (0.8, 0.99), "eps": 1e-6, "weight_decay": 0.001}),
]
IDS = [f"{c[0]}-{i}" for i, c in enumerate(CASES)]


def run_both(case, params0, grad_fn, grad_fn_torch, steps=200):
    name, lr, hyper, torch_cls, torch_hyper = case
    params = {k: v.copy() for k, v in params0.items()}
    tparams = {k: torch.tensor(v, dtype=torch.float64, requires_grad=True) for k, v in params0.items()}
    ours = optim.make(name, lr, **hyper)
    theirs = torch_cls(list(tparams.values()), lr=lr, **torch_hyper)
    for _ in range(steps):
        ours.update(params, grad_fn(params))
        theirs.zero_grad()
        grad_fn_torch(tparams).backward()
        theirs.step()
    return params, {k: v.detach().numpy() for k, v in tparams.items()}, ours


def assert_close(a, b):
    for k in a:
        np.testing.assert_allclose(a[k], b[k], rtol=1e-10, atol=1e-10, err_msg=k)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_matches_torch_on_random_quadratics(case):
    rng = np.random.default_rng(7)
    n = 5
    q = rng.normal(size=(n, n))
    a = q @ q.T / n + 0.1 * np.eye(n)  # positive definite
    c = rng.normal(size=n)
    p0 = {"w": rng.normal(size=n) * 3}
    ours, theirs, _ = run_both(
        case, p0,
        lambda p: {"w": a @ (p["w"] - c)},
        lambda t: 0.5 * (t["w"] - torch.tensor(c)) @ torch.tensor(a) @ (t["w"] - torch.tensor(c)))
    assert_close(ours, theirs)
    assert not np.allclose(ours["w"], p0["w"])  # it moved


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_matches_torch_on_rosenbrock(case):
    def grad(p):
        x, y = p["xy"]
        return {"xy": np.array([-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)])}

    def loss(t):
        x, y = t["xy"][0], t["xy"][1]
        return (1 - x) ** 2 + 100 * (y - x * x) ** 2

    name, lr, hyper, cls, th = case
    lr = lr / 50 if name in ("sgd", "momentum", "nesterov") else lr / 5  # keep SGD stable on the valley
    ours, theirs, _ = run_both((name, lr, hyper, cls, th), {"xy": np.array([-1.5, 2.0])}, grad, loss)
    assert np.all(np.isfinite(ours["xy"]))
    assert_close(ours, theirs)


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_matches_torch_on_a_dict_of_shaped_arrays(case):
    rng = np.random.default_rng(3)
    shapes = {"W1": (4, 3), "b1": (3,), "W2": (3, 2, 2), "s": ()}
    p0 = {k: rng.normal(size=s) for k, s in shapes.items()}
    scale = {k: rng.uniform(0.5, 2.0, size=s) for k, s in shapes.items()}
    target = {k: rng.normal(size=s) for k, s in shapes.items()}
    ours, theirs, opt = run_both(
        case, p0,
        lambda p: {k: scale[k] * (p[k] - target[k]) + 0.1 * p[k] ** 3 for k in p},
        lambda t: sum((0.5 * torch.tensor(scale[k]) * (t[k] - torch.tensor(target[k])) ** 2
                       + 0.025 * t[k] ** 4).sum() for k in t))
    assert_close(ours, theirs)
    assert set(opt.state) == set(shapes) and all(opt.state[k]["step"] == 200 for k in shapes)


def test_update_is_in_place_and_leaves_grads_alone():
    p = {"w": np.array([1.0, 2.0])}
    w = p["w"]
    g = {"w": np.array([0.5, -0.5])}
    optim.make("adam", 0.1).update(p, g)
    assert p["w"] is w
    np.testing.assert_array_equal(g["w"], [0.5, -0.5])


def test_adam_last_shows_textbook_quantities():
    opt = optim.make("adam", 0.1)
    p = {"xy": np.array([1.0, -2.0])}
    opt.update(p, {"xy": np.array([0.2, -0.4])})
    opt.update(p, {"xy": np.array([0.1, 0.3])})
    last = opt.last["xy"]
    m = 0.9 * 0.1 * np.array([0.2, -0.4]) + 0.1 * np.array([0.1, 0.3])
    v = 0.999 * 0.001 * np.array([0.04, 0.16]) + 0.001 * np.array([0.01, 0.09])
    np.testing.assert_allclose(last["m"], m, rtol=1e-14)
    np.testing.assert_allclose(last["v"], v, rtol=1e-14)
    np.testing.assert_allclose(last["m_hat"], m / (1 - 0.9**2), rtol=1e-14)
    np.testing.assert_allclose(last["v_hat"], v / (1 - 0.999**2), rtol=1e-14)
    np.testing.assert_allclose(last["delta"], -0.1 * last["m_hat"] / (np.sqrt(last["v_hat"]) + 1e-8), rtol=1e-12)
    np.testing.assert_array_equal(last["g"], [0.1, 0.3])


def test_first_adam_step_moves_each_coordinate_by_lr():
    opt = optim.make("adam", 0.3)
    p = {"xy": np.array([-7.0, 2.0])}
    opt.update(p, {"xy": np.array([-0.7, 4.0])})
    np.testing.assert_allclose(p["xy"], [-6.7, 1.7], rtol=1e-7)


def test_defaults_and_names_are_torchs():
    assert optim.OPTIMIZERS == ("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam")
    assert optim.HYPER_DEFAULTS["adagrad"]["eps"] == 1e-10
    assert optim.HYPER_DEFAULTS["rmsprop"]["alpha"] == 0.99
    assert optim.HYPER_DEFAULTS["adam"]["betas"] == (0.9, 0.999)
    assert optim.make("momentum", 0.1).momentum == 0.9
    assert optim.make("nesterov", 0.1).nesterov


@pytest.mark.parametrize("name, lr, hyper, field", [
    ("adam", 0.1, {"rho": 0.9}, "rho"),
    ("adam", 0.1, {"betas": (1.0, 0.999)}, "betas[0]"),
    ("rmsprop", -1, {}, "lr"),
    ("sgd", float("nan"), {}, "lr"),
    ("nesterov", 0.1, {"momentum": 0.0}, "momentum"),
    ("lbfgs", 0.1, {}, "optimizer"),
])
def test_bad_options_are_refused_by_name(name, lr, hyper, field):
    with pytest.raises(ValueError, match="^" + re.escape(field) + ":"):
        optim.make(name, lr, **hyper)
