"""Non-adaptive methods of seed 001's tour: SGD, heavy-ball momentum, Nesterov."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ._core import POSITIVE, UNIT, Optimizer, build, check_grad, hyper

__all__ = ["MomentumState", "SGDState", "momentum", "nesterov", "sgd"]


class SGDState(NamedTuple):
    t: int
    shape: tuple[int, ...]
    dtype: np.dtype = np.dtype(np.float64)


class MomentumState(NamedTuple):
    t: int
    velocity: np.ndarray


def _heavy_ball(alpha, mu, grad, state):
    """The validated gradient and :math:`v_t = \\mu v_{t-1} - \alpha_t g_t` (momentum, Nesterov)."""
    t = state.t + 1
    shape, dtype = state.velocity.shape, state.velocity.dtype
    g = check_grad(grad, shape, t, dtype)
    a, m = alpha.at(t, shape), mu.at(t, shape)
    velocity = (m * state.velocity - a * g).astype(dtype, copy=False)
    return t, g, a, m, velocity


def sgd(alpha=0.01) -> Optimizer:
    r"""Stochastic gradient descent: :math:`\theta_t = \theta_{t-1} - \alpha_t g_t`.

    With ``alpha = schedules.inverse_sqrt(a)`` this is online gradient descent
    (Zinkevich 2003), the non-adaptive baseline of Section 4.
    """
    alpha = hyper("alpha", alpha, POSITIVE)

    def init_state(theta):
        return SGDState(0, theta.shape, theta.dtype)

    def update(grad, state):
        t = state.t + 1
        g = check_grad(grad, state.shape, t, state.dtype)
        step = -alpha.at(t, state.shape) * g
        return step.astype(state.dtype, copy=False), SGDState(t, state.shape, state.dtype)

    return build("sgd", (alpha,), init_state, update)


def momentum(alpha=0.01, mu=0.9) -> Optimizer:
    r"""Heavy-ball momentum (Polyak 1964), in seed 001's form.

    .. math:: v_t = \mu v_{t-1} - \alpha_t g_t, \qquad \theta_t = \theta_{t-1} + v_t.

    PyTorch's ``SGD(momentum=mu)`` keeps :math:`b_t = \mu b_{t-1} + g_t` and steps by
    :math:`-\alpha_t b_t`: the same iterates for a constant :math:`\alpha`, different
    ones under a schedule (here past steps keep the step size they were taken with).
    """
    alpha, mu = hyper("alpha", alpha, POSITIVE), hyper("mu", mu, UNIT)

    def init_state(theta):
        return MomentumState(0, np.zeros_like(theta))

    def update(grad, state):
        t, g, a, _, velocity = _heavy_ball(alpha, mu, grad, state)
        return velocity, MomentumState(t, velocity)

    return build("momentum", (alpha, mu), init_state, update)


def nesterov(alpha=0.01, mu=0.9) -> Optimizer:
    r"""Nesterov's accelerated gradient, written with the gradient at the current point.

    The look-ahead form :math:`v_t = \mu v_{t-1} - \alpha g(\theta_{t-1} + \mu v_{t-1})`,
    :math:`\theta_t = \theta_{t-1} + v_t` becomes, in the shifted variable
    :math:`\tilde\theta = \theta + \mu v` (Sutskever et al. 2013; Keras and PyTorch
    use it too),

    .. math:: v_t = \mu v_{t-1} - \alpha_t g_t, \qquad
              \tilde\theta_t = \tilde\theta_{t-1} + \mu v_t - \alpha_t g_t,

    with :math:`g_t` the gradient at :math:`\tilde\theta_{t-1}`: one gradient a step,
    like every other method here.
    """
    alpha, mu = hyper("alpha", alpha, POSITIVE), hyper("mu", mu, UNIT)

    def init_state(theta):
        return MomentumState(0, np.zeros_like(theta))

    def update(grad, state):
        t, g, a, m, velocity = _heavy_ball(alpha, mu, grad, state)
        step = (m * velocity - a * g).astype(velocity.dtype, copy=False)
        return step, MomentumState(t, velocity)

    return build("nesterov", (alpha, mu), init_state, update)
