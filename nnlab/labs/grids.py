"""What the grid labs (conv, pooling) share: their input limits, the validation of grids,
whole numbers and flags, the upstream gradient and the output-size check with its formula.

``GridConfig`` gives a lab's frozen Config the ``x`` and ``dout`` arrays (it needs the fields
``input`` and ``upstream`` and an ``out_shape`` property).
"""

from __future__ import annotations

import numpy as np

from nnlab import labs
from nnlab.conv import output_size
from nnlab.i18n import _
from nnlab.labs import MAX_ABS  # noqa: F401  (the panes' cell editor range)

MAX_SIZE = 32
MAX_CHANNELS = 3


class GridConfig:
    """The input grid and the upstream gradient of a grid lab's Config as float arrays."""

    @property
    def x(self) -> np.ndarray:
        return np.array(self.input, dtype=np.float64)

    @property
    def dout(self) -> np.ndarray:
        return np.ones(self.out_shape) if self.upstream == "ones" else np.array(self.upstream, dtype=np.float64)

    def upstream_data(self):
        """``upstream`` as JSON data: "ones" or nested lists."""
        return self.upstream if self.upstream == "ones" else np.array(self.upstream).tolist()


def read_input(d: dict) -> np.ndarray:
    """The ``input`` grid: (C, H, W) within MAX_CHANNELS × MAX_SIZE × MAX_SIZE."""
    return read_array(d["input"], "input", 3, ((1, MAX_CHANNELS), (1, MAX_SIZE), (1, MAX_SIZE)))


def nested(a: np.ndarray):
    """An array as nested tuples of floats (hashable, comparable config data)."""
    if a.ndim == 1:
        return tuple(float(v) for v in a)
    return tuple(nested(s) for s in a)


def read_array(value, name: str, ndim: int, limits: tuple[tuple[int, int], ...]) -> np.ndarray:
    """A nested list of numbers as a float array of ``ndim`` dimensions, each within its limits."""
    a = labs.read_array(name, value)
    if a.ndim != ndim:
        raise ValueError(_("{name}: must be a {ndim}-dimensional grid of numbers with equal rows").format(
            name=name, ndim=ndim))
    for axis, (lo, hi) in enumerate(limits):
        if not lo <= a.shape[axis] <= hi:
            raise ValueError(_("{name}: dimension {axis} is {n}, must be {lo} to {hi}").format(
                name=name, axis=axis + 1, n=a.shape[axis], lo=lo, hi=hi))
    return a


def read_int(d: dict, name: str, default: int, lo: int, hi: int) -> int:
    return labs.read_number(name, d.get(name, default), lo, hi, integer=True)


def read_bool(d: dict, name: str, default: bool) -> bool:
    value = d.get(name, default)
    if not isinstance(value, bool):
        raise ValueError(_("{name}: must be true or false").format(name=name))
    return value


def read_upstream(value, shape: tuple[int, ...]):
    """'ones' or a grid of the output's shape."""
    if value is None or value == "ones":
        return "ones"
    limits = tuple((n, n) for n in shape)
    try:
        return nested(read_array(value, "upstream", len(shape), limits))
    except ValueError:
        raise ValueError(_("upstream: must be \"ones\" or a grid of numbers of shape {shape} (the output's)").format(
            shape=" × ".join(map(str, shape)))) from None


def sizes(h: int, w: int, kh: int, kw: int, stride: int, pad: int, fit_field: str = "kernels", dilation: int = 1,
          floor: bool = False, transposed: bool = False) -> tuple[int, int]:
    """(OH, OW); ValueError showing the formula with the numbers, naming ``fit_field`` when the
    window does not fit in the padded input, ``padding`` when a transposed convolution's padding
    is too large and ``stride`` when the steps don't divide evenly."""
    out = []
    for name, n, k in (("OH", h, kh), ("OW", w, kw)):
        try:
            out.append(output_size(n, k, stride, pad, dilation, floor, transposed))
        except ValueError as exc:
            field = "padding" if transposed else fit_field if n + 2 * pad < dilation * (k - 1) + 1 else "stride"
            raise ValueError(f"{field}: {name} = {exc}") from None
    return out[0], out[1]
