"""Cases of ``adamtheory.models``: the model classes (``LogisticRegression``, ``MLP``,
``VAE``, ``CNN``), the training loop (``models.train.train``) and the per-step layers
(``models.layers``). The layers are per-step kernels (issue 13): they check types and shapes
at entry (O(1)) but do not scan values, so NaN or inf entries pass through to NaN or inf
out, quietly; ``models.train.train`` checks theta and X once and reports a blown-up run as
``History.diverged`` (as the EXEMPT entries of ``layers.sigmoid`` / ``softplus`` say). Their
array arguments are therefore ``kernel_array`` kinds and their cases ``finite=False``; wrong
types, dtypes and shapes are still refused by name.
"""

from __future__ import annotations

import importlib

import numpy as np
from harness import (
    RAGGED,
    A,
    Kind,
    also,
    array,
    case,
    count,
    flag,
    instance,
    nonnegative,
    seed,
    unit,
)
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from adamtheory import optim
from adamtheory.models import cnn, layers, logistic, mlp, vae

NAN, INF = np.nan, np.inf
train_module = importlib.import_module("adamtheory.models.train")  # models.train is the function
_MODEL = logistic.LogisticRegression(4, 3)
_TRAIN_X = np.random.default_rng(0).normal(size=(20, 4))
_TRAIN_Y = np.arange(20) % 3


def kernel_array(shape: tuple[int, ...], wrong: tuple = ()) -> Kind:
    """A floating-point array of ``shape`` fed to a per-step kernel: non-real, integer or
    object arrays and the ``wrong`` shapes are refused; NaN / inf entries are allowed
    (NaN in -> NaN out, the layers' documented policy: no O(n) scan per step), and so
    is float32 (the dtype of training)."""
    refused = ("x", None, True, RAGGED, np.ones(shape) * 1j, np.ones(shape, dtype=object),
               np.ones(shape, dtype=np.int64))  # fmt: skip
    refused += tuple(np.ones(s) for s in wrong)
    allowed = (np.full(shape, NAN), np.full(shape, INF), np.full(shape, -INF),
               np.ones(shape, dtype=np.float32))  # fmt: skip
    elements = st.floats(allow_nan=True, allow_infinity=True, allow_subnormal=True)
    drawn = hnp.arrays(np.float64, shape, elements=elements)
    return Kind(f"kernel_array{shape}", refused, drawn, lambda x: isinstance(x, np.ndarray),
                allowed=allowed)  # fmt: skip


_RNG = np.random.default_rng(0)
_X = _RNG.normal(size=(2, 5, 5, 3))
_W = _RNG.normal(size=(3, 3, 3, 4)) * 0.3
_B = np.zeros(4)
_CONVED, _CONV_CACHE = layers.conv_forward(_X, _W, _B)  # (2, 5, 5, 4)
_POOLED, _POOL_CACHE = layers.maxpool_forward(_CONVED, 3, 2)  # (2, 2, 2, 4)
_LOGITS = _RNG.normal(size=(4, 3))
_LABELS = np.array([0, 2, 1, 2])


def _labels_kind() -> Kind:
    """n = 4 integer labels in [0, 3): floats, bools, objects, wrong lengths and labels
    outside the 3 columns are refused; a plain list and unsigned ints pass."""
    refused = ("x", None, True, RAGGED, _LABELS.astype(float), np.array([0, 2, 1, 3]),
               np.array([-1, 0, 1, 2]), np.array([0, 1, 2]), _LABELS[None, :],
               _LABELS.astype(bool), _LABELS.astype(object))  # fmt: skip
    drawn = st.one_of(
        hnp.arrays(np.int64, (4,), elements=st.integers(-3, 5)),
        hnp.arrays(np.float64, (4,), elements=st.floats(allow_nan=True)),
    )

    def valid(x) -> bool:
        return (isinstance(x, np.ndarray) and x.dtype.kind in "iu" and x.shape == (4,)
                and bool(np.all((x >= 0) & (x < 3))))  # fmt: skip

    return Kind("labels", refused, drawn, valid, allowed=([0, 2, 1, 2], _LABELS.astype(np.uint8)))


def _shape_kind() -> Kind:
    """A shape: a whole number or a tuple / list of whole numbers >= 0."""
    refused = (None, "x", (3, -1), (2.5,), [3, "4"], (True, 2), -1, 2.5, (3, None))
    return Kind("object", refused, st.nothing(), lambda x: False, allowed=(3, [3, 4], (), (0, 2)))


def _dtype_kind() -> Kind:
    """A floating-point dtype: None (np.dtype(None) would be float64), integer, bool,
    complex and object dtypes, and names that are no dtype are refused."""
    refused = (None, "x", 3, "float99", int, np.int32, bool, complex, np.complex64, object)
    allowed = (np.float64, "float32", float, np.dtype(np.float16))
    return Kind("object", refused, st.nothing(), lambda x: False, allowed=allowed)


CASES = [
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
    # models.train: train checks theta and X once (not the per-step layers); a drawn valid
    # X of 1e308 makes a run that diverges, reported by History.diverged with nan costs
    case(
        train_module.train,
        call=lambda kw: train_module.train(_MODEL, y=_TRAIN_Y, **kw),
        finite=False,
        opt=A(optim.adam(alpha=0.01), instance()),
        theta=A(_MODEL.init(), array((15,), empty_ok=False)),
        X=A(_TRAIN_X, array((20, 4), empty_ok=False)),
        epochs=A(1, count(huge=False)),
        batch=A(8, count(huge=False)),
        seed=A(0, seed()),
    ),  # fmt: skip
    # models.layers: the per-step kernels (finite=False: NaN in -> NaN out, module docstring)
    case(
        layers.conv_forward,
        finite=False,
        x=A(_X, kernel_array((2, 5, 5, 3), wrong=((5, 5, 3), (2, 5, 5, 2), (2, 5, 5, 3, 1)))),
        weight=A(
            _W,
            kernel_array(
                (3, 3, 3, 4), wrong=((2, 2, 3, 4), (3, 5, 3, 4), (3, 3, 2, 4), (3, 3, 3))
            ),
        ),
        bias=A(_B, kernel_array((4,), wrong=((3,), (1, 4), ()))),
    ),  # fmt: skip
    case(
        layers.conv_backward,
        finite=False,
        d_out=A(
            np.ones(_CONVED.shape),
            kernel_array(_CONVED.shape, wrong=((2, 5, 5, 3), (2, 5, 5), (1, 5, 5, 4))),
        ),
        cache=A(_CONV_CACHE, instance(_POOL_CACHE, tuple(_CONV_CACHE), {}, (1, 2, 3))),
        input_grad=A(True, flag()),
    ),  # fmt: skip
    case(
        layers.maxpool_forward,
        finite=False,
        x=A(_CONVED, kernel_array(_CONVED.shape, wrong=((5, 5, 4), (2, 2, 2, 4), (2, 5, 2, 4)))),
        size=A(3, count()),
        stride=A(2, count()),
    ),  # fmt: skip
    case(
        layers.maxpool_backward,
        finite=False,
        d_out=A(
            np.ones(_POOLED.shape),
            kernel_array(_POOLED.shape, wrong=((2, 2, 2, 3), (2, 2, 2), (2, 5, 5, 4))),
        ),
        cache=A(_POOL_CACHE, instance(_CONV_CACHE, tuple(_POOL_CACHE), {})),
    ),  # fmt: skip
    case(
        layers.dropout_mask,
        rng=A(
            np.random.default_rng(0),
            also(instance(np.random.RandomState(0), 0, np.random.default_rng), None),
        ),
        shape=A((3, 4), _shape_kind()),
        rate=A(0.5, unit()),
        dtype=A(np.float32, _dtype_kind()),
    ),  # fmt: skip
    case(
        layers.softmax_cross_entropy,
        finite=False,
        logits=A(
            _LOGITS, kernel_array((4, 3), wrong=((4,), (4, 3, 1), (0, 3), (4, 0), (3, 3), (4, 2)))
        ),
        labels=A(_LABELS, _labels_kind()),
    ),  # fmt: skip
]
