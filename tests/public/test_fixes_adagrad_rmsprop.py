"""Regression tests of the bugs the public-input property test found in the paper's
adagrad_rmsprop part (``adamtheory.paper.adagrad_rmsprop``): each failed before its fix. Its
studies are also checked by tests that sit with the first part they call: in
test_fixes_adamax.py, test_fixes_bias_correction.py and test_fixes_failures.py."""

from __future__ import annotations

import pytest

from adamtheory.paper.adagrad_rmsprop import studies as ar_studies


def test_adagrad_limit_study_refuses_a_two_point_fit_and_overflow():
    with pytest.raises(ValueError, match="one_minus_beta2"):
        ar_studies.adagrad_limit_study([1e-3, 1e-2], T=5)
    with pytest.raises(FloatingPointError):  # was: a raw RuntimeWarning
        ar_studies.adagrad_limit_study([1e-4, 1e-3, 1e-2], T=5, alpha=1.2e308)


@pytest.mark.parametrize("beta", [3, 1.0, -0.5, float("nan")])
def test_ema_weight_refuses_a_numeric_beta_outside_0_1(beta):
    # was: ema_weight(3) = -2*3**(t - i), silently
    from adamtheory.paper.adagrad_rmsprop import derivation

    with pytest.raises(ValueError, match="beta"):
        derivation.ema_weight(beta)
