"""One notation and one number format in every step a student reads (issue 13)."""

import json
import re
from pathlib import Path

import pytest

from nnlab import cli, formulas
from nnlab.labs import lab_module
from nnlab.presets import load_preset, preset_names

RULES = {
    "an underscore subscript": re.compile(r"[^\W\d_]_[\w{(]"),
    "a ** power": re.compile(r"\*\*"),
    "a computer exponent": re.compile(r"\d[eE][−+-]?\d"),
    "a hyphen as a minus": re.compile(r"(?:^|[\s(\[=,:;|])-\d"),
    "a layer number written flat": re.compile(r"\b(?:W|b|gamma|beta)\d\b"),
}


def broken_rules(text: str, names=()) -> list[str]:
    for name in sorted(names, key=len, reverse=True):  # the graph lab's node ids are the user's names
        text = text.replace(name, "id")
    return [rule for rule, pattern in RULES.items() if pattern.search(text)]


@pytest.mark.parametrize("preset", preset_names())
def test_every_title_and_formula_follows_the_notation(preset):
    lab_file = load_preset(preset)
    timeline = lab_module(lab_file.lab).build_timeline(lab_file.config)
    names = [n.id for n in lab_file.config.nodes] if lab_file.lab == "graph" else ()
    printed = json.loads(cli.format_steps(timeline, "json"))["steps"]
    assert [s["index"] for s in printed] == list(range(1, len(timeline) + 1))
    for step, shown in zip(timeline.steps, printed):
        assert (shown["title"], shown["formula"]) == (step.title, step.formula)
        for text in (step.title, step.formula):
            assert broken_rules(text, names) == [], (preset, text)
        assert step.expr is not None, (preset, step.title)  # every formula is built from the vocabulary,
        assert formulas.text(step.expr) == step.formula, (preset, step.title)  # and its text is that rendering


@pytest.mark.parametrize("preset", [p for p in preset_names() if load_preset(p).lab == "perceptron"])
def test_the_perceptron_lab_writes_the_sheets_symbols(preset):
    lab_file = load_preset(preset)
    for step in lab_module("perceptron").build_timeline(lab_file.config).steps:
        assert not re.search(r"\b(s|w1|w2|h1|h2) [=←]|\be\^", step.formula + step.title), step.formula
    first = lab_module("perceptron").build_timeline(load_preset("logic-gates").config)[0]
    assert first.formula.startswith("z = 0.5 × 0 + 0.5 × 0 + (−0.7) = −0.7")
    assert formulas.text(first.expr, hide=True).startswith("z = 0.5 × 0 + 0.5 × 0 + (−0.7) = ? ≤ 0")


def test_powers_of_e_are_written_exp():
    for preset in ("activations", "softmax-overflow"):
        for step in lab_module("activations").build_timeline(load_preset(preset).config).steps:
            assert "e^" not in step.formula + step.title, step.formula


def test_the_rules_catch_what_the_issue_found():
    for bad in ("c_4 = 1", "W_f·x", "−6.775e−04", "1e-8", "x = -0.7", "x**2", "Update W2 — SGD"):
        assert broken_rules(bad), bad
    assert broken_rules("apple_price = 2", ["apple_price"]) == []
    assert broken_rules("z₁ = 1 × 0.9 + 0.5 × (−0.3) = 0.75; 6.775×10⁻⁴; x₁ − 0.5") == []


@pytest.mark.parametrize("value, text", [
    (1.0, "1"), (0.0, "0"), (-0.0, "0"), (1.05, "1.05"), (1.0 * 0.9 + 0.5 * 0.3, "1.05"), (0.19202744, "0.1920"),
    (-0.7, "−0.7"), (-6.775e-4, "−6.775×10⁻⁴"), (1e-8, "1×10⁻⁸"), (0.0012, "0.0012"), (12190.0, "12190"),
    (2.5e6, "2.5×10⁶"), (float("inf"), "∞"), (float("nan"), "NaN")])
def test_one_number_format(value, text):
    assert formulas.num(value) == text


@pytest.mark.parametrize("value", [1.0, -0.7, 1.05, -6.775e-6, 1e-8, 2.5e6, 123.456])
def test_what_the_formatter_prints_reads_back(value):
    assert formulas.parse(formulas.num(value, 6)) == pytest.approx(value, rel=1e-6)
    assert formulas.parse("2x10^-3") == 0.002 and formulas.parse("−1e-4") == -1e-4


def test_formula_structure_renders_once_and_hides_results():
    expr = formulas.eq(formulas.sym("z", formulas.index(0)), formulas.product(formulas.Num(1.0), formulas.Num(-0.9)),
                       formulas.Num(-0.9))
    assert formulas.text(expr) == "z₁ = 1 × (−0.9) = −0.9"
    assert formulas.text(expr, hide=True) == "z₁ = 1 × (−0.9) = ?"
    assert formulas.text(formulas.sym("w", formulas.index(9, 1), "(2)")) == "w₁₀,₂⁽²⁾"


def test_readme_opening_example_is_what_the_app_shows():
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    opening = readme.split("\n\n")[1]
    shown = re.findall(r"`([^`]*=[^`]*)`", opening)
    lab_file = load_preset("seed-forward")
    formulas_shown = [s.formula for s in lab_module("network").build_timeline(lab_file.config).steps]
    assert len(shown) == 2 and shown == formulas_shown[:2]


def test_docs_notation_is_the_sheet_the_window_shows():
    from nnlab import i18n, notation

    i18n.set_language("en")
    docs = Path(__file__).resolve().parents[2] / "docs" / "NOTATION.md"
    assert docs.read_text(encoding="utf-8") == notation.markdown()  # python -m nnlab.notation > docs/NOTATION.md
    symbols = [symbol for _section, entries in notation.SHEET for symbol, _meaning in entries]
    for symbol in ("x₁, x₂, …", "z₁ = Σᵢ xᵢ·wᵢ₁ + b₁", "δⱼ = ∂E/∂zⱼ", "η", "t₁, t₂, …", "E, E′", "W⁽ᶠ⁾, b⁽ᶠ⁾",
                   "z = w₁·x₁ + w₂·x₂ + b", "A, E = t − y, ΔA, L"):
        assert symbol in symbols
    assert all(not broken_rules(symbol) for symbol in symbols)


def test_quiz_hides_the_computed_results_of_the_converted_labs():
    def hidden(preset, k):
        lab_file = load_preset(preset)
        return formulas.text(lab_module(lab_file.lab).build_timeline(lab_file.config)[k].expr, hide=True)

    assert hidden("apple-shopping", 0) == "apple_price = apple × apple_num = 100 × 2 = ?"
    assert hidden("pool-max", 4) == "∂L/∂x(0, 1) += ∂L/∂y = 1 (the winner takes it all) → ?"
    assert hidden("xor-mlp", 0) == "samples #3, #2, #1, #4; sample 1: x = [0, 1], t = [1]"  # the data is given
    assert hidden("xor-mlp", 11).endswith("sample 1: ½·((0.4882 − 1)²); batch: E = ?")
    assert hidden("xor-mlp", 23) == "loss = ?, accuracy = ?"
    assert hidden("text-embedding", 0) == '"the cat sat on the mat" → ?'
    assert hidden("arima-airline", 3).endswith("+ … = 290 → c = ?")  # the known right-hand side stays


def test_grad_cam_formulas_speak_the_chosen_language():
    from nnlab import i18n

    lab_file = load_preset("cnn-simple")
    try:
        i18n.set_language("ko")
        steps = lab_module("cnn").build_timeline(lab_file.config).steps
    finally:
        i18n.set_language("en")
    heat = next(s for s in steps if "Grad-CAM" in s.title and "히트맵" in s.title)
    assert "히트맵 = 쌍선형 보간(L, 8×8)" in heat.formula
    assert "heat" not in heat.formula and "bilinear" not in heat.formula
