r"""Section 2.1's studies: each returns the evidence record its rule (:mod:`.checks`) decides on.

The step bounds are measured against the exact supremum of :mod:`.bounds` (proof in its
docstring and in ``notebooks/02_update_rule.ipynb``), confirmed by a search in the raw
gradients and by random sequences (:mod:`.search`); each refutation carries a witness
sequence run through ``optim.adam`` / ``optim.adamax`` itself. The typical step and the
SNR come from runs in :mod:`.typical`, scale invariance from :mod:`.invariance`.
"""

from __future__ import annotations

import functools

import numpy as np

from ... import optim
from ...core import validation
from ...core.verdict import SCALES
from . import derivation
from .bounds import (
    max_effective_step,
    max_effective_step_adamax,
    paper_step_bound,
    worst_case_gradients,
    worst_case_gradients_adamax,
)
from .invariance import float64_edges, scale_invariance
from .records import TRUST_STEPS, checked_snr_runs, checked_trust_runs
from .search import adamax_box_search, sampled_max_ratio, search_max_ratio
from .typical import (
    logistic_regression_ratios,
    mlp_ratios,
    noisy_quadratic_ratios,
    ratio_quantiles,
    snr_run,
)

__all__ = [
    "CASES",
    "SEED",
    "TRUST_STEPS",
    "WITNESS_T",
    "adamax_step_bound_evidence",
    "bound_otherwise_evidence",
    "bound_sparse_evidence",
    "closed_form_agreement",
    "equal_case_evidence",
    "first_t_above",
    "region_grid",
    "scale_invariance_evidence",
    "snr_annealing_evidence",
    "snr_record",
    "snr_runs",
    "trust_region_evidence",
    "trust_region_record",
    "trust_region_runs",
    "witness",
]

SEED = 20150102
WITNESS_T = 1000  # a common horizon, long enough for the worst case to show
ROUNDING = 1e-12  # relative: a few thousand float64 operations stay below it
CASES = {  # (beta1, beta2)
    "defaults": (0.9, 0.999),  # the sparse-case region: 1 - beta1 > sqrt(1 - beta2)
    "equal case": (0.9, 0.99),  # (1 - beta1) = sqrt(1 - beta2)
    "beta1 = 0": (0.0, 0.999),
    "beta1 = beta2": (0.9, 0.9),
    "otherwise": (0.9, 0.95),  # (1 - beta1) < sqrt(1 - beta2), beta1^2 < beta2
    "unbounded": (0.9, 0.8),  # beta1^2 > beta2
}


def _scale(scale: str) -> str:
    return validation.choice("scale", scale, SCALES)


# --------------------------------------------------------------------------- bounds
def region_grid(n: int = 100):
    r"""A grid over :math:`[0, 0.99] \times [0.5, 0.9999]` (beta2 log-spaced in 1-beta2).

    Returns ``beta1, beta2`` of shape (n, n) (rows beta2, columns beta1).
    """
    n = validation.count("n", n, 2)
    beta1 = np.linspace(0.0, 0.99, n)
    beta2 = 1 - np.logspace(np.log10(0.5), -4, n)
    return np.meshgrid(beta1, beta2)


def witness(beta1: float, beta2: float, t: int = WITNESS_T) -> dict:
    r"""The worst sequence at step t, run through ``optim.adam`` (eps = 0, alpha = 1).

    Evidence for a refutation: the ratio :math:`|\Delta_t|/\alpha` that Algorithm 1
    itself produces on :func:`~.bounds.worst_case_gradients`, next to the
    closed form and the paper's bound.
    """
    grads = worst_case_gradients(beta1, beta2, t)
    opt = optim.adam(alpha=1.0, beta1=beta1, beta2=beta2, eps=0.0)
    state = opt.init(np.zeros(1))
    for g in grads:
        step, state = opt.update(np.array([g]), state)
    return {
        "beta1": beta1,
        "beta2": beta2,
        "t": t,
        "ratio": float(abs(step[0])),
        "bound": paper_step_bound(beta1, beta2),
        "exact_sup_t": max_effective_step(beta1, beta2, t),
        "exact_sup_limit": max_effective_step(beta1, beta2),
    }


def first_t_above(beta1: float, beta2: float, level: float, horizon: int = 100_000) -> int:
    """The first t at which the exact supremum exceeds ``level`` (0 if never by ``horizon``)."""
    level = validation.positive("level", level)
    steps = np.arange(1, validation.count("horizon", horizon) + 1)
    above = max_effective_step(beta1, beta2, steps) > level * (1 + ROUNDING)
    return int(steps[np.argmax(above)]) if above.any() else 0


@functools.lru_cache(maxsize=2)
def closed_form_agreement(scale: str = "default") -> dict:
    """The raw-gradient search and random sequences against the closed form, on CASES.

    ``search_rel_error``: the largest relative gap between the search's best (re-scored
    in 50 digits) and the closed form; ``search_excess`` and ``sampled_excess``: the
    largest ratio ever seen divided by the closed form, minus 1 (rounding at most).
    """
    b1, b2 = np.array(list(CASES.values())).T
    steps = (1, 2, 5, 10, 20) if _scale(scale) == "default" else (1, 2, 5, 10, 20, 50, 100)
    gaps, excess = [], []
    for t in steps:
        found = search_max_ratio(b1, b2, t, restarts=6, seed=SEED)
        exact = max_effective_step(b1, b2, t)
        gaps.append(np.max(np.abs(found.best / exact - 1)))
        excess.append(np.max(found.highest_seen / exact - 1))
    horizon = 200 if scale == "default" else 2000
    sampled = sampled_max_ratio(b1, b2, horizon, sequences=100, seed=SEED)
    exact_t = max_effective_step(b1[:, None], b2[:, None], np.arange(1, horizon + 1)).T
    return {
        "search": "BFGS in the raw gradients, 6 starts per case, re-scored in 50 digits",
        "search_steps": list(steps),
        "search_rel_error": float(max(gaps)),
        "search_excess": float(max(excess)),
        "sampled_excess": float(np.max(sampled / exact_t[:, :, None]) - 1),
    }


def _region(in_region, claimed, point: tuple[float, float]) -> dict:
    """The exact sup over t against ``claimed`` on the grid points of a region, and a witness
    at ``point`` (which must lie in the region)."""
    beta1, beta2 = region_grid()
    mask = in_region(beta1, beta2)
    if not in_region(*point):
        raise ValueError(f"point {point} is not in the claim's region")
    exact = np.maximum(max_effective_step(beta1, beta2), max_effective_step(beta1, beta2, 1))
    holds = exact[mask] <= claimed(beta1, beta2)[mask] * (1 + ROUNDING)
    record = witness(*point)
    return {
        "grid_points": int(mask.sum()),
        "fraction_holding": float(holds.mean()),
        "unbounded_fraction": float(np.isinf(exact[mask]).mean()),
        **record,
        "holds_at_point": bool(record["ratio"] <= record["bound"] * (1 + ROUNDING)),
    }


def _sparse(b1, b2):
    return (1 - np.asarray(b1)) > np.sqrt(1 - np.asarray(b2))


def bound_sparse_evidence(scale: str = "default") -> dict:
    """``sec2.1-bound-sparse`` on its region (1-b1) > sqrt(1-b2); witness at the defaults."""
    evidence = _region(_sparse, paper_step_bound, CASES["defaults"])
    first = first_t_above(0.9, 0.999, paper_step_bound(0.9, 0.999))
    evidence |= {
        "first_t_above_bound": first,
        "sup_at_last_t_holding": max_effective_step(0.9, 0.999, first - 1),
        "sup_at_first_t_above": max_effective_step(0.9, 0.999, first),
        "ratio_at_first_t_above": witness(0.9, 0.999, first)["ratio"],
        "holds_only_if": "beta1 = 0",
        **closed_form_agreement(scale),
    }
    return evidence


def bound_otherwise_evidence(scale: str = "default") -> dict:
    """``sec2.1-bound-otherwise`` on its region (1-b1) <= sqrt(1-b2); witness at (0.9, 0.95),
    a point inside that region (the defaults lie in the sparse-case region)."""
    _scale(scale)
    evidence = _region(
        lambda b1, b2: ~_sparse(b1, b2), lambda b1, b2: np.ones_like(b1), CASES["otherwise"]
    )
    beta1 = np.linspace(0.05, 0.95, 19)
    on_diagonal = max_effective_step(beta1, beta1, np.array([[1], [10], [1000]]))
    evidence["diagonal_max_deviation"] = float(np.max(np.abs(on_diagonal - 1)))
    evidence["holds_only_if"] = "beta1 = beta2 (then the sup is exactly 1)"
    return evidence


def equal_case_evidence(scale: str = "default") -> dict:
    r"""``sec2.1-equal-case`` on the curve :math:`(1-\beta_1) = \sqrt{1-\beta_2}`.

    Tests the weak form :math:`\le 1` (so a refutation rests on a ratio above 1, not on
    the equality that a constant gradient gives at every t); ``constant_gradient_ratio``
    records that equality, through ``optim.adam``.
    """
    _scale(scale)
    beta1 = np.linspace(0.0, 0.99, 100)
    beta2 = 1 - (1 - beta1) ** 2
    sup = np.maximum(max_effective_step(beta1, beta2), max_effective_step(beta1, beta2, 1))
    b1, b2 = CASES["equal case"]
    opt = optim.adam(alpha=1.0, beta1=b1, beta2=b2, eps=0.0)
    state = opt.init(np.zeros(1))
    for _ in range(WITNESS_T):
        step, state = opt.update(np.array([0.5]), state)
    return {
        **witness(b1, b2),
        "curve_points": len(beta1),
        "fraction_at_most_1": float(np.mean(sup <= 1 + ROUNDING)),
        "largest_sup_on_curve": float(sup.max()),
        "first_t_above_1": first_t_above(b1, b2, 1.0, 100),
        "constant_gradient_ratio": float(abs(step[0])),
        "limit_on_curve": "1/sqrt(1 - beta1/(2 - beta1))",
        "holds_only_if": "beta1 = 0 (beta2 = 0: ratio exactly 1, not < 1)",
    }


def adamax_step_bound_evidence(scale: str = "default") -> dict:
    """``sec7.1-adamax-step-bound``: AdaMax's exact sup against 1, with its witness at the
    defaults run through ``optim.adamax`` and a linear-program search."""
    _scale(scale)
    b1, b2 = 0.9, 0.999
    grads = worst_case_gradients_adamax(b1, b2, WITNESS_T)
    opt = optim.adamax(alpha=1.0, beta1=b1, beta2=b2)
    state = opt.init(np.zeros(1))
    for g in grads:
        step, state = opt.update(np.array([g]), state)
    beta1, beta2 = region_grid()
    holds = np.maximum(max_effective_step_adamax(beta1, beta2), 1.0) <= 1 + ROUNDING
    cases_b1, cases_b2 = np.array([b1, 0.5, 0.0, 0.9]), np.array([b2, 0.9, 0.99, 0.5])
    searched = adamax_box_search(cases_b1, cases_b2, 50)
    exact = max_effective_step_adamax(cases_b1, cases_b2, 50)
    ratio = float(abs(step[0]))
    return {
        "beta1": b1,
        "beta2": b2,
        "t": WITNESS_T,
        "ratio": ratio,
        "bound": 1.0,
        "exact_sup_limit": max_effective_step_adamax(b1, b2),
        "grid_points": int(holds.size),
        "fraction_holding": float(holds.mean()),
        "holds_at_point": bool(ratio <= 1 + ROUNDING),
        "holds_only_if": "beta1 = 0",
        "search_rel_error": float(np.max(np.abs(searched / exact - 1))),
    }


# ----------------------------------------------------------------- typical case
def trust_region_runs(scale: str = "default") -> dict:
    """|Delta|/alpha of default Adam in each scenario of ``sec2.1-trust-region``:
    :data:`TRUST_STEPS` steps, one seed (``default``) or five (``paper``), stacked."""
    seeds = [SEED] if _scale(scale) == "default" else [SEED + k for k in range(5)]
    n = TRUST_STEPS
    scenarios = {
        "quadratic_gaussian": lambda seed: noisy_quadratic_ratios(n, noise="gaussian", seed=seed),
        "quadratic_student_t2": lambda seed: noisy_quadratic_ratios(
            n, noise="student-t2", seed=seed
        ),
        "quadratic_cauchy": lambda seed: noisy_quadratic_ratios(n, noise="cauchy", seed=seed),
        "logreg_minibatch": lambda seed: logistic_regression_ratios(n, seed=seed),
        "mlp_minibatch": lambda seed: mlp_ratios(n, batch=64, seed=seed),
        "mlp_full_batch": lambda seed: mlp_ratios(n, batch=None, seed=seed),
    }
    return {name: np.concatenate([run(seed) for seed in seeds]) for name, run in scenarios.items()}


def trust_region_record(runs: dict) -> dict:
    """The evidence of ``sec2.1-trust-region`` from runs like :func:`trust_region_runs`'s:
    quantiles of |Delta|/alpha per scenario, the scenarios' names, and the worst case.

    Refused, naming ``runs``: not a mapping, empty, a scenario whose ratios are not a
    finite real array >= 0, or whose rows are not whole runs of :data:`TRUST_STEPS`
    steps, as many in every scenario (``runs_per_scenario`` would be wrong;
    :func:`.records.checked_trust_runs`)."""
    runs = checked_trust_runs(runs)
    evidence: dict = {
        "scenarios": list(runs),
        "steps_per_run": TRUST_STEPS,
        "runs_per_scenario": len(next(iter(runs.values()))) // TRUST_STEPS,
    }
    for name, ratios in runs.items():
        evidence |= {f"{name}_{k}": v for k, v in ratio_quantiles(ratios).items()}
    evidence["worst_case_limit"] = max_effective_step(0.9, 0.999)
    evidence["paper_reason"] = "|E g|/sqrt(E g^2) <= 1, so m-hat/sqrt(v-hat) ~ +-1"
    return evidence


def trust_region_evidence(scale: str = "default") -> dict:
    """``sec2.1-trust-region``: :func:`trust_region_record` of :func:`trust_region_runs`."""
    return trust_region_record(trust_region_runs(scale))


def snr_runs(scale: str = "default") -> dict:
    """The three SNR runs of ``sec2.1-snr-annealing`` (:func:`.typical.snr_run`): additive
    noise over eight beta1 (6000 steps), exact gradients and vanishing noise at
    beta1 = 0.9 (4000 steps)."""
    replicas = 300 if _scale(scale) == "default" else 3000
    return {
        "additive": snr_run(replicas=replicas),
        # 4000 steps: both are below 1e-6 of their start by t = 3000
        "exact": snr_run(beta1=(0.9,), steps=4000, replicas=1, noise="exact"),
        "vanishing": snr_run(beta1=(0.9,), steps=4000, replicas=replicas // 3, noise="vanishing"),
    }


def snr_record(runs: dict) -> dict:
    """The evidence of ``sec2.1-snr-annealing`` from :func:`snr_runs`: the RMS SNR at
    beta1 = 0.9 at the start (first 20 steps) and the end (last 1000) in each setting,
    and the additive noise floor against sqrt((1-b1)/(1+b1)) over eight beta1.

    Refused, naming ``runs``: not a mapping; a setting (additive, exact, vanishing)
    missing or without the entries read (:data:`.records.SNR_ENTRIES`); non-finite or
    misshapen arrays; a run without beta1 = 0.9 or a positive ``floor_theory``
    (:func:`.records.checked_snr_runs`)."""
    runs = checked_snr_runs(runs)
    additive = runs["additive"]
    k = int(np.flatnonzero(np.isclose(additive["beta1"], 0.9))[0])
    evidence = {"beta1": 0.9, "beta2": 0.999, "alpha": 0.01, "objective": "theta^2/2"}
    for noise in ("exact", "vanishing"):
        evidence[f"{noise}_start"] = float(runs[noise]["rms_snr"][:20, 0].mean())
        evidence[f"{noise}_end"] = float(runs[noise]["floor"][0])
    return evidence | {
        "additive_start": float(additive["rms_snr"][:20, k].mean()),
        "additive_end": float(additive["floor"][k]),
        "noise_floor_theory": float(additive["floor_theory"][k]),
        "floor_max_rel_error": float(
            np.max(np.abs(additive["floor"] / additive["floor_theory"] - 1))
        ),
        "fit_exponent": additive["fit"]["exponent"],
        "fit_prefactor": additive["fit"]["prefactor"],
    }


def snr_annealing_evidence(scale: str = "default") -> dict:
    """``sec2.1-snr-annealing``: :func:`snr_record` of :func:`snr_runs`."""
    return snr_record(snr_runs(scale))


def scale_invariance_evidence(scale: str = "default") -> dict:
    """SymPy's residual, float64 runs over 16 decades of c (eps = 0), bitwise for powers of
    two, the eps > 0 shrinkage against its formula, and float64's edges."""
    _scale(scale)
    scales = 10.0 ** np.arange(-8, 9)
    exact_run = scale_invariance(scales)
    abs_error = float(np.max(np.abs(exact_run["steps"] - exact_run["reference"][:, None])))
    powers = scale_invariance(2.0 ** np.arange(-26, 27, 4))
    shape = powers["steps"].shape
    bitwise = np.array_equal(powers["steps"], np.broadcast_to(powers["reference"][:, None], shape))
    eps_run = scale_invariance(scales, eps=1e-8)
    ref = eps_run["reference"][:, None]
    predicted_steps = (1 - eps_run["predicted_deviation"]) * ref
    moving = np.broadcast_to(ref != 0, eps_run["steps"].shape)
    deviation = np.where(moving, 1 - eps_run["steps"] / np.where(ref == 0, 1, ref), 0)
    by_scale = deviation.max(axis=(0, 2))
    return {
        "sympy_residual": str(derivation.scale_residual()),
        "eps0_max_abs_error_over_alpha": abs_error,
        "eps0_power_of_two_bitwise": bool(bitwise),
        "eps_1e-8_formula": "Delta(c) = Delta0 (1 - eps/(c sqrt(vhat) + eps))",
        "eps_formula_max_abs_error_over_alpha": float(
            np.max(np.abs(eps_run["steps"] - predicted_steps))
        ),
        "eps_1e-8_max_deviation_c1e-8": float(by_scale[0]),
        "eps_1e-8_max_deviation_c1e-4": float(by_scale[4]),
        "eps_1e-8_max_deviation_c1": float(by_scale[8]),
        **float64_edges(),
    }
