import numpy as np
import pytest
import torch
import torch.nn.functional as F

from nnlab import formulas
from nnlab.labs import conv, pooling
from nnlab.presets import load_preset

X = [[1, 2, 3, 0], [0, 1, 2, 3], [3, 0, 1, 2], [2, 3, 0, 1]]


def grid(state, prefix, shape):
    """Collect the scalar values ``prefix:a:b:...`` of a state into an array."""
    return np.array([state[f"{prefix}:" + ":".join(map(str, ix))] for ix in np.ndindex(shape)]).reshape(shape)


def torch_conv(cfg):
    x = torch.tensor(cfg.x[None], requires_grad=True)
    w = torch.tensor(cfg.w, requires_grad=True)
    b = torch.tensor(cfg.b, requires_grad=True)
    y = F.conv2d(x, w, b, stride=cfg.stride, padding=cfg.padding)
    y.backward(torch.tensor(cfg.dout[None]))
    return y.detach().numpy()[0], x.grad.numpy()[0], w.grad.numpy(), b.grad.numpy()


def test_conv_basic_steps_show_products_and_worked_numbers():
    cfg = load_preset("conv-basic").config
    t = conv.build_timeline(cfg)
    assert t[0].formula == "y[0,0] = Σ x·k + b = 1×2 + 2×0 + 3×1 + 0×0 + 1×1 + 2×2 + 3×1 + 0×0 + 1×2 + 3 = 18"
    assert t[0].focus == ("win:0:0:0:3:3:1", "k:0", "out:0:0:0", "col:0", "b:0")
    assert t[2].formula.endswith("+ 3 = 9") and t[2].focus[0] == "win:0:1:0:3:3:1"
    np.testing.assert_array_equal(grid(t.state_at(3), "out:0", (2, 2)), [[18, 19], [9, 18]])
    assert "out:0:1:1" not in t.state_at(2)
    assert t.state_at(-1)["col"].shape == (9, 4)
    assert len(t) == 4 + 9 + 1 + 16


def test_conv_backward_matches_torch_with_typed_upstream():
    cfg = conv.Config.from_dict({**load_preset("conv-padding").config.to_dict(), "stride": 1,
                                 "upstream": [np.arange(16.0).reshape(4, 4).tolist()]})
    t = conv.build_timeline(cfg)
    y, dx, dw, db = torch_conv(cfg)
    end = t.state_at(len(t) - 1)
    np.testing.assert_allclose(grid(end, "out:0", (4, 4)), y[0], atol=1e-12)
    np.testing.assert_allclose(grid(end, "dk:0:0", (3, 3)), dw[0, 0], atol=1e-12)
    np.testing.assert_allclose(grid(end, "din:0", (4, 4)), dx[0], atol=1e-12)
    assert end["db:0"] == pytest.approx(db[0]) == 120
    first = next(s for s in t.steps if s.phase == "backward")
    assert first.formula.startswith("∂L/∂k[0,0] = Σ ∂L/∂y × x = 0×0 + 1×0 + 2×0 + 3×0 + 4×0 + 5×1")


def test_padding_and_stride_presets_have_the_formula_sizes():
    t = conv.build_timeline(load_preset("conv-padding").config)
    assert sum(s.phase == "conv" for s in t.steps) == 16
    assert t.state_at(-1)["xpad"].shape == (1, 6, 6)
    cfg = load_preset("conv-stride").config
    t = conv.build_timeline(cfg)
    assert sum(s.phase == "conv" for s in t.steps) == 9
    np.testing.assert_allclose(grid(t.state_at(8), "out:0", (3, 3)), torch_conv(cfg)[0][0], atol=1e-12)
    assert t[1].focus[0] == "win:0:0:2:3:3:1"  # the window moved 2 columns


def test_input_gradient_steps_name_the_covering_outputs_and_weights():
    cfg = load_preset("conv-stride").config
    t = conv.build_timeline(cfg)
    dx = torch_conv(cfg)[1]
    step = next(s for s in t.steps if s.focus[0] == "in:0:2:2")
    # outputs (0..1, 0..1) cover cell (2, 2); they met weights w[0 or 2, 0 or 2]
    assert step.focus == ("in:0:2:2", "dout:0:0:0:2:2", "k:0:0:0:0:2:2:2")
    assert step.formula == "∂L/∂x[2,2] = Σ ∂L/∂y × k = 1×2 + 1×1 + 1×1 + 1×2 = 6" and dx[0, 2, 2] == 6
    lone = next(s for s in t.steps if s.focus[0] == "in:0:6:6")
    assert lone.focus == ("in:0:6:6", "dout:0:2:2:1:1", "k:0:0:2:2:1:1:2") and lone.values["din:0:6:6"] == 2


def test_channels_preset_shows_per_channel_sums_and_one_output_per_filter():
    cfg = load_preset("conv-channels").config
    t = conv.build_timeline(cfg)
    y, dx, dw, db = torch_conv(cfg)
    step = t[0]
    lines = step.formula.split("\n")
    assert len(lines) == 4 and lines[0].startswith("channel 0 = Σ x·k = 1×2 + 2×0 + 3×1")
    parts = [step.values[f"part:0:{c}:0:0"] for c in range(3)]
    assert sum(parts) + 1 == step.values["out:0:0:0"] == pytest.approx(y[0, 0, 0])
    assert lines[3] == ("y[0,0,0] = Σ over the channels + b = " + " + ".join(formulas.factor(v) for v in parts)
                        + " + 1 = " + formulas.num(y[0, 0, 0]))
    end = t.state_at(len(t) - 1)
    np.testing.assert_allclose(grid(end, "out", y.shape), y, atol=1e-12)
    np.testing.assert_allclose(grid(end, "dk", dw.shape), dw, atol=1e-12)
    np.testing.assert_allclose(grid(end, "din", dx.shape), dx, atol=1e-12)
    assert t[4].title == "Filter 1, output cell (0, 0)"


def test_digit_preset_uses_the_shipped_digit_and_an_edge_kernel():
    cfg = load_preset("conv-digit").config
    np.testing.assert_array_equal(cfg.x[0], conv.load_digit(0))
    np.testing.assert_array_equal(cfg.w[0, 0], conv.CLASSIC_KERNELS["edge"])
    assert conv.Config.from_dict(cfg.to_dict()) == cfg
    t = conv.build_timeline(cfg)
    np.testing.assert_allclose(grid(t.state_at(63), "out:0", (8, 8)), torch_conv(cfg)[0][0], atol=1e-12)


def test_image_array_and_every_classic_kernel():
    rng = np.random.default_rng(3)
    image = np.round(rng.random((28, 28)), 2)
    for name in conv.CLASSIC_KERNELS:
        cfg = conv.Config.from_dict({"input": [image.tolist()], "kernel_name": name, "backward": False})
        t = conv.build_timeline(cfg)
        assert len(t) == 26 * 26
        np.testing.assert_allclose(grid(t.state_at(len(t) - 1), "out:0", (26, 26)), torch_conv(cfg)[0][0],
                                   atol=1e-12)


def test_sums_show_every_term_up_to_36_and_beyond_say_how_many_with_the_full_list_in_the_step():
    cfg = conv.Config.from_dict({"input": [np.ones((6, 6)).tolist()], "kernels": [[np.ones((2, 2)).tolist()]]})
    step = next(s for s in conv.build_timeline(cfg).steps if s.phase == "backward")
    assert step.formula == "∂L/∂k[0,0] = Σ ∂L/∂y × x = " + " + ".join(["1×1"] * 25) + " = 25" and step.more == ""
    cfg = conv.Config.from_dict({"input": [np.ones((8, 8)).tolist()], "kernels": [[np.ones((2, 2)).tolist()]]})
    step = next(s for s in conv.build_timeline(cfg).steps if s.phase == "backward")
    assert step.formula == "∂L/∂k[0,0] = Σ ∂L/∂y × x = 1×1 + 1×1 + 1×1 + … (49 terms) + 1×1 + 1×1 = 49"
    assert step.more == "∂L/∂k[0,0] = Σ ∂L/∂y × x = " + " + ".join(["1×1"] * 49) + " = 49"


def test_config_refuses_impossible_settings_with_the_formula():
    d = load_preset("conv-basic").config.to_dict()
    with pytest.raises(ValueError, match=r"^stride: OH = \(4 \+ 2·0 − 3\)/2 \+ 1 = 1\.5 is not an integer$"):
        conv.Config.from_dict({**d, "stride": 2})
    with pytest.raises(ValueError, match=r"^kernels: OH = \(4 \+ 2·0 − 5\)/1 \+ 1 = 0: the 5-wide window"):
        conv.Config.from_dict({**d, "kernels": [[np.ones((5, 5)).tolist()]]})
    with pytest.raises(ValueError, match=r"^stride: OW = \(6 \+ 2·0 − 3\)/2 \+ 1 = 2\.5 is not an integer$"):
        conv.Config.from_dict({**d, "input": [np.ones((5, 6)).tolist()], "stride": 2})
    with pytest.raises(ValueError, match="^input: dimension 2 is 33"):
        conv.Config.from_dict({**d, "input": [np.ones((33, 4)).tolist()]})
    with pytest.raises(ValueError, match="^kernels: each filter needs 1 channels"):
        conv.Config.from_dict({**d, "kernels": [[np.ones((3, 3)).tolist()] * 2]})
    with pytest.raises(ValueError, match="^kernels: dimension 1 is 5"):
        conv.Config.from_dict({**d, "kernels": [[np.ones((3, 3)).tolist()]] * 5, "bias": [0] * 5})
    with pytest.raises(ValueError, match="^bias: dimension 1 is 2"):
        conv.Config.from_dict({**d, "bias": [1, 2]})
    with pytest.raises(ValueError, match=r"^input\[0\]\[0\]\[0\]: must be a number from −1000000 to 1000000$"):
        conv.Config.from_dict({**d, "input": [[["1", 2, 3, 0]] * 4]})
    with pytest.raises(ValueError, match="^upstream: must be"):
        conv.Config.from_dict({**d, "upstream": [[[1.0]]]})
    with pytest.raises(ValueError, match="^kernel_name: unknown kernel 'blurry'"):
        conv.Config.from_dict({"input": [X], "kernel_name": "blurry"})
    with pytest.raises(ValueError, match="^padding: must be a whole number from 0 to 4"):
        conv.Config.from_dict({**d, "padding": -1})
    cfg = conv.Config.from_dict(d)
    assert conv.Config.from_dict(cfg.to_dict()) == cfg


def test_pool_max_preset_worked_numbers_winners_and_routing():
    cfg = load_preset("pool-max").config
    t = pooling.build_timeline(cfg)
    assert t[0].formula == "y[0,0] = max(1, 2, 0, 1) = 2"
    assert t[0].focus == ("win:0:0:0:2:2:1", "out:0:0:0", "in:0:0:1")
    s = t.state_at(3)
    np.testing.assert_array_equal(grid(s, "out:0", (2, 2)), [[2, 3], [3, 2]])
    np.testing.assert_array_equal(s["arg:0:1:0"], [2, 0])
    end = t.state_at(len(t) - 1)
    np.testing.assert_array_equal(grid(end, "din:0", (4, 4)), [[0, 1, 1, 0], [0, 0, 0, 0], [1, 0, 0, 1], [0] * 4])
    avg = pooling.build_timeline(pooling.Config.from_dict({**cfg.to_dict(), "mode": "avg"}))
    assert avg[1].formula == "y[0,1] = Σ x / 4 = (3 + 0 + 2 + 3)/4 = 2"
    np.testing.assert_array_equal(grid(avg.state_at(3), "out:0", (2, 2)), [[1, 2], [2, 1]])


def test_pool_three_channels_and_backward_match_torch():
    rng = np.random.default_rng(5)
    x = rng.standard_normal((3, 5, 5))
    for mode in ("max", "avg"):
        up = rng.standard_normal((3, 5, 5))
        cfg = pooling.Config.from_dict({"input": x.tolist(), "size": 3, "stride": 1, "padding": 1, "mode": mode,
                                        "upstream": up.tolist()})
        t = pooling.build_timeline(cfg)
        tx = torch.tensor(x[None], requires_grad=True)
        ty = (F.max_pool2d(tx, 3, 1, 1) if mode == "max" else F.avg_pool2d(tx, 3, 1, 1, count_include_pad=True))
        ty.backward(torch.tensor(up[None]))
        end = t.state_at(len(t) - 1)
        np.testing.assert_allclose(grid(end, "out", (3, 5, 5)), ty.detach().numpy()[0], atol=1e-12)
        np.testing.assert_allclose(grid(end, "din", (3, 5, 5)), tx.grad.numpy()[0], atol=1e-12)
    three = pooling.Config.from_dict({"input": [X, X, X]})
    np.testing.assert_array_equal(grid(pooling.build_timeline(three).state_at(11), "out", (3, 2, 2)),
                                  [[[2, 3], [3, 2]]] * 3)


def test_pool_config_refusals():
    with pytest.raises(ValueError, match=r"^stride: OH = \(4 \+ 2·0 − 3\)/3 \+ 1 = 1\.3333 is not an integer$"):
        pooling.Config.from_dict({"input": [X], "size": 3})
    with pytest.raises(ValueError, match="^padding: 2 is more than half"):
        pooling.Config.from_dict({"input": [X], "size": 2, "padding": 2})
    with pytest.raises(ValueError, match="^mode: must be"):
        pooling.Config.from_dict({"input": [X], "mode": "min"})
    cfg = pooling.Config.from_dict({"input": [X], "size": 3, "stride": 1, "mode": "avg"})
    assert pooling.Config.from_dict(cfg.to_dict()) == cfg
