"""Per-coordinate adaptive methods before Adam: AdaGrad, Adadelta, RMSProp (Section 5)."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ..core import validation
from ..core.ema import ema_update
from ._core import (
    NONNEGATIVE,
    POSITIVE,
    UNIT,
    Optimizer,
    build,
    check_finite_moment,
    check_grad_norm,
    check_squares,
    hyper,
    safe_ratio,
)

__all__ = ["AdaGradState", "AdadeltaState", "RMSPropState", "adadelta", "adagrad", "rmsprop"]


class AdaGradState(NamedTuple):
    t: int
    sum_of_squares: np.ndarray


class AdadeltaState(NamedTuple):
    t: int
    mean_square_grad: np.ndarray
    mean_square_step: np.ndarray


class RMSPropState(NamedTuple):
    t: int
    mean_square: np.ndarray
    mean: np.ndarray  # E[g], used only when centered
    buffer: np.ndarray  # momentum buffer, used only when mu > 0


def _squared_grad(grad, shape, t, dtype):
    """The validated gradient in theta's dtype; raises where g^2 would overflow."""
    g, squared_norm = check_grad_norm(grad, shape, t, dtype)
    check_squares(g, squared_norm, t)
    return g


def adagrad(alpha=0.01, eps=1e-8, initial_accumulator=0.0) -> Optimizer:
    r"""AdaGrad (Duchi, Hazan & Singer 2011), diagonal form.

    .. math:: G_t = G_{t-1} + g_t^2, \qquad
              \theta_t = \theta_{t-1} - \alpha_t\, g_t / (\sqrt{G_t} + \epsilon).

    Section 5 of the paper writes it with :math:`\epsilon = 0`; the step size of each
    coordinate only shrinks, to 0 as :math:`G_t` grows. With ``eps = 0`` a coordinate
    that has seen only zero gradients takes a zero step. PyTorch adds ``eps = 1e-10``
    after the square root, as here; optax adds it under the root.
    """
    alpha = hyper("alpha", alpha, POSITIVE)
    eps = hyper("eps", eps, NONNEGATIVE)
    accumulator = hyper("initial_accumulator", initial_accumulator, NONNEGATIVE)

    def init_state(theta):
        return AdaGradState(0, np.broadcast_to(accumulator.value, theta.shape).astype(theta.dtype))

    def update(grad, state):
        t = state.t + 1
        shape, dtype = state.sum_of_squares.shape, state.sum_of_squares.dtype
        g = _squared_grad(grad, shape, t, dtype)
        sum_of_squares = state.sum_of_squares + g * g
        check_finite_moment("G_t", sum_of_squares, t)
        step = -alpha.at(t, shape) * safe_ratio(g, np.sqrt(sum_of_squares), eps.at(t, shape))
        return step.astype(dtype, copy=False), AdaGradState(t, sum_of_squares)

    return build("adagrad", (alpha, eps, accumulator), init_state, update)


def adadelta(alpha=1.0, rho=0.95, eps=1e-6) -> Optimizer:
    r"""Adadelta (Zeiler 2012): the step carries the units of the parameter.

    .. math::
        E[g^2]_t = \rho E[g^2]_{t-1} + (1-\rho) g_t^2, \quad
        \Delta_t = -\frac{\sqrt{E[\Delta^2]_{t-1} + \epsilon}}{\sqrt{E[g^2]_t + \epsilon}} g_t,
        \quad E[\Delta^2]_t = \rho E[\Delta^2]_{t-1} + (1-\rho)\Delta_t^2,

    and :math:`\theta_t = \theta_{t-1} + \alpha_t \Delta_t`. Zeiler's method has no
    :math:`\alpha` (``alpha = 1``); PyTorch's ``lr`` is this factor, and it also
    accumulates the unscaled :math:`\Delta_t`. Zeiler's defaults ``rho = 0.95``,
    ``eps = 1e-6``; ``eps`` must be positive, since it starts the step sizes.
    """
    alpha = hyper("alpha", alpha, POSITIVE)
    rho = hyper("rho", rho, UNIT)
    eps = hyper("eps", eps, POSITIVE)

    def init_state(theta):
        return AdadeltaState(0, np.zeros_like(theta), np.zeros_like(theta))

    def update(grad, state):
        t = state.t + 1
        shape, dtype = state.mean_square_grad.shape, state.mean_square_grad.dtype
        g = _squared_grad(grad, shape, t, dtype)
        r, e = rho.at(t, shape), eps.at(t, shape)
        mean_square_grad = ema_update(state.mean_square_grad, g * g, r)
        check_finite_moment("E[g^2]_t", mean_square_grad, t)
        delta = -np.sqrt(state.mean_square_step + e) / np.sqrt(mean_square_grad + e) * g
        mean_square_step = ema_update(state.mean_square_step, delta * delta, r)
        check_finite_moment("E[delta^2]_t", mean_square_step, t)
        step = (alpha.at(t, shape) * delta).astype(dtype, copy=False)
        return step, AdadeltaState(t, mean_square_grad, mean_square_step)

    return build("adadelta", (alpha, rho, eps), init_state, update)


def rmsprop(alpha=0.001, rho=0.9, eps=1e-8, mu=0.0, centered=False) -> Optimizer:
    r"""RMSProp (Tieleman & Hinton 2012), with optional momentum and centering.

    .. math::
        r_t = \rho r_{t-1} + (1-\rho) g_t^2, \qquad
        b_t = \mu b_{t-1} + g_t / (\sqrt{r_t} + \epsilon), \qquad
        \theta_t = \theta_{t-1} - \alpha_t b_t.

    Momentum acts on the *rescaled* gradient; Adam rescales the first moment
    instead, the difference Section 5 points out. ``centered=True`` divides by the
    standard deviation :math:`\sqrt{r_t - \bar g_t^2}` with
    :math:`\bar g_t = \rho \bar g_{t-1} + (1-\rho) g_t` (Graves 2013). No bias
    correction. PyTorch's ``alpha`` is this ``rho``, its ``lr`` this ``alpha``.
    """
    alpha = hyper("alpha", alpha, POSITIVE)
    rho = hyper("rho", rho, UNIT)
    eps = hyper("eps", eps, NONNEGATIVE)
    mu = hyper("mu", mu, UNIT)
    centered = validation.flag("centered", centered)

    def init_state(theta):
        zeros = np.zeros_like(theta)
        return RMSPropState(0, zeros, zeros, zeros)

    def update(grad, state):
        t = state.t + 1
        shape, dtype = state.mean_square.shape, state.mean_square.dtype
        g = _squared_grad(grad, shape, t, dtype)
        r = rho.at(t, shape)
        mean_square = ema_update(state.mean_square, g * g, r)
        check_finite_moment("r_t", mean_square, t)
        mean = ema_update(state.mean, g, r) if centered else state.mean
        variance = np.maximum(mean_square - mean * mean, 0.0) if centered else mean_square
        scaled = safe_ratio(g, np.sqrt(variance), eps.at(t, shape))
        buffer = (mu.at(t, shape) * state.buffer + scaled).astype(dtype, copy=False)
        step = (-alpha.at(t, shape) * buffer).astype(dtype, copy=False)
        return step, RMSPropState(t, mean_square, mean, buffer)

    return build("rmsprop", (alpha, rho, eps, mu), init_state, update, centered=centered)
