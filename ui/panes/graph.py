"""The computational graph lab's pane: the graph diagram and a small editor to build graphs."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QComboBox, QFormLayout, QFrame, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QListWidget,
                               QListWidgetItem, QPushButton, QScrollArea, QVBoxLayout, QWidget)

from nnlab.graph import LEAVES, OPS, superscript
from nnlab.labs.graph import CHECKS, MAX_EXPONENT
from ui import style
from ui.panes.base import LabPane
from ui.style import fmt
from ui.terms import op_name
from ui.widgets.fields import NumberField
from ui.widgets.graph_diagram import GraphDiagram


class Pane(LabPane):
    lab = "graph"

    def __init__(self, parent=None):
        super().__init__(parent)
        self.diagram = GraphDiagram(self)
        self.diagram.nodeClicked.connect(self._select)
        side = QWidget()
        side.setObjectName("graphEditor")
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setWidget(side)
        self.scroll.setFixedWidth(340)
        col = QVBoxLayout(side)
        col.setContentsMargins(0, 0, 0, 0)

        box = QGroupBox(self.tr("Nodes"), side)
        v = QVBoxLayout(box)
        self.nodeList = QListWidget(box)
        self.nodeList.setObjectName("nodeList")
        self.nodeList.setMinimumHeight(120)
        self.nodeList.currentRowChanged.connect(self._selected)
        v.addWidget(self.nodeList, 1)
        row = QHBoxLayout()
        self.nodeValue = NumberField(0.0, -1e6, 1e6, label=self.tr("value"), parent=box)
        self.nodeValue.setObjectName("nodeValue")
        self.nodeValue.valueEdited.connect(self._set_value)
        self.nodeValue.refused.connect(self.message.emit)
        self.removeNode = QPushButton(self.tr("Remove"), box)
        self.removeNode.setObjectName("removeNode")
        self.removeNode.clicked.connect(self._remove)
        self.setOutput = QPushButton(self.tr("Set output"), box)
        self.setOutput.setObjectName("setOutput")
        self.setOutput.clicked.connect(self._set_output)
        self.valueLabel = QLabel(self.tr("Value"), box)
        row.addWidget(self.valueLabel)
        row.addWidget(self.nodeValue, 1)
        row.addWidget(self.removeNode)
        row.addWidget(self.setOutput)
        v.addLayout(row)
        col.addWidget(box, 1)

        box = QGroupBox(self.tr("Add an input"), side)
        f = QHBoxLayout(box)
        self.leafKind = QComboBox(box)
        self.leafKind.setObjectName("leafKind")
        self.leafKind.addItem(self.tr("input"), "input")
        self.leafKind.addItem(self.tr("constant"), "const")
        self.leafId = QLineEdit(box)
        self.leafId.setObjectName("leafId")
        self.leafId.setPlaceholderText(self.tr("name"))
        self.leafValue = NumberField(1.0, -1e6, 1e6, label=self.tr("value"), parent=box)
        self.leafValue.setObjectName("leafValue")
        self.leafValue.refused.connect(self.message.emit)
        self.addLeaf = QPushButton(self.tr("Add"), box)
        self.addLeaf.setObjectName("addLeaf")
        self.addLeaf.clicked.connect(self._add_leaf)
        for w, stretch in ((self.leafKind, 0), (self.leafId, 2), (self.leafValue, 1), (self.addLeaf, 0)):
            f.addWidget(w, stretch)
        col.addWidget(box)

        box = QGroupBox(self.tr("Add an operation"), side)
        g = QFormLayout(box)
        self.opKind = QComboBox(box)
        self.opKind.setObjectName("opKind")
        for op in OPS:
            self.opKind.addItem(f"{op_name(op)}  ({OPS[op].symbol})", op)
        self.opKind.currentIndexChanged.connect(self._kind_changed)
        self.opInputA = QComboBox(box)
        self.opInputA.setObjectName("opInputA")
        self.opInputB = QComboBox(box)
        self.opInputB.setObjectName("opInputB")
        self.opExponent = NumberField(2.0, -MAX_EXPONENT, MAX_EXPONENT, label=self.tr("exponent"), parent=box)
        self.opExponent.setObjectName("opExponent")
        self.opExponent.refused.connect(self.message.emit)
        self.opId = QLineEdit(box)
        self.opId.setObjectName("opId")
        self.opId.setPlaceholderText(self.tr("name (optional)"))
        self.addOp = QPushButton(self.tr("Add operation"), box)
        self.addOp.setObjectName("addOp")
        self.addOp.clicked.connect(self._add_op)
        g.addRow(self.tr("Kind"), self.opKind)
        g.addRow(self.tr("Input 1"), self.opInputA)
        g.addRow(self.tr("Input 2"), self.opInputB)
        g.addRow(self.tr("Exponent p"), self.opExponent)
        g.addRow(self.tr("Name"), self.opId)
        g.addRow(self.addOp)
        col.addWidget(box)

        box = QGroupBox(self.tr("Backward"), side)
        g = QFormLayout(box)
        self.dout = NumberField(1.0, -1e6, 1e6, label="∂L/∂out", parent=box)
        self.dout.setObjectName("dout")
        self.dout.valueEdited.connect(lambda v: self.edit_or_restore(dout=v))
        self.dout.refused.connect(self.message.emit)
        self.check = QComboBox(box)
        self.check.setObjectName("check")
        names = {"none": self.tr("none"), "sigmoid": self.tr("compare with σ' = y(1 − y)")}
        for check in CHECKS:
            self.check.addItem(names[check], check)
        self.check.activated.connect(lambda i: self.edit_or_restore(check=self.check.itemData(i)))
        g.addRow(self.tr("Gradient fed in"), self.dout)
        g.addRow(self.tr("Final check"), self.check)
        col.addWidget(box)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.diagram, 1)
        layout.addWidget(self.scroll)

    # ----- drawing ----------------------------------------------------------------------------
    def rebuild(self) -> None:
        graph = self.config.graph()
        nodes = [(n, graph.nodes[n].is_leaf, graph.nodes[n].inputs) for n in graph.order]
        symbols = {n: graph.nodes[n].symbol for n in graph.order if not graph.nodes[n].is_leaf}
        self.diagram.set_graph(nodes, symbols, self.config.output)
        current = self.nodeList.currentItem().data(Qt.ItemDataRole.UserRole) if self.nodeList.currentItem() else None
        self.nodeList.blockSignals(True)
        self.nodeList.clear()
        for node in self.config.nodes:
            if node.is_leaf:
                kind = self.tr("input") if node.op == "input" else self.tr("constant")
                text = f"{node.id} = {fmt(node.value, 6).replace('-', '−')}   ({kind})"
            elif len(node.inputs) == 2:
                text = f"{node.id} = {node.inputs[0]} {OPS[node.op].symbol} {node.inputs[1]}"
            elif node.op == "power":
                text = f"{node.id} = {node.inputs[0]}{superscript(node.exponent)}"
            else:
                text = f"{node.id} = {node.op}({node.inputs[0]})"
            if node.id == self.config.output:
                text += "   ← " + self.tr("output")
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, node.id)
            self.nodeList.addItem(item)
        ids = [n.id for n in self.config.nodes]
        self.nodeList.setCurrentRow(ids.index(current) if current in ids else len(ids) - 1)
        self.nodeList.blockSignals(False)
        self._selected(self.nodeList.currentRow())
        for combo in (self.opInputA, self.opInputB):
            keep = combo.currentText()
            combo.clear()
            combo.addItems(ids)
            combo.setCurrentIndex(ids.index(keep) if keep in ids else len(ids) - 1)
        self.dout.set_value(self.config.dout)
        self.check.setCurrentIndex(CHECKS.index(self.config.check))
        self._kind_changed()
        self.restyle_widgets()

    def show_step(self, k: int) -> None:
        super().show_step(k)
        state = self.revealed(k)
        graph_ids = [n.id for n in self.config.nodes]
        values = {n: state[f"value:{n}"] for n in graph_ids if f"value:{n}" in state}
        grads = {}
        for d, slot, _src in self.diagram.edges:
            key = f"egrad:{d}:{slot}"
            if key in state:
                grads[(d, slot)] = state[key]
        out_grad = state.get(f"grad:{self.config.output}")
        sums = {n: state[f"grad:{n}"] for n in self.diagram.shared if f"grad:{n}" in state}
        self.diagram.set_state(values, grads, out_grad, self.step_focus(k), sums)

    def restyle(self) -> None:
        self.diagram.restyle()
        super().restyle()

    def restyle_widgets(self) -> None:
        s = style.scale()
        f = self.font()
        f.setPointSizeF(10 * s)
        self.nodeList.setFont(f)
        self.scroll.setFixedWidth(int(340 * min(s, 1.3)))

    # ----- editing ----------------------------------------------------------------------------
    def _nodes(self) -> list[dict]:
        return self.config.to_dict()["nodes"]

    def _selected_id(self) -> str | None:
        item = self.nodeList.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def _select(self, node_id: str) -> None:
        ids = [n.id for n in self.config.nodes]
        if node_id in ids:
            self.nodeList.setCurrentRow(ids.index(node_id))

    def _selected(self, row: int) -> None:
        node = self.config.nodes[row] if self.config and 0 <= row < len(self.config.nodes) else None
        editable = node is not None and (node.is_leaf or node.op == "power")
        self.nodeValue.setEnabled(editable)
        self.valueLabel.setText(self.tr("Exponent p") if node is not None and node.op == "power" else self.tr("Value"))
        if editable:
            self.nodeValue.set_value(node.value if node.is_leaf else node.exponent)
        else:
            self.nodeValue.setText("")
        self.removeNode.setEnabled(node is not None)
        self.setOutput.setEnabled(node is not None)

    def _set_value(self, value: float) -> None:
        nid = self._selected_id()
        key = {**dict.fromkeys(LEAVES, "value"), "power": "exponent"}
        nodes = [{**n, key[n["op"]]: value} if n["id"] == nid and n["op"] in key else n for n in self._nodes()]
        self.edit_or_restore(nodes=nodes)

    def _remove(self) -> None:
        nid = self._selected_id()
        nodes = [n for n in self._nodes() if n["id"] != nid]
        if not nodes:
            self.message.emit(self.tr("A graph needs at least one node."))
            return
        output = self.config.output if self.config.output != nid else nodes[-1]["id"]
        users = [n["id"] for n in nodes if nid in n.get("inputs", ())]
        if users:
            self.message.emit(self.tr("Cannot remove '{node}': {users} use it (remove them first).").format(
                node=nid, users=", ".join(users)))
            return
        self.edit_or_restore(nodes=nodes, output=output)

    def _set_output(self) -> None:
        nid = self._selected_id()
        if nid:
            self.edit_or_restore(output=nid)

    def _fresh_id(self, stem: str) -> str:
        ids = {n.id for n in self.config.nodes}
        k = 1
        while f"{stem}{k}" in ids:
            k += 1
        return f"{stem}{k}"

    def _add_leaf(self) -> None:
        kind = self.leafKind.currentData()
        nid = self.leafId.text().strip() or self._fresh_id("x" if kind == "input" else "c")
        node = {"id": nid, "op": kind, "value": self.leafValue.value()}
        if self.edit_or_restore(nodes=[node] + self._nodes()):
            self.leafId.clear()

    def _add_op(self) -> None:
        op = self.opKind.currentData()
        inputs = [self.opInputA.currentText()] + ([self.opInputB.currentText()] if OPS[op].arity == 2 else [])
        nid = self.opId.text().strip() or self._fresh_id(op[:3])
        node = {"id": nid, "op": op, "inputs": inputs} | ({"exponent": self.opExponent.value()} if op == "power" else {})
        # the new node becomes the output when it uses the current output
        output = nid if self.config.output in inputs else self.config.output
        if self.edit_or_restore(nodes=self._nodes() + [node], output=output):
            self.opId.clear()

    def _kind_changed(self, *_args) -> None:
        op = self.opKind.currentData()
        self.opInputB.setEnabled(OPS[op].arity == 2)
        self.opExponent.setEnabled(op == "power")
