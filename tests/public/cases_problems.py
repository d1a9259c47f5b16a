"""Cases of ``adamtheory.problems``: the loss streams (linear, hinge, logistic), the noisy
quadratic, the tour's surfaces and their descent, and the published counterexamples of
``reddi`` (Reddi et al.'s Theorems 1-3) and ``zhang`` (Zhang et al.'s divergence)."""

from __future__ import annotations

import numpy as np
from fixtures import LINEAR, OBJ_OPT
from harness import (
    A,
    array,
    case,
    count,
    instance,
    interval,
    nonnegative,
    positive,
    real,
    seed,
    unit,
)

from adamtheory import online, optim, problems
from adamtheory.problems import reddi, surfaces, zhang

STREAM_SIZES = {
    "T": A(5, count(huge=False)),
    "d": A(3, count(huge=False)),
    "batch": A(1, count(huge=False)),
    "seed": A(0, seed()),
}
"""The sizes every generated loss stream takes (random_linear, logistic_stream, hinge)."""

FEATURES = np.random.default_rng(0).normal(size=(6, 3))
LABELS = np.sign(np.random.default_rng(1).normal(size=6))
F_KIND = array((6, 3), wrong=((6,), (5, 3)))
L_KIND = array((6,), wrong=((5,), (6, 3)))
DOMAIN = instance(-1.0, "box")


def _problem(cls):
    def call(kw):
        p = cls(**kw)
        theta = np.array([[0.5, -0.5, 0.1]])
        return p.loss(1, theta), p.grad(2, theta)

    return call


def _quadratic(kw):
    q = problems.quadratic.noisy_quadratic(**kw)
    return q.grad(np.zeros(q.curvature.shape[-1]), 1)


CASES = [
    # ---------------------------------------------------------------- loss streams
    case(
        problems.LinearLosses,
        call=_problem(problems.LinearLosses),
        coefficients=A(np.ones((5, 3)), array((5, 3), wrong=((5, 2, 3, 1),))),
        domain=A(None, DOMAIN),
    ),  # fmt: skip
    case(
        problems.WalledLinear,
        call=_problem(problems.WalledLinear),
        linear=A(LINEAR, instance()),
        wall=A(2.0, positive()),
        radius=A(1.0, positive()),
    ),  # fmt: skip
    case(
        problems.HingeStream,
        call=_problem(problems.HingeStream),
        features=A(FEATURES, F_KIND),
        labels=A(LABELS, L_KIND),
        domain=A(None, DOMAIN),
    ),  # fmt: skip
    case(
        problems.LogisticStream,
        call=_problem(problems.LogisticStream),
        features=A(FEATURES, F_KIND),
        labels=A(LABELS, L_KIND),
        domain=A(None, DOMAIN),
    ),  # fmt: skip
    case(problems.as_domain, domain=A(online.Box(1.0), instance(-1.0)), finite=False),
    case(
        problems.random_linear,
        **STREAM_SIZES,
        drift=A(0.0, real()),
        domain=A(None, DOMAIN),
    ),  # fmt: skip
    case(
        problems.logistic_stream,
        **STREAM_SIZES,
        noise=A(0.1, interval(0.0, 1.0, True)),
        domain=A(None, DOMAIN),
    ),  # fmt: skip
    case(
        problems.dense_hinge,
        **STREAM_SIZES,
        domain=A(None, DOMAIN),
    ),  # fmt: skip
    case(
        problems.sparse_hinge,
        T=A(5, count(huge=False)),
        d=A(3, count(huge=False)),
        a=A(2.0, positive()),
        c=A(1.0, positive()),
        batch=A(1, count(huge=False)),
        seed=A(0, seed()),
        domain=A(None, DOMAIN),
    ),  # fmt: skip
    case(
        problems.power_law_frequencies,
        d=A(4, count(huge=False)),
        a=A(2.0, positive()),
        c=A(1.0, positive()),
    ),  # fmt: skip
    # ---------------------------------------------------------------- quadratic, surfaces
    case(
        problems.quadratic.noisy_quadratic,
        call=_quadratic,
        T=A(5, count(huge=False)),
        d=A(4, count(huge=False)),
        noise=A(0.5, nonnegative()),
        seed=A(0, seed()),
    ),  # fmt: skip
    case(
        surfaces.descend,
        surface=A(surfaces.rosenbrock(), instance()),
        opt=A(optim.adam(0.01), OBJ_OPT),
        steps=A(5, count(0, huge=False)),
        start=A(None, array((2,), wrong=((3,),))),
        noise=A(0.0, nonnegative()),
        seed=A(0, seed()),
        finite=False,
    ),  # fmt: skip
    case(surfaces.ravine, kappa=A(25.0, positive()), angle=A(0.0, real())),
    case(surfaces.rosenbrock, a=A(1.0, real()), b=A(100.0, positive())),
    # ---------------------------------------------------------------- reddi, zhang
    case(reddi.PeriodicLinear, C=A(3.0, positive()), period=A(3, count(2, huge=False))),
    case(reddi.reddi_theorem1, C=A(3.0, positive())),
    case(reddi.reddi_theorem1_betas, C=A(3.0, positive())),
    case(reddi.reddi_theorem1_witness, C=A(3.0, positive())),
    case(reddi.reddi_theorem2, beta1=A(0.5, unit()), beta2=A(0.9, unit())),
    case(
        reddi.reddi_theorem2_conditions,
        C=A(3.0, positive()),
        beta1=A(0.5, unit()),
        beta2=A(0.9, unit()),
    ),  # fmt: skip
    case(
        reddi.reddi_theorem2_period,
        beta1=A(0.5, unit()),
        beta2=A(0.9, unit()),
        C_max=A(10**4, count(4, huge=False)),
    ),  # fmt: skip
    case(
        reddi.StochasticLinear,
        C=A(3.0, positive()),
        delta=A(1.0, positive()),
        batch=A(1, count(huge=False)),
        seed=A(0, seed()),
    ),  # fmt: skip
    case(
        reddi.reddi_theorem3,
        beta1=A(0.0, unit()),
        beta2=A(0.9, unit()),
        delta=A(1.0, positive()),
        batch=A(1, count(huge=False)),
        seed=A(0, seed()),
    ),  # fmt: skip
    case(
        reddi.reddi_theorem3_constant,
        beta1=A(0.0, unit()),
        beta2=A(0.9, unit()),
        delta=A(1.0, positive()),
        seed=A(0, seed()),
    ),  # fmt: skip
    case(
        reddi.expected_direction,
        C=A(3.0, positive()),
        delta=A(1.0, positive()),
        beta1=A(0.0, unit()),
        beta2=A(0.9, unit()),
        n=A(1024, count(128, huge=False)),
        seed=A(0, seed()),
    ),  # fmt: skip
    case(
        reddi.reddi_synthetic,
        large=A(1010.0, positive()),
        small=A(10.0, positive()),
        period=A(101, count(2, huge=False)),
    ),  # fmt: skip
    case(zhang.ZhangDivergence, n=A(10, count(2, huge=False)), a=A(1.0, positive())),
]
