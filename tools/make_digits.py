"""Make assets/datasets/digits.npz: the 8×8 UCI handwritten digits (1797 images), run once.

Source: the copy of the UCI ML "Optical Recognition of Handwritten Digits" test set that
scikit-learn ships (``sklearn/datasets/data/digits.csv.gz``: 64 pixel counts 0..16, then the
label, one image a line). Licence CC BY 4.0 (see assets/datasets/README.md).

    python tools/make_digits.py                      # with scikit-learn installed
    python tools/make_digits.py --csv digits.csv.gz  # or from the csv (e.g. unzipped from its wheel)

scikit-learn is needed only here, never at run time.
"""

from __future__ import annotations

import argparse
import gzip
import io
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parent.parent / "assets" / "datasets" / "digits.npz"


def read_csv(path: Path) -> tuple[np.ndarray, np.ndarray]:
    raw = path.read_bytes()
    if raw[:2] == b"\x1f\x8b":
        raw = gzip.decompress(raw)
    table = np.loadtxt(io.StringIO(raw.decode("ascii")), delimiter=",", dtype=np.int64)
    return table[:, :64].reshape(-1, 8, 8), table[:, 64]


def from_sklearn() -> tuple[np.ndarray, np.ndarray]:
    from sklearn.datasets import load_digits

    bunch = load_digits()
    return bunch.images.astype(np.int64), bunch.target.astype(np.int64)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", type=Path, help="digits.csv(.gz) instead of scikit-learn")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    images, labels = read_csv(args.csv) if args.csv else from_sklearn()
    if images.shape != (1797, 8, 8) or labels.shape != (1797,):
        raise SystemExit(f"unexpected shapes {images.shape}, {labels.shape}")
    if images.min() < 0 or images.max() > 16 or set(np.unique(labels)) != set(range(10)):
        raise SystemExit("pixel values must be 0..16 and labels 0..9")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(args.out, images=images.astype(np.uint8), labels=labels.astype(np.uint8))
    print(f"{args.out}: {len(labels)} images, {args.out.stat().st_size} bytes")


if __name__ == "__main__":
    main()
