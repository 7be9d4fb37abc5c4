"""Step and Timeline: what every lab computes up front and the transport steps through.

A lab turns its configuration into a Timeline of Steps. Step k reveals ``values`` (keyed by
element id, e.g. ``"node:1:0"``); ``Timeline.state_at(k)`` is everything revealed by steps
0..k on top of ``base`` (what is known before the first step). ``state_at(-1)`` is ``base``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np

_CHECKPOINT = 64  # state_at merges at most this many steps onto a stored snapshot


class _Formula:
    """``Step.formula``: the text the step was given or, given None (``formula_step``), its ``expr``
    rendered when first read, so a timeline renders only the formulas someone reads."""

    def __get__(self, step, owner=None):
        if step is None:
            return ""  # the field's default
        text = step.__dict__["_formula"]
        if text is None:
            from nnlab.formulas import text as render

            text = step.__dict__["_formula"] = render(step.expr)
        return text

    def __set__(self, step, text) -> None:
        step.__dict__["_formula"] = text


@dataclass(frozen=True)
class Step:
    phase: str  # "forward", "backward", "update", "conv", "pool", "gate", "optim", ...
    title: str  # "Hidden node h₁ — weighted sum"
    formula: str = _Formula()  # "z₁ = x₁·w₁₁ + x₂·w₂₁ = 1 × 0.9 + 0.5 × 0.3 = 1.05" (numbers substituted)
    focus: tuple[str, ...] = ()  # ids of the elements to highlight
    values: Mapping[str, float | np.ndarray] = field(default_factory=dict)
    expr: object = field(default=None, compare=False, repr=False)  # the formula as data (nnlab.formulas)
    more: str = field(default="", compare=False, repr=False)  # every term of an abbreviated formula

    def to_dict(self, index: int) -> dict:
        return {
            "index": index,
            "phase": self.phase,
            "title": self.title,
            "formula": self.formula,
            "focus": list(self.focus),
            "values": {k: to_plain(v) for k, v in self.values.items()},
        }


def formula_step(phase: str, title: str, expr, focus=(), values=None, more: str = "") -> Step:
    """A Step whose formula is ``expr`` (nnlab.formulas nodes) rendered by the one renderer (when
    first read)."""
    return Step(phase, title, None, tuple(focus), values or {}, expr=expr, more=more)


def to_plain(value):
    """A value as strict-JSON-ready Python: arrays become nested lists, numpy scalars plain
    numbers, and non-finite numbers (an overflowing softmax's inf and nan) become None."""
    if isinstance(value, np.ndarray):
        if value.dtype.kind == "f" and not np.isfinite(value).all():
            value = np.where(np.isfinite(value), value, None)
        return value.tolist()
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not np.isfinite(value):
        return None
    return value


class Timeline:
    """An ordered, immutable sequence of steps with O(1)-ish random access to the state."""

    def __init__(self, lab: str, steps: Sequence[Step], base: Mapping | None = None, title: str = ""):
        self.lab = lab
        self.title = title
        self.steps: tuple[Step, ...] = tuple(steps)
        self.base = MappingProxyType(dict(base or {}))
        self._snapshots: list[dict] = []  # state after steps 0..(i+1)*_CHECKPOINT-1

    def __len__(self) -> int:
        return len(self.steps)

    def __getitem__(self, k: int) -> Step:
        return self.steps[k]

    def state_at(self, k: int) -> Mapping:
        """Everything revealed by steps 0..k (k = -1: only the base). k is clamped to the end."""
        k = min(k, len(self.steps) - 1)
        if k < 0:
            return self.base
        block = (k + 1) // _CHECKPOINT
        while len(self._snapshots) < block:
            start = len(self._snapshots) * _CHECKPOINT
            state = dict(self._snapshots[-1] if self._snapshots else self.base)
            for step in self.steps[start : start + _CHECKPOINT]:
                state.update(step.values)
            self._snapshots.append(state)
        state = dict(self._snapshots[block - 1] if block else self.base)
        for step in self.steps[block * _CHECKPOINT : k + 1]:
            state.update(step.values)
        return MappingProxyType(state)

    def to_dict(self) -> dict:
        return {
            "lab": self.lab,
            "title": self.title,
            "steps": [s.to_dict(k) for k, s in enumerate(self.steps, 1)],  # k: the window's "Step k / n"
        }
