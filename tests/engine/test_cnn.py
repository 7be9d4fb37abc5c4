"""The CNN engine against PyTorch (float64): forward, backward and Grad-CAM on 8×8 and 28×28
inputs; the shipped weights' accuracy on the held-out digits."""

from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from nnlab import cnn
from tests.conftest import mnist_idx


def torch_forward(params: dict, arch: str, x: torch.Tensor, keep: list | None = None) -> torch.Tensor:
    t = {k: torch.tensor(v, requires_grad=True) for k, v in params.items()}
    for layer in cnn.layers(arch):
        if layer.kind == "conv":
            x = F.conv2d(x, t[f"W{layer.index}"], t[f"b{layer.index}"], padding=1)
        elif layer.kind == "relu":
            x = F.relu(x)
        else:
            x = F.max_pool2d(x, 2)
        if keep is not None:
            x.retain_grad()
            keep.append(x)
    torch_forward.tensors = t
    return x.reshape(x.shape[0], -1) @ t["Wf"] + t["bf"]


@pytest.mark.parametrize("arch,seed,size", [("simple", 0, 8), ("deep", 1, 8), ("deep", 2, 8), ("simple", 3, 28),
                                            ("deep", 4, 28), ("simple", 5, 10), ("deep", 6, 12)])
def test_forward_and_backward_match_torch(arch, seed, size):
    rng = np.random.default_rng(seed)
    params = cnn.init_params(arch, rng, size)
    params = {k: v + rng.normal(0, 0.1, v.shape) for k, v in params.items()}  # non-zero biases
    n = int(rng.integers(1, 5))
    x = rng.normal(size=(n, 1, size, size))
    dlogits = rng.normal(size=(n, 10))
    model = cnn.CNN(params, arch, size)
    logits = model.forward(x)
    dx = model.backward(dlogits)

    xt = torch.tensor(x, requires_grad=True)
    maps: list = []
    out = torch_forward(params, arch, xt, maps)
    out.backward(torch.tensor(dlogits))
    np.testing.assert_allclose(logits, out.detach().numpy(), rtol=0, atol=1e-10)
    np.testing.assert_allclose(dx, xt.grad.numpy(), rtol=0, atol=1e-10)
    for name, tensor in torch_forward.tensors.items():
        np.testing.assert_allclose(model.grads[name], tensor.grad.numpy(), rtol=0, atol=1e-10, err_msg=name)
    for mine, theirs, dmine in zip(model.maps, maps, model.dmaps):
        np.testing.assert_allclose(mine, theirs.detach().numpy(), rtol=0, atol=1e-10)
        np.testing.assert_allclose(dmine, theirs.grad.numpy(), rtol=0, atol=1e-10)


def trained_28(tmp_path, arch: str) -> tuple[dict, cnn.Images]:
    data = cnn.mnist(*mnist_idx(tmp_path, 300), limit=300)
    return cnn.train(arch, epochs=2, seed=0, data=data).params, data


@pytest.mark.parametrize("arch,size", [("simple", 8), ("deep", 8), ("deep", 28)])
def test_grad_cam_matches_a_torch_autograd_grad_cam(arch, size, tmp_path):
    if size == 8:
        params, (_x, _t, xt, tt) = cnn.load(f"cnn-{arch}"), cnn.digits_split()
    else:
        params, data = trained_28(tmp_path, arch)
        xt, tt = data.xt, data.tt
    image, target = xt[3, 0], int(tt[3])
    cam = cnn.grad_cam(cnn.CNN(params, arch, size), image, target)
    assert cam.heat.shape == (size, size)

    maps: list = []
    logits = torch_forward(params, arch, torch.tensor(image.reshape(1, 1, size, size)), maps)
    a = maps[cam.layer]
    logits[0, target].backward()
    alpha = a.grad[0].mean(dim=(1, 2))
    expected = F.relu((alpha[:, None, None] * a[0]).sum(0)).detach()
    heat = F.interpolate(expected[None, None], size=(size, size), mode="bilinear", align_corners=False)[0, 0]
    np.testing.assert_allclose(cam.alpha, alpha.numpy(), rtol=0, atol=1e-10)
    np.testing.assert_allclose(cam.cam, expected.numpy(), rtol=0, atol=1e-10)
    np.testing.assert_allclose(cam.heat, heat.numpy(), rtol=0, atol=1e-10)
    assert cam.heat.max() > 0


def test_bilinear_matches_torch_interpolate():
    a = np.random.default_rng(0).normal(size=(2, 3))
    expected = F.interpolate(torch.tensor(a)[None, None], size=(8, 8), mode="bilinear", align_corners=False)
    np.testing.assert_allclose(cnn.bilinear(a, 8), expected[0, 0].numpy(), rtol=0, atol=1e-12)


@pytest.mark.parametrize("arch,least", [("simple", 0.95), ("deep", 0.97)])
def test_the_shipped_weights_classify_the_held_out_digits(arch, least):
    _x, _t, xt, tt = cnn.digits_split()
    assert len(tt) == 359
    assert cnn.accuracy(cnn.CNN(cnn.load(f"cnn-{arch}"), arch), xt, tt) >= least


def test_a_few_training_epochs_lower_the_loss_and_stop_when_asked():
    seen = []
    result = cnn.train("simple", epochs=2, seed=0, progress=lambda f, p: seen.append((f, p["epoch"], p["loss"])))
    assert [f for f, _e, _loss in seen] == [0.5, 1.0] and seen[1][2] < seen[0][2] < np.log(10)
    assert result.epochs == 2 and result.loss == seen[1][2] and result.accuracy > 0.5

    class Stop:
        stopped = True

    assert cnn.train("simple", epochs=5, control=Stop()).epochs == 0


def test_shapes_of_the_two_architectures():
    assert [(l.kind, l.shape) for l in cnn.layers("simple")] == [
        ("conv", (4, 8, 8)), ("relu", (4, 8, 8)), ("pool", (4, 4, 4))]
    assert cnn.param_shapes("deep")["W3"] == (16, 8, 3, 3) and cnn.param_shapes("deep")["Wf"] == (64, 10)
    assert [l.shape for l in cnn.layers("deep", 28)][-1] == (16, 7, 7)
    assert cnn.param_shapes("simple", 28)["Wf"] == (4 * 14 * 14, 10) and cnn.param_shapes("deep", 28)["Wf"] == (784, 10)


def test_training_on_28_by_28_idx_files(tmp_path):
    """MNIST-style files (the digits resized to 28×28): split 80/20, scaled by 255, learnt."""
    data = cnn.mnist(*mnist_idx(tmp_path, 300), limit=250)
    assert data.size == 28 and data.pixel_max == 255 and (len(data.x), len(data.xt)) == (200, 50)
    assert data.x.max() <= 1 and cnn.mnist(tmp_path / "im.idx", tmp_path / "lb.idx", 250) is data  # cached
    result = cnn.train("simple", epochs=3, seed=0, data=data)
    assert result.params["Wf"].shape == (784, 10) and result.accuracy >= 0.85

    class StopAfter:  # cancelled in the middle of the second epoch: one epoch counted
        calls = 0

        @property
        def stopped(self):
            self.calls += 1
            return self.calls > 10

    assert cnn.train("simple", epochs=3, control=StopAfter(), data=data).epochs == 1
