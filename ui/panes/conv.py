"""The convolution pane: input channels (padding ring tinted and dashed), kernels and biases,
one output grid per filter, and below them the backward pass (∂L/∂y, ∂L/∂w, ∂L/∂b, ∂L/∂x).
The current window is highlighted on the input and the current cell on the output; an im2col
view shows the patch matrix times the flattened kernels. Image mode: a shipped digit or a
PNG/JPEG (greyscale, downsized to ≤ 32×32 here), classic kernels, feature maps in grey.

Every number drawn comes from ``timeline.state_at(k)`` (and its base); edits go through
``Config.from_dict`` and ``configEdited``. A refused edit keeps the last valid lab and shows why.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFileDialog, QFormLayout, QHBoxLayout, QPushButton, QSpinBox,
                               QStackedWidget, QVBoxLayout, QWidget)

from nnlab.labs import conv as lab
from nnlab.io import read_regular_file
from nnlab.labs.grids import MAX_CHANNELS, MAX_SIZE
from ui.panes.grid_lab import GREY_ABOVE, MIN_GAP, GridLabPane, fit_channels, resize, set_quietly, size_text
from ui.widgets.grid import GridScene, caption_font, grid_caption_px
from ui.widgets.labels import measure

MAX_IMAGE = MAX_SIZE


def image_to_grid(path: str, max_size: int = MAX_IMAGE) -> np.ndarray:
    """A PNG/JPEG as a greyscale grid in 0..1 (2 decimals), downsized to fit max_size × max_size.
    ValueError if it cannot be read (a FIFO, device or file over 50 MB is refused before reading)."""
    image = QImage.fromData(read_regular_file(path))
    if image.isNull():
        raise ValueError(f"{path}: not a readable image")
    image = image.convertToFormat(QImage.Format.Format_Grayscale8)
    if image.width() > max_size or image.height() > max_size:
        image = image.scaled(max_size, max_size, Qt.AspectRatioMode.KeepAspectRatio,
                             Qt.TransformationMode.SmoothTransformation)
    h, w, stride = image.height(), image.width(), image.bytesPerLine()
    raw = np.frombuffer(image.constBits(), np.uint8, count=stride * h).reshape(h, stride)[:, :w]
    return np.round(raw / 255.0, 2)


class Pane(GridLabPane):
    lab = "conv"
    clears = {"input": {"digit": None}, "kernels": {"kernel_name": ""}}

    def __init__(self, parent=None):
        super().__init__(parent)
        self.views = QStackedWidget(self)
        self.views.setObjectName("convViews")
        self.scene = GridScene("convGrids", parent=self)
        self.colScene = GridScene("im2colView", lock_aspect=False, parent=self)
        for scene in (self.scene, self.colScene):
            scene.cellClicked.connect(self._cell_clicked)
            self.views.addWidget(scene)
        self.scene.resized.connect(self._relayout)
        self.layout().addWidget(self.views, 1)
        self.layout().addWidget(self._side_panel())

    # ---------------------------------------------------------------- controls
    def _controls(self, panel: QWidget, box: QVBoxLayout) -> None:
        form = QFormLayout()
        self._spin_form(panel, form, (("padding", self.tr("Padding"), 0, lab.MAX_PADDING),
                                      ("stride", self.tr("Stride"), 1, lab.MAX_STRIDE),
                                      ("dilation", self.tr("Dilation"), 1, lab.MAX_DILATION),
                                      ("kernelSize", self.tr("Kernel size"), 1, lab.MAX_KERNEL),
                                      ("filters", self.tr("Filters"), 1, lab.MAX_FILTERS),
                                      ("channels", self.tr("Channels"), 1, MAX_CHANNELS),
                                      ("inputRows", self.tr("Input rows"), 1, MAX_SIZE),
                                      ("inputCols", self.tr("Input columns"), 1, MAX_SIZE)))
        self.transposed = QCheckBox(self.tr("Transposed convolution"), panel)
        self.transposed.setObjectName("transposed")
        self.transposed.toggled.connect(lambda on: self._edit(transposed=on))
        form.addRow(self.transposed)
        self.floor = QCheckBox(self.tr("Round the output size down (⌊…⌋)"), panel)
        self.floor.setObjectName("floor")
        self.floor.toggled.connect(lambda on: self._edit(floor=on))
        form.addRow(self.floor)
        self.view = QComboBox(panel)
        self.view.setObjectName("view")
        self.view.addItem(self.tr("Grids"), "grids")
        self.view.addItem(self.tr("im2col: patches × kernels"), "im2col")
        self.view.currentIndexChanged.connect(lambda i: self.views.setCurrentIndex(i))
        form.addRow(self.tr("View"), self.view)
        box.addLayout(form)

        self._cell_editor(panel, box, self.tr("Click a cell of the input, a kernel, a bias or ∂L/∂y to edit it."))

        image = QFormLayout()
        self.kernelName = QComboBox(panel)
        self.kernelName.setObjectName("kernelName")
        self.kernelName.addItem(self.tr("(typed)"), "")
        for name, text in (("edge", self.tr("Edge")), ("sobel_x", self.tr("Sobel x")), ("sobel_y", self.tr("Sobel y")),
                           ("blur", self.tr("Blur")), ("sharpen", self.tr("Sharpen")), ("emboss", self.tr("Emboss"))):
            self.kernelName.addItem(text, name)
        self.kernelName.activated.connect(self._kernel_chosen)
        image.addRow(self.tr("Classic kernel"), self.kernelName)
        self.digit = QSpinBox(panel)
        self.digit.setObjectName("digit")
        self.digit.setRange(0, 1796)
        self.loadDigit = QPushButton(self.tr("Use digit"), panel)
        self.loadDigit.setObjectName("loadDigit")
        self.loadDigit.clicked.connect(lambda: self.use_digit(self.digit.value()))
        row = QHBoxLayout()
        row.addWidget(self.digit)
        row.addWidget(self.loadDigit)
        image.addRow(self.tr("Digit"), row)
        self.openImage = QPushButton(self.tr("Open image…"), panel)
        self.openImage.setObjectName("openImage")
        self.openImage.clicked.connect(self._open_image_dialog)
        image.addRow(self.tr("PNG/JPEG"), self.openImage)
        box.addLayout(image)

        box.addLayout(self._backward_form(panel))
        box.addWidget(self._grid_editor(panel, (("input", self.tr("input x")), ("kernels", self.tr("kernels w")),
                                                ("upstream", self.tr("upstream ∂L/∂y"))),
                                        self.tr("Rows of numbers; grids apart by a blank line (input: one per "
                                                "channel; kernels: filter 0 channel 0, filter 0 channel 1, …; "
                                                "∂L/∂y: one per filter).")))

    def _grid_source(self, target: str) -> np.ndarray:
        return {"input": self.config.x, "kernels": self.config.w, "bias": self.config.b,
                "upstream": self.config.dout}[target]

    def _apply_blocks(self, target: str, blocks: list) -> bool:
        """Typed kernels come as 2-D grids, filter by filter and channel by channel."""
        if target != "kernels":
            return super()._apply_blocks(target, blocks)
        ch = np.shape(self.config.input)[0]
        if len(blocks) % ch:
            return self._refuse(self.tr("kernels: {n} grids typed, need a multiple of the {c} input channels").format(
                n=len(blocks), c=ch))
        return self._edit(kernels=[blocks[f * ch:(f + 1) * ch] for f in range(len(blocks) // ch)],
                          bias=None if len(blocks) // ch != len(self.config.bias) else list(self.config.bias),
                          kernel_name="")

    def _sync_controls(self) -> None:
        c = self.config
        fn, ch, kh, _kw = np.shape(c.kernels)
        _c, h, w = np.shape(c.input)
        self._sync_shared({"padding": c.padding, "stride": c.stride, "dilation": c.dilation, "kernelSize": max(kh, np.shape(c.kernels)[3]),
                           "filters": fn, "channels": ch, "inputRows": h, "inputCols": w}, kh, np.shape(c.kernels)[3])
        arith = {"dilation": c.dilation, "floor": c.floor, "transposed": c.transposed}
        self.sizeFormula.setText("\n".join((size_text(h, kh, c.stride, c.padding, "OH", **arith),
                                            size_text(w, np.shape(c.kernels)[3], c.stride, c.padding, "OW", **arith))))
        set_quietly(self.transposed, self.transposed.setChecked, c.transposed)
        set_quietly(self.floor, self.floor.setChecked, c.floor)
        set_quietly(self.kernelName, self.kernelName.setCurrentIndex, max(0, self.kernelName.findData(c.kernel_name)))
        if c.digit is not None:
            self.digit.setValue(c.digit)

    # ---------------------------------------------------------------- edits
    def _spin_changed(self, name: str, value: int) -> None:
        c = self.config
        x, w, b = c.x, c.w, c.b
        if name == "kernelSize":  # a one-row input (Conv1D) keeps one-row kernels
            rows = 1 if x.shape[1] == 1 else value
            self._edit(kernels=resize(w, rows, value).tolist(), kernel_name="")
        elif name == "filters":
            w = fit_channels(w, value, 0)
            self._edit(kernels=w.tolist(), bias=fit_channels(b, value, 0).tolist(), kernel_name="")
        elif name == "dilation":
            self._edit(dilation=value)
        elif name == "channels":
            self._edit(input=fit_channels(x, value, 0).tolist(), kernels=fit_channels(w, value, 1).tolist(),
                       digit=None)
        else:
            super()._spin_changed(name, value)

    def _kernel_chosen(self, index: int) -> None:
        name = self.kernelName.itemData(index)
        if name:
            self._edit(kernel_name=name, kernels=None, bias=None)

    def use_digit(self, index: int) -> bool:
        """Image mode: shipped digit ``index`` as the (one-channel) input."""
        return self._edit(input=None, digit=index, kernels=fit_channels(self.config.w, 1, 1).tolist())

    def use_image(self, path: str) -> bool:
        """Image mode: a PNG/JPEG as the (one-channel) input."""
        try:
            grid = image_to_grid(path)
        except (ValueError, OSError) as exc:
            return self._refuse(str(exc))
        return self._edit(input=[grid.tolist()], digit=None, kernels=fit_channels(self.config.w, 1, 1).tolist())

    def _open_image_dialog(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, self.tr("Open an image"), "",
                                                    self.tr("Images (*.png *.jpg *.jpeg)"))
        if path:
            self.use_image(path)

    def _cell_clicked(self, grid: str, r: int, c: int) -> None:
        kind, *ix = grid.split(":")
        ix = [int(i) for i in ix]
        if kind == "x":
            base, s = self.timeline.base, self.config.stride if self.config.transposed else 1
            if not base["real"][ix[0], r, c]:
                self._unselect(self.tr("Padding cells are always 0."))
                return
            r, c = (r - base["ring"]) // s, (c - base["ring"]) // s
            self._select("input", (ix[0], r, c),
                         self.tr("Input channel {c}, row {r}, column {col}").format(c=ix[0], r=r, col=c))
        elif kind == "w":
            self._select("kernels", (ix[0], ix[1], r, c), self.tr(
                "Kernel {f}, channel {c}, row {r}, column {col}").format(f=ix[0], c=ix[1], r=r, col=c))
        elif kind == "b":
            self._select("bias", (ix[0],), self.tr("Bias of filter {f}").format(f=ix[0]))
        elif kind == "dout":
            self._select("upstream", (ix[0], r, c), self.tr(
                "Upstream gradient ∂L/∂y, filter {f}, row {r}, column {col}").format(f=ix[0], r=r, col=c))
        else:
            self._unselect(self.tr("Computed cells change when the input, kernels or bias change."))
            return
        self.cellValue.selectAll()

    # ---------------------------------------------------------------- drawing
    def _layout(self) -> None:
        base = self.timeline.base
        cfg = self.config
        ch, h, w = base["x"].shape
        fn, _c, kh, kw = base["w"].shape
        _f, oh, ow = base["dout"].shape
        self.palette = "grey" if cfg.digit is not None or max(h, w) > GREY_ABOVE else "diverging"
        self._shape = (fn, ch, oh, ow, h, w, kh, kw)
        self._layout_grids(base)
        self._keys = {
            "y": [f"out:{f}:{i}:{j}" for f in range(fn) for i in range(oh) for j in range(ow)],
            "dw": [f"dk:{f}:{c}:{a}:{b}" for f in range(fn) for c in range(ch) for a in range(kh) for b in range(kw)],
            "db": [f"db:{f}" for f in range(fn)],
            "dx": [f"din:{c}:{i}:{j}" for c in range(ch) for i in range(h) for j in range(w)],
        }
        # im2col view: W (FN × K) · col (K × L) = Y (FN × L)
        col, wflat = base["col"], base["wflat"]
        k_rows, n_cols = col.shape
        cs = self.colScene
        cs.clear_grids()
        cs.add("wflat", self.tr("kernels, flattened (FN × C·FH·FW)"), 0, 0).set_values(wflat)
        cs.add("col", self.tr("im2col patch matrix (C·FH·FW × OH·OW)"), k_rows + 2, 0).set_values(col, 0,
                                                                                                   self.palette)
        cs.add("ycol", self.tr("output = kernels × patches (FN × OH·OW)"), k_rows + 2, k_rows + 2)
        cs.fit(k_rows + 2 + n_cols, k_rows + 2 + fn, top_margin=1.5)

    def kernel_scale(self) -> float:
        """How much larger than an input cell a kernel (and bias) cell is drawn: 1 for small
        inputs, up to 4 so that a 3×3 kernel stays readable beside a 32×32 image."""
        fn, ch, oh, ow, h, w, kh, kw = self._shape
        return float(max(1.0, min(4.0, self.timeline.base["xpad"].shape[1] / (3.0 * kh))))

    def _positions(self, gap: float, beside: bool, gx: dict | None = None) -> tuple[dict, float, float]:
        """Where each grid goes (cell units) and the total width and height. Columns: input
        channels | kernels (one column per filter, rows aligned with the channels) and biases |
        outputs; the backward grids repeat that block below it (aligned with it) or ``beside`` it.
        ``gx``: the gap after each column kind ("x", "w", "y", "dx", "dw") in cells, at least
        MIN_GAP (its caption may need more)."""
        fn, ch, oh, ow, h, w, kh, kw = self._shape
        p = self.timeline.base["ring"]
        _c, hp, wp = self.timeline.base["xpad"].shape
        g = {k: max(MIN_GAP, (gx or {}).get(k, 0.0)) for k in ("x", "w", "y", "dx", "dw")}
        ks = self.kernel_scale()
        kh, kw = kh * ks, kw * ks
        yb = (ch - 1) * (hp + gap) + kh + gap
        height = max(ch * (hp + gap) - gap, yb + ks, fn * (oh + gap) - gap)
        pos = {}

        def block(kinds, x0, y0, in_w, ring):
            """One block of columns (input, kernels and biases, outputs) from (x0, y0); its right edge."""
            xi, xw, xb, xy = kinds
            xk = x0 + in_w + g[xi]
            xo = xk + fn * (kw + g[xw])
            for c in range(ch):
                pos[f"{xi}:{c}"] = (x0 + ring, y0 + ring + c * (hp + gap))
                for f in range(fn):
                    pos[f"{xw}:{f}:{c}"] = (xk + f * (kw + g[xw]), y0 + c * (hp + gap))
            for f in range(fn):
                pos[f"{xb}:{f}"] = (xk + f * (kw + g[xw]), y0 + yb)
                pos[f"{xy}:{f}"] = (xo, y0 + f * (oh + gap))
            return xo + ow

        width = block(("x", "w", "b", "y"), 0, 0, wp, 0)
        if self.config.has_backward:
            back = ("dx", "dw", "db", "dout")
            if beside:  # no ring to align with: ∂L/∂x takes the input's real size
                width = block(back, width + g["y"] + MIN_GAP, 0, w, 0)
            else:
                g["dx"] = g["x"]
                block(back, 0, height + 1.5 * gap, wp, p)
                height = 2 * height + 1.5 * gap
        return pos, width, height

    def _layout_grids(self, base) -> None:
        """Place the grids at the arrangement (backward below or beside) that draws cells largest,
        with gaps wide enough for the captions."""
        fn, ch, oh, ow, h, w, kh, kw = self._shape
        p, one, transposed = self.timeline.base["ring"], ch == 1, self.config.transposed
        captions = {"x": (self.tr("input x, stretched") if transposed else self.tr("input x")) if one
                    else self.tr("x, channel {c}"),
                    "w": (self.tr("kernel k (slides flipped)") if transposed else self.tr("kernel k")) if fn == 1
                    else self.tr("k{f}"),
                    "b": self.tr("bias b") if fn == 1 else self.tr("b{f}"),
                    "y": self.tr("output y") if fn == 1 else self.tr("y{f}"),
                    "dx": self.tr("∂L/∂x") if one else self.tr("∂L/∂x, channel {c}"),
                    "dw": self.tr("∂L/∂k") if fn == 1 else self.tr("∂L/∂k{f}"),
                    "db": self.tr("∂L/∂b") if fn == 1 else self.tr("∂L/∂b{f}"),
                    "dout": self.tr("∂L/∂y (upstream)") if fn == 1 else self.tr("∂L/∂y{f}")}
        ks = self.kernel_scale()
        widths = {"x": base["xpad"].shape[2], "w": kw * ks, "b": kw * ks, "y": ow, "dx": w, "dw": kw * ks,
                  "db": kw * ks}  # the column each caption may span (with the gap after it)
        texts = {k: captions[k].format(f=fn - 1, c=ch - 1) for k in (*widths, "dout")}
        view_w, view_h = (self.scene.width(), self.scene.height()) if self.scene.height() > 50 else (900, 420)
        best = None
        for beside in (False, True):
            gap, gx = 1.2, {}
            for _ in range(5):
                _pos, width, height = self._positions(gap, beside, gx)
                px = min(view_w / (width + 1), view_h / (height + gap + 0.5))
                cap = grid_caption_px(view_h, px)  # captions grow with the cells, up to the label size
                font = caption_font(cap)
                cap_w = {k: measure(t, font)[0] for k, t in texts.items()}
                gap = max(1.0, (measure(texts["x"], font)[1] + 2) / px)
                over = {k: cap_w[k] / px - widths[k] + 0.6 for k in widths}
                gx = {"x": over["x"], "w": max(over["w"], over["b"]), "y": over["y"], "dx": over["dx"],
                      "dw": max(over["dw"], over["db"])}
            if best is None or px > best[0]:
                best = (px, gap, gx, beside, cap, cap_w)
        px, gap, gx, beside, cap, cap_w = best
        pos, width, height = self._positions(gap, beside, gx)
        overhang = max(cap_w["y"], cap_w["dout"]) / px - ow  # the last column's captions
        scene = self.scene
        scene.caption_px = cap
        scene.clear_grids()
        for name, (x, y) in pos.items():
            kind, *ix = name.split(":")
            ix = [int(i) for i in ix]
            f = ix[0] if kind in ("w", "b", "y", "dw", "db", "dout") else 0
            c = ix[-1] if kind in ("x", "dx", "w", "dw") else 0
            first_row = kind not in ("w", "dw") or c == 0
            caption = captions[kind].format(f=f, c=c) if first_row else ""
            grid = scene.add(name, caption, x, y)
            if kind in ("w", "b", "dw", "db"):
                grid.setScale(ks)
            if kind == "x":
                grid.set_values(base["xpad"][c], p, self.palette, ~base["real"][c] if transposed else None)
            elif kind == "w":
                grid.set_values(base["w"][f, c])
            elif kind == "b":
                grid.set_values(base["b"][f:f + 1, None])
            elif kind == "dout":
                grid.set_values(base["dout"][f])
        scene.fit(width + max(0.0, overhang), height, top_margin=gap)

    def _draw_step(self, k: int) -> None:
        fn, ch, oh, ow, h, w, kh, kw = self._shape
        y = self._grid("y", (fn, oh, ow))
        for f in range(fn):
            self._set(self.scene, f"y:{f}", y[f], self.palette)
        self._set(self.colScene, "ycol", y.reshape(fn, -1), self.palette)
        if self.config.has_backward:
            dw, db, dx = self._grid("dw", (fn, ch, kh, kw)), self._grid("db", (fn,)), self._grid("dx", (ch, h, w))
            for f in range(fn):
                self._set(self.scene, f"db:{f}", db[f:f + 1, None])
                for c in range(ch):
                    self._set(self.scene, f"dw:{f}:{c}", dw[f, c])
            for c in range(ch):
                self._set(self.scene, f"dx:{c}", dx[c], self.palette)
        self._mark(self.timeline[k] if k >= 0 else None)

    def _mark(self, step) -> None:
        """Highlight the step's focus: windows, cells and whole grids, in both views."""
        marks: dict[tuple[str, str], list] = {}
        if step is not None:
            colour = "backward" if step.phase == "backward" else "focus"
            p, (oh, ow) = self.timeline.base["ring"], self._shape[2:4]
            kh, kw = self._shape[6:]

            def add(scene, grid, mark):
                marks.setdefault((scene, grid), []).append(mark)

            for fid in step.focus:
                kind, *ix = fid.split(":")
                ix = [int(i) for i in ix]
                if kind == "win":
                    c, r, q, nh, nw, s = ix
                    add("g", f"x:{c}", (r, q, nh, nw, s, colour, True))
                elif kind == "out":
                    f, i, j = ix
                    add("g", f"y:{f}", (i, j, 1, 1, 1, colour, True))
                    add("c", "ycol", (f, i * ow + j, 1, 1, 1, colour, True))
                    add("c", "wflat", (f, 0, 1, self.timeline.base["wflat"].shape[1], 1, colour, False))
                elif kind == "k" and len(ix) == 1:
                    for c in range(self._shape[1]):
                        add("g", f"w:{ix[0]}:{c}", (0, 0, kh, kw, 1, colour, False))
                elif kind == "k" and len(ix) == 7:  # the weights an input cell met
                    f, c, a, b, na, nb, s = ix
                    add("g", f"w:{f}:{c}", (a, b, na, nb, s, colour, True))
                elif kind == "k":
                    f, c, a, b = ix
                    add("g", f"w:{f}:{c}", (a, b, 1, 1, 1, colour, True))
                    if f"dk:{f}:{c}:{a}:{b}" in step.values:  # this weight's own gradient step
                        add("g", f"dw:{f}:{c}", (a, b, 1, 1, 1, colour, True))
                elif kind == "b":
                    add("g", f"b:{ix[0]}", (0, 0, 1, 1, 1, colour, True))
                    if f"db:{ix[0]}" in step.values:
                        add("g", f"db:{ix[0]}", (0, 0, 1, 1, 1, colour, True))
                elif kind == "col":
                    add("c", "col", (0, ix[0], self.timeline.base["col"].shape[0], 1, 1, colour, False))
                elif kind == "dout" and len(ix) == 1:
                    add("g", f"dout:{ix[0]}", (0, 0, oh, ow, 1, colour, False))
                elif kind == "dout" and len(ix) == 5:
                    add("g", f"dout:{ix[0]}", (ix[1], ix[2], ix[3], ix[4], 1, colour, True))
                elif kind == "dout":
                    add("g", f"dout:{ix[0]}", (ix[1], ix[2], 1, 1, 1, colour, True))
                elif kind == "in":
                    c, i, j = ix
                    add("g", f"x:{c}", (i + p, j + p, 1, 1, 1, colour, True))
                    add("g", f"dx:{c}", (i, j, 1, 1, 1, colour, True))
        for key, scene in (("g", self.scene), ("c", self.colScene)):
            for name, grid in scene.grids.items():
                grid.set_marks(marks.get((key, name), []))
        self._overlay_kernel(step)

    def _overlay_kernel(self, step) -> None:
        """A forward step: the kernel's weights (flipped when transposed) in the corners of the
        input cells under its window, its taps ``dilation`` cells apart, so each product of the
        formula pairs with its cell."""
        windows = {}
        if step is not None and step.phase != "backward":
            filters = [int(fid[2:]) for fid in step.focus if fid.startswith("k:") and fid.count(":") == 1]
            for fid in step.focus:
                kind, *ix = fid.split(":")
                if filters and kind == "win":
                    c, r, q, _nh, _nw, d = (int(i) for i in ix)
                    k = self.timeline.base["wk"][filters[0], c]
                    taps = np.full(((k.shape[0] - 1) * d + 1, (k.shape[1] - 1) * d + 1), np.nan)
                    taps[::d, ::d] = k
                    windows[f"x:{c}"] = (r, q, taps)
        for name, grid in self.scene.grids.items():
            if name.startswith("x:"):
                grid.set_overlay(*windows.get(name, ()))

    def restyle(self) -> None:
        self.colScene.restyle()
        super().restyle()
