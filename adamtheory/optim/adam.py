"""Adam (Algorithm 1), its variants AMSGrad and AdaMax (Algorithm 2, Section 7.1)."""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from ._core import (
    NONNEGATIVE,
    POSITIVE,
    UNIT,
    Optimizer,
    build,
    check_finite_moment,
    check_grad,
    check_grad_norm,
    hyper,
    safe_ratio,
)

__all__ = ["AMSGradState", "AdaMaxState", "AdamState", "adam", "adamax", "amsgrad"]


class AdamState(NamedTuple):
    t: int
    m: np.ndarray  # first moment m_t (biased)
    v: np.ndarray  # second raw moment v_t (biased)
    beta1_power: np.ndarray | float  # prod_{i<=t} beta1_i, = beta1^t for a constant beta1
    beta2_power: np.ndarray | float  # prod_{i<=t} beta2_i


class AMSGradState(NamedTuple):
    t: int
    m: np.ndarray
    v: np.ndarray
    v_max: np.ndarray  # running maximum of the raw v_t
    beta1_power: np.ndarray | float
    beta2_power: np.ndarray | float


class AdaMaxState(NamedTuple):
    t: int
    m: np.ndarray
    u: np.ndarray  # exponentially weighted infinity norm u_t
    beta1_power: np.ndarray | float


def _moments(g, m, v, b1, b2):
    """The two exponential moving averages of Algorithm 1, lines 5 and 6.

    An overflow of g^2 is not warned about here: the caller raises on it.
    """
    with np.errstate(over="ignore"):
        return b1 * m + (1 - b1) * g, b2 * v + (1 - b2) * (g * g)


BLOCK = 1 << 14  # elements per block of the fast path: a few arrays of it fit in L2


def _adam_kernel(theta, g, m, v, s, b1, b2, inv_root_c2, e, minus_a_over_c1):
    """theta += -alpha/(1-beta1^t) m / (sqrt(v)/sqrt(1-beta2^t) + eps), in place.

    ``m`` and ``v`` are updated in place; ``s`` is scratch of the same shape.
    """
    np.subtract(g, m, out=s)  # m += (1 - b1)(g - m)  is  b1 m + (1 - b1) g
    s *= 1 - b1
    m += s
    np.multiply(g, g, out=s)  # v += (1 - b2)(g^2 - v)
    s -= v
    s *= 1 - b2
    v += s
    np.sqrt(v, out=s)  # sqrt(v_hat) + eps
    s *= inv_root_c2
    s += e
    np.divide(m, s, out=s)
    s *= minus_a_over_c1
    theta += s


def _blockwise(kernel, arrays, coefficients):
    """Run an element-wise in-place ``kernel`` over flat blocks of contiguous arrays."""
    flat = [np.ravel(a) for a in arrays]  # views: the arrays are C-contiguous
    size = flat[0].size
    scratch = np.empty(min(size, BLOCK), dtype=flat[0].dtype)
    for start in range(0, size, BLOCK):
        block = slice(start, start + BLOCK)
        parts = [a[block] for a in flat]
        kernel(*parts, scratch[: parts[0].size], *coefficients)


def adam(
    alpha=0.001,
    beta1=0.9,
    beta2=0.999,
    eps=1e-8,
    *,
    bias_correction: bool = True,
    efficient_order: bool = False,
) -> Optimizer:
    r"""Adam, Algorithm 1 of Kingma & Ba (2015), line by line.

    .. math::
        m_t = \beta_1 m_{t-1} + (1-\beta_1) g_t, \qquad
        v_t = \beta_2 v_{t-1} + (1-\beta_2) g_t^2,

        \hat m_t = m_t / (1-\beta_1^t), \qquad \hat v_t = v_t / (1-\beta_2^t), \qquad
        \theta_t = \theta_{t-1} - \alpha\, \hat m_t / (\sqrt{\hat v_t} + \epsilon).

    ``eps`` is added after the square root of the corrected :math:`\hat v_t`, as in
    the paper and PyTorch (optax has an extra ``eps_root`` under the root).

    ``bias_correction=False`` drops the two divisions (Section 3 and 6.4). With a
    schedule for ``beta1`` (Theorem 4.1's :math:`\beta_{1,t} = \beta_1\lambda^{t-1}`)
    the correction divides by :math:`1 - \prod_{i\le t}\beta_{1,i}`, the sum of the
    weights of :math:`m_t`, which is :math:`1-\beta_1^t` for a constant :math:`\beta_1`.

    ``efficient_order=True`` is the paper's "efficient order" (end of Section 2):

    .. math:: \alpha_t = \alpha\sqrt{1-\beta_2^t}/(1-\beta_1^t), \qquad
              \theta_t = \theta_{t-1} - \alpha_t m_t / (\sqrt{v_t} + \hat\epsilon),

    where ``eps`` is read as :math:`\hat\epsilon`. It gives Algorithm 1's iterates
    only for the step-dependent :math:`\hat\epsilon_t = \epsilon\sqrt{1-\beta_2^t}`
    (pass it as a schedule); TensorFlow/Keras use this order with a constant
    :math:`\hat\epsilon`, a larger effective epsilon in the first steps.
    ``notebooks/01_adam_algorithm.ipynb`` derives the relation.
    """
    alpha = hyper("alpha", alpha, POSITIVE)
    beta1, beta2 = hyper("beta1", beta1, UNIT), hyper("beta2", beta2, UNIT)
    eps = hyper("eps", eps, NONNEGATIVE)
    if efficient_order and not bias_correction:
        raise ValueError(
            "efficient_order=True needs bias_correction=True: it folds the corrections into alpha_t"
        )

    def init_state(theta):
        return AdamState(0, np.zeros_like(theta), np.zeros_like(theta), 1.0, 1.0)

    fast_form = bias_correction and not efficient_order  # the form the fast kernel computes
    eps_positive = not eps.is_schedule and bool(np.all(eps.value > 0))

    def update(grad, state):
        t = state.t + 1
        g = check_grad(grad, state.m.shape, t)
        a, b1, b2, e = alpha.at(t), beta1.at(t), beta2.at(t), eps.at(t)
        m, v = _moments(g, state.m, state.v, b1, b2)
        check_finite_moment("v_t", v, t)
        p1, p2 = state.beta1_power * b1, state.beta2_power * b2
        if efficient_order:
            alpha_t = a * np.sqrt(1 - p2) / (1 - p1)
            step = -alpha_t * safe_ratio(m, np.sqrt(v), e)
        elif bias_correction:
            m_hat, v_hat = m / (1 - p1), v / (1 - p2)
            step = -a * safe_ratio(m_hat, np.sqrt(v_hat), e)
        else:
            step = -a * safe_ratio(m, np.sqrt(v), e)
        return step, AdamState(t, m, v, p1, p2)

    def apply(theta, grad, state):
        """Fast path: ``update``'s arithmetic written into the state's buffers and into
        ``theta``, block by block so the intermediate values stay in cache."""
        t = state.t + 1
        g, squared_norm = check_grad_norm(grad, state.m.shape, t)
        a, b1, b2, e = alpha.at(t), beta1.at(t), beta2.at(t), eps.at(t)
        plain = fast_form and (eps_positive or np.all(e > 0))
        if not (plain and math.isfinite(squared_norm) and theta.flags.c_contiguous):
            step, state = update(grad, state)  # the reference path handles the rest
            theta += step
            return state
        p1, p2 = state.beta1_power * b1, state.beta2_power * b2
        coefficients = (b1, b2, (1 - p2) ** -0.5, e, -a / (1 - p1))
        if all(np.ndim(c) == 0 for c in coefficients):
            _blockwise(_adam_kernel, (theta, g, state.m, state.v), coefficients)
        else:  # per-configuration hyperparameters: broadcast over whole arrays
            _adam_kernel(theta, g, state.m, state.v, np.empty_like(theta), *coefficients)
        return AdamState(t, state.m, state.v, p1, p2)

    return build(
        "adam",
        (alpha, beta1, beta2, eps),
        init_state,
        update,
        apply,
        bias_correction=bias_correction,
        efficient_order=efficient_order,
    )


def amsgrad(alpha=0.001, beta1=0.9, beta2=0.999, eps=1e-8, *, variant: str = "reddi") -> Optimizer:
    r"""AMSGrad (Reddi, Kale & Kumar 2018), the repair of Adam's convergence proof.

    ``variant="reddi"`` (their Algorithm 2, default): no bias correction, the
    maximum taken over the raw second moment,

    .. math:: \hat v_t = \max(\hat v_{t-1}, v_t), \qquad
              \theta_t = \theta_{t-1} - \alpha_t\, m_t / (\sqrt{\hat v_t} + \epsilon).

    Their algorithm has no :math:`\epsilon` (pass ``eps=0``; 0/0 is then a zero
    step) and uses :math:`\alpha_t = \alpha/\sqrt t` and a projection in the
    analysis (see ``adamtheory.online``).

    ``variant="pytorch"`` is ``torch.optim.Adam(amsgrad=True)``: the maximum over raw
    :math:`v_t`, then both of Adam's bias corrections, the second one applied to
    the maximum, :math:`\theta_t = \theta_{t-1} - \alpha \hat m_t /
    (\sqrt{\max_{i\le t} v_i / (1-\beta_2^t)} + \epsilon)`.
    """
    if variant not in ("reddi", "pytorch"):
        raise ValueError(f"variant must be 'reddi' or 'pytorch', got {variant!r}")
    alpha = hyper("alpha", alpha, POSITIVE)
    beta1, beta2 = hyper("beta1", beta1, UNIT), hyper("beta2", beta2, UNIT)
    eps = hyper("eps", eps, NONNEGATIVE)

    def init_state(theta):
        zeros = np.zeros_like(theta)
        return AMSGradState(0, zeros, zeros, zeros, 1.0, 1.0)

    def update(grad, state):
        t = state.t + 1
        g = check_grad(grad, state.m.shape, t)
        a, b1, b2, e = alpha.at(t), beta1.at(t), beta2.at(t), eps.at(t)
        m, v = _moments(g, state.m, state.v, b1, b2)
        check_finite_moment("v_t", v, t)
        v_max = np.maximum(state.v_max, v)
        p1, p2 = state.beta1_power * b1, state.beta2_power * b2
        if variant == "reddi":
            step = -a * safe_ratio(m, np.sqrt(v_max), e)
        else:
            step = -a * safe_ratio(m / (1 - p1), np.sqrt(v_max / (1 - p2)), e)
        return step, AMSGradState(t, m, v, v_max, p1, p2)

    return build("amsgrad", (alpha, beta1, beta2, eps), init_state, update, variant=variant)


def adamax(alpha=0.002, beta1=0.9, beta2=0.999, eps=0.0) -> Optimizer:
    r"""AdaMax, Algorithm 2 (Section 7.1): Adam with the infinity norm.

    .. math::
        m_t = \beta_1 m_{t-1} + (1-\beta_1) g_t, \qquad
        u_t = \max(\beta_2 u_{t-1}, |g_t|), \qquad
        \theta_t = \theta_{t-1} - \frac{\alpha}{1-\beta_1^t}\, \frac{m_t}{u_t}.

    :math:`u_t` needs no bias correction and the paper has no :math:`\epsilon`: where
    :math:`u_t = 0` every gradient so far was 0 and the step is 0. ``eps > 0`` divides
    by :math:`u_t + \epsilon` as optax does; PyTorch instead puts it inside the
    maximum, :math:`u_t = \max(\beta_2 u_{t-1}, |g_t| + \epsilon)`. Both deviate
    from the paper.
    """
    alpha = hyper("alpha", alpha, POSITIVE)
    beta1, beta2 = hyper("beta1", beta1, UNIT), hyper("beta2", beta2, UNIT)
    eps = hyper("eps", eps, NONNEGATIVE)

    def init_state(theta):
        return AdaMaxState(0, np.zeros_like(theta), np.zeros_like(theta), 1.0)

    def update(grad, state):
        t = state.t + 1
        g = check_grad(grad, state.m.shape, t)
        b1 = beta1.at(t)
        m = b1 * state.m + (1 - b1) * g
        u = np.maximum(beta2.at(t) * state.u, np.abs(g))
        p1 = state.beta1_power * b1
        step = -alpha.at(t) / (1 - p1) * safe_ratio(m, u, eps.at(t))
        return step, AdaMaxState(t, m, u, p1)

    return build("adamax", (alpha, beta1, beta2, eps), init_state, update)
