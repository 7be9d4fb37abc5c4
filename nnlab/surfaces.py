"""Loss surfaces f(x, y) with exact gradients, a safe expression parser, and contour maps.

``parse(text)`` reads an expression in x and y with Python's ``ast`` and accepts only numbers,
``x``, ``y``, ``pi``, ``e``, ``+ − * / **`` (``^`` is read as ``**``), unary ``±`` and the
functions sin cos tan exp log sqrt tanh abs. Nothing is ever evaluated by Python: the tree is
checked node by node and compiled into a small tree of its own; constant sub-expressions are
folded at parse time. Gradients are exact, by forward-mode dual numbers (value, ∂/∂x, ∂/∂y).

``SURFACES`` holds the named surfaces (each with a plot range and its minima); ``bowl(κ)``
makes the ill-conditioned bowl with condition number κ. ``Surface.grid`` samples a surface
for drawing: values, contour levels, filled bands, iso-lines (marching squares) and a quiver
of descent directions, all as plain arrays.
"""

from __future__ import annotations

import ast
import math
from dataclasses import dataclass, field

import numpy as np

from nnlab.i18n import _

MAX_LENGTH = 300  # characters in a typed expression
MAX_NODES = 200  # operations after parsing
MAX_EXPONENT = 100.0  # |constant exponent| of a power of something that depends on x or y

FUNCTIONS = ("sin", "cos", "tan", "exp", "log", "sqrt", "tanh", "abs")
CONSTANTS = {"pi": math.pi, "e": math.e}
_BINARY = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.Pow: "**"}
_OPERATOR_NAMES = {ast.Mod: "%", ast.FloorDiv: "//", ast.MatMult: "@", ast.LShift: "<<", ast.RShift: ">>",
                   ast.BitOr: "|", ast.BitAnd: "&", ast.BitXor: "^", ast.Invert: "~", ast.Not: "not"}
_KIND_NAMES = {ast.Lambda: "lambda", ast.Attribute: "attribute access", ast.Subscript: "subscript",
               ast.Compare: "comparison", ast.BoolOp: "and/or", ast.IfExp: "if/else", ast.List: "list",
               ast.Tuple: "tuple", ast.Dict: "dict", ast.Set: "set", ast.ListComp: "comprehension",
               ast.GeneratorExp: "comprehension", ast.DictComp: "comprehension", ast.SetComp: "comprehension",
               ast.NamedExpr: "assignment", ast.JoinedStr: "f-string", ast.Starred: "star",
               ast.Await: "await", ast.Yield: "yield", ast.YieldFrom: "yield", ast.Slice: "slice"}


# ----- the compiled tree: ("num", v) | ("x",) | ("y",) | ("neg", a) | (op, a, b) | ("call", f, a)

def _fold(op: str, *args: float) -> float:
    with np.errstate(all="ignore"):
        a = [np.float64(v) for v in args]
        value = float(_apply_value(op, a))
    return value


def _apply_value(op, a):
    if op == "neg":
        return -a[0]
    if op == "+":
        return a[0] + a[1]
    if op == "-":
        return a[0] - a[1]
    if op == "*":
        return a[0] * a[1]
    if op == "/":
        return a[0] / a[1]
    if op == "**":
        return np.power(a[0], a[1])
    return _FUNC_VALUE[op](a[0])


_FUNC_VALUE = {"sin": np.sin, "cos": np.cos, "tan": np.tan, "exp": np.exp, "log": np.log,
               "sqrt": np.sqrt, "tanh": np.tanh, "abs": np.abs}


def _derivative(name: str, a, v):
    """d f(a) / da for the function ``name``, given a and v = f(a)."""
    if name == "sin":
        return np.cos(a)
    if name == "cos":
        return -np.sin(a)
    if name == "tan":
        return 1.0 / np.cos(a) ** 2
    if name == "exp":
        return v
    if name == "log":
        return 1.0 / a
    if name == "sqrt":
        return 0.5 / v
    if name == "tanh":
        return 1.0 - v * v
    return np.sign(a)  # abs


def _value(node, x, y):
    kind = node[0]
    if kind == "num":
        return node[1]
    if kind == "x":
        return x
    if kind == "y":
        return y
    if kind == "call":
        return _FUNC_VALUE[node[1]](_value(node[2], x, y))
    return _apply_value(kind, [_value(n, x, y) for n in node[1:]])


def _dual(node, x, y):
    """(value, ∂/∂x, ∂/∂y) of node at (x, y): forward-mode dual numbers."""
    kind = node[0]
    if kind == "num":
        return node[1], 0.0, 0.0
    if kind == "x":
        return x, 1.0, 0.0
    if kind == "y":
        return y, 0.0, 1.0
    if kind == "neg":
        v, dx, dy = _dual(node[1], x, y)
        return -v, -dx, -dy
    if kind == "call":
        a, ax, ay = _dual(node[2], x, y)
        v = _FUNC_VALUE[node[1]](a)
        d = _derivative(node[1], a, v)
        return v, d * ax, d * ay
    (a, ax, ay), (b, bx, by) = _dual(node[1], x, y), _dual(node[2], x, y)
    if kind == "+":
        return a + b, ax + bx, ay + by
    if kind == "-":
        return a - b, ax - bx, ay - by
    if kind == "*":
        return a * b, ax * b + a * bx, ay * b + a * by
    if kind == "/":
        v = a / b
        return v, (ax - v * bx) / b, (ay - v * by) / b
    # power
    if node[2][0] == "num":  # a ** c
        c = node[2][1]
        if c == 0:
            return np.ones_like(a) if isinstance(a, np.ndarray) else 1.0, 0.0, 0.0
        d = c * np.power(a, c - 1)
        return np.power(a, c), d * ax, d * ay
    v = np.power(a, b)
    if node[1][0] == "num":  # c ** b
        d = v * math.log(a) if a > 0 else v * np.log(a)
        return v, d * bx, d * by
    log_a = np.log(a)
    return v, v * (bx * log_a + b * ax / a), v * (by * log_a + b * ay / a)


class _Compiler:
    """Checks an ast node by node against the grammar and compiles it, folding constants."""

    def __init__(self, text: str):
        self.text = text
        self.nodes = 0

    def segment(self, node) -> str:
        return ast.get_source_segment(self.text, node) or ast.unparse(node)

    def refuse(self, token: str, why: str):
        raise ValueError(_("'{token}' is not allowed: {why}").format(token=token, why=why))

    def compile(self, node):
        self.nodes += 1
        if self.nodes > MAX_NODES:
            raise ValueError(_("expression too long: at most {n} operations").format(n=MAX_NODES))
        if isinstance(node, ast.Constant):
            value = node.value
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                self.refuse(value if isinstance(value, str) else self.segment(node),
                            _("only numbers, x, y, pi and e"))
            try:
                value = float(value)
            except OverflowError:
                value = math.inf
            if not math.isfinite(value):
                raise ValueError(_("'{token}' is too large a number").format(token=self.segment(node)))
            return ("num", value)
        if isinstance(node, ast.Name):
            if node.id == "x":
                return ("x",)
            if node.id == "y":
                return ("y",)
            if node.id in CONSTANTS:
                return ("num", CONSTANTS[node.id])
            if node.id in FUNCTIONS:
                self.refuse(node.id, _("a function needs an argument, e.g. {f}(x)").format(f=node.id))
            self.refuse(node.id, _("unknown name; use x, y, pi, e"))
        if isinstance(node, ast.UnaryOp):
            if isinstance(node.op, ast.UAdd):
                return self.compile(node.operand)
            if isinstance(node.op, ast.USub):
                a = self.compile(node.operand)
                return self.folded(node, "neg", a)
            self.refuse(_OPERATOR_NAMES.get(type(node.op), type(node.op).__name__), _("operator not in the grammar"))
        if isinstance(node, ast.BinOp):
            op = _BINARY.get(type(node.op))
            if op is None:
                self.refuse(_OPERATOR_NAMES.get(type(node.op), type(node.op).__name__),
                            _("use + − * / ** (or ^)"))
            a, b = self.compile(node.left), self.compile(node.right)
            if op == "**" and b[0] == "num" and a[0] != "num" and abs(b[1]) > MAX_EXPONENT:
                raise ValueError(_("exponent {e} in '{token}' is too large (at most {m})").format(
                    e=f"{b[1]:g}", token=self.segment(node), m=f"{MAX_EXPONENT:g}"))
            return self.folded(node, op, a, b)
        if isinstance(node, ast.Call):
            func = node.func
            if not isinstance(func, ast.Name):
                self.refuse(self.segment(func), _("only the functions {names}").format(names=" ".join(FUNCTIONS)))
            if func.id not in FUNCTIONS:
                self.refuse(func.id, _("only the functions {names}").format(names=" ".join(FUNCTIONS)))
            if node.keywords or len(node.args) != 1 or isinstance(node.args[0], ast.Starred):
                raise ValueError(_("'{token}': {f} takes exactly one argument").format(
                    token=self.segment(node), f=func.id))
            return self.folded(node, func.id, self.compile(node.args[0]))
        kind = _KIND_NAMES.get(type(node), type(node).__name__)
        self.refuse(self.segment(node), _("{kind} is not part of the grammar").format(kind=kind))

    def folded(self, node, op, *children):
        if all(c[0] == "num" for c in children):
            value = _fold(op, *(c[1] for c in children))
            if not math.isfinite(value):
                raise ValueError(_("'{token}' is not a finite number").format(token=self.segment(node)))
            return ("num", value)
        return ("call", op, children[0]) if op in FUNCTIONS else (op, *children)


def compile_expression(text: str):
    """The checked, constant-folded tree of ``text``; ValueError naming the bad token."""
    if not isinstance(text, str):
        raise ValueError(_("expression must be text"))
    if len(text) > MAX_LENGTH:
        raise ValueError(_("expression too long: at most {n} characters").format(n=MAX_LENGTH))
    source = (text.replace("^", "**").replace("−", "-").replace("×", "*").replace("·", "*")
              .replace("÷", "/").replace("²", "**2").replace("³", "**3").strip())
    if not source:
        raise ValueError(_("expression is empty: type a function of x and y, e.g. x^2 + y^2"))
    try:
        tree = ast.parse(source, mode="eval")
    except SyntaxError as exc:
        where = _(" at column {col}").format(col=exc.offset) if exc.offset else ""
        raise ValueError(_("syntax error in '{text}'{where}: {msg}").format(
            text=source, where=where, msg=exc.msg)) from None
    except (RecursionError, MemoryError, ValueError):
        raise ValueError(_("expression too deeply nested")) from None
    try:
        return _Compiler(source).compile(tree.body)
    except RecursionError:
        raise ValueError(_("expression too deeply nested")) from None


@dataclass(frozen=True)
class SurfaceGrid:
    """A surface sampled for drawing. ``z[i, j]`` = f(xs[j], ys[i]); ``bands`` the filled-contour
    band index (0..len(levels)) of each sample; ``lines`` iso-line segments as consecutive point
    pairs (2n, 2) and ``line_levels`` the level index of each segment; ``arrows`` the quiver of
    −∇f directions as point pairs (shafts and heads)."""

    xs: np.ndarray
    ys: np.ndarray
    z: np.ndarray
    levels: np.ndarray
    bands: np.ndarray
    lines: np.ndarray
    line_levels: np.ndarray
    arrows: np.ndarray

    def nonfinite_note(self) -> str:
        return nonfinite_note(self.z, "f(x, y)")


def nonfinite_note(values: np.ndarray, name: str) -> str:
    """'' when every sample of a plotted function ``name`` is finite, else how much of the plot is not
    (what a pane shows instead of numpy's warnings)."""
    share = float(np.mean(~np.isfinite(values))) if np.size(values) else 0.0
    if not share:
        return ""
    return _("{f} is not defined or not finite on {share} of the plot").format(f=name, share=f"{max(share, 0.001):.1%}")


@dataclass(frozen=True)
class Surface:
    """f(x, y) with its exact gradient. ``text`` parses back to the same function; ``label`` is
    how it is shown; ``xrange``/``yrange`` the plot range; ``minima`` the known minimum points."""

    text: str
    label: str = ""
    xrange: tuple[float, float] = (-5.0, 5.0)
    yrange: tuple[float, float] = (-5.0, 5.0)
    minima: tuple[tuple[float, float], ...] = ()
    name: str = ""
    tree: tuple = field(default=None, repr=False, compare=False)

    def __post_init__(self):
        if self.tree is None:
            object.__setattr__(self, "tree", compile_expression(self.text))
        if not self.label:
            object.__setattr__(self, "label", self.text)

    def value(self, x, y):
        """f(x, y) for floats or arrays (broadcast)."""
        x, y, shape, scalar = _inputs(x, y)
        with np.errstate(all="ignore"):
            v = _value(self.tree, x, y)
        return _output(v, shape, scalar)

    def gradient(self, x, y):
        """(∂f/∂x, ∂f/∂y), exact (forward-mode dual numbers), for floats or arrays."""
        x, y, shape, scalar = _inputs(x, y)
        with np.errstate(all="ignore"):
            _, gx, gy = _dual(self.tree, x, y)
        return _output(gx, shape, scalar), _output(gy, shape, scalar)

    def value_and_gradient(self, x, y):
        x, y, shape, scalar = _inputs(x, y)
        with np.errstate(all="ignore"):
            v, gx, gy = _dual(self.tree, x, y)
        return _output(v, shape, scalar), _output(gx, shape, scalar), _output(gy, shape, scalar)

    def at(self, x: float, y: float) -> tuple[float, float, float]:
        """(f, ∂f/∂x, ∂f/∂y) at one point, fast (for optimizer loops; wrap them in np.errstate)."""
        v, gx, gy = _dual(self.tree, np.float64(x), np.float64(y))
        return float(v), float(gx), float(gy)

    def grid(self, n: int = 200, xrange=None, yrange=None, n_levels: int = 14, n_arrows: int = 18) -> SurfaceGrid:
        """Sample an n×n grid over the range, with contours and a quiver (see SurfaceGrid)."""
        x0, x1 = xrange or self.xrange
        y0, y1 = yrange or self.yrange
        xs, ys = np.linspace(x0, x1, n), np.linspace(y0, y1, n)
        with np.errstate(all="ignore"):  # huge values overflow in the contour arithmetic: never a warning
            z = self.value(xs[None, :], ys[:, None])
            levels = contour_levels(z, n_levels)
            bands = np.searchsorted(levels, np.where(np.isfinite(z), z, np.inf)).astype(np.int16)
            lines, which = contour_segments(z, xs, ys, levels)
            arrows = self.quiver((x0, x1), (y0, y1), n_arrows)
        return SurfaceGrid(xs, ys, z, levels, bands, lines, which, arrows)

    def quiver(self, xrange, yrange, n: int = 18) -> np.ndarray:
        """Arrows along −∇f on an n×n lattice as point pairs: a shaft and two head strokes each.
        Lengths grow with |∇f| (relative to its 90th percentile), clipped to [0.3, 1] of a cell."""
        (x0, x1), (y0, y1) = xrange, yrange
        cell = min(x1 - x0, y1 - y0) / n
        px, py = np.meshgrid(np.linspace(x0, x1, n + 2)[1:-1], np.linspace(y0, y1, n + 2)[1:-1])
        gx, gy = self.gradient(px.ravel(), py.ravel())
        px, py = px.ravel(), py.ravel()
        norm = np.hypot(gx, gy)
        ok = np.isfinite(norm) & (norm > 0)
        if not ok.any():
            return np.zeros((0, 2))
        px, py, gx, gy, norm = px[ok], py[ok], gx[ok], gy[ok], norm[ok]
        length = 0.8 * cell * np.clip(norm / np.percentile(norm, 90), 0.3, 1.0)
        ux, uy = -gx / norm, -gy / norm
        tail = np.stack([px - 0.5 * length * ux, py - 0.5 * length * uy], axis=1)
        tip = np.stack([px + 0.5 * length * ux, py + 0.5 * length * uy], axis=1)
        head = 0.35 * length[:, None]
        c, s = math.cos(math.radians(28)), math.sin(math.radians(28))
        back = -np.stack([ux, uy], axis=1)
        left = np.stack([back[:, 0] * c - back[:, 1] * s, back[:, 0] * s + back[:, 1] * c], axis=1)
        right = np.stack([back[:, 0] * c + back[:, 1] * s, -back[:, 0] * s + back[:, 1] * c], axis=1)
        pairs = np.stack([tail, tip, tip, tip + head * left, tip, tip + head * right], axis=1)
        return pairs.reshape(-1, 2)


def _inputs(x, y):
    scalar = np.ndim(x) == 0 and np.ndim(y) == 0
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    return x, y, np.broadcast_shapes(x.shape, y.shape), scalar


def _output(v, shape, scalar):
    if scalar:
        return float(v)
    if isinstance(v, np.ndarray) and v.shape == shape:
        return np.array(v, dtype=np.float64)  # a copy: v may be the caller's x or y itself
    return np.array(np.broadcast_to(np.asarray(v, dtype=np.float64), shape))


def contour_levels(z: np.ndarray, n: int = 14) -> np.ndarray:
    """n contour levels at evenly spaced quantiles of the finite values of z (so a surface
    with a huge range, like Rosenbrock's, still gets lines where the interesting part is)."""
    finite = z[np.isfinite(z)]
    if finite.size == 0:
        return np.zeros(0)
    sample = finite if finite.size <= 40_000 else finite[:: finite.size // 40_000]
    levels = np.unique(np.quantile(sample, np.linspace(0.0, 1.0, n + 2)[1:-1]))
    return levels


# Marching squares. Corners of a cell: bl (bit 1), br (2), tr (4), tl (8); edges: 0 bottom,
# 1 right, 2 top, 3 left. _EDGES[case] = the edge pair of the case's (first) segment.
_EDGES = np.array([(0, 0), (0, 3), (0, 1), (1, 3), (1, 2), (0, 1), (0, 2), (2, 3),
                   (2, 3), (0, 2), (0, 3), (1, 2), (1, 3), (0, 1), (0, 3), (0, 0)])


def contour_segments(z: np.ndarray, xs: np.ndarray, ys: np.ndarray, levels) -> tuple[np.ndarray, np.ndarray]:
    """Iso-lines of z (z[i, j] at (xs[j], ys[i])) by marching squares, vectorised per level.
    Returns (points (2n, 2) as consecutive segment end pairs, level index of each segment).
    Cells touching a non-finite value are skipped; saddle cells are resolved by the centre."""
    bl, br, tr, tl = z[:-1, :-1], z[:-1, 1:], z[1:, 1:], z[1:, :-1]
    with np.errstate(invalid="ignore"):
        finite = np.isfinite(bl) & np.isfinite(br) & np.isfinite(tr) & np.isfinite(tl)
        lo = np.minimum(np.minimum(bl, br), np.minimum(tr, tl))
        hi = np.maximum(np.maximum(bl, br), np.maximum(tr, tl))
    out, which = [], []
    for li, level in enumerate(levels):
        i, j = np.nonzero(finite & (lo <= level) & (hi > level))
        if i.size == 0:
            continue
        a, b, c, d = bl[i, j], br[i, j], tr[i, j], tl[i, j]
        case = (a > level) * 1 + (b > level) * 2 + (c > level) * 4 + (d > level) * 8
        x0, x1, y0, y1 = xs[j], xs[j + 1], ys[i], ys[i + 1]
        with np.errstate(invalid="ignore", divide="ignore"):
            tb, tr_, tt, tlf = (level - a) / (b - a), (level - b) / (c - b), (level - d) / (c - d), (level - a) / (d - a)
        pts = np.empty((i.size, 4, 2))
        pts[:, 0, 0], pts[:, 0, 1] = x0 + tb * (x1 - x0), y0
        pts[:, 1, 0], pts[:, 1, 1] = x1, y0 + tr_ * (y1 - y0)
        pts[:, 2, 0], pts[:, 2, 1] = x0 + tt * (x1 - x0), y1
        pts[:, 3, 0], pts[:, 3, 1] = x0, y0 + tlf * (y1 - y0)
        edges = _EDGES[case].copy()
        saddle = (case == 5) | (case == 10)
        centre_above = (a + b + c + d) / 4 > level
        # case 5 (bl, tr above): centre above → cut off br (0, 1) and tl (2, 3); else bl (0, 3) and tr (1, 2)
        # case 10 (br, tl above): centre above → cut off bl (0, 3) and tr (1, 2); else br (0, 1) and tl (2, 3)
        cut_br = saddle & ((case == 5) == centre_above)
        edges[saddle & cut_br] = (0, 1)
        edges[saddle & ~cut_br] = (0, 3)
        rows = np.arange(i.size)
        seg = [np.stack([pts[rows, edges[:, 0]], pts[rows, edges[:, 1]]], axis=1)]
        if saddle.any():
            s = np.nonzero(saddle)[0]
            second = np.where(cut_br[s, None], [2, 3], [1, 2])
            seg.append(np.stack([pts[s, second[:, 0]], pts[s, second[:, 1]]], axis=1))
        seg = np.concatenate(seg)
        out.append(seg.reshape(-1, 2))
        which.append(np.full(len(seg), li, dtype=np.int32))
    if not out:
        return np.zeros((0, 2)), np.zeros(0, dtype=np.int32)
    return np.concatenate(out), np.concatenate(which)


def bowl(condition: float = 10.0) -> Surface:
    """The ill-conditioned bowl (x² + κ·y²)/2: its Hessian diag(1, κ) has condition number κ."""
    kappa = float(condition)
    if not (math.isfinite(kappa) and 1.0 <= kappa <= 1e6):
        raise ValueError(_("condition: must be between 1 and 1e6"))
    k = f"{kappa:g}"
    return Surface(f"(x^2 + {k}*y^2)/2", f"(x² + {k}·y²)/2", (-10.0, 10.0), (-10.0, 10.0), ((0.0, 0.0),), "bowl")


SURFACES: dict[str, Surface] = {
    "dlfs": Surface("x^2/20 + y^2", "x²/20 + y²", (-10.0, 10.0), (-5.0, 5.0), ((0.0, 0.0),), "dlfs"),
    "rosenbrock": Surface("(1 - x)^2 + 100*(y - x^2)^2", "(1 − x)² + 100·(y − x²)²", (-2.0, 2.0), (-1.0, 3.0),
                          ((1.0, 1.0),), "rosenbrock"),
    "beale": Surface("(1.5 - x + x*y)^2 + (2.25 - x + x*y^2)^2 + (2.625 - x + x*y^3)^2",
                     "(1.5 − x + xy)² + (2.25 − x + xy²)² + (2.625 − x + xy³)²", (-4.5, 4.5), (-4.5, 4.5),
                     ((3.0, 0.5),), "beale"),
    "himmelblau": Surface("(x^2 + y - 11)^2 + (x + y^2 - 7)^2", "(x² + y − 11)² + (x + y² − 7)²", (-5.0, 5.0),
                          (-5.0, 5.0), ((3.0, 2.0), (-2.805118, 3.131312), (-3.779310, -3.283186),
                                        (3.584428, -1.848126)), "himmelblau"),
    "saddle": Surface("x^2 - y^2", "x² − y²", (-2.0, 2.0), (-2.0, 2.0), (), "saddle"),
    "bowl": bowl(10.0),
}


def parse(text: str) -> Surface:
    """A Surface from a typed expression in x and y; ValueError naming the bad token."""
    return Surface(text.strip() if isinstance(text, str) else text, name="custom")
