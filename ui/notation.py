"""Help → Notation: the notation sheet (nnlab.notation, the same data as docs/NOTATION.md) in the
window's language, in a dialog that can stay open while stepping."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout

from nnlab import notation
from ui import style


def sheet_html() -> str:
    """The sheet as HTML: one table per section, symbol and meaning."""
    parts = []
    for section, entries in notation.rows():
        parts.append(f"<h3>{escape(section)}</h3><table cellspacing='0' cellpadding='4'>")
        parts += [f"<tr><td><b>{escape(symbol)}</b></td><td>{escape(meaning)}</td></tr>" for symbol, meaning in entries]
        parts.append("</table>")
    return "".join(parts)


class NotationDialog(QDialog):
    def __init__(self, window):
        super().__init__(window)
        self.setObjectName("notationDialog")
        self.setWindowTitle(QCoreApplication.translate("notation", "Notation"))
        self.text = QTextBrowser(self)
        self.text.setObjectName("notationText")
        self.text.setFont(style.font(11))
        self.text.setHtml(sheet_html())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        screen = window.screen().availableGeometry() if window.screen() else None
        width, height = int(640 * style.scale()), int(560 * style.scale())
        if screen is not None:
            width, height = min(width, screen.width() - 40), min(height, screen.height() - 80)
        self.resize(width, height)
