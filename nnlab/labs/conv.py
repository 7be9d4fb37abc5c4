"""The convolution lab: a kernel slides over the input, one output cell per step, then the
backward pass (each kernel weight's gradient, each bias's, each input cell's).

Config (all arrays nested lists; see ``Config``): ``input`` (C, H, W) with C 1–3 and H, W up to
32; ``kernels`` (FN, C, FH, FW) with FN 1–4; ``bias`` (FN,); ``stride``; ``padding``; ``dilation``
(the kernel's taps that many cells apart); ``floor`` (round the output size down, as PyTorch
does, instead of refusing a stride that does not divide evenly); ``transposed`` (a transposed
convolution: each input cell scatters itself times the kernel; shown as conv_arithmetic shows it,
the flipped kernel sliding with stride 1 over the input stretched by stride − 1 zeros between
cells and a ring of D·(FH − 1) − P zeros; forward steps only);
``upstream`` ("ones" or an (FN, OH, OW) array) for the backward pass; ``backward`` (include it);
a one-row input with one-row kernels is Conv1D over a sequence (cells named by position);
image mode: ``digit`` (index of a shipped 8×8 digit, loaded when ``input`` is absent) and
``kernel_name`` (a classic 3×3 kernel, used when ``kernels`` is absent).

Value ids: ``out:f:i:j`` output cell, ``part:f:c:i:j`` one channel's sum (C > 1),
``dk:f:c:a:b`` kernel-weight gradient, ``db:f`` bias gradient, ``din:c:y:x`` input-cell gradient.
Base (known before step 0): ``x`` (C, H, W), ``xpad`` (C, H+2P, W+2P; transposed: the stretched
input), ``ring`` (the width of xpad's zero ring), ``real`` (xpad's cells that are input cells),
``wk`` (the kernels as they slide: flipped when transposed), ``w``, ``b``, ``dout
(the upstream gradient, FN × OH × OW), ``col`` (im2col patch matrix, C·FH·FW × OH·OW) and
``wflat`` (FN × C·FH·FW, of ``wk``), ``y`` is not in the base (it is revealed cell by cell).
Focus ids: ``win:c:r:q:nh:nw:s`` the input cells ``xpad[c, r + s·a, q + s·b]`` (a < nh,
b < nw; padded coordinates; a forward step's s is the dilation), ``out:f:i:j``, ``k:f`` (a whole filter), ``k:f:c:a:b`` (one weight),
``k:f:c:a:b:na:nb:s`` (the weights ``w[f, c, a + s·t, b + s·u]``, t < na, u < nb), ``b:f``,
``col:l`` (im2col column l = i·OW + j), ``dout:f`` (a whole upstream gradient grid),
``dout:f:i:j`` (one cell), ``dout:f:i:j:ni:nj`` (a block of cells), ``in:c:y:x`` (an input
cell, unpadded coordinates).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nnlab.conv import conv2d, conv2d_backward, im2col, stretch
from nnlab import formulas as F
from nnlab.formulas import factor
from nnlab.i18n import _
from nnlab.labs import check_fields
from nnlab.labs.grids import (MAX_CHANNELS, GridConfig, nested, read_array, read_bool, read_input, read_int,
                              read_upstream, sizes)
from nnlab.steps import Step, Timeline

MAX_FILTERS = 4
MAX_KERNEL = 7
MAX_PADDING = 4
MAX_STRIDE = 8
MAX_DILATION = 4
MAX_TRANSPOSED = 40  # a transposed convolution's output, at most this many cells a side
FULL_TERMS = 36  # a sum up to this long shows every term (wrapped); a longer one its first and last
# terms around "… (n terms)", with every term in the step's ``more``

CLASSIC_KERNELS = {
    "edge": ((-1, -1, -1), (-1, 8, -1), (-1, -1, -1)),
    "sobel_x": ((-1, 0, 1), (-2, 0, 2), (-1, 0, 1)),
    "sobel_y": ((-1, -2, -1), (0, 0, 0), (1, 2, 1)),
    "blur": ((0.0625, 0.125, 0.0625), (0.125, 0.25, 0.125), (0.0625, 0.125, 0.0625)),
    "sharpen": ((0, -1, 0), (-1, 5, -1), (0, -1, 0)),
    "emboss": ((-2, -1, 0), (-1, 1, 1), (0, 1, 2)),
}

DEFAULT_PRESET = "conv-basic"


def sum_formula(lhs: str, symbolic: str, terms: list[str], total: float) -> F.Eq:
    """``lhs = symbolic = t₁ + t₂ + … = total`` with every term up to FULL_TERMS (``terms``: the
    products as text, formatted once per grid cell)."""
    return F.eq(F.Text(lhs), F.Text(symbolic), F.terms([F.Text(t) for t in terms], limit=FULL_TERMS), F.Num(total))


def every_term(expr) -> str:
    """The full list of an abbreviated formula's terms (a Step's ``more``), "" when all are shown."""
    long = [node for node in F.walk(expr) if isinstance(node, F.Terms) and node.limit and len(node.items) > node.limit]
    return F.text(expr, full=True) if long else ""


def format_grid(a: np.ndarray, f=factor) -> np.ndarray:
    """Every cell's text, formatted once (``f=None``: an empty object grid of that shape)."""
    out = np.empty(a.shape, dtype=object)
    if f is not None:
        flat = out.reshape(-1)
        for i, v in enumerate(a.reshape(-1).tolist()):
            flat[i] = f(v)
    return out


# ---------------------------------------------------------------- config

@dataclass(frozen=True)
class Config(GridConfig):
    input: tuple  # (C, H, W) nested tuples of floats
    kernels: tuple  # (FN, C, FH, FW)
    bias: tuple  # (FN,)
    stride: int = 1
    padding: int = 0
    upstream: object = "ones"  # "ones" or (FN, OH, OW) nested tuples
    backward: bool = True
    digit: int | None = None  # the shipped digit the input came from (image mode)
    kernel_name: str = ""  # the classic kernel the kernels came from
    dilation: int = 1
    transposed: bool = False
    floor: bool = False

    @property
    def has_backward(self) -> bool:
        """The backward pass is shown (not for a transposed convolution)."""
        return self.backward and not self.transposed

    @property
    def ring(self) -> int:
        """The zero ring around the input as the kernel slides over it."""
        _fn, _c, kh, _kw = np.shape(self.kernels)
        return self.dilation * (kh - 1) - self.padding if self.transposed else self.padding

    @property
    def w(self) -> np.ndarray:
        return np.array(self.kernels, dtype=np.float64)

    @property
    def b(self) -> np.ndarray:
        return np.array(self.bias, dtype=np.float64)

    @property
    def out_shape(self) -> tuple[int, int, int]:
        _c, h, w = np.shape(self.input)
        fn, _c, kh, kw = np.shape(self.kernels)
        return (fn, *sizes(h, w, kh, kw, self.stride, self.padding, "kernels", self.dilation, self.floor,
                           self.transposed))

    @classmethod
    def from_dict(cls, d: dict) -> Config:
        check_fields(d, {"input", "kernels", "bias", "stride", "padding", "upstream", "backward", "digit",
                         "kernel_name", "dilation", "transposed", "floor"})
        digit = d.get("digit")
        if digit is not None:
            digit = read_int(d, "digit", 0, 0, 10**6)
        if d.get("input") is not None:
            x = read_input(d)
        elif digit is not None:
            x = load_digit(digit)[None]
        else:
            raise ValueError(_("input: missing (give a grid or a digit)"))
        kernel_name = d.get("kernel_name", "") or ""
        if kernel_name and (not isinstance(kernel_name, str) or kernel_name not in CLASSIC_KERNELS):
            raise ValueError(_("kernel_name: unknown kernel {name!r}: choose one of {names}").format(
                name=kernel_name, names=", ".join(CLASSIC_KERNELS)))
        if d.get("kernels") is not None:
            w = read_array(d["kernels"], "kernels", 4, ((1, MAX_FILTERS), (1, MAX_CHANNELS), (1, MAX_KERNEL),
                                                        (1, MAX_KERNEL)))
        elif kernel_name:
            w = np.repeat(np.array(CLASSIC_KERNELS[kernel_name], dtype=np.float64)[None, None], x.shape[0], axis=1)
        else:
            raise ValueError(_("kernels: missing (give a grid or a kernel_name)"))
        if w.shape[1] != x.shape[0]:
            raise ValueError(_("kernels: each filter needs {c} channels (one per input channel), not {k}").format(
                c=x.shape[0], k=w.shape[1]))
        fn = w.shape[0]
        bias = d.get("bias")
        if bias is None:
            b = np.zeros(fn)
        else:
            b = read_array([bias] if isinstance(bias, (int, float)) else bias, "bias", 1, ((fn, fn),))
        stride = read_int(d, "stride", 1, 1, MAX_STRIDE)
        padding = read_int(d, "padding", 0, 0, MAX_PADDING)
        dilation = read_int(d, "dilation", 1, 1, MAX_DILATION)
        transposed, floor = read_bool(d, "transposed", False), read_bool(d, "floor", False)
        if transposed and w.shape[2] != w.shape[3]:
            raise ValueError(_("kernels: a transposed convolution needs square kernels"))
        oh, ow = sizes(x.shape[1], x.shape[2], w.shape[2], w.shape[3], stride, padding, "kernels", dilation, floor,
                       transposed)
        if max(oh, ow) > MAX_TRANSPOSED:
            raise ValueError(_("input: the transposed convolution's output would be {oh} × {ow}, at most {most} "
                               "a side").format(oh=oh, ow=ow, most=MAX_TRANSPOSED))
        upstream = read_upstream(d.get("upstream"), (fn, oh, ow))
        return cls(nested(x), nested(w), nested(b), stride, padding, upstream, read_bool(d, "backward", True),
                   digit, kernel_name, dilation, transposed, floor)

    def to_dict(self) -> dict:
        return {"input": np.array(self.input).tolist(), "kernels": np.array(self.kernels).tolist(),
                "bias": list(self.bias), "stride": self.stride, "padding": self.padding,
                "upstream": self.upstream_data(), "backward": self.backward, "digit": self.digit, "kernel_name": self.kernel_name,
                "dilation": self.dilation, "transposed": self.transposed, "floor": self.floor}


def load_digit(index: int) -> np.ndarray:
    """Shipped digit ``index`` (8×8, values 0..16)."""
    from nnlab.data import load_digits

    images, _labels = load_digits()
    if not 0 <= index < len(images):
        raise ValueError(_("digit: must be 0 to {most}, not {index}").format(most=len(images) - 1, index=index))
    return images[index]


# ---------------------------------------------------------------- timeline

def build_timeline(config: Config) -> Timeline:
    x, w, b, d = config.x, config.w, config.b, config.dilation
    c_n = x.shape[0]
    fn, _c, kh, kw = w.shape
    ring = config.ring
    if config.transposed:  # the flipped kernels slide with stride 1 over the stretched input
        xpad, wk, s = stretch(x[None], config.stride, ring)[0], w[:, :, ::-1, ::-1].copy(), 1
    else:
        xpad, wk, s = np.pad(x, ((0, 0), (ring, ring), (ring, ring))), w, config.stride
    real = np.zeros(xpad.shape, dtype=bool)
    real[:, ring:xpad.shape[1] - ring:config.stride if config.transposed else 1,
         ring:xpad.shape[2] - ring:config.stride if config.transposed else 1] = True
    y = conv2d(xpad[None], wk, b, s, 0, d, config.floor)[0]
    _fn, oh, ow = y.shape
    col = im2col(xpad[None], kh, kw, s, 0, d, config.floor)[0]
    dout = config.dout
    base = {"x": x, "xpad": xpad, "ring": ring, "real": real, "w": w, "wk": wk, "b": b, "dout": dout, "col": col,
            "wflat": wk.reshape(fn, -1)}
    xs, ws = format_grid(xpad), format_grid(wk)
    show_bias = bool(np.any(b != 0))
    steps = []
    # per-channel sums: (FN, C, OH·OW)
    chan = np.einsum("fck,ckl->fcl", wk.reshape(fn, c_n, kh * kw), col.reshape(c_n, kh * kw, -1))
    cells = [divmod(k, kw) for k in range(kh * kw)]
    sequence = x.shape[1] == kh == 1  # Conv1D: one row, cells named by their position only
    for f in range(fn):
        for i in range(oh):
            for j in range(ow):
                r, q, l = i * s, j * s, i * ow + j
                lines, values = [], {f"out:{f}:{i}:{j}": float(y[f, i, j])}
                lhs = ((f"y[{j}]" if fn == 1 else f"y[{f},{j}]") if sequence else
                       f"y[{i},{j}]" if fn == 1 else f"y[{f},{i},{j}]")
                for c in range(c_n):
                    taps = [(r + a * d, q + e * d, a, e) for a, e in cells]
                    terms = [f"{xs[c, u, v]}×{ws[f, c, a, e]}" for u, v, a, e in taps
                             if real[c, u, v] or not config.transposed] or ["0"]  # transposed: input cells only
                    if c_n > 1:
                        lines.append(sum_formula(_("channel {c}").format(c=c), "Σ x·k", terms, chan[f, c, l]))
                        values[f"part:{f}:{c}:{i}:{j}"] = float(chan[f, c, l])
                    else:
                        lines.append(sum_formula(lhs, "Σ x·k + b", terms + [factor(b[f])], y[f, i, j]))
                if c_n > 1:
                    lines.append(F.eq(F.Text(lhs), F.Text(_("Σ over the channels + b")),
                                      F.terms([F.Num(chan[f, c, l]) for c in range(c_n)] + [F.Num(b[f])]),
                                      F.Num(y[f, i, j])))
                expr = F.seq(lines)
                if sequence:
                    title = (_("Output position {j}") if fn == 1 else _("Filter {f}, output position {j}")).format(
                        f=f, j=j)
                else:
                    title = (_("Output cell ({i}, {j})") if fn == 1 else _("Filter {f}, output cell ({i}, {j})")).format(
                        f=f, i=i, j=j)
                focus = tuple(f"win:{c}:{r}:{q}:{kh}:{kw}:{d}" for c in range(c_n)) + (
                    f"k:{f}", f"out:{f}:{i}:{j}", f"col:{l}") + ((f"b:{f}",) if show_bias else ())
                steps.append(F.step("conv", title, expr, focus, values, every_term(expr)))
    if config.has_backward:
        steps.extend(_backward_steps(config, w, dout, xs, ws))
    return Timeline("conv", steps, base)


def _backward_steps(config: Config, w: np.ndarray, dout: np.ndarray, xs: np.ndarray,
                    ws: np.ndarray) -> list[Step]:
    """Each kernel weight's gradient, each bias's, then each input cell's (xs, ws: the padded
    input's and the kernels' cell texts)."""
    s, p, d = config.stride, config.padding, config.dilation
    fn, c_n, kh, kw = w.shape
    _fn, oh, ow = dout.shape
    _c, h, wd = config.x.shape
    dx, dw, db = conv2d_backward(dout[None], config.x[None], w, s, p, d, config.floor)
    dx = dx[0]
    ds = format_grid(dout)
    steps = []
    outputs = [divmod(n, ow) for n in range(oh * ow)]
    for f in range(fn):
        for c in range(c_n):
            for a in range(kh):
                for e in range(kw):
                    terms = [f"{ds[f, i, j]}×{xs[c, a * d + s * i, e * d + s * j]}" for i, j in outputs]
                    k = f"k[{a},{e}]" if fn == c_n == 1 else f"k[{f},{c},{a},{e}]"
                    expr = sum_formula(f"∂L/∂{k}", "Σ ∂L/∂y × x", terms, dw[f, c, a, e])
                    title = _("Gradient of kernel weight ({a}, {e}), channel {c}, filter {f}").format(
                        a=a, e=e, c=c, f=f)
                    focus = (f"k:{f}:{c}:{a}:{e}", f"win:{c}:{a * d}:{e * d}:{oh}:{ow}:{s}", f"dout:{f}")
                    values = {f"dk:{f}:{c}:{a}:{e}": float(dw[f, c, a, e])}
                    steps.append(F.step("backward", title, expr, focus, values, every_term(expr)))
        expr = sum_formula("∂L/∂b" if fn == 1 else f"∂L/∂b[{f}]", "Σ ∂L/∂y", [ds[f, i, j] for i, j in outputs], db[f])
        steps.append(F.step("backward", _("Gradient of bias {f}").format(f=f), expr, (f"b:{f}", f"dout:{f}"),
                            {f"db:{f}": float(db[f])}, every_term(expr)))
    rows = [_covering(yy + p, kh, s, oh, d) for yy in range(h)]
    cols = [_covering(xx + p, kw, s, ow, d) for xx in range(wd)]
    none = _("0 (no window covers this cell)")
    for c in range(c_n):
        for yy in range(h):
            r = rows[yy]
            for xx in range(wd):
                q = cols[xx]
                n = fn * len(r) * len(q)
                terms = []
                for k in range(n):  # term k is filter f, covering row r[ri], covering column q[qi]
                    f, rest = divmod(k, len(r) * len(q))
                    (i, a), (j, e) = r[rest // len(q)], q[rest % len(q)]
                    terms.append(f"{ds[f, i, j]}×{ws[f, c, a, e]}")
                focus = [f"in:{c}:{yy}:{xx}"]
                if n and d > 1:  # the outputs whose taps met the cell, and those taps' weights
                    for f in range(fn):
                        focus += [f"dout:{f}:{i}:{j}" for i, _a in r for j, _e in q]
                        focus += [f"k:{f}:{c}:{a}:{e}" for _i, a in r for _j, e in q]
                elif n:  # the outputs whose windows cover the cell, and the weights that met it
                    for f in range(fn):
                        focus += (f"dout:{f}:{r[0][0]}:{q[0][0]}:{len(r)}:{len(q)}",
                                  f"k:{f}:{c}:{r[-1][1]}:{q[-1][1]}:{len(r)}:{len(q)}:{s}")
                lhs = f"∂L/∂x[{yy},{xx}]" if c_n == 1 else f"∂L/∂x[{c},{yy},{xx}]"
                expr = sum_formula(lhs, "Σ ∂L/∂y × k", terms, dx[c, yy, xx]) if n else F.eq(F.Text(lhs), F.Text(none))
                steps.append(F.step("backward", _("Gradient of input cell ({y}, {x}), channel {c}").format(
                    y=yy, x=xx, c=c), expr, tuple(focus), {f"din:{c}:{yy}:{xx}": float(dx[c, yy, xx])},
                    every_term(expr)))
    return steps


def _covering(pos: int, k: int, s: int, n: int, d: int = 1) -> list[tuple[int, int]]:
    """The (output index i, kernel tap a) pairs whose tap s·i + d·a is padded position ``pos``."""
    return [(i, (pos - s * i) // d) for i in range(n) if 0 <= pos - s * i < d * k and (pos - s * i) % d == 0]
