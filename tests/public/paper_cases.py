"""Cases of the paper's parts: the helpers notebooks call with their own numbers (lemma
sides, Theorem 4.1 pieces) and every study's ``scale`` argument; and cases of modules
still arriving on main (``ARRIVING_CASES``, to complete after the merge)."""

from __future__ import annotations

import importlib
import math
import pkgutil

import harness
import numpy as np
from harness import (
    Arg,
    Case,
    also,
    array,
    count,
    instance,
    interval,
    nonnegative,
    optional,
    positive,
    seed,
    steps,
    unit,
)

import adamtheory.paper
from adamtheory.paper.regret import lemmas, theorem
from adamtheory.paper.update_rule import bounds

A = Arg
G = np.array([[0.5, -1.0, 0.25, 1.0]])
G_KIND = array((1, 4), empty_ok=False)
BAD_SCALE = instance("nonexistent", 3, True, "Default")
IDS = harness.Kind("object", (["no-such-id"], "alg1", 3, [3]), harness.st.nothing(), bool)
"""``ids``: None is valid (the whole ledger) and would run it."""


def case(fn, /, call=None, finite=True, run_valid=True, **args) -> Case:
    return Case(fn, args, call=call, finite=finite, run_valid=run_valid)


def _corrected_rhs(kw: dict) -> np.ndarray:
    """lemma104_corrected_rhs, whose docstring says "Returns inf where beta1 >= sqrt(beta2)
    (no bound of this form)": that documented inf is checked here and masked, so every
    other entry must still be finite."""
    out = lemmas.lemma104_corrected_rhs(**kw)
    if np.all(np.asarray(kw["beta1"]) >= np.sqrt(kw["beta2"])):  # scalar betas here
        assert np.all(np.isinf(out)), out
        return np.zeros_like(out)
    return out


def _studies() -> list[Case]:
    """Every ``*_evidence(scale)`` of every part: a bad scale is refused before any work."""
    out = []
    for info in pkgutil.walk_packages(adamtheory.paper.__path__, "adamtheory.paper."):
        if not info.name.endswith(".studies"):
            continue
        module = importlib.import_module(info.name)
        for name in getattr(module, "__all__", ()):
            if name.endswith("_evidence"):
                fn = getattr(module, name)
                out.append(case(fn, run_valid=False, scale=A("default", BAD_SCALE)))
    return out


PAPER = _studies() + [
    case(lemmas.harmonic, T=A(10, steps())),
    case(lemmas.lemma103_sides, g=A(G, G_KIND), G_inf=A(None, positive())),
    case(lemmas.lemma103_corrected_rhs, g=A(G, G_KIND)),
    case(
        lemmas.lemma104_sides,
        g=A(G, G_KIND),
        beta1=A(0.5, unit()),
        beta2=A(0.9, unit()),
        G_inf=A(None, positive()),
    ),  # fmt: skip
    case(
        lemmas.lemma104_corrected_rhs,
        call=_corrected_rhs,
        g=A(G, G_KIND),
        beta1=A(0.5, unit()),
        beta2=A(0.9, unit()),
    ),  # fmt: skip
    case(
        lemmas.adam_moment_sequences, g=A(G, G_KIND), beta1=A(0.5, unit()), beta2=A(0.9, unit())
    ),  # fmt: skip
    case(
        theorem.adam_theorem41,
        alpha=A(0.01, positive()),
        beta1=A(0.5, unit()),
        beta2=A(0.9, unit()),
        lam=A(0.99, interval(0.0, 1.0, True)),
        eps=A(1e-8, nonnegative()),
        finite=False,
    ),  # fmt: skip
]

ARRIVING_CASES = [
    case(
        bounds.geometric_sum,
        r=A(0.5, also(nonnegative(), math.inf)),  # r = inf is documented
        t=A(3, optional(steps())),  # t = None: the limit
        finite=False,
    ),
    case(bounds.paper_step_bound, beta1=A(0.9, unit()), beta2=A(0.999, unit())),
    case(
        bounds.max_effective_step,
        beta1=A(0.9, unit()),
        beta2=A(0.999, unit()),
        t=A(None, steps()),
        finite=False,  # the supremum is +inf where beta1^2 >= beta2 (documented)
    ),  # fmt: skip
    case(
        bounds.max_effective_step_adamax,
        beta1=A(0.9, unit()),
        beta2=A(0.999, unit()),
        t=A(None, steps()),
        finite=False,  # +inf where beta1 > beta2 (documented)
    ),  # fmt: skip
    case(
        bounds.worst_case_gradients,
        beta1=A(0.9, unit()),
        beta2=A(0.999, unit()),
        t=A(10, count(huge=False)),
    ),  # fmt: skip
]


# ---------------------------------------------------------------- top: ledger, tour
def _closing(fn):
    def call(kw):
        import matplotlib.pyplot as plt

        try:
            return fn(**kw)
        finally:
            plt.close("all")

    return call


def _top() -> list[Case]:
    from harness import choice, real

    from adamtheory import playground, plotting
    from adamtheory.ledger import runner

    names = choice("adam", "sgd")
    return [
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
        case(plotting.color, name=A("adam", names)),
        case(plotting.style, name=A("adam", names)),
        case(
            playground.optimizer_for,
            name=A("adam", names),
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
    ]


PAPER += _top()
