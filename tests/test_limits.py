"""Section 5 (AdaGrad limit, RMSProp relation) and Section 7.1 (AdaMax limit):
the SymPy derivations, the numerical limits, L^p-Adam, and the ledger verdicts."""

import numpy as np
import pytest
import sympy as sp

from adamtheory import limits, optim
from adamtheory.claims import run_claim
from adamtheory.symbolic import limits as sym
from adamtheory.symbolic.algorithm import alpha, beta1, beta2, t

g, i = sym.g, sym.i


def is_zero(expr) -> bool:
    return sp.simplify(expr) == 0


def steps_of(opt, grads):
    state, out = opt.init(np.zeros(grads.shape[1:])), []
    for grad in grads:
        step, state = opt.update(grad, state)
        out.append(step)
    return np.array(out)


# --- SymPy: Section 5 -----------------------------------------------------------------


def test_ema_weight_solves_the_recurrence():
    assert is_zero(sym.ema_weight(beta2) - (1 - beta2) * beta2 ** (t - i))


def test_adagrad_limit_for_every_t():
    d = sym.adagrad_limit()
    assert is_zero(d.weight_limit - 1 / t)
    assert is_zero(d.v_hat_limit - sp.Sum(g[i] ** 2, (i, 1, t)) / t)
    assert is_zero(d.adagrad_step + alpha * g[t] / sp.sqrt(sp.Sum(g[i] ** 2, (i, 1, t))))


def test_without_correction_v_vanishes_and_steps_blow_up():
    d = sym.adagrad_limit()
    assert d.uncorrected_weight_limit == 0
    assert is_zero(d.uncorrected_step_ratio - 1 / sp.sqrt(1 - beta2**t))
    assert d.uncorrected_ratio_limit == sp.oo
    assert d.uncorrected_ratio_leading == 1  # ratio ~ 1/sqrt(t (1 - beta2))


@pytest.mark.parametrize("T", [1, 2, 3, 5])
def test_limit_of_the_unrolled_definition(T):
    v_hat = sym.unrolled_v_hat(T).subs(beta2, 1 - sym.delta)
    limit = sp.limit(v_hat, sym.delta, 0, "+")
    assert is_zero(limit - sum(g[k] ** 2 for k in range(1, T + 1)) / T)
    v_raw = sym.unrolled_v_hat(T, bias_correction=False).subs(beta2, 1 - sym.delta)
    assert sp.limit(v_raw, sym.delta, 0, "+") == 0


@pytest.mark.parametrize("T", [0, -1, 2.0])
def test_unrolled_rejects_bad_T(T):
    with pytest.raises(ValueError, match="T"):
        sym.unrolled_v_hat(T)
    with pytest.raises(ValueError, match="T"):
        sym.rmsprop_relation(T)


@pytest.mark.parametrize("T", [1, 2, 3, 4])
def test_rmsprop_difference_closed_form(T):
    r = sym.rmsprop_relation(T)
    assert r.residual == 0
    assert is_zero(r.difference - r.closed_form)


def test_rmsprop_difference_after_two_gradients():
    r = sym.rmsprop_relation(2)
    v = sp.IndexedBase("v", positive=True)
    expected = alpha * beta1 * (1 - beta1) * g[1] * (1 / sp.sqrt(v[1]) - 1 / sp.sqrt(v[2]))
    assert is_zero(r.difference - expected)
    # vanishes when v is constant, and for beta1 = 0
    assert is_zero(r.difference.subs(v[2], v[1]))
    assert is_zero(r.difference.subs(beta1, 0))
    # ... and v_1 = v_2 means g_2^2 = (1 - beta2) g_1^2
    gap = r.difference_in_gradients.subs({g[1]: 2, g[2]: 2 * sp.sqrt(1 - beta2)})
    assert is_zero(gap)


# --- SymPy: Section 7.1 ---------------------------------------------------------------


def test_adamax_squeeze_for_every_t():
    d = sym.adamax_limit()
    assert is_zero(d.lp_weight - (1 - beta2**sym.p) * beta2 ** (sym.p * (t - i)))
    assert d.decay_root_limit == 1
    assert d.factorisation_residual == 0
    assert d.term_bound and d.root_increasing
    assert d.terms_count == t  # t symbolic: the squeeze is not a special case
    assert d.lower_limit == 1 and d.upper_limit == 1
    assert d.recursion_residual == 0


def test_adamax_needs_no_correction():
    d = sym.adamax_no_correction()
    c = sp.Symbol("c", positive=True)
    assert d.lp_correction_limit == 1
    assert d.constant_gradient_residual == 0
    assert is_zero(d.constant_gradient_moment - c**sym.p * (1 - beta2 ** (sym.p * t)))
    assert is_zero(d.constant_gradient_u - c)
    assert d.first_step_u == sp.Symbol("|g_1|", positive=True)


# --- numerical limits -----------------------------------------------------------------


def test_adagrad_limit_rate():
    corrected = limits.adagrad_limit_study()
    uncorrected = limits.adagrad_limit_study(bias_correction=False)
    # theory: O((1-beta2)^1) with a relative second-order term <= T (1-beta2) = 0.2 at the
    # largest grid point, which moves a fitted slope by far less than 0.05 (measured 1.0002)
    assert corrected.rate == pytest.approx(1.0, abs=0.05)
    # theory: steps 1/sqrt(t (1-beta2)) times AdaGrad's, so (1-beta2)^(-1/2) (measured -0.502)
    assert uncorrected.rate == pytest.approx(-0.5, abs=0.05)
    assert corrected.distance.max() < 1e-2 < 1 < uncorrected.distance.min()


def test_adagrad_limit_is_one_batch_and_matches_rows_run_alone():
    grid = np.array([1e-6, 1e-4])
    both = limits.adagrad_limit_study(grid, T=50)
    alone = [limits.adagrad_limit_study([x, 0.5], T=50).distance[0] for x in grid]
    np.testing.assert_allclose(both.distance, alone, rtol=1e-12)  # rows are independent


def test_rmsprop_relation_steps_match_the_closed_form():
    rng = np.random.default_rng(3)
    grads = rng.normal(size=(40, 5, 3))
    adam, rms, closed = limits.rmsprop_relation_steps(grads, alpha=0.01)
    scale = np.abs(adam).max()
    np.testing.assert_allclose(adam - rms, closed, atol=1e-13 * scale)  # rounding only
    assert np.abs(adam - rms).max() > 0.1 * scale  # a real difference
    np.testing.assert_allclose(adam[0], rms[0], rtol=1e-14)  # one gradient: identical


def test_adamax_limit_rate():
    study = limits.adamax_limit_study()
    assert np.all(np.diff(study.distance) < 0)
    # error model log(1/(p(1-beta2)))/p: local slope -1.2..-1.4 on p = 4..64; the
    # saturated distance at small p flattens the fit (measured -1.02)
    assert -1.4 < study.rate < -0.8


# --- L^p-Adam -------------------------------------------------------------------------


def test_lp_adam_p2_is_adam_with_beta2_squared():
    grads = np.random.default_rng(4).standard_cauchy(size=(60, 3, 4))
    lp = steps_of(limits.lp_adam(alpha=0.01, beta2=0.99, p=2.0), grads)
    adam = steps_of(optim.adam(alpha=0.01, beta2=0.99**2, eps=0.0), grads)
    np.testing.assert_allclose(lp, adam, rtol=1e-12, atol=1e-18)  # a few ulps


@pytest.mark.parametrize("p", [1.0, 3.0, 8.0, 20.0])
def test_lp_adam_matches_the_naive_formula(p):
    grads = np.random.default_rng(5).normal(size=(40, 6))
    m, v, naive = np.zeros(6), np.zeros(6), []
    b1, b2 = 0.9, 0.99
    for k, grad in enumerate(grads, 1):
        m = b1 * m + (1 - b1) * grad
        v = b2**p * v + (1 - b2**p) * np.abs(grad) ** p
        naive.append(-0.01 * (m / (1 - b1**k)) / (v / (1 - b2 ** (p * k))) ** (1 / p))
    lp = steps_of(limits.lp_adam(alpha=0.01, beta1=b1, beta2=b2, p=p), grads)
    np.testing.assert_allclose(lp, naive, rtol=1e-12)


def test_lp_adam_does_not_overflow():
    grads = np.random.default_rng(6).normal(size=(30, 1, 5))
    ps = np.array([[2.0], [64.0], [1000.0]])
    base = np.broadcast_to(grads, (30, 3, 5))
    with np.errstate(over="raise", under="ignore"):
        unit = steps_of(limits.lp_adam(p=ps), base)
        huge = steps_of(limits.lp_adam(p=ps), 1e100 * base)  # |g|^64 would be 1e6400
        tiny = steps_of(limits.lp_adam(p=ps), 1e-100 * base)
    # eps = 0: the step is invariant to the gradient scale, to rounding
    np.testing.assert_allclose(huge, unit, rtol=1e-12)
    np.testing.assert_allclose(tiny, unit, rtol=1e-12)


def test_lp_adam_large_p_is_adamax():
    grads = np.random.default_rng(7).normal(size=(50, 4))
    adamax = steps_of(optim.adamax(alpha=0.002), grads)
    lp = steps_of(limits.lp_adam(alpha=0.002, p=1e5), grads)
    # (1-beta2^p)^(1/p) = 1 and t^(1/p) - 1 <= log(50)/1e5 = 4e-5
    np.testing.assert_allclose(lp, adamax, rtol=1e-4)


def test_lp_adam_zero_gradients_give_zero_steps():
    grads = np.zeros((3, 2))
    assert np.all(steps_of(limits.lp_adam(p=4.0), grads) == 0)


@pytest.mark.parametrize(
    "kwargs, name", [({"p": 0.5}, "p"), ({"beta2": 1.0}, "beta2"), ({"alpha": 0.0}, "alpha")]
)
def test_lp_adam_rejects_bad_hyperparameters(kwargs, name):
    with pytest.raises(ValueError, match=name):
        limits.lp_adam(**kwargs)


def test_fit_power_law_and_bad_input():
    x = np.array([1.0, 10.0, 100.0])
    rate, constant = limits.fit_power_law(x, 3 * x**-0.5)
    assert rate == pytest.approx(-0.5) and constant == pytest.approx(3.0)
    with pytest.raises(ValueError, match="positive"):
        limits.fit_power_law(x, -x)
    with pytest.raises(ValueError, match="one_minus_beta2"):
        limits.adagrad_limit_study([1.5, 0.1])
    with pytest.raises(ValueError, match="ps"):
        limits.adamax_limit_study([0.5, 2])
    with pytest.raises(ValueError, match="T"):
        limits.noisy_quadratic(0)


# --- ledger ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "claim_id",
    [
        "sec5-adagrad-limit",
        "sec5-rmsprop-relation",
        "sec7.1-adamax-limit",
        "sec7.1-adamax-no-correction",
    ],
)
def test_verdicts(claim_id):
    row = run_claim(claim_id)
    assert row.error is None
    assert row.result.verdict == "verified"
