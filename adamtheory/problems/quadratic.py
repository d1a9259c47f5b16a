r"""A seeded noisy quadratic, the test problem of the limit studies (Sections 5 and 7.1).

:math:`f(\theta) = \tfrac12\sum_j h_j(\theta_j - \theta^*_j)^2`, observed with additive
gradient noise :math:`\xi_t`. Its gradient depends on theta, so a difference between
two methods' steps feeds back into their trajectories: comparing whole trajectories
(not steps on a fixed gradient sequence) is what "method A tends to method B" means.
The noise is the same for every row of a batch (common random numbers), so rows of a
batched run differ only by their hyperparameters.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np

from ..core import validation

__all__ = ["NoisyQuadratic", "noisy_quadratic"]

SEED = 20150101


class NoisyQuadratic(NamedTuple):
    """Curvatures ``h`` (d,), optimum ``theta*`` (d,), noise ``xi_t`` (T, d)."""

    curvature: np.ndarray
    optimum: np.ndarray
    noise: np.ndarray

    @property
    def horizon(self) -> int:
        """T, the number of noisy gradients the problem holds."""
        return int(self.noise.shape[0])

    def grad(self, theta: Any, t: int) -> np.ndarray:
        """The stochastic gradient at step t = 1..T, for theta of shape (d,) or (K, d)."""
        t = validation.count("t", t)
        if t > self.horizon:
            raise ValueError(f"t must be <= T = {self.horizon}, got {t}")
        theta = validation.real_array("theta", theta)
        return self.curvature * (theta - self.optimum) + self.noise[t - 1]

    def run(self, opt: Any, theta0: Any) -> np.ndarray:
        """The iterates theta_0, ..., theta_T of ``opt`` (an ``optim`` optimizer) from
        ``theta0`` of shape (d,) or (K, d): an array of shape (T+1, *theta0.shape)."""
        if not (hasattr(opt, "init") and hasattr(opt, "step")):
            raise TypeError(f"opt must be an optimizer such as optim.adam(), got {opt!r}")
        theta = np.array(validation.real_array("theta0", theta0), dtype=np.float64)
        if theta.ndim not in (1, 2) or theta.shape[-1] != self.curvature.size:
            raise ValueError(
                f"theta0 must have shape (d,) or (K, d) with d = {self.curvature.size}, "
                f"got {theta.shape}"
            )
        state = opt.init(theta)
        path = np.empty((self.horizon + 1, *theta.shape))
        path[0] = theta
        for t in range(1, self.horizon + 1):
            g = self.curvature * (theta - self.optimum) + self.noise[t - 1]
            state = opt.step(theta, g, state)
            path[t] = theta
        return path


def noisy_quadratic(T: int, d: int = 4, noise: float = 0.5, seed: int = SEED) -> NoisyQuadratic:
    """A seeded noisy quadratic: curvatures uniform in [0.5, 2], optimum N(0, 1) per
    coordinate, T steps of N(0, noise^2) gradient noise."""
    T, d = validation.count("T", T), validation.count("d", d)
    noise = validation.nonnegative("noise", noise)
    if np.ndim(noise) != 0:
        raise ValueError(f"noise must be a scalar, got shape {np.shape(noise)}")
    rng = np.random.default_rng(validation.count("seed", seed, minimum=0))
    curvature = rng.uniform(0.5, 2.0, d)
    optimum = rng.normal(size=d)
    with np.errstate(over="raise"):  # noise near 1e308: the noise itself leaves float64
        return NoisyQuadratic(curvature, optimum, noise * rng.normal(size=(T, d)))
