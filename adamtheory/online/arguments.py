"""The runners' arguments, checked once for both (``runner.run`` and ``fast.run``): the
horizon, the batch size, the rounds to record, theta_1, the comparator and the optimizer,
each bad value a ``TypeError``/``ValueError`` that names it (``core.validation``)."""

from __future__ import annotations

import numbers
from typing import Any, NamedTuple

import numpy as np

from ..core import validation
from .problem import Comparator

__all__ = [
    "Setup",
    "check_optimizer",
    "check_problem",
    "initial_theta",
    "record_rounds",
    "setup_run",
]


MAX_ENTRIES = 2**40
"""No run can have more rounds, or more parameters (batch x d), than this (8 TB of
float64): a larger T or batch is a mistake, refused by name before any allocation."""


def record_rounds(T: int, record: Any) -> np.ndarray:
    """The rounds to record: every round (None), about n log-spaced rounds (an int n >= 2),
    or the given rounds (an integer array within [1, T])."""
    T = validation.count("T", T)
    if T > MAX_ENTRIES:
        raise ValueError(f"T must be at most {MAX_ENTRIES:.0e} rounds, got {T}")
    if record is None:
        return np.arange(1, T + 1)
    if isinstance(record, numbers.Number) and not isinstance(record, bool | np.bool_):
        n = validation.count("record", record, minimum=2)
        if n >= T:  # as many rounds as there are: every round
            return np.arange(1, T + 1)
        return np.unique(np.round(np.geomspace(1, T, n)).astype(int))
    if isinstance(record, bool | np.bool_ | str | bytes):
        raise TypeError(f"record must be None, an int >= 2 or an array of rounds, got {record!r}")
    array = np.asarray(record)
    if array.dtype.kind not in "iu":
        raise TypeError(f"record rounds must be integers, got dtype {array.dtype}")
    rounds = np.unique(array.astype(np.int64))
    if rounds.size == 0 or rounds[0] < 1 or rounds[-1] > T:
        raise ValueError(f"record rounds must lie in [1, T={T}]")
    return rounds


def check_problem(problem: Any) -> None:
    """``problem`` must be an online problem (``dim``, ``batch``, ``domain``, ``grad``...)."""
    needed = ("dim", "batch", "domain", "loss", "grad", "best_fixed")
    if isinstance(problem, type) or not all(hasattr(problem, n) for n in needed):
        raise TypeError(
            f"problem must be an online problem (problems.random_linear(...) and the like), "
            f"got {type(problem).__name__}"
        )


def initial_theta(problem: Any, theta0: Any, K: int) -> np.ndarray:
    check_problem(problem)
    K = validation.count("K", K)
    d = problem.dim
    if theta0 is None:
        theta = np.zeros((K, d))
    else:
        theta = np.array(validation.real_array("theta0", theta0), dtype=np.float64)
        if theta.ndim == 1:
            theta = np.broadcast_to(theta, (K, theta.shape[0])).copy()
        if theta.ndim != 2 or theta.shape[1] != d:
            raise ValueError(
                f"theta0 must have shape (d,) or (K, d) with d={d}, got {np.shape(theta0)}"
            )
    if not np.all(np.isfinite(theta)):
        raise ValueError("theta0 must be finite")
    return problem.domain.project(theta)


class Setup(NamedTuple):
    """What every runner needs before round 1: sizes, theta_1, the comparator, the rounds
    to record."""

    T: int
    K: int
    d: int
    theta: np.ndarray  # theta_1, (K, d), projected
    comparator: Comparator
    theta_star: np.ndarray  # (K, d)
    rounds: np.ndarray  # the recorded rounds, sorted


def setup_run(
    problem: Any, T: Any, theta0: Any, batch: Any, record: Any, comparator: Any
) -> Setup:
    """Validate T, resolve the batch size K, and build theta_1 and the comparator."""
    check_problem(problem)
    T = validation.count("T", T)
    if theta0 is not None:
        theta0 = validation.real_array("theta0", theta0)
    if batch is None:
        batch = (
            np.shape(theta0)[0] if theta0 is not None and np.ndim(theta0) == 2 else problem.batch
        )
    K = validation.count("batch", batch)
    if T > MAX_ENTRIES:
        raise ValueError(f"T must be at most {MAX_ENTRIES:.0e} rounds, got {T}")
    if K * problem.dim > MAX_ENTRIES:
        raise ValueError(f"batch={K} times d={problem.dim} parameters do not fit in memory")
    if problem.batch not in (1, K):
        raise ValueError(f"batch={K} does not match the problem's batch {problem.batch}")
    theta = initial_theta(problem, theta0, K)
    if comparator is None:
        comparator = problem.best_fixed(T)
    elif not isinstance(comparator, Comparator):
        raise TypeError(
            f"comparator must be an online.Comparator or None, got {type(comparator).__name__}"
        )
    theta_star = np.broadcast_to(comparator.theta, (K, problem.dim)).copy()
    return Setup(T, K, problem.dim, theta, comparator, theta_star, record_rounds(T, record))


def check_optimizer(opt: Any) -> None:
    """``opt`` must be an optimizer (``optim.adam()``), not its factory (``optim.adam``)."""
    if not all(hasattr(opt, name) for name in ("init", "update", "step")):
        hint = " (call the factory: optim.adam(), not optim.adam)" if callable(opt) else ""
        raise TypeError(
            f"opt must be an optimizer with init/update/step, got {type(opt).__name__}{hint}"
        )
