"""Shared fixtures: one deterministic hypothesis profile, and one ledger run per session.

The suite gives the same result on every run and machine: hypothesis is derandomized
(its examples derive from each test's source, not from a random seed) and keeps no
example database, so a failure found once is not silently replayed from ``.hypothesis/``.
"""

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile(
    "adamtheory",
    derandomize=True,
    database=None,
    deadline=None,
    max_examples=200,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("adamtheory")


@pytest.fixture(scope="session")
def ledger():
    """Every claim's row at default scale, run once and shared by the verdict tests."""
    from adamtheory.ledger import run_ledger

    return {row.id: row for row in run_ledger()}
