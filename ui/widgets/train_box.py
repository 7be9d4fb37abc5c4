"""TrainBox: the group a pane's background training sits in — a Train button (and any other
buttons), Cancel, a progress bar (0–1000) and a status line, with the objectNames tests use:
``cancelTrain``, ``trainProgress``, ``trainStatus`` (the Train button's name is the pane's).
WorkerTraining: the slots that run a pane's training in a Worker and report it in its TrainBox."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout

from ui import style
from ui.worker import Worker


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


class WorkerTraining:
    """Mixed into a LabPane whose TrainBox parts are ``train_button``, ``cancel_button``, ``progress``
    and ``train_status``. The pane gives ``train_job`` (a staticmethod ``fn(config, progress, control)``
    returning a result with ``losses``, ``stopped`` and the trained ``config``) and ``_lock(training)``
    (only Cancel live while training runs: an edit would be lost when the trained lab arrives)."""

    worker = None

    def _training(self) -> bool:
        return self.worker is not None and self.worker.is_running()

    def start_training(self) -> None:
        if self.config is None or self._training():
            return
        self._lock(True)
        self.progress.setValue(0)
        self.train_status.setText(QCoreApplication.translate("WorkerTraining", "Training…"))
        self.worker = Worker.started(self.train_job, self.config, parent=self, progress=self._train_progress,
                                     done=self._train_done, failed=self._train_failed)

    def cancel_training(self) -> None:
        if self._training():
            self.worker.cancel()

    def _train_progress(self, fraction: float, payload) -> None:
        self.progress.setValue(int(1000 * fraction))
        self.train_status.setText(QCoreApplication.translate("WorkerTraining", "iteration {i}: loss {loss}").format(
            i=payload["iteration"], loss=style.fmt(payload["loss"], 5)))

    def _train_done(self, result) -> None:
        self._lock(False)
        if result.stopped or not result.losses:
            self.train_status.setText(QCoreApplication.translate("WorkerTraining", "Cancelled after {n} iterations; weights unchanged").format(
                n=len(result.losses)))
            self.message.emit(self.train_status.text())
            return
        self.progress.setValue(1000)
        self.train_status.setText(QCoreApplication.translate("WorkerTraining", "Trained {n} Adam steps: loss {a} → {b}").format(
            n=len(result.losses), a=style.fmt(result.losses[0], 4), b=style.fmt(result.losses[-1], 4)))
        self.message.emit(self.train_status.text())
        self.configEdited.emit(result.config)

    def _train_failed(self, reason: str) -> None:
        self._lock(False)
        self.train_status.setText(reason)
        self.message.emit(reason)

    def closeEvent(self, event) -> None:
        self.cancel_training()
        super().closeEvent(event)
