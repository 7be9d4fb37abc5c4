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
from ui.widgets.grid import FIT, GridItem, GridScene, cell_text, grid_caption_px
from ui.widgets.labels import MIN_PX, Label, LabelLayer, measure, px_font, text_px
from ui.widgets.plot_grid import add_grid

LEFT = (1.0, 0.5, -6.0, 0.0)  # a label right-aligned just left of its point
BOTTOM = 0.1  # cells of room under the token grids (the captions' row is above them)


class Pane(LabPane):
    lab = "text"

    def __init__(self, parent=None):
        super().__init__(parent)
        self.data = None  # the toy corpus, read when a train-mode timeline is first drawn
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.views = QStackedWidget(self)
        self.grids = GridScene("textGrids", parent=self)
        self.grids.vb.sigResized.connect(lambda *_: self._arrange_grids())  # the grids fit the canvas anew
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
        self.graph.vb.sigResized.connect(lambda *_: self._place_graph_labels())  # laid out anew for the size
        self.graph_labels = LabelLayer(self.graph.vb)
        self.graph_box, self.graph_size = None, None  # the layer graph's layout, and the canvas it is for
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
        self.y_blocks = 0  # Y's blocks of sentences side by side: chosen for the canvas
        self._arrange_grids(redraw=False)  # the window draws the step next

    def _y_names(self) -> list[str]:
        return [f"Y:{b}" for b in range(self.y_blocks)]

    def _arrange_grids(self, redraw: bool = True) -> None:
        """The grids side by side: a gap left of the one-hot column and of each block of Y as wide
        as its row labels, the captions' row as high as the captions, and Y's rows (a row per token)
        in as many blocks of sentences side by side as give the largest cells — sized for the
        canvas, so the cells take the room the labels leave and no label lies on a grid."""
        if self.config is None or self.config.mode != "tokens":
            return
        c, p = self.config, self.prep
        S, L, V, D = len(c.sentences), c.length, len(p.vocab), c.dim
        vb = self.grids.vb
        vw, vh = (vb.width(), vb.height()) if vb.width() > 0 else (self.grids.width() - 18, self.grids.height() - 18)
        vw, vh = max(vw, 1), max(vh, 1)
        self.label_texts = self._grid_label_texts()
        self.e_texts = {cell_text(v) for v in np.ravel(self.timeline.base["E"])}
        best = None
        for blocks in range(1, S + 1):
            per = -(-S // blocks)  # sentences per block
            if blocks > 1 and -(-S // (blocks - 1)) == per:
                continue  # no fewer rows than with one block less
            height = max(per * L, V)
            unit = vh / (height + 1.0)
            while True:  # the largest cells that fit: the gaps (in cells) depend on the cells' pixels
                wide = self._cell_ratio(unit)
                layout = self._grid_layout(blocks, per, unit, wide)
                if unit <= 4 or ((layout[0] + 1.0) * wide * unit <= vw and (height + layout[1] + BOTTOM) * unit <= vh):
                    break
                unit *= 0.97
            if best is None or unit > best[0] * 1.03:
                best = (unit, blocks, per, height, layout)
        unit, blocks, per, height, (width, top, caption_px, places) = best
        self.layout_grids, self.row_unit = places, unit
        new = blocks != self.y_blocks or not self.grids.grids
        if new:
            self.grids.clear_grids()
            self.y_blocks, self.y_per = blocks, per
            captions = {"ids": self.tr("ids ({s} × {l})").format(s=S, l=L), "onehot": "1ₕₒₜ",
                        "E": "E", "dE": "∂L/∂E", "Y:0": f"Y ({S}, {L}, {D})"}
            for name in places:
                self.grids.add(name, captions.get(name, ""), 0, 0)
        for name, (x, y) in places.items():
            item = self.grids.grids[name]
            item.setPos(x, y)
            if item.caption_px != caption_px:
                item.caption_px = caption_px
                item.restyle()
        self.grids.vb.setRange(QRectF(-0.5, -top, width + 1.0, height + top + BOTTOM), padding=0)
        if new and redraw:
            self._show_grids(self.k)
        else:
            self._place_grid_labels()

    def _cell_ratio(self, unit: float) -> float:
        """How much wider than high a cell ``unit`` pixels high must be for E's widest number at
        the size the grid may shrink it to."""
        f = px_font(min(GridItem.digits_px(unit), GridItem.floor_px()) + 1)  # a pixel to spare: sizes are rounded
        need = max((measure(text, f)[0] - 9 for text in self.e_texts), default=0.0) / FIT
        return max(1.0, 1.05 * need / unit)

    def _grid_layout(self, blocks: int, per: int, unit: float, wide: float):
        """(width, captions' height, caption px, {grid: (x, y)}) with cells ``unit``
        pixels high and at least ``wide`` times as wide (the scene widens them as far as their numbers
        need: at least this, where the layout fits), and Y in ``blocks`` blocks of ``per`` sentences."""
        c, D = self.config, self.config.dim
        caption_px = grid_caption_px(self.grids.height() or 600, unit)
        font = self._label_font(unit)
        widest = {key: max((measure(texts[0], font)[0] + 10 for k, texts in self.label_texts if k[0] == key),
                           default=0.0) / (unit * wide) for key in ("E", "Y")}
        places = {"ids": (0.0, 0.0)}
        x = c.length + 0.3 + widest["E"]  # the vocabulary's labels sit left of the one-hot column
        places["onehot"] = (x, 0.0)
        places["E"] = (x + 1.5, 0.0)
        x += 1.5 + D + 1.0
        places["dE"] = (x, 0.0)
        x += D
        for b in range(blocks):  # each token's label left of its row of Y
            x += 0.3 + widest["Y"]
            places[f"Y:{b}"] = (x, 0.0)
            x += D
        return x, (caption_px * 1.25 + 3) / unit, caption_px, places

    def _show_grids(self, k: int) -> None:
        state = self.revealed(k)
        c, p = self.config, self.prep
        S, L, V, D = len(c.sentences), c.length, len(p.vocab), c.dim
        nan = lambda *shape: np.full(shape, np.nan)  # noqa: E731
        ids = np.stack([state.get(f"ids:{i}", nan(L)) for i in range(S)])
        onehot = np.asarray(state.get("onehot:0:0", nan(V)))[:, None]
        Y = np.stack([state.get(f"emb:{i}:{j}", nan(D)) for i in range(S) for j in range(L)])
        dE = state["grad:E"] if "grad:E" in state else np.stack([state.get(f"grad:E:{v}", nan(D)) for v in range(V)])
        rows = self.y_per * L  # Y's rows in a block
        blocks = {name: Y[b * rows:(b + 1) * rows] for b, name in enumerate(self._y_names())}
        for name, values in (("ids", ids), ("onehot", onehot), ("E", state["E"]), ("dE", dE), *blocks.items()):
            self.grids.grids[name].set_values(np.asarray(values, dtype=np.float64))
        marks: dict[str, list] = {}
        for f in self.step_focus(k):
            kind, *rest = f.split(":")
            if kind == "token":
                i, j = int(rest[0]), int(rest[1])
                marks.setdefault("ids", []).append((i, j, 1, 1, 1, "focus", False))
                marks.setdefault(f"Y:{i // self.y_per}", []).append(((i % self.y_per) * L + j, 0, 1, D, 1, "focus", False))
            elif kind == "row":
                marks.setdefault("E", []).append((int(rest[1]), 0, 1, D, 1, "focus", False))
            elif kind == "onehot":
                marks.setdefault("onehot", []).append((0, 0, V, 1, 1, "focus", False))
            elif kind == "grad" and rest[0] != "E":
                marks.setdefault("dE", []).append((int(rest[0]), 0, 1, D, 1, "focus", False))
            elif f == "grad:E":
                marks.setdefault("dE", []).append((0, 0, V, D, 1, "focus", False))
            elif kind == "out":
                for name, values in blocks.items():
                    marks.setdefault(name, []).append((0, 0, len(values), D, 1, "focus", False))
            elif kind == "sentence":
                marks.setdefault("ids", []).append((int(rest[0]), 0, 1, L, 1, "focus", False))
        for name, grid in self.grids.grids.items():
            grid.set_marks(marks.get(name, []))
        self._place_grid_labels()

    def y_values(self) -> np.ndarray:
        """Y as drawn, its blocks stacked again: one row per token (tests read it)."""
        return np.vstack([self.grids.grids[name].values for name in self._y_names()])

    def _grid_label_texts(self) -> list[tuple[tuple, tuple[str, ...]]]:
        """(key, texts) of each row label: a vocabulary row's id and word, a token's position and word."""
        c, p = self.config, self.prep
        texts = [(("E", v), (f"{v} {word}", str(v))) for v, word in enumerate(p.vocab)]
        for i in range(len(c.sentences)):
            for j in range(c.length):
                word = p.vocab[int(p.ids[i, j])]
                texts.append((("Y", i, j), (f"{i + 1},{j + 1} {word}", word)))
        return texts

    def _place_grid_labels(self) -> None:
        if self.config is None or self.config.mode != "tokens" or not self.grids.grids:
            return
        L, per = self.config.length, self.y_per
        ex, ey = self.layout_grids["onehot"]

        def at(key):
            if key[0] == "E":
                return ex - 0.1, ey + key[1] + 0.5
            x, y = self.layout_grids[f"Y:{key[1] // per}"]
            return x - 0.1, y + (key[1] % per) * L + key[2] + 0.5

        f = self._label_font(min(self.row_unit, 1 / max(self.grids.vb.viewPixelSize()[1], 1e-9)))  # as laid out
        corners = []  # every grid's rect: no label on a grid
        for name, (x, y) in self.layout_grids.items():
            h, w = self.grids.grids[name].values.shape
            corners.append((x, y, x + w, y + h))
        x0, y0, x1, y1 = np.array(corners, dtype=float).T
        (l, r), (t, b) = self.grid_labels.to_px([x0, x1], [y0, y1])
        rects = np.column_stack([np.minimum(l, r), np.minimum(t, b), np.maximum(l, r), np.maximum(t, b)])
        self.grid_labels.show([Label(key, texts, at(key), (LEFT,), f) for key, texts in self.label_texts], rects)

    def _label_font(self, row_px: float):
        """The row labels' font: the diagrams' label size, shrunk to rows ``row_px`` pixels high (a
        label on every row), not below MIN_PX."""
        px = round(text_px(self.grids.height() or 600))
        while px > MIN_PX and measure("0", px_font(px))[1] + 3 > row_px:
            px -= 1
        return px_font(px)

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
        self.axis_px = None  # the axis titles' size, set as the words are placed

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
        axis_px = round(max(MIN_PX, f.pixelSize() * 0.8))  # the axis titles: not pyqtgraph's ~8 px
        if axis_px != self.axis_px:
            self.axis_px = axis_px
            self.scatter.setLabel("bottom", self.tr("embedding dimension 1"), **{"font-size": f"{axis_px}px"})
            self.scatter.setLabel("left", self.tr("embedding dimension 2"), **{"font-size": f"{axis_px}px"})
        r = 6 * style.scale()
        px, py = self.word_labels.to_px(E[2:, 0], E[2:, 1])
        dots = np.column_stack([px - r, py - r, px + r, py + r])
        d = r + 4  # beside its dot (the dots grow with the scale: a fixed offset put every label on its dot)
        spots = ((0.0, 0.5, d, 0.0), (1.0, 0.5, -d, 0.0), (0.5, 1.0, 0.0, -d), (0.5, 0.0, 0.0, d))
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
            for source in inputs:
                self.edges[f"{source}:{name}"] = edge = pg.PlotCurveItem()
                self.graph.vb.addItem(edge)
            self.boxes[name] = box = QGraphicsRectItem()
            self.graph.vb.addItem(box)
        self.end = self.timeline.state_at(len(self.timeline) - 1)
        self.graph_box = None  # (box width, box height, font) in pixels, set by _layout_graph

    def _box_texts(self, name: str, state) -> tuple[str, ...]:
        """A layer box's label: name and kind, with its first sample's numbers once revealed; shorter forms."""
        kinds = {"input": "InputLayer", "embedding": "Embedding", "lstm": "LSTM", "concatenate": "Concatenate",
                 "dense": "Dense", "softmax": "Softmax"}
        kind = kinds[name.rstrip("12")]
        value = state.get(f"layer:{name}")
        first = "" if value is None or np.ndim(value) != 2 else "\n[" + ", ".join(
            str(int(v)) if name.startswith("input") else style.fmt(v, 2) for v in np.asarray(value)[0]) + "]"
        shown = lab.layer_name(name)
        return f"{shown}: {kind}{first}", f"{shown}: {kind}", shown

    def _layout_graph(self) -> None:
        """The layer graph laid out in the canvas's pixels: boxes as large as their labels (the last
        step's numbers included), a gap under each row for the edges' shapes; the type shrinks
        (to MIN_PX) until the graph fits the canvas."""
        vb = self.graph.vb
        vw, vh = max(vb.width(), 1), max(vb.height(), 1)
        shapes = [lab.shape_text(np.shape(self.end[f"layer:{n}"])) for n, _i in lab.TWO_INPUT_LAYERS]
        px = round(text_px(vh) * 0.85)
        while True:
            f = px_font(px)
            boxes = [measure(self._box_texts(n, self.end)[0], f) for n, _i in lab.TWO_INPUT_LAYERS]
            bw, bh = max(w for w, _h in boxes) + 8, max(h for _w, h in boxes)
            ew, eh = max(measure(t, f)[0] for t in shapes), measure("(", f)[1]
            gap, across = eh + 12, max(24.0, ew + 12)
            width, height = 2 * bw + across, 6 * bh + 5 * gap + eh + 8
            if (width <= vw and height <= vh) or px <= MIN_PX:
                break
            px -= 1
        rows = {"input": 0, "embedding": 1, "lstm": 2, "concatenate": 3, "dense": 4, "softmax": 5}
        self.graph_pos = {}
        for name, _inputs in lab.TWO_INPUT_LAYERS:
            col = {"1": 0.0, "2": 1.0}.get(name[-1], 0.5)
            self.graph_pos[name] = (col * (bw + across), rows[name.rstrip("12")] * (bh + gap))
        for name, inputs in lab.TWO_INPUT_LAYERS:
            x, y = self.graph_pos[name]
            self.boxes[name].setRect(QRectF(x, y, bw, bh))
            for source in inputs:
                sx, sy = self.graph_pos[source]
                self.edges[f"{source}:{name}"].setData([sx + bw / 2, x + bw / 2], [sy + bh, y])
        self.graph_box = (bw, bh, f)
        vb.setRange(QRectF(0, 0, width, height), padding=0.02)

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
        if self.graph_box is None or self.graph_size != (self.graph.vb.width(), self.graph.vb.height()):
            self.graph_size = (self.graph.vb.width(), self.graph.vb.height())
            self._layout_graph()
        bw, bh, f = self.graph_box
        center = (0.5, 0.5, 0.0, 0.0)
        labels = []
        state = self.revealed(self.k)
        for name, _inputs in lab.TWO_INPUT_LAYERS:
            x, y = self.graph_pos[name]
            labels.append(Label(("box", name), self._box_texts(name, state), (x + bw / 2, y + bh / 2), (center,), f,
                                fill=False, z=2))
        for name, inputs in lab.TWO_INPUT_LAYERS:
            x, y = self.graph_pos[name]
            for source in inputs:
                sx, sy = self.graph_pos[source]
                shape = lab.shape_text(np.shape(self.end[f"layer:{source}"]))
                mid = ((sx + x) / 2 + bw / 2, (sy + bh + y) / 2)
                labels.append(Label(("edge", source, name), (shape,), mid,
                                    ((0.0, 0.5, 6.0, 0.0), (1.0, 0.5, -6.0, 0.0)), f, z=1))
        shape = lab.shape_text(np.shape(self.end["layer:softmax"]))
        x, y = self.graph_pos["softmax"]
        labels.append(Label(("out",), (shape,), (x + bw / 2, y + bh), ((0.5, 0.0, 0.0, 4.0),), f))
        self.graph_labels.show(labels)

    def restyle(self) -> None:
        self.grids.restyle()
        self.graph.restyle()
        for layer in (self.grid_labels, self.word_labels, self.graph_labels):
            layer.restyle()
        super().restyle()
