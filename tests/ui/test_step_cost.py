"""What a step costs the whole window: a ratio of two cases timed in the same run, in this process's
CPU time (so it holds on a loaded machine; bench/step_latency.py measures the wall-clock times), and
the work a step leaves undone (the layout, the settings panel)."""

import time
from collections import Counter

import numpy as np
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QApplication, QComboBox, QToolButton, QWidget

from nnlab.formulas import num
from nnlab.functions import sigmoid
from nnlab.labs.network import Config, build_timeline
from tests.ui.conftest import find, settle

ROUNDS = 3  # alternating rounds of both cases; the median of all their steps
STEPS = 5  # steps timed per case and round, spread over the timeline


def network(sizes) -> Config:
    return Config.from_dict({"sizes": sizes, "activations": ["sigmoid"] * (len(sizes) - 1), "bias": True,
                             "input": np.linspace(0.0, 1.0, sizes[0]).round(3).tolist(),
                             "target": np.eye(sizes[-1])[0].tolist(), "loss": "mse", "learning_rate": 0.5,
                             "init": "xavier", "seed": 0})


def step_ms(window, k: int) -> float:
    """CPU ms from a click on "step" (from step k − 1) to the whole window repainted."""
    window.playhead.seek(k - 1)
    settle()
    start = time.process_time()
    find(window, "stepForward", QToolButton).click()
    QApplication.processEvents()
    window.grab()
    return (time.process_time() - start) * 1000


def test_a_dense_network_steps_within_four_times_the_seed_network(open_window):
    small = open_window("seed-forward", (1280, 800))
    dense = open_window("seed-forward", (1280, 800))
    config = network([64, 32, 10])
    dense.apply_config("network", config, build_timeline(config))
    settle()
    times = {small: [], dense: []}
    for window in times:  # warm-up: fonts, glyph caches, first layouts
        step_ms(window, 1)
    for _ in range(ROUNDS):
        for window in times:
            ks = np.linspace(1, window.playhead.count - 1, STEPS).astype(int)
            times[window] += [step_ms(window, int(k)) for k in ks]
    ratio = np.median(times[dense]) / np.median(times[small])
    assert ratio <= 4.0, f"64-32-10 {np.median(times[dense]):.1f} ms vs seed-forward {np.median(times[small]):.1f} ms"


def test_a_step_tells_the_values_table_only_the_rows_it_changed(open_window):
    window = open_window("seed-forward", (1280, 800))
    config = network([64, 32, 10])
    window.apply_config("network", config, build_timeline(config))
    window.playhead.seek(0)  # h₁'s weighted sum: h₁ and its 64 incoming edges highlighted
    settle()
    model = window.pane.model
    rows = set()
    model.dataChanged.connect(lambda first, last: rows.update(range(first.row(), last.row() + 1)))
    window.playhead.forward()  # h₁'s activation: its output appears, its edges lose the highlight
    h1, edges = model.node_row(1, 0), {model.edge_row(1, i, 0) for i in range(64)}
    assert rows == {h1} | edges  # of 2,474 rows
    state = window.state.timeline.state_at(1)
    assert state["out:1:0"] == sigmoid(state["sum:1:0"])
    assert model.data(model.index(h1, model.COLUMNS.index("out"))) == num(state["out:1:0"])


class Paints(QObject):
    """Counts the Paint events of the widgets it watches."""

    def __init__(self, widgets):
        super().__init__()
        self.count = Counter()
        for widget in widgets:
            widget.installEventFilter(self)

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.count[obj] += 1
        return False


def test_stepping_repaints_the_step_and_leaves_the_layout_and_settings_alone(open_window, qtbot):
    """64-32-10: a weighted sum's formula takes two lines, an activation's one; stepping from one
    to the other keeps the formula panel's height, so the pane is neither resized nor laid out
    again, and the settings panel's controls are not repainted — the diagram and formula are."""
    window = open_window("seed-forward", (1280, 800))
    config = network([64, 32, 10])
    window.apply_config("network", config, build_timeline(config))
    window.playhead.seek(0)  # h₁'s weighted sum
    settle()
    pane = window.pane
    controls = [w for w in pane.drawer().findChildren(QWidget)
                if isinstance(w, (QAbstractButton, QAbstractSpinBox, QComboBox)) and w.isVisible()]
    formula, diagram = window.formula.formulaLabel, pane.diagram.viewport()
    paints = Paints([*controls, formula, diagram])
    size, heights = pane.size(), set()
    for k in range(1, 7):  # activation, sum, activation, … of h₁…h₃
        before = paints.count[formula], paints.count[diagram]
        window.playhead.forward()
        qtbot.waitUntil(lambda: paints.count[formula] > before[0] and paints.count[diagram] > before[1])
        heights.add(window.formula.needed_height(window.formula.width()))
        assert pane.size() == size
    assert window.playhead.index == 6 and len(heights) == 2 and len(controls) > 5
    assert not any(paints.count[w] for w in controls)
