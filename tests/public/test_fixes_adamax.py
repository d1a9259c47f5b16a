"""Regression tests of the bugs the public-input property test found in the paper's adamax
part (``adamtheory.paper.adamax``): each failed before its fix. A test that checks several
parts sits with the first part it calls:
``test_paper_helpers_refuse_non_finite_sequences_by_name`` also checks adagrad_rmsprop and
averaging."""

from __future__ import annotations

import numpy as np
import pytest

from adamtheory.paper.adamax import studies as ax_studies


def test_adamax_limit_study_refuses_a_two_point_fit():
    # was: a fit on 2 points with low = -inf, high = inf
    with pytest.raises(ValueError, match="fit_from"):
        ax_studies.adamax_limit_study([1.0, 8.0, 16.0], T=5, fit_from=8.0)


@pytest.mark.parametrize("fit_from", [0.0, -1.0])
def test_adamax_limit_study_refuses_a_nonpositive_fit_from(fit_from):
    with pytest.raises(ValueError, match="fit_from"):
        ax_studies.adamax_limit_study(T=5, fit_from=fit_from)


def test_adamax_limit_study_fit_is_finite_or_raises():
    study = ax_studies.adamax_limit_study([1.0, 4.0, 8.0, 16.0], T=5, fit_from=2.0)
    assert all(np.isfinite(v) for v in study.fit)
    with pytest.raises(FloatingPointError):  # was: a raw ValueError of the log-log fit
        ax_studies.adamax_limit_study(T=5, alpha=5e-324)
    with pytest.raises(FloatingPointError):  # was: a nan fit
        ax_studies.adamax_limit_study(T=5, beta2=0.0)


def test_paper_helpers_refuse_non_finite_sequences_by_name():
    from adamtheory.paper.adagrad_rmsprop import studies as ar
    from adamtheory.paper.adamax import studies as ax
    from adamtheory.paper.averaging import studies as av

    bad = np.array([[1.0, np.nan], [0.5, 0.2]])
    with pytest.raises(ValueError, match="grads"):
        ax.u_closed_form(bad)
    with pytest.raises(ValueError, match="grads"):
        ar.rmsprop_relation_steps(bad)
    with pytest.raises(ValueError, match="sequence"):
        av.average_iterates(np.array([1.0, np.inf]))
    with pytest.raises(TypeError, match="sequence"):
        av.average_iterates("x")
