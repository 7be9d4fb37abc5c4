"""Benchmark one epoch of cnn-simple on the digits' training split, and on 1000 MNIST-sized (28×28)
images: nnlab (numpy) against the same network in PyTorch (1 thread each; Adam, batch 32, float64,
the same order of batches), and the CNN lab's timeline build. Prints one JSON object.

Bars: each numpy epoch ≤ 2× PyTorch's; the cnn-deep timeline build (every map, Grad-CAM, one map's
convolution) ≤ 200 ms.
"""

from common import best_ms, emit, threads  # first: one thread, offscreen Qt

import time

import numpy as np
import torch
import torch.nn.functional as F

from nnlab import cnn
from nnlab.labs import cnn as cnn_lab
from nnlab.layers import SoftmaxWithLoss
from nnlab.optim import make
from nnlab.presets import load_preset

BATCH, REPEATS = 32, 3


def epoch_numpy(x, t, order, params):
    model, head, opt = cnn.CNN(params, "simple", x.shape[-1]), SoftmaxWithLoss(), make("adam", 0.01)
    for i in range(0, len(x), BATCH):
        idx = order[i:i + BATCH]
        head.forward(model.forward(x[idx]), t[idx])
        model.backward(head.backward())
        opt.update(params, model.grads)


def epoch_torch(x, t, order, params):
    p = {k: torch.tensor(v, requires_grad=True) for k, v in params.items()}
    opt = torch.optim.Adam(p.values(), lr=0.01)
    for i in range(0, len(x), BATCH):
        idx = order[i:i + BATCH]
        h = F.max_pool2d(F.relu(F.conv2d(x[idx], p["W1"], p["b1"], padding=1)), 2)
        loss = F.cross_entropy(h.reshape(len(idx), -1) @ p["Wf"] + p["bf"], t[idx])
        opt.zero_grad()
        loss.backward()
        opt.step()


def epoch(x, t) -> dict:
    """One epoch of cnn-simple on images x (N, 1, S, S), labels t: numpy and torch times."""
    order = np.random.default_rng(0).permutation(len(x))
    params = cnn.init_params("simple", np.random.default_rng(0), x.shape[-1])
    xt, tt, ot = torch.tensor(x), torch.tensor(t), torch.tensor(order)
    t_np = best_ms(lambda: epoch_numpy(x, t, order, {k: v.copy() for k, v in params.items()}), REPEATS)
    t_torch = best_ms(lambda: epoch_torch(xt, tt, ot, params), REPEATS)
    return {"nnlab_ms": round(t_np, 1), "torch_ms": round(t_torch, 1), "ratio": round(t_np / t_torch, 2), "bar": 2.0,
            "ok": t_np / t_torch <= 2.0}


def main():
    x, t, _xt, _tt = cnn.digits_split()
    images, labels = cnn.digits_as_mnist(1000)
    config = cnn_lab.Config.from_dict({**load_preset("cnn-deep").config.to_dict(), "layer": 4, "map": 0})
    start = time.perf_counter()
    cnn_lab.build_timeline(config)
    build = (time.perf_counter() - start) * 1000
    emit({"epoch_cnn_simple": epoch(x, t),
          "epoch_cnn_simple_28x28": epoch(images[:, None] / 255.0, labels.astype(np.int64)),
          "timeline_cnn_deep_ms": {"ms": round(build, 1), "bar_ms": 200, "ok": build <= 200},
          "threads": threads()})


if __name__ == "__main__":
    main()
