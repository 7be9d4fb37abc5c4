"""The labs. Each module ``nnlab.labs.<name>`` holds one lab:

- ``Config``: a frozen dataclass with ``Config.from_dict(d)`` (``check_fields`` first, then types,
  shapes and ranges; raises ``ValueError("field: reason")`` naming the bad field) and ``to_dict()``
  (JSON-ready; ``from_dict(c.to_dict()) == c``);
- ``DEFAULT_PRESET``: the preset the lab opens with;
- ``build_timeline(config) -> Timeline``.
"""

from __future__ import annotations

import importlib
import importlib.util
import math
import numbers
from collections.abc import Mapping
from types import ModuleType
from typing import NamedTuple

import numpy as np

from nnlab.i18n import _

LABS = ("network", "training", "perceptron", "activations", "graph", "conv", "pooling", "recurrent", "optimizer",
        "generative", "attention", "cnn", "text", "series")


def lab_module(name: str) -> ModuleType:
    """The module of lab ``name``; ValueError for an unknown lab."""
    if name not in LABS:
        raise ValueError(_("unknown lab {name}: choose one of {names}").format(name=repr(name), names=", ".join(LABS)))
    return importlib.import_module(f"nnlab.labs.{name}")


def available_labs() -> tuple[str, ...]:
    """The labs whose module exists in this build, in LABS order (found without importing them)."""
    return tuple(name for name in LABS if importlib.util.find_spec(f"nnlab.labs.{name}") is not None)


def check_fields(d, known) -> None:
    """What every ``Config.from_dict`` checks first: an object with no fields but ``known``."""
    if not isinstance(d, Mapping):
        raise ValueError(_("config: must be an object"))
    unknown = sorted(set(d) - set(known))
    if unknown:
        raise ValueError(_("{name}: unknown field").format(name=unknown[0]))


class Bound(NamedTuple):
    """A number field's range, read as ``read_number(field, value, *bound)``."""

    lo: float
    hi: float
    integer: bool = False
    lo_open: bool = False


MAX_DIMENSIONS = 8  # of a nested list read as an array
MAX_ABS = 1e6  # the largest size of a typed number (weights, inputs, points) in every lab
_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def bound_text(v: float) -> str:
    """A bound as a person reads it: 100000, 0.999, 10⁻¹⁶, 1.6×10¹¹, a real minus sign."""
    v = float(v)
    if v.is_integer() and abs(v) < 1e10:
        text = str(int(v))
    else:
        text = f"{v:.6g}"
        if "e" in text:
            mantissa, exp = text.split("e")
            power = "10" + str(int(exp)).translate(_SUPERSCRIPT)
            text = power if float(mantissa) == 1 else f"{mantissa.removesuffix('.0')}×{power}"
    return text.replace("-", "−")


def range_text(lo: float, hi: float, lo_open: bool = False, hi_open: bool = False) -> str:
    """'from lo to hi' (or 'above lo …' / '… below hi' for open ends), translated."""
    template = {(False, False): _("from {lo} to {hi}"), (True, False): _("above {lo} and at most {hi}"),
                (False, True): _("from {lo} to below {hi}"), (True, True): _("between {lo} and {hi}, exclusive")}
    return template[lo_open, hi_open].format(lo=bound_text(lo), hi=bound_text(hi))


def read_number(field: str, value, lo: float, hi: float, integer: bool = False, lo_open: bool = False,
                hi_open: bool = False):
    """``value`` checked as a number of field ``field`` in [lo, hi] (an open end excluded): a float,
    or an int with ``integer`` (a whole float such as 3.0 is taken). Booleans, text, NaN, ±infinity,
    out-of-range values and integers too large for a float raise one ValueError naming the field
    and the range."""
    ok = isinstance(value, numbers.Real) and not isinstance(value, (bool, np.bool_))
    if ok and integer and not isinstance(value, numbers.Integral):
        ok = math.isfinite(value) and float(value).is_integer()
        value = int(value) if ok else value
    if ok:
        value = int(value) if integer else value  # ints compare exactly, however large
        ok = (lo < value if lo_open else lo <= value) and (value < hi if hi_open else value <= hi)
    if not ok:  # NaN fails every comparison
        template = _("{field}: must be a whole number {range}") if integer else _("{field}: must be a number {range}")
        raise ValueError(template.format(field=field, range=range_text(lo, hi, lo_open, hi_open)))
    return value if integer else float(value)


def read_array(field: str, value, lo: float = -MAX_ABS, hi: float = MAX_ABS) -> np.ndarray:
    """A number or a rectangular nested list of numbers as a float array, every entry in [lo, hi];
    the first bad entry is named (``field[i][j]``) as ``read_number`` words it."""
    if isinstance(value, np.ndarray):
        value = value.tolist()
    try:
        cells = np.array(value, dtype=object)
    except ValueError:
        cells = None
    if cells is None or cells.ndim > MAX_DIMENSIONS or any(isinstance(v, (list, tuple)) for v in cells.flat):  # ragged rows stay lists
        raise ValueError(_("{field}: must be a number or a rectangular nested list of numbers").format(field=field))
    plain = all(type(v) in (int, float) for v in cells.flat)
    try:
        out = cells.astype(np.float64) if plain else None
    except OverflowError:  # an int too large for a float
        out = None
    if out is not None and np.all((out >= lo) & (out <= hi)):
        return out
    for index, v in np.ndenumerate(cells):  # name the first bad entry
        read_number(field + "".join(f"[{i}]" for i in index), v, lo, hi)
    return cells.astype(np.float64)  # numpy number types, all in range
