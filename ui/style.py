"""Colours, fonts and the presenter scale shared by every pane.

Every diagram takes its colours from ``theme()`` and multiplies fonts and line widths by
``scale()``. The window changes them (View menu) and then calls ``restyle()`` on each pane.
The default palette is Okabe–Ito, which stays distinct for colour-blind viewers.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QFont

from nnlab import formulas


@dataclass(frozen=True)
class Theme:
    name: str
    background: str
    text: str
    muted: str  # secondary text, inactive edges
    grid: str  # plot grid lines (opaque: translucent lines cost a lot to paint)
    positive: str  # positive weights / values
    negative: str  # negative weights / values
    focus: str  # the current step's elements
    revealed: str  # nodes/cells already computed
    backward: str  # deltas and gradients
    series: tuple[str, ...]  # one colour per curve / optimizer / channel


# Okabe & Ito (2008), "Color Universal Design". The series take six of the eight, blue and sky blue
# not both (side by side, e.g. six optimizer paths, they read as one colour): black instead.
OKABE_ITO = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000")
SERIES = OKABE_ITO[:5] + OKABE_ITO[7:]

THEMES = {
    "light": Theme("light", "#FFFFFF", "#111111", "#9A9A9A", "#E6E6E6", "#0072B2", "#D55E00", "#E69F00",
                   "#DCEBF7", "#CC79A7", SERIES),
    "high-contrast": Theme("high-contrast", "#000000", "#FFFFFF", "#BBBBBB", "#3A3A3A", "#56B4E9", "#FF8C1A",
                           "#F0E442", "#1F3A52", "#FF77CC", ("#56B4E9", "#FF8C1A", "#00D09A",
                                                             "#FF77CC", "#F0E442", "#FFFFFF")),
}

_state = {"theme": "light", "scale": 1.0}


def theme() -> Theme:
    return THEMES[_state["theme"]]


def scale() -> float:
    """The presenter scale for fonts and lines: 1.0 on a laptop, up to 3.0 on a projector."""
    return _state["scale"]


def set_theme(name: str) -> None:
    if name not in THEMES:
        raise ValueError(f"unknown theme {name!r}")
    _state["theme"] = name


def set_scale(value: float) -> None:
    _state["scale"] = min(3.0, max(1.0, float(value)))


def color(name_or_hex: str, alpha: int = 255) -> QColor:
    c = QColor(getattr(theme(), name_or_hex, name_or_hex))
    c.setAlpha(alpha)
    return c


def marks_on_letters(f: QFont) -> QFont:
    """``f`` with combining marks drawn on their letter (m̂, v̂, x̂): DejaVu Sans's mark positioning
    lifts a hat a whole line above a letter it has no anchor for, where the line above hides it;
    the mark glyphs themselves are drawn for a lowercase letter, so without it they sit right."""
    f.setFeature(QFont.Tag("mark"), 0)
    return f


def font(points: float = 10.0, bold: bool = False, mono: bool = False) -> QFont:
    """A font scaled by the presenter scale."""
    f = QFont("DejaVu Sans Mono") if mono else marks_on_letters(QFont())  # QFont("") crashes pyqtgraph's text layout
    if mono:
        f.setStyleHint(QFont.StyleHint.Monospace)
    f.setPointSizeF(points * scale())
    f.setBold(bold)
    return f


def formula_font(points: float) -> QFont:
    """The formula's type, scaled by the presenter scale: DejaVu Sans, whose sub- and superscripts
    sit close to their symbol (z₂⁽²⁾; a monospaced face gives each one a whole cell) and whose
    digits all have one width, so numbers still line up."""
    f = marks_on_letters(QFont("DejaVu Sans"))
    f.setPointSizeF(points * scale())
    return f


def line(width: float = 1.0) -> float:
    """A line width scaled by the presenter scale."""
    return width * scale()


def fmt(value: float, digits: int = 4) -> str:
    """A number as every screen prints it: the engine's one formatter (nnlab.formulas.num)."""
    return formulas.num(value, digits)
