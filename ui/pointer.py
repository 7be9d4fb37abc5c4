"""A cursor highlight for pointing at a projected screen: a translucent disc that follows the
mouse over the window, drawn by an overlay that lets every click through."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QApplication, QWidget

from ui import style


class CursorHighlight(QWidget):
    RADIUS = 28

    def __init__(self, window: QWidget):
        super().__init__(window)
        self.setObjectName("cursorHighlight")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setAttribute(Qt.WidgetAttribute.WA_NoSystemBackground)
        self.window_ = window
        self.pos_ = QPoint(-1000, -1000)
        self._filter = _MouseFilter(self)
        self.hide()

    def set_enabled(self, on: bool) -> None:
        app = QApplication.instance()
        if on:
            self.setGeometry(self.window_.rect())
            self.raise_()
            self.show()
            app.installEventFilter(self._filter)
        else:
            app.removeEventFilter(self._filter)
            self.hide()

    def follow(self, global_pos: QPoint) -> None:
        self.pos_ = self.mapFromGlobal(global_pos)
        self.setGeometry(self.window_.rect())
        self.raise_()
        self.update()

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(style.color("focus", 110))
        r = int(self.RADIUS * style.scale())
        painter.drawEllipse(self.pos_, r, r)


class _MouseFilter(QObject):
    def __init__(self, overlay: CursorHighlight):
        super().__init__(overlay)
        self.overlay = overlay

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.MouseMove:
            self.overlay.follow(event.globalPosition().toPoint())
        return False
