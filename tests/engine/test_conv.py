import numpy as np
import pytest
import torch
import torch.nn.functional as F

from nnlab.conv import (Conv2D, Pool2D, col2im, conv2d, conv2d_backward, im2col, output_size, pool2d,
                        pool2d_backward, size_formula)

X = np.array([[1, 2, 3, 0], [0, 1, 2, 3], [3, 0, 1, 2], [2, 3, 0, 1]], dtype=float)
K = np.array([[2, 0, 1], [0, 1, 2], [1, 0, 2]], dtype=float)


def test_conv_basic_worked_numbers():
    y = conv2d(X[None, None], K[None, None])
    np.testing.assert_array_equal(y[0, 0], [[15, 16], [6, 15]])
    y = conv2d(X[None, None], K[None, None], np.array([3.0]))
    np.testing.assert_array_equal(y[0, 0], [[18, 19], [9, 18]])


def test_conv_padding_and_stride_shapes():
    assert conv2d(X[None, None], K[None, None], pad=1).shape == (1, 1, 4, 4)
    x7 = np.arange(49.0).reshape(1, 1, 7, 7)
    assert conv2d(x7, K[None, None], stride=2).shape == (1, 1, 3, 3)


def test_pool_max_and_avg_worked_numbers():
    np.testing.assert_array_equal(pool2d(X[None, None], 2, mode="max")[0, 0], [[2, 3], [3, 2]])
    np.testing.assert_array_equal(pool2d(X[None, None], 2, mode="avg")[0, 0], [[1, 2], [2, 1]])
    three = np.stack([X, X + 1, 2 * X])[None]
    np.testing.assert_array_equal(pool2d(three, 2)[0, 2], [[4, 6], [6, 4]])


def test_output_size_formula():
    assert output_size(4, 3) == 2
    assert output_size(4, 3, 1, 1) == 4
    assert output_size(7, 3, 2) == 3
    assert output_size(28, 3, 1, 1) == 28
    assert size_formula(4, 3, 1, 1) == "(4 + 2·1 − 3)/1 + 1"
    with pytest.raises(ValueError, match=r"^\(5 \+ 2·0 − 2\)/2 \+ 1 = 2\.5 is not an integer$"):
        output_size(5, 2, 2, 0)
    with pytest.raises(ValueError, match=r"\(2 \+ 2·0 − 3\)/1 \+ 1 = 0: the 3-wide window does not fit"):
        output_size(2, 3)
    with pytest.raises(ValueError, match="not an integer"):
        conv2d(np.zeros((1, 1, 5, 5)), np.zeros((1, 1, 2, 2)), stride=2)
    with pytest.raises(ValueError, match="stride"):
        output_size(4, 3, 0)


def test_im2col_layout_and_col2im_adjoint():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((2, 3, 5, 6))
    col = im2col(x, 3, 2, 2, 1)
    assert col.shape == (2, 3 * 3 * 2, 3 * 4)
    xp = np.pad(x, ((0, 0), (0, 0), (1, 1), (1, 1)))
    # row (c, i, j), column (oi, oj) is xp[c, oi*s + i, oj*s + j]
    assert col[1, 1 * 6 + 2 * 2 + 1, 2 * 4 + 3] == xp[1, 1, 2 * 2 + 2, 3 * 2 + 1]
    # <im2col(x), c> == <x, col2im(c)>
    c = rng.standard_normal(col.shape)
    assert np.isclose((col * c).sum(), (x * col2im(c, x.shape, 3, 2, 2, 1)).sum(), rtol=1e-12)


def test_float32_stays_float32():
    x = np.ones((2, 1, 6, 6), np.float32)
    layer = Conv2D(np.ones((4, 1, 3, 3), np.float32), np.zeros(4, np.float32), pad=1)
    y = layer.forward(x)
    assert y.dtype == np.float32 and layer.backward(np.ones_like(y)).dtype == np.float32
    assert layer.dw.dtype == np.float32
    pool = Pool2D(2)
    p = pool.forward(x)
    assert p.dtype == np.float32 and pool.backward(np.ones_like(p)).dtype == np.float32


def test_inputs_are_not_mutated():
    rng = np.random.default_rng(1)
    x, w, d = rng.standard_normal((1, 2, 5, 5)), rng.standard_normal((3, 2, 3, 3)), rng.standard_normal((1, 3, 5, 5))
    copies = x.copy(), w.copy(), d.copy()
    conv2d_backward(d, x, w, 1, 1)
    pool2d_backward(np.ones((1, 2, 5, 5)), x, 3, 1, 1, "max")
    assert all(np.array_equal(a, b) for a, b in zip((x, w, d), copies))


def _conv_case(rng):
    n, c, fn = rng.integers(1, 3), rng.integers(1, 4), rng.integers(1, 5)
    fh, fw, s, p = rng.integers(1, 5), rng.integers(1, 5), rng.integers(1, 4), rng.integers(0, 3)
    oh, ow = rng.integers(1, 6), rng.integers(1, 6)
    h, w = (oh - 1) * s + fh - 2 * p, (ow - 1) * s + fw - 2 * p
    if h < 1 or w < 1:
        return None
    return n, c, fn, fh, fw, s, p, h, w


def test_conv2d_forward_and_backward_match_torch():
    rng = np.random.default_rng(42)
    done = 0
    while done < 60:
        case = _conv_case(rng)
        if case is None:
            continue
        n, c, fn, fh, fw, s, p, h, w = case
        x, wt, b = rng.standard_normal((n, c, h, w)), rng.standard_normal((fn, c, fh, fw)), rng.standard_normal(fn)
        tx, tw, tb = (torch.tensor(a, requires_grad=True) for a in (x, wt, b))
        ty = F.conv2d(tx, tw, tb, stride=s, padding=p)
        layer = Conv2D(wt, b, s, p)
        y = layer.forward(x)
        np.testing.assert_allclose(y, ty.detach().numpy(), rtol=0, atol=1e-10)
        dout = rng.standard_normal(y.shape)
        ty.backward(torch.tensor(dout))
        dx = layer.backward(dout)
        np.testing.assert_allclose(dx, tx.grad.numpy(), rtol=0, atol=1e-10)
        np.testing.assert_allclose(layer.dw, tw.grad.numpy(), rtol=0, atol=1e-10)
        np.testing.assert_allclose(layer.db, tb.grad.numpy(), rtol=0, atol=1e-10)
        dx2, dw2, db2 = conv2d_backward(dout, x, wt, s, p)
        np.testing.assert_array_equal(dx2, dx)
        np.testing.assert_array_equal(dw2, layer.dw)
        done += 1


@pytest.mark.parametrize("mode", ["max", "avg"])
def test_pool2d_forward_and_backward_match_torch(mode):
    rng = np.random.default_rng(7 if mode == "max" else 8)
    done = 0
    while done < 60:
        n, c = rng.integers(1, 3), rng.integers(1, 4)
        size, s = rng.integers(1, 5), rng.integers(1, 4)
        p = rng.integers(0, size // 2 + 1)
        oh, ow = rng.integers(1, 6), rng.integers(1, 6)
        h, w = (oh - 1) * s + size - 2 * p, (ow - 1) * s + size - 2 * p
        if h < 1 or w < 1:
            continue
        x = rng.standard_normal((n, c, h, w))
        tx = torch.tensor(x, requires_grad=True)
        if mode == "max":
            ty = F.max_pool2d(tx, size, stride=s, padding=p)
        else:
            ty = F.avg_pool2d(tx, size, stride=s, padding=p, count_include_pad=True)
        layer = Pool2D(size, s, p, mode)
        y = layer.forward(x)
        np.testing.assert_allclose(y, ty.detach().numpy(), rtol=0, atol=1e-10)
        dout = rng.standard_normal(y.shape)
        ty.backward(torch.tensor(dout))
        np.testing.assert_allclose(layer.backward(dout), tx.grad.numpy(), rtol=0, atol=1e-10)
        np.testing.assert_allclose(pool2d_backward(dout, x, size, s, p, mode), tx.grad.numpy(), rtol=0, atol=1e-10)
        done += 1


def test_pool_rejects_padding_over_half_the_window_and_bad_mode():
    with pytest.raises(ValueError, match="more than half"):
        pool2d(X[None, None], 2, pad=2)
    with pytest.raises(ValueError, match="'max' or 'avg'"):
        pool2d(X[None, None], 2, mode="min")


def test_max_pool_routes_to_the_winner_and_pads_with_minus_infinity():
    x = -np.ones((1, 1, 2, 2))
    x[0, 0, 1, 0] = -0.5
    layer = Pool2D(2, 2, 1, "max")  # every window holds one real cell and three padding cells
    np.testing.assert_array_equal(layer.forward(x)[0, 0], [[-1, -1], [-0.5, -1]])
    np.testing.assert_array_equal(layer.backward(np.array([[[[1.0, 2], [3, 4]]]]))[0, 0], [[1, 2], [3, 4]])
