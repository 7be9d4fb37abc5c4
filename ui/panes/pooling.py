"""The pooling pane: each input channel (padding ring tinted: −∞ for max, 0 for average), the
pooled output per channel, and the backward pass (∂L/∂y routed into ∂L/∂x). Each step highlights
the window and, for max pooling, the winning cell.

Every number drawn comes from ``timeline.state_at(k)``; edits go through ``Config.from_dict``.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFormLayout, QHBoxLayout, QLabel, QScrollArea, QSpinBox,
                               QVBoxLayout, QWidget)

from nnlab.labs import pooling as lab
from nnlab.labs.conv import MAX_ABS, MAX_CHANNELS, MAX_SIZE
from ui import style
from ui.panes.base import LabPane
from ui.panes.conv import GREY_ABOVE, GridEditing, fit_channels, resize, size_text
from ui.widgets.fields import NumberField
from ui.widgets.grid import GridScene


class Pane(GridEditing, LabPane):
    lab = "pooling"

    def __init__(self, parent=None):
        super().__init__(parent)
        self._selected = None  # ("input", c, r, col) | ("upstream", c, i, j)
        self._shown: dict[str, np.ndarray] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.scene = GridScene("poolGrids", parent=self)
        self.scene.cellClicked.connect(self._cell_clicked)
        layout.addWidget(self.scene, 1)
        layout.addWidget(self._side_panel())

    def _side_panel(self) -> QWidget:
        scroll = QScrollArea(self)
        scroll.setObjectName("poolingControls")
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.controls = scroll
        panel = QWidget()
        box = QVBoxLayout(panel)
        self.sizeFormula = QLabel(panel)
        self.sizeFormula.setObjectName("sizeFormula")
        self.sizeFormula.setWordWrap(True)
        self.sizeFormula.setTextFormat(Qt.TextFormat.PlainText)
        self.refusal = QLabel(panel)
        self.refusal.setObjectName("refusal")
        self.refusal.setWordWrap(True)
        box.addWidget(self.sizeFormula)
        box.addWidget(self.refusal)
        form = QFormLayout()
        self.mode = QComboBox(panel)
        self.mode.setObjectName("mode")
        self.mode.addItem(self.tr("Max"), "max")
        self.mode.addItem(self.tr("Average"), "avg")
        self.mode.activated.connect(lambda i: self._edit(mode=self.mode.itemData(i)))
        form.addRow(self.tr("Pooling"), self.mode)
        self.spins = {}
        for name, label, lo, hi in (("window", self.tr("Window"), 1, lab.MAX_WINDOW),
                                    ("stride", self.tr("Stride"), 1, lab.MAX_STRIDE),
                                    ("padding", self.tr("Padding"), 0, lab.MAX_WINDOW),
                                    ("channels", self.tr("Channels"), 1, MAX_CHANNELS),
                                    ("inputRows", self.tr("Input rows"), 1, MAX_SIZE),
                                    ("inputCols", self.tr("Input columns"), 1, MAX_SIZE)):
            spin = QSpinBox(panel)
            spin.setObjectName(name)
            spin.setRange(lo, hi)
            spin.valueChanged.connect(lambda v, n=name: self._spin_changed(n, v))
            self.spins[name] = spin
            form.addRow(label, spin)
        box.addLayout(form)
        self.cellLabel = QLabel(self.tr("Click an input cell or a ∂L/∂y cell to edit it."), panel)
        self.cellLabel.setObjectName("cellLabel")
        self.cellLabel.setWordWrap(True)
        self.cellValue = NumberField(0.0, -MAX_ABS, MAX_ABS, label=self.tr("cell"), parent=panel)
        self.cellValue.setObjectName("cellValue")
        self.cellValue.setEnabled(False)
        self.cellValue.valueEdited.connect(self._cell_edited)
        self.cellValue.refused.connect(self.message)
        box.addWidget(self.cellLabel)
        box.addWidget(self.cellValue)
        back = QFormLayout()
        self.backward = QCheckBox(self.tr("Backward pass"), panel)
        self.backward.setObjectName("backward")
        self.backward.toggled.connect(lambda on: self._edit(backward=on))
        back.addRow(self.backward)
        self.upstream = QComboBox(panel)
        self.upstream.setObjectName("upstream")
        self.upstream.addItem(self.tr("ones"), "ones")
        self.upstream.addItem(self.tr("typed (click ∂L/∂y cells)"), "typed")
        self.upstream.activated.connect(
            lambda i: self._edit(upstream="ones" if i == 0 else self.config.dout.tolist()))
        back.addRow(self.tr("Upstream ∂L/∂y"), self.upstream)
        box.addLayout(back)
        box.addWidget(self._grid_editor(panel, (("input", self.tr("input x")),
                                                ("upstream", self.tr("upstream ∂L/∂y"))),
                                        self.tr("Rows of numbers; one grid per channel, apart by a blank line.")))
        box.addStretch(1)
        scroll.setWidget(panel)
        self._style_labels()
        return scroll

    def _sync_controls(self) -> None:
        c = self.config
        ch, h, w = np.shape(c.input)
        values = {"window": c.size, "stride": c.stride, "padding": c.padding, "channels": ch, "inputRows": h,
                  "inputCols": w}
        for name, spin in self.spins.items():
            spin.blockSignals(True)
            spin.setValue(values[name])
            spin.blockSignals(False)
        for widget, index in ((self.mode, self.mode.findData(c.mode)), (self.upstream, int(c.upstream != "ones"))):
            widget.blockSignals(True)
            widget.setCurrentIndex(index)
            widget.blockSignals(False)
        self.backward.blockSignals(True)
        self.backward.setChecked(c.backward)
        self.backward.blockSignals(False)
        self.sizeFormula.setText("\n".join((size_text(h, c.size, c.stride, c.padding, "OH"),
                                            size_text(w, c.size, c.stride, c.padding, "OW"))))

    # ---------------------------------------------------------------- edits
    def _edit(self, **changes) -> bool:
        """Validate and emit; on refusal say why and keep the last valid lab (a typed upstream
        gradient that no longer fits the output falls back to ones)."""
        if self.config is None:
            return False
        data = {**self.config.to_dict(), **changes}
        try:
            config = lab.Config.from_dict(data)
        except ValueError as exc:
            if data.get("upstream") != "ones" and str(exc).startswith("upstream:"):
                return self._edit(**changes, upstream="ones")
            return self._refuse(str(exc))
        self.refusal.setText("")
        self.configEdited.emit(config)
        return True

    def _refuse(self, reason: str) -> bool:
        self.refusal.setText(self.tr("Refused: {reason}").format(reason=reason))
        self.refusal.setStyleSheet(f"color: {style.theme().negative}")
        self.message.emit(reason)
        if self.config is not None:
            self._sync_controls()
        return False

    def _grid_source(self, target: str) -> np.ndarray:
        return self.config.x if target == "input" else self.config.dout

    def _apply_blocks(self, target: str, blocks: list) -> bool:
        return self._edit(input=blocks) if target == "input" else self._edit(upstream=blocks)

    def _spin_changed(self, name: str, value: int) -> None:
        x = self.config.x
        if name == "window":
            self._edit(size=value)
        elif name in ("stride", "padding"):
            self._edit(**{name: value})
        elif name == "channels":
            self._edit(input=fit_channels(x, value, 0).tolist())
        else:
            rows = value if name == "inputRows" else x.shape[1]
            cols = value if name == "inputCols" else x.shape[2]
            self._edit(input=resize(x, rows, cols).tolist())

    def _cell_clicked(self, grid: str, r: int, c: int) -> None:
        kind, ch = grid.split(":")
        cfg, p = self.config, self.config.padding
        _c, h, w = np.shape(cfg.input)
        if kind == "x" and p <= r < h + p and p <= c < w + p:
            self._selected = ("input", int(ch), r - p, c - p)
            text = self.tr("Input channel {c}, row {r}, column {col}").format(c=ch, r=r - p, col=c - p)
            value = cfg.x[int(ch), r - p, c - p]
        elif kind == "dout":
            self._selected = ("upstream", int(ch), r, c)
            text = self.tr("Upstream gradient ∂L/∂y, channel {c}, row {r}, column {col}").format(c=ch, r=r, col=c)
            value = cfg.dout[int(ch), r, c]
        else:
            self._selected = None
            self.cellValue.setEnabled(False)
            self.cellLabel.setText(self.tr("Padding cells and computed cells cannot be edited."))
            return
        self.cellLabel.setText(text)
        self.cellValue.setEnabled(True)
        self.cellValue.set_value(float(value))
        self.cellValue.setFocus()

    def _cell_edited(self, value: float) -> None:
        if self._selected is None:
            return
        kind, *ix = self._selected
        if kind == "input":
            x = self.config.x
            x[tuple(ix)] = value
            self._edit(input=x.tolist())
        else:
            d = self.config.dout
            d[tuple(ix)] = value
            self._edit(upstream=d.tolist())

    # ---------------------------------------------------------------- drawing
    def rebuild(self) -> None:
        self._sync_controls()
        self._fill_grid_text()
        self.refusal.setText("")
        base, cfg = self.timeline.base, self.config
        ch, h, w = base["x"].shape
        _c, oh, ow = base["dout"].shape
        p = cfg.padding
        hp, wp = h + 2 * p, w + 2 * p
        self.palette = "grey" if max(h, w) > GREY_ABOVE else "diverging"
        self._shape = (ch, oh, ow, h, w)
        self._shown = {}
        scene = self.scene
        scene.clear_grids()
        gap = max(1.4, 0.08 * hp * ch)
        xo = wp + 2 * gap
        xd = xo + ow + 2 * gap
        xdx = xd + ow + 2 * gap
        one = ch == 1
        for c in range(ch):
            y0 = c * (hp + gap)
            scene.add(f"x:{c}", self.tr("input x") if one else self.tr("x, channel {c}").format(c=c), 0, y0) \
                .set_values(base["xpad"][c], p, self.palette)
            scene.add(f"y:{c}", self.tr("output y") if one else self.tr("y, channel {c}").format(c=c), xo, y0)
            if cfg.backward:
                scene.add(f"dout:{c}", self.tr("∂L/∂y (upstream)"), xd, y0).set_values(base["dout"][c])
                scene.add(f"dx:{c}", self.tr("∂L/∂x"), xdx, y0)
        scene.fit((xdx + w) if cfg.backward else (xo + ow), ch * (hp + gap) - gap, top_margin=gap)
        self._keys = {"y": [f"out:{c}:{i}:{j}" for c in range(ch) for i in range(oh) for j in range(ow)],
                      "dx": [f"din:{c}:{i}:{j}" for c in range(ch) for i in range(h) for j in range(w)]}

    def _grid(self, key: str, shape) -> np.ndarray:
        return np.array([self._state.get(k, np.nan) for k in self._keys[key]], dtype=np.float64).reshape(shape)

    def _set(self, name: str, values: np.ndarray) -> None:
        old = self._shown.get(name)
        if old is None or not np.array_equal(old, values, equal_nan=True):
            self.scene.grids[name].set_values(values, 0, self.palette)
            self._shown[name] = values

    def show_step(self, k: int) -> None:
        super().show_step(k)
        if self.timeline is None:
            return
        k = min(k, len(self.timeline) - 1)
        self._state = self.timeline.state_at(k)
        ch, oh, ow, h, w = self._shape
        y = self._grid("y", (ch, oh, ow))
        dx = self._grid("dx", (ch, h, w)) if self.config.backward else None
        for c in range(ch):
            self._set(f"y:{c}", y[c])
            if dx is not None:
                self._set(f"dx:{c}", dx[c])
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
                    else:  # the winner of a max window
                        marks.setdefault(f"x:{c}", []).append((i + p, j + p, 1, 1, 1, style.theme().series[2], True))
        for name, grid in self.scene.grids.items():
            grid.set_marks(marks.get(name, []))

    def _style_labels(self) -> None:
        font = QFont()
        font.setPointSizeF(11 * style.scale())
        font.setBold(True)
        self.sizeFormula.setFont(font)
        self.controls.setFixedWidth(int(330 * (0.4 + 0.6 * style.scale())))

    def restyle(self) -> None:
        self._style_labels()
        self.scene.restyle()
        super().restyle()
