r"""Numerical checks of the limits of Section 5 and Section 7.1, each run as one batch.

* Section 5: Adam with :math:`\beta_1 = 0`, :math:`\alpha_t = \alpha/\sqrt t` and
  :math:`\beta_2 \to 1` approaches AdaGrad; without bias correction it does not.
  :func:`adagrad_limit_study` runs every :math:`\beta_2` of a grid as one row of
  ``theta`` (shape ``(K, d)``, ``beta2`` of shape ``(K, 1)``) and fits the rate of
  the trajectory distance against :math:`1-\beta_2` on a log-log scale.
* Section 5: Adam without correction against RMSProp with momentum
  (:func:`rmsprop_relation_steps`).
* Section 7.1: :func:`lp_adam`, the paper's L^p generalisation of Adam, approaches
  AdaMax as :math:`p \to \infty` (:func:`adamax_limit_study`, every p one row).

The test problem is a noisy quadratic (:func:`noisy_quadratic`): its gradient depends
on theta, so a difference in the steps feeds back into the trajectory.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from . import optim
from .optim import schedules
from .optim._core import (
    NONNEGATIVE,
    POSITIVE,
    UNIT,
    Interval,
    Optimizer,
    build,
    check_grad,
    hyper,
    safe_ratio,
)

__all__ = [
    "ConvergenceStudy",
    "LpAdamState",
    "NoisyQuadratic",
    "adagrad_limit_study",
    "adamax_limit_study",
    "fit_power_law",
    "lp_adam",
    "noisy_quadratic",
    "rmsprop_relation_steps",
    "trajectory",
]

SEED = 20150101
ONE_MINUS_BETA2 = np.logspace(-8, -3, 11)  # T (1 - beta2) <= 0.2 for T = 200: the fixed-t regime
P_GRID = (1, 2, 4, 8, 16, 64)


# --- the test problem -----------------------------------------------------------------


class NoisyQuadratic(NamedTuple):
    r""":math:`f(\theta) = \tfrac12\sum_j h_j(\theta_j - \theta^*_j)^2`, observed with
    additive gradient noise :math:`\xi_t` that is the same for every row of a batch
    (common random numbers: rows differ only by their hyperparameters)."""

    curvature: np.ndarray  # h, shape (d,)
    optimum: np.ndarray  # theta*, shape (d,)
    noise: np.ndarray  # xi_t, shape (T, d)

    def grad(self, theta: np.ndarray, t: int) -> np.ndarray:
        """The stochastic gradient at step t >= 1, for theta of shape (d,) or (K, d)."""
        return self.curvature * (theta - self.optimum) + self.noise[t - 1]


def noisy_quadratic(T: int, d: int = 4, noise: float = 0.5, seed: int = SEED) -> NoisyQuadratic:
    """A seeded noisy quadratic with curvatures in [0.5, 2] and T steps of noise."""
    if not isinstance(T, int | np.integer) or T < 1:
        raise ValueError(f"T must be an int >= 1, got {T!r}")
    if not isinstance(d, int | np.integer) or d < 1:
        raise ValueError(f"d must be an int >= 1, got {d!r}")
    if not noise >= 0:
        raise ValueError(f"noise must be >= 0, got {noise!r}")
    rng = np.random.default_rng(seed)
    curvature = rng.uniform(0.5, 2.0, d)
    optimum = rng.normal(size=d)
    return NoisyQuadratic(curvature, optimum, noise * rng.normal(size=(T, d)))


def trajectory(opt: Optimizer, theta0: np.ndarray, problem: NoisyQuadratic) -> np.ndarray:
    """The iterates theta_0, ..., theta_T of ``opt`` on ``problem``: shape (T+1, *theta0.shape)."""
    theta = np.array(theta0, dtype=np.float64)
    state = opt.init(theta)
    T = len(problem.noise)
    path = np.empty((T + 1, *theta.shape))
    path[0] = theta
    for t in range(1, T + 1):
        state = opt.step(theta, problem.grad(theta, t), state)
        path[t] = theta
    return path


def fit_power_law(x, y) -> tuple[float, float]:
    r"""Least-squares fit of :math:`\log y = r \log x + \log c`: returns ``(r, c)``,
    so that :math:`y \approx c\,x^r`."""
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    if x.shape != y.shape or x.ndim != 1 or x.size < 2:
        raise ValueError(f"x and y must be 1-d of the same length >= 2, got {x.shape}, {y.shape}")
    if np.any(x <= 0) or np.any(y <= 0):
        raise ValueError("x and y must be positive for a log-log fit")
    rate, log_c = np.polyfit(np.log(x), np.log(y), 1)
    return float(rate), float(np.exp(log_c))


class ConvergenceStudy(NamedTuple):
    """Trajectory distance to the limiting method, one per value of the parameter."""

    x: np.ndarray  # the parameter: 1 - beta2, or p
    distance: np.ndarray  # max_t ||theta_t - theta_t^limit||_2
    rate: float  # fitted slope of log(distance) against log(x)
    constant: float  # distance ~ constant * x**rate


def _max_distance(paths: np.ndarray, limit_path: np.ndarray) -> np.ndarray:
    """max over t of the Euclidean distance per row: paths (T+1, K, d), limit (T+1, d)."""
    return np.linalg.norm(paths - limit_path[:, None, :], axis=-1).max(axis=0)


# --- Section 5: the AdaGrad limit -----------------------------------------------------


def adagrad_limit_study(
    one_minus_beta2=ONE_MINUS_BETA2,
    *,
    T: int = 200,
    alpha: float = 0.1,
    bias_correction: bool = True,
    d: int = 4,
    seed: int = SEED,
) -> ConvergenceStudy:
    r"""Adam (:math:`\beta_1 = 0`, :math:`\alpha_t = \alpha/\sqrt t`, :math:`\epsilon = 0`)
    against AdaGrad (``optim.adagrad(alpha, eps=0)``) on one noisy quadratic.

    All K values of :math:`1-\beta_2` run as one batch: theta (K, d), beta2 (K, 1).
    With the correction, :math:`\hat v_t - t^{-1}\sum_i g_i^2 = O(t(1-\beta_2))` for
    :math:`t(1-\beta_2) \ll 1`, so the distance falls like :math:`(1-\beta_2)^1`.
    Without it the steps are :math:`1/\sqrt{1-\beta_2^t} \approx 1/\sqrt{t(1-\beta_2)}`
    times larger, and the distance grows like :math:`(1-\beta_2)^{-1/2}`.

    Keep :math:`1-\beta_2 \gtrsim 10^{-8}`: float64 stores :math:`\beta_2^t` with an
    absolute error of a few ulps, a relative error of about
    :math:`10^{-16}/(t(1-\beta_2))` in :math:`1-\beta_2^t`, which floors the distance
    near :math:`10^{-9}` on this problem.
    """
    x = np.asarray(one_minus_beta2, dtype=np.float64).ravel()
    if x.size < 2 or np.any(x <= 0) or np.any(x >= 1):
        raise ValueError(f"one_minus_beta2 needs >= 2 values in (0, 1), got {one_minus_beta2!r}")
    problem = noisy_quadratic(T, d, seed=seed)
    theta0 = np.zeros(d)
    adagrad = optim.adagrad(alpha=alpha, eps=0.0)
    adam = optim.adam(
        alpha=schedules.inverse_sqrt(alpha),
        beta1=0.0,
        beta2=(1.0 - x)[:, None],
        eps=0.0,
        bias_correction=bias_correction,
    )
    adam_paths = trajectory(adam, np.tile(theta0, (x.size, 1)), problem)
    distance = _max_distance(adam_paths, trajectory(adagrad, theta0, problem))
    return ConvergenceStudy(x, distance, *fit_power_law(x, distance))


# --- Section 5: RMSProp with momentum -------------------------------------------------


def rmsprop_relation_steps(grads, alpha: float = 0.01, beta1: float = 0.9, beta2: float = 0.999):
    r"""The steps of Adam without correction and of RMSProp with momentum on a fixed
    gradient sequence ``grads`` of shape (T, ...) (every trailing axis is a batch),
    and the closed-form difference of :func:`adamtheory.symbolic.rmsprop_difference_closed_form`.

    Adam: ``optim.adam(alpha, beta1, beta2, eps=0, bias_correction=False)``.
    RMSProp: ``optim.rmsprop(alpha * (1 - beta1), rho=beta2, mu=beta1, eps=0)``: its
    buffer :math:`\sum_i \beta_1^{t-i} g_i/\sqrt{v_i}` times :math:`1-\beta_1` is Adam's
    normalisation of the momentum. Returns ``(adam, rmsprop, closed_form)``, each (T, ...),
    with :math:`\text{closed\_form}_t = \alpha(1-\beta_1)\sum_{i\le t}\beta_1^{t-i}
    g_i(v_i^{-1/2} - v_t^{-1/2})`.
    """
    grads = np.asarray(grads, dtype=np.float64)
    if grads.ndim < 1 or grads.shape[0] < 1:
        raise ValueError("grads must have shape (T, ...) with T >= 1")
    adam = optim.adam(alpha=alpha, beta1=beta1, beta2=beta2, eps=0.0, bias_correction=False)
    rms = optim.rmsprop(alpha=alpha * (1 - beta1), rho=beta2, mu=beta1, eps=0.0)
    adam_state, rms_state = adam.init(grads[0]), rms.init(grads[0])
    adam_steps, rms_steps = np.empty_like(grads), np.empty_like(grads)
    for t, g in enumerate(grads):
        adam_steps[t], adam_state = adam.update(g, adam_state)
        rms_steps[t], rms_state = rms.update(g, rms_state)

    T = grads.shape[0]
    lag = np.arange(T)[:, None] - np.arange(T)[None, :]  # t - i
    weights = np.where(lag >= 0, (1 - beta1) * beta1 ** np.maximum(lag, 0), 0.0)  # (T, T)
    v = np.empty_like(grads)
    v_prev = np.zeros_like(grads[0])
    for t, g in enumerate(grads):
        v[t] = v_prev = beta2 * v_prev + (1 - beta2) * g * g
    root = np.sqrt(v)
    scaled_average = np.tensordot(weights, grads / root, axes=1)  # sum_i w g_i / sqrt(v_i)
    plain_average = np.tensordot(weights, grads, axes=1)  # m_t
    closed_form = alpha * (scaled_average - plain_average / root)
    return adam_steps, rms_steps, closed_form


# --- Section 7.1: L^p-Adam and its limit AdaMax ---------------------------------------


class LpAdamState(NamedTuple):
    r"""State of :func:`lp_adam`. The L^p moment is kept as
    :math:`v_t = s_t^p\, w_t`: ``scale`` :math:`s_t = \max(\beta_2 s_{t-1}, |g_t|)` (the
    running maximum, AdaMax's :math:`u_t`) and ``ratio_sum`` :math:`w_t \in (0, 1]`."""

    t: int
    m: np.ndarray
    scale: np.ndarray
    ratio_sum: np.ndarray
    beta1_power: np.ndarray | float
    beta2p_power: np.ndarray | float  # (beta2^p)^t


def lp_adam(alpha=0.002, beta1=0.9, beta2=0.999, p=2.0, eps=0.0) -> Optimizer:
    r"""L^p-Adam, the generalisation of Section 7.1 that tends to AdaMax as :math:`p\to\infty`.

    .. math::
        m_t = \beta_1 m_{t-1} + (1-\beta_1) g_t, \qquad
        v_t = \beta_2^p v_{t-1} + (1-\beta_2^p)|g_t|^p,

        \theta_t = \theta_{t-1} - \alpha\,\frac{m_t/(1-\beta_1^t)}
                   {(v_t/(1-\beta_2^{pt}))^{1/p} + \epsilon}.

    ``p = 2`` is Adam with :math:`\beta_2^2` in place of :math:`\beta_2`. ``p`` may be
    an array (shape (K, 1) with theta (K, d)): one row per exponent.

    Overflow. :math:`|g|^p` leaves float64 for large p (:math:`|g| = 10`, p = 400, or
    :math:`|g| = 10^5`, p = 64), and underflows to 0 for small :math:`|g|`. The moment is
    therefore stored normalised by the running maximum
    :math:`s_t = \max(\beta_2 s_{t-1}, |g_t|)`: with :math:`v_t = s_t^p w_t`,

    .. math:: w_t = (\beta_2 s_{t-1}/s_t)^p\, w_{t-1} + (1-\beta_2^p)(|g_t|/s_t)^p,
              \qquad v_t^{1/p} = s_t\, w_t^{1/p}.

    Both ratios lie in [0, 1], so nothing overflows, an underflowed term is one that
    is negligible, and :math:`w_t \ge (1-\beta_2^p)(|g_j|/s_t)^p = 1-\beta_2^p` for the
    step j that set the maximum. Where every gradient so far was 0, :math:`s_t = 0` and
    the step is 0.
    """
    alpha = hyper("alpha", alpha, POSITIVE)
    beta1, beta2 = hyper("beta1", beta1, UNIT), hyper("beta2", beta2, UNIT)
    p = hyper("p", p, Interval(1.0, math.inf))
    eps = hyper("eps", eps, NONNEGATIVE)

    def init_state(theta):
        zeros = np.zeros_like(theta)
        return LpAdamState(0, zeros, zeros, zeros, 1.0, 1.0)

    def update(grad, state):
        t = state.t + 1
        g = check_grad(grad, state.m.shape, t)
        b1, b2, pt = beta1.at(t), beta2.at(t), p.at(t)
        decay = b2**pt  # beta2^p
        m = b1 * state.m + (1 - b1) * g
        abs_g = np.abs(g)
        scale = np.maximum(b2 * state.scale, abs_g)
        kept = safe_ratio(b2 * state.scale, scale, 0.0) ** pt  # (beta2 s_{t-1}/s_t)^p
        new = safe_ratio(abs_g, scale, 0.0) ** pt  # (|g_t|/s_t)^p
        ratio_sum = kept * state.ratio_sum + (1 - decay) * new
        p1, p2 = state.beta1_power * b1, state.beta2p_power * decay
        root_v_hat = scale * (ratio_sum / (1 - p2)) ** (1 / pt)  # (v_t/(1-beta2^(pt)))^(1/p)
        step = -alpha.at(t) * safe_ratio(m / (1 - p1), root_v_hat, eps.at(t))
        return step, LpAdamState(t, m, scale, ratio_sum, p1, p2)

    return build("lp_adam", (alpha, beta1, beta2, p, eps), init_state, update)


def adamax_limit_study(
    ps=P_GRID,
    *,
    T: int = 200,
    alpha: float = 0.02,
    beta1: float = 0.9,
    beta2: float = 0.999,
    d: int = 4,
    seed: int = SEED,
    fit_from: float = 4,
) -> ConvergenceStudy:
    r"""L^p-Adam for every p in ``ps`` (one batch: theta (K, d), p (K, 1)) against
    ``optim.adamax`` with the same :math:`\alpha, \beta_1, \beta_2` and :math:`\epsilon = 0`.

    :math:`\hat v_t^{1/p}/u_t` lies between :math:`((1-\beta_2^p)/(1-\beta_2^{pt}))^{1/p}`
    and :math:`(t(1-\beta_2^p)/(1-\beta_2^{pt}))^{1/p}`, that is
    :math:`1 + O(\log(\cdot)/p)`: the distance falls like :math:`p^{-1}` up to
    logarithms. The rate is fitted on the p >= ``fit_from`` (the small p are not yet
    in that regime).
    """
    x = np.asarray(ps, dtype=np.float64).ravel()
    if x.size < 2 or np.any(x < 1):
        raise ValueError(f"ps needs >= 2 exponents >= 1, got {ps!r}")
    problem = noisy_quadratic(T, d, seed=seed)
    theta0 = np.zeros(d)
    adamax = optim.adamax(alpha=alpha, beta1=beta1, beta2=beta2, eps=0.0)
    lp = lp_adam(alpha=alpha, beta1=beta1, beta2=beta2, p=x[:, None])
    lp_paths = trajectory(lp, np.tile(theta0, (x.size, 1)), problem)
    distance = _max_distance(lp_paths, trajectory(adamax, theta0, problem))
    tail = x >= fit_from
    if tail.sum() < 2:
        raise ValueError(f"need >= 2 exponents >= fit_from={fit_from}, got {ps!r}")
    return ConvergenceStudy(x, distance, *fit_power_law(x[tail], distance[tail]))
