"""The text and series panes: what they draw comes from the timeline, bad input is refused with the
field named, the LSTM trains in a Worker (progress, Cancel), and the window fits in presenter mode."""

import numpy as np
import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtWidgets import QPlainTextEdit, QProgressBar, QPushButton

import ui.panes.series as series_pane
from nnlab.labs import series as SL
from nnlab.labs import text as TL
from nnlab.presets import load_preset
from tests.ui.conftest import find, on_screen, settle
from tests.ui.diagram_labels import clipped, labels, overlaps
from ui.panes.series import Pane as SeriesPane
from ui.panes.text import Pane as TextPane


def make(qtbot, cls, lab, preset):
    p = cls()
    qtbot.addWidget(p)
    p.edits, p.messages = [], []
    p.configEdited.connect(lambda c: (p.edits.append(c), p.set_timeline(c, lab.build_timeline(c)), p.show_step(p.k)))
    p.message.connect(p.messages.append)
    cfg = load_preset(preset).config
    p.set_timeline(cfg, lab.build_timeline(cfg))
    p.resize(1280, 560)
    p.show()
    p.show_step(-1)
    return p


def test_tokens_view_draws_the_lookup_and_the_gradient(qtbot):
    p = make(qtbot, TextPane, TL, "text-embedding")
    t = p.timeline
    p.show_step(len(t) - 1)
    grids = p.grids.grids
    end = t.state_at(len(t) - 1)
    np.testing.assert_array_equal(grids["E"].values, t.base["E"])
    np.testing.assert_array_equal(p.y_values(), end["out"].reshape(-1, 3))
    np.testing.assert_array_equal(grids["dE"].values, end["grad:E"])
    lookup = next(k for k, s in enumerate(t.steps) if s.phase == "lookup")
    p.show_step(lookup)
    assert grids["onehot"].values[:, 0].tolist() == [0, 0, 1, 0, 0, 0, 0, 0, 0, 0]
    assert grids["E"].marks and grids["Y:0"].marks
    assert "7 나는" in p.grid_labels.texts().values()


def test_an_empty_sentence_is_refused_naming_the_field(qtbot):
    p = make(qtbot, TextPane, TL, "text-embedding")
    before = p.config
    find(p, "sentences", QPlainTextEdit).setPlainText("the cat\n ?! ")
    qtbot.mouseClick(find(p, "applyText", QPushButton), Qt.MouseButton.LeftButton)
    assert p.messages[-1].startswith("sentences[1]: the sentence is empty") and p.config == before and not p.edits


def test_the_words_move_in_the_scatter_as_the_transport_scrubs(qtbot):
    p = make(qtbot, TextPane, TL, "embedding-train")
    t = p.timeline
    p.show_step(0)
    start = np.column_stack(p.points.getData())
    p.show_step(len(t) - 1)
    end = np.column_stack(p.points.getData())
    np.testing.assert_allclose(end, t.state_at(len(t) - 1)["E"][2:])
    assert np.linalg.norm(end - start) > 1.0
    shown = set(p.word_labels.texts().values())
    assert {"good", "awful"} <= shown and len(shown) >= 0.5 * (len(p.data.vocab) - 2)


def test_switching_to_the_training_preset_draws_its_scatter(qtbot):
    p = make(qtbot, TextPane, TL, "text-embedding")  # a tokens view first: a resize came before the corpus
    cfg = load_preset("embedding-train").config
    p.set_timeline(cfg, TL.build_timeline(cfg))
    p.show_step(0)
    np.testing.assert_allclose(np.column_stack(p.points.getData()), p.timeline.state_at(0)["E"][2:])


def test_the_layer_graph_shows_every_shape_on_its_edges(qtbot):
    p = make(qtbot, TextPane, TL, "two-input-model")
    p.show_step(6)  # concatenate
    texts = set(p.graph_labels.texts().values())
    assert {"(2, 6)", "(2, 6, 3)", "(2, 2)", "(2, 4)", "(2, 3)"} <= texts
    assert p.boxes["concatenate"].pen().color() != p.boxes["dense"].pen().color()


def test_series_forecasts_drawn_and_a_bad_csv_refused(qtbot, tmp_path):
    p = make(qtbot, SeriesPane, SL, "lstm-vs-arima")
    t = p.timeline
    p.show_step(len(t) - 1)
    end = t.state_at(len(t) - 1)
    np.testing.assert_allclose(p.curves["arima"].getData()[1], end["arima"])
    np.testing.assert_allclose(p.curves["lstm"].getData()[1], end["lstm"])
    assert "RMSE: ARIMA 14.6341 | LSTM" in find(p, "seriesSummary").text()
    assert "ARIMA 14.6341 |" in t.steps[-1].formula  # the caption and the formula print it alike
    bad = tmp_path / "bad.csv"
    bad.write_text("month,count\n1,5\n2,many\n")
    assert not p.load_csv(bad, "count")
    assert p.messages[-1].startswith("column: bad.csv, line 3") and not p.edits
    good = tmp_path / "good.csv"
    good.write_text("v\n" + "".join(f"{np.sin(i / 3):.3f}\n" for i in range(60)))
    assert p.load_csv(good, "v") and p.config.source == "values" and len(p.config.values) == 60


def test_p_above_its_bound_is_refused(qtbot):
    p = make(qtbot, SeriesPane, SL, "arima-airline")
    before = p.config
    field = find(p, "series_p")
    field.setText("40")
    field.editingFinished.emit()
    assert p.messages and "p" in p.messages[-1] and p.config == before


def test_the_lstm_trains_in_a_worker_and_cancel_keeps_it(qtbot, monkeypatch):
    monkeypatch.setattr(series_pane, "TRAIN_ITERATIONS", 20)
    p = make(qtbot, SeriesPane, SL, "lstm-vs-arima")
    before = p.config
    qtbot.mouseClick(find(p, "trainLstm", QPushButton), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(find(p, "cancelTrain", QPushButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: find(p, "trainLstm", QPushButton).isEnabled(), timeout=30000)
    assert p.config == before
    qtbot.mouseClick(find(p, "trainLstm", QPushButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(p.edits), timeout=30000)
    assert find(p, "trainProgress", QProgressBar).value() == 1000
    assert p.config.lstm_weights != before.lstm_weights


@pytest.mark.parametrize("preset, view", [("text-embedding", "textGrids"), ("embedding-train", "embeddingScatter"),
                                          ("two-input-model", "layerGraph"), ("lstm-vs-arima", "seriesPlots")])
def test_fits_1280_by_800_in_presenter_mode(open_at, preset, view):
    w = open_at(preset, (1280, 800), 2.0)
    w.playhead.seek(len(w.state.timeline) // 2)
    settle()
    assert (w.width(), w.height()) == (1280, 800)
    assert on_screen(find(w, view), w) and on_screen(find(w, "formulaScroll"), w)  # a long formula scrolls
    assert find(w, view).width() > 0.4 * w.width()


@pytest.mark.parametrize("scale", [2.0, 3.0])
def test_token_grids_fill_the_canvas_with_labels_beside_them(open_at, scale):
    """At 2× and 3× on 1280×800: no row label on a grid or on another label, captions at least
    12 px, and the cells large enough for their numbers (at 3× they showed none)."""
    w = open_at("text-embedding", (1280, 800), scale)
    w.playhead.seek(5)  # one-hot × E: a lookup
    settle()
    p = find(w, "text", TextPane)
    grids = []  # in the ViewBox's pixels, as the labels are placed
    for g in p.grids.grids.values():
        (x0, x1), (y0, y1) = p.grid_labels.to_px([g.x(), g.x() + g.values.shape[1]], [g.y(), g.y() + g.values.shape[0]])
        grids.append(QRectF(x0, y0, x1 - x0, y1 - y0).normalized())
    placed = [QRectF(q.left, q.top, q.width, q.height) for q in p.grid_labels.placed]
    assert len(placed) == len(p.prep.vocab) + 2 * 6  # every row labelled
    for a, rect in enumerate(placed):
        assert not any(rect.intersects(g) for g in grids), p.grid_labels.placed[a].text
        assert not any(rect.intersects(other) for other in placed[a + 1:]), p.grid_labels.placed[a].text
    assert min(g.caption_px for g in p.grids.grids.values()) >= 12
    E = p.grids.grids["E"]
    assert [row for row in E.shown if all(row)] and E.shown[2] == ["1.3", "0.9", "−0.7"]


def test_layer_graph_and_word_labels_at_3x(open_at, tmp_path):
    """At 3× on 1280×800 each layer's label lies inside its box (boxes sized to their labels; they
    overflowed fixed boxes), no two labels overlap; the embedding's words keep labels beside their
    dots (a fixed 8-pixel offset put every one on its dot, so none was shown)."""
    w = open_at("two-input-model", (1280, 800), 3.0)
    w.playhead.seek(6)
    settle()
    p = find(w, "text", TextPane)
    found = labels(p)
    assert not overlaps(found) and not clipped(found)
    for q in p.graph_labels.placed:
        if q.key[0] == "box":
            (x0, x1), (y0, y1) = p.graph_labels.to_px(*zip(*(p.boxes[q.key[1]].rect().topLeft().toTuple(),
                                                             p.boxes[q.key[1]].rect().bottomRight().toTuple())))
            box = QRectF(x0, y0, x1 - x0, y1 - y0).normalized()
            assert box.contains(QRectF(q.left, q.top, q.width, q.height)), q.text
    assert w.open_source("embedding-train")
    w.playhead.seek(w.playhead.count - 2)
    settle()
    words = {q.text for q in p.word_labels.placed}
    assert {"wonderful", "boring"} <= words
    assert not overlaps(labels(p))
