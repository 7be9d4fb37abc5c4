"""Refresh the translation files after texts change, keeping existing translations.

- Window texts: ``pyside6-lupdate`` collects every ``tr()``/``translate()`` in ui/ into
  assets/translations/nnlab_ko.ts (edit it with ``pyside6-linguist`` or by hand), then
  ``pyside6-lrelease`` compiles nnlab_ko.qm, which the window loads.
- Engine texts: every ``_("...")`` literal in nnlab/, every preset's title and argparse's own words
  (``nnlab.cli.ARGPARSE_WORDS``) become keys of nnlab/locale/ko.json
  (new keys with an empty value, which falls back to English; keys no longer used are dropped).

Run: python tools/update_translations.py [--check]   (--check: exit 1 if a text lacks Korean)
"""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TS = ROOT / "assets" / "translations" / "nnlab_ko.ts"
CATALOG = ROOT / "nnlab" / "locale" / "ko.json"


def tool(name: str) -> str:
    path = shutil.which(name) or str(Path(sys.executable).parent / name)
    if not Path(path).exists():
        sys.exit(f"{name} not found: install PySide6-Essentials in this environment")
    return path


def engine_texts() -> list[str]:
    """Every string literal passed directly to ``_()`` or ``N_()`` in the engine, in file order, then the
    presets' titles (shown through ``_()`` in the window and the CLI)."""
    found: dict[str, None] = {}
    for path in sorted((ROOT / "nnlab").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "N_")
                    and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                found[node.args[0].value] = None
    sys.path.insert(0, str(ROOT))
    from nnlab.cli import ARGPARSE_WORDS  # argparse's own words, shown through the catalog

    found.update(dict.fromkeys(ARGPARSE_WORDS))
    for path in sorted((ROOT / "assets" / "presets").glob("*.nnlab")):
        title = json.loads(path.read_text(encoding="utf-8")).get("title")
        if title:
            found[title] = None
    return list(found)


def update_catalog() -> int:
    old = json.loads(CATALOG.read_text(encoding="utf-8")) if CATALOG.exists() else {}
    new = {text: old.get(text, "") for text in engine_texts()}
    CATALOG.write_text(json.dumps(new, ensure_ascii=False, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return sum(1 for v in new.values() if not v)


def update_qt() -> None:
    sources = [str(p.relative_to(ROOT)) for p in sorted((ROOT / "ui").rglob("*.py"))]
    subprocess.run([tool("pyside6-lupdate"), *sources, "-ts", str(TS.relative_to(ROOT)), "-no-obsolete",
                    "-source-language", "en", "-target-language", "ko"], cwd=ROOT, check=True,
                   capture_output=True)
    subprocess.run([tool("pyside6-lrelease"), str(TS), "-qm", str(TS.with_suffix(".qm"))], check=True,
                   capture_output=True)


def untranslated_qt() -> int:
    import xml.etree.ElementTree as ET

    return sum(1 for t in ET.parse(TS).getroot().iter("translation")
               if t.get("type") == "unfinished" or not (t.text or "").strip())


if __name__ == "__main__":
    missing = update_catalog()
    update_qt()
    missing_qt = untranslated_qt()
    print(json.dumps({"engine_untranslated": missing, "engine_texts": len(engine_texts()),
                      "window_untranslated": missing_qt}))
    if "--check" in sys.argv and (missing or missing_qt):
        sys.exit(1)
