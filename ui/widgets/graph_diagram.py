"""GraphDiagram: a computational graph drawn DLFS-style with a few batched pyqtgraph items.

Nodes flow left to right: leaves (inputs, constants) are circles, operations are boxes showing
their symbol. Edges are one ``PlotDataItem(connect="pairs")`` (plus one for the focused edges);
nodes one ``ScatterPlotItem``. The value travelling along an edge is written above it (forward)
and its gradient below it (backward). The output gets a short stub to the right carrying the
output value and the gradient fed in. A graph too large to be read whole (hundreds of nodes)
is shown through a window that follows the focused nodes. The widget takes plain data (ids, symbols, input ids and
already computed numbers), so it knows nothing about labs.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Signal

from ui.style import color, line, scale, theme
from ui.widgets.labels import Label, LabelLayer, OffsetLabel, font, num, px_font, text_px

OUT = "out"  # the id of the output stub edge
READABLE = 100  # pixels per column or row at 1×; a graph needing more is shown around its focus
SMALL = 12  # nodes: a graph this small is shown whole at any scale that leaves it READABLE (1×) pixels


def layout(nodes, sweeps: int = 4) -> dict[str, tuple[float, float]]:
    """Positions (column, row) for nodes given as (id, is_leaf, inputs) in topological order.

    An operation sits one column right of its deepest input; a leaf sits just left of its
    first user. Within a column, nodes are ordered by the mean row of their neighbours,
    sweeping left to right (inputs) then right to left (users) a few times to untangle edges."""
    depth = {}
    for nid, leaf, inputs in nodes:
        depth[nid] = 0 if leaf else 1 + max(depth[s] for s in inputs)
    users = {nid: [] for nid, _leaf, _inputs in nodes}
    for nid, _leaf, inputs in nodes:
        for s in inputs:
            users[s].append(nid)
    col = {nid: (min(depth[u] for u in users[nid]) - 1 if leaf and users[nid] else depth[nid])
           for nid, leaf, _inputs in nodes}
    inputs_of = {nid: inputs for nid, _leaf, inputs in nodes}
    columns = {c: [nid for nid, _leaf, _inputs in nodes if col[nid] == c] for c in sorted(set(col.values()))}
    rows = {}

    def place(members):
        for i, nid in enumerate(members):
            rows[nid] = i - (len(members) - 1) / 2

    def reorder(members, neighbours):
        index = {nid: i for i, nid in enumerate(members)}

        def key(nid):
            placed = [rows[s] for s in neighbours[nid] if s in rows]
            return (float(np.mean(placed)) if placed else rows.get(nid, 1e9), index[nid])

        members.sort(key=key)
        place(members)

    for c in columns:
        reorder(columns[c], inputs_of)
    for _ in range(sweeps):
        for c in reversed(columns):
            reorder(columns[c], users)
        for c in columns:
            reorder(columns[c], inputs_of)
    return {nid: (float(col[nid]), rows[nid]) for nid in col}


def _bends(edges, pos) -> dict[tuple[str, int], tuple[float, float]]:
    """Each edge's middle point: the midpoint, moved apart across the edge for parallel edges
    (the two edges of b = a + a are drawn as two bent lines, each with its own numbers)."""
    groups = {}
    for d, k, src in edges:
        groups.setdefault((src, d), []).append(k)
    mid = {}
    for (src, d), slots in groups.items():
        (x0, y0), (x1, y1) = pos[src], pos[d]
        for i, k in enumerate(slots):
            mid[(d, k)] = ((x0 + x1) / 2, (y0 + y1) / 2 + 0.3 * (i - (len(slots) - 1) / 2))
    return mid


NOT_DRAWN = ((None, None, None), None)


class GraphDiagram(pg.GraphicsLayoutWidget):
    """Draws a graph's structure once (``set_graph``) and per-step numbers (``set_state``)."""

    nodeClicked = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("graphDiagram")
        self.view = self.addViewBox(row=0, col=0)
        self.view.setMouseEnabled(False, False)
        self.view.setMenuEnabled(False)
        self.view.invertY(True)
        self._edges = pg.PlotDataItem(connect="pairs", skipFiniteCheck=True)
        self._focus_edges = pg.PlotDataItem(connect="pairs", skipFiniteCheck=True)
        self._nodes = pg.ScatterPlotItem(pxMode=True)
        self._nodes.setZValue(10)
        self._nodes.sigClicked.connect(self._clicked)
        for item in (self._edges, self._focus_edges, self._nodes):
            self.view.addItem(item)
        self._texts: list[pg.TextItem] = []
        self.ids: list[str] = []
        self.edges: list[tuple[str, int, str]] = []  # (dst, slot, src); the output stub last
        self.pos: dict[str, tuple[float, float]] = {}
        self._span = (1.0, 1.0)
        self._layer = LabelLayer(self.view, z=20)  # the edges' values and gradients
        self._edge_texts: dict = {}  # edge key → (value, gradient) as the diagram says them
        self.view.sigResized.connect(self._frame)
        self._look = NOT_DRAWN  # what the edges, nodes and their styles were last drawn with
        self.state = {"values": {}, "grads": {}, "out_grad": None, "focus": (), "sums": {}}
        self.restyle()

    # ----- structure ------------------------------------------------------------------------
    def set_graph(self, nodes, symbols: dict[str, str], output: str) -> None:
        """nodes: (id, is_leaf, inputs) in topological order; symbols: what each box shows."""
        self.ids = [n[0] for n in nodes]
        self.leaf = {n[0]: n[1] for n in nodes}
        self.symbols = dict(symbols)
        self.output = output
        self.pos = layout(nodes)
        self.edges = [(nid, slot, src) for nid, _leaf, inputs in nodes for slot, src in enumerate(inputs)]
        self.mid = _bends(self.edges, self.pos)
        fan_out = {}
        for _d, _k, src in self.edges:
            fan_out[src] = fan_out.get(src, 0) + 1
        self.shared = {n for n, m in fan_out.items() if m > 1}
        ox, oy = self.pos[output]
        self._stub = (ox + 0.6, oy)
        for t in self._texts:
            self.view.removeItem(t)
        self._texts = []
        self.symbol_labels = {nid: self._text(anchor=(0.5, 0.5)) for nid in self.ids}
        self._look = NOT_DRAWN
        xs = [p[0] for p in self.pos.values()] + [self._stub[0]]
        ys = [p[1] for p in self.pos.values()]
        self._whole = ((min(xs) - (0.75 if self.shared else 0.45), max(xs) + 0.25), (min(ys) - 0.6, max(ys) + 0.6))
        self._frame()

    def _text(self, anchor, fill=False) -> pg.TextItem:
        item = OffsetLabel("", anchor=anchor, fill=color("background", 220) if fill else None)
        item.setZValue(20)
        self.view.addItem(item)
        self._texts.append(item)
        return item

    # ----- numbers ----------------------------------------------------------------------------
    def set_state(self, values: dict, grads: dict, out_grad=None, focus=(), sums=None) -> None:
        """values: node id → forward value (revealed so far); grads: (dst, slot) → gradient on
        that edge; out_grad: the gradient fed in at the output; focus: element ids; sums: node id →
        its gradient summed so far (shown under the nodes that feed several edges)."""
        self.state = {"values": dict(values), "grads": dict(grads), "out_grad": out_grad, "focus": tuple(focus),
                      "sums": dict(sums or {})}
        self._frame()

    def edge_text(self, key) -> tuple[str, str]:
        """What an edge says: (value above, gradient below)."""
        return self._edge_texts.get(key, ("", ""))

    def edge_font(self, on: bool = False):
        """The font of an edge's numbers (``on``: of the focused edge)."""
        return px_font(text_px(max(self.view.height(), 400.0)) * (1.15 if on else 1.0), bold=on)

    def _draw(self) -> None:
        if not self.ids:
            return
        t, s = theme(), self._fit()
        values, grads, focus = self.state["values"], self.state["grads"], set(self.state["focus"])
        focus_edges = {f"edge:{d}:{k}" for d, k, _src in self.edges} & focus
        plain, hot = [], []
        for d, k, src in self.edges:
            bend = self.mid[(d, k)]
            (hot if f"edge:{d}:{k}" in focus_edges else plain).extend([(self.pos[src], bend), (bend, self.pos[d])])
        stub = (self.pos[self.output], self._stub)
        (hot if "edge:out" in focus else plain).append(stub)
        pos = np.array([self.pos[n] for n in self.ids], dtype=float)
        sizes = [(26 if self.leaf[n] else 50) * s for n in self.ids]
        on = tuple(f"node:{n}" in focus for n in self.ids)
        revealed = tuple(n in values and not self.leaf[n] for n in self.ids)
        look = (t.name, scale(), s, pos.tobytes())  # drawn again only when a step changes it
        if (plain, hot, look) != self._look[0]:
            for item, segs, pen in ((self._edges, plain, pg.mkPen(color("muted"), width=line(2))),
                                    (self._focus_edges, hot, pg.mkPen(color("focus"), width=line(4.5)))):
                if segs:
                    arr = np.array(segs, dtype=float)  # (n, 2 ends, 2 coords)
                    item.setData(arr[:, :, 0].ravel(), arr[:, :, 1].ravel(), pen=pen)
                else:
                    item.setData([], [])
        if look != self._look[0][2]:
            self._nodes.setData(pos=pos, symbol=["o" if self.leaf[n] else "s" for n in self.ids], size=sizes)
            for n in self.ids:
                self.symbol_labels[n].setText("" if self.leaf[n] else self.symbols[n], color=t.text)
                self.symbol_labels[n].setFont(font(13 * s / scale(), bold=True))
                self.symbol_labels[n].setPos(*self.pos[n])
        if (look, on, revealed) != self._look[1]:
            self._nodes.setBrush([color("focus") if o else color("revealed") if r else color("background")
                                  for o, r in zip(on, revealed)])
            self._nodes.setPen([pg.mkPen(color("focus") if o else color("text"), width=line(3 if o else 1.5)) for o in on])
        self._look = ((plain, hot, look), (look, on, revealed))
        id_font, names = px_font(text_px(max(self.view.height(), 400.0)) * 0.9), []
        sum_font = px_font(text_px(max(self.view.height(), 400.0)), bold=True)
        for n in self.ids:
            x, y = self.pos[n]
            r = ((13 if self.leaf[n] else 25) + 3) * s  # the node's name below it (or beside, or above)
            spots = ((0.5, 0.0, 0, r), (0.0, 0.5, r, 0), (1.0, 0.5, -r, 0), (0.5, 1.0, 0, -r))
            names.append(Label(("id", n), (n,), (x, y), spots, id_font, priority=3, fill=False,
                               color=color("text" if f"node:{n}" in focus else "muted")))
            total = self.state["sums"].get(n) if n in self.shared else None
            if total is not None:  # a node feeding several edges: its gradient summed so far
                down = r + text_px(max(self.view.height(), 400.0)) * 1.3
                names.append(Label(("sum", n), (f"Σ ∂L/∂{n} = {num(total)}", f"Σ {num(total)}"), (x, y),
                                   ((0.5, 0.0, 0, down), (0.5, 1.0, 0, -r), (0.0, 0.5, r, 0)), sum_font,
                                   priority=4, color=color(t.backward)))
        labels, self._edge_texts = names, {}
        for d, k, src in self.edges:
            labels += self._edge_labels((d, k), self.mid[(d, k)], values.get(src), grads.get((d, k)),
                                        f"edge:{d}:{k}" in focus_edges)
        (x0, y0), (x1, y1) = stub
        labels += self._edge_labels(OUT, ((x0 + x1) / 2 + 0.08, y0), values.get(self.output), self.state["out_grad"],
                                    "edge:out" in focus)
        if self.view.width() > 1 and self.view.height() > 1:  # placed clear of each other and of the nodes
            px, py = self._layer.to_px(pos[:, 0], pos[:, 1])
            r = np.array(sizes) / 2
            self._layer.show(labels, np.column_stack([px - r, py - r, px + r, py + r]))
        else:
            self._layer.draw([])

    def _frame(self) -> None:
        """Show the whole graph when it fits at a readable size (a small one: at the 1× size, its
        boxes shrunk to fit), else a window that follows the focus."""
        if not self.ids:
            return
        (x0, x1), (y0, y1) = self._whole
        w, h = self.view.width(), self.view.height()
        need = READABLE * (1.0 if len(self.ids) <= SMALL else scale())
        if w <= 0 or h <= 0 or min(w / (x1 - x0), h / (y1 - y0)) >= need:
            x_range, y_range = (x0, x1), (y0, y1)
        else:
            focus = set(self.state["focus"])  # centred on the focused nodes, else the focused edges
            ends = [self.pos[n] for n in self.ids if f"node:{n}" in focus] or [
                p for d, k, src in self.edges if f"edge:{d}:{k}" in focus for p in (self.pos[src], self.pos[d])]
            cx, cy = np.mean(ends or [self.pos[self.output]], axis=0)
            half_w, half_h = min(w / need, x1 - x0) / 2, min(h / need, y1 - y0) / 2
            cx, cy = np.clip(cx, x0 + half_w, x1 - half_w), np.clip(cy, y0 + half_h, y1 - half_h)
            x_range, y_range = (cx - half_w, cx + half_w), (cy - half_h, cy + half_h)
        self._span = (x_range[1] - x_range[0], y_range[1] - y_range[0])
        self.view.setRange(xRange=x_range, yRange=y_range, padding=0.02)
        self._draw()

    def _fit(self) -> float:
        """The presenter scale, reduced when the view is too small for boxes of that size."""
        unit = min(self.view.width() / max(self._span[0], 1e-9), self.view.height() / max(self._span[1], 1e-9))
        return max(0.5, min(scale(), 0.42 * unit / 50)) if unit > 0 else scale()

    def _edge_labels(self, key, at, value, grad, on: bool) -> list[Label]:
        """An edge's value above its middle and its gradient below (sliding along it if need be)."""
        up = "" if value is None else num(value)
        down = "" if grad is None else num(grad)
        self._edge_texts[key] = (up, down)
        f, out = self.edge_font(on), []
        for text, side, colour in ((up, -1, None), (down, 1, color(theme().backward))):
            if text:
                ay = 1.0 if side < 0 else 0.0
                spots = tuple((0.5, ay, dx, 3 * side) for dx in (0, -30, 30, -60, 60))
                out.append(Label((key, side), (text,), at, spots, f, priority=2 if on else 1, color=colour))
        return out

    def _clicked(self, _item, points, _ev=None) -> None:
        if len(points):
            self.nodeClicked.emit(self.ids[points[0].index()])

    def restyle(self) -> None:
        self.setBackground(color("background"))
        self._layer.restyle()
        self._look = NOT_DRAWN
        self._draw()
