"""Convolution and pooling in numpy, NCHW, with forward and backward passes.

Functions: ``conv2d``/``conv2d_backward`` (with ``dilation`` and ``floor``), ``conv_transpose2d``
and ``stretch`` (its input as a direct convolution sees it), ``pool2d``/``pool2d_backward``,
``im2col``/``col2im``, ``output_size`` (and ``size_formula``, the same formula as text). Layers in the style of Deep
Learning from Scratch, keeping what backward needs: ``Conv2D(w, b, stride, pad)`` and
``Pool2D(size, stride, pad, mode)`` with ``forward(x)`` and ``backward(dout)``.

im2col uses the fast layout: patches as columns, ``(N, C·FH·FW, OH·OW)``, so the forward pass is
``w.reshape(FN, -1) @ col`` with no transposes back (the textbook rows layout measured ~14×
PyTorch). Float32 data stays float32.

Pooling pads the way PyTorch does: max pooling pads with −∞ (a padding cell never wins), average
pooling pads with zeros that count in the divisor (``count_include_pad=True``, torch's default:
every window divides by size²). Padding may be at most half the window (``pad ≤ size // 2``).
"""

from __future__ import annotations

import numpy as np
from numpy.lib.stride_tricks import as_strided

from nnlab.formulas import num
from nnlab.i18n import _

POOL_MODES = ("max", "avg")


def size_formula(size: int, kernel: int, stride: int = 1, pad: int = 0, dilation: int = 1, floor: bool = False,
                 transposed: bool = False) -> str:
    """The output size with the numbers: ``(4 + 2·0 − 3)/1 + 1``; dilated ``(7 + 2·0 − 2·(3 − 1) − 1)/1 + 1``;
    ``⌊(6 + 2·1 − 3)/2⌋ + 1`` with ``floor``; transposed ``(3 − 1)·2 − 2·1 + (3 − 1) + 1``."""
    reach = f"{kernel}" if dilation == 1 else f"{dilation}·({kernel} − 1) − 1"
    if transposed:
        span = f"({kernel} − 1)" if dilation == 1 else f"{dilation}·({kernel} − 1)"
        return f"({size} − 1)·{stride} − 2·{pad} + {span} + 1"
    frac = f"({size} + 2·{pad} − {reach})/{stride}"
    return f"⌊{frac}⌋ + 1" if floor else f"{frac} + 1"


def output_size(size: int, kernel: int, stride: int = 1, pad: int = 0, dilation: int = 1, floor: bool = False,
                transposed: bool = False) -> int:
    """OH = (H + 2P − D·(FH − 1) − 1)/S + 1 (D = 1: (H + 2P − FH)/S + 1), rounded down with ``floor``
    as PyTorch does; transposed OH = (H − 1)·S − 2P + D·(FH − 1) + 1. ValueError showing the formula
    with the numbers when it is not a whole number of at least 1 (or, transposed, P > D·(FH − 1))."""
    if stride < 1:
        raise ValueError(_("stride must be at least 1, not {stride}").format(stride=stride))
    if pad < 0:
        raise ValueError(_("padding must be 0 or more, not {pad}").format(pad=pad))
    if kernel < 1:
        raise ValueError(_("the window must be at least 1, not {kernel}").format(kernel=kernel))
    if dilation < 1:
        raise ValueError(_("dilation must be at least 1, not {dilation}").format(dilation=dilation))
    reach = dilation * (kernel - 1) + 1
    formula = size_formula(size, kernel, stride, pad, dilation, floor, transposed)
    if transposed:
        if pad > reach - 1:
            raise ValueError(_("{formula}: padding {pad} is more than the kernel's reach − 1 ({most})").format(
                formula=formula, pad=pad, most=reach - 1))
        return (size - 1) * stride - 2 * pad + reach
    span = size + 2 * pad - reach
    value = num(span / stride + 1)
    if span < 0:
        raise ValueError(_("{formula} = {value}: the {kernel}-wide window does not fit in the padded input "
                           "({size} + 2·{pad} = {padded})").format(
            formula=formula, value=value, kernel=reach, size=size, pad=pad, padded=size + 2 * pad))
    if span % stride and not floor:
        raise ValueError(_("{formula} = {value} is not an integer").format(formula=formula, value=value))
    return span // stride + 1


def _pad(x: np.ndarray, pad: int, value: float = 0.0) -> np.ndarray:
    if not pad:
        return x
    return np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)), constant_values=value)


def im2col(x: np.ndarray, fh: int, fw: int, stride: int = 1, pad: int = 0, dilation: int = 1,
           floor: bool = False) -> np.ndarray:
    """Patches as columns: x (N, C, H, W) → col (N, C·FH·FW, OH·OW), rows ordered (c, i, j); the
    taps of a dilated kernel are ``dilation`` cells apart."""
    n, c, h, w = x.shape
    oh, ow = output_size(h, fh, stride, pad, dilation, floor), output_size(w, fw, stride, pad, dilation, floor)
    xp = np.ascontiguousarray(_pad(x, pad))
    sn, sc, sh, sw = xp.strides
    d = dilation
    view = as_strided(xp, (n, c, fh, fw, oh, ow), (sn, sc, sh * d, sw * d, sh * stride, sw * stride),
                      writeable=False)
    return view.reshape(n, c * fh * fw, oh * ow)


def col2im(col: np.ndarray, x_shape: tuple, fh: int, fw: int, stride: int = 1, pad: int = 0, dilation: int = 1,
           floor: bool = False) -> np.ndarray:
    """The adjoint of im2col: sums each column entry back into the cell it came from."""
    n, c, h, w = x_shape
    oh, ow = output_size(h, fh, stride, pad, dilation, floor), output_size(w, fw, stride, pad, dilation, floor)
    cols = col.reshape(n, c, fh, fw, oh, ow)
    dxp = np.zeros((n, c, h + 2 * pad, w + 2 * pad), dtype=col.dtype)
    for i in range(fh):
        for j in range(fw):
            a, b = i * dilation, j * dilation
            dxp[:, :, a:a + stride * oh:stride, b:b + stride * ow:stride] += cols[:, :, i, j]
    return dxp[:, :, pad:pad + h, pad:pad + w].copy() if pad else dxp


class Conv2D:
    """Convolution layer (cross-correlation, as in PyTorch): w (FN, C, FH, FW), b (FN,) or None;
    ``dilation`` spaces the kernel's taps, ``floor`` rounds the output size down (PyTorch's rule).
    ``backward`` returns dx and sets ``dw`` and ``db``."""

    def __init__(self, w: np.ndarray, b: np.ndarray | None = None, stride: int = 1, pad: int = 0,
                 dilation: int = 1, floor: bool = False):
        self.w, self.b, self.stride, self.pad = w, b, stride, pad
        self.dilation, self.floor = dilation, floor
        self.x_shape = self.col = None
        self.dw = self.db = None

    def forward(self, x: np.ndarray) -> np.ndarray:
        fn, c, fh, fw = self.w.shape
        if x.ndim != 4 or x.shape[1] != c:
            raise ValueError(_("conv2d: input of shape {xs} does not match kernels of shape {ws} (N, C, H, W) "
                               "vs (FN, C, FH, FW)").format(xs=tuple(x.shape), ws=tuple(self.w.shape)))
        n, _c, h, w = x.shape
        arith = (self.stride, self.pad, self.dilation, self.floor)
        oh, ow = output_size(h, fh, *arith), output_size(w, fw, *arith)
        self.x_shape = x.shape
        self.col = im2col(x, fh, fw, *arith)
        out = self.w.reshape(fn, -1) @ self.col  # (N, FN, OH·OW)
        if self.b is not None:
            out += self.b.reshape(1, fn, 1)
        return out.reshape(n, fn, oh, ow)

    def backward(self, dout: np.ndarray) -> np.ndarray:
        fn, c, fh, fw = self.w.shape
        n = dout.shape[0]
        d = dout.reshape(n, fn, -1)
        self.db = d.sum(axis=(0, 2))
        self.dw = (d @ self.col.transpose(0, 2, 1)).sum(axis=0).reshape(self.w.shape)
        dcol = self.w.reshape(fn, -1).T @ d  # (N, C·FH·FW, OH·OW)
        return col2im(dcol, self.x_shape, fh, fw, self.stride, self.pad, self.dilation, self.floor)


def conv2d(x: np.ndarray, w: np.ndarray, b: np.ndarray | None = None, stride: int = 1, pad: int = 0,
           dilation: int = 1, floor: bool = False) -> np.ndarray:
    """x (N, C, H, W) ⊛ w (FN, C, FH, FW) + b (FN,) → (N, FN, OH, OW)."""
    return Conv2D(w, b, stride, pad, dilation, floor).forward(x)


def conv2d_backward(dout: np.ndarray, x: np.ndarray, w: np.ndarray, stride: int = 1, pad: int = 0,
                    dilation: int = 1, floor: bool = False):
    """Gradients of conv2d for the upstream gradient ``dout`` (N, FN, OH, OW): (dx, dw, db)."""
    layer = Conv2D(w, None, stride, pad, dilation, floor)
    layer.forward(x)
    dx = layer.backward(dout)
    return dx, layer.dw, layer.db


def stretch(x: np.ndarray, stride: int, ring: int) -> np.ndarray:
    """x (N, C, H, W) with ``stride − 1`` zeros between neighbouring cells and a ring of ``ring``
    zeros: the input a transposed convolution slides its flipped kernel over (stride 1)."""
    n, c, h, w = x.shape
    out = np.zeros((n, c, (h - 1) * stride + 1 + 2 * ring, (w - 1) * stride + 1 + 2 * ring), dtype=x.dtype)
    out[:, :, ring:out.shape[2] - ring:stride, ring:out.shape[3] - ring:stride] = x
    return out


def conv_transpose2d(x: np.ndarray, w: np.ndarray, b: np.ndarray | None = None, stride: int = 1, pad: int = 0,
                     dilation: int = 1) -> np.ndarray:
    """Transposed convolution, x (N, C, H, W) and w (FN, C, FH, FW) → (N, FN, OH, OW) with
    OH = (H − 1)·S − 2P + D·(FH − 1) + 1: each input cell scatters itself times the kernel (PyTorch's
    conv_transpose2d with weight ``w.transpose(1, 0, 2, 3)``). Computed as the adjoint of conv2d."""
    n, c, h, wd = x.shape
    fn, _c, fh, fw = w.shape
    oh = output_size(h, fh, stride, pad, dilation, transposed=True)
    ow = output_size(wd, fw, stride, pad, dilation, transposed=True)
    col = w.transpose(0, 2, 3, 1).reshape(-1, c) @ x.reshape(n, c, h * wd)  # (N, FN·FH·FW, H·W)
    out = col2im(col, (n, fn, oh, ow), fh, fw, stride, pad, dilation)
    if b is not None:
        out += b.reshape(1, fn, 1, 1)
    return out


class Pool2D:
    """Pooling layer over size×size windows. ``arg`` (after a max forward) holds each window's
    winner as a row-major index into the window (the first maximum wins a tie, as in PyTorch)."""

    def __init__(self, size: int, stride: int | None = None, pad: int = 0, mode: str = "max"):
        if mode not in POOL_MODES:
            raise ValueError(_("pooling mode must be 'max' or 'avg', not {mode!r}").format(mode=mode))
        stride = size if stride is None else stride
        if pad > size // 2:
            raise ValueError(_("padding {pad} is more than half the {size}×{size} window (at most {most})").format(
                pad=pad, size=size, most=size // 2))
        self.size, self.stride, self.pad, self.mode = size, stride, pad, mode
        self.x_shape = self.arg = None

    def _windows(self, xp: np.ndarray, oh: int, ow: int):
        s = self.stride
        for i in range(self.size):
            for j in range(self.size):
                yield i * self.size + j, xp[:, :, i:i + s * oh:s, j:j + s * ow:s]

    def forward(self, x: np.ndarray) -> np.ndarray:
        n, c, h, w = x.shape
        oh, ow = output_size(h, self.size, self.stride, self.pad), output_size(w, self.size, self.stride, self.pad)
        self.x_shape = x.shape
        if not np.issubdtype(x.dtype, np.floating):
            x = x.astype(np.float64)
        if self.mode == "avg":
            out = np.zeros((n, c, oh, ow), dtype=x.dtype)
            for _k, v in self._windows(_pad(x, self.pad), oh, ow):
                out += v
            return out / np.asarray(self.size * self.size, dtype=x.dtype)
        out = self.arg = None
        for k, v in self._windows(_pad(x, self.pad, -np.inf), oh, ow):
            if out is None:
                out, self.arg = v.copy(), np.zeros(v.shape, dtype=np.int16)
                wins = np.empty(v.shape, dtype=bool)
            else:  # arithmetic updates: masked copies (copyto where=) are ~10× slower here
                np.greater(v, out, out=wins)
                np.maximum(out, v, out=out)
                won = wins.view(np.int8)
                self.arg *= 1 - won
                self.arg += won * np.int16(k)
        return out

    def backward(self, dout: np.ndarray) -> np.ndarray:
        n, c, h, w = self.x_shape
        p, (oh, ow) = self.pad, dout.shape[2:]
        dxp = np.zeros((n, c, h + 2 * p, w + 2 * p), dtype=dout.dtype)
        if self.mode == "avg":
            share = dout / np.asarray(self.size * self.size, dtype=dout.dtype)
            for _k, v in self._windows(dxp, oh, ow):
                v += share
        else:
            hit, routed = np.empty(dout.shape, dtype=bool), np.empty_like(dout)
            for k, v in self._windows(dxp, oh, ow):
                np.equal(self.arg, k, out=hit)
                np.multiply(dout, hit, out=routed)
                v += routed
        return dxp[:, :, p:p + h, p:p + w].copy() if p else dxp


def pool2d(x: np.ndarray, size: int, stride: int | None = None, pad: int = 0, mode: str = "max") -> np.ndarray:
    """Max or average pooling of x (N, C, H, W) over size×size windows (stride defaults to size)."""
    return Pool2D(size, stride, pad, mode).forward(x)


def pool2d_backward(dout: np.ndarray, x: np.ndarray, size: int, stride: int | None = None, pad: int = 0,
                    mode: str = "max") -> np.ndarray:
    """dx of pool2d: max routes each gradient to its window's winner, avg spreads it evenly."""
    layer = Pool2D(size, stride, pad, mode)
    layer.forward(x)
    return layer.backward(dout)
