import numpy as np
import pytest

from nnlab import calculus, functions


def f_dlfs(x):
    return 0.01 * x**2 + 0.1 * x


def test_dlfs_numerical_derivatives():
    # DESIGN: 0.01x² + 0.1x at 5 → 0.2, at 10 → 0.3 (central difference, h = 1e-4)
    assert calculus.central_difference(f_dlfs, 5.0, 1e-4) == pytest.approx(0.2, abs=1e-10)
    assert calculus.central_difference(f_dlfs, 10.0, 1e-4) == pytest.approx(0.3, abs=1e-10)
    assert calculus.central_difference(f_dlfs, 5.0, 1e-4) == functions.numerical_diff(f_dlfs, 5.0, 1e-4)
    # forward difference carries a truncation error of f''·h/2 = 0.02·1e-4/2 = 1e-6
    assert calculus.forward_difference(f_dlfs, 5.0, 1e-4) - 0.2 == pytest.approx(1e-6, rel=1e-4)


def test_error_versus_h_has_round_off_and_truncation():
    hs, fwd, cen = calculus.error_versus_h(np.exp, np.exp(1.0), 1.0)
    assert hs.shape == fwd.shape == cen.shape == calculus.H_GRID.shape
    best_c, best_f = calculus.best_h(hs, cen), calculus.best_h(hs, fwd)
    # the textbook optima: ε^(1/3) ≈ 6e-6 for central, √ε ≈ 1.5e-8 for forward
    assert 1e-7 <= best_c <= 1e-3
    assert 1e-10 <= best_f <= 1e-6
    assert best_f < best_c
    # round-off side: the error grows as h shrinks; truncation side: it grows as h grows
    assert cen[0] > 1e3 * cen.min() and cen[-1] > 1e3 * cen.min()
    assert fwd[0] > 1e3 * fwd.min() and fwd[-1] > 1e3 * fwd.min()
    # truncation slopes on log–log: forward ~ h, central ~ h² (between h = 1e-2 and 1e-1)
    i, j = np.searchsorted(hs, 1e-2), np.searchsorted(hs, 1e-1)
    assert np.log10(fwd[j] / fwd[i]) == pytest.approx(1.0, abs=0.1)
    assert np.log10(cen[j] / cen[i]) == pytest.approx(2.0, abs=0.1)


def test_error_floor_for_exact_results():
    hs, fwd, cen = calculus.error_versus_h(lambda x: 3 * x, 3.0, 2.0, hs=[0.5, 0.25])
    assert np.all(cen == calculus.ERROR_FLOOR)


def test_tangent_line():
    xs = np.array([4.0, 5.0, 6.0])
    y = calculus.tangent_line(5.0, f_dlfs(5.0), 0.2, xs)
    np.testing.assert_allclose(y, [0.55, 0.75, 0.95])


def test_partials_and_gradient_of_sum_of_squares():
    # DLFS: ∂f/∂x0 at (3, 4) = 6, ∂f/∂x1 = 8; ∇f at (0, 2) = (0, 4), at (3, 0) = (6, 0)
    p = np.array([3.0, 4.0])
    assert calculus.partial_derivative(calculus.sum_of_squares, p, 0) == pytest.approx(6.0, abs=1e-9)
    assert calculus.partial_derivative(calculus.sum_of_squares, p, 1) == pytest.approx(8.0, abs=1e-9)
    pts = np.array([[3.0, 4.0], [0.0, 2.0], [3.0, 0.0]])
    before = pts.copy()
    g = calculus.numerical_gradient(calculus.sum_of_squares, pts)
    np.testing.assert_allclose(g, [[6, 8], [0, 4], [6, 0]], atol=1e-8)
    np.testing.assert_array_equal(pts, before)
    np.testing.assert_allclose(calculus.numerical_gradient(calculus.sum_of_squares, p),
                               functions.numerical_gradient(calculus.sum_of_squares, p), atol=1e-9)


def test_gradient_field_grid_and_arrows():
    grid = calculus.grid(-2, 2, 9)
    assert grid.shape == (81, 2)
    g = calculus.numerical_gradient(calculus.sum_of_squares, grid)
    np.testing.assert_allclose(g, 2 * grid, atol=1e-8)
    seg = calculus.arrow_segments(grid, -g, length=0.45)
    assert seg.shape == (81 * 6, 2)
    starts, tips = seg[0::6], seg[1::6]
    np.testing.assert_array_equal(starts, grid)
    lengths = np.linalg.norm(tips - starts, axis=1)
    assert lengths.max() == pytest.approx(0.45)
    # arrows point downhill (towards the origin) and scale with |∇f|
    k = 0  # corner (−2, −2): the longest arrow, pointing to (+, +)
    assert np.all(tips[k] - starts[k] > 0)
    centre = np.flatnonzero(np.all(grid == 0, axis=1))[0]
    assert lengths[centre] == pytest.approx(0.0, abs=1e-9)
    # head strokes start at the tip
    np.testing.assert_array_equal(seg[2::6], tips)
    np.testing.assert_array_equal(seg[4::6], tips)
