"""Data sets: logic gates, the seed data set, generated 2-D sets, the 8×8 digits, CSV import,
normalisation, train/test split and k-fold cross-validation.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

DATASET_DIR = Path(__file__).resolve().parent.parent / "assets" / "datasets"


def load_digits() -> tuple[np.ndarray, np.ndarray]:
    """The 8×8 UCI digits: images float64 (1797, 8, 8) in 0..16, labels int64 (1797,)."""
    with np.load(DATASET_DIR / "digits.npz") as f:
        return f["images"].astype(np.float64), f["labels"].astype(np.int64)
