"""Files: lab files (.nnlab JSON, validated and versioned), atomic writes, and weights.

A lab file is ``{"format": "nnlab", "version": 1, "lab": ..., "title": ..., "config": {...}}``.
Everything a user hands us is validated; bad input raises ``FormatError`` with a one-line reason.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nnlab.labs import lab_module

FORMAT = "nnlab"
VERSION = 1
MAX_FILE_BYTES = 50 * 1024 * 1024


class FormatError(ValueError):
    """A file or text that cannot be read as what it claims to be."""


@dataclass(frozen=True)
class LabFile:
    lab: str
    title: str
    config: Any  # the lab's Config

    def to_dict(self) -> dict:
        return {"format": FORMAT, "version": VERSION, "lab": self.lab, "title": self.title,
                "config": self.config.to_dict()}


def atomic_write_bytes(path: str | os.PathLike, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it over ``path``."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or ".")
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_text(path: str | os.PathLike, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def parse_lab(data: Any) -> LabFile:
    """Validate a decoded lab file (migrating older versions) into a LabFile."""
    if not isinstance(data, dict):
        raise FormatError("not a lab file: the top level must be a JSON object")
    if data.get("format") != FORMAT:
        raise FormatError(f"not a lab file: 'format' must be {FORMAT!r}")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise FormatError("version: must be a positive whole number")
    if version > VERSION:
        raise FormatError(f"version: {version} is newer than this nnlab reads ({VERSION}); update nnlab")
    lab = data.get("lab")
    try:
        module = lab_module(lab) if isinstance(lab, str) else None
    except (ValueError, ModuleNotFoundError):
        module = None
    if module is None:
        raise FormatError(f"lab: unknown lab {lab!r}")
    title = data.get("title", "")
    if not isinstance(title, str):
        raise FormatError("title: must be text")
    config = data.get("config")
    if not isinstance(config, dict):
        raise FormatError("config: must be a JSON object")
    try:
        parsed = module.Config.from_dict(config)
    except FormatError:
        raise
    except (ValueError, TypeError, KeyError) as exc:
        raise FormatError(f"config.{exc}" if not isinstance(exc, KeyError) else f"config.{exc.args[0]}: missing") from None
    return LabFile(lab, title, parsed)


def loads_lab(text: str) -> LabFile:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FormatError(f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    return parse_lab(data)


def load_lab(path: str | os.PathLike) -> LabFile:
    """Read and validate a .nnlab file; FormatError (or OSError for a missing file) on failure."""
    path = Path(path)
    if path.stat().st_size > MAX_FILE_BYTES:
        raise FormatError(f"{path.name}: larger than {MAX_FILE_BYTES // 2**20} MB, not a lab file")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise FormatError(f"{path.name}: not a text file") from None
    return loads_lab(text)


def dumps_lab(lab_file: LabFile) -> str:
    return json.dumps(lab_file.to_dict(), indent=2, ensure_ascii=False) + "\n"


def save_lab(path: str | os.PathLike, lab_file: LabFile) -> None:
    """Write a lab file atomically."""
    atomic_write_text(path, dumps_lab(lab_file))
