"""Benchmark nnlab.conv against PyTorch (1 thread each, best of repeats) and the conv lab's
timeline build and step repaint. Prints one JSON object.

Conv: forward + backward of a batch of 32, 1 → 16 channels, 28×28, 3×3 kernels, padding 1.
Pool: forward + backward of 2×2 max pooling, stride 2, over the conv's output (32, 16, 28, 28).
Bars: conv ≤ 3× PyTorch, pooling ≤ 3×, timeline build (28×28 image, 3×3 kernel) ≤ 50 ms,
a step repaint of the conv pane (show_step + repaint + events; median over steps spread through
the timeline, both for the 28×28 image and the numbered conv-padding grids) ≤ 16.7 ms.
"""

from common import best_ms, emit, step_repaint_ms, threads  # first: one thread, offscreen Qt

import numpy as np
import torch
import torch.nn.functional as F

from nnlab.conv import Conv2D, Pool2D
from nnlab.labs import conv as conv_lab
from nnlab.presets import load_preset

REPEATS = 30


def bench_engine():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((32, 1, 28, 28)).astype(np.float32)
    w = (rng.standard_normal((16, 1, 3, 3)) * 0.3).astype(np.float32)
    b = np.zeros(16, np.float32)
    dout = rng.standard_normal((32, 16, 28, 28)).astype(np.float32)
    pdout = rng.standard_normal((32, 16, 14, 14)).astype(np.float32)
    px = rng.standard_normal((32, 16, 28, 28)).astype(np.float32)

    def np_conv():
        layer = Conv2D(w, b, 1, 1)
        layer.forward(x)
        layer.backward(dout)

    def np_pool():
        layer = Pool2D(2, 2, 0, "max")
        layer.forward(px)
        layer.backward(pdout)

    tx, tw, tb = (torch.tensor(a, requires_grad=True) for a in (x, w, b))
    tpx = torch.tensor(px, requires_grad=True)
    tdout, tpdout = torch.tensor(dout), torch.tensor(pdout)

    def torch_conv():
        tx.grad = tw.grad = tb.grad = None
        F.conv2d(tx, tw, tb, padding=1).backward(tdout)

    def torch_pool():
        tpx.grad = None
        F.max_pool2d(tpx, 2, 2).backward(tpdout)

    out = {}
    for name, mine, theirs in (("conv", np_conv, torch_conv), ("pool", np_pool, torch_pool)):
        t_np, t_torch = best_ms(mine, REPEATS), best_ms(theirs, REPEATS)
        out[name] = {"nnlab_ms": round(t_np, 3), "torch_ms": round(t_torch, 3),
                     "ratio": round(t_np / t_torch, 2), "bar": 3.0, "ok": t_np / t_torch <= 3.0}
    return out


def digit_config():
    rng = np.random.default_rng(0)
    image = np.round(rng.random((28, 28)), 2)
    return conv_lab.Config.from_dict({"input": [image.tolist()], "kernel_name": "edge", "padding": 1})


def bench_timeline():
    config = digit_config()
    t = best_ms(lambda: conv_lab.build_timeline(config), 10)
    n = len(conv_lab.build_timeline(config))
    return {"ms": round(t, 2), "steps": n, "bar_ms": 50.0, "ok": t <= 50.0}


def bench_repaint(config):
    from ui.panes.conv import Pane

    timeline = conv_lab.build_timeline(config)
    times = step_repaint_ms(Pane, config, timeline, list(range(0, len(timeline), max(1, len(timeline) // 60))) * 2)
    median = float(np.median(times))
    return {"best_ms": round(min(times), 2), "median_ms": round(median, 2), "bar_ms": 16.7, "ok": median <= 16.7}


def main():
    result = bench_engine()
    result["timeline_28x28_3x3"] = bench_timeline()
    result["step_repaint_28x28"] = bench_repaint(digit_config())
    result["step_repaint_conv_padding"] = bench_repaint(load_preset("conv-padding").config)
    result["threads"] = threads()
    emit(result)


if __name__ == "__main__":
    main()
