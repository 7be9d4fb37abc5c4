import numpy as np
import pytest
import torch

from nnlab.network import MLP

TORCH_ACT = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu, "identity": lambda v: v,
             "leaky_relu": torch.nn.functional.leaky_relu, "softplus": torch.nn.functional.softplus,
             "softmax": lambda v: torch.softmax(v, dim=-1)}

# sizes, hidden activation(s), output, loss, bias, weight decay, decay kind
CASES = [
    ([3, 2], "sigmoid", "identity", "mse", False, 0.0, "l2"),
    ([2, 2], "sigmoid", "sigmoid", "mse", False, 0.0, "l2"),
    ([3, 4, 2], "sigmoid", "identity", "mse", True, 0.0, "l2"),
    ([4, 5, 3], "tanh", "softmax", "cross_entropy", True, 0.1, "l2"),
    ([4, 5, 3], "relu", "softmax", "mse", False, 0.05, "l1"),
    ([2, 6, 5, 4, 3], ["relu", "tanh", "sigmoid"], "sigmoid", "mse", True, 0.0, "l2"),
    ([5, 4, 4, 3], "leaky_relu", "softmax", "cross_entropy", False, 0.02, "l1"),
    ([3, 5, 1], "softplus", "sigmoid", "cross_entropy", True, 0.01, "l2"),
    ([6, 8, 7, 6, 5, 4], "tanh", "identity", "mse", True, 0.0, "l2"),
]


def batch(net, n, seed=1):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, net.sizes[0]))
    k = net.sizes[-1]
    if k == 1:
        t = rng.integers(0, 2, size=(n, 1)).astype(float)
    elif net.loss_name == "cross_entropy":
        t = np.eye(k)[rng.integers(0, k, size=n)]
    else:
        t = rng.normal(size=(n, k))
    return x, t


def torch_loss(net, x, t, params):
    """The same network and loss written directly in torch, from tensors of ``params``."""
    h = torch.from_numpy(x)
    L = len(net.sizes) - 1
    for l in range(1, L + 1):
        h = h @ params[f"W{l}"]
        if f"b{l}" in params:
            h = h + params[f"b{l}"]
        if l < L:
            h = TORCH_ACT[net.activations[l - 1]](h)
    tt = torch.from_numpy(t)
    n = x.shape[0]
    if net.output == "softmax" and net.loss_name == "cross_entropy":
        data = -(tt * torch.log_softmax(h, dim=-1)).sum() / n
    else:
        y = TORCH_ACT[net.output](h)
        if net.loss_name == "mse":
            data = 0.5 * ((y - tt) ** 2).sum() / n
        elif y.shape[-1] == 1:
            data = torch.nn.functional.binary_cross_entropy(y, tt)
        else:
            data = -(tt * torch.log(y)).sum() / n
    Ws = [p for k, p in params.items() if k.startswith("W")]
    if net.weight_decay and net.decay == "l2":
        data = data + 0.5 * net.weight_decay * sum((W**2).sum() for W in Ws)
    elif net.weight_decay:
        data = data + net.weight_decay * sum(W.abs().sum() for W in Ws)
    return data


def make(case, seed=0):
    sizes, act, out, loss, bias, wd, decay = case
    return MLP(sizes, act, out, loss, seed=seed, bias=bias, weight_decay=wd, decay=decay)


def randomise_biases(net, seed=5):
    rng = np.random.default_rng(seed)
    for key in net.params:
        if key.startswith("b"):
            net.params[key] = rng.normal(size=net.params[key].shape) * 0.5


@pytest.mark.parametrize("case", CASES, ids=lambda c: "-".join(map(str, c[0])) + f"-{c[1]}-{c[2]}-{c[3]}")
def test_gradient_check_analytic_vs_numerical(case):
    net = make(case)
    randomise_biases(net)
    x, t = batch(net, 5)
    grads = net.gradient(x, t)
    numeric = net.numerical_gradient(x, t)
    assert grads.keys() == numeric.keys() == net.params.keys()
    for key in grads:
        assert grads[key].shape == net.params[key].shape
        np.testing.assert_allclose(grads[key], numeric[key], atol=1e-7, rtol=1e-5, err_msg=key)


@pytest.mark.parametrize("case", CASES, ids=lambda c: "-".join(map(str, c[0])) + f"-{c[1]}-{c[2]}-{c[3]}")
def test_loss_gradients_and_one_sgd_step_match_torch(case):
    net = make(case, seed=3)
    randomise_biases(net, 6)
    x, t = batch(net, 7, seed=4)
    tparams = {k: torch.tensor(v, requires_grad=True) for k, v in net.params.items()}
    tloss = torch_loss(net, x, t, tparams)
    tloss.backward()
    assert net.loss(x, t) == pytest.approx(tloss.item(), rel=1e-12, abs=1e-14)
    grads = net.gradient(x, t)
    for key in grads:
        np.testing.assert_allclose(grads[key], tparams[key].grad.numpy(), rtol=1e-10, atol=1e-12, err_msg=key)
    lr = 0.3
    opt = torch.optim.SGD(list(tparams.values()), lr=lr)
    opt.step()
    for key in grads:
        net.params[key] = net.params[key] - lr * grads[key]
        np.testing.assert_allclose(net.params[key], tparams[key].detach().numpy(), rtol=1e-10, atol=1e-12)
    with torch.no_grad():
        assert net.loss(x, t) == pytest.approx(torch_loss(net, x, t, tparams).item(), rel=1e-10)


def random_case(rng):
    depth = int(rng.integers(1, 5))
    sizes = [int(n) for n in rng.integers(1, 7, size=depth + 1)]
    acts = [str(a) for a in rng.choice(["sigmoid", "tanh", "relu", "leaky_relu", "softplus", "identity"], depth - 1)]
    output, loss = [("identity", "mse"), ("sigmoid", "mse"), ("softmax", "mse"), ("softmax", "cross_entropy"),
                    ("sigmoid", "cross_entropy")][int(rng.integers(5))]
    sizes[-1] = max(sizes[-1], 2) if output == "softmax" else sizes[-1]
    return (sizes, acts, output, loss, bool(rng.integers(2)), float(rng.choice([0.0, 0.05])),
            str(rng.choice(["l2", "l1"])))


@pytest.mark.parametrize("seed", range(12))
def test_random_nets_match_torch_and_numerical(seed):
    rng = np.random.default_rng(100 + seed)
    case = random_case(rng)
    net = make(case, seed=seed)
    randomise_biases(net, seed)
    x, t = batch(net, int(rng.integers(1, 6)), seed=seed)
    tparams = {k: torch.tensor(v, requires_grad=True) for k, v in net.params.items()}
    tloss = torch_loss(net, x, t, tparams)
    tloss.backward()
    assert net.loss(x, t) == pytest.approx(tloss.item(), rel=1e-12, abs=1e-14)
    grads = net.gradient(x, t)
    numeric = net.numerical_gradient(x, t)
    for key in grads:
        np.testing.assert_allclose(grads[key], tparams[key].grad.numpy(), rtol=1e-10, atol=1e-12, err_msg=key)
        np.testing.assert_allclose(grads[key], numeric[key], rtol=1e-5, atol=1e-7, err_msg=key)


def test_single_sample_forward_and_gradient():
    net = MLP([2, 2], "sigmoid", "sigmoid", "mse", bias=False)
    net.params["W1"] = np.array([[0.9, 0.2], [0.3, 0.8]])
    x, t = np.array([1.0, 0.5]), np.array([0.0, 1.0])
    y = net.forward(x)
    np.testing.assert_allclose(y, [0.7407748991, 0.6456563062], atol=1e-10)
    assert net.loss(x, t) == pytest.approx(0.5 * ((y[0] - 0) ** 2 + (y[1] - 1) ** 2), rel=1e-14)
    delta = (y - t) * y * (1 - y)
    np.testing.assert_allclose(net.gradient(x, t)["W1"], np.outer(x, delta), rtol=1e-14)


def test_params_dict_is_the_state():
    net = MLP([2, 3, 2], seed=0)
    x = np.array([[0.5, -1.0]])
    before = net.forward(x)
    net.params["W2"] = net.params["W2"] * 2
    after = net.forward(x)
    assert not np.allclose(before, after)
    net.params["b2"] = np.array([1.0, -1.0])
    np.testing.assert_allclose(net.forward(x) - after, [[1.0, -1.0]], rtol=1e-14)


@pytest.mark.parametrize("init, std", [("std", lambda n: 0.01), ("xavier", lambda n: np.sqrt(1 / n)),
                                       ("he", lambda n: np.sqrt(2 / n)), (0.2, lambda n: 0.2)])
def test_initialisation_draws_from_the_seed(init, std):
    net = MLP([400, 300, 10], init=init, seed=11)
    rng = np.random.default_rng(11)
    np.testing.assert_array_equal(net.params["W1"], rng.standard_normal((400, 300)) * std(400))
    np.testing.assert_array_equal(net.params["W2"], rng.standard_normal((300, 10)) * std(300))
    assert net.params["W1"].std() == pytest.approx(std(400), rel=0.02)
    np.testing.assert_array_equal(net.params["b1"], np.zeros(300))
    again = MLP([400, 300, 10], init=init, seed=11)
    np.testing.assert_array_equal(again.params["W2"], net.params["W2"])


def test_float32_stays_float32():
    net = MLP([4, 6, 3], "relu", "softmax", "cross_entropy", dtype=np.float32, batchnorm=True, dropout=0.2)
    f64 = MLP([4, 6, 3], "relu", "softmax", "cross_entropy", batchnorm=True, dropout=0.2)
    assert all(v.dtype == np.float32 for v in net.params.values())
    x = np.random.default_rng(0).normal(size=(8, 4)).astype(np.float32)
    t = np.arange(8) % 3
    grads = net.gradient(x, t)  # the same seed: the same weights and dropout masks as f64
    assert all(g.dtype == np.float32 for g in grads.values())
    for key, g in f64.gradient(x.astype(np.float64), t).items():
        np.testing.assert_allclose(grads[key], g, rtol=1e-4, atol=1e-6)
    assert net.forward(x).dtype == np.float32
    assert net.forward(x, train=True).dtype == np.float32


def test_float32_params_replaced_in_a_float64_net_take_effect():
    net = MLP([3, 4, 2], "tanh")
    x = np.ones((2, 3), np.float32)
    for key in net.params:
        net.params[key] = net.params[key].astype(np.float32)
    assert net.forward(x).dtype == np.float32


def test_inputs_are_not_mutated():
    net = MLP([3, 4, 3], "relu", "softmax", "cross_entropy", batchnorm=True, dropout=0.5)
    x = np.random.default_rng(0).normal(size=(5, 3))
    t = np.eye(3)[[0, 1, 2, 0, 1]]
    xb, tb = x.copy(), t.copy()
    params = {k: v.copy() for k, v in net.params.items()}
    net.gradient(x, t)
    net.numerical_gradient(x, t)
    np.testing.assert_array_equal(x, xb)
    np.testing.assert_array_equal(t, tb)
    for key in params:
        np.testing.assert_array_equal(net.params[key], params[key])


def test_batchnorm_mlp_gradient_check_and_torch():
    net = MLP([3, 5, 4, 2], "tanh", "softmax", "cross_entropy", seed=2, batchnorm=True)
    rng = np.random.default_rng(3)
    for l in (1, 2):
        net.params[f"gamma{l}"] = rng.uniform(0.5, 1.5, size=net.sizes[l])
        net.params[f"beta{l}"] = rng.normal(size=net.sizes[l]) * 0.3
    x = rng.normal(size=(6, 3))
    labels = rng.integers(0, 2, size=6)
    numeric = net.numerical_gradient(x, labels)
    assert all(np.all(v == 0) for k, v in net.buffers.items() if k.startswith("running_mean"))
    grads = net.gradient(x, labels)
    for key in grads:
        np.testing.assert_allclose(grads[key], numeric[key], atol=1e-7, rtol=1e-5, err_msg=key)

    tnet = torch.nn.Sequential(
        torch.nn.Linear(3, 5), torch.nn.BatchNorm1d(5), torch.nn.Tanh(),
        torch.nn.Linear(5, 4), torch.nn.BatchNorm1d(4), torch.nn.Tanh(), torch.nn.Linear(4, 2)).double()
    with torch.no_grad():
        for i, l in ((0, 1), (3, 2), (6, 3)):
            tnet[i].weight.copy_(torch.from_numpy(net.params[f"W{l}"].T))
            tnet[i].bias.copy_(torch.from_numpy(net.params[f"b{l}"]))
        for i, l in ((1, 1), (4, 2)):
            tnet[i].weight.copy_(torch.from_numpy(net.params[f"gamma{l}"]))
            tnet[i].bias.copy_(torch.from_numpy(net.params[f"beta{l}"]))
    tnet.train()
    tloss = torch.nn.functional.cross_entropy(tnet(torch.from_numpy(x)), torch.from_numpy(labels))
    tloss.backward()
    for i, l in ((0, 1), (3, 2), (6, 3)):
        np.testing.assert_allclose(grads[f"W{l}"], tnet[i].weight.grad.numpy().T, rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(grads[f"b{l}"], tnet[i].bias.grad.numpy(), rtol=1e-10, atol=1e-12)
    for i, l in ((1, 1), (4, 2)):
        np.testing.assert_allclose(grads[f"gamma{l}"], tnet[i].weight.grad.numpy(), rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(grads[f"beta{l}"], tnet[i].bias.grad.numpy(), rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(net.buffers[f"running_mean{l}"], tnet[i].running_mean.numpy(), rtol=1e-12)
        np.testing.assert_allclose(net.buffers[f"running_var{l}"], tnet[i].running_var.numpy(), rtol=1e-12)
    tnet.eval()
    with torch.no_grad():
        np.testing.assert_allclose(net.forward(x), torch.softmax(tnet(torch.from_numpy(x)), -1).numpy(), rtol=1e-12)


def test_dropout_mlp_masks_come_from_the_seed_and_eval_is_deterministic():
    x = np.random.default_rng(0).normal(size=(6, 4))
    t = np.random.default_rng(1).normal(size=(6, 2))
    a = MLP([4, 10, 2], "relu", dropout=0.5, seed=4)
    b = MLP([4, 10, 2], "relu", dropout=0.5, seed=4)
    np.testing.assert_array_equal(a.forward(x, train=True), b.forward(x, train=True))
    np.testing.assert_array_equal(a.forward(x), a.forward(x))
    assert not np.array_equal(a.forward(x, train=True), a.forward(x))
    numeric = a.numerical_gradient(x, t)  # rewinds the generator for every evaluation
    grads = a.gradient(x, t)
    for key in grads:
        np.testing.assert_allclose(grads[key], numeric[key], atol=1e-7, rtol=1e-5, err_msg=key)
    no_dropout = MLP([4, 10, 2], "relu", seed=4)
    np.testing.assert_allclose(a.forward(x), no_dropout.forward(x), rtol=1e-15)


def test_accuracy():
    net = MLP([2, 3], "sigmoid", "identity", bias=True)
    net.params["W1"] = np.zeros((2, 3))
    net.params["b1"] = np.array([0.0, 1.0, 0.5])
    x = np.zeros((4, 2))
    assert net.accuracy(x, np.array([1, 1, 0, 2])) == 0.5
    assert net.accuracy(x, np.eye(3)[[1, 1, 0, 2]]) == 0.5
    assert net.accuracy(np.zeros(2), np.array([0.0, 1.0, 0.0])) == 1.0
    one = MLP([2, 1], output="sigmoid", bias=True)
    one.params["W1"] = np.array([[10.0], [0.0]])
    xs = np.array([[1.0, 0.0], [-1.0, 0.0], [2.0, 0.0]])
    assert one.accuracy(xs, np.array([1, 0, 0])) == pytest.approx(2 / 3)
    assert one.accuracy(xs, np.array([[1.0], [0.0], [1.0]])) == 1.0


@pytest.mark.parametrize("kwargs, field", [
    ({"sizes": [3]}, "sizes"), ({"sizes": [3, 0, 2]}, "sizes"), ({"activation": "swish"}, "activation"),
    ({"activation": ["relu", "relu"]}, "activation"), ({"output": "gelu"}, "output"), ({"loss": "hinge"}, "loss"),
    ({"init": "lecun"}, "init"), ({"init": -1.0}, "init"), ({"decay": "l3"}, "decay"),
    ({"weight_decay": -0.1}, "weight_decay"), ({"dropout": 1.0}, "dropout")])
def test_bad_arguments_name_the_field(kwargs, field):
    args = {"sizes": [3, 4, 2], **kwargs}
    with pytest.raises(ValueError, match=f"^{field}:"):
        MLP(args.pop("sizes"), **args)
