import json

import numpy as np
import pytest
import torch

from nnlab.graph import OPS, AddLayer, Graph, MulLayer, Node
from nnlab.labs.graph import Config, build_timeline

APPLE = {"nodes": [{"id": "apple", "op": "input", "value": 100}, {"id": "apple_num", "op": "input", "value": 2},
                   {"id": "tax", "op": "input", "value": 1.1},
                   {"id": "apple_price", "op": "multiply", "inputs": ["apple", "apple_num"]},
                   {"id": "price", "op": "multiply", "inputs": ["apple_price", "tax"]}], "output": "price"}
ORANGE = {"nodes": [{"id": "apple", "op": "input", "value": 100}, {"id": "apple_num", "op": "input", "value": 2},
                    {"id": "orange", "op": "input", "value": 150}, {"id": "orange_num", "op": "input", "value": 3},
                    {"id": "tax", "op": "input", "value": 1.1},
                    {"id": "apple_price", "op": "multiply", "inputs": ["apple", "apple_num"]},
                    {"id": "orange_price", "op": "multiply", "inputs": ["orange", "orange_num"]},
                    {"id": "all_price", "op": "add", "inputs": ["apple_price", "orange_price"]},
                    {"id": "price", "op": "multiply", "inputs": ["all_price", "tax"]}], "output": "price"}


def test_dlfs_layers_apple():
    mul_apple, mul_tax = MulLayer(), MulLayer()
    price = mul_tax.forward(mul_apple.forward(100, 2), 1.1)
    assert price == pytest.approx(220)
    dapple_price, dtax = mul_tax.backward(1)
    dapple, dapple_num = mul_apple.backward(dapple_price)
    assert (dapple, dapple_num, dtax) == pytest.approx((2.2, 110, 200))
    assert AddLayer().backward(1.3) == (1.3, 1.3)


def test_apple_shopping_timeline():
    t = build_timeline(Config.from_dict(APPLE))
    end = t.state_at(len(t) - 1)
    assert end["value:apple_price"] == 200 and end["value:price"] == pytest.approx(220)
    assert end["grad:apple"] == pytest.approx(2.2)
    assert end["grad:apple_num"] == pytest.approx(110)
    assert end["grad:tax"] == pytest.approx(200)
    assert [s.phase for s in t.steps] == ["forward"] * 2 + ["backward"] * 6
    assert t[0].formula == "apple_price = apple × apple_num = 100 × 2 = 200"
    assert t[1].formula == "price = apple_price × tax = 200 × 1.1 = 220"
    apple_step = next(s for s in t.steps if "egrad:apple_price:0" in s.values)
    assert apple_step.formula.endswith("1.1 × 2 = 2.2") and apple_step.formula.startswith("∂L/∂apple = ")
    assert apple_step.focus == ("edge:apple_price:0", "node:apple")
    assert "grad:apple" not in t.state_at(1)  # backward values only after the forward pass


def test_apple_orange_timeline():
    t = build_timeline(Config.from_dict(ORANGE))
    end = t.state_at(len(t) - 1)
    assert end["value:all_price"] == 650 and end["value:price"] == pytest.approx(715)
    expected = {"apple_num": 110, "apple": 2.2, "orange": 3.3, "orange_num": 165, "tax": 650}
    for name, g in expected.items():
        assert end[f"grad:{name}"] == pytest.approx(g), name
    assert end["egrad:all_price:1"] == pytest.approx(1.1)


def test_sigmoid_graph_derivative_emerges():
    d = {"nodes": [{"id": "x", "op": "input", "value": 0.7}, {"id": "m1", "op": "const", "value": -1},
                   {"id": "neg", "op": "multiply", "inputs": ["x", "m1"]}, {"id": "e", "op": "exp", "inputs": ["neg"]},
                   {"id": "one", "op": "const", "value": 1}, {"id": "d", "op": "add", "inputs": ["e", "one"]},
                   {"id": "y", "op": "reciprocal", "inputs": ["d"]}], "output": "y", "check": "sigmoid"}
    t = build_timeline(Config.from_dict(d))
    y = 1 / (1 + np.exp(-0.7))
    end = t.state_at(len(t) - 1)
    assert end["value:y"] == pytest.approx(y, abs=1e-15)
    assert end["grad:x"] == pytest.approx(y * (1 - y), abs=1e-15)
    assert t[-1].phase == "check"
    assert end["check:chained"] == pytest.approx(end["check:formula"], abs=1e-15)
    assert "equal" in t[-1].formula
    # constants get no backward step
    assert not any("node:m1" in s.focus or "node:one" in s.focus for s in t.steps if s.phase == "backward")


def test_shared_input_sums_its_edges():
    d = {"nodes": [{"id": "a", "op": "input", "value": 3}, {"id": "sq", "op": "multiply", "inputs": ["a", "a"]}],
         "output": "sq"}
    t = build_timeline(Config.from_dict(d))
    assert t.state_at(len(t) - 1)["grad:a"] == pytest.approx(6)
    assert "3 + 3 = 6" in t[-2].formula


def _random_graph(rng, n_inputs, n_ops):
    nodes = [Node(f"x{i}", "input", (), float(rng.uniform(0.5, 2.0))) for i in range(n_inputs)]
    ops = list(OPS)
    for j in range(n_ops):
        op = ops[rng.integers(len(ops))]
        ids = [n.id for n in nodes]
        k = OPS[op].arity
        picks = tuple(ids[i] for i in rng.integers(len(ids), size=k))
        nodes.append(Node(f"n{j}", op, picks, exponent=float(rng.choice([2, 3, -1, 0.5]))))
    return nodes


def _torch_grads(graph):
    t = {}
    for n in graph.order:
        node = graph.nodes[n]
        if node.is_leaf:
            t[n] = torch.tensor(node.value, dtype=torch.float64, requires_grad=True)
            continue
        a = [t[s] for s in node.inputs]
        t[n] = {"add": lambda: a[0] + a[1], "multiply": lambda: a[0] * a[1], "exp": lambda: torch.exp(a[0]),
                "log": lambda: torch.log(a[0]), "reciprocal": lambda: torch.reciprocal(a[0]),
                "sigmoid": lambda: torch.sigmoid(a[0]), "subtract": lambda: a[0] - a[1],
                "divide": lambda: a[0] / a[1], "negate": lambda: -a[0], "power": lambda: a[0] ** node.exponent,
                "tanh": lambda: torch.tanh(a[0]), "relu": lambda: torch.relu(a[0])}[node.op]()
    out = t[graph.output]
    leaves = [n for n in graph.order if graph.nodes[n].is_leaf]
    grads = torch.autograd.grad(out, [t[n] for n in leaves], allow_unused=True)
    return out.item(), {n: (0.0 if g is None else g.item()) for n, g in zip(leaves, grads)}


def test_gradients_match_torch_on_random_graphs():
    rng = np.random.default_rng(8)
    checked = 0
    while checked < 200:
        nodes = _random_graph(rng, int(rng.integers(1, 4)), int(rng.integers(1, 8)))
        graph = Graph(nodes, nodes[-1].id)
        try:
            values, layers = graph.forward()
        except ValueError:
            continue  # log of a negative number or an overflow: refused, as it should be
        out, expected = _torch_grads(graph)
        grads, _ = graph.backward(layers)
        assert values[graph.output] == pytest.approx(out, rel=1e-10, abs=1e-10)
        for n, g in expected.items():
            assert grads[n] == pytest.approx(g, rel=1e-10, abs=1e-10), (nodes, n)
        checked += 1


def test_cycle_and_dangling_reference_refused():
    nodes = [Node("a", "input", (), 1.0), Node("p", "add", ("a", "q")), Node("q", "exp", ("p",))]
    with pytest.raises(ValueError, match="node 'p' is part of a cycle: p → q → p"):
        Graph(nodes, "q")
    with pytest.raises(ValueError, match="node 'q' uses 'zz', which is not a node"):
        Graph([Node("a", "input", (), 1.0), Node("q", "exp", ("zz",))], "q")
    d = json.loads(json.dumps(APPLE))
    d["nodes"][4]["inputs"] = ["apple_price", "vat"]
    with pytest.raises(ValueError, match="^nodes: node 'price' uses 'vat'"):
        Config.from_dict(d)
    d["nodes"][3]["inputs"] = ["apple", "price"]
    d["nodes"][4]["inputs"] = ["apple_price", "tax"]
    with pytest.raises(ValueError, match="^nodes: node '(apple_price|price)' is part of a cycle"):
        Config.from_dict(d)


def test_config_refusals_and_round_trip():
    c = Config.from_dict(ORANGE)
    assert Config.from_dict(json.loads(json.dumps(c.to_dict()))) == c
    bad = [({**APPLE, "output": "nope"}, "^output:"),
           ({**APPLE, "nodes": []}, "^nodes:"),
           ({"nodes": [{"id": "a", "op": "input", "value": -1}, {"id": "l", "op": "log", "inputs": ["a"]}]},
            "^nodes: node 'l': log"),
           ({"nodes": [{"id": "a", "op": "input", "value": 0}, {"id": "r", "op": "reciprocal", "inputs": ["a"]}]},
            "^nodes: node 'r'"),
           ({"nodes": [{"id": "a", "op": "input", "value": 1}, {"id": "a", "op": "exp", "inputs": ["a"]}]},
            "defined twice"),
           ({"nodes": [{"id": "a", "op": "input", "value": 1}, {"id": "s", "op": "add", "inputs": ["a"]}]},
            "add takes 2 input"),
           ({"nodes": [{"id": "a", "op": "input", "value": 1}, {"id": "s", "op": "cube", "inputs": ["a"]}]},
            "unknown kind"),
           ({"nodes": [{"id": "1a", "op": "input", "value": 1}]}, "node id"),
           ({"nodes": [{"id": "a", "op": "input", "value": "x"}]}, r"^nodes\[0\].value"),
           ({**APPLE, "check": "sigmoid"}, "^check:")]
    for d, pattern in bad:
        with pytest.raises(ValueError, match=pattern):
            Config.from_dict(d)


@pytest.mark.parametrize("name, grads", [
    ("apple-shopping", {"apple": 2.2, "apple_num": 110, "tax": 200}),
    ("apple-orange", {"apple": 2.2, "apple_num": 110, "orange": 3.3, "orange_num": 165, "tax": 650}),
    ("sigmoid-graph", {"x": (1 / (1 + np.exp(-1.0))) * (1 - 1 / (1 + np.exp(-1.0)))}),
])
def test_presets(name, grads):
    from nnlab.presets import load_preset
    lab = load_preset(name)
    assert lab.lab == "graph"
    t = build_timeline(lab.config)
    end = t.state_at(len(t) - 1)
    for node, g in grads.items():
        assert end[f"grad:{node}"] == pytest.approx(g, rel=1e-12)


def test_every_lab_refuses_an_unknown_field_by_name():
    """The graph lab used to ignore a misspelt field; every lab now refuses it, naming it."""
    from nnlab.labs import LABS, lab_module
    from nnlab.presets import load_preset

    for lab, preset in zip(LABS, ("seed-forward", "xor-mlp", "logic-gates", "activations", "apple-shopping",
                                  "conv-basic", "pool-max", "lstm-basic", "optimizer-race")):
        data = {**load_preset(preset).config.to_dict(), "colour": 1}
        with pytest.raises(ValueError, match="^colour: unknown field$"):
            lab_module(lab).Config.from_dict(data)


def _end_state(preset):
    from nnlab.presets import load_preset
    t = build_timeline(load_preset(preset).config)
    return t, t.state_at(len(t) - 1)


def test_micrograd_sanity_check_matches_torch():
    """micrograd's test_sanity_check (test/test_engine.py) as a graph-lab file, against torch autograd."""
    x = torch.tensor([-4.0], dtype=torch.float64, requires_grad=True)
    z = 2 * x + 2 + x
    q = z.relu() + z * x
    h = (z * z).relu()
    y = h + q + q * x
    y.backward()
    t, end = _end_state("micrograd-sanity")
    assert abs(end["value:y"] - y.item()) < 1e-12
    assert abs(end["grad:x"] - x.grad.item()) < 1e-12
    assert end["value:y"] == -20.0 and end["grad:x"] == 46.0
    # x feeds four edges: the lab explains the order, and x's gradient grows edge by edge
    order = next(s for s in t.steps if s.title.startswith("Why a topological order"))
    assert "node:x" in order.focus and order.formula.endswith("y → qx → hq → h → zz → q → zx → rz → …")
    sums = [s.values["grad:x"] for s in t.steps if "grad:x" in s.values]
    assert sums == [40.0, 70.0, 62.0, 46.0]


def test_micrograd_more_ops_matches_torch():
    """micrograd's test_more_ops, with subtract, divide, negate, power and ReLU nodes."""
    a = torch.tensor([-4.0], dtype=torch.float64, requires_grad=True)
    b = torch.tensor([2.0], dtype=torch.float64, requires_grad=True)
    c = a + b
    d = a * b + b**3
    c = c + c + 1
    c = c + 1 + c + (-a)
    d = d + d * 2 + (b + a).relu()
    d = d + 3 * d + (b - a).relu()
    e = c - d
    f = e**2
    g = f / 2.0
    g = g + 10.0 / f
    g.backward()
    t, end = _end_state("micrograd-more-ops")
    assert abs(end["value:g"] - g.item()) < 1e-12
    assert abs(end["grad:a"] - a.grad.item()) < 1e-12
    assert abs(end["grad:b"] - b.grad.item()) < 1e-12
    assert "g = g1 + tf = 24.5 + 0.2041 = 24.7041" in [s.formula for s in t.steps]


@pytest.mark.parametrize("op, x, fn", [("tanh", 0.123, torch.tanh), ("relu", -1.5, torch.relu),
                                       ("relu", 2.0, torch.relu), ("negate", 3.0, torch.neg),
                                       ("power", 1.7, lambda v: v**-1.5), ("exp", 2.0, torch.exp)])
def test_unary_nodes_value_and_local_derivative(op, x, fn):
    node = {"id": "y", "op": op, "inputs": ["x"]} | ({"exponent": -1.5} if op == "power" else {})
    t = build_timeline(Config.from_dict({"nodes": [{"id": "x", "op": "input", "value": x}, node]}))
    xt = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    yt = fn(xt)
    yt.backward()
    end = t.state_at(len(t) - 1)
    assert abs(end["value:y"] - yt.item()) < 1e-15 and abs(end["grad:x"] - xt.grad.item()) < 1e-14


def test_b_equals_a_plus_a_and_power_round_trip():
    d = {"nodes": [{"id": "a", "op": "input", "value": 3.0}, {"id": "b", "op": "add", "inputs": ["a", "a"]},
                   {"id": "p", "op": "power", "inputs": ["b"], "exponent": 0.5}], "output": "p"}
    config = Config.from_dict(d)
    assert Config.from_dict(config.to_dict()) == config
    t = build_timeline(config)
    assert t[1].formula == "p = b⁰·⁵ = 6⁰·⁵ = 2.4495"
    grads = [s.values["grad:a"] for s in t.steps if "grad:a" in s.values]
    assert grads == pytest.approx([0.5 / 6**0.5, 1 / 6**0.5], abs=1e-15)
    assert "sum over its edges" in t[-2].formula
    with pytest.raises(ValueError, match=r"nodes\[2\].exponent"):
        Config.from_dict({**d, "nodes": d["nodes"][:2] + [{**d["nodes"][2], "exponent": None}]})


def test_two_hundred_node_graph():
    nodes = [{"id": "x", "op": "input", "value": 0.5}]
    for i in range(200):
        nodes.append({"id": f"n{i}", "op": ("tanh", "add")[i % 2], "inputs": [nodes[-1]["id"]] * (1 + i % 2)})
    t = build_timeline(Config.from_dict({"nodes": nodes}))
    xt = torch.tensor(0.5, dtype=torch.float64, requires_grad=True)
    v = xt
    for i in range(200):
        v = torch.tanh(v) if i % 2 == 0 else v + v
    v.backward()
    end = t.state_at(len(t) - 1)
    assert end["value:n199"] == pytest.approx(v.item(), rel=1e-12)
    assert end["grad:x"] == pytest.approx(xt.grad.item(), rel=1e-12)
