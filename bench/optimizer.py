"""Benchmark the optimizer lab. Prints one JSON object (times in ms, best of repeats, 1 thread).

- ``timeline_ms``: build_timeline for six optimizers × 1,000 iterations on x²/20 + y² (the
  race run through nnlab.optim and the surface's dual-number gradient; steps are made lazily),
  bar ≤ 100 ms. ``timeline_all_steps_ms``: the same plus making all 1,000 steps' formulas.
- ``torch_race_ms``: the same six races with torch.optim and autograd on a 2-element tensor,
  for comparison.
- ``grid_400_ms``: a 400×400 grid with 14 contour levels (marching squares), bands and quiver,
  per named surface; bar ≤ 100 ms each.
- ``step_repaint_ms``: the optimizer pane (1280×560, six paths of up to 1,001 points) drawing
  step k and processing the paint events, median and best over steps spread through a
  1,000-iteration race; bar ≤ 16.7 ms.
- ``load_average_1min``: the machine's load when the run started (on a shared 2-core machine
  every time above scales with it; ``torch_race_ms`` is a yardstick for how busy it was).
"""

from common import best_ms, emit, step_repaint_ms  # first: one thread, offscreen Qt

import os
import statistics
from dataclasses import replace

import torch

from nnlab.labs import optimizer as lab
from nnlab.presets import load_preset
from nnlab.surfaces import SURFACES

REPEATS = 7
TORCH = {"sgd": (torch.optim.SGD, {}), "momentum": (torch.optim.SGD, {"momentum": 0.9}),
         "nesterov": (torch.optim.SGD, {"momentum": 0.9, "nesterov": True}), "adagrad": (torch.optim.Adagrad, {}),
         "rmsprop": (torch.optim.RMSprop, {}), "adam": (torch.optim.Adam, {})}


def torch_race(config):
    for name in config.enabled:
        cls, extra = TORCH[name]
        s = config.setting(name)
        p = torch.tensor(config.start, dtype=torch.float64, requires_grad=True)
        opt = cls([p], lr=s.lr, **extra)
        for _ in range(config.iterations):
            opt.zero_grad()
            (p[0] ** 2 / 20 + p[1] ** 2).backward()
            opt.step()


def bench_engine(config):
    def all_steps():
        tl = lab.build_timeline(config)
        for k in range(len(tl)):
            tl[k]
    return {
        "timeline_ms": round(best_ms(lambda: lab.build_timeline(config), REPEATS), 2),
        "timeline_all_steps_ms": round(best_ms(all_steps, 3), 2),
        "torch_race_ms": round(best_ms(lambda: torch_race(config), 3), 2),
        "grid_400_ms": {name: round(best_ms(lambda s=s: s.grid(400), REPEATS), 2) for name, s in SURFACES.items()},
    }


def bench_repaint(config):
    from ui.panes.optimizer import Pane

    times = step_repaint_ms(Pane, config, lab.build_timeline(config), list(range(0, 1000, 37)) * 2)
    return {"step_repaint_ms": {"median": round(statistics.median(times), 2), "best": round(min(times), 2)}}


def main():
    config = replace(load_preset("optimizer-race").config, iterations=1000)
    out = {"optimizers": 6, "iterations": 1000, "load_average_1min": round(os.getloadavg()[0], 2)}
    out.update(bench_engine(config))
    out.update(bench_repaint(config))
    out["bars"] = {"timeline_ms": 100, "grid_400_ms": 100, "step_repaint_ms": 16.7}
    out["ok"] = (out["timeline_ms"] <= 100 and max(out["grid_400_ms"].values()) <= 100
                 and out["step_repaint_ms"]["median"] <= 16.7)
    emit(out)


if __name__ == "__main__":
    main()
