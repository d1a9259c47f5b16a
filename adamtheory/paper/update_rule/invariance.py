r"""Scale invariance of Adam's step (Section 2.1), and where float64 ends.

With :math:`\epsilon = 0`, :math:`\Delta_t(c\,g) = \Delta_t(g)` for every :math:`c > 0`;
with :math:`\epsilon > 0` (added after the root, Algorithm 1) the step shrinks by
:math:`D = \epsilon/(c\sqrt{\hat v_t} + \epsilon)`. Float64 ends where :math:`g^2`
overflows (:math:`|c g| > 1.3\cdot 10^{154}`) and where :math:`(1-\beta_2) g^2`
underflows to 0 (:math:`|c g| < 5\cdot 10^{-161}` at :math:`\beta_2 = 0.999`).
"""

from __future__ import annotations

import numpy as np

from ... import optim
from ...core import validation
from ...core.ema import debias

__all__ = ["SEED", "float64_edges", "scale_invariance"]

SEED = 20150102


def scale_invariance(scales, eps: float = 0.0, steps: int = 300, dim: int = 40, seed: int = SEED):
    r"""Steps of Adam on the gradients :math:`c\,g` for every c in ``scales`` at once.

    Fixed gradient sequences (Gaussian, 30% non-zero, plus a Cauchy column) shape
    (steps, dim); theta of shape (len(scales), dim). Returns ``steps`` (T, C, dim),
    the steps with eps = 0 at c = 1 ``reference`` (T, dim), and the predicted relative
    deviation :math:`D = \epsilon/(c\sqrt{\hat v_t} + \epsilon)` (T, C, dim) of
    :math:`\Delta_t(c)` from the eps = 0 step: :math:`\Delta_t(c) = (1 - D)\Delta_t^{(0)}`.
    """
    c = validation.positive("scales", np.atleast_1d(validation.real_array("scales", scales)))[
        :, None
    ]
    eps = validation.nonnegative("eps", eps)
    steps, dim = validation.count("steps", steps), validation.count("dim", dim)
    rng = np.random.default_rng(validation.count("seed", seed, 0))
    grads = rng.standard_normal((steps, dim)) * (rng.random((steps, dim)) < 0.3)
    grads[:, 0] = rng.standard_cauchy(steps)
    opt = optim.adam(alpha=1.0, eps=eps)
    reference_opt = optim.adam(alpha=1.0, eps=0.0)
    state, ref_state = opt.init(np.zeros((len(c), dim))), reference_opt.init(np.zeros(dim))
    out, ref = np.empty((steps, len(c), dim)), np.empty((steps, dim))
    predicted = np.empty_like(out)
    for t in range(steps):
        out[t], state = opt.update(c * grads[t], state)
        ref[t], ref_state = reference_opt.update(grads[t], ref_state)
        root = c * np.sqrt(debias(ref_state.v, 0.999, t + 1))
        predicted[t] = eps / (root + eps) if eps > 0 else 0.0
    return {"steps": out, "reference": ref, "predicted_deviation": predicted}


def float64_edges() -> dict:
    """What optim.adam does where c g leaves float64's range (eps = 0 and eps = 1e-8)."""
    edges = {}
    for name, c in (("overflow_1e155", 1e155), ("underflow_eps0_1e-165", 1e-165)):
        try:
            scale_invariance([c], steps=5)
            edges[name] = "no error"
        except FloatingPointError:
            edges[name] = "FloatingPointError"
    for c in (1e-150, 1e-156):
        run = scale_invariance([c], steps=100)
        ref, got = run["reference"], run["steps"][:, 0]
        moving = ref != 0
        edges[f"rel_error_eps0_c{c:.0e}"] = float(
            np.max(np.abs(got - ref)[moving] / np.abs(ref[moving]))
        )
        edges[f"zero_steps_eps0_c{c:.0e}"] = float(np.mean(got[moving] == 0))
        edges[f"nan_steps_c{c:.0e}"] = int(np.isnan(got).sum())
    return edges
