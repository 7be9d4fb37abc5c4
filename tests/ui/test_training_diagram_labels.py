"""The training lab's small network diagram: every layer keeps its title (shrunk, then shortened to
the notation's symbols, never dropped), and at each narrated mini-batch step the element the formula
names keeps its label, whole, showing the formula's result, clear of the other labels."""

import json

import pytest

from nnlab.presets import preset_path
from tests.ui.conftest import settle
from tests.ui.diagram_labels import clipped, labels, overlaps


def xor_with(tmp_path, hidden) -> str:
    data = json.loads(preset_path("xor-mlp").read_text(encoding="utf-8"))
    data["config"]["hidden"] = hidden
    path = tmp_path / f"xor-{'-'.join(map(str, hidden))}.nnlab"
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def named(step):
    """The diagram key of what the step's formula names (its first focus; a layer's: its first
    node), or None."""
    kind, *ix = step.focus[0].split(":") if step.focus else ("",)
    if kind in ("node", "edge"):
        return (kind, *map(int, ix))
    if kind == "layer" and ix[0] != "0":
        return ("node", int(ix[0]), 0)
    return None


def test_two_hidden_layers_keep_every_layer_title_at_epoch_steps(open_at, tmp_path):
    source = xor_with(tmp_path, [4, 4])
    for scale, titles in ((1.0, ["input", "hidden 1", "hidden 2", "output"]),
                          (2.0, ["input", "hidden 1", "hidden 2", "output"]),
                          (3.0, ["input", "hidden 1", "hidden 2", "output"])):  # the diagram's page: the whole width
        window = open_at(source, (1280, 800), scale)
        steps = window.state.timeline.steps
        window.playhead.seek(next(k for k, s in enumerate(steps) if s.phase == "epoch"))
        settle()
        if scale > 1:  # on a projector an epoch step shows the data plot and curves: the diagram is a click away
            window.pane.panelBar.tabBarClicked.emit(1)
            settle()
        diagram = window.pane.diagram
        assert diagram.isVisible()
        placed = {p.key: p.text for p in diagram._layer.placed if p.key[0] == "caption"}
        assert [placed.get(("caption", l)) for l in range(4)] == titles, (scale, placed)
        found = labels(window.pane)
        assert not overlaps(found) and not clipped(found), scale
        window.close()


@pytest.mark.parametrize("hidden, scale", [([4], 2.0), ([4], 3.0), ([16], 2.0)])
def test_the_named_element_keeps_its_label_at_every_narrated_step(open_at, tmp_path, hidden, scale):
    window = open_at(xor_with(tmp_path, hidden), (1280, 800), scale)
    steps = window.state.timeline.steps
    checked = 0
    for k, step in enumerate(steps):
        if step.phase == "epoch":
            break
        key = named(step)
        if key is None:
            continue
        window.playhead.seek(k)
        settle()
        label = window.pane.diagram.labels.get(key)
        result = step.formula.split("\n")[0].split("= ")[-1]  # the value the formula's first line ends on
        assert label is not None and result in label, (k, step.formula, key, window.pane.diagram.labels)
        found = labels(window.pane)
        assert not overlaps(found) and not clipped(found), (k, overlaps(found), clipped(found))
        checked += 1
    assert checked >= 8


def test_the_gradient_step_labels_w11_with_its_gradient_and_the_update_reads_old_to_new(open_at):
    window = open_at("xor-mlp", (1280, 800), 2.0)
    steps = window.state.timeline.steps
    k = next(i for i, s in enumerate(steps) if s.formula.startswith("∂E/∂w₁₁⁽¹⁾"))
    window.playhead.seek(k)
    settle()
    assert "= −2.623×10⁻⁴" in steps[k].formula
    assert window.pane.diagram.labels[("edge", 1, 0, 0)].endswith("∂ −2.623×10⁻⁴")
    window.playhead.seek(k + 1)  # w₁₁⁽¹⁾ = 0.7447 − 2 × (−2.623×10⁻⁴) = 0.7452
    settle()
    assert "0.7447 − 2 × (−2.623×10⁻⁴) = 0.7452" in steps[k + 1].formula
    assert window.pane.diagram.labels[("edge", 1, 0, 0)] == "0.7447  → 0.7452"
