r"""Theorem 4.1 and Corollary 4.2 on runs: the witnesses and the benign grid.

Every right-hand side comes from :func:`adamtheory.online.theorem41_rhs_along` (the one copy),
evaluated along a run at every T from the run's own :math:`\hat v_{T,i}` and
:math:`\|g_{1:T,i}\|_2`, so the first T at which R(T) exceeds it is measured, not read
off a coarse grid. The witnesses (all with :math:`\alpha_t = \alpha/\sqrt t`):

- ``reddi``: Reddi, Kale & Kumar's Theorem 1 instance, *projected* Adam on [-1, 1]
  (their setting, a variant of Algorithm 1), :func:`adamtheory.problems.reddi_theorem1_witness`
  (C = 3, :math:`\beta_1 = 0`, :math:`\beta_2 = 0.1`, :math:`\alpha = 0.1`, :math:`x_1 = 1`),
  with the largest admissible :math:`D = D_\infty = 2`.
- ``walls``: the same losses plus convex walls :math:`3\max(0, |x|-1)`, played by
  Algorithm 1 itself, *unprojected*; the walls keep the iterates bounded (about [0.9, 1.03]).
  D and :math:`D_\infty` are the diameter of the iterates together with :math:`\theta^*`
  (what the proof uses, larger than the statement's).
- ``walls, decaying beta1``: the same with :math:`\beta_{1,t} = 0.5\cdot 0.5^{t-1}`
  (:math:`\gamma = 0.79 < 1`), the theorem's own schedule.
- ``iterate D``: :math:`f_t(x) = x` on [-1, 1] from :math:`x_1 = 0` with a small
  :math:`\alpha = 10^{-3}`: the iterates move about :math:`2\alpha\sqrt T`, so the
  statement's D (distances *between iterates*) is tiny while R(T) is about T.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np

from ... import online, optim
from ...core import validation
from ...optim import schedules
from ...problems import (
    LinearLosses,
    WalledLinear,
    dense_hinge,
    logistic_stream,
    random_linear,
    reddi_theorem1,
    reddi_theorem1_witness,
    sparse_hinge,
)

__all__ = [
    "SEED",
    "WALL",
    "adam_theorem41",
    "benign_grid",
    "benign_regret_curve",
    "exceedance",
    "iterate_d_witness",
    "reddi_witness",
    "theorem41_grid",
    "walled_witnesses",
]

SEED = 1412_6980

WALL = 3.0
"""The walls' slope: equal to C = 3, so every prefix sum obeys :math:`|S_t| \\le 3t` (the
comparator exists from t = 1) and outside [-1, 1] every gradient points back inside."""


def adam_theorem41(alpha: Any, beta1: Any, beta2: Any, lam: Any, eps: float = 1e-8) -> Any:
    r"""Adam with the theorem's schedules :math:`\alpha_t = \alpha/\sqrt t`,
    :math:`\beta_{1,t} = \beta_1\lambda^{t-1}` (arrays of shape (K, 1) run K configurations).
    ``eps = 1e-8`` (the theorem has none; it moves R(T) by far less than the margins)."""
    return optim.adam(
        alpha=schedules.inverse_sqrt(alpha),
        beta1=schedules.beta1_decay(beta1, lam),
        beta2=beta2,
        eps=eps,
    )


def exceedance(ts: np.ndarray, R: np.ndarray, rhs: np.ndarray) -> tuple[int, int]:
    """(first T with R(T) > RHS(T), the T from which R > RHS at every later round); 0 for never."""
    ts, R, rhs = (validation.real_array(n, x) for n, x in (("ts", ts), ("R", R), ("rhs", rhs)))
    for name, x in (("ts", ts), ("R", R), ("rhs", rhs)):
        if not np.all(np.isfinite(x)):
            raise ValueError(f"{name} must be finite")
    if not (ts.ndim == 1 and ts.shape == R.shape == rhs.shape and ts.size):
        raise ValueError(
            f"ts, R and rhs must be 1-d of one length >= 1, got {ts.shape}, {R.shape}"
        )
    over = R > rhs
    if not over.any():
        return 0, 0
    first = int(ts[np.argmax(over)])
    if not over[-1]:
        return first, 0
    below = np.flatnonzero(~over)
    return first, int(ts[below[-1] + 1]) if below.size else int(ts[0])


def _summary(name: str, ts, R, rhs, setting: str) -> dict[str, Any]:
    first, stays = exceedance(ts, R, rhs)
    ratio = R / rhs
    return {
        "name": name,
        "setting": setting,
        "T": int(ts[-1]),
        "R_T": float(R[-1]),
        "RHS_T": float(rhs[-1]),
        "ratio_T": float(R[-1] / rhs[-1]),
        "R_over_T": float(R[-1] / ts[-1]),
        "first_T_over": first,
        "over_from_T": stays,
        "max_ratio": float(ratio.max()),
        "T_at_max_ratio": int(ts[np.argmax(ratio)]),
        "curve_t": ts,
        "curve_R": R,
        "curve_rhs": rhs,
    }


@functools.lru_cache(maxsize=4)
def reddi_witness(T: int) -> dict[str, Any]:
    """Projected Adam on Reddi's Theorem 1 instance: R(t) and the RHS at every t <= T."""
    T = validation.count("T", T)
    w = reddi_theorem1_witness()
    opt = optim.adam(alpha=schedules.inverse_sqrt(w.alpha), beta1=w.beta1, beta2=w.beta2, eps=1e-8)
    result = online.fast.run(opt, w.problem, T, theta0=[w.theta0])
    ts = result.t
    g = w.problem.linear_gradients(ts)[:, 0, :]
    # beta1 = 0: every lambda gives the same algorithm; the RHS's infimum over lambda is at 0
    rhs = online.theorem41_rhs_along(
        g, alpha=w.alpha, beta1=w.beta1, beta2=w.beta2, lam=0.0, D=2.0, D_inf=2.0
    ).total
    out = _summary("reddi", ts, result.prefix_regret[:, 0], rhs, "projected onto [-1, 1] (Reddi)")
    out["theta_T"] = float(result.theta[0, 0])
    return out


def walled_witnesses(T: int, beta1: float = 0.5, lam: float = 0.5) -> list[dict[str, Any]]:
    r"""Algorithm 1 without projection on Reddi's losses plus walls: :math:`\beta_1 = 0` and
    :math:`\beta_{1,t} = \beta_1\lambda^{t-1}`, one batched run; the RHS at every t.

    Refused before the run, naming the argument: T not a whole number >= 1, beta1
    outside [0, 1) or with :math:`\gamma = \beta_1^2/\sqrt{\beta_2} \ge 1` (the witness's
    :math:`\beta_2 = 0.1`; ``online.theorem41_rhs``'s check), lam outside (0, 1). The
    checked values are ints and floats (one cache entry for 0.5 and a NumPy 0.5).
    The rows are cached: treat them as read-only."""
    T = validation.count("T", T)
    beta1 = float(validation.unit("beta1", beta1))
    lam = float(validation.in_interval("lam", lam, 0.0, 1.0, closed_low=False))
    w = reddi_theorem1_witness()
    online.theorem41_hyperparameters(w.alpha, beta1, w.beta2, lam)  # gamma < 1, before the run
    return _walled_witnesses(T, beta1, lam)


@functools.lru_cache(maxsize=4)
def _walled_witnesses(T: int, beta1: float, lam: float) -> list[dict[str, Any]]:
    """:func:`walled_witnesses` on checked arguments (cached)."""
    w = reddi_theorem1_witness()
    problem = WalledLinear(reddi_theorem1(w.problem.C), wall=WALL)
    b1 = np.array([[0.0], [beta1]])
    opt = adam_theorem41(w.alpha, b1, w.beta2, lam)
    result = online.run(opt, problem, T, theta0=[w.theta0], batch=2, trace=True)
    ts = result.t
    g = problem.gradients(ts, result.thetas)  # (T, 2, 1)
    star = result.comparator.theta[0]
    low = np.minimum(result.theta_min, star)
    high = np.maximum(result.theta_max, star)
    D = np.sqrt(np.sum((high - low) ** 2, axis=1))  # with theta*: what the proof uses
    rows = []
    for k, (name, lam_k) in enumerate([("walls", 0.0), ("walls, decaying beta1", lam)]):
        rhs = online.theorem41_rhs_along(
            g[:, k], alpha=w.alpha, beta1=float(b1[k, 0]), beta2=w.beta2, lam=lam_k,
            D=D[k], D_inf=D[k],
        ).total  # fmt: skip
        setting = f"unprojected, walls {WALL:g} max(0, |x|-1), beta1={b1[k, 0]:g}"
        if k:
            setting += f", lambda={lam:g}"
        row = _summary(name, ts, result.prefix_regret[:, k], rhs, setting)
        row["theta_range"] = [float(result.theta_min[k, 0]), float(result.theta_max[k, 0])]
        rows.append(row)
    return rows


def iterate_d_witness(T: int, alpha: float = 1e-3, beta2: float = 0.999) -> dict[str, Any]:
    r""":math:`f_t(x) = x` on [-1, 1], :math:`x_1 = 0`, :math:`\beta_1 = 0`: R(T) against the
    RHS with the statement's D (the iterates' own diameter) and with :math:`\theta^* = -1`
    included (the proof's); the projection never acts (the iterates stay near 0)."""
    T = validation.count("T", T)
    problem = LinearLosses([[1.0]], domain=online.Box(1.0))
    opt = optim.adam(alpha=schedules.inverse_sqrt(alpha), beta1=0.0, beta2=beta2, eps=1e-8)
    result = online.fast.run(opt, problem, T)
    ts = result.t
    g = np.ones((T, 1))
    R = result.prefix_regret[:, 0]
    D_iter = float(result.D[0])
    common = dict(alpha=alpha, beta1=0.0, beta2=beta2, lam=0.0)
    statement = online.theorem41_rhs_along(g, D=D_iter, D_inf=D_iter, **common).total
    with_star = online.theorem41_rhs_along(g, D=D_iter + 1.0, D_inf=D_iter + 1.0, **common).total
    out = _summary("iterate D", ts, R, statement, f"f_t = x on [-1, 1], alpha={alpha:g}")
    out["D_iterates"] = D_iter
    out["ratio_T_with_theta*"] = float(R[-1] / with_star[-1])
    return out


def theorem41_grid() -> dict[str, np.ndarray]:
    r"""The hyperparameter grid, (K, 1) each: :math:`\alpha \in \{0.01, 0.1, 1\}`,
    :math:`\beta_1 \in \{0, 0.9\}`, :math:`\beta_2 \in \{0.99, 0.999\}`,
    :math:`\lambda \in \{0.9, 0.999\}` (all with :math:`\gamma < 1`)."""
    grid = np.array(
        np.meshgrid([0.01, 0.1, 1.0], [0.0, 0.9], [0.99, 0.999], [0.9, 0.999], indexing="ij")
    ).reshape(4, -1)
    return {name: grid[i][:, None] for i, name in enumerate(("alpha", "beta1", "beta2", "lam"))}


def _benign_problems(T: int, rng: np.random.Generator) -> dict[str, Any]:
    seed = int(rng.integers(2**31))
    return {
        "linear, box, d=5": random_linear(T, 5, seed=seed, drift=0.2, domain=online.Box(1.0)),
        "logistic, ball, d=5": logistic_stream(T, 5, seed=seed + 1, domain=online.Ball(3.0)),
        "sparse hinge a=2, d=50": sparse_hinge(T, 50, a=2.0, seed=seed + 2),
        "dense hinge, d=20": dense_hinge(T, 20, seed=seed + 3),
    }


@functools.lru_cache(maxsize=2)
def benign_grid(T: int) -> tuple[dict[str, Any], ...]:
    r"""Theorem 4.1's RHS (each run's own D, D_inf, G_inf, v-hat, ||g_{1:T,i}||) against R(T):
    one row per problem x configuration of :func:`theorem41_grid`, with the statement's D
    (between iterates) and with :math:`\theta^*` included (the proof's)."""
    T = validation.count("T", T)
    rng = np.random.default_rng(SEED)
    grid = theorem41_grid()
    rows = []
    for name, problem in _benign_problems(T, rng).items():
        K = grid["alpha"].shape[0]
        result = online.run(adam_theorem41(**grid), problem, T, batch=K)
        hyper = {k: v[:, 0] for k, v in grid.items()}
        common = dict(G_inf=result.G_inf, v_hat=result.v_hat, grad_norms=result.grad_norms)
        literal = online.theorem41_rhs(T, **hyper, D=result.D, D_inf=result.D_inf, **common)
        star = result.comparator.theta
        width = np.maximum(result.theta_max, star) - np.minimum(result.theta_min, star)
        D_star, D_inf_star = np.sqrt(np.sum(width**2, axis=1)), np.max(width, axis=1)
        proof = online.theorem41_rhs(T, **hyper, D=D_star, D_inf=D_inf_star, **common)
        for k in range(K):
            rows.append(
                {
                    "problem": name,
                    **{h: float(v[k]) for h, v in hyper.items()},
                    "R(T)": float(result.final_regret[k]),
                    "RHS": float(literal.total[k]),
                    "RHS_with_theta*": float(proof.total[k]),
                    "ratio": float(result.final_regret[k] / literal.total[k]),
                    "ratio_with_theta*": float(result.final_regret[k] / proof.total[k]),
                }
            )
    return tuple(rows)


def benign_regret_curve(T: int, batch: int = 8, seed: int = SEED) -> dict[str, np.ndarray]:
    r"""Exact prefix regret of Adam (theorem's schedules, :math:`\alpha=0.1`, :math:`\beta_1=0.9`,
    :math:`\beta_2=0.999`, :math:`\lambda = 0.999`) on ``batch`` independent random linear
    sequences (d = 10, unit box, no drift: the hardest case), at ~40 log-spaced rounds."""
    T, batch = validation.count("T", T), validation.count("batch", batch, minimum=2)
    problem = random_linear(T, 10, batch=batch, seed=seed)
    opt = adam_theorem41(0.1, 0.9, 0.999, 0.999)
    result = online.run(opt, problem, T, record=40)
    return {"t": result.t, "regret": result.prefix_regret}
