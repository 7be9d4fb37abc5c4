import numpy as np
import pytest
import torch
import torch.nn.functional as F

from nnlab.attention import Spec, Transformer, init_params, positional_encoding, sample, softmax_rows


def torch_forward(params: dict, spec: Spec, ids, d_k: int):
    """The same model written with torch ops (float64), for autograd."""
    p = {k: torch.tensor(v, requires_grad=True) for k, v in params.items()}
    x = p["E"][torch.tensor(ids)]
    n = len(ids)
    if spec.positional:
        x = x + torch.tensor(positional_encoding(n, x.shape[1]))
    for l in range(1, spec.layers + 1):
        outs = []
        for h in range(1, spec.heads + 1):
            q, k, v = x @ p[f"L{l}.W_Q{h}"], x @ p[f"L{l}.W_K{h}"], x @ p[f"L{l}.W_V{h}"]
            s = q @ k.T / d_k ** 0.5
            if spec.causal:
                s = s.masked_fill(torch.triu(torch.ones(n, n, dtype=torch.bool), 1), float("-inf"))
            outs.append(torch.softmax(s, dim=-1) @ v)
        y = torch.cat(outs, dim=1)
        if spec.projection:
            y = y @ p[f"L{l}.W_O"]
        if spec.block:
            d = x.shape[1]
            h1 = F.layer_norm(x + y, (d,), p[f"L{l}.ln1.g"], p[f"L{l}.ln1.b"])
            f = torch.relu(h1 @ p[f"L{l}.W1"] + p[f"L{l}.b1"]) @ p[f"L{l}.W2"] + p[f"L{l}.b2"]
            y = F.layer_norm(h1 + f, (d,), p[f"L{l}.ln2.g"], p[f"L{l}.ln2.b"])
        x = y
    if spec.unembed:
        x = x @ p["U"] + p["u"]
    return x, p


CASES = [  # (spec, vocab, d, d_k, d_ff, n)
    (Spec(), 3, 2, 2, 0, 3),
    (Spec(causal=True, heads=2, projection=True), 5, 4, 3, 0, 4),
    (Spec(heads=3, projection=True, positional=True, block=True), 6, 6, 2, 8, 5),
    (Spec(layers=2, heads=4, causal=True, projection=True, positional=True, block=True, unembed=True), 7, 8, 2, 12, 6),
    (Spec(layers=2, heads=2, causal=True, block=True, unembed=True), 4, 4, 2, 5, 7),
]


def assert_matches_torch(params, spec, ids, d_k, rng):
    """Forward and every parameter's gradient (a random upstream) equal torch autograd's ≤ 1e-10."""
    model = Transformer(params, spec)
    out, tp = torch_forward(params, spec, ids, d_k)
    np.testing.assert_allclose(model.forward(ids), out.detach().numpy(), atol=1e-10, rtol=0)
    upstream = rng.normal(size=out.shape)
    out.backward(torch.tensor(upstream))
    grads = model.backward(model.trace(ids), upstream)
    for name, tensor in tp.items():
        np.testing.assert_allclose(grads[name], tensor.grad.numpy(), atol=1e-10, rtol=0, err_msg=name)


@pytest.mark.parametrize("case", range(len(CASES)))
def test_forward_and_backward_match_torch_autograd(case):
    spec, vocab, d, d_k, d_ff, n = CASES[case]
    rng = np.random.default_rng(case)
    params = init_params(spec, vocab, d, d_k, d_ff, rng)
    for name in params:  # non-trivial layer-norm gains and biases too
        params[name] = params[name] + rng.normal(0, 0.3, params[name].shape)
    ids = rng.integers(0, vocab, n)
    assert_matches_torch(params, spec, ids, d_k, rng)


def test_cross_entropy_loss_gradient_matches_torch():
    spec = Spec(layers=1, heads=2, causal=True, projection=True, positional=True, block=True, unembed=True)
    rng = np.random.default_rng(7)
    params = init_params(spec, 6, 4, 2, 8, rng)
    ids, targets = rng.integers(0, 6, 5), rng.integers(0, 6, 5)
    weights = np.array([0, 0, 1, 1, 1.0])
    loss, grads, _ = Transformer(params, spec).loss(ids, targets, weights)
    logits, tp = torch_forward(params, spec, ids, 2)
    tl = F.cross_entropy(logits[2:], torch.tensor(targets[2:]))
    tl.backward()
    assert loss == pytest.approx(tl.item(), abs=1e-12)
    for name, tensor in tp.items():
        np.testing.assert_allclose(grads[name], tensor.grad.numpy(), atol=1e-10, rtol=0, err_msg=name)


@pytest.mark.parametrize("heads,causal", [(1, False), (2, True), (4, False)])
def test_one_layer_matches_nn_multihead_attention(heads, causal):
    """torch's MultiheadAttention (no biases) is Q = XW_Qᵀ split into heads of E/h, then W_O: our
    heads' W_Q{h} are the transposed row blocks of in_proj_weight, W_O is out_proj.weightᵀ."""
    d, n = 8, 5
    torch.manual_seed(heads)
    mha = torch.nn.MultiheadAttention(d, heads, bias=False, batch_first=True, dtype=torch.float64)
    d_k = d // heads
    w = mha.in_proj_weight.detach().numpy()
    params = {"E": np.random.default_rng(heads).normal(size=(n, d)), "L1.W_O": mha.out_proj.weight.detach().numpy().T}
    for h in range(heads):
        for i, m in enumerate(("W_Q", "W_K", "W_V")):
            params[f"L1.{m}{h + 1}"] = w[i * d + h * d_k:i * d + (h + 1) * d_k].T
    model = Transformer(params, Spec(heads=heads, causal=causal, projection=True))
    x = torch.tensor(params["E"][None], requires_grad=True)
    mask = torch.triu(torch.ones(n, n, dtype=torch.bool), 1) if causal else None
    y, a = mha(x, x, x, attn_mask=mask, average_attn_weights=False)
    t = model.trace(np.arange(n))
    np.testing.assert_allclose(t["out"], y.detach().numpy()[0], atol=1e-10, rtol=0)
    for h in range(heads):
        np.testing.assert_allclose(t["layers"][0]["heads"][h]["a"], a.detach().numpy()[0, h], atol=1e-10, rtol=0)
    y.sum().backward()
    grads = model.backward(t, np.ones((n, d)))
    np.testing.assert_allclose(grads["d:x"], x.grad.numpy()[0], atol=1e-10, rtol=0)
    np.testing.assert_allclose(grads["L1.W_O"], mha.out_proj.weight.grad.numpy().T, atol=1e-10, rtol=0)


def test_softmax_is_overflow_safe_and_sampling_follows_the_temperature():
    a = softmax_rows(np.array([[1000.0, 1000.0, -np.inf]]))
    np.testing.assert_array_equal(a, [[0.5, 0.5, 0.0]])
    logits = np.array([2.0, 1.0, 0.0])
    rng = np.random.default_rng(0)
    _token, cold = sample(logits, 0.5, rng)
    _token, hot = sample(logits, 2.0, rng)
    np.testing.assert_allclose(cold, torch.softmax(torch.tensor(logits) / 0.5, 0).numpy(), atol=1e-15)
    assert cold[0] > softmax_rows(logits[None])[0, 0] > hot[0]
    assert sample(logits, 0.0, rng) == (0, pytest.approx([1.0, 0.0, 0.0]))


def test_positional_encoding_is_the_sinusoid():
    pe = positional_encoding(4, 4)
    assert pe[1, 0] == pytest.approx(np.sin(1.0)) and pe[1, 1] == pytest.approx(np.cos(1.0))
    assert pe[3, 2] == pytest.approx(np.sin(3 / 100.0)) and pe[3, 3] == pytest.approx(np.cos(3 / 100.0))


@pytest.mark.parametrize("seed", range(6))
def test_random_shapes_masks_and_head_counts_match_torch(seed):
    rng = np.random.default_rng(100 + seed)
    heads, d_k = int(rng.integers(1, 5)), int(rng.integers(1, 4))
    projection = bool(rng.integers(2)) or seed % 2 == 0
    spec = Spec(layers=int(rng.integers(1, 3)), heads=heads, positional=bool(rng.integers(2)),
                causal=bool(rng.integers(2)), projection=projection, block=True, unembed=bool(rng.integers(2)))
    d = int(rng.integers(2, 7)) if projection else heads * d_k
    vocab, n = int(rng.integers(2, 8)), int(rng.integers(1, 8))
    params = init_params(spec, vocab, d, d_k, int(rng.integers(1, 9)), rng)
    ids = rng.integers(0, vocab, n)
    assert_matches_torch(params, spec, ids, d_k, rng)


def test_a_batch_is_its_sequences_one_by_one():
    spec = Spec(heads=2, causal=True, projection=True, positional=True, block=True, unembed=True)
    rng = np.random.default_rng(3)
    model = Transformer(init_params(spec, 5, 4, 2, 6, rng), spec)
    ids, targets = rng.integers(0, 5, (3, 4)), rng.integers(0, 5, (3, 4))
    loss, grads, logits = model.loss(ids, targets)
    singles = [model.loss(i, t) for i, t in zip(ids, targets)]
    assert loss == pytest.approx(np.mean([s[0] for s in singles]), abs=1e-12)
    np.testing.assert_allclose(logits, np.stack([s[2] for s in singles]), atol=1e-12)
    np.testing.assert_allclose(grads["L1.W_Q2"], np.mean([s[1]["L1.W_Q2"] for s in singles], axis=0), atol=1e-12)
