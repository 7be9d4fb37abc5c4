"""Computational graph lab: forward values node by node, then backward gradients edge by edge.

Element ids: ``node:<id>`` (a node), ``edge:<dst>:<slot>`` (the edge into input ``slot`` of
node ``dst``), ``edge:out`` (the output's outgoing edge, where the gradient enters).
Values: ``value:<id>`` (forward), ``grad:<id>`` (∂L/∂node, summed so far),
``egrad:<dst>:<slot>`` (the gradient carried by an edge), ``check:chained`` / ``check:formula``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from nnlab import formulas as F
from nnlab.formulas import num
from nnlab.graph import LEAVES, OPS, Graph, Node, superscript
from nnlab.i18n import _
from nnlab.steps import Step, Timeline
from nnlab.labs import MAX_ABS, check_fields, read_number

DEFAULT_PRESET = "apple-shopping"
CHECKS = ("none", "sigmoid")
MAX_NODES = 256
MAX_EXPONENT = 100  # a power node's constant exponent, |p| ≤ 100


@dataclass(frozen=True)
class Config:
    nodes: tuple[Node, ...]
    output: str
    dout: float = 1.0  # the gradient fed in at the output (DLFS's dprice)
    check: str = "none"  # "sigmoid": compare the chained ∂y/∂x with y(1 − y) at the end

    @classmethod
    def from_dict(cls, d: dict) -> Config:
        check_fields(d, {"nodes", "output", "dout", "check"})
        raw = d.get("nodes")
        if not isinstance(raw, list) or not raw:
            raise ValueError("nodes: " + _("must be a non-empty list"))
        if len(raw) > MAX_NODES:
            raise ValueError("nodes: " + _("at most {n} nodes").format(n=MAX_NODES))
        nodes = tuple(_node(i, item) for i, item in enumerate(raw))
        output = d.get("output", nodes[-1].id)
        if not isinstance(output, str) or output not in {n.id for n in nodes}:
            raise ValueError("output: " + _("{name!r} is not a node").format(name=output))
        dout = read_number("dout", d.get("dout", 1.0), -MAX_ABS, MAX_ABS)
        check = d.get("check", "none")
        if check not in CHECKS:
            raise ValueError("check: " + _("must be one of {names}").format(names=", ".join(CHECKS)))
        try:
            graph = Graph(nodes, output)
            graph.backward(graph.forward()[1], dout)
        except ValueError as exc:
            raise ValueError(f"nodes: {exc}") from None
        if check == "sigmoid" and len(_free_inputs(graph)) != 1:
            raise ValueError("check: " + _("the sigmoid check needs exactly one 'input' node feeding the output (x)"))
        return cls(nodes, output, dout, check)

    def to_dict(self) -> dict:
        nodes = []
        for n in self.nodes:
            if n.is_leaf:
                nodes.append({"id": n.id, "op": n.op, "value": n.value})
            elif n.op == "power":
                nodes.append({"id": n.id, "op": n.op, "inputs": list(n.inputs), "exponent": n.exponent})
            else:
                nodes.append({"id": n.id, "op": n.op, "inputs": list(n.inputs)})
        return {"nodes": nodes, "output": self.output, "dout": self.dout, "check": self.check}

    def graph(self) -> Graph:
        return Graph(self.nodes, self.output)


def _node(i: int, item) -> Node:
    if not isinstance(item, dict):
        raise ValueError(f"nodes[{i}]: " + _("must be an object with id and op"))
    node_id, op = item.get("id"), item.get("op")
    if not isinstance(node_id, str):
        raise ValueError(f"nodes[{i}].id: " + _("must be text"))
    if op in LEAVES:
        return Node(node_id, op, (), read_number(f"nodes[{i}].value", item.get("value"), -MAX_ABS, MAX_ABS))
    inputs = item.get("inputs")
    if not isinstance(inputs, list) or not all(isinstance(s, str) for s in inputs):
        raise ValueError(f"nodes[{i}].inputs: " + _("must be a list of node ids"))
    if op == "power":
        exponent = read_number(f"nodes[{i}].exponent", item.get("exponent"), -MAX_EXPONENT, MAX_EXPONENT)
        return Node(node_id, op, tuple(inputs), exponent=exponent)
    return Node(node_id, op if isinstance(op, str) else repr(op), tuple(inputs))


def _free_inputs(graph: Graph) -> list[str]:
    """The 'input' leaves the output depends on (constants excluded)."""
    above = graph.ancestors(graph.output)
    return [n for n in graph.order if n in above and graph.nodes[n].op == "input"]



def _joined(op: str, *items) -> F.Terms:
    """Operands joined by ``op`` (numbers as factors: negatives in parentheses)."""
    return F.Terms(tuple(F.Num(i) if isinstance(i, (int, float)) else i for i in items), op)


_BINARY = {"add": " + ", "multiply": " × ", "subtract": " − ", "divide": " / "}
_CALLS = {"tanh": "tanh", "exp": "exp", "log": "log"}


def _forward_formula(node: Node, v: dict) -> F.Eq:
    a, name, y = node.inputs, F.Text(node.id), F.Num(v[node.id])
    if node.op in _BINARY:
        op = _BINARY[node.op]
        return F.eq(name, F.Text(op.join(a)), _joined(op, v[a[0]], v[a[1]]), y)
    x = v[a[0]]
    if node.op == "negate":
        return F.eq(name, F.Text(f"−{a[0]}"), _joined("", F.Text("−"), x), y)
    if node.op == "power":
        p = superscript(node.exponent)
        return F.eq(name, F.Text(f"{a[0]}{p}"), _joined("", x, F.Text(p)), y)
    if node.op in _CALLS:
        fn = _CALLS[node.op]
        return F.eq(name, F.apply(fn, F.Text(a[0])), F.apply(fn, F.Num(x)), y)
    if node.op == "relu":
        return F.eq(name, F.apply("ReLU", F.Text(a[0])), F.apply("max", F.Num(0), F.Text(a[0])),
                    F.apply("max", F.Num(0), F.Num(x)), y)
    if node.op == "reciprocal":
        return F.eq(name, F.Text(f"1 / {a[0]}"), _joined(" / ", 1, x), y)
    return F.eq(name, F.apply("σ", F.Text(a[0])), F.Text(f"1 / (1 + exp(−{a[0]}))"),
                _joined(" / ", 1, F.Group(F.terms([F.Num(1), F.apply("exp", F.Num(-x))]))), y)


def _local(node: Node, slot: int, v: dict) -> tuple:
    """The local derivative of ``node`` with respect to input ``slot``: (symbolic, with numbers)."""
    src = node.inputs[slot]
    y = v[node.id]
    if node.op == "add":
        return F.Num(1), F.Num(1)
    if node.op == "multiply":
        other = node.inputs[1 - slot]
        return F.Text(other), F.Num(v[other])
    if node.op == "subtract":
        return (F.Num(1),) * 2 if slot == 0 else (F.Num(-1),) * 2
    if node.op == "divide":
        a, b = node.inputs
        if slot == 0:
            return F.Text(f"1 / {b}"), _joined(" / ", 1, v[b])
        return (F.Group(F.Text(f"−{a} / {b}²")),
                F.Group(_joined(" / ", _joined("", F.Text("−"), v[a]), _joined("", v[b], F.Text("²")))))
    if node.op == "negate":
        return (F.Num(-1),) * 2
    if node.op == "power":
        p = node.exponent
        q = "" if p == 2 else superscript(p - 1)
        return F.Text(f"{num(p)}·{src}{q}"), _joined(" × ", p, _joined("", v[src], F.Text(q)))
    if node.op == "tanh":
        return (F.Group(F.Text(f"1 − {node.id}²")),
                F.Group(_joined(" − ", 1, _joined("", y, F.Text("²")))))
    if node.op == "relu":
        return F.Group(F.Text(f"1 if {src} > 0, else 0")), F.Num(1 if v[src] > 0 else 0)
    if node.op == "exp":
        return F.apply("exp", F.Text(src)), F.Num(y)
    if node.op == "log":
        return F.Text(f"1 / {src}"), _joined(" / ", 1, v[src])
    if node.op == "reciprocal":
        return F.Group(F.Text(f"−{node.id}²")), F.Group(_joined("", F.Text("−"), y, F.Text("²")))
    return F.Text(f"{node.id}(1 − {node.id})"), F.product(F.Num(y), F.Group(F.terms([F.Num(1), F.Num(y)], " − ")))


def _backward_formula(node: Node, slot: int, upstream: float, g: float, v: dict) -> F.Eq:
    symbolic, numbers = _local(node, slot, v)
    return F.eq(F.Text(f"∂L/∂{node.inputs[slot]}"), F.product(F.Text(f"∂L/∂{node.id}"), symbolic),
                F.product(F.Num(upstream), numbers), F.Num(g))


def _order_step(graph: Graph, edges: dict) -> Step | None:
    """Why backward needs a (reverse) topological order, said when some node feeds several edges."""
    uses = {}
    for n, slot in edges:
        src = graph.nodes[n].inputs[slot]
        if graph.nodes[src].op != "const":
            uses[src] = uses.get(src, 0) + 1
    shared = [n for n in graph.order if uses.get(n, 0) > 1]
    if not shared:
        return None
    visits = [n for n in reversed(graph.order) if n in uses or n == graph.output]
    shown = " → ".join(visits[:8]) + (" → …" if len(visits) > 8 else "")
    return F.step("backward", _("Why a topological order: {nodes} feed several edges").format(nodes=", ".join(shared[:6])),
                  F.Text(_("a node's gradient sums all its edges, so it goes back only after every user: {order}").format(
                      order=shown)),
                  tuple(f"node:{n}" for n in shared), {})


def build_timeline(config: Config) -> Timeline:
    graph = config.graph()
    values, layers = graph.forward()
    grads, edges = graph.backward(layers, config.dout)
    base = {f"value:{n}": values[n] for n in graph.order if graph.nodes[n].is_leaf}
    steps = []
    for n in graph.order:
        node = graph.nodes[n]
        if node.is_leaf:
            continue
        focus = (f"node:{n}",) + tuple(f"edge:{n}:{i}" for i in range(len(node.inputs)))
        steps.append(F.step("forward", _("Forward: node {node} ({op})").format(node=n, op=node.symbol),
                            _forward_formula(node, values), focus, {f"value:{n}": values[n]}))
    out = graph.output
    steps.append(F.step("backward", _("Backward: start at the output {node}").format(node=out),
                        F.eq(F.Text(f"∂L/∂{out}"), F.Num(config.dout)), (f"node:{out}", "edge:out"),
                        {f"grad:{out}": config.dout}))
    order_step = _order_step(graph, edges)
    if order_step is not None:
        steps.append(order_step)
    running = {out: config.dout}
    for (n, slot), g in edges.items():
        node = graph.nodes[n]
        src = node.inputs[slot]
        if graph.nodes[src].op == "const":
            continue
        formula = _backward_formula(node, slot, grads[n], g, values)
        if src in running:
            total = running[src] + g
            total_expr = F.eq(F.Text(f"∂L/∂{src}"), F.terms([F.Num(running[src]), F.Num(g)]), F.Num(total))
            formula = F.seq([formula, F.terms([F.Text(_("sum over its edges:")), total_expr], " ")], "; ")
            running[src] = total
        else:
            running[src] = g
        steps.append(F.step("backward", _("Backward: edge {src} → {dst}").format(src=src, dst=n), formula,
                            (f"edge:{n}:{slot}", f"node:{src}"),
                            {f"egrad:{n}:{slot}": g, f"grad:{src}": running[src]}))
    leaves = [n for n in graph.order if graph.nodes[n].op == "input" and n in running]
    if config.check == "sigmoid":
        x = _free_inputs(graph)[0]
        y = values[out]
        expected = y * (1.0 - y)
        chained = grads[x] / config.dout if config.dout else grads[x]
        same = math.isclose(chained, expected, rel_tol=1e-9, abs_tol=1e-12)
        verdict = _("equal: the chain of primitive nodes gives σ′(x) = y(1 − y)") if same else _("different")
        derivative = F.product(F.Num(y), F.Group(F.terms([F.Num(1), F.Num(y)], " − ")))
        formula = F.seq([F.eq(F.Text(f"∂{out}/∂{x}"), F.Num(chained)),
                         F.terms([F.eq(F.Text(f"{out}(1 − {out})"), derivative, F.Num(expected)), F.Text(verdict)],
                                 "  — ")], ";  ")
        steps.append(F.step("check", _("The derivative y(1 − y) emerges"), formula,
                            (f"node:{x}", f"node:{out}"), {"check:chained": chained, "check:formula": expected}))
    elif leaves:
        steps.append(F.step("backward", _("Backward done: the gradient of every input"),
                            F.seq([F.eq(F.Text(f"∂L/∂{n}"), F.Num(grads[n])) for n in leaves], ",  "),
                            tuple(f"node:{n}" for n in leaves), {}))
    return Timeline("graph", steps, base, title=_("Computational graph"))
