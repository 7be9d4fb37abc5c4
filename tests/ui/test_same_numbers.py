"""The same quantity prints the same way in the diagram, the table and the formula (issue 13)."""

from PySide6.QtWidgets import QTableWidget

from nnlab import formulas
from nnlab.labs import network, recurrent
from nnlab.presets import load_preset
from tests.ui.conftest import find
from ui.panes.network import Pane as NetworkPane
from ui.panes.recurrent import Pane as RecurrentPane


def network_pane(qtbot, config):
    pane = NetworkPane()
    qtbot.addWidget(pane)
    pane.set_timeline(config, network.build_timeline(config))
    pane.resize(1280, 560)
    pane.show()
    return pane


def delta_everywhere(pane, k):
    pane.show_step(k)
    step = pane.timeline[k]
    (key, value), = step.values.items()
    _, l, j = key.split(":")
    shown = formulas.num(value)
    label = pane.diagram.labels[("node", int(l), int(j))]
    row = pane.model.node_row(int(l), int(j))
    table = pane.model.data(pane.model.index(row, pane.model.COLUMNS.index("delta")))
    return shown, label, table, step.formula


def test_a_delta_reads_the_same_in_the_diagram_the_table_and_the_formula(qtbot):
    config = load_preset("seed-forward").config
    pane = network_pane(qtbot, config)
    shown, label, table, formula = delta_everywhere(pane, 5)
    assert shown == "0.1422" and f"δ {shown}" in label and table == shown and formula.endswith(f"= {shown}")
    tiny = config.edited(weights={"W1": [[9.0, 0.2], [0.3, 0.8]]})  # a saturated output: a tiny delta
    pane = network_pane(qtbot, tiny)
    shown, label, table, formula = delta_everywhere(pane, 5)
    assert shown == "1.062×10⁻⁴"  # not −0.0001 in one place and 1.062e−04 in another
    assert f"δ {shown}" in label and table == shown and formula.endswith(f"= {shown}")


def test_a_gradient_norm_reads_the_same_in_the_table_and_the_formula(qtbot):
    pane = RecurrentPane()
    qtbot.addWidget(pane)
    config = load_preset("lstm-trained").config
    timeline = recurrent.build_timeline(config)
    pane.set_timeline(config, timeline)
    pane.show()
    last = len(timeline) - 1
    pane.show_step(last)
    table = find(pane, "gradTable", QTableWidget)
    for k, step in enumerate(timeline.steps):
        if step.phase != "backward":
            continue
        t = int(step.focus[1].split(":")[1])
        shown = table.item_at(1, t - 1).text()  # row 1: the LSTM
        assert f"‖∂L/∂h{formulas.sub(t)}‖ = {shown} " in step.formula, (shown, step.formula)
    assert any("×10⁻" in table.item_at(1, t).text() for t in range(len(config.sequence)))
