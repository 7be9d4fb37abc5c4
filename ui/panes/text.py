"""The text pane, one view per mode: tokens (the ids, the embedding matrix E with each row's word,
the one-hot row, the output Y and the gradient ∂L/∂E as grids of numbers), train (the words in a
2-D scatter at their embedding; the transport scrubs the epochs) and two-input (the layer graph with
the tensor shape on every edge). Controls on the right.

Every number drawn comes from ``timeline.state_at(k)`` (and the text lab's ``prepare``/``corpus``
for the words); edits go through ``Config.from_dict`` as ``configEdited``.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (QComboBox, QFormLayout, QGraphicsRectItem, QHBoxLayout, QLabel, QPlainTextEdit,
                               QPushButton, QStackedWidget, QVBoxLayout, QWidget)

from nnlab.labs import text as lab
from ui import style
from ui.panes.base import LabPane
from ui.widgets.fields import NumberField, side_scroll
from ui.widgets.grid import GridScene, grid_caption_px
from ui.widgets.labels import Label, LabelLayer, px_font, text_px
from ui.widgets.plot_grid import add_grid

LEFT = (1.0, 0.5, -6.0, 0.0)  # a label right-aligned just left of its point
GRAPH_POS = {"input1": (0, 0), "input2": (8, 0), "embedding1": (0, 3), "embedding2": (8, 3), "lstm1": (0, 6),
             "lstm2": (8, 6), "concatenate": (4, 9), "dense": (4, 12), "softmax": (4, 15)}
BOX_W, BOX_H = 5.0, 1.4


class Pane(LabPane):
    lab = "text"

    def __init__(self, parent=None):
        super().__init__(parent)
        self.data = None  # the toy corpus, read when a train-mode timeline is first drawn
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.views = QStackedWidget(self)
        self.grids = GridScene("textGrids", parent=self)
        self.grids.resized.connect(self._place_grid_labels)
        self.grid_labels = LabelLayer(self.grids.vb)
        self.scatter_view = pg.GraphicsLayoutWidget(self)
        self.scatter_view.setObjectName("embeddingScatter")
        self.scatter = self.scatter_view.addPlot()
        self.scatter.setMenuEnabled(False)
        self.scatter.setMouseEnabled(False, False)
        add_grid(self.scatter)
        self.points = pg.ScatterPlotItem()
        self.scatter.addItem(self.points)
        self.word_labels = LabelLayer(self.scatter.vb)
        self.scatter.vb.sigResized.connect(self._place_words)
        self.graph = GridScene("layerGraph", parent=self)
        self.graph.resized.connect(self._place_graph_labels)
        self.graph_labels = LabelLayer(self.graph.vb)
        self.boxes: dict[str, QGraphicsRectItem] = {}
        self.edges: dict[str, pg.PlotCurveItem] = {}
        for view in (self.grids, self.scatter_view, self.graph):
            self.views.addWidget(view)
        layout.addWidget(self.views, 1)
        layout.addWidget(self._controls())

    # ---------------------------------------------------------------- controls
    def _controls(self) -> QWidget:
        panel = QWidget()
        panel.setObjectName("controls")
        box = QVBoxLayout(panel)
        box.setContentsMargins(4, 0, 0, 0)
        form = QFormLayout()
        self.mode = QComboBox(panel)
        self.mode.setObjectName("textMode")
        for mode, text in (("tokens", self.tr("Tokens → vectors")), ("train", self.tr("Train a 2-D embedding")),
                           ("two-input", self.tr("Two-input model"))):
            self.mode.addItem(text, mode)
        self.mode.activated.connect(self._mode_chosen)
        form.addRow(self.tr("Mode"), self.mode)
        box.addLayout(form)
        self.sentences_label = QLabel(self.tr("Sentences (one per line)"), panel)
        self.sentences_label.setWordWrap(True)
        box.addWidget(self.sentences_label)
        self.sentences = QPlainTextEdit(panel)
        self.sentences.setObjectName("sentences")
        box.addWidget(self.sentences)
        self.sentences.setMaximumHeight(self.fontMetrics().lineSpacing() * 5 + 12)
        self.questions_label = QLabel(self.tr("Questions (one per sentence)"), panel)
        self.questions_label.setWordWrap(True)
        box.addWidget(self.questions_label)
        self.questions = QPlainTextEdit(panel)
        self.questions.setObjectName("questions")
        box.addWidget(self.questions)
        self.questions.setMaximumHeight(self.fontMetrics().lineSpacing() * 5 + 12)
        self.apply = QPushButton(self.tr("Apply the text"), panel)
        self.apply.setObjectName("applyText")
        self.apply.clicked.connect(self._text_applied)
        box.addWidget(self.apply)
        numbers = QFormLayout()
        self.fields = {}
        for name, text, lo, hi, integer in (
                ("length", self.tr("Sequence length"), 1, lab.MAX_LENGTH, True),
                ("dim", self.tr("Embedding size"), 1, lab.MAX_DIM, True),
                ("hidden", self.tr("LSTM size"), 1, 8, True), ("classes", self.tr("Classes"), 2, 5, True),
                ("epochs", self.tr("Epochs"), 1, lab.MAX_EPOCHS, True), ("lr", self.tr("Learning rate η"), 0, 10, False),
                ("seed", self.tr("Seed"), 0, 2**32 - 1, True)):
            field = NumberField(0, lo, hi, integer=integer, label=name)
            field.setObjectName(name)
            field.valueEdited.connect(lambda v, n=name, i=integer: self.edit_or_restore(**{n: int(v) if i else v}))
            field.refused.connect(self.message)
            numbers.addRow(text, field)
            self.fields[name] = field
        self.numbers = numbers
        box.addLayout(numbers)
        box.addStretch(1)
        return side_scroll(panel, "textControls", 400)

    def _mode_chosen(self, index: int) -> None:
        mode = self.mode.itemData(index)
        changes = {"mode": mode}
        if mode == "two-input" and len(self.config.questions) != len(self.config.sentences):
            changes["questions"] = ["what is it"] * len(self.config.sentences)
        if mode == "train":
            changes["dim"] = 2
        self.edit_or_restore(**changes)

    def _text_applied(self) -> None:
        lines = lambda edit: [s for s in edit.toPlainText().splitlines() if s.strip()]  # noqa: E731
        changes = {"sentences": lines(self.sentences)}
        if self.config.mode == "two-input":
            changes["questions"] = lines(self.questions)
        self.edit_or_restore(**changes)

    # ---------------------------------------------------------------- LabPane
    def rebuild(self) -> None:
        c = self.config
        self.mode.setCurrentIndex(self.mode.findData(c.mode))
        self.sentences.setPlainText("\n".join(c.sentences))
        self.questions.setPlainText("\n".join(c.questions))
        shown = {"tokens": ("length", "dim", "seed"), "train": ("epochs", "lr", "seed"),
                 "two-input": ("length", "dim", "hidden", "classes", "seed")}[c.mode]
        for name, field in self.fields.items():
            field.set_value(getattr(c, name))
            self.numbers.setRowVisible(field, name in shown)
        texts = c.mode != "train"
        for w in (self.sentences_label, self.sentences, self.apply):
            w.setVisible(texts)
        for w in (self.questions_label, self.questions):
            w.setVisible(c.mode == "two-input")
        self.views.setCurrentIndex(("tokens", "train", "two-input").index(c.mode))
        {"tokens": self._build_grids, "train": self._build_scatter, "two-input": self._build_graph}[c.mode]()

    def show_step(self, k: int) -> None:
        super().show_step(k)
        if self.timeline is None:
            return
        {"tokens": self._show_grids, "train": self._show_scatter, "two-input": self._show_graph}[self.config.mode](k)

    # ---------------------------------------------------------------- tokens
    def _build_grids(self) -> None:
        c = self.config
        self.prep = lab.prepare(c.sentences, c.length)
        S, L, V, D = len(c.sentences), c.length, len(self.prep.vocab), c.dim
        self.grids.clear_grids()
        self.grids.caption_px = grid_caption_px(self.height() or 600, 30)
        o_x = L + 4.5  # the vocabulary's labels sit left of the one-hot column
        e_x = o_x + 2.0
        g_x = e_x + D + 1.5
        y_x = g_x + D + 5.0
        self.layout_grids = {"ids": (0, 0, S, L), "onehot": (o_x, 0, V, 1), "E": (e_x, 0, V, D),
                             "dE": (g_x, 0, V, D), "Y": (y_x, 0, S * L, D)}
        captions = {"ids": self.tr("ids ({s} × {l})").format(s=S, l=L), "onehot": "1ₕₒₜ",
                    "E": "E", "Y": f"Y ({S}, {L}, {D})", "dE": "∂L/∂E"}
        for name, (x, y, _h, _w) in self.layout_grids.items():
            self.grids.add(name, captions[name], x, y)
        width = y_x + D
        height = max(S * L, V)
        self.grids.fit(width, height, top_margin=2.0)

    def _show_grids(self, k: int) -> None:
        state = self.revealed(k)
        c, p = self.config, self.prep
        S, L, V, D = len(c.sentences), c.length, len(p.vocab), c.dim
        nan = lambda *shape: np.full(shape, np.nan)  # noqa: E731
        ids = np.stack([state.get(f"ids:{i}", nan(L)) for i in range(S)])
        onehot = np.asarray(state.get("onehot:0:0", nan(V)))[:, None]
        Y = np.stack([state.get(f"emb:{i}:{j}", nan(D)) for i in range(S) for j in range(L)])
        dE = state["grad:E"] if "grad:E" in state else np.stack([state.get(f"grad:E:{v}", nan(D)) for v in range(V)])
        for name, values in (("ids", ids), ("onehot", onehot), ("E", state["E"]), ("Y", Y), ("dE", dE)):
            self.grids.grids[name].set_values(np.asarray(values, dtype=np.float64))
        marks: dict[str, list] = {}
        for f in self.step_focus(k):
            kind, *rest = f.split(":")
            if kind == "token":
                i, j = int(rest[0]), int(rest[1])
                marks.setdefault("ids", []).append((i, j, 1, 1, 1, "focus", False))
                marks.setdefault("Y", []).append((i * L + j, 0, 1, D, 1, "focus", False))
            elif kind == "row":
                marks.setdefault("E", []).append((int(rest[1]), 0, 1, D, 1, "focus", False))
            elif kind == "onehot":
                marks.setdefault("onehot", []).append((0, 0, V, 1, 1, "focus", False))
            elif kind == "grad" and rest[0] != "E":
                marks.setdefault("dE", []).append((int(rest[0]), 0, 1, D, 1, "focus", False))
            elif f == "grad:E":
                marks.setdefault("dE", []).append((0, 0, V, D, 1, "focus", False))
            elif kind == "out":
                marks.setdefault("Y", []).append((0, 0, S * L, D, 1, "focus", False))
            elif kind == "sentence":
                marks.setdefault("ids", []).append((int(rest[0]), 0, 1, L, 1, "focus", False))
        for name, grid in self.grids.grids.items():
            grid.set_marks(marks.get(name, []))
        self._place_grid_labels()

    def _place_grid_labels(self) -> None:
        if self.config is None or self.config.mode != "tokens" or not self.grids.grids:
            return
        c, p = self.config, self.prep
        f = px_font(text_px(self.grids.height()) * 0.7)
        labels = []
        ex, ey, _v, _d = self.layout_grids["onehot"]
        for v, word in enumerate(p.vocab):
            labels.append(Label(("E", v), (f"{v} {word}", str(v)), (ex - 0.1, ey + v + 0.5), (LEFT,), f))
        yx, yy, _n, _d = self.layout_grids["Y"]
        for i in range(len(c.sentences)):
            for j in range(c.length):
                word = p.vocab[int(p.ids[i, j])]
                labels.append(Label(("Y", i, j), (f"{i + 1},{j + 1} {word}", word), (yx - 0.1, yy + i * c.length + j + 0.5),
                                    (LEFT,), f))
        self.grid_labels.show(labels)

    # ---------------------------------------------------------------- train
    def _build_scatter(self) -> None:
        self.data, _labels = lab.corpus()
        Es = [s.values["E"] for s in self.timeline.steps if "E" in s.values]
        words = np.concatenate([E[2:] for E in Es]) if Es else np.zeros((1, 2))
        lo, hi = words.min(axis=0), words.max(axis=0)
        pad = 0.08 * np.maximum(hi - lo, 1e-6)
        self.scatter.setXRange(lo[0] - pad[0], hi[0] + pad[0], padding=0)
        self.scatter.setYRange(lo[1] - pad[1], hi[1] + pad[1], padding=0)
        th = style.theme()
        self.scatter_view.setBackground(style.color(th.background))
        self.tick_font = style.font(8)
        for axis in ("left", "bottom"):
            self.scatter.getAxis(axis).setTextPen(style.color(th.text))
            self.scatter.getAxis(axis).setPen(style.color(th.muted))
            self.scatter.getAxis(axis).setTickFont(self.tick_font)
        self.scatter.setLabel("bottom", self.tr("embedding dimension 1"))
        self.scatter.setLabel("left", self.tr("embedding dimension 2"))

    def _word_colour(self, share: float) -> QColor:
        th = style.theme()
        return style.color(th.positive if share > 0.75 else th.negative if share < 0.25 else th.muted)

    def _show_scatter(self, k: int) -> None:
        state = self.revealed(k)
        E = state["E"][2:]
        colours = [self._word_colour(s) for s in self.timeline.base["polarity"][2:]]
        size = 9 * style.scale()
        self.points.setData(E[:, 0], E[:, 1], size=size, brush=[pg.mkBrush(c) for c in colours],
                            pen=pg.mkPen(None))
        th = style.theme()
        self.scatter.setTitle(self.tr("Epoch {e}: loss {loss}, accuracy {acc}").format(
            e=int(state["epoch"]), loss=style.fmt(state["loss"], 4), acc=style.fmt(state["acc"], 4)),
            color=th.text, size=f"{11 * style.scale():.0f}pt")
        self._place_words()

    def _place_words(self) -> None:
        if self.config is None or self.config.mode != "train" or self.timeline is None or self.data is None:
            return  # a resize while another mode's view is being replaced
        E = self.revealed(self.k)["E"]
        f = px_font(text_px(self.scatter_view.height()) * 0.85)
        r = 6 * style.scale()
        px, py = self.word_labels.to_px(E[2:, 0], E[2:, 1])
        dots = np.column_stack([px - r, py - r, px + r, py + r])
        spots = ((0.0, 0.5, 8.0, 0.0), (1.0, 0.5, -8.0, 0.0), (0.5, 1.0, 0.0, -8.0), (0.5, 0.0, 0.0, 8.0))
        share = self.timeline.base["polarity"]
        labels = [Label(("w", v), (word,), (float(E[v, 0]), float(E[v, 1])), spots, f, color=self._word_colour(share[v]),
                        fill=True) for v, word in enumerate(self.data.vocab) if v >= 2]
        self.word_labels.show(labels, obstacles=dots)

    # ---------------------------------------------------------------- two-input
    def _build_graph(self) -> None:
        for item in (*self.boxes.values(), *self.edges.values()):
            self.graph.vb.removeItem(item)
        self.boxes, self.edges = {}, {}
        th = style.theme()
        self.graph.setBackground(style.color(th.background))
        for name, inputs in lab.TWO_INPUT_LAYERS:
            x, y = GRAPH_POS[name]
            for source in inputs:
                sx, sy = GRAPH_POS[source]
                edge = pg.PlotCurveItem([sx + BOX_W / 2, x + BOX_W / 2], [sy + BOX_H, y])
                self.graph.vb.addItem(edge)
                self.edges[f"{source}:{name}"] = edge
            box = QGraphicsRectItem(QRectF(x, y, BOX_W, BOX_H))
            self.graph.vb.addItem(box)
            self.boxes[name] = box
        self.graph.fit(13.0, 17.2, top_margin=0.5)
        self.end = self.timeline.state_at(len(self.timeline) - 1)

    def _show_graph(self, k: int) -> None:
        focus = set(self.step_focus(k))
        th = style.theme()
        for name, box in self.boxes.items():
            on = f"layer:{name}" in focus
            box.setPen(pg.mkPen(style.color(th.focus if on else th.text), width=style.line(3.5 if on else 1.5)))
            box.setBrush(pg.mkBrush(style.color(th.focus, 40) if on else style.color(th.background)))
        for key, edge in self.edges.items():
            on = f"edge:{key}" in focus
            edge.setPen(pg.mkPen(style.color(th.focus if on else th.muted), width=style.line(3 if on else 1.5)))
        self._place_graph_labels()

    def _place_graph_labels(self) -> None:
        if self.config is None or self.config.mode != "two-input" or not self.boxes:
            return
        f = px_font(text_px(self.graph.height()) * 0.85)
        kinds = {"input": "InputLayer", "embedding": "Embedding", "lstm": "LSTM", "concatenate": "Concatenate",
                 "dense": "Dense", "softmax": "Softmax"}
        center = (0.5, 0.5, 0.0, 0.0)
        labels = []
        state = self.revealed(self.k)
        for name, _inputs in lab.TWO_INPUT_LAYERS:
            x, y = GRAPH_POS[name]
            kind = kinds[name.rstrip("12")]
            value = state.get(f"layer:{name}")
            first = "" if value is None or np.ndim(value) != 2 else "\n[" + ", ".join(
                str(int(v)) if name.startswith("input") else style.fmt(v, 2) for v in np.asarray(value)[0]) + "]"
            shown = lab.layer_name(name)
            labels.append(Label(("box", name), (f"{shown}: {kind}{first}", f"{shown}: {kind}", shown),
                                (x + BOX_W / 2, y + BOX_H / 2), (center,), f, fill=False, z=2))
        for name, inputs in lab.TWO_INPUT_LAYERS:
            x, y = GRAPH_POS[name]
            for source in inputs:
                sx, sy = GRAPH_POS[source]
                shape = lab.shape_text(np.shape(self.end[f"layer:{source}"]))
                mid = ((sx + x) / 2 + BOX_W / 2, (sy + BOX_H + y) / 2)
                labels.append(Label(("edge", source, name), (shape,), mid,
                                    ((0.0, 0.5, 6.0, 0.0), (1.0, 0.5, -6.0, 0.0)), f, z=1))
        shape = lab.shape_text(np.shape(self.end["layer:softmax"]))
        x, y = GRAPH_POS["softmax"]
        labels.append(Label(("out",), (shape,), (x + BOX_W / 2, y + BOX_H), ((0.5, 0.0, 0.0, 4.0),), f))
        self.graph_labels.show(labels)

    def restyle(self) -> None:
        self.grids.restyle()
        self.graph.restyle()
        for layer in (self.grid_labels, self.word_labels, self.graph_labels):
            layer.restyle()
        super().restyle()
