"""All cases, and the exemptions: public callables that take no user input worth
throwing bad values at, each with a one-line reason.

Modules still arriving on main (update_rule, failures, experiments, models, data,
bounds, adversarial, problems.reddi, problems.zhang) are listed in ``ARRIVING``: their
callables pass the coverage test until the lead adds their cases after the merge.
"""

from __future__ import annotations

import inspect

from cases import CORE, ONLINE, OPTIM_MORE, OPTIMIZERS, PROBLEMS, SCHEDULES
from paper_cases import ARRIVING_CASES, PAPER

ALL_CASES = OPTIMIZERS + OPTIM_MORE + SCHEDULES + CORE + ONLINE + PROBLEMS + PAPER
ALL_CASES += ARRIVING_CASES

ARRIVING = (
    "adamtheory.paper.update_rule.",
    "adamtheory.paper.failures.",
    "adamtheory.paper.experiments.",
    "adamtheory.models.",
    "adamtheory.data.",
    "adamtheory.bounds.",
    "adamtheory.adversarial.",
    "adamtheory.problems.reddi.",
    "adamtheory.problems.zhang.",
)
"""Modules still arriving from other engineers: cases to be completed after merging."""

EXEMPT = {
    "adamtheory.optim._core.build": "the optimizer authors' builder: its Hyperparameters come "
    "from hyper(), which has a case; every factory built with it has a case",
    "adamtheory.optim._core.check_finite_moment": "an internal guard of the optimizers, fed "
    "their own moments (exercised by every optimizer case)",
    "adamtheory.optim._core.Hyperparameter": "a record built by hyper() (which has a case)",
    "adamtheory.optim._core.Interval": "a record of bounds written by the optimizer authors",
    "adamtheory.optim._core.Optimizer": "the (init, update) record the factories return; "
    "its init/update/step run in every optimizer case",
    "adamtheory.optim.schedules.Schedule": "an abstract base class (value() is abstract)",
    "adamtheory.online.problem.OnlineProblem": "a base class for problems (each has a case)",
    "adamtheory.online.problem.Problem": "a typing Protocol",
    "adamtheory.online.domains.Whole": "takes no argument; its project runs in every run case",
    "adamtheory.online.fast.steps": "takes the fast runner's private carry: runs inside "
    "fast.run, which has a case",
    "adamtheory.online.fast.ema": "the fast runner's vectorised EMA over its own chunks; "
    "core.ema.ema is the public one (has a case)",
    "adamtheory.online.runner.Tally": "the runner's private accumulator record",
    "adamtheory.problems.surfaces.Surface": "a record of a test surface's functions",
    "adamtheory.problems.surfaces.Descent": "a result record of descend()",
    "adamtheory.ledger.runner.Row": "a result record of the ledger",
    "adamtheory.ledger.runner.plain": "turns evidence values into JSON; fed the studies' records",
    "adamtheory.ledger.catalog.Entry": "a catalog record written in the package",
    "adamtheory.core.verdict.Check": "a (study, rule) record written in checks.py",
    "adamtheory.core.symbols.is_zero": "a SymPy predicate on the derivations' expressions",
    "adamtheory.plotting.png_bytes": "takes a matplotlib figure made by the package",
    "adamtheory.plotting.show": "takes a matplotlib figure made by the package",
    "adamtheory.plotting.legend_outside": "takes matplotlib axes made by the package",
}


def exempt_reason(name: str, obj: object) -> str | None:
    """Why ``obj`` needs no case, or None. Rules first, then the table."""
    if name in EXEMPT:
        return EXEMPT[name]
    if name.startswith(ARRIVING):
        return "a module still arriving on main: the lead adds its cases after the merge"
    if inspect.isclass(obj) and issubclass(obj, tuple) and hasattr(obj, "_fields"):
        return "a NamedTuple result type"
    if ".checks." in name and name.endswith("_rule"):
        return "a verdict rule: a pure function of an evidence record, fed hand-made records "
        "in tests/paper"
    try:
        parameters = inspect.signature(obj).parameters
    except (TypeError, ValueError):
        return None
    if not parameters:
        return "takes no arguments (a derivation or a fixed construction)"
    return None
