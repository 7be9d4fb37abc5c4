"""The lab panes, one module per lab (``ui.panes.<lab>``), each defining ``Pane(LabPane)``."""

from __future__ import annotations

import importlib

from ui.panes.base import LabPane


def pane_class(lab: str) -> type[LabPane]:
    return importlib.import_module(f"ui.panes.{lab}").Pane
