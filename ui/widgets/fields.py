"""NumberField: a line edit for one number that refuses bad input and keeps the last good value;
side_scroll: a pane's control panel in a scroll area."""

from __future__ import annotations

import math

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QLineEdit, QScrollArea, QWidget

from nnlab import formulas
from ui.style import fmt


class NumberField(QLineEdit):
    """Emits ``valueEdited(float)`` for a valid number in [lo, hi]; otherwise emits
    ``refused(str)`` with the reason, shows it as a tooltip and restores the previous value."""

    valueEdited = Signal(float)
    refused = Signal(str)

    def __init__(self, value: float = 0.0, lo: float = -math.inf, hi: float = math.inf,
                 integer: bool = False, label: str = "", parent=None):
        super().__init__(parent)
        self.lo, self.hi, self.integer, self.label = lo, hi, integer, label
        self._value = value
        self.set_value(value)
        self.editingFinished.connect(self._commit)

    def value(self) -> float:
        return self._value

    def set_value(self, value: float) -> None:
        self._value = value
        self.setText(str(int(value)) if self.integer else fmt(value, 6))
        self.setStyleSheet("")

    def _commit(self) -> None:
        text = self.text().strip()
        name = self.label or self.tr("value")
        try:
            value = formulas.parse(text)
            if not math.isfinite(value):
                raise ValueError
        except ValueError:
            return self._refuse(self.tr("{name}: '{text}' is not a number").format(name=name, text=text))
        if self.integer and value != int(value):
            return self._refuse(self.tr("{name}: must be a whole number").format(name=name))
        if not self.lo <= value <= self.hi:
            return self._refuse(self.tr("{name}: must be between {lo} and {hi}").format(
                name=name, lo=fmt(self.lo), hi=fmt(self.hi)))
        if value != self._value:
            self._value = int(value) if self.integer else value
            self.setStyleSheet("")
            self.valueEdited.emit(float(self._value))

    def _refuse(self, reason: str) -> None:
        self.setToolTip(reason)
        self.set_value(self._value)
        self.refused.emit(reason)


def side_scroll(panel: QWidget, name: str, width: int = 340) -> QScrollArea:
    """``panel`` (a pane's controls) in a vertical scroll area named ``name``, at most ``width`` wide,
    so a tall panel never pushes the window past the screen."""
    scroll = QScrollArea()
    scroll.setObjectName(name)
    scroll.setWidgetResizable(True)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setMaximumWidth(width)
    scroll.setWidget(panel)
    return scroll
