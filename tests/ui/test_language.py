"""A Korean and an English window: widgets found by objectName, texts checked against the catalogs
(Qt's compiled .qm for the window, nnlab/locale/ko.json for step texts)."""

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QToolButton, QWidget

from nnlab import i18n
from ui.app import build_window, close_window
from ui.language import set_language

CATALOG = json.loads((Path(i18n.__file__).with_name("locale") / "ko.json").read_text(encoding="utf-8"))


@pytest.fixture
def korean():
    set_language("ko")
    yield
    set_language("en")


def first_step_title(w):
    w.findChild(QToolButton, "stepForward").click()
    return w.findChild(QWidget, "formulaPanel").text().splitlines()[0]


def test_a_korean_window_takes_its_texts_from_the_catalogs(qtbot, korean):
    w = build_window(source="seed-forward")
    try:
        file_menu = w.menuBar().actions()[0].text()
        assert file_menu == QCoreApplication.translate("MainWindow", "&File") != "&File"
        lab_name = w.findChild(QComboBox, "labSelector").currentText()
        assert lab_name == QCoreApplication.translate("labs", "Network") != "Network"
        node = CATALOG["Output node {name}"].format(name="y₁")
        assert first_step_title(w) == CATALOG["{node} — weighted sum"].format(node=node)
        assert "z₁ = x₁·w₁₁ + x₂·w₂₁ = 1 × 0.9 + 0.5 × 0.3 = 1.05" in w.findChild(QWidget, "formulaPanel").text()
    finally:
        close_window(w)


def test_an_english_window_and_switching_language_in_place(qtbot):
    w = build_window(source="seed-forward")
    try:
        assert w.menuBar().actions()[0].text() == "&File"
        assert first_step_title(w) == "Output node y₁ — weighted sum"
        w.findChild(type(w.quizAction), "actionLanguage_ko").trigger()
        assert w.menuBar().actions()[0].text() == QCoreApplication.translate("MainWindow", "&File")
        assert w.playhead.index == 0 and w.findChild(QWidget, "network") is not None
        node = CATALOG["Output node {name}"].format(name="y₁")
        assert w.findChild(QWidget, "formulaPanel").text().splitlines()[0] == \
            CATALOG["{node} — weighted sum"].format(node=node)
        w.findChild(type(w.quizAction), "actionLanguage_en").trigger()
        assert w.findChild(QWidget, "formulaPanel").text().splitlines()[0] == "Output node y₁ — weighted sum"
    finally:
        set_language("en")
        close_window(w)


def test_every_engine_and_window_text_has_a_korean_translation():
    import xml.etree.ElementTree as ET

    assert CATALOG and all(CATALOG.values())
    ts = Path(__file__).resolve().parents[2] / "assets" / "translations" / "nnlab_ko.ts"
    unfinished = [m.findtext("source") for m in ET.parse(ts).getroot().iter("message")
                  if m.find("translation").get("type") == "unfinished" or not (m.findtext("translation") or "").strip()]
    assert unfinished == []


def test_the_cli_speaks_korean(capsys):
    from nnlab.cli import main

    try:
        assert main(["--lang", "ko", "steps", "seed-forward"]) == 0
    finally:
        i18n.set_language("en")
    out = capsys.readouterr().out
    assert CATALOG["{node} — weighted sum"].format(node=CATALOG["Output node {name}"].format(name="y₁")) in out


def test_qts_own_words_and_the_lock_tooltip_follow_the_language(qtbot, korean):
    from PySide6.QtWidgets import QWidget

    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "취소"  # Qt's qtbase_ko.qm
    w = build_window(source="seed-forward")
    try:
        w.set_locks(["learningRate"], [])
        tip = w.findChild(QWidget, "network").findChild(QWidget, "learningRate").toolTip()
        assert tip == QCoreApplication.translate("LockDialog", "Locked by the teacher") != "Locked by the teacher"
    finally:
        close_window(w)


def test_korean_names_of_activations_and_operators(qtbot, korean):
    from PySide6.QtWidgets import QCheckBox

    w = build_window(source="three-layer")
    try:
        combo = w.findChild(QComboBox, "activation1")
        names = {combo.itemData(i): combo.itemText(i) for i in range(combo.count())}
        assert names["sigmoid"] == "시그모이드" and names["identity"] == "항등 함수"
        assert names["relu"] == "ReLU" and names["tanh"] == "tanh"  # written as Korean textbooks write them
        assert w.pane.diagram.captions[1].endswith("· 시그모이드")  # the layer caption on the diagram
        w.open_source("activations")
        assert w.findChild(QCheckBox, "fn_step").text() == "계단 함수"
        assert w.findChild(QCheckBox, "fn_piecewise_linear").text() == "구간 선형 함수"
        assert "계단 함수" in w.findChild(QWidget, "readout").text()
        w.open_source("apple-shopping")
        ops = w.findChild(QComboBox, "opKind")
        assert {ops.itemData(i): ops.itemText(i) for i in range(ops.count())}["multiply"] == "곱셈  (×)"
    finally:
        close_window(w)
