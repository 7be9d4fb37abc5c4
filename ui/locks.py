"""A student view: a lab file can lock (disable) or hide some of a pane's controls by objectName.
The teacher chooses them in a dialog listing the pane's named controls."""

from __future__ import annotations

from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QAbstractSlider, QAbstractSpinBox,
                               QComboBox, QDialog, QDialogButtonBox, QLineEdit, QTableWidget,
                               QTableWidgetItem, QVBoxLayout, QWidget)
from PySide6.QtCore import QCoreApplication, Qt

CONTROL_TYPES = (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox, QAbstractSlider, QAbstractItemView)


def controls(pane: QWidget) -> list[QWidget]:
    """The pane's named input controls, in a stable order."""
    found = [w for w in pane.findChildren(QWidget) if isinstance(w, CONTROL_TYPES) and w.objectName()
             and not w.objectName().startswith("qt_")]
    unique = {w.objectName(): w for w in found}
    return [unique[name] for name in sorted(unique)]


def apply(pane: QWidget, locked, hidden) -> None:
    """Disable the locked controls and hide the hidden ones (by objectName)."""
    locked, hidden = set(locked), set(hidden)
    for w in controls(pane):
        name = w.objectName()
        if name in locked:
            w.setEnabled(False)
            w.setToolTip(QCoreApplication.translate("LockDialog", "Locked by the teacher"))
        if name in hidden:
            w.setVisible(False)


class LockDialog(QDialog):
    """Checkboxes per control: locked, hidden."""

    def __init__(self, pane: QWidget, locked, hidden, parent=None):
        super().__init__(parent)
        self.setObjectName("lockDialog")
        self.setWindowTitle(self.tr("Student view: lock or hide controls"))
        names = [w.objectName() for w in controls(pane)]
        self.table = QTableWidget(len(names), 3, self)
        self.table.setObjectName("lockTable")
        self.table.setHorizontalHeaderLabels([self.tr("Control"), self.tr("Locked"), self.tr("Hidden")])
        for row, name in enumerate(names):
            self.table.setItem(row, 0, QTableWidgetItem(name))
            for col, chosen in ((1, locked), (2, hidden)):
                item = QTableWidgetItem()
                item.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
                item.setCheckState(Qt.CheckState.Checked if name in chosen else Qt.CheckState.Unchecked)
                self.table.setItem(row, col, item)
        self.table.resizeColumnsToContents()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(420, 520)

    def chosen(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        result = ([], [])
        for row in range(self.table.rowCount()):
            name = self.table.item(row, 0).text()
            for col, names in ((1, result[0]), (2, result[1])):
                if self.table.item(row, col).checkState() == Qt.CheckState.Checked:
                    names.append(name)
        return tuple(result[0]), tuple(result[1])
