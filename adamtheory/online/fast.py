r"""The long-horizon fast path: Adam and AMSGrad on online *linear* losses, all t at once.

Why it works
------------
On a linear loss :math:`f_t(\theta) = \langle g_t, \theta\rangle` the gradient
:math:`g_t` does not depend on :math:`\theta`. So the moments, which are linear
recurrences in the gradients, are known for every round before a single step is
taken:

.. math::
    m_t = \beta_1 m_{t-1} + (1-\beta_1) g_t, \qquad
    v_t = \beta_2 v_{t-1} + (1-\beta_2) g_t^2

are two first-order IIR filters over the time axis (``scipy.signal.lfilter`` with
numerator :math:`(1-\beta)` and denominator :math:`(1, -\beta)`); AMSGrad's
:math:`\hat v_t = \max_{s\le t} v_s` is ``np.maximum.accumulate``. The direction

.. math:: u_t = \hat m_t / (\sqrt{\hat v_t} + \epsilon)
          \quad(\text{Adam, with or without bias correction; AMSGrad: } m_t/(\sqrt{\hat v_t}+\epsilon))

and the step :math:`s_t = -\alpha_t u_t` follow for all t at once. Only the
projection is sequential, :math:`\theta_{t+1} = \mathrm{clip}(\theta_t + s_t, -r, r)`
on the box :math:`[-r, r]^d` (coordinate-wise, so it is also Reddi et al.'s
weighted projection :math:`\Pi_{\mathcal F,\sqrt{\hat V_t}}`).

The projected recursion, solved in blocks
-----------------------------------------
The maps :math:`x \mapsto \mathrm{clip}(x + a, l, h)` are closed under composition:

.. math:: \mathrm{clip}(\mathrm{clip}(x + a_1, l_1, h_1) + a_2, l_2, h_2)
          = \mathrm{clip}\bigl(x + a_1 + a_2,\ \mathrm{clip}(l_1 + a_2, l_2, h_2),\
            \mathrm{clip}(h_1 + a_2, l_2, h_2)\bigr).

So T rounds split into about :math:`\sqrt T` blocks of :math:`\sqrt T` rounds:
(1) compose each block's clamps (all blocks at once, :math:`\sqrt T` vectorized
steps), (2) run the composed maps over the blocks to get every block's starting
point (:math:`\sqrt T` scalar-sized steps), (3) replay every block from its start
(all blocks at once). About :math:`3\sqrt T` NumPy operations instead of T Python
steps, and every configuration of a batch in the same operations. Time is
processed in chunks (carrying :math:`m, v, \hat v, \theta`), so memory stays
bounded at T = 10^7.

Agreement with the generic runner
---------------------------------
:func:`run` returns an :class:`adamtheory.OnlineRun` with the same fields as
``adamtheory.online.run`` and agrees with it to rounding (tests hold them to 1e-10):
the filters perform the same multiply-adds in the same order as ``optim.adam``;
the block composition adds the steps of a block in another order (a few ulps per
block), and the clamp is 1-Lipschitz, so these errors never grow by more than
their sum.

The linear-problem protocol (in addition to ``adamtheory.online``'s)
--------------------------------------------------------------------
``linear_gradients(ts) -> (len(ts), K_p, d)``: the gradients :math:`g_t` for the
rounds ``ts`` (an int array), with :math:`f_t(\theta) = \langle g_t, \theta\rangle`
(no constant term: the loss values and R(t) are computed from them), and a
``domain`` that is an :class:`adamtheory.Box`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from ..core import validation
from ..core.ema import ema
from ..optim import AdamState, AMSGradState, safe_ratio
from .domains import Box, Whole
from .problem import Comparator
from .runner import OnlineRun, Tally, check_optimizer, setup_run

__all__ = ["SUPPORTED", "clamp_scan", "ema", "run", "steps"]

SUPPORTED = ("adam", "amsgrad")
"""The optimizers the fast path reproduces (``optim.adam`` without the efficient order,
``optim.amsgrad`` in both variants)."""

_CHUNK_ELEMENTS = 1 << 21  # rounds x runs x coordinates per chunk: ~16 MB per array


def _as_batch(name: str, value: Any, K: int) -> np.ndarray:
    """A constant hyperparameter as shape (K,): float, (K, 1) or (1, 1) arrays."""
    if callable(value):
        raise ValueError(f"{name} must be a constant (float or (K, 1) array) for the fast path")
    array = np.asarray(value, dtype=np.float64)
    if array.ndim == 2 and array.shape[1] == 1:
        array = array[:, 0]
    if array.ndim > 1:
        raise ValueError(f"{name} must be a float or a (K, 1) array, got shape {np.shape(value)}")
    return np.broadcast_to(array, (K,)).copy()


def _schedule(name: str, value: Any, ts: np.ndarray, K: int) -> np.ndarray:
    """A hyperparameter (constant or vectorized schedule) at rounds ``ts``: (L, K, 1)."""
    if callable(value):
        at = np.asarray(value(ts), dtype=np.float64)
        if at.shape != ts.shape:
            raise ValueError(f"the schedule {name} must accept an int array of rounds")
        return at[:, None, None] * np.ones((1, K, 1))
    return _as_batch(name, value, K)[None, :, None] * np.ones((ts.size, 1, 1))


def _check_optimizer(opt: Any) -> dict[str, Any]:
    check_optimizer(opt)
    name = getattr(opt, "name", None)
    if name not in SUPPORTED:
        raise ValueError(f"opt must be one of {SUPPORTED} from adamtheory.optim, got {name!r}")
    hyper = dict(opt.hyperparameters)
    if hyper.get("efficient_order", False):
        raise ValueError("the fast path reproduces Algorithm 1's order, not efficient_order=True")
    return hyper


class _Carry:
    """What crosses a chunk boundary: the moments, the running maximum, theta, t."""

    def __init__(self, theta: np.ndarray):
        self.t = 0
        self.m = np.zeros_like(theta)
        self.v = np.zeros_like(theta)
        self.v_max = np.zeros_like(theta)
        self.theta = theta


def steps(opt: Any, g: np.ndarray, ts: np.ndarray, carry: _Carry) -> np.ndarray:
    r"""The steps :math:`s_t = -\alpha_t u_t` for a chunk of rounds ``ts`` (all at once).

    ``g``: (L, K, d) or (L, 1, d) gradients. Updates ``carry``'s moments to the chunk's end.
    The arithmetic mirrors ``optim.adam`` / ``optim.amsgrad`` line by line.
    """
    hyper = _check_optimizer(opt)
    K = carry.m.shape[0]
    beta1 = _as_batch("beta1", hyper["beta1"], K)
    beta2 = _as_batch("beta2", hyper["beta2"], K)
    alpha = _schedule("alpha", hyper["alpha"], ts, K)
    eps = _schedule("eps", hyper["eps"], ts, K)
    m = ema(g, beta1, carry.m)
    v = ema(g * g, beta2, carry.v)
    if not np.all(np.isfinite(v[-1])):
        raise FloatingPointError("v_t overflowed float64: rescale the objective")
    if opt.name == "amsgrad":
        v_max = np.maximum(np.maximum.accumulate(v, axis=0), carry.v_max)
        carry.v_max = v_max[-1].copy()
        if hyper.get("variant", "reddi") == "reddi":
            numerator, root = m, np.sqrt(v_max)
        else:
            numerator = m / (1 - _powers(beta1, ts))
            root = np.sqrt(v_max / (1 - _powers(beta2, ts)))
    elif hyper.get("bias_correction", True):
        numerator = m / (1 - _powers(beta1, ts))
        root = np.sqrt(v / (1 - _powers(beta2, ts)))
    else:
        numerator, root = m, np.sqrt(v)
    carry.m, carry.v = m[-1].copy(), v[-1].copy()
    # the optimizers' one underflow rule: 0/0 is a zero step, x/0 raises FloatingPointError
    return -alpha * safe_ratio(numerator, root, eps)


def _powers(beta: np.ndarray, ts: np.ndarray) -> np.ndarray:
    r""":math:`\beta^t` as (L, K, 1) for the bias corrections (exact powers; the generic
    runner's running product differs by a few ulps)."""
    return np.power(beta[None, :, None], ts[:, None, None].astype(np.float64))


# ----------------------------------------------------------------------------- projection


def clamp_scan(x0: np.ndarray, s: np.ndarray, lo: Any, hi: Any) -> np.ndarray:
    r"""All iterates of :math:`x_j = \mathrm{clip}(x_{j-1} + s_j, lo, hi)`, j = 1..L.

    ``x0`` (...), ``s`` (L, ...); returns (L, ...). Blocked composition of clamps
    (module docstring): about :math:`3\sqrt L` vectorized steps. ``lo`` and ``hi``
    broadcast against ``x0`` and may be infinite (no projection); ``lo <= hi``.
    Iterates that leave float64 raise ``FloatingPointError``.
    """
    x0, s = _finite_array("x0", x0), _finite_array("s", s)
    lo, hi = _bound("lo", lo), _bound("hi", hi)
    if s.ndim < 1:
        raise ValueError(f"s must have a leading step axis (L, ...), got shape {s.shape}")
    try:
        fits = np.broadcast_shapes(x0.shape, s.shape[1:]) == s.shape[1:]
    except ValueError:
        fits = False
    if not fits:
        raise ValueError(f"x0 of shape {x0.shape} does not fit steps s of shape {s.shape}")
    if np.any(lo > hi):
        raise ValueError(f"lo must not exceed hi, got lo={lo!r}, hi={hi!r}")
    with np.errstate(over="ignore", invalid="ignore"):  # checked on the result below
        out = _clamp_scan(x0, s, lo, hi)
    if not np.all(np.isfinite(out)):
        raise FloatingPointError("s: the iterates x0 + s_1 + ... overflow float64")
    return out


def _finite_array(name: str, value: Any) -> np.ndarray:
    array = validation.real_array(name, value)
    if not np.all(np.isfinite(array)):
        raise ValueError(f"{name} must be finite")
    return array


def _bound(name: str, value: Any) -> np.ndarray:
    array = validation.real_array(name, value)
    if np.any(np.isnan(array)):
        raise ValueError(f"{name} must not be NaN, got {value!r}")
    return array


def _clamp_scan(x0: np.ndarray, s: np.ndarray, lo: Any, hi: Any) -> np.ndarray:
    L = s.shape[0]
    block = max(1, int(np.sqrt(L)))
    n_blocks = -(-L // block)
    padded = np.zeros((n_blocks * block,) + s.shape[1:])  # zero steps keep x (x is feasible)
    padded[:L] = s
    s = padded.reshape((n_blocks, block) + s.shape[1:])
    # (1) each block's composite map x -> clip(x + a, l, h)
    shape = (n_blocks,) + s.shape[2:]
    a = np.zeros(shape)
    low, high = np.full(shape, -np.inf), np.full(shape, np.inf)
    for j in range(block):
        a += s[:, j]
        np.clip(low + s[:, j], lo, hi, out=low)
        np.clip(high + s[:, j], lo, hi, out=high)
    # (2) the starting point of every block
    starts = np.empty(shape)
    x = np.array(x0, dtype=np.float64)
    for b in range(n_blocks):
        starts[b] = x
        x = np.clip(x + a[b], low[b], high[b])
    # (3) replay every block from its start, all blocks at once
    out = np.empty_like(s)
    x = starts
    for j in range(block):
        x = np.clip(x + s[:, j], lo, hi)
        out[:, j] = x
    return out.reshape((n_blocks * block,) + s.shape[2:])[:L]


# ----------------------------------------------------------------------------- the run


def _bounds(domain: Any, K: int, d: int) -> tuple[np.ndarray, np.ndarray]:
    if isinstance(domain, Whole):
        return np.full((K, d), -np.inf), np.full((K, d), np.inf)
    if not isinstance(domain, Box):
        raise ValueError(f"the fast path projects onto a Box (or Whole), got {domain!r}")
    r = np.broadcast_to(np.asarray(domain.radius, dtype=np.float64), (K, d))
    return -r, r


def run(
    opt: Any,
    problem: Any,
    T: int,
    theta0: Any = None,
    *,
    batch: int | None = None,
    record: Any = None,
    comparator: Comparator | None = None,
    chunk: int | None = None,
) -> OnlineRun:
    r"""``adamtheory.online.run`` for Adam/AMSGrad on linear losses, in chunks of rounds.

    Same arguments and result as :func:`adamtheory.online.run` (see it), plus
    ``chunk``: rounds per chunk, an integer >= 1 (default: about 2^21 / (K d),
    memory ~16 MB per array). The problem must offer ``linear_gradients`` (module docstring).
    Hyperparameters: ``alpha`` and ``eps`` constants, (K, 1) arrays or vectorized
    schedules (``schedules.inverse_sqrt``); ``beta1``, ``beta2`` constants or (K, 1).
    """
    if not hasattr(problem, "linear_gradients"):
        raise TypeError("problem has no linear_gradients(ts): the fast path needs linear losses")
    _check_optimizer(opt)
    if chunk is not None:
        chunk = validation.count("chunk", chunk)
    setup = setup_run(problem, T, theta0, batch, record, comparator)
    T, K, d, rounds = setup.T, setup.K, setup.d, setup.rounds
    lo, hi = _bounds(problem.domain, K, d)
    if chunk is None:
        chunk = max(1024, _CHUNK_ELEMENTS // (K * d))

    carry = _Carry(setup.theta.copy())
    tally = Tally.start(setup)
    for start in range(1, T + 1, chunk):
        ts = np.arange(start, min(start + chunk, T + 1))
        g = problem.linear_gradients(ts)  # (L, K_p, d), K_p in (1, K)
        s = steps(opt, g, ts, carry)
        g = np.broadcast_to(g, (ts.size, K, d))
        after = clamp_scan(carry.theta, s, lo, hi)  # theta_{t+1} for t in ts
        played = np.concatenate([carry.theta[None], after[:-1]])  # theta_t for t in ts
        carry.theta = after[-1].copy()
        np.minimum(tally.theta_min, played.min(axis=0), out=tally.theta_min)
        np.maximum(tally.theta_max, played.max(axis=0), out=tally.theta_max)
        f = np.einsum("lkd,lkd->lk", g, played)
        f_star = np.einsum("lkd,kd->lk", g, setup.theta_star)
        here = (rounds >= ts[0]) & (rounds <= ts[-1])
        local = rounds[here] - ts[0]
        tally.cumulative_loss[here], tally.running = _partial_sums(f, local, tally.running)
        tally.cumulative_comparator[here], tally.running_comparator = _partial_sums(
            f_star, local, tally.running_comparator
        )
        tally.losses[here], tally.comparator_losses[here] = f[local], f_star[local]
        sq = g * g
        tally.sum_sq += sq.sum(axis=0)
        np.maximum(tally.g2_max, sq.sum(axis=2).max(axis=0), out=tally.g2_max)
        np.maximum(tally.ginf2_max, sq.max(axis=2).max(axis=0), out=tally.ginf2_max)
        carry.t = int(ts[-1])
    return tally.result(opt, problem, setup, carry.theta, _final_state(opt, carry, K))


def _partial_sums(f: np.ndarray, local: np.ndarray, before: np.ndarray):
    """``before + sum(f[:j+1])`` for each j of ``local`` (sorted), and ``before + sum(f)``.

    Segment sums by ``np.add.reduceat``: O(L K), not the O(L K) memory traffic of a
    full cumulative sum along the (slow) time axis."""
    total = before + f.sum(axis=0)
    if local.size == 0:
        return np.empty((0,) + f.shape[1:]), total
    segments = np.add.reduceat(f, np.concatenate([[0], local[:-1] + 1]), axis=0)
    segments[-1] -= f[local[-1] + 1 :].sum(axis=0)  # the last segment ran to the end
    return before + np.cumsum(segments, axis=0), total


def _final_state(opt: Any, carry: _Carry, K: int) -> AdamState | AMSGradState:
    """The optimizer state after T rounds, as ``opt.update`` would have left it."""
    hyper = opt.hyperparameters
    t = carry.t
    p1 = np.power(_as_batch("beta1", hyper["beta1"], K), t)[:, None]
    p2 = np.power(_as_batch("beta2", hyper["beta2"], K), t)[:, None]
    if opt.name == "amsgrad":
        return AMSGradState(t, carry.m, carry.v, carry.v_max, p1, p2)
    return AdamState(t, carry.m, carry.v, p1, p2)
