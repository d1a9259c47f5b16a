"""All cases, and the exemptions: public callables that take no user input worth throwing
bad values at, each with a one-line reason. The cases live in one file per layer or paper
part, named after it, each exporting ``CASES``: ``cases_core.py``, ``cases_optim.py``,
``cases_online.py``, ``cases_problems.py``, ``cases_models.py``, ``cases_data.py``,
``cases_<part>.py`` for the paper's parts, and ``cases_top.py`` (ledger, playground,
plotting). A function's case sits in the file of its module's layer or part
(``fn.__module__``).
"""

from __future__ import annotations

import inspect

import cases_adagrad_rmsprop
import cases_adamax
import cases_algorithm
import cases_averaging
import cases_bias_correction
import cases_core
import cases_data
import cases_experiments
import cases_failures
import cases_models
import cases_online
import cases_optim
import cases_problems
import cases_regret
import cases_top
import cases_update_rule

LAYERS = (cases_core, cases_optim, cases_online, cases_problems, cases_models, cases_data)
PARTS = (
    cases_algorithm,
    cases_update_rule,
    cases_bias_correction,
    cases_regret,
    cases_adagrad_rmsprop,
    cases_experiments,
    cases_adamax,
    cases_averaging,
    cases_failures,
)
ALL_CASES = [c for module in (*LAYERS, *PARTS, cases_top) for c in module.CASES]

EXEMPT = {
    "adamtheory.optim._core.build": "the optimizer authors' builder: its Hyperparameters come "
    "from hyper(), which has a case; every factory built with it has a case",
    "adamtheory.optim._core.check_finite_moment": "an internal guard of the optimizers, fed "
    "their own moments (exercised by every optimizer case)",
    "adamtheory.optim._core.hyper": "the optimizer authors' Hyperparameter builder; every "
    "factory's hyperparameters go through it and have cases",
    "adamtheory.optim._core.safe_ratio": "a per-step kernel of the optimizers, fed their own "
    "validated moments (issue 13 keeps per-step checks cheap); covered via every optimizer",
    "adamtheory.optim._core.check_grad": "the optimizers' gradient check itself (runs in every "
    "optimizer case with the bad gradients); its shape/t come from the optimizer's state",
    "adamtheory.optim._core.check_grad_norm": "as check_grad, plus the gradient's norm",
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
    "adamtheory.online.runner.Tally": "the runner's private accumulator record",
    "adamtheory.problems.surfaces.Surface": "a record of a test surface's functions",
    "adamtheory.problems.surfaces.Descent": "a result record of descend()",
    "adamtheory.online.runner.OnlineRun": "a result record of the runners",
    "adamtheory.ledger.runner.Row": "a result record of the ledger",
    "adamtheory.ledger.runner.plain": "turns evidence values into JSON; fed the studies' records",
    "adamtheory.ledger.catalog.Entry": "a catalog record written in the package",
    "adamtheory.core.verdict.Check": "a (study, rule) record written in checks.py",
    "adamtheory.core.symbols.is_zero": "a SymPy predicate on the derivations' expressions",
    "adamtheory.models.layers.sigmoid": "a per-step activation kernel of the models (issue 13 "
    "keeps per-step checks cheap): models.train.train refuses a non-finite theta or X once at "
    "entry, and a run that overflows later is reported as History.diverged",
    "adamtheory.models.layers.softplus": "as models.layers.sigmoid: a per-step kernel fed "
    "activations of a theta and X that models.train.train has checked finite",
    "adamtheory.plotting.png_bytes": "takes a matplotlib figure made by the package",
    "adamtheory.plotting.show": "takes a matplotlib figure made by the package",
    "adamtheory.plotting.legend_outside": "takes matplotlib axes made by the package",
}


def exempt_reason(name: str, obj: object) -> str | None:
    """Why ``obj`` needs no case, or None. Rules first, then the table."""
    if name in EXEMPT:
        return EXEMPT[name]
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
