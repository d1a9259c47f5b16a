r"""L^p-Adam (Section 7.1): the generalisation of Adam that tends to AdaMax as p -> oo."""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from ..core.ema import ema_update
from ._core import (
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

__all__ = ["LpAdamState", "lp_adam"]


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

    ``p = 2`` is Adam with :math:`\beta_2^2` in place of :math:`\beta_2`. ``p >= 1`` may
    be an array (shape (K, 1) with theta (K, d)): one row per exponent. The paper gives
    no algorithm for finite p (only its limit, AdaMax, as Algorithm 2); the bias
    correction :math:`1-\beta_2^{pt}` is Adam's for the decay :math:`\beta_2^p`.

    Overflow. :math:`|g|^p` leaves float64 for large p (:math:`|g| = 10`, p = 400, or
    :math:`|g| = 10^5`, p = 64), and underflows to 0 for small :math:`|g|`. The moment is
    therefore stored normalised by the running maximum
    :math:`s_t = \max(\beta_2 s_{t-1}, |g_t|)`: with :math:`v_t = s_t^p w_t`,

    .. math:: w_t = (\beta_2 s_{t-1}/s_t)^p\, w_{t-1} + (1-\beta_2^p)(|g_t|/s_t)^p,
              \qquad v_t^{1/p} = s_t\, w_t^{1/p}.

    Both ratios lie in [0, 1], so nothing overflows, an underflowed term is one that
    is negligible, and :math:`w_t \ge (1-\beta_2^p)(|g_j|/s_t)^p = 1-\beta_2^p` for the
    step j that set the maximum. Where every gradient so far was 0, :math:`s_t = 0` and
    the step is 0. Invalid hyperparameters raise ``ValueError``/``TypeError`` naming them.
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
        shape = state.m.shape  # a schedule's value must broadcast against theta
        b1, b2, pt = beta1.at(t, shape), beta2.at(t, shape), p.at(t, shape)
        decay = b2**pt  # beta2^p
        m = ema_update(state.m, g, b1)
        abs_g = np.abs(g)
        scale = np.maximum(b2 * state.scale, abs_g)
        kept = safe_ratio(b2 * state.scale, scale, 0.0) ** pt  # (beta2 s_{t-1}/s_t)^p
        new = safe_ratio(abs_g, scale, 0.0) ** pt  # (|g_t|/s_t)^p
        ratio_sum = kept * state.ratio_sum + (1 - decay) * new
        p1, p2 = state.beta1_power * b1, state.beta2p_power * decay
        root_v_hat = scale * (ratio_sum / (1 - p2)) ** (1 / pt)  # (v_t/(1-beta2^(pt)))^(1/p)
        step = -alpha.at(t, shape) * safe_ratio(m / (1 - p1), root_v_hat, eps.at(t, shape))
        return step, LpAdamState(t, m, scale, ratio_sum, p1, p2)

    return build("lp_adam", (alpha, beta1, beta2, p, eps), init_state, update)
