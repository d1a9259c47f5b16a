"""Adam (Algorithm 1), its variants AMSGrad and AdaMax (Algorithm 2, Section 7.1)."""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from ..core import validation
from ..core.ema import ema_update
from ._core import (
    NONNEGATIVE,
    POSITIVE,
    UNIT,
    Optimizer,
    build,
    check_finite_moment,
    check_finite_step,
    check_grad_norm,
    check_squares,
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
    """The two exponential moving averages of Algorithm 1, lines 5 and 6."""
    return ema_update(m, g, b1), ema_update(v, g * g, b2)


def _squared_grad(grad, state, t):
    """The validated gradient in the state's dtype; raises where g^2 would overflow."""
    g, squared_norm = check_grad_norm(grad, state.m.shape, t, state.m.dtype)
    check_squares(g, squared_norm, t)
    return g, squared_norm


BLOCK = 1 << 14  # elements per block of the fast path: a few arrays of it fit in L2


def _adam_kernel(theta, g, m, v, s, b1, b2, eps_scaled, step_scale):
    r"""Algorithm 1's step added to ``theta`` in place, ``m`` and ``v`` updated in place
    (``s`` is scratch of the same shape), in 12 element-wise passes.

    With :math:`c_1 = 1-\beta_1^t`, :math:`c_2 = 1-\beta_2^t`,
    :math:`\alpha\hat m_t/(\sqrt{\hat v_t}+\epsilon) =
    (\alpha\sqrt{c_2}/c_1)\, m_t/(\sqrt{v_t} + \epsilon\sqrt{c_2})` exactly: the
    callers pass ``eps_scaled`` :math:`=\epsilon\sqrt{c_2}` and ``step_scale``
    :math:`=-\alpha\sqrt{c_2}/c_1` (eps stays after the square root of v-hat).
    """
    np.subtract(g, m, out=s)  # m += (1 - b1)(g - m)  is  b1 m + (1 - b1) g
    s *= 1 - b1
    m += s
    np.multiply(g, g, out=s)  # v += (1 - b2)(g^2 - v)
    s -= v
    s *= 1 - b2
    v += s
    np.sqrt(v, out=s)
    s += eps_scaled
    np.divide(m, s, out=s)
    s *= step_scale
    theta += s


def _contiguous(theta, *arrays):
    """Whether the fast kernel may write through flat views of theta, m and v (and read g)."""
    dtype = theta.dtype
    return theta.flags.c_contiguous and all(
        a.flags.c_contiguous and a.dtype == dtype and a.shape == theta.shape for a in arrays
    )


def _blockwise(kernel, arrays, coefficients, scratch):
    """Run an element-wise in-place ``kernel`` over flat blocks of contiguous arrays."""
    size = arrays[0].size
    buffer = scratch.get(size, arrays[0].dtype)
    if size <= BLOCK:
        kernel(
            *arrays,
            buffer.reshape(arrays[0].shape)
            if size == BLOCK
            else buffer[:size].reshape(arrays[0].shape),
            *coefficients,
        )
        return
    flat = [a.reshape(-1) for a in arrays]  # views: the arrays are C-contiguous
    for start in range(0, size, BLOCK):
        block = slice(start, start + BLOCK)
        parts = [a[block] for a in flat]
        kernel(*parts, buffer[: parts[0].size], *coefficients)


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
    bias_correction = validation.flag("bias_correction", bias_correction)
    efficient_order = validation.flag("efficient_order", efficient_order)
    if efficient_order and not bias_correction:
        raise ValueError(
            "efficient_order=True needs bias_correction=True: it folds the corrections into alpha_t"
        )

    def init_state(theta):
        return AdamState(0, np.zeros_like(theta), np.zeros_like(theta), 1.0, 1.0)

    hypers = (alpha, beta1, beta2, eps)
    fused = bias_correction and not efficient_order  # the form the fused kernel computes
    constants = None if any(h.is_schedule for h in hypers) else tuple(h.value for h in hypers)
    scalar = constants is not None and all(type(c) is float for c in constants)
    scratch = Scratch()

    def values_at(t, shape):
        return constants if constants is not None else tuple(h.at(t, shape) for h in hypers)

    def fused_coefficients(state, b1, b2, e, a):
        """The fused kernel's (b1, b2, eps sqrt(c2), -alpha sqrt(c2)/c1) and the new powers,
        when it may run: bias correction, eps > 0 everywhere, a moderate step scale;
        else None (the reference path then decides, and raises where it must)."""
        if not fused or not _positive(e):
            return None
        p1, p2 = state.beta1_power * b1, state.beta2_power * b2
        root_c2 = (1 - p2) ** 0.5  # 1 - p > 0: beta < 1
        coefficients = (b1, b2, e * root_c2, -a * root_c2 / (1 - p1))
        if not _finite_and_moderate(coefficients[3]):
            return None
        return coefficients, p1, p2

    def update(grad, state):
        t = state.t + 1
        m0 = state.m
        g, squared_norm = check_grad_norm(grad, m0.shape, t, m0.dtype)
        check_squares(g, squared_norm, t)
        a, b1, b2, e = values_at(t, m0.shape)
        fast = fused_coefficients(state, b1, b2, e, a)
        if fast is None:
            return _reference_update(g, state, t, a, b1, b2, e)
        coefficients, p1, p2 = fast
        m, v = np.array(m0), np.array(state.v)
        step = np.zeros_like(m0) if m.shape == g.shape else np.zeros(m.shape, m0.dtype)
        _adam_kernel(step, g, m, v, np.empty_like(step), *coefficients)
        return step, AdamState(t, m, v, p1, p2)

    def _reference_update(g, state, t, a, b1, b2, e):
        """Algorithm 1 as printed (and its variants); checks every overflow."""
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
        check_finite_step(step, t)
        return step.astype(state.m.dtype, copy=False), AdamState(t, m, v, p1, p2)

    def apply(theta, grad, state):
        """Fast path: ``update``'s arithmetic written into the state's buffers and into
        ``theta``, block by block so the intermediate values stay in cache. Anything
        unusual (eps = 0, a huge gradient or coefficient, a non-contiguous array, a
        dtype mismatch) goes through ``update``, which raises where it must."""
        t = state.t + 1
        m, v = state.m, state.v
        g, squared_norm = check_grad_norm(grad, m.shape, t, m.dtype)
        a, b1, b2, e = values_at(t, m.shape)
        fast = fused_coefficients(state, b1, b2, e, a) if math.isfinite(squared_norm) else None
        if fast is None or not _contiguous(theta, g, m, v):
            step, new_state = update(grad, state)
            theta += step
            return new_state
        coefficients, p1, p2 = fast
        if scalar or all(np.ndim(c) == 0 for c in coefficients):
            _blockwise(_adam_kernel, (theta, g, m, v), coefficients, scratch)
        else:  # per-configuration hyperparameters: broadcast over whole arrays
            _adam_kernel(theta, g, m, v, np.empty_like(theta), *coefficients)
        return AdamState(t, m, v, p1, p2)

    return build(
        "adam",
        hypers,
        init_state,
        update,
        apply,
        steps_checked=True,
        bias_correction=bias_correction,
        efficient_order=efficient_order,
    )


def _positive(e) -> bool:
    return e > 0 if type(e) is float else bool(np.all(np.asarray(e) > 0))


MODERATE = 1e290
"""The fused kernel runs when alpha sqrt(1-beta2^t)/(1-beta1^t) stays below this: then
the step cannot overflow float64 for any realistic |m|/sqrt(v) (the exact supremum of
|m-hat|/sqrt(v-hat) is 7.3 at the defaults)."""


def _finite_and_moderate(*values) -> bool:
    for value in values:
        if type(value) is float:
            if not abs(value) < MODERATE:  # also False for nan
                return False
        elif not np.all(np.abs(value) < MODERATE):
            return False
    return True


class Scratch:
    """One reusable scratch buffer per (size, dtype): the fast path allocates nothing."""

    def __init__(self):
        self.buffers: dict = {}

    def get(self, size: int, dtype) -> np.ndarray:
        key = (min(size, BLOCK), np.dtype(dtype))
        buffer = self.buffers.get(key)
        if buffer is None:
            buffer = self.buffers[key] = np.empty(key[0], dtype=dtype)
        return buffer


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
    variant = validation.choice("variant", variant, ("reddi", "pytorch"))
    alpha = hyper("alpha", alpha, POSITIVE)
    beta1, beta2 = hyper("beta1", beta1, UNIT), hyper("beta2", beta2, UNIT)
    eps = hyper("eps", eps, NONNEGATIVE)

    def init_state(theta):
        zeros = np.zeros_like(theta)
        return AMSGradState(0, zeros, zeros, zeros, 1.0, 1.0)

    def update(grad, state):
        t = state.t + 1
        g, _ = _squared_grad(grad, state, t)
        shape = state.m.shape
        a, b1, b2, e = (h.at(t, shape) for h in (alpha, beta1, beta2, eps))
        m, v = _moments(g, state.m, state.v, b1, b2)
        check_finite_moment("v_t", v, t)
        v_max = np.maximum(state.v_max, v)
        p1, p2 = state.beta1_power * b1, state.beta2_power * b2
        if variant == "reddi":
            step = -a * safe_ratio(m, np.sqrt(v_max), e)
        else:
            step = -a * safe_ratio(m / (1 - p1), np.sqrt(v_max / (1 - p2)), e)
        return step.astype(state.m.dtype, copy=False), AMSGradState(t, m, v, v_max, p1, p2)

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
        g, _ = check_grad_norm(grad, state.m.shape, t, state.m.dtype)
        shape = state.m.shape
        b1 = beta1.at(t, shape)
        m = ema_update(state.m, g, b1)
        u = np.maximum(beta2.at(t, shape) * state.u, np.abs(g))
        p1 = state.beta1_power * b1
        step = -alpha.at(t, shape) / (1 - p1) * safe_ratio(m, u, eps.at(t, shape))
        return step.astype(state.m.dtype, copy=False), AdaMaxState(t, m, u, p1)

    return build("adamax", (alpha, beta1, beta2, eps), init_state, update)
