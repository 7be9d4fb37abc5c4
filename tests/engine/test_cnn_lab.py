"""The CNN lab: its timeline carries the engine's numbers, its configs round-trip and refuse bad
fields by name, and the CLI steps, trains and exports it."""

import json

import numpy as np
import onnx
import pytest

from nnlab import cnn
from nnlab.cli import main
from nnlab.conv import conv2d
from nnlab.io import load_weights
from nnlab.labs import cnn as lab
from nnlab.presets import load_preset
from nnlab.share import decode, encode
from tests.conftest import mnist_idx


def final_state(timeline):
    return timeline.state_at(len(timeline) - 1)


def test_simple_preset_steps_every_layer_then_scores_grad_cam_and_one_map():
    config = load_preset("cnn-simple").config
    t = lab.build_timeline(config)
    state = final_state(t)
    image, label = config.picture()
    params = cnn.load("cnn-simple")
    model = cnn.CNN(params, "simple")
    logits = model.forward(image.reshape(1, 1, 8, 8) / 16)[0]
    np.testing.assert_array_equal(state["scores"], logits)
    assert state["pred"] == label == int(np.argmax(logits)) and abs(state["probs"].sum() - 1) < 1e-12
    for k in range(3):
        np.testing.assert_array_equal(state[f"maps:{k}"], model.maps[k][0])
    cam = cnn.grad_cam(model, image / 16, label)
    np.testing.assert_array_equal(state["heat"], cam.heat)
    # the chosen map (convolution 1, filter 0) stepped cell by cell as the convolution lab does
    conv = conv2d((image / 16)[None, None], params["W1"][:1], params["b1"][:1], 1, 1)[0, 0]
    cells = np.array([[state[f"out:0:{i}:{j}"] for j in range(8)] for i in range(8)])
    np.testing.assert_allclose(cells, conv, rtol=0, atol=1e-12)
    np.testing.assert_allclose(cells, state["maps:0"][0], rtol=0, atol=1e-12)
    titles = [s.title for s in t.steps]
    assert titles[:4] == ["The input: pixels 0..16 scaled to 0..1", "Convolution 1: 4 filters 3×3 → 4 maps 8×8",
                          "ReLU after convolution 1: negatives become 0", "Max pooling 2×2: 4 maps 4×4"]
    assert len(t) == 1 + 3 + 2 + 3 + 64 and titles[9] == "Convolution 1, map 0: Output cell (0, 0)"
    assert t[1].formula == "aₖ = Wₖ ⊛ x + bₖ\nOH = (8 + 2·1 − 3)/1 + 1 = 8"


def test_deep_preset_has_six_conv_layers_of_maps_and_a_target_class():
    config = lab.Config.from_dict({**load_preset("cnn-deep").config.to_dict(), "target": 7, "layer": 3, "map": 15})
    t = lab.build_timeline(config)
    state = final_state(t)
    assert [state[f"maps:{k}"].shape for k in range(10)] == [(8, 8, 8)] * 4 + [(8, 4, 4)] + [(16, 4, 4)] * 4 + [
        (16, 2, 2)]
    assert "∂z₇/∂Aₖᵢⱼ" in next(s.formula for s in t.steps if s.title.startswith("Grad-CAM for class 7"))
    pooled = state["maps:4"]
    params = config.params()
    expected = conv2d(pooled[None], params["W3"][15:16], params["b3"][15:16], 1, 1)[0, 0]
    np.testing.assert_allclose(state["out:0:3:3"], expected[3, 3], rtol=0, atol=1e-12)
    assert state["x"].shape == (8, 4, 4)  # the conv lab's base: the maps entering convolution 3


def test_drawn_pixels_are_classified():
    one = np.zeros((8, 8))
    one[1:7, 4] = 16
    config = lab.Config.from_dict({"arch": "simple", "weights": "cnn-simple", "pixels": one.tolist()})
    state = final_state(lab.build_timeline(config))
    assert config.picture()[1] == -1 and state["label"] == -1 and state["pred"] == int(np.argmax(state["scores"]))
    np.testing.assert_array_equal(state["input"], one / 16)


def test_config_round_trips_and_refuses_bad_fields():
    config = load_preset("cnn-simple").config
    assert lab.Config.from_dict(config.to_dict()) == config
    assert decode(encode(load_preset("cnn-deep"))).config == load_preset("cnn-deep").config
    inline = lab.with_weights(config, cnn.load("cnn-simple"))
    assert lab.Config.from_dict(json.loads(json.dumps(inline.to_dict()))) == inline
    np.testing.assert_allclose(inline.params()["Wf"], cnn.load("cnn-simple")["Wf"])
    bad = [({"arch": "wide"}, "arch: must be \"simple\" or \"deep\", not 'wide'"),
           ({"weights": "cnn-deep"}, "weights: the shipped model cnn-deep does not fit the simple architecture"),
           ({"weights": {"W1": [[1]]}}, "weights.W1: must be a 4-dimensional grid of numbers with equal rows"),
           ({"weights": {"W9": 1}}, "weights.W9: not a weight of this model"),
           ({"image": 359}, "image: must be a whole number from 0 to 358"),
           ({"pixels": [[17] * 8] * 8}, "pixels: every pixel must be from 0 to 16"),
           ({"pixels": [[0] * 8] * 7}, "pixels: dimension 1 is 7, must be 8 to 8"),
           ({"layer": 2}, "layer: must be a whole number from 0 to 1"),
           ({"map": 4}, "map: must be a whole number from 0 to 3"),
           ({"target": 10}, "target: must be a whole number from 0 to 9"),
           ({"lr": 0}, "lr: must be a number above 0 and at most 1"),
           ({"colour": 1}, "colour: unknown field")]
    for change, message in bad:
        with pytest.raises(ValueError, match="^" + message.replace("(", r"\(").replace(")", r"\)") + "$"):
            lab.Config.from_dict({**config.to_dict(), **change})


def test_cli_steps_and_train_with_export(capsys, tmp_path):
    assert main(["--lang", "en", "steps", "cnn-simple", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["lab"] == "cnn" and len(data["steps"]) == 73
    out = tmp_path / "w.npz"
    assert main(["train", "cnn-simple", "--epochs", "1", "--export", str(out)]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["epochs"] == 1 and summary["test_acc"] > 0.5
    weights = load_weights(out)
    assert weights.meta["arch"] == "simple" and weights.params["W1"].shape == (4, 1, 3, 3)
    assert main(["train", "cnn-simple", "--epochs", "1", "--export", str(tmp_path / "w.onnx")]) == 0
    again = json.loads(capsys.readouterr().out)
    assert (again["loss"], again["test_acc"]) == (summary["loss"], summary["test_acc"])  # the same seeded run
    _check_onnx((tmp_path / "w.onnx").read_bytes(), {k: v.astype(np.float64) for k, v in weights.params.items()},
                "simple")


def _check_onnx(model: bytes, params: dict, arch: str, x: np.ndarray | None = None) -> None:
    """onnxruntime runs the exported graph on images x (default: the held-out digits) and matches
    nnlab's forward pass (softmax) within 1e-5."""
    import onnxruntime

    x = cnn.digits_split()[2] if x is None else x
    session = onnxruntime.InferenceSession(model, providers=["CPUExecutionProvider"])
    (y,) = session.run(["y"], {"x": x.astype(np.float32)})
    logits = cnn.CNN(params, arch, x.shape[-1]).forward(x)
    p = np.exp(logits - logits.max(axis=1, keepdims=True))
    np.testing.assert_allclose(y, p / p.sum(axis=1, keepdims=True), rtol=0, atol=1e-5)
    assert [n.op_type for n in onnx.load_from_string(model).graph.node][-4:] == ["MaxPool", "Flatten", "Gemm",
                                                                                   "Softmax"]


def test_onnx_export_of_the_deep_network_runs_in_onnxruntime():
    params = cnn.load("cnn-deep")
    _check_onnx(cnn.onnx_bytes(params, "deep", {"arch": "deep"}), params, "deep")


# ---------------------------------------------------------------- 28×28 MNIST IDX files

def idx_pair(tmp_path, n: int = 100, images=None, labels=None) -> dict:
    """The config fields of IDX files holding the first n digits resized to 28×28 (or the given arrays)."""
    return dict(zip(("mnist_images", "mnist_labels"), mnist_idx(tmp_path, n, images, labels)))


def test_mnist_files_rebuild_the_network_for_28_by_28(tmp_path):
    config = lab.Config.from_dict({"arch": "deep", "layer": 1, "map": 5, "image": 19, **idx_pair(tmp_path)})
    assert config.size == 28 and config.params()["Wf"].shape == (16 * 7 * 7, 10)
    timeline = lab.build_timeline(config)
    state = final_state(timeline)
    data = config.data()
    np.testing.assert_array_equal(timeline.base["image"], data.xt[19, 0] * 255)
    assert timeline.base["label"] == data.tt[19] and len(data.xt) == 20
    assert [state[f"maps:{k}"].shape for k in (0, 4, 5, 9)] == [(8, 28, 28), (8, 14, 14), (16, 14, 14), (16, 7, 7)]
    assert state["heat"].shape == (28, 28) and state["cam"].shape == (14, 14)  # the last ReLU's maps
    assert timeline.steps[0].formula == "x = pixel / 255" and "0..255" in timeline.steps[0].title
    model = cnn.CNN(config.params(), "deep", 28)
    np.testing.assert_allclose(state["scores"], model.forward(data.xt[19:20])[0], rtol=0, atol=1e-12)
    out = np.array([[state[f"out:0:{i}:{j}"] for j in range(28)] for i in range(28)])  # map 5 of conv 1, stepped
    np.testing.assert_allclose(out, model.maps[0][0, 5], rtol=0, atol=1e-12)
    assert lab.Config.from_dict(config.to_dict()) == config
    with pytest.raises(ValueError, match="image: must be a whole number from 0 to 19"):
        lab.Config.from_dict({**config.to_dict(), "image": 20})  # 20 held out of 100
    with pytest.raises(ValueError, match="8×8 digits"):
        lab.Config.from_dict({**config.to_dict(), "weights": "cnn-deep"})
    drawn = np.zeros((28, 28))
    drawn[4:24, 13:16] = 255
    assert final_state(lab.build_timeline(lab.Config.from_dict({**config.to_dict(), "pixels": drawn.tolist()})))[
        "input"].max() == 1
    with pytest.raises(ValueError, match="pixels"):
        lab.Config.from_dict({**config.to_dict(), "pixels": np.zeros((8, 8)).tolist()})


def test_training_on_the_files_with_a_capped_subset(tmp_path, monkeypatch):
    config = lab.Config.from_dict({**idx_pair(tmp_path, 300), "mnist_limit": 200, "epochs": 3})
    assert (len(config.data().x), len(config.data().xt)) == (160, 40)
    monkeypatch.setattr(lab, "MAX_PASSES", 400)  # a run's work is bounded: epochs × training images
    with pytest.raises(ValueError, match=r"^epochs: 3 epochs × 160 training images = 480 image passes; at most 400"):
        lab.Config.from_dict(config.to_dict())
    monkeypatch.undo()
    trained, result = lab.train(config)
    assert result.epochs == 3 and result.accuracy >= 0.8
    assert trained.params()["Wf"].shape == (784, 10) and trained.mnist_limit == 200
    assert lab.export_meta(trained, result)["input"] == "28x28 pixels / 255, NCHW"


def _bad(tmp_path, kind: str) -> dict:
    fields = idx_pair(tmp_path, 40)
    images = tmp_path / "im.idx"
    raw = images.read_bytes()
    if kind == "magic":
        images.write_bytes(b"\x08\x03" + raw[2:])
    elif kind == "truncated":
        images.write_bytes(raw[:-100])
    elif kind == "count":
        idx_pair(tmp_path, 40, labels=cnn.digits_as_mnist(39)[1])
    elif kind == "size":
        idx_pair(tmp_path, 40, images=np.zeros((40, 8, 8), np.uint8))
    elif kind == "labels":
        idx_pair(tmp_path, 40, labels=np.full(40, 12, np.uint8))
    elif kind == "few":
        idx_pair(tmp_path, 5)
    elif kind == "missing":
        fields["mnist_labels"] = str(tmp_path / "nowhere.idx")
    elif kind == "one":
        fields["mnist_labels"] = ""
    return fields


@pytest.mark.parametrize("kind,reason", [
    ("magic", "im.idx: not an IDX file"), ("truncated", "im.idx: 31260 bytes of data, expected 31360"),
    ("count", "im.idx has 40 images but lb.idx has 39 labels"),
    ("size", "im.idx: images of 8×8 pixels; the CNN lab takes 28×28"),
    ("labels", "lb.idx: labels must be the digits 0..9"), ("few", "im.idx: 5 images; the CNN lab needs at least 10"),
    ("missing", "nowhere.idx: no such file"), ("one", "choose the images and the labels IDX files")])
def test_bad_idx_files_are_refused_with_the_reason(tmp_path, kind, reason):
    with pytest.raises(ValueError, match=f"^mnist_images: {reason}"):
        lab.Config.from_dict(_bad(tmp_path, kind))


def test_cli_trains_on_idx_files_and_exports_onnx_for_28_by_28(capsys, tmp_path):
    files = idx_pair(tmp_path, 120)
    onnx_path = tmp_path / "m.onnx"
    assert main(["train", "cnn-simple", "--images", files["mnist_images"], "--labels", files["mnist_labels"],
                 "--epochs", "2", "--limit", "100", "--export", str(onnx_path)]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["epochs"] == 2 and summary["test_acc"] > 0.3
    data = cnn.mnist(files["mnist_images"], files["mnist_labels"], 100)
    model = onnx.load(str(onnx_path))
    meta = json.loads(model.metadata_props[0].value)
    assert meta["input"] == "28x28 pixels / 255, NCHW" and meta["test_accuracy"] == summary["test_acc"]
    params = {t.name: onnx.numpy_helper.to_array(t).astype(np.float64) for t in model.graph.initializer}
    _check_onnx(onnx_path.read_bytes(), params, "simple", data.xt)
    bad = _bad(tmp_path, "size")
    assert main(["train", "cnn-simple", "--images", bad["mnist_images"], "--labels", bad["mnist_labels"]]) == 2
    assert "images of 8×8 pixels" in capsys.readouterr().err
    assert main(["train", "cnn-simple", "--images", bad["mnist_images"]]) == 2
    assert main(["train", "conv-basic", "--images", bad["mnist_images"], "--labels", bad["mnist_labels"]]) == 2
