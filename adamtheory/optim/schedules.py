"""Schedules: hyperparameters as functions of the step count t = 1, 2, ...

Every schedule is a callable ``t -> value``; ``t`` may be an int or an array of
ints (for plotting), and the parameters may be arrays that broadcast over a batch
of configurations. Pass one wherever an optimizer takes a hyperparameter.

Arguments are validated when the schedule is built (``adamtheory.core.validation``:
a string, a bool or NaN is a ``TypeError``/``ValueError`` naming the argument), and
``t`` when it is called (whole numbers >= 1, ``10**30`` included; ``2.5``, ``inf``
and NaN raise).

>>> from adamtheory.optim import schedules
>>> schedules.inverse_sqrt(0.1)(4)
0.05
>>> round(schedules.cosine(0.1, 100)(51), 6)
0.05
>>> schedules.linear_warmup(0.1, 10)(5)
0.05
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..core import validation

__all__ = [
    "Schedule",
    "beta1_decay",
    "constant",
    "cosine",
    "exponential_decay",
    "inverse_sqrt",
    "linear_warmup",
    "step_decay",
]


def _scalar(x):
    return x.item() if isinstance(x, np.ndarray) and x.ndim == 0 else x


def _set(obj: Any, name: str, value: Any) -> None:
    """Store a validated argument on a frozen dataclass."""
    object.__setattr__(obj, name, value)


def _fraction(name: str, value: Any) -> float | np.ndarray:
    """A factor in (0, 1]: a decay per step or per period (1 means no decay)."""
    return validation.in_interval(name, value, 0.0, 1.0, closed_low=False, closed_high=True)


class Schedule:
    """Base class: subclasses define ``value(t)`` for validated step counts (float64 >= 1)."""

    def __call__(self, t):
        return _scalar(self.value(validation.steps(t)))


@dataclass(frozen=True)
class constant(Schedule):  # noqa: N801  (a factory in use, a class for its repr)
    r""":math:`\alpha_t = \alpha` (any finite real: the optimizer checks its range)."""

    alpha: float

    def __post_init__(self):
        array = validation.real_array("alpha", self.alpha)
        if not np.all(np.isfinite(array)):
            raise ValueError(f"alpha must be finite, got {self.alpha!r}")
        _set(self, "alpha", float(array) if array.ndim == 0 else array)

    def value(self, t):
        return np.broadcast_to(np.asarray(self.alpha, float), np.shape(t)) + 0.0 * t


@dataclass(frozen=True)
class inverse_sqrt(Schedule):  # noqa: N801
    r""":math:`\alpha_t = \alpha/\sqrt t`, the step size of Theorem 4.1 and of AdaGrad's
    correspondence in Section 5."""

    alpha: float

    def __post_init__(self):
        _set(self, "alpha", validation.positive("alpha", self.alpha))

    def value(self, t):
        return self.alpha / np.sqrt(t)


@dataclass(frozen=True)
class beta1_decay(Schedule):  # noqa: N801
    r""":math:`\beta_{1,t} = \beta_1 \lambda^{t-1}`, :math:`\lambda \in (0, 1]`, Theorem 4.1.

    The paper's proof needs it; Algorithm 1 uses a constant :math:`\beta_1`
    (:math:`\lambda = 1`, allowed here to compare the two).
    """

    beta1: float
    lam: float

    def __post_init__(self):
        _set(self, "beta1", validation.unit("beta1", self.beta1))
        _set(self, "lam", _fraction("lam", self.lam))

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
        _set(self, "alpha", validation.positive("alpha", self.alpha))
        _set(self, "factor", _fraction("factor", self.factor))
        _set(self, "every", validation.count("every", self.every))

    def value(self, t):
        return self.alpha * np.power(self.factor, (t - 1) // self.every)


@dataclass(frozen=True)
class exponential_decay(Schedule):  # noqa: N801
    r""":math:`\alpha_t = \alpha\, \gamma^{t-1}`: a smooth decay by ``rate`` per step."""

    alpha: float
    rate: float

    def __post_init__(self):
        _set(self, "alpha", validation.positive("alpha", self.alpha))
        _set(self, "rate", _fraction("rate", self.rate))

    def value(self, t):
        return self.alpha * np.power(self.rate, t - 1)


@dataclass(frozen=True)
class cosine(Schedule):  # noqa: N801
    r"""Cosine annealing (Loshchilov & Hutter 2017, without restarts), over ``T`` steps:

    .. math:: \alpha_t = \alpha_{\min} + \tfrac12(\alpha - \alpha_{\min})
              \bigl(1 + \cos(\pi (t-1)/T)\bigr), \quad 1 \le t \le T,

    and :math:`\alpha_{\min}` after step T. It starts at :math:`\alpha` (t = 1) and
    is still positive at t = T, so ``alpha_min = 0`` suits a run of T steps.
    optax's ``cosine_decay_schedule(alpha, T, alpha_min/alpha)`` and PyTorch's
    ``CosineAnnealingLR(T_max=T, eta_min=alpha_min)`` give the same values with
    their step counter ``t - 1``.
    """

    alpha: float
    T: int
    alpha_min: float = 0.0

    def __post_init__(self):
        _set(self, "alpha", validation.positive("alpha", self.alpha))
        _set(self, "T", validation.count("T", self.T))
        _set(self, "alpha_min", validation.nonnegative("alpha_min", self.alpha_min))
        if np.any(np.asarray(self.alpha_min) > np.asarray(self.alpha)):
            raise ValueError(
                f"alpha_min must not exceed alpha, got {self.alpha_min!r} > {self.alpha!r}"
            )

    def value(self, t):
        progress = np.minimum(t - 1, self.T) / self.T
        return self.alpha_min + 0.5 * (self.alpha - self.alpha_min) * (
            1 + np.cos(np.pi * progress)
        )


@dataclass(frozen=True)
class linear_warmup(Schedule):  # noqa: N801
    r"""Linear warm-up (Goyal et al. 2017) over ``warmup`` steps, then ``then``:

    .. math:: \alpha_t = \alpha\, t/w \quad (t \le w), \qquad
              \alpha_t = \mathrm{then}(t - w) \quad (t > w),

    with ``then = None`` meaning the constant :math:`\alpha`. For the usual
    warm-up-then-cosine, ``linear_warmup(a, w, then=cosine(a, T - w))``. Adam is
    often warmed up because its first steps have size close to :math:`\alpha` whatever
    the gradient's scale (Section 2.1; Liu et al. 2020).
    """

    alpha: float
    warmup: int
    then: Any = None

    def __post_init__(self):
        _set(self, "alpha", validation.positive("alpha", self.alpha))
        _set(self, "warmup", validation.count("warmup", self.warmup))
        if self.then is not None and not callable(self.then):
            raise TypeError(
                f"then must be a schedule (a callable of t) or None, got {self.then!r}"
            )

    def value(self, t):
        ramp = self.alpha * np.minimum(t, self.warmup) / self.warmup
        if self.then is None:
            return ramp
        after = np.asarray(self.then(np.maximum(t - self.warmup, 1.0)), dtype=float)
        return np.where(t <= self.warmup, ramp, after)
