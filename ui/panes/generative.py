"""The generative lab's pane: a GAN on 2-D points (the discriminator's heat map under real and fake
points, the generator's warped noise mesh, gradient arrows, loss curves) or a VAE on the digits
(the encoded test set, the decoded latent grid, one digit's x, x̂ and a clicked latent point's
decoding, loss curves), with the controls on the right.

Every number drawn comes from ``timeline.state_at(k)`` (ids in ``nnlab.labs.generative_gan`` and
``generative_vae``); edits go through ``LabPane.edit``. A click on a fake point asks for that
sample's steps after the current iteration; Shift+click adds a real point; a click on the latent
plane decodes that point. "Train more" runs ``nnlab.labs.generative.train`` in a Worker.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (QComboBox, QFormLayout, QHBoxLayout, QLabel, QPushButton,
                               QScrollArea, QSlider, QSplitter, QStackedWidget, QVBoxLayout, QWidget)

from nnlab.io import export_weights, load_weights
from nnlab.labs import generative as lab
from ui import style
from ui.panes.base import LabPane
from ui.widgets.eliding_combo import ElidingComboBox
from ui.widgets.fields import NumberField
from ui.widgets.labels import Label, LabelLayer, num, px_font, text_px
from ui.widgets.plot_grid import add_grid, fit_title
from ui.widgets.train_box import TrainBox, WorkerTraining

# one colour per digit 0–9 (Okabe–Ito, then two of Paul Tol's), distinct for colour-blind viewers
DIGIT_COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#000000",
                 "#882255", "#44AA99")
ARROW_SHARE = 0.12  # the longest arrow as a share of the field's width
PICK_PIXELS = 14  # how near (in pixels, × presenter scale) a click must be to pick a fake point


def digit_colours() -> tuple[str, ...]:
    """DIGIT_COLOURS with black swapped for the theme's text colour (visible on a dark theme too)."""
    return tuple(style.theme().text if c == "#000000" else c for c in DIGIT_COLOURS)


def _train_job(config, progress, control):
    """The lab's own number of iterations (or epochs) from the config."""
    return lab.train(config, None, progress=progress, should_stop=lambda: control.stopped)


def _tick_font():
    font = style.font(8)
    font.setFamily(QGuiApplication.font().family())
    return font


def _plot(layout: pg.GraphicsLayoutWidget, row: int, col: int, name: str) -> pg.PlotItem:
    plot = layout.addPlot(row=row, col=col)
    plot.setObjectName(name)
    plot.setMenuEnabled(False)
    plot.setMouseEnabled(False, False)
    plot.hideButtons()
    return plot


class Pane(WorkerTraining, LabPane):
    lab = "generative"

    def __init__(self, parent=None):
        super().__init__(parent)
        self.worker = None
        self._building = False
        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.split = QSplitter(Qt.Orientation.Horizontal)
        layout.addWidget(self.split)
        self.views = QStackedWidget()
        self.gan_view = pg.GraphicsLayoutWidget()
        self.gan_view.setObjectName("ganView")
        self.vae_view = pg.GraphicsLayoutWidget()
        self.vae_view.setObjectName("vaeView")
        self.views.addWidget(self.gan_view)
        self.views.addWidget(self.vae_view)
        self.split.addWidget(self.views)
        self.controls = QScrollArea()
        self.controls.setObjectName("controls")
        self.controls.setWidgetResizable(True)
        self.controls.setWidget(self._controls())
        self.split.addWidget(self.controls)
        self.split.setStretchFactor(0, 1)
        self.split.setStretchFactor(1, 0)
        self.split.setCollapsible(0, False)
        self._fit_controls()
        self._titles: dict[pg.PlotItem, str] = {}
        self._setup_gan()
        self._setup_vae()
        for view in (self.gan_view, self.vae_view):
            view.sigDeviceRangeChanged.connect(self._view_resized)  # columns and titles follow its size
        for plot in (self.field, self.latent, self.images):  # labels are placed in pixels: again on a resize
            plot.getViewBox().sigResized.connect(self._relabel)

    def _relabel(self, *_args) -> None:
        if self.timeline is not None and not self._building:
            self.show_step(self.k)

    # ----- construction ---------------------------------------------------------------------
    def _setup_gan(self) -> None:
        v = self.gan_view
        self.field = _plot(v, 0, 0, "ganField")
        self.field.setAspectLocked(True)
        self.heat = pg.ImageItem(axisOrder="row-major")
        self.mesh = pg.PlotDataItem(connect="pairs")
        self.arrows = pg.PlotDataItem(connect="pairs")
        self.tips = pg.ScatterPlotItem(symbol="o")
        self.real = pg.ScatterPlotItem(symbol="o")
        self.fake = pg.ScatterPlotItem(symbol="o")
        self.chosen = pg.ScatterPlotItem(symbol="o")
        self.chosen_arrow = pg.PlotDataItem()
        for item in (self.heat, self.mesh, self.real, self.arrows, self.tips, self.fake, self.chosen_arrow,
                     self.chosen):
            self.field.addItem(item)
        for z, item in enumerate((self.chosen_arrow, self.chosen)):
            item.setZValue(10 + z)  # the chosen sample above every other point
        self.field_labels = LabelLayer(self.field.getViewBox(), z=20)
        self.field.scene().sigMouseClicked.connect(self._field_clicked)
        self.gan_losses = _plot(v, 0, 1, "ganLosses")
        add_grid(self.gan_losses)
        self.loss_d = self.gan_losses.plot()
        self.loss_g = self.gan_losses.plot()
        self.gan_marker = pg.InfiniteLine(angle=90, movable=False)
        self.gan_losses.addItem(self.gan_marker)
        self.gan_stretch = (2, 1)
        for col, factor in enumerate(self.gan_stretch):
            v.ci.layout.setColumnStretchFactor(col, factor)

    def _setup_vae(self) -> None:
        v = self.vae_view
        self.latent = _plot(v, 0, 0, "vaeLatent")
        self.vae_columns = 2
        self.latent.setAspectLocked(True)
        add_grid(self.latent)
        self.codes = pg.ScatterPlotItem(symbol="o")
        self.sample_marks = pg.ScatterPlotItem()
        self.latent_mark = pg.ScatterPlotItem(symbol="star")
        for item in (self.codes, self.sample_marks, self.latent_mark):
            self.latent.addItem(item)
        self.digit_labels = LabelLayer(self.latent.getViewBox(), z=20)
        self.grid_plot = _plot(v, 0, 1, "vaeGrid")
        self.grid_plot.setAspectLocked(True)
        self.grid_image = pg.ImageItem(axisOrder="row-major")
        self.grid_mark = pg.ScatterPlotItem(symbol="star")
        self.grid_plot.addItem(self.grid_image)
        self.grid_plot.addItem(self.grid_mark)
        for plot in (self.latent, self.grid_plot):
            plot.scene().sigMouseClicked.connect(self._latent_clicked)
        self.images = _plot(v, 1, 0, "vaeImages")
        self.images.setAspectLocked(True)
        self.images.hideAxis("left")
        self.images.hideAxis("bottom")
        self.image_items = [pg.ImageItem(axisOrder="row-major") for _ in range(3)]
        for item in self.image_items:
            self.images.addItem(item)
        self.captions = LabelLayer(self.images.getViewBox(), z=20)
        self.images_vertical = False
        self.vae_losses = _plot(v, 1, 1, "vaeLosses")
        add_grid(self.vae_losses)
        self.curve_recon = self.vae_losses.plot()
        self.curve_kl = self.vae_losses.plot()
        self.curve_test = self.vae_losses.plot()
        self.vae_marker = pg.InfiniteLine(angle=90, movable=False)
        self.vae_losses.addItem(self.vae_marker)
        self.vae_plots = (self.latent, self.grid_plot, self.images, self.vae_losses)
        self.vae_stretch = (1, 1)

    def _arrange_vae(self) -> None:
        """2 × 2 plots, or one row of four when the view is more than twice as wide as high
        (presenter mode on a short screen)."""
        size = self.vae_view.size()
        columns = 4 if size.width() > 2 * size.height() else 2
        if columns == self.vae_columns:
            return
        self.vae_columns = columns
        layout = self.vae_view.ci
        for plot in self.vae_plots:
            layout.removeItem(plot)
        for i, plot in enumerate(self.vae_plots):
            layout.addItem(plot, row=i // columns, col=i % columns)
        self.vae_stretch = (5, 5, 2, 5) if columns == 4 else (1, 1)
        for col, factor in enumerate(self.vae_stretch + (0,) * (4 - len(self.vae_stretch))):
            layout.layout.setColumnStretchFactor(col, factor)
        self.images_vertical = columns == 4
        self._fit_titles()
        if self.timeline is not None and not self._building and self.config.model == "vae":
            self.show_step(self.k)

    def _controls(self) -> QWidget:
        panel = QWidget()
        box = QVBoxLayout(panel)
        box.setContentsMargins(4, 0, 4, 0)
        self.forms = QStackedWidget()
        self.forms.addWidget(self._gan_form())
        self.forms.addWidget(self._vae_form())
        box.addWidget(self.forms)
        self.reset_button = QPushButton(self.tr("New weights"))
        self.reset_button.setObjectName("resetWeights")
        self.reset_button.setToolTip(self.tr("Start again from weights drawn from the seed"))
        self.reset_button.clicked.connect(lambda: self.edit(weights={}))
        train = TrainBox(self.tr("Train further"), self.tr("Train more"), "trainMore", self.start_training,
                         self.cancel_training)
        self.train_button, self.cancel_button = train.train_button, train.cancel_button
        self.progress, self.train_status = train.progress, train.status
        self.train_button.setToolTip(self.tr("Continue from where the timeline ends, in the background"))
        box.addWidget(train)
        box.addWidget(self.reset_button)  # its own row: the train row stays narrow at 3×
        self.hint = QLabel()
        self.hint.setObjectName("hint")
        self.hint.setWordWrap(True)
        box.addWidget(self.hint)
        box.addStretch(1)
        return panel

    def _combo(self, name: str, items, field: str) -> QComboBox:
        combo = ElidingComboBox()  # a long choice ends in "…" rather than widen the panel past the window
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(10)
        combo.setObjectName(name)
        for value, text in items:
            combo.addItem(text, value)
        combo.activated.connect(lambda i: self.edit_or_restore(**{field: combo.itemData(i)}))
        return combo

    def _number(self, name: str, field: str, lo, hi, integer=False, label="") -> NumberField:
        box = NumberField(0, lo, hi, integer=integer, label=label or field)
        box.setObjectName(name)
        box.valueEdited.connect(lambda v: self.edit_or_restore(**{field: int(v) if integer else v}))
        box.refused.connect(self.message)
        return box

    def _gan_form(self) -> QWidget:
        w = QWidget()
        form = QFormLayout(w)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # a long label above its field
        self.dataset = self._combo("ganDataset", (
            ("ring", self.tr("ring")), ("line", self.tr("line")), ("gaussians", self.tr("8 Gaussians")),
            ("moons", self.tr("two moons")), ("points", self.tr("my points"))), "dataset")
        self.g_loss = self._combo("gLoss", (("non_saturating", self.tr("non-saturating: −log D(G(z))")),
                                            ("standard", self.tr("standard: log(1 − D(G(z)))"))), "g_loss")
        self.which = self._combo("trainWhich", (("both", self.tr("both")),
                                                ("discriminator", self.tr("discriminator only")),
                                                ("generator", self.tr("generator only"))), "train")
        self.d_steps = self._number("dSteps", "d_steps", 1, 10, True)
        self.lr_g = self._number("lrG", "lr_g", 1e-6, 1)
        self.lr_d = self._number("lrD", "lr_d", 1e-6, 1)
        self.iterations = self._number("iterations", "iterations", 1, lab.MAX_ITERATIONS, True)
        self.noise = self._number("noise", "noise", 0, 1)
        self.gan_seed = self._number("ganSeed", "seed", 0, lab.MAX_SEED, True)
        for text, widget in ((self.tr("Real data"), self.dataset), (self.tr("Generator loss"), self.g_loss),
                             (self.tr("Who learns"), self.which), (self.tr("D updates per G update (k)"), self.d_steps),
                             (self.tr("Learning rate of G"), self.lr_g), (self.tr("Learning rate of D"), self.lr_d),
                             (self.tr("Iterations"), self.iterations), (self.tr("Data noise"), self.noise),
                             (self.tr("Seed"), self.gan_seed)):
            form.addRow(text, widget)
        return w

    def _vae_form(self) -> QWidget:
        w = QWidget()
        form = QFormLayout(w)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # a long label above its field
        beta_row = QWidget()
        bl = QHBoxLayout(beta_row)
        bl.setContentsMargins(0, 0, 0, 0)
        self.beta = QSlider(Qt.Orientation.Horizontal)
        self.beta.setObjectName("betaSlider")
        self.beta.setRange(0, 40)  # β in tenths, 0 to 4
        self.beta.setToolTip(self.tr("β: the weight of the KL term (0 = a plain auto-encoder)"))
        self.beta.sliderReleased.connect(lambda: self.edit_or_restore(beta=self.beta.value() / 10))
        self.beta.valueChanged.connect(lambda v: self.beta_value.setText(num(v / 10)))
        self.beta_value = QLabel()
        self.beta_value.setObjectName("betaValue")
        bl.addWidget(self.beta, 1)
        bl.addWidget(self.beta_value)
        self.recon = self._combo("recon", (("bce", self.tr("binary cross-entropy")), ("mse", self.tr("squared error"))),
                                 "recon")
        self.digit = QComboBox()
        self.digit.setObjectName("pickDigit")
        for d in range(10):
            self.digit.addItem(str(d), d)
        self.digit.activated.connect(self._digit_picked)
        self.sample = self._number("sample", "sample", 0, 10**6, True)
        self.epochs = self._number("epochs", "epochs", 0, lab.MAX_EPOCHS, True)
        self.lr = self._number("lr", "lr", 1e-6, 1)
        self.vae_seed = self._number("vaeSeed", "seed", 0, lab.MAX_SEED, True)
        for text, widget in ((self.tr("β (KL weight)"), beta_row), (self.tr("Reconstruction"), self.recon),
                             (self.tr("Pick a digit"), self.digit), (self.tr("Test digit #"), self.sample),
                             (self.tr("Epochs"), self.epochs), (self.tr("Learning rate"), self.lr),
                             (self.tr("Seed"), self.vae_seed)):
            form.addRow(text, widget)
        return w

    # ----- LabPane --------------------------------------------------------------------------
    def rebuild(self) -> None:
        self._building = True  # a view resized meanwhile is drawn once the rebuild is done
        try:
            self._rebuild()
        finally:
            self._building = False

    def _rebuild(self) -> None:
        cfg = self.config
        gan = cfg.model == "gan"
        self.views.setCurrentIndex(0 if gan else 1)
        self.forms.setCurrentIndex(0 if gan else 1)
        for combo, value in ((self.dataset, cfg.dataset), (self.g_loss, cfg.g_loss), (self.which, cfg.train),
                             (self.recon, cfg.recon)):
            combo.setCurrentIndex(combo.findData(value))
        for box, value in ((self.d_steps, cfg.d_steps), (self.lr_g, cfg.lr_g), (self.lr_d, cfg.lr_d),
                           (self.iterations, cfg.iterations), (self.noise, cfg.noise), (self.gan_seed, cfg.seed),
                           (self.sample, cfg.sample), (self.epochs, cfg.epochs), (self.lr, cfg.lr),
                           (self.vae_seed, cfg.seed)):
            box.set_value(value)
        self.beta.setValue(round(cfg.beta * 10))
        self.beta_value.setText(num(cfg.beta))
        base = self.timeline.state_at(-1)
        if not gan:
            labels = base["labels:test"]
            self.digit.setCurrentIndex(int(labels[min(cfg.sample, len(labels) - 1)]))
        self.train_button.setText(self.tr("Train {n} more iterations").format(n=cfg.iterations) if gan else
                                  self.tr("Train {n} more epochs").format(n=cfg.epochs))
        self.train_button.setEnabled(not self._training() and (cfg.iterations if gan else cfg.epochs) > 0)
        self.reset_button.setEnabled(bool(cfg.weights) and not self._training())
        self.hint.setText(self.tr("Click a fake point (○) to step through its numbers; Shift+click adds a real "
                                  "point.") if gan else
                          self.tr("Click the latent plane or the grid to decode that point."))
        self._style()
        self._fit_controls()
        if gan:
            r = base["range"]
            self.field.setXRange(-r, r, padding=0.02)
            self.field.setYRange(-r, r, padding=0.02)
            self.heat.setRect(QRectF(-r, -r, 2 * r, 2 * r))
            self.real.setData(pos=base["real"])
            self.gan_losses.setXRange(0, max(cfg.iterations, 1), padding=0.02)
        else:
            self._vae_base(base)

    def _fit_controls(self) -> None:
        """The controls column: its width follows the type size (at most 36 % of the pane, never
        less than its panel needs); in presenter mode the window folds it into its drawer."""
        bar = self.controls.verticalScrollBar().sizeHint().width()
        width = max(self.controls.minimumWidth(), min(self.controls.widget().sizeHint().width() + bar + 4,
                                                      max(int(self.width() * 0.36), 200)))
        self.controls.setMaximumWidth(width)
        total = max(self.width(), 3 * width)
        self.split.setSizes([total - width, width])

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit_controls()

    def _view_resized(self, *_args) -> None:
        self._arrange_vae()
        self._fit_titles()

    def _fit_titles(self) -> None:
        """Each plot's title at the style size, shrunk to its column's share of the view."""
        points = 10 * style.scale()
        for view, plots, stretch in ((self.gan_view, (self.field, self.gan_losses), self.gan_stretch),
                                     (self.vae_view, self.vae_plots, self.vae_stretch)):
            for i, plot in enumerate(plots):
                if plot in self._titles:
                    share = stretch[i % len(stretch)] / sum(stretch)
                    room = (view.width() - 40) * share - plot.getAxis("left").width() - 24  # less margins
                    fit_title(plot, self._titles[plot], style.theme().text, points, room)

    def _style(self) -> None:
        th, s = style.theme(), style.scale()
        self.tick_font = _tick_font()  # kept alive: the axes paint with it
        for view in (self.gan_view, self.vae_view):
            view.setBackground(style.color(th.background))
        for layer in (self.field_labels, self.digit_labels, self.captions):
            layer.restyle()
        for plot in (self.field, self.gan_losses, self.latent, self.grid_plot, self.images, self.vae_losses):
            for axis in ("left", "bottom"):
                plot.getAxis(axis).setTextPen(style.color(th.text))
                plot.getAxis(axis).setPen(style.color(th.muted))
                plot.getAxis(axis).setTickFont(self.tick_font)
        pos, neg = th.positive, th.negative
        if self.config.model == "gan":
            self._titles[self.field] = self.tr("D(x): <span style='color:{p}'>● real</span> · "
                                               "<span style='color:{n}'>○ fake G(z)</span> · arrows −∂ℓᴳ/∂G(z)"
                                               ).format(p=pos, n=neg)
            self._titles[self.gan_losses] = self.tr("<span style='color:{p}'>Lᴰ</span> and "
                                                    "<span style='color:{n}'>Lᴳ</span> per iteration").format(
                p=pos, n=neg)
            cmap = pg.ColorMap([0.0, 0.5, 1.0], [self._tint(neg), style.color(th.background), self._tint(pos)])
            self.heat.setColorMap(cmap)
            self.heat.setLevels((0.0, 1.0))
            self.mesh.setPen(pg.mkPen(style.color(th.text, 110), width=style.line(1.2)))
            self.arrows.setPen(pg.mkPen(style.color(th.backward), width=style.line(1.5)))
            self.tips.setSize(4 * (1 + 0.5 * (s - 1)))
            self.tips.setBrush(pg.mkBrush(th.backward))
            self.tips.setPen(pg.mkPen(None))
            dot = 1 + 0.5 * (s - 1)  # points grow less than type: the field stays readable
            self.real.setSize(6 * dot)
            self.real.setBrush(pg.mkBrush(style.color(pos, 200)))
            self.real.setPen(pg.mkPen(None))
            self.fake.setSize(8 * dot)
            self.fake.setBrush(pg.mkBrush(None))
            self.fake.setPen(pg.mkPen(neg, width=style.line(1.5)))
            self.chosen.setSize(22 * s)
            self.chosen.setBrush(pg.mkBrush(None))
            self.chosen.setPen(pg.mkPen(th.text, width=style.line(3)))
            self.chosen_arrow.setPen(pg.mkPen(th.text, width=style.line(3)))
            self.loss_d.setPen(pg.mkPen(pos, width=style.line(2)))
            self.loss_g.setPen(pg.mkPen(neg, width=style.line(2)))
            self.gan_marker.setPen(pg.mkPen(th.focus, width=style.line(2)))
        else:
            self._titles[self.latent] = self.tr("Latent μ of the test digits")
            self._titles[self.grid_plot] = self.tr("Decoded latent grid")
            series = th.series
            self._titles[self.vae_losses] = self.tr("<span style='color:{a}'>recon.</span> · "
                                                    "<span style='color:{b}'>KL</span> · "
                                                    "<span style='color:{c}'>test −ELBO</span>").format(
                a=series[0], b=series[1], c=series[2])
            for curve, colour in ((self.curve_recon, series[0]), (self.curve_kl, series[1]),
                                  (self.curve_test, series[2])):
                curve.setPen(pg.mkPen(colour, width=style.line(2)))
            self.vae_marker.setPen(pg.mkPen(th.focus, width=style.line(2)))
            for mark in (self.latent_mark, self.grid_mark):
                mark.setSize(18 * s)
                mark.setBrush(pg.mkBrush(th.focus))
                mark.setPen(pg.mkPen(th.text, width=style.line(1)))
            grey = pg.ColorMap([0.0, 1.0], [style.color(th.background), style.color(th.text)])
            for item in (*self.image_items, self.grid_image):
                item.setColorMap(grey)
                item.setLevels((0.0, 1.0))
        self._fit_titles()

    @staticmethod
    def _tint(colour: str):
        """``colour`` blended halfway with the background: the heat map stays behind the points."""
        a, b = style.color(colour), style.color(style.theme().background)
        return pg.mkColor(*(int((x + y) / 2) for x, y in zip(a.getRgb()[:3], b.getRgb()[:3])))

    def show_step(self, k: int) -> None:
        super().show_step(k)
        tl = self.timeline
        if tl is None:
            return
        state, focus = self.revealed(k), self.step_focus(k)  # quiz: the state before k, k's focus
        if self.config.model == "gan":
            self._show_gan(state, focus)
        else:
            self._show_vae(state, focus)

    # ----- GAN drawing ----------------------------------------------------------------------
    def _show_gan(self, state, focus) -> None:
        r = state["range"]
        self.heat.setImage(state["heat"], autoLevels=False)
        self.heat.setRect(QRectF(-r, -r, 2 * r, 2 * r))
        mesh = state["mesh"]
        pairs = np.concatenate([np.stack([mesh[:, :-1], mesh[:, 1:]], axis=2).reshape(-1, 2),
                                np.stack([mesh[:-1, :], mesh[1:, :]], axis=2).reshape(-1, 2)])
        self.mesh.setData(pairs[:, 0], pairs[:, 1])
        fake, grad = state["fake"], state["grad"]
        self.fake.setData(pos=fake)
        longest = float(np.max(np.hypot(grad[:, 0], grad[:, 1]))) if len(grad) else 0.0
        self.arrow_scale = ARROW_SHARE * 2 * r / longest if longest > 0 else 0.0
        ends = fake - self.arrow_scale * grad
        seg = np.stack([fake, ends], axis=1).reshape(-1, 2)
        self.arrows.setData(seg[:, 0], seg[:, 1])
        self.tips.setData(pos=ends)
        ld, lg = state["loss:d"], state["loss:g"]
        self.loss_d.setData(np.arange(1, len(ld) + 1), ld)
        self.loss_g.setData(np.arange(1, len(lg) + 1), lg)
        self.gan_marker.setValue(state["iteration"])
        self._gan_focus(focus)
        chosen = next((int(f[5:]) for f in focus if f.startswith("fake:")), None)
        self._show_chosen(state, chosen)

    def _gan_focus(self, focus) -> None:
        """The discriminator's step thickens its loss curve; the generator's its curve and the mesh."""
        th = style.theme()
        d, g = "discriminator" in focus, "generator" in focus
        self.loss_d.setPen(pg.mkPen(th.positive, width=style.line(4 if d else 2)))
        self.loss_g.setPen(pg.mkPen(th.negative, width=style.line(4 if g else 2)))
        self.mesh.setPen(pg.mkPen(style.color(th.focus) if g else style.color(th.text, 110),
                                  width=style.line(2 if g else 1.2)))

    def _show_chosen(self, state, s) -> None:
        visible = s is not None
        for item in (self.chosen, self.chosen_arrow):
            item.setVisible(visible)
        if not visible:
            self.field_labels.show([])
            return
        p = state["fake"][s]
        self.chosen.setData(pos=[p])
        lines = [f"z = ({num(state['inspect:z'][0])}, {num(state['inspect:z'][1])})"]
        if "inspect:point" in state and state.get("inspect:sample") == s:
            g = state["inspect:point"]
            lines.append(f"G(z) = ({num(g[0])}, {num(g[1])})")
        if "inspect:d" in state:
            lines.append(f"D(G(z)) = {num(state['inspect:d'])}")
        if "inspect:grad" in state:
            g = state["inspect:grad"]
            lines.append(f"∂ℓᴳ/∂G(z) = ({num(g[0])}, {num(g[1])})")
            end = p - self.arrow_scale * g
            self.chosen_arrow.setData([p[0], end[0]], [p[1], end[1]])
        else:
            self.chosen_arrow.setData([], [])
        gap = 10 * style.scale()
        corners = ((0, 1, gap, -gap), (1, 1, -gap, -gap), (0, 0, gap, gap), (1, 0, -gap, gap))
        size = text_px(self.field.getViewBox().height())
        # the full numbers, or (where they do not fit) the newest line alone
        self.field_labels.show([Label("chosen", ("\n".join(lines), lines[-1]), (float(p[0]), float(p[1])), corners,
                                      px_font(size), priority=1.0)])

    def _field_clicked(self, ev) -> None:
        if self.config is None or self.config.model != "gan" or ev.button() != Qt.MouseButton.LeftButton:
            return
        vb = self.field.getViewBox()
        if not vb.sceneBoundingRect().contains(ev.scenePos()):
            return
        p = vb.mapSceneToView(ev.scenePos())
        if ev.modifiers() & Qt.KeyboardModifier.ShiftModifier:
            self.add_point(p.x(), p.y())
        else:
            self.pick_fake(p.x(), p.y())
        ev.accept()

    def pick_fake(self, x: float, y: float) -> bool:
        """Step through the fake point nearest (x, y), after the current step's iteration."""
        state = self.timeline.state_at(self.k)
        fake = state["fake"]
        d = np.hypot(fake[:, 0] - x, fake[:, 1] - y)
        s = int(np.argmin(d))
        reach = PICK_PIXELS * style.scale() * self.field.getViewBox().viewPixelSize()[0]
        if d[s] > max(reach, 1e-9):
            self.message.emit(self.tr("No fake point there: click on a hollow circle"))
            return False
        return self.edit(inspect=[int(state["iteration"]), s])

    def add_point(self, x: float, y: float) -> bool:
        """Add a real point at (x, y): the data set becomes the user's own points."""
        real = self.timeline.state_at(-1)["real"]
        points = [[round(float(a), 4), round(float(b), 4)] for a, b in real]
        return self.edit(dataset="points", points=points + [[round(x, 4), round(y, 4)]])

    # ----- VAE drawing ----------------------------------------------------------------------
    def _vae_base(self, base) -> None:
        zs = base["grid:z"]
        step = zs[1] - zs[0]
        lo, hi = zs[0] - step / 2, zs[-1] + step / 2
        self.grid_rect = QRectF(lo, lo, hi - lo, hi - lo)
        self.grid_plot.setXRange(lo, hi, padding=0.02)
        self.grid_plot.setYRange(lo, hi, padding=0.02)
        self.latent.setXRange(lo, hi, padding=0.02)
        self.latent.setYRange(lo, hi, padding=0.02)
        p = base["latent:point"]
        for mark in (self.latent_mark, self.grid_mark):
            mark.setData(pos=[p])
        self._set_image(2, base["latent:image"])
        self.vae_losses.setXRange(0, max(self.config.epochs, 1), padding=0.02)

    def _show_vae(self, state, focus) -> None:
        labels = state["labels:test"]
        codes = state["scatter"]
        brushes = [pg.mkBrush(style.color(c, 150)) for c in digit_colours()]
        self.codes.setData(pos=codes, brush=[brushes[d] for d in labels], pen=None, size=7 * (1 + 0.5 * (style.scale() - 1)))
        digit = int(labels[min(self.config.sample, len(labels) - 1)])
        bold = px_font(text_px(self.latent.getViewBox().height()), bold=True)
        centre = ((0.5, 0.5, 0.0, 0.0),)
        self.digit_labels.show([Label(d, (str(d),), tuple(float(v) for v in np.median(codes[labels == d], axis=0)),
                                      centre, bold, priority=1.0 if d == digit else 0.0)
                                for d in range(10) if np.any(labels == d)])
        grid = state["grid"]
        n = grid.shape[0]
        mosaic = np.full((n * 9 - 1, n * 9 - 1), np.nan)
        for i in range(n):  # row i at z₂ = grid:z[i] (bottom up), each image upright
            for j in range(n):
                mosaic[i * 9:i * 9 + 8, j * 9:j * 9 + 8] = grid[i, j][::-1]
        self.grid_image.setImage(mosaic, autoLevels=False)
        self.grid_image.setRect(self.grid_rect)
        th = style.theme()
        part = next((f for f in focus if f in ("encoder", "latent", "decoder", "loss", "curve")), None)
        marks = []
        if "mu" in state:
            marks.append({"pos": state["mu"], "symbol": "o", "size": (22 if part == "encoder" else 16) * style.scale(),
                          "brush": None, "pen": pg.mkPen(th.focus, width=style.line(3))})
        if "z" in state:
            marks.append({"pos": state["z"], "symbol": "x", "size": (22 if part == "latent" else 16) * style.scale(),
                          "brush": pg.mkBrush(th.focus), "pen": pg.mkPen(th.text)})
        self.sample_marks.setData(marks)
        wide = style.line(3.5 if part in ("loss", "curve") else 2)
        for curve, colour in zip((self.curve_recon, self.curve_kl, self.curve_test), th.series):
            curve.setPen(pg.mkPen(colour, width=wide))
        point = state["latent:point"]
        captions = ("x", "x̂", "★") if self.images_vertical else (
            f"x ({digit})", "x̂", f"★ ({num(point[0])}, {num(point[1])})")
        for i, key in enumerate(("x", "xhat")):
            self.image_items[i].setVisible(key in state)
            if key in state:
                self._set_image(i, state[key])
        self._set_image(2, state["latent:image"])
        gap = 4 / max(self.images.getViewBox().viewPixelSize()[1], 1e-9)  # pixels between images: a caption's room
        f = px_font(min(text_px(self.images.getViewBox().height()), max(8.0, (gap - 11) / 1.17)))
        above = ((0.5, 1.0, 0.0, -2.0), (0.5, 0.0, 0.0, 2.0))  # above the image, else over its top row
        self.captions.show([Label(i, (text,), self._caption_at(i), above, f, color=style.color(
            th.focus if part == owner else th.text))  # x feeds the encoder, x̂ is decoded
            for i, (text, owner) in enumerate(zip(captions, ("encoder", "decoder", None)))])
        self.curve_recon.setData(np.arange(1, len(state["loss:recon"]) + 1), state["loss:recon"])
        self.curve_kl.setData(np.arange(1, len(state["loss:kl"]) + 1), state["loss:kl"])
        self.curve_test.setData(np.arange(0, len(state["loss:test"])), state["loss:test"])
        self.vae_marker.setValue(state["epoch"])

    def _caption_at(self, i: int) -> tuple[float, float]:
        """Where image i's caption sits: the middle of its top edge."""
        return (4.0, 8.0 - 12 * i) if self.images_vertical else (10.0 * i + 4, 8.0)

    def _set_image(self, i: int, image) -> None:
        """Image i of x, x̂, ★ (8 × 8, upright), side by side or, in a narrow column, one under another."""
        self.image_items[i].setImage(image[::-1], autoLevels=False)
        x, y = (0, -12 * i) if self.images_vertical else (10 * i, 0)
        self.image_items[i].setRect(QRectF(x, y, 8, 8))
        # both ranges in one call: with the aspect locked, two calls let the second crop the first
        if self.images_vertical:
            self.images.getViewBox().setRange(xRange=(-0.5, 8.5), yRange=(-24.5, 14), padding=0)
        else:
            self.images.getViewBox().setRange(xRange=(-0.5, 28.5), yRange=(-0.5, 12), padding=0)

    def _latent_clicked(self, ev) -> None:
        if self.config is None or self.config.model != "vae" or ev.button() != Qt.MouseButton.LeftButton:
            return
        for plot in (self.latent, self.grid_plot):
            vb = plot.getViewBox()
            if vb.sceneBoundingRect().contains(ev.scenePos()):
                p = vb.mapSceneToView(ev.scenePos())
                self.decode_at(p.x(), p.y())
                ev.accept()
                return

    def decode_at(self, z1: float, z2: float) -> bool:
        """Decode the latent point (z1, z2) (clamped to the plane drawn)."""
        lim = 10.0
        return self.edit(latent_point=[round(min(lim, max(-lim, z1)), 3), round(min(lim, max(-lim, z2)), 3)])

    def _digit_picked(self, i: int) -> None:
        labels = self.timeline.state_at(-1)["labels:test"]
        first = np.flatnonzero(labels == self.digit.itemData(i))
        if len(first):
            self.edit(sample=int(first[0]))

    # ----- weights ---------------------------------------------------------------------------
    def export_weights(self, path) -> None:
        """The window's Export weights: the parameters where the timeline ends (.npz, .json)."""
        export_weights(lab.final_params(self.config), path, meta=lab.export_meta(self.config))

    def import_weights(self, path) -> None:
        """The window's Import weights: start from a file's parameters (shapes checked, field named)."""
        config = lab.with_weights(self.config, load_weights(path).params)
        lab.check_weights(config)
        self.configEdited.emit(config)

    # ----- training (WorkerTraining runs it; progress and the result are this lab's) ----------------
    train_job = staticmethod(_train_job)

    def _lock(self, training: bool) -> None:
        """While training runs only Cancel is live: an edit would be lost when the trained lab arrives."""
        for widget in (self.forms, self.train_button, self.reset_button):
            widget.setEnabled(not training)
        self.cancel_button.setEnabled(training)

    def _train_progress(self, fraction: float, payload) -> None:
        self.progress.setValue(int(1000 * fraction))
        where = payload.get("iteration", payload.get("epoch"))
        self.train_status.setText(self.tr("{where}: loss {loss}").format(where=where, loss=num(payload["loss"])))

    def _train_done(self, result) -> None:
        self._lock(False)
        config, summary = result
        if summary["stopped"]:
            self.train_status.setText(self.tr("Cancelled; weights unchanged"))
            self.message.emit(self.train_status.text())
            return
        self.progress.setValue(1000)
        self.train_status.setText(self.tr("Trained in {s} s; the timeline continues from there").format(
            s=num(summary["seconds"])))
        self.message.emit(self.train_status.text())
        self.configEdited.emit(config)
