"""The training lab's pane: data plot with the decision boundary, live curves, the network diagram,
histograms (weights, activations, the init lesson), confusion matrix and test images; controls on
the right.

Two sources of what is drawn:

- the **timeline** (the transport): ``show_step(k)`` draws ``timeline.state_at(k)`` — the first
  mini-batch update number by number, then one step per epoch of the same seeded run;
- a **live run** (Train): ``nnlab.labs.training_live.live_run`` in a process of its own
  (``ui.worker.ProcessWorker``), whose throttled progress payloads (≤ 25 a second) carry the rows, parameters and a snapshot the
  engine computed (boundary grid, histograms, confusion). Each payload is drawn as one frame
  (the next one is sent once the window drew it and rested ``FRAME_REST`` times as long, so a
  loaded machine gets fewer frames, never a frozen window): boundary or test images,
  curves, diagram, histograms, confusion matrix and the formula panel (the run's epoch, loss and
  accuracy; in quiz mode the next epoch's loss as a question) move together. Its speed
  (``Pace``: epochs per second or as fast as it goes) is the Speed box; Pause / Resume / One
  epoch, or the transport's play/pause, hold it. The timeline's epoch steps are the same seeded
  run, so the transport follows the run (``_follow``: the scrubber shows its epoch) and, once it
  is over, stays on its last epoch: stepping and scrubbing walk through the run's epochs (beyond
  the timeline's last epoch, the last step shows the run's end). Play at the last step of a
  finished run replays its epochs (``replay_start``), not the narrated mini-batch before them
  (Home goes there).

Responsiveness: training runs in another process, so it never holds the window's GIL (a thread
of many small numpy calls would make every paint wait for it), and the epoch axis is fixed
during a run; bench/train.py measures the window at ≥ 30 repaints a second during a run and
bench/training_live.py the event loop's gaps and the frames each element draws per second.

Every number drawn comes from the state or a payload (or an engine call such as
``training.node_map``); this module only formats and draws. The side panel is
``ui.widgets.training_controls``, the plots ``ui.widgets.training_plots``.
"""

from __future__ import annotations

import math
import time

import numpy as np
from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtWidgets import (QFileDialog, QGraphicsView, QGridLayout, QHBoxLayout, QScrollArea, QSplitter, QTabBar,
                               QVBoxLayout, QWidget)

from nnlab.formulas import sup
from nnlab.io import export_weights, load_weights
from nnlab.labs import training
from nnlab.labs.training_live import Pace, cross_validation, live_run
from ui import style
from ui.mnist_dialog import ask_mnist_files
from ui.panes.base import LabPane
from ui.style import fmt, theme
from ui.widgets.network_diagram import NetworkDiagram
from ui.widgets.training_controls import TrainingControls
from ui.widgets.training_plots import Curves, DataView, TrainingTabs
from ui.worker import ProcessWorker

FRAME_REST = 1.0  # after a live frame, the next payload waits this many times the frame's drawing time (its paint comes meanwhile)
ERASE_RADIUS = 0.04  # Shift+click / Shift+drag erases points within this fraction of the plot's width
PANEL_MIN_PX = 300  # in presenter mode, a quarter of the plots' area lower than this: one page of panels at a time
PAGES = ("grid", "data", "network", "tabs")  # the 2×2 grid, then the pages of the panel bar


def _parse_id(focus: str):
    parts = focus.split(":")
    try:
        return parts[0], tuple(int(p) for p in parts[1:])
    except ValueError:
        return parts[0], ()


class _Guard:
    """Holds the running worker's Control outside the pane, so the pane's ``destroyed`` can stop it."""

    control = None

    def stop(self, *_):
        if self.control is not None:
            self.control.stop()


class Pane(LabPane):
    lab = "training"
    onnx_export = True

    def __init__(self, parent=None):
        super().__init__(parent)
        self._worker: ProcessWorker | None = None
        self._run_config = None
        self.result: training.TrainResult | None = None  # the last finished (or cancelled) run
        self.live: dict | None = None  # what the live run showed last: rows, snapshot, params
        self.showing_live = False
        self.selected_node: tuple[int, int] | None = None
        self.cv_scores: list[float] | None = None
        self._layout_key = None
        self.frame_times: list[float] = []  # seconds each live frame took to draw (bench/train.py)
        self._frame_due = False  # a live frame is posted and not drawn yet
        self._following = False  # the transport is moved to the live run's epoch (nothing to draw)
        self._arranged = None  # (an iteration step, the page shown)
        self._picked = None  # (an iteration step, the page the panel bar was set to for that kind of step)
        self._guard = _Guard()
        self.pace = Pace()  # the live run's speed and frames (each run gets its own)
        self._transport = None  # the window's playhead while a live run listens to its play/pause
        self._build()
        self.destroyed.connect(self._guard.stop)  # a pane deleted mid-run stops its thread

    # ---- building ----------------------------------------------------------------------------
    def _build(self) -> None:
        outer = QHBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        outer.addWidget(self.splitter)
        self.plotsArea = QWidget(self.splitter)
        area = QVBoxLayout(self.plotsArea)
        area.setContentsMargins(0, 0, 0, 0)
        area.setSpacing(0)
        # presenter mode on a small canvas: one page of panels at a time, picked here or by the step
        self.panelBar = QTabBar(self.plotsArea)
        self.panelBar.setObjectName("panelBar")
        self.panelBar.setExpanding(False)
        self.panelBar.setDocumentMode(True)
        for text in (self.tr("Data and curves"), self.tr("Network"), self.tr("Histograms and more")):
            self.panelBar.addTab(text)
        self.panelBar.tabBarClicked.connect(self._pick_page)
        self.panelBar.hide()
        area.addWidget(self.panelBar)
        plots = QWidget(self.plotsArea)
        area.addWidget(plots, 1)
        plots.installEventFilter(self)  # resized: arranged again (ui/panes/training.py _arrange)
        self._plots = plots
        grid = QGridLayout(plots)
        grid.setContentsMargins(4, 4, 4, 4)
        grid.setSpacing(4)

        # data plot: boundary heat map under the points (2-D) or the test images with predictions
        self.dataView = DataView(plots)
        self.dataView.dataPlot.scene().sigMouseClicked.connect(self._on_plot_click)
        self._eraser = _EraseDrag(self)
        self.dataView.dataPlot.viewport().installEventFilter(self._eraser)
        grid.addWidget(self.dataView, 0, 0)
        # curves: loss and accuracy, train and test
        self.curvesView = Curves(plots)
        grid.addWidget(self.curvesView, 0, 1)
        # network diagram (the iteration's numbers; click a hidden node for its heat map)
        self.diagram = NetworkDiagram(plots)
        self.diagram.nodeClicked.connect(self._on_node_clicked)
        grid.addWidget(self.diagram, 1, 0)
        # tabs: histograms, inits, confusion, folds
        self.tabs = TrainingTabs(plots)
        self.tabs.currentChanged.connect(lambda _i: self.refresh() if self.showing_live else None)
        grid.addWidget(self.tabs, 1, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(0, 1)
        grid.setRowStretch(1, 1)
        self.plotGrid = grid
        # what tests and bench/train.py read
        self.dataPlot, self.boundary, self.points = self.dataView.dataPlot, self.dataView.boundary, self.dataView.points
        self.imageGrid, self.curves = self.dataView.imageGrid, self.curvesView.curves
        self.histograms, self.confusion, self.folds = self.tabs.histograms, self.tabs.confusion, self.tabs.folds

        # controls
        self.scroll = QScrollArea(self.splitter)
        self.scroll.setWidgetResizable(True)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.controls = TrainingControls(self.scroll)
        self.scroll.setWidget(self.controls)
        c = self.controls
        c.edited.connect(self._edit_from)
        c.widthNeeded.connect(self._fit_panel)
        c.message.connect(self.message.emit)
        for button, slot in ((c.trainButton, self.train), (c.pauseButton, self.pause), (c.resumeButton, self.resume),
                             (c.cancelButton, self.cancel), (c.resetButton, self.reset_run),
                             (c.exportButton, self._export_dialog), (c.importButton, self._import_dialog),
                             (c.csvButton, self._choose_csv), (c.mnistButton, self.choose_mnist),
                             (c.crossValidateButton, self.cross_validate), (c.epochButton, self.one_epoch)):
            button.clicked.connect(slot)
        c.paceBox.currentIndexChanged.connect(lambda _i: self.set_pace(c.paceBox.currentData()))
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setSizes([880, 400])
        for view in plots.findChildren(QGraphicsView):
            # a live frame changes most of every plot: repaint each whole (the default, the items'
            # changed rects, clips the diagram's 2,368 edges to a many-rect region: 4× the paint)
            view.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.FullViewportUpdate)

    @property
    def confusion_texts(self) -> list:
        return self.tabs.confusion_texts

    # ---- config ↔ controls -----------------------------------------------------------------
    def _edit_from(self, field: str, value) -> None:
        if self.config is None:
            return
        if not self.edit(**{field: value}):
            self._sync_controls()

    def _sync_controls(self) -> None:
        self.controls.sync(self.config)

    # ---- LabPane -----------------------------------------------------------------------------
    def set_timeline(self, config, timeline) -> None:
        if self._worker is not None and config != self._run_config:
            self.cancel()
        if config != self._run_config:
            self.result = None
            self.live = None
            self.showing_live = False
        super().set_timeline(config, timeline)

    def rebuild(self) -> None:
        self._sync_controls()
        base = self.timeline.state_at(-1)
        sizes = [int(n) for n in base["sizes"]]
        self.sizes = sizes
        self.classes = [str(c) for c in base["classes"]]
        L = len(sizes) - 1
        captions = ([(self.tr("input"), "x")] + [(self.tr("hidden {l}").format(l=l), "h" + sup(f"({l})")) for l in range(1, L)]
                    + [(self.tr("output"), "y")])  # short forms: the notation's symbols
        self.diagram.set_layers(sizes, captions)
        self.is_2d = "extent" in base
        self.is_images = "images:test" in base
        self.dataView.show_images(self.is_images)
        if self.selected_node and (not self.is_2d or self.selected_node[0] >= L or self.selected_node[1] >= sizes[self.selected_node[0]]):
            self.selected_node = None
        key = (tuple(sizes), style.scale(), theme().name)
        if key != self._layout_key:
            self._layout_key = key
            self.tabs.set_layers(L)
        self._style_plots()
        self.panelBar.setFont(style.font(10 * min(style.scale(), 2.0) / style.scale()))  # a control: at most 2× type
        self.dataView.draw_points(base, self.is_2d)
        self._draw_inits()
        self._draw_folds()
        self.tabs.set_classes(self.classes)

    def _fit_panel(self, width: int) -> None:
        """The settings panel as wide as its widest row needs (``width``) at the current scale:
        no text clipped, and the same width at every step."""
        bar = self.scroll.verticalScrollBar().sizeHint().width()
        self.scroll.setMinimumWidth(width + bar + 2 * self.scroll.frameWidth())

    def show_step(self, k: int) -> None:
        super().show_step(k)
        if self.timeline is None:
            return
        if self.showing_live and self._worker is None:
            self.showing_live = False  # the transport moved: back to the timeline
        if self._following:
            return  # the live frame draws the run
        if not self.showing_live and self._beyond_timeline(k):
            self._draw_run_end()
            return
        state = self.revealed(k)
        step = self.timeline[min(k, len(self.timeline) - 1)] if k >= 0 and len(self.timeline) else None
        self._draw_diagram(state, step)
        if self.showing_live:
            return
        self.curvesView.draw(state["history"], self.config.epochs)
        self._draw_snapshot(state, {k[7:]: v for k, v in state.items() if k.startswith("params:")})
        epoch = int(state["epoch"])
        self.dataView.set_caption(self._caption(epoch))

    def epoch_step(self, epoch: int) -> int:
        """The timeline step of ``epoch`` of the (same seeded) run: the first step showing the
        latest epoch the timeline has up to ``epoch`` (-1: before training)."""
        best, k = 0, -1
        for i, step in enumerate(self.timeline.steps):
            e = int(step.values.get("epoch", 0)) if step.phase == "epoch" else 0
            if best < e <= epoch:
                best, k = e, i
        return k

    def replay_start(self) -> int:
        """Play at the last step after a run replays the run's epochs (from just before its first
        epoch step), keeping the trained weights; without a run, the timeline from the start."""
        if self.result is None or self._worker is not None:
            return -1
        return next((i - 1 for i, s in enumerate(self.timeline.steps) if s.phase == "epoch"), -1)

    def _beyond_timeline(self, k: int) -> bool:
        """The last step, after a run that went further than the timeline's epochs."""
        if self.result is None or not self.result.history or self.live is None or k != len(self.timeline) - 1:
            return False
        return self.result.history[-1]["epoch"] > int(self.timeline.state_at(k)["epoch"])

    def _draw_run_end(self) -> None:
        """The finished run's last weights (beyond the timeline): curves, snapshot, diagram, caption."""
        live = self.live
        self.curvesView.draw(live["history"], self.config.epochs)
        self._draw_snapshot(live["snapshot"], live["params"])
        self._draw_diagram({f"params:{k}": v for k, v in live["params"].items()}, None)
        self.dataView.set_caption(self._caption(int(live["epoch"])))

    def _follow(self, epoch: int, end: bool = False) -> None:
        """In the window, keep the transport on the run's epoch: the scrubber shows where the run
        is and the formula panel that epoch's loss and accuracy (the timeline is the same run).
        ``end``: the run is over; its last epoch stays on screen, the last step when the run went
        further than the timeline."""
        playhead = getattr(self.window(), "playhead", None)
        if playhead is None or self.timeline is None:
            return
        k = self.epoch_step(epoch)
        if end and epoch > int(self.timeline.state_at(len(self.timeline) - 1)["epoch"]):
            k = len(self.timeline) - 1
        if end or k != playhead.index:
            playhead.pause()
            self._following = not end
            try:
                playhead.seek(k)
            finally:
                self._following = False

    def _caption(self, epoch: int, live: bool = False) -> str:
        where = self.tr("live run, epoch {e}").format(e=epoch) if live else (
            self.tr("before training") if epoch == 0 else self.tr("after epoch {e}").format(e=epoch))
        if self.selected_node:
            l, j = self.selected_node
            return self.tr("Hidden node {l}.{j} output ({where}) — click it again for the boundary").format(
                l=l, j=j + 1, where=where)
        if self.is_images:
            return self.tr("Test images, {where}: prediction under each; wrong ones framed (predicted ≠ true)").format(
                where=where)
        return self.tr("Decision boundary ({where}) — filled: training points, hollow: test points").format(where=where)


    # ---- drawing -----------------------------------------------------------------------------
    def _style_plots(self) -> None:
        self.dataView.restyle()
        self.curvesView.restyle()
        self.tabs.restyle()

    def _draw_snapshot(self, snap, params) -> None:
        """Boundary (or a hidden node's map), histograms, confusion matrix and test images."""
        if self.is_2d:
            if self.selected_node is not None and params:
                l, j = self.selected_node
                self.dataView.draw_boundary(snap, training.node_map(self.config, params, l, j), self._node_levels())
            else:
                self.dataView.draw_boundary(snap)
        self.tabs.draw_histograms(snap, len(self.sizes) - 1)
        if "confusion" in snap:
            self.tabs.draw_confusion(snap["confusion"])
        if self.is_images and "pred:test" in snap:
            base = self.timeline.state_at(-1)
            self.imageGrid.set_images(base["images:test"], snap["pred:test"], base["data:test_t"], self.classes)

    def _node_levels(self) -> tuple[float, float]:
        act = self.config.activation
        return {"sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0)}.get(act, (-2.0, 2.0))

    def _draw_diagram(self, state, step) -> None:
        sizes = self.sizes
        L = len(sizes) - 1
        iteration = step is not None and step.phase != "epoch"  # epoch steps: only the weights
        # an updated parameter's label reads "old → new": the diagram holds the value before the update
        before = (lambda name: state.get(f"old:{name}", state.get(f"params:{name}"))) if iteration else (
            lambda name: state.get(f"params:{name}"))
        self.diagram.set_weights([before(f"W{l}") for l in range(1, L + 1)])
        self._arrange(iteration)

        def row(key, n):
            a = state.get(key) if iteration else None
            return np.asarray(a, dtype=float)[0] if a is not None else np.full(n, np.nan)

        outs = [row("h:0", sizes[0])] + [row(f"h:{l}", sizes[l]) for l in range(1, L + 1)]
        sums = [None] + [row(f"z:{l}", sizes[l]) for l in range(1, L + 1)]
        deltas = [None] + [row(f"delta:{l}", sizes[l]) for l in range(1, L + 1)]
        biases = [None] + [before(f"b{l}") for l in range(1, L + 1)]
        grads = [state.get(f"grad:W{l}") if iteration else None for l in range(1, L + 1)]
        new = [state.get(f"new:W{l}") if iteration else None for l in range(1, L + 1)]
        new_biases = [None] + [state.get(f"new:b{l}") if iteration else None for l in range(1, L + 1)]
        focus_nodes, focus_edges, primary = [], [], None
        for f in (step.focus if step is not None else ()):
            kind, ix = _parse_id(f)
            if primary is None and (kind, len(ix)) in (("node", 2), ("edge", 3), ("layer", 1)):
                # the first focus is what the formula names (a whole layer's formula: its first node)
                primary = ("node", ix[0], 0) if kind == "layer" else (kind, *ix)
            if kind == "node" and len(ix) == 2:
                focus_nodes.append(ix)
            elif kind == "edge" and len(ix) == 3:
                focus_edges.append(ix)
            elif kind == "layer" and len(ix) == 1 and ix[0] < len(sizes):
                focus_nodes += [(ix[0], j) for j in range(min(sizes[ix[0]], 64))]
        if self.selected_node:
            focus_nodes.append(self.selected_node)
        self.diagram.set_state(outs, sums=sums, deltas=deltas, biases=biases, grads=grads, new=new,
                               new_biases=new_biases, focus_nodes=focus_nodes, focus_edges=focus_edges, primary=primary)


    def _arrange(self, iteration: bool | None = None) -> None:
        """The one layout of the plots: the 2×2 grid (at 1×, and in presenter mode while each
        quarter keeps ``PANEL_MIN_PX``), else one page of panels, chosen by what the step teaches
        — a mini-batch step the network diagram, an epoch step the data plot and the curves — or
        by the panel bar (the histogram and confusion tabs are its third page). In presenter mode
        a mini-batch step always gets the diagram alone, so its labels read from the back of the room."""
        if iteration is None:
            iteration = bool(self._arranged and self._arranged[0])
        presenter = style.scale() > 1.0
        compact = presenter and self._plots.height() < 2 * PANEL_MIN_PX
        if iteration and presenter:
            page = "network"
        else:
            page = "data" if compact else "grid"
        if self._picked is not None and self._picked[0] != iteration:
            self._picked = None  # another kind of step: its own page
        if self._picked is not None and (compact or iteration and presenter):
            page = self._picked[1]
        if (iteration, page) == self._arranged:
            return
        self._arranged = (iteration, page)
        spots = {"grid": {self.dataView: (0, 0), self.curvesView: (0, 1), self.diagram: (1, 0), self.tabs: (1, 1)},
                 "data": {self.dataView: (0, 0, 2, 1), self.curvesView: (0, 1, 2, 1)},
                 "network": {self.diagram: (0, 0, 2, 2)},
                 "tabs": {self.tabs: (0, 0, 2, 2)}}[page]
        for widget in (self.dataView, self.curvesView, self.diagram, self.tabs):
            self.plotGrid.removeWidget(widget)
            if widget in spots:
                self.plotGrid.addWidget(widget, *spots[widget])
            widget.setVisible(widget in spots)
        self.plotGrid.setRowStretch(1, 2 if iteration and page == "grid" else 1)
        self.panelBar.setVisible(page != "grid")
        if page != "grid":
            self.panelBar.setCurrentIndex(PAGES.index(page) - 1)
        self.dataView.one_line(page != "grid")

    def _pick_page(self, index: int) -> None:
        """A click on the panel bar: that page, for this kind of step, until another kind comes."""
        if index < 0 or self._arranged is None:
            return
        self._picked = (self._arranged[0], PAGES[index + 1])
        self._arrange()

    def eventFilter(self, obj, event) -> bool:
        if obj is self._plots and event.type() == QEvent.Type.Resize:
            QTimer.singleShot(0, self, self._arrange)  # not inside the layout's own resize
        return super().eventFilter(obj, event)

    def _draw_inits(self) -> None:
        hidden = len(self.sizes) - 2
        self.tabs.draw_inits(hidden, training.init_comparison(self.config) if hidden > 0 else None)

    def _draw_folds(self) -> None:
        self.tabs.draw_folds(self.cv_scores or [])

    # ---- live training -----------------------------------------------------------------------
    def is_running(self) -> bool:
        return self._worker is not None

    def train(self) -> None:
        """Start a training run of the current config in a worker thread."""
        if self._worker is not None or self.config is None:
            return
        self._run_config = self.config
        self.live = {"history": np.zeros((0, 5)), "epoch": 0}
        self.showing_live = True
        self.result = None
        self.curvesView.fix_epochs(self.config.epochs)
        self.curvesView.draw(np.zeros((0, 5)), self.config.epochs)
        self.controls.progressBar.setValue(0)
        self.controls.runStatus.setStyleSheet("")
        self.controls.runStatus.setText(self.tr("training…"))
        self.pace = Pace(self.controls.paceBox.currentData())
        self._start(live_run, self._on_progress, self._on_done, self.pace)
        playhead = getattr(self.window(), "playhead", None)
        if playhead is not None:
            playhead.playingChanged.connect(self._transport_play)
            self._transport = playhead

    def cross_validate(self) -> None:
        """k-fold cross-validation of the current config in a worker thread; accuracies in the k-fold tab."""
        if self._worker is not None or self.config is None:
            return
        self._run_config = self.config
        self.controls.progressBar.setRange(0, 0)
        self.controls.runStatus.setText(self.tr("cross-validating ({k} folds)…").format(k=self.config.n_folds))
        self._start(cross_validation, None, self._on_cv_done)

    def _start(self, job, on_progress, on_done, *args) -> None:
        self.controls.set_running(True)
        self._worker = ProcessWorker.started(job, self.config, *args, parent=self, progress=on_progress,
                                             done=on_done, failed=self._on_failed)
        self._guard.control = self._worker.control

    def pause(self) -> None:
        if self._worker is not None:
            self._worker.control.pause()
            self.controls.set_running(True, paused=True)
            self.controls.runStatus.setText(self.tr("paused at epoch {e}").format(e=self.live["epoch"] if self.live else 0))

    def resume(self) -> None:
        if self._worker is not None:
            self._worker.control.resume()
            self.controls.set_running(True)
            self.controls.runStatus.setText(self.tr("training…"))

    def one_epoch(self) -> None:
        """Paused: train one more epoch, then pause again."""
        if self._worker is not None and self._worker.control.paused:
            self.pace.one = True
            self._worker.control.resume()

    def set_pace(self, rate: float) -> None:
        """A live run's speed in epochs per second (0: as fast as it goes); a running run follows at once."""
        self.pace.rate = float(rate)
        self.message.emit(self.tr("Training speed: {s}").format(s=self.controls.paceBox.currentText()))

    def _transport_play(self, playing: bool) -> None:
        """The transport's play/pause (Space) while a run is live pauses or resumes the run; the
        scrubber stays on the run's epoch."""
        if not playing or self._worker is None or self.live is None:
            return
        self.window().playhead.pause()
        self.resume() if self._worker.control.paused else self.pause()
        QTimer.singleShot(0, self._back_to_run)  # play() may have moved the playhead before it was paused

    def _back_to_run(self) -> None:
        """The transport back on the live run's epoch, and the run's latest weights on the diagram."""
        if self.live is None or self._worker is None:
            return
        self._follow(int(self.live["epoch"]), end=True)
        if self.live.get("params"):
            self._draw_diagram({f"params:{k}": v for k, v in self.live["params"].items()}, None)

    def cancel(self) -> None:
        """Stop the run (it ends after the current mini-batch; the weights so far are kept)."""
        if self._worker is not None:
            self._worker.cancel(10000)  # its last payload and its result arrive meanwhile

    def _on_progress(self, fraction: float, payload) -> None:
        """A payload of the live run: kept, and drawn in the next frame (one frame for the
        payloads that arrive before it is drawn)."""
        if self.live is None or not self.showing_live:
            return
        new = np.array([[r["epoch"], r["loss"], r["acc"], np.nan if r["test_loss"] is None else r["test_loss"],
                         np.nan if r["test_acc"] is None else r["test_acc"]] for r in payload["rows"]]).reshape(-1, 5)
        self.live["history"] = np.concatenate([self.live["history"], new])  # only the new rows are converted
        self.live["epoch"] = payload["epoch"]
        self.live["row"] = payload["rows"][-1]
        self.live["fraction"] = fraction
        self.live["snapshot"] = payload.get("snapshot", {})
        self.live["params"] = payload.get("params", {})
        if not self._frame_due:
            self._frame_due = True
            QTimer.singleShot(0, self, self._draw_frame)

    def _draw_frame(self) -> None:
        """Everything the live run moves, together: progress, curves, boundary (or test images),
        histograms, confusion matrix, diagram, scrubber, formula panel, status and caption."""
        if not self._frame_due:
            return  # drawn already, as the run ended
        self._frame_due = False
        live = self.live
        if live is None or not self.showing_live or "row" not in live:
            return
        start = time.perf_counter()
        row = live["row"]
        self.controls.progressBar.setValue(int(round(live["fraction"] * 1000)))
        self.curvesView.draw(live["history"], self.config.epochs)
        self._draw_snapshot(live["snapshot"], live["params"])
        if live["params"]:
            self._draw_diagram({f"params:{k}": v for k, v in live["params"].items()}, None)
        self._follow(int(row["epoch"]))
        self._show_formula()
        test = (self.tr(", test accuracy {a}").format(a=f"{row['test_acc']:.1%}")
                if row.get("test_acc") is not None else "")
        if self._worker is not None and self._worker.control.paused:
            self.controls.runStatus.setText(self.tr("paused at epoch {e}").format(e=row["epoch"]))
        else:
            self.controls.runStatus.setText(self.tr("epoch {e}: loss {l}, accuracy {a}{t}").format(
                e=row["epoch"], l=fmt(row["loss"], 5), a=f"{row['acc']:.1%}", t=test))
        self.dataView.set_caption(self._caption(row["epoch"], live=True))
        cost = time.perf_counter() - start
        self.frame_times.append(cost)
        # the next payload once the repaint this frame asked for is done and the event loop has
        # idled about as long (a loaded machine gets fewer frames, never a frozen window)
        pace = self.pace
        QTimer.singleShot(int(FRAME_REST * cost * 1000), self, lambda: setattr(pace, "drawn", True))

    def formula_step(self, k: int):
        """While a run is live (and at the last step beyond the timeline, where a finished run's
        end is drawn), the formula panel shows the run's epoch — in quiz mode, during the run,
        the next epoch's loss as a question."""
        live = self.live
        if live is None or "row" not in live or not (self.showing_live or self._beyond_timeline(k)):
            return None
        playhead = getattr(self.window(), "playhead", None)
        if self._worker is not None and self.showing_live and playhead is not None and playhead.quiz:
            return training.epoch_question(self.config, live["row"])
        return training.epoch_step(self.config, live["row"])

    def _show_formula(self) -> None:
        """The formula panel (in the window) on the live run's epoch."""
        window = self.window()
        step = self.formula_step(self.k)
        if step is not None and hasattr(window, "formula"):
            window.formula.show_formula(step, window.playhead.hidden)
            window.canvas.fit_formula()

    def _finish(self) -> None:
        if self._transport is not None:
            self._transport.playingChanged.disconnect(self._transport_play)
            self._transport = None
        self._worker = None
        self.controls.set_running(False)
        self.controls.progressBar.setRange(0, 1000)

    def _on_done(self, result: training.TrainResult) -> None:
        self._draw_frame()  # the last payload's frame, if it is still due
        self._finish()
        self.result = result
        last = result.history[-1] if result.history else None
        summary = (self.tr("{n} epochs in {s} s: loss {l}, accuracy {a}").format(
            n=len(result.history), s=fmt(result.seconds, 2), l=fmt(last["loss"], 5), a=f"{last['acc']:.1%}")
            if last else self.tr("no epoch finished"))
        if result.diverged:
            self.controls.runStatus.setStyleSheet(f"color: {theme().negative}; font-weight: bold;")
            self.controls.runStatus.setText(result.diverged)
            self.message.emit(result.diverged)
        else:
            self.controls.runStatus.setStyleSheet("")
            text = f"{summary} ({result.stopped})" if result.stopped else summary
            self.controls.runStatus.setText(text)
            self.message.emit(self.tr("Training: {text}").format(text=text))
        if result.diverged or result.stopped:
            # the last payload may predate the kept weights: draw the run's final model
            snap = training.snapshot(result.model, result.prepared)
            if self.live is not None and self.showing_live:
                self.live["snapshot"], self.live["params"] = snap, dict(result.model.params)
                self._draw_snapshot(snap, self.live["params"])
        if self.live is not None and result.history:
            self.live["epoch"] = result.history[-1]["epoch"]
            self.live["row"] = result.history[-1]
            self._follow(int(self.live["epoch"]), end=True)  # stepping on from here keeps the run

    def _on_cv_done(self, scores) -> None:
        self._finish()
        self.cv_scores = list(scores)
        self._draw_folds()
        self.tabs.setCurrentWidget(self.tabs.foldsPlot)
        text = self.tr("accuracy per fold: {list}; mean {mean}").format(
            list=", ".join(f"{s:.1%}" for s in scores), mean=f"{float(np.mean(scores)):.1%}")
        self.controls.runStatus.setText(text)
        self.message.emit(text)

    def _on_failed(self, reason: str) -> None:
        self._finish()
        self.controls.runStatus.setStyleSheet(f"color: {theme().negative};")
        self.controls.runStatus.setText(reason)
        self.message.emit(reason)

    def reset_run(self) -> None:
        """Drop the run: back to the seeded initial weights (the timeline's start)."""
        if self._worker is not None:
            self.cancel()
        self.result = None
        self.live = None
        self.showing_live = False
        self.controls.progressBar.setValue(0)
        self.controls.runStatus.setStyleSheet("")
        self.controls.runStatus.setText(self.tr("reset to the initial weights (seed {s})").format(s=self.config.seed))
        playhead = getattr(self.window(), "playhead", None)  # in the window: move the transport to the start
        if playhead is not None:
            playhead.first()
        else:
            self.show_step(-1)

    # ---- clicks ------------------------------------------------------------------------------
    def _on_plot_click(self, ev) -> None:
        if not self.is_2d or self.config is None or ev.button() != Qt.MouseButton.LeftButton:
            return
        vb = self.dataPlot.getViewBox()
        if not vb.sceneBoundingRect().contains(ev.scenePos()):
            return
        p = vb.mapSceneToView(ev.scenePos())
        erase = bool(ev.modifiers() & (Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.ControlModifier))
        self.click_point(p.x(), p.y(), erase)
        ev.accept()

    def erase_along(self, path) -> bool:
        """Erase every point within the eraser's reach of the (x, y) positions of a Shift+drag:
        one edit (and one undo step) for the whole stroke."""
        if not self.is_2d or self.config is None or not len(path):
            return False
        base = self.timeline.state_at(-1)
        pts = np.r_[np.c_[base["data:x"], base["data:t"]], np.c_[base["data:test_x"], base["data:test_t"]]]
        path = np.asarray(path, dtype=float)
        reach = ERASE_RADIUS * (self.dataView.extent[1] - self.dataView.extent[0])
        distances = np.hypot(pts[:, None, 0] - path[None, :, 0], pts[:, None, 1] - path[None, :, 1])
        keep = distances.min(axis=1) > reach
        if keep.all():
            return False
        points = [[float(a), float(b), int(c)] for a, b, c in pts[keep]]
        return self.edit(dataset="points", points=points)

    def click_point(self, x: float, y: float, erase: bool = False) -> bool:
        """Add a point of the chosen class at (x, y), or erase the points near it; the data set
        becomes "my points" (every current point plus the change)."""
        base = self.timeline.state_at(-1)
        pts = np.r_[np.c_[base["data:x"], base["data:t"]], np.c_[base["data:test_x"], base["data:test_t"]]]
        if erase:
            x0, x1 = self.dataView.extent[0], self.dataView.extent[1]
            keep = np.hypot(pts[:, 0] - x, pts[:, 1] - y) > ERASE_RADIUS * (x1 - x0)
            if keep.all():
                return False
            pts = pts[keep]
        else:
            pts = np.r_[pts, [[x, y, self.controls.pointClassBox.currentData()]]]
        points = [[float(a), float(b), int(c)] for a, b, c in pts]
        return self.edit(dataset="points", points=points)

    def _on_node_clicked(self, l: int, j: int) -> None:
        L = len(self.sizes) - 1
        if not self.is_2d or not 0 < l < L:
            return
        self.selected_node = None if self.selected_node == (l, j) else (l, j)
        self.refresh()

    def select_node(self, node: tuple[int, int] | None) -> None:
        self.selected_node = node
        self.refresh()

    def refresh(self) -> None:
        if self.showing_live and self.live and self.live.get("snapshot"):
            self._draw_snapshot(self.live["snapshot"], self.live["params"])
            self.dataView.set_caption(self._caption(self.live["epoch"], live=True))
        else:
            self.show_step(self.k)

    # ---- files -------------------------------------------------------------------------------
    def current_model(self):
        """The weights shown: the last run's model, or the timeline's parameters at step k in a fresh MLP."""
        if self.result is not None:
            return self.result.model, self.result
        prep = training.prepare(self.config)
        model = training.make_model(self.config, prep)
        state = self.timeline.state_at(self.k)
        model.params.update({k[7:]: np.array(v) for k, v in state.items() if k.startswith("params:")})
        epochs = int(state["epoch"])
        history = [dict(zip(("epoch", "loss", "acc", "test_loss", "test_acc"),
                            [None if isinstance(v, float) and math.isnan(v) else v for v in map(float, r)]))
                   for r in np.asarray(state["history"]).reshape(-1, 5)[:epochs]]
        return model, training.TrainResult(model, history, prepared=prep)

    def export_weights(self, path, onnx_dtype: str = "float32") -> None:
        """Write the current weights (.npz, .json, .onnx in ``onnx_dtype``) with the lab's meta."""
        model, result = self.current_model()
        export_weights(model, path, training.export_meta(self.config, result), onnx_dtype=onnx_dtype)
        self.message.emit(self.tr("Weights written to {path}").format(path=str(path)))

    def import_weights(self, path) -> None:
        """Load weights (.npz, .json, DLFS .pkl) as the network's starting weights; the hidden sizes,
        activation and output follow the file. A mismatch with the data raises ValueError."""
        w = load_weights(path)
        W = [w.params[f"W{l}"] for l in range(1, 1 + sum(1 for k in w.params if k[:1] == "W" and k[1:].isdigit()))]
        if not W:
            raise ValueError(self.tr("{path}: no weights W1, W2, …").format(path=str(path)))
        sizes = [W[0].shape[0]] + [a.shape[1] for a in W]
        changes = {"hidden": sizes[1:-1], "weights": {k: v.tolist() for k, v in w.params.items()},
                   "binary_output": sizes[-1] == 1, "batchnorm": any(k.startswith("gamma") for k in w.params),
                   "bias": any(k.startswith("b") and k[1:].isdigit() for k in w.params)}
        acts = w.meta.get("activations")
        if isinstance(acts, list) and acts and all(a == acts[0] for a in acts) and acts[0] in training.HIDDEN_ACTIVATIONS:
            changes["activation"] = acts[0]
        if w.meta.get("output") in training.OUTPUTS:
            changes["output"] = w.meta["output"]
        if w.meta.get("loss") in training.LOSS_NAMES:
            changes["loss"] = w.meta["loss"]
        if changes.get("output", self.config.output) == "softmax":
            changes["binary_output"] = False
        data = {**self.config.to_dict(), **changes}
        config = type(self.config).from_dict(data)  # ValueError names what does not fit
        self.configEdited.emit(config)
        self.message.emit(self.tr("Weights imported from {path}").format(path=str(path)))

    def _export_dialog(self) -> None:
        filters = (self.tr("Weights (*.npz *.json *.onnx)"), self.tr("ONNX in float64 (*.onnx)"))
        path, chosen = QFileDialog.getSaveFileName(self, self.tr("Export weights"), "", ";;".join(filters))
        if path:
            self._file_action(lambda p: self.export_weights(p, "float64" if chosen == filters[1] else "float32"), path)

    def _import_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("Import weights"), "", self.tr("Weights (*.npz *.json *.pkl *.pt *.pth)"))
        if path:
            self._file_action(self.import_weights, path)

    def _choose_csv(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, self.tr("CSV data"), "", self.tr("CSV (*.csv *.txt)"))
        if path and not self.edit(dataset="csv", csv_path=path):
            self._sync_controls()

    def choose_mnist(self) -> None:
        """Ask for MNIST IDX files (the pane's button and the File menu) and make them the data set."""
        files = ask_mnist_files(self)
        if files and not self.edit(dataset="mnist", mnist_images=files[0], mnist_labels=files[1]):
            self._sync_controls()

    def _file_action(self, action, path) -> None:
        try:
            action(path)
        except (ValueError, OSError) as exc:
            self.message.emit(str(exc))

    def restyle(self) -> None:
        self._layout_key = None
        self.diagram.restyle()
        live = self.showing_live
        super().restyle()  # rebuild + show_step: a finished run's plots would give way to the timeline
        self.showing_live = live
        if live:
            self.refresh()

    def closeEvent(self, event) -> None:
        if self._worker is not None:
            self.cancel()
        super().closeEvent(event)


class _EraseDrag(QObject):
    """Shift+press, drag and release over the data plot: erase the points under the stroke."""

    def __init__(self, pane: "Pane"):
        super().__init__(pane)
        self.pane = pane
        self.path: list | None = None

    def _view_point(self, pos):
        plot = self.pane.dataView.dataPlot
        p = plot.getViewBox().mapSceneToView(plot.mapToScene(pos.toPoint()))
        return (p.x(), p.y())

    def eventFilter(self, obj, ev) -> bool:
        kind = ev.type()
        if (kind == QEvent.Type.MouseButtonPress and ev.button() == Qt.MouseButton.LeftButton
                and ev.modifiers() & Qt.KeyboardModifier.ShiftModifier and self.pane.is_2d):
            self.path = [self._view_point(ev.position())]
            return True  # no panning while erasing
        if self.path is not None and kind == QEvent.Type.MouseMove:
            self.path.append(self._view_point(ev.position()))
            return True
        if self.path is not None and kind == QEvent.Type.MouseButtonRelease:
            path, self.path = self.path + [self._view_point(ev.position())], None
            self.pane.erase_along(path)
            return True
        return False
