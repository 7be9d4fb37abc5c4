"""Animation export: frames of a timeline rendered offscreen, written as GIF, MP4 or PNGs.

The exporter renders a *canvas* it is given (``ui.canvas.TeachingCanvas``: the diagram, the
formula panel and a step counter — no menus, settings, status or transport), which offers
``timeline``, ``title``, ``seek(k)`` and ``exporting(size)`` (a context giving the widget to grab,
laid out at that size). It knows nothing of the window.

Steps are numbered as the window's "Step k / n", 1-based: k = 0 is the start (before the first
step) and k = n the last step; a PNG frame is named by its step, ``frame_0001.png`` for step 1.
Frames are grabbed on the GUI thread (widgets cannot be grabbed elsewhere), with events
processed between frames so the window stays responsive. A cancelled or failed export leaves
nothing behind: files are written under a temporary name (or into a temporary folder) and
renamed at the end.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from PySide6.QtCore import QBuffer, QCoreApplication, QIODevice, QSize, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from nnlab import handout
from nnlab.io import atomic_write_text

FORMATS = ("gif", "mp4", "dir", "png")  # dir: frame_0001.png … in a folder; png: one step
MIN_SIDE, MAX_SIDE = 200, 8000
MAX_FPS = 60.0


class ExportError(ValueError):
    """An export that cannot be done as asked (bad range, size, format, or a missing extra)."""


class ExportCancelled(Exception):
    """The user cancelled the export; nothing was written."""


def video_available() -> bool:
    """True when the [video] extra (imageio + imageio-ffmpeg) is installed."""
    return all(importlib.util.find_spec(m) is not None for m in ("imageio", "imageio_ffmpeg"))


def format_for(out: str | Path) -> str:
    """The export format a path asks for: 'gif', 'mp4', 'png' (a single image) or 'dir'
    (numbered PNGs; a path ending in a slash or an existing folder)."""
    text = str(out)
    if text.endswith(("/", os.sep)) or Path(text).is_dir():
        return "dir"
    suffix = Path(text).suffix.lower().lstrip(".")
    if suffix in ("gif", "mp4", "png"):
        return suffix
    raise ExportError(QCoreApplication.translate("export",
        "--out must end in .png, .gif or .mp4, or be a folder ending in /: {path}").format(path=out))


def check_request(fmt: str, first: int, last: int, n: int, fps: float, size: tuple[int, int]) -> None:
    """Raise ExportError naming what is wrong with an export request for an n-step timeline."""
    if not (0 <= first <= n and 0 <= last <= n):
        raise ExportError(QCoreApplication.translate("export",
            "steps must be between 0 and {n} for this lab (got {first} to {last})").format(
            n=n, first=first, last=last))
    if first > last:
        raise ExportError(QCoreApplication.translate("export",
            "the first step ({first}) comes after the last ({last})").format(first=first, last=last))
    if not 0 < fps <= MAX_FPS:
        raise ExportError(QCoreApplication.translate("export",
            "--fps must be above 0 and at most {max}").format(max=int(MAX_FPS)))
    w, h = size
    if not (MIN_SIDE <= w <= MAX_SIDE and MIN_SIDE <= h <= MAX_SIDE):
        raise ExportError(QCoreApplication.translate("export",
            "the size must be {lo} to {hi} pixels each way (got {w}×{h})").format(
            lo=MIN_SIDE, hi=MAX_SIDE, w=w, h=h))
    if fmt == "png" and first != last:
        raise ExportError(QCoreApplication.translate("export",
            "a .png file holds one step: use --step K, or a folder ending in / for frames"))
    if fmt == "mp4":
        if w % 2 or h % 2:
            raise ExportError(QCoreApplication.translate("export",
                "MP4 needs an even width and height (got {w}×{h})").format(w=w, h=h))
        if not video_available():
            raise ExportError(QCoreApplication.translate("export",
                "MP4 export needs the video extra: pip install nnlab[video]"))


def step_count(canvas) -> int:
    """n, the number of steps of the canvas's timeline."""
    return len(canvas.timeline)


def _settle() -> None:
    """Let layouts finish: a resize or a new formula can post further layout requests while
    the first ones are handled, so one pass of the event loop is not always enough."""
    for _pass in range(3):
        QApplication.sendPostedEvents(None, 0)
        QApplication.processEvents()


def frames(canvas, steps: Sequence[int], size: tuple[int, int]) -> Iterator[QImage]:
    """The canvas at each step number, results revealed (also in quiz mode), as RGB images of
    exactly ``size`` pixels; afterwards the canvas is back as it was."""
    with canvas.exporting(size) as widget:
        for k in steps:
            canvas.seek(k)
            _settle()
            image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB888)
            if (image.width(), image.height()) != tuple(size):  # a HiDPI grab
                image = image.scaled(QSize(*size), Qt.AspectRatioMode.IgnoreAspectRatio,
                                     Qt.TransformationMode.SmoothTransformation)
            yield image


def png_bytes(image: QImage) -> bytes:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(buffer.data())


def _rgb_array(image: QImage):
    import numpy as np

    w, h, stride = image.width(), image.height(), image.bytesPerLine()
    raw = np.frombuffer(image.constBits(), dtype=np.uint8, count=stride * h).reshape(h, stride)
    return raw[:, : w * 3].reshape(h, w, 3).copy()


def _publish(tmp: Path, out: Path, mode: int = 0o666) -> None:
    """Give ``tmp`` the permissions a new file would get (mkstemp makes it private), rename it to ``out``."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, mode & ~umask)
    os.replace(tmp, out)


def _temp_path(out: Path) -> Path:
    fd, tmp = tempfile.mkstemp(prefix=f".{out.stem}.", suffix=out.suffix, dir=out.parent)
    os.close(fd)
    return Path(tmp)


def grab_steps(canvas, steps: Sequence[int], size: tuple[int, int], progress=None, cancel=None) -> Iterator[QImage]:
    """Frames of ``steps``, with ``progress(done, total)`` reports and ``cancel()`` checked between frames."""
    total = len(steps)
    if progress:
        progress(0, total)
    grabbed = frames(canvas, steps, size)
    try:
        for done, image in enumerate(grabbed, 1):
            if progress:
                progress(done, total)
            QApplication.processEvents()  # lets a progress dialog repaint and its Cancel button work
            if cancel and cancel():
                raise ExportCancelled
            yield image
    finally:
        grabbed.close()  # puts the canvas back as it was


def _write_gif(out: Path, images: Iterator[QImage], fps: float) -> None:
    from PIL import Image

    # One adaptive palette per frame, no dithering: the window's flat colours stay crisp.
    pal = [Image.fromarray(_rgb_array(im)).quantize(256, method=Image.Quantize.MEDIANCUT,
                                                    dither=Image.Dither.NONE) for im in images]
    tmp = _temp_path(out)
    try:
        pal[0].save(tmp, format="GIF", save_all=True, append_images=pal[1:], loop=0,
                    duration=max(20, round(1000 / fps)), optimize=False)
        _publish(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _write_mp4(out: Path, images: Iterator[QImage], fps: float) -> None:
    if not video_available():
        raise ExportError(QCoreApplication.translate("export",
            "MP4 export needs the video extra: pip install nnlab[video]"))
    import imageio.v2 as imageio

    tmp = _temp_path(out)
    try:
        writer = imageio.get_writer(tmp, format="FFMPEG", mode="I", fps=fps, codec="libx264",
                                    pixelformat="yuv420p", macro_block_size=2, quality=8,
                                    ffmpeg_log_level="error")
        try:
            for image in images:
                writer.append_data(_rgb_array(image))
        finally:
            writer.close()
        _publish(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def _write_folder(folder: Path, files: Iterator[tuple[str, bytes]], pattern: str) -> None:
    """Write ``files`` (name, data) into a temporary folder beside ``folder``, then move them into
    ``folder`` (replacing the ``pattern`` files an earlier export left there). Nothing is left on failure."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", dir=folder.parent))
    try:
        for name, data in files:
            (tmp / name).write_bytes(data)
        if folder.is_dir():
            for old in folder.glob(pattern):
                old.unlink()
            for path in sorted(tmp.iterdir()):
                os.replace(path, folder / path.name)
        else:
            _publish(tmp, folder, 0o777)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def export_animation(canvas, out: str | Path, first: int = 0, last: int | None = None, fps: float = 2.0,
                     size: tuple[int, int] = (1280, 800), fmt: str | None = None,
                     progress: Callable[[int, int], None] | None = None,
                     cancel: Callable[[], bool] | None = None) -> int:
    """Export steps ``first``..``last`` (0 = start, None = the last step) of ``canvas``'s timeline.

    ``fmt`` is 'gif', 'mp4', 'dir' (numbered PNGs) or 'png' (one step), by default from ``out``.
    ``progress(done, total)`` is called after each frame; ``cancel()`` is checked between frames
    and, when true, stops with ExportCancelled and no file left behind. Returns the frame count.
    """
    fmt = fmt or format_for(out)
    if fmt not in FORMATS:
        raise ExportError(QCoreApplication.translate("export", "unknown export format {fmt!r}").format(fmt=fmt))
    n = step_count(canvas)
    last = n if last is None else last
    check_request(fmt, first, last, n, fps, tuple(size))
    out = Path(out)
    steps = list(range(first, last + 1))
    images = grab_steps(canvas, steps, tuple(size), progress, cancel)
    try:
        if fmt == "gif":
            _write_gif(out, images, fps)
        elif fmt == "mp4":
            _write_mp4(out, images, fps)
        elif fmt == "png":
            tmp = _temp_path(out)
            try:
                tmp.write_bytes(png_bytes(next(images)))
                _publish(tmp, out)
            except BaseException:
                tmp.unlink(missing_ok=True)
                raise
        else:
            _write_folder(out, ((f"frame_{k:04d}.png", png_bytes(im)) for k, im in zip(steps, images)),
                          "frame_*.png")
    finally:
        images.close()
    return len(steps)


def export_handout(canvas, out: str | Path, fmt: str | None = None, image_steps: Sequence[int] = (),
                   size: tuple[int, int] = (960, 600), progress=None, cancel=None) -> Path:
    """Write the worked solution of ``canvas``'s timeline as Markdown ('md') or HTML ('html', by
    default from ``out``'s suffix), with the canvas at ``image_steps`` (0 = start).

    HTML embeds the images; Markdown links them from a folder ``<name>_images/`` beside the file.
    Progress and cancel as in export_animation; a cancelled export writes nothing. Returns ``out``.
    """
    out = Path(out)
    fmt = fmt or out.suffix.lower().lstrip(".")
    if fmt not in ("md", "html"):
        raise ExportError(QCoreApplication.translate("export",
            "a worked solution is written as .md or .html: {path}").format(path=out))
    timeline, title = canvas.timeline, canvas.title
    steps = sorted(set(image_steps))
    check_request("dir", steps[0] if steps else 0, steps[-1] if steps else 0, len(timeline), 1.0, tuple(size))
    pngs = {}
    if steps:
        images = grab_steps(canvas, steps, tuple(size), progress, cancel)
        try:
            pngs = {k: png_bytes(image) for k, image in zip(steps, images)}
        finally:
            images.close()
    if fmt == "html":
        atomic_write_text(out, handout.html(timeline, title, {k: handout.data_uri(b) for k, b in pngs.items()}))
        return out
    folder = out.with_name(f"{out.stem}_images")
    if pngs:
        _write_folder(folder, ((f"step_{k:04d}.png", data) for k, data in pngs.items()), "step_*.png")
    links = {k: f"{folder.name}/step_{k:04d}.png" for k in pngs}
    atomic_write_text(out, handout.markdown(timeline, title, links))
    return out
