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
from typing import Any, NamedTuple, Protocol, runtime_checkable

import numpy as np
from scipy import optimize

__all__ = [
    "Ball",
    "Box",
    "Comparator",
    "OnlineProblem",
    "OnlineRun",
    "Problem",
    "Whole",
    "best_fixed_scipy",
    "frank_wolfe_gap",
    "run",
    "v_hat_of",
]


# ----------------------------------------------------------------------------- feasible sets


def _radius(value: Any) -> np.ndarray | float:
    array = np.asarray(value, dtype=np.float64)
    if not np.all(np.isfinite(array)) or not np.all(array > 0):
        raise ValueError(f"radius must be positive and finite, got {value!r}")
    return array.item() if array.ndim == 0 else array


class Box:
    r"""The :math:`\ell_\infty` box :math:`\{\theta: |\theta_i| \le r\}` (r scalar, (d,), or (K, 1)).

    Projection: coordinate-wise clipping. Diameters: :math:`D_\infty = 2r`,
    :math:`D = 2r\sqrt d` (for a scalar r).
    """

    def __init__(self, radius: Any = 1.0):
        self.radius = _radius(radius)

    def project(self, theta: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
        """Clip every coordinate to [-r, r] (in place when ``out is theta``)."""
        return np.clip(theta, -self.radius, self.radius, out=out)

    def contains(self, theta: np.ndarray, tol: float = 1e-12) -> np.ndarray:
        return np.all(np.abs(theta) <= self.radius + tol, axis=-1)

    def _radii(self, d: int) -> np.ndarray:
        return np.broadcast_to(self.radius, np.broadcast_shapes(np.shape(self.radius), (d,)))

    def diameter(self, d: int) -> np.ndarray:
        """The l2 diameter: 2 sqrt(sum_i r_i^2) (2 r sqrt(d) for a scalar r)."""
        return 2.0 * np.sqrt(np.sum(np.square(self._radii(d)), axis=-1))

    def diameter_inf(self, d: int) -> np.ndarray:
        """The l-inf diameter: 2 max_i r_i."""
        return 2.0 * np.max(self._radii(d), axis=-1)

    def linear_minimizer(self, s: np.ndarray) -> np.ndarray:
        r"""A minimizer of :math:`\langle s, \theta\rangle` over the box: :math:`-r\,\mathrm{sign}(s)`
        (0 where :math:`s_i = 0`, where every point of the edge is a minimizer)."""
        return -self.radius * np.sign(s)

    def __repr__(self) -> str:
        return f"Box(radius={self.radius!r})"


class Ball:
    r"""The :math:`\ell_2` ball :math:`\{\theta: \|\theta\|_2 \le r\}` (r scalar or (K, 1)).

    Projection: :math:`\theta \min(1, r/\|\theta\|_2)` row by row. Diameters
    :math:`D = 2r`, :math:`D_\infty = 2r`.
    """

    def __init__(self, radius: Any = 1.0):
        self.radius = _radius(radius)
        if np.ndim(self.radius) == 1:
            raise ValueError("radius of a Ball is a scalar or shape (K, 1), got a vector")

    def project(self, theta: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
        norm = np.sqrt(np.einsum("...i,...i->...", theta, theta))[..., None]
        scale = np.minimum(1.0, self.radius / np.maximum(norm, np.finfo(float).tiny))
        return np.multiply(theta, scale, out=out)

    def contains(self, theta: np.ndarray, tol: float = 1e-12) -> np.ndarray:
        r = np.squeeze(np.asarray(self.radius), -1) if np.ndim(self.radius) == 2 else self.radius
        return np.linalg.norm(theta, axis=-1) <= r + tol

    def diameter(self, d: int) -> np.ndarray:
        r = np.asarray(self.radius)
        return 2.0 * (r[..., 0] if r.ndim == 2 else r)

    def diameter_inf(self, d: int) -> np.ndarray:
        return self.diameter(d)

    def linear_minimizer(self, s: np.ndarray) -> np.ndarray:
        r""":math:`-r\, s/\|s\|_2` (0 where s = 0)."""
        norm = np.linalg.norm(s, axis=-1, keepdims=True)
        return -self.radius * np.divide(s, norm, out=np.zeros_like(s), where=norm > 0)

    def __repr__(self) -> str:
        return f"Ball(radius={self.radius!r})"


class Whole:
    """The whole space R^d: projection is the identity, diameters are infinite."""

    radius = np.inf

    def project(self, theta: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
        if out is None:
            return theta.copy()
        if out is not theta:
            out[...] = theta
        return out

    def contains(self, theta: np.ndarray, tol: float = 0.0) -> np.ndarray:
        return np.all(np.isfinite(theta), axis=-1)

    def diameter(self, d: int) -> float:
        return np.inf

    def diameter_inf(self, d: int) -> float:
        return np.inf

    def linear_minimizer(self, s: np.ndarray) -> np.ndarray:
        raise ValueError("a linear loss has no minimizer on the whole space; use a Box or a Ball")

    def __repr__(self) -> str:
        return "Whole()"


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


def frank_wolfe_gap(domain: Any, theta: np.ndarray, total_grad: np.ndarray) -> np.ndarray:
    r"""Certified suboptimality of ``theta`` for a convex total loss F on ``domain``:

    .. math:: F(\theta) - \min_{\mathcal F} F \le \max_{y\in\mathcal F}
              \langle\nabla F(\theta), \theta - y\rangle

    (convexity: :math:`F(y) \ge F(\theta) + \langle\nabla F(\theta), y-\theta\rangle`).
    On a box the maximum is :math:`\langle\nabla F,\theta\rangle + r\|\nabla F\|_1`,
    on a ball :math:`\langle\nabla F,\theta\rangle + r\|\nabla F\|_2`. On the whole
    space it is finite only when :math:`\nabla F = 0`.
    """
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


def record_rounds(T: int, record: Any) -> np.ndarray:
    if record is None:
        return np.arange(1, T + 1)
    if isinstance(record, int | np.integer):
        if record < 2:
            raise ValueError(
                f"record must be None, an int >= 2 or an array of rounds, got {record}"
            )
        return np.unique(np.round(np.geomspace(1, T, int(record))).astype(int))
    rounds = np.unique(np.asarray(record, dtype=int))
    if rounds.size == 0 or rounds[0] < 1 or rounds[-1] > T:
        raise ValueError(f"record rounds must lie in [1, T={T}]")
    return rounds


def initial_theta(problem: Any, theta0: Any, K: int) -> np.ndarray:
    d = problem.dim
    if theta0 is None:
        theta = np.zeros((K, d))
    else:
        theta = np.array(theta0, dtype=np.float64)
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
    if not isinstance(T, int | np.integer) or T < 1:
        raise ValueError(f"T must be a positive integer, got {T!r}")
    T = int(T)
    if batch is None:
        batch = (
            np.shape(theta0)[0] if theta0 is not None and np.ndim(theta0) == 2 else problem.batch
        )
    K = int(batch)
    if problem.batch not in (1, K):
        raise ValueError(f"batch={K} does not match the problem's batch {problem.batch}")
    theta = initial_theta(problem, theta0, K)
    if comparator is None:
        comparator = problem.best_fixed(T)
    theta_star = np.broadcast_to(comparator.theta, (K, problem.dim)).copy()
    return Setup(T, K, problem.dim, theta, comparator, theta_star, record_rounds(T, record))


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

    The loop per round: the loss at theta (and at theta* unless the problem has
    ``prefix_total``), the gradient, ``opt.step`` (in place, the optimizer's fast
    path), the projection in place, and O(Kd) bookkeeping for Theorem 4.1's
    quantities. For Adam/AMSGrad on linear losses and long horizons,
    ``adamtheory.online_fast.run`` returns the same result without the Python loop.
    """
    for name in ("dim", "batch", "domain", "loss", "grad", "best_fixed"):
        if not hasattr(problem, name):
            raise TypeError(f"problem has no {name!r}: see adamtheory.online's protocol")
    setup = setup_run(problem, T, theta0, batch, record, comparator)
    theta, theta_star, rounds = setup.theta, setup.theta_star, setup.rounds
    tally = Tally.start(setup)
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
    return tally.result(opt, problem, setup, theta, state)
