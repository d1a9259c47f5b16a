"""Regression tests of the bugs the public-input property test found in the loss sequences
(``adamtheory.problems``): each failed before its fix."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np
import pytest

from adamtheory import optim, problems
from adamtheory.problems import reddi

sys.path.insert(0, str(Path(__file__).parent))
from harness import RAGGED  # noqa: E402


@pytest.mark.parametrize(
    "make",
    [
        lambda: problems.power_law_frequencies(1e300, 2.0),
        lambda: problems.sparse_hinge(5, 1e300),
        lambda: problems.dense_hinge(5, 2.5),
        lambda: problems.random_linear(5, 3.0),
        lambda: problems.logistic_stream(5, "3"),
    ],
)
def test_float_dimensions_are_type_errors_naming_d(make):
    # was: sparse_hinge(d=1e300) allocated np.arange(1e300) (20 GB, then a hang)
    with pytest.raises(TypeError, match="d"):
        make()


def test_generators_check_seed_drift_and_noise():
    with pytest.raises(ValueError, match="seed"):
        problems.random_linear(5, 3, seed=-1)
    with pytest.raises(ValueError, match="drift"):
        problems.random_linear(5, 3, drift=math.nan)
    with pytest.raises(ValueError, match="noise"):
        problems.logistic_stream(5, 3, noise=1.5)  # a flip probability


@pytest.mark.parametrize(
    "make, name",
    [
        (lambda: problems.LinearLosses("x"), "coefficients"),
        (lambda: problems.LogisticStream(np.ones((4, 3)), "x"), "labels"),
        (lambda: problems.LogisticStream(RAGGED, np.ones(2)), "features"),
        (lambda: problems.HingeStream("x", np.ones(4)), "features"),
    ],
)
def test_problem_data_of_the_wrong_type_names_the_argument(make, name):
    # was: numpy "could not convert string to float" naming nothing
    with pytest.raises(TypeError, match=name):
        make()


def test_descend_names_surface_and_start():
    from adamtheory.problems import surfaces

    # was: AttributeError "'NoneType' object has no attribute 'start'"
    with pytest.raises(TypeError, match="surface"):
        surfaces.descend(None, optim.adam(), 5)
    # was: "points must be ..." (an internal name)
    with pytest.raises(TypeError, match="start"):
        surfaces.descend(surfaces.rosenbrock(), optim.adam(), 5, start="x")


def test_non_finite_hinge_features_and_descent_start_are_refused():
    from adamtheory.problems import surfaces

    # was: a NaN feature gave NaN losses; a NaN start was reported as "theta must be finite"
    with pytest.raises(ValueError, match="features"):
        problems.HingeStream(np.full((4, 3), np.nan), np.ones(4))
    with pytest.raises(ValueError, match="start"):
        surfaces.descend(surfaces.rosenbrock(), optim.adam(), 5, start=[np.nan, 0.0])


def test_streams_name_labels_and_refuse_non_finite_features():
    features = np.ones((6, 3))
    with pytest.raises(ValueError, match="labels"):
        problems.HingeStream(features, np.ones(5))  # was: "features need T*K rows"
    with pytest.raises(ValueError, match="features"):
        problems.LogisticStream(np.full((6, 3), np.nan), np.ones(6))  # was: accepted


def test_huge_problem_data_is_computed_or_raises_floating_point_error():
    # norms scaled by max|c|: entries near 1e154 give the right G, not inf with a warning
    c = np.full((5, 3), 7.7e153)
    assert math.isclose(problems.LinearLosses(c).G, 7.7e153 * math.sqrt(3))
    assert math.isclose(problems.LogisticStream(c, np.ones(5)).G, 7.7e153 * math.sqrt(3))
    assert np.isfinite(problems.random_linear(5, 3, drift=7.7e153).G)
    with pytest.raises(FloatingPointError):
        problems.LinearLosses(np.full((5, 3), 1e308))  # S_T = 5e308
    with pytest.raises(FloatingPointError):
        problems.quadratic.noisy_quadratic(5, noise=7.7e307)
    with pytest.raises(FloatingPointError, match="a"):
        problems.surfaces.rosenbrock(a=1.35e154)  # the minimum (a, a^2)


def test_theorem2_conditions_refuses_a_bad_period_by_name():
    for bad in ("3", None, -1.0, 0.0, float("nan")):
        with pytest.raises((TypeError, ValueError), match="C"):
            reddi.reddi_theorem2_conditions(bad, 0.5, 0.9)


def test_theorem3_constant_refuses_unhashable_and_bool_by_name():
    with pytest.raises(TypeError, match="delta"):
        reddi.reddi_theorem3_constant(0.0, 0.9, delta=[1.0, [2.0]])
    with pytest.raises(TypeError, match="beta1"):
        reddi.reddi_theorem3_constant([1.0, [2.0]], 0.9)
    with pytest.raises(TypeError, match="delta"):
        reddi.reddi_theorem3_constant(0.0, 0.9, delta=True)


def test_huge_coefficients_are_refused_by_name_not_overflowed():
    with pytest.raises(ValueError, match="C"):
        reddi.reddi_theorem1_betas(1e154)
    with pytest.raises(ValueError, match="C"):
        reddi.PeriodicLinear(1e154, 3)
    with pytest.raises(ValueError, match="large"):
        reddi.reddi_synthetic(large=1e154)


def test_search_failures_name_their_argument():
    with pytest.raises(ValueError, match="C_max"):
        reddi.reddi_theorem2_period(0.5, 0.9, C_max=4)
    with pytest.raises(ValueError, match="delta"):
        reddi.reddi_theorem3_constant(0.0, 0.9, delta=7124157.0)
