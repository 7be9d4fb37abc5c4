"""Weights export/import: .npz, .json, ONNX (onnxruntime), DLFS .pkl, and refusals."""

import io
import json
import os
import pickle

import numpy as np
import pytest

from nnlab.functions import ACTIVATIONS, softmax
from nnlab.io import FormatError, Weights, export_weights, load_weights


def random_params(sizes=(4, 5, 3), seed=0, dtype=np.float64):
    rng = np.random.default_rng(seed)
    params = {}
    for i, (a, b) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
        params[f"W{i}"] = rng.normal(0, 1, (a, b)).astype(dtype)
        params[f"b{i}"] = rng.normal(0, 1, b).astype(dtype)
    return params


@pytest.mark.parametrize("suffix", [".npz", ".json"])
def test_round_trip(tmp_path, suffix):
    params = random_params()
    meta = {"activations": ["relu"], "output": "softmax", "normalisation": {"kind": "zscore", "mean": [1.0, 2.0]},
            "training": {"epochs": 3, "loss": 0.25}}
    path = tmp_path / f"w{suffix}"
    export_weights(params, path, meta)
    w = load_weights(path)
    assert isinstance(w, Weights)
    assert set(w.params) == set(params)
    for k in params:
        np.testing.assert_array_equal(w.params[k], params[k])  # exact: both formats keep float64 bits
    assert w.meta["activations"] == ["relu"] and w.meta["output"] == "softmax"
    assert w.meta["sizes"] == [4, 5, 3]  # filled in from the W shapes
    assert w.meta["training"] == {"epochs": 3, "loss": 0.25}


def test_npz_loads_with_plain_numpy_without_pickle(tmp_path):
    params = random_params(dtype=np.float32)
    path = tmp_path / "w.npz"
    export_weights(params, path, {"output": "identity"})
    with np.load(path) as f:  # allow_pickle defaults to False
        assert sorted(f.files) == ["W1", "W2", "b1", "b2", "meta"]
        assert f["W1"].dtype == np.float32
        np.testing.assert_array_equal(f["W2"], params["W2"])
        meta = json.loads(str(f["meta"]))
    assert meta == {"output": "identity", "sizes": [4, 5, 3]}


def test_json_layout(tmp_path):
    path = tmp_path / "w.json"
    export_weights({"W1": np.array([[0.9, 0.2], [0.3, 0.8]])}, path)
    data = json.loads(path.read_text())
    assert data == {"params": {"W1": [[0.9, 0.2], [0.3, 0.8]]}, "meta": {"sizes": [2, 2]}}


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("hidden", sorted(ACTIVATIONS))
def test_every_activation_runs_in_onnxruntime(tmp_path, hidden, dtype):
    """Every activation the labs offer, in float32 (the default) and float64, loads in onnxruntime
    (softplus has no float64 kernel there: it is built from Relu, Abs, Exp and Log) and agrees with
    nnlab's forward pass."""
    ort = pytest.importorskip("onnxruntime")
    params = random_params((6, 8, 3), seed=3)
    path = tmp_path / "w.onnx"
    output = "softmax" if hidden == "relu" else "identity"
    export_weights(params, path, {"activations": [hidden], "output": output}, onnx_dtype=dtype)
    x = np.random.default_rng(1).normal(0, 1, (10, 6))
    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    (y,) = session.run(["y"], {"x": x.astype(dtype)})
    assert y.dtype == np.dtype(dtype)
    h = ACTIVATIONS[hidden].f(x @ params["W1"] + params["b1"])
    z = h @ params["W2"] + params["b2"]
    expected = softmax(z) if output == "softmax" else z
    np.testing.assert_allclose(y, expected, rtol=0, atol=1e-12 if dtype == "float64" else 2e-5)


def test_onnx_refuses_unknown_activation(tmp_path):
    with pytest.raises(FormatError, match="no ONNX form"):
        export_weights(random_params(), tmp_path / "w.onnx", {"activations": ["swish"]})
    assert not (tmp_path / "w.onnx").exists()


def test_dlfs_pkl_is_read(tmp_path):
    params = random_params(dtype=np.float32)
    for protocol in (2, 3, 4, 5):
        path = tmp_path / f"params{protocol}.pkl"
        path.write_bytes(pickle.dumps(params, protocol=protocol))
        w = load_weights(path)
        assert w.meta == {}
        for k in params:
            np.testing.assert_array_equal(w.params[k], params[k])
            assert w.params[k].dtype == np.float32
            assert w.params[k].flags.writeable  # an optimizer can update it in place


def test_numpy1_pkl_is_read(tmp_path):
    """Pickles written by numpy 1.x (DLFS's own files) name numpy.core.multiarray."""
    raw = pickle.dumps({"W1": np.arange(6.0).reshape(2, 3)}, protocol=2)
    assert b"numpy._core.multiarray\n_reconstruct" in raw
    path = tmp_path / "old.pkl"
    path.write_bytes(raw.replace(b"numpy._core.multiarray", b"numpy.core.multiarray"))
    np.testing.assert_array_equal(load_weights(path).params["W1"], np.arange(6.0).reshape(2, 3))


class _Evil:
    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return os.system, (f"touch {self.marker}",)


def test_pickle_that_runs_code_is_refused(tmp_path):
    marker = tmp_path / "pwned"
    path = tmp_path / "evil.pkl"
    path.write_bytes(pickle.dumps({"W1": np.ones((2, 2)), "x": _Evil(marker)}))
    assert b"system" in path.read_bytes()
    with pytest.raises(FormatError, match=r"evil.pkl: refused: the pickle asks for (posix|os)\.system"):
        load_weights(path)
    assert not marker.exists()


def test_pickle_with_other_globals_is_refused(tmp_path):
    path = tmp_path / "eval.pkl"
    path.write_bytes(pickle.dumps({"W1": np.ones(2), "f": print}))
    with pytest.raises(FormatError, match="builtins.print"):
        load_weights(path)
    path.write_bytes(pickle.dumps([np.ones(2)]))
    with pytest.raises(FormatError, match="expected a dict of arrays"):
        load_weights(path)
    path.write_bytes(pickle.dumps({"W1": np.array(["a", "b"], dtype=object)}))
    with pytest.raises(FormatError):
        load_weights(path)


def test_truncated_and_corrupt_files(tmp_path):
    params = random_params()
    good = tmp_path / "good.npz"
    export_weights(params, good, {})
    raw = good.read_bytes()
    bad = tmp_path / "bad.npz"
    bad.write_bytes(raw[: len(raw) // 2])
    with pytest.raises(FormatError, match=r"bad.npz: damaged or unreadable \.npz"):
        load_weights(bad)
    bad.write_bytes(b"hello, not a zip")
    with pytest.raises(FormatError, match="bad.npz: not an .npz file"):
        load_weights(bad)
    bad.write_bytes(b"")
    with pytest.raises(FormatError, match="bad.npz: the file is empty"):
        load_weights(bad)
    # an npz whose array needs pickle (object dtype) is refused, not unpickled
    buffer = io.BytesIO()
    np.savez(buffer, W1=np.array([{"a": 1}], dtype=object))
    bad.write_bytes(buffer.getvalue())
    with pytest.raises(FormatError, match="bad.npz: W1.npy: holds Python objects"):
        load_weights(bad)
    # meta that is not JSON
    buffer = io.BytesIO()
    np.savez(buffer, W1=np.ones((2, 2)), meta=np.array("{oops"))
    bad.write_bytes(buffer.getvalue())
    with pytest.raises(FormatError, match="meta: not valid JSON"):
        load_weights(bad)

    pkl = tmp_path / "cut.pkl"
    pkl.write_bytes(pickle.dumps(params)[:-20])
    with pytest.raises(FormatError, match="cut.pkl: damaged or not a pickle of arrays"):
        load_weights(pkl)

    js = tmp_path / "w.json"
    js.write_text('{"params": {"W1": [[1, 2], [3]]}}')
    with pytest.raises(FormatError, match="W1: expected a number or a rectangular nested list"):
        load_weights(js)
    js.write_text('{"params": {"W1": [[1, 2]]')
    with pytest.raises(FormatError, match=r"w.json: not valid JSON \(line 1"):
        load_weights(js)
    js.write_text('{"params": {"W1": [[1, NaN]]}}')
    with pytest.raises(FormatError, match="W1: contains NaN or infinity"):
        load_weights(js)
    js.write_text('[1, 2]')
    with pytest.raises(FormatError, match='expected {"params"'):
        load_weights(js)


def test_unknown_suffix(tmp_path):
    with pytest.raises(FormatError, match="choose .npz, .json or .onnx"):
        export_weights(random_params(), tmp_path / "w.txt")
    (tmp_path / "w.h5").write_bytes(b"x")
    with pytest.raises(FormatError, match="choose a .npz, .json, .pkl, .pt or .pth"):
        load_weights(tmp_path / "w.h5")


@pytest.mark.parametrize("kw", [{"activation": "relu", "output": "softmax", "loss": "cross_entropy"},
                                {"activation": ["tanh", "leaky_relu"], "output": "sigmoid", "batchnorm": True}])
def test_mlp_export_onnx_and_npz(tmp_path, kw):
    ort = pytest.importorskip("onnxruntime")
    from nnlab.network import MLP

    model = MLP([5, 7, 6, 3], seed=2, **kw)
    rng = np.random.default_rng(0)
    x, t = rng.normal(0, 1, (16, 5)), rng.integers(0, 3, 16)
    if kw["output"] == "sigmoid":
        t = np.eye(3)[t]
    for _ in range(3):  # move weights (and running statistics) away from their start
        for key, g in model.gradient(x, t).items():
            model.params[key] = model.params[key] - 0.1 * g
    expected = model.forward(x)  # eval mode
    export_weights(model, tmp_path / "m.onnx", onnx_dtype="float64")
    session = ort.InferenceSession(str(tmp_path / "m.onnx"), providers=["CPUExecutionProvider"])
    np.testing.assert_allclose(session.run(["y"], {"x": x})[0], expected, rtol=0, atol=1e-12)

    export_weights(model, tmp_path / "m.npz", {"training": {"epochs": 3}})
    w = load_weights(tmp_path / "m.npz")
    assert w.meta["sizes"] == [5, 7, 6, 3] and w.meta["output"] == kw["output"]
    assert w.meta["training"] == {"epochs": 3}
    assert set(w.params) == set(model.params) | set(model.buffers)
    for k, v in {**model.params, **model.buffers}.items():
        np.testing.assert_array_equal(w.params[k], v)
