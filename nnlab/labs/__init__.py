"""The labs. Each module ``nnlab.labs.<name>`` holds one lab:

- ``Config``: a frozen dataclass with ``Config.from_dict(d)`` (``check_fields`` first, then types,
  shapes and ranges; raises ``ValueError("field: reason")`` naming the bad field) and ``to_dict()``
  (JSON-ready; ``from_dict(c.to_dict()) == c``);
- ``DEFAULT_PRESET``: the preset the lab opens with;
- ``build_timeline(config) -> Timeline``.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Mapping
from types import ModuleType

from nnlab.i18n import _

LABS = ("network", "training", "perceptron", "activations", "graph", "conv", "pooling", "recurrent", "optimizer",
        "generative")


def lab_module(name: str) -> ModuleType:
    """The module of lab ``name``; ValueError for an unknown lab."""
    if name not in LABS:
        raise ValueError(_("unknown lab {name}: choose one of {names}").format(name=repr(name), names=", ".join(LABS)))
    return importlib.import_module(f"nnlab.labs.{name}")


def available_labs() -> tuple[str, ...]:
    """The labs whose module exists in this build, in LABS order (found without importing them)."""
    return tuple(name for name in LABS if importlib.util.find_spec(f"nnlab.labs.{name}") is not None)


def check_fields(d, known) -> None:
    """What every ``Config.from_dict`` checks first: an object with no fields but ``known``."""
    if not isinstance(d, Mapping):
        raise ValueError(_("config: must be an object"))
    unknown = sorted(set(d) - set(known))
    if unknown:
        raise ValueError(_("{name}: unknown field").format(name=unknown[0]))
