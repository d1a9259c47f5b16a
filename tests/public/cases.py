"""The table of public callables: one valid call each, with the kind of every argument
(``CASES``), and the callables that take no user input worth throwing at (``EXEMPT``,
each with its reason).

To add a function: write ``case(module.fn, arg=Arg(valid_value, kind), ...)`` in the
list of its layer below. Kinds live in ``harness.py`` (``positive()``, ``unit()``,
``count()``, ``array(shape, wrong=...)``, ``choice(...)``, ``instance(...)``...).
"""

from __future__ import annotations

import math

import numpy as np
from harness import (
    Arg,
    Case,
    also,
    array,
    choice,
    count,
    flag,
    instance,
    interval,
    nonnegative,
    positive,
    real,
    seed,
    steps,
    text,
    unit,
)

from adamtheory import online, optim, problems
from adamtheory.core import ema, fit, report, validation, verdict
from adamtheory.online import arguments, fast, runner
from adamtheory.optim import _core, schedules
from adamtheory.problems import surfaces

A = Arg
THETA = np.array([0.5, -1.0, 2.0])
GRAD = np.array([0.1, -0.2, 0.3])
ARR3 = array((3,), wrong=((2, 5), (4,)))
_ANY_FLOATS = ARR3._replace(
    refused=tuple(
        v
        for v in ARR3.refused
        if not (isinstance(v, np.ndarray) and v.dtype.kind == "f" and v.shape == (3,))
    ),
    valid=lambda x: isinstance(x, np.ndarray),
)
"""ARR3 where NaN and inf entries are allowed (a kernel whose caller checks finiteness)."""


def printable():
    """A number to print: NaN and inf print as such; strings and bools are refused."""
    kind = real()
    refused = tuple(v for v in kind.refused if not isinstance(v, float))
    return kind._replace(refused=refused, valid=lambda x: harness_real(x))


def at_least(low: float):
    """A finite real >= low, however large (lp_adam's p)."""
    kind = real()
    return kind._replace(refused=kind.refused + (low - 0.5, 0.0, -1.0),
                         valid=lambda x: kind.valid(x) and x >= low)  # fmt: skip


def any_real_array():
    """real_array's input: any real array, NaN and inf included (it checks the type only)."""
    kind = array((3,))
    refused = tuple(v for v in kind.refused
                    if not (isinstance(v, np.ndarray) and v.dtype == float))  # fmt: skip
    return kind._replace(refused=refused, valid=lambda x: True)


def harness_real(x) -> bool:
    return isinstance(x, int | float) and not isinstance(x, bool)


def case(fn, /, call=None, finite=True, run_valid=True, **args) -> Case:
    return Case(fn, args, call=call, finite=finite, run_valid=run_valid)


# ---------------------------------------------------------------- optimizers
def drive(factory):
    """Build the optimizer, then init/update and the in-place step on theta/grad."""

    def call(kw):
        kw = dict(kw)
        theta, grad = kw.pop("theta"), kw.pop("grad")
        opt = factory(**kw)
        step, _ = opt.update(grad, opt.init(theta))
        moved = np.array(theta, dtype=np.float64)
        opt.step(moved, grad, opt.init(moved))
        return step, moved

    return call


def optimizer(factory, **hypers) -> Case:
    args = dict(hypers)
    args["theta"] = A(THETA, array((3,)), names=("theta", "grad"))
    args["grad"] = A(GRAD, ARR3)
    return Case(factory, args, call=drive(factory))


STREAM_SIZES = {
    "T": A(5, count(huge=False)),
    "d": A(3, count(huge=False)),
    "batch": A(1, count(huge=False)),
    "seed": A(0, seed()),
}
"""The sizes every generated loss stream takes (random_linear, logistic_stream, hinge)."""

HYPER = positive(bad_schedules=True)
OPTIMIZERS = [
    optimizer(optim.sgd, alpha=A(0.1, HYPER)),
    optimizer(optim.momentum, alpha=A(0.1, HYPER), mu=A(0.9, unit())),
    optimizer(optim.nesterov, alpha=A(0.1, HYPER), mu=A(0.9, unit())),
    optimizer(
        optim.adagrad,
        alpha=A(0.1, HYPER),
        eps=A(1e-8, nonnegative()),
        initial_accumulator=A(0.0, nonnegative()),
    ),  # fmt: skip
    optimizer(
        optim.rmsprop,
        alpha=A(0.01, HYPER),
        rho=A(0.9, unit()),
        eps=A(1e-8, nonnegative()),
        mu=A(0.0, unit()),
        centered=A(False, flag()),
    ),  # fmt: skip
    optimizer(
        optim.adadelta, alpha=A(1.0, HYPER), rho=A(0.95, unit()), eps=A(1e-6, positive())
    ),  # fmt: skip
    optimizer(
        optim.adam,
        alpha=A(1e-3, HYPER),
        beta1=A(0.9, unit()),
        beta2=A(0.999, unit()),
        eps=A(1e-8, nonnegative()),
        bias_correction=A(True, flag()),
        efficient_order=A(False, flag()),
    ),  # fmt: skip
    optimizer(
        optim.adamax,
        alpha=A(2e-3, HYPER),
        beta1=A(0.9, unit()),
        beta2=A(0.999, unit()),
        eps=A(0.0, nonnegative()),
    ),  # fmt: skip
    optimizer(
        optim.amsgrad,
        alpha=A(1e-3, HYPER),
        beta1=A(0.9, unit()),
        beta2=A(0.999, unit()),
        eps=A(1e-8, nonnegative()),
        variant=A("reddi", choice("reddi", "max_v_hat")),
    ),  # fmt: skip
    optimizer(
        optim.lp_adam,
        alpha=A(2e-3, HYPER),
        beta1=A(0.9, unit()),
        beta2=A(0.999, unit()),
        p=A(2.0, at_least(1.0)),
        eps=A(0.0, nonnegative()),
    ),  # fmt: skip
]


def _averager(factory):
    def call(kw):
        kw = dict(kw)
        theta = kw.pop("theta")
        avg = factory(**kw)
        state = avg.init(theta)
        return avg.update(theta, state)

    return call


def _in_place(kw):
    params = {"w": THETA.copy()}
    optim.InPlace(kw["opt"]).update(params, kw["grads"])
    return params["w"]


OPTIM_MORE = [
    case(
        optim.ema_average,
        call=_averager(optim.ema_average),
        beta2=A(0.999, unit()),
        bias_correction=A(True, flag()),
        theta=A(THETA, array((3,))),
    ),  # fmt: skip
    case(
        optim.InPlace,
        call=_in_place,
        opt=A(optim.adam(), instance(optim.adam)),
        grads=A({"w": GRAD}, instance({}, {"v": GRAD}, {"w": "x"}, [GRAD]), names=("grads",)),
    ),  # fmt: skip
    case(_core.as_theta, theta=A(THETA, array((3,), empty_ok=False))),
]


def _schedule(cls):
    def call(kw):
        kw = dict(kw)
        t = kw.pop("t")
        return cls(**kw)(t)

    return call


def schedule(cls, **args) -> Case:
    args["t"] = A(3, steps())
    return Case(cls, args, call=_schedule(cls))


SCHEDULES = [
    schedule(schedules.constant, alpha=A(0.1, real())),
    schedule(schedules.inverse_sqrt, alpha=A(0.1, positive())),
    schedule(schedules.beta1_decay, beta1=A(0.9, unit()), lam=A(0.99, interval(0.0, 1.0, True))),
    schedule(
        schedules.step_decay,
        alpha=A(0.1, positive()),
        factor=A(0.5, interval(0.0, 1.0, True)),
        every=A(10, count(huge=False)),
    ),  # fmt: skip
    schedule(
        schedules.exponential_decay, alpha=A(0.1, positive()), rate=A(0.01, nonnegative())
    ),  # fmt: skip
    schedule(
        schedules.cosine,
        alpha=A(0.1, positive()),
        T=A(100, count(huge=False)),
        alpha_min=A(0.0, nonnegative()),
    ),  # fmt: skip
    schedule(
        schedules.linear_warmup,
        alpha=A(0.1, positive()),
        warmup=A(10, count(huge=False)),
        then=A(None, instance("x")),
    ),  # fmt: skip
]


# ---------------------------------------------------------------- core
def validator(fn, name, kind, valid=0.5, **fixed) -> Case:
    """A core.validation check: its ``value`` is the user's input, named ``name``."""

    def call(kw):
        return fn(name=name, value=kw["value"], **fixed)

    return Case(fn, {"value": A(valid, kind, names=(name,))}, call=call)


CORE = [
    # ema.ema_update's docstring: finiteness is the caller's contract (an O(d) check at
    # every optimizer step); NaN/inf propagate by IEEE arithmetic: no finite result asked
    case(
        ema.ema_update,
        finite=False,
        previous=A(GRAD, _ANY_FLOATS),
        value=A(GRAD, _ANY_FLOATS),
        beta=A(0.9, unit()),
    ),  # fmt: skip
    case(
        ema.ema, x=A(np.arange(5.0), array((5,))), beta=A(0.9, unit()), initial=A(0.0, real())
    ),  # fmt: skip
    case(ema.one_minus_power, beta=A(0.9, unit()), t=A(3, steps())),
    # ema.debias: "average, beta and t broadcast" (elementwise), so no shape is wrong
    case(ema.debias, average=A(GRAD, array((3,))), beta=A(0.9, unit()), t=A(3, steps())),
    case(
        fit.fit_power_law,
        x=A(np.arange(1.0, 9.0), array((8,), wrong=((3,),))),
        y=A(np.arange(1.0, 9.0) ** -0.5, array((8,), wrong=((3,),))),
        level=A(0.95, interval(0.0, 1.0)),
    ),  # fmt: skip
    case(
        fit.fit_convergence_rate,
        x=A(np.arange(1.0, 9.0), array((8,), wrong=((3,),))),
        distance=A(np.arange(1.0, 9.0) ** -0.5, array((8,), wrong=((3,),))),
    ),  # fmt: skip
    case(report.at_most, x=A(1e-15, printable()), floor=A(1e-12, positive())),
    case(report.rounded, x=A(3.14159, printable()), digits=A(3, count(huge=False))),
    case(
        verdict.verdict,
        word=A("supported", choice(*verdict.VERDICTS), names=("verdict", "word")),
        condition=A("ok", text()),
    ),  # fmt: skip
    validator(validation.positive, "alpha", positive()),
    validator(validation.nonnegative, "eps", nonnegative()),
    validator(validation.unit, "beta1", unit()),
    validator(validation.in_interval, "p", interval(1.0, 3.0), 2.0, low=1.0, high=3.0),
    case(validation.betas, beta1=A(0.9, unit()), beta2=A(0.999, unit())),
    validator(validation.count, "T", count(), 3),
    validator(validation.steps, "t", steps(), 3),
    validator(validation.flag, "centered", flag(), True),
    validator(validation.choice, "scale", choice("a", "b"), "a", options=("a", "b")),
    validator(validation.finite_float, "x", real()),
    validator(
        validation.record,
        "result",
        instance([("cost", 1.0)], {}, {"other": 1.0}),
        {"cost": 1.0},
        keys=("cost",),
    ),
    validator(
        validation.generator,
        "rng",
        instance(0, np.random.RandomState(0)),
        np.random.default_rng(0),
    ),
    Case(
        validation.real_array,
        {"value": A(GRAD, any_real_array(), names=("g",))},
        call=lambda kw: validation.real_array("g", kw["value"]),
        finite=False,
    ),  # fmt: skip
]

# ---------------------------------------------------------------- online
LINEAR = problems.random_linear(20, 3, seed=0)
OBJ_OPT = instance(optim.adam, "adam")
OBJ_PROBLEM = instance(LINEAR.grad)


def _domain(cls):
    def call(kw):
        return cls(**kw).project(np.array([[2.0, -3.0, 0.5]]))

    return call


ONLINE = [
    case(online.Box, call=_domain(online.Box), radius=A(1.0, positive())),
    case(online.Ball, call=_domain(online.Ball), radius=A(1.0, positive())),
    case(
        online.run,
        opt=A(optim.adam(0.1), OBJ_OPT),
        problem=A(LINEAR, OBJ_PROBLEM),
        T=A(20, count()),
        theta0=A(None, array((3,), wrong=((4,),))),
        batch=A(None, count()),
        record=A(None, count(2)),
        comparator=A(None, instance()),
        trace=A(False, flag()),
    ),  # fmt: skip
    case(
        fast.run,
        opt=A(optim.adam(0.1), OBJ_OPT),
        problem=A(LINEAR, OBJ_PROBLEM),
        T=A(20, count()),
        theta0=A(None, array((3,), wrong=((4,),))),
        batch=A(None, count()),
        record=A(None, count(2)),
        comparator=A(None, instance()),
        chunk=A(None, count()),
    ),  # fmt: skip
    case(arguments.record_rounds, T=A(20, count()), record=A(None, count(2, huge=False))),
    case(
        arguments.setup_run,
        problem=A(LINEAR, OBJ_PROBLEM),
        T=A(20, count()),
        theta0=A(None, array((3,), wrong=((4,),))),
        batch=A(None, count()),
        record=A(None, count(2)),
        comparator=A(None, instance()),
    ),  # fmt: skip
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
]

# ---------------------------------------------------------------- problems
FEATURES = np.random.default_rng(0).normal(size=(6, 3))
LABELS = np.sign(np.random.default_rng(1).normal(size=6))
F_KIND = array((6, 3), wrong=((6,), (5, 3)))
L_KIND = array((6,), wrong=((5,), (6, 3)))


def _problem(cls):
    def call(kw):
        p = cls(**kw)
        theta = np.array([[0.5, -0.5, 0.1]])
        return p.loss(1, theta), p.grad(2, theta)

    return call


def _quadratic(kw):
    q = problems.quadratic.noisy_quadratic(**kw)
    return q.grad(np.zeros(q.curvature.shape[-1]), 1)


DOMAIN = instance(-1.0, "box")
PROBLEMS = [
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
]
