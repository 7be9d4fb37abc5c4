import numpy as np
import pytest
import torch

from nnlab.functions import numerical_gradient
from nnlab.layers import (Affine, BatchNorm, Dropout, Elementwise, OutputWithLoss, Relu, Sigmoid, Softmax,
                          SoftmaxWithLoss, Tanh, activation_layer)

RNG = np.random.default_rng(0)


def t64(a, grad=False):
    return torch.tensor(np.asarray(a, dtype=np.float64), requires_grad=grad)


def check_input_gradient(layer, x, forward=None):
    """backward(G) against the numerical gradient of Σ forward(x)·G; returns (dx, G)."""
    forward = forward or layer.forward
    G = RNG.normal(size=forward(x).shape)
    x_before = x.copy()
    dx = layer.backward(G)
    np.testing.assert_array_equal(x, x_before)
    numeric = numerical_gradient(lambda v: float(np.sum(forward(v) * G)), x, h=1e-5)
    forward(x)  # restore the layer's cache
    np.testing.assert_allclose(dx, numeric, atol=1e-8)
    return dx, G


@pytest.mark.parametrize("shape", [(4,), (5, 4), (3, 2, 2)])
@pytest.mark.parametrize("bias", [True, False])
def test_affine_backward_vs_numerical_and_torch(shape, bias):
    params = {"W": RNG.normal(size=(4, 3))}
    if bias:
        params["b"] = RNG.normal(size=3)
    layer = Affine(params, "W", "b" if bias else None)
    x = RNG.normal(size=shape)
    out = layer.forward(x)
    dx, G = check_input_gradient(layer, x)
    assert dx.shape == x.shape
    grads = dict(layer.grads)
    for key in params:
        def f(value, key=key):
            p = dict(params, **{key: value})
            return float(np.sum(Affine(p, "W", "b" if bias else None).forward(x) * G))
        np.testing.assert_allclose(grads[key], numerical_gradient(f, params[key], h=1e-5), atol=1e-8)
    tx, tW = t64(x, True), t64(params["W"], True)
    tb = t64(params["b"], True) if bias else None
    ty = tx.reshape(-1, 4) @ tW if x.ndim > 2 else tx @ tW
    ty = ty + tb if bias else ty
    np.testing.assert_allclose(out, ty.detach().numpy(), rtol=1e-13)
    (ty * t64(G)).sum().backward()
    np.testing.assert_allclose(dx, tx.grad.numpy(), rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(grads["W"], tW.grad.numpy(), rtol=1e-12, atol=1e-14)
    if bias:
        np.testing.assert_allclose(grads["b"], tb.grad.numpy(), rtol=1e-12, atol=1e-14)


def test_affine_reads_the_params_dict_on_every_call():
    params = {"W": np.eye(2), "b": np.zeros(2)}
    layer = Affine(params)
    np.testing.assert_array_equal(layer.forward(np.array([1.0, 2.0])), [1.0, 2.0])
    params["W"] = 2 * np.eye(2)
    np.testing.assert_array_equal(layer.forward(np.array([1.0, 2.0])), [2.0, 4.0])


TORCH_ACT = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu,
             "leaky_relu": torch.nn.functional.leaky_relu, "softplus": torch.nn.functional.softplus,
             "identity": lambda v: v * 1, "softmax": lambda v: torch.softmax(v, dim=-1)}


@pytest.mark.parametrize("name", sorted(TORCH_ACT))
def test_activation_layers_vs_numerical_and_torch(name):
    layer = activation_layer(name)
    x = RNG.normal(size=(6, 5)) * 2
    out = layer.forward(x)
    dx, G = check_input_gradient(layer, x)
    tx = t64(x, True)
    ty = TORCH_ACT[name](tx)
    np.testing.assert_allclose(out, ty.detach().numpy(), rtol=1e-13, atol=1e-15)
    (ty * t64(G)).sum().backward()
    np.testing.assert_allclose(dx, tx.grad.numpy(), rtol=1e-12, atol=1e-15)


def test_activation_layer_classes():
    assert isinstance(activation_layer("sigmoid"), Sigmoid)
    assert isinstance(activation_layer("tanh"), Tanh)
    assert isinstance(activation_layer("relu"), Relu)
    assert isinstance(activation_layer("softmax"), Softmax)
    assert isinstance(activation_layer("softplus"), Elementwise)
    with pytest.raises(ValueError, match="unknown activation 'swish'"):
        activation_layer("swish")


@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu", "leaky_relu", "softplus", "softmax", "identity"])
def test_layers_keep_float32(name):
    layer = activation_layer(name)
    x = RNG.normal(size=(3, 4)).astype(np.float32)
    assert layer.forward(x).dtype == np.float32
    assert layer.backward(np.ones((3, 4), dtype=np.float32)).dtype == np.float32
    affine = Affine({"W": np.ones((4, 2), np.float32), "b": np.zeros(2, np.float32)})
    assert affine.forward(x).dtype == np.float32
    assert affine.backward(np.ones((3, 2), np.float32)).dtype == np.float32
    assert affine.grads["W"].dtype == np.float32


@pytest.mark.parametrize("labels", [True, False])
def test_softmax_with_loss_vs_torch(labels):
    x = RNG.normal(size=(5, 4)) * 3
    y_labels = RNG.integers(0, 4, size=5)
    t = y_labels if labels else np.eye(4)[y_labels]
    layer = SoftmaxWithLoss()
    loss = layer.forward(x, t)
    dx = layer.backward()
    tx = t64(x, True)
    tloss = torch.nn.functional.cross_entropy(tx, torch.from_numpy(y_labels))
    tloss.backward()
    assert loss == pytest.approx(tloss.item(), rel=1e-13)
    np.testing.assert_allclose(dx, tx.grad.numpy(), rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(dx, numerical_gradient(lambda v: SoftmaxWithLoss().forward(v, t), x), atol=1e-8)


@pytest.mark.parametrize("activation, loss", [("identity", "mse"), ("sigmoid", "mse"), ("softmax", "mse"),
                                              ("tanh", "mse"), ("sigmoid", "cross_entropy"),
                                              ("softmax", "cross_entropy")])
def test_output_with_loss_vs_numerical_and_torch(activation, loss):
    x = RNG.normal(size=(4, 3))
    t = np.eye(3)[RNG.integers(0, 3, size=4)]
    layer = OutputWithLoss(activation, loss)
    value = layer.forward(x, t)
    dx = layer.backward()
    np.testing.assert_allclose(dx, numerical_gradient(lambda v: OutputWithLoss(activation, loss).forward(v, t), x),
                               atol=1e-8)
    tx = t64(x, True)
    ty = TORCH_ACT[activation](tx)
    tt = t64(t)
    tl = 0.5 * ((ty - tt) ** 2).sum() / 4 if loss == "mse" else -(tt * torch.log(ty)).sum() / 4
    tl.backward()
    assert value == pytest.approx(tl.item(), rel=1e-13)
    np.testing.assert_allclose(dx, tx.grad.numpy(), rtol=1e-11, atol=1e-15)


def test_sigmoid_binary_cross_entropy_is_fused():
    x = RNG.normal(size=(6, 1))
    t = RNG.integers(0, 2, size=(6, 1)).astype(float)
    layer = OutputWithLoss("sigmoid", "cross_entropy")
    value = layer.forward(x, t)
    dx = layer.backward()
    tx = t64(x, True)
    tl = torch.nn.functional.binary_cross_entropy_with_logits(tx, t64(t))
    tl.backward()
    assert value == pytest.approx(tl.item(), rel=1e-12)
    np.testing.assert_allclose(dx, tx.grad.numpy(), rtol=1e-12, atol=1e-15)


def test_single_sample_mse_gradient_is_y_minus_t():
    layer = OutputWithLoss("identity", "mse")
    assert layer.forward(np.array([0.5, 2.0]), np.array([0.0, 1.0])) == pytest.approx(0.625)
    np.testing.assert_allclose(layer.backward(), [0.5, 1.0])


def make_bn(n, dtype=np.float64):
    params = {"gamma": RNG.normal(size=n).astype(dtype), "beta": RNG.normal(size=n).astype(dtype)}
    buffers = {"running_mean": np.zeros(n, dtype), "running_var": np.ones(n, dtype)}
    return params, buffers, BatchNorm(params, buffers)


def torch_bn(params):
    bn = torch.nn.BatchNorm1d(len(params["gamma"]), momentum=0.1, eps=1e-5).double()
    with torch.no_grad():
        bn.weight.copy_(torch.from_numpy(params["gamma"]))
        bn.bias.copy_(torch.from_numpy(params["beta"]))
    return bn


def test_batchnorm_train_and_eval_match_torch_batchnorm1d():
    params, buffers, layer = make_bn(3)
    bn = torch_bn(params)
    for step in range(3):  # running statistics move the same way over several batches
        x = RNG.normal(loc=2.0, scale=3.0, size=(8, 3))
        G = RNG.normal(size=(8, 3))
        out = layer.forward(x, train=True)
        dx = layer.backward(G)
        bn.train()
        tx = t64(x, True)
        ty = bn(tx)
        (ty * t64(G)).sum().backward()
        np.testing.assert_allclose(out, ty.detach().numpy(), rtol=1e-12, atol=1e-13)
        np.testing.assert_allclose(dx, tx.grad.numpy(), rtol=1e-10, atol=1e-12)
        np.testing.assert_allclose(layer.grads["gamma"], bn.weight.grad.numpy(), rtol=1e-12)
        np.testing.assert_allclose(layer.grads["beta"], bn.bias.grad.numpy(), rtol=1e-12)
        np.testing.assert_allclose(buffers["running_mean"], bn.running_mean.numpy(), rtol=1e-13)
        np.testing.assert_allclose(buffers["running_var"], bn.running_var.numpy(), rtol=1e-13)
        bn.weight.grad = bn.bias.grad = None
    x = RNG.normal(size=(5, 3))
    G = RNG.normal(size=(5, 3))
    out = layer.forward(x, train=False)
    dx = layer.backward(G)
    bn.eval()
    tx = t64(x, True)
    ty = bn(tx)
    (ty * t64(G)).sum().backward()
    np.testing.assert_allclose(out, ty.detach().numpy(), rtol=1e-12, atol=1e-13)
    np.testing.assert_allclose(dx, tx.grad.numpy(), rtol=1e-12)
    np.testing.assert_allclose(layer.grads["gamma"], bn.weight.grad.numpy(), rtol=1e-12)


@pytest.mark.parametrize("train", [True, False])
def test_batchnorm_backward_vs_numerical(train):
    params, buffers, layer = make_bn(4)
    buffers["running_mean"] = RNG.normal(size=4)
    buffers["running_var"] = RNG.uniform(0.5, 2, size=4)
    x = RNG.normal(size=(6, 4))
    saved = dict(buffers)

    def forward(v):
        buffers.update(saved)
        return layer.forward(v, train=train)

    forward(x)
    check_input_gradient(layer, x, forward)


def test_batchnorm_needs_two_samples_to_train_and_keeps_float32():
    params, buffers, layer = make_bn(2, np.float32)
    with pytest.raises(ValueError, match="at least 2"):
        layer.forward(np.ones((1, 2), np.float32), train=True)
    x = RNG.normal(size=(4, 2)).astype(np.float32)
    assert layer.forward(x, train=True).dtype == np.float32
    assert layer.backward(np.ones((4, 2), np.float32)).dtype == np.float32
    assert buffers["running_var"].dtype == np.float32


def test_dropout_train_is_inverted_and_reproducible_from_the_seed():
    x = RNG.normal(size=(200, 50))
    p = 0.3
    a = Dropout(p, np.random.default_rng(7))
    b = Dropout(p, np.random.default_rng(7))
    out = a.forward(x, train=True)
    np.testing.assert_array_equal(out, b.forward(x, train=True))
    expected_mask = np.random.default_rng(7).random(x.shape) >= p
    np.testing.assert_array_equal(a.mask, expected_mask)
    np.testing.assert_allclose(out, np.where(expected_mask, x / (1 - p), 0.0), rtol=1e-15)
    assert abs(a.mask.mean() - (1 - p)) < 0.02
    G = RNG.normal(size=x.shape)
    dx = a.backward(G)
    tx = t64(x, True)
    ty = tx * torch.from_numpy(expected_mask) / (1 - p)
    (ty * t64(G)).sum().backward()
    np.testing.assert_allclose(dx, tx.grad.numpy(), rtol=1e-15)
    second = a.forward(x, train=True)
    assert not np.array_equal(second, out)  # the next batch gets a new mask


def test_dropout_eval_is_identity_as_torch():
    x = RNG.normal(size=(4, 6))
    layer = Dropout(0.5, np.random.default_rng(0))
    out = layer.forward(x, train=False)
    np.testing.assert_array_equal(out, x)
    np.testing.assert_array_equal(out, torch.nn.functional.dropout(t64(x), 0.5, training=False).numpy())
    G = RNG.normal(size=x.shape)
    np.testing.assert_array_equal(layer.backward(G), G)
    with pytest.raises(ValueError, match="dropout"):
        Dropout(1.0, np.random.default_rng(0))


def test_dropout_statistics_match_torch_scaling():
    x = np.ones((100, 100))
    out = Dropout(0.25, np.random.default_rng(1)).forward(x, train=True)
    torch.manual_seed(0)
    tout = torch.nn.functional.dropout(t64(x), 0.25, training=True).numpy()
    assert set(np.unique(out)) == set(np.unique(tout)) == {0.0, 1 / 0.75}
    assert out.dtype == np.float64
    assert Dropout(0.5, np.random.default_rng(1)).forward(x.astype(np.float32), train=True).dtype == np.float32
