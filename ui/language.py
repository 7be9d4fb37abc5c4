"""The window's language: Qt's translator for widget texts (assets/translations/nnlab_<lang>.qm)
and the engine's catalog for step texts switch together."""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from nnlab import i18n
from nnlab.resources import ASSETS

TRANSLATIONS = ASSETS / "translations"
_installed: list[QTranslator] = []


def set_language(lang: str) -> None:
    """Switch engine and window texts to ``lang`` ('en' or 'ko'). Widgets built afterwards use it."""
    i18n.set_language(lang)
    app = QApplication.instance()
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    if lang != "en":
        qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)  # Qt's own: OK, Cancel, Yes…
        for name, folder in ((f"nnlab_{lang}", str(TRANSLATIONS)), (f"qtbase_{lang}", qt_dir)):
            translator = QTranslator(app)
            if translator.load(name, folder):
                app.installTranslator(translator)
                _installed.append(translator)
    QLocale.setDefault(QLocale(QLocale.Language.Korean if lang == "ko" else QLocale.Language.English))
