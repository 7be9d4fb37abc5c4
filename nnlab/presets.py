"""Presets: the .nnlab files in assets/presets, by name (the file's stem)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import NamedTuple

from nnlab.i18n import _
from nnlab.io import LabFile, load_lab
from nnlab.resources import ASSETS

PRESET_DIR = ASSETS / "presets"


def preset_names() -> list[str]:
    return sorted(p.stem for p in PRESET_DIR.glob("*.nnlab"))


class PresetInfo(NamedTuple):
    name: str
    lab: str
    title: str


def preset_index() -> list[PresetInfo]:
    """Name, lab and title of every preset, read without validating (for menus and listings)."""
    infos = []
    for name in preset_names():
        data = json.loads(preset_path(name).read_text(encoding="utf-8"))
        infos.append(PresetInfo(name, data.get("lab", "?"), data.get("title", "")))
    return infos


def preset_path(name: str) -> Path:
    path = PRESET_DIR / f"{name}.nnlab"
    if not path.is_file():
        raise ValueError(_("no preset named {name} (see 'nnlab presets')").format(name=repr(name)))
    return path


def load_preset(name: str) -> LabFile:
    return load_lab(preset_path(name))


def load_source(source: str) -> LabFile:
    """A preset name or a path to a .nnlab file."""
    if source in preset_names():
        return load_preset(source)
    path = Path(source)
    if path.suffix == ".nnlab" or path.exists():
        if not path.exists():  # a FIFO, device or folder: load_lab says so
            raise ValueError(_("{source}: no such file").format(source=source))
        return load_lab(path)
    raise ValueError(_("{source} is neither a preset (see 'nnlab presets') nor a .nnlab file").format(
        source=repr(source)))
