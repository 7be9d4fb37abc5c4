"""The network lab's pane: the diagram on the left; editing controls and every number on the right.

It draws ``timeline.state_at(k)`` with the ids of ``docs/ARCHITECTURE.md`` (node:l:j,
edge:l:i:j, bias:l:j, loss; values sum:l:j, out:l:j, delta:l:j, error:l:j, grad:l:j, gradb:l:j,
new:l:j, newb:l:j, W{l}', b{l}', loss'). Each edit builds a new Config through ``LabPane.edit``;
the window rebuilds the timeline. Nothing here is O(edges) Python per step: per-step values are
gathered per node, the diagram re-buckets edges only when the weights change, and the values
table is a virtual model that formats only the rows on screen.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPoint, Qt
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QFormLayout, QFrame, QGridLayout,
                               QGroupBox, QHBoxLayout, QHeaderView, QLabel, QPushButton, QScrollArea,
                               QSpinBox, QSplitter, QTableView, QToolButton, QVBoxLayout, QWidget)

from nnlab import formulas
from nnlab.functions import ACTIVATIONS
from nnlab.io import FormatError, export_weights, load_weights
from nnlab.labs.network import MAX_NODES, OUTPUT_ACTIVATIONS, bias_name, node_name, weight_name
from ui import style
from ui.panes.base import LabPane
from ui.style import fmt
from ui.terms import activation_name
from ui.widgets.fields import NumberField
from ui.widgets.labels import font, num
from ui.widgets.network_diagram import NetworkDiagram

MAX_FIELDS = 16  # inputs/targets get a field each up to this many; beyond, the values table edits them
MAX_RUNS = 128  # a step's changed rows are announced run by run up to this many runs; beyond, as one span


@dataclass
class StepValues:
    """Per-layer arrays of what step k reveals (NaN where nothing is revealed yet)."""

    W0: list  # the config's weights W1..WL (what edits change)
    W: list  # the weights drawn: W0, or the updated ones after the final step
    b0: list  # the config's biases per layer (None for the input layer or without bias)
    b: list  # the biases drawn: b0, or the updated ones after the final step
    sums: list
    outs: list
    deltas: list
    grads: list  # per weight matrix, (n_{l−1}, n_l)
    gradb: list
    new: list
    newb: list
    t: np.ndarray
    loss: float
    loss_after: float
    final: bool


class ValuesModel(QAbstractTableModel):
    """Every number of the network, one row per node then one per edge, formatted on demand.

    A step's numbers are held as two arrays (``table_numbers``); a new step tells the view only
    the rows whose numbers or highlight changed, and each row's texts are formatted once."""

    COLUMNS = ("element", "value", "sum", "out", "target", "delta", "grad", "new")
    NODE_COLUMNS = COLUMNS[1:]  # the numbers of a node row
    EDGE_COLUMNS = ("value", "grad", "new")  # … of an edge row (the others stay empty)
    RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    READ_ONLY = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
    EDITABLE = READ_ONLY | Qt.ItemFlag.ItemIsEditable

    def __init__(self, pane: Pane):
        super().__init__(pane)
        self.pane = pane
        self.sizes: tuple[int, ...] = ()
        self.v: StepValues | None = None
        self.focus_rows: set[int] = set()
        self.delta_symbol = "δ"
        self._node_off = np.zeros(1, dtype=np.intp)
        self._edge_off = np.zeros(1, dtype=np.intp)
        self._nodes = self._edges = None  # table_numbers of the step shown
        self._texts: dict[int, tuple] = {}  # row → its display texts, formatted when first asked for

    def reset(self, sizes) -> None:
        self.beginResetModel()
        self.sizes = tuple(sizes)
        self._node_off = np.concatenate([[0], np.cumsum(self.sizes)]).astype(np.intp)
        counts = [a * b for a, b in zip(self.sizes, self.sizes[1:])]
        self._edge_off = np.concatenate([[0], np.cumsum(counts)]).astype(np.intp)
        self.v = None
        self.focus_rows = set()  # rows of the old shape: a new step highlights its own
        self._nodes = self._edges = None
        self._texts = {}
        self.endResetModel()

    def table_numbers(self, v: StepValues) -> tuple[np.ndarray, np.ndarray]:
        """(nodes × NODE_COLUMNS, edges × EDGE_COLUMNS) arrays of what the table shows (NaN: empty)."""
        sizes, L = self.sizes, len(self.sizes) - 1
        nodes = np.full((int(self._node_off[-1]), len(self.NODE_COLUMNS)), np.nan)
        for l, n in enumerate(sizes):
            rows = nodes[self._node_off[l]:self._node_off[l + 1]]
            value = v.outs[0] if l == 0 else v.b0[l]
            if value is not None:
                rows[:, 0] = value
            if l == 0:
                continue
            if l == L:
                rows[:, 3] = v.t
            for col, arrays in ((1, v.sums), (2, v.outs), (4, v.deltas), (5, v.gradb), (6, v.newb)):
                if arrays[l] is not None:
                    rows[:, col] = arrays[l]
        edges = np.column_stack([np.concatenate([m.ravel() for m in ms]) if ms else np.zeros(0)
                                 for ms in (v.W0, v.grads, v.new)])
        return nodes, edges

    def set_values(self, v: StepValues, focus_rows, delta_symbol) -> None:
        symbol_changed = delta_symbol != self.delta_symbol
        nodes, edges = self.table_numbers(v)
        if self._nodes is None or self._nodes.shape != nodes.shape or self._edges.shape != edges.shape:
            changed = np.arange(self.rowCount())
        else:
            def differ(a, b):
                return ((a != b) & ~(np.isnan(a) & np.isnan(b))).any(axis=1)
            changed = np.flatnonzero(np.concatenate([differ(self._nodes, nodes), differ(self._edges, edges)]))
        mask = np.zeros(max(len(nodes) + len(edges), self.rowCount()), bool)  # a union without numpy.ma at first paint
        mask[changed] = True
        mask[list(self.focus_rows ^ set(focus_rows))] = True
        changed = np.flatnonzero(mask)
        self.v, self.focus_rows, self.delta_symbol = v, focus_rows, delta_symbol
        self._nodes, self._edges = nodes, edges
        for row in changed.tolist():
            self._texts.pop(row, None)
        runs = np.split(changed, np.flatnonzero(np.diff(changed) > 1) + 1) if len(changed) else []
        if len(runs) > MAX_RUNS:
            runs = [changed[[0, -1]]]
        for run in runs:  # the view repaints the changed rows on screen, and asks only for them
            self.dataChanged.emit(self.index(int(run[0]), 0), self.index(int(run[-1]), len(self.COLUMNS) - 1))
        if symbol_changed:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self.COLUMNS) - 1)

    def name(self, l: int, j: int) -> str:
        return node_name(l, j, len(self.sizes) - 1)

    # rows ↔ elements
    def node_row(self, l: int, j: int) -> int:
        return int(self._node_off[l] + j)

    def edge_row(self, l: int, i: int, j: int) -> int:
        return int(self._node_off[-1] + self._edge_off[l - 1] + i * self.sizes[l] + j)

    def element(self, row: int) -> tuple:
        n_nodes = int(self._node_off[-1])
        if row < n_nodes:
            l = int(np.searchsorted(self._node_off, row, side="right")) - 1
            return ("node", l, row - int(self._node_off[l]))
        e = row - n_nodes
        l = int(np.searchsorted(self._edge_off, e, side="right"))
        i, j = divmod(e - int(self._edge_off[l - 1]), self.sizes[l])
        return ("edge", l, i, j)

    # Qt model interface
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else int(self._node_off[-1] + self._edge_off[-1])

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = (self.tr("element"), self.tr("w / b / x"), "z", self.tr("y"), self.tr("t"),
                  self.delta_symbol, self.tr("∂E/∂w·b"), self.tr("new"))
        return titles[section]

    def flags(self, index):
        kind = self.element(index.row())
        col = self.COLUMNS[index.column()]
        if col == "value" and (kind[0] == "edge" or kind[1] == 0 or self.pane.config.bias):
            return self.EDITABLE
        if col == "target" and kind[0] == "node" and kind[1] == len(self.sizes) - 1:
            return self.EDITABLE
        return self.READ_ONLY

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if self.v is None or not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            row = index.row()
            texts = self._texts.get(row)
            if texts is None:
                texts = self._texts[row] = self._row_texts(row)
            return texts[index.column()]
        if role == Qt.ItemDataRole.BackgroundRole:
            return style.color("focus", 90) if index.row() in self.focus_rows else None
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return self.RIGHT if index.column() > 0 else None
        if role == Qt.ItemDataRole.EditRole:
            value = self._number(index.row(), index.column())
            return self._row_texts(index.row())[0] if index.column() == 0 else "" if math.isnan(value) else fmt(value, 6)
        return None

    def _number(self, row: int, column: int) -> float:
        n_nodes = len(self._nodes)
        if row < n_nodes:
            return float(self._nodes[row, column - 1])
        col = self.COLUMNS[column]
        return float(self._edges[row - n_nodes, self.EDGE_COLUMNS.index(col)]) if col in self.EDGE_COLUMNS else math.nan

    def _row_texts(self, row: int) -> tuple[str, ...]:
        """The row's texts: its element's name, then each number as every screen prints it."""
        el = self.element(row)
        if el[0] == "node":
            name = self.name(el[1], el[2])
        else:
            _, l, i, j = el
            name = f"{weight_name(l, i, j, len(self.sizes) - 1)}: {self.name(l - 1, i)} → {self.name(l, j)}"
        numbers = [self._number(row, c) for c in range(1, len(self.COLUMNS))]
        return (name, *("" if math.isnan(x) else num(x) for x in numbers))

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole:
            return False
        el = self.element(index.row())
        col = self.COLUMNS[index.column()]
        text = str(value).strip()
        try:
            number = formulas.parse(text)
            if not math.isfinite(number):
                raise ValueError
        except ValueError:
            self.pane.message.emit(self.tr("'{text}' is not a number").format(text=text))
            return False
        if el[0] == "edge":
            return self.pane.edit_weight(*el[1:], number)
        _, l, j = el
        if col == "target":
            return self.pane.edit_vector("target", j, number)
        return self.pane.edit_vector("input", j, number) if l == 0 else self.pane.edit_bias(l, j, number)


class ElementEditor(QFrame):
    """A small editor that pops up over the diagram for the clicked edge or node. Esc closes
    it; ``refresh()`` shows the values again after the lab changed (an undo, say)."""

    def __init__(self, pane: Pane):
        super().__init__(pane)
        self.pane = pane
        self.setObjectName("elementEditor")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.layout_ = QFormLayout(self)
        self.layout_.setContentsMargins(8, 4, 8, 6)
        head = QHBoxLayout()
        self.title = QLabel(self)
        self.title.setObjectName("editorTitle")
        close = QToolButton(self)
        close.setObjectName("editorClose")
        close.setText("×")
        close.setToolTip(self.tr("Close"))
        close.clicked.connect(self.close_editor)
        self.fields: list[tuple[NumberField, object]] = []  # each field and what reads its value
        head.addWidget(self.title, 1)
        head.addWidget(close)
        self.layout_.addRow(head)
        self.hide()

    def open(self, title: str, fields, at: QPoint) -> None:
        """``fields``: (label, objectName, read, callback) rows, each a NumberField showing ``read()``."""
        while self.layout_.rowCount() > 1:
            self.layout_.removeRow(1)
        self.fields = []
        self.title.setText(title)
        self.title.setFont(font(10, bold=True))
        first = None
        for label, name, read, callback in fields:
            field = NumberField(read(), label=label, parent=self)
            self.fields.append((field, read))
            field.setObjectName(name)
            field.valueEdited.connect(callback)
            field.valueEdited.connect(lambda _: self.pane.diagram.setFocus())  # Space/arrows step again
            field.refused.connect(self.pane.message.emit)
            self.layout_.addRow(label, field)
            first = first or field
        self.adjustSize()
        x = min(max(0, at.x() + 12), max(0, self.pane.width() - self.width()))
        y = min(max(0, at.y() + 12), max(0, self.pane.height() - self.height()))
        self.move(x, y)
        self.show()
        self.raise_()
        if first is not None:
            first.setFocus()
            first.selectAll()

    def refresh(self) -> None:
        """Show each field's current value (the lab was rebuilt: an edit, an undo, a redo)."""
        if self.isVisible():
            for field, read in self.fields:
                field.set_value(read())

    def close_editor(self) -> None:
        self.hide()
        self.pane.diagram.setFocus()  # Space/arrows step again

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Escape:  # a field passes Esc up to here
            self.close_editor()
        else:
            super().keyPressEvent(event)


class Pane(LabPane):
    lab = "network"
    onnx_export = True

    def __init__(self, parent=None):
        super().__init__(parent)
        self.diagram = NetworkDiagram(self)
        self.diagram.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # a click hands the keys back to the transport
        self.diagram.edgeClicked.connect(self._edge_clicked)
        self.diagram.nodeClicked.connect(self._node_clicked)

        self.scroll = scroll = QScrollArea(self)
        scroll.setObjectName("networkControlsScroll")
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)

        self.lossLabel = QLabel(self)
        self.lossLabel.setObjectName("lossLabel")
        self.model = ValuesModel(self)
        self.table = QTableView(self)
        self.table.setObjectName("valuesTable")
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.horizontalHeader().setStretchLastSection(True)
        self._style_table()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                   | QAbstractItemView.EditTrigger.EditKeyPressed
                                   | QAbstractItemView.EditTrigger.AnyKeyPressed)
        table_box = QWidget(self)
        tl = QVBoxLayout(table_box)
        tl.setContentsMargins(0, 0, 0, 0)
        tl.addWidget(self.lossLabel)
        tl.addWidget(self.table, 1)

        right = QSplitter(Qt.Orientation.Vertical, self)
        right.addWidget(scroll)
        right.addWidget(table_box)
        right.setSizes([290, 270])
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.diagram)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setSizes([780, 500])
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)

        self.editor = ElementEditor(self)
        self._shape = None  # (sizes, bias, activations) the controls were built for
        self._loss_look = None
        self._keys: dict[str, list[list[str]]] = {}

    # ---- timeline → drawing ----------------------------------------------------------------
    @property
    def sizes(self) -> tuple[int, ...]:
        return tuple(int(n) for n in self.config.sizes)

    def set_timeline(self, config, timeline) -> None:
        super().set_timeline(config, timeline)
        self.editor.refresh()
        self.show_step(self.k)

    def rebuild(self) -> None:
        sizes = self.sizes
        L = len(sizes) - 1
        self._keys = {kind: [[f"{kind}:{l}:{j}" for j in range(n)] for l, n in enumerate(sizes)]
                      for kind in ("sum", "out", "delta", "error", "grad", "gradb", "new", "newb")}
        shape = (sizes, bool(self.config.bias), tuple(self.config.activations))
        if shape != self._shape:
            self._shape = shape
            self.diagram.set_layers(sizes, [self._caption(l) for l in range(L + 1)])
            self.model.reset(sizes)
            self._size_columns()
            self._build_controls()
            self.editor.hide()
        self._sync_controls()

    def _size_columns(self) -> None:
        for col, width in enumerate((92, 60, 60, 60, 40, 60, 60, 60)):
            self.table.setColumnWidth(col, int(width * style.scale()))

    def _caption(self, l: int) -> str:
        n = self.sizes[l]
        if l == 0:
            return self.tr("input ({n})").format(n=n)
        act = activation_name(self.config.activations[l - 1])
        if l == len(self.sizes) - 1:
            return self.tr("output ({n}) · {act}").format(n=n, act=act)
        return self.tr("hidden {l} ({n}) · {act}").format(l=l, n=n, act=act)

    def step_values(self, k: int) -> StepValues:
        """The per-layer arrays of the state drawn at step k (``revealed(k)``)."""
        tl = self.timeline
        state, base = self.revealed(k), tl.base
        sizes = self.sizes
        L = len(sizes) - 1
        nan = np.nan

        def gather(kind, l):
            return np.array([state.get(key, nan) for key in self._keys[kind][l]], dtype=float)

        def matrix(kind, l):
            m = np.full((sizes[l - 1], sizes[l]), nan)
            for j, key in enumerate(self._keys[kind][l]):
                col = state.get(key)
                if col is not None:
                    m[:, j] = col
            return m

        W0 = [np.asarray(base[f"W{l}"], dtype=float) for l in range(1, L + 1)]
        final = f"W{L}'" in state
        W = [np.asarray(state[f"W{l}'"], dtype=float) for l in range(1, L + 1)] if final else W0
        bias = bool(self.config.bias)
        b0 = [None] + [np.asarray(base[f"b{l}"], dtype=float) if bias else None for l in range(1, L + 1)]
        b = [None] + [np.asarray(state[f"b{l}'"], dtype=float) if bias else None
                      for l in range(1, L + 1)] if final else b0
        error_view = self.config.backward == "proportional"
        return StepValues(
            W0=W0, W=W, b0=b0, b=b,
            sums=[None] + [gather("sum", l) for l in range(1, L + 1)],
            outs=[np.asarray(base["x"], dtype=float).ravel()] + [gather("out", l) for l in range(1, L + 1)],
            deltas=[None] + [gather("error" if error_view else "delta", l) for l in range(1, L + 1)],
            grads=[matrix("grad", l) for l in range(1, L + 1)],
            gradb=[None] + [gather("gradb", l) if bias else None for l in range(1, L + 1)],
            new=[matrix("new", l) for l in range(1, L + 1)],
            newb=[None] + [gather("newb", l) if bias else None for l in range(1, L + 1)],
            t=np.asarray(base["t"], dtype=float).ravel(),
            loss=float(state.get("loss", nan)), loss_after=float(state.get("loss'", nan)), final=final)

    @staticmethod
    def parse_focus(focus) -> tuple[list, list, bool]:
        nodes, edges, loss = [], [], False
        for fid in focus:
            kind, _, rest = fid.partition(":")
            if kind in ("node", "bias"):
                l, j = rest.split(":")
                nodes.append((int(l), int(j)))
            elif kind == "edge":
                l, i, j = rest.split(":")
                edges.append((int(l), int(i), int(j)))
            elif kind == "loss":
                loss = True
        return nodes, edges, loss

    def show_step(self, k: int) -> None:
        super().show_step(k)
        if self.timeline is None:
            return
        k = max(-1, min(k, len(self.timeline) - 1))
        v = self.step_values(k)
        nodes, edges, loss_focus = self.parse_focus(self.step_focus(k))
        symbol = "e" if self.config.backward == "proportional" else "δ"
        self.diagram.set_weights(v.W)
        keep = not v.final  # after the update the drawn weights are the new ones
        self.diagram.set_state(v.outs, sums=v.sums, deltas=v.deltas, biases=v.b,
                               grads=v.grads if keep else None, new=v.new if keep else None,
                               new_biases=v.newb if keep else None,
                               focus_nodes=nodes, focus_edges=edges, delta_symbol=symbol)
        rows = {self.model.node_row(l, j) for l, j in nodes}
        rows |= {self.model.edge_row(*e) for e in edges}
        self.model.set_values(v, rows, symbol)
        if nodes:
            self.table.scrollTo(self.model.index(min(rows), 0), QAbstractItemView.ScrollHint.PositionAtCenter)
        self._show_loss(v, loss_focus)

    def _show_loss(self, v: StepValues, focus: bool) -> None:
        parts = []
        if not math.isnan(v.loss):
            parts.append(self.tr("E = {loss}").format(loss=num(v.loss)))
        if not math.isnan(v.loss_after):
            parts.append(self.tr("E after the update = {loss}").format(loss=num(v.loss_after)))
        look = ("   ".join(parts) or self.tr("E: not computed yet"), focus, style.scale(), style.theme().name)
        if look == self._loss_look:  # restyling a label relayouts the pane: only when it changes
            return
        self._loss_look = look
        self.lossLabel.setText(look[0])
        self.lossLabel.setFont(font(11, bold=focus))
        self.lossLabel.setStyleSheet(f"background: {style.theme().focus};" if focus else "")

    # ---- controls ------------------------------------------------------------------------
    def _build_controls(self) -> None:
        old = self.scroll.takeWidget()
        if old is not None:  # later: the control that asked for this rebuild may still be on the stack
            old.hide()
            old.deleteLater()
        self.controls = QWidget()
        self.controls.setObjectName("networkControls")
        lay = QVBoxLayout(self.controls)
        lay.setContentsMargins(4, 4, 4, 4)
        sizes = self.sizes
        L = len(sizes) - 1

        layers = QGroupBox(self.tr("Layers"), self.controls)
        layers.setObjectName("layersGroup")
        grid = QGridLayout(layers)
        self.size_boxes, self.act_boxes = [], []
        for l, n in enumerate(sizes):
            name = self.tr("input") if l == 0 else self.tr("output") if l == L else self.tr("hidden {l}").format(l=l)
            grid.addWidget(QLabel(name, layers), l, 0)
            box = QSpinBox(layers)
            box.setObjectName(f"layerSize{l}")
            box.setRange(0, MAX_NODES)  # 0 is refused by the config, with the reason shown
            box.setKeyboardTracking(False)
            box.setToolTip(self.tr("Nodes in this layer"))
            box.valueChanged.connect(lambda value, l=l: self._edit_size(l, value))
            grid.addWidget(box, l, 1)
            self.size_boxes.append(box)
            if l > 0:
                combo = QComboBox(layers)
                combo.setObjectName(f"activation{l}")
                names = OUTPUT_ACTIVATIONS if l == L else tuple(ACTIVATIONS)
                for act in names:
                    combo.addItem(activation_name(act), act)
                combo.activated.connect(lambda i, l=l, c=combo: self._edit_activation(l, c.itemData(i)))
                grid.addWidget(combo, l, 2)
                self.act_boxes.append(combo)
        add = QPushButton(self.tr("Add hidden layer"), layers)
        add.setObjectName("addLayer")
        add.clicked.connect(self.add_layer)
        remove = QPushButton(self.tr("Remove hidden layer"), layers)
        remove.setObjectName("removeLayer")
        remove.clicked.connect(self.remove_layer)
        grid.addWidget(add, L + 1, 0, 1, 2)
        grid.addWidget(remove, L + 1, 2)
        self.biasBox = QCheckBox(self.tr("biases"), layers)
        self.biasBox.setObjectName("bias")
        self.biasBox.toggled.connect(self._edit_bias_flag)
        grid.addWidget(self.biasBox, L + 2, 0, 1, 3)
        lay.addWidget(layers)

        data = QGroupBox(self.tr("Inputs and targets"), self.controls)
        data.setObjectName("dataGroup")
        form = QFormLayout(data)
        self.input_fields = self._vector_fields(form, "input", sizes[0], self.tr("x{i}"))
        self.target_fields = self._vector_fields(form, "target", sizes[-1], self.tr("t{i}"))
        lay.addWidget(data)

        learn = QGroupBox(self.tr("Loss and learning"), self.controls)
        learn.setObjectName("learningGroup")
        form = QFormLayout(learn)
        self.lossBox = QComboBox(learn)
        self.lossBox.setObjectName("loss")
        self.lossBox.addItem(self.tr("squared error ½Σ(y − t)²"), "mse")
        self.lossBox.addItem(self.tr("cross-entropy −Σ t·log y"), "cross_entropy")
        self.lossBox.activated.connect(lambda i: self.edit(loss=self.lossBox.itemData(i)) or self._sync_controls())
        form.addRow(self.tr("loss"), self.lossBox)
        self.lrField = NumberField(0.5, lo=0.0, label=self.tr("learning rate η"), parent=learn)
        self.lrField.setObjectName("learningRate")
        self.lrField.valueEdited.connect(self._edit_lr)
        self.lrField.refused.connect(self.message.emit)
        form.addRow(self.tr("learning rate η"), self.lrField)
        self.backwardBox = QComboBox(learn)
        self.backwardBox.setObjectName("backwardView")
        self.backwardBox.addItem(self.tr("gradient (∂E/∂w)"), "gradient")
        self.backwardBox.addItem(self.tr("proportional — intuitive version"), "proportional")
        self.backwardBox.activated.connect(
            lambda i: self.edit(backward=self.backwardBox.itemData(i)) or self._sync_controls())
        form.addRow(self.tr("backward view"), self.backwardBox)
        lay.addWidget(learn)

        init = QGroupBox(self.tr("Initial weights"), self.controls)
        init.setObjectName("initGroup")
        form = QFormLayout(init)
        self.initBox = QComboBox(init)
        self.initBox.setObjectName("init")
        self.initBox.addItem(self.tr("xavier  √(1/n)"), "xavier")
        self.initBox.addItem(self.tr("he  √(2/n)"), "he")
        self.initBox.addItem(self.tr("std  0.01"), "std")
        form.addRow(self.tr("init"), self.initBox)
        self.seedField = NumberField(0, lo=0, hi=2**32 - 1, integer=True, label=self.tr("seed"), parent=init)
        self.seedField.setObjectName("seed")
        self.seedField.refused.connect(self.message.emit)
        form.addRow(self.tr("seed"), self.seedField)
        redraw = QPushButton(self.tr("Draw new weights"), init)
        redraw.setObjectName("redrawWeights")
        redraw.setToolTip(self.tr("Replace every weight with one drawn from init and seed (biases 0)"))
        redraw.clicked.connect(self.redraw_weights)
        form.addRow(redraw)
        hint = QLabel(self.tr("Click an edge or a node to edit its weight, bias, input or target; "
                              "or double-click a number in the table."), init)
        hint.setWordWrap(True)
        hint.setObjectName("editHint")
        form.addRow(hint)
        lay.addWidget(init)
        lay.addStretch(1)
        self.scroll.setWidget(self.controls)

    def _vector_fields(self, form, kind, n, label) -> list[NumberField]:
        if n > MAX_FIELDS:
            note = QLabel(self.tr("{n} values: edit them in the values table").format(n=n))
            note.setObjectName(f"{kind}Note")
            form.addRow(self.tr("inputs") if kind == "input" else self.tr("targets"), note)
            return []
        fields = []
        for i in range(n):
            name = label.format(i=formulas.sub(i + 1))  # x₁, t₁: 1-based, as the formulas name them
            field = NumberField(0.0, label=name)
            field.setObjectName(f"{kind}{i}")
            field.valueEdited.connect(lambda value, kind=kind, i=i: self.edit_vector(kind, i, value))
            field.refused.connect(self.message.emit)
            form.addRow(name, field)
            fields.append(field)
        return fields

    def _sync_controls(self) -> None:
        """Show the config's values in the controls (without emitting edits)."""
        c = self.config
        for box, n in zip(self.size_boxes, self.sizes):
            box.blockSignals(True)
            box.setValue(n)
            box.blockSignals(False)
        for combo, act in zip(self.act_boxes, c.activations):
            combo.setCurrentIndex(max(0, combo.findData(act)))
        self.biasBox.blockSignals(True)
        self.biasBox.setChecked(bool(c.bias))
        self.biasBox.blockSignals(False)
        for fields, values in ((self.input_fields, c.input), (self.target_fields, c.target)):
            for field, value in zip(fields, values):
                field.set_value(float(value))
        self.lossBox.setCurrentIndex(max(0, self.lossBox.findData(c.loss)))
        self.lrField.set_value(float(c.learning_rate))
        self.backwardBox.setCurrentIndex(max(0, self.backwardBox.findData(c.backward)))
        self.initBox.setCurrentIndex(max(0, self.initBox.findData(c.init)))
        self.seedField.set_value(int(c.seed))

    # ---- edits ---------------------------------------------------------------------------
    def weights_dict(self) -> dict:
        """The weights the timeline uses (drawn ones included) as the config's JSON dict."""
        base = self.timeline.base
        out = {}
        for l in range(1, len(self.sizes)):
            out[f"W{l}"] = np.asarray(base[f"W{l}"], dtype=float).tolist()
            if self.config.bias:
                out[f"b{l}"] = np.asarray(base[f"b{l}"], dtype=float).tolist()
        return out

    def _reshape(self, **changes) -> bool:
        """An edit of the network's shape: ``Config.edited`` adapts inputs, targets and weights
        (the overlap kept, new weights drawn), then the result goes through ``edit``."""
        try:
            config = self.config.edited(**changes)
        except (ValueError, TypeError) as exc:
            self.message.emit(str(exc))
            self._sync_controls()
            return False
        if not self.edit(**config.to_dict()):
            self._sync_controls()
            return False
        return True

    def edit_weight(self, l: int, i: int, j: int, value: float) -> bool:
        weights = self.weights_dict()
        weights[f"W{l}"][i][j] = value
        return self.edit(weights=weights)

    def edit_bias(self, l: int, j: int, value: float) -> bool:
        weights = self.weights_dict()
        weights[f"b{l}"][j] = value
        return self.edit(weights=weights)

    def edit_vector(self, kind: str, i: int, value: float) -> bool:
        values = [float(x) for x in getattr(self.config, kind)]
        values[i] = value
        if self.edit(**{kind: values}):
            return True
        self._sync_controls()
        return False

    def _edit_lr(self, value: float) -> None:
        if not self.edit(learning_rate=value):
            self._sync_controls()

    def _edit_size(self, l: int, value: int) -> None:
        sizes = list(self.sizes)
        sizes[l] = int(value)
        self._reshape(sizes=sizes)

    def _edit_activation(self, l: int, name: str) -> None:
        acts = list(self.config.activations)
        acts[l - 1] = name
        if not self.edit(activations=acts):
            self._sync_controls()

    def _edit_bias_flag(self, on: bool) -> None:
        self._reshape(bias=on)

    def add_layer(self) -> bool:
        """A hidden layer before the output (as wide as the layer before it, max 16)."""
        sizes = list(self.sizes)
        acts = list(self.config.activations)
        hidden = acts[-2] if len(acts) > 1 else "sigmoid"
        sizes.insert(-1, min(sizes[-2], 16) if len(sizes) > 2 else min(sizes[0], 16))
        acts.insert(-1, hidden)
        return self._reshape(sizes=sizes, activations=acts)

    def remove_layer(self) -> bool:
        """Remove the last hidden layer; a network keeps its input and output layers."""
        sizes = list(self.sizes)
        acts = list(self.config.activations)
        if len(sizes) <= 2:
            self.message.emit(self.tr("layers: a network needs its input and output layers; "
                                      "there is no hidden layer to remove"))
            return False
        del sizes[-2], acts[-2]
        return self._reshape(sizes=sizes, activations=acts)

    # ---- weight files (File → Export weights / Import weights) ---------------------------------
    def export_weights(self, path, onnx_dtype: str = "float32") -> None:
        """The weights the lab uses, with the network's settings in ``meta`` (ONNX in ``onnx_dtype``)."""
        c = self.config
        params = {k: np.asarray(v) for k, v in self.weights_dict().items()}
        export_weights(params, path, meta={"sizes": list(c.sizes), "activations": list(c.activations[:-1]),
                                           "output": c.activations[-1], "loss": c.loss, "lab": "network"},
                       onnx_dtype=onnx_dtype)

    def import_weights(self, path) -> None:
        """Weights from a file (.npz, .json, DLFS-style .pkl): the network takes their shape, and the
        activations stored with them when there are any. FormatError/ValueError if they don't fit."""
        loaded = load_weights(path)
        params, meta = loaded.params, loaded.meta
        L = 0
        while f"W{L + 1}" in params:
            L += 1
        if L == 0:
            raise FormatError(self.tr("{name}: no W1 in the file: not an MLP's weights").format(name=path))
        shapes = [np.shape(params[f"W{l}"]) for l in range(1, L + 1)]
        if any(len(sh) != 2 for sh in shapes) or any(a[1] != b[0] for a, b in zip(shapes, shapes[1:])):
            raise FormatError(self.tr("the weight matrices do not chain into one network: {shapes}").format(
                shapes=", ".join("×".join(map(str, sh)) for sh in shapes)))
        sizes = [shapes[0][0]] + [sh[1] for sh in shapes]
        bias = all(f"b{l}" in params for l in range(1, L + 1))
        hidden, output = meta.get("activations"), meta.get("output")
        if not (isinstance(hidden, list) and len(hidden) == L - 1):
            hidden = (list(self.config.activations[:-1]) * L)[: L - 1] or ["sigmoid"] * (L - 1)
        acts = [*hidden, output if isinstance(output, str) else self.config.activations[-1]]
        weights = {k: params[k] for l in range(1, L + 1) for k in (f"W{l}", f"b{l}") if k in params}
        config = self.config.edited(sizes=sizes, bias=bias, activations=acts, weights=weights)
        self.configEdited.emit(config)

    def redraw_weights(self) -> bool:
        """Every weight drawn again from the chosen init and seed (biases 0)."""
        if self.edit(init=self.initBox.currentData(), seed=int(self.seedField.value()), weights=None):
            return True
        self._sync_controls()
        return False

    # ---- clicks → the element editor -----------------------------------------------------
    def _edge_clicked(self, l: int, i: int, j: int) -> None:
        def weight() -> float:
            return float(self.timeline.base[f"W{l}"][i, j])

        name = self.model.name
        self.editor.open(self.tr("weight {w}: {a} → {b}").format(
            w=weight_name(l, i, j, len(self.sizes) - 1), a=name(l - 1, i), b=name(l, j)),
            [(self.tr("weight"), "weightEditor", weight, lambda v: self.edit_weight(l, i, j, v))],
            self._click_point())

    def _node_clicked(self, l: int, j: int) -> None:
        fields = []
        L = len(self.sizes) - 1
        if l == 0:
            fields.append((self.tr("input {name}").format(name=self.model.name(0, j)), "inputEditor", lambda: float(self.config.input[j]),
                           lambda v: self.edit_vector("input", j, v)))
        elif self.config.bias:
            fields.append((self.tr("bias {b}").format(b=bias_name(l, j, L)), "biasEditor",
                           lambda: float(self.timeline.base[f"b{l}"][j]), lambda v: self.edit_bias(l, j, v)))
        if l == L:
            fields.append((self.tr("target {t}").format(t=formulas.text(formulas.sym("t", formulas.index(j)))), "targetEditor",
                           lambda: float(self.config.target[j]),
                           lambda v: self.edit_vector("target", j, v)))
        title = self.tr("node {name}  ({l}:{j})").format(name=self.model.name(l, j), l=l, j=j)
        if not fields:
            title += "  " + self.tr("(no bias: turn on biases to edit one)")
        self.editor.open(title, fields, self._click_point())
        self.table.scrollTo(self.model.index(self.model.node_row(l, j), 0))

    def _click_point(self) -> QPoint:
        return self.diagram.mapTo(self, self.diagram.last_click)

    def _style_table(self) -> None:
        self.table.setFont(font(9))
        self.table.verticalHeader().setDefaultSectionSize(int(22 * style.scale()))
        self._size_columns()

    def restyle(self) -> None:
        side = 500 if style.scale() < 1.5 else 380  # presenting: the diagram gets the room
        total = max(sum(self.splitter.sizes()), 2 * side)  # not yet shown: the sizes are a stub's
        self.splitter.setSizes([total - side, side])
        self.diagram.restyle()
        self._shape = None
        self._loss_look = None
        self._style_table()
        super().restyle()
