"""Regression tests for the failures the cases of ``more_cases.py`` found (issue 11):
each failed before its fix."""

from __future__ import annotations

import pytest

from adamtheory.problems import reddi


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


def test_loaders_refuse_bad_n_seed_split_root_by_name_before_reading():
    from adamtheory import data

    for fn in (data.load_mnist, data.load_fashion_mnist, data.load_cifar10, data.load_imdb_bow):
        with pytest.raises(ValueError, match="seed"):
            fn(10, seed=-1)
        with pytest.raises(TypeError, match="seed"):
            fn(10, seed=True)
        with pytest.raises(ValueError, match="split"):
            fn(10, split="valid")
        with pytest.raises(TypeError, match="root"):
            fn(10, root=3)
        with pytest.raises((TypeError, ValueError), match="n"):
            fn(2.5)
    with pytest.raises(FileNotFoundError, match="nonexistent"):
        data.load_mnist(10, root="/nonexistent")
