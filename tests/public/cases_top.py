"""Cases of the top layer: the ledger's runners (``ledger.runner.run_claim`` /
``run_ledger``), the plotting style (``plotting.color`` / ``style``) and the playground of
the tour (``optimizer_for``, the phase diagram, the step-bound and trajectory figures and
their explorers). The command line has its own test: ``test_cli.py``."""

from __future__ import annotations

from unittest import mock

import harness
from harness import (
    BAD_SCALE,
    A,
    case,
    choice,
    count,
    instance,
    nonnegative,
    positive,
    real,
    seed,
    unit,
)

from adamtheory import optim, playground, plotting
from adamtheory.ledger import runner
from adamtheory.problems import surfaces

IDS = harness.Kind("object", (["no-such-id"], "alg1", 3, [3]), harness.st.nothing(), bool)
"""``ids``: None is valid (the whole ledger) and would run it."""


def _closing(fn):
    def call(kw):
        import matplotlib.pyplot as plt

        try:
            return fn(**kw)
        finally:
            plt.close("all")

    return call


def _explore(kwargs):
    """explore_trajectories as in a Jupyter kernel (the widget path), each drawn figure
    closed; outside a kernel it would only draw trajectory_figure's static figure."""
    import matplotlib.pyplot as plt

    with (
        mock.patch.object(playground, "_in_kernel", lambda: True),
        mock.patch.object(playground.plotting, "show", lambda fig, alt: plt.close(fig)),
    ):
        try:
            explorer = playground.explore_trajectories(**kwargs)
        finally:
            plt.close("all")
    explorer.close()
    return explorer.kwargs


NAMES = choice("adam", "sgd")

CASES = [
    # ---------------------------------------------------------------- ledger
    case(
        runner.run_claim,
        run_valid=False,
        claim_id=A("alg1", instance("no-such-id")),
        scale=A("default", BAD_SCALE),
    ),  # fmt: skip
    case(
        runner.run_ledger,
        run_valid=False,
        ids=A(["alg1"], IDS, names=("ids", "claim id")),
        scale=A("default", BAD_SCALE),
        progress=A(None, instance("sometimes")),
    ),  # fmt: skip
    # ---------------------------------------------------------------- plotting
    case(plotting.color, name=A("adam", NAMES)),
    case(plotting.style, name=A("adam", NAMES)),
    # ---------------------------------------------------------------- playground
    case(
        playground.optimizer_for,
        name=A("adam", NAMES),
        alpha=A(0.01, positive()),
        beta1=A(0.9, unit()),
        beta2=A(0.999, unit()),
    ),  # fmt: skip
    case(
        playground.phase_diagram,
        run_valid=False,
        n=A(4, count(2, huge=False)),
        T=A(30, count(huge=False)),
        C=A(3, count(2, huge=False)),
    ),  # fmt: skip
    case(
        playground.step_bound_figure,
        call=_closing(playground.step_bound_figure),
        run_valid=False,
        beta1=A(0.9, unit()),
        beta2=A(0.999, unit()),
        horizon=A(20, count(huge=False)),
    ),  # fmt: skip
    case(
        playground.trajectory_figure,
        call=_closing(playground.trajectory_figure),
        run_valid=False,
        surface=A("rosenbrock", instance("nowhere")),
        optimizer=A("adam", instance("nothing")),
        alpha=A(0.05, positive()),
        beta1=A(0.9, unit()),
        beta2=A(0.999, unit()),
        noise=A(0.0, real()),
        steps=A(30, count(huge=False)),
        seed=A(0, seed()),
    ),  # fmt: skip
    case(
        playground.explore_step_bound,
        beta1=A(0.9, unit()),
        beta2=A(0.999, unit()),
        run_valid=False,
    ),  # fmt: skip
    # the keyword defaults are checked before any widget is built (the sliders would
    # clamp an out-of-range start silently); steps is not huge: a path of 10**30 steps is
    # computed, not refused, as in trajectory_figure's case
    case(
        playground.explore_trajectories,
        call=_explore,
        surface=A("beale", choice(*surfaces.SURFACES)),
        optimizer=A("adam", choice(*optim.ALL)),
        alpha=A(0.01, positive()),
        beta1=A(0.9, unit()),
        beta2=A(0.99, unit()),
        noise=A(0.0, nonnegative()),
        steps=A(10, count(huge=False)),
        seed=A(0, seed()),
    ),  # fmt: skip
]
