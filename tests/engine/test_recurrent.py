"""nnlab.recurrent against PyTorch (float64): every cell, its gates, backward through time, state dicts."""

import json

import numpy as np
import pytest
import torch

from nnlab.recurrent import GRUCell, LSTMCell, RNNCell, make_cell, sequence_loss

TORCH = {"rnn": torch.nn.RNNCell, "lstm": torch.nn.LSTMCell, "gru": torch.nn.GRUCell}
OURS = {"rnn": RNNCell, "lstm": LSTMCell, "gru": GRUCell}
CASES = [(kind, seed) for kind in ("rnn", "lstm", "gru") for seed in range(4)]


def torch_cell(kind, n_in, n_h, seed):
    torch.manual_seed(seed)
    return TORCH[kind](n_in, n_h).double()


def ours_from(kind, tcell):
    cell = OURS[kind](tcell.input_size, tcell.hidden_size, seed=123)
    cell.load_state_dict({k: v.detach().numpy() for k, v in tcell.state_dict().items()})
    return cell


def torch_gates(kind, tcell, x, h, c=None):
    """torch's gates recomputed from its own weights (its cells do not return them)."""
    p = {k: v.detach() for k, v in tcell.state_dict().items()}
    gi = x @ p["weight_ih"].T + p["bias_ih"]
    gh = h @ p["weight_hh"].T + p["bias_hh"]
    if kind == "lstm":
        i, f, g, o = (gi + gh).chunk(4, dim=1)
        return {"i_pre": i, "f_pre": f, "g_pre": g, "o_pre": o, "i": torch.sigmoid(i), "f": torch.sigmoid(f),
                "g": torch.tanh(g), "o": torch.sigmoid(o)}
    if kind == "gru":
        ir, iz, i_n = gi.chunk(3, dim=1)
        hr, hz, hn = gh.chunk(3, dim=1)
        r = torch.sigmoid(ir + hr)
        return {"r_pre": ir + hr, "z_pre": iz + hz, "n_pre": i_n + r * hn, "hn": hn, "r": r,
                "z": torch.sigmoid(iz + hz), "n": torch.tanh(i_n + r * hn)}
    return {"h_pre": gi + gh}


@pytest.mark.parametrize("kind,seed", CASES)
def test_step_and_gates_match_torch_cells(kind, seed):
    rng = np.random.default_rng(seed)
    n_in, n_h, batch, t_len = rng.integers(1, 9), rng.integers(1, 9), rng.integers(1, 5), rng.integers(2, 9)
    tcell = torch_cell(kind, int(n_in), int(n_h), seed)
    cell = ours_from(kind, tcell)
    xs = rng.normal(size=(t_len, batch, n_in))
    state, tstate = None, None
    for t in range(t_len):
        x = torch.from_numpy(xs[t])
        if tstate is None:
            th = torch.zeros(batch, n_h, dtype=torch.float64)
        else:
            th = tstate[0] if kind == "lstm" else tstate
        expected_gates = torch_gates(kind, tcell, x, th)
        with torch.no_grad():
            tstate = tcell(x, tstate)
        state, gates = cell.step(xs[t], state)
        for name, value in expected_gates.items():
            np.testing.assert_allclose(gates[name], value.numpy(), rtol=0, atol=1e-10, err_msg=name)
        if kind == "lstm":
            np.testing.assert_allclose(state[0], tstate[0].numpy(), rtol=0, atol=1e-10)
            np.testing.assert_allclose(state[1], tstate[1].numpy(), rtol=0, atol=1e-10)
            np.testing.assert_allclose(gates["c"], tstate[1].numpy(), rtol=0, atol=1e-10)
        else:
            np.testing.assert_allclose(state, tstate.numpy(), rtol=0, atol=1e-10)
        np.testing.assert_allclose(gates["h"], (tstate[0] if kind == "lstm" else tstate).numpy(), rtol=0, atol=1e-10)


@pytest.mark.parametrize("kind", ["rnn", "lstm", "gru"])
def test_init_is_torch_like_and_seeded(kind):
    a, b, c = make_cell(kind, 3, 5, seed=7), make_cell(kind, 3, 5, seed=7), make_cell(kind, 3, 5, seed=8)
    for name in a.params:
        np.testing.assert_array_equal(a.params[name], b.params[name])
        assert not np.array_equal(a.params[name], c.params[name])
        assert np.abs(a.params[name]).max() <= 1 / np.sqrt(5)
        assert a.params[name].shape == tuple(torch_cell(kind, 3, 5, 0).state_dict()[name].shape)


@pytest.mark.parametrize("kind,seed", CASES)
@pytest.mark.parametrize("loss", ["last", "all"])
def test_backward_through_time_matches_autograd(kind, seed, loss):
    rng = np.random.default_rng(100 + seed)
    n_in, n_h, batch, t_len = (int(rng.integers(lo, hi)) for lo, hi in ((1, 7), (1, 7), (1, 4), (2, 8)))
    tcell = torch_cell(kind, n_in, n_h, seed)
    cell = ours_from(kind, tcell)
    xs = rng.normal(size=(t_len, batch, n_in))
    targets = rng.normal(size=(t_len, batch, n_h))
    h0 = rng.normal(size=(batch, n_h)) * 0.5
    c0 = rng.normal(size=(batch, n_h)) * 0.5
    # torch
    tx = torch.tensor(xs, requires_grad=True)
    th0, tc0 = torch.tensor(h0, requires_grad=True), torch.tensor(c0, requires_grad=True)
    state = (th0, tc0) if kind == "lstm" else th0
    hs = []
    for t in range(t_len):
        state = tcell(tx[t], state)
        h = state[0] if kind == "lstm" else state
        h.retain_grad()
        hs.append(h)
    thz = torch.stack(hs)
    tt = torch.from_numpy(targets)
    diff = (thz - tt) if loss == "all" else (thz[-1:] - tt[-1:])
    tloss = 0.5 * (diff ** 2).sum() / batch
    tloss.backward()
    # ours
    run = cell.forward(xs, (h0, c0) if kind == "lstm" else h0)
    value, dhs = sequence_loss(run.hs[1:], targets, loss)
    grads = cell.backward(run, dhs)
    assert value == pytest.approx(tloss.item(), abs=1e-12)
    for name, p in tcell.named_parameters():
        np.testing.assert_allclose(grads.params[name], p.grad.numpy(), rtol=0, atol=1e-8, err_msg=name)
    np.testing.assert_allclose(grads.dx, tx.grad.numpy(), rtol=0, atol=1e-8)
    np.testing.assert_allclose(grads.dh0, th0.grad.numpy(), rtol=0, atol=1e-8)
    for t in range(t_len):
        np.testing.assert_allclose(grads.dh[t], hs[t].grad.numpy(), rtol=0, atol=1e-8)
    if kind == "lstm":
        np.testing.assert_allclose(grads.dc0, tc0.grad.numpy(), rtol=0, atol=1e-8)


def test_sequence_runner_matches_torch_lstm_layer():
    rng = np.random.default_rng(5)
    torch.manual_seed(5)
    layer = torch.nn.LSTM(3, 4).double()
    cell = LSTMCell(3, 4)
    cell.load_state_dict({k: v.detach().numpy() for k, v in layer.state_dict().items()})  # weight_ih_l0 …
    xs = rng.normal(size=(6, 2, 3))
    with torch.no_grad():
        out, (hn, cn) = layer(torch.from_numpy(xs))
    run = cell.forward(xs)
    np.testing.assert_allclose(run.hs[1:], out.numpy(), rtol=0, atol=1e-10)
    np.testing.assert_allclose(run.cs[-1], cn[0].numpy(), rtol=0, atol=1e-10)


@pytest.mark.parametrize("kind", ["lstm", "gru", "rnn"])
@pytest.mark.parametrize("ext", ["npz", "json"])
def test_torch_state_dict_saved_to_file_loads_and_reproduces_torch(tmp_path, kind, ext):
    from nnlab.labs.recurrent import read_weights_file

    tcell = torch_cell(kind, 2, 3, 11)
    arrays = {k: v.detach().numpy() for k, v in tcell.state_dict().items()}
    path = tmp_path / f"cell.{ext}"
    if ext == "npz":
        np.savez(path, **arrays)
    else:
        path.write_text(json.dumps({"params": {k: v.tolist() for k, v in arrays.items()}, "meta": {}}))
    cell = make_cell(kind, 2, 3)
    cell.load_state_dict(read_weights_file(path))
    xs = np.random.default_rng(0).normal(size=(4, 1, 2))
    state, tstate = None, None
    for t in range(4):
        state, _ = cell.step(xs[t], state)
        with torch.no_grad():
            tstate = tcell(torch.from_numpy(xs[t]), tstate)
    h, th = (state[0], tstate[0]) if kind == "lstm" else (state, tstate)
    np.testing.assert_allclose(h, th.numpy(), rtol=0, atol=1e-10)


def test_bad_shapes_are_refused_with_expected_and_found(tmp_path):
    from nnlab.labs.recurrent import read_weights_file

    arrays = {k: v.detach().numpy() for k, v in torch_cell("gru", 2, 3, 0).state_dict().items()}
    path = tmp_path / "gru.npz"
    np.savez(path, **arrays)
    with pytest.raises(ValueError, match=r"weight_ih: expected shape \(16, 2\), found \(9, 2\)"):
        make_cell("lstm", 2, 4).load_state_dict(read_weights_file(path))
    with pytest.raises(ValueError, match="weight_hh: missing"):
        make_cell("gru", 2, 3).load_state_dict({"weight_ih": arrays["weight_ih"]})
    with pytest.raises(ValueError, match="unexpected"):
        make_cell("gru", 2, 3).load_state_dict({**arrays, "weight_xy": arrays["bias_ih"]})
    before = make_cell("gru", 2, 3)
    kept = before.state_dict()
    with pytest.raises(ValueError):
        before.load_state_dict({**arrays, "bias_hh": np.zeros(4)})
    for name in kept:  # a refused load leaves the cell as it was
        np.testing.assert_array_equal(before.params[name], kept[name])


@pytest.mark.parametrize("kind", ["rnn", "lstm", "gru"])
def test_float32_cells_stay_float32_and_agree_with_float64(kind):
    rng = np.random.default_rng(3)
    xs = rng.normal(size=(7, 4, 3))
    c64, c32 = make_cell(kind, 3, 5, seed=2), make_cell(kind, 3, 5, seed=2, dtype=np.float32)
    r64, r32 = c64.forward(xs), c32.forward(xs)
    g64, g32 = c64.backward(r64, np.ones((7, 4, 5))), c32.backward(r32, np.ones((7, 4, 5)))
    assert r32.hs.dtype == np.float32 and g32.dx.dtype == np.float32
    assert all(v.dtype == np.float32 for v in g32.params.values())
    assert all(v.dtype == np.float32 for v in r32.gates[3].values())
    np.testing.assert_allclose(r32.hs, r64.hs, rtol=0, atol=1e-5)
    for name in g64.params:
        np.testing.assert_allclose(g32.params[name], g64.params[name], rtol=1e-4, atol=1e-4)
