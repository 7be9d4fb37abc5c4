"""Step repaint of the foundations labs (perceptron, activations, graph) and the pooling lab:
median and worst ms for show_step + repaint over every preset's steps, against the 16.7 ms of a
60 Hz frame, and each timeline's build time. Prints one JSON object."""

import statistics

from bench.common import best_ms, emit  # noqa: F401  (sets threads and the platform first)
from bench.common import step_repaint_ms

from nnlab.labs import lab_module
from nnlab.presets import load_preset, preset_index
from ui.panes import pane_class

LABS = ("perceptron", "activations", "graph", "pooling")


def main() -> dict:
    result, ok = {}, True
    for info in preset_index():
        if info.lab not in LABS:
            continue
        lab_file = load_preset(info.name)
        module = lab_module(info.lab)
        build = best_ms(lambda: module.build_timeline(lab_file.config), 3)
        timeline = module.build_timeline(lab_file.config)
        ks = list(range(-1, len(timeline)))[:80]
        times = min((step_repaint_ms(pane_class(info.lab), lab_file.config, timeline, ks) for _ in range(3)),
                    key=statistics.median)
        median = statistics.median(times[1:])  # the first repaint lays the pane out
        ok &= median <= 16.7
        result[info.name] = {"lab": info.lab, "steps": len(timeline), "timeline_ms": round(build, 2),
                             "repaint_median_ms": round(median, 2), "repaint_max_ms": round(max(times[1:]), 2)}
    return {"bench": "foundations_step_repaint", "bar_ms": 16.7, "presets": result, "ok": ok}


if __name__ == "__main__":
    emit(main())
