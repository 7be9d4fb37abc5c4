"""The pooling pane: each input channel (padding ring tinted: −∞ for max, 0 for average), the
pooled output per channel, and the backward pass (∂L/∂y routed into ∂L/∂x). Each step highlights
the window and, for max pooling, the winning cell.

Every number drawn comes from ``timeline.state_at(k)``; edits go through ``Config.from_dict``.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import QComboBox, QFormLayout, QVBoxLayout, QWidget

from nnlab.labs import pooling as lab
from nnlab.labs.grids import MAX_CHANNELS, MAX_SIZE
from ui import style
from ui.panes.grid_lab import GREY_ABOVE, MIN_GAP, GridLabPane, fit_channels, set_quietly
from ui.widgets.grid import GridScene, caption_font, grid_caption_px
from ui.widgets.labels import measure


class Pane(GridLabPane):
    lab = "pooling"

    def __init__(self, parent=None):
        super().__init__(parent)
        self.scene = GridScene("poolGrids", parent=self)
        self.scene.resized.connect(self._relayout)
        self.scene.cellClicked.connect(self._cell_clicked)
        self.layout().addWidget(self.scene, 1)
        self.layout().addWidget(self._side_panel())

    def _controls(self, panel: QWidget, box: QVBoxLayout) -> None:
        form = QFormLayout()
        self.mode = QComboBox(panel)
        self.mode.setObjectName("mode")
        self.mode.addItem(self.tr("Max"), "max")
        self.mode.addItem(self.tr("Average"), "avg")
        self.mode.activated.connect(lambda i: self._edit(mode=self.mode.itemData(i)))
        form.addRow(self.tr("Pooling"), self.mode)
        self._spin_form(panel, form, (("window", self.tr("Window"), 1, lab.MAX_WINDOW),
                                      ("stride", self.tr("Stride"), 1, lab.MAX_STRIDE),
                                      ("padding", self.tr("Padding"), 0, lab.MAX_WINDOW),
                                      ("channels", self.tr("Channels"), 1, MAX_CHANNELS),
                                      ("inputRows", self.tr("Input rows"), 1, MAX_SIZE),
                                      ("inputCols", self.tr("Input columns"), 1, MAX_SIZE)))
        box.addLayout(form)
        self._cell_editor(panel, box, self.tr("Click an input cell or a ∂L/∂y cell to edit it."))
        box.addLayout(self._backward_form(panel))
        box.addWidget(self._grid_editor(panel, (("input", self.tr("input x")),
                                                ("upstream", self.tr("upstream ∂L/∂y"))),
                                        self.tr("Rows of numbers; one grid per channel, apart by a blank line.")))

    def _sync_controls(self) -> None:
        c = self.config
        ch, h, w = np.shape(c.input)
        self._sync_shared({"window": c.size, "stride": c.stride, "padding": c.padding, "channels": ch,
                           "inputRows": h, "inputCols": w}, c.size, c.size)
        set_quietly(self.mode, self.mode.setCurrentIndex, self.mode.findData(c.mode))

    # ---------------------------------------------------------------- edits
    def _grid_source(self, target: str) -> np.ndarray:
        return self.config.x if target == "input" else self.config.dout

    def _spin_changed(self, name: str, value: int) -> None:
        if name == "window":
            self._edit(size=value)
        elif name == "channels":
            self._edit(input=fit_channels(self.config.x, value, 0).tolist())
        else:
            super()._spin_changed(name, value)

    def _cell_clicked(self, grid: str, r: int, c: int) -> None:
        kind, ch = grid.split(":")
        cfg, p = self.config, self.config.padding
        _c, h, w = np.shape(cfg.input)
        if kind == "x" and p <= r < h + p and p <= c < w + p:
            self._select("input", (int(ch), r - p, c - p),
                         self.tr("Input channel {c}, row {r}, column {col}").format(c=ch, r=r - p, col=c - p))
        elif kind == "dout":
            self._select("upstream", (int(ch), r, c), self.tr(
                "Upstream gradient ∂L/∂y, channel {c}, row {r}, column {col}").format(c=ch, r=r, col=c))
        else:
            self._unselect(self.tr("Padding cells and computed cells cannot be edited."))

    # ---------------------------------------------------------------- drawing
    def _layout(self) -> None:
        base, cfg = self.timeline.base, self.config
        ch, h, w = base["x"].shape
        _c, oh, ow = base["dout"].shape
        p = cfg.padding
        hp, wp = h + 2 * p, w + 2 * p
        self.palette = "grey" if max(h, w) > GREY_ABOVE else "diverging"
        self._shape = (ch, oh, ow, h, w)
        scene = self.scene
        one = ch == 1
        texts = {"x": self.tr("input x") if one else self.tr("x, channel {c}"),
                 "y": self.tr("output y") if one else self.tr("y, channel {c}"),
                 "dout": self.tr("∂L/∂y (upstream)"), "dx": self.tr("∂L/∂x")}
        widths = {"x": wp, "y": ow, "dout": ow, "dx": w}
        cols = ["x", "y", "dout", "dx"] if cfg.backward else ["x", "y"]
        view_w, view_h = (scene.width(), scene.height()) if scene.height() > 50 else (900, 420)
        gap = min_gap = max(1.4, 0.08 * hp * ch)
        gx, overhang = dict.fromkeys(cols[:-1], MIN_GAP), 0.0  # the gap after each column
        for _ in range(5):  # captions sized from the cells, gaps from the captions
            width = sum(widths[c] for c in cols) + sum(gx.values()) + MIN_GAP * cfg.backward + overhang
            height = ch * (hp + gap) - gap
            px = min(view_w / (width + 1), view_h / (height + gap + 0.5))
            font = caption_font(cap := grid_caption_px(view_h, px))
            cap_w = {c: measure(texts[c].format(c=ch - 1), font)[0] / px for c in cols}
            gx = {c: max(MIN_GAP, cap_w[c] - widths[c] + 0.6) for c in cols[:-1]}
            gap = max(min_gap, (measure(texts["x"], font)[1] + 2) / px)
            overhang = max(0.0, cap_w[cols[-1]] - widths[cols[-1]])
        scene.caption_px = cap
        scene.clear_grids()
        xo = wp + gx["x"]
        xd = xo + ow + gx["y"] + MIN_GAP  # the backward grids a gap further
        xdx = xd + ow + gx.get("dout", 0.0)
        for c in range(ch):
            y0 = c * (hp + gap)
            scene.add(f"x:{c}", texts["x"].format(c=c), 0, y0).set_values(base["xpad"][c], p, self.palette)
            scene.add(f"y:{c}", texts["y"].format(c=c), xo, y0)
            if cfg.backward:
                scene.add(f"dout:{c}", texts["dout"], xd, y0).set_values(base["dout"][c])
                scene.add(f"dx:{c}", texts["dx"], xdx, y0)
        scene.fit(((xdx + w) if cfg.backward else (xo + ow)) + overhang, ch * (hp + gap) - gap, top_margin=gap)
        self._keys = {"y": [f"out:{c}:{i}:{j}" for c in range(ch) for i in range(oh) for j in range(ow)],
                      "dx": [f"din:{c}:{i}:{j}" for c in range(ch) for i in range(h) for j in range(w)]}

    def _draw_step(self, k: int) -> None:
        ch, oh, ow, h, w = self._shape
        y = self._grid("y", (ch, oh, ow))
        dx = self._grid("dx", (ch, h, w)) if self.config.backward else None
        for c in range(ch):
            self._set(self.scene, f"y:{c}", y[c], self.palette)
            if dx is not None:
                self._set(self.scene, f"dx:{c}", dx[c], self.palette)
        marks: dict[str, list] = {}
        if k >= 0:
            step = self.timeline[k]
            colour = "backward" if step.phase == "backward" else "focus"
            p = self.config.padding
            for fid in step.focus:
                kind, *ix = fid.split(":")
                ix = [int(i) for i in ix]
                if kind == "win":
                    c, r, q, nh, nw, s = ix
                    marks.setdefault(f"x:{c}", []).append((r, q, nh, nw, s, colour, False))
                elif kind == "out":
                    marks.setdefault(f"y:{ix[0]}", []).append((ix[1], ix[2], 1, 1, 1, colour, True))
                elif kind == "dout":
                    marks.setdefault(f"dout:{ix[0]}", []).append((ix[1], ix[2], 1, 1, 1, colour, True))
                    marks.setdefault(f"y:{ix[0]}", []).append((ix[1], ix[2], 1, 1, 1, colour, False))
                elif kind == "in":
                    c, i, j = ix
                    if step.phase == "backward":
                        marks.setdefault(f"dx:{c}", []).append((i, j, 1, 1, 1, colour, True))
                    elif not self.hidden:  # the winner of a max window (in quiz mode, the answer)
                        marks.setdefault(f"x:{c}", []).append((i + p, j + p, 1, 1, 1, style.theme().series[2], True))
        for name, grid in self.scene.grids.items():
            grid.set_marks(marks.get(name, []))
