"""The online problem protocol, the comparator, and SciPy's best fixed point with a
certified gap (what ``runner.run`` needs from a problem: see ``adamtheory.online``)."""

from __future__ import annotations

from typing import Any, NamedTuple, Protocol, runtime_checkable

import numpy as np
from scipy import optimize

from ..core import validation
from .domains import Ball, Box, Whole

__all__ = ["Comparator", "OnlineProblem", "Problem", "best_fixed_scipy", "frank_wolfe_gap"]


# ----------------------------------------------------------------------------- the protocol


class Comparator(NamedTuple):
    """The best fixed point in hindsight of T rounds, and how well it is known.

    ``gap`` bounds its suboptimality: ``total_loss - min <= gap`` (0 when exact).
    """

    theta: np.ndarray  # (K_p, d)
    total_loss: np.ndarray  # (K_p,)
    method: str
    gap: np.ndarray  # (K_p,)


@runtime_checkable
class Problem(Protocol):
    dim: int
    batch: int
    domain: Any

    def loss(self, t: int, theta: np.ndarray) -> np.ndarray: ...
    def grad(self, t: int, theta: np.ndarray) -> np.ndarray: ...
    def best_fixed(self, T: int) -> Comparator: ...


class OnlineProblem:
    """Convenience base class: ``dim``, ``batch``, ``domain``, and defaults.

    Subclasses implement ``loss``, ``grad`` and either ``best_fixed`` or
    ``total`` (then the comparator comes from :func:`best_fixed_scipy`).
    """

    dim: int
    batch: int = 1
    domain: Any = None
    G: float | None = None  # a-priori bounds, when known
    G_inf: float | None = None

    def loss(self, t: int, theta: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def grad(self, t: int, theta: np.ndarray) -> np.ndarray:
        raise NotImplementedError

    def total(self, T: int, theta: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(sum_{t<=T} f_t(theta), its gradient), vectorized over rows; by default a loop."""
        F = np.zeros(theta.shape[0])
        dF = np.zeros_like(theta)
        for t in range(1, T + 1):
            F += self.loss(t, theta)
            dF += self.grad(t, theta)
        return F, dF

    def best_fixed(self, T: int) -> Comparator:
        return best_fixed_scipy(self, T)


def _finite_array(name: str, value: Any) -> np.ndarray:
    array = validation.real_array(name, value)
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must be finite")
    return array


def frank_wolfe_gap(domain: Any, theta: np.ndarray, total_grad: np.ndarray) -> np.ndarray:
    r"""Certified suboptimality of ``theta`` for a convex total loss F on ``domain``:

    .. math:: F(\theta) - \min_{\mathcal F} F \le \max_{y\in\mathcal F}
              \langle\nabla F(\theta), \theta - y\rangle

    (convexity: :math:`F(y) \ge F(\theta) + \langle\nabla F(\theta), y-\theta\rangle`).
    On a box the maximum is :math:`\langle\nabla F,\theta\rangle + r\|\nabla F\|_1`,
    on a ball :math:`\langle\nabla F,\theta\rangle + r\|\nabla F\|_2`. On the whole
    space it is finite only when :math:`\nabla F = 0`.
    """
    if not isinstance(domain, Ball | Box | Whole):
        raise TypeError(f"domain must be a Box, Ball or Whole, got {type(domain).__name__}")
    theta = _finite_array("theta", theta)
    total_grad = _finite_array("total_grad", total_grad)
    if theta.shape != total_grad.shape:
        raise ValueError(f"theta {theta.shape} and total_grad {total_grad.shape} differ in shape")
    y = domain.linear_minimizer(total_grad) if not isinstance(domain, Whole) else None
    if y is None:
        norm = np.linalg.norm(total_grad, axis=-1)
        return np.where(norm == 0, 0.0, np.inf)
    return np.maximum(np.einsum("ki,ki->k", total_grad, theta - y), 0.0)


def best_fixed_scipy(problem: Any, T: int, tol: float = 1e-12) -> Comparator:
    r"""The comparator of a smooth convex problem by SciPy, with a certified gap.

    The K_p comparators are independent, so :math:`\sum_k F_k(\theta_k)` is one
    separable problem in K_p d variables: one L-BFGS-B call (the box as bounds),
    or on a ball a projected-gradient-free SLSQP with one constraint per row.
    Accuracy: ``gap`` is the Frank-Wolfe gap of the solution (:func:`frank_wolfe_gap`),
    a certified bound on its suboptimality (typically 1e-8 relative or better).
    """
    from .arguments import check_problem  # arguments imports this module

    check_problem(problem)
    T = validation.count("T", T)
    tol = float(validation.positive("tol", tol))
    K, d, domain = problem.batch, problem.dim, problem.domain

    def fun(flat):
        theta = flat.reshape(K, d)
        F, dF = problem.total(T, theta)
        return float(np.sum(F)), dF.ravel()

    x0 = np.zeros(K * d)
    if isinstance(domain, Ball):
        r = np.broadcast_to(np.asarray(domain.radius, float).reshape(-1), (K,))
        cons = {
            "type": "ineq",
            "fun": lambda f: r**2 - np.sum(f.reshape(K, d) ** 2, axis=1),
            "jac": lambda f: _ball_jacobian(f.reshape(K, d)),
        }
        sol = optimize.minimize(
            fun,
            x0,
            jac=True,
            method="SLSQP",
            constraints=[cons],
            options={"ftol": tol, "maxiter": 1000},
        )
        theta = domain.project(sol.x.reshape(K, d))
        method = "SLSQP"
    else:
        bounds = None
        if isinstance(domain, Box):
            r = (
                np.broadcast_to(domain.radius, (K, d)).ravel()
                if np.ndim(domain.radius)
                else np.full(K * d, domain.radius)
            )
            bounds = list(zip(-r, r, strict=True))
        sol = optimize.minimize(
            fun,
            x0,
            jac=True,
            method="L-BFGS-B",
            bounds=bounds,
            options={"ftol": tol, "gtol": 1e-10, "maxiter": 5000},
        )
        theta = domain.project(sol.x.reshape(K, d))
        method = "L-BFGS-B"
    F, dF = problem.total(T, theta)
    return Comparator(theta, F, method, frank_wolfe_gap(domain, theta, dF))


def _ball_jacobian(theta: np.ndarray) -> np.ndarray:
    K, d = theta.shape
    jac = np.zeros((K, K * d))
    for k in range(K):
        jac[k, k * d : (k + 1) * d] = -2 * theta[k]
    return jac
