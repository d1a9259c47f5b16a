"""The lowest layer against independent references: the EMA against its recursion
written out, the power-law fit against exact powers and SciPy, the validators' errors,
numbers printed without round-off digits."""

import math

import numpy as np
import pytest

from adamtheory.core import ema, fit, report, symbols, validation


def _recursion(x, beta, initial):
    y, out = np.array(initial, dtype=float), []
    for value in x:
        y = beta * y + (1 - beta) * value
        out.append(y)
    return np.array(out)


@pytest.mark.parametrize("beta", [0.0, 0.5, 0.9, 0.999])
def test_ema_of_a_sequence_equals_the_recursion(beta):
    x = np.random.default_rng(0).standard_normal((200, 3))
    np.testing.assert_allclose(ema.ema(x, beta, 0.7), _recursion(x, beta, 0.7), rtol=1e-12)


def test_ema_per_run_decays_share_one_sequence():
    x = np.random.default_rng(1).standard_normal((100, 1, 4))
    betas = np.array([0.9, 0.5, 0.9])
    out = ema.ema(x, betas, np.zeros((3, 4)))
    for k, b in enumerate(betas):
        np.testing.assert_allclose(out[:, k], _recursion(x[:, 0], b, np.zeros(4)), rtol=1e-12)
    with pytest.raises(ValueError, match="x must have shape"):
        ema.ema(np.zeros((5, 2, 4)), betas)


def test_ema_update_is_the_convex_combination_and_pure():
    previous, value = np.array([1.0, -2.0]), np.array([3.0, 4.0])
    out = ema.ema_update(previous, value, 0.9)
    np.testing.assert_allclose(out, 0.9 * previous + 0.1 * value, rtol=1e-15)
    assert previous.tolist() == [1.0, -2.0]


def test_debias_makes_a_constant_sequence_exact():
    t = np.arange(1, 2001)
    averaged = ema.ema(np.full(2000, 3.0), 0.999)
    np.testing.assert_allclose(ema.debias(averaged, 0.999, t), 3.0, rtol=1e-11)
    assert ema.one_minus_power(0.0, 5) == 1.0
    assert math.isclose(float(ema.one_minus_power(1 - 1e-12, 1)), 1e-12, rel_tol=1e-4)


def test_power_law_fit_recovers_exact_powers_and_matches_scipy():
    from scipy import stats

    x = np.array([1.0, 2.0, 4.0, 8.0, 16.0])
    result = fit.fit_power_law(x, 3.0 * x**-0.5)
    assert math.isclose(result.rate, -0.5, abs_tol=1e-12) and math.isclose(result.scale, 3.0)
    noisy = 3.0 * x**-0.5 * np.array([1.01, 0.99, 1.02, 0.98, 1.0])
    reference = stats.linregress(np.log(x), np.log(noisy))
    got = fit.fit_power_law(x, noisy)
    assert math.isclose(got.rate, reference.slope) and got.low < got.rate < got.high
    with pytest.raises(ValueError, match="positive"):
        fit.fit_power_law([1, 2], [1, -1])


@pytest.mark.parametrize(
    ("call", "error", "name"),
    [
        (lambda: validation.positive("alpha", 0), ValueError, "alpha"),
        (lambda: validation.positive("alpha", "1"), TypeError, "alpha"),
        (lambda: validation.positive("alpha", True), TypeError, "alpha"),
        (lambda: validation.unit("beta1", 1.0), ValueError, "beta1"),
        (lambda: validation.betas(0.9, [1.2]), ValueError, "beta2"),
        (lambda: validation.count("T", 2.5), TypeError, "T"),
        (lambda: validation.count("T", True), TypeError, "T"),
        (lambda: validation.count("T", 0), ValueError, "T"),
        (lambda: validation.steps(2.5), TypeError, "t"),
        (lambda: validation.steps(np.inf), TypeError, "t"),
        (lambda: validation.steps(0), ValueError, "t"),
        (lambda: validation.steps([1, [2, 3]]), TypeError, "t"),
        (lambda: fit.fit_power_law([2, 2, 2], [1, 2, 3]), ValueError, "x"),
        (lambda: fit.fit_convergence_rate([1, 2], [1.0, 0.5]), ValueError, "distance"),
        (lambda: validation.flag("centered", "no"), TypeError, "centered"),
        (lambda: validation.choice("variant", "x", ("a", "b")), ValueError, "variant"),
        (lambda: validation.record("result", [("cost", 1.0)]), TypeError, "result"),
        (
            lambda: validation.record("result", {"cost": 1.0}, ("cost", "seeds")),
            ValueError,
            "seeds",
        ),
        (lambda: validation.generator("rng", 0), TypeError, "rng"),
        (lambda: validation.counts("ts", [10, 2.5]), TypeError, r"ts\[1\]"),
        (lambda: validation.counts("ts", [10], least=3), ValueError, "ts"),
        (
            lambda: validation.grid("alphas", [0.1, -1.0], validation.positive),
            ValueError,
            "alphas",
        ),
        (lambda: validation.grid("alphas", [], validation.positive), ValueError, "alphas"),
        (lambda: validation.class_labels("y", [0, -1], 2, 3, "X", "model"), ValueError, "y"),
        (lambda: validation.class_labels("y", [0.0, 1.0], 2, 3, "X", "model"), TypeError, "y"),
        (lambda: validation.class_labels("y", [0, 1, 2], 2, 3, "X", "model"), ValueError, "X"),
        (lambda: validation.generator("rng", np.random.RandomState(0)), TypeError, "rng"),
    ],
)
def test_validators_name_the_argument(call, error, name):
    with pytest.raises(error, match=name):
        call()


def test_an_exact_fit_of_a_constant_has_an_interval_of_zero_width():
    # was: low = high = nan (linregress's stderr is 0/0 for a constant y)
    got = fit.fit_power_law([1.0, 2.0, 4.0], [3.0, 3.0, 3.0])
    assert (got.rate, got.low, got.high) == (0.0, 0.0, 0.0)
    assert math.isclose(got.scale, 3.0)


def test_counts_and_grid_return_plain_values():
    assert validation.counts("seeds", np.arange(3), minimum=0) == (0, 1, 2)
    got = validation.grid("beta2s", (0.9, 0.99), validation.unit)
    assert got.dtype == np.float64 and got.tolist() == [0.9, 0.99]


def test_record_and_generator_return_their_valid_input():
    result = {"cost": 1.0, "seeds": 3}
    assert validation.record("result", result, ("cost",)) is result
    rng = np.random.default_rng(0)
    assert validation.generator("rng", rng) is rng


def test_steps_accept_large_counts():
    assert validation.steps(10**20) == 1e20
    assert validation.steps(3.0) == 3.0


def test_report_prints_bounds_for_round_off():
    assert report.at_most(3.1e-15) == "< 1e-12"
    assert report.at_most(-3.4e-15) == "< 1e-12"
    assert report.at_most(0.01234) == "0.0123"
    assert report.at_most(4.6e-12, 1e-9) == "< 1e-9"


def test_one_symbol_table():
    import sympy as sp

    assert symbols.is_zero(symbols.g[1] - sp.IndexedBase("g", real=True)[1])
    assert not symbols.is_zero(symbols.beta1 - symbols.beta2)
