r"""Studies of Section 3 (initialisation bias correction): the evidence records.

- :func:`unrolled_evidence` (``sec3-unrolled``): SymPy's unrolled sum and the
  package's :math:`v_t` against the sum written out.
- :func:`expectation_evidence` (``sec3-expectation``): SymPy's :math:`E[v_t]` and
  :math:`\zeta`, and a Monte Carlo of :math:`\hat m_t, v_t, \hat v_t` on
  :math:`10^5` sequences of five gradient models (:mod:`.gradients`), with
  Bonferroni-corrected z-scores and a negative control that shows the test has power.
- :func:`large_steps_evidence` (``sec3-no-correction-large-steps``): the step ratio
  without correction, and the training instability of :mod:`.instability`.

Every EMA here goes through :mod:`adamtheory.core.ema` or the package's ``optim.adam``.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import sympy as sp
from scipy import stats

from ... import optim
from ...core import symbols, validation
from ...core.ema import debias, ema, one_minus_power
from ...core.symbols import g, i, is_zero, t
from ...core.validation import betas, choice, count, in_interval, real_array
from ...core.verdict import SCALES
from . import derivation, instability
from .gradients import model_tuple, standard_models

__all__ = [
    "BETA2S",
    "QUANTITIES",
    "SEED",
    "MomentsMC",
    "StepSizes",
    "bonferroni_z",
    "expectation_evidence",
    "expectation_record",
    "large_steps_evidence",
    "large_steps_record",
    "monte_carlo_moments",
    "step_sizes_first_steps",
    "unrolled_evidence",
    "unrolled_sum",
    "zeta_formula",
]

SEED = 20150103
BETA2S = (0.99, 0.999, 0.9999)  # the grid of Section 6.4
QUANTITIES = ("m_hat", "v", "v_hat")  # what the Monte Carlo estimates at every t


def unrolled_sum(grads, beta2) -> np.ndarray:
    r"""Section 3, eq. (1) written out: :math:`(1-\beta_2)\sum_{i=1}^T \beta_2^{T-i} g_i^2`.

    ``grads`` (T, d), ``beta2`` (K, 1) or scalar: returns (K, d) (or (d,)). A weighted
    sum, not a recursion: an independent reference for the package's :math:`v_T`.
    """
    grads = real_array("grads", grads)
    if grads.ndim != 2 or grads.shape[0] < 1:
        raise ValueError(f"grads must have shape (T, d) with T >= 1, got {grads.shape}")
    if not np.all(np.isfinite(grads)):
        raise ValueError("grads must be finite")
    beta2 = np.asarray(in_interval("beta2", beta2, 0.0, 1.0))
    steps = grads.shape[0]
    weights = (1 - beta2) * beta2 ** (steps - np.arange(1, steps + 1))  # (K, T)
    with np.errstate(over="raise"):  # finite input, overflowing: named
        return weights @ grads**2


def unrolled_evidence(scale: str = "default") -> dict:
    """``sec3-unrolled``: the symbolic proof and the package's v_t against eq. (1)."""
    steps = 1000 if choice("scale", scale, SCALES) == "default" else 100_000
    unrolled = derivation.unrolled_moments()
    paper_summand = (1 - symbols.beta2) * symbols.beta2 ** (t - i) * g[i] ** 2
    residuals = (unrolled.m_residual, unrolled.v_residual, unrolled.iterated_residual)
    rng = np.random.default_rng(SEED)
    grads = rng.standard_normal((steps, 50)) * rng.lognormal(0, 2, 50)  # scales 1e-3..1e3
    beta2 = np.array(BETA2S)[:, None]
    opt = optim.adam(beta2=beta2)
    state = opt.init(np.zeros((len(BETA2S), grads.shape[1])))
    for grad in grads:
        _, state = opt.update(np.broadcast_to(grad, state.v.shape), state)
    reference = unrolled_sum(grads, beta2)
    return {
        "matches_paper_eq1": is_zero(unrolled.v_t.function - paper_summand),
        "symbolic_residuals_zero": all(is_zero(r) for r in residuals),
        "nonzero_residuals": [str(r) for r in residuals if not is_zero(r)],
        "package_max_relative_error": float(np.max(np.abs(state.v - reference) / reference)),
        "steps": steps,
        "beta2": list(BETA2S),
        "gradients": "N(0,1) times log-normal scales per coordinate (1e-3..1e3), 50 coordinates",
        "scale": scale,
    }


class MomentsMC(NamedTuple):
    """Monte Carlo means, standard errors and the truth, each of shape (steps, models)."""

    t: np.ndarray
    names: tuple[str, ...]
    mean: dict[str, np.ndarray]  # keys QUANTITIES
    se: dict[str, np.ndarray]
    truth: dict[str, np.ndarray]
    second_moment: np.ndarray  # E[g_t^2], (steps, models)
    beta1: float
    beta2: float
    sequences: int

    def z(self, quantity: str) -> np.ndarray:
        """(mean - truth) / standard error: approximately N(0, 1) at each t and model."""
        return (self.mean[quantity] - self.truth[quantity]) / self.se[quantity]

    def max_abs_z(self) -> float:
        return float(max(np.max(np.abs(self.z(q))) for q in QUANTITIES))

    def comparisons(self) -> int:
        return len(QUANTITIES) * self.t.size * len(self.names)

    def zeta_measured(self) -> tuple[np.ndarray, np.ndarray]:
        r""":math:`\hat\zeta_t = \overline{v_t} - E[g_t^2](1-\beta_2^t)` and its standard error."""
        bias = one_minus_power(self.beta2, self.t)[:, None]
        return self.mean["v"] - self.second_moment * bias, self.se["v"]

    def uncorrected_min_abs_z(self) -> float:
        """Negative control: the z of raw v_t against E[g_t^2] (biased by 1 - beta2^t)."""
        return float(np.min(np.abs(self.mean["v"] - self.second_moment) / self.se["v"]))


def monte_carlo_moments(
    models=None, beta1=0.9, beta2=0.999, steps=100, sequences=100_000, seed=SEED
) -> MomentsMC:
    r"""Run Adam's moments on ``sequences`` gradient sequences of every model at once.

    The state of ``optim.adam(beta1, beta2)`` holds :math:`m_t, v_t` for an array of
    shape (models, sequences); :math:`\hat m_t, \hat v_t` come from ``core.ema.debias``.
    At every t the sample mean and standard error (sample sd / sqrt(sequences)) of
    :math:`\hat m_t, v_t, \hat v_t` are kept, next to the truth: expectation is linear,
    so :math:`E[v_t]` is the EMA (``core.ema.ema``) of :math:`E[g_i^2]`, exactly.
    """
    models = standard_models() if models is None else model_tuple(models)
    b1, b2 = (float(b) for b in betas(beta1, beta2))
    steps, sequences = count("steps", steps), count("sequences", sequences, 2)
    rng = np.random.default_rng(count("seed", seed, 0))
    opt = optim.adam(beta1=b1, beta2=b2)
    state = opt.init(np.zeros((len(models), sequences)))
    ts = np.arange(1, steps + 1)
    mean = {q: np.empty((steps, len(models))) for q in QUANTITIES}
    se = {q: np.empty((steps, len(models))) for q in QUANTITIES}
    for k, step in enumerate(ts):
        grads = np.stack([model.sample(rng, step, sequences) for model in models])
        _, state = opt.update(grads, state)
        values = {
            "m_hat": debias(state.m, b1, step),
            "v": state.v,
            "v_hat": debias(state.v, b2, step),
        }
        for q, x in values.items():
            mean[q][k] = x.mean(axis=1)
            se[q][k] = x.std(axis=1, ddof=1) / np.sqrt(sequences)
    first = np.column_stack([model.mean(ts) for model in models])
    second = np.column_stack([model.second_moment(ts) for model in models])
    e_v = ema(second, b2)
    truth = {
        "m_hat": debias(ema(first, b1), b1, ts[:, None]),
        "v": e_v,
        "v_hat": debias(e_v, b2, ts[:, None]),
    }
    names = tuple(model.name for model in models)
    return MomentsMC(ts, names, mean, se, truth, second, b1, b2, sequences)


def zeta_formula(models, t_values, beta2: float) -> np.ndarray:
    """Section 3's zeta from the SymPy closed forms, shape (len(t), models); refused by
    name: no GradientModel, no steps t >= 1, a ``beta2`` outside [0, 1) or a pole."""
    models = model_tuple(models)
    steps = np.atleast_1d(validation.steps(t_values, "t_values"))
    if steps.ndim != 1 or steps.size == 0:
        raise ValueError(f"t_values must be a non-empty 1-d sequence, got shape {steps.shape}")
    beta2 = float(in_interval("beta2", beta2, 0.0, 1.0))
    with np.errstate(divide="ignore", invalid="ignore"):  # a pole is reported below
        out = np.column_stack([model.zeta(steps, beta2) for model in models])
    if not np.all(np.isfinite(out)):
        raise ValueError(f"beta2 = {beta2} is a pole of a model's closed form (rho = beta2?)")
    return out


def bonferroni_z(comparisons: int, family_level: float = 1e-3) -> float:
    r"""The |z| threshold that all ``comparisons`` stay under with probability at least
    :math:`1 - \text{family\_level}` if every estimate is unbiased (Bonferroni: level
    ``family_level/comparisons`` per two-sided comparison; valid under any correlation
    between them, as between the steps of one sequence)."""
    comparisons = count("comparisons", comparisons)
    family_level = in_interval("family_level", family_level, 0.0, 1.0, closed_low=False)
    z = float(stats.norm.isf(family_level / (2 * comparisons)))
    if not np.isfinite(z):
        raise ValueError(
            f"family_level too small: level/comparisons underflows, got {family_level}"
        )
    return z


def _symbolic_identities() -> dict[str, bool]:
    factors = derivation.bias_correction_factors()
    linear, geometric = derivation.linear_drift_zeta(), derivation.geometric_drift_zeta()
    stationary = derivation.expected_ema(lambda k: derivation.s)
    identities = {
        "stationary zeta": stationary.zeta,
        "E[m-hat] - E[g], stationary": factors.m_hat_bias,
        "E[v-hat] - E[g^2], stationary": factors.v_hat_bias,
        "linear drift split residual": linear["residual"],
        "linear drift rsolve - sum": linear["rsolve_minus_sum"],
        "geometric drift split residual": geometric["residual"],
    }
    return {name: is_zero(expr) for name, expr in identities.items()}


def expectation_evidence(scale: str = "default") -> dict:
    """``sec3-expectation``: SymPy identities, and the Monte Carlo against them."""
    default = choice("scale", scale, SCALES) == "default"
    steps, sequences = (100, 100_000) if default else (1000, 1_000_000)
    models = standard_models()
    mc = monte_carlo_moments(models, steps=steps, sequences=sequences, seed=SEED)
    return expectation_record(mc, models, scale)


def expectation_record(mc: MomentsMC, models, scale: str = "default") -> dict:
    """The evidence record of ``sec3-expectation`` from a Monte Carlo already run
    (a notebook that ran :func:`monte_carlo_moments` passes its result here).

    Refused by name: an ``mc`` not a MomentsMC, without the linear and geometric drifts or
    with a standard error 0 (too few sequences); ``models`` not mc's; a bad ``scale``."""
    if not isinstance(mc, MomentsMC):
        raise TypeError(f"mc must be a MomentsMC, got {type(mc).__name__}")
    if {"linear drift", "geometric drift"} - set(mc.names):
        raise ValueError(f"mc must include the linear and geometric drifts, got {mc.names}")
    if not all(np.all(se > 0) and np.all(np.isfinite(se)) for se in mc.se.values()):
        raise ValueError("mc has a standard error 0 or not finite: run more sequences")
    if tuple(m.name for m in model_tuple(models)) != mc.names:
        raise ValueError(f"models must be mc's models, in its order {mc.names}")
    scale = choice("scale", scale, SCALES)
    proved = _symbolic_identities()
    linear, geometric = derivation.linear_drift_zeta(), derivation.geometric_drift_zeta()
    zeta_hat, zeta_se = mc.zeta_measured()
    zeta_exact = zeta_formula(models, mc.t, mc.beta2)
    closed_form = mc.second_moment * one_minus_power(mc.beta2, mc.t)[:, None]
    last = {name: k for k, name in enumerate(mc.names)}
    vhat_over_truth = mc.mean["v_hat"][-1] / mc.second_moment[-1]
    zetas = (linear["zeta"], geometric["zeta"])
    return {
        "symbolic_identities_hold": all(proved.values()),
        "failed_identities": [name for name, ok in proved.items() if not ok],
        "mc_max_abs_z": mc.max_abs_z(),
        "zeta_measured_vs_formula_max_abs_z": float(
            np.max(np.abs(zeta_hat - zeta_exact) / zeta_se)
        ),
        "bonferroni_z": bonferroni_z(mc.comparisons(), family_level=1e-3),
        "family_level": 1e-3,
        "comparisons": mc.comparisons(),
        "uncorrected_v_min_abs_z": mc.uncorrected_min_abs_z(),
        "zeta_closed_form_vs_recursion_max_relative": float(
            np.max(np.abs((closed_form + zeta_exact) / mc.truth["v"] - 1))
        ),
        "models": list(mc.names),
        "sequences": mc.sequences,
        "steps": int(mc.t.size),
        "beta1": mc.beta1,
        "beta2": mc.beta2,
        "v_hat_over_E[g_t^2]_at_last_step_linear_drift": vhat_over_truth[last["linear drift"]],
        "v_hat_over_E[g_t^2]_at_last_step_geometric_drift": vhat_over_truth[
            last["geometric drift"]
        ],
        "zeta_limit_linear_drift": str(linear["zeta_limit"]),
        "relative_zeta_limit_geometric_drift": str(geometric["relative_limit_rho_above_beta2"]),
        "zeta_depends_on_beta1": any(z.has(symbols.beta1) for z in zetas),
        "zeta_depends_on_beta2": all(z.has(symbols.beta2) for z in zetas),
        "finding_paper_wording": "the paper says beta1 keeps zeta small; zeta depends on "
        "beta2 only, and is small when E[g^2] drifts little over ~1/(1-beta2) steps",
        "scale": scale,
    }


class StepSizes(NamedTuple):
    """Mean |Delta_t| / alpha over coordinates, shape (steps, configs), and the formula."""

    t: np.ndarray
    beta1: np.ndarray  # (configs,)
    beta2: np.ndarray
    corrected: np.ndarray  # Algorithm 1
    uncorrected: np.ndarray  # bias_correction=False on its own trajectory
    same_gradient_ratio: np.ndarray  # |Delta| without / with, fed the same gradients
    formula: np.ndarray  # (1 - beta1^t) / sqrt(1 - beta2^t)


def step_sizes_first_steps(
    beta2s=BETA2S, beta1s=(0.9, 0.0), steps=100, dim=1000, alpha=1e-3, noise=1.0, seed=SEED
) -> StepSizes:
    r"""The first ``steps`` Adam steps with and without bias correction (Section 3, 6.4).

    All (beta1, beta2) pairs run at once: theta of shape (configs, dim) with beta1 and
    beta2 of shape (configs, 1). The problem is the noisy quadratic
    :math:`f(\theta) = \frac12\|\theta\|^2`, :math:`g = \theta + \text{noise}\,\xi`,
    from :math:`\theta_0 = 1`, the same noise for both variants. A third run without
    correction is fed the corrected run's gradients: its step ratio is
    :math:`(1-\beta_1^t)/\sqrt{1-\beta_2^t}` up to :math:`\epsilon`.
    """
    b1s = np.atleast_1d(in_interval("beta1s", real_array("beta1s", beta1s), 0.0, 1.0))
    b2s = np.atleast_1d(in_interval("beta2s", real_array("beta2s", beta2s), 0.0, 1.0))
    steps, dim = count("steps", steps), count("dim", dim)
    noise = float(in_interval("noise", noise, 0.0, np.inf))
    beta1, beta2 = np.repeat(b1s, b2s.size), np.tile(b2s, b1s.size)
    b1, b2 = beta1[:, None], beta2[:, None]
    shape = (beta1.size, dim)
    rng = np.random.default_rng(count("seed", seed, 0))
    corrected = optim.adam(alpha=alpha, beta1=b1, beta2=b2)
    uncorrected = optim.adam(alpha=alpha, beta1=b1, beta2=b2, bias_correction=False)
    theta_c, theta_u = np.ones(shape), np.ones(shape)
    state_c, state_u, state_s = (
        opt.init(theta_c) for opt in (corrected, uncorrected, uncorrected)
    )
    ts = np.arange(1, steps + 1)
    size_c, size_u, ratio = (np.empty((steps, beta1.size)) for _ in range(3))
    # finite input whose steps overflow (huge alpha) or underflow to 0 (tiny alpha): named
    with np.errstate(over="raise", divide="raise"):
        for k in range(steps):
            xi = noise * rng.standard_normal(shape)
            g_c = theta_c + xi
            step_c, state_c = corrected.update(g_c, state_c)
            step_u, state_u = uncorrected.update(theta_u + xi, state_u)
            step_s, state_s = uncorrected.update(g_c, state_s)
            theta_c += step_c
            theta_u += step_u
            size_c[k] = np.abs(step_c).mean(axis=1) / alpha
            size_u[k] = np.abs(step_u).mean(axis=1) / alpha
            ratio[k] = np.median(np.abs(step_s) / np.abs(step_c), axis=1)
    power1 = one_minus_power(b1, ts).T  # (steps, configs)
    formula = power1 / np.sqrt(one_minus_power(b2, ts).T)
    return StepSizes(ts, beta1, beta2, size_c, size_u, ratio, formula)


def large_steps_evidence(scale: str = "default") -> dict:
    """``sec3-no-correction-large-steps``: step ratios, and training with/without correction."""
    default = choice("scale", scale, SCALES) == "default"
    dim, epochs = (1000, 10) if default else (100_000, 100)
    run = step_sizes_first_steps(BETA2S, (0.9, 0.0), steps=100, dim=dim, seed=SEED)
    features, labels = instability.sparse_logistic_data(seed=SEED)
    train = instability.logistic_minibatch_training(features, labels, epochs=epochs, seed=SEED)
    return large_steps_record(run, train, scale)


def large_steps_record(
    run: StepSizes, train: instability.InstabilityRun, scale: str = "default"
) -> dict:
    """The evidence record of ``sec3-no-correction-large-steps`` from runs already made:
    ``run`` over beta1 = (0.9, 0) x :data:`BETA2S`, ``train`` over the Section 6.4 grid
    (else refused by name, as a ``scale`` outside ``SCALES``)."""
    if not isinstance(run, StepSizes):
        raise TypeError(f"run must be a StepSizes, got {type(run).__name__}")
    if not isinstance(train, instability.InstabilityRun):
        raise TypeError(f"train must be an InstabilityRun, got {type(train).__name__}")
    if list(run.beta1) != [0.9] * 3 + [0.0] * 3 or list(run.beta2) != list(BETA2S) * 2:
        raise ValueError("run must cover beta1 = (0.9, 0) x beta2 = BETA2S, in that order")
    if not set(BETA2S) <= set(train.beta2.tolist()):
        raise ValueError(f"train must cover beta2 = {BETA2S}, got {sorted(set(train.beta2))}")
    scale = choice("scale", scale, SCALES)
    ratio = derivation.uncorrected_step_ratio()["ratio"]
    f = sp.lambdify((t, symbols.beta1, symbols.beta2), ratio, "numpy")
    max_ratio = run.formula.max(axis=0).reshape(2, len(BETA2S))  # rows beta1 = 0.9, 0
    own_path = (run.uncorrected.max(axis=0) / run.corrected.max(axis=0)).reshape(2, len(BETA2S))
    return {
        "ratio_formula": str(ratio),
        # Same gradients: the ratio is the formula up to eps / sqrt(v_t) <= 1e-8 / 1e-2 here.
        "same_gradients_max_relative_deviation": float(
            np.max(np.abs(run.same_gradient_ratio / run.formula - 1))
        ),
        "sympy_vs_numpy_formula_max_relative": float(
            np.max(np.abs(f(run.t[:, None], run.beta1, run.beta2) / run.formula - 1))
        ),
        "beta2": list(BETA2S),
        "max_ratio_first_100_steps_beta1=0.9": list(max_ratio[0]),
        "max_ratio_first_100_steps_beta1=0": list(max_ratio[1]),
        "own_trajectory_max_step_ratio_beta1=0.9": list(own_path[0]),
        "max_corrected_step_over_alpha": float(run.corrected.max()),
        "initial_loss": train.initial_loss,
        "max_loss_corrected": [train.worst("corrected", b) for b in BETA2S],
        "max_loss_uncorrected": [train.worst("uncorrected", b) for b in BETA2S],
        "runs_per_beta2": int(np.sum(train.beta2 == BETA2S[0])),
        "training_setting": "variant (Section 6.4's VAE is its own part): logistic regression "
        f"on sparse synthetic features, {train.setting}, grid beta1 in "
        + str(sorted(set(train.beta1.tolist())))
        + ", beta2 in "
        + str(sorted(set(train.beta2.tolist())))
        + ", alpha in "
        + str(sorted(set(train.alpha.tolist()))),
        "training_steps": int(train.corrected.shape[0]),
        "scale": scale,
    }
