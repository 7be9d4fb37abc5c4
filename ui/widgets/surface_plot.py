"""SurfacePlot: a contour map (filled bands + iso-lines), a quiver and coloured paths, batched.

It draws a ``nnlab.surfaces.SurfaceGrid`` (every number comes from the engine): the bands as
one ImageItem, the iso-lines and the arrows as one ``connect="pairs"`` line item each, and
each path as one PlotDataItem with markers, named in a legend above the map (outside the
data). ``pointClicked(x, y)`` reports a left click on the
map in data coordinates. Reusable for any f(x, y) (e.g. a gradient field: ``set_grid`` then
``set_quiver``). ``gl_available()`` probes OpenGL safely and ``Surface3D`` is the optional
pyqtgraph.opengl view; callers fall back to the 2-D map when either is missing.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF
from PySide6.QtWidgets import QVBoxLayout, QWidget

from ui import style
from ui.widgets.labels import Label, LabelLayer, px_font, text_px
from ui.widgets.plot_grid import legend_cell


def axis_font(points: float, bold: bool = False) -> QFont:
    font = QFont()  # QFont("") breaks pyqtgraph's axis painter offscreen
    font.setPointSizeF(points * style.scale())
    font.setBold(bold)
    return font


MAX_MARKERS = 150  # paths longer than this are drawn without a marker per point


def band_lut(n: int) -> np.ndarray:
    """n + 1 band colours from the theme's background towards a muted blue-grey (light to dark
    for low to high values), so coloured paths stay readable on top."""
    t = style.theme()
    lo, hi = QColor(t.background), QColor(t.positive)
    a = np.array([lo.red(), lo.green(), lo.blue()], dtype=float)
    b = np.array([hi.red(), hi.green(), hi.blue()], dtype=float)
    w = np.linspace(0.04, 0.45, n + 1)[:, None]
    return np.clip(a + (b - a) * w, 0, 255).astype(np.ubyte)


class SurfacePlot(QWidget):
    pointClicked = Signal(float, float)

    def __init__(self, parent=None, name: str = "surfacePlot"):
        super().__init__(parent)
        self.setObjectName(name)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.view = pg.GraphicsLayoutWidget(self)
        self.view.setObjectName(f"{name}View")
        layout.addWidget(self.view)
        self.legend = legend_cell(self.view.ci, 0, 0)
        self._legend_key = None
        self.plot = self.view.addPlot(row=1, col=0)
        self.plot.setMenuEnabled(False)
        self.plot.setAspectLocked(True)
        self.plot.hideButtons()
        self.image = pg.ImageItem(axisOrder="row-major")
        self.lines = pg.PlotDataItem(connect="pairs")
        self.arrows = pg.PlotDataItem(connect="pairs")
        self.minima = pg.ScatterPlotItem(symbol="star")
        for item in (self.image, self.lines, self.arrows, self.minima):
            self.plot.addItem(item)
        self.image.setZValue(-10)
        self.paths: dict[str, pg.PlotDataItem] = {}
        self.heads = pg.ScatterPlotItem()
        self.heads.setZValue(20)
        self.plot.addItem(self.heads)
        self._layer = LabelLayer(self.plot.getViewBox(), z=30)  # the diverged notes, placed clear of each other
        self._wanted: dict = {}
        self.labels: dict[str, pg.TextItem] = {}  # key → the text item shown
        self.plot.getViewBox().sigTransformChanged.connect(lambda _vb: self._place_labels())
        self.grid = None
        self.view.scene().sigMouseClicked.connect(self._clicked)
        self.restyle()

    def restyle(self) -> None:
        t = style.theme()
        self.view.setBackground(t.background)
        pen = pg.mkPen(style.color("muted", 200), width=style.line(1))
        self.lines.setPen(pen)
        self.arrows.setPen(pg.mkPen(style.color("muted", 170), width=style.line(1)))  # context: paths stand out
        self.minima.setPen(pg.mkPen(style.color("text"), width=style.line(1)))
        self.minima.setBrush(pg.mkBrush(style.color("focus")))
        self.minima.setSize(14 * style.scale())
        for axis in ("left", "bottom"):
            ax = self.plot.getAxis(axis)
            ax.setTickFont(axis_font(9))
            ax.setPen(pg.mkPen(style.color("text")))
            ax.setTextPen(pg.mkPen(style.color("text")))
        if self.grid is not None:
            self.image.setLookupTable(band_lut(len(self.grid.levels)))

    def set_grid(self, grid, minima=()) -> None:
        """Show a SurfaceGrid: bands, iso-lines and quiver; the view fits the grid's range."""
        self.grid = grid
        x0, x1, y0, y1 = grid.xs[0], grid.xs[-1], grid.ys[0], grid.ys[-1]
        self.image.setImage(grid.bands, autoLevels=False, levels=(0, len(grid.levels)),
                            lut=band_lut(len(grid.levels)))
        dx, dy = (x1 - x0) / (len(grid.xs) - 1), (y1 - y0) / (len(grid.ys) - 1)
        self.image.setRect(QRectF(x0 - dx / 2, y0 - dy / 2, x1 - x0 + dx, y1 - y0 + dy))
        self._set_pairs(self.lines, grid.lines)
        self.set_quiver(grid.arrows)
        pts = np.asarray(minima, dtype=float).reshape(-1, 2)
        self.minima.setData(pos=pts)
        self.plot.setRange(xRange=(x0, x1), yRange=(y0, y1), padding=0)

    def set_quiver(self, pairs) -> None:
        """Arrows as consecutive point pairs (as ``Surface.quiver`` makes them)."""
        self._set_pairs(self.arrows, pairs)

    def show_quiver(self, on: bool) -> None:
        self.arrows.setVisible(on)

    @staticmethod
    def _set_pairs(item, pairs) -> None:
        pairs = np.asarray(pairs, dtype=float).reshape(-1, 2)
        item.setData(pairs[:, 0], pairs[:, 1], connect="pairs")

    def set_paths(self, paths: dict, colours: dict, focus=(), names: dict | None = None) -> None:
        """``paths[name]`` (n, 2) points drawn as a line in ``colours[name]``, with a marker per
        point up to MAX_MARKERS points; the last point of each is marked larger (larger still
        when ``name`` is in ``focus``). The legend names each path ``names[name]`` (or ``name``)."""
        for name in list(self.paths):
            if name not in paths:
                self.plot.removeItem(self.paths.pop(name))
        heads, brushes, sizes = [], [], []
        for name, pts in paths.items():
            item = self.paths.get(name)
            colour = style.color(colours[name])
            if item is None:
                item = self.paths[name] = pg.PlotDataItem()
                item.setZValue(10)
                self.plot.addItem(item)
            if len(pts) <= MAX_MARKERS:
                item.setData(pts[:, 0], pts[:, 1], pen=pg.mkPen(colour, width=style.line(2)), symbol="o",
                             symbolSize=5 * style.scale(), symbolBrush=colour, symbolPen=None)
            else:  # a long path: the line alone (thousands of markers would hide it and cost a frame)
                item.setData(pts[:, 0], pts[:, 1], pen=pg.mkPen(colour, width=style.line(1.5)), symbol=None)
            if len(pts):
                heads.append(pts[-1])
                brushes.append(pg.mkBrush(colour))
                sizes.append((15 if name in focus else 11) * style.scale())
        self._set_legend({name: (names or {}).get(name, name) for name in paths}, colours)
        if heads:
            self.heads.setData(pos=np.array(heads), brush=brushes, size=sizes,
                               pen=pg.mkPen(style.color("text"), width=style.line(1.5)))
        else:
            self.heads.setData(pos=np.zeros((0, 2)))

    def _set_legend(self, names: dict, colours: dict) -> None:
        """One entry per path, as many to a row as fit the map's width (rebuilt only on change)."""
        key = (tuple(names.items()), tuple(colours.get(n) for n in names), style.scale(), style.theme().name,
               self.width() // 40)
        if key == self._legend_key:
            return
        self._legend_key = key
        self.legend.clear()
        for name, text in names.items():
            self.legend.addItem(self.paths[name], text)
        self.legend.setLabelTextColor(style.theme().text)
        size = f"{10 * style.scale():.0f}pt"
        for _sample, label in self.legend.items:
            label.setText(label.text, size=size)
        metrics = QFontMetricsF(axis_font(10))
        widest = max((metrics.horizontalAdvance(text) for text in names.values()), default=0) + 40  # + the sample
        columns = max(1, min(len(names), int((self.width() - 24) // widest)))
        self.legend.setColumnCount(max(1, columns))
        self.legend.updateGeometry()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if self.paths and self._legend_key is not None:
            names = dict(self._legend_key[0])
            self._set_legend(names, dict(zip(names, self._legend_key[1])))

    def set_labels(self, labels: dict) -> None:
        """Text labels: ``labels[key] = (x, y, text, colour)``; keys not given are removed."""
        self._wanted = dict(labels)
        self._place_labels()

    def _place_labels(self) -> None:
        """Beside each label's point, inside the map, the labels clear of each other."""
        vb = self._layer.view
        if not self._wanted or vb.height() < 2:
            self._layer.draw([])
        else:
            f = px_font(text_px(vb.height()), bold=True)
            spots = ((0, 1, 4, -4), (0, 0, 4, 4), (1, 1, -4, -4), (1, 0, -4, 4))
            self._layer.show([Label(key, (text,), (x, y), spots, f, priority=-i, color=style.color(colour), fill=False,
                                    slide=vb.width())
                              for i, (key, (x, y, text, colour)) in enumerate(self._wanted.items())])
        self.labels = dict(self._layer.by_key)

    def _clicked(self, event) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        vb = self.plot.getViewBox()
        pos = event.scenePos()
        if not vb.sceneBoundingRect().contains(pos):
            return
        p = vb.mapSceneToView(pos)
        self.pointClicked.emit(float(p.x()), float(p.y()))


_GL = {}


def gl_available() -> bool:
    """True when a 3-D view can work: a windowing platform (not offscreen), pyqtgraph.opengl
    importable (it needs PyOpenGL), and an OpenGL context that can be created and made current.
    Never raises; the answer is cached."""
    if "ok" in _GL:
        return _GL["ok"]
    ok = False
    try:
        from PySide6.QtGui import QGuiApplication, QOffscreenSurface, QOpenGLContext

        if QGuiApplication.platformName() not in ("offscreen", "minimal", ""):
            import pyqtgraph.opengl  # noqa: F401  (needs PyOpenGL)

            context = QOpenGLContext()
            surface = QOffscreenSurface()
            surface.create()
            if context.create() and surface.isValid() and context.makeCurrent(surface):
                context.doneCurrent()
                ok = True
    except Exception:  # any failure means no 3-D: the 2-D map is always there
        ok = False
    _GL["ok"] = ok
    return ok


class Surface3D(QWidget):
    """The surface as a shaded mesh with the paths on it (pyqtgraph.opengl). Heights are the
    grid's values clipped to its top contour level and scaled to a unit box for viewing."""

    def __init__(self, parent=None):
        super().__init__(parent)
        import pyqtgraph.opengl as gl

        self.setObjectName("surface3d")
        self.gl = gl
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.view = gl.GLViewWidget(self)
        self.view.setCameraPosition(distance=3.2, elevation=35, azimuth=-60)
        layout.addWidget(self.view)
        self.mesh = None
        self.lines: dict[str, object] = {}
        self.box = None

    @staticmethod
    def _on_top() -> dict:
        """GL state for paths: seen through the surface, in their own colours (pyqtgraph's
        default 'additive' blending adds them onto the surface's light blue: near white)."""
        from OpenGL import GL

        return {GL.GL_DEPTH_TEST: False, GL.GL_BLEND: True,
                "glBlendFunc": (GL.GL_SRC_ALPHA, GL.GL_ONE_MINUS_SRC_ALPHA)}

    def _xyz(self, x, y, z):
        (x0, x1), (y0, y1), (z0, z1) = self.box
        x, y, z = np.broadcast_arrays(np.asarray(x, float), np.asarray(y, float), np.asarray(z, float))
        return np.stack([(x - x0) / (x1 - x0) - 0.5, (y - y0) / (y1 - y0) - 0.5,
                         0.6 * (np.clip(z, z0, z1) - z0) / (z1 - z0)], axis=-1)

    def set_grid(self, grid) -> None:
        finite = grid.z[np.isfinite(grid.z)]
        z0 = float(finite.min()) if finite.size else 0.0
        z1 = float(grid.levels[-1]) if len(grid.levels) else z0 + 1.0
        self.box = ((grid.xs[0], grid.xs[-1]), (grid.ys[0], grid.ys[-1]), (z0, max(z1, z0 + 1e-12)))
        z = np.where(np.isfinite(grid.z), grid.z, z1)
        xyz = self._xyz(grid.xs[None, :], grid.ys[:, None], z)
        colours = band_lut(len(grid.levels))[grid.bands] / 255.0
        rgba = np.concatenate([colours, np.ones(colours.shape[:2] + (1,))], axis=-1)
        if self.mesh is not None:
            self.view.removeItem(self.mesh)
        self.mesh = self.gl.GLSurfacePlotItem(x=xyz[0, :, 0], y=xyz[:, 0, 1], z=xyz[:, :, 2].T,
                                              colors=rgba.transpose(1, 0, 2).reshape(-1, 4), smooth=False)
        self.view.addItem(self.mesh)

    def set_paths(self, paths: dict, values: dict, colours: dict) -> None:
        for name in list(self.lines):
            if name not in paths:
                self.view.removeItem(self.lines.pop(name))
        for name, pts in paths.items():
            xyz = self._xyz(pts[:, 0], pts[:, 1], values[name]) + np.array([0, 0, 0.01])
            c = QColor(colours[name])
            colour = (c.redF(), c.greenF(), c.blueF(), 1.0)
            if name not in self.lines:
                self.lines[name] = self.gl.GLLinePlotItem(pos=xyz, color=colour, width=2 * style.scale(),
                                                          glOptions=self._on_top())
                self.lines[name].setDepthValue(10)  # drawn after the surface
                self.view.addItem(self.lines[name])
            else:
                self.lines[name].setData(pos=xyz, color=colour, width=2 * style.scale())
