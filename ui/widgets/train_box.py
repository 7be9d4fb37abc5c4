"""TrainBox: the group a pane's background training sits in — a Train button (and any other
buttons), Cancel, a progress bar (0–1000) and a status line, with the objectNames tests use:
``cancelTrain``, ``trainProgress``, ``trainStatus`` (the Train button's name is the pane's)."""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout


class TrainBox(QGroupBox):
    def __init__(self, title: str, train_text: str, train_name: str, on_train, on_cancel, extra=(), parent=None):
        super().__init__(title, parent)
        layout = QVBoxLayout(self)
        row = QHBoxLayout()
        self.train_button = QPushButton(train_text)
        self.train_button.setObjectName(train_name)
        self.train_button.clicked.connect(on_train)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setObjectName("cancelTrain")
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(on_cancel)
        for button in (self.train_button, self.cancel_button, *extra):
            row.addWidget(button)
        layout.addLayout(row)
        self.progress = QProgressBar()
        self.progress.setObjectName("trainProgress")
        self.progress.setRange(0, 1000)
        layout.addWidget(self.progress)
        self.status = QLabel()
        self.status.setObjectName("trainStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
