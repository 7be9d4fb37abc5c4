"""nnlab.surfaces: the safe parser, exact gradients, named surfaces and contour lines."""

import math

import numpy as np
import pytest
import torch

from nnlab.surfaces import SURFACES, bowl, contour_segments, parse


@pytest.mark.parametrize("text, token", [
    ("__import__('os')", "'__import__' is not allowed"),
    ("__import__('os').system('ls')", "'__import__('os').system' is not allowed"),
    ("x.real", "'x.real' is not allowed: attribute access"),
    ("().__class__", "'().__class__' is not allowed: attribute access"),
    ("foo(x)", "'foo' is not allowed: only the functions"),
    ("eval('1')", "'eval' is not allowed"),
    ("lambda: 1", "'lambda: 1' is not allowed: lambda"),
    ("x[0]", "'x[0]' is not allowed: subscript"),
    ("'abc'", "'abc' is not allowed"),
    ("x < y", "'x < y' is not allowed: comparison"),
    ("x and y", "'x and y' is not allowed"),
    ("x % 2", "'%' is not allowed"),
    ("z + 1", "'z' is not allowed: unknown name"),
    ("True", "'True' is not allowed"),
    ("1j", "'1j' is not allowed"),
    ("[x for x in ()]", "comprehension"),
    ("sin(x, y)", "sin takes exactly one argument"),
    ("sin(x=1)", "sin takes exactly one argument"),
    ("x ** 1000", "exponent 1000 in 'x ** 1000' is too large"),
    ("x ^ 500", "exponent 500 in 'x ** 500' is too large"),
    ("9**9**9", "'9**9**9' is not a finite number"),
    ("10^400 + x", "'10**400' is not a finite number"),
    ("exp(1000) * x", "'exp(1000)' is not a finite number"),
    ("log(0) + y", "'log(0)' is not a finite number"),
    ("1/0", "'1/0' is not a finite number"),
    ("1e400", "'1e400' is too large a number"),
    ("x +", "syntax error in 'x +'"),
    ("", "expression is empty"),
    ("x" + "+x" * 200, "expression too long"),
    ("(" * 120 + "x" + ")" * 120, None),  # deep nesting: refused or parsed, never a crash
])
def test_refusals_name_the_bad_token(text, token):
    if token is None:
        try:
            parse(text)
        except ValueError as exc:
            assert "nested" in str(exc) or "long" in str(exc)
        return
    with pytest.raises(ValueError) as info:
        parse(text)
    assert token in str(info.value)


def test_constants_are_folded_at_parse_time():
    s = parse("2^3*x + (pi - pi)*y + sqrt(4)")
    assert s.tree == ("+", ("+", ("*", ("num", 8.0), ("x",)), ("*", ("num", 0.0), ("y",))), ("num", 2.0))
    assert s.value(1.5, 7.0) == 14.0
    assert parse("e").value(0, 0) == math.e


def test_symbols_and_caret_are_read_as_operators():
    a, b = parse("x^2 − 3×y ÷ 2"), parse("x**2 - 3*y/2")
    assert a.value(1.3, -0.4) == b.value(1.3, -0.4) == 1.3**2 + 0.6


ANALYTIC = [
    ("x^2/20 + y^2", lambda x, y: (x / 10, 2 * y)),
    ("(1 - x)^2 + 100*(y - x^2)^2", lambda x, y: (-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x))),
    ("x^2 - y^2", lambda x, y: (2 * x, -2 * y)),
    ("sin(x)*cos(y)", lambda x, y: (np.cos(x) * np.cos(y), -np.sin(x) * np.sin(y))),
    ("exp(-(x^2 + y^2))", lambda x, y: (-2 * x * np.exp(-(x * x + y * y)), -2 * y * np.exp(-(x * x + y * y)))),
    ("log(1 + x^2) + sqrt(1 + y^2)", lambda x, y: (2 * x / (1 + x * x), y / np.sqrt(1 + y * y))),
    ("tanh(x*y) + abs(x - 2*y)", lambda x, y: ((1 - np.tanh(x * y) ** 2) * y + np.sign(x - 2 * y),
                                              (1 - np.tanh(x * y) ** 2) * x - 2 * np.sign(x - 2 * y))),
    ("tan(x/3) / (2 + y^2)", lambda x, y: (1 / (3 * np.cos(x / 3) ** 2) / (2 + y * y),
                                           -np.tan(x / 3) * 2 * y / (2 + y * y) ** 2)),
    ("2^x + x^y", lambda x, y: (np.log(2) * 2**x + y * x ** (y - 1), np.log(x) * x**y)),
    ("-x + +y", lambda x, y: (-np.ones_like(x), np.ones_like(y))),
]


@pytest.mark.parametrize("text, grad", ANALYTIC, ids=[a[0] for a in ANALYTIC])
def test_gradients_are_exact(text, grad):
    rng = np.random.default_rng(0)
    x, y = rng.uniform(0.2, 1.8, 50), rng.uniform(-1.5, 1.5, 50)
    gx, gy = parse(text).gradient(x, y)
    ex, ey = grad(x, y)
    np.testing.assert_allclose(gx, ex, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(gy, ey, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("name", sorted(SURFACES))
def test_named_surfaces_match_torch_autograd(name):
    s = SURFACES[name]
    rng = np.random.default_rng(1)
    x = rng.uniform(*s.xrange, 20)
    y = rng.uniform(*s.yrange, 20)
    tx = torch.tensor(x, requires_grad=True)
    ty = torch.tensor(y, requires_grad=True)
    f = {
        "dlfs": lambda x, y: x**2 / 20 + y**2,
        "rosenbrock": lambda x, y: (1 - x) ** 2 + 100 * (y - x**2) ** 2,
        "beale": lambda x, y: (1.5 - x + x * y) ** 2 + (2.25 - x + x * y**2) ** 2 + (2.625 - x + x * y**3) ** 2,
        "himmelblau": lambda x, y: (x**2 + y - 11) ** 2 + (x + y**2 - 7) ** 2,
        "saddle": lambda x, y: x**2 - y**2,
        "bowl": lambda x, y: (x**2 + 10 * y**2) / 2,
    }[name]
    v = f(tx, ty)
    v.sum().backward()
    np.testing.assert_allclose(s.value(x, y), v.detach().numpy(), rtol=1e-12)
    gx, gy = s.gradient(x, y)
    np.testing.assert_allclose(gx, tx.grad.numpy(), rtol=1e-11, atol=1e-9)
    np.testing.assert_allclose(gy, ty.grad.numpy(), rtol=1e-11, atol=1e-9)
    for m in s.minima:
        assert abs(s.value(*m)) < 1e-9
        assert np.hypot(*s.gradient(*m)) < 1e-4


def test_bowl_has_the_condition_number_asked_for():
    s = bowl(25)
    assert s.value(2.0, 1.0) == (4 + 25) / 2
    assert s.gradient(1.0, 1.0) == (1.0, 25.0)
    with pytest.raises(ValueError, match="condition"):
        bowl(0.5)


def test_scalars_give_floats_and_arrays_broadcast():
    s = SURFACES["dlfs"]
    assert isinstance(s.value(-7.0, 2.0), float) and s.value(-7.0, 2.0) == pytest.approx(49 / 20 + 4)
    assert s.gradient(-7.0, 2.0) == pytest.approx((-0.7, 4.0))
    z = parse("3").value(np.zeros((2, 3)), 0.0)
    assert z.shape == (2, 3) and np.all(z == 3)
    assert parse("x").gradient(np.zeros(4), np.zeros(4))[1].tolist() == [0, 0, 0, 0]


def test_outside_the_domain_gives_nan_without_warnings():
    s = parse("log(x) + sqrt(y)")
    assert math.isnan(s.value(-1.0, 1.0)) and math.isnan(s.gradient(1.0, -1.0)[1])


def test_grid_evaluates_on_the_grid():
    s = SURFACES["dlfs"]
    g = s.grid(41)
    assert g.z.shape == (41, 41)
    np.testing.assert_allclose(g.z, g.xs[None, :] ** 2 / 20 + g.ys[:, None] ** 2, rtol=1e-15)
    assert g.xs[0] == -10 and g.xs[-1] == 10 and g.ys[0] == -5 and g.ys[-1] == 5
    assert np.all(np.diff(g.levels) > 0)
    assert g.bands.min() == 0 and g.bands.max() == len(g.levels)
    assert np.array_equal(g.bands, np.searchsorted(g.levels, g.z))
    assert len(g.arrows) % 6 == 0 and len(g.arrows) > 0


def test_contour_points_lie_on_their_level():
    s = SURFACES["himmelblau"]
    g = s.grid(120)
    assert len(g.lines) == 2 * len(g.line_levels)
    # points are linear interpolations on cell edges: f there is within the grid's interpolation error
    on = s.value(g.lines[:, 0], g.lines[:, 1])
    level = g.levels[np.repeat(g.line_levels, 2)]
    spacing = g.xs[1] - g.xs[0]
    assert np.max(np.abs(on - level) / (1 + np.abs(level))) < 50 * spacing**2
    # each level's segments join end to end: every end point is shared by two segments (closed curves inside)
    lv = g.line_levels == 3
    pts = np.round(g.lines.reshape(-1, 2, 2)[lv].reshape(-1, 2), 9)
    _, counts = np.unique(pts, axis=0, return_counts=True)
    assert np.mean(counts == 2) > 0.95


def test_circle_contour_is_a_circle():
    xs = ys = np.linspace(-2, 2, 81)
    z = xs[None, :] ** 2 + ys[:, None] ** 2
    pts, which = contour_segments(z, xs, ys, [1.0])
    r = np.hypot(pts[:, 0], pts[:, 1])
    assert len(pts) > 50 and np.all(which == 0)
    assert np.max(np.abs(r - 1)) < 2e-3


def test_saddle_cells_join_the_right_corners():
    xs = ys = np.array([0.0, 1.0])

    def segments(z):
        pts, _ = contour_segments(np.array(z), xs, ys, [0.4])
        return {tuple(map(tuple, np.round(p, 3).tolist())) for p in pts.reshape(-1, 2, 2)}

    # rows are y: bl = 1.5, br = −0.5, tl = −0.5, tr = 1.5; centre 0.5 above 0.4: cut off br and tl
    assert segments([[1.5, -0.5], [-0.5, 1.5]]) == {((0.55, 0.0), (1.0, 0.45)), ((0.45, 1.0), (0.0, 0.55))}
    # centre 0.3 below 0.4: cut off bl and tr instead
    assert segments([[1.0, -0.4], [-0.4, 1.0]]) == {((0.429, 0.0), (0.0, 0.429)), ((1.0, 0.571), (0.571, 1.0))}


def test_quiver_points_downhill():
    s = SURFACES["dlfs"]
    arrows = s.quiver(s.xrange, s.yrange, 6).reshape(-1, 6, 2)
    tail, tip = arrows[:, 0], arrows[:, 1]
    centre = (tail + tip) / 2
    gx, gy = s.gradient(centre[:, 0], centre[:, 1])
    d = tip - tail
    assert np.all(d[:, 0] * gx + d[:, 1] * gy < 0)


def random_expression(rng, depth):
    """A random expression of the grammar as text, with the same function for torch."""
    if depth == 0 or rng.random() < 0.25:
        leaf = rng.choice(["x", "y", "c"])
        if leaf == "c":
            c = float(np.round(rng.uniform(-3, 3), 2))
            return f"({c})", lambda x, y, c=c: torch.full_like(x, c)
        return leaf, (lambda x, y: x) if leaf == "x" else (lambda x, y: y)
    kind = rng.choice(["+", "-", "*", "/", "^", "f", "neg"])
    a, fa = random_expression(rng, depth - 1)
    if kind == "f":
        name = rng.choice(["sin", "cos", "tan", "exp", "log", "sqrt", "tanh", "abs"])
        tf = {"sin": torch.sin, "cos": torch.cos, "tan": torch.tan, "exp": torch.exp, "log": torch.log,
              "sqrt": torch.sqrt, "tanh": torch.tanh, "abs": torch.abs}[name]
        return f"{name}({a})", lambda x, y: tf(fa(x, y))
    if kind == "neg":
        return f"-({a})", lambda x, y: -fa(x, y)
    if kind == "^":
        p = int(rng.integers(0, 4))
        return f"({a})^{p}", lambda x, y: fa(x, y) ** p
    b, fb = random_expression(rng, depth - 1)
    op = {"+": torch.add, "-": torch.sub, "*": torch.mul, "/": torch.div}[kind]
    return f"({a}) {kind} ({b})", lambda x, y: op(fa(x, y), fb(x, y))


def test_random_expressions_agree_with_torch_autograd():
    rng = np.random.default_rng(11)
    x = rng.uniform(-2, 2, 64)
    y = rng.uniform(-2, 2, 64)
    checked = 0
    for _ in range(150):
        text, f = random_expression(rng, 4)
        try:
            s = parse(text)
        except ValueError as exc:  # only a folded constant may be refused (e.g. log(-1.5))
            assert "not a finite number" in str(exc), (text, str(exc))
            continue
        tx = torch.tensor(x, requires_grad=True)
        ty = torch.tensor(y, requires_grad=True)
        out = f(tx, ty)
        v = out.detach().numpy()
        gx_t = gy_t = None
        if out.requires_grad:
            gx_t, gy_t = torch.autograd.grad(out.sum(), (tx, ty), allow_unused=True)
        gx_t = np.zeros_like(x) if gx_t is None else gx_t.numpy()
        gy_t = np.zeros_like(y) if gy_t is None else gy_t.numpy()
        ok = np.isfinite(v) & np.isfinite(gx_t) & np.isfinite(gy_t) & (np.abs(v) < 1e8)
        gx, gy = s.gradient(x, y)
        np.testing.assert_allclose(s.value(x, y)[ok], v[ok], rtol=1e-9, atol=1e-9, err_msg=text)
        np.testing.assert_allclose(gx[ok], gx_t[ok], rtol=1e-7, atol=1e-7, err_msg=text)
        np.testing.assert_allclose(gy[ok], gy_t[ok], rtol=1e-7, atol=1e-7, err_msg=text)
        checked += int(ok.sum())
    assert checked > 3000
