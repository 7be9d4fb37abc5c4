"""Worked-solution handouts (Markdown and HTML) and the step choice for their diagrams."""

import base64
import re

import pytest

from nnlab import handout, i18n
from nnlab.cli import main
from nnlab.labs import lab_module
from nnlab.presets import load_preset
from nnlab.steps import Step, Timeline

# DESIGN's worked numbers for seed-forward, as `nnlab steps seed-forward` prints them.
SEED_FORWARD_FORMULAS = [
    "z₁ = x₁·w₁₁ + x₂·w₂₁ = 1 × 0.9 + 0.5 × 0.3 = 1.05",
    "y₁ = σ(z₁) = σ(1.05) = 0.7408",
    "z₂ = x₁·w₁₂ + x₂·w₂₂ = 1 × 0.2 + 0.5 × 0.8 = 0.6",
    "y₂ = σ(z₂) = σ(0.6) = 0.6457",
]
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")


@pytest.fixture
def seed_forward():
    i18n.set_language("en")
    lab_file = load_preset("seed-forward")
    return lab_file.title, lab_module(lab_file.lab).build_timeline(lab_file.config)


def test_markdown_has_every_step_in_order_with_its_formula(seed_forward):
    title, timeline = seed_forward
    text = handout.markdown(timeline, title)
    assert text.startswith(f"# {title}\n")
    numbers = [int(n) for n in re.findall(r"^## (\d+)\. ", text, flags=re.M)]
    assert numbers == list(range(1, len(timeline) + 1)) and len(timeline) == 12
    for formula in SEED_FORWARD_FORMULAS:
        assert f"```\n{formula}\n```" in text
    positions = [text.index(f"```\n{step.formula}\n```") for step in timeline.steps]
    assert positions == sorted(positions)  # every formula, each in its own step, in order
    assert "*forward*" in text and "*backward*" in text and "*update*" in text
    assert "E = ½ Σₖ (yₖ − tₖ)² = ½ × ((0.7408 − 0)² + (0.6457 − 1)²) = 0.3372" in text
    assert "![" not in text


def test_markdown_links_images_at_the_chosen_steps(seed_forward):
    title, timeline = seed_forward
    text = handout.markdown(timeline, title, {0: "sf_images/step_0000.png", 5: "sf_images/step_0005.png"})
    assert text.count("![") == 2
    start, step5, step6 = text.index("](<sf_images/step_0000.png>)"), text.index("](<sf_images/step_0005.png>)"), \
        text.index("## 6. ")
    assert start < text.index("## 1. ") and text.index("## 5. ") < step5 < step6


def test_markdown_escapes_titles_but_not_formulas():
    timeline = Timeline("graph", [Step("forward", "d_apple * [tax]", "a*b = `c`"), Step("x", "t", "```")])
    text = handout.markdown(timeline, "my_lab")
    assert "# my\\_lab" in text and "## 1. d\\_apple \\* \\[tax\\]" in text
    assert "```\na*b = `c`\n```" in text
    assert "````\n```\n````" in text  # a fence longer than any run of backticks inside


def test_html_escapes_everything_and_keeps_korean():
    timeline = Timeline("network", [Step("forward", "<script>alert(1)</script> 은닉 노드 & co",
                                         "x < 1 && y > 2 = \"0.5\"")])
    page = handout.html(timeline, "가중합 <b>bold</b>")
    assert "<script>" not in page and "<b>bold</b>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; 은닉 노드 &amp; co" in page
    assert '<pre class="formula">x &lt; 1 &amp;&amp; y &gt; 2 = &quot;0.5&quot;</pre>' in page
    assert "<title>가중합 &lt;b&gt;bold&lt;/b&gt;</title>" in page
    assert '<meta charset="utf-8">' in page and "@media print" in page
    page.encode("utf-8")


def test_html_embeds_images_from_files_and_data_uris(seed_forward, tmp_path):
    title, timeline = seed_forward
    png = tmp_path / "d.png"
    png.write_bytes(PNG)
    uri = handout.data_uri(PNG)
    page = handout.html(timeline, title, {1: png, 12: uri})
    embedded = re.findall(r'<img src="data:image/png;base64,([A-Za-z0-9+/=]+)"', page)
    assert [base64.b64decode(b) for b in embedded] == [PNG, PNG]
    assert str(tmp_path) not in page  # self-contained: no link to the file
    assert page.index('id="step-1"') < page.index("<img") < page.index('id="step-2"')
    for formula in SEED_FORWARD_FORMULAS:
        assert f'<pre class="formula">{formula}</pre>' in page


@pytest.mark.parametrize("spec, steps", [
    ("", []), ("none", []), ("all", list(range(13))), ("every 5", [5, 10, 12]), ("every 4", [4, 8, 12]),
    ("1, 5, 12", [1, 5, 12]), ("12,1,5,5", [1, 5, 12]), ("0, 3-6", [0, 3, 4, 5, 6]),
])
def test_parse_steps(spec, steps):
    assert handout.parse_steps(spec, 12) == steps


@pytest.mark.parametrize("spec, words", [
    ("1, x", "'x' is not a step number"), ("13", "between 0 and 12"), ("6-3", "between 0 and 12"),
    ("every 0", "at least 1"), ("-1", "is not a step number"),
])
def test_parse_steps_refuses_bad_lists(spec, words):
    with pytest.raises(ValueError, match=re.escape(words)):
        handout.parse_steps(spec, 12)


def test_cli_steps_html_prints_the_handout_without_qt(capsys):
    code = main(["--lang", "en", "steps", "seed-forward", "--format", "html"])
    out = capsys.readouterr().out
    assert code == 0 and out.startswith("<!DOCTYPE html>") and out.rstrip().endswith("</html>")
    for formula in SEED_FORWARD_FORMULAS:
        assert f'<pre class="formula">{formula}</pre>' in out
    assert "<img" not in out
