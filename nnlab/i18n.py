"""A plain translation catalog for engine texts (step titles, formula words, CLI messages).

Engine code writes ``_("Hidden node {name} — weighted sum").format(name=...)``: translate the
template, then fill it. A template kept in a table is marked ``N_("...")`` and translated with
``_`` where it is used. Catalogs are ``nnlab/locale/<lang>.json`` ({english: translation});
English is the source language and needs none. The window uses Qt's own translator for its
widgets and calls ``set_language`` so that step texts follow.
"""

from __future__ import annotations

import json
import locale
import os
from pathlib import Path

LANGUAGES = ("en", "ko")
_LOCALE_DIR = Path(__file__).with_name("locale")
_catalog: dict[str, str] = {}
_language = "en"


def system_language() -> str:
    """'ko' when the system locale is Korean, else 'en'."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(var)
        if value:
            return "ko" if value.lower().startswith("ko") else "en"
    code = (locale.getlocale()[0] or "").lower()
    return "ko" if code.startswith("ko") else "en"


def set_language(lang: str) -> None:
    """Switch the engine's texts to ``lang`` ('en' or 'ko'); ValueError for anything else."""
    global _catalog, _language
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}: choose one of {', '.join(LANGUAGES)}")
    path = _LOCALE_DIR / f"{lang}.json"
    _catalog = json.loads(path.read_text(encoding="utf-8")) if lang != "en" and path.exists() else {}
    _language = lang


def language() -> str:
    return _language


def _(text: str) -> str:
    """The current language's translation of ``text`` (itself when there is none)."""
    return _catalog.get(text) or text


def N_(text: str) -> str:
    """Mark ``text`` for the catalog without translating it now (a template kept in a table and
    translated with ``_`` when it is used)."""
    return text
