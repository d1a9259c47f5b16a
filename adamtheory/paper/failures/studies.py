r"""Reddi, Kale & Kumar (ICLR 2018), Theorems 1-3: studies returning evidence records.

Setting (their Algorithm 1 and Section 3): projected online learning on
:math:`\mathcal F = [-1, 1]`, :math:`\alpha_t = \alpha/\sqrt t` with
:math:`\alpha` = :data:`adamtheory.problems.WITNESS_ALPHA`, :math:`x_1 = 1`. Adam is
run as they analyse it (no bias correction, :math:`\epsilon = 0`) and as the paper
states it (Algorithm 1 with bias correction, with and without :math:`\epsilon = 10^{-8}`);
AMSGrad (their Algorithm 2) runs on the same problem as the control.

The witness of failure on the period-P problems (``f_t = Cx`` once per period, else
:math:`-x`) is the iterate at the *period starts*: if :math:`x_t = +1` at the start
of a period, that period's regret against :math:`x^* = -1` is
:math:`C(x_s+1) - \sum_{\text{others}}(x_t+1) \ge 2C - 2(P-1)`, so an iterate that
is exactly +1 at every period start of the tail forces
:math:`R/T \ge 2(C-P+1)/P` (``parked_regret``; 2/C for Theorem 2) there, whatever
happens inside the periods. A learner that leaves +1 is not bound by it: AMSGrad's
average regret can still be above 2/C for a while (it walks slowly), which is why a
rule on R/T alone cannot tell the two apart.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ... import online, optim, problems
from ...core import validation
from ...core.verdict import SCALES
from ...optim import schedules

__all__ = [
    "ADAM_VARIANTS",
    "TAIL",
    "adam_variants",
    "horizon",
    "period_start_iterates",
    "reddi_thm1_evidence",
    "reddi_thm2_evidence",
    "reddi_thm3_evidence",
]

ADAM_VARIANTS = ("adam", "adam-bc", "adam-bc-eps")
"""Adam as Reddi et al. analyse it, and Algorithm 1 without and with epsilon."""

TAIL = 0.1
"""The tail of a run: its last 10% of rounds (the witness is measured there)."""


def horizon(scale: str, default: int, paper: int = 10**7) -> int:
    """T for a scale: ``default`` or ``paper``."""
    scale = validation.choice("scale", scale, SCALES)
    default, paper = validation.count("default", default), validation.count("paper", paper)
    return paper if scale == "paper" else default


def adam_variants(beta1: Any, beta2: Any, alpha: float = problems.WITNESS_ALPHA) -> dict[str, Any]:
    r"""Adam as Reddi et al. analyse it and as the paper states it, and AMSGrad.

    ``"adam"``: no bias correction, :math:`\epsilon = 0` (Reddi's Algorithm 1);
    ``"adam-bc"``: Algorithm 1 of Kingma & Ba, :math:`\epsilon = 0`;
    ``"adam-bc-eps"``: Algorithm 1 with :math:`\epsilon = 10^{-8}`;
    ``"amsgrad"``: Reddi's AMSGrad (no bias correction, max over the raw :math:`v_t`).
    All with :math:`\alpha_t = \alpha/\sqrt t`.
    """
    rate = schedules.inverse_sqrt(validation.positive("alpha", alpha))
    return {
        "adam": optim.adam(rate, beta1, beta2, 0.0, bias_correction=False),
        "adam-bc": optim.adam(rate, beta1, beta2, 0.0),
        "adam-bc-eps": optim.adam(rate, beta1, beta2, 1e-8),
        "amsgrad": optim.amsgrad(rate, beta1, beta2, 0.0),
    }


def _linear_problem(name: str, problem: Any, *attributes: str) -> Any:
    """``problem`` if it is a linear online problem (``linear_gradients`` and the given
    ``attributes``, as ``problems.reddi``'s); else a ``TypeError`` naming ``name``."""
    needed = ("linear_gradients", *attributes)
    if not all(hasattr(problem, a) for a in needed):
        raise TypeError(
            f"{name} must be a linear online problem with {', '.join(needed)} "
            f"(e.g. problems.reddi.PeriodicLinear), got {type(problem).__name__}"
        )
    return problem


def period_start_iterates(opt: Any, problem: Any, T: int, theta0: float = 1.0) -> dict[str, Any]:
    r"""Run ``opt`` on a periodic linear ``problem`` (fast path) for T rounds from ``theta0``.

    Returns ``x_starts``: the iterates :math:`x_t` at the period starts
    (:math:`t \equiv 1 \bmod P`) of the tail (the last :data:`TAIL` of the rounds),
    read back from the linear losses (:math:`x_t = f_t(x_t)/g_t`, exact for
    :math:`g_t = C`), ``at_plus_one``: the fraction of them equal to +1 exactly,
    ``x_max``: their maximum, ``average_regret``: R(T)/T, ``theta_T``: :math:`x_{T+1}`.
    """
    T = validation.count("T", T)
    if not isinstance(opt, optim.Optimizer):
        raise TypeError(f"opt must be an adamtheory optimizer, got {type(opt).__name__}")
    _linear_problem("problem", problem, "period")
    theta0 = validation.finite_float("theta0", theta0)
    P = problem.period
    starts = np.arange(1, T + 1, P)
    tail = starts[starts > T - max(1, int(TAIL * T))]
    if tail.size == 0:
        raise ValueError(f"T = {T} is too short: no period start in its tail (period {P})")
    run = online.fast.run(opt, problem, T, theta0=[float(theta0)], record=tail)
    x = run.losses[:, 0] / problem.linear_gradients(tail)[:, 0, 0]
    return {
        "x_starts": x,
        "at_plus_one": float(np.mean(x == 1.0)),
        "x_max": float(x.max()),
        "starts": int(x.size),
        "average_regret": float(run.final_regret[0] / T),
        "theta_T": float(run.theta[0, 0]),
    }


def _witness_rows(problem: Any, beta1: float, beta2: float, T: int) -> dict[str, Any]:
    """Every variant of :func:`adam_variants` on ``problem``: the witness per variant."""
    rows = {}
    for name, opt in adam_variants(beta1, beta2).items():
        out = period_start_iterates(opt, problem, T)
        out.pop("x_starts")
        rows[name] = out
    return rows


def reddi_thm1_evidence(scale: str = "default") -> dict[str, Any]:
    r"""Theorem 1 on :func:`adamtheory.problems.reddi_theorem1_witness` (C = 3,
    :math:`\beta = (0, 0.1)`, :math:`\alpha_t = 0.1/\sqrt t`, :math:`x_1 = 1`).

    Evidence: for each Adam variant and AMSGrad, the fraction of the tail's period
    starts at which :math:`x_t = +1` exactly, the largest such iterate, R(T)/T; and
    ``forced_average_regret``, the R/T a learner at +1 at every period start pays at
    least (:math:`2(C-2)/3`).
    """
    T = horizon(scale, 10**5)
    w = problems.reddi_theorem1_witness()
    rows = _witness_rows(w.problem, w.beta1, w.beta2, T)
    evidence: dict[str, Any] = {
        "problem": f"Reddi Thm 1: f_t = {w.problem.C:g}x (t mod 3 = 1) else -x on [-1, 1], x_1 = 1",
        "scale": scale,
        "T": T,
        "tail_period_starts": rows["adam"]["starts"],
        "beta1": w.beta1,
        "beta2": w.beta2,
        "alpha": f"{w.alpha:g}/sqrt(t)",
        "forced_average_regret": w.problem.parked_regret(1.0),
    }
    for name, row in rows.items():
        key = name.replace("-", "_")
        evidence[f"{key}_at_plus_one"] = row["at_plus_one"]
        evidence[f"{key}_x_max"] = row["x_max"]
        evidence[f"{key}_average_regret"] = row["average_regret"]
    evidence["amsgrad_theta_T"] = rows["amsgrad"]["theta_T"]
    return evidence


THEOREM2_PAIRS = {
    "default": ((0.0, 0.1), (0.5, 0.9), (0.7, 0.6)),
    "paper": ((0.0, 0.1), (0.5, 0.9), (0.7, 0.6), (0.9, 0.99), (0.9, 0.999)),
}
"""The (beta1, beta2) pairs of ``reddi-thm2``: the defaults of Kingma & Ba only at paper
scale (their period C is 3,218 and 42,622, so a witness needs T well above 10^5)."""


def reddi_thm2_evidence(scale: str = "default") -> dict[str, Any]:
    r"""Theorem 2 for each pair of :data:`THEOREM2_PAIRS` on its period-C problem
    (:func:`adamtheory.problems.reddi_theorem2`: C the smallest even period meeting the
    proof's three conditions; only the :math:`\beta_1 = 0` parts of those conditions are
    quoted in a stored source, the :math:`\beta_1`-dependent parts are reconstructed).

    Evidence (lists, one entry per pair): C, T, Adam's (every variant) smallest
    fraction of tail period starts at +1, AMSGrad's fraction and largest tail
    iterate, R/T of Adam (Algorithm 1 with epsilon) and AMSGrad, and 2/C.
    """
    pairs = THEOREM2_PAIRS[validation.choice("scale", scale, SCALES)]
    T = horizon(scale, 10**5)
    out: dict[str, list] = {k: [] for k in (
        "pairs", "C", "adam_at_plus_one", "amsgrad_at_plus_one", "amsgrad_x_max",
        "adam_average_regret", "amsgrad_average_regret", "forced_average_regret",
    )}  # fmt: skip
    for b1, b2 in pairs:
        problem = problems.reddi_theorem2(b1, b2)
        rows = _witness_rows(problem, b1, b2, T)
        out["pairs"].append(f"({b1:g}, {b2:g})")
        out["C"].append(problem.period)
        out["adam_at_plus_one"].append(min(rows[k]["at_plus_one"] for k in ADAM_VARIANTS))
        out["amsgrad_at_plus_one"].append(rows["amsgrad"]["at_plus_one"])
        out["amsgrad_x_max"].append(rows["amsgrad"]["x_max"])
        out["adam_average_regret"].append(rows["adam-bc-eps"]["average_regret"])
        out["amsgrad_average_regret"].append(rows["amsgrad"]["average_regret"])
        out["forced_average_regret"].append(problem.parked_regret(1.0))
    return {
        "problem": "period-C: f_t = Cx (t mod C = 1) else -x on [-1, 1], x_1 = 1",
        "scale": scale,
        "T": T,
        "alpha": f"{problems.WITNESS_ALPHA:g}/sqrt(t)",
        **out,
    }


THEOREM3_PAIRS = {
    "default": ((0.0, 0.9), (0.5, 0.9)),
    "paper": ((0.0, 0.9), (0.5, 0.9), (0.9, 0.99)),
}
"""The (beta1, beta2) pairs of ``reddi-thm3``."""


def reddi_thm3_evidence(scale: str = "default") -> dict[str, Any]:
    r"""Theorem 3: i.i.d. :math:`f_t = Cx` w.p. :math:`(1+\delta)/(C+1)`, else :math:`-x`
    (:math:`\delta = 1`), C = :func:`adamtheory.problems.reddi_theorem3_constant` (the
    smallest C on a grid for which Adam's expected step points away from
    :math:`x^* = -1`, by Monte Carlo: their proof's "C large enough" made concrete).

    Evidence: 4 seeded sequences per pair; Adam's (Algorithm 1, epsilon = 1e-8) and
    AMSGrad's expected suboptimality :math:`F(x) - F(-1) = \delta(x+1)` averaged over
    the tail and the seeds (its maximum is :math:`2\delta`; :math:`\ge \delta` means
    the iterates sit on the wrong half, :math:`x \ge 0`).
    """
    pairs = THEOREM3_PAIRS[validation.choice("scale", scale, SCALES)]
    T = horizon(scale, 2 * 10**5)
    delta, seeds = 1.0, 4
    record = np.arange(T - int(TAIL * T) + 1, T + 1)
    gaps: dict[str, list[float]] = {"adam-bc-eps": [], "amsgrad": []}
    constants = []
    for b1, b2 in pairs:
        C = problems.reddi_theorem3_constant(b1, b2, delta)
        constants.append(C)
        problem = problems.StochasticLinear(C, delta, batch=seeds, seed=2018)
        opts = adam_variants(b1, b2)
        for name, gap in gaps.items():
            run = online.fast.run(
                opts[name], problem, T, theta0=np.ones((seeds, 1)), record=record
            )
            x = run.losses / problem.linear_gradients(record)[:, :, 0]
            gap.append(float(problem.expected_suboptimality(x).mean()))
    return {
        "problem": f"f_t = Cx w.p. (1+delta)/(C+1) else -x on [-1, 1], delta = {delta:g}, F(x) = delta x",
        "scale": scale,
        "T": T,
        "seeds": seeds,
        "delta": delta,
        "pairs": [f"({b1:g}, {b2:g})" for b1, b2 in pairs],
        "C": constants,
        "adam_expected_gap": gaps["adam-bc-eps"],
        "amsgrad_expected_gap": gaps["amsgrad"],
    }
