"""A formula too long to show every term: the panel's button opens the full list (the step's
``more``), with the results hidden in quiz mode."""

from dataclasses import dataclass

from PySide6.QtWidgets import QPlainTextEdit, QPushButton, QWidget

from nnlab.steps import Step, Timeline
from ui.formula import FormulaPanel


@dataclass(frozen=True)
class LongStep(Step):
    more: str = ""  # every term (nnlab.steps.Step has it once the engine abbreviates formulas)


TERMS = " + ".join(f"{v}×{w}" for v, w in zip(range(1, 28), range(27, 0, -1)))
TOTAL = sum(v * w for v, w in zip(range(1, 28), range(27, 0, -1)))


def test_every_term_on_demand(qtbot):
    panel = FormulaPanel()
    qtbot.addWidget(panel)
    panel.show()
    short = Step("conv", "Output cell (0, 0)", "1×2 + 3×4 = 14")
    long = LongStep("conv", "Output cell (0, 1)", f"y[0,1] = 1×27 + 2×26 + … + 27×1 = {TOTAL}",
                    more=f"y[0,1] = {TERMS} = {TOTAL}")
    tl = Timeline("conv", [short, long])
    button = panel.findChild(QPushButton, "formulaMore")
    panel.show_step(tl, 0)
    assert not button.isVisible()
    panel.show_step(tl, 1, hidden=True)
    assert button.isVisible()
    button.click()
    dialog = panel.window().findChild(QWidget, "formulaMoreDialog")
    text = dialog.findChild(QPlainTextEdit, "formulaMoreText").toPlainText()
    assert text == f"y[0,1] = {TERMS} = ?" and "13×15" in text  # quiz mode: the result stays hidden
    dialog.close()
    panel.show_step(tl, 1)
    button.click()
    assert panel.moreDialog.findChild(QPlainTextEdit).toPlainText() == f"y[0,1] = {TERMS} = {TOTAL}"
    assert panel.moreDialog.windowTitle() == "Output cell (0, 1)"
    panel.moreDialog.close()
    panel.show_step(tl, -1)
    assert not button.isVisible()


def test_the_formula_type_sets_sub_and_superscripts_close_to_their_symbol(qtbot):
    from PySide6.QtGui import QFontMetricsF

    panel = FormulaPanel()
    qtbot.addWidget(panel)
    metrics = QFontMetricsF(panel.formulaLabel.font())
    assert metrics.horizontalAdvance("₂") < 0.8 * metrics.horizontalAdvance("2")  # not a whole monospaced cell
    assert metrics.horizontalAdvance("⁽²⁾") < 0.8 * metrics.horizontalAdvance("(2)")
    assert len({metrics.horizontalAdvance(d) for d in "0123456789"}) == 1  # numbers still line up


def test_a_hat_is_drawn_on_its_letter(qtbot):
    """Adam's m̂ and v̂ (and the VAE's x̂): the hat shows on the letter, inside the line — not a line
    above it, where DejaVu Sans's mark positioning put it and the line above hid it."""
    import numpy as np

    from nnlab.labs.optimizer import Config, build_timeline

    config = Config.from_dict({"iterations": 2, "detail": "adam"})
    step = next(s for s in build_timeline(config) if "m̂" in s.formula)
    panel = FormulaPanel()
    qtbot.addWidget(panel)
    panel.show()
    label = panel.formulaLabel

    def ink(text):
        label.setText(text)
        image = label.grab().toImage()
        return np.array([[image.pixelColor(x, y).lightness() < 128 for x in range(image.width())]
                         for y in range(image.height())])

    i = step.formula.index("m̂")
    hat = step.formula[i:i + 2]  # m and the combining hat, as the engine writes them
    with_hat, without = ink(hat), ink("m")
    rows = np.flatnonzero((with_hat & ~without).any(axis=1))
    letter = np.flatnonzero(without.any(axis=1))
    assert rows.size, "the hat is drawn inside the label"
    assert letter[0] - rows[-1] < 0.5 * (letter[-1] - letter[0])  # just above the letter, not a line up
