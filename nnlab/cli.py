"""The ``nnlab`` command. Without a command it opens the window.

Bad input exits with status 2 and one line on stderr. Only the commands that open or render a
window import ``ui`` (inside the command), so ``nnlab steps`` and ``import nnlab`` never load Qt.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import replace
from pathlib import Path

# One BLAS thread: the small matrices here gain nothing from more, and on a 2-core laptop a second
# thread competes with the window (digits training measured 6× slower with 2). Before numpy loads.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import nnlab  # noqa: E402
from nnlab import formulas, i18n, presets  # noqa: E402
from nnlab.i18n import _  # noqa: E402
from nnlab.io import FormatError  # noqa: E402


# argparse's own words as a user meets them. argparse looks its texts up through its module-level
# ``_`` (gettext); _parser points that at the catalog, and tools/update_translations.py lists these.
ARGPARSE_WORDS = (
    "usage: ", "positional arguments", "options", "show this help message and exit",
    "argument %(argument_name)s: %(message)s", "invalid choice: %(value)r (choose from %(choices)s)",
    "invalid %(type)s value: %(value)r", "expected one argument",
    "the following arguments are required: %s", "unrecognized arguments: %s",
    "ambiguous option: %(option)s could match %(matches)s",
)


class UsageError(Exception):
    """Bad input on the command line (exit status 2)."""


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, no usage dump
        raise UsageError(message)


def _parser() -> argparse.ArgumentParser:
    argparse._ = _  # argparse's own words ("usage: ", "options", …) through the catalog too
    p = _Parser(prog="nnlab", description=_("A visual lab: how neural networks compute, one number at a time."))
    p.add_argument("--version", action="version", version=f"nnlab {nnlab.__version__}",
                   help=_("show the version and exit"))
    lang = argparse.ArgumentParser(add_help=False)  # --lang is accepted before or after the command
    lang.add_argument("--lang", choices=i18n.LANGUAGES, default=argparse.SUPPRESS,
                      help=_("language of texts (default: the system locale)"))
    p.add_argument("--lang", choices=i18n.LANGUAGES, help=_("language of texts (default: the system locale)"))
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    def command(name, help):
        return sub.add_parser(name, help=help, parents=[lang])

    o = command("open", _("open a lab file or preset in the window"))
    o.add_argument("source", metavar="PRESET|FILE")

    command("presets", _("list the presets, one a line, name first"))

    s = command("steps", _("print every step of a lab's timeline"))
    s.add_argument("source", metavar="PRESET|FILE")
    s.add_argument("--format", choices=("text", "md", "json", "html"), default="text")

    t = command("train", _("train a training lab and print the final loss and accuracy"))
    t.add_argument("source", metavar="PRESET|FILE")
    t.add_argument("--epochs", type=int, help=_("number of epochs (default: the lab's)"))
    t.add_argument("--export", metavar="PATH", help=_("write the trained weights (.npz, .json, .onnx)"))
    t.add_argument("--float64", action="store_true", help=_("write .onnx in float64 (default: float32)"))
    t.add_argument("--images", metavar="IDX", help=_("MNIST images IDX file (.gz or raw) to train on, with --labels "
                                                     "(training and cnn labs)"))
    t.add_argument("--labels", metavar="IDX", help=_("MNIST labels IDX file for --images"))
    t.add_argument("--limit", type=int, metavar="N", help=_("use the first N images of the IDX files"))

    r = command("render", _("render the window at a step, or a range of steps as an animation"))
    r.add_argument("source", metavar="PRESET|FILE")
    r.add_argument("--out", required=True, metavar="X.png|X.gif|X.mp4|DIR/",
                   help=_("one step as .png; an animation as .gif or .mp4 (the [video] extra); "
                          "numbered PNGs in a folder ending in /"))
    r.add_argument("--step", type=int, default=None, metavar="K",
                   help=_("one 1-based step, 0 = the start (default for .png: the last)"))
    r.add_argument("--from", dest="first", type=int, default=None, metavar="K", help=_("first step (default: 0)"))
    r.add_argument("--to", dest="last", type=int, default=None, metavar="M", help=_("last step (default: the last)"))
    r.add_argument("--fps", type=float, default=2.0, metavar="F", help=_("frames per second (default: 2)"))
    r.add_argument("--size", default="1280x800", metavar="WxH")
    return p


def _load(source: str):
    return presets.load_source(source)


def cmd_presets(args) -> int:
    for info in presets.preset_index():
        print(f"{info.name}\t{info.lab}\t{_(info.title) if info.title else ''}")
    return 0


def format_steps(timeline, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(timeline.to_dict(), ensure_ascii=False, indent=1, allow_nan=False)
    if fmt in ("md", "html"):
        from nnlab import handout

        return getattr(handout, "markdown" if fmt == "md" else "html")(timeline, timeline.title).rstrip("\n")
    lines = []
    for i, step in enumerate(timeline.steps, 1):
        lines.append(f"{i:>4}  [{step.phase}] {step.title}")
        lines += [f"      {row}" for row in step.formula.splitlines()]
    return "\n".join(lines)


def cmd_steps(args) -> int:
    from nnlab.labs import lab_module

    lab_file = _load(args.source)
    timeline = lab_module(lab_file.lab).build_timeline(lab_file.config)
    timeline.title = timeline.title or (_(lab_file.title) if lab_file.title else "")
    print(format_steps(timeline, args.format))
    return 0


class Progress:
    """Progress on stderr: one line redrawn in place on a terminal; in a log or a pipe, a plain
    line at each further tenth of the work (and the last), never carriage returns."""

    def __init__(self, stream=None):
        self.stream = stream or sys.stderr
        self.terminal = self.stream.isatty()
        self.next = 0.1
        self.drawn = False

    def show(self, fraction: float, text: str) -> None:
        if self.terminal:
            print(f"\r{text}", end="", file=self.stream, flush=True)
            self.drawn = True
        elif fraction >= self.next or fraction >= 1:
            print(text, file=self.stream, flush=True)
            self.next = (int(fraction * 10) + 1) / 10

    def end(self) -> None:
        """Ends the redrawn line (on a terminal)."""
        if self.drawn:
            print(file=self.stream)
            self.drawn = False

    def training(self, fraction, payload) -> None:
        payload = payload if isinstance(payload, dict) else {}
        where = payload.get("epoch", payload.get("iteration", "?"))
        loss = payload.get("loss")
        text = _("{where}: loss {loss}").format(where=where, loss=formulas.num(loss, 6) if loss is not None else "?")
        self.show(fraction, f"{text} ({fraction:.0%})")


def cmd_train(args) -> int:
    lab_file = _load(args.source)
    if lab_file.lab not in ("training", "recurrent", "generative", "cnn", "text", "series") or (
            lab_file.lab == "text" and lab_file.config.mode != "train"):
        raise UsageError(_("{source} is a {lab} lab; 'train' needs a training, recurrent, generative, cnn, series or "
                           "text (train mode) lab").format(source=args.source, lab=lab_file.lab))
    from nnlab.io import check_export_path, export_weights

    if args.export:
        check_export_path(args.export)  # before training, not after
    lab_file = _with_idx_files(lab_file, args)
    if lab_file.lab == "recurrent":
        return _train_recurrent(lab_file, args)
    if lab_file.lab == "generative":
        return _train_generative(lab_file, args)
    if lab_file.lab == "cnn":
        return _train_cnn(lab_file, args)
    if lab_file.lab in ("text", "series"):
        return _train_sequence(lab_file, args)
    from nnlab.labs import training

    config = lab_file.config
    if args.epochs is not None:  # the lab files' bounds apply to the flag
        try:
            config = training.Config.from_dict({**config.to_dict(), "epochs": args.epochs})
        except ValueError as exc:
            raise UsageError(f"--{exc}") from None
    progress = Progress()
    result = training.run(config, progress=progress.training)
    progress.end()
    last = result.history[-1] if result.history else {}
    if result.diverged:
        print(_("diverged: {why}").format(why=result.diverged), file=sys.stderr)
    print(json.dumps({k: last.get(k) for k in ("epoch", "loss", "acc", "test_loss", "test_acc")}
                     | {"seconds": round(result.seconds, 3), "diverged": result.diverged or None}))
    if args.export:
        export_weights(result.model, args.export, meta=training.export_meta(config, result),
                       onnx_dtype="float64" if args.float64 else "float32")
        print(_("weights written to {path}").format(path=args.export), file=sys.stderr)
    return 1 if result.diverged else 0


def _with_idx_files(lab_file, args):
    """``lab_file`` with --images/--labels/--limit in its config's ``mnist_*`` fields (a cnn lab is
    then rebuilt for 28×28 from drawn weights; a training lab's data set becomes "mnist")."""
    if args.images is None and args.labels is None and args.limit is None:
        return lab_file
    if lab_file.lab not in ("training", "cnn"):
        raise UsageError(_("--images, --labels and --limit need a training or cnn lab"))
    if not (args.images and args.labels):
        raise UsageError(_("--images and --labels go together: the images and the labels IDX files"))
    config = lab_file.config
    changes = {"mnist_images": args.images, "mnist_labels": args.labels}
    if args.limit is not None:
        changes["mnist_limit"] = args.limit
    changes |= {"dataset": "mnist"} if lab_file.lab == "training" else {"weights": None, "pixels": None, "image": 0}
    try:
        return replace(lab_file, config=type(config).from_dict({**config.to_dict(), **changes}))
    except ValueError as exc:
        raise UsageError(str(exc)) from None


def _train_recurrent(lab_file, args) -> int:
    """The recurrent lab's sine task: --epochs counts Adam iterations (default 400)."""
    from nnlab.io import export_weights
    from nnlab.labs import recurrent, read_number

    try:
        iterations = read_number("epochs", 400 if args.epochs is None else args.epochs, 1, recurrent.MAX_ITERATIONS,
                                 integer=True)
    except ValueError as exc:
        raise UsageError(f"--{exc}") from None
    progress = Progress()
    result = recurrent.train(lab_file.config, iterations=iterations, progress=progress.training)
    progress.end()
    print(json.dumps({"iterations": len(result.losses), "loss": result.losses[-1] if result.losses else None,
                      "seconds": round(result.seconds, 3)}))
    if args.export:
        cell, readout = recurrent.model(result.config)
        config = result.config
        export_weights({**cell.params, **(readout or {})}, args.export,
                       meta={"cell": config.cell, "input_size": config.input_size, "hidden_size": config.hidden_size,
                             "task": config.task, "nonlinearity": config.nonlinearity})
        print(_("weights written to {path}").format(path=args.export), file=sys.stderr)
    return 0


def _train_generative(lab_file, args) -> int:
    """The generative lab: --epochs counts GAN iterations or VAE epochs (default: the lab's)."""
    from nnlab.io import export_weights
    from nnlab.labs import generative, read_number

    gan = lab_file.config.model == "gan"
    steps = None
    if args.epochs is not None:
        try:
            steps = read_number("epochs", args.epochs, 1, generative.MAX_ITERATIONS if gan else generative.MAX_EPOCHS,
                                integer=True)
        except ValueError as exc:
            raise UsageError(f"--{exc}") from None
    progress = Progress()
    config, summary = generative.train(lab_file.config, steps, progress=progress.training)
    progress.end()
    print(json.dumps(summary))
    if args.export:
        export_weights(config.weight_arrays(), args.export, meta=generative.export_meta(config))
        print(_("weights written to {path}").format(path=args.export), file=sys.stderr)
    return 0


def _train_cnn(lab_file, args) -> int:
    """The CNN lab on the digits or its MNIST files: --epochs counts epochs (default the lab's), from
    weights drawn from its seed."""
    from nnlab import cnn as network
    from nnlab.io import atomic_write_bytes, export_weights
    from nnlab.labs import cnn

    config = lab_file.config
    if args.epochs is not None:  # the lab files' bounds apply to the flag
        try:
            config = cnn.Config.from_dict({**config.to_dict(), "epochs": args.epochs})
        except ValueError as exc:
            raise UsageError(f"--{exc}") from None
    progress = Progress()
    config, result = cnn.train(config, progress=progress.training)
    progress.end()
    print(json.dumps({"epochs": result.epochs, "loss": result.loss, "test_acc": result.accuracy,
                      "seconds": round(result.seconds, 3)}))
    if args.export:
        meta = cnn.export_meta(config, result)
        if Path(args.export).suffix.lower() == ".onnx":  # the whole network: Conv/Relu/MaxPool/Gemm/Softmax
            atomic_write_bytes(args.export, network.onnx_bytes(config.params(), config.arch, meta, config.size))
        else:
            export_weights(config.params(), args.export, meta=meta)
        print(_("weights written to {path}").format(path=args.export), file=sys.stderr)
    return 0


def _train_sequence(lab_file, args) -> int:
    """The text lab's embedding (--epochs: its epochs) or the series lab's LSTM (--epochs: Adam iterations,
    default 300); --export writes the trained weights (E, w, b and the vocabulary, or the LSTM's)."""
    import numpy as np

    from nnlab.io import export_weights
    from nnlab.labs import read_number, series, text

    config = lab_file.config
    if lab_file.lab == "text":
        if args.epochs is not None:
            try:
                config = text.Config.from_dict({**config.to_dict(), "epochs": args.epochs})
            except ValueError as exc:
                raise UsageError(f"--{exc}") from None
        progress = Progress()
        data, _labels, model, snapshots = text.train(config, progress=progress.training)
        progress.end()
        _E, loss, acc = snapshots[-1]
        print(json.dumps({"epoch": len(snapshots) - 1, "loss": loss, "acc": acc}))
        if args.export:
            export_weights({"E": model.E, "w": model.w, "b": np.array([model.b])}, args.export,
                           meta={"model": "embedding-classifier", "vocab": list(data.vocab), "dim": model.E.shape[1]})
            print(_("weights written to {path}").format(path=args.export), file=sys.stderr)
        return 0
    try:
        iterations = read_number("epochs", 300 if args.epochs is None else args.epochs, 1, series.MAX_ITERATIONS,
                                 integer=True)
    except ValueError as exc:
        raise UsageError(f"--{exc}") from None
    progress = Progress()
    result = series.train(config, iterations, progress=progress.training)
    progress.end()
    print(json.dumps({"iterations": len(result.losses), "loss": result.losses[-1] if result.losses else None,
                      "seconds": round(result.seconds, 3)}))
    if args.export:
        export_weights({k: np.array(v) for k, v in result.config.lstm_weights}, args.export,
                       meta={"cell": "lstm", "input_size": 1, "hidden_size": result.config.hidden,
                             "window": result.config.window})
        print(_("weights written to {path}").format(path=args.export), file=sys.stderr)
    return 0


def _render_range(args, n: int) -> tuple[int, int]:
    """The 1-based steps (first, last) to render; 0 is the start."""
    if args.step is not None and (args.first is not None or args.last is not None):
        raise UsageError(_("use either --step or --from/--to"))
    if args.step is not None:
        first = last = args.step
    else:
        first = 0 if args.first is None else args.first
        last = n if args.last is None else args.last
    if not (0 <= first <= n and 0 <= last <= n):
        flag = "--step" if args.step is not None else "--from/--to"
        raise UsageError(_("{flag} must be between 0 and {n} for this lab").format(flag=flag, n=n))
    if first > last:
        raise UsageError(_("--from {first} comes after --to {last}").format(first=first, last=last))
    return first, last


def cmd_render(args) -> int:
    import importlib.util

    from nnlab.labs import lab_module

    out = args.out
    text = str(out)
    if text.endswith(("/", "\\")) or Path(text).is_dir():
        fmt = "dir"
    else:
        fmt = Path(text).suffix.lower().lstrip(".")
        if fmt not in ("png", "gif", "mp4"):
            raise UsageError(_("--out must end in .png, .gif or .mp4, or be a folder ending in /"))
    try:
        w, h = (int(v) for v in args.size.lower().split("x"))
        if not (200 <= w <= 8000 and 200 <= h <= 8000):
            raise ValueError
    except ValueError:
        raise UsageError(_("--size must look like 1280x800 (200 to 8000 pixels each way)")) from None
    if not 0 < args.fps <= 60:
        raise UsageError(_("--fps must be above 0 and at most 60"))
    lab_file = _load(args.source)  # validate everything before Qt starts
    n = len(lab_module(lab_file.lab).build_timeline(lab_file.config))
    if fmt == "png" and args.step is None and args.first is None and args.last is None:
        args.step = n  # one image: the last step
    first, last = _render_range(args, n)
    if fmt == "png" and first != last:
        raise UsageError(_("a .png holds one step: use --step K, or a folder ending in / for frames"))
    if fmt == "mp4":
        if w % 2 or h % 2:
            raise UsageError(_("MP4 needs an even width and height (got {w}x{h})").format(w=w, h=h))
        if any(importlib.util.find_spec(m) is None for m in ("imageio", "imageio_ffmpeg")):
            raise UsageError(_("MP4 export needs the video extra: pip install nnlab[video]"))
    from ui.app import render_source

    shown = Progress()

    def progress(done, total):
        shown.show(done / max(total, 1), _("frame {done}/{total}").format(done=done, total=total))

    frames = render_source(args.source, out, first, last, args.fps, (w, h),
                           progress=None if fmt == "png" else progress)
    shown.end()
    if fmt == "png":
        print(_("step {k} written to {path}").format(k=first, path=out), file=sys.stderr)
    else:
        print(_("{count} frames (steps {first} to {last}) written to {path}").format(
            count=frames, first=first, last=last, path=out), file=sys.stderr)
    return 0


def cmd_open(args, argv0: str) -> int:
    _load(args.source)  # refuse a bad file before the window opens
    from ui.app import main as window_main

    return window_main([argv0], source=args.source, lang=getattr(args, "lang", None))


def _requested_language(argv: list[str]) -> str | None:
    """The --lang value in ``argv`` (read before the parser is built, so its help is translated)."""
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--lang="):
            return arg.split("=", 1)[1]
    return None


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    try:
        requested = _requested_language(argv)
        i18n.set_language(requested if requested in i18n.LANGUAGES else i18n.system_language())
        args = _parser().parse_args(argv)
        if args.command is None:
            from ui.app import main as window_main

            return window_main([sys.argv[0]], lang=args.lang)
        if args.command == "open":
            return cmd_open(args, sys.argv[0])
        return {"presets": cmd_presets, "steps": cmd_steps, "train": cmd_train, "render": cmd_render}[
            args.command](args)
    except BrokenPipeError:  # e.g. `nnlab steps ... | head`: the reader has all it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except (UsageError, FormatError, ValueError, OSError) as exc:
        message = f"{exc.strerror}: {exc.filename}" if isinstance(exc, OSError) and exc.strerror else str(exc)
        print(_("nnlab: error: {message}").format(message=message).splitlines()[0], file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
