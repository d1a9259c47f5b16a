"""The exact worst case of Adam's and AdaMax's effective step (paper.update_rule.bounds),
against a search in the raw gradients, random sequences, a linear program, 50-digit
arithmetic and the optimizers themselves; bad input to every public function."""

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from adamtheory import optim
from adamtheory.paper.update_rule.bounds import (
    geometric_sum,
    max_effective_step,
    max_effective_step_adamax,
    paper_step_bound,
    worst_case_gradients,
    worst_case_gradients_adamax,
)
from adamtheory.paper.update_rule.search import (
    adam_ratio,
    adam_ratio_exact,
    adamax_box_search,
    adamax_ratio,
    sampled_max_ratio,
    search_max_ratio,
)

# defaults, equal case, beta1 = 0, beta1 = beta2, "otherwise", unbounded, extremes
BETA1 = np.array([0.9, 0.9, 0.0, 0.9, 0.9, 0.9, 0.5, 0.99, 0.0])
BETA2 = np.array([0.999, 0.99, 0.999, 0.9, 0.95, 0.8, 0.3, 0.9999, 0.5])
betas = st.floats(0.0, 0.999)
# Ratios computed through a recursion of t steps carry ~t ulps of rounding: 1e-12 is
# far above that (t <= 60) and far below any real excess over the supremum.
ROUNDING = 1e-12


@pytest.mark.parametrize("t", [1, 2, 7, 25])
def test_raw_gradient_search_reaches_the_closed_form_and_never_exceeds_it(t):
    found = search_max_ratio(BETA1, BETA2, t, restarts=4, seed=t)
    exact = max_effective_step(BETA1, BETA2, t)
    np.testing.assert_allclose(found.best, exact, rtol=1e-9)
    assert np.all(found.highest_seen <= exact * (1 + ROUNDING))
    # the search found the maximiser's shape, not only its value
    for k in range(len(BETA1)):
        if BETA1[k] > 0 and t > 1:
            expected = worst_case_gradients(BETA1[k], BETA2[k], t)
            expected = expected / np.max(np.abs(expected))  # both scaled to max |g_i| = 1
            np.testing.assert_allclose(np.abs(found.grads[k]), expected, atol=1e-5)


def test_exact_rescoring_agrees_with_the_float64_recursion():
    grads = np.random.default_rng(3).standard_normal(50)
    assert adam_ratio_exact(grads, 0.9, 0.999) == pytest.approx(
        adam_ratio(grads, 0.9, 0.999), rel=1e-13
    )
    assert adam_ratio_exact(np.zeros(4), 0.9, 0.999) == 0.0


def test_adamax_linear_program_reaches_its_closed_form():
    b1, b2 = np.array([0.9, 0.5, 0.0, 0.9]), np.array([0.999, 0.9, 0.99, 0.5])
    found = adamax_box_search(b1, b2, 40)
    # HiGHS stops within its feasibility tolerance (1e-7, relative to box sides that span
    # beta2^-39 = 5e11 at beta2 = 0.5): a few 1e-6 below the vertex, never above it
    exact = max_effective_step_adamax(b1, b2, 40)
    np.testing.assert_allclose(found, exact, rtol=1e-5)
    assert np.all(found <= exact * (1 + ROUNDING))


def test_search_without_bias_correction():
    found = search_max_ratio(BETA1, BETA2, 12, restarts=3, bias_correction=False)
    exact = max_effective_step(BETA1, BETA2, 12, bias_correction=False)
    np.testing.assert_allclose(found.best, exact, rtol=1e-6)


def test_random_sparse_and_heavy_tailed_sequences_stay_below():
    steps = 150
    sampled = sampled_max_ratio(BETA1, BETA2, steps, sequences=60, seed=1)
    exact = max_effective_step(BETA1[:, None], BETA2[:, None], np.arange(1, steps + 1)).T
    assert np.all(sampled <= exact[:, :, None] * (1 + ROUNDING))
    # and typical sequences stay well below for t >= 2 where the sup exceeds 1
    assert np.all(sampled[1:] / exact[1:, :, None] <= 1 + ROUNDING)


@pytest.mark.parametrize(("beta1", "beta2"), list(zip(BETA1, BETA2, strict=True)))
@pytest.mark.parametrize("t", [1, 3, 50])
def test_worst_case_sequence_attains_the_sup_through_optim_adam(beta1, beta2, t):
    grads = worst_case_gradients(beta1, beta2, t)
    opt = optim.adam(alpha=1.0, beta1=beta1, beta2=beta2, eps=0.0)
    state = opt.init(np.zeros(1))
    for g in grads:
        step, state = opt.update(np.array([g]), state)
    assert abs(step[0]) == pytest.approx(max_effective_step(beta1, beta2, t), rel=1e-12)


def test_worst_case_sequence_without_bias_correction():
    grads = worst_case_gradients(0.9, 0.999, 40)
    value = adam_ratio(grads, 0.9, 0.999, bias_correction=False)
    assert value == pytest.approx(max_effective_step(0.9, 0.999, 40, bias_correction=False))


def test_paper_defaults_and_named_cases():
    # defaults: the paper claims 0.1/sqrt(0.001) = 3.162; the exact limit is 7.270
    assert paper_step_bound(0.9, 0.999) == pytest.approx(0.1 / math.sqrt(0.001))
    assert max_effective_step(0.9, 0.999) == pytest.approx(
        0.1 / math.sqrt(0.001 * (1 - 0.81 / 0.999))
    )
    assert max_effective_step(0.9, 0.999) == pytest.approx(7.2702918, rel=1e-7)
    assert paper_step_bound(0.9, 0.99) == 1.0  # the equal case is "otherwise"
    assert max_effective_step(0.9, 0.99) == pytest.approx(1 / math.sqrt(1 - 0.9 / 1.1))
    assert math.isinf(max_effective_step(0.9, 0.81))  # beta1^2 = beta2: unbounded
    assert math.isinf(max_effective_step(0.9, 0.8))


def test_beta1_equal_beta2_gives_exactly_one_at_every_t():
    beta = np.linspace(0.01, 0.99, 50)
    t = np.array([[1], [2], [10], [1000], [10**6]])
    np.testing.assert_allclose(max_effective_step(beta, beta, t), 1.0, rtol=1e-13)
    np.testing.assert_allclose(max_effective_step(beta, beta), 1.0, rtol=1e-13)


def test_beta1_zero_is_the_sparse_case():
    beta2, t = 0.999, np.array([1, 10, 1000, 100000])
    expected = np.sqrt((1 - beta2**t) / (1 - beta2))
    np.testing.assert_allclose(max_effective_step(0.0, beta2, t), expected, rtol=1e-13)
    assert max_effective_step(0.0, beta2) == pytest.approx(paper_step_bound(0.0, beta2))
    np.testing.assert_array_equal(worst_case_gradients(0.0, beta2, 4), [0, 0, 0, 1])


def test_beta2_zero():
    assert max_effective_step(0.9, 0.0, 1) == 1.0
    assert math.isinf(max_effective_step(0.9, 0.0, 2))
    assert max_effective_step(0.0, 0.0, 5) == 1.0
    with pytest.raises(ValueError, match="infinite"):
        worst_case_gradients(0.9, 0.0, 3)


def test_finite_t_tends_to_the_limit():
    b1, b2 = np.meshgrid([0.0, 0.5, 0.9, 0.99], [0.99, 0.999, 0.9999])
    far = max_effective_step(b1, b2, 10**7)
    np.testing.assert_allclose(far, max_effective_step(b1, b2), rtol=1e-9)


def test_geometric_sum_is_accurate_near_one():
    r = 1 - 1e-12
    assert geometric_sum(r, 1000) == pytest.approx(1000 - 1000 * 999 / 2 * 1e-12, rel=1e-12)
    assert geometric_sum(1.0, 7) == 7
    assert geometric_sum(0.0, 7) == 1
    assert math.isinf(geometric_sum(1.0))


def test_broadcasting_over_betas_and_t():
    b1 = np.array([[0.0], [0.5], [0.9]])
    out = max_effective_step(b1, np.array([0.9, 0.99, 0.999, 0.9999]))
    assert out.shape == (3, 4)
    per_t = max_effective_step(0.9, 0.999, np.arange(1, 6))
    assert per_t.shape == (5,)
    assert isinstance(max_effective_step(0.9, 0.999), float)
    assert max_effective_step_adamax(b1, 0.999).shape == (3, 1)
    assert paper_step_bound(b1, 0.999).shape == (3, 1)


@pytest.mark.parametrize(
    ("kwargs", "error", "name"),
    [
        ({"beta1": 1.0, "beta2": 0.9}, ValueError, "beta1"),
        ({"beta1": -0.1, "beta2": 0.9}, ValueError, "beta1"),
        ({"beta1": 0.9, "beta2": math.nan}, ValueError, "beta2"),
        ({"beta1": 0.9, "beta2": "0.9"}, TypeError, "beta2"),
        ({"beta1": True, "beta2": 0.9}, TypeError, "beta1"),
        ({"beta1": 0.9, "beta2": 0.9, "t": 0}, ValueError, "t"),
        ({"beta1": 0.9, "beta2": 0.9, "t": 2.5}, TypeError, "t"),
        ({"beta1": [0.1, 0.2], "beta2": [0.9, 0.9, 0.9]}, ValueError, "broadcast"),
    ],
)
def test_bad_input_names_the_argument(kwargs, error, name):
    with pytest.raises(error, match=name):
        max_effective_step(**kwargs)
    if "t" not in kwargs:
        with pytest.raises(error, match=name):
            paper_step_bound(**kwargs)
    with pytest.raises(error, match=name):
        max_effective_step_adamax(**kwargs)


def test_worst_case_needs_scalars_and_an_integer_t():
    with pytest.raises(TypeError, match="t must"):
        worst_case_gradients(0.9, 0.999, None)
    with pytest.raises(ValueError, match="scalars"):
        worst_case_gradients([0.9, 0.8], 0.999, 5)
    with pytest.raises(ValueError, match="t must be <="):
        worst_case_gradients(0.9, 0.999, 10**20)
    with pytest.raises(ValueError, match="t must"):
        worst_case_gradients_adamax(0.9, 0.999, 0)


@pytest.mark.parametrize(
    ("r", "t", "error", "name"),
    [
        (-0.5, 3, ValueError, "r must be >= 0"),  # was 7.0 (true sum 0.75): a silent wrong answer
        (math.nan, 3, ValueError, "r must be >= 0"),  # was 7.0
        ("0.5", 3, TypeError, "r must"),
        (True, 3, TypeError, "r must"),
        (0.5, -2, ValueError, "t must"),  # was accepted
        (0.5, 2.5, TypeError, "t must"),  # was accepted
        (0.5, 0, ValueError, "t must"),
        (0.5, "3", TypeError, "t must"),
        (0.5, True, TypeError, "t must"),
    ],
)
def test_geometric_sum_rejects_bad_input(r, t, error, name):
    with pytest.raises(error, match=name):
        geometric_sum(r, t)


def test_geometric_sum_values_and_limits():
    assert geometric_sum(0.5, 3) == 1.75
    assert geometric_sum(0.5) == 2.0
    assert geometric_sum(math.inf, 1) == 1.0
    assert math.isinf(geometric_sum(math.inf, 2))
    np.testing.assert_allclose(geometric_sum(np.array([0.0, 0.5, 2.0]), 4), [1, 1.875, 15])


def test_flags_are_real_bools():
    with pytest.raises(TypeError, match="bias_correction"):
        max_effective_step(0.9, 0.999, 10, bias_correction="no")  # was truthy: kept correction
    with pytest.raises(TypeError, match="bias_correction"):
        search_max_ratio(0.9, 0.999, 3, bias_correction="no")
    with pytest.raises(TypeError, match="bias_correction"):
        adam_ratio([1.0, 2.0], 0.9, 0.999, bias_correction=1)


def test_huge_t_is_a_step_count_not_an_error():
    # was "t must be an integer >= 1" for 10**20
    assert max_effective_step(0.9, 0.999, t=10**20) == pytest.approx(
        max_effective_step(0.9, 0.999)
    )
    assert max_effective_step_adamax(0.9, 0.999, t=10**20) == pytest.approx(0.1 * 0.999 / 0.099)


@pytest.mark.parametrize(
    ("call", "error", "name"),
    [
        (lambda: search_max_ratio(0.9, 0.0, 3), ValueError, "beta2"),
        (lambda: search_max_ratio(0.9, 0.999, 0), ValueError, "t must"),
        (lambda: search_max_ratio(0.9, 0.999, 2.0), TypeError, "t must"),
        (lambda: search_max_ratio(0.9, 0.999, 3, restarts=0), ValueError, "restarts"),
        (lambda: sampled_max_ratio(0.9, 0.999, -1), ValueError, "steps"),
        (lambda: sampled_max_ratio(0.9, 0.999, 5, sequences=1.5), TypeError, "sequences"),
        (lambda: adam_ratio([], 0.9, 0.999), ValueError, "grads"),
        (lambda: adam_ratio("abc", 0.9, 0.999), TypeError, "grads"),
        (lambda: adam_ratio([1.0], 1.5, 0.999), ValueError, "beta1"),
        (lambda: adamax_ratio([], 0.9, 0.999), ValueError, "grads"),
        (lambda: adam_ratio_exact([[1.0]], 0.9, 0.999), ValueError, "grads"),
        (lambda: adam_ratio_exact([1.0], 0.9, 0.999, digits=0), ValueError, "digits"),
        (lambda: adamax_box_search(0.9, 0.0, 5), ValueError, "beta2"),
        (lambda: adamax_box_search(0.9, 0.999, -5), ValueError, "t must"),
    ],
)
def test_search_functions_name_the_bad_argument(call, error, name):
    with pytest.raises(error, match=name):
        call()


# ---------------------------------------------------------------- properties
@settings(max_examples=60, deadline=None)
@given(
    beta1=betas,
    beta2=st.floats(0.01, 0.999),
    grads=st.lists(st.floats(-1e3, 1e3), min_size=1, max_size=40),
)
def test_no_sequence_beats_the_closed_form(beta1, beta2, grads):
    g = np.array(grads)
    if not np.any(g):
        return
    exact = max_effective_step(beta1, beta2, len(g))
    assert adam_ratio(g, beta1, beta2) <= exact * (1 + ROUNDING)
    exact_max = max_effective_step_adamax(beta1, beta2, len(g))
    assert adamax_ratio(g, beta1, beta2) <= exact_max * (1 + ROUNDING)


@settings(max_examples=60, deadline=None)
@given(beta1=betas, beta2=st.floats(0.001, 0.999))
def test_limit_is_at_least_one_with_equality_iff_beta1_equals_beta2(beta1, beta2):
    # (1-b1)^2 b2 / ((1-b2)(b2-b1^2)) - 1 = (b1-b2)^2 / ((1-b2)(b2-b1^2)) >= 0
    limit = max_effective_step(beta1, beta2)
    if beta1**2 >= beta2:
        assert math.isinf(limit)
        return
    excess = (beta1 - beta2) ** 2 / ((1 - beta2) * (beta2 - beta1**2))
    assert limit**2 - 1 == pytest.approx(excess, rel=1e-9, abs=1e-12)
    # and it is never below the paper's sparse-case value (1 - b1)/sqrt(1 - b2)
    assert limit >= (1 - beta1) / math.sqrt(1 - beta2) * (1 - 1e-15)


@settings(max_examples=40, deadline=None)
@given(beta1=betas, beta2=st.floats(0.01, 0.999), t=st.integers(1, 300))
def test_adamax_worst_case_attains_its_closed_form(beta1, beta2, t):
    # the sequence spans beta2^-(t-1): keep it (and u_t) inside float64's normal range
    assume((t - 1) * -math.log(beta2) < 600)
    try:
        grads = worst_case_gradients_adamax(beta1, beta2, t)
    except ValueError:  # not representable in float64: said so, not silently wrong
        assume(False)
    exact = max_effective_step_adamax(beta1, beta2, t)
    assert adamax_ratio(grads, beta1, beta2) == pytest.approx(exact, rel=1e-10)


def test_adamax_limit_and_optim_adamax():
    assert max_effective_step_adamax(0.9, 0.999) == pytest.approx(0.1 * 0.999 / 0.099)
    assert max_effective_step_adamax(0.0, 0.999) == 1.0
    assert math.isinf(max_effective_step_adamax(0.9, 0.9))
    grads = worst_case_gradients_adamax(0.9, 0.999, 500)
    opt = optim.adamax(alpha=1.0)
    state = opt.init(np.zeros(1))
    for g in grads:
        step, state = opt.update(np.array([g]), state)
    assert abs(step[0]) == pytest.approx(max_effective_step_adamax(0.9, 0.999, 500), rel=1e-12)
    assert abs(step[0]) > 1  # the paper's |Delta_t| <= alpha fails


@settings(max_examples=40, deadline=None)
@given(beta1=betas, beta2=st.floats(0.01, 0.999), t=st.integers(1, 300))
def test_adam_worst_case_attains_its_closed_form(beta1, beta2, t):
    # g_i = (beta1/beta2)^(t-i) must fit float64 with its square: a range below 1e150
    assume(beta1 == 0 or (t - 1) * abs(math.log(beta1 / beta2)) < 300)
    grads = worst_case_gradients(beta1, beta2, t)
    exact = max_effective_step(beta1, beta2, t)
    # t recursion steps of rounding, amplified where m_t's terms nearly cancel: none do here
    assert adam_ratio(grads, beta1, beta2) == pytest.approx(exact, rel=1e-10)
