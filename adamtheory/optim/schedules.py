"""Schedules: hyperparameters as functions of the step count t = 1, 2, ...

Every schedule is a callable ``t -> value``; ``t`` may be an int or an array of
ints (for plotting), and the parameters may be arrays that broadcast over a batch
of configurations. Pass one wherever an optimizer takes a hyperparameter.

>>> from adamtheory.optim import schedules
>>> schedules.inverse_sqrt(0.1)(4)
0.05
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["beta1_decay", "constant", "exponential_decay", "inverse_sqrt", "step_decay"]


def _positive(name, value):
    array = np.asarray(value, dtype=float)
    if not np.all(np.isfinite(array)) or not np.all(array > 0):
        raise ValueError(f"{name} must be positive and finite, got {value}")
    return value


def _in_open_unit(name, value, closed_right=False):
    array = np.asarray(value, dtype=float)
    upper_ok = array <= 1 if closed_right else array < 1
    if not np.all(np.isfinite(array)) or not np.all((array > 0) & upper_ok):
        interval = "(0, 1]" if closed_right else "(0, 1)"
        raise ValueError(f"{name} must lie in {interval}, got {value}")
    return value


def _steps(t):
    steps = np.asarray(t)
    if steps.dtype.kind not in "iu" and not np.all(steps == np.floor(steps)):
        raise TypeError(f"t must be an integer step count, got {t!r}")
    if np.any(steps < 1):
        raise ValueError(f"t counts steps from 1, got {t!r}")
    return steps


def _scalar(x):
    return x.item() if isinstance(x, np.ndarray) and x.ndim == 0 else x


class Schedule:
    """Base class: subclasses define ``value(t)`` for valid integer t >= 1."""

    def __call__(self, t):
        return _scalar(self.value(_steps(t)))


@dataclass(frozen=True)
class constant(Schedule):  # noqa: N801  (a factory in use, a class for its repr)
    r""":math:`\alpha_t = \alpha`."""

    alpha: float

    def value(self, t):
        return np.broadcast_to(np.asarray(self.alpha, float), np.shape(t)) + 0.0 * t


@dataclass(frozen=True)
class inverse_sqrt(Schedule):  # noqa: N801
    r""":math:`\alpha_t = \alpha/\sqrt t`, the step size of Theorem 4.1 and of AdaGrad's
    correspondence in Section 5."""

    alpha: float

    def __post_init__(self):
        _positive("alpha", self.alpha)

    def value(self, t):
        return self.alpha / np.sqrt(t)


@dataclass(frozen=True)
class beta1_decay(Schedule):  # noqa: N801
    r""":math:`\beta_{1,t} = \beta_1 \lambda^{t-1}`, :math:`\lambda \in (0, 1)`, Theorem 4.1.

    The paper's proof needs it; Algorithm 1 uses a constant :math:`\beta_1`
    (:math:`\lambda = 1`, allowed here to compare the two).
    """

    beta1: float
    lam: float

    def __post_init__(self):
        array = np.asarray(self.beta1, dtype=float)
        if not np.all((array >= 0) & (array < 1)):
            raise ValueError(f"beta1 must lie in [0, 1), got {self.beta1}")
        _in_open_unit("lam", self.lam, closed_right=True)

    def value(self, t):
        return self.beta1 * np.power(self.lam, t - 1)


@dataclass(frozen=True)
class step_decay(Schedule):  # noqa: N801
    r""":math:`\alpha_t = \alpha\, \gamma^{\lfloor (t-1)/k \rfloor}`: multiply by
    ``factor`` every ``every`` steps."""

    alpha: float
    factor: float
    every: int

    def __post_init__(self):
        _positive("alpha", self.alpha)
        _in_open_unit("factor", self.factor, closed_right=True)
        if not isinstance(self.every, int | np.integer) or self.every < 1:
            raise ValueError(f"every must be a positive integer, got {self.every!r}")

    def value(self, t):
        return self.alpha * np.power(self.factor, (t - 1) // self.every)


@dataclass(frozen=True)
class exponential_decay(Schedule):  # noqa: N801
    r""":math:`\alpha_t = \alpha\, \gamma^{t-1}`: a smooth decay by ``rate`` per step."""

    alpha: float
    rate: float

    def __post_init__(self):
        _positive("alpha", self.alpha)
        _in_open_unit("rate", self.rate, closed_right=True)

    def value(self, t):
        return self.alpha * np.power(self.rate, t - 1)
