r"""Theorem 4.1's right-hand side (Section 4), the one copy every part uses.

The paper's statement, with :math:`\gamma = \beta_1^2/\sqrt{\beta_2}`,
:math:`\alpha_t = \alpha/\sqrt t` and :math:`\beta_{1,t} = \beta_1\lambda^{t-1}`:

.. math::
    R(T) \le \frac{D^2}{2\alpha(1-\beta_1)}\sum_i\sqrt{T\hat v_{T,i}}
      + \frac{\alpha(1+\beta_1)G_\infty}{(1-\beta_1)\sqrt{1-\beta_2}(1-\gamma)^2}\sum_i\|g_{1:T,i}\|_2
      + \sum_i\frac{D_\infty^2 G_\infty\sqrt{1-\beta_2}}{2\alpha(1-\beta_1)(1-\lambda)^2}.

The quantities D, D_inf, G_inf, v-hat and the gradient norms are what
``online.run`` measures on a run (``OnlineRun``).
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from ..core import validation
from ..core.ema import debias, ema

__all__ = ["Theorem41Terms", "theorem41_hyperparameters", "theorem41_rhs", "theorem41_rhs_along"]


class Theorem41Terms(NamedTuple):
    """The three terms of Theorem 4.1's right-hand side and their sum (broadcast shapes)."""

    distance: np.ndarray  # D^2/(2 alpha (1-beta1)) sum_i sqrt(T v_hat_{T,i})
    gradient: np.ndarray  # alpha (1+beta1) G_inf / (...) sum_i ||g_{1:T,i}||_2
    momentum: np.ndarray  # sum_i D_inf^2 G_inf sqrt(1-beta2) / (2 alpha (1-beta1)(1-lambda)^2)
    total: np.ndarray


def _nonnegative_array(name: str, value: Any) -> np.ndarray:
    array = np.asarray(validation.nonnegative(name, value))
    if array.size == 0:
        raise ValueError(f"{name} must not be empty")
    return array


def theorem41_hyperparameters(alpha: Any, beta1: Any, beta2: Any, lam: Any) -> tuple:
    r"""The checked hyperparameters of Theorem 4.1 as arrays, and
    :math:`\gamma = \beta_1^2/\sqrt{\beta_2}`: ``(alpha, beta1, beta2, lam, gamma)``.

    Refused, naming the argument: alpha <= 0, a beta outside [0, 1), lam outside [0, 1)
    or lam = 0 with beta1 > 0 (the theorem assumes lam in (0, 1); with beta1 = 0 every
    lam gives the same algorithm), and :math:`\gamma \ge 1` (the theorem says nothing then).
    """
    alpha = np.asarray(validation.positive("alpha", alpha))
    beta1, beta2 = validation.betas(beta1, beta2)
    lam = np.asarray(validation.in_interval("lam", lam, 0.0, 1.0))
    if np.any((lam == 0) & (beta1 != 0)):
        raise ValueError("lam must lie in (0, 1); lam = 0 is allowed only with beta1 = 0")
    gamma = beta1**2 / np.sqrt(np.where(beta2 > 0, beta2, np.nan))
    if not np.all(gamma < 1):
        raise ValueError(f"Theorem 4.1 needs gamma = beta1^2/sqrt(beta2) < 1, got {gamma}")
    return alpha, beta1, beta2, lam, gamma


def theorem41_rhs(
    T: Any,
    *,
    alpha: Any,
    beta1: Any,
    beta2: Any,
    lam: Any,
    D: Any,
    D_inf: Any,
    G_inf: Any,
    v_hat: Any,
    grad_norms: Any,
) -> Theorem41Terms:
    r"""Theorem 4.1's right-hand side from a run's own quantities (see ``OnlineRun``).

    ``T``: a horizon or an array of horizons (a curve over t; then ``v_hat`` and
    ``grad_norms`` hold :math:`\hat v_{t,i}` and :math:`\|g_{1:t,i}\|_2` at those t,
    with the coordinates i on the last axis). ``alpha`` is the base step of
    :math:`\alpha_t = \alpha/\sqrt t`; ``beta1`` the base of
    :math:`\beta_{1,t} = \beta_1\lambda^{t-1}`. Hyperparameters are scalars or arrays
    that broadcast against the run quantities without their last axis.

    ``lam`` must lie in (0, 1) as the theorem assumes; ``lam = 0`` is accepted only
    when ``beta1 = 0``, where :math:`\beta_{1,t} = 0` for every :math:`\lambda` and
    the third term's infimum over :math:`\lambda` is its value at 0. Raises when
    :math:`\gamma = \beta_1^2/\sqrt{\beta_2} \ge 1` (the theorem says nothing then).
    """
    T = validation.steps(T, "T")
    alpha, beta1, beta2, lam, gamma = theorem41_hyperparameters(alpha, beta1, beta2, lam)
    D, D_inf, G_inf = (
        _nonnegative_array(n, x) for n, x in (("D", D), ("D_inf", D_inf), ("G_inf", G_inf))
    )
    v_hat = np.atleast_1d(_nonnegative_array("v_hat", v_hat))  # (..., d)
    grad_norms = np.atleast_1d(_nonnegative_array("grad_norms", grad_norms))  # (..., d)
    d = v_hat.shape[-1]
    with np.errstate(over="raise"):  # finite input that overflows: FloatingPointError
        sqrt_t_v = np.sqrt(T[..., None] * v_hat)
        distance = D**2 / (2 * alpha * (1 - beta1)) * np.sum(sqrt_t_v, axis=-1)
        norms = np.sum(grad_norms, axis=-1)
        gradient = (
            alpha * (1 + beta1) * G_inf / ((1 - beta1) * np.sqrt(1 - beta2) * (1 - gamma) ** 2)
        ) * norms
        momentum = (
            d * D_inf**2 * G_inf * np.sqrt(1 - beta2) / (2 * alpha * (1 - beta1) * (1 - lam) ** 2)
        )
        total = distance + gradient + momentum
    distance, gradient, momentum = np.broadcast_arrays(distance, gradient, momentum)
    return Theorem41Terms(distance, gradient, momentum, total)


def theorem41_rhs_along(
    g: Any,
    *,
    alpha: Any,
    beta1: Any,
    beta2: Any,
    lam: Any,
    D: Any,
    D_inf: Any,
    G_inf: Any = None,
) -> Theorem41Terms:
    r""":func:`theorem41_rhs` at every T = 1, ..., n of one run, from its gradients ``g``
    of shape (n, d) (row t - 1 is :math:`g_t`): :math:`\hat v_{T,i}` by ``core.ema``
    (debiased), :math:`\|g_{1:T,i}\|_2` by a cumulative sum, and :math:`G_\infty` the
    running maximum of :math:`|g|` (what the run has shown by T) unless the problem's
    bound is given. Scalar hyperparameters; ``D``, ``D_inf`` may be per-T arrays (n,).

    Refused by name before any work: ``g`` not a finite real (n, d) array with n, d >= 1,
    a hyperparameter that is not a scalar (``D``, ``D_inf``: or (n,)), and what
    :func:`theorem41_hyperparameters` refuses. Squares that overflow: ``FloatingPointError``.
    """
    g = validation.real_array("g", g)
    if g.ndim != 2 or g.size == 0 or not np.all(np.isfinite(g)):
        raise ValueError(f"g must be a finite (n, d) array with n, d >= 1, got shape {g.shape}")
    theorem41_hyperparameters(alpha, beta1, beta2, lam)
    for name, value in (("alpha", alpha), ("beta1", beta1), ("beta2", beta2), ("lam", lam)):
        if np.ndim(value) != 0:
            raise ValueError(f"{name} must be a scalar (one run), got {value!r}")
    n = g.shape[0]
    for name, value in (("D", D), ("D_inf", D_inf)):
        if np.shape(validation.nonnegative(name, value)) not in ((), (n,)):
            raise ValueError(
                f"{name} must be a scalar or one value per round ({n},), got {value!r}"
            )
    beta2 = float(beta2)
    ts = np.arange(1.0, n + 1)
    with np.errstate(over="raise", invalid="raise"):
        squares = g * g
        v_hat = debias(ema(squares, beta2), beta2, ts[:, None])
        norms = np.sqrt(np.cumsum(squares, axis=0))
    if G_inf is None:
        G_inf = np.maximum.accumulate(np.max(np.abs(g), axis=1))
    return theorem41_rhs(
        ts, alpha=alpha, beta1=beta1, beta2=beta2, lam=lam, D=D, D_inf=D_inf,
        G_inf=G_inf, v_hat=v_hat, grad_norms=norms,
    )  # fmt: skip
