"""The attention pane: tokens as rows, every matrix a grid of numbers (weights W_Q, W_K, W_V; then
Q, K, V; then the scores S, the weights A as a heat map, and the outputs O), one block per head
side by side; the focused row, column or entry highlighted; the attention weights also drawn as
lines between the tokens (thickness = weight). During the backward pass each grid shows its
gradient. Clicking an embedding or weight cell edits it (through ``configEdited``: undo works);
the trained sorting model can be retrained in a Worker (progress, cancel).

Every number drawn comes from ``timeline.state_at(k)``; edits go through ``Config.from_dict``.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QProgressBar,
                               QPushButton, QSpinBox, QSplitter, QVBoxLayout, QWidget)

from nnlab import attention_sort
from nnlab.io import export_weights, load_weights
from nnlab.labs import attention as lab
from ui import style
from ui.panes.grid_lab import GridLabPane, set_quietly
from ui.widgets.grid import GridScene, grid_caption_px
from ui.widgets.labels import GAP as LABEL_GAP
from ui.widgets.labels import Label, LabelLayer, measure, px_font, text_px
from ui.worker import Worker

GAP = 1.0  # cells between grids
COMPACT_ABOVE = 8  # a wider model shows only its attention grids and logits
LINE_BUCKETS = 8  # attention lines are drawn in this many widths


def grid_of(focus_id: str) -> tuple[str, str, tuple[int, ...]]:
    """(kind, grid name, indices) of a focus id: 'row:Q:1:1:0' → ('row', 'Q:1:1', (0,))."""
    kind, *parts = focus_id.split(":")
    n = {"row": 1, "col": 1, "cell": 2, "grid": 0}[kind]
    return kind, ":".join(parts[:len(parts) - n]), tuple(int(p) for p in parts[len(parts) - n:])


class Pane(GridLabPane):
    lab = "attention"
    train_steps = 1000  # Adam steps of "Train from scratch" (about 10 s)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._worker = None
        self.scene = GridScene("attentionGrids", parent=self)
        self.scene.cellClicked.connect(self._cell_clicked)
        self.scene.resized.connect(self._resized)
        self.grid_labels = LabelLayer(self.scene.vb)
        self.lines = pg.GraphicsLayoutWidget(self)
        self.lines.setObjectName("attentionLines")
        self.lines_vb = self.lines.addViewBox()
        self.lines_vb.invertY(True)
        self.lines_vb.setMouseEnabled(False, False)
        self.lines_vb.setMenuEnabled(False)
        self.lines_vb.sigResized.connect(self._place_labels)
        self.line_labels = LabelLayer(self.lines_vb)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(self.scene)
        split.addWidget(self.lines)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)
        self.layout().addWidget(split, 1)
        self.layout().addWidget(self._side_panel())
        self._line_items: dict = {}
        self._side_by_side = False  # a compact layout's heads
        self._row_corners: list = []  # (x, y) of the grids whose rows are the tokens
        self._captions: dict[str, str] = {}  # grid → its caption now
        self._vgap = GAP  # cells between rows of grids (their captions' room)
        self._laid_out_for = (0, 0)  # the canvas size the grids were laid out for

    # ---------------------------------------------------------------- controls
    def _controls(self, panel: QWidget, box: QVBoxLayout) -> None:
        form = QFormLayout()
        self.tokensInput = QLineEdit(panel)
        self.tokensInput.setObjectName("tokensInput")
        self.tokensInput.editingFinished.connect(self._tokens_typed)
        form.addRow(self.tr("Input tokens"), self.tokensInput)
        self._spin_form(panel, form, (("heads", self.tr("Heads"), 1, 4), ("dK", self.tr("dₖ (key size)"), 1, 8)))
        self.parts = {}
        for name, text in (("causal", self.tr("Causal mask (look back only)")),
                           ("positional", self.tr("Positional encoding")),
                           ("projection", self.tr("Join the heads with WO")),
                           ("backward", self.tr("Backward pass (L = Σ y)"))):
            check = QCheckBox(text, panel)
            check.setObjectName(name)
            check.toggled.connect(lambda on, n=name: self._edit_part(n, on))
            self.parts[name] = check
            form.addRow(check)
        self.detail = QComboBox(panel)
        self.detail.setObjectName("detail")
        self.detail.addItem(self.tr("every entry"), "entries")
        self.detail.addItem(self.tr("row by row"), "rows")
        self.detail.activated.connect(lambda i: self._edit(detail=self.detail.itemData(i)))
        form.addRow(self.tr("Steps"), self.detail)
        box.addLayout(form)
        self._cell_editor(panel, box, self.tr("Click an embedding (X) or a weight cell to edit it."))
        box.addWidget(self._train_box(panel))
        box.addWidget(self._grid_editor(panel, (), self.tr("Rows of numbers, one row per line.")))

    def _train_box(self, panel: QWidget) -> QWidget:
        """Retrain the sorting model (seeded) in a Worker: progress bar and Cancel."""
        self.trainBox = QWidget(panel)
        lay = QVBoxLayout(self.trainBox)
        lay.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.trainSeed = QSpinBox(self.trainBox)
        self.trainSeed.setObjectName("trainSeed")
        self.trainSeed.setRange(0, 9999)
        self.trainButton = QPushButton(self.tr("Train from scratch"), self.trainBox)
        self.trainButton.setObjectName("train")
        self.trainButton.clicked.connect(self.train)
        self.trainCancel = QPushButton(self.tr("Cancel"), self.trainBox)
        self.trainCancel.setObjectName("trainCancel")
        self.trainCancel.setEnabled(False)
        self.trainCancel.clicked.connect(self.cancel_training)
        row.addWidget(QLabel(self.tr("Seed"), self.trainBox))
        row.addWidget(self.trainSeed)
        row.addWidget(self.trainButton, 1)
        lay.addLayout(row)
        self.trainProgress = QProgressBar(self.trainBox)
        self.trainProgress.setObjectName("trainProgress")
        bar = QHBoxLayout()
        bar.addWidget(self.trainProgress, 1)
        bar.addWidget(self.trainCancel)
        self.trainStatus = QLabel(self.trainBox)
        self.trainStatus.setObjectName("trainStatus")
        self.trainStatus.setWordWrap(True)
        lay.addLayout(bar)
        lay.addWidget(self.trainStatus)
        return self.trainBox

    def _sync_controls(self) -> None:
        c = self.config
        set_quietly(self.spins["heads"], self.spins["heads"].setValue, c.heads)
        set_quietly(self.spins["dK"], self.spins["dK"].setValue, min(c.d_k, 8))
        self.spins["dK"].setEnabled(c.d_k <= 8)
        for name, check in self.parts.items():
            set_quietly(check, check.setChecked, getattr(c, name))
        self.parts["backward"].setEnabled(not c.unembed)
        set_quietly(self.detail, self.detail.setCurrentIndex, self.detail.findData(c.detail))
        single = all(len(t) == 1 for t in c.vocab)
        self.tokensInput.setText(("" if single else " ").join(c.tokens))
        self.tokensInput.setToolTip(self.tr("Tokens from: {vocab}").format(vocab=" ".join(c.vocab)))
        self.trainBox.setVisible(self._is_sorter())
        self.sizeFormula.setText(self.tr("d = {d}, dₖ = {dk}, heads: {h}, layers: {l}").format(
            d=c.d_model, dk=c.d_k, h=c.heads, l=c.layers))
        self.gridTarget.blockSignals(True)
        self.gridTarget.clear()
        for name, shape in c.shapes().items():
            if len(shape) == 2:
                self.gridTarget.addItem(_weight_caption(name), name)
        self.gridTarget.blockSignals(False)

    def _is_sorter(self) -> bool:
        c = self.config
        return c.vocab == attention_sort.VOCAB and c.spec == attention_sort.SPEC and (
            c.d_model, c.d_k, c.d_ff) == (attention_sort.D_MODEL, attention_sort.D_K, attention_sort.D_FF)

    # ---------------------------------------------------------------- edits
    def _edit(self, **changes) -> bool:
        """Validate and emit the edited config (weights that no longer fit are drawn anew)."""
        if self.config is None:
            return False
        try:
            config = self.config.edited(**changes)
        except ValueError as exc:
            return self._refuse(str(exc))
        self.refusal.setText("")
        self.configEdited.emit(config)
        return True

    def _edit_part(self, name: str, on: bool) -> None:
        self._edit(**{name: on})

    def _spin_changed(self, name: str, value: int) -> None:
        if name == "heads":  # several heads are joined by WO
            self._edit(heads=value, projection=self.config.projection or value > 1)
        else:
            self._edit(d_k=value)

    def _tokens_typed(self) -> None:
        c, text = self.config, self.tokensInput.text().strip()
        tokens = list(text.replace(" ", "")) if all(len(t) == 1 for t in c.vocab) else text.split()
        if c.generate and attention_sort.SEPARATOR in c.vocab and tokens[-1:] != [attention_sort.SEPARATOR]:
            tokens.append(attention_sort.SEPARATOR)
        if tuple(tokens) != c.tokens:
            self._edit(tokens=tokens)

    def _grid_source(self, target: str) -> np.ndarray:
        return self.config.params()[target].copy()

    def _apply_blocks(self, target: str, blocks: list) -> bool:
        return self._edit_weight(target, np.array(blocks[0], dtype=float) if len(blocks) == 1 else blocks)

    def _edit_weight(self, name: str, value) -> bool:
        params = self.config.params()
        weights = {k: v.tolist() for k, v in params.items()}
        weights[name] = value.tolist() if isinstance(value, np.ndarray) else value
        return self._edit(weights=weights)

    def _cell_clicked(self, grid: str, r: int, c: int) -> None:
        kind, *ix = grid.split(":")
        cfg = self.config
        if kind == "X":
            token = int(self._ids[r])
            self._select("E", (token, c), self.tr("Embedding of '{tok}', component {c}").format(
                tok=cfg.vocab[token], c=c + 1))
        elif kind in ("W_Q", "W_K", "W_V", "W_O") and not self._grads_shown:
            l, *h = ix
            name = f"L{l}.{kind}{h[0] if h else ''}"
            self._select(name, (r, c), self.tr("{w}, row {r}, column {c}").format(
                w=_weight_caption(name), r=r + 1, c=c + 1))
        else:
            self._unselect(self.tr("Computed cells cannot be edited: edit the embeddings or the weights."))

    def _cell_edited(self, value: float) -> None:
        if self._selected is None:
            return
        name, index = self._selected
        a = self._grid_source(name)
        a[index] = value
        self._edit_weight(name, a)

    # ---------------------------------------------------------------- weight files
    def export_weights(self, path) -> None:
        """File → Export weights: every parameter by its name (E, L1.W_Q1, …) to .npz or .json."""
        c = self.config
        export_weights(c.params(), path, meta={"lab": "attention", "vocab": list(c.vocab), "d_model": c.d_model,
                                               "d_k": c.d_k, "d_ff": c.d_ff, "layers": c.layers, "heads": c.heads,
                                               **{p: getattr(c, p) for p in lab.PARTS}})

    def import_weights(self, path) -> None:
        """File → Import weights: the named parameters of a file replace the lab's (the others are
        kept); ValueError naming a weight that is not the model's or does not fit its shape."""
        loaded = load_weights(path).params
        weights = {k: v.tolist() for k, v in {**self.config.params(), **loaded}.items()}
        self.configEdited.emit(self.config.edited(weights=weights))

    # ---------------------------------------------------------------- training
    def train(self) -> None:
        """Train the sorting model from scratch with the chosen seed (a Worker; the window stays live)."""
        if self._worker is not None:
            return
        self._worker = Worker(attention_sort.train, self.trainSeed.value(), self.train_steps, parent=self)
        self._worker.progress.connect(self._train_progress)
        self._worker.done.connect(self._trained)
        self._worker.failed.connect(self._train_failed)
        self.trainButton.setEnabled(False)
        self.trainCancel.setEnabled(True)
        self.trainProgress.setValue(0)
        self._worker.start()

    def cancel_training(self) -> None:
        if self._worker is not None:
            self._worker.control.stop()

    def closeEvent(self, event) -> None:
        if self._worker is not None:
            self._worker.cancel()
        super().closeEvent(event)

    def _train_progress(self, fraction: float, payload) -> None:
        self.trainProgress.setValue(int(100 * fraction))
        self.trainStatus.setText(self.tr("step {step}, loss {loss}").format(
            step=payload["step"], loss=style.fmt(payload["loss"])))

    def _finish_training(self) -> None:
        self._worker.wait()
        self._worker = None
        self.trainButton.setEnabled(True)
        self.trainCancel.setEnabled(False)

    def _trained(self, result: dict) -> None:
        cancelled = self._worker.control.stopped
        self._finish_training()
        if cancelled:
            self.trainStatus.setText(self.tr("Cancelled: the weights are unchanged."))
            return
        self.trainStatus.setText(self.tr("{steps} steps, loss {loss}: {acc} of held-out inputs sorted").format(
            steps=result["steps"], loss=style.fmt(result["loss"]), acc=f"{result['accuracy']:.0%}"))
        self._edit(weights={k: v.tolist() for k, v in result["params"].items()})

    def _train_failed(self, reason: str) -> None:
        self._finish_training()
        self._refuse(reason)

    # ---------------------------------------------------------------- drawing
    def _layout(self) -> None:
        """Place the grids, their gaps sized from the captions and row labels they hold, which are
        sized from the cells: a few passes settle both for this canvas."""
        cfg, base = self.config, self.timeline.base
        self._ids = base["ids"].astype(int)
        self._grads_shown = False
        names = [cfg.vocab[i] for i in self._ids]
        self._layer = 1 if cfg.layers == 1 else self._layer_shown()
        self._captions = {}
        scene = self.scene
        view_w, view_h = (scene.width(), scene.height()) if scene.height() > 50 else (900, 420)
        longest = max(names, key=len)
        self._vgap, left = GAP, 0.6 + 0.35 * style.scale() * len(longest)
        for _ in range(4):
            self._grids: dict[str, tuple] = {}  # grid → (value key, caption, shape, x, y)
            width, height, corners = self._layout_compact() if cfg.d_model > COMPACT_ABOVE else self._layout_full()
            px = min(view_w / (width + left + 0.5), view_h / (height + self._vgap + 0.5))
            cap = grid_caption_px(view_h, px)
            self._vgap = max(0.5 * GAP, (measure("Wg", px_font(cap))[1] + 3 * LABEL_GAP) / px)
            left = (measure(longest, px_font(_fit_row(cap * 0.85, px)))[0] + 4 * LABEL_GAP + 3) / px
        self._laid_out_for = (view_w, view_h)
        scene.clear_grids()
        for name, (_key, _caption, _shape, x, y) in self._grids.items():
            scene.add(name, "", x, y)  # captions are placed with the other labels
        self._names, self._row_corners = names, corners
        scene.vb.setRange(QRectF(-left, -self._vgap, width + left + 0.5, height + self._vgap + 0.5), padding=0)
        self._layout_lines(names)
        self.lines.setMinimumWidth(int((100 + 8 * len(longest)) * style.scale()))

    def _place_labels(self) -> None:
        """The grids' captions, the tokens beside their rows and the vocabulary under the logits,
        and the lines view's tokens and titles, placed by the shared routine (clear of each other
        and of the grids; what does not fit is left out)."""
        if not self.scene.grids or self.timeline is None:
            return
        k = min(self.k, len(self.timeline) - 1)
        focus = {grid_of(f)[1] for f in self.timeline[k].focus} if k >= 0 else set()
        layer = self.grid_labels
        cell, row = (1.0 / max(p, 1e-9) for p in self.scene.vb.viewPixelSize())
        size = grid_caption_px(self.scene.height(), row)  # as the layout's gaps were sized for
        cap, small = px_font(size), px_font(_fit_row(size * 0.85, row))
        labels, rects = [], []
        for name, item in self.scene.grids.items():
            h, w = item.values.shape
            x, y = item.pos().x(), item.pos().y()
            rects.append((x, y, x + w, y + h))
            labels.append(Label(("cap", name), (self._captions.get(name, ""),), (x, y),
                                ((0, 1, 0, -2), (1, 1, w * cell, -2)), cap, 2 + (name in focus)))
        for x, y in self._row_corners:
            labels += [Label(("row", x, y, i), (t,), (x, y + i + 0.5), ((1, 0.5, -3, 0),), small, 1)
                       for i, t in enumerate(self._names)]
        if "LOGITS" in self.scene.grids:
            item = self.scene.grids["LOGITS"]
            x, y, n = item.pos().x(), item.pos().y(), item.values.shape[0]
            labels += [Label(("vocab", v), (t,), (x + v + 0.5, y + n), ((0.5, 0, 0, 2),), small, 1)
                       for v, t in enumerate(self.config.vocab)]
        px0, py0 = layer.to_px([r[0] for r in rects], [r[1] for r in rects])
        px1, py1 = layer.to_px([r[2] for r in rects], [r[3] for r in rects])
        layer.show(labels, np.column_stack([np.minimum(px0, px1), np.minimum(py0, py1),
                                            np.maximum(px0, px1), np.maximum(py0, py1)]))
        self._place_line_labels()

    def _place_line_labels(self) -> None:
        H, n = self.config.heads, len(self._names)
        size = text_px(self.lines.height())
        f = px_font(_fit_row(size, 1.0 / max(self.lines_vb.viewPixelSize()[1], 1e-9)))
        labels = []
        for h in range(H):
            y0 = h * (n + 1.5)
            title = (self.tr("head {h}").format(h=h + 1) + "\n" if H > 1 else "") + self.tr("query ← key")
            short = self.tr("head {h}").format(h=h + 1) if H > 1 else self.tr("query ← key")
            labels.append(Label(("title", h), (title, short), (0.5, y0 - 0.55), ((0.5, 1, 0, 0),), px_font(size), 2))
            labels += [Label((side, h, i), (t,), (x, y0 + i), ((ax, 0.5, dx, 0),), f, 1)
                       for i, t in enumerate(self._names)
                       for side, x, ax, dx in (("key", 0.0, 1, -3), ("query", 1.0, 0, 3))]
        self.line_labels.show(labels)

    def _layout_full(self):
        """Every matrix: weights on top, then X, Q, K, V, then S, A, O per head (heads side by
        side), WO and Y, the layer output and the logits on the right."""
        cfg, l = self.config, self._layer
        n, d, dk, H = len(self._ids), cfg.d_model, cfg.d_k, cfg.heads
        vgap = self._vgap  # room for the captions between rows of grids
        top = d + vgap
        self._add("X", "X", 0, top, (n, d), "x")
        block = max(3 * dk + 2 * GAP, 2 * n + dk + 2 * GAP)
        corners = [(0, top)]
        for h in range(1, H + 1):
            x0 = d + GAP * 2 + (h - 1) * (block + GAP * 2)
            tag = f"({h})".translate(lab.SUP) if H > 1 else ""
            for m, key, col in (("Q", "q", 0), ("K", "k", 1), ("V", "v", 2)):
                xm = x0 + col * (dk + GAP)
                self._add(f"W_{m}:{l}:{h}", f"W{m}{tag}", xm, 0, (d, dk), f"param:L{l}.W_{m}{h}")
                self._add(f"{m}:{l}:{h}", m + tag, xm, top, (n, dk), f"{key}:{l}:{h}")
            y2 = top + n + vgap
            self._add(f"S:{l}:{h}", "S" + tag, x0, y2, (n, n), f"s:{l}:{h}")
            self._add(f"A:{l}:{h}", "A" + tag, x0 + n + GAP, y2, (n, n), f"a:{l}:{h}")
            self._add(f"O:{l}:{h}", "O" + tag, x0 + 2 * (n + GAP), y2, (n, dk), f"o:{l}:{h}")
            corners.append((x0, y2))
        width = d + GAP * 2 + H * (block + GAP * 2)
        height = top + 2 * n + vgap
        if cfg.projection:
            self._add(f"W_O:{l}", "WO", width, 0, (H * dk, d), f"param:L{l}.W_O")
            self._add(f"Y:{l}", "Y", width, max(top, H * dk + vgap), (n, d), f"y:{l}")
            height = max(height, max(top, H * dk + vgap) + n)
            width += d + GAP
        return self._outputs(width, top, n), height, corners

    def _layout_compact(self):
        """A wide model (the trained sorter): per head its scores S and weights A, and the logits;
        the other matrices are in the formulas and the typed-grid editor. The heads stand one
        above the other, or side by side when that gives bigger cells (a wide, low canvas)."""
        cfg, l = self.config, self._layer
        n, H = len(self._ids), cfg.heads
        vgap, hgap = self._gaps()
        self._side_by_side = self._wide_canvas()
        corners = []
        for h in range(1, H + 1):
            x0, y0 = ((h - 1) * (2 * n + GAP + hgap), 0) if self._side_by_side else (0, (h - 1) * (n + vgap))
            tag = f"({h})".translate(lab.SUP) if H > 1 else ""
            self._add(f"S:{l}:{h}", "S" + tag, x0, y0, (n, n), f"s:{l}:{h}")
            self._add(f"A:{l}:{h}", "A" + tag, x0 + n + GAP, y0, (n, n), f"a:{l}:{h}")
            corners.append((x0, y0))
        if self._side_by_side:
            return self._outputs(H * (2 * n + GAP + hgap) - hgap + GAP, 0, n), n, corners
        return self._outputs(2 * n + GAP * 2, 0, n), H * (n + vgap) - vgap, corners

    def _gaps(self) -> tuple[float, float]:
        """The compact layout's gaps (cells) between rows and between heads: room for the captions."""
        return self._vgap, GAP * (1.0 + 0.5 * style.scale())

    def _wide_canvas(self) -> bool:
        """Whether the compact layout's heads side by side get bigger cells than stacked on this canvas."""
        n, H, V = len(self._ids), self.config.heads, len(self.config.vocab)
        vgap, hgap = self._gaps()
        side = (H * (2 * n + hgap + GAP) + V + GAP, n)
        stacked = (2 * n + hgap + GAP + V + GAP, H * (n + vgap))
        w, h = max(self.scene.width(), 1), max(self.scene.height(), 1)
        return min(w / side[0], h / side[1]) > min(w / stacked[0], h / stacked[1])

    def _resized(self) -> None:
        """A new canvas size: the grids laid out again for it (gaps, and a compact layout's heads
        side by side or stacked), then the labels placed."""
        if self.timeline is not None and self.isVisible() and self._laid_out_for != (self.scene.width(), self.scene.height()):
            self._relayout()
            return
        self._place_labels()

    def _outputs(self, width: float, top: float, n: int) -> float:
        """The logits grid (with unembed) at ``width``; the new width."""
        cfg = self.config
        if cfg.unembed:
            self._add("LOGITS", self.tr("logits z"), width + GAP, top, (n, len(cfg.vocab)), "logits")
            width += len(cfg.vocab) + 2 * GAP
        return width

    def _add(self, name: str, caption: str, x: float, y: float, shape: tuple, key: str) -> None:
        self._grids[name] = (key, caption, shape, x, y)

    def _layer_shown(self) -> int:
        """The layer of the current step's grids (layer 1 before the first step)."""
        if self.timeline is None or self.k < 0:
            return 1
        for fid in self.timeline[min(self.k, len(self.timeline) - 1)].focus:
            _kind, grid, _ix = grid_of(fid)
            parts = grid.split(":")
            if len(parts) > 1 and parts[0] != "X":
                return int(parts[1])
        return getattr(self, "_layer", 1)

    def _values(self, key: str, shape: tuple) -> np.ndarray:
        """The revealed values of a grid: a base array, rows ``key:i`` or entries ``key:i:j`` (NaN: not yet)."""
        state, n = self._state, shape[0]
        if key.startswith("param:"):
            return np.asarray(state[key], dtype=float).reshape(shape)
        if key == "x":
            return np.array([state.get(f"x:{i}", state[f"x0:{i}"]) for i in range(n)], dtype=float)
        if key[0] in "sa" and key[1] == ":":
            return np.array([[state.get(f"{key}:{i}:{j}", np.nan) for j in range(shape[1])] for i in range(n)],
                            dtype=float)
        return np.array([state.get(f"{key}:{i}", np.full(shape[1], np.nan)) for i in range(n)], dtype=float)

    GRADS = {"X": "grad:dX", "V": "grad:L{l}.dV{h}", "A": "grad:L{l}.dA{h}", "S": "grad:L{l}.dS{h}",
             "Q": "grad:L{l}.dQ{h}", "K": "grad:L{l}.dK{h}", "O": "grad:L{l}.dO{h}", "W_Q": "grad:L{l}.W_Q{h}",
             "W_K": "grad:L{l}.W_K{h}", "W_V": "grad:L{l}.W_V{h}", "W_O": "grad:L{l}.W_O", "Y": "grad:L{l}.dY"}

    def _draw_step(self, k: int) -> None:
        if self.config.layers > 1 and self._layer_shown() != self._layer:
            self._layout()
            self._shown = {}
        state = self._state
        backward = k >= 0 and self.timeline[k].phase == "backward"
        self._grads_shown = backward
        for name, (key, caption, shape, _x, _y) in self._grids.items():
            kind, *ix = name.split(":")
            grad = self.GRADS.get(kind, "").format(l=ix[0] if ix else 1, h=ix[1] if len(ix) > 1 else "")
            if kind == "OUT" and self.config.backward:
                grad = "grad:dOut"
            if backward and grad in state:
                values, text = np.asarray(state[grad], dtype=float), f"∂L/∂{caption}"
            else:
                values, text = self._values(key, shape), caption
            values = np.where(np.isneginf(values), -np.inf, values)
            self._set(self.scene, name, values)
            self._captions[name] = text
        self._mark(k)
        self._place_labels()
        self._draw_lines(k)

    def _mark(self, k: int) -> None:
        marks: dict[str, list] = {}
        if k >= 0:
            step = self.timeline[k]
            colour = "backward" if step.phase == "backward" else "focus"
            for fid in step.focus:
                kind, grid, ix = grid_of(fid)
                if grid not in self.scene.grids:
                    continue
                h, w = self.scene.grids[grid].values.shape
                mark = {"row": lambda: (ix[0], 0, 1, w, 1, colour, True),
                        "col": lambda: (0, ix[0], h, 1, 1, colour, True),
                        "cell": lambda: (ix[0], ix[1], 1, 1, 1, colour, True),
                        "grid": lambda: (0, 0, h, w, 1, colour, False)}[kind]()
                marks.setdefault(grid, []).append(mark)
        for name, grid in self.scene.grids.items():
            grid.set_marks(marks.get(name, []))

    # ---------------------------------------------------------------- token lines
    def _layout_lines(self, names: list[str]) -> None:
        """Two columns of the tokens per head (keys left, queries right), one head under another."""
        vb = self.lines_vb
        vb.clear()
        self._line_items = {}
        self.line_labels = LabelLayer(vb)
        self.lines.setBackground(style.color("background"))
        H, n = self.config.heads, len(names)
        for h in range(H):
            for focused in (False, True):
                for b in range(LINE_BUCKETS):
                    item = pg.PlotDataItem(connect="pairs")
                    vb.addItem(item)
                    self._line_items[(h, focused, b)] = item
        vb.setRange(xRange=(-0.7, 1.7), yRange=(-1.5 - 1.0 * (H > 1), H * (n + 1.5) - 1.8), padding=0.02)

    def _draw_lines(self, k: int) -> None:
        """Lines from each query token (right) to each key token (left), width ∝ its weight aᵢⱼ;
        the current step's rows in the focus colour."""
        state, n, l = self._state, len(self._ids), self._layer
        focus_rows = set()
        if k >= 0:
            for fid in self.timeline[k].focus:
                kind, grid, ix = grid_of(fid)
                if grid.startswith(("A:", "S:")) and kind in ("row", "cell"):
                    focus_rows.add((int(grid.split(":")[2]), ix[0]))
        pairs: dict[tuple, tuple[list, list]] = {}
        for h in range(self.config.heads):
            for i in range(n):
                for j in range(n):
                    a = state.get(f"a:{l}:{h + 1}:{i}:{j}")
                    if a is None or not np.isfinite(a) or a < 0.01:
                        continue
                    key = (h, (h + 1, i) in focus_rows, min(LINE_BUCKETS - 1, int(a * LINE_BUCKETS)))
                    xs, ys = pairs.setdefault(key, ([], []))
                    y0 = h * (n + 1.5)
                    xs += [1.0, 0.0]
                    ys += [y0 + i, y0 + j]
        row_px = 1.0 / max(self.lines_vb.viewPixelSize()[1], 1e-9)
        thickest = min(style.line(10.0), 0.5 * row_px)
        for (h, focused, b), item in self._line_items.items():
            xs, ys = pairs.get((h, focused, b), ([], []))
            colour = style.color("focus") if focused else style.color("positive", 170)
            item.setData(xs, ys, pen=pg.mkPen(colour, width=1.0 + (thickest - 1.0) * (b + 0.5) / LINE_BUCKETS))


def _fit_row(px: float, row_px: float) -> float:
    """A font size of at most ``px`` whose labels (line + margins + the gap between labels) fit
    one row of ``row_px``."""
    return max(9.0, min(px, (row_px - 9 - LABEL_GAP) / 1.2))


def _weight_caption(name: str) -> str:
    """A parameter's name as the diagrams write it: 'L1.W_Q2' → 'WQ⁽²⁾', 'E' → 'E'."""
    if "." not in name:
        return name
    layer, rest = name.split(".", 1)
    if rest.startswith("W_"):
        m, h = rest[2], rest[3:]
        return f"W{m}" + (f"({h})".translate(lab.SUP) if h else "")
    return rest.replace("ln1.g", "γ₁").replace("ln1.b", "β₁").replace("ln2.g", "γ₂").replace("ln2.b", "β₂") \
        .replace("W1", "W₁").replace("W2", "W₂").replace("b1", "b₁").replace("b2", "b₂") + f" ({layer})"
