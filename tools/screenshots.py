"""Regenerate the window screenshots the README and the issues show (offscreen).

Run: QT_QPA_PLATFORM=offscreen python tools/screenshots.py [NAME ...]
Each shot: a preset, a 1-based step (−1: the last), and the view options (window size, default 1280×800;
presenter scale, set before the window is shown as a remembered one is; language; quiz; changes
to the preset's config; another preset opening, its timeline still building in the background). PNGs are saved with a 256-colour palette (they stay small).
Lab-specific shots (an opened image, a finished training run) are made by their panes' authors.
"""

from __future__ import annotations

import io
import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="nnlab-shots-")  # the default look, not this machine's

OUT = Path(__file__).resolve().parent.parent / "assets" / "screenshots"

SHOTS = {  # name: (source, step, options)
    "network-forward": ("seed-forward", 2, {}),
    "network-backward": ("seed-forward", 8, {}),
    "network-presenter": ("seed-forward", 2, {"scale": 2.0}),
    "network-three-layer": ("three-layer", 9, {}),
    "korean-presenter": ("seed-forward", 2, {"scale": 2.0, "lang": "ko"}),
    "quiz-hidden": ("seed-forward", 2, {"quiz": True}),
    "graph-apple-shopping": ("apple-shopping", 6, {}),
    "graph-micrograd": ("micrograd-more-ops", 41, {}),
    "perceptron-xor-two-layer": ("xor-two-layer", 13, {}),
    "generative-gan-sample": ("gan-ring", 135, {"config": {"inspect": [300, 12]}}),
    "generative-gan-presenter": ("gan-ring", 130, {"scale": 2.0}),
    "generative-vae": ("vae-digits", 29, {}),
    "generative-vae-1920": ("vae-digits", 26, {"size": (1920, 1080)}),
    "generative-vae-korean": ("vae-digits", 29, {"scale": 2.0, "lang": "ko"}),
    "quiz-seed-forward": ("seed-forward", 3, {"quiz": True}),
    "quiz-conv-padding": ("conv-padding", 5, {"quiz": True}),
    "conv-kernel-window": ("conv-basic", 2, {}),
    "optimizer-race": ("optimizer-race", 30, {}),
    "activations-functions": ("activations", 10, {}),
    "activations-derivative": ("numerical-diff", 8, {}),
    "recurrent-gradient-through-time": ("lstm-trained", 128, {}),
    "network-three-layer-backward-1920": ("three-layer", 31, {"size": (1920, 1080)}),
    "network-three-layer-presenter-3x": ("three-layer", 31, {"scale": 3.0}),
    "training-iteration-presenter": ("xor-mlp", 19, {"scale": 2.0}),
    "conv-padding-presenter": ("conv-padding", 11, {"scale": 2.0}),
    "conv-padding-presenter-3x": ("conv-padding", 11, {"scale": 3.0}),
    "recurrent-lstm-presenter": ("lstm-basic", 22, {"scale": 2.0}),
    "graph-apple-presenter": ("apple-shopping", 8, {"scale": 2.0}),
    "attention-dot-product": ("attention-tiny", 12, {}),
    "attention-dot-product-presenter": ("attention-tiny", 12, {"scale": 2.0}),
    "attention-softmax": ("attention-tiny", 25, {"size": (1920, 1080)}),
    "attention-softmax-presenter": ("attention-tiny", 25, {"scale": 2.0}),
    "attention-sort-lines": ("transformer-sort", 171, {"size": (1920, 1080)}),
    "attention-sort-presenter": ("transformer-sort", 171, {"scale": 2.0}),
    "attention-korean": ("attention-heads", 90, {"scale": 2.0, "lang": "ko"}),
    "text-lookup-presenter": ("text-embedding", 6, {"scale": 2.0}),
    "text-korean": ("text-embedding", 27, {"scale": 2.0, "lang": "ko"}),
    "text-embedding-before": ("embedding-train", 1, {}),
    "text-embedding-after": ("embedding-train", 61, {}),
    "text-two-input-1920": ("two-input-model", 7, {"size": (1920, 1080)}),
    "series-arima": ("arima-airline", 20, {}),
    "series-lstm-vs-arima-presenter": ("lstm-vs-arima", 45, {"scale": 2.0}),
    "series-korean-1920": ("lstm-vs-arima", 45, {"size": (1920, 1080), "lang": "ko"}),
    "cnn-overview": ("cnn-simple", 30, {}),
    "cnn-overview-presenter": ("cnn-simple", 30, {"scale": 2.0}),
    "cnn-deep-gradcam-1920": ("cnn-deep", 16, {"size": (1920, 1080), "config": {"layer": 3, "map": 2}}),
    "cnn-korean": ("cnn-simple", 30, {"scale": 2.0, "lang": "ko"}),
    "cnn-presenter-3x": ("cnn-simple", 9, {"scale": 3.0}),
    # 28×28 IDX files (the digits resized, trained in the shot): "mnist": (images, epochs)
    "cnn-mnist-1920": ("cnn-simple", 400, {"size": (1920, 1080), "mnist": (600, 3), "config": {"layer": 1, "map": 1}}),
    "cnn-mnist-gradcam-presenter": ("cnn-deep", 16, {"scale": 2.0, "mnist": (600, 2), "config": {"image": 15}}),
    "cnn-mnist-korean": ("cnn-deep", 16, {"scale": 2.0, "lang": "ko", "mnist": (600, 2), "config": {"image": 15}}),
    "conv-dilation-presenter": ("conv-dilation", 5, {"scale": 2.0}),
    "conv-dilation-1920": ("conv-dilation", 5, {"size": (1920, 1080)}),
    "conv-transposed-presenter": ("conv-transposed", 13, {"scale": 2.0}),
    "conv-transposed-1920": ("conv-transposed", 13, {"size": (1920, 1080)}),
    "conv-transposed-korean": ("conv-transposed", 7, {"scale": 2.0, "lang": "ko"}),
    "conv1d-presenter": ("conv1d", 4, {"scale": 2.0}),
    # presenter mode on a 1280×800 projector, and a 1920×1080 screen at 1× (issue 12)
    "network-presenter-3x": ("three-layer", 9, {"scale": 3.0}),
    "conv-presenter-2x": ("conv-padding", 6, {"scale": 2.0}),
    "conv-presenter-3x": ("conv-padding", 6, {"scale": 3.0}),
    "recurrent-presenter-2x": ("lstm-basic", 12, {"scale": 2.0}),
    "recurrent-presenter-3x": ("lstm-basic", 12, {"scale": 3.0}),
    "training-presenter-2x": ("xor-mlp", 120, {"scale": 2.0}),  # an epoch step (step 19, a mini-batch one: training-iteration-presenter)
    "training-presenter-3x": ("xor-mlp", 120, {"scale": 3.0}),
    "network-1920": ("three-layer", 9, {"size": (1920, 1080)}),
    "perceptron-gates-presenter-3x": ("logic-gates", 3, {"scale": 3.0}),
    "graph-apple-presenter-3x": ("apple-shopping", 8, {"scale": 3.0}),
    # the first sessions' shots, now made here so they stay current (step −1: the last)
    "activations-losses": ("losses", 6, {}),
    "activations-softmax": ("softmax-overflow", 5, {}),
    "conv-padding": ("conv-padding", 7, {}),
    "conv-backward": ("conv-padding", 25, {}),
    "conv-channels": ("conv-channels", 17, {}),
    "conv-digit": ("conv-digit", 39, {}),
    "conv-image": ("conv-digit", 20, {"size": (1920, 1080)}),
    "graph-apple-orange": ("apple-orange", 9, {}),
    "graph-sigmoid": ("sigmoid-graph", 10, {}),
    "korean-network": ("three-layer", 9, {"lang": "ko"}),
    "perceptron-gates": ("logic-gates", 4, {}),
    "perceptron-linear-slope": ("linear-slope", 7, {}),
    "perceptron-xor-no-convergence": ("logic-gates", -1, {"config": {"gate": "XOR", "learning": True}}),
    "pooling-avg-backward": ("pool-max", 6, {"config": {"mode": "avg"}}),
    "pooling-padding": ("pool-max", 3, {"config": {"padding": 1}}),
    "recurrent-lstm-mid-sequence": ("lstm-basic", 22, {}),
    "training-boundary": ("xor-mlp", -1, {}),
    "training-digits": ("digits-mlp", -1, {}),
    "training-iteration": ("xor-mlp", 3, {}),
    # opening a slow preset: busy bar and Cancel on the transport, the lab on screen still usable (issue 15)
    "opening-presenter": ("seed-forward", 3, {"scale": 2.0, "opening": "digits-mlp"}),
    "opening-1920": ("seed-forward", 3, {"size": (1920, 1080), "opening": "digits-mlp"}),
    "opening-korean": ("seed-forward", 3, {"scale": 2.0, "lang": "ko", "opening": "digits-mlp"}),
}


def with_changes(source: str, changes: dict) -> str:
    """A temporary lab file: the preset ``source`` with ``changes`` to its config."""
    import json

    from nnlab.presets import preset_path

    data = json.loads(preset_path(source).read_text(encoding="utf-8"))
    data["config"].update(changes)
    path = Path(tempfile.mkdtemp(prefix="nnlab-shot-")) / f"{source}.nnlab"
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def trained_on_idx(source: str, images: int, epochs: int, changes: dict) -> dict:
    """Config changes opening the cnn preset ``source`` on IDX files of the first ``images``
    digits resized to 28×28 (written to a temporary folder), trained for ``epochs``."""
    from nnlab import cnn
    from nnlab.data import idx_bytes
    from nnlab.labs import cnn as lab
    from nnlab.presets import load_preset

    folder = Path(tempfile.mkdtemp(prefix="nnlab-idx-"))
    x, t = cnn.digits_as_mnist(images)
    (folder / "images.idx").write_bytes(idx_bytes(x))
    (folder / "labels.idx").write_bytes(idx_bytes(t))
    config = lab.Config.from_dict({**load_preset(source).config.to_dict(), **changes, "weights": None,
                                   "mnist_images": str(folder / "images.idx"),
                                   "mnist_labels": str(folder / "labels.idx")})
    return lab.train(config, epochs)[0].to_dict()


def shoot(name: str, source: str, step: int, options: dict) -> Path:
    from PySide6.QtWidgets import QApplication

    from ui.app import application, build_window, close_window
    from ui.language import set_language

    app = application()
    set_language(options.get("lang", "en"))
    if options.get("mnist"):
        source = with_changes(source, trained_on_idx(source, *options["mnist"], options.get("config", {})))
    elif options.get("config"):
        source = with_changes(source, options["config"])
    window = build_window(source=source)
    try:
        window.set_scale(options.get("scale", 1.0))
        window.resize(*options.get("size", (1280, 800)))
        window.show()
        if options.get("quiz"):
            window.set_quiz(True)
            window.playhead.seek(step - 2)
            window.playhead.forward()  # the step, its result hidden
        else:
            window.playhead.seek(step - 1 if step > 0 else window.playhead.count + step)
        if options.get("opening"):
            window.open_wait_ms = 0.0  # caught while its timeline builds
            window.open_source(options["opening"])
        for _ in range(3):
            app.processEvents()
        path = OUT / f"{name}.png"
        save_small(window.grab().toImage(), path)
        return path
    finally:
        window.set_scale(1.0)
        close_window(window)
        set_language("en")
        QApplication.processEvents()


def save_small(image, path: Path) -> None:
    """Save ``image`` as a PNG of 256 colours (the window's flat colours and antialiased text
    survive it; about a third of the bytes)."""
    from PIL import Image

    from ui.export import png_bytes

    with Image.open(io.BytesIO(png_bytes(image))) as full:
        full.convert("RGB").quantize(256, method=Image.Quantize.MEDIANCUT,
                                     dither=Image.Dither.NONE).save(path, optimize=True)


if __name__ == "__main__":
    for name in sys.argv[1:] or SHOTS:
        print(shoot(name, *SHOTS[name]))
