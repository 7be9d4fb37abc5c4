"""Computational graphs of simple operations, DLFS chapter 5 style.

Each operation is a layer with ``forward`` (keeping what ``backward`` needs) and ``backward``
(upstream gradient in, one gradient per input out). A ``Graph`` is a list of ``Node``s: leaves
(``input`` and ``const``, holding a value) and operations naming their inputs by node id. It is
evaluated forward in topological order, then backward from the output, giving the gradient on
every edge (local derivative × upstream gradient) and on every node (the sum over its edges).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import numpy as np

from nnlab.i18n import _


class MulLayer:
    """z = x × y; ∂z/∂x = y, ∂z/∂y = x."""

    def forward(self, x, y):
        self.x, self.y = x, y
        return x * y

    def backward(self, dout):
        return dout * self.y, dout * self.x


class AddLayer:
    """z = x + y; both local derivatives are 1."""

    def forward(self, x, y):
        return x + y

    def backward(self, dout):
        return dout * 1.0, dout * 1.0


class ExpLayer:
    """y = exp(x); ∂y/∂x = exp(x) = y."""

    def forward(self, x):
        self.out = np.exp(x)
        return self.out

    def backward(self, dout):
        return (dout * self.out,)


class LogLayer:
    """y = log(x) (natural); ∂y/∂x = 1 / x."""

    def forward(self, x):
        self.x = x
        return np.log(x)

    def backward(self, dout):
        return (dout / self.x,)


class ReciprocalLayer:
    """y = 1 / x; ∂y/∂x = −1 / x² = −y²."""

    def forward(self, x):
        self.out = 1.0 / x
        return self.out

    def backward(self, dout):
        return (dout * -(self.out**2),)


class SubLayer:
    """z = x − y; ∂z/∂x = 1, ∂z/∂y = −1."""

    def forward(self, x, y):
        return x - y

    def backward(self, dout):
        return dout * 1.0, dout * -1.0


class DivLayer:
    """z = x / y; ∂z/∂x = 1 / y, ∂z/∂y = −x / y²."""

    def forward(self, x, y):
        self.x, self.y = x, y
        return x / y

    def backward(self, dout):
        return dout / self.y, dout * -self.x / self.y**2


class NegLayer:
    """y = −x; ∂y/∂x = −1."""

    def forward(self, x):
        return -x

    def backward(self, dout):
        return (dout * -1.0,)


class PowLayer:
    """y = xᵖ for a constant exponent p; ∂y/∂x = p·xᵖ⁻¹."""

    def __init__(self, exponent: float):
        self.p = exponent

    def forward(self, x):
        self.x = x
        return x**self.p

    def backward(self, dout):
        return (dout * self.p * self.x ** (self.p - 1),)


class TanhLayer:
    """y = tanh(x); ∂y/∂x = 1 − y²."""

    def forward(self, x):
        self.out = np.tanh(x)
        return self.out

    def backward(self, dout):
        return (dout * (1.0 - self.out**2),)


class ReluLayer:
    """y = max(0, x); ∂y/∂x = 1 where x > 0, else 0."""

    def forward(self, x):
        self.x = x
        return np.maximum(x, 0.0)

    def backward(self, dout):
        return (dout * (1.0 if self.x > 0 else 0.0),)


class SigmoidLayer:
    """y = σ(x) = 1 / (1 + exp(−x)); ∂y/∂x = y(1 − y)."""

    def forward(self, x):
        self.out = 1.0 / (1.0 + np.exp(-x))
        return self.out

    def backward(self, dout):
        return (dout * self.out * (1.0 - self.out),)


@dataclass(frozen=True)
class Op:
    layer: type
    arity: int
    symbol: str  # drawn in the node's box


OPS = {
    "add": Op(AddLayer, 2, "+"),
    "multiply": Op(MulLayer, 2, "×"),
    "exp": Op(ExpLayer, 1, "exp"),
    "log": Op(LogLayer, 1, "log"),
    "reciprocal": Op(ReciprocalLayer, 1, "1/x"),
    "sigmoid": Op(SigmoidLayer, 1, "σ"),
    "subtract": Op(SubLayer, 2, "−"),
    "divide": Op(DivLayer, 2, "÷"),
    "negate": Op(NegLayer, 1, "−x"),
    "power": Op(PowLayer, 1, "xᵖ"),
    "tanh": Op(TanhLayer, 1, "tanh"),
    "relu": Op(ReluLayer, 1, "ReLU"),
}
LEAVES = ("input", "const")
KINDS = LEAVES + tuple(OPS)
_ID = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,31}$")


@dataclass(frozen=True)
class Node:
    id: str
    op: str  # "input", "const" or a key of OPS
    inputs: tuple[str, ...] = ()
    value: float = 0.0  # leaves only
    exponent: float = 1.0  # power nodes only

    @property
    def is_leaf(self) -> bool:
        return self.op in LEAVES

    @property
    def symbol(self) -> str:
        """What the node's box shows: the operation's symbol, a power with its exponent."""
        return "x" + superscript(self.exponent) if self.op == "power" else OPS[self.op].symbol

    def layer(self):
        """A fresh layer computing this operation."""
        return PowLayer(self.exponent) if self.op == "power" else OPS[self.op].layer()


_SUPERSCRIPT = str.maketrans("0123456789-−.", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻⁻·")


def superscript(p: float) -> str:
    """An exponent as superscript: 3 → ³, −1 → ⁻¹, 0.5 → ⁰·⁵."""
    text = f"{p:.6g}" if p != int(p) else str(int(p))
    return text.translate(_SUPERSCRIPT)


class Graph:
    """Validated nodes in topological order; ValueError naming the node for anything wrong."""

    def __init__(self, nodes, output: str):
        self.nodes = {}
        for node in nodes:
            _check_node(node, self.nodes)
            self.nodes[node.id] = node
        if not self.nodes:
            raise ValueError(_("the graph has no nodes"))
        for node in self.nodes.values():
            for name in node.inputs:
                if name not in self.nodes:
                    raise ValueError(_("node '{node}' uses '{name}', which is not a node").format(
                        node=node.id, name=name))
        if output not in self.nodes:
            raise ValueError(_("output '{name}' is not a node").format(name=output))
        self.output = output
        self.order = _topological(self.nodes)

    def forward(self) -> tuple[dict[str, float], dict[str, object]]:
        """Every node's value, and the layer objects that computed them (for backward)."""
        values, layers = {}, {}
        for n in self.order:
            node = self.nodes[n]
            if node.is_leaf:
                values[n] = float(node.value)
                continue
            layer = node.layer()
            with np.errstate(all="ignore"):
                out = float(layer.forward(*(np.float64(values[s]) for s in node.inputs)))
            if not math.isfinite(out):
                args = ", ".join(f"{values[s]:.6g}" for s in node.inputs)
                raise ValueError(_("node '{node}': {op}({args}) is not a finite number").format(
                    node=n, op=node.op, args=args))
            values[n], layers[n] = out, layer
        return values, layers

    def backward(self, layers, seed: float = 1.0):
        """Gradients of the output: per node (summed over its edges) and per edge (dst, slot),
        in the order computed (reverse topological); an edge's value is local × upstream."""
        grads = {n: 0.0 for n in self.order}
        grads[self.output] = float(seed)
        edges = {}
        reachable = self.ancestors(self.output)
        for n in reversed(self.order):
            if n not in reachable or self.nodes[n].is_leaf:
                continue
            with np.errstate(all="ignore"):
                parts = layers[n].backward(np.float64(grads[n]))
            for slot, (src, g) in enumerate(zip(self.nodes[n].inputs, parts)):
                if not math.isfinite(g):
                    raise ValueError(_("node '{node}': the gradient towards '{src}' is not a finite number").format(
                        node=n, src=src))
                edges[(n, slot)] = float(g)
                grads[src] += float(g)
        return grads, edges

    def ancestors(self, node_id: str) -> set[str]:
        """The nodes the value of ``node_id`` depends on (itself included)."""
        seen, todo = set(), [node_id]
        while todo:
            n = todo.pop()
            if n not in seen:
                seen.add(n)
                todo.extend(self.nodes[n].inputs)
        return seen


def _check_node(node: Node, seen: dict) -> None:
    if not isinstance(node.id, str) or not _ID.match(node.id):
        raise ValueError(_("node id {id!r}: use a letter, then letters, digits or _ (at most 32)").format(
            id=node.id))
    if node.id in seen:
        raise ValueError(_("node '{node}': defined twice").format(node=node.id))
    if node.op not in KINDS:
        raise ValueError(_("node '{node}': unknown kind {op!r} (choose {kinds})").format(
            node=node.id, op=node.op, kinds=", ".join(KINDS)))
    arity = 0 if node.op in LEAVES else OPS[node.op].arity
    if len(node.inputs) != arity:
        raise ValueError(_("node '{node}': {op} takes {n} input(s), got {m}").format(
            node=node.id, op=node.op, n=arity, m=len(node.inputs)))
    if node.is_leaf and not math.isfinite(node.value):
        raise ValueError(_("node '{node}': the value must be a finite number").format(node=node.id))
    if not math.isfinite(node.exponent):
        raise ValueError(_("node '{node}': the exponent must be a finite number").format(node=node.id))


def _topological(nodes: dict[str, Node]) -> tuple[str, ...]:
    """Depth-first topological order (inputs before users); a cycle is a ValueError naming it."""
    order, state = [], {}  # state: 1 = on the current path, 2 = done

    def visit(n, path):
        if state.get(n) == 2:
            return
        if state.get(n) == 1:
            cycle = path[path.index(n):] + [n]
            raise ValueError(_("node '{node}' is part of a cycle: {cycle}").format(
                node=n, cycle=" → ".join(cycle)))
        state[n] = 1
        for src in nodes[n].inputs:
            visit(src, path + [n])
        state[n] = 2
        order.append(n)

    for n in nodes:
        visit(n, [])
    return tuple(order)
