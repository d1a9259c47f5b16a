"""Parameter averaging (Section 7.2): Polyak's running mean and the corrected EMA."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ..core import validation
from ..core.ema import ema_update
from ._core import UNIT, as_theta, hyper

__all__ = ["AverageState", "ema_average", "polyak_average"]


class AverageState(NamedTuple):
    t: int
    average: np.ndarray  # the running average, biased for the EMA
    decay_power: np.ndarray | float  # beta^t for the EMA, unused by Polyak


class Averager(NamedTuple):
    """``init(theta0) -> state``; ``update(theta_t, state) -> (estimate, state)``."""

    init: object
    update: object
    name: str


def polyak_average() -> Averager:
    r"""Polyak-Ruppert averaging: :math:`\bar\theta_t = \frac1t \sum_{k=1}^t \theta_k`,
    computed as :math:`\bar\theta_t = \bar\theta_{t-1} + (\theta_t - \bar\theta_{t-1})/t`.
    """

    def init(theta0):
        return AverageState(0, np.zeros_like(as_theta(theta0)), 1.0)

    def update(theta, state):
        t = state.t + 1
        theta = _check_iterate(theta, state.average.shape)
        average = state.average + (theta - state.average) / t
        return average, AverageState(t, average, 1.0)

    return Averager(init, update, "polyak")


def ema_average(beta2=0.999, bias_correction: bool = True) -> Averager:
    r"""Exponential moving average of the iterates, Section 7.2.

    .. math:: \bar\theta_t = \beta_2 \bar\theta_{t-1} + (1-\beta_2)\theta_t,
              \quad \bar\theta_0 = 0, \qquad
              \hat\theta_t = \bar\theta_t / (1 - \beta_2^t).

    The estimate returned is :math:`\hat\theta_t` (or :math:`\bar\theta_t` with
    ``bias_correction=False``); for a constant sequence it is exact at every t.
    """
    beta = hyper("beta2", beta2, UNIT)
    bias_correction = validation.flag("bias_correction", bias_correction)

    def init(theta0):
        theta0 = as_theta(theta0)
        beta.check_broadcast(theta0.shape)
        return AverageState(0, np.zeros_like(theta0), 1.0)

    def update(theta, state):
        t = state.t + 1
        theta = _check_iterate(theta, state.average.shape)
        b = beta.at(t, state.average.shape)
        average = ema_update(state.average, theta, b)
        power = state.decay_power * b
        estimate = average / (1 - power) if bias_correction else average
        return estimate, AverageState(t, average, power)

    return Averager(init, update, "ema")


def _check_iterate(theta, shape):
    theta = as_theta(theta)
    if theta.shape != shape:
        raise ValueError(f"theta has shape {theta.shape}, but the average has shape {shape}")
    return theta
