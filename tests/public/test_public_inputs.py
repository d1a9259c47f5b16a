"""Every public callable of adamtheory against bad input (issue 11).

1. coverage: every name in an ``__all__`` of the package is a case or exempt (reason);
2. fixed bad values, one argument at a time: refused with a TypeError/ValueError that
   names the argument (or a FloatingPointError), never a raw error or a silent answer;
3. hypothesis-drawn values (extremes, subnormals, NaN, inf, integers, arrays): values
   outside the documented domain are refused the same way, values inside give a finite
   result or a named error.

The tables are in ``cases_<layer or part>.py`` (collected by ``cases_all.py``), the judge
in ``harness.py``.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent))
import harness  # noqa: E402
from cases_all import ALL_CASES, EXEMPT, exempt_reason  # noqa: E402
from known_failures import KNOWN_DRAWN, KNOWN_FIXED  # noqa: E402

import adamtheory  # noqa: E402

SKIPPED_PACKAGES = ("adamtheory.claims",)
"""Transitional (being deleted): its names move to paper.<part>."""


def public_callables() -> dict[str, object]:
    """Every callable named in an ``__all__`` of the package, by its defining module."""
    found: dict[str, object] = {}
    for info in pkgutil.walk_packages(adamtheory.__path__, "adamtheory."):
        if info.name.startswith(SKIPPED_PACKAGES) or info.name == "adamtheory.__main__":
            continue
        module = importlib.import_module(info.name)
        for name in getattr(module, "__all__", ()):
            obj = getattr(module, name)
            if inspect.ismodule(obj) or not callable(obj):
                continue
            if not getattr(obj, "__module__", "").startswith("adamtheory"):
                continue  # a typing alias such as Evidence = Mapping
            found.setdefault(harness.key(obj), obj)
    return found


PUBLIC = public_callables()
CASES = {harness.key(c.fn): c for c in ALL_CASES}


def test_every_public_callable_has_a_case_or_a_reason():
    missing = [
        name for name, obj in PUBLIC.items() if name not in CASES and not exempt_reason(name, obj)
    ]
    assert not missing, (
        "add a case (tests/public/cases_<layer or part>.py) or an EXEMPT reason for:\n"
        + ("\n".join(sorted(missing)))
    )


def test_the_tables_name_only_public_callables():
    listed = list(CASES) + list(EXEMPT)
    stale = [name for name in listed if name not in PUBLIC]
    assert not stale, f"not public (renamed or removed?): {stale}"


def _params(drawn: bool) -> list:
    """(case, argument) pairs; ``drawn``: only arguments with a hypothesis strategy.
    A known failure (``known_failures.py``) is a strict xfail: fixing it fails the
    test until its entry is removed."""
    known = KNOWN_DRAWN if drawn else KNOWN_FIXED
    out = []
    for name, c in CASES.items():
        for arg, spec in c.args.items():
            if drawn and (spec.kind.name == "object" or not c.run_valid):
                continue
            reason = known.get(f"{name}:{arg}")
            marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
            out.append(pytest.param(c, arg, id=f"{name}:{arg}", marks=marks))
    return out


@pytest.mark.parametrize("case", [pytest.param(c, id=k) for k, c in CASES.items() if c.run_valid])
def test_the_valid_example_runs_and_is_finite(case):
    result = case.invoke(case.kwargs())
    if case.finite:
        assert harness.non_finite(result) is None, harness.non_finite(result)


@pytest.mark.parametrize("case, arg", _params(drawn=False))
def test_fixed_bad_values_are_refused_by_name(case, arg):
    kind = case.args[arg].kind
    default = case.args[arg].value  # None is often the documented default
    failures = [harness.judge(case, arg, v, refused=v is not default) for v in kind.refused]
    failures += [harness.judge(case, arg, v, refused=False) for v in kind.allowed]
    failures = [f for f in failures if f]
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("case, arg", _params(drawn=True))
@settings(max_examples=12, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_drawn_values_are_refused_by_name_or_give_finite_results(case, arg, data):
    kind = case.args[arg].kind
    value = data.draw(kind.strategy, label=arg)
    failure = harness.judge(case, arg, value, refused=not kind.valid(value))
    assert failure is None, failure
