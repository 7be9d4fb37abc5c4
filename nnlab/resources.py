"""Where the shipped files are: presets, data sets, trained models and translations.

In the repository they live in ``assets/`` beside the packages; an installed copy (a wheel or a
regular ``pip install .``) carries them as package data in ``nnlab/assets/`` (pyproject.toml maps
the package ``nnlab.assets`` to the repository's ``assets/`` folder).
"""

from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).resolve().parent
ASSETS = _HERE / "assets" if (_HERE / "assets").is_dir() else _HERE.parent / "assets"
