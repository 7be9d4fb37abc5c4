"""Help → Notation shows the engine's notation sheet, in the window's language."""

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from nnlab import i18n, notation
from ui.language import set_language


def open_sheet(w) -> str:
    w.findChildren(QAction, "actionNotation")[-1].trigger()  # the menus are rebuilt by a language switch
    dialog = w.notationDialog  # (a closed one waits for deletion under the same name)
    assert dialog.isVisible() and dialog.objectName() == "notationDialog"
    text = dialog.windowTitle() + "\n" + dialog.findChild(QWidget, "notationText").toPlainText()
    dialog.close()
    return text


def test_help_notation_shows_every_symbol_in_english_and_korean(open_window):
    w = open_window("seed-forward")
    text = open_sheet(w)
    for _section, entries in notation.SHEET:
        for symbol, meaning in entries:
            assert symbol in text and meaning.split(":")[0] in text
    try:
        w.set_language("ko")
        text = open_sheet(w)
        assert text.startswith("표기법\n") and "학습률" in text and "x₁ → y₁" in text and "w₁₁" in text
    finally:
        set_language("en")
        i18n.set_language("en")
