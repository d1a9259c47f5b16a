"""The online harness: feasible sets, hand-computed regrets, comparators against brute force,
Theorem 4.1's quantities, batching, every optimizer."""

import itertools

import numpy as np
import pytest

from adamtheory import online, optim
from adamtheory.optim import schedules
from adamtheory.problems import (
    HingeStream,
    LinearLosses,
    logistic_stream,
    power_law_frequencies,
    random_linear,
    sparse_hinge,
)

# ----------------------------------------------------------------------------- feasible sets


def test_box_projection_clips_each_coordinate_and_batches_radii():
    theta = np.array([[2.0, -3.0, 0.5], [2.0, -3.0, 0.5]])
    box = online.Box(np.array([[1.0], [2.5]]))
    assert box.project(theta).tolist() == [[1.0, -1.0, 0.5], [2.0, -2.5, 0.5]]
    assert np.allclose(online.Box(1.0).diameter(4), 4.0)  # 2 r sqrt(d)
    assert online.Box(1.0).diameter_inf(4) == 2.0


def test_ball_projection_rescales_rows_outside_only():
    theta = np.array([[3.0, 4.0], [0.3, 0.4]])
    out = online.Ball(1.0).project(theta)
    assert np.allclose(out, [[0.6, 0.8], [0.3, 0.4]])
    in_place = theta.copy()
    online.Ball(1.0).project(in_place, out=in_place)
    assert np.allclose(in_place, out)


def test_whole_space_is_the_identity_and_radius_is_validated():
    theta = np.array([[5.0, -7.0]])
    assert np.array_equal(online.Whole().project(theta), theta)
    with pytest.raises(ValueError, match="radius"):
        online.Box(0.0)
    with pytest.raises(ValueError, match="radius"):
        online.Ball(-1.0)


# ----------------------------------------------------------------------------- hand-computed regret


def test_regret_of_sgd_on_a_single_linear_loss_by_hand():
    # f_t(x) = x on [-1, 1], x_1 = 0, constant step 0.25: x_t = max(-1, -0.25 (t - 1)).
    problem = LinearLosses([[1.0]], domain=online.Box(1.0))
    result = online.run(optim.sgd(alpha=0.25), problem, T=6)
    played = np.array([0.0, -0.25, -0.5, -0.75, -1.0, -1.0])
    assert np.allclose(result.losses[:, 0], played)
    # comparator x* = -1 pays -1 a round: R(t) = sum_s (x_s + 1)
    assert np.allclose(result.regret[:, 0], np.cumsum(played + 1))
    assert result.final_regret[0] == pytest.approx(2.5)
    assert result.comparator.method == "exact"


def test_prefix_regret_uses_each_prefix_own_minimum():
    # f_t = +x, -x, +x, ...: prefix sums S_t = 1, 0, 1, 0; x stays 0 with sgd? no: it moves
    problem = LinearLosses([[1.0], [-1.0]], domain=online.Box(1.0))
    result = online.run(optim.sgd(alpha=0.5), problem, T=4)
    # played 0, -0.5, 0, -0.5: cumulative loss 0, 0.5, 0.5, 1; prefix minima -1, 0, -1, 0
    assert np.allclose(result.cumulative_loss[:, 0], [0.0, 0.5, 0.5, 1.0])
    assert np.allclose(result.prefix_regret[:, 0], [1.0, 0.5, 1.5, 1.0])


def test_record_keeps_log_spaced_rounds_and_the_exact_final_regret():
    problem = random_linear(300, 3, batch=2, seed=1)
    full = online.run(optim.adam(alpha=0.1), problem, 300)
    sparse = online.run(optim.adam(alpha=0.1), problem, 300, record=10)
    assert sparse.t[-1] == 300 and sparse.t.size <= 10
    assert np.allclose(sparse.regret, full.regret[sparse.t - 1])  # same arithmetic
    assert np.allclose(sparse.final_regret, full.final_regret)


# ----------------------------------------------------------------------------- comparators


def test_linear_comparator_is_the_best_vertex_by_enumeration():
    problem = random_linear(50, 3, batch=4, seed=2, domain=online.Box(0.7))
    comp = problem.best_fixed(50)
    S = problem.coefficient_sum(50)  # (K, 3)
    vertices = 0.7 * np.array(list(itertools.product([-1, 1], repeat=3)), float)
    brute = (S @ vertices.T).min(axis=1)
    assert np.allclose(comp.total_loss, brute, rtol=0, atol=1e-12)


def test_linear_comparator_on_a_ball_is_minus_r_norm():
    problem = random_linear(40, 4, batch=3, seed=3, domain=online.Ball(2.0))
    S = problem.coefficient_sum(40)
    assert np.allclose(problem.best_fixed(40).total_loss, -2.0 * np.linalg.norm(S, axis=1))


def test_logistic_comparator_matches_a_brute_force_grid():
    problem = logistic_stream(60, 2, batch=2, seed=4, domain=online.Box(1.0))
    comp = problem.best_fixed(60)
    axis = np.linspace(-1, 1, 401)
    grid = np.array(np.meshgrid(axis, axis)).reshape(2, -1).T  # (n, 2)
    for k in range(2):
        X, y = problem.features[k], problem.labels[k]
        brute = np.logaddexp(0, -y[:, None] * (X @ grid.T)).sum(axis=0).min()
        # the grid (spacing 0.005) is within ~1e-3 of the minimum; the comparator is at
        # least as good and its certified gap is tiny
        assert comp.total_loss[k] <= brute + 1e-9
        assert comp.gap[k] < 1e-4


def test_hinge_comparator_by_linear_programming_matches_a_brute_force_grid():
    problem = sparse_hinge(40, 2, a=1.0, batch=1, seed=5)
    comp = problem.best_fixed(40)
    axis = np.linspace(-1, 1, 201)
    grid = np.array(np.meshgrid(axis, axis)).reshape(2, -1).T
    brute = problem.total_loss(40, grid[:, None, :].reshape(-1, 2)[:, :])  # rows as points
    # the LP optimum is a vertex of a piecewise-linear function; the grid contains the box's
    # vertices, and the optimum is at most the grid minimum (LP tolerance ~1e-7)
    assert comp.total_loss[0] <= brute.min() + 1e-7
    assert comp.gap[0] < 1e-6


# ----------------------------------------------------------------------------- Theorem 4.1's quantities


def test_theorem_quantities_equal_a_hand_loop():
    problem = random_linear(80, 3, batch=2, seed=6)
    beta2 = 0.99
    opt = optim.adam(alpha=0.05, beta1=0.9, beta2=beta2)
    result = online.run(opt, problem, 80)
    g = problem.coefficients  # (K, T, d): gradients do not depend on theta
    assert np.allclose(result.grad_norms, np.sqrt((g**2).sum(axis=1)))
    assert np.allclose(result.G, np.linalg.norm(g, axis=2).max(axis=1))
    assert np.allclose(result.G_inf, np.abs(g).max(axis=(1, 2)))
    v = np.zeros((2, 3))
    for t in range(80):
        v = beta2 * v + (1 - beta2) * g[:, t] ** 2
    assert np.allclose(result.v_hat, v / (1 - beta2**80))
    width = result.theta_max - result.theta_min
    assert np.allclose(result.D_inf, width.max(axis=1))
    assert np.all(result.D >= result.D_inf - 1e-15)


def test_diameters_are_exact_in_one_dimension():
    problem = LinearLosses([[1.0]], domain=online.Box(1.0))
    result = online.run(optim.sgd(alpha=0.25), problem, T=6)
    assert result.D[0] == pytest.approx(1.0) and result.D_inf[0] == pytest.approx(1.0)


# ----------------------------------------------------------------------------- batching


def test_a_batched_run_equals_separate_runs():
    problem = random_linear(100, 4, batch=1, seed=7)
    alphas = np.array([[0.01], [0.1], [1.0]])
    opt = optim.adam(alpha=schedules.inverse_sqrt(alphas), beta1=0.9, beta2=0.999)
    batched = online.run(opt, problem, 100, batch=3)
    for k in range(3):
        single = online.run(
            optim.adam(alpha=schedules.inverse_sqrt(float(alphas[k, 0]))), problem, 100
        )
        # identical arithmetic per row: agreement to rounding
        assert np.allclose(batched.regret[:, k], single.regret[:, 0], rtol=1e-12, atol=1e-12)
        assert np.allclose(batched.v_hat[k], single.v_hat[0])


def test_hinge_repeat_duplicates_each_sequence_for_a_grid():
    base = sparse_hinge(30, 20, a=2.0, batch=2, seed=8)
    rep = base.repeat(3)
    theta = np.random.default_rng(0).uniform(-1, 1, (6, 20))
    for t in (1, 7, 30):
        got_loss, got_grad = rep.loss(t, theta), rep.grad(t, theta)
        for k in range(6):  # run k follows sequence k // 3
            pair = np.zeros((2, 20))
            pair[k // 3] = theta[k]
            assert got_loss[k] == pytest.approx(base.loss(t, pair)[k // 3])
            assert np.allclose(got_grad[k], base.grad(t, pair)[k // 3])


def test_power_law_frequencies():
    p = power_law_frequencies(5, 2.0, c=2.0)
    assert np.allclose(p, np.minimum(1, 2.0 / np.arange(1, 6) ** 2))


@pytest.mark.parametrize("name", sorted(optim.ALL))
def test_the_harness_runs_every_optimizer(name):
    problem = logistic_stream(30, 3, batch=2, seed=9, domain=online.Box(1.0))
    result = online.run(optim.ALL[name](), problem, 30)
    assert result.regret.shape == (30, 2) and np.all(np.isfinite(result.regret))
    assert np.all(online.Box(1.0).contains(result.theta))


# ----------------------------------------------------------------------------- validation


def test_bad_arguments_raise_errors_that_name_them():
    problem = random_linear(10, 2)
    with pytest.raises(ValueError, match="T"):
        online.run(optim.sgd(), problem, 0)
    with pytest.raises(ValueError, match="theta0"):
        online.run(optim.sgd(), problem, 5, theta0=np.zeros(3))
    with pytest.raises(ValueError, match="batch"):
        online.run(optim.sgd(), random_linear(10, 2, batch=2), 5, batch=3)
    with pytest.raises(TypeError, match="protocol"):
        online.run(optim.sgd(), object(), 5)
    with pytest.raises(ValueError, match="whole space"):
        LinearLosses([[1.0]], domain=online.Whole()).best_fixed(3)
    with pytest.raises(TypeError, match="Box"):
        HingeStream(np.eye(2), [1.0, -1.0], domain=online.Ball(1.0))
