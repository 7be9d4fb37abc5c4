"""Data sets: logic gates, the seed data set, generated 2-D sets, the 8×8 digits, CSV import,
MNIST IDX files, normalisation, train/test split and k-fold cross-validation.

Every data set is a ``Dataset``: features ``x`` (n, d) float64 and class indices ``t`` (n,)
int64. Generators take ``n``, ``noise`` and ``seed`` and draw from
``np.random.default_rng(seed)``. File readers raise ``nnlab.io.FormatError`` naming the file,
the line and the column.
"""

from __future__ import annotations

import csv
import gzip
import io
import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from nnlab.i18n import _
from nnlab.io import MAX_FILE_BYTES, FormatError, read_regular_file
from nnlab.resources import ASSETS

DATASET_DIR = ASSETS / "datasets"


@dataclass(frozen=True, eq=False)
class Dataset:
    x: np.ndarray  # (n, d) float64 features
    t: np.ndarray  # (n,) int64 class indices 0..len(classes)−1
    classes: tuple[str, ...]  # class names
    features: tuple[str, ...] = ()  # feature names (CSV header), may be empty
    image_shape: tuple[int, int] | None = None  # (8, 8) for the digits: each row is an image

    def __len__(self) -> int:
        return len(self.t)


def _dataset(x, t, classes=None, **kw) -> Dataset:
    t = np.asarray(t, dtype=np.int64)
    n_classes = int(t.max()) + 1 if len(t) else 0
    return Dataset(np.asarray(x, dtype=np.float64), t, tuple(classes or (str(c) for c in range(n_classes))), **kw)


# --- small fixed sets ---------------------------------------------------------------------------

GATE_INPUTS = ((0, 0), (1, 0), (0, 1), (1, 1))
GATES = {"and": (0, 0, 0, 1), "or": (0, 1, 1, 1), "nand": (1, 1, 1, 0), "nor": (1, 0, 0, 0),
         "xor": (0, 1, 1, 0), "xnor": (1, 0, 0, 1)}


def logic_gate(name: str) -> Dataset:
    """The four input pairs (0,0), (1,0), (0,1), (1,1) and the gate's output as the class."""
    if name not in GATES:
        raise ValueError(_("gate: unknown {name}; choose one of {names}").format(
            name=repr(name), names=", ".join(GATES)))
    return _dataset(GATE_INPUTS, GATES[name], ("0", "1"), features=("x1", "x2"))


SEED_POINTS = (
    (2.7810836, 2.550537003, 0), (1.465489372, 2.362125076, 0), (3.396561688, 4.400293529, 0),
    (1.38807019, 1.850220317, 0), (3.06407232, 3.005305973, 0), (7.627531214, 2.759262235, 1),
    (5.332441248, 2.088626775, 1), (6.922596716, 1.77106367, 1), (8.675418651, -0.242068655, 1),
    (7.673756466, 3.508563011, 1),
)


def seed_dataset() -> Dataset:
    """The 10 points of DESIGN's ``seed-dataset`` preset: (x1, x2) and class 0 or 1."""
    table = np.array(SEED_POINTS)
    return _dataset(table[:, :2], table[:, 2], ("0", "1"), features=("x1", "x2"))


def load_digits() -> tuple[np.ndarray, np.ndarray]:
    """The 8×8 UCI digits: images float64 (1797, 8, 8) in 0..16, labels int64 (1797,)."""
    with np.load(DATASET_DIR / "digits.npz") as f:
        return f["images"].astype(np.float64), f["labels"].astype(np.int64)


def digits_dataset() -> Dataset:
    """The digits as a Dataset: each row the 64 pixels (0..16) of one image."""
    images, labels = load_digits()
    return _dataset(images.reshape(len(images), -1), labels, image_shape=(8, 8))


# --- generated 2-D sets (two classes, half each) ------------------------------------------------

def _halves(n: int) -> tuple[int, int]:
    if n < 2:
        raise ValueError(_("n: {n} is too few; need at least 2 points").format(n=n))
    return n - n // 2, n // 2


def circles(n: int = 200, noise: float = 0.1, seed: int = 0) -> Dataset:
    """Class 0 on a ring of radius 1, class 1 inside it (radius 0.5), Gaussian noise of std ``noise``."""
    rng = np.random.default_rng(seed)
    n0, n1 = _halves(n)
    angle = rng.uniform(0, 2 * np.pi, n)
    radius = np.r_[np.full(n0, 1.0), np.full(n1, 0.5)]
    x = np.c_[radius * np.cos(angle), radius * np.sin(angle)] + rng.normal(0, noise, (n, 2))
    return _dataset(x, np.r_[np.zeros(n0), np.ones(n1)], ("0", "1"), features=("x1", "x2"))


def moons(n: int = 200, noise: float = 0.1, seed: int = 0) -> Dataset:
    """Two interleaved half circles (upper: class 0, lower shifted: class 1)."""
    rng = np.random.default_rng(seed)
    n0, n1 = _halves(n)
    a0, a1 = rng.uniform(0, np.pi, n0), rng.uniform(0, np.pi, n1)
    x = np.r_[np.c_[np.cos(a0), np.sin(a0)], np.c_[1 - np.cos(a1), 0.5 - np.sin(a1)]]
    x = x - [0.5, 0.25] + rng.normal(0, noise, (n, 2))
    return _dataset(x, np.r_[np.zeros(n0), np.ones(n1)], ("0", "1"), features=("x1", "x2"))


def spirals(n: int = 200, noise: float = 0.1, seed: int = 0) -> Dataset:
    """Two spirals winding out from the centre, one per class (TensorFlow Playground's set)."""
    rng = np.random.default_rng(seed)
    n0, n1 = _halves(n)
    parts = []
    for cls, count in enumerate((n0, n1)):
        r = np.linspace(0, 1, count, endpoint=False)
        angle = 1.75 * r * 2 * np.pi + cls * np.pi
        parts.append(np.c_[r * np.sin(angle), r * np.cos(angle)])
    x = np.r_[parts[0], parts[1]] + rng.normal(0, noise, (n, 2))
    return _dataset(x, np.r_[np.zeros(n0), np.ones(n1)], ("0", "1"), features=("x1", "x2"))


def blobs(n: int = 200, noise: float = 0.1, seed: int = 0) -> Dataset:
    """Two Gaussian blobs around (−0.5, −0.5) and (0.5, 0.5), std 0.15 + ``noise``."""
    rng = np.random.default_rng(seed)
    n0, n1 = _halves(n)
    centres = np.r_[np.tile([-0.5, -0.5], (n0, 1)), np.tile([0.5, 0.5], (n1, 1))]
    x = centres + rng.normal(0, 0.15 + noise, (n, 2))
    return _dataset(x, np.r_[np.zeros(n0), np.ones(n1)], ("0", "1"), features=("x1", "x2"))


def xor_points(n: int = 200, noise: float = 0.1, seed: int = 0) -> Dataset:
    """Points in [−1, 1]², class 1 where x1 and x2 have different signs, then jittered by ``noise``."""
    rng = np.random.default_rng(seed)
    if n < 2:
        raise ValueError(_("n: {n} is too few; need at least 2 points").format(n=n))
    x = rng.uniform(-1, 1, (n, 2))
    x = x + np.sign(x) * 0.05  # keep a small margin around the axes
    t = (x[:, 0] * x[:, 1] < 0).astype(np.int64)
    return _dataset(x + rng.normal(0, noise, (n, 2)), t, ("0", "1"), features=("x1", "x2"))


# --- TensorFlow Playground's four classification sets (src/dataset.ts), by their definitions ------
#
# ``noise`` is Playground's noise (its slider: 0 to 0.5) and acts as it does there: circle and XOR
# keep every point where it was drawn and read its label at the point moved by up to noise × 5
# in each coordinate (label noise: labels flip near the boundary); Gauss widens the variance from
# 0.5 to 4; the spiral moves the points (point noise). Labels −1/+1 are classes 0/1. The random
# numbers are drawn per point in Playground's order (uniform draws, one row per point). The sets
# above (circles, spirals, blobs, xor_noise) are nnlab's own: on a smaller scale, with point noise.

PLAYGROUND_CLASSES = ("−1", "+1")


def _playground(x, label) -> Dataset:
    return _dataset(x, (np.asarray(label) > 0).astype(np.int64), PLAYGROUND_CLASSES, features=("x1", "x2"))


def playground_circle(n: int = 200, noise: float = 0.0, seed: int = 0) -> Dataset:
    """+1 in the disc of radius 2.5, −1 in the ring 3.5–5; noise flips labels near r = 2.5."""
    rng = np.random.default_rng(seed)
    parts, labels = [], []
    for count, (r0, r1) in zip(_halves(n), ((0.0, 2.5), (3.5, 5.0))):
        u = rng.random((count, 4))  # r, angle, noise x, noise y
        r, angle = r0 + u[:, 0] * (r1 - r0), u[:, 1] * 2 * np.pi
        x = np.c_[r * np.sin(angle), r * np.cos(angle)]
        moved = x + (u[:, 2:] * 10 - 5) * noise
        parts.append(x)
        labels.append(np.where(np.hypot(moved[:, 0], moved[:, 1]) < 2.5, 1, -1))
    return _playground(np.r_[parts[0], parts[1]], np.r_[labels[0], labels[1]])


def playground_xor(n: int = 200, noise: float = 0.0, seed: int = 0) -> Dataset:
    """Uniform in [−5, 5]² pushed 0.3 off the axes; +1 where x1·x2 ≥ 0; noise flips labels near the axes."""
    rng = np.random.default_rng(seed)
    if n < 2:
        raise ValueError(_("n: {n} is too few; need at least 2 points").format(n=n))
    u = rng.random((n, 4))  # x, y, noise x, noise y
    x = u[:, :2] * 10 - 5
    x = x + np.where(x > 0, 0.3, -0.3)
    moved = x + (u[:, 2:] * 10 - 5) * noise
    return _playground(x, np.where(moved[:, 0] * moved[:, 1] >= 0, 1, -1))


def playground_gauss(n: int = 200, noise: float = 0.0, seed: int = 0) -> Dataset:
    """+1 around (2, 2), −1 around (−2, −2), variance 0.5 + 7·noise (0.5 to 4 over noise 0 to 0.5)."""
    rng = np.random.default_rng(seed)
    n0, n1 = _halves(n)
    variance = 0.5 + noise * (4 - 0.5) / 0.5
    x = np.r_[rng.normal(2, np.sqrt(variance), (n0, 2)), rng.normal(-2, np.sqrt(variance), (n1, 2))]
    return _playground(x, np.r_[np.ones(n0), -np.ones(n1)])


def playground_spiral(n: int = 200, noise: float = 0.0, seed: int = 0) -> Dataset:
    """Two arms r = 5i/m, θ = 1.75·2π·i/m (+π for −1); noise moves each point by up to ``noise``."""
    rng = np.random.default_rng(seed)
    parts, labels = [], []
    for count, (delta, label) in zip(_halves(n), ((0.0, 1), (np.pi, -1))):
        i = np.arange(count)
        r, angle = i / count * 5, 1.75 * i / count * 2 * np.pi + delta
        u = rng.random((count, 2)) * 2 - 1
        parts.append(np.c_[r * np.sin(angle), r * np.cos(angle)] + u * noise)
        labels.append(np.full(count, label))
    return _playground(np.r_[parts[0], parts[1]], np.r_[labels[0], labels[1]])


GENERATORS: dict[str, Callable[..., Dataset]] = {
    "circles": circles, "moons": moons, "spirals": spirals, "blobs": blobs, "xor_noise": xor_points,
    "playground-circle": playground_circle, "playground-xor": playground_xor,
    "playground-gauss": playground_gauss, "playground-spiral": playground_spiral,
}


def generate(name: str, n: int = 200, noise: float = 0.1, seed: int = 0) -> Dataset:
    if name not in GENERATORS:
        raise ValueError(_("dataset: unknown {name}; choose one of {names}").format(
            name=repr(name), names=", ".join(GENERATORS)))
    if not (isinstance(noise, (int, float)) and math.isfinite(noise) and noise >= 0):
        raise ValueError(_("noise: {noise} must be a number ≥ 0").format(noise=repr(noise)))
    return GENERATORS[name](int(n), float(noise), int(seed))


# --- CSV -----------------------------------------------------------------------------------------

MAX_CLASSES = 100
MAX_ROWS = 5000  # data points a file may hold (the training lab's limit; MNIST has its own)
MAX_COLUMNS = 1000


def _number(cell: str) -> float | None:
    try:
        value = float(cell.strip().replace("−", "-"))
    except ValueError:
        return None
    return value


def _csv_rows(text: str, delimiter: str, name: str) -> list[tuple[int, list[str]]]:
    """The non-blank rows with their line numbers; FormatError naming the line for a malformed row,
    a cell over the csv module's field limit, more than ``MAX_COLUMNS`` or ``MAX_ROWS``."""
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows = []
    try:
        for row in reader:
            if len(row) > MAX_COLUMNS:
                raise FormatError(_("{name}, line {line}: more than {n} columns").format(
                    name=name, line=reader.line_num, n=MAX_COLUMNS))
            if any(cell.strip() for cell in row):
                rows.append((reader.line_num, row))
            if len(rows) > MAX_ROWS + 1:  # a header and MAX_ROWS data rows
                raise FormatError(_("{name}, line {line}: more than {n} data rows").format(
                    name=name, line=reader.line_num, n=MAX_ROWS))
    except csv.Error as exc:
        raise FormatError(_("{name}, line {line}: {reason}").format(
            name=name, line=reader.line_num, reason=exc)) from None
    return rows


def parse_csv(text: str, label_column: int | str = -1, header: bool | None = None,
              name: str = "data.csv") -> Dataset:
    """A Dataset from CSV text: numeric feature columns and one label column (numbers or names).

    ``header`` None detects it (the first row is a header when one of its feature cells is not a
    number). ``label_column`` is an index (negative counts from the end) or a header name.
    Errors name the line and the column.
    """
    sample = text[:4096]
    delimiter = max(",;\t", key=sample.count) if any(d in sample for d in ",;\t") else ","
    rows = _csv_rows(text.replace("\r\n", "\n").replace("\r", "\n"), delimiter, name)
    if not rows:
        raise FormatError(_("{name}: the file is empty").format(name=name))
    first_line, first = rows[0]
    width = len(first)
    if width < 2:
        raise FormatError(_("{name}, line {line}: found 1 column; need at least one feature and a label").format(
            name=name, line=first_line))
    if isinstance(label_column, str):
        if label_column not in [c.strip() for c in first]:
            raise FormatError(_("{name}: no column named {col!r} in the header").format(name=name, col=label_column))
        label = [c.strip() for c in first].index(label_column)
        header = True
    else:
        if not -width <= label_column < width:
            raise FormatError(_("{name}: label column {col} does not exist; the file has {n} columns").format(
                name=name, col=label_column, n=width))
        label = label_column % width
    feature_cols = [c for c in range(width) if c != label]
    if header is None:
        header = any(_number(first[c]) is None for c in feature_cols)
    names = [c.strip() for c in first] if header else [f"x{c + 1}" for c in range(width)]
    data_rows = rows[1:] if header else rows
    if not data_rows:
        raise FormatError(_("{name}: no data rows after the header").format(name=name))
    x = np.empty((len(data_rows), len(feature_cols)))
    labels = []
    for r, (line, row) in enumerate(data_rows):
        if len(row) != width:
            raise FormatError(_("{name}, line {line}: {found} values, expected {width} (as on line {first})").format(
                name=name, line=line, found=len(row), width=width, first=first_line))
        for j, c in enumerate(feature_cols):
            value = _number(row[c])
            if value is None or not math.isfinite(value):
                raise FormatError(_("{name}, line {line}, column {col} ({title}): {cell!r} is not a number").format(
                    name=name, line=line, col=c + 1, title=names[c], cell=row[c].strip()))
            x[r, j] = value
        labels.append(row[label].strip())
    numeric = [_number(v) for v in labels]
    if all(v is not None for v in numeric):
        keys = sorted(set(numeric))
        classes = tuple(fmt_label(v) for v in keys)
        index = {v: i for i, v in enumerate(keys)}
        t = [index[v] for v in numeric]
    else:
        classes = tuple(sorted(set(labels)))
        index = {v: i for i, v in enumerate(classes)}
        t = [index[v] for v in labels]
    if len(classes) > MAX_CLASSES:
        raise FormatError(_("{name}: the label column ({title}) has {n} different values; choose the class column").format(
            
            name=name, title=names[label], n=len(classes)))
    return Dataset(x, np.asarray(t, dtype=np.int64), classes, tuple(names[c] for c in feature_cols))


def fmt_label(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(value)


def _read_bytes(path: str | Path) -> bytes:
    path = Path(path)
    if not path.exists():
        raise FormatError(_("{name}: no such file").format(name=path.name))
    return read_regular_file(path)


def read_csv(path: str | Path, label_column: int | str = -1, header: bool | None = None) -> Dataset:
    """``parse_csv`` of a UTF-8 file."""
    raw = _read_bytes(path)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise FormatError(_("{name}, line {line}: not UTF-8 text").format(name=Path(path).name, line=line)) from None
    return parse_csv(text, label_column, header, Path(path).name)


# --- MNIST IDX files -----------------------------------------------------------------------------

IDX_TYPES = {0x08: ">u1", 0x09: ">i1", 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}


def parse_idx(raw: bytes, name: str = "file") -> np.ndarray:
    """An IDX array (MNIST's format): 0, 0, type code, number of dimensions, the sizes as
    big-endian 32-bit integers, then the data. Gzip-compressed input is unpacked first."""
    if raw[:2] == b"\x1f\x8b":
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(raw)) as f:
                raw = f.read(4 * MAX_FILE_BYTES + 1)
        except (OSError, EOFError) as exc:
            raise FormatError(_("{name}: damaged gzip data ({reason})").format(name=name, reason=exc)) from None
        if len(raw) > 4 * MAX_FILE_BYTES:
            raise FormatError(_("{name}: unpacks to more than {mb} MB").format(
                name=name, mb=4 * MAX_FILE_BYTES // 2**20))
    if len(raw) < 4 or raw[:2] != b"\x00\x00":
        raise FormatError(_("{name}: not an IDX file (it must start with two zero bytes)").format(name=name))
    code, ndim = raw[2], raw[3]
    if code not in IDX_TYPES:
        raise FormatError(_("{name}: unknown IDX data type 0x{code:02X}").format(name=name, code=code))
    if ndim == 0:
        raise FormatError(_("{name}: an IDX file needs at least one dimension").format(name=name))
    start = 4 + 4 * ndim
    if len(raw) < start:
        raise FormatError(_("{name}: truncated in the header").format(name=name))
    shape = tuple(int(v) for v in np.frombuffer(raw, ">u4", ndim, 4))
    dtype = np.dtype(IDX_TYPES[code])
    expected = math.prod(shape) * dtype.itemsize
    if len(raw) - start != expected:
        raise FormatError(_("{name}: {found} bytes of data, expected {expected} for shape {shape}").format(
            name=name, found=len(raw) - start, expected=expected, shape="×".join(map(str, shape))))
    return np.frombuffer(raw, dtype, offset=start).reshape(shape).astype(dtype.newbyteorder("="))


def read_idx(path: str | Path) -> np.ndarray:
    return parse_idx(_read_bytes(path), Path(path).name)


def idx_bytes(a: np.ndarray) -> bytes:
    """``a`` as an IDX file (the inverse of ``parse_idx``), in the IDX type of its dtype."""
    a = np.asarray(a)
    code = next((c for c, t in IDX_TYPES.items() if np.dtype(t).newbyteorder("=") == a.dtype), None)
    if code is None:
        raise ValueError(_("no IDX data type holds {dtype}").format(dtype=a.dtype))
    return (bytes([0, 0, code, a.ndim]) + np.array(a.shape, ">u4").tobytes()
            + a.astype(IDX_TYPES[code]).tobytes())


def load_mnist(images_path: str | Path, labels_path: str | Path, limit: int | None = None) -> Dataset:
    """MNIST-style IDX files (.gz or raw): images (n, rows, cols), labels (n,); the first ``limit``."""
    images, labels = read_idx(images_path), read_idx(labels_path)
    if images.ndim != 3 or labels.ndim != 1:
        raise FormatError(_("{name}: expected images of 3 dimensions and labels of 1").format(
            name=Path(images_path).name))
    if len(images) != len(labels):
        raise FormatError(_("{images} has {n} images but {labels} has {m} labels").format(
            images=Path(images_path).name, n=len(images), labels=Path(labels_path).name, m=len(labels)))
    if labels.dtype.kind not in "iu" or len(labels) == 0 or labels.min() < 0 or labels.max() >= MAX_CLASSES:
        raise FormatError(_("{name}: labels must be whole numbers 0..{top}").format(
            name=Path(labels_path).name, top=MAX_CLASSES - 1))
    if limit is not None:
        images, labels = images[:limit], labels[:limit]
    n_classes = max(int(labels.max()) + 1, 10)
    return Dataset(images.reshape(len(images), -1).astype(np.float64), labels.astype(np.int64),
                   tuple(str(c) for c in range(n_classes)), image_shape=images.shape[1:])


# --- normalisation, split, k-fold ----------------------------------------------------------------

NORMALISATIONS = ("none", "minmax", "zscore")


@dataclass(frozen=True, eq=False)
class Normaliser:
    """x ↦ (x − shift) / scale, fitted on the training set and applied to any set."""

    kind: str
    shift: np.ndarray
    scale: np.ndarray

    def apply(self, x: np.ndarray) -> np.ndarray:
        return (np.asarray(x, dtype=np.float64) - self.shift) / self.scale

    def to_dict(self) -> dict:
        return {"kind": self.kind, "shift": self.shift.tolist(), "scale": self.scale.tolist()}


def fit_normaliser(x: np.ndarray, kind: str = "zscore") -> Normaliser:
    """min–max: (x − min) / (max − min) → [0, 1]; z-score: (x − mean) / std; a constant column keeps scale 1."""
    x = np.asarray(x, dtype=np.float64)
    if kind not in NORMALISATIONS:
        raise ValueError(_("normalise: unknown {kind}; choose one of {names}").format(
            kind=repr(kind), names=", ".join(NORMALISATIONS)))
    d = x.shape[1]
    if kind == "none" or len(x) == 0:
        return Normaliser(kind, np.zeros(d), np.ones(d))
    if kind == "minmax":
        shift, scale = x.min(axis=0), x.max(axis=0) - x.min(axis=0)
    else:
        shift, scale = x.mean(axis=0), x.std(axis=0)
    return Normaliser(kind, shift, np.where(scale > 0, scale, 1.0))


def train_test_split(n: int, test_fraction: float, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Shuffled indices (train, test); the test part has round(n·fraction) samples (at least 1 and
    leaving at least 1 for training when the fraction is above 0)."""
    if not 0 <= test_fraction < 1:
        raise ValueError(_("test_fraction: {test_fraction} must be in [0, 1)").format(test_fraction=test_fraction))
    order = np.random.default_rng(seed).permutation(n)
    n_test = 0 if test_fraction == 0 else min(max(1, round(n * test_fraction)), n - 1)
    return np.sort(order[n_test:]), np.sort(order[:n_test])


def k_fold(n: int, n_folds: int, seed: int = 0) -> list[tuple[np.ndarray, np.ndarray]]:
    """``n_folds`` (train, test) index pairs: the shuffled samples cut into nearly equal folds,
    each fold the test set once; the test sets partition 0..n−1."""
    if not 2 <= n_folds <= n:
        raise ValueError(_("n_folds: {n_folds} must be between 2 and the number of samples ({n})").format(
            n_folds=n_folds, n=n))
    folds = np.array_split(np.random.default_rng(seed).permutation(n), n_folds)
    return [(np.sort(np.concatenate(folds[:i] + folds[i + 1:])), np.sort(fold)) for i, fold in enumerate(folds)]


def cross_validate(fit_score: Callable[[Dataset, Dataset], float], data: Dataset, n_folds: int,
                   seed: int = 0) -> list[float]:
    """Accuracy per fold: ``fit_score(train, test)`` trains a fresh model on ``train`` and scores ``test``."""
    return [fit_score(subset(data, tr), subset(data, te)) for tr, te in k_fold(len(data), n_folds, seed)]


def subset(data: Dataset, index: np.ndarray) -> Dataset:
    return Dataset(data.x[index], data.t[index], data.classes, data.features, data.image_shape)
