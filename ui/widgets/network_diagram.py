"""NetworkDiagram: a layered network drawn with a few batched pyqtgraph items.

Nodes are one ScatterPlotItem (filled by value, outlined when revealed, the focus in the theme's
focus colour). Edges are sorted into 2 × ``N_WIDTHS`` buckets (sign → colour, |w| → width), one
``PlotCurveItem(connect="pairs")`` per bucket, updated with ``setData`` only when the weights
change; one cached item paints them all (``_EdgeLayer``), so a step's repaint blits the edges. Past ``LOD_EDGES`` edges only the ``LOD_KEEP`` strongest are drawn (plus every edge of a
focused node) and a note says so. Clicks are hit-tested by geometry. The widget takes plain arrays
(it knows nothing about labs), so it can be tested and benchmarked alone.

Layer l = 0 (input) … L; node j of layer l; ``weights[l - 1]`` has shape (n_{l−1}, n_l) and
edge (l, i, j) is its entry [i, j].
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, QPoint, QPointF, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QGraphicsItem

from ui.style import color, line, scale, theme
from ui.widgets.labels import GAP as LABEL_GAP
from ui.widgets.labels import MIN_PX, Label, LabelLayer, measure, num, px_font, text_px

N_WIDTHS = 8  # width levels per sign: 16 edge buckets
LOD_EDGES = 10_000  # above this many edges draw a level of detail
LOD_KEEP = 5_000  # … the strongest this many edges
EDGE_LABELS_ALL = 40  # label every edge of a network with at most this many edges
FOCUS_EDGE_LABELS = 10  # otherwise label at most this many focused edges (the strongest)
NODE_LABELS_LAYER = 12  # label every node of a layer with at most this many nodes
PRIMARY = 2500.0  # the placement priority of the label of the element the formula names (after the layer titles)
LABEL_T = 0.22  # where an edge's label starts, as a fraction of the way from its source
FILL_LEVELS = 8  # node fill intensity levels per sign
THICK_EDGES = 600  # up to this many edges every width level is drawn; beyond, weak edges stay 1 px
GLOW_EDGES = 64  # focused edges get a glow underneath when there are at most this many


def layer_ys(n: int) -> np.ndarray:
    """Vertical positions (0 = top, 1 = bottom) of a layer's n nodes, centred."""
    gap = min(0.42, 1.0 / n)
    return 0.5 + (np.arange(n) - (n - 1) / 2) * gap


def _mix(a: QColor, b: QColor, t: float) -> QColor:
    return QColor.fromRgbF(*(a.getRgbF()[c] * (1 - t) + b.getRgbF()[c] * t for c in range(3)))


def _segments(x0, y0, x1, y1):
    """Interleave segment end points for connect="pairs"."""
    x = np.empty(2 * len(x0))
    y = np.empty(2 * len(x0))
    x[0::2], x[1::2], y[0::2], y[1::2] = x0, x1, y0, y1
    return x, y


class _EdgeLayer(pg.GraphicsObject):
    """The edge buckets painted as one item, cached in device pixels: a step changes no edge, so
    its repaint draws one image instead of thousands of lines (drawn again when the weights, the
    pens or the view's scale change). The buckets stay in the view, hidden, for their data and
    bounds."""

    def __init__(self, buckets):
        super().__init__()
        self.buckets = buckets
        self._rect = None  # the buckets' bounds united (asked for several times a paint)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

    def changed(self) -> None:
        """The buckets' data or pens changed."""
        self.prepareGeometryChange()
        self._rect = None
        self.update()

    def viewTransformChanged(self) -> None:
        self.prepareGeometryChange()  # the buckets' pixel padding follows the view's scale
        self._rect = None

    def boundingRect(self):
        if self._rect is None:
            self._rect = pg.QtCore.QRectF()
            for item in self.buckets:
                if item.xData is not None and len(item.xData):
                    self._rect = self._rect.united(item.boundingRect())
        return self._rect

    def paint(self, painter, option, widget=None) -> None:
        for item in sorted(self.buckets, key=lambda item: item.zValue()):  # thin first, thick on top
            if item.xData is not None and len(item.xData):
                item.paint(painter, option, widget)


class _Note(pg.LabelItem):
    """The note under the diagram: it follows the view's width (shortened to fit), never widens it."""

    def updateMin(self):
        super().updateMin()
        self.setMinimumWidth(0)


class NetworkDiagram(pg.GraphicsLayoutWidget):
    """Draws layer sizes, weights and per-step values; emits clicks on nodes and edges."""

    nodeClicked = Signal(int, int)  # l, j
    edgeClicked = Signal(int, int, int)  # l, i, j (weights[l - 1][i, j])

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("networkDiagram")
        self.view = self.addViewBox(row=0, col=0)
        self.view.setMouseEnabled(False, False)
        self.view.setMenuEnabled(False)
        self.view.invertY(True)
        self.view.disableAutoRange()
        self.note = _Note(justify="left")
        self.addItem(self.note, row=1, col=0)
        self.ci.layout.setRowStretchFactor(0, 1)
        self._buckets = [pg.PlotCurveItem(connect="pairs", skipFiniteCheck=True) for _ in range(2 * N_WIDTHS)]
        self._context = [pg.PlotCurveItem(connect="pairs", skipFiniteCheck=True) for _ in range(2)]
        self._glow = pg.PlotCurveItem(connect="pairs", skipFiniteCheck=True)
        self._focus = [pg.PlotCurveItem(connect="pairs", skipFiniteCheck=True) for _ in range(2)]
        self._nodes = pg.ScatterPlotItem(pxMode=True, symbol="o")
        for item in (*self._buckets, *self._context, self._glow, *self._focus):
            item.setSegmentedLineMode("on")  # drawLines: far faster than stroking one path
        for item in (*self._buckets, *self._context, self._glow, *self._focus, self._nodes):
            self.view.addItem(item)
        for item in self._buckets:
            item.hide()
        self._edges = _EdgeLayer(self._buckets)
        self.view.addItem(self._edges)
        self._layer = LabelLayer(self.view, z=N_WIDTHS + 5)  # captions and values: a pool, reused every step
        self._text_px, self._layout_h = text_px(500.0), 0.0
        self._note = ("", "muted")
        self.sizes: tuple[int, ...] = ()
        self.weights: tuple[np.ndarray, ...] = ()
        self.drawn = np.zeros(0, dtype=np.intp)  # indexes of the edges the buckets draw
        self.labels: dict[tuple, str] = {}  # what the labels show: ("node", l, j) / ("edge", l, i, j) → text
        self.last_click = QPoint()  # widget pixel of the last hit click (to place an editor there)
        self._state: dict = {}
        self._labelled_size = (0.0, 0.0)  # the view size the labels were placed for
        self._styles = None
        self._edges_look = None  # the focused and context edges drawn (set_state)
        self.n_edges = 0
        self.scene().sigMouseClicked.connect(self._on_click)
        self.view.sigResized.connect(self._fit)
        self.restyle_items()

    # ---- layout ---------------------------------------------------------------------------
    def set_layers(self, sizes, captions=None) -> None:
        """The network's shape; ``captions`` one text per layer (drawn above it), or a tuple of
        its forms, longest first (a narrow diagram shows a shorter one)."""
        self.sizes = tuple(int(n) for n in sizes)
        self._ys = [layer_ys(n) for n in self.sizes]
        self._node_off = np.concatenate([[0], np.cumsum(self.sizes)])
        self._node_pos = np.column_stack([
            np.concatenate([np.full(n, float(l)) for l, n in enumerate(self.sizes)]),
            np.concatenate(self._ys)])
        self._node_layer = np.repeat(np.arange(len(self.sizes)), self.sizes)
        counts = [a * b for a, b in zip(self.sizes, self.sizes[1:])]
        self._edge_off = np.concatenate([[0], np.cumsum(counts)]).astype(np.intp)
        self._sizes = np.asarray(self.sizes, dtype=np.intp)
        self.n_edges = int(self._edge_off[-1])
        self.captions = list(captions or [""] * len(self.sizes))
        self.weights = ()
        self.restyle_items()
        self._apply_layout()

    def _apply_layout(self) -> None:
        """Node sizes and the fonts from the view's height in pixels × the presenter scale."""
        h = max(float(self.view.height()), 120.0)
        self._text_px = text_px(h)
        self._layout_h = h
        span = h * 0.8
        sizes = [min(2.4 * self._text_px, max(4.0, span * min(0.3, 1.0 / n) * 0.6)) for n in self.sizes]
        self._node_size = np.repeat(np.array(sizes), self.sizes)
        self._nodes.setData(pos=self._node_pos, size=self._node_size)  # (resets the brushes and pens)
        self._styles, self._labelled_size, self._edges_look = None, None, None  # set_state draws them again
        self._fit()

    def _fit(self) -> None:
        """Layers spread over the width, keeping room in pixels for the labels beside the input
        and output nodes and for the captions above (all sized from the view and the scale)."""
        if not self.sizes:
            return
        if abs(max(float(self.view.height()), 120.0) - self._layout_h) > 1:
            self._apply_layout()  # sizes follow the view's height
            return
        width, height = max(float(self.view.width()), 200.0), max(float(self.view.height()), 120.0)
        span = max(len(self.sizes) - 1, 1)
        left, right = 4.5 * self._text_px, 8.5 * self._text_px
        unit = span / max(width - left - right, 0.35 * width)  # view units per pixel
        top = measure("Ag", self._caption_font())[1] + self._node_size.max() / 2 + 4
        bottom = self._node_size.max() / 2 + 4
        yunit = 1.0 / max(height - top - bottom, 0.5 * height)
        self.view.setRange(xRange=(-left * unit, len(self.sizes) - 1 + right * unit),
                           yRange=(-top * yunit, 1 + bottom * yunit), padding=0)
        if self.weights:
            self._show_note()
        if (self.view.width(), self.view.height()) != self._labelled_size:
            # which labels fit depends on the size in pixels: place them again once resizing settles
            QTimer.singleShot(0, self._relabel)

    def _caption_font(self, px: float | None = None):
        return px_font(self._text_px if px is None else px, bold=True)

    @staticmethod
    def _caption_forms(caption) -> list[str]:
        """A layer title's forms, longest first: its text, without " · …", without " (…)", then
        the short forms it was given."""
        text, *shorter = (caption,) if isinstance(caption, str) else caption
        return list(dict.fromkeys((text, text.split(" · ")[0], text.split(" (")[0].split(" · ")[0], *shorter)))

    def _caption_look(self, span: float) -> tuple[float, int]:
        """The layer titles' size and the form (0: the full text) they all start from: the labels'
        size, shrunk (to no less than 0.6 of it, nor MIN_PX) so that neighbouring titles fit side
        by side across layers ``span`` / (layers − 1) pixels apart; still too wide, the next
        shorter form of every title, alike."""
        tp, n = self._text_px, len(self.sizes)
        forms = [self._caption_forms(c) for c in self.captions]
        if n < 2 or not any(c for c in self.captions):
            return tp, 0
        room = span / (n - 1) - 9 - 2 * LABEL_GAP - 1
        f, floor = self._caption_font(), max(MIN_PX, 0.6 * tp)
        levels = max(len(c) for c in forms)
        for level in range(levels):
            advance = [measure(c[min(level, len(c) - 1)], f)[0] - 9 for c in forms]
            need = max((a + b) / 2 for a, b in zip(advance, advance[1:]))
            px = tp if need <= room else math.floor(tp * room / need)
            if px >= floor or level == levels - 1:
                return max(px, MIN_PX), level
        return tp, 0

    def _relabel(self) -> None:
        if (self.view.width(), self.view.height()) != self._labelled_size:
            if self._state:
                self.set_state(**self._state)
            else:
                self._place_labels({})

    # ---- weights → edge buckets -----------------------------------------------------------
    def set_weights(self, weights) -> None:
        """Re-bucket the edges (only when the arrays differ from the last call)."""
        weights = tuple(weights)
        if len(weights) == len(self.weights) and all(a is b for a, b in zip(weights, self.weights)):
            return
        self.weights = weights
        w = np.concatenate([np.asarray(W, dtype=float).ravel() for W in weights])
        self._w = w
        mag = np.abs(w)
        top = float(mag.max()) or 1.0
        level = np.minimum(mag * (N_WIDTHS / top), N_WIDTHS - 1).astype(np.int8)
        bucket = level + np.where(w < 0, np.int8(N_WIDTHS), np.int8(0))
        if self.n_edges > LOD_EDGES:
            keep = np.sort(np.argpartition(-mag, LOD_KEEP)[:LOD_KEEP])
            self._note = (QCoreApplication.translate("NetworkDiagram", "showing {shown} of {total} edges (the strongest; all in the values table)")
                          .format(shown=f"{LOD_KEEP:,}", total=f"{self.n_edges:,}"), "text")
        else:
            keep = np.arange(self.n_edges)
            self._note = (QCoreApplication.translate("NetworkDiagram", "{total} edges · blue positive, orange negative, width ∝ |w|")
                          .format(total=f"{self.n_edges:,}"), "muted")
        self._show_note()
        self.drawn = keep
        order = keep[np.argsort(bucket[keep], kind="stable")]
        counts = np.bincount(bucket[keep], minlength=2 * N_WIDTHS)
        start = 0
        for b, item in enumerate(self._buckets):
            idx = order[start:start + counts[b]]
            start += counts[b]
            item.setData(*self._edge_segments(idx))
        self._edges.changed()

    def lod_text(self) -> str:
        """The note under the diagram (level of detail, legend)."""
        return self._note[0]

    def _show_note(self) -> None:
        """The note in the label size, shortened to the view's width (it never widens the view)."""
        text, colour = self._note
        f = px_font(self._text_px * 0.9)
        width = self.width() - 24
        forms = (text, text.split(" (")[0].split(" · ")[0], "")
        shown = next(t for t in forms if measure(t, f)[0] <= width)
        if (shown, f.key(), colour) != getattr(self, "_note_shown", None):
            self._note_shown = (shown, f.key(), colour)
            self.note.setText(shown, color=getattr(theme(), colour), size=f"{f.pixelSize()}px")

    def resizeEvent(self, ev) -> None:
        if getattr(self, "weights", ()):
            self._show_note()
        super().resizeEvent(ev)

    def bucket_sizes(self) -> list[int]:
        """How many edges each of the 16 bucket items draws."""
        return [len(item.xData) // 2 if item.xData is not None else 0 for item in self._buckets]

    # ---- per-step values -------------------------------------------------------------------
    def set_state(self, outs, sums=None, deltas=None, biases=None, grads=None, new=None, new_biases=None,
                  focus_nodes=(), focus_edges=(), delta_symbol="δ", primary=None) -> None:
        """Draw one step's values. Per layer l: ``outs[l]``, ``sums[l]``, ``deltas[l]``,
        ``biases[l]``, ``new_biases[l]`` (arrays of n_l, NaN = not revealed yet; None for a missing
        layer or kind);
        per weight matrix: ``grads[l - 1]`` and ``new[l - 1]`` (NaN where not revealed).
        ``focus_nodes`` (l, j) and ``focus_edges`` (l, i, j) are highlighted; ``primary``
        (("node", l, j) or ("edge", l, i, j)), the element the formula names, has its label placed
        first, whatever else wants the room."""
        self._labelled_size = (self.view.width(), self.view.height())
        self._state = dict(outs=outs, sums=sums, deltas=deltas, biases=biases, grads=grads, new=new,
                           new_biases=new_biases, focus_nodes=tuple(focus_nodes), focus_edges=tuple(focus_edges),
                           delta_symbol=delta_symbol, primary=primary)
        L1 = len(self.sizes)
        out = self._per_node(outs)
        sm = self._per_node(sums)
        dl = self._per_node(deltas)
        fnodes = np.array([self._node_off[l] + j for l, j in focus_nodes], dtype=np.intp)
        fedges = self._edge_index(focus_edges)

        # nodes: fill by output value, outline by what is revealed
        revealed = ~np.isnan(out) | ~np.isnan(sm)
        fill = np.where(np.isnan(out), 0, np.rint(np.tanh(np.nan_to_num(out)) * FILL_LEVELS)).astype(int)
        fill = np.where(np.isnan(out), FILL_LEVELS + 1, fill)  # FILL_LEVELS + 1: unrevealed
        pen = np.where(~np.isnan(dl), 2, np.where(revealed, 1, 0))
        pen = np.where((self._node_size < 10) & (pen < 2), 4, pen)  # tiny nodes: fill only
        pen[fnodes] = 3
        styles = (fill.tobytes(), pen.tobytes())
        if styles != self._styles:
            self._styles = styles
            self._nodes.setBrush([self._brush(v) for v in fill.tolist()], update=False)  # one update, with the pens
            self._nodes.setPen([self._pens[p] for p in pen.tolist()])

        # focused edges: a glow underneath, then sign-coloured lines; in LOD also the focus nodes' edges
        w = self._w
        few = len(fedges) <= GLOW_EDGES  # many focused edges: drawn 1 px in the focus colour
        context = np.zeros(0, dtype=np.intp)
        if self.n_edges > LOD_EDGES and len(fnodes):
            context = self._edge_set(np.concatenate([self._node_edges(l, j) for l, j in focus_nodes]), minus=fedges)
        edges_look = (fedges.tobytes(), context.tobytes(), few, (w[fedges] < 0).tobytes(), (w[context] < 0).tobytes())
        if edges_look != self._edges_look:  # the focus moved (or its edges' signs changed)
            self._edges_look = edges_look
            self._glow.setData(*self._edge_segments(fedges))
            self._glow.setPen(pg.mkPen(color("focus", 255 if few else 70), width=line(7) if few else 1))
            for sign, item in enumerate(self._focus):
                idx = fedges[(w[fedges] < 0) == bool(sign)] if few else fedges[:0]
                item.setData(*self._edge_segments(idx))
            for sign, item in enumerate(self._context):
                idx = context[(w[context] < 0) == bool(sign)]
                item.setData(*self._edge_segments(idx))
                item.setPen(pg.mkPen(color("negative" if sign else "positive", 110 if len(context) <= 100 else 40),
                                     width=1))
        self._clickable = self._edge_set(self.drawn, fedges, context)

        # labels: what each would say; _place_labels decides which fit, where
        wanted: dict[tuple, tuple] = {}
        label_nodes = [k for l in range(L1) if self.sizes[l] <= NODE_LABELS_LAYER
                       for k in range(self._node_off[l], self._node_off[l + 1])]
        fnode_set = set(fnodes.tolist())
        per_layer = np.bincount(self._node_layer[fnodes], minlength=L1) if len(fnodes) else np.zeros(L1, int)
        # a dense layer's values live in the table: label its focused nodes only when they are few
        labelled_focus = {k for k in fnode_set if per_layer[self._node_layer[k]] <= NODE_LABELS_LAYER}
        if primary is not None and primary[0] == "node":
            labelled_focus.add(int(self._node_off[primary[1]] + primary[2]))
        for k in sorted(set(label_nodes) | labelled_focus):
            l = int(self._node_layer[k])
            j = k - int(self._node_off[l])
            texts = self._node_texts(l, j, out[k], sm[k], dl[k])
            if texts:
                wanted[("node", l, j)] = (texts, k in fnode_set, False)
        fset = set(fedges.tolist())
        for rank, (e, (l, i, j)) in enumerate(self._edges_to_label(fedges, primary)):
            # a focused node's outgoing edges fan out from it: label them near their other end
            at_end = (self._node_off[l - 1] + i) in fnode_set and (self._node_off[l] + j) not in fnode_set
            text = self._edge_text(l, i, j, w[e])
            wanted[("edge", l, i, j)] = ((text, text.split("  ")[-1]) if "  " in text else (text,), e in fset, at_end, rank)
        self._place_labels(wanted)

    def _edge_set(self, *edges, minus=None) -> np.ndarray:
        """The edges in any of ``edges`` and not in ``minus``, sorted (as np.union1d/np.setdiff1d,
        which import numpy.ma, 30 ms of the first paint)."""
        member = np.zeros(self.n_edges, dtype=bool)
        for part in edges:
            member[part] = True
        if minus is not None:
            member[minus] = False
        return np.flatnonzero(member)

    def _edges_to_label(self, fedges, primary=None):
        """(edge, (l, i, j)) worth a label, best first: the primary edge, focused edges, then the
        strongest — every edge of a small net, else the FOCUS_EDGE_LABELS strongest focused ones
        (placement then keeps those that fit)."""
        strongest = lambda edges: edges[np.argsort(-np.abs(self._w[edges]), kind="stable")]  # noqa: E731
        if self.n_edges <= EDGE_LABELS_ALL:
            order = np.r_[strongest(fedges), strongest(self._edge_set(np.arange(self.n_edges), minus=fedges))]
        else:
            order = strongest(fedges)[:FOCUS_EDGE_LABELS]
        if primary is not None and primary[0] == "edge":
            first = int(self._edge_index([primary[1:]])[0])
            order = np.r_[first, order[order != first]]
        return [(int(e), self.edge_of(int(e))) for e in order]

    def _place_labels(self, wanted) -> None:
        """Captions, node and edge labels through the shared placement: captions first, then
        the focused elements', then the other nodes', then edges (strongest first)."""
        self._labelled_size = (self.view.width(), self.view.height())
        if self.view.width() < 2 or self.view.height() < 2:
            self._layer.draw([])
            self.labels = {}
            return
        tp, last = self._text_px, len(self.sizes) - 1
        primary = (self._state or {}).get("primary")
        layer = self._layer
        nx, ny = layer.to_px(self._node_pos[:, 0], self._node_pos[:, 1])
        r = self._node_size / 2
        pxs, pys = nx.tolist(), ny.tolist()
        small = np.repeat(self._sizes <= 64, self._sizes)
        obstacles = np.column_stack([nx - r, ny - r, nx + r, ny + r])[small]
        labels = []
        top = float(self.view.viewRange()[1][0])
        cap_px, level = self._caption_look(pxs[self._node_off[-1] - 1] - pxs[0])
        cap_font = self._caption_font(cap_px)
        for l, caption in enumerate(self.captions):
            if caption:
                forms = self._caption_forms(caption)
                forms = forms[min(level, len(forms) - 1):]
                spots = ((0.5, 0.0, 0, 2), (0.0, 0.0, -r.max(), 2), (1.0, 0.0, r.max(), 2))
                labels.append(Label(("caption", l), tuple(forms), (float(l), top), spots, cap_font,
                                    priority=3000 - l, fill=False))
        plain, bold = px_font(tp), px_font(tp * 1.12, bold=True)
        edge_font = px_font(tp * 0.92)
        for key, (texts, focus, at_end, *rank) in wanted.items():
            if key[0] == "node":
                k = self._node_off[key[1]] + key[2]
                q = r[k] + 3
                d = q * 0.75
                above, below = (0.5, 1.0, 0, -q), (0.5, 0.0, 0, q)
                sides = {0: ((1.0, 0.5, -q, 0), above, below, (1.0, 1.0, -d, -d), (1.0, 0.0, -d, d)),
                         last: ((0.0, 0.5, q, 0), above, below, (0.0, 1.0, d, -d), (0.0, 0.0, d, d))}
                spots = sides.get(key[1], (above, below, (0.0, 1.0, d, -d), (0.0, 0.0, d, d), (0.0, 0.5, q, 0),
                                           (1.0, 1.0, -d, -d), (1.0, 0.0, -d, d), (1.0, 0.5, -q, 0)))
                labels.append(Label(key, texts, tuple(self._node_pos[k]), spots, bold if focus else plain,
                                    priority=PRIMARY if key == primary else (2000 if focus else 1000) - k * 1e-3, z=1))
            else:
                _, l, i, j = key
                a, b = self._node_off[l - 1] + i, self._node_off[l] + j
                x0, x1, y0, y1 = pxs[a], pxs[b], pys[a], pys[b]
                t0 = 1 - LABEL_T if at_end else LABEL_T
                ts = [t0 + (-t if at_end else t) for t in (0, 0.12, -0.08, 0.24, 0.36, 0.5)]
                offsets = ((0.5, 0), (1.0, -2), (0.0, 2))
                if key == primary:  # the named edge's label must go somewhere: anywhere along it, a line off it
                    ts += [t / 10 for t in range(1, 10)]
                    offsets += ((1.0, -2 - tp), (0.0, 2 + tp))
                spots = tuple((0.5, ay, (t - t0) * (x1 - x0), (t - t0) * (y1 - y0) + dy)
                              for ay, dy in offsets for t in ts)
                labels.append(Label(key, texts, self.edge_point(l, i, j, t0), spots, bold if focus else edge_font,
                                    priority=PRIMARY if key == primary else (1500 if focus else 0) - rank[0]))
        layer.show(labels, obstacles)
        self.labels = {p.key: p.text for p in layer.placed if p.key[0] != "caption"}

    def _per_node(self, arrays) -> np.ndarray:
        if arrays is None:
            return np.full(len(self._node_pos), np.nan)
        return np.concatenate([np.full(n, np.nan) if a is None else np.asarray(a, dtype=float)
                               for n, a in zip(self.sizes, arrays)])

    def _node_texts(self, l, j, out, sm, dl) -> tuple[str, ...]:
        """A node's label, then shorter forms (without the bias, then the latest value alone; once
        the bias is updated, the update alone)."""
        items = []
        biases = self._state["biases"]
        if l > 0 and biases is not None and biases[l] is not None and not math.isnan(biases[l][j]):
            items.append(f"b {num(biases[l][j])}")
            nb = self._state["new_biases"]
            if nb is not None and nb[l] is not None and not math.isnan(nb[l][j]):
                items[-1] += f" → {num(nb[l][j])}"
        if not math.isnan(sm):
            items.append(f"z {num(sm)}")  # the notation sheet's symbols (nnlab.notation)
        if not math.isnan(out):
            items.append(num(out) if l == 0 else f"{'y' if l == len(self.sizes) - 1 else 'h'} {num(out)}")
        if not math.isnan(dl):
            items.append(f"{self._state['delta_symbol']} {num(dl)}")
        if not items:
            return ()
        side = l in (0, len(self.sizes) - 1)
        if "→" in items[0]:  # the bias updated: the latest thing revealed, kept by every form
            forms = [self._join(items, side), self._join(items, False), items[0]]
            return tuple(dict.fromkeys(forms))
        values = [i for i in items if not i.startswith("b ")]
        forms = [self._join(items, side), self._join(values, side), self._join(values, False), values[-1] if values else ""]
        return tuple(f for f in dict.fromkeys(forms) if f)

    @staticmethod
    def _join(items, side: bool) -> str:
        """Beside a node two items a line; above it the bias beside the sum, then one a line."""
        if side:
            return "\n".join("  ".join(items[i:i + 2]) for i in range(0, len(items), 2))
        if len(items) > 1 and items[0].startswith("b "):
            items = ["  ".join(items[:2]), *items[2:]]
        return "\n".join(items)

    def _edge_text(self, l, i, j, w) -> str:
        """The weight and the latest thing revealed about it: "w → new" once updated, else
        "w  ∂ gradient" once its gradient is known (two numbers at most, to stay legible)."""
        for kind, sep in (("new", "  → "), ("grads", "  ∂ ")):
            arrays = self._state[kind]
            if arrays is not None and arrays[l - 1] is not None and not math.isnan(arrays[l - 1][i, j]):
                return num(w) + sep + num(arrays[l - 1][i, j])
        return num(w)

    # ---- geometry --------------------------------------------------------------------------
    def edge_of(self, e: int) -> tuple[int, int, int]:
        l = int(np.searchsorted(self._edge_off, e, side="right"))
        i, j = divmod(int(e - self._edge_off[l - 1]), self.sizes[l])
        return l, i, j

    def _edge_index(self, edges) -> np.ndarray:
        if not len(edges):
            return np.zeros(0, dtype=np.intp)
        a = np.asarray(edges, dtype=np.intp).reshape(-1, 3)
        sizes = np.asarray(self.sizes)
        return self._edge_off[a[:, 0] - 1] + a[:, 1] * sizes[a[:, 0]] + a[:, 2]

    def _node_edges(self, l: int, j: int) -> np.ndarray:
        parts = []
        if l > 0:
            parts.append(self._edge_off[l - 1] + np.arange(self.sizes[l - 1]) * self.sizes[l] + j)
        if l < len(self.sizes) - 1:
            parts.append(self._edge_off[l] + j * self.sizes[l + 1] + np.arange(self.sizes[l + 1]))
        return np.concatenate(parts) if parts else np.zeros(0, dtype=np.intp)

    def _edge_xy(self, idx):
        """x0, y0, x1, y1 of edges ``idx``, computed (not stored: a wide net has millions of edges)."""
        idx = np.asarray(idx, dtype=np.intp)
        l = np.searchsorted(self._edge_off, idx, side="right")
        i, j = np.divmod(idx - self._edge_off[l - 1], self._sizes[l])
        y = self._node_pos[:, 1]
        return (l - 1).astype(float), y[self._node_off[l - 1] + i], l.astype(float), y[self._node_off[l] + j]

    def _edge_segments(self, idx):
        return _segments(*self._edge_xy(idx))

    def node_pos(self, l: int, j: int) -> tuple[float, float]:
        return float(l), float(self._ys[l][j])

    def edge_point(self, l: int, i: int, j: int, t: float = 0.5) -> tuple[float, float]:
        """A point at fraction t along edge (l, i, j), in view coordinates."""
        y0, y1 = self._ys[l - 1][i], self._ys[l][j]
        return l - 1 + t, float(y0 + t * (y1 - y0))

    def to_widget(self, x: float, y: float) -> QPoint:
        """The widget pixel of view point (x, y)."""
        return self.mapFromScene(self.view.mapViewToScene(QPointF(x, y)))

    def item_at(self, x: float, y: float):
        """("node", l, j) or ("edge", l, i, j) under view point (x, y), or None."""
        if not self.sizes:
            return None
        pw, ph = self.view.viewPixelSize()
        d = np.hypot((self._node_pos[:, 0] - x) / pw, (self._node_pos[:, 1] - y) / ph)
        k = int(np.argmin(d))
        if d[k] <= self._node_size[k] / 2 + 3:
            l = int(self._node_layer[k])
            return ("node", l, k - int(self._node_off[l]))
        idx = getattr(self, "_clickable", self.drawn)
        if not len(idx):
            return None
        x0, y0, x1, y1 = self._edge_xy(idx)
        ax, ay, bx, by = x0 / pw, y0 / ph, x1 / pw, y1 / ph
        px, py = x / pw, y / ph
        dx, dy = bx - ax, by - ay
        t = np.clip(((px - ax) * dx + (py - ay) * dy) / np.maximum(dx * dx + dy * dy, 1e-12), 0, 1)
        dist = np.hypot(ax + t * dx - px, ay + t * dy - py)
        m = int(np.argmin(dist))
        if dist[m] <= 5 * scale():
            return ("edge", *self.edge_of(int(idx[m])))
        return None

    def _on_click(self, ev) -> None:
        if ev.button() != Qt.MouseButton.LeftButton or not self.sizes:
            return
        p = self.view.mapSceneToView(ev.scenePos())
        hit = self.item_at(p.x(), p.y())
        if hit is None:
            return
        self.last_click = self.mapFromScene(ev.scenePos())
        if hit[0] == "node":
            self.nodeClicked.emit(hit[1], hit[2])
        else:
            self.edgeClicked.emit(hit[1], hit[2], hit[3])

    # ---- style -----------------------------------------------------------------------------
    def _brush(self, level: int) -> QBrush:
        brush = self._brushes.get(level)
        if brush is None:
            bg = color("background")
            if level > FILL_LEVELS:
                c = bg
            else:
                c = _mix(bg, color("negative" if level < 0 else "positive"), 0.12 + 0.78 * abs(level) / FILL_LEVELS)
            brush = self._brushes[level] = QBrush(c)
        return brush

    def restyle_items(self) -> None:
        """Pens, fonts and colours from ui.style (theme and presenter scale)."""
        t = theme()
        self.setBackground(t.background)
        self._brushes: dict[int, QBrush] = {}
        self._pens = [pg.mkPen(color("muted"), width=line(1)), pg.mkPen(color("text"), width=line(1.5)),
                      pg.mkPen(color("backward"), width=line(2.5)), pg.mkPen(color("focus"), width=line(4)),
                      pg.mkPen(None)]
        thick = self.n_edges <= THICK_EDGES
        bg = color("background")
        for b, item in enumerate(self._buckets):
            level = b % N_WIDTHS
            c = _mix(bg, color("negative" if b >= N_WIDTHS else "positive"), 0.3 + 0.7 * level / (N_WIDTHS - 1))
            if thick:
                width = line(1 + 3 * level / (N_WIDTHS - 1))
            else:  # a thick line costs ~5× a 1-px one: keep the many weak edges thin
                width = 1 if level < N_WIDTHS - 2 else line(1 + level - (N_WIDTHS - 3))
            item.setPen(pg.mkPen(c, width=width))
            item.setZValue(level)
        self._edges.changed()
        for sign, item in enumerate(self._context):
            item.setPen(pg.mkPen(color("negative" if sign else "positive", 110), width=1))
            item.setZValue(N_WIDTHS)
        self._glow.setPen(pg.mkPen(color("focus"), width=line(7)))
        self._glow.setZValue(N_WIDTHS + 1)
        for sign, item in enumerate(self._focus):
            item.setPen(pg.mkPen(color("negative" if sign else "positive"), width=line(2.5)))
            item.setZValue(N_WIDTHS + 2)
        self._nodes.setZValue(N_WIDTHS + 3)
        self._layer.restyle()
        self._styles = self._edges_look = None

    def restyle(self) -> None:
        """Theme or presenter scale changed: redraw everything with the new style."""
        self.restyle_items()
        if self.sizes:
            weights, self.weights = self.weights, ()
            self._apply_layout()
            if weights:
                self.set_weights(weights)
            if self._state:
                self.set_state(**self._state)
