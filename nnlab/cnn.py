"""A small convolutional network for the 8×8 digits: Conv2D → ReLU → MaxPool → … → Affine → softmax,
built from ``nnlab.conv`` and ``nnlab.layers``, trained with ``nnlab.optim``, and Grad-CAM.

An architecture is a tuple of blocks; each block is a tuple of convolution widths (3×3 kernels,
stride 1, padding 1, so a map keeps its size) followed by a 2×2 max pooling. ``simple`` is one
block of 4 filters; ``deep`` is two VGG-style blocks of two convolutions each (8, 8 then 16, 16).
Parameters are named ``W1``, ``b1``, … for the convolutions in order (W: (FN, C, 3, 3)) and
``Wf``, ``bf`` for the affine layer (W: (C·H·W, 10)). Inputs are images (N, 1, 8, 8) scaled to 0..1
(the digits' counts 0..16 divided by 16).

``onnx_bytes`` writes the network as an ONNX graph (Conv, Relu, MaxPool, Flatten, Gemm, Softmax).

The shipped weights ``assets/models/cnn-<name>.npz`` are written by ``tools/train_cnn.py`` (seeded
Adam on the training split); the test checks their accuracy on the held-out split.
"""

from __future__ import annotations

import io
import json
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from nnlab.conv import Conv2D, Pool2D
from nnlab.data import load_digits, train_test_split
from nnlab.i18n import _
from nnlab.resources import ASSETS
from nnlab.layers import Affine, Relu, SoftmaxWithLoss
from nnlab.optim import make

ARCHITECTURES = {"simple": ((4,),), "deep": ((8, 8), (16, 16))}
SIZE, CLASSES, KERNEL, POOL = 8, 10, 3, 2
PIXEL_MAX = 16.0
TEST_FRACTION, SPLIT_SEED = 0.2, 0
MODEL_DIR = ASSETS / "models"


@dataclass(frozen=True)
class Layer:
    """One layer as the overview shows it: ``kind`` "conv", "relu" or "pool", its parameter number
    (convolutions: 1, 2, …), and the shape (C, H, W) of its output."""

    kind: str
    index: int
    shape: tuple[int, int, int]


def layers(arch: str) -> tuple[Layer, ...]:
    """The feature-map layers of ``arch`` in order (without the affine layer)."""
    out, c, h, n = [], 1, SIZE, 0
    for block in ARCHITECTURES[arch]:
        for width in block:
            n, c = n + 1, width
            out += [Layer("conv", n, (c, h, h)), Layer("relu", n, (c, h, h))]
        h //= POOL
        out.append(Layer("pool", n, (c, h, h)))
    return tuple(out)


def param_shapes(arch: str) -> dict[str, tuple[int, ...]]:
    """{name: shape} of every parameter of ``arch``."""
    shapes, c = {}, 1
    for layer in layers(arch):
        if layer.kind == "conv":
            shapes[f"W{layer.index}"] = (layer.shape[0], c, KERNEL, KERNEL)
            shapes[f"b{layer.index}"] = (layer.shape[0],)
            c = layer.shape[0]
    shapes["Wf"] = (int(np.prod(layers(arch)[-1].shape)), CLASSES)
    shapes["bf"] = (CLASSES,)
    return shapes


def init_params(arch: str, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """He-initialised weights (std √(2 / fan-in)) and zero biases."""
    params = {}
    for name, shape in param_shapes(arch).items():
        fan_in = int(np.prod(shape[1:])) if name.startswith("W") and name != "Wf" else shape[0]
        params[name] = rng.normal(0, np.sqrt(2 / fan_in), shape) if name.startswith("W") else np.zeros(shape)
    return params


class CNN:
    """The network over ``params`` (read on every call, so replacing an array takes effect). After
    ``forward`` the list ``maps`` holds each layer's output (N, C, H, W), in ``layers(arch)`` order;
    ``backward(dlogits)`` returns dx, fills ``grads`` and ``dmaps`` (the gradient at each map)."""

    def __init__(self, params: dict[str, np.ndarray], arch: str):
        self.params, self.arch, self.spec = params, arch, layers(arch)
        self.maps: list[np.ndarray] = []
        self.dmaps: list[np.ndarray] = []
        self.grads: dict[str, np.ndarray] = {}
        self._stack: list = []
        self._affine = Affine(params, "Wf", "bf")

    def _layer(self, layer: Layer):
        if layer.kind == "conv":
            return Conv2D(self.params[f"W{layer.index}"], self.params[f"b{layer.index}"], 1, KERNEL // 2)
        return Relu() if layer.kind == "relu" else Pool2D(POOL)

    def forward(self, x: np.ndarray) -> np.ndarray:
        """Logits (N, 10) of images x (N, 1, 8, 8)."""
        self._stack, self.maps = [], []
        for layer in self.spec:
            op = self._layer(layer)
            x = op.forward(x)
            self._stack.append((layer, op))
            self.maps.append(x)
        return self._affine.forward(x)

    def backward(self, dlogits: np.ndarray) -> np.ndarray:
        d = self._affine.backward(dlogits)
        self.grads = dict(self._affine.grads)
        self.dmaps = [None] * len(self._stack)
        for k in range(len(self._stack) - 1, -1, -1):
            layer, op = self._stack[k]
            self.dmaps[k] = d
            d = op.backward(d)
            if layer.kind == "conv":
                self.grads[f"W{layer.index}"], self.grads[f"b{layer.index}"] = op.dw, op.db
        return d


def bilinear(a: np.ndarray, size: int) -> np.ndarray:
    """A 2-D grid resized to size × size by bilinear interpolation with half-pixel centres
    (torch's ``interpolate(mode="bilinear", align_corners=False)``)."""

    def matrix(n: int) -> np.ndarray:
        src = np.maximum((np.arange(size) + 0.5) * n / size - 0.5, 0.0)
        lo = np.minimum(np.floor(src).astype(int), n - 1)
        hi = np.minimum(lo + 1, n - 1)
        m = np.zeros((size, n))
        m[np.arange(size), lo] += 1 - (src - lo)
        m[np.arange(size), hi] += src - lo
        return m

    return matrix(a.shape[0]) @ a @ matrix(a.shape[1]).T


@dataclass(frozen=True)
class GradCam:
    """Grad-CAM of one image for class ``target`` at the last convolution's ReLU maps ``maps``
    (K, h, w): ``alpha`` (K,) the mean gradient of the class score over each map, ``cam`` (h, w)
    = ReLU(Σₖ αₖ·Aₖ), ``heat`` (8, 8) the cam upsampled bilinearly."""

    layer: int  # the index into layers(arch) of the maps used
    maps: np.ndarray
    grads: np.ndarray
    alpha: np.ndarray
    cam: np.ndarray
    heat: np.ndarray


def grad_cam(model: CNN, image: np.ndarray, target: int) -> GradCam:
    """Grad-CAM of ``image`` (8, 8, scaled 0..1) for class ``target``."""
    model.forward(image.reshape(1, 1, SIZE, SIZE))
    k = max(i for i, layer in enumerate(model.spec) if layer.kind == "relu")
    dlogits = np.zeros((1, CLASSES))
    dlogits[0, target] = 1.0
    model.backward(dlogits)
    maps, grads = model.maps[k][0], model.dmaps[k][0]
    alpha = grads.mean(axis=(1, 2))
    cam = np.maximum(np.tensordot(alpha, maps, axes=1), 0.0)
    return GradCam(k, maps, grads, alpha, cam, bilinear(cam, SIZE))


def digits_split() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(train images, train labels, test images, test labels); images (N, 1, 8, 8) scaled 0..1."""
    images, labels = load_digits()
    x = (images / PIXEL_MAX).reshape(-1, 1, SIZE, SIZE)
    train, test = train_test_split(len(x), TEST_FRACTION, SPLIT_SEED)
    return x[train], labels[train], x[test], labels[test]


def accuracy(model: CNN, x: np.ndarray, t: np.ndarray) -> float:
    return float((model.forward(x).argmax(axis=1) == t).mean())


@dataclass
class TrainResult:
    params: dict
    epochs: int  # completed
    loss: float  # the last epoch's mean training loss
    accuracy: float  # on the test split
    seconds: float


def train(arch: str, params: dict | None = None, epochs: int = 10, lr: float = 0.01, batch: int = 32,
          seed: int = 0, progress=None, control=None) -> TrainResult:
    """Adam on the digits' training split; ``progress(fraction, {"epoch", "loss"})`` after each epoch,
    ``control.stopped`` ends early. Starts from ``params`` (copied) or from He weights drawn
    from ``seed``."""
    rng = np.random.default_rng(seed)
    params = {k: np.array(v, dtype=np.float64) for k, v in params.items()} if params else init_params(arch, rng)
    model, head, opt = CNN(params, arch), SoftmaxWithLoss(), make("adam", lr)
    x, t, xt, tt = digits_split()
    start, loss, done = time.monotonic(), float("nan"), 0
    for epoch in range(epochs):
        if control is not None and control.stopped:
            break
        order, losses = rng.permutation(len(x)), []
        for i in range(0, len(x), batch):
            idx = order[i:i + batch]
            losses.append(head.forward(model.forward(x[idx]), t[idx]))
            model.backward(head.backward())
            opt.update(params, model.grads)
        loss, done = float(np.mean(losses)), epoch + 1
        if progress is not None:
            progress(done / epochs, {"epoch": done, "loss": loss})
    return TrainResult(params, done, loss, accuracy(model, xt, tt), time.monotonic() - start)


def weights_path(name: str) -> Path:
    return MODEL_DIR / f"{name}.npz"


def save(params: dict, path: Path, meta: dict) -> None:
    """The weights as a float32 .npz with a JSON ``meta`` entry, written atomically."""
    from nnlab.io import atomic_write_bytes

    buf = io.BytesIO()
    np.savez_compressed(buf, meta=np.array(json.dumps(meta)), **{k: v.astype(np.float32) for k, v in params.items()})
    atomic_write_bytes(path, buf.getvalue())


def load(name: str) -> dict[str, np.ndarray]:
    """The shipped weights ``name`` (``cnn-<arch>``) as float64 arrays, checked against the shapes."""
    shapes = param_shapes(name.removeprefix("cnn-"))
    with np.load(weights_path(name), allow_pickle=False) as f:
        params = {k: f[k].astype(np.float64) for k in shapes if k in f}
    missing = [k for k, s in shapes.items() if k not in params or params[k].shape != s]
    if missing:
        raise ValueError(_("{path}: not the {name} model's weights ({param})").format(
            path=weights_path(name), name=name, param=missing[0]))
    return params


def onnx_bytes(params: dict[str, np.ndarray], arch: str, meta: dict) -> bytes:
    """An ONNX model (opset 17, float32) of ``arch`` over ``params``: input "x" (N, 1, 8, 8) scaled
    0..1 → Conv/Relu/MaxPool blocks → Flatten → Gemm → output "y", the softmax probabilities."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    inits, nodes, h = [], [], "x"

    def node(op, inputs, output, **attrs):
        nodes.append(helper.make_node(op, inputs, [output], **attrs))
        return output

    for name in param_shapes(arch):
        inits.append(numpy_helper.from_array(np.asarray(params[name], dtype=np.float32), name))
    for layer in layers(arch):
        n = layer.index
        if layer.kind == "conv":
            h = node("Conv", [h, f"W{n}", f"b{n}"], f"conv{n}", kernel_shape=[KERNEL, KERNEL],
                     pads=[KERNEL // 2] * 4, strides=[1, 1])
        elif layer.kind == "relu":
            h = node("Relu", [h], f"relu{n}")
        else:
            h = node("MaxPool", [h], f"pool{n}", kernel_shape=[POOL, POOL], strides=[POOL, POOL])
    h = node("Gemm", [node("Flatten", [h], "flat", axis=1), "Wf", "bf"], "logits")
    node("Softmax", [h], "y", axis=1)
    graph = helper.make_graph(nodes, f"nnlab_cnn_{arch}",
                              [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", 1, SIZE, SIZE])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch", CLASSES])], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="nnlab")
    model.ir_version = 8
    model.metadata_props.append(onnx.StringStringEntryProto(key="nnlab", value=json.dumps(meta)))
    onnx.checker.check_model(model)
    return model.SerializeToString()
