"""Help → Keyboard shortcuts: a dialog listing every key the window answers to — the transport's
keys, every menu action that has a shortcut (read from the menus, so none is forgotten) and the
keys of the editors."""

from __future__ import annotations

import re

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHeaderView, QMenu, QTableWidget, QTableWidgetItem, QVBoxLayout

from ui import style


translate = QCoreApplication.translate  # lupdate reads translate("…", "…") calls


def transport_keys() -> list[tuple[str, str]]:
    """The transport bar's keys (ui.transport.TransportBar.install_shortcuts) and what they do."""
    return [("Space", translate("shortcuts", "Play / pause")),
            ("→", translate("shortcuts", "Step forward (in quiz mode: first the question, then the answer)")),
            ("←", translate("shortcuts", "Step back")),
            ("Home", translate("shortcuts", "Back to the start")),
            ("End", translate("shortcuts", "Jump to the last step")),
            ("+", translate("shortcuts", "Play faster")),
            ("−", translate("shortcuts", "Play slower"))]


def editor_keys() -> list[tuple[str, str]]:
    return [("Esc", translate("shortcuts", "Close the weight editor")),
            ("Enter", translate("shortcuts", "Apply the number typed in a field"))]


def menu_keys(menu: QMenu, path: str = "") -> list[tuple[str, str]]:
    """Every action with a shortcut in ``menu`` and its submenus, as (keys, "Menu → Action")."""
    rows = []
    for action in menu.actions():
        text = plain(action.text())
        if action.menu() is not None:
            rows += menu_keys(action.menu(), f"{path}{text} → ")
        elif not action.shortcut().isEmpty():
            keys = dict.fromkeys(k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts())
            rows.append((", ".join(keys), path + text))
    return rows


def plain(text: str) -> str:
    """A menu text without its mnemonic: "&File" → "File", "파일(&F)" → "파일"."""
    return re.sub(r"\(&\w\)", "", text).replace("&", "")


class ShortcutsDialog(QDialog):
    """Two columns, key and what it does; non-modal so it can stay open while stepping."""

    def __init__(self, window):
        super().__init__(window)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle(translate("shortcuts", "Keyboard shortcuts"))
        rows = transport_keys()
        for menu_action in window.menuBar().actions():
            if menu_action.menu() is not None:
                rows += menu_keys(menu_action.menu(), plain(menu_action.text()) + " → ")
        rows += editor_keys()
        self.table = QTableWidget(len(rows), 2, self)
        self.table.setObjectName("shortcutsTable")
        self.table.setHorizontalHeaderLabels([translate("shortcuts", "Key"), translate("shortcuts", "What it does")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setFont(style.font(10))
        for r, (keys, what) in enumerate(rows):
            key_item = QTableWidgetItem(keys)
            key_item.setFont(style.font(10, bold=True))
            self.table.setItem(r, 0, key_item)
            self.table.setItem(r, 1, QTableWidgetItem(what))
        self.table.resizeColumnsToContents()
        self.table.resizeRowsToContents()
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        width = self.table.horizontalHeader().length() + 60
        height = self.table.verticalHeader().length() + self.table.horizontalHeader().height() + 90
        screen = window.screen().availableGeometry() if window.screen() else None
        if screen is not None:
            width, height = min(width, screen.width() - 40), min(height, screen.height() - 80)
        self.resize(max(width, int(520 * style.scale())), height)

    def keys(self) -> list[str]:
        """The key column, as shown."""
        return [self.table.item(r, 0).text() for r in range(self.table.rowCount())]
