r"""Theorem 4.1 of Kingma & Ba on Reddi et al.'s Theorem 1 witness: the assumptions, one by one,
and the step of the proof that fails.

The witness is the project's one setting, :func:`adamtheory.problems.reddi_theorem1_witness`
(C = 3, :math:`\beta = (0, 0.1)`, :math:`\alpha_t = 0.1/\sqrt t`, :math:`x_1 = 1`), and
the right-hand side the one copy, :func:`adamtheory.online.theorem41_rhs` (with
:math:`\lambda = 0`, allowed because :math:`\beta_1 = 0`: then
:math:`\beta_1\lambda^{t-1} = 0` for every :math:`\lambda` and :math:`\lambda \to 0`
is the tightest). The verdicts of ``thm4.1-regret-bound`` and ``cor4.2-average-regret``
belong to the regret part; this module only shows notebook 09 the same instance.
"""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np

from ... import online, problems
from ...core import validation
from ...core.ema import debias, ema
from .studies import adam_variants

__all__ = ["gamma", "second_moments", "theorem1_run", "theorem41_assumptions"]


def second_moments(g: Any, beta2: float, *, bias_correction: bool, running_max: bool = False):
    r""":math:`\hat v_t` for t = 1..T of a 1-d gradient sequence ``g``: Adam's
    :math:`v_t/(1-\beta_2^t)` (``bias_correction``), the raw :math:`v_t`, or AMSGrad's
    :math:`\max_{s\le t} v_s` (``running_max``, raw)."""
    g = validation.real_array("g", g)
    if g.ndim != 1 or g.size == 0:
        raise ValueError(f"g must be a non-empty 1-d sequence, got shape {g.shape}")
    if not np.all(np.isfinite(g)):
        raise ValueError("g must be finite")
    beta2 = validation.unit("beta2", beta2)
    bias_correction = validation.flag("bias_correction", bias_correction)
    with np.errstate(over="raise"):  # finite input, overflowing: named
        v = ema(g * g, beta2)
    if validation.flag("running_max", running_max):
        return np.maximum.accumulate(v)
    return debias(v, beta2, np.arange(1, g.size + 1)) if bias_correction else v


def gamma(v_hat: Any, alpha: float) -> np.ndarray:
    r""":math:`\Gamma_t = \sqrt{\hat v_t}/\alpha_t - \sqrt{\hat v_{t-1}}/\alpha_{t-1}`, t = 2..T,
    with :math:`\alpha_t = \alpha/\sqrt t`: :math:`(\sqrt{t\hat v_t} - \sqrt{(t-1)\hat v_{t-1}})/\alpha`.

    The proof of Theorem 4.1 (Kingma & Ba, Appendix, the telescoping step) needs
    :math:`\Gamma_t \ge 0`; Reddi et al. show it fails for Adam and holds for AMSGrad
    (its :math:`\hat v_t` never decreases)."""
    v_hat = np.asarray(validation.nonnegative("v_hat", v_hat))
    if v_hat.ndim != 1 or v_hat.size < 2:
        raise ValueError(f"v_hat must be a 1-d sequence of length >= 2, got shape {v_hat.shape}")
    alpha = validation.positive("alpha", alpha)
    t = np.arange(1, v_hat.size + 1, dtype=float)
    with np.errstate(over="raise"):  # finite input, overflowing: named
        return np.diff(np.sqrt(t * v_hat) / alpha)


def _row(name: str, required: str, measured: float, holds: bool) -> dict[str, Any]:
    return {"assumption": name, "required": required, "measured": measured, "holds": bool(holds)}


def _check_problem(problem: Any) -> None:
    """An online problem with a domain (its diameters) and its bounds G, G_inf."""
    domain = getattr(problem, "domain", None)
    if isinstance(problem, type) or not hasattr(problem, "dim") or not hasattr(domain, "diameter"):
        raise TypeError(f"problem must be an online problem with a domain, got {problem!r}")
    bounds = (getattr(problem, "G", None), getattr(problem, "G_inf", None))
    known = [
        isinstance(b, numbers.Real) and not isinstance(b, bool) and np.isfinite(b) for b in bounds
    ]
    if not all(known):
        raise ValueError(f"problem must know its gradient bounds G and G_inf, got {bounds}")


def theorem41_assumptions(run: Any, problem: Any, opt: Any) -> list[dict]:
    r"""Every assumption of Theorem 4.1 measured on ``run`` (an ``OnlineRun``) of ``opt``
    (Adam with constant betas) on ``problem``: bounded gradients (measured against the
    problem's G, :math:`G_\infty`), bounded iterates (measured D, :math:`D_\infty`
    against the domain's diameters), :math:`\gamma = \beta_1^2/\sqrt{\beta_2} < 1`,
    :math:`\alpha_t = \alpha/\sqrt t` (the schedule against :math:`\alpha_1/\sqrt t` at
    t = 1, 10, 1000, T), and
    :math:`\beta_{1,t} = \beta_1\lambda^{t-1}` (a constant :math:`\beta_1 = 0` is this
    schedule for every :math:`\lambda`; a constant :math:`\beta_1 > 0` is not).

    Refused by name: an ``opt`` that is not an Adam-family optimizer of
    :mod:`adamtheory.optim`, a ``run`` that is not an ``OnlineRun`` (or is of another
    dimension than ``problem``), and a ``problem`` that is not an online problem with a
    domain and its a-priori bounds G and G_inf."""
    h = getattr(opt, "hyperparameters", None)
    if not isinstance(h, dict) or "beta1" not in h or "beta2" not in h or "alpha" not in h:
        raise TypeError(f"opt must be an Adam-family optimizer from adamtheory.optim, got {opt!r}")
    _check_problem(problem)
    if not isinstance(run, online.OnlineRun):
        raise TypeError(
            f"run must be an OnlineRun (online.run, online.fast.run), got {type(run).__name__}"
        )
    if np.shape(run.theta)[-1] != problem.dim:
        raise ValueError(
            f"run is of dimension {np.shape(run.theta)[-1]}, problem of {problem.dim}"
        )
    b1, b2 = (float(np.max(b)) for b in validation.betas(h["beta1"], h["beta2"]))
    ts = np.array(sorted({1, 10, 1000, int(run.T)}))
    rate = h["alpha"]
    alphas = np.array([rate(int(t)) for t in ts]) if callable(rate) else np.full(ts.size, rate)
    schedule_error = float(np.max(np.abs(alphas - alphas[0] / np.sqrt(ts))))
    d = problem.dim
    D_dom = float(np.max(problem.domain.diameter(d)))
    Dinf_dom = float(np.max(problem.domain.diameter_inf(d)))
    G, G_inf = float(np.max(run.G)), float(np.max(run.G_inf))
    D, D_inf = float(np.max(run.D)), float(np.max(run.D_inf))
    g = b1**2 / np.sqrt(b2)
    return [
        _row("bounded gradients ||g_t||_2 <= G", f"G = {problem.G:g}", G, G <= problem.G),
        _row(
            "bounded gradients ||g_t||_inf <= G_inf",
            f"G_inf = {problem.G_inf:g}",
            G_inf,
            G_inf <= problem.G_inf,
        ),  # fmt: skip
        _row("bounded iterates ||theta_n - theta_m||_2 <= D", f"D = {D_dom:g}", D, D <= D_dom),
        _row(
            "bounded iterates ||.||_inf <= D_inf",
            f"D_inf = {Dinf_dom:g}",
            D_inf,
            D_inf <= Dinf_dom,
        ),  # fmt: skip
        _row("gamma = beta1^2/sqrt(beta2) < 1", "< 1", float(g), g < 1),
        _row(
            "alpha_t = alpha/sqrt(t)",
            "max error ~0",
            schedule_error,
            schedule_error <= 1e-15 * alphas[0],
        ),  # fmt: skip
        _row("beta1_t = beta1 lambda^(t-1), lambda in (0,1)", "beta1 = 0 or a decay", b1, b1 == 0),
    ]


def theorem1_run(T: int = 10**5) -> dict[str, Any]:
    r"""Adam (Algorithm 1, bias correction, :math:`\epsilon = 10^{-8}`) and AMSGrad on the
    Theorem 1 witness for T rounds, every round recorded.

    Returns ``assumptions`` (:func:`theorem41_assumptions`), ``assumptions_hold``,
    ``t``, ``regret`` and ``rhs`` (Theorem 4.1's right-hand side at every t, D = D_inf
    = 2, the domain's diameters), ``first_violation`` (the first t with R(t) > rhs(t),
    exact), ``violated_from`` (the t from which R(t) > rhs(t) at every round: inside a
    period R(t) dips below again for a while), ``average_regret``, ``amsgrad_regret``, ``gamma_min``,
    ``gamma_negative_fraction``, ``first_negative_gamma_t``.
    """
    T = validation.count("T", T, 2)
    w = problems.reddi_theorem1_witness()
    opts = adam_variants(w.beta1, w.beta2, w.alpha)
    adam = online.fast.run(opts["adam-bc-eps"], w.problem, T, theta0=[w.theta0])
    ams = online.fast.run(opts["amsgrad"], w.problem, T, theta0=[w.theta0])
    g = w.problem.linear_gradients(np.arange(1, T + 1))[:, 0, 0]
    v_hat = second_moments(g, w.beta2, bias_correction=True)
    t = adam.t
    rhs = online.theorem41_rhs_along(
        g[:, None], alpha=w.alpha, beta1=w.beta1, beta2=w.beta2, lam=0.0, D=2.0, D_inf=2.0,
        G_inf=w.problem.G_inf,
    ).total  # fmt: skip
    regret = adam.prefix_regret[:, 0]
    violated = regret > rhs
    rows = theorem41_assumptions(adam, w.problem, opts["adam-bc-eps"])
    gam = gamma(v_hat, w.alpha)
    return {
        "T": T,
        "C": w.problem.C,
        "beta1": w.beta1,
        "beta2": w.beta2,
        "alpha": w.alpha,
        "assumptions": rows,
        "assumptions_hold": all(r["holds"] for r in rows),
        "t": t,
        "regret": regret,
        "rhs": rhs,
        "amsgrad_regret": ams.prefix_regret[:, 0],
        "first_violation": int(t[np.argmax(violated)]) if violated.any() else None,
        "violated_from": int(t[np.flatnonzero(~violated)[-1] + 1]) if violated[-1] else None,
        "average_regret": float(regret[-1] / T),
        "amsgrad_average_regret": float(ams.prefix_regret[-1, 0] / T),
        "gamma_min": float(gam.min()),
        "gamma_negative_fraction": float(np.mean(gam < 0)),
        "first_negative_gamma_t": int(np.argmax(gam < 0) + 2) if (gam < 0).any() else None,
    }
