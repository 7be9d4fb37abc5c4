"""Worked-solution handouts: every step of a timeline as Markdown or a printable HTML page.

Each step gives its number (1-based, as the window's "Step k / n"), title, phase and formula
(numbers exactly as the timeline holds them; in HTML set in the formula panel's DejaVu Sans, whose
sub- and superscripts sit close to their symbol). ``images`` maps step numbers to a
diagram of the window at that step (0 = the start, before the first step): a path, or a
``data:`` URI. The HTML page is one self-contained UTF-8 file (images embedded) with a print
stylesheet. No Qt here: the window renders the images and passes them in.
"""

from __future__ import annotations

import base64
import html as _html
import mimetypes
import re
from collections.abc import Mapping
from pathlib import Path

from nnlab.i18n import _, language
from nnlab.steps import Timeline

Image = str | Path  # a path to a PNG (or other image), or a data URI

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def data_uri(png: bytes, mime: str = "image/png") -> str:
    """Image bytes as a data URI, for embedding."""
    return f"data:{mime};base64,{base64.b64encode(png).decode('ascii')}"


def _embedded(image: Image) -> str:
    """A data URI for ``image`` (read from disk when it is a path)."""
    text = str(image)
    if text.startswith("data:"):
        return text
    mime = mimetypes.guess_type(text)[0] or "image/png"
    return data_uri(Path(text).read_bytes(), mime)


def parse_steps(spec: str, n: int) -> list[int]:
    """Step numbers chosen for diagrams: '' or 'none' → [], 'all' → 0..n, 'every N' → N, 2N, …
    (and n), or a list like '1, 5, 12' or '3-6'. ValueError names what is wrong."""
    text = spec.strip().lower()
    if text in ("", "none"):
        return []
    if text == "all":
        return list(range(n + 1))
    m = re.fullmatch(r"every\s+(\d+)", text)
    if m:
        every = int(m.group(1))
        if every < 1:
            raise ValueError(_("images: 'every N' needs N of at least 1"))
        return sorted(set(range(every, n + 1, every)) | {n})
    chosen: set[int] = set()
    for part in text.split(","):
        m = re.fullmatch(r"\s*(\d+)\s*(?:-\s*(\d+)\s*)?", part)
        if not m:
            raise ValueError(_("images: {part!r} is not a step number or range like 3-6").format(part=part.strip()))
        lo, hi = int(m.group(1)), int(m.group(2) or m.group(1))
        if not 0 <= lo <= hi <= n:
            raise ValueError(_("images: steps must be between 0 and {n}").format(n=n))
        chosen.update(range(lo, hi + 1))
    return sorted(chosen)


def _md_text(text: str) -> str:
    return _MD_SPECIAL.sub(r"\\\1", text)


def _fence(formula: str) -> str:
    ticks = "`" * max(3, max((len(r) for r in re.findall(r"`+", formula)), default=0) + 1)
    return f"{ticks}\n{formula}\n{ticks}"


def _step_label(k: int) -> str:
    return _("Start") if k == 0 else _("Step {k}").format(k=k)


def markdown(timeline: Timeline, title: str, images: Mapping[int, Image] | None = None) -> str:
    """The worked solution as Markdown; image paths are written as given (relative to the file)."""
    images = images or {}
    n = len(timeline)

    def picture(k: int) -> list[str]:
        if k not in images:
            return []
        alt = _("Diagram at {label}").format(label=_step_label(k))
        return [f"![{_md_text(alt)}](<{images[k]}>)", ""]

    lines = [f"# {_md_text(title or timeline.lab)}", "",
             _("{n} steps. Each formula shows its numbers substituted.").format(n=n), ""]
    lines += picture(0)
    for k, step in enumerate(timeline.steps, 1):
        lines += [f"## {k}. {_md_text(step.title)}", "", f"*{_md_text(step.phase)}*", "", _fence(step.formula), ""]
        lines += picture(k)
    return "\n".join(lines)


_CSS = """
body { font-family: "Noto Sans CJK KR", "Noto Sans KR", "Malgun Gothic", "Apple SD Gothic Neo",
       "DejaVu Sans", sans-serif; max-width: 52em; margin: 2em auto; padding: 0 1em; color: #111;
       line-height: 1.45; }
h1 { font-size: 1.6em; border-bottom: 2px solid #0072b2; padding-bottom: .2em; }
.step { margin: 1.2em 0; break-inside: avoid; page-break-inside: avoid; }
.step h2 { font-size: 1.1em; margin: 0 0 .3em; }
.num { color: #0072b2; margin-right: .4em; }
.phase { font-size: .8em; color: #555; border: 1px solid #bbb; border-radius: 3px; padding: 0 .4em;
         margin-left: .5em; font-weight: normal; }
pre.formula { font-family: "DejaVu Sans", "Noto Sans CJK KR", "NanumGothic", "Segoe UI", sans-serif;
              font-size: 1.05em; background: #f4f4f4; border-left: 4px solid #0072b2; padding: .5em .8em;
              white-space: pre-wrap; overflow-wrap: anywhere; margin: 0; }
figure { margin: .6em 0; break-inside: avoid; page-break-inside: avoid; }
figure img { max-width: 100%; border: 1px solid #ccc; }
figcaption { font-size: .85em; color: #555; }
@page { size: A4; margin: 15mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 10.5pt; }
  pre.formula { background: none; border-left-color: #000; }
  figure img { max-height: 11cm; }
}
"""


def html(timeline: Timeline, title: str, images: Mapping[int, Image] | None = None) -> str:
    """The worked solution as one self-contained, printable UTF-8 HTML page (images embedded)."""
    images = images or {}
    esc = _html.escape
    n = len(timeline)
    heading = title or timeline.lab

    def figure(k: int) -> list[str]:
        if k not in images:
            return []
        alt = _("Diagram at {label}").format(label=_step_label(k))
        return [f'<figure><img src="{esc(_embedded(images[k]))}" alt="{esc(alt)}">'
                f"<figcaption>{esc(alt)}</figcaption></figure>"]

    parts = ["<!DOCTYPE html>", f'<html lang="{esc(language())}">', "<head>", '<meta charset="utf-8">',
             '<meta name="viewport" content="width=device-width, initial-scale=1">',
             f"<title>{esc(heading)}</title>", f"<style>{_CSS}</style>", "</head>", "<body>",
             f"<h1>{esc(heading)}</h1>",
             f"<p>{esc(_('{n} steps. Each formula shows its numbers substituted.').format(n=n))}</p>"]
    parts += figure(0)
    for k, step in enumerate(timeline.steps, 1):
        parts += [f'<section class="step" id="step-{k}">',
                  f'<h2><span class="num">{k}.</span>{esc(step.title)}'
                  f'<span class="phase">{esc(step.phase)}</span></h2>',
                  f'<pre class="formula">{esc(step.formula)}</pre>']
        parts += figure(k)
        parts.append("</section>")
    parts += ["</body>", "</html>", ""]
    return "\n".join(parts)
