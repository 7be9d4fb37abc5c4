"""The formula panel: the current step's title and formula in large type.

In quiz mode the panel first shows the step with its results hidden (``sigmoid(1.05) = ?``);
the next press of "step" reveals them. What counts as a result is whatever follows the last
``=`` of each line of the formula. A formula too long to show every term (the step's ``more``
holds them all) gets a button that opens the full list.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFrame, QGridLayout, QLabel, QPlainTextEdit, QPushButton,
                               QScrollArea, QSizePolicy, QVBoxLayout)

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
        "text": QCoreApplication.translate("labs", "Text: tokens, embeddings, two inputs"),
        "series": QCoreApplication.translate("labs", "Time series: ARIMA and an LSTM"),
        "cnn": QCoreApplication.translate("labs", "CNN (inside a trained network)"),
    }
    return names.get(lab, lab)


TITLE_POINTS, FORMULA_POINTS = 13.0, 17.0  # at 1×
MIN_ZOOM = 0.6  # a long formula's type shrinks down to this (then the panel scrolls)
REFERENCE = (1272, 670)  # the canvas of a 1280 × 800 window at 1×
ROOM = 240  # canvas pixels per unit of zoom at most (a 1280 × 800 projector at 3×: 2.5×)


def screen_zoom(scale: float, width: int, height: int) -> float:
    """The formula's type for a canvas of ``width`` × ``height`` pixels at presenter ``scale``: the
    scale, grown as the canvas outgrows a 1280 × 800 window's (up to 1.6×), so a large screen
    reads from as far — but at most ``height`` / ROOM, so a short canvas keeps room for its diagram."""
    grow = min(1.6, max(1.0, min(width / REFERENCE[0], height / REFERENCE[1])))
    return max(1.0, min(scale * grow, height / ROOM))


class FormulaPanel(QFrame):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("formulaPanel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.zoom = None
        layout = QGridLayout(self)  # one layout: a nested one would keep a stale height for width
        layout.setContentsMargins(12, 6, 12, 6)
        self.titleLabel = QLabel(self)
        self.titleLabel.setObjectName("formulaTitle")
        self.formulaLabel = QLabel(self)
        self.formulaLabel.setObjectName("formulaText")
        self.counterLabel = QLabel(self)  # "Step k / n": shown in exports, where there is no transport
        self.counterLabel.setObjectName("stepCounter")
        self.counterLabel.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.counterLabel.hide()
        for label in (self.titleLabel, self.formulaLabel):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setTextFormat(Qt.TextFormat.PlainText)
            label.setWordWrap(True)
            label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        layout.addWidget(self.titleLabel, 0, 0)
        layout.addWidget(self.counterLabel, 0, 1)
        layout.addWidget(self.formulaLabel, 1, 0, 1, 2)
        layout.setColumnStretch(0, 1)
        self.moreButton = QPushButton(self)
        self.moreButton.setObjectName("formulaMore")
        self.moreButton.clicked.connect(self.show_more)
        self.moreButton.hide()
        layout.addWidget(self.moreButton, 2, 0, Qt.AlignmentFlag.AlignLeft)
        self._more = ("", "")  # (title, every term) of the step shown
        self._fitted: dict[tuple, tuple[float, int]] = {}  # fit's result for the texts and room
        self.exporting = False
        self.restyle()

    def show_step(self, timeline: Timeline, k: int, hidden: bool = False) -> None:
        self.counterLabel.setText(self.tr("Step {k} / {n}").format(k=k + 1, n=len(timeline)))
        more = getattr(timeline[k], "more", "") if k >= 0 else ""
        self._more = (timeline[k].title if more else "", hide_results(more) if hidden else more)
        self.moreButton.setVisible(bool(more) and not self.exporting)
        self.moreButton.setText(self.tr("Show every term…"))
        if k < 0:
            self.titleLabel.setText(timeline.title or lab_title(timeline.lab))
            self.formulaLabel.setText(self.tr("Press Space to play or → to take the first step ({n} steps).")
                                      .format(n=len(timeline)))
            return
        self.show_formula(timeline[k], hidden)

    def show_formula(self, step, hidden: bool = False) -> None:
        """One step's title and formula (``hidden``: its results as "?")."""
        if hidden:
            self.titleLabel.setText(self.tr("{title} — what do you predict? (→ reveals)").format(title=step.title))
            self.formulaLabel.setText(hide_results(step.formula, step.expr))
        else:
            self.titleLabel.setText(step.title)
            self.formulaLabel.setText(step.formula)

    def show_note(self, title: str, text: str) -> None:
        """A title and a line of text in place of a step (while the first lab opens, say)."""
        self._more = ("", "")
        self.moreButton.hide()
        self.titleLabel.setText(title)
        self.formulaLabel.setText(text)

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
        text.setFont(style.formula_font(13))
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

    def set_zoom(self, zoom: float) -> None:
        """Type ``zoom`` times its 1× size (the presenter scale is one factor of it)."""
        if zoom != self.zoom:
            self.zoom = zoom
            self.titleLabel.setFont(style.font(TITLE_POINTS * zoom / style.scale(), bold=True))
            self.counterLabel.setFont(self.titleLabel.font())
            self.formulaLabel.setFont(style.formula_font(FORMULA_POINTS * zoom / style.scale()))

    def fit(self, width: int, cap: int, zoom: float) -> int:
        """Take the largest type up to ``zoom`` whose wrapped text fits ``width`` × ``cap`` pixels
        (down to MIN_ZOOM); return the height the text then needs. Remembered for the texts shown
        (laying out a long formula costs milliseconds; playback and stepping back show it again)."""
        key = (self.titleLabel.text(), self.formulaLabel.text(), self.moreButton.isVisibleTo(self),
               self.counterLabel.isVisibleTo(self), width, cap, zoom, style.scale(), self.font().key())
        fitted = self._fitted.get(key)
        if fitted is not None:
            self.set_zoom(fitted[0])
            return fitted[1]
        self.set_zoom(zoom)
        height = self.needed_height(width)
        while height > cap and self.zoom > MIN_ZOOM:
            self.set_zoom(max(MIN_ZOOM, self.zoom * 0.85))
            height = self.needed_height(width)
        if len(self._fitted) > 500:
            self._fitted.clear()
        self._fitted[key] = (self.zoom, height)
        return height

    def set_exporting(self, on: bool) -> None:
        """In an export: the step counter shown (there is no transport), no button."""
        self.exporting = on
        self.counterLabel.setVisible(on)
        self.moreButton.setVisible(bool(self._more[1]) and not on)

    def text(self) -> str:
        """Title and formula, one per line (what tests and scripts read)."""
        return f"{self.titleLabel.text()}\n{self.formulaLabel.text()}"

    def restyle(self) -> None:
        self.zoom = None
        self._fitted.clear()
        self.set_zoom(style.scale())
        self.moreButton.setFont(style.font(10))
        t = style.theme()
        self.setStyleSheet(f"#formulaPanel {{ background: {t.background}; }} "
                           f"#formulaTitle, #formulaText, #stepCounter {{ color: {t.text}; }}")


class FormulaScroll(QScrollArea):
    """Holds the panel: takes the height its text needs, up to a cap (the type shrinks to fit it;
    past MIN_ZOOM the formula scrolls)."""

    MIN_HEIGHT = 40

    def __init__(self, panel: FormulaPanel, parent=None):
        super().__init__(parent)
        self.setObjectName("formulaScroll")
        self.setWidget(panel)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self._height = self.MIN_HEIGHT
        self._room = (0, 0)  # the width and cap of the last fit

    def fit(self, width: int, cap: int, zoom: float, keep: bool = False) -> None:
        """Fit the panel's type to ``width`` × ``cap`` pixels (``FormulaPanel.fit``) and ask for
        the height its text then needs. ``keep`` (stepping through one timeline): a shorter text
        keeps the height the panel has, so the pane above is not resized and laid out again —
        and the diagram does not jump — at every step."""
        width -= self.verticalScrollBar().sizeHint().width()  # fits without; also with, if it shows
        height = min(self.widget().fit(width, cap - 2, zoom) + 2, cap)
        kept = keep and (width, cap) == self._room and height < self._height
        stretch = 1 if kept else 0  # room kept from a longer formula stays below the text
        if self.widget().layout().rowStretch(3) != stretch:
            self.widget().layout().setRowStretch(3, stretch)
        if kept:
            return
        self._room = (width, cap)
        if height != self._height:
            self._height = height
            self.updateGeometry()

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self._height)

    def minimumSizeHint(self) -> QSize:
        """The fitted height: the canvas bounds it (a share of its height), the pane gives way."""
        return QSize(0, self._height)
