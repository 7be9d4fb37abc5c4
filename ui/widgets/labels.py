"""Text on the diagrams: fonts in the application's sans-serif family, numbers with a real minus
sign, and text items shifted from their anchor point by pixels (to clear a node)."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import QPointF
from PySide6.QtGui import QFont, QGuiApplication

from nnlab import formulas
from ui import style


def font(points: float, bold: bool = False) -> QFont:
    """ui.style.font in the application's sans-serif family (QFont("") resolves to a serif)."""
    f = style.font(points, bold)
    f.setFamily(QGuiApplication.font().family())
    return f


def num(value: float) -> str:
    """A number as every screen prints it (nnlab.formulas.num)."""
    return formulas.num(value)


class OffsetLabel(pg.TextItem):
    """A TextItem shifted by a pixel offset from its anchor point (to clear a node)."""

    offset = QPointF()

    def updateTextPos(self):
        super().updateTextPos()
        self.textItem.setPos(self.textItem.pos() + self.offset)
