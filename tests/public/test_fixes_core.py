"""Regression tests of the bugs the public-input property test found in the core layer
(``adamtheory.core``): each failed before its fix."""

from __future__ import annotations

import math

import numpy as np
import pytest

from adamtheory.core import fit, report


def test_report_refuses_strings_and_bad_floors():
    # was: at_most("0.1") -> "0.1", at_most(True) -> "1", floor=-1 ignored silently
    with pytest.raises(TypeError, match="x"):
        report.at_most("0.1")
    with pytest.raises(TypeError, match="x"):
        report.rounded(True)
    with pytest.raises(ValueError, match="floor"):
        report.at_most(1e-15, floor=-1.0)
    with pytest.raises(TypeError, match="digits"):
        report.rounded(1.0, digits=2.5)
    assert report.at_most(math.nan) == "nan"  # NaN still prints as such


def test_fit_power_law_checks_level_and_types():
    x = np.arange(1.0, 9.0)
    # was: level=nan or 1.5 gave an interval of NaNs silently
    with pytest.raises(ValueError, match="level"):
        fit.fit_power_law(x, x**-0.5, level=1.5)
    with pytest.raises(TypeError, match="y"):
        fit.fit_power_law(x, x * 1j)


def test_ema_helpers_validate_beta_t_and_arrays():
    from adamtheory.core import ema

    # was: debias(g, beta='0.1', t) accepted the string; t=2.5, t=0 and beta=1 computed
    with pytest.raises(TypeError, match="beta"):
        ema.debias(np.ones(3), "0.1", 3)
    with pytest.raises(TypeError, match="t"):
        ema.one_minus_power(0.9, 2.5)
    with pytest.raises(ValueError, match="beta"):
        ema.one_minus_power(1.0, 3)  # 1 - 1^t = 0: debias would divide by zero
    with pytest.raises(ValueError, match="x"):
        ema.ema(np.array([1.0, np.nan]), 0.9)


def test_ema_update_refuses_strings_bools_complex_and_mismatches_by_name():
    from adamtheory.core import ema

    g = np.array([0.1, -0.2, 0.3])
    # was: numpy's UFuncTypeError / "unsupported operand type(s)" naming nothing
    with pytest.raises(TypeError, match="previous and value"):
        ema.ema_update("x", g, 0.9)
    with pytest.raises(TypeError, match="beta"):
        ema.ema_update(g, g, "0.1")
    # was: True taken as 1.0, complex and object arrays averaged silently
    with pytest.raises(TypeError, match="previous and value"):
        ema.ema_update(g, True, 0.9)
    with pytest.raises(TypeError, match="previous and value"):
        ema.ema_update(g, g * 1j, 0.9)
    with pytest.raises(ValueError, match="previous and value"):
        ema.ema_update(g, np.ones(4), 0.9)
    # was: beta = 1.0 (the average never moves) and beta = 1.5 accepted
    for beta in (1.0, 1.5, -0.5, math.nan, True):
        with pytest.raises((TypeError, ValueError), match="beta"):
            ema.ema_update(g, g, beta)
    # the happy path is unchanged (a NumPy float beta, an array beta)
    assert np.allclose(ema.ema_update(g, 2 * g, np.float64(0.5)), 1.5 * g)
    assert np.allclose(ema.ema_update(g, 2 * g, np.array([0.5, 0.0, 0.5])), [0.15, -0.4, 0.45])


def test_debias_broadcasts_average_against_beta_and_t():
    from adamtheory.core import ema

    # documented (elementwise); the harness had refused (2, 5) and (4,) averages
    out = ema.debias(np.ones((2, 5)), 0.5, 1)
    assert out.shape == (2, 5) and np.allclose(out, 2.0)
