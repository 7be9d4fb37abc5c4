"""The lab panes, one module per lab (``ui.panes.<lab>``), each defining ``Pane(LabPane)``."""

from __future__ import annotations

import importlib
import importlib.util

from nnlab.labs import available_labs
from ui.panes.base import LabPane


def pane_class(lab: str) -> type[LabPane]:
    return importlib.import_module(f"ui.panes.{lab}").Pane


def window_labs() -> tuple[str, ...]:
    """The labs that have both an engine module and a pane in this build."""
    return tuple(lab for lab in available_labs() if importlib.util.find_spec(f"ui.panes.{lab}") is not None)
