"""Cases of ``adamtheory.online``: the domains (``Box``, ``Ball``), the reference and fast
runners with their argument checks (``arguments``), ``runner.v_hat_of``, the comparator
(``best_fixed_scipy``), ``frank_wolfe_gap``, ``fast.clamp_scan`` and Theorem 4.1's right-hand side (``theorem41_rhs``, ``_along`` a run's
gradients, ``theorem41_hyperparameters``)."""

from __future__ import annotations

import math

import numpy as np
from fixtures import ARR3, GRAD, LINEAR, OBJ_OPT, THETA
from harness import (
    A,
    also,
    array,
    case,
    count,
    flag,
    instance,
    interval,
    nonnegative,
    optional,
    positive,
    real,
    unit,
)

from adamtheory import online, optim
from adamtheory.online import arguments, fast, runner

OBJ_PROBLEM = instance(LINEAR.grad)
RUN_ARGS = {
    "problem": A(LINEAR, OBJ_PROBLEM),
    "T": A(20, count()),
    "theta0": A(None, array((3,), wrong=((4,),))),
    "batch": A(None, count()),
    "record": A(None, count(2)),
    "comparator": A(None, instance()),
}
"""The arguments every runner takes (online.run, fast.run, arguments.setup_run)."""


def _domain(cls):
    def call(kw):
        return cls(**kw).project(np.array([[2.0, -3.0, 0.5]]))

    return call


CASES = [
    case(online.Box, call=_domain(online.Box), radius=A(1.0, positive())),
    case(online.Ball, call=_domain(online.Ball), radius=A(1.0, positive())),
    case(online.run, opt=A(optim.adam(0.1), OBJ_OPT), **RUN_ARGS, trace=A(False, flag())),
    case(fast.run, opt=A(optim.adam(0.1), OBJ_OPT), **RUN_ARGS, chunk=A(None, count())),
    case(arguments.record_rounds, T=A(20, count()), record=A(None, count(2, huge=False))),
    case(arguments.setup_run, **RUN_ARGS),
    case(
        arguments.initial_theta,
        problem=A(LINEAR, OBJ_PROBLEM),
        theta0=A(None, array((3,), wrong=((4,),))),
        K=A(1, count(huge=False)),
    ),  # fmt: skip
    case(arguments.check_optimizer, opt=A(optim.adam(), OBJ_OPT)),
    case(arguments.check_problem, problem=A(LINEAR, OBJ_PROBLEM)),
    case(
        runner.v_hat_of,
        opt=A(optim.adam(), OBJ_OPT),
        state=A(optim.adam().update(GRAD, optim.adam().init(THETA))[1], instance()),
    ),  # fmt: skip
    case(
        online.best_fixed_scipy,
        problem=A(LINEAR, OBJ_PROBLEM),
        T=A(20, count(huge=False)),
        tol=A(1e-12, positive()),
    ),  # fmt: skip
    case(
        online.frank_wolfe_gap,
        domain=A(online.Box(1.0), instance()),
        theta=A(THETA[None] / 4, array((1, 3), wrong=((1, 4),))),
        total_grad=A(GRAD[None], array((1, 3), wrong=((1, 4),))),
    ),  # fmt: skip
    case(
        fast.clamp_scan,
        x0=A(np.zeros(3), ARR3),
        s=A(np.ones((4, 3)) * 0.1, array((4, 3))),
        # fast.clamp_scan's docstring: "lo and hi ... may be infinite (no projection)"
        lo=A(-1.0, also(real(), -math.inf)),
        hi=A(1.0, also(real(), math.inf)),
    ),  # fmt: skip
    case(
        online.theorem41_rhs,
        T=A(100, count()),
        alpha=A(0.01, positive()),
        beta1=A(0.9, unit()),
        beta2=A(0.999, unit()),
        lam=A(0.99, unit()),
        # D, D_inf, G_inf >= 0 and v_hat, grad_norms broadcast (theorem41.py's contract)
        D=A(2.0, nonnegative()),
        D_inf=A(1.0, nonnegative()),
        G_inf=A(1.0, nonnegative()),
        v_hat=A(np.full(3, 0.5), array((3,))),
        grad_norms=A(np.ones(3), array((3,))),
    ),  # fmt: skip
    case(
        online.theorem41_rhs_along,
        # the gradients of rounds 1..n, one row each: (n, d) with n, d >= 1
        g=A(
            np.array([[0.5, -1.0], [0.25, 0.0], [1.0, 0.5]]),
            array((3, 2), wrong=((3,), (3, 2, 1)), empty_ok=False),
        ),
        alpha=A(0.1, positive()),
        beta1=A(0.5, unit()),
        beta2=A(0.9, unit()),
        lam=A(0.5, interval(0.0, 1.0)),
        D=A(2.0, nonnegative()),
        D_inf=A(2.0, nonnegative()),
        G_inf=A(None, optional(nonnegative())),
    ),  # fmt: skip
    case(
        online.theorem41_hyperparameters,
        alpha=A(0.1, positive()),
        beta1=A(0.5, unit()),
        beta2=A(0.9, unit()),
        lam=A(0.5, interval(0.0, 1.0)),
    ),  # fmt: skip
]
