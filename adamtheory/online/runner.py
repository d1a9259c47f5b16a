r"""Online convex optimization: feasible sets, projected runs, regret (Section 4).

The game (Zinkevich 2003; the paper's Section 4; Reddi et al. 2018, Section 2)
-------------------------------------------------------------------------------
At each round t = 1, ..., T the learner plays :math:`\theta_t \in \mathcal F`, an
oblivious adversary reveals a convex loss :math:`f_t`, the learner pays
:math:`f_t(\theta_t)`, observes :math:`g_t = \nabla f_t(\theta_t)` and moves:

.. math:: \theta_{t+1} = \Pi_{\mathcal F}\bigl(\theta_t + \mathrm{step}_t\bigr),
          \qquad \mathrm{step}_t \text{ from } \texttt{opt.update}(g_t, \mathrm{state}).

The regret against the best fixed point in hindsight is

.. math:: R(T) = \sum_{t=1}^T f_t(\theta_t) - \min_{\theta\in\mathcal F}\sum_{t=1}^T f_t(\theta).

``run`` reports the curve :math:`R(t) = \sum_{s\le t} [f_s(\theta_s) - f_s(\theta^*_T)]`
against the comparator :math:`\theta^*_T` of the full horizon: at t = T it is the
regret; for t < T it is a lower bound of the regret of the prefix (the prefix's
own minimum is at most the value at :math:`\theta^*_T`). Problems with a closed-form
prefix minimum (linear losses) also give the exact prefix regret: see
``OnlineRun.prefix_regret``.

``theta_1`` is ``theta0`` projected onto the domain. The projection is Euclidean;
on a box it coincides with Reddi et al.'s weighted projection
:math:`\Pi_{\mathcal F, \sqrt{\hat V_t}}` (a box is coordinate-separable); on a ball
it does not (documented, not silently equal).

The problem protocol (what ``run`` needs from a problem)
--------------------------------------------------------
A problem is any object with these attributes (subclass :class:`OnlineProblem`):

``dim``: int
    d, the dimension of theta.
``batch``: int
    K_p, the number of independent loss sequences it holds (seeds, dimensions
    padded, ...). ``1`` means one sequence shared by every run of the batch (a
    hyperparameter grid); otherwise the runs' batch size must equal K_p.
``domain``: a feasible set (:class:`Box`, :class:`Ball`, :class:`Whole`)
    Its radius may be an array of shape (K, 1) (one domain per run).
``loss(t, theta) -> (K,)``
    :math:`f_t(\theta)` for every row of ``theta`` of shape (K, d); t = 1, 2, ...
``grad(t, theta) -> (K, d)``
    a (sub)gradient :math:`\nabla f_t(\theta)` of every row.
``best_fixed(T) -> Comparator``
    the best fixed point in hindsight of the first T losses: ``theta`` (K_p, d),
    ``total_loss`` (K_p,) :math:`= \sum_{t\le T} f_t(\theta^*)`, ``method``
    (``"exact"``, ``"linprog"``, ``"L-BFGS-B"``, ...), and ``gap`` (K_p,): a
    certified upper bound on :math:`\sum_t f_t(\theta^*) - \min_\theta\sum_t f_t(\theta)`
    (0 for a closed form). :func:`best_fixed_scipy` solves smooth problems that
    offer ``total(T, theta) -> (F (K,), grad F (K, d))``.
Optional:
``prefix_best_total(ts) -> (len(ts), K_p)``
    :math:`\min_\theta \sum_{s\le t} f_s(\theta)` for each t in ``ts`` (closed form
    for linear losses): enables the exact prefix regret.
``prefix_total(ts, theta) -> (len(ts), K)``
    :math:`\sum_{s\le t} f_s(\theta)` of a fixed point for the rounds ``ts``: when
    present, the comparator's losses are not evaluated round by round.
``linear_gradients(ts) -> (len(ts), K_p, d)``
    for linear losses: what ``adamtheory.online_fast`` needs.
``G, G_inf``
    a-priori gradient bounds, when the problem knows them.

Every call is vectorized over the leading batch axis: a batch of K runs (seeds,
dimensions, hyperparameters) is one call of ``run``, with ``theta`` of shape (K, d)
and hyperparameters of shape (K, 1).

What ``run`` returns (:class:`OnlineRun`): the loss sequence, R(t), the comparator,
and every quantity of Theorem 4.1 measured on the run:
``G`` :math:`=\max_t\|g_t\|_2`, ``G_inf`` :math:`=\max_t\|g_t\|_\infty`,
``D_inf`` :math:`=\max_{n,m}\|\theta_n-\theta_m\|_\infty` (exact, from the running
coordinate-wise min and max), ``D`` :math:`=\|\max_t\theta_t-\min_t\theta_t\|_2`,
the diagonal of the iterates' bounding box: an upper bound of
:math:`\max_{n,m}\|\theta_n-\theta_m\|_2` (exact when one pair of iterates attains
every coordinate's extremes, as in 1-d), ``grad_norms`` :math:`=\|g_{1:T,i}\|_2`
of shape (K, d), and ``v_hat`` :math:`=\hat v_{T,i}` when the optimizer's state has
a second moment (Adam: :math:`v_T/(1-\beta_2^T)`; AMSGrad: its maximum).

>>> import numpy as np
>>> from adamtheory import optim, online
>>> from adamtheory.problems import LinearLosses
>>> problem = LinearLosses([[1.0], [-1.0]], domain=online.Box(1.0))   # f_t = +-theta, periodic
>>> result = online.run(optim.sgd(alpha=0.5), problem, T=4)
>>> result.regret[:, 0].tolist()      # theta: 0, -0.5, 0, -0.5; comparator: any point
[0.0, 0.5, 0.5, 1.0]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..core import validation
from .arguments import Setup, check_optimizer, record_rounds, setup_run
from .problem import Comparator

__all__ = [
    "OnlineRun",
    "Setup",
    "Tally",
    "check_optimizer",
    "record_rounds",
    "run",
    "setup_run",
    "v_hat_of",
]


# ----------------------------------------------------------------------------- the run


@dataclass
class OnlineRun:
    r"""Everything one batched run measured. Shapes: T rounds, K runs, d coordinates.

    ``t`` (n,): the rounds at which the curves are recorded (every round by default).
    ``losses`` (n, K): :math:`f_t(\theta_t)` at those rounds.
    ``comparator_losses`` (n, K): :math:`f_t(\theta^*_T)`.
    ``regret`` (n, K): :math:`R(t) = \sum_{s\le t} f_s(\theta_s) - f_s(\theta^*_T)`.
    ``cumulative_loss`` (n, K): :math:`\sum_{s\le t} f_s(\theta_s)`.
    ``final_regret`` (K,): R(T). ``comparator``: :class:`Comparator` (its ``gap`` is
    the accuracy of R(T): the true regret lies in [R(T), R(T) + gap]).
    Theorem 4.1's quantities (K,) or (K, d): ``G``, ``G_inf``, ``D``, ``D_inf``,
    ``grad_norms``, ``v_hat`` (None when the state has no second moment), from the
    played iterates :math:`\theta_1..\theta_T` (``theta_min``, ``theta_max``, (K, d)).
    ``theta``: :math:`\theta_{T+1}`, the point after the last step; ``state``: the
    optimizer's final state. ``prefix_regret``: exact regret of every prefix (linear losses).
    ``thetas`` (n, K, d): the played :math:`\theta_t` at the recorded rounds, when
    ``run(..., trace=True)`` (else None).
    """

    T: int
    t: np.ndarray
    losses: np.ndarray
    comparator_losses: np.ndarray
    regret: np.ndarray
    final_regret: np.ndarray
    comparator: Comparator
    theta: np.ndarray
    state: Any
    G: np.ndarray
    G_inf: np.ndarray
    D: np.ndarray
    D_inf: np.ndarray
    grad_norms: np.ndarray
    v_hat: np.ndarray | None
    theta_min: np.ndarray
    theta_max: np.ndarray
    cumulative_loss: np.ndarray = field(repr=False)
    prefix_best: np.ndarray | None = field(default=None, repr=False)
    thetas: np.ndarray | None = field(default=None, repr=False)

    @property
    def average_regret(self) -> np.ndarray:
        """R(t)/t at the recorded rounds, (n, K)."""
        return self.regret / self.t[:, None]

    @property
    def prefix_regret(self) -> np.ndarray:
        r"""Exact :math:`\sum_{s\le t} f_s(\theta_s) - \min_\theta\sum_{s\le t} f_s(\theta)`
        at the recorded rounds (n, K), when the problem has ``prefix_best_total``."""
        if self.prefix_best is None:
            raise AttributeError("the problem has no prefix_best_total: only R(T) is exact")
        return self.cumulative_loss - self.prefix_best


def v_hat_of(opt: Any, state: Any) -> np.ndarray | None:
    r""":math:`\hat v_{T}` from an optimizer's state: Adam's bias-corrected
    :math:`v_T/(1-\prod\beta_2)`, or :math:`v_T` without bias correction; AMSGrad's
    running maximum (divided by :math:`1-\beta_2^T` in the PyTorch variant);
    None for states without a second moment."""
    check_optimizer(opt)
    if state is None or not hasattr(state, "_fields"):
        raise TypeError(f"state must be an optimizer state (opt.init(theta)), got {state!r}")
    hyper = getattr(opt, "hyperparameters", {})
    if hasattr(state, "v_max"):
        if hyper.get("variant", "reddi") == "pytorch":
            return state.v_max / (1 - np.asarray(state.beta2_power))
        return state.v_max.copy()
    if hasattr(state, "v") and hasattr(state, "beta2_power"):
        if hyper.get("bias_correction", True):
            return state.v / (1 - np.asarray(state.beta2_power))
        return state.v.copy()
    return None


@dataclass
class Tally:
    """A run's bookkeeping: losses at the recorded rounds, running totals, and the
    quantities Theorem 4.1 reads off a run (sum of g^2, max gradient norms, the box
    the iterates played in)."""

    losses: np.ndarray  # (n, K) f_t(theta_t) at the recorded rounds
    comparator_losses: np.ndarray  # (n, K) f_t(theta*)
    cumulative_loss: np.ndarray  # (n, K)
    cumulative_comparator: np.ndarray  # (n, K)
    running: np.ndarray  # (K,) sum of f_t(theta_t) so far
    running_comparator: np.ndarray  # (K,)
    sum_sq: np.ndarray  # (K, d) sum of g_t^2
    g2_max: np.ndarray  # (K,) max ||g_t||_2^2
    ginf2_max: np.ndarray  # (K,) max ||g_t||_inf^2
    theta_min: np.ndarray  # (K, d) over the played iterates
    theta_max: np.ndarray  # (K, d)

    @classmethod
    def start(cls, setup: Setup) -> Tally:
        n, K, d = setup.rounds.size, setup.K, setup.d
        return cls(
            *(np.empty((n, K)) for _ in range(4)),
            np.zeros(K),
            np.zeros(K),
            np.zeros((K, d)),
            np.zeros(K),
            np.zeros(K),
            setup.theta.copy(),
            setup.theta.copy(),
        )

    def result(
        self, opt: Any, problem: Any, setup: Setup, theta: np.ndarray, state: Any
    ) -> OnlineRun:
        width = self.theta_max - self.theta_min
        prefix_best = None
        if hasattr(problem, "prefix_best_total"):
            prefix_best = np.broadcast_to(
                problem.prefix_best_total(setup.rounds), (setup.rounds.size, setup.K)
            ).copy()
        return OnlineRun(
            T=setup.T,
            t=setup.rounds,
            losses=self.losses,
            comparator_losses=self.comparator_losses,
            regret=self.cumulative_loss - self.cumulative_comparator,
            final_regret=self.running - self.running_comparator,
            comparator=setup.comparator,
            theta=theta,
            state=state,
            G=np.sqrt(self.g2_max),
            G_inf=np.sqrt(self.ginf2_max),
            D=np.sqrt(np.sum(width * width, axis=1)),
            D_inf=np.max(width, axis=1),
            grad_norms=np.sqrt(self.sum_sq),
            v_hat=v_hat_of(opt, state),
            theta_min=self.theta_min,
            theta_max=self.theta_max,
            cumulative_loss=self.cumulative_loss,
            prefix_best=prefix_best,
        )


def run(
    opt: Any,
    problem: Any,
    T: int,
    theta0: Any = None,
    *,
    batch: int | None = None,
    record: Any = None,
    comparator: Comparator | None = None,
    trace: bool = False,
) -> OnlineRun:
    r"""Play T rounds of online convex optimization with ``opt`` on ``problem``.

    Parameters
    ----------
    opt: an :class:`adamtheory.optim.Optimizer` (any of ``optim.ALL``), its
        hyperparameters floats, schedules, or arrays of shape (K, 1).
    problem: see the module docstring's protocol.
    T: the horizon, >= 1.
    theta0: (d,) or (K, d); default zeros. Projected onto the domain: theta_1.
    batch: K, the number of runs; default ``theta0``'s leading size, else the
        problem's ``batch``. A problem with batch 1 is shared by all K runs.
    record: None (every round), an int n (about n log-spaced rounds, for long
        horizons: memory O(nK), not O(TK)), or an array of rounds.
    comparator: a precomputed :class:`Comparator` (else ``problem.best_fixed(T)``).
    trace: keep the played iterates at the recorded rounds (``OnlineRun.thetas``), for
        quantities along the run (Theorem 4.1's right-hand side at every T).

    Bad arguments raise ``TypeError``/``ValueError`` naming them (``T=True``,
    ``batch=2.5``, ``record=3.7``, a factory ``optim.adam`` instead of ``optim.adam()``).

    The loop per round: the loss at theta (and at theta* unless the problem has
    ``prefix_total``), the gradient, ``opt.step`` (in place, the optimizer's fast
    path), the projection in place, and O(Kd) bookkeeping for Theorem 4.1's
    quantities. For Adam/AMSGrad on linear losses and long horizons,
    ``adamtheory.online_fast.run`` returns the same result without the Python loop.
    """
    for name in ("dim", "batch", "domain", "loss", "grad", "best_fixed"):
        if not hasattr(problem, name):
            raise TypeError(f"problem has no {name!r}: see adamtheory.online's protocol")
    check_optimizer(opt)
    trace = validation.flag("trace", trace)
    setup = setup_run(problem, T, theta0, batch, record, comparator)
    theta, theta_star, rounds = setup.theta, setup.theta_star, setup.rounds
    tally = Tally.start(setup)
    thetas = np.empty((rounds.size, setup.K, setup.d)) if trace else None
    sq = np.empty((setup.K, setup.d))
    project = problem.domain.project
    loss, grad = problem.loss, problem.grad
    state = opt.init(theta)
    j = 0
    next_record = rounds[0]
    comparator_in_loop = not hasattr(problem, "prefix_total")
    for t in range(1, setup.T + 1):
        np.minimum(tally.theta_min, theta, out=tally.theta_min)  # the played theta_1..theta_T
        np.maximum(tally.theta_max, theta, out=tally.theta_max)
        f = loss(t, theta)
        g = grad(t, theta)
        tally.running += f
        if comparator_in_loop:
            f_star = loss(t, theta_star)
            tally.running_comparator += f_star
        np.multiply(g, g, out=sq)  # Theorem 4.1's bookkeeping: sum g^2, max norms
        tally.sum_sq += sq
        np.maximum(tally.g2_max, sq.sum(axis=1), out=tally.g2_max)
        np.maximum(tally.ginf2_max, sq.max(axis=1), out=tally.ginf2_max)
        if t == next_record:
            tally.losses[j], tally.cumulative_loss[j] = f, tally.running
            if trace:
                thetas[j] = theta
            if comparator_in_loop:
                tally.comparator_losses[j] = f_star
                tally.cumulative_comparator[j] = tally.running_comparator
            j += 1
            next_record = rounds[j] if j < rounds.size else 0
        state = opt.step(theta, g, state)
        project(theta, out=theta)
    if not comparator_in_loop:
        tally.cumulative_comparator = problem.prefix_total(rounds, theta_star)
        tally.comparator_losses = tally.cumulative_comparator - problem.prefix_total(
            rounds - 1, theta_star
        )
        tally.running_comparator = problem.prefix_total(np.array([setup.T]), theta_star)[0]
    result = tally.result(opt, problem, setup, theta, state)
    result.thetas = thetas
    return result
