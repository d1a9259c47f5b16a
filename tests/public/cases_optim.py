"""Cases of ``adamtheory.optim``: every optimizer factory, driven through init, update
and the in-place step on THETA/GRAD; the averaging (``ema_average``), the ``InPlace``
adapter, ``as_theta``; and every schedule of ``optim.schedules``, called at a step t."""

from __future__ import annotations

import numpy as np
from fixtures import ARR3, GRAD, THETA
from harness import (
    A,
    Case,
    array,
    case,
    choice,
    count,
    flag,
    instance,
    interval,
    nonnegative,
    positive,
    real,
    steps,
    unit,
)

from adamtheory import optim
from adamtheory.optim import _core, schedules


def at_least(low: float):
    """A finite real >= low, however large (lp_adam's p)."""
    kind = real()
    return kind._replace(refused=kind.refused + (low - 0.5, 0.0, -1.0),
                         valid=lambda x: kind.valid(x) and x >= low)  # fmt: skip


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


def _schedule(cls):
    def call(kw):
        kw = dict(kw)
        t = kw.pop("t")
        return cls(**kw)(t)

    return call


def schedule(cls, **args) -> Case:
    args["t"] = A(3, steps())
    return Case(cls, args, call=_schedule(cls))


HYPER = positive(bad_schedules=True)
CASES = [
    # ---------------------------------------------------------------- optimizers
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
    # ---------------------------------------------------------------- averaging, adapter
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
    # ---------------------------------------------------------------- schedules
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
