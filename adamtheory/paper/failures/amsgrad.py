r"""AMSGrad's regret bound, Reddi, Kale & Kumar (ICLR 2018), Theorem 4, against measured regret.

Theorem 4 (their statement, 1-d here): with :math:`\beta_{1,t} \le \beta_1`,
:math:`\gamma = \beta_1/\sqrt{\beta_2} < 1`, :math:`\alpha_t = \alpha/\sqrt t` and
iterates in a set of :math:`\ell_\infty` diameter :math:`D_\infty`,

.. math::
    R(T) \le \frac{D_\infty^2\sqrt T}{\alpha(1-\beta_1)}\hat v_T^{1/2}
      + \frac{D_\infty^2}{2(1-\beta_1)}\sum_{t\le T}\frac{\beta_{1,t}\hat v_t^{1/2}}{\alpha_t}
      + \frac{\alpha\sqrt{1+\log T}}{(1-\beta_1)^2(1-\gamma)\sqrt{1-\beta_2}}\|g_{1:T}\|_2 .

Scope. A constant :math:`\beta_1 > 0` satisfies the hypothesis
:math:`\beta_{1,t} \le \beta_1`, but the middle term then grows like
:math:`T^{3/2}` and the bound says nothing about the rate; their Corollary 1's
:math:`O(\sqrt{T\log T})` needs :math:`\beta_{1,t} = \beta_1\lambda^{t-1}` (middle
term at most :math:`D_\infty^2\beta_1 G_\infty/(2\alpha(1-\beta_1)(1-\lambda)^2)`), or
:math:`\beta_1 = 0`, where it vanishes. Tran & Phong (IEEE Access 2019) point out a
flaw in the proof for a non-constant :math:`\beta_{1,t}`; the cases run here are
:math:`\beta_1 = 0` (where the flawed step does not arise) and Reddi et al.'s own
Section 5 synthetic problem with constant :math:`\beta = (0.9, 0.99)` (the bound
holds, vacuously).

Decided by the bound, not by a fitted slope: on the Section 5 problem AMSGrad's
regret rises with a log-log slope near 0.8 over :math:`10^4..10^6` (it is still
walking from +1 to -1) while staying far below the bound; a slope read there is a
transient, not a rate.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ... import online, problems
from ...core import validation
from ...core.ema import ema
from ...core.fit import fit_power_law
from .studies import _linear_problem, adam_variants, horizon

__all__ = ["amsgrad_bound", "amsgrad_case", "amsgrad_regret_evidence"]


def amsgrad_bound(
    v_max: Any, grad_squares: Any, *, D_inf: float, alpha: float, beta1: float, beta2: float
) -> np.ndarray:
    r"""Theorem 4's right-hand side at every t = 1..T for a constant :math:`\beta_{1,t} = \beta_1`.

    ``v_max`` (T, ...): AMSGrad's :math:`\hat v_t`; ``grad_squares`` (T, ...):
    :math:`g_t^2`. Returns (T, ...). The middle term is the sum itself (exact for a
    constant :math:`\beta_1`, 0 for :math:`\beta_1 = 0`).
    """
    D_inf = validation.positive("D_inf", D_inf)
    alpha = validation.positive("alpha", alpha)
    b1, b2 = (float(b) for b in validation.betas(beta1, beta2))
    v_max = np.asarray(validation.nonnegative("v_max", v_max), dtype=np.float64)
    g2 = np.asarray(validation.nonnegative("grad_squares", grad_squares), dtype=np.float64)
    if v_max.ndim == 0 or v_max.shape != g2.shape:
        raise ValueError(
            f"v_max and grad_squares must have one shape (T, ...), got {v_max.shape}, {g2.shape}"
        )
    if not b1 < np.sqrt(b2):
        raise ValueError(f"Theorem 4 needs gamma = beta1/sqrt(beta2) < 1, got {beta1}, {beta2}")
    t = np.arange(1, v_max.shape[0] + 1, dtype=np.float64).reshape((-1,) + (1,) * (v_max.ndim - 1))
    with np.errstate(over="raise", divide="raise"):  # finite input, overflowing: named
        return _bound(t, np.sqrt(v_max), g2, np.float64(D_inf), alpha, b1, b2)


def _bound(t, root, g2, D_inf, alpha, b1, b2) -> np.ndarray:
    first = D_inf**2 * np.sqrt(t) * root / (alpha * (1 - b1))
    middle = D_inf**2 / (2 * (1 - b1)) * np.cumsum(b1 * root * np.sqrt(t) / alpha, axis=0)
    gamma = b1 / np.sqrt(b2)
    last = alpha * np.sqrt(1 + np.log(t)) * np.sqrt(np.cumsum(g2, axis=0))
    last = last / ((1 - b1) ** 2 * (1 - gamma) * np.sqrt(1 - b2))
    return first + middle + last


def amsgrad_case(problem: Any, beta1: float, beta2: float, T: int) -> dict[str, Any]:
    r"""AMSGrad (:math:`\alpha_t = 0.1/\sqrt t`, :math:`x_1 = 1`) on a 1-d linear problem
    on [-1, 1]: the exact prefix regret R(t) at ~80 log-spaced t against
    :func:`amsgrad_bound` (:math:`D_\infty = 2`), the worst ratio R/bound, and the
    power-law rate of R over the last two decades (for information only)."""
    T = validation.count("T", T, 100)
    _linear_problem("problem", problem, "batch")
    record = np.unique(np.geomspace(1, T, 80).astype(int))
    opt = adam_variants(beta1, beta2)["amsgrad"]
    run = online.fast.run(opt, problem, T, theta0=np.ones((problem.batch, 1)), record=record)
    g = problem.linear_gradients(np.arange(1, T + 1))[:, :, 0]  # (T, K)
    v_max = np.maximum.accumulate(ema(g * g, beta2), axis=0)
    bound = amsgrad_bound(
        v_max, g * g, D_inf=2.0, alpha=problems.WITNESS_ALPHA, beta1=beta1, beta2=beta2
    )[record - 1]
    regret = run.prefix_regret
    late = record >= T / 100
    rate = max(fit_power_law(record[late], np.maximum(r[late], 1e-300)).rate for r in regret.T)
    return {
        "regret": float(regret[-1].max()),
        "bound": float(bound[-1].min()),
        "max_ratio": float(np.max(regret / bound)),
        "rate_last_two_decades": float(rate),
        "theta_T": float(run.theta[:, 0].mean()),
        "t": record,
        "regret_curve": regret,
        "bound_curve": bound,
    }


def amsgrad_regret_evidence(scale: str = "default") -> dict[str, Any]:
    r"""Theorem 4 on three problems: Reddi's Theorem 1 (:math:`\beta = (0, 0.1)`), his
    Theorem 3 stochastic problem (:math:`\beta = (0, 0.9)`, 4 seeds) and his Section 5
    synthetic problem (:math:`\beta = (0.9, 0.99)`, constant :math:`\beta_1`: the bound
    is vacuous there, but it is the setting the source runs). Lists, one entry per case."""
    T = horizon(scale, 10**6)
    C3 = problems.reddi_theorem3_constant(0.0, 0.9)
    w = problems.reddi_theorem1_witness()
    cases = {
        "Reddi Thm 1, C=3, beta=(0, 0.1)": (w.problem, w.beta1, w.beta2),
        f"Reddi Thm 3, C={C3:g}, beta=(0, 0.9), 4 seeds": (
            problems.StochasticLinear(C3, 1.0, batch=4, seed=2018),
            0.0,
            0.9,
        ),
        "Reddi Sec 5: 1010x once per 101, else -10x, beta=(0.9, 0.99)": (
            problems.reddi_synthetic(),
            0.9,
            0.99,
        ),
    }
    rows = {name: amsgrad_case(p, b1, b2, T) for name, (p, b1, b2) in cases.items()}
    pick = lambda key: [row[key] for row in rows.values()]  # noqa: E731
    return {
        "problems": list(rows),
        "scale": scale,
        "T": T,
        "alpha": f"{problems.WITNESS_ALPHA:g}/sqrt(t)",
        "beta1_constant": [0.0, 0.0, 0.9],
        "regret": pick("regret"),
        "bound": pick("bound"),
        "max_ratio": pick("max_ratio"),
        "rate_last_two_decades": pick("rate_last_two_decades"),
        "theta_T": pick("theta_T"),
        "scope": "beta1 = 0 (the bound is O(sqrt(T log T))) and constant beta1 = 0.9 (Thm 4's "
        "hypothesis holds, its middle term grows like T^1.5); decaying beta1_t not run (proof "
        "flawed for non-constant beta1_t: Tran & Phong 2019)",
    }
