"""NetworkDiagram alone, with synthetic arrays: buckets, level of detail, labels, hit-testing."""

import numpy as np
import pytest
from PySide6.QtCore import Qt

from ui.widgets.network_diagram import LOD_KEEP, N_WIDTHS, NetworkDiagram


def make(qtbot, sizes, seed=0):
    d = NetworkDiagram()
    qtbot.addWidget(d)
    d.resize(900, 560)
    d.show()
    qtbot.waitExposed(d)
    rng = np.random.default_rng(seed)
    weights = [rng.normal(size=(a, b)) for a, b in zip(sizes, sizes[1:])]
    d.set_layers(sizes, [f"layer {l}" for l in range(len(sizes))])
    d.set_weights(weights)
    return d, weights


def test_buckets_hold_every_edge_by_sign_and_width(qtbot):
    d, weights = make(qtbot, [64, 32, 10])
    counts = d.bucket_sizes()
    assert len(counts) == 2 * N_WIDTHS
    w = np.concatenate([W.ravel() for W in weights])
    assert sum(counts) == w.size == 64 * 32 + 32 * 10
    assert sum(counts[:N_WIDTHS]) == np.count_nonzero(w >= 0)
    assert sum(counts[N_WIDTHS:]) == np.count_nonzero(w < 0)
    # the strongest edge sits in the widest bucket of its sign
    strongest = w[np.argmax(np.abs(w))]
    assert counts[(N_WIDTHS if strongest < 0 else 0) + N_WIDTHS - 1] >= 1
    assert "2,368 edges" in d.lod_text()


def test_bucket_segments_join_the_right_layers(qtbot):
    d, weights = make(qtbot, [2, 2])
    x = np.concatenate([item.xData for item in d._buckets if item.xData is not None and len(item.xData)])
    assert x.size == 8  # 4 edges, 2 points each
    assert set(x[0::2]) == {0.0} and set(x[1::2]) == {1.0}


def test_large_network_draws_a_level_of_detail_with_a_note(qtbot):
    d, weights = make(qtbot, [784, 100, 10])
    assert sum(d.bucket_sizes()) == LOD_KEEP
    assert d.lod_text().startswith("showing 5,000 of 79,400 edges")
    # the kept edges are the strongest ones
    w = np.abs(np.concatenate([W.ravel() for W in weights]))
    assert w[d.drawn].min() >= np.sort(w)[-LOD_KEEP]
    # every incoming edge of the focused node is drawn too (glow item), even the weak ones
    d.set_state([np.zeros(n) for n in (784, 100, 10)], focus_nodes=[(1, 7)],
                focus_edges=[(1, i, 7) for i in range(784)])
    assert len(d._glow.xData) == 2 * 784
    assert len(d.labels[("node", 1, 7)]) > 0


def test_labels_show_values_and_gradients(qtbot):
    d, weights = make(qtbot, [2, 2])
    nan = np.nan
    d.set_state([np.array([1.0, 0.5]), np.array([0.7408, nan])], sums=[None, np.array([1.05, nan])],
                deltas=[None, np.array([0.125, nan])],
                grads=[np.array([[0.125, nan], [0.0625, nan]])], focus_nodes=[(1, 0)],
                focus_edges=[(1, 0, 0), (1, 1, 0)])
    assert d.labels[("node", 1, 0)] == "z 1.05  y 0.7408\nδ 0.125"
    assert d.labels[("node", 0, 1)] == "0.5"
    assert ("node", 1, 1) not in d.labels  # nothing revealed yet
    w00 = weights[0][0, 0]
    assert d.labels[("edge", 1, 0, 0)].startswith(f"{w00:.4f}".rstrip("0"))
    assert d.labels[("edge", 1, 0, 0)].endswith("∂ 0.125")
    assert "∂" not in d.labels[("edge", 1, 0, 1)]
    # the focus node gets the focus pen, others not
    pens = d._nodes.data["pen"]
    assert pens[2] is d._pens[3] and pens[3] is not d._pens[3]


def test_only_focused_edges_are_labelled_when_the_net_is_large(qtbot):
    d, weights = make(qtbot, [64, 32, 10])
    d.set_state([np.zeros(n) for n in (64, 32, 10)], focus_nodes=[(2, 3)],
                focus_edges=[(2, i, 3) for i in range(32)])
    edges = [k for k in d.labels if k[0] == "edge"]
    assert 0 < len(edges) <= 10 and all(k[1] == 2 and k[3] == 3 for k in edges)
    strongest = int(np.argmax(np.abs(weights[1][:, 3])))
    assert ("edge", 2, strongest, 3) in d.labels


@pytest.mark.parametrize("target", [(1, 0, 1), (1, 1, 0), (2, 2, 1)])
def test_clicking_an_edge_emits_its_indexes(qtbot, target):
    d, _ = make(qtbot, [2, 3, 2])
    x, y = d.edge_point(*target, t=0.4)
    assert d.item_at(x, y) == ("edge", *target)
    with qtbot.waitSignal(d.edgeClicked) as sig:
        qtbot.mouseClick(d.viewport(), Qt.MouseButton.LeftButton, pos=d.to_widget(x, y))
    assert tuple(sig.args) == target


def test_clicking_a_node_emits_it_and_empty_space_nothing(qtbot):
    d, _ = make(qtbot, [2, 3, 2])
    with qtbot.waitSignal(d.nodeClicked) as sig:
        qtbot.mouseClick(d.viewport(), Qt.MouseButton.LeftButton, pos=d.to_widget(*d.node_pos(1, 2)))
    assert sig.args == [1, 2]
    assert d.item_at(0.5, -0.1) is None


def test_hit_testing_in_a_large_network_uses_drawn_edges(qtbot):
    d, weights = make(qtbot, [784, 100, 10])
    e = int(d.drawn[-1])
    l, i, j = d.edge_of(e)
    assert weights[l - 1].ravel()[e - (784 * 100 if l == 2 else 0)] == weights[l - 1][i, j]
    x, y = d.edge_point(l, i, j, t=0.5)
    hit = d.item_at(x, y)
    assert hit is not None and hit[0] == "edge"
    # whatever edge is hit there passes within a few pixels of the point
    hx, hy = d.edge_point(*hit[1:], t=0.5)
    assert abs(hx - x) < 1e-9


def test_restyle_keeps_the_drawing(qtbot):
    from ui import style
    d, _ = make(qtbot, [2, 2])
    d.set_state([np.array([1.0, 0.5]), np.full(2, np.nan)])
    before = dict(d.labels)
    style.set_scale(2.0)
    try:
        d.restyle()
        assert d.labels == before
        assert d._pens[3].widthF() == pytest.approx(8.0)
    finally:
        style.set_scale(1.0)
        d.restyle()
