"""Convolution arithmetic: every case of vdumoulin/conv_arithmetic's README (sizes, step counts,
values vs torch), dilation's backward pass, transposed convolution and the floor rule."""

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from nnlab.conv import conv2d_backward, conv_transpose2d, output_size, size_formula
from nnlab.labs import conv
from nnlab.presets import load_preset

# (input size, kernel, stride, padding, dilation, floor, transposed) → output size
CASES = [
    ((4, 3, 1, 0, 1, False, False), 2),
    ((5, 4, 1, 2, 1, False, False), 6),
    ((5, 3, 1, 1, 1, False, False), 5),
    ((5, 3, 1, 2, 1, False, False), 7),
    ((5, 3, 2, 0, 1, False, False), 2),
    ((5, 3, 2, 1, 1, False, False), 3),
    ((6, 3, 2, 1, 1, True, False), 3),
    ((7, 3, 1, 0, 2, False, False), 3),
    ((2, 3, 1, 0, 1, False, True), 4),
    ((3, 3, 2, 1, 1, False, True), 5),
]


def values(t, fn, oh, ow):
    state = t.state_at(len(t) - 1)
    return np.array([[[state[f"out:{f}:{i}:{j}"] for j in range(ow)] for i in range(oh)] for f in range(fn)])


@pytest.mark.parametrize(("case", "size"), CASES)
def test_readme_cases_sizes_steps_and_values_match_torch(case, size):
    n, k, s, p, d, floor, transposed = case
    rng = np.random.default_rng(n * 100 + k * 10 + s)
    x, w, b = rng.normal(size=(2, n, n)), rng.normal(size=(2, 2, k, k)), rng.normal(size=2)
    cfg = conv.Config.from_dict({"input": x.tolist(), "kernels": w.tolist(), "bias": b.tolist(), "stride": s,
                                 "padding": p, "dilation": d, "floor": floor, "transposed": transposed,
                                 "backward": False})
    assert output_size(n, k, s, p, d, floor, transposed) == size
    assert cfg.out_shape == (2, size, size)
    t = conv.build_timeline(cfg)
    assert len(t) == 2 * size * size
    tx, tw, tb = torch.tensor(x[None]), torch.tensor(w), torch.tensor(b)
    if transposed:
        ref = F.conv_transpose2d(tx, tw.transpose(0, 1), tb, stride=s, padding=p, dilation=d)
    else:
        ref = F.conv2d(tx, tw, tb, stride=s, padding=p, dilation=d)
    np.testing.assert_allclose(values(t, 2, size, size), ref.numpy()[0], rtol=0, atol=1e-10)


def test_floor_formula_and_refusal_without_it():
    assert size_formula(6, 3, 2, 1, floor=True) == "⌊(6 + 2·1 − 3)/2⌋ + 1"
    assert size_formula(7, 3, 1, 0, dilation=2) == "(7 + 2·0 − 2·(3 − 1) − 1)/1 + 1"
    assert size_formula(3, 3, 2, 1, transposed=True) == "(3 − 1)·2 − 2·1 + (3 − 1) + 1"
    with pytest.raises(ValueError, match=r"\(6 \+ 2·1 − 3\)/2 \+ 1 = 3.5 is not an integer"):
        output_size(6, 3, 2, 1)


def test_dilated_steps_show_the_taps_and_backward_matches_torch():
    rng = np.random.default_rng(3)
    x, w = np.round(rng.normal(size=(1, 7, 6)), 1), np.round(rng.normal(size=(2, 1, 3, 2)), 1)
    dout = rng.normal(size=(2, 5, 6))
    cfg = conv.Config.from_dict({"input": x.tolist(), "kernels": w.tolist(), "bias": [0.5, -1], "dilation": 2,
                                 "stride": 1, "padding": 1, "upstream": dout.tolist()})
    t = conv.build_timeline(cfg)
    assert t[0].focus[0] == "win:0:0:0:3:2:2"  # the taps 2 cells apart from (0, 0)
    xp = t.state_at(-1)["xpad"][0]
    assert t[1].formula.startswith("y[0,0,1] = Σ x·k + b = ")
    tx, tw = torch.tensor(x[None], requires_grad=True), torch.tensor(w, requires_grad=True)
    y = F.conv2d(tx, tw, torch.tensor([0.5, -1.0], dtype=torch.float64), padding=1, dilation=2)
    y.backward(torch.tensor(dout[None]))
    state = t.state_at(len(t) - 1)
    np.testing.assert_allclose(values(t, 2, 5, 6), y.detach().numpy()[0], atol=1e-10)
    dw = np.array([state[f"dk:{f}:0:{a}:{e}"] for f in range(2) for a in range(3) for e in range(2)])
    np.testing.assert_allclose(dw, tw.grad.numpy().reshape(-1), atol=1e-10)
    dx = np.array([[state[f"din:0:{i}:{j}"] for j in range(6)] for i in range(7)])
    np.testing.assert_allclose(dx, tx.grad.numpy()[0, 0], atol=1e-10)
    step = next(st for st in t if "din:0:2:1" in st.values)  # padded (3, 2): met by (i, a) = (1, 1), (3, 0)
    assert "dout:0:1:0" in step.focus and "k:0:0:1:1" in step.focus and "dout:0:3:0" in step.focus
    assert xp.shape == (9, 8)


def test_dilated_backward_of_the_engine_on_random_shapes():
    rng = np.random.default_rng(5)
    for s, p, d, floor in ((1, 0, 2, False), (2, 1, 3, True), (3, 2, 2, True)):
        x, w = rng.normal(size=(2, 3, 11, 10)), rng.normal(size=(4, 3, 3, 2))
        tx, tw = torch.tensor(x, requires_grad=True), torch.tensor(w, requires_grad=True)
        y = F.conv2d(tx, tw, stride=s, padding=p, dilation=d)
        dout = rng.normal(size=y.shape)
        y.backward(torch.tensor(dout))
        dx, dw, db = conv2d_backward(dout, x, w, s, p, d, floor)
        np.testing.assert_allclose(dx, tx.grad.numpy(), atol=1e-10)
        np.testing.assert_allclose(dw, tw.grad.numpy(), atol=1e-10)
        np.testing.assert_allclose(db, dout.sum(axis=(0, 2, 3)), atol=1e-10)


def test_transposed_sums_show_the_scattered_input_cells_only():
    cfg = conv.Config.from_dict({"input": [[[1, 2], [3, 4]]], "kernels": [[[[1, 0, 2], [0, 1, 0], [3, 0, 1]]]],
                                 "transposed": True})
    t = conv.build_timeline(cfg)
    base = t.state_at(-1)
    assert base["ring"] == 2 and base["xpad"].shape == (1, 6, 6)
    # y[0,0] = x[0,0]·w[0,0] only; y[1,1] = 1·w[1,1] + 2·w[1,0] + 3·w[0,1] + 4·w[0,0]
    assert t[0].formula == "y[0,0] = Σ x·k + b = 1×1 + 0 = 1"
    assert t[5].formula == "y[1,1] = Σ x·k + b = 1×1 + 2×0 + 3×0 + 4×1 + 0 = 5"
    assert t[5].focus[0] == "win:0:1:1:3:3:1"
    ref = conv_transpose2d(cfg.x[None], cfg.w)[0]
    np.testing.assert_allclose(values(t, 1, 4, 4), ref)
    assert len(t) == 16  # forward steps only


def test_transposed_and_dilation_refusals():
    base = {"input": [[[1, 2], [3, 4]]], "kernels": [[[[1, 0], [0, 1]]]]}
    with pytest.raises(ValueError, match="padding: OH = .*padding 2 is more than"):
        conv.Config.from_dict({**base, "transposed": True, "padding": 2})
    with pytest.raises(ValueError, match="dilation"):
        conv.Config.from_dict({**base, "dilation": 0})
    with pytest.raises(ValueError, match="kernels: OH = "):
        conv.Config.from_dict({**base, "dilation": 2})
    with pytest.raises(ValueError, match="at most 40 a side"):
        conv.Config.from_dict({"input": [[[0] * 32] * 32], "kernels": [[[[1]]]], "stride": 2, "transposed": True})
    with pytest.raises(ValueError, match="floor: must be true or false"):
        conv.Config.from_dict({**base, "floor": 1})


@pytest.mark.parametrize("name", ["conv-dilation", "conv-transposed", "conv1d"])
def test_arithmetic_presets_round_trip(name):
    cfg = load_preset(name).config
    assert conv.Config.from_dict(cfg.to_dict()) == cfg
    assert len(conv.build_timeline(cfg)) > 0


def test_conv1d_names_cells_by_position_and_matches_torch_conv1d():
    cfg = load_preset("conv1d").config
    t = conv.build_timeline(cfg)
    assert cfg.out_shape == (1, 1, 10)
    assert t[3].title == "Output position 3"
    assert t[3].formula == "y[3] = Σ x·k + b = 5×1 + 4×0 + 6×(−1) + 0 = −1"
    ref = F.conv1d(torch.tensor(cfg.x), torch.tensor(cfg.w[:, :, 0]))
    np.testing.assert_allclose(values(t, 1, 1, 10)[:, 0], ref.numpy()[0], rtol=0, atol=1e-12)
