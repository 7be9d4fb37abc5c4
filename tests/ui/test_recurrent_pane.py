"""The recurrent pane, alone and in the window, driven through objectNames."""

import json

import numpy as np
import pytest
import torch
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit, QProgressBar, QPushButton, QTableWidget, QToolButton

from nnlab import formulas
from nnlab.labs import recurrent as lab
from nnlab.presets import load_preset
from tests.ui.conftest import find, formula
from ui.panes.recurrent import Pane


@pytest.fixture
def pane(qtbot):
    p = Pane()
    qtbot.addWidget(p)
    edits, messages = [], []
    p.configEdited.connect(lambda c: (edits.append(c), p.set_timeline(c, lab.build_timeline(c))))
    p.message.connect(messages.append)
    p.edits, p.messages = edits, messages
    cfg = load_preset("lstm-basic").config
    p.set_timeline(cfg, lab.build_timeline(cfg))
    p.resize(1280, 560)
    p.show()
    return p


@pytest.fixture
def window(open_window):
    return open_window("lstm-basic", size=(1280, 800))


def type_into(qtbot, edit: QLineEdit, text: str):
    """Type ``text`` and press Return; in a window, wait for the new timeline (a lab whose last
    build was slow, say under a garbage collection, rebuilds in the background)."""
    edit.setFocus()
    edit.setText(text)
    qtbot.keyClick(edit, Qt.Key.Key_Return)
    if hasattr(edit.window(), "finish_building"):
        edit.window().finish_building()


def test_the_schematic_shows_the_current_gate_with_its_numbers(pane, qtbot):
    tl = pane.timeline
    k = 8  # time step 2, candidate g
    assert tl[k].focus == ("gate:g", "t:2")
    pane.show_step(k)
    state = tl.state_at(k)
    s = pane.schematic
    assert s.focus == "g" and s.header_text("g") == "g₂" and s.header_text("h_prev") == "h₁"
    # every column prints the formula's numbers (formulas.num, 4 decimals)
    assert s.number_texts("g") == [formulas.num(v) for v in state["gate:g:2"]]
    assert tl[k].formula.endswith(formulas.text(formulas.vector(state["gate:g:2"])))
    assert s.number_texts("f") == [formulas.num(v) for v in state["gate:f:2"]]
    assert s.number_texts("c") == ["", ""]  # c_2 comes in the next step
    assert s.number_texts("x") == ["0.5", ""]
    # the focused gate box wears the focus pen
    pens = [p.width() for p in s.boxes.data["pen"]]
    assert pens[2] > pens[0]  # gates drawn f, i, g, o
    # the grid's colours are the revealed values (clipped to ±1), top row first
    np.testing.assert_allclose(s.colours("g"), state["gate:g:2"])
    assert np.isnan(s.colours("c")).all()


def numbers_inside_their_cells(s):
    """Every grid number of the schematic ``s`` at a legible size, CELL_PAD pixels or more from
    each border of its cell."""
    from PySide6.QtGui import QFontMetricsF

    from ui.widgets.cell_schematic import CELL_PAD
    from ui.widgets.labels import MIN_PX

    unit = 1 / s.view.viewPixelSize()[0]
    for col in s.numbers:
        for item in col:
            f, text = item.textItem.font(), item.textItem.toPlainText()
            fm = QFontMetricsF(f)
            assert f.pixelSize() >= 0.8 * MIN_PX
            assert fm.horizontalAdvance(text) + 2 * CELL_PAD <= s.cell_w * unit, (text, f.pixelSize())
            assert fm.height() + 2 * CELL_PAD <= s.cell_h * unit, (text, f.pixelSize())


@pytest.mark.parametrize("scale", [1.0, 3.0])
def test_the_table_prints_the_formulas_numbers_in_full_at_any_scale(open_at, scale):
    """h₂ in the table reads as the formula writes it (0.2597, not 0.26), every number inside its
    cell at a legible size, at 1× and 3× on a 1280×800 projector."""
    w = open_at("lstm-basic", scale=scale)
    tl = w.state.timeline
    k = [s.focus for s in tl.steps].index(("gate:h", "t:2"))
    w.playhead.seek(k)
    s = find(w, "recurrent").schematic
    h2 = tl.state_at(k)["h:2"]
    assert s.number_texts("h") == [formulas.num(v) for v in h2]
    assert tl[k].formula.endswith(formulas.text(formulas.vector(h2)))
    numbers_inside_their_cells(s)


@pytest.mark.parametrize("scale", [1.0, 2.0, 3.0])
def test_powers_of_ten_keep_their_cells_padding_at_any_scale(open_at, scale):
    """lstm-trained's last step: δh₁ and δc₁ print ×10⁻⁵ numbers in 12 columns. The grid wraps
    into two bands (widening its cells as they need), so each number sits whole in its cell with
    CELL_PAD pixels to spare each side, at 1×, 2× and 3× on 1280×800."""
    w = open_at("lstm-trained", scale=scale)
    tl = w.state.timeline
    w.playhead.seek(len(tl) - 1)
    s = find(w, "recurrent").schematic
    grad = tl.state_at(len(tl) - 1)["grad:h:1"]
    assert s.number_texts("grad_h") == [formulas.num(v) for v in grad]
    assert any("×10⁻⁵" in text for text in s.number_texts("grad_h")) and len(s.columns) == 12
    assert s.bands == 2
    numbers_inside_their_cells(s)


def test_heat_maps_hold_every_revealed_gate_over_time(pane):
    tl = pane.timeline
    k = 15  # time step 3, cell state
    pane.show_step(k)
    state = tl.state_at(k)
    image = pane.heat_image.image
    h = pane.config.hidden_size
    rows = list(pane.rows)
    assert rows == ["f", "i", "g", "o", "c", "h"]
    f_block = image[0:h]
    np.testing.assert_allclose(f_block[:, 0], state["gate:f:1"])
    np.testing.assert_allclose(f_block[:, 2], state["gate:f:3"])
    assert np.isnan(f_block[:, 3]).all()  # time step 4 not reached
    c_block = image[4 * (h + 1): 4 * (h + 1) + h]
    np.testing.assert_allclose(c_block[:, 2], np.clip(state["c:3"], -1, 1))
    o_block = image[3 * (h + 1): 3 * (h + 1) + h]
    assert np.isnan(o_block[:, 2]).all()  # o_3 comes after c_3
    assert pane.heat_marker.value() == 3 and pane.heat_marker.isVisible()


def test_gradient_chart_and_table_show_rnn_lstm_gru(pane):
    tl = pane.timeline
    last = len(tl) - 1
    pane.show_step(last)
    state = tl.state_at(last)
    t_len = len(pane.config.sequence)
    for r, kind in enumerate(("rnn", "lstm", "gru")):
        xs, ys = pane.curves[kind].getData()  # log axis: log10 of the norms
        np.testing.assert_array_equal(xs, np.arange(1, t_len + 1))
        np.testing.assert_allclose(10 ** ys, [state[f"gradnorm:{kind}:{t}"] for t in range(1, t_len + 1)])
        table = find(pane, "gradTable", QTableWidget)
        assert [table.item_at(r, t).text() for t in range(t_len)] == [
            formulas.num(state[f"gradnorm:{kind}:{t}"]) for t in range(1, t_len + 1)]
        assert table.item_at(r, t_len - 1).text() == "1.4142"  # ‖∂L/∂h₆‖ = ‖(1, 1)‖ = √2
    title = pane.grad.titleLabel.text
    assert "L = Σⱼ (h₆)ⱼ" in title and "_" not in title  # the loss as the backward steps write it (T = 6)
    assert pane.grad.getAxis("left").labelText == "‖∂L/∂hₜ‖"
    pane.show_step(len(tl) - t_len)  # the first backward step: only t = T known
    xs, _ = pane.curves["lstm"].getData()
    assert list(xs) == [t_len]
    assert pane.schematic.focus == "grad_h"
    assert pane.schematic.number_texts("grad_h") == ["1", "1"]


def test_window_step_to_a_gate_and_read_its_formula(window, qtbot):
    forward = find(window, "stepForward", QToolButton)
    qtbot.mouseClick(forward, Qt.MouseButton.LeftButton)
    text = formula(window)
    state = window.state.timeline.state_at(0)
    assert text.startswith("Time step 1 — forget gate f\nf₁ = σ(W⁽ᶠ⁾·[h₀, x₁] + b⁽ᶠ⁾) = σ(W⁽ᶠ⁾·[0, 0 | 1] + b⁽ᶠ⁾)")
    assert text.endswith(formulas.text(formulas.vector(state["gate:f:1"])))
    for _ in range(3):
        qtbot.mouseClick(forward, Qt.MouseButton.LeftButton)
    text = formula(window)
    c1 = window.state.timeline.state_at(3)["c:1"]
    assert text.startswith("Time step 1 — cell state c\nc₁ = f₁ ⊙ c₀ + i₁ ⊙ g₁ = ") and text.endswith(formulas.text(formulas.vector(c1)))
    pane = find(window, "recurrent")
    assert pane.schematic.focus == "c" and pane.schematic.number_texts("c")[0] == formulas.num(c1[0])


def test_window_switch_cell_type_keeps_the_sequence(window, qtbot):
    pane = find(window, "recurrent")
    sequence = window.state.file.config.sequence
    combo = find(window, "cellType", QComboBox)
    combo.setCurrentIndex(combo.findData("gru"))
    combo.activated.emit(combo.currentIndex())
    window.finish_building()  # a loaded machine's slow last build rebuilds in the background (as type_into waits)
    cfg = window.state.file.config
    assert cfg.cell == "gru" and cfg.sequence == sequence
    assert pane.schematic.kind == "gru" and pane.rows == ("r", "z", "n", "h")
    window.playhead.seek(0)
    assert formula(window).startswith("Time step 1 — reset gate r\nr₁ = σ(W⁽ʳ⁾·[h₀, x₁] + b⁽ʳ⁾)")
    combo.setCurrentIndex(combo.findData("rnn"))
    combo.activated.emit(combo.currentIndex())
    window.finish_building()
    window.playhead.seek(0)
    assert formula(window).startswith("Time step 1 — hidden state h\nh₁ = tanh(W·[h₀, x₁] + b)")
    assert len(window.state.timeline) == 2 * len(sequence)


def test_window_change_the_sequence(window, qtbot):
    edit = find(window, "sequence", QLineEdit)
    type_into(qtbot, edit, "0.2, −0.4, 1.5")
    cfg = window.state.file.config
    assert cfg.sequence == ((0.2,), (-0.4,), (1.5,))
    window.playhead.seek(6)
    assert "[h₁, x₂]" in formula(window) and "| −0.4]" in formula(window)
    # a bad sequence is refused with the reason, the old one kept
    type_into(qtbot, edit, "1, two")
    assert window.state.file.config.sequence == ((0.2,), (-0.4,), (1.5,))
    assert "sequence: 'two' is not a number" in find(window, "message").text()
    assert edit.text() == "0.2, −0.4, 1.5"


def test_text_input_becomes_one_hot_characters(pane, qtbot):
    type_into(qtbot, find(pane, "sequenceText", QLineEdit), "abba")
    cfg = pane.edits[-1]
    assert cfg.text == "abba" and cfg.input_size == 2 and not find(pane, "inputSize").isEnabled()
    pane.show_step(0)
    assert pane.schematic.number_texts("x") == ["1", "0"] and pane.schematic.header_text("x") == "x₁ 'a'"
    type_into(qtbot, find(pane, "sequenceText", QLineEdit), "")
    assert pane.edits[-1].sequence == ((1.0, 0.0), (0.0, 1.0), (0.0, 1.0), (1.0, 0.0))


def test_sizes_and_seed_fields(pane, qtbot):
    type_into(qtbot, find(pane, "hiddenSize", QLineEdit), "3")
    assert pane.edits[-1].hidden_size == 3 and pane.schematic.rows == 3
    type_into(qtbot, find(pane, "inputSize", QLineEdit), "2")
    assert pane.edits[-1].input_size == 2 and pane.edits[-1].sequence[0] == (1.0, 0.0)
    type_into(qtbot, find(pane, "hiddenSize", QLineEdit), "9")
    assert pane.config.hidden_size == 3 and "hidden size: must be between 1 and 8" in pane.messages[-1]
    type_into(qtbot, find(pane, "seed", QLineEdit), "5")
    assert pane.edits[-1].seed == 5


def test_typed_and_loaded_weights(pane, qtbot, tmp_path):
    text = find(pane, "weightsText", QPlainTextEdit)
    data = json.loads(text.toPlainText())
    data["bias_ih"][0] = 0.75
    text.setPlainText(json.dumps(data))
    qtbot.mouseClick(find(pane, "applyWeights", QPushButton), Qt.MouseButton.LeftButton)
    assert pane.edits[-1].weights["bias_ih"][0] == 0.75
    assert "typed or loaded" in find(pane, "weightsSource").text()
    text.setPlainText('{"weight_ih": [[1]]}')
    qtbot.mouseClick(find(pane, "applyWeights", QPushButton), Qt.MouseButton.LeftButton)
    assert "weights.weight_ih: expected shape (8, 1), found (1, 1)" in pane.messages[-1]

    torch.manual_seed(1)
    tcell = torch.nn.LSTMCell(1, 2).double()
    path = tmp_path / "lstm.npz"
    np.savez(path, **{k: v.detach().numpy() for k, v in tcell.state_dict().items()})
    assert pane.load_weights(path)
    with torch.no_grad():
        h, c = tcell(torch.tensor([[1.0]], dtype=torch.float64))
    np.testing.assert_allclose(pane.timeline.state_at(5)["h:1"], h[0].numpy(), rtol=0, atol=1e-12)
    bad = tmp_path / "gru.npz"
    np.savez(bad, **{k: v.detach().numpy() for k, v in torch.nn.GRUCell(1, 2).state_dict().items()})
    n = len(pane.edits)
    assert not pane.load_weights(bad)
    assert "expected shape (8, 1), found (6, 1)" in pane.messages[-1] and len(pane.edits) == n
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    assert not pane.load_weights(broken)
    assert pane.messages[-1].startswith("broken.json: not valid JSON") and len(pane.edits) == n
    qtbot.mouseClick(find(pane, "randomWeights", QPushButton), Qt.MouseButton.LeftButton)
    assert pane.edits[-1].weights == "random"


def test_a_trained_lab_exports_and_imports_with_its_readout(pane, tmp_path):
    trained = load_preset("lstm-trained").config
    pane.set_timeline(trained, lab.build_timeline(trained))
    path = tmp_path / "trained.json"
    pane.export_weights(path)
    basic = load_preset("lstm-basic").config
    loaded = lab.weights_from_file(with_changes(basic, hidden_size=4), path)
    assert loaded.task == "sine" and loaded.weights == trained.weights


def with_changes(cfg, **changes):
    return type(cfg).from_dict({**cfg.to_dict(), **changes})


def test_exported_weights_load_into_torch(pane, tmp_path):
    path = tmp_path / "cell.npz"
    pane.export_weights(path)
    with np.load(path, allow_pickle=False) as archive:
        arrays = {k: torch.from_numpy(archive[k]) for k in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")}
        assert json.loads(str(archive["meta"]))["cell"] == "lstm"
    tcell = torch.nn.LSTMCell(1, 2).double()
    tcell.load_state_dict(arrays)
    with torch.no_grad():
        h, _ = tcell(torch.tensor([[1.0]], dtype=torch.float64))
    np.testing.assert_allclose(pane.timeline.state_at(5)["h:1"], h[0].numpy(), rtol=0, atol=1e-12)


def test_train_in_a_worker_then_the_gates_change(pane, qtbot):
    before = pane.timeline
    qtbot.mouseClick(find(pane, "train", QPushButton), Qt.MouseButton.LeftButton)
    assert find(pane, "cancelTrain", QPushButton).isEnabled()
    assert not find(pane, "cellType").isEnabled() and not find(pane, "applyWeights").isEnabled()
    qtbot.waitUntil(lambda: bool(pane.edits) and pane.edits[-1].task == "sine", timeout=30000)
    assert find(pane, "trainProgress", QProgressBar).value() == 1000
    assert "Trained 400 Adam steps" in find(pane, "trainStatus").text()
    cfg = pane.config
    assert cfg.weights != "random" and "y" in pane.schematic.columns
    trained = pane.timeline.state_at(len(pane.timeline) - 1)
    untrained = before.state_at(len(before) - 1)
    assert not np.allclose(trained["gate:f:1"], untrained["gate:f:1"])


def test_cancel_training_keeps_the_weights(pane, qtbot):
    qtbot.mouseClick(find(pane, "train", QPushButton), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(find(pane, "cancelTrain", QPushButton), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: find(pane, "train", QPushButton).isEnabled(), timeout=30000)
    assert find(pane, "trainStatus").text().startswith("Cancelled after")
    assert pane.config.weights == "random" and not pane.edits


def test_restyle_follows_theme_and_presenter_scale(pane):
    from PySide6.QtGui import QFontMetricsF

    from ui import style
    from ui.widgets.labels import MIN_PX

    pane.show_step(8)
    try:
        style.set_theme("high-contrast")
        style.set_scale(2.0)
        pane.restyle()
        assert pane.schematic.backgroundBrush().color().name() == "#000000"
        assert pane.schematic.lines.opts["pen"].widthF() == 5.0
        # fonts grow with the scale but never past what fits a grid cell at this size
        font = pane.schematic.numbers[0][0].textItem.font()
        px = 1 / pane.schematic.view.viewPixelSize()[0]
        assert 0.8 * MIN_PX <= font.pixelSize() <= 22
        for item in pane.schematic.numbers[pane.schematic.columns.index("f")]:
            text = item.textItem.toPlainText()
            assert len(text) == 6 and QFontMetricsF(font).horizontalAdvance(text) <= 0.95 * pane.schematic.cell_w * px
        assert pane.k == 8 and pane.schematic.focus == "g"
    finally:
        style.set_theme("light")
        style.set_scale(1.0)
    pane.restyle()
    assert pane.schematic.lines.opts["pen"].widthF() == 2.5


def test_plot_titles_fit_the_plots_at_3x(open_at):
    """pyqtgraph gives a title a minimum width of its text: at 3× the titles shrink to the plots'
    width, so no plot is pushed past its view."""
    w = open_at("lstm-basic", scale=3.0)
    pane = find(w, "recurrent")
    for plot in (pane.heat, pane.grad):
        assert plot.geometry().right() <= pane.plots.width() + 1
        assert plot.titleLabel.item.boundingRect().width() <= plot.vb.width() + 30
    # the chart's axis names at least the label floor at 3×
    from ui.widgets.labels import MIN_PX

    for side, name in (("left", "‖∂L/∂hₜ‖"), ("bottom", "time step t")):
        axis = pane.grad.getAxis(side)
        assert axis.labelText == name and int(axis.labelStyle["font-size"][:-2]) >= MIN_PX


def row_names_drawn(pane):
    """(text, rect in the plots' view pixels) of each row name the heat map's left axis draws (the
    rect a whole line of its font takes, centred where the axis centres the text)."""
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QFontMetricsF, QImage, QPainter

    axis = pane.heat.getAxis("left")
    font = axis.style["tickFont"]
    image = QImage(8, 8, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    painter.setFont(font)
    _axis, _ticks, texts = axis.generateDrawSpecs(painter)
    painter.end()
    fm = QFontMetricsF(font)
    found = []
    for rect, _flags, text in texts:
        centre = pane.plots.mapFromScene(axis.mapToScene(rect.center())).toPointF()
        whole = QRectF(0, 0, fm.horizontalAdvance(text), fm.height())
        whole.moveCenter(centre)
        found.append((text, whole))
    return found


@pytest.mark.parametrize("scale", [2.0, 3.0])
def test_heat_map_names_every_row_without_overlap(open_at, scale):
    """f, i, g, o, c, h (and a GRU's r, z, n, h) at a legible size on a 1280×800 projector: every
    row named, no two names overlapping, each inside the heat map's plot."""
    from PySide6.QtCore import QRectF

    from tests.ui.conftest import settle
    from ui.widgets.labels import MIN_PX

    w = open_at("lstm-basic", scale=scale)
    for preset, names in (("lstm-basic", ["f", "i", "g", "o", "c", "h"]), ("gru-basic", ["r", "z", "n", "h"])):
        if preset != "lstm-basic":
            w.open_source(preset)
            settle()
        w.playhead.seek(len(w.state.timeline) // 2)
        settle()
        pane = find(w, "recurrent")
        found = row_names_drawn(pane)
        assert [text for text, _ in found] == names
        assert pane.heat.getAxis("left").style["tickFont"].pixelSize() >= MIN_PX
        plot = pane.plots.mapFromScene(pane.heat.sceneBoundingRect()).boundingRect().toRectF()
        inside = plot.intersected(QRectF(pane.plots.viewport().rect()))
        for i, (text, rect) in enumerate(found):
            assert inside.contains(rect), (preset, text, rect, inside)
            for other, rect2 in found[i + 1:]:
                assert not rect.intersects(rect2), (preset, text, other)


@pytest.mark.parametrize("scale", [2.0, 3.0])
def test_gradient_table_fits_its_width_with_every_number_in_full(open_at, scale):
    """lstm-trained's norms reach ×10⁻⁵: at 2× and 3× on 1280×800 the table needs no sideways
    scrolling, each number reads as the formula writes it, wholly inside its cell, not below the floor."""
    from PySide6.QtGui import QFontMetricsF

    from tests.ui.conftest import settle
    from ui.widgets.band_table import PAD
    from ui.widgets.labels import MIN_PX

    w = open_at("lstm-trained", scale=scale)
    last = len(w.state.timeline) - 1
    w.playhead.seek(last)
    settle()
    table = find(w, "gradTable")
    state = w.state.timeline.state_at(last)
    columns = sum(table.columnWidth(j) for j in range(table.columnCount()))
    assert columns <= table.viewport().width() and not table.horizontalScrollBar().isVisible()
    fm = QFontMetricsF(table.font())
    assert table.font().pixelSize() >= MIN_PX
    t_len = len(w.state.file.config.sequence)
    assert table.band_size * -(-t_len // table.band_size) >= t_len
    texts = []
    for r, kind in enumerate(("rnn", "lstm", "gru")):
        for t in range(t_len):
            item = table.item_at(r, t)
            texts.append(item.text())
            assert item.text() == formulas.num(state[f"gradnorm:{kind}:{t + 1}"])
            assert fm.horizontalAdvance(item.text()) + PAD <= table.columnWidth(item.column())
    assert any("×10⁻" in text for text in texts)
    # the current step's band is in view: its header and its three rows
    t = int(w.state.timeline[last].focus[1][2:])
    first = table.item_at(0, t - 1).row() - 1
    for row in range(first, first + 4):
        top = table.rowViewportPosition(row)
        assert 0 <= top and top + table.rowHeight(row) <= table.viewport().height() + 1


def test_a_long_sequence_wraps_into_bands(qtbot):
    """Sixty steps cannot fit 400 pixels at the floor: the columns wrap into bands, each under its
    own header row, every number still in its own cell and no sideways scrolling."""
    from ui.widgets.band_table import BandTable
    from ui.widgets.labels import MIN_PX

    table = BandTable(["RNN", "LSTM", "GRU"])
    qtbot.addWidget(table)
    table.resize(400, 300)
    table.show()
    table.set_columns([f"t={t}" for t in range(1, 61)], ["1.2346×10⁻⁵"])
    per = table.band_size
    assert 1 <= per < 60 and table.px == MIN_PX
    assert table.rowCount() == 4 * -(-60 // per)
    table.set_text(2, 59, "1.2346×10⁻⁵")
    item = table.item_at(2, 59)
    assert item.text() == "1.2346×10⁻⁵" and item.row() == 4 * (59 // per) + 3 and item.column() == 59 % per
    assert table.item(4 * (59 // per), 59 % per).text() == "t=60"
    assert table.verticalHeaderItem(item.row()).text() == "GRU"
    assert sum(table.columnWidth(j) for j in range(table.columnCount())) <= table.viewport().width()
