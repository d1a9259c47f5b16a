"""Cases of the modules that arrived after the property test: problems.reddi and
problems.zhang, the dataset loaders, the models, and the paper's failures / experiments /
update_rule helpers. One valid call per public callable; documented special values via
``also``/``optional``. Argument kinds that ``harness.py`` lacks are defined here."""

from __future__ import annotations

import harness
import numpy as np
from harness import (
    Arg,
    Case,
    also,
    array,
    choice,
    count,
    flag,
    instance,
    interval,
    nonnegative,
    optional,
    positive,
    real,
    seed,
    unit,
)
from harness import (
    text as text_kind,
)

from adamtheory import data
from adamtheory.data import files as data_files
from adamtheory.data import text as data_text
from adamtheory.models import cnn, logistic, mlp, vae
from adamtheory.paper.adagrad_rmsprop import derivation as ar_derivation
from adamtheory.paper.adagrad_rmsprop import studies as ar_studies
from adamtheory.paper.adamax import derivation as ax_derivation
from adamtheory.paper.adamax import studies as ax_studies
from adamtheory.paper.algorithm import studies as alg_studies
from adamtheory.paper.averaging import studies as av_studies
from adamtheory.paper.bias_correction import gradients as bc_gradients
from adamtheory.paper.bias_correction import instability as bc_instability
from adamtheory.paper.bias_correction import studies as bc_studies
from adamtheory.paper.experiments import derivation as ex_derivation
from adamtheory.paper.experiments import protocol, vae_study
from adamtheory.paper.failures import amsgrad, phases, proof
from adamtheory.paper.failures import derivation as f_derivation
from adamtheory.paper.failures import studies as f_studies
from adamtheory.paper.update_rule import bounds
from adamtheory.problems import reddi, zhang

A = Arg


def case(fn, /, call=None, finite=True, run_valid=True, **args) -> Case:
    return Case(fn, args, call=call, finite=finite, run_valid=run_valid)


PROBLEMS_MORE = [
    case(reddi.PeriodicLinear, C=A(3.0, positive()), period=A(3, count(2, huge=False))),
    case(reddi.reddi_theorem1, C=A(3.0, positive())),
    case(reddi.reddi_theorem1_betas, C=A(3.0, positive())),
    case(reddi.reddi_theorem1_witness, C=A(3.0, positive())),
    case(reddi.reddi_theorem2, beta1=A(0.5, unit()), beta2=A(0.9, unit())),
    case(
        reddi.reddi_theorem2_conditions,
        C=A(3.0, positive()),
        beta1=A(0.5, unit()),
        beta2=A(0.9, unit()),
    ),  # fmt: skip
    case(
        reddi.reddi_theorem2_period,
        beta1=A(0.5, unit()),
        beta2=A(0.9, unit()),
        C_max=A(10**4, count(4, huge=False)),
    ),  # fmt: skip
    case(
        reddi.StochasticLinear,
        C=A(3.0, positive()),
        delta=A(1.0, positive()),
        batch=A(1, count(huge=False)),
        seed=A(0, seed()),
    ),  # fmt: skip
    case(
        reddi.reddi_theorem3,
        beta1=A(0.0, unit()),
        beta2=A(0.9, unit()),
        delta=A(1.0, positive()),
        batch=A(1, count(huge=False)),
        seed=A(0, seed()),
    ),  # fmt: skip
    case(
        reddi.reddi_theorem3_constant,
        beta1=A(0.0, unit()),
        beta2=A(0.9, unit()),
        delta=A(1.0, positive()),
        seed=A(0, seed()),
    ),  # fmt: skip
    case(
        reddi.expected_direction,
        C=A(3.0, positive()),
        delta=A(1.0, positive()),
        beta1=A(0.0, unit()),
        beta2=A(0.9, unit()),
        n=A(1024, count(128, huge=False)),
        seed=A(0, seed()),
    ),  # fmt: skip
    case(
        reddi.reddi_synthetic,
        large=A(1010.0, positive()),
        small=A(10.0, positive()),
        period=A(101, count(2, huge=False)),
    ),  # fmt: skip
    case(zhang.ZhangDivergence, n=A(10, count(2, huge=False)), a=A(1.0, positive())),
]


def root_kind() -> harness.Kind:
    """A data root: None (the bundled stand-in) or a path; a non-path is a TypeError, a
    folder that does not hold the data the documented ``FileNotFoundError`` naming it."""
    refused = (3, b"x", 2.5, True, "/nonexistent/adamtheory-data")
    return harness.Kind("object", refused, harness.st.nothing(), lambda x: False)


def _missing_root_is_named(fn):
    """Accept the documented ``FileNotFoundError`` for a root that lacks the data (it
    names the missing file), by turning it into the ``ValueError`` the judge accepts."""

    def call(kw):
        try:
            return fn(**kw)
        except FileNotFoundError as exc:
            root = kw.get("root")
            if root is not None and str(root) in str(exc):
                raise ValueError(f"root: {exc}") from exc
            raise

    return call


def _loader(fn, run_valid=True, **extra):
    # n = None (all the data) is valid; it is not thrown at the loaders whose files are
    # not bundled (run_valid=False), where any valid call ends at the missing file.
    n_kind = optional(count(huge=False))
    if not run_valid:
        n_kind = n_kind._replace(allowed=())
    return case(
        fn,
        call=_missing_root_is_named(fn),
        run_valid=run_valid,
        n=A(50, n_kind),
        seed=A(0, seed()),
        root=A(None, root_kind()),
        split=A("train", choice("train", "test")),
        **extra,
    )


DATA = [
    _loader(data.load_mnist),
    _loader(data.load_fashion_mnist, run_valid=False),  # no file is bundled
    _loader(data.load_cifar10, run_valid=False),  # no file is bundled
    _loader(data.load_imdb_bow, words=A(200, count(huge=False))),
]

G = np.array([[0.5, -1.0, 0.25], [1.0, 0.3, -0.2], [0.1, 0.1, 0.4]])
G_KIND = array((3, 3), empty_ok=False)
SEQ = np.array([1.0, 0.5, 0.25, 0.125])
SEQ_KIND = array((4,), empty_ok=False)
CHECKPOINTS = harness.Kind(
    "object", ("x", None, (0,), (-5,), (2.5,), (20, 10)), harness.st.nothing(), lambda x: False
)
"""Increasing rounds (a single round, e.g. 3, is valid)."""
BAD_SCALE = instance("nonexistent", 3, True, "Default")

PAPER_MORE = [
    # failures
    case(amsgrad.amsgrad_regret_evidence, run_valid=False, scale=A("default", BAD_SCALE)),
    case(phases.zhang_evidence, run_valid=False, scale=A("default", BAD_SCALE)),
    case(phases.grid, n=A(4, count(2, huge=False))),
    case(proof.gamma, v_hat=A(np.array([0.1, 0.2, 0.4]), array((3,))), alpha=A(0.1, positive())),
    case(
        f_studies.adam_variants,
        beta1=A(0.5, unit()),
        beta2=A(0.9, unit()),
        alpha=A(0.1, positive()),
    ),  # fmt: skip
    case(
        f_studies.horizon,
        scale=A("default", BAD_SCALE),
        default=A(100, count(huge=False)),
        paper=A(1000, count(huge=False)),
    ),  # fmt: skip
    case(
        phases.zhang_adam,
        beta1=A(0.5, unit()),
        beta2=A(0.9, unit()),
        checkpoints=A((10, 20), CHECKPOINTS),
        n=A(4, count(2, huge=False)),
        a=A(1.0, positive()),
        sampling=A("shuffle", choice("shuffle", "replacement", "cyclic")),
        alpha=A(1.0, positive()),
        seed=A(0, seed()),
        init=A("max", choice("max")),
        finite=False,
    ),  # fmt: skip
    # update_rule
    case(
        bounds.worst_case_gradients_adamax,
        beta1=A(0.9, unit()),
        beta2=A(0.999, unit()),
        t=A(10, count(huge=False)),
    ),  # fmt: skip
    # adagrad_rmsprop, adamax, algorithm, averaging, bias_correction
    case(
        ar_studies.pointwise_step_ratio,
        T=A(10, count(huge=False)),
        one_minus_beta2=A(0.01, interval(0.0, 1.0, True)),
        alpha=A(0.1, positive()),
    ),  # fmt: skip
    case(
        ar_studies.rmsprop_relation_steps,
        grads=A(G, G_KIND),
        alpha=A(0.01, positive()),
        beta1=A(0.9, unit()),
        beta2=A(0.999, unit()),
    ),  # fmt: skip
    case(ax_studies.u_closed_form, grads=A(G, G_KIND), beta2=A(0.999, unit())),
    case(
        alg_studies.algorithm1_reference,
        grads=A(G, G_KIND),
        alpha=A(0.001, positive()),
        beta1=A(0.9, unit()),
        beta2=A(0.999, unit()),
        eps=A(1e-8, nonnegative()),
        eps_inside_sqrt=A(False, flag()),
    ),  # fmt: skip
    case(alg_studies.gradient_sequences, steps=A(10, count(huge=False)), seed=A(0, seed())),
    case(av_studies.average_iterates, sequence=A(SEQ, SEQ_KIND), beta=A(0.99, unit())),
    case(
        av_studies.rms_theory,
        steps=A(10, count(huge=False)),
        beta=A(0.9, unit()),
        theta0=A(1.0, real()),
        target=A(2.0, real()),
        rho=A(0.98, unit()),
        noise=A(0.5, nonnegative()),
    ),  # fmt: skip
    case(bc_gradients.stationary_gradients, mu=A(0.5, real()), sigma=A(1.0, nonnegative())),
    case(
        bc_gradients.geometric_drift_gradients,
        mu=A(0.5, real()),
        sigma=A(1.0, nonnegative()),
        rho=A(0.98, unit()),
    ),  # fmt: skip
    case(bc_gradients.heavy_tailed_gradients, dof=A(5.0, positive()), mu=A(0.5, real())),
    case(
        bc_gradients.linear_drift_gradients,
        mu=A(0.5, real()),
        variance0=A(1.0, positive()),
        drift=A(0.05, real()),
    ),  # fmt: skip
    case(
        bc_gradients.sparse_gradients,
        density=A(0.05, interval(0.0, 1.0, True)),
        mu=A(0.5, real()),
        sigma=A(1.0, nonnegative()),
    ),  # fmt: skip
]

V = np.array([0.1, 0.4, 0.2])
LOGITS = np.array([[0.5, -1.0, 2.0], [0.1, 0.2, 0.3]])

BATCH_MORE = [
    case(
        proof.second_moments,
        g=A(SEQ, SEQ_KIND),
        beta2=A(0.9, unit()),
        bias_correction=A(True, flag()),
        running_max=A(False, flag()),
    ),  # fmt: skip
    case(
        bc_studies.bonferroni_z,
        comparisons=A(10, count(huge=False)),
        family_level=A(1e-3, interval(0.0, 1.0)),
    ),  # fmt: skip
    case(bc_studies.unrolled_sum, grads=A(G, G_KIND), beta2=A(0.9, unit())),
    case(
        av_studies.constant_sequence_error,
        betas=A((0.9, 0.99), instance("x", (1.5,), (-0.1,))),
        constants=A((1.0, -3.0), instance("x", (np.nan,), (np.inf,))),
        steps=A(20, count(huge=False)),
    ),  # fmt: skip
    case(
        av_studies.noisy_converging_sequence,
        steps=A(20, count(huge=False)),
        runs=A(5, count(huge=False)),
        theta0=A(1.0, real()),
        target=A(2.0, real()),
        rho=A(0.98, unit()),
        noise=A(0.5, nonnegative()),
        seed=A(0, seed()),
    ),  # fmt: skip
    case(data_text.tokenize, text=A("A good film, a GOOD one.", text_kind())),
    case(
        data_text.vocabulary,
        texts=A(["a good film", "bad film"], instance(b"x", [3], "a film")),
        size=A(5, count(huge=False)),
    ),  # fmt: skip
]

MODELS_MORE = [
    case(
        logistic.LogisticRegression,
        n_features=A(4, count(huge=False)),
        n_classes=A(3, count(2, huge=False)),
        l2=A(1e-4, nonnegative()),
        input_dropout=A(0.0, unit()),
    ),  # fmt: skip
    case(
        mlp.MLP,
        sizes=A((4, 8, 3), instance("x", (4,), (4, 0, 3), (4, 2.5, 3))),
        dropout=A(0.5, unit()),
        input_dropout=A(0.0, unit()),
    ),  # fmt: skip
    case(
        vae.VAE,
        n_in=A(8, count(huge=False)),
        hidden=A(6, count(huge=False)),
        latent=A(2, count(huge=False)),
    ),  # fmt: skip
    case(
        cnn.CNN,
        image_shape=A((16, 16, 1), instance("x", (8, 8), (0, 8, 1), (4, 4, 1))),
        channels=A((2, 2, 2), instance("x", (2, 2), (2, 0, 2))),
        hidden=A(4, count(huge=False)),
        n_classes=A(3, count(2, huge=False)),
        kernel=A(3, count(huge=False)),
        dropout=A(0.5, unit()),
        input_dropout=A(0.2, unit()),
    ),  # fmt: skip
]

SYMBOLIC_MORE = [
    case(ar_derivation.rmsprop_relation, T=A(2, count(huge=False))),
    case(
        ar_derivation.unrolled_v_hat, T=A(3, count(huge=False)), bias_correction=A(True, flag())
    ),  # fmt: skip
    case(ax_derivation.unrolled_lp_moment, T=A(3, count(huge=False))),
    case(
        ex_derivation.softmax_cross_entropy,
        classes=A(3, count(2, huge=False)),
        label=A(0, also(count(0, huge=False), 5)),
    ),  # fmt: skip
    case(f_derivation.period_regret_at_plus_one, period=A(3, count(2, huge=False))),
    case(f_derivation.theorem1_cycle, theorem1_beta2=A(True, flag())),
]

STUDIES_MORE = [
    case(protocol.checked_scale, scale=A("default", BAD_SCALE)),
    case(protocol.blas_threads, run_valid=False, scale=A("default", BAD_SCALE)),
    case(
        vae_study.initial_steps,
        beta1=A(0.9, unit()),
        beta2=A(0.999, unit()),
        correct=A(True, flag()),
        steps=A(3, count(huge=False)),
        seed=A(0, seed()),
    ),  # fmt: skip
    case(
        phases.reddi_phase_diagram,
        run_valid=False,
        n_grid=A(3, count(2, huge=False)),
        T=A(50, count(huge=False)),
        C=A(10, count(2, huge=False)),
    ),  # fmt: skip
    case(proof.theorem1_run, run_valid=False, T=A(30, count(huge=False))),
    case(
        ax_studies.startup_bias,
        T=A(20, count(huge=False)),
        paths=A(10, count(huge=False)),
        beta2=A(0.999, unit()),
        seed=A(0, seed()),
    ),  # fmt: skip
]

MORE = PROBLEMS_MORE + DATA + PAPER_MORE + BATCH_MORE + MODELS_MORE + SYMBOLIC_MORE
MORE += STUDIES_MORE

DIST = np.array([0.01, 1.0, 20.0])
V2 = np.array([[0.1, 0.2], [0.2, 0.3], [0.4, 0.3]])

FAILURES_MORE = [
    case(
        phases.classify,
        distance=A(DIST, array((3,))),
        initial_distance=A(2.0, positive()),
        tol=A(0.1, positive()),
    ),  # fmt: skip
    case(
        amsgrad.amsgrad_bound,
        v_max=A(V2, array((3, 2), wrong=((2, 5),))),
        grad_squares=A(V2, array((3, 2), wrong=((2, 5),))),
        D_inf=A(2.0, positive()),
        alpha=A(0.1, positive()),
        beta1=A(0.5, unit()),
        beta2=A(0.9, unit()),
    ),  # fmt: skip
    case(
        phases.zhang_phase_diagram,
        run_valid=False,
        n_grid=A(3, count(2, huge=False)),
        checkpoints=A((10, 20), CHECKPOINTS),
        sampling=A("shuffle", choice("shuffle", "replacement", "cyclic")),
        n=A(4, count(2, huge=False)),
        a=A(1.0, positive()),
        seed=A(0, seed()),
    ),  # fmt: skip
    case(
        phases.zhang_diagrams,
        run_valid=False,
        scale=A("default", BAD_SCALE),
        n_grid=A(3, count(2, huge=False)),
    ),  # fmt: skip
]
MORE += FAILURES_MORE

PATH_KIND = harness.Kind("object", (3, b"x", None, 2.5), harness.st.nothing(), lambda x: False)
"""A folder or file path: a non-path is a TypeError naming it; a missing one the
documented FileNotFoundError (accepted by ``_missing_path_is_named``)."""


def _missing_path_is_named(name):
    def wrap(fn):
        def call(kw):
            try:
                return fn(**kw)
            except FileNotFoundError as exc:
                if str(kw.get(name)) in str(exc):
                    raise ValueError(f"{name}: {exc}") from exc
                raise

        return call

    return wrap


MISSING = "/nonexistent/adamtheory-data"

DATA_FILES = [
    case(data_files.data_root, root=A(MISSING, PATH_KIND._replace(refused=(3, b"x", 2.5)))),
    case(
        data_files.dataset_folder,
        call=_missing_path_is_named("root")(data_files.dataset_folder),
        run_valid=False,
        name=A("mnist", choice("mnist", "imdb")),
        root=A(MISSING, PATH_KIND._replace(refused=(3, b"x", 2.5))),
    ),  # fmt: skip
    case(
        data_files.read_idx,
        call=_missing_path_is_named("path")(data_files.read_idx),
        run_valid=False,
        path=A(MISSING, PATH_KIND),
    ),  # fmt: skip
    case(
        data_files.read_mnist_idx,
        call=_missing_path_is_named("folder")(data_files.read_mnist_idx),
        run_valid=False,
        folder=A(MISSING, PATH_KIND),
        split=A("train", choice("train", "test")),
    ),  # fmt: skip
    case(
        data_files.read_cifar10,
        call=_missing_path_is_named("folder")(data_files.read_cifar10),
        run_valid=False,
        folder=A(MISSING, PATH_KIND),
        split=A("train", choice("train", "test")),
    ),  # fmt: skip
    case(
        data_files.read_aclimdb,
        call=_missing_path_is_named("folder")(data_files.read_aclimdb),
        run_valid=False,
        folder=A(MISSING, PATH_KIND),
        split=A("train", choice("train", "test")),
    ),  # fmt: skip
    case(
        data_text.bag_of_words,
        texts=A(["a good film", "bad film"], instance(b"x", [3], "a film")),
        words=A(["film", "good"], instance(b"x", [3], "film")),
    ),  # fmt: skip
]
MORE += DATA_FILES

SCALES_KIND = harness.Kind(
    "object", ("x", None, (0.0,), (-1.0,), (np.nan,)), harness.st.nothing(), lambda x: False
)
"""Positive gradient scales (a single number, e.g. 3, is one scale: valid)."""
SEQUENCE_OF_RATES = instance("x", (1.5,), (-0.1,), (np.nan,))

STUDY_HELPERS = [
    case(
        alg_studies.efficient_order_by_scale,
        steps=A(5, count(huge=False)),
        scales=A((1e-3, 1.0), SCALES_KIND),
        seed=A(0, seed()),
    ),  # fmt: skip
    case(
        bc_studies.monte_carlo_moments,
        beta1=A(0.9, unit()),
        beta2=A(0.999, unit()),
        steps=A(5, count(huge=False)),
        sequences=A(20, count(2, huge=False)),
        seed=A(0, seed()),
    ),  # fmt: skip
    case(
        bc_studies.step_sizes_first_steps,
        beta2s=A((0.99,), SEQUENCE_OF_RATES),
        beta1s=A((0.9,), SEQUENCE_OF_RATES),
        steps=A(5, count(huge=False)),
        dim=A(4, count(huge=False)),
        alpha=A(1e-3, positive()),
        noise=A(1.0, nonnegative()),
        seed=A(0, seed()),
    ),  # fmt: skip
    case(
        bc_instability.sparse_logistic_data,
        examples=A(16, count(huge=False)),
        dim=A(4, count(huge=False)),
        rarest=A(0.1, interval(0.0, 1.0, True)),
        seed=A(0, seed()),
    ),  # fmt: skip
]
MORE += STUDY_HELPERS
