"""Benchmark nnlab.conv against PyTorch (1 thread each, best of repeats) and the conv lab's
timeline build and step repaint. Prints one JSON object.

Conv: forward + backward of a batch of 32, 1 → 16 channels, 28×28, 3×3 kernels, padding 1.
Pool: forward + backward of 2×2 max pooling, stride 2, over the conv's output (32, 16, 28, 28).
Bars: conv ≤ 3× PyTorch, pooling ≤ 3×, timeline build (28×28 image, 3×3 kernel) ≤ 50 ms,
a step repaint of the conv pane (show_step + repaint + events; median over steps spread through
the timeline, both for the 28×28 image and the numbered conv-padding grids) ≤ 16.7 ms.
"""

import os

os.environ["OPENBLAS_NUM_THREADS"] = "1"
os.environ["OMP_NUM_THREADS"] = "1"
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from nnlab.conv import Conv2D, Pool2D  # noqa: E402
from nnlab.labs import conv as conv_lab  # noqa: E402
from nnlab.presets import load_preset  # noqa: E402

REPEATS = 30


def best(fn, repeats=REPEATS):
    fn()
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def bench_engine():
    torch.set_num_threads(1)
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
        t_np, t_torch = best(mine), best(theirs)
        out[name] = {"nnlab_ms": round(t_np * 1e3, 3), "torch_ms": round(t_torch * 1e3, 3),
                     "ratio": round(t_np / t_torch, 2), "bar": 3.0, "ok": t_np / t_torch <= 3.0}
    return out


def digit_config():
    rng = np.random.default_rng(0)
    image = np.round(rng.random((28, 28)), 2)
    return conv_lab.Config.from_dict({"input": [image.tolist()], "kernel_name": "edge", "padding": 1})


def bench_timeline():
    config = digit_config()
    t = best(lambda: conv_lab.build_timeline(config), 10)
    n = len(conv_lab.build_timeline(config))
    return {"ms": round(t * 1e3, 2), "steps": n, "bar_ms": 50.0, "ok": t * 1e3 <= 50.0}


def bench_repaint(config):
    from PySide6.QtWidgets import QApplication

    from ui.panes.conv import Pane

    app = QApplication.instance() or QApplication([])
    timeline = conv_lab.build_timeline(config)
    pane = Pane()
    pane.resize(1280, 560)
    pane.set_timeline(config, timeline)
    pane.show()
    app.processEvents()
    times = []
    for k in list(range(0, len(timeline), max(1, len(timeline) // 60))) * 2:
        t = time.perf_counter()
        pane.show_step(k)
        pane.repaint()
        app.processEvents()
        times.append(time.perf_counter() - t)
    pane.close()
    pane.deleteLater()
    app.processEvents()
    ms = float(np.min(times) * 1e3)
    median = float(np.median(times) * 1e3)
    return {"best_ms": round(ms, 2), "median_ms": round(median, 2), "bar_ms": 16.7, "ok": median <= 16.7}


def main():
    result = bench_engine()
    result["timeline_28x28_3x3"] = bench_timeline()
    result["step_repaint_28x28"] = bench_repaint(digit_config())
    result["step_repaint_conv_padding"] = bench_repaint(load_preset("conv-padding").config)
    result["threads"] = {"torch": torch.get_num_threads(), "OPENBLAS_NUM_THREADS": os.environ["OPENBLAS_NUM_THREADS"]}
    print(json.dumps(result))


if __name__ == "__main__":
    main()
