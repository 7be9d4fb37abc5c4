"""The formula panel: the current step's title and formula in large type.

In quiz mode the panel first shows the step with its results hidden (``sigmoid(1.05) = ?``);
the next press of "step" reveals them. What counts as a result is whatever follows the last
``=`` of each line of the formula. A formula too long to show every term (the step's ``more``
holds them all) gets a button that opens the full list.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFrame, QLabel, QPlainTextEdit, QPushButton, QScrollArea,
                               QSizePolicy, QVBoxLayout)

from nnlab import formulas
from nnlab.steps import Timeline
from ui import style


def hide_results(formula: str, expr=None) -> str:
    """The formula with its results as "?": from its structure when the step has one (every
    equation chain's result, nnlab.formulas.text(expr, hide=True)); otherwise each line's text
    after its last '=' (lines without '=' are kept)."""
    if expr is not None:
        return formulas.text(expr, hide=True)
    lines = []
    for line in formula.splitlines():
        head, sep, _ = line.rpartition("=")
        lines.append(f"{head}= ?" if sep else line)
    return "\n".join(lines)


def lab_title(lab: str) -> str:
    names = {
        "network": QCoreApplication.translate("labs", "Network"),
        "training": QCoreApplication.translate("labs", "Training"),
        "perceptron": QCoreApplication.translate("labs", "Perceptron & logic gates"),
        "activations": QCoreApplication.translate("labs", "Activations, losses & derivatives"),
        "graph": QCoreApplication.translate("labs", "Computational graph"),
        "conv": QCoreApplication.translate("labs", "Convolution"),
        "pooling": QCoreApplication.translate("labs", "Pooling"),
        "recurrent": QCoreApplication.translate("labs", "Recurrent (RNN, LSTM, GRU)"),
        "optimizer": QCoreApplication.translate("labs", "Optimizers"),
        "generative": QCoreApplication.translate("labs", "Generative models (GAN, VAE)"),
        "attention": QCoreApplication.translate("labs", "Attention (transformer)"),
    }
    return names.get(lab, lab)


class FormulaPanel(QFrame):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("formulaPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        self.titleLabel = QLabel(self)
        self.titleLabel.setObjectName("formulaTitle")
        self.formulaLabel = QLabel(self)
        self.formulaLabel.setObjectName("formulaText")
        for label in (self.titleLabel, self.formulaLabel):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setWordWrap(True)
            label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            layout.addWidget(label)
        self.moreButton = QPushButton(self)
        self.moreButton.setObjectName("formulaMore")
        self.moreButton.clicked.connect(self.show_more)
        self.moreButton.hide()
        layout.addWidget(self.moreButton, 0, Qt.AlignmentFlag.AlignLeft)
        self._more = ("", "")  # (title, every term) of the step shown
        self.restyle()

    def show_step(self, timeline: Timeline, k: int, hidden: bool = False) -> None:
        more = getattr(timeline[k], "more", "") if k >= 0 else ""
        self._more = (timeline[k].title if more else "", hide_results(more) if hidden else more)
        self.moreButton.setVisible(bool(more))
        self.moreButton.setText(self.tr("Show every term…"))
        if k < 0:
            self.titleLabel.setText(timeline.title or lab_title(timeline.lab))
            self.formulaLabel.setText(self.tr("Press Space to play or → to take the first step ({n} steps).")
                                      .format(n=len(timeline)))
            return
        step = timeline[k]
        if hidden:
            self.titleLabel.setText(self.tr("{title} — what do you predict? (→ reveals)").format(title=step.title))
            self.formulaLabel.setText(hide_results(step.formula, step.expr))
        else:
            self.titleLabel.setText(step.title)
            self.formulaLabel.setText(step.formula)

    def show_more(self) -> None:
        """Every term of the current step's formula, in a dialog that can stay open."""
        title, more = self._more
        self.moreDialog = dialog = QDialog(self.window())
        dialog.setObjectName("formulaMoreDialog")
        dialog.setWindowTitle(title)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        text = QPlainTextEdit(more, dialog)
        text.setObjectName("formulaMoreText")
        text.setReadOnly(True)
        text.setFont(style.font(13, mono=True))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
        buttons.rejected.connect(dialog.close)
        layout = QVBoxLayout(dialog)
        layout.addWidget(text)
        layout.addWidget(buttons)
        dialog.resize(int(760 * style.scale() ** 0.5), int(420 * style.scale() ** 0.5))
        dialog.show()

    def needed_height(self, width: int) -> int:
        """The height the title and formula need at ``width`` (word-wrapped)."""
        return self.layout().totalHeightForWidth(width)

    def text(self) -> str:
        """Title and formula, one per line (what tests and scripts read)."""
        return f"{self.titleLabel.text()}\n{self.formulaLabel.text()}"

    def restyle(self) -> None:
        self.titleLabel.setFont(style.font(13, bold=True))
        self.moreButton.setFont(style.font(10))
        self.formulaLabel.setFont(style.font(17, mono=True))
        t = style.theme()
        self.setStyleSheet(f"#formulaPanel {{ background: {t.background}; }} "
                           f"#formulaTitle, #formulaText {{ color: {t.text}; }}")


class FormulaScroll(QScrollArea):
    """Holds the panel: asks for the height its text needs, up to a cap (a long formula scrolls),
    without raising the window's minimum size."""

    MIN_HEIGHT = 40

    def __init__(self, panel: FormulaPanel, parent=None):
        super().__init__(parent)
        self.setObjectName("formulaScroll")
        self.setWidget(panel)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self._height = self.MIN_HEIGHT

    def fit(self, cap: int) -> None:
        """Ask for the panel's height at the current width, at most ``cap`` pixels."""
        height = min(self.widget().needed_height(self.viewport().width()) + 2, cap)
        if height != self._height:
            self._height = height
            self.updateGeometry()

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self._height)

    def minimumSizeHint(self) -> QSize:
        return QSize(0, min(self._height, self.MIN_HEIGHT))
