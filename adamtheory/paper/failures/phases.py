r"""Phase diagrams in (beta1, beta2): Zhang et al.'s Adam on their example, and Reddi's problem.

Zhang, Chen, Shi, Sun & Luo (NeurIPS 2022) fix the problem first and then vary
:math:`(\beta_1, \beta_2)`: Adam converges once :math:`\beta_2` is large enough for
the problem (with :math:`\beta_1 < \sqrt{\beta_2}`) and diverges for small
:math:`\beta_2`. Their algorithm, as run here (:func:`zhang_adam`):

- the problem :class:`adamtheory.problems.ZhangDivergence` (n functions, parameter a,
  :math:`x^* = -2`, on the whole line);
- the :math:`f_i` *sampled*: by random shuffling, a fresh permutation of the n
  functions every epoch (their NeurIPS paper, Algorithm 1), or uniformly with
  replacement (Yushun Zhang's thesis);
- Adam *without bias correction*, :math:`\epsilon = 0`. Their Algorithm 1 replaces
  the bias correction by an initialization of :math:`m, v` (Zhang, Chen & Luo's blog
  post, ``bourbaki-blogchain.github.io``, 2022-03-25); the exact form is not in a
  stored source. Reconstructed here: :math:`v_0 = \max_i f_i'(x_1)^2` (Shi et al.'s
  choice for RMSProp), :math:`m_0 = 0`; :math:`\alpha_t = \alpha/\sqrt t` per
  iteration, :math:`\alpha = 1`, :math:`x_1 = 0`.
- The sampled index sequence is shared by every (beta1, beta2) of the grid (common
  random numbers, seeded): the grid is one batch of K configurations, each moment one
  ``core.ema.ema_update`` over the batch per round (no loop over configurations).
  ``tests/paper/test_failures.py`` holds the trajectory to ``optim.adam``'s
  ``update`` (``bias_correction=False`` with the same initial state).

``sampling="cyclic"`` with bias correction and :math:`m_0 = v_0 = 0` is the project's
earlier variant, kept as a labelled extra.

The classification (:func:`classify`) is of the last iterate at each checkpoint T.

The initialization carries weight: with :math:`v_0 = 0` and no bias correction
(``init="zero"``) the first steps are :math:`(1-\beta_1)/\sqrt{1-\beta_2}` (100 at
:math:`\beta_2 = 0.9999`), the iterate is thrown far out, and at T = 10^5 only 3%
(shuffle) and 8% (replacement) of the rows converge at the largest :math:`\beta_2`
(measured on the default grid and seed), against 100% with the reconstructed
initialization. So the verdict of ``zhang-phase-diagram`` is one for Adam as Zhang et al.
run it (an initialization in place of the correction, as their blog post says), not
for uncorrected Adam from zero moments.

One seed decides the ledger's record (:data:`SEED`). With seeds 1 and 2 of the sampled
order (default scale, measured once) the verdict is the same, ``supported``: 100% converge
at the largest beta2 and diverge at the smallest under both schemes, profile drops <= 0.03;
the converging boundary at T = 10^5 lies at :math:`1-\beta_2 = 10^{-1.33}` (shuffle) and
:math:`10^{-1.95}..10^{-2.05}` (replacement).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from tqdm import tqdm

from ... import online, optim, problems
from ...core import validation
from ...core.ema import debias, ema_update
from ...core.verdict import SCALES
from ...optim import schedules

__all__ = [
    "PHASES",
    "SAMPLINGS",
    "SEED",
    "classify",
    "grid",
    "reddi_phase_diagram",
    "zhang_adam",
    "phase_summary",
    "zhang_diagrams",
    "zhang_evidence",
    "zhang_phase_diagram",
    "zhang_record",
]

PHASES = ("converges", "stays away", "diverges")
"""The classes of :func:`classify`, coded 0, 1, 2."""

SAMPLINGS = ("shuffle", "replacement", "cyclic")
"""How :func:`zhang_adam` orders the f_i: the source's two schemes, and the cyclic extra."""

SEED = 20220711
"""The seed of the sampled orders."""

PROGRESS_FROM = 10**6
"""Runs this long (paper scale) show a progress bar on stderr."""

TOLERANCE = 0.1
"""'converges': the last iterate within 0.1 of x* = -2 (a twentieth of |x_1 - x*|)."""


def classify(distance: Any, initial_distance: float, tol: float) -> np.ndarray:
    r"""0 *converges*: :math:`|x - x^*| <` ``tol``; 2 *diverges*:
    :math:`|x - x^*| > 5\,|x_1 - x^*|`; 1 *stays away*: everything between."""
    distance = np.asarray(validation.nonnegative("distance", distance))
    initial_distance = validation.positive("initial_distance", initial_distance)
    tol = validation.positive("tol", tol)
    out = np.ones(np.shape(distance), dtype=int)
    out[distance < tol] = 0
    out[distance > 5 * initial_distance] = 2
    return out


def grid(n: int) -> tuple[np.ndarray, np.ndarray]:
    """beta1 in [0, 0.95] (linear), beta2 = 1 - 10^-k, k in [0, 4] (log in 1 - beta2)."""
    n = validation.count("n", n, 2)
    return np.linspace(0.0, 0.95, n), 1.0 - np.logspace(0.0, -4.0, n)


def _order(sampling: str, n: int, T: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    if sampling == "cyclic":
        return np.arange(T) % n
    if sampling == "replacement":
        return rng.integers(0, n, T)
    epochs = -(-T // n)
    return rng.permuted(np.tile(np.arange(n), (epochs, 1)), axis=1).ravel()[:T]


def zhang_adam(
    beta1: Any,
    beta2: Any,
    checkpoints: Any,
    *,
    n: int = 10,
    a: float = 1.0,
    sampling: str = "shuffle",
    alpha: float = 1.0,
    seed: int = SEED,
    init: str = "max",
) -> np.ndarray:
    r"""Zhang et al.'s Adam (module docstring) on :class:`~adamtheory.problems.ZhangDivergence`.

    ``beta1``, ``beta2``: arrays of one shape (K configurations, one batch);
    ``checkpoints``: increasing rounds at which the iterate is recorded (the last is T).
    ``sampling``: ``"shuffle"`` or ``"replacement"`` (no bias correction, the
    reconstructed initialization) or ``"cyclic"`` (the extra: Algorithm 1 with bias
    correction, zero moments). ``init`` (sampled schemes only): ``"max"``, the
    reconstructed :math:`v_0 = \max_i f_i'(x_1)^2`, or ``"zero"``, :math:`v_0 = 0`
    (neither bias correction nor initialization: the sensitivity check of the module
    docstring). Returns the iterates, shape (len(checkpoints),) + beta1's.
    """
    b1, b2 = validation.betas(beta1, beta2)
    sampling = validation.choice("sampling", sampling, SAMPLINGS)
    problem = problems.ZhangDivergence(n, a)
    ts = np.atleast_1d(validation.steps(checkpoints, "checkpoints")).astype(np.int64)
    if ts.ndim != 1 or np.any(np.diff(ts) <= 0):
        raise ValueError(f"checkpoints must be increasing rounds, got {checkpoints!r}")
    seed = validation.count("seed", seed, 0)
    alpha = validation.positive("alpha", alpha)
    init = validation.choice("init", init, ("max", "zero"))
    shape, cyclic = b1.shape, sampling == "cyclic"
    b1, b2 = b1.ravel(), b2.ravel()
    x = np.zeros(b1.size)
    w = problem.weights()
    m = np.zeros_like(x)
    if cyclic or init == "zero":  # zero moments (Algorithm 1 corrects them when cyclic)
        v = np.zeros_like(x)
    else:  # no bias correction; v_0 = max_i f_i'(x_1)^2, m_0 = 0
        v = np.full_like(x, np.max((w * problem.shape_grad(0.0)) ** 2))
    order = _order(sampling, problem.n, int(ts[-1]), seed)
    rates = alpha / np.sqrt(np.arange(1, ts[-1] + 1))
    out = np.empty((ts.size, x.size))
    k = 0
    rounds = tqdm(
        range(1, int(ts[-1]) + 1), desc=f"Zhang {sampling}", disable=ts[-1] < PROGRESS_FROM, leave=False
    )  # fmt: skip
    for t in rounds:
        g = w[order[t - 1]] * problem.shape_grad(x)
        m, v = ema_update(m, g, b1), ema_update(v, g * g, b2)
        if cyclic:
            x = x - rates[t - 1] * (debias(m, b1, t) / np.sqrt(debias(v, b2, t)))
        else:
            x = x - rates[t - 1] * (m / np.sqrt(v))
        if t == ts[k]:
            out[k] = x
            k += 1
    return out.reshape((ts.size,) + shape)


def zhang_phase_diagram(
    n_grid: int = 40, checkpoints: Any = (10**3, 10**4), *, sampling: str = "shuffle",
    n: int = 10, a: float = 1.0, seed: int = SEED,
) -> dict[str, Any]:  # fmt: skip
    r"""Classify :func:`zhang_adam` on an ``n_grid`` x ``n_grid`` (beta1, beta2) grid
    (:func:`grid`) at every checkpoint. Returns ``beta1`` (n_grid,), ``beta2``
    (n_grid,), ``checkpoints``, ``x`` and ``phase`` (len(checkpoints), n_grid, n_grid;
    rows beta1), ``sqrt_condition`` (:math:`\beta_1 < \sqrt{\beta_2}`), and the setting."""
    b1, b2 = grid(validation.count("n_grid", n_grid, 2))
    B1, B2 = np.meshgrid(b1, b2, indexing="ij")
    x = zhang_adam(B1, B2, checkpoints, n=n, a=a, sampling=sampling, seed=seed)
    phase = classify(np.abs(x + 2.0), 2.0, TOLERANCE)
    return {
        "sampling": sampling,
        "n": n,
        "a": a,
        "seed": seed,
        "beta1": b1,
        "beta2": b2,
        "checkpoints": np.atleast_1d(np.asarray(checkpoints)),
        "x": x,
        "phase": phase,
        "sqrt_condition": B1 < np.sqrt(B2),
    }


def reddi_phase_diagram(n_grid: int = 40, T: int = 20_000, C: int = 10) -> dict[str, Any]:
    r"""Reddi's period-C problem (:math:`f_t = Cx` once every C rounds, else :math:`-x`, on
    [-1, 1], :math:`x^* = -1`) on the (beta1, beta2) grid, one batch: Adam without bias
    correction (Reddi's form), :math:`\alpha_t = 0.1/\sqrt t`, :math:`x_1 = 0`, fast path.
    The distance is that of the mean played iterate over the last period, tolerance 0.2.
    ``reddi_condition``: Theorem 2's conditions hold for this C (failure guaranteed)."""
    T = validation.count("T", T, 2)
    C = validation.count("C", C, 2)
    b1, b2 = grid(validation.count("n_grid", n_grid, 2))
    B1, B2 = np.meshgrid(b1, b2, indexing="ij")
    K = B1.size
    problem = problems.PeriodicLinear(float(C), C)
    opt = optim.adam(
        schedules.inverse_sqrt(problems.WITNESS_ALPHA), B1.reshape(-1, 1), B2.reshape(-1, 1), 0.0,
        bias_correction=False,
    )  # fmt: skip
    last = np.arange(max(1, T - C + 1), T + 1)
    run = online.fast.run(opt, problem, T, theta0=np.zeros((K, 1)), record=last)
    g = problem.linear_gradients(last)[:, 0, 0]
    x = (run.losses / g[:, None]).mean(axis=0)
    return {
        "beta1": b1,
        "beta2": b2,
        "T": T,
        "C": C,
        "x": x.reshape(B1.shape),
        "phase": classify(np.abs(x + 1.0), 1.0, 0.2).reshape(B1.shape),
        "reddi_condition": problems.reddi_theorem2_conditions(C, B1, B2)["all"],
        "sqrt_condition": B1 < np.sqrt(B2),
        "kingma_condition": B1**2 < np.sqrt(B2),
    }


def phase_summary(phase: Any, region: Any, beta2: Any) -> dict[str, float]:
    r"""What the rule reads from one diagram (rows beta1, columns beta2), inside ``region``
    (:math:`\beta_1 < \sqrt{\beta_2}`): ``converge_top`` (fraction converging at the
    largest beta2), ``diverge_bottom`` (fraction diverging at the three smallest),
    ``profile_drop`` (the largest fall of the column-wise converging fraction as beta2
    grows: 0 for a converging region that is an upper set of beta2 in aggregate),
    ``monotone_rows`` (fraction of rows whose converging cells form an upper interval,
    the earlier, stricter criterion) and ``boundary`` (:math:`-\log_{10}(1-\beta_2)` of
    the first column from which at least half the rows converge; nan if none) and
    ``diverge_edge`` (the same for the last column in which at least half diverge).

    Refused by name: a ``phase`` that is not a non-empty 2-d array of the codes 0, 1, 2;
    a ``region`` that is not a bool mask of its shape, or has no cell at the largest
    beta2 or among the three smallest (a fraction of no cells); a ``beta2`` that is not
    one increasing value in [0, 1) per column."""
    phase, region, beta2 = _diagram(phase, region, beta2)
    conv = np.array([np.mean(phase[:, j][region[:, j]] == 0) if region[:, j].any() else 0.0
                     for j in range(phase.shape[1])])  # fmt: skip
    drop = float(np.max(np.maximum.accumulate(conv) - conv))
    rows = 0
    for row, inside in zip(phase, region, strict=True):
        c = (row == 0)[inside]
        first = int(np.argmax(c)) if c.any() else c.size
        rows += bool(c[first:].all())
    half = np.flatnonzero(conv >= 0.5)
    div = np.array([np.mean(phase[:, j][region[:, j]] == 2) if region[:, j].any() else 0.0
                    for j in range(phase.shape[1])])  # fmt: skip
    diverging = np.flatnonzero(div >= 0.5)
    return {
        "converge_top": float(np.mean(phase[:, -1][region[:, -1]] == 0)),
        "diverge_bottom": float(np.mean(phase[:, :3][region[:, :3]] == 2)),
        "profile_drop": drop,
        "monotone_rows": rows / phase.shape[0],
        "boundary": float(-np.log10(1 - beta2[half[0]])) if half.size else float("nan"),
        "diverge_edge": float(-np.log10(1 - beta2[diverging[-1]]))
        if diverging.size
        else float("nan"),
    }


def _diagram(phase: Any, region: Any, beta2: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The arguments of :func:`phase_summary`, checked (its docstring says what is refused)."""
    phase = validation.real_array("phase", phase)
    if phase.ndim != 2 or phase.size == 0:
        raise ValueError(f"phase must be a non-empty 2-d diagram (rows beta1), got {phase.shape}")
    if not np.all(np.isin(phase, (0, 1, 2))):
        raise ValueError("phase must hold the codes 0, 1, 2 of classify()")
    mask = np.asarray(region)
    if mask.dtype != bool:
        raise TypeError(f"region must be a bool mask, got dtype {mask.dtype}")
    if mask.shape != phase.shape:
        raise ValueError(f"region must have phase's shape {phase.shape}, got {mask.shape}")
    if not (mask[:, -1].any() and mask[:, :3].any()):
        raise ValueError(
            "region must hold a cell at the largest beta2 and one at the three smallest"
        )
    beta2 = np.asarray(validation.unit("beta2", beta2))
    if beta2.shape != phase.shape[1:] or np.any(np.diff(beta2) <= 0):
        raise ValueError(f"beta2 must be {phase.shape[1]} increasing values, one per column")
    return phase, mask, beta2


ZHANG_SCALE = {
    "default": {"checkpoints": (10**3, 10**4, 10**5), "cyclic": (10**3, 10**4)},
    "paper": {"checkpoints": (10**3, 10**4, 10**5, 10**6), "cyclic": (10**3, 10**4, 10**5)},
}
"""Checkpoints of the two source schemes, and of the cyclic extra, per scale."""

DIAGRAM_KEYS = ("n", "a", "seed", "beta1", "beta2", "checkpoints", "phase", "sqrt_condition")
"""What :func:`zhang_record` reads from each diagram of :func:`zhang_phase_diagram`."""


def zhang_diagrams(scale: str = "default", n_grid: int = 40) -> dict[str, dict[str, Any]]:
    """The diagrams of ``zhang-phase-diagram``: ``"shuffle"`` and ``"replacement"`` (the
    source's schemes) and ``"cyclic"`` (the extra), each from :func:`zhang_phase_diagram`
    (n = 10, a = 1) at the checkpoints of :data:`ZHANG_SCALE`."""
    setting = ZHANG_SCALE[validation.choice("scale", scale, SCALES)]
    out = {
        sampling: zhang_phase_diagram(n_grid, setting["checkpoints"], sampling=sampling)
        for sampling in ("shuffle", "replacement")
    }
    out["cyclic"] = zhang_phase_diagram(n_grid, setting["cyclic"], sampling="cyclic")
    return out


def zhang_record(diagrams: dict[str, dict[str, Any]], scale: str = "default") -> dict[str, Any]:
    r"""The evidence record of ``zhang-phase-diagram`` from :func:`zhang_diagrams`: the
    setting, and per scheme and checkpoint the summary of :func:`phase_summary` and the
    phase counts (lists over checkpoints, so the boundary's move with T shows); the
    cyclic extra with bias correction is labelled as a variant.

    Refused by name: ``diagrams`` that is not a mapping of the three schemes, each a
    diagram of :func:`zhang_phase_diagram` (a diagram of another study lacks its keys),
    and a ``scale`` outside ``SCALES``."""
    validation.record("diagrams", diagrams, ("shuffle", "replacement", "cyclic"))
    for sampling in ("shuffle", "replacement", "cyclic"):
        validation.record(f"diagrams[{sampling!r}]", diagrams[sampling], DIAGRAM_KEYS)
    scale = validation.choice("scale", scale, SCALES)
    shuffle = diagrams["shuffle"]
    n_grid = shuffle["beta1"].size
    evidence: dict[str, Any] = {
        "problem": f"Zhang et al. (thesis eq. 2.5): n = {shuffle['n']}, a = {shuffle['a']:g}, "
        "x* = -2, x_1 = 0, on the line",
        "algorithm": "Adam without bias correction, eps = 0, alpha_t = 1/sqrt(t), v_0 = max_i "
        "f_i'(x_1)^2 (reconstructed), m_0 = 0; one seeded order shared by the grid",
        "scale": scale,
        "grid": f"{n_grid}x{n_grid}",
        "checkpoints": [int(T) for T in shuffle["checkpoints"]],
        "seed": shuffle["seed"],
    }
    for sampling in ("shuffle", "replacement"):
        _summarise(evidence, sampling, diagrams[sampling])
    _summarise(evidence, "cyclic_extra", diagrams["cyclic"])
    evidence["cyclic_extra"] = (
        "variant, not the source's: cyclic order, Algorithm 1 with bias correction"
    )
    evidence["cyclic_extra_checkpoints"] = [int(T) for T in diagrams["cyclic"]["checkpoints"]]
    return evidence


def zhang_evidence(scale: str = "default") -> dict[str, Any]:
    """``zhang-phase-diagram``'s study: :func:`zhang_record` of :func:`zhang_diagrams`."""
    return zhang_record(zhang_diagrams(scale), scale)


def _summarise(evidence: dict[str, Any], name: str, diagram: dict[str, Any]) -> None:
    try:
        summaries = [
            phase_summary(phase, diagram["sqrt_condition"], diagram["beta2"])
            for phase in np.asarray(diagram["phase"])
        ]
    except (TypeError, ValueError) as exc:  # a hand-made diagram: name the argument
        raise type(exc)(
            f"diagrams: the {name} diagram is not zhang_phase_diagram's: {exc}"
        ) from exc
    for key in summaries[0]:
        evidence[f"{name}_{key}"] = [s[key] for s in summaries]
    for code, label in enumerate(PHASES):
        key = label.replace(" ", "_")
        evidence[f"{name}_{key}"] = [int(np.sum(p == code)) for p in diagram["phase"]]
