"""nnlab.data: fixed sets, generators, digits, CSV, IDX, normalisation, split and k-fold."""

import gzip
import math
import struct

import numpy as np
import pytest

from nnlab import data
from nnlab.io import FormatError


def test_logic_gates():
    x = data.logic_gate("xor").x
    np.testing.assert_array_equal(x, [[0, 0], [1, 0], [0, 1], [1, 1]])
    truth = {"and": [0, 0, 0, 1], "or": [0, 1, 1, 1], "nand": [1, 1, 1, 0], "nor": [1, 0, 0, 0],
             "xor": [0, 1, 1, 0], "xnor": [1, 0, 0, 1]}
    for name, t in truth.items():
        d = data.logic_gate(name)
        np.testing.assert_array_equal(d.t, t)
        # the gate's own rule, computed from the inputs
        a, b = d.x[:, 0].astype(bool), d.x[:, 1].astype(bool)
        rule = {"and": a & b, "or": a | b, "nand": ~(a & b), "nor": ~(a | b), "xor": a ^ b, "xnor": ~(a ^ b)}[name]
        np.testing.assert_array_equal(d.t, rule.astype(int))
    with pytest.raises(ValueError, match="gate: unknown 'xand'"):
        data.logic_gate("xand")


def test_seed_dataset_is_designs_ten_points():
    d = data.seed_dataset()
    assert d.x.shape == (10, 2) and d.t.tolist() == [0] * 5 + [1] * 5
    assert d.x[0].tolist() == [2.7810836, 2.550537003]
    assert d.x[8].tolist() == [8.675418651, -0.242068655]


def test_digits():
    images, labels = data.load_digits()
    assert images.shape == (1797, 8, 8) and images.dtype == np.float64
    assert images.min() == 0 and images.max() == 16
    assert labels.shape == (1797,) and labels.dtype == np.int64
    assert labels[:10].tolist() == list(range(10))
    assert np.bincount(labels).tolist() == [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]
    # the first image is a zero: its centre column is empty, its left and right strokes are not
    assert images[0, 3, 3:5].sum() == 0 and images[0, 3, 1] > 0 and images[0, 3, 6] > 0
    d = data.digits_dataset()
    assert d.x.shape == (1797, 64) and d.image_shape == (8, 8) and len(d.classes) == 10


@pytest.mark.parametrize("name", list(data.GENERATORS))
def test_generators(name):
    d = data.generate(name, 101, 0.1, seed=3)
    assert d.x.shape == (101, 2) and d.t.shape == (101,)
    assert set(d.t.tolist()) == {0, 1}
    again = data.generate(name, 101, 0.1, seed=3)
    np.testing.assert_array_equal(d.x, again.x)  # same seed, same points
    assert not np.array_equal(d.x, data.generate(name, 101, 0.1, seed=4).x)
    clean = data.generate(name, 200, 0.0, seed=0)
    if name == "circles":  # radius 1 outside, 0.5 inside, exactly without noise
        r = np.hypot(*clean.x.T)
        np.testing.assert_allclose(r[clean.t == 0], 1.0)
        np.testing.assert_allclose(r[clean.t == 1], 0.5)
    if name == "xor_noise":
        np.testing.assert_array_equal(clean.t, (clean.x[:, 0] * clean.x[:, 1] < 0).astype(int))
    if name.startswith("playground-"):
        assert d.classes == ("−1", "+1")
    if name not in ("xor_noise", "playground-xor", "playground-circle"):  # labels by construction: half each
        assert sorted(np.bincount(d.t).tolist()) == [50, 51]


def test_generator_errors():
    with pytest.raises(ValueError, match="noise"):
        data.generate("moons", 10, -1)
    with pytest.raises(ValueError, match="n: 1 is too few"):
        data.generate("moons", 1, 0.1)
    with pytest.raises(ValueError, match="dataset: unknown 'swirls'"):
        data.generate("swirls")


def test_csv_header_and_label_column():
    text = "sepal,petal,species\n5.1,1.4,setosa\n7.0,4.7,versicolor\n6.3,6.0,virginica\n4.9,1.4,setosa\n"
    d = data.parse_csv(text)
    assert d.features == ("sepal", "petal")
    assert d.classes == ("setosa", "versicolor", "virginica")
    assert d.t.tolist() == [0, 1, 2, 0]
    np.testing.assert_array_equal(d.x, [[5.1, 1.4], [7.0, 4.7], [6.3, 6.0], [4.9, 1.4]])
    # label first, by index and by name; no header; semicolons
    d = data.parse_csv("1;0.5;0.25\n0;1.5;2\n", label_column=0)
    assert d.features == ("x2", "x3") and d.t.tolist() == [1, 0] and d.classes == ("0", "1")
    np.testing.assert_array_equal(d.x, [[0.5, 0.25], [1.5, 2.0]])
    d = data.parse_csv("sepal,petal,kind\n5.1,1.4,0\n7.0,4.7,1\n", label_column="petal")
    assert d.features == ("sepal", "kind") and d.classes == ("1.4", "4.7")
    np.testing.assert_array_equal(d.x, [[5.1, 0], [7.0, 1]])
    with pytest.raises(FormatError, match=r"line 2, column 3 \(species\): 'setosa' is not a number"):
        data.parse_csv(text, label_column="sepal")
    with pytest.raises(FormatError, match=r"line 1, column 1 \(x1\): 'a' is not a number"):
        data.parse_csv("a,b\n1,2\n3,4\n", header=False)


def test_csv_errors_name_the_line(tmp_path):
    with pytest.raises(FormatError, match="data.csv: the file is empty"):
        data.parse_csv("")
    with pytest.raises(FormatError, match="the file is empty"):
        data.parse_csv("\n  \n")
    with pytest.raises(FormatError, match="no data rows after the header"):
        data.parse_csv("a,b,label\n")
    with pytest.raises(FormatError, match=r"line 4: 2 values, expected 3 \(as on line 1\)"):
        data.parse_csv("a,b,label\n1,2,0\n3,4,1\n5,6\n")
    with pytest.raises(FormatError, match=r"line 3, column 2 \(b\): 'x' is not a number"):
        data.parse_csv("a,b,label\n1,2,0\n3,x,1\n")
    with pytest.raises(FormatError, match=r"line 2, column 1 \(a\): 'inf' is not a number"):
        data.parse_csv("a,b,label\ninf,2,0\n")
    with pytest.raises(FormatError, match="label column 5 does not exist; the file has 3 columns"):
        data.parse_csv("1,2,0\n", label_column=5)
    with pytest.raises(FormatError, match="no column named 'kind'"):
        data.parse_csv("a,b,label\n1,2,0\n", label_column="kind")
    with pytest.raises(FormatError, match="need at least one feature and a label"):
        data.parse_csv("1\n2\n")
    path = tmp_path / "bad.csv"
    path.write_bytes(b"a,b\n1,2\n\xff\xfe,3\n")
    with pytest.raises(FormatError, match="bad.csv, line 3: not UTF-8 text"):
        data.read_csv(path)
    path.write_text("x,y,class\n0.5,1,a\n0.25,2,b\n")
    d = data.read_csv(path)
    assert d.classes == ("a", "b") and d.x[1].tolist() == [0.25, 2.0]
    with pytest.raises(FormatError, match="missing.csv: no such file"):
        data.read_csv(tmp_path / "missing.csv")


def test_csv_numeric_labels_map_to_class_indices():
    d = data.parse_csv("1,5\n2,3\n3,5\n4,7\n")
    assert d.classes == ("3", "5", "7") and d.t.tolist() == [1, 0, 1, 2]


def _idx(array: np.ndarray, code: int) -> bytes:
    header = bytes([0, 0, code, array.ndim]) + struct.pack(f">{array.ndim}I", *array.shape)
    return header + array.astype(data.IDX_TYPES[code]).tobytes()


def test_idx_reader(tmp_path):
    rng = np.random.default_rng(0)
    images = rng.integers(0, 256, (5, 4, 3)).astype(np.uint8)
    labels = np.array([3, 1, 4, 1, 5], dtype=np.uint8)
    (tmp_path / "img.idx").write_bytes(_idx(images, 0x08))
    (tmp_path / "lab.idx.gz").write_bytes(gzip.compress(_idx(labels, 0x08)))
    np.testing.assert_array_equal(data.read_idx(tmp_path / "img.idx"), images)
    np.testing.assert_array_equal(data.read_idx(tmp_path / "lab.idx.gz"), labels)
    floats = rng.normal(size=(2, 3))
    (tmp_path / "f.idx").write_bytes(_idx(floats, 0x0E))
    np.testing.assert_array_equal(data.read_idx(tmp_path / "f.idx"), floats)  # big-endian float64
    ints = np.array([-70000, 5, 70000])
    (tmp_path / "i.idx").write_bytes(_idx(ints, 0x0C))
    assert data.read_idx(tmp_path / "i.idx").tolist() == [-70000, 5, 70000]
    assert data.idx_bytes(images) == _idx(images, 0x08) and data.idx_bytes(floats) == _idx(floats, 0x0E)  # the writer
    assert data.idx_bytes(ints.astype(np.int32)) == _idx(ints, 0x0C)
    with pytest.raises(ValueError, match="no IDX data type holds complex128"):
        data.idx_bytes(np.zeros(2, complex))

    d = data.load_mnist(tmp_path / "img.idx", tmp_path / "lab.idx.gz", limit=4)
    assert d.x.shape == (4, 12) and d.image_shape == (4, 3) and d.t.tolist() == [3, 1, 4, 1]
    np.testing.assert_array_equal(d.x[2], images[2].reshape(-1))


def test_idx_errors(tmp_path):
    good = _idx(np.arange(6, dtype=np.uint8).reshape(2, 3), 0x08)
    cases = {
        good[:-1]: "5 bytes of data, expected 6 for shape 2×3",
        good + b"\x00": "7 bytes of data, expected 6",
        b"\x01\x02\x08\x01": "not an IDX file",
        b"\x00\x00\x07\x01\x00\x00\x00\x01\x00": "unknown IDX data type 0x07",
        b"\x00\x00\x08\x02\x00\x00": "truncated in the header",
        gzip.compress(good)[:-6]: "damaged gzip data",
    }
    for raw, message in cases.items():
        path = tmp_path / "x.idx"
        path.write_bytes(raw)
        with pytest.raises(FormatError, match=f"x.idx: {message}"):
            data.read_idx(path)
    (tmp_path / "img.idx").write_bytes(_idx(np.zeros((3, 2, 2), np.uint8), 0x08))
    (tmp_path / "lab.idx").write_bytes(_idx(np.zeros(2, np.uint8), 0x08))
    with pytest.raises(FormatError, match="img.idx has 3 images but lab.idx has 2 labels"):
        data.load_mnist(tmp_path / "img.idx", tmp_path / "lab.idx")


def test_normalisation_fits_on_train_and_applies_to_test():
    train = np.array([[0.0, 10.0, 5.0], [2.0, 30.0, 5.0], [4.0, 20.0, 5.0]])
    test = np.array([[1.0, 40.0, 6.0]])
    mm = data.fit_normaliser(train, "minmax")
    np.testing.assert_allclose(mm.apply(train), [[0, 0, 0], [0.5, 1, 0], [1, 0.5, 0]])
    np.testing.assert_allclose(mm.apply(test), [[0.25, 1.5, 1.0]])  # test uses the train's min/max
    z = data.fit_normaliser(train, "zscore")
    zt = z.apply(train)
    np.testing.assert_allclose(zt[:, :2].mean(axis=0), 0, atol=1e-15)
    np.testing.assert_allclose(zt[:, :2].std(axis=0), 1)
    np.testing.assert_allclose(z.apply(test)[0, :2], [(1 - 2) / np.std([0, 2, 4]), (40 - 20) / np.std([10, 30, 20])])
    np.testing.assert_array_equal(data.fit_normaliser(train, "none").apply(test), test)
    assert mm.to_dict() == {"kind": "minmax", "shift": [0.0, 10.0, 5.0], "scale": [4.0, 20.0, 1.0]}
    assert train[0, 0] == 0.0 and train[1, 1] == 30.0  # not mutated
    with pytest.raises(ValueError, match="normalise: unknown 'l2'"):
        data.fit_normaliser(train, "l2")


def test_train_test_split():
    tr, te = data.train_test_split(100, 0.2, seed=1)
    assert len(te) == 20 and len(tr) == 80
    assert sorted(np.r_[tr, te].tolist()) == list(range(100))
    tr2, te2 = data.train_test_split(100, 0.2, seed=1)
    np.testing.assert_array_equal(te, te2)
    assert data.train_test_split(10, 0.0)[1].size == 0
    assert len(data.train_test_split(4, 0.01)[1]) == 1 and len(data.train_test_split(4, 0.99)[0]) == 1


@pytest.mark.parametrize("n,k", [(10, 3), (1797, 5), (7, 7), (12, 2)])
def test_k_fold_partitions_the_data(n, k):
    folds = data.k_fold(n, k, seed=2)
    assert len(folds) == k
    tests = np.concatenate([te for _, te in folds])
    assert sorted(tests.tolist()) == list(range(n))  # every sample is tested exactly once
    sizes = [len(te) for _, te in folds]
    assert max(sizes) - min(sizes) <= 1
    for tr, te in folds:
        assert not set(tr.tolist()) & set(te.tolist())
        assert len(tr) + len(te) == n


def test_k_fold_errors_and_cross_validate():
    with pytest.raises(ValueError, match="n_folds: 1 must be between 2"):
        data.k_fold(10, 1)
    with pytest.raises(ValueError, match="n_folds: 11 must be between 2"):
        data.k_fold(10, 11)
    d = data.generate("blobs", 30, 0.0, seed=0)
    seen = []

    def fit_score(train, test):
        seen.append(len(test))
        # nearest class mean: trained on train only
        means = np.array([train.x[train.t == c].mean(axis=0) for c in (0, 1)])
        predicted = np.argmin(((test.x[:, None] - means) ** 2).sum(-1), axis=1)
        return float(np.mean(predicted == test.t))

    scores = data.cross_validate(fit_score, d, 3, seed=0)
    assert seen == [10, 10, 10] and len(scores) == 3
    assert all(s >= 0.9 for s in scores)


# TensorFlow Playground's generators (src/dataset.ts), ported here line by line with Math.random()
# replaced by the same seeded stream of uniform draws, to check nnlab's sets against them.

def _playground_reference(name, n, noise, seed):
    rng = np.random.default_rng(seed)
    draws = iter(rng.random(4 * n + 8))  # Math.random(), called in Playground's order

    def rand_uniform(a, b):
        return next(draws) * (b - a) + a

    points = []
    if name == "circle":
        radius = 5
        for lo, hi in ((0, radius * 0.5), (radius * 0.7, radius)):
            for _ in range(n // 2):
                r = rand_uniform(lo, hi)
                angle = rand_uniform(0, 2 * math.pi)
                x, y = r * math.sin(angle), r * math.cos(angle)
                nx, ny = rand_uniform(-radius, radius) * noise, rand_uniform(-radius, radius) * noise
                points.append((x, y, 1 if math.hypot(x + nx, y + ny) < radius * 0.5 else -1))
    elif name == "xor":
        for _ in range(n):
            x = rand_uniform(-5, 5)
            x += 0.3 if x > 0 else -0.3
            y = rand_uniform(-5, 5)
            y += 0.3 if y > 0 else -0.3
            nx, ny = rand_uniform(-5, 5) * noise, rand_uniform(-5, 5) * noise
            points.append((x, y, 1 if (x + nx) * (y + ny) >= 0 else -1))
    elif name == "spiral":
        m = n / 2
        for delta, label in ((0, 1), (math.pi, -1)):
            for i in range(n // 2):
                r = i / m * 5
                t = 1.75 * i / m * 2 * math.pi + delta
                points.append((r * math.sin(t) + rand_uniform(-1, 1) * noise,
                               r * math.cos(t) + rand_uniform(-1, 1) * noise, label))
    return np.array(points)


@pytest.mark.parametrize("name", ["circle", "xor", "spiral"])
@pytest.mark.parametrize("noise", [0.0, 0.25])
def test_playground_sets_match_its_generator(name, noise):
    n, seed = 300, 7
    ref = _playground_reference(name, n, noise, seed)
    got = data.generate(f"playground-{name}", n, noise, seed)
    np.testing.assert_allclose(got.x, ref[:, :2], rtol=0, atol=1e-12)
    np.testing.assert_array_equal(got.t, (ref[:, 2] > 0).astype(int))
    assert got.classes == ("−1", "+1")


def test_playground_defining_properties_at_noise_0():
    circle = data.generate("playground-circle", 400, 0.0, 1)
    r = np.hypot(*circle.x.T)
    assert np.all(r[circle.t == 1] < 2.5) and np.all((r[circle.t == 0] >= 3.5) & (r[circle.t == 0] <= 5))
    xor = data.generate("playground-xor", 400, 0.0, 1)
    assert np.all(np.abs(xor.x) >= 0.3) and np.all(np.abs(xor.x) <= 5.3)
    assert np.array_equal(xor.t, (xor.x[:, 0] * xor.x[:, 1] >= 0).astype(int))
    gauss = data.generate("playground-gauss", 20000, 0.0, 1)
    for cls, centre in ((1, 2.0), (0, -2.0)):
        pts = gauss.x[gauss.t == cls]
        assert np.allclose(pts.mean(axis=0), centre, atol=0.03) and np.allclose(pts.var(axis=0), 0.5, rtol=0.05)
    wide = data.generate("playground-gauss", 20000, 0.5, 1)
    assert np.allclose(wide.x[wide.t == 1].var(axis=0), 4.0, rtol=0.05)
    # label noise: circle and XOR keep their points and flip labels near the boundary only
    noisy = data.generate("playground-circle", 400, 0.1, 1)
    np.testing.assert_array_equal(noisy.x, circle.x)
    flipped = noisy.t != circle.t
    assert flipped.any() and np.all(np.abs(r[flipped] - 2.5) < 1.5 * np.sqrt(2) + 1.0)
