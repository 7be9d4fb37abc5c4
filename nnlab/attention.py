"""A tiny transformer in numpy, forward and backward: token embeddings plus sinusoidal positions,
attention heads (Q = XW_Q, K = XW_K, V = XW_V, S = QKᵀ/√d_k, an optional causal mask, a row
softmax, O = A·V), heads concatenated and projected by W_O, residual + layer norm, a position-wise
feed-forward network, and next-token logits. Row-vector convention: ``y = x @ W + b``.

``Transformer(params, spec)`` keeps its weights in ``params`` (a dict of arrays read on every
call). Names: ``E`` (vocab × d) embedding; per layer l (from 1) ``L{l}.W_Q{h}``, ``L{l}.W_K{h}``,
``L{l}.W_V{h}`` (d × d_k, heads h from 1), ``L{l}.W_O`` (H·d_k × d) with ``spec.projection``;
with ``spec.block`` ``L{l}.ln1.g``, ``L{l}.ln1.b``, ``L{l}.W1`` (d × d_ff), ``L{l}.b1``,
``L{l}.W2`` (d_ff × d), ``L{l}.b2``, ``L{l}.ln2.g``, ``L{l}.ln2.b`` (post-norm, as in "Attention is
all you need"); with ``spec.unembed`` ``U`` (d × vocab) and ``u`` (vocab). ``trace(ids)`` returns
every intermediate, ``backward(trace, dout)`` every gradient, each beside the forward it undoes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

LN_EPS = 1e-5  # torch's layer_norm default


@dataclass(frozen=True)
class Spec:
    """The shape of a model: which parts it has, and how many layers and heads."""

    layers: int = 1
    heads: int = 1
    positional: bool = False
    causal: bool = False
    projection: bool = False  # W_O after the concatenated heads
    block: bool = False  # residual + layer norm, feed-forward, residual + layer norm
    unembed: bool = False  # next-token logits U, u


def positional_encoding(n: int, d: int) -> np.ndarray:
    """Sinusoidal positions (n, d): PE[p, 2i] = sin(p/10000^(2i/d)), PE[p, 2i+1] = cos(p/10000^(2i/d))."""
    pos = np.arange(n)[:, None]
    rate = 10000.0 ** (-(np.arange(d) // 2 * 2) / d)
    angle = pos * rate[None, :]
    return np.where(np.arange(d) % 2 == 0, np.sin(angle), np.cos(angle))


def causal_mask(n: int) -> np.ndarray:
    """True where position i may not look at position j (j > i)."""
    return np.triu(np.ones((n, n), bool), 1)


def softmax_rows(s: np.ndarray) -> np.ndarray:
    """Row softmax in the overflow-safe form exp(s − max)/Σ; −∞ entries get weight 0."""
    e = np.exp(s - s.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def softmax_rows_backward(a: np.ndarray, da: np.ndarray) -> np.ndarray:
    """∂L/∂s from ∂L/∂a through a = softmax(s), row by row: a ⊙ (da − Σⱼ aⱼ daⱼ)."""
    return a * (da - (a * da).sum(axis=-1, keepdims=True))


def layer_norm(x: np.ndarray, g: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, dict]:
    """Each row normalised to mean 0, variance 1 (biased, + LN_EPS), then ⊙g + b."""
    mu = x.mean(axis=-1, keepdims=True)
    var = ((x - mu) ** 2).mean(axis=-1, keepdims=True)
    xhat = (x - mu) / np.sqrt(var + LN_EPS)
    return xhat * g + b, {"mu": mu, "var": var, "xhat": xhat}


def layer_norm_backward(dy: np.ndarray, cache: dict, g: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(dx, dg, db) of layer_norm."""
    xhat, d = cache["xhat"], dy.shape[-1]
    dxhat = dy * g
    dx = (dxhat - dxhat.mean(axis=-1, keepdims=True) - xhat * (dxhat * xhat).mean(axis=-1, keepdims=True)) \
        / np.sqrt(cache["var"] + LN_EPS)
    return dx, rowsum(dy * xhat), rowsum(dy)


def attention_head(x: np.ndarray, wq: np.ndarray, wk: np.ndarray, wv: np.ndarray, causal: bool) -> dict:
    """One head over rows x (n, d): q, k, v, raw scores QKᵀ, scaled and masked s, weights a, output o."""
    q, k, v = x @ wq, x @ wk, x @ wv
    raw = q @ _t(k)
    s = raw / np.sqrt(wq.shape[1])
    if causal:
        s = np.where(causal_mask(x.shape[-2]), -np.inf, s)
    a = softmax_rows(s)
    return {"q": q, "k": k, "v": v, "raw": raw, "s": s, "a": a, "o": a @ v}


def attention_head_backward(do: np.ndarray, x: np.ndarray, h: dict, wq, wk, wv) -> dict:
    """Gradients of one head: da, ds, dq, dk, dv, dW_Q, dW_K, dW_V and its share of dx."""
    da = do @ _t(h["v"])
    dv = _t(h["a"]) @ do
    ds = softmax_rows_backward(h["a"], da) / np.sqrt(wq.shape[1])
    dq, dk = ds @ h["k"], _t(ds) @ h["q"]
    return {"da": da, "ds": ds, "dq": dq, "dk": dk, "dv": dv, "W_Q": wgrad(x, dq), "W_K": wgrad(x, dk),
            "W_V": wgrad(x, dv), "x": dq @ wq.T + dk @ wk.T + dv @ wv.T}


def _t(a: np.ndarray) -> np.ndarray:
    """The last two axes swapped (a batch of matrices transposed)."""
    return a.swapaxes(-1, -2)


def wgrad(x: np.ndarray, d: np.ndarray) -> np.ndarray:
    """∂L/∂W of y = x @ W, summed over every row of every sequence: xᵀ·∂L/∂y."""
    return x.reshape(-1, x.shape[-1]).T @ d.reshape(-1, d.shape[-1])


def rowsum(d: np.ndarray) -> np.ndarray:
    """∂L/∂b of y = … + b: the sum over every row of every sequence."""
    return d.reshape(-1, d.shape[-1]).sum(axis=0)


class Transformer:
    """A stack of attention layers over token ids; see the module docstring for the names."""

    def __init__(self, params: dict, spec: Spec):
        self.params, self.spec = params, spec

    @property
    def d_model(self) -> int:
        return self.params["E"].shape[1]

    def trace(self, ids) -> dict:
        """Every intermediate of a forward pass over token ids: ``x0`` (embeddings), ``pe``,
        ``x`` (the first layer's input), ``layers`` (a dict each: ``input``, ``heads``, ``concat``,
        ``y``, and with a block ``r1``, ``h1``, ``ln1``, ``f1``, ``relu``, ``f2``, ``r2``, ``ln2``,
        ``out``), ``out`` (the last layer's output) and with unembed ``logits``."""
        p, spec = self.params, self.spec
        ids = np.asarray(ids, dtype=int)
        x0 = p["E"][ids]
        pe = positional_encoding(ids.shape[-1], x0.shape[-1]) if spec.positional else np.zeros_like(x0)
        t = {"ids": ids, "x0": x0, "pe": pe, "x": x0 + pe, "layers": []}
        x = t["x"]
        for l in range(1, spec.layers + 1):
            L = {"input": x, "heads": [attention_head(x, p[f"L{l}.W_Q{h}"], p[f"L{l}.W_K{h}"], p[f"L{l}.W_V{h}"],
                                                      spec.causal) for h in range(1, spec.heads + 1)]}
            L["concat"] = np.concatenate([h["o"] for h in L["heads"]], axis=-1)
            L["y"] = L["concat"] @ p[f"L{l}.W_O"] if spec.projection else L["concat"]
            x = L["y"]
            if spec.block:
                L["r1"] = L["input"] + L["y"]
                L["h1"], L["ln1"] = layer_norm(L["r1"], p[f"L{l}.ln1.g"], p[f"L{l}.ln1.b"])
                L["f1"] = L["h1"] @ p[f"L{l}.W1"] + p[f"L{l}.b1"]
                L["relu"] = np.maximum(L["f1"], 0.0)
                L["f2"] = L["relu"] @ p[f"L{l}.W2"] + p[f"L{l}.b2"]
                L["r2"] = L["h1"] + L["f2"]
                x, L["ln2"] = layer_norm(L["r2"], p[f"L{l}.ln2.g"], p[f"L{l}.ln2.b"])
            L["out"] = x
            t["layers"].append(L)
        t["out"] = x
        if spec.unembed:
            t["logits"] = x @ p["U"] + p["u"]
        return t

    def forward(self, ids) -> np.ndarray:
        """The logits (n, vocab) with unembed, else the last layer's output (n, d)."""
        t = self.trace(ids)
        return t["logits"] if self.spec.unembed else t["out"]

    def backward(self, t: dict, dout: np.ndarray) -> dict:
        """∂L/∂(every parameter) from ∂L/∂(forward's result), plus the intermediates' gradients
        under ``"d:"`` keys: ``d:x`` (the first layer's input), ``d:L{l}.y``, ``d:L{l}.concat``,
        ``d:L{l}.head{h}`` (a dict from attention_head_backward), ``d:out``."""
        p, spec = self.params, self.spec
        g: dict = {}
        if spec.unembed:
            g["U"], g["u"] = wgrad(t["out"], dout), rowsum(dout)
            dx = dout @ p["U"].T
        else:
            dx = dout
        g["d:out"] = dx
        for l in range(spec.layers, 0, -1):
            L = t["layers"][l - 1]
            if spec.block:
                dr2, g[f"L{l}.ln2.g"], g[f"L{l}.ln2.b"] = layer_norm_backward(dx, L["ln2"], p[f"L{l}.ln2.g"])
                g[f"L{l}.W2"], g[f"L{l}.b2"] = wgrad(L["relu"], dr2), rowsum(dr2)
                df1 = (dr2 @ p[f"L{l}.W2"].T) * (L["f1"] > 0)
                g[f"L{l}.W1"], g[f"L{l}.b1"] = wgrad(L["h1"], df1), rowsum(df1)
                dh1 = dr2 + df1 @ p[f"L{l}.W1"].T
                dr1, g[f"L{l}.ln1.g"], g[f"L{l}.ln1.b"] = layer_norm_backward(dh1, L["ln1"], p[f"L{l}.ln1.g"])
                dy, dinput = dr1, dr1
            else:
                dy, dinput = dx, 0.0
            g[f"d:L{l}.y"] = dy
            if spec.projection:
                g[f"L{l}.W_O"] = wgrad(L["concat"], dy)
                dconcat = dy @ p[f"L{l}.W_O"].T
            else:
                dconcat = dy
            g[f"d:L{l}.concat"] = dconcat
            dk = p[f"L{l}.W_Q1"].shape[1]
            dx = dinput
            for h, head in enumerate(L["heads"], 1):
                names = (f"L{l}.W_Q{h}", f"L{l}.W_K{h}", f"L{l}.W_V{h}")
                hg = attention_head_backward(dconcat[..., (h - 1) * dk:h * dk], L["input"], head, *(p[n] for n in names))
                g[f"d:L{l}.head{h}"] = hg
                for n, key in zip(names, ("W_Q", "W_K", "W_V")):
                    g[n] = hg[key]
                dx = dx + hg["x"]
        g["d:x"] = dx
        g["E"] = np.zeros_like(p["E"])
        np.add.at(g["E"], t["ids"].ravel(), dx.reshape(-1, dx.shape[-1]))
        return g

    def loss(self, ids, targets, weights=None) -> tuple[float, dict, np.ndarray]:
        """Mean cross-entropy of the next-token logits against ``targets`` (ids' shape: one
        sequence or a batch) over the positions where ``weights`` (broadcast to it; default: all)
        is 1: (loss, gradients, logits)."""
        t = self.trace(ids)
        logits = t["logits"]
        targets = np.asarray(targets, dtype=int)
        w = np.broadcast_to(np.ones(1) if weights is None else np.asarray(weights, dtype=np.float64), targets.shape)
        prob = softmax_rows(logits)
        picked = np.take_along_axis(prob, targets[..., None], axis=-1)[..., 0]
        n = w.sum()
        loss = float(-(w * np.log(picked + 1e-300)).sum() / n)
        dlogits = prob.copy()
        np.put_along_axis(dlogits, targets[..., None], picked[..., None] - 1.0, axis=-1)
        return loss, self.backward(t, dlogits * (w / n)[..., None]), logits


def param_shapes(spec: Spec, vocab: int, d: int, d_k: int, d_ff: int) -> dict[str, tuple[int, ...]]:
    """The name and shape of every parameter of a model of this spec."""
    shapes: dict[str, tuple[int, ...]] = {"E": (vocab, d)}
    for l in range(1, spec.layers + 1):
        for h in range(1, spec.heads + 1):
            for m in ("W_Q", "W_K", "W_V"):
                shapes[f"L{l}.{m}{h}"] = (d, d_k)
        if spec.projection:
            shapes[f"L{l}.W_O"] = (spec.heads * d_k, d)
        if spec.block:
            shapes.update({f"L{l}.ln1.g": (d,), f"L{l}.ln1.b": (d,), f"L{l}.W1": (d, d_ff), f"L{l}.b1": (d_ff,),
                           f"L{l}.W2": (d_ff, d), f"L{l}.b2": (d,), f"L{l}.ln2.g": (d,), f"L{l}.ln2.b": (d,)})
    if spec.unembed:
        shapes.update({"U": (d, vocab), "u": (vocab,)})
    return shapes


def init_params(spec: Spec, vocab: int, d: int, d_k: int, d_ff: int, rng: np.random.Generator) -> dict:
    """Seeded weights: matrices N(0, 1/fan-in), biases 0, layer-norm gains 1 and shifts 0."""
    params = {}
    for name, shape in param_shapes(spec, vocab, d, d_k, d_ff).items():
        if name.endswith(".g"):
            params[name] = np.ones(shape)
        elif len(shape) == 1:
            params[name] = np.zeros(shape)
        else:
            params[name] = rng.normal(0.0, 1.0 / np.sqrt(shape[0]), shape)
    return params


def sample(logits: np.ndarray, temperature: float, rng: np.random.Generator) -> tuple[int, np.ndarray]:
    """A token drawn from softmax(logits/T) (T = 0: the argmax), and those probabilities."""
    if temperature == 0:
        prob = np.zeros_like(logits)
        prob[int(np.argmax(logits))] = 1.0
        return int(np.argmax(logits)), prob
    prob = softmax_rows(logits[None] / temperature)[0]
    return int(rng.choice(len(prob), p=prob)), prob
