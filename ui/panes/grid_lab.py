"""What the grid panes (conv, pooling) share: typed grids as text and back, growing or shrinking
grids, the output-size formula, the table editor (``GridEditing``) and ``GridLabPane``, a LabPane
with the side panel's common controls, validated edits and refusals, cell editing and the
drawing of revealed grids.

Every number drawn comes from ``timeline.state_at(k)``; edits go through ``Config.from_dict``.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (QCheckBox, QComboBox, QFormLayout, QHBoxLayout, QLabel, QPlainTextEdit, QPushButton,
                               QScrollArea, QSpinBox, QVBoxLayout, QWidget)

from nnlab import formulas
from nnlab.conv import output_size, size_formula
from nnlab.labs.grids import MAX_ABS
from ui import style
from ui.panes.base import LabPane
from ui.widgets.fields import NumberField
from ui.widgets.grid import GridScene

GREY_ABOVE = 12  # grids larger than this (or image mode) are drawn as grey images
MIN_GAP = 1.0  # cells between two grids side by side (their captions may need more)


def size_text(h: int, kernel: int, stride: int, pad: int, name: str, **arith) -> str:
    """``OH = (4 + 2·0 − 3)/1 + 1 = 2`` from the engine (or its refusal); ``arith``: the
    dilation, floor and transposed arguments of ``output_size``."""
    try:
        return (f"{name} = {size_formula(h, kernel, stride, pad, **arith)} = "
                f"{output_size(h, kernel, stride, pad, **arith)}")
    except ValueError as exc:
        return f"{name} = {exc}"


def parse_blocks(text: str) -> list:
    """Typed grids: rows of numbers (spaces or commas), grids separated by blank lines →
    a list of 2-D lists. ValueError naming the line of a bad number."""
    blocks, rows = [], []
    for number, line in enumerate(text.splitlines(), 1):
        cells = line.replace(",", " ").split()
        if not cells:
            if rows:
                blocks.append(rows)
                rows = []
            continue
        try:
            rows.append([formulas.parse(c) for c in cells])
        except ValueError:
            bad = next(c for c in cells if not _is_number(c))
            raise ValueError(f"line {number}: {bad!r} is not a number") from None
    if rows:
        blocks.append(rows)
    if not blocks:
        raise ValueError("no numbers typed")
    return blocks


def _is_number(text: str) -> bool:
    try:
        formulas.parse(text)
    except ValueError:
        return False
    return True


def grid_text(blocks: np.ndarray) -> str:
    """Grids as text, the inverse of parse_blocks (blocks: (..., rows, cols))."""
    flat = np.asarray(blocks).reshape(-1, *np.shape(blocks)[-2:])
    return "\n\n".join("\n".join(" ".join(style.fmt(v, 4) for v in row) for row in grid) for grid in flat)


def fit_channels(a: np.ndarray, n: int, axis: int) -> np.ndarray:
    """Drop trailing channels, or append copies of the last one, to have n along ``axis``."""
    have = a.shape[axis]
    if n <= have:
        return np.take(a, range(n), axis=axis)
    extra = np.repeat(np.take(a, [have - 1], axis=axis), n - have, axis=axis)
    return np.concatenate([a, extra], axis=axis)


def resize(a: np.ndarray, rows: int, cols: int) -> np.ndarray:
    """Crop or zero-extend the last two axes (top-left stays)."""
    out = np.zeros(a.shape[:-2] + (rows, cols))
    r, c = min(rows, a.shape[-2]), min(cols, a.shape[-1])
    out[..., :r, :c] = a[..., :r, :c]
    return out


def set_quietly(widget: QWidget, setter, value) -> None:
    """Show ``value`` in a control without emitting its signals (no edit comes back)."""
    widget.blockSignals(True)
    setter(value)
    widget.blockSignals(False)


class GridEditing:
    """A table editor for a LabPane: pick a grid, type all its numbers, apply. The pane
    provides ``_grid_source(target)`` (the array shown), ``_apply_blocks(target, blocks)`` and
    ``_refuse(reason)``."""

    def _grid_editor(self, panel, targets, hint: str) -> QWidget:
        """A table editor: pick a grid, type all its numbers, apply."""
        box = QWidget(panel)
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        self.gridTarget = QComboBox(box)
        self.gridTarget.setObjectName("gridTarget")
        for key, text in targets:
            self.gridTarget.addItem(text, key)
        self.gridTarget.currentIndexChanged.connect(lambda _i: self._fill_grid_text())
        self.gridText = QPlainTextEdit(box)
        self.gridText.setObjectName("gridText")
        self.gridText.setFixedHeight(110)
        self.applyGrid = QPushButton(self.tr("Apply typed grid"), box)
        self.applyGrid.setObjectName("applyGrid")
        self.applyGrid.clicked.connect(self.apply_grid_text)
        self.gridHint = QLabel(hint, box)
        self.gridHint.setObjectName("gridHint")
        self.gridHint.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("Type a grid:"), box))
        row.addWidget(self.gridTarget, 1)
        layout.addLayout(row)
        layout.addWidget(self.gridHint)
        layout.addWidget(self.gridText)
        layout.addWidget(self.applyGrid)
        return box

    def _fill_grid_text(self) -> None:
        if self.config is None:
            return
        target = self.gridTarget.currentData()
        self.gridText.setPlainText(grid_text(self._grid_source(target)))

    def apply_grid_text(self) -> bool:
        """Parse the typed grids into the chosen target; refused with the reason if they don't fit."""
        try:
            blocks = parse_blocks(self.gridText.toPlainText())
        except ValueError as exc:
            return self._refuse(f"{self.gridTarget.currentData()}: {exc}")
        return self._apply_blocks(self.gridTarget.currentData(), blocks)


class GridLabPane(GridEditing, LabPane):
    """A grid lab's pane: grids on the left, a scrolling side panel (objectName ``<lab>Controls``)
    on the right. A subclass adds its views to ``self.layout()`` and then ``_side_panel()``; it
    fills the panel in ``_controls(panel, box)`` (with ``_spin_form``,
    ``_cell_editor``, ``_backward_form`` and ``_grid_editor``), shows its config in
    ``_sync_controls``, names its editable grids in ``_grid_source`` (targets are Config fields;
    ``clears`` says which fields an edit of a grid resets), lays out its grids in ``_layout`` and
    draws step k in ``_draw_step``."""

    clears: dict[str, dict] = {}  # field → the fields an edit of it resets, e.g. {"input": {"digit": None}}

    def __init__(self, parent=None):
        super().__init__(parent)
        self._selected = None  # (field, index) of the cell being edited
        self._shown: dict[str, np.ndarray] = {}
        QHBoxLayout(self).setContentsMargins(0, 0, 0, 0)

    # ---------------------------------------------------------------- controls
    def _side_panel(self) -> QScrollArea:
        scroll = QScrollArea(self)
        scroll.setObjectName(f"{self.lab}Controls")
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
        self._controls(panel, box)
        box.addStretch(1)
        scroll.setWidget(panel)
        self._style_labels()
        return scroll

    def _controls(self, panel: QWidget, box: QVBoxLayout) -> None:
        """Fill the side panel below the size formula and the refusal."""

    def _spin_form(self, panel: QWidget, form: QFormLayout, specs) -> None:
        """One spin box per (objectName, label, lo, hi) into ``self.spins`` and ``form``."""
        self.spins = {}
        for name, label, lo, hi in specs:
            spin = QSpinBox(panel)
            spin.setObjectName(name)
            spin.setRange(lo, hi)
            spin.valueChanged.connect(lambda v, n=name: self._spin_changed(n, v))
            self.spins[name] = spin
            form.addRow(label, spin)

    def _cell_editor(self, panel: QWidget, box: QVBoxLayout, hint: str) -> None:
        """The clicked cell's description (``cellLabel``) and its value (``cellValue``)."""
        self.cellLabel = QLabel(hint, panel)
        self.cellLabel.setObjectName("cellLabel")
        self.cellLabel.setWordWrap(True)
        self.cellValue = NumberField(0.0, -MAX_ABS, MAX_ABS, label=self.tr("cell"), parent=panel)
        self.cellValue.setObjectName("cellValue")
        self.cellValue.setEnabled(False)
        self.cellValue.valueEdited.connect(self._cell_edited)
        self.cellValue.refused.connect(self.message)
        box.addWidget(self.cellLabel)
        box.addWidget(self.cellValue)

    def _backward_form(self, panel: QWidget) -> QFormLayout:
        """The ``backward`` check box and the ``upstream`` gradient choice."""
        back = QFormLayout()
        self.backward = QCheckBox(self.tr("Backward pass"), panel)
        self.backward.setObjectName("backward")
        self.backward.toggled.connect(lambda on: self._edit(backward=on))
        back.addRow(self.backward)
        self.upstream = QComboBox(panel)
        self.upstream.setObjectName("upstream")
        self.upstream.addItem(self.tr("ones"), "ones")
        self.upstream.addItem(self.tr("typed (click ∂L/∂y cells)"), "typed")
        self.upstream.activated.connect(self._upstream_chosen)
        back.addRow(self.tr("Upstream ∂L/∂y"), self.upstream)
        return back

    def _sync_shared(self, spins: dict[str, int], kh: int, kw: int) -> None:
        """Show the config in the spin boxes, ``backward`` and ``upstream`` (signals blocked) and
        the output size for a kh × kw window in ``sizeFormula``."""
        c = self.config
        for name, spin in self.spins.items():
            set_quietly(spin, spin.setValue, spins[name])
        set_quietly(self.upstream, self.upstream.setCurrentIndex, int(c.upstream != "ones"))
        set_quietly(self.backward, self.backward.setChecked, c.backward)
        _c, h, w = np.shape(c.input)
        self.sizeFormula.setText("\n".join((size_text(h, kh, c.stride, c.padding, "OH"),
                                            size_text(w, kw, c.stride, c.padding, "OW"))))

    def _sync_controls(self) -> None:
        """Show ``self.config`` in every control."""

    # ---------------------------------------------------------------- edits
    def _edit(self, **changes) -> bool:
        """Validate and emit the edited config; on refusal, say why and keep the last valid lab.
        A typed upstream gradient that no longer fits the output falls back to ones."""
        if self.config is None:
            return False
        data = {**self.config.to_dict(), **changes}
        try:
            config = type(self.config).from_dict(data)
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

    def _edit_grid(self, field: str, value) -> bool:
        """A new grid for a Config field, resetting what ``clears`` names for it."""
        return self._edit(**{field: value}, **self.clears.get(field, {}))

    def _apply_blocks(self, target: str, blocks: list) -> bool:
        return self._edit_grid(target, blocks)

    def _spin_changed(self, name: str, value: int) -> None:
        """Stride, padding and the input's rows and columns (a subclass handles its other spin boxes)."""
        x = self.config.x
        if name in ("stride", "padding"):
            self._edit(**{name: value})
        elif name in ("inputRows", "inputCols"):
            rows = value if name == "inputRows" else x.shape[1]
            cols = value if name == "inputCols" else x.shape[2]
            self._edit_grid("input", resize(x, rows, cols).tolist())

    def _upstream_chosen(self, index: int) -> None:
        if self.upstream.itemData(index) == "ones":
            self._edit(upstream="ones")
        else:
            self._edit(upstream=self.config.dout.tolist())

    def _select(self, field: str, index: tuple, text: str) -> None:
        """Edit cell ``index`` of grid ``field`` in ``cellValue``, described by ``text``."""
        self._selected = (field, index)
        self.cellLabel.setText(text)
        self.cellValue.setEnabled(True)
        self.cellValue.set_value(float(self._grid_source(field)[index]))
        self.cellValue.setFocus()

    def _unselect(self, text: str) -> None:
        """A cell that cannot be edited was clicked: say why."""
        self._selected = None
        self.cellValue.setEnabled(False)
        self.cellLabel.setText(text)

    def _cell_edited(self, value: float) -> None:
        if self._selected is None:
            return
        field, index = self._selected
        a = self._grid_source(field)
        a[index] = value
        self._edit_grid(field, a.tolist())

    # ---------------------------------------------------------------- drawing
    def rebuild(self) -> None:
        self._sync_controls()
        self._fill_grid_text()
        self.refusal.setText("")
        self._shown = {}
        self._layout()

    def _layout(self) -> None:
        """Place the grids for ``self.timeline`` and draw what its base holds."""

    def _relayout(self) -> None:
        """The view changed size: place the grids again for it (their captions are sized from the
        cells) and redraw the current step."""
        if self.timeline is not None and self.isVisible():
            self._layout()
            self._shown = {}
            self.show_step(self.k)

    def _grid(self, key: str, shape) -> np.ndarray:
        """The revealed values of the ids ``self._keys[key]`` as an array (NaN: not revealed yet)."""
        state = self._state
        return np.array([state.get(k, np.nan) for k in self._keys[key]], dtype=np.float64).reshape(shape)

    def _set(self, scene: GridScene, name: str, values: np.ndarray, palette: str = "diverging") -> None:
        """Update a grid only when its numbers changed (NaN = not revealed yet)."""
        old = self._shown.get(name)
        if old is None or old.shape != values.shape or not np.array_equal(old, values, equal_nan=True):
            scene.grids[name].set_values(values, 0, palette)
            self._shown[name] = values

    def show_step(self, k: int) -> None:
        super().show_step(k)
        if self.timeline is None:
            return
        k = min(k, len(self.timeline) - 1)
        self._state = self.revealed(k)
        self._draw_step(k)

    def _draw_step(self, k: int) -> None:
        """Draw ``self._state`` (the state after step k) and highlight step k's focus."""

    def _style_labels(self) -> None:
        font = QFont()
        font.setPointSizeF(11 * style.scale())
        font.setBold(True)
        self.sizeFormula.setFont(font)
        bar = self.controls.verticalScrollBar().sizeHint().width()
        need = self.controls.widget().minimumSizeHint().width() + bar + 2 * self.controls.frameWidth()
        self.controls.setFixedWidth(max(int(330 * (0.4 + 0.6 * style.scale())), need))  # never cut the panel

    def restyle(self) -> None:
        self._style_labels()
        self.scene.restyle()
        super().restyle()
