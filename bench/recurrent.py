"""Recurrent lab benchmarks; prints one JSON object.

- timeline: build_timeline for a 50-step sequence, hidden 8 (LSTM, GRU, RNN), best of repeats (≤ 50 ms);
- repaint: the pane's show_step(k) + repaint() of the 1280×560 pane, offscreen (median ≤ 16.7 ms);
- bptt: forward + backward through time, batch 32 × 50 steps × input 32 × hidden 64, loss on every
  output, nnlab vs torch.nn.LSTM/GRU/RNN, one thread each, float64 and float32 (ratio ≤ 3).
"""

from common import best_ms, close_pane, emit, show_pane, threads  # first: one thread, offscreen Qt

import time

import numpy as np
import torch

from nnlab.labs import recurrent as lab
from nnlab.recurrent import make_cell


def long_config(cell):
    seq = [[round(float(np.sin(0.4 * t)), 4)] for t in range(50)]
    return lab.Config.from_dict({"cell": cell, "input_size": 1, "hidden_size": 8, "sequence": seq, "seed": 0})


def bench_timeline():
    return {cell: round(best_ms(lambda c=long_config(cell): lab.build_timeline(c), 15), 2)
            for cell in ("lstm", "gru", "rnn")}


def bench_repaint():
    from ui.panes.recurrent import Pane

    cfg = long_config("lstm")
    tl = lab.build_timeline(cfg)
    app, pane = show_pane(Pane, cfg, tl)
    ks = list(range(0, len(tl), max(1, len(tl) // 40)))
    show_only, with_render, with_grab = [], [], []
    for k in ks:  # each step: the best of 3 repeats (the machine is shared)
        times = []
        for _ in range(3):
            pane.show_step(k - 1 if k else 1)  # come from another step so that everything changes
            start = time.perf_counter()
            pane.show_step(k)
            mid = time.perf_counter()
            pane.repaint()  # synchronous paint of the pane and every view in it
            end = time.perf_counter()
            pane.grab()  # a full render into a pixmap (what a screenshot costs)
            times.append((mid - start, end - start, time.perf_counter() - end))
        show, render, grab = (min(col) for col in zip(*times))
        show_only.append(show)
        with_render.append(render)
        with_grab.append(grab)
    close_pane(app, pane)
    return {"steps_measured": len(with_render), "show_step_median_ms": round(1000 * float(np.median(show_only)), 2),
            "show_step_and_render_median_ms": round(1000 * float(np.median(with_render)), 2),
            "show_step_and_render_max_ms": round(1000 * float(np.max(with_render)), 2),
            "full_grab_median_ms": round(1000 * float(np.median(with_grab)), 2)}


def bench_bptt(batch=32, steps=50, n_in=32, hidden=64, repeats=7):
    """nnlab vs torch.nn.LSTM/GRU/RNN, forward + backward with the loss Σ of every output, in float64
    (nnlab's default, the precision the oracle tests use) and in float32 (torch's default)."""
    rng = np.random.default_rng(0)
    xs64 = rng.normal(size=(steps, batch, n_in))
    out = {}
    layers = {"lstm": torch.nn.LSTM, "gru": torch.nn.GRU, "rnn": torch.nn.RNN}
    for kind, layer_cls in layers.items():
        out[kind] = {}
        for dtype, tdtype in ((np.float64, torch.float64), (np.float32, torch.float32)):
            cell = make_cell(kind, n_in, hidden, seed=0, dtype=dtype)
            xs, ones = xs64.astype(dtype), np.ones((steps, batch, hidden), dtype=dtype)

            def ours(cell=cell, xs=xs, ones=ones):
                run = cell.forward(xs)
                cell.backward(run, ones)

            layer = layer_cls(n_in, hidden).to(tdtype)
            layer.load_state_dict({f"{k}_l0": torch.from_numpy(v) for k, v in cell.params.items()})
            tx = torch.from_numpy(xs)

            def theirs(layer=layer, tx=tx):
                layer.zero_grad()
                y, _ = layer(tx)
                y.sum().backward()

            t_ours, t_torch = best_ms(ours, repeats), best_ms(theirs, repeats)
            out[kind][np.dtype(dtype).name] = {"nnlab_ms": round(t_ours, 2), "torch_ms": round(t_torch, 2),
                                               "ratio": round(t_ours / t_torch, 2)}
    return out


def main():
    timeline = bench_timeline()
    repaint = bench_repaint()
    bptt = bench_bptt()
    result = {
        "timeline_50_steps_hidden_8_ms": timeline,
        "timeline_limit_ms": 50,
        "repaint": repaint,
        "repaint_limit_ms": 16.7,
        "bptt_batch32_T50_in32_hidden64": bptt,
        "bptt_limit_ratio": 3.0,
        "ok": bool(max(timeline.values()) <= 50 and repaint["show_step_and_render_median_ms"] <= 16.7
                   and max(v["float64"]["ratio"] for v in bptt.values()) <= 3.0),
        "ok_float32_too": bool(max(v["float32"]["ratio"] for v in bptt.values()) <= 3.0),
        "threads": threads(),
    }
    emit(result)


if __name__ == "__main__":
    main()
