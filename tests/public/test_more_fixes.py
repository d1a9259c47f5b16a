"""Regression tests for the failures the cases of ``more_cases.py`` found (issue 11):
each failed before its fix."""

from __future__ import annotations

import numpy as np
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


def test_failures_horizon_refuses_bad_counts_by_name():
    from adamtheory.paper.failures import studies

    with pytest.raises(ValueError, match="default"):
        studies.horizon("default", 0)
    with pytest.raises(TypeError, match="paper"):
        studies.horizon("paper", 100, paper=2.5)


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


def test_finite_input_that_overflows_raises_floating_point_error():
    from adamtheory.paper.adagrad_rmsprop import studies as ar
    from adamtheory.paper.algorithm import studies as alg
    from adamtheory.paper.averaging import studies as av
    from adamtheory.paper.failures import proof

    with pytest.raises(FloatingPointError):
        proof.gamma(np.array([0.1, 0.2]), alpha=5e-324)
    with pytest.raises(FloatingPointError):
        alg.algorithm1_reference(np.full((2, 2), 1e155))
    with pytest.raises(FloatingPointError):
        ar.pointwise_step_ratio(5, 0.01, alpha=1e308)
    with pytest.raises(FloatingPointError):
        av.rms_theory(5, 0.9, 1e300, -1e300, 0.98, 0.5)


def test_decay_arguments_out_of_range_are_named():
    from adamtheory.paper.adagrad_rmsprop import studies as ar
    from adamtheory.paper.bias_correction import gradients

    with pytest.raises(ValueError, match="rho"):
        gradients.geometric_drift_gradients(rho=1.5)
    with pytest.raises(ValueError, match="one_minus_beta2"):
        ar.pointwise_step_ratio(5, 1e-95)


def test_text_helpers_refuse_non_strings_by_name():
    from adamtheory.data import text

    with pytest.raises(TypeError, match="text"):
        text.tokenize(b"x")
    with pytest.raises(TypeError, match="texts"):
        text.vocabulary("a film")
    with pytest.raises(TypeError, match="texts"):
        text.vocabulary([3])


def test_second_moments_unrolled_sum_constant_error_name_bad_input():
    from adamtheory.paper.averaging import studies as av
    from adamtheory.paper.bias_correction import studies as bc
    from adamtheory.paper.failures import proof

    with pytest.raises(ValueError, match="g must be finite"):
        proof.second_moments(np.array([1.0, np.nan]), 0.9, bias_correction=True)
    with pytest.raises(FloatingPointError):
        proof.second_moments(np.full(3, 1e155), 0.9, bias_correction=True)
    with pytest.raises(ValueError, match="grads"):
        bc.unrolled_sum(np.array([[np.inf, 1.0]]), 0.9)
    with pytest.raises(FloatingPointError):
        bc.unrolled_sum(np.full((2, 2), 1e155), 0.9)
    with pytest.raises(TypeError, match="betas"):
        av.constant_sequence_error(betas="x")
    with pytest.raises(TypeError, match="constants"):
        av.constant_sequence_error(constants="x")
    with pytest.raises(ValueError, match="family_level"):
        bc.bonferroni_z(10, 5e-324)


def test_model_shapes_are_refused_by_name():
    from adamtheory.models import cnn, mlp

    with pytest.raises(TypeError, match="image_shape"):
        cnn.CNN(image_shape=(8, 8))
    with pytest.raises(TypeError, match="channels"):
        cnn.CNN(channels=(2, 2))
    with pytest.raises(TypeError, match="sizes"):
        mlp.MLP(sizes=3)


def test_experiments_and_failures_helpers_name_bad_arguments():
    from adamtheory.paper.experiments import derivation, protocol, vae_study
    from adamtheory.paper.failures import derivation as fd
    from adamtheory.paper.failures import phases

    with pytest.raises(ValueError, match="scale"):
        protocol.blas_threads("nonexistent")
    with pytest.raises(ValueError, match="label"):
        derivation.softmax_cross_entropy(3, label=-1)
    with pytest.raises(TypeError, match="classes"):
        derivation.softmax_cross_entropy(True)
    with pytest.raises(ValueError, match="period"):
        fd.period_regret_at_plus_one(1)
    with pytest.raises(TypeError, match="theorem1_beta2"):
        fd.theorem1_cycle("no")
    with pytest.raises(ValueError, match="n_grid"):
        phases.reddi_phase_diagram(n_grid=1)
    with pytest.raises(TypeError, match="steps"):
        vae_study.initial_steps(0.9, 0.999, True, steps=True)


def test_zhang_grids_and_amsgrad_bound_name_bad_input():
    from adamtheory.paper.failures import amsgrad, phases

    with pytest.raises(ValueError, match="n_grid"):
        phases.zhang_phase_diagram(n_grid=1)
    with pytest.raises(TypeError, match="n_grid"):
        phases.zhang_diagrams("default", n_grid=2.5)
    v = np.array([[0.1], [0.2]])
    with pytest.raises(FloatingPointError):
        amsgrad.amsgrad_bound(v, v, D_inf=1.3e154, alpha=0.1, beta1=0.5, beta2=0.9)
    with pytest.raises(FloatingPointError):
        amsgrad.amsgrad_bound(v, v, D_inf=2.0, alpha=5e-324, beta1=0.5, beta2=0.9)


def test_file_readers_and_bag_of_words_name_bad_input():
    from adamtheory.data import files, text

    with pytest.raises(TypeError, match="path"):
        files.read_idx(3)
    for reader in (files.read_mnist_idx, files.read_cifar10, files.read_aclimdb):
        with pytest.raises(TypeError, match="folder"):
            reader(None)
    with pytest.raises(TypeError, match="texts"):
        text.bag_of_words("a film", ["film"])
    with pytest.raises(TypeError, match="words"):
        text.bag_of_words(["a film"], [3])


def test_step_sizes_first_steps_names_bad_rates_and_overflow():
    from adamtheory.paper.bias_correction import studies

    with pytest.raises(TypeError, match="beta2s"):
        studies.step_sizes_first_steps(beta2s="x", steps=2, dim=2)
    with pytest.raises(FloatingPointError):
        studies.step_sizes_first_steps(beta2s=(0.99,), beta1s=(0.9,), steps=2, dim=2, alpha=4e307)


def test_average_iterates_names_its_own_beta():
    # was: "beta2 must lie in [0, 1)" (the averager's name) for average_iterates(beta=1.5)
    from adamtheory.paper.averaging import studies as av

    with pytest.raises(ValueError, match=r"^beta must"):
        av.average_iterates(np.ones((3, 2)), beta=1.5)
    with pytest.raises(TypeError, match=r"^beta must"):
        av.average_iterates(np.ones((3, 2)), beta="0.9")


def test_initial_steps_and_slope_in_d_name_their_own_arguments():
    # was: "bias_correction must be True or False" for initial_steps(correct='no'), and
    # "x and y must be finite" (core.fit's names) for slope_in_d(d=[nan, ...])
    from adamtheory.paper.experiments import vae_study
    from adamtheory.paper.regret import sparse

    with pytest.raises(TypeError, match=r"^correct must"):
        vae_study.initial_steps(0.9, 0.999, "no")
    with pytest.raises(ValueError, match=r"^d must"):
        sparse.slope_in_d([np.nan, 2.0, 4.0], [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match=r"^d and y must have one shape"):
        sparse.slope_in_d([1.0, 2.0, 4.0], [1.0, 2.0])
