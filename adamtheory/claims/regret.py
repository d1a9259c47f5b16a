r"""Section 4 and the Appendix: Theorem 4.1, Corollary 4.2, Lemmas 10.3 and 10.4, O(log d sqrt T).

The experiments are functions (the notebook ``04_regret`` calls them too); the
checks turn their numbers into verdicts. Every run is batched over a leading axis
(seeds x hyperparameters) through :func:`adamtheory.online.run`, and the long
horizons on linear losses go through :mod:`adamtheory.online.fast`.

Reading of the Appendix proof (constants, statement against proof)
------------------------------------------------------------------
- Lemma 10.4's statement, :math:`\frac{2}{(1-\gamma)\sqrt{1-\beta_2}}\|g_{1:T,i}\|_2`,
  is not what its proof ends on, :math:`\frac{2G_\infty}{(1-\gamma)^2\sqrt{1-\beta_2}}
  \|g_{1:T,i}\|_2`: the proof adds a :math:`G_\infty` (from Lemma 10.3) and squares
  :math:`1-\gamma` (the arithmetic-geometric series :math:`\sum_j j\gamma^j`).
- Theorem 4.1's second term :math:`\frac{\alpha(1+\beta_1)G_\infty}{(1-\beta_1)\sqrt{1-\beta_2}
  (1-\gamma)^2}` is the proof's form of Lemma 10.4 times :math:`\frac{\alpha(1+\beta_1)}{2(1-\beta_1)}`:
  consistent with the proof's last line, not with the lemma's statement.
- The third term's :math:`\sqrt{1-\beta_2}` needs :math:`\sqrt{\hat v_{t,i}} \le G_\infty\sqrt{1-\beta_2}`,
  but only :math:`\sqrt{\hat v_{t,i}} \le G_\infty` holds (:math:`\hat v_t` is a weighted
  mean of :math:`g^2` with weights summing to 1; equality for constant gradients):
  the term is too small by :math:`1/\sqrt{1-\beta_2}` (about 31.6 at :math:`\beta_2 = 0.999`).
- The first term needs :math:`\Gamma_t = \sqrt{\hat v_t}/\alpha_t - \sqrt{\hat v_{t-1}}/\alpha_{t-1} \succeq 0`
  to telescope (Reddi, Kale & Kumar 2018), which Adam does not guarantee.
"""

from __future__ import annotations

import copy
import functools
from typing import Any

import numpy as np
from scipy import optimize, stats

from .. import online, optim
from ..bounds_regret import (
    harmonic,
    lemma103_sides,
    lemma104_sides,
)
from ..online import theorem41_rhs
from ..optim import schedules
from ..problems import (
    dense_hinge,
    logistic_stream,
    random_linear,
    reddi_theorem1,
    reddi_theorem1_betas,
    sparse_hinge,
)
from ._registry import Result, check

__all__ = [
    "adam_theorem41",
    "fit_exponent",
    "lemma103_study",
    "lemma104_search",
    "lemma104_study",
    "reddi_regret_curve",
    "sparse_d_study",
    "theorem41_grid",
    "theorem41_study",
]

SEED = 1412_6980

SCALE = {
    "default": dict(
        T_thm=1000,
        reddi_T=(10**2, 10**3, 10**4, 10**5),
        benign_T=4000,
        lemma_T=(10, 100, 1000),
        search_T=30,
        search_restarts=2,
        sparse_T=500,
        sparse_d=(10, 100, 1000),
        dense_d=(10, 100),
        sparse_seeds=2,
    ),
    "paper": dict(
        T_thm=10**4,
        reddi_T=(10**2, 10**3, 10**4, 10**5, 10**6),
        benign_T=10**5,
        lemma_T=(10, 100, 1000, 10**4, 10**5),
        search_T=200,
        search_restarts=10,
        sparse_T=2000,
        sparse_d=(10, 100, 1000, 10**4),
        dense_d=(10, 100, 1000),
        sparse_seeds=5,
    ),
}


# ----------------------------------------------------------------------------- Theorem 4.1


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


def theorem41_grid() -> dict[str, np.ndarray]:
    r"""The hyperparameter grid, (K, 1) each: :math:`\alpha \in \{0.01, 0.1, 1\}`,
    :math:`\beta_1 \in \{0, 0.9\}`, :math:`\beta_2 \in \{0.99, 0.999\}`,
    :math:`\lambda \in \{0.9, 0.999\}` (all with :math:`\gamma < 1`)."""
    grid = np.array(
        np.meshgrid([0.01, 0.1, 1.0], [0.0, 0.9], [0.99, 0.999], [0.9, 0.999], indexing="ij")
    ).reshape(4, -1)
    return {name: grid[i][:, None] for i, name in enumerate(("alpha", "beta1", "beta2", "lam"))}


def _theorem41_problems(T: int, rng: np.random.Generator) -> dict[str, Any]:
    seed = int(rng.integers(2**31))
    return {
        "linear, box, d=5": random_linear(T, 5, seed=seed, drift=0.2, domain=online.Box(1.0)),
        "logistic, ball, d=5": logistic_stream(T, 5, seed=seed + 1, domain=online.Ball(3.0)),
        "sparse hinge a=2, d=50": sparse_hinge(T, 50, a=2.0, seed=seed + 2),
        "dense hinge, d=20": dense_hinge(T, 20, seed=seed + 3),
    }


def _diameters_with(result: Any, point: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """D and D_inf of the iterates together with ``point`` (bounding-box diagonal, exact l-inf)."""
    width = np.maximum(result.theta_max, point) - np.minimum(result.theta_min, point)
    return np.sqrt(np.sum(width**2, axis=1)), np.max(width, axis=1)


def theorem41_study(scale: str = "default") -> list[dict[str, Any]]:
    """See :func:`_theorem41_study`; cached (the notebook and the ledger share one run), copied out."""
    return copy.deepcopy(_theorem41_study(scale))


@functools.lru_cache(maxsize=2)
def _theorem41_study(scale: str) -> list[dict[str, Any]]:
    r"""Theorem 4.1's RHS (from each run's own D, D_inf, G_inf, v-hat, ||g_{1:T,i}||)
    against the measured R(T): one row per problem x configuration of the grid."""
    T = SCALE[scale]["T_thm"]
    rng = np.random.default_rng(SEED)
    grid = theorem41_grid()
    rows = []
    for name, problem in _theorem41_problems(T, rng).items():
        K = grid["alpha"].shape[0]
        result = online.run(adam_theorem41(**grid), problem, T, batch=K)
        hyper = {k: v[:, 0] for k, v in grid.items()}
        common = dict(G_inf=result.G_inf, v_hat=result.v_hat, grad_norms=result.grad_norms)
        # the statement's D bounds distances between iterates; the proof uses |theta_t - theta*|
        literal = theorem41_rhs(T, **hyper, D=result.D, D_inf=result.D_inf, **common)
        D_star, D_inf_star = _diameters_with(result, result.comparator.theta)
        proof = theorem41_rhs(T, **hyper, D=D_star, D_inf=D_inf_star, **common)
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
    return rows


def reddi_regret_curve(
    C: float = 3.0, alpha: float = 0.5, Ts: Any = (10**2, 10**3, 10**4, 10**5), lam: float = 1e-3
) -> dict[str, np.ndarray]:
    r"""Reddi et al.'s Theorem 1 instance (:math:`f_t = Cx` if t mod 3 = 1 else :math:`-x` on
    [-1, 1], :math:`\beta_1 = 0`, :math:`\beta_2 = 1/(1+C^2)`, :math:`\alpha_t = \alpha/\sqrt t`)
    at each horizon of ``Ts``: R(T), R(T)/T and Theorem 4.1's RHS, with the domain's
    diameters D = D_inf = 2 (the largest valid constants, so the largest RHS). With
    :math:`\beta_1 = 0` every :math:`\lambda` gives the same algorithm, so the theorem
    claims the bound for every :math:`\lambda \in (0,1)`; ``lam`` near 0 is its tightest."""
    problem = reddi_theorem1(C)
    beta1, beta2 = reddi_theorem1_betas(C)
    opt = optim.adam(alpha=schedules.inverse_sqrt(alpha), beta1=beta1, beta2=beta2, eps=1e-8)
    Ts = np.asarray(Ts, dtype=int)
    R, rhs = np.empty(Ts.size), np.empty(Ts.size)
    for j, T in enumerate(Ts):
        result = online.fast.run(opt, problem, int(T), record=2)
        R[j] = result.final_regret[0]
        rhs[j] = theorem41_rhs(
            int(T),
            alpha=alpha,
            beta1=beta1,
            beta2=beta2,
            lam=lam,
            D=2.0,
            D_inf=2.0,
            G_inf=problem.G_inf,
            v_hat=result.v_hat,
            grad_norms=result.grad_norms,
        ).total[0]
    return {"T": Ts, "R": R, "average": R / Ts, "rhs": rhs, "theta_T": float(result.theta[0, 0])}


@check("thm4.1-regret-bound")
def check_theorem41(scale: str) -> Result:
    rows = theorem41_study(scale)
    ratios = np.array([row["ratio"] for row in rows])
    ratios_star = np.array([row["ratio_with_theta*"] for row in rows])
    worst = rows[int(np.argmax(ratios))]
    reddi = reddi_regret_curve(Ts=SCALE[scale]["reddi_T"])
    broken = reddi["R"] > reddi["rhs"]
    first = int(np.argmax(broken)) if broken.any() else -1
    refuted = bool(broken.any() or np.any(ratios_star > 1))
    evidence = {
        "configurations": len(rows),
        "violations_iterate_D": int(np.sum(ratios > 1)),
        "violations_D_with_theta_star": int(np.sum(ratios_star > 1)),
        "max_ratio_iterate_D": float(ratios.max()),
        "max_ratio_D_with_theta_star": float(ratios_star.max()),
        "iterate_D_witness": f"{worst['problem']}, alpha={worst['alpha']:g}, beta1={worst['beta1']:g}, "
        f"beta2={worst['beta2']:g}: R={worst['R(T)']:.4g} > RHS={worst['RHS']:.4g}",
        "witness_problem": "Reddi Thm 1: f_t = 3x if t%3==1 else -x on [-1,1], beta1=0, beta2=0.1, "
        "alpha_t=0.5/sqrt(t), D=D_inf=2",
        "witness_T": int(reddi["T"][first]) if first >= 0 else 0,
        "witness_R_T": float(reddi["R"][first]) if first >= 0 else 0.0,
        "witness_RHS": float(reddi["rhs"][first]) if first >= 0 else 0.0,
        "witness_R_T_over_T_at_Tmax": float(reddi["average"][-1]),
        "proof_constants": "2nd term matches the proof's Lemma 10.4 (G_inf, (1-gamma)^2), not its "
        "statement; 3rd term's sqrt(1-beta2) unjustified (sqrt(v_hat) <= G_inf only); D must bound "
        "|theta_t - theta*|, not only distances between iterates",
    }
    verdict = "refuted" if refuted else "supported"
    summary = (
        f"Reddi's instance (D = D_inf = 2): R(T)={evidence['witness_R_T']:.4g} > RHS="
        f"{evidence['witness_RHS']:.4g} at T={evidence['witness_T']}, R(T)/T -> "
        f"{reddi['average'][-1]:.3g}; on {len(rows)} benign runs R <= RHS when D includes theta* "
        f"(max ratio {ratios_star.max():.3g}), but with the statement's iterate-only D "
        f"{int(np.sum(ratios > 1))} runs violate it (max ratio {ratios.max():.3g})"
    )
    return Result(verdict, summary, evidence)


# ----------------------------------------------------------------------------- Corollary 4.2


def fit_exponent(T: Any, R: Any, level: float = 0.95) -> tuple[float, float, float]:
    r"""Least-squares slope of :math:`\log R` on :math:`\log T` with a ``level`` confidence
    interval (Student t on the slope's standard error). Points of a cumulative curve are
    correlated, so the interval is indicative; across independent runs use their spread."""
    x, y = np.log(np.asarray(T, float)), np.log(np.asarray(R, float))
    fit = stats.linregress(x, y)
    half = stats.t.ppf(0.5 + level / 2, x.size - 2) * fit.stderr if x.size > 2 else np.inf
    return float(fit.slope), float(fit.slope - half), float(fit.slope + half)


def benign_regret_curve(T: int, batch: int = 8, seed: int = SEED) -> dict[str, np.ndarray]:
    r"""Exact prefix regret of Adam (theorem's schedules, :math:`\alpha=0.1`, :math:`\beta_1=0.9`,
    :math:`\beta_2=0.999`, :math:`\lambda = 0.999`) on ``batch`` independent random linear
    sequences (d = 10, unit box, no drift: the hardest case), at ~40 log-spaced rounds."""
    problem = random_linear(T, 10, batch=batch, seed=seed)
    opt = adam_theorem41(0.1, 0.9, 0.999, 0.999)
    result = online.run(opt, problem, T, record=40)
    return {"t": result.t, "regret": result.prefix_regret}


@check("cor4.2-average-regret")
def check_corollary42(scale: str) -> Result:
    cfg = SCALE[scale]
    reddi = reddi_regret_curve(Ts=cfg["reddi_T"])
    slope, low, high = fit_exponent(reddi["T"][1:], reddi["R"][1:])
    benign = benign_regret_curve(cfg["benign_T"])
    keep = benign["t"] >= 100
    slopes = np.array([fit_exponent(benign["t"][keep], r)[0] for r in benign["regret"][keep].T])
    b_mean = slopes.mean()
    b_half = stats.t.ppf(0.975, slopes.size - 1) * slopes.std(ddof=1) / np.sqrt(slopes.size)
    # Corollary 4.2 says R(T)/T = O(1/sqrt T), i.e. the exponent of R(T) is at most 1/2.
    refuted = low > 0.5 and reddi["average"][-1] > 0.1
    verdict = "refuted" if refuted else "supported"
    evidence = {
        "witness_problem": "Reddi Thm 1, C=3, beta1=0, beta2=0.1, alpha_t=0.5/sqrt(t)",
        "T": reddi["T"].tolist(),
        "R_T_over_T": reddi["average"].tolist(),
        "exponent_R_T": slope,
        "exponent_CI95": [low, high],
        "benign_exponent_mean": float(b_mean),
        "benign_exponent_CI95": [float(b_mean - b_half), float(b_mean + b_half)],
        "benign_problem": f"random linear, d=10, {slopes.size} seeds, Adam with theorem's schedules",
    }
    summary = (
        f"Reddi's instance: R(T) ~ T^{slope:.3f} (95% CI [{low:.3f}, {high:.3f}]), "
        f"R(T)/T = {reddi['average'][-1]:.4g} at T = {reddi['T'][-1]}; "
        f"random linear losses: exponent {b_mean:.3f} +- {b_half:.3f}"
    )
    return Result(verdict, summary, evidence)


# ----------------------------------------------------------------------------- Lemma 10.3


def _test_sequences(T: int, rng: np.random.Generator, n: int = 64) -> dict[str, np.ndarray]:
    """Random, sparse and structured gradient sequences of one coordinate, (n, T) each."""
    t = np.arange(1, T + 1)
    scales = np.geomspace(1e-3, 1e2, n)[:, None]
    sparse_mask = rng.random((n, T)) < 0.05
    sparse_mask[:, 0] = True
    return {
        "gaussian": scales * rng.standard_normal((n, T)),
        "sparse": scales * sparse_mask * rng.standard_normal((n, T)),
        "1/sqrt(t)": scales / np.sqrt(t),
        "constant": scales * np.ones(T),
        "growing": scales * np.sqrt(t) / np.sqrt(T),
    }


def lemma103_study(Ts: Any, seed: int = SEED) -> dict[str, Any]:
    r"""Lemma 10.3's sides on random, sparse and structured sequences for each T, the
    exact worst case (:math:`\sup LHS/\|g\|_2 = \sqrt{H_T}`, at :math:`g_t\propto 1/\sqrt t`),
    and the corrected inequality's worst ratio."""
    rng = np.random.default_rng(seed)
    violations, tested, worst_corrected = 0, 0, 0.0
    for T in Ts:
        for g in _test_sequences(int(T), rng).values():
            sides = lemma103_sides(g)
            violations += int(np.sum(sides.lhs > sides.rhs * (1 + 1e-12)))
            tested += g.shape[0]
            worst_corrected = max(worst_corrected, float(np.max(sides.lhs / sides.rhs_corrected)))
    return {"violations": violations, "tested": tested, "worst_corrected_ratio": worst_corrected}


@check("lemma10.3")
def check_lemma103(scale: str) -> Result:
    study = lemma103_study(SCALE[scale]["lemma_T"])
    # Witness 1: one round, a small gradient: sides scale as c and c^2.
    one = lemma103_sides(np.array([0.1]))
    # Witness 2: G_inf = 1, g_t = 1/sqrt(t): LHS = H_T > 2 sqrt(H_T) once H_T > 4 (T >= 31).
    T = 100
    slow = lemma103_sides(1 / np.sqrt(np.arange(1, T + 1)))
    exact_sup = float(np.sqrt(harmonic(T)))  # sup over g of LHS / ||g||_2
    refuted = bool(one.lhs > one.rhs or slow.lhs > slow.rhs or study["violations"] > 0)
    evidence = {
        "witness_1": "T=1, g_1=0.1, G_inf=0.1",
        "witness_1_lhs_rhs": [float(one.lhs), float(one.rhs)],
        "witness_2": "T=100, g_t=1/sqrt(t), G_inf=1",
        "witness_2_lhs_rhs": [float(slow.lhs), float(slow.rhs)],
        "random_violations": f"{study['violations']}/{study['tested']}",
        "exact_sup_lhs_over_norm_T100": exact_sup,
        "holds_iff": "G_inf >= sqrt(H_T)/2",
        "corrected": "sum_t |g_t|/sqrt(t) <= sqrt(H_T) ||g_{1:T}||_2 (Cauchy-Schwarz, sharp)",
        "corrected_worst_ratio": study["worst_corrected_ratio"],
    }
    verdict = "refuted" if refuted else "supported"
    summary = (
        f"false: T=1, g=0.1 gives {float(one.lhs):.3g} > {float(one.rhs):.3g}; g_t=1/sqrt t, T=100 gives "
        f"{float(slow.lhs):.4g} > {float(slow.rhs):.4g}; {study['violations']}/{study['tested']} random "
        f"sequences violate it; corrected sum |g_t|/sqrt t <= sqrt(H_T)||g||_2 holds (worst ratio "
        f"{study['worst_corrected_ratio']:.6f})"
    )
    return Result(verdict, summary, evidence)


# ----------------------------------------------------------------------------- Lemma 10.4


def lemma104_search(
    T: int, beta1: float, beta2: float, restarts: int = 3, seed: int = SEED, against: str = "rhs"
) -> tuple[float, np.ndarray]:
    r"""Adversarial search: maximize LHS / RHS of Lemma 10.4 over nonnegative sequences
    :math:`g = e^s` (signs can only shrink :math:`|\hat m_t|`, and both sides scale
    alike) by L-BFGS-B from ``restarts`` random starts plus :math:`g_t = 1/\sqrt t`.
    ``against``: "rhs" (the statement) or "rhs_corrected". Returns (best ratio, g)."""
    rng = np.random.default_rng(seed)
    step = 1e-6

    def ratio(s):  # s: (..., T), a batch of log-sequences
        sides = lemma104_sides(np.exp(s - s.max(axis=-1, keepdims=True)), beta1, beta2)
        return sides.lhs / getattr(sides, against)

    def negative_ratio_and_grad(s):
        # forward differences, all T perturbations in one batched evaluation
        values = ratio(np.vstack([s, s + step * np.eye(s.size)]))
        return -values[0], -(values[1:] - values[0]) / step

    starts = [-0.5 * np.log(np.arange(1, T + 1))] + [rng.normal(0, 2, T) for _ in range(restarts)]
    best, best_s = -np.inf, starts[0]
    for s0 in starts:
        sol = optimize.minimize(
            negative_ratio_and_grad, s0, jac=True, method="L-BFGS-B", options={"maxiter": 300}
        )
        if -sol.fun > best:
            best, best_s = -sol.fun, sol.x
    return float(ratio(best_s)), np.exp(best_s - best_s.max())


def lemma104_study(Ts: Any, seed: int = SEED) -> dict[str, Any]:
    """Both forms and the corrected form of Lemma 10.4 on random, sparse and structured
    sequences over a (beta1, beta2) grid with gamma < 1."""
    rng = np.random.default_rng(seed)
    betas = [(0.0, 0.01), (0.0, 0.5), (0.5, 0.3), (0.9, 0.9), (0.9, 0.999), (0.99, 0.999)]
    statement = proof = tested = 0
    worst_corrected = 0.0
    for T in Ts:
        for g in _test_sequences(int(T), rng, n=16).values():
            for b1, b2 in betas:
                sides = lemma104_sides(g, b1, b2)
                statement += int(np.sum(sides.lhs > sides.rhs))
                proof += int(np.sum(sides.lhs > sides.rhs_proof))
                tested += g.shape[0]
                if b1 < np.sqrt(b2):
                    worst_corrected = max(
                        worst_corrected, float(np.max(sides.lhs / sides.rhs_corrected))
                    )
    return {
        "statement_violations": statement,
        "proof_form_violations": proof,
        "tested": tested,
        "worst_corrected_ratio": worst_corrected,
    }


@check("lemma10.4")
def check_lemma104(scale: str) -> Result:
    cfg = SCALE[scale]
    study = lemma104_study(cfg["lemma_T"][:2] if scale == "default" else cfg["lemma_T"][:3])
    T = 100
    g = 1 / np.sqrt(np.arange(1, T + 1))
    witness = lemma104_sides(g, 0.0, 0.01)  # gamma = 0
    small = lemma104_sides(np.full(10, 1e-5), 0.9, 0.999)  # proof's G_inf form: c vs c^2
    searched = {}
    for b1, b2 in [(0.0, 0.1), (0.9, 0.999)]:
        searched[(b1, b2)] = lemma104_search(cfg["search_T"], b1, b2, cfg["search_restarts"])[0]
    corrected_search = lemma104_search(
        cfg["search_T"], 0.0, 0.1, cfg["search_restarts"], against="rhs_corrected"
    )[0]
    refuted = bool(witness.lhs > witness.rhs or small.lhs > small.rhs_proof)
    evidence = {
        "witness_statement": "T=100, g_t=1/sqrt(t), beta1=0, beta2=0.01 (gamma=0)",
        "witness_statement_lhs_rhs": [float(witness.lhs), float(witness.rhs)],
        "witness_proof_form": "T=10, g_t=1e-5, beta1=0.9, beta2=0.999",
        "witness_proof_form_lhs_rhs": [float(small.lhs), float(small.rhs_proof)],
        "random_statement_violations": f"{study['statement_violations']}/{study['tested']}",
        "random_proof_form_violations": f"{study['proof_form_violations']}/{study['tested']}",
        "search_max_ratio_b1_0_b2_0.1": searched[(0.0, 0.1)],
        "search_max_ratio_b1_0.9_b2_0.999": searched[(0.9, 0.999)],
        "corrected": "sum_t m_hat^2/sqrt(t v_hat) <= sqrt(H_T)/((1-beta1/sqrt(beta2)) sqrt(1-beta2)) ||g||_2",
        "corrected_worst_ratio_random": study["worst_corrected_ratio"],
        "corrected_worst_ratio_search": corrected_search,
    }
    verdict = "refuted" if refuted else "supported"
    summary = (
        f"statement false: g_t=1/sqrt t, T=100, beta1=0, beta2=0.01 gives {float(witness.lhs):.4g} > "
        f"{float(witness.rhs):.4g}; the proof's G_inf form is false for small gradients "
        f"({float(small.lhs):.3g} > {float(small.rhs_proof):.3g}); at beta=(0.9, 0.999) the search "
        f"reaches only {searched[(0.9, 0.999)]:.3g} of the RHS; corrected sqrt(H_T) form holds "
        f"(worst ratio {max(study['worst_corrected_ratio'], corrected_search):.3g})"
    )
    return Result(verdict, summary, evidence)


# ----------------------------------------------------------------------------- log d sqrt T


def _sparse_methods(alpha: np.ndarray) -> dict[str, Any]:
    """Online gradient descent and the two adaptive methods, each over the step grid ``alpha``."""
    return {
        "OGD": optim.sgd(alpha=schedules.inverse_sqrt(alpha)),
        "AdaGrad": optim.adagrad(alpha=alpha, eps=1e-12),
        "Adam": optim.adam(alpha=schedules.inverse_sqrt(alpha), beta1=0.9, beta2=0.999, eps=1e-8),
    }


def _regrets(problem: Any, T: int, seeds: int, alphas: np.ndarray) -> dict[str, float]:
    """Best-in-hindsight step per method (mean regret over seeds), one batched run each."""
    comparator = problem.best_fixed(T)
    n = alphas.size
    repeated = problem.repeat(n)
    comparator = online.Comparator(
        *(np.repeat(x, n, 0) if isinstance(x, np.ndarray) else x for x in comparator)
    )
    grid = np.tile(alphas, seeds)[:, None]
    out = {}
    for name, opt in _sparse_methods(grid).items():
        result = online.run(opt, repeated, T, comparator=comparator)
        out[name] = float(result.final_regret.reshape(seeds, n).mean(axis=0).min())
    # the bounds' data-dependent factors: sum_i ||g_{1:T,i}||_2 (adaptive) and
    # sqrt(d) * sqrt(sum_t ||g_t||_2^2) (OGD), with the subgradient norms of the data
    Z = problem.features[: T * problem.batch]
    per_coord = np.sqrt(np.asarray(Z.multiply(Z).sum(axis=0)).ravel() / seeds)
    out["adaptive_bound"] = float(np.sum(per_coord))
    out["ogd_bound"] = float(np.sqrt(problem.dim) * np.sqrt(Z.nnz / seeds))
    return out


def sparse_d_study(scale: str = "default", seed: int = SEED) -> dict[str, Any]:
    """See :func:`_sparse_d_study`; cached (the notebook and the ledger share one run), copied out."""
    return copy.deepcopy(_sparse_d_study(scale, seed))


@functools.lru_cache(maxsize=4)
def _sparse_d_study(scale: str, seed: int) -> dict[str, Any]:
    r"""Regret at fixed T of OGD, AdaGrad and Adam (each with its best step of a grid) on
    Duchi-Hazan-Singer sparse hinge losses (a in {1.5, 2, 3}) and the dense counterpart,
    for several d; plus the bound factors :math:`\sum_i\|g_{1:T,i}\|_2` and
    :math:`\sqrt d\sqrt{\sum_t\|g_t\|^2}` of the data."""
    cfg = SCALE[scale]
    T, seeds = cfg["sparse_T"], cfg["sparse_seeds"]
    alphas = np.array([0.03, 0.1, 0.3, 1.0, 3.0])
    table = []
    for a in (1.5, 2.0, 3.0):
        for d in cfg["sparse_d"]:
            problem = sparse_hinge(T, d, a=a, batch=seeds, seed=seed + d)
            table.append(
                {
                    "family": f"sparse a={a:g}",
                    "a": a,
                    "d": d,
                    **_regrets(problem, T, seeds, alphas),
                }
            )
    for d in cfg["dense_d"]:
        problem = dense_hinge(T, d, batch=seeds, seed=seed + d)
        table.append({"family": "dense", "a": 0.0, "d": d, **_regrets(problem, T, seeds, alphas)})
    return {"T": T, "rows": table}


def _slope_in_d(rows: list[dict[str, Any]], key: str) -> float:
    d = np.array([r["d"] for r in rows], float)
    y = np.array([r[key] for r in rows], float)
    return float(np.polyfit(np.log(d), np.log(y), 1)[0])


@check("sec4-sparse-log-d")
def check_sparse_log_d(scale: str) -> Result:
    study = sparse_d_study(scale)
    rows = study["rows"]
    evidence: dict[str, Any] = {"T": study["T"], "d": list(SCALE[scale]["sparse_d"])}
    for fam in ("sparse a=1.5", "sparse a=2", "sparse a=3", "dense"):
        sub = [r for r in rows if r["family"] == fam]
        tag = fam.replace("sparse ", "").replace("=", "")
        for key in ("OGD", "AdaGrad", "Adam", "adaptive_bound", "ogd_bound"):
            evidence[f"{tag}_slope_{key}"] = _slope_in_d(sub, key)
        evidence[f"{tag}_adaptive_over_OGD_at_dmax"] = (
            min(sub[-1]["AdaGrad"], sub[-1]["Adam"]) / sub[-1]["OGD"]
        )
    # the claim compares regret *bounds*: their data-dependent factors, measured exactly
    bound_log_d = (
        evidence["a2_slope_adaptive_bound"] < 0.25 and evidence["a3_slope_adaptive_bound"] < 0.15
    )
    bound_poly_at_15 = evidence["a1.5_slope_adaptive_bound"] > 0.15
    ogd_bound_sqrt_d = evidence["a2_slope_ogd_bound"] > 0.4
    ogd_measured_sqrt_d = evidence["a2_slope_OGD"] > 0.4
    if not (bound_log_d and ogd_bound_sqrt_d):
        verdict = "refuted"
    elif bound_poly_at_15 or not ogd_measured_sqrt_d:
        verdict = "qualified"
    else:
        verdict = "supported"
    evidence["condition"] = (
        "log d holds for a >= 2 (a=1.5: sum_i sqrt(p_i) ~ d^(1-a/2)); the sqrt(dT) is OGD's bound, "
        "tuned OGD's measured regret grows far slower; the advantage is a constant factor and "
        "vanishes on dense features"
    )
    summary = (
        f"bound factors: adaptive ~ d^{evidence['a2_slope_adaptive_bound']:.2f} (a=2), "
        f"d^{evidence['a1.5_slope_adaptive_bound']:.2f} (a=1.5) vs OGD's ~ d^{evidence['a2_slope_ogd_bound']:.2f}; "
        f"measured regret (T={study['T']}): OGD ~ d^{evidence['a2_slope_OGD']:.2f}, Adam ~ "
        f"d^{evidence['a2_slope_Adam']:.2f} (a=2); adaptive/OGD at d_max "
        f"{evidence['a1.5_adaptive_over_OGD_at_dmax']:.2f}/{evidence['a2_adaptive_over_OGD_at_dmax']:.2f}/"
        f"{evidence['a3_adaptive_over_OGD_at_dmax']:.2f} (a=1.5/2/3), dense {evidence['dense_adaptive_over_OGD_at_dmax']:.2f}"
    )
    return Result(verdict, summary, evidence)
