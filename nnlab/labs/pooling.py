"""The pooling lab: a size×size window slides over each channel, one output cell per step
(max: the winning cell; average: the mean), then the backward pass routes each upstream
gradient to its window's winner (max) or spreads it evenly over the window (average).

Config: ``input`` (C, H, W), C 1–3, H, W up to 32; ``size`` (window, 1–8); ``stride`` (default:
the window size); ``padding`` (at most size // 2); ``mode`` "max" | "avg"; ``upstream`` ("ones"
or a (C, OH, OW) grid); ``backward`` (include the backward steps).
Padding follows PyTorch: max pools pad with −∞ (never wins), average pools pad with zeros that
count in the divisor (``count_include_pad=True``).

Value ids: ``out:c:i:j`` output cell; ``arg:c:i:j`` (max) the winner's (row, column) in the
input, unpadded; ``din:c:y:x`` input-cell gradient (running total while windows overlap).
Base: ``x`` (C, H, W), ``xpad`` (C, H+2P, W+2P; −∞ or 0 in the padding), ``dout`` (C, OH, OW).
Focus ids: ``win:c:r:q:nh:nw:1`` the window (padded coordinates, as in the conv lab),
``out:c:i:j``, ``in:c:y:x`` (the winner, or a cell receiving gradient), ``dout:c:i:j``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nnlab.conv import POOL_MODES, Pool2D
from nnlab import formulas as F
from nnlab.formulas import factor, num
from nnlab.i18n import _
from nnlab.labs import check_fields
from nnlab.labs.grids import GridConfig, nested, read_bool, read_input, read_int, read_upstream, sizes
from nnlab.steps import Step, Timeline

MAX_WINDOW = 8
MAX_STRIDE = 8
DEFAULT_PRESET = "pool-max"


@dataclass(frozen=True)
class Config(GridConfig):
    input: tuple  # (C, H, W) nested tuples of floats
    size: int = 2
    stride: int = 2
    padding: int = 0
    mode: str = "max"
    upstream: object = "ones"  # "ones" or (C, OH, OW) nested tuples
    backward: bool = True

    @property
    def out_shape(self) -> tuple[int, int, int]:
        c, h, w = np.shape(self.input)
        return (c, *sizes(h, w, self.size, self.size, self.stride, self.padding, "size"))

    @classmethod
    def from_dict(cls, d: dict) -> Config:
        check_fields(d, {"input", "size", "stride", "padding", "mode", "upstream", "backward"})
        if d.get("input") is None:
            raise ValueError(_("input: missing"))
        x = read_input(d)
        size = read_int(d, "size", 2, 1, MAX_WINDOW)
        stride = read_int({**d, "stride": size} if d.get("stride") is None else d, "stride", size, 1, MAX_STRIDE)
        padding = read_int(d, "padding", 0, 0, MAX_WINDOW)
        if padding > size // 2:
            raise ValueError(_("padding: {pad} is more than half the {size}×{size} window (at most {most})").format(
                pad=padding, size=size, most=size // 2))
        mode = d.get("mode", "max")
        if mode not in POOL_MODES:
            raise ValueError(_("mode: must be \"max\" or \"avg\", not {mode!r}").format(mode=mode))
        oh, ow = sizes(x.shape[1], x.shape[2], size, size, stride, padding, "size")
        upstream = read_upstream(d.get("upstream"), (x.shape[0], oh, ow))
        return cls(nested(x), size, stride, padding, mode, upstream, read_bool(d, "backward", True))

    def to_dict(self) -> dict:
        return {"input": np.array(self.input).tolist(), "size": self.size, "stride": self.stride,
                "padding": self.padding, "mode": self.mode, "upstream": self.upstream_data(),
                "backward": self.backward}


def build_timeline(config: Config) -> Timeline:
    x, k, s, p, mode = config.x, config.size, config.stride, config.padding, config.mode
    layer = Pool2D(k, s, p, mode)
    y = layer.forward(x[None])[0]
    c_n, oh, ow = y.shape
    xpad = np.pad(x, ((0, 0), (p, p), (p, p)), constant_values=-np.inf if mode == "max" else 0.0)
    dout = config.dout
    base = {"x": x, "xpad": xpad, "dout": dout}
    xs = np.vectorize(lambda v: "−∞" if v == -np.inf else (num(v) if mode == "max" else factor(v)),
                      otypes=[object])(xpad)
    steps = []
    for c in range(c_n):
        for i in range(oh):
            for j in range(ow):
                r, q = i * s, j * s
                cells = [F.Text(xs[c, r + a, q + e]) for a in range(k) for e in range(k)]
                lhs = F.Text(f"y[{i},{j}]" if c_n == 1 else f"y[{c},{i},{j}]")
                focus = [f"win:{c}:{r}:{q}:{k}:{k}:1", f"out:{c}:{i}:{j}"]
                values = {f"out:{c}:{i}:{j}": float(y[c, i, j])}
                if mode == "max":
                    a, e = divmod(int(layer.arg[0, c, i, j]), k)
                    yy, xx = r + a - p, q + e - p
                    focus.append(f"in:{c}:{yy}:{xx}")
                    values[f"arg:{c}:{i}:{j}"] = np.array([yy, xx])
                    expr = F.eq(lhs, F.apply("max", F.terms(cells, ", ")), F.Num(y[c, i, j]))
                else:
                    expr = F.eq(lhs, F.Text(f"Σ x / {k * k}"), F.terms([F.Group(F.terms(cells)), F.Num(k * k)], "/"),
                                F.Num(y[c, i, j]))
                title = _("Channel {c}, output cell ({i}, {j}) — {mode} of the window").format(
                    c=c, i=i, j=j, mode=_("maximum") if mode == "max" else _("average"))
                steps.append(F.step("pool", title, expr, tuple(focus), values))
    if config.backward:
        steps.extend(_backward_steps(config, layer, dout))
    return Timeline("pooling", steps, base)


def _backward_steps(config: Config, layer: Pool2D, dout: np.ndarray) -> list[Step]:
    """One step per output cell: its upstream gradient goes to the winner, or 1/size² of it to
    each real cell of the window; ``din`` holds running totals (all zero at the first backward
    step), ending at pool2d_backward's dx."""
    k, s, p = config.size, config.stride, config.padding
    c_n, oh, ow = dout.shape
    _c, h, w = config.x.shape
    running = np.zeros((c_n, h, w))
    steps = []
    for c in range(c_n):
        for i in range(oh):
            for j in range(ow):
                g = dout[c, i, j]
                if config.mode == "max":
                    a, e = divmod(int(layer.arg[0, c, i, j]), k)
                    cells = [(i * s + a - p, j * s + e - p)]
                    share = g
                else:
                    cells = [(i * s + a - p, j * s + e - p) for a in range(k) for e in range(k)]
                    cells = [(yy, xx) for yy, xx in cells if 0 <= yy < h and 0 <= xx < w]
                    share = g / (k * k)
                values = {} if steps else {f"din:{c0}:{y0}:{x0}": 0.0 for c0, y0, x0 in np.ndindex(running.shape)}
                for yy, xx in cells:
                    running[c, yy, xx] += share
                    values[f"din:{c}:{yy}:{xx}"] = float(running[c, yy, xx])
                if config.mode == "max":
                    (yy, xx), = cells
                    routed = F.terms([F.given(F.Text(f"∂L/∂x({yy}, {xx}) += ∂L/∂y"), F.Num(g)),  # upstream: shown
                                      F.Text(_("(the winner takes it all)"))], " ")
                    formula = F.Eq((routed, F.Num(running[c, yy, xx])), " → ")
                else:
                    parts = [F.Text(_("each of the {n} cells gets").format(n=len(cells))),
                             F.eq(F.Text(f"∂L/∂y/{k * k}"), F.terms([F.Num(g), F.Num(k * k)], "/"), F.Num(share))]
                    if len(cells) < k * k:
                        parts.append(F.Text(_("({m} shares fall on the padding and are dropped)").format(
                            m=k * k - len(cells))))
                    formula = F.terms(parts, " ")
                title = _("Channel {c}: route the gradient of output cell ({i}, {j})").format(c=c, i=i, j=j)
                focus = (f"dout:{c}:{i}:{j}", f"win:{c}:{i * s}:{j * s}:{k}:{k}:1") + tuple(
                    f"in:{c}:{yy}:{xx}" for yy, xx in cells)
                steps.append(F.step("backward", title, formula, focus, values))
    return steps
