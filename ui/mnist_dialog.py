"""Asking for a pair of MNIST IDX files — the images, then their labels — for the training and CNN
panes' buttons and the File menu's "Open MNIST files"."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QFileDialog, QWidget


def ask_mnist_files(parent: QWidget) -> tuple[str, str] | None:
    """(images path, labels path), or None when either dialog is cancelled."""
    kinds = QCoreApplication.translate("Pane", "IDX (*.idx *ubyte *.gz)")
    images, _ = QFileDialog.getOpenFileName(parent, QCoreApplication.translate("Pane", "MNIST images (IDX)"), "", kinds)
    if not images:
        return None
    labels, _ = QFileDialog.getOpenFileName(parent, QCoreApplication.translate("Pane", "MNIST labels (IDX)"),
                                            str(Path(images).parent), kinds)
    return (images, labels) if labels else None
