"""The CNN lab: a trained convolutional network on the 8×8 digits (or 28×28 MNIST IDX files) seen
from the inside — every
layer's feature maps for one image, the class scores and their softmax, Grad-CAM for any class,
and, for one chosen map, its convolution stepped cell by cell as the convolution lab steps it.

Config (``Config.from_dict``): ``arch`` ("simple": conv 4×3×3 → ReLU → max pool → affine;
"deep": two VGG-style blocks conv–conv–pool of 8 then 16 filters → affine; see ``nnlab.cnn``),
``weights`` ("cnn-simple"/"cnn-deep" for the shipped trained weights, absent: He weights drawn
from ``seed``, or ``{name: nested lists}`` named ``W1``, ``b1``, …, ``Wf``, ``bf``), ``image``
(an index into the held-out split), ``pixels`` (a grid of the input's size, 0..16 for the digits,
0..255 for MNIST, e.g. a drawn digit, used instead of ``image``), ``target`` (the class Grad-CAM
explains; absent: the predicted one),
``gradcam`` (include its steps), ``layer`` and ``map`` (the convolution 1, 2, … and its filter
whose cells are stepped; ``layer`` 0: none), and for training ``epochs``, ``lr``, ``batch``
(training starts from the weights drawn from ``seed``), and ``mnist_images``, ``mnist_labels``,
``mnist_limit`` (the training lab's names: two IDX file paths, both or neither, and how many of their
first images to use): with them the network is built for 28×28 inputs and starts from drawn weights
(the shipped ones are for 8×8); bad files are refused by ``from_dict``.

Value ids: base ``image`` (S, S, raw pixels), ``label`` (its true class, −1 for a drawn digit),
``param:<name>`` every weight; steps ``input`` (S, S, scaled 0..1), ``maps:<k>`` (C, H, W) the
k-th layer of ``nnlab.cnn.layers(arch, S)``, ``scores`` (10,), ``probs`` (10,), ``pred``, and with
Grad-CAM ``alpha`` (K,), ``cam`` (h, w), ``heat`` (S, S). The chosen map's convolution steps
carry the convolution lab's ids (``out:0:i:j``, base ``x``, ``xpad``, ``w``, ``b``, ``col``,
``wflat``, ``dout``). Focus ids: ``layer:<k>``, ``map:<k>:<c>``, ``scores``, ``class:<c>``,
``heat``, and the convolution lab's ``win:…``, ``k:0``, ``out:0:i:j``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nnlab import cnn
from nnlab import formulas as F
from nnlab.formulas import num
from nnlab.i18n import _
from nnlab.labs import check_fields, read_number
from nnlab.labs import conv as conv_lab
from nnlab.labs.attention import SUB
from nnlab.labs.grids import nested, read_array, read_bool, read_int
from nnlab.steps import Step, Timeline

DEFAULT_PRESET = "cnn-simple"
SHIPPED = tuple(f"cnn-{arch}" for arch in cnn.ARCHITECTURES)
FIELDS = {"arch", "weights", "seed", "image", "pixels", "target", "gradcam", "layer", "map", "epochs", "lr", "batch",
          "mnist_images", "mnist_labels", "mnist_limit"}
MAX_EPOCHS, MAX_BATCH = 200, 256
MNIST_LIMIT, MAX_MNIST = 2000, 20_000  # images used from MNIST files: by default, at most (20000: 125 MB as float64)
MAX_PASSES = 300_000  # epochs × training images in one run (minutes, even for the deep network at 28×28)


@dataclass(frozen=True)
class Config:
    arch: str = "simple"
    weights: object = None  # a shipped model's name, None (drawn) or ((name, nested tuples), …)
    seed: int = 0
    image: int = 0
    pixels: tuple | None = None  # S×S nested tuples of raw pixels (a drawn digit)
    target: int | None = None
    gradcam: bool = True
    layer: int = 0
    map: int = 0
    epochs: int = 10
    lr: float = 0.01
    batch: int = 32
    mnist_images: str = ""
    mnist_labels: str = ""
    mnist_limit: int = MNIST_LIMIT

    def data(self) -> cnn.Images:
        """The images the network sees: the MNIST files' (cached), or the digits."""
        if not self.mnist_images:
            return cnn.digits()
        return cnn.mnist(self.mnist_images, self.mnist_labels, self.mnist_limit)

    @property
    def size(self) -> int:
        """The input's side: 28 with MNIST files, 8 for the digits."""
        return cnn.MNIST_SIZE if self.mnist_images else cnn.SIZE

    def params(self) -> dict[str, np.ndarray]:
        """The weights as float arrays (loaded when shipped, drawn from ``seed`` when absent)."""
        if self.weights is None:
            return cnn.init_params(self.arch, np.random.default_rng(self.seed), self.size)
        if isinstance(self.weights, str):
            return cnn.load(self.weights)
        return {k: np.array(v, dtype=np.float64) for k, v in self.weights}

    def picture(self) -> tuple[np.ndarray, int]:
        """(the image in raw pixels, its true class or −1 for drawn pixels)."""
        if self.pixels is not None:
            return np.array(self.pixels, dtype=np.float64), -1
        data = self.data()
        return data.xt[self.image, 0] * data.pixel_max, int(data.tt[self.image])

    @classmethod
    def from_dict(cls, d: dict) -> Config:
        check_fields(d, FIELDS)
        arch = d.get("arch", "simple")
        if arch not in cnn.ARCHITECTURES:
            raise ValueError(_("arch: must be \"simple\" or \"deep\", not {value!r}").format(value=arch))
        convs = sum(len(block) for block in cnn.ARCHITECTURES[arch])
        layer = read_int(d, "layer", 0, 0, convs)
        widths = [w for block in cnn.ARCHITECTURES[arch] for w in block]
        fmap = read_int(d, "map", 0, 0, (widths[layer - 1] if layer else widths[0]) - 1)
        files = _mnist_files(d)
        data = files.data()
        pixels = d.get("pixels")
        if pixels is not None:
            pixels = nested(read_array(pixels, "pixels", 2, ((files.size, files.size),) * 2))
            if np.min(pixels) < 0 or np.max(pixels) > data.pixel_max:
                raise ValueError(_("pixels: every pixel must be from 0 to {top}").format(top=num(data.pixel_max)))
        target = d.get("target")
        config = cls(arch, None, read_int(d, "seed", 0, 0, 2**32 - 1), read_int(d, "image", 0, 0, len(data.xt) - 1),
                     pixels, None if target is None else read_int(d, "target", 0, 0, cnn.CLASSES - 1),
                     read_bool(d, "gradcam", True), layer, fmap, read_int(d, "epochs", 10, 1, MAX_EPOCHS),
                     read_number("lr", d.get("lr", 0.01), 0.0, 1.0, lo_open=True),
                     read_int(d, "batch", 32, 1, MAX_BATCH), files.mnist_images, files.mnist_labels, files.mnist_limit)
        if config.epochs * len(data.x) > MAX_PASSES:
            raise ValueError(_("epochs: {e} epochs × {n} training images = {p} image passes; at most {most} "
                               "(fewer epochs or a smaller mnist_limit)").format(
                e=config.epochs, n=len(data.x), p=config.epochs * len(data.x), most=MAX_PASSES))
        return _with_weights(config, d.get("weights"))

    def to_dict(self) -> dict:
        out = {f: getattr(self, f) for f in FIELDS}
        if isinstance(self.weights, tuple):
            out["weights"] = {k: np.array(v).tolist() for k, v in self.weights}
        if self.pixels is not None:
            out["pixels"] = np.array(self.pixels).tolist()
        return out


def _mnist_files(d: dict) -> Config:
    """A config holding only ``d``'s MNIST fields, their files read and checked (the error names
    ``mnist_images`` as the training lab's does)."""
    paths = [d.get(key, "") for key in ("mnist_images", "mnist_labels")]
    if not all(isinstance(p, str) for p in paths):
        raise ValueError(_("{key}: must be a file path (text)").format(
            key="mnist_images" if not isinstance(paths[0], str) else "mnist_labels"))
    if bool(paths[0]) != bool(paths[1]):
        raise ValueError(_("mnist_images: choose the images and the labels IDX files"))
    files = Config(mnist_images=paths[0], mnist_labels=paths[1],
                   mnist_limit=read_int(d, "mnist_limit", MNIST_LIMIT, cnn.MIN_IMAGES, MAX_MNIST))
    try:
        files.data()
    except ValueError as exc:
        raise ValueError(f"mnist_images: {exc}") from None
    return files


def _with_weights(config: Config, weights) -> Config:
    """``config`` with its weights checked against the shapes its architecture needs."""
    from dataclasses import replace

    if weights is None:
        return config
    if isinstance(weights, str):
        if weights not in SHIPPED:
            raise ValueError(_("weights: no shipped model named {name!r}").format(name=weights))
        if weights != f"cnn-{config.arch}":
            raise ValueError(_("weights: the shipped model {name} does not fit the {arch} architecture").format(
                name=weights, arch=config.arch))
        if config.size != cnn.SIZE:
            raise ValueError(_("weights: the shipped model {name} is for the 8×8 digits; train it on the MNIST "
                               "files").format(name=weights))
        return replace(config, weights=weights)
    if not isinstance(weights, dict):
        raise ValueError(_("weights: must be an object of named grids"))
    shapes = cnn.param_shapes(config.arch, config.size)
    for name in weights:
        if name not in shapes:
            raise ValueError(_("weights.{name}: not a weight of this model").format(name=name))
    drawn = config.params()
    out = []
    for name, shape in shapes.items():
        if name in weights:
            a = read_array(weights[name], f"weights.{name}", len(shape), tuple((n, n) for n in shape))
        else:
            a = drawn[name]
        out.append((name, nested(a)))
    return replace(config, weights=tuple(out))


def with_weights(config: Config, params: dict) -> Config:
    """``config`` starting from ``params`` (e.g. trained weights)."""
    return Config.from_dict({**config.to_dict(), "weights": {k: np.asarray(v).tolist() for k, v in params.items()}})


def train(config: Config, epochs: int | None = None, progress=None, control=None) -> tuple[Config, cnn.TrainResult]:
    """Train the architecture on the config's images from the weights drawn from ``seed`` (``epochs``:
    default the config's); returns (the config with the trained weights, the result). What
    ``nnlab train`` and the pane run."""
    data = config.data()
    result = cnn.train(config.arch, cnn.init_params(config.arch, np.random.default_rng(config.seed), data.size),
                       epochs or config.epochs, config.lr, config.batch, config.seed, progress, control, data)
    return with_weights(config, result.params), result


def export_meta(config: Config, result: cnn.TrainResult) -> dict:
    """What an exported weights file says about its model."""
    data = config.data()
    return {"model": "cnn", "arch": config.arch, "input": f"{data.size}x{data.size} pixels / {data.pixel_max:g}, NCHW",
            "kernel": 3, "padding": 1, "pool": 2, "epochs": result.epochs, "test_accuracy": result.accuracy}


# ---------------------------------------------------------------- timeline

def _layer_title(layer: cnn.Layer) -> str:
    c, h, w = layer.shape
    if layer.kind == "conv":
        return _("Convolution {n}: {c} filters 3×3 → {c} maps {h}×{w}").format(n=layer.index, c=c, h=h, w=w)
    if layer.kind == "relu":
        return _("ReLU after convolution {n}: negatives become 0").format(n=layer.index)
    return _("Max pooling 2×2: {c} maps {h}×{w}").format(c=c, h=h, w=w)


def _layer_formula(layer: cnn.Layer, size_in: int) -> F.Seq | F.Eq:
    """The layer's rule, and its output size by OH = (H + 2P − FH)/S + 1."""
    if layer.kind == "relu":
        return F.given(F.apply("ReLU", F.sym("a")), F.apply("max", F.Num(0), F.sym("a")))
    if layer.kind == "conv":
        rule, stride = F.Text("aₖ = Wₖ ⊛ x + bₖ"), 1
        inner = F.terms([F.terms([F.Num(size_in), F.Text("2·1")]), F.Num(3)], " − ")
    else:
        rule, inner, stride = F.Text(_("p = max over 2×2 windows")), F.terms([F.Num(size_in), F.Num(2)], " − "), 2
    size = F.terms([F.terms([F.Group(inner), F.Num(stride)], "/"), F.Num(1)])
    return F.seq([rule, F.eq(F.sym("OH"), size, F.Num(layer.shape[1]))])


def sub(n: int) -> str:
    """A class or map number as a subscript, as it is: sub(3) = '₃'."""
    return str(n).translate(SUB)


def build_timeline(config: Config) -> Timeline:
    params, size, top = config.params(), config.size, config.data().pixel_max
    model = cnn.CNN(params, config.arch, size)
    image, label = config.picture()
    x = image / top
    scores = model.forward(x.reshape(1, 1, size, size))[0]
    maps = [m[0] for m in model.maps]
    probs = np.exp(scores - scores.max())
    probs /= probs.sum()
    pred = int(np.argmax(scores))
    base = {"image": image, "label": label} | {f"param:{k}": v for k, v in params.items()}
    steps = [F.step("forward", _("The input: pixels 0..{top} scaled to 0..1").format(top=num(top)),
                    F.given(F.sym("x"), F.terms([F.Text("pixel"), F.Num(top)], " / ")), ("input",), {"input": x})]
    size_in = size
    for k, layer in enumerate(model.spec):
        steps.append(F.step("forward", _layer_title(layer), _layer_formula(layer, size_in), (f"layer:{k}",),
                            {f"maps:{k}": maps[k]}))
        size_in = layer.shape[1]
    flat = int(np.prod(model.spec[-1].shape))
    steps.append(F.step("forward", _("Class scores: the affine layer ({n} → 10)").format(n=flat),
                        F.seq([F.Text("z = p·W + b"), F.eq(F.sym("z", pred), F.Num(scores[pred]))]), ("scores",),
                        {"scores": scores}))
    terms = F.terms([F.apply("exp", F.Num(s)) for s in scores[:2]] + [F.Text("…")])
    steps.append(F.step("forward", _("Softmax: the scores as probabilities; the network says {c}").format(c=pred),
                        F.eq(F.sym("y", pred), F.terms([F.apply("exp", F.Num(scores[pred])), F.Group(terms)], "/"),
                             F.Num(probs[pred])),
                        ("scores", f"class:{pred}"), {"probs": probs, "pred": pred}))
    if config.gradcam:
        steps += _gradcam_steps(model, x, pred if config.target is None else config.target)
    if config.layer:
        detail, conv_base = _conv_steps(model, params, x, config.layer, config.map)
        steps += detail
        base |= conv_base
    return Timeline("cnn", steps, base)


def _gradcam_steps(model: cnn.CNN, x: np.ndarray, target: int) -> list[Step]:
    g = cnn.grad_cam(model, x, target)
    k_n, h, w = g.maps.shape
    shown = [F.eq(F.sym("α", k + 1), F.Num(a)) for k, a in enumerate(g.alpha[:4])] + ([F.Text("…")] if k_n > 4 else [])
    return [
        F.step("backward", _("Grad-CAM for class {c}: how much each map matters").format(c=target),
               F.seq([F.Text(f"αₖ = (1/{h * w}) Σᵢⱼ ∂z{sub(target)}/∂Aₖᵢⱼ"), F.seq(shown, ", ")]),
               (f"layer:{g.layer}", f"class:{target}"), {"alpha": g.alpha}),
        F.step("backward", _("Grad-CAM: the weighted sum of the maps, negatives set to 0"),
               F.seq([F.Text("L = ReLU(Σₖ αₖ·Aₖ)"), F.eq(F.Text("max L"), F.Num(g.cam.max()))]), (f"layer:{g.layer}",),
               {"cam": g.cam}),
        F.step("backward", _("Grad-CAM heat map over the image (upsampled bilinearly {h}×{w} → {s}×{s})").format(
            h=h, w=w, s=model.size),
               F.seq([F.Text(_("heat = bilinear(L, {s}×{s})").format(s=model.size)),
                      F.eq(F.Text(_("max heat")), F.Num(g.heat.max()))]),
               ("heat",), {"heat": g.heat}),
    ]


def _conv_steps(model: cnn.CNN, params: dict, x: np.ndarray, layer: int, fmap: int) -> tuple[list[Step], dict]:
    """The chosen map's convolution, stepped by the convolution lab (no backward pass)."""
    k = next(i for i, spec in enumerate(model.spec) if spec.kind == "conv" and spec.index == layer)
    source = x[None] if k == 0 else model.maps[k - 1][0]  # the maps entering this convolution
    w, b = params[f"W{layer}"][fmap:fmap + 1], params[f"b{layer}"][fmap:fmap + 1]
    sub = conv_lab.Config(nested(source), nested(w), nested(b), 1, cnn.KERNEL // 2, backward=False)
    timeline = conv_lab.build_timeline(sub)
    where = _("Convolution {n}, map {m}").format(n=layer, m=fmap)
    steps = [F.step("conv", f"{where}: {s.title}", s.expr, s.focus + (f"map:{k}:{fmap}",), s.values, s.more)
             for s in timeline.steps]
    return steps, dict(timeline.base)
