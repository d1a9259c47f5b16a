r"""Online convex optimization: feasible sets, projected runs, regret (Section 4).

- ``domains``: :class:`Box`, :class:`Ball`, :class:`Whole` (projection, diameters).
- ``problem``: the problem protocol, :class:`Comparator`, SciPy's comparator.
- ``arguments``: the runners' argument checks (T, batch, record, comparator, the optimizer).
- ``runner``: :func:`run`, the reference runner for any optimizer and problem.
- ``fast``: ``fast.run``, the same for Adam/AMSGrad on linear losses, filtered in time.
- ``theorem41``: Theorem 4.1's right-hand side from a run's own quantities.

See ``adamtheory.online.runner`` for the game and the protocol.
"""

from . import fast
from .domains import Ball, Box, Whole
from .problem import Comparator, OnlineProblem, Problem, best_fixed_scipy, frank_wolfe_gap
from .runner import OnlineRun, record_rounds, run, setup_run, v_hat_of
from .theorem41 import (
    Theorem41Terms,
    theorem41_hyperparameters,
    theorem41_rhs,
    theorem41_rhs_along,
)

__all__ = [
    "Ball",
    "Box",
    "Comparator",
    "OnlineProblem",
    "OnlineRun",
    "Problem",
    "Theorem41Terms",
    "Whole",
    "best_fixed_scipy",
    "fast",
    "frank_wolfe_gap",
    "record_rounds",
    "run",
    "setup_run",
    "theorem41_hyperparameters",
    "theorem41_rhs",
    "theorem41_rhs_along",
    "v_hat_of",
]
