"""A small convolutional network for square images — the shipped 8×8 digits, or 28×28 MNIST IDX
files: Conv2D → ReLU → MaxPool → … → Affine → softmax, built from ``nnlab.conv`` and
``nnlab.layers``, trained with ``nnlab.optim``, and Grad-CAM.

An architecture is a tuple of blocks; each block is a tuple of convolution widths (3×3 kernels,
stride 1, padding 1, so a map keeps its size) followed by a 2×2 max pooling. ``simple`` is one
block of 4 filters; ``deep`` is two VGG-style blocks of two convolutions each (8, 8 then 16, 16).
Parameters are named ``W1``, ``b1``, … for the convolutions in order (W: (FN, C, 3, 3)) and
``Wf``, ``bf`` for the affine layer (W: (C·H·W, 10)). Inputs are images (N, 1, S, S) scaled to 0..1
(the digits' counts 0..16 divided by 16, MNIST's bytes 0..255 by 255); ``Images`` holds a split set.

``onnx_bytes`` writes the network as an ONNX graph (Conv, Relu, MaxPool, Flatten, Gemm, Softmax).

The shipped weights ``assets/models/cnn-<name>.npz`` are written by ``tools/train_cnn.py`` (seeded
Adam on the training split); the test checks their accuracy on the held-out split.
"""

from __future__ import annotations

import io
import json
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from nnlab.conv import Conv2D, Pool2D
from nnlab.data import FormatError, load_digits, load_mnist, train_test_split
from nnlab.i18n import _
from nnlab.resources import ASSETS
from nnlab.layers import Affine, Relu, SoftmaxWithLoss
from nnlab.optim import make

ARCHITECTURES = {"simple": ((4,),), "deep": ((8, 8), (16, 16))}
SIZE, CLASSES, KERNEL, POOL = 8, 10, 3, 2  # SIZE: the digits' (and the shipped weights') side
PIXEL_MAX = 16.0
MNIST_SIZE, MNIST_PIXEL_MAX, MIN_IMAGES = 28, 255.0, 10
TEST_FRACTION, SPLIT_SEED = 0.2, 0
MODEL_DIR = ASSETS / "models"


@dataclass(frozen=True)
class Layer:
    """One layer as the overview shows it: ``kind`` "conv", "relu" or "pool", its parameter number
    (convolutions: 1, 2, …), and the shape (C, H, W) of its output."""

    kind: str
    index: int
    shape: tuple[int, int, int]


def layers(arch: str, size: int = SIZE) -> tuple[Layer, ...]:
    """The feature-map layers of ``arch`` on size × size images, in order (without the affine layer)."""
    out, c, h, n = [], 1, size, 0
    for block in ARCHITECTURES[arch]:
        for width in block:
            n, c = n + 1, width
            out += [Layer("conv", n, (c, h, h)), Layer("relu", n, (c, h, h))]
        h //= POOL
        out.append(Layer("pool", n, (c, h, h)))
    return tuple(out)


def param_shapes(arch: str, size: int = SIZE) -> dict[str, tuple[int, ...]]:
    """{name: shape} of every parameter of ``arch`` on size × size images."""
    shapes, c = {}, 1
    for layer in layers(arch, size):
        if layer.kind == "conv":
            shapes[f"W{layer.index}"] = (layer.shape[0], c, KERNEL, KERNEL)
            shapes[f"b{layer.index}"] = (layer.shape[0],)
            c = layer.shape[0]
    shapes["Wf"] = (int(np.prod(layers(arch, size)[-1].shape)), CLASSES)
    shapes["bf"] = (CLASSES,)
    return shapes


def init_params(arch: str, rng: np.random.Generator, size: int = SIZE) -> dict[str, np.ndarray]:
    """He-initialised weights (std √(2 / fan-in)) and zero biases."""
    params = {}
    for name, shape in param_shapes(arch, size).items():
        fan_in = int(np.prod(shape[1:])) if name.startswith("W") and name != "Wf" else shape[0]
        params[name] = rng.normal(0, np.sqrt(2 / fan_in), shape) if name.startswith("W") else np.zeros(shape)
    return params


class CNN:
    """The network over ``params`` for size × size images (params are read on every call, so
    replacing an array takes effect). After ``forward`` the list ``maps`` holds each layer's output
    (N, C, H, W), in ``layers(arch, size)`` order; ``backward(dlogits)`` returns dx, fills ``grads``
    and ``dmaps`` (the gradient at each map)."""

    def __init__(self, params: dict[str, np.ndarray], arch: str, size: int = SIZE):
        self.params, self.arch, self.size, self.spec = params, arch, size, layers(arch, size)
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
        """Logits (N, 10) of images x (N, 1, size, size)."""
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
    = ReLU(Σₖ αₖ·Aₖ), ``heat`` (S, S) the cam upsampled bilinearly to the image's size."""

    layer: int  # the index into layers(arch) of the maps used
    maps: np.ndarray
    grads: np.ndarray
    alpha: np.ndarray
    cam: np.ndarray
    heat: np.ndarray


def grad_cam(model: CNN, image: np.ndarray, target: int) -> GradCam:
    """Grad-CAM of ``image`` (S, S, scaled 0..1) for class ``target``."""
    model.forward(image.reshape(1, 1, model.size, model.size))
    k = max(i for i, layer in enumerate(model.spec) if layer.kind == "relu")
    dlogits = np.zeros((1, CLASSES))
    dlogits[0, target] = 1.0
    model.backward(dlogits)
    maps, grads = model.maps[k][0], model.dmaps[k][0]
    alpha = grads.mean(axis=(1, 2))
    cam = np.maximum(np.tensordot(alpha, maps, axes=1), 0.0)
    return GradCam(k, maps, grads, alpha, cam, bilinear(cam, model.size))


@dataclass(frozen=True, eq=False)
class Images:
    """Labelled square images split in two: ``x`` (N, 1, S, S) scaled 0..1 and labels ``t`` to
    train on, ``xt``, ``tt`` held out; ``pixel_max`` the raw pixels' full scale."""

    x: np.ndarray
    t: np.ndarray
    xt: np.ndarray
    tt: np.ndarray
    pixel_max: float

    @property
    def size(self) -> int:
        return self.x.shape[-1]


def _split(images: np.ndarray, labels: np.ndarray, pixel_max: float) -> Images:
    x = (images / pixel_max).reshape(len(images), 1, *images.shape[1:])
    train, test = train_test_split(len(x), TEST_FRACTION, SPLIT_SEED)
    return Images(x[train], labels[train], x[test], labels[test], pixel_max)


@lru_cache(maxsize=1)
def digits() -> Images:
    """The shipped 8×8 digits (pixels 0..16)."""
    images, labels = load_digits()
    return _split(images.reshape(-1, SIZE, SIZE), labels, PIXEL_MAX)


def digits_split() -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(train images, train labels, test images, test labels); images (N, 1, 8, 8) scaled 0..1."""
    d = digits()
    return d.x, d.t, d.xt, d.tt


def mnist(images_path: str | Path, labels_path: str | Path, limit: int) -> Images:
    """The first ``limit`` images of MNIST IDX files (28×28 bytes 0..255, labels 0..9), split;
    ``FormatError`` naming the file and the problem otherwise. Cached while the files are unchanged."""
    stamp = tuple((str(Path(p).resolve()), Path(p).stat().st_mtime_ns) if Path(p).is_file() else (str(p), 0)
                  for p in (images_path, labels_path))
    return _mnist(stamp, limit)


@lru_cache(maxsize=2)
def _mnist(stamp: tuple, limit: int) -> Images:
    (images_path, _t1), (labels_path, _t2) = stamp
    data = load_mnist(images_path, labels_path, limit)
    name = Path(images_path).name
    if data.image_shape != (MNIST_SIZE, MNIST_SIZE):
        raise FormatError(_("{name}: images of {h}×{w} pixels; the CNN lab takes 28×28 (MNIST)").format(
            name=name, h=data.image_shape[0], w=data.image_shape[1]))
    if len(data.x) < MIN_IMAGES:
        raise FormatError(_("{name}: {n} images; the CNN lab needs at least {least}").format(
            name=name, n=len(data.x), least=MIN_IMAGES))
    if data.x.min() < 0 or data.x.max() > MNIST_PIXEL_MAX:
        raise FormatError(_("{name}: pixels must be from 0 to 255").format(name=name))
    if data.t.max() >= CLASSES:
        raise FormatError(_("{name}: labels must be the digits 0..9").format(name=Path(labels_path).name))
    return _split(data.x.reshape(-1, MNIST_SIZE, MNIST_SIZE), data.t, MNIST_PIXEL_MAX)


def digits_as_mnist(n: int) -> tuple[np.ndarray, np.ndarray]:
    """The first ``n`` digits resized bilinearly to 28×28 bytes 0..255, and their labels (uint8):
    MNIST-like images to try the 28×28 path with (tests, screenshots) where MNIST is not at hand."""
    images, labels = load_digits()
    big = np.stack([bilinear(a.reshape(SIZE, SIZE), MNIST_SIZE) for a in images[:n]])
    return np.rint(big * MNIST_PIXEL_MAX / PIXEL_MAX).clip(0, 255).astype(np.uint8), labels[:n].astype(np.uint8)


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
          seed: int = 0, progress=None, control=None, data: Images | None = None) -> TrainResult:
    """Adam on the training split of ``data`` (default: the digits); ``progress(fraction, {"epoch",
    "loss"})`` after each epoch, ``control.stopped`` ends early, between batches (``epochs`` counts the
    finished ones; the weights keep every batch's update).
    Starts from ``params`` (copied) or from He weights drawn from ``seed``."""
    data = data or digits()
    rng = np.random.default_rng(seed)
    params = ({k: np.array(v, dtype=np.float64) for k, v in params.items()} if params
              else init_params(arch, rng, data.size))
    model, head, opt = CNN(params, arch, data.size), SoftmaxWithLoss(), make("adam", lr)
    x, t = data.x, data.t
    start, loss, done = time.monotonic(), float("nan"), 0
    for epoch in range(epochs):
        order, losses = rng.permutation(len(x)), []
        for i in range(0, len(x), batch):
            if control is not None and control.stopped:
                return TrainResult(params, done, loss, accuracy(model, data.xt, data.tt), time.monotonic() - start)
            idx = order[i:i + batch]
            losses.append(head.forward(model.forward(x[idx]), t[idx]))
            model.backward(head.backward())
            opt.update(params, model.grads)
        loss, done = float(np.mean(losses)), epoch + 1
        if progress is not None:
            progress(done / epochs, {"epoch": done, "loss": loss})
    return TrainResult(params, done, loss, accuracy(model, data.xt, data.tt), time.monotonic() - start)


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


def onnx_bytes(params: dict[str, np.ndarray], arch: str, meta: dict, size: int = SIZE) -> bytes:
    """An ONNX model (opset 17, float32) of ``arch`` over ``params``: input "x" (N, 1, size, size)
    scaled 0..1 → Conv/Relu/MaxPool blocks → Flatten → Gemm → output "y", the softmax probabilities."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    inits, nodes, h = [], [], "x"

    def node(op, inputs, output, **attrs):
        nodes.append(helper.make_node(op, inputs, [output], **attrs))
        return output

    for name in param_shapes(arch, size):
        inits.append(numpy_helper.from_array(np.asarray(params[name], dtype=np.float32), name))
    for layer in layers(arch, size):
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
                              [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", 1, size, size])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch", CLASSES])], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="nnlab")
    model.ir_version = 8
    model.metadata_props.append(onnx.StringStringEntryProto(key="nnlab", value=json.dumps(meta)))
    onnx.checker.check_model(model)
    return model.SerializeToString()
