"""Regression tests of the bugs the public-input property test found in the models
(``adamtheory.models``): each failed before its fix."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from adamtheory.models import layers


def test_model_shapes_are_refused_by_name():
    from adamtheory.models import cnn, mlp

    with pytest.raises(TypeError, match="image_shape"):
        cnn.CNN(image_shape=(8, 8))
    with pytest.raises(TypeError, match="channels"):
        cnn.CNN(channels=(2, 2))
    with pytest.raises(TypeError, match="sizes"):
        mlp.MLP(sizes=3)


@pytest.mark.parametrize("name", ["theta", "X"])
@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_train_refuses_a_non_finite_theta_or_x_at_entry(name, bad):
    # was: a nan activation (models.layers.sigmoid / softplus) and a silent "diverged" run
    import importlib

    from adamtheory import optim
    from adamtheory.models import logistic

    train = importlib.import_module("adamtheory.models.train").train
    model = logistic.LogisticRegression(4, 3)
    args = {"theta": model.init(), "X": np.ones((6, 4))}
    args[name] = np.full_like(args[name], bad)
    with pytest.raises(ValueError, match=name):
        train(model, optim.adam(alpha=0.01), args["theta"], args["X"], np.arange(6) % 3, epochs=1)


def test_train_accepts_a_sparse_x_and_refuses_a_nan_entry_in_it():
    import importlib

    from scipy import sparse

    from adamtheory import optim
    from adamtheory.models import logistic

    train = importlib.import_module("adamtheory.models.train").train
    model = logistic.LogisticRegression(4, 3)
    X = sparse.csr_matrix(np.eye(6, 4))
    history = train(model, optim.adam(alpha=0.01), model.init(), X, np.arange(6) % 3, epochs=1)
    assert not history.diverged
    X.data[0] = np.nan
    with pytest.raises(ValueError, match="X"):
        train(model, optim.adam(alpha=0.01), model.init(), X, np.arange(6) % 3, epochs=1)


RNG = np.random.default_rng(0)
X = RNG.normal(size=(2, 5, 5, 3))
W = RNG.normal(size=(3, 3, 3, 4))
B = np.zeros(4)


# ----------------------------------------------------------------------------- convolution
@pytest.mark.parametrize("x", [None, [1.0, [2.0, 3.0]], np.ones((2, 5, 5, 3), dtype=int)])
def test_conv_forward_refuses_a_non_float_x(x):
    # was: AttributeError 'NoneType' object has no attribute 'shape'; an int x was accepted
    with pytest.raises(TypeError, match="x"):
        layers.conv_forward(x, W, B)


@pytest.mark.parametrize(
    ("weight", "bias", "name"),
    [
        (np.ones((3, 3, 2, 4)), B, "weight"),  # was: a raw matmul ValueError
        (np.ones((2, 2, 3, 4)), B, "weight"),  # even kernel: was a raw reshape ValueError
        (np.ones((3, 5, 3, 4)), B, "weight"),  # not square
        (W, np.ones(3), "bias"),  # was: a broadcast ValueError without the name
        (W, np.ones((1, 4)), "bias"),  # was: accepted silently
        (W, np.array(1.0), "bias"),  # was: accepted silently (broadcast)
    ],
)
def test_conv_forward_refuses_mismatched_shapes(weight, bias, name):
    with pytest.raises(ValueError, match=name):
        layers.conv_forward(X, weight, bias)


def test_conv_forward_passes_nan_through_quietly():
    # was: RuntimeWarning "invalid value encountered in matmul" (inf * 0)
    x = X.copy()
    x[0, 0, 0, 0] = np.inf
    w = W.copy()
    w[1, 1, 0, 0] = 0.0
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out, _ = layers.conv_forward(x, w, B)
    assert not np.all(np.isfinite(out)) and np.all(np.isfinite(out[1]))


def test_conv_backward_refuses_a_foreign_cache_and_a_wrong_d_out():
    out, cache = layers.conv_forward(X, W, B)
    _, pool_cache = layers.maxpool_forward(out)
    for bad in (tuple(cache), {}, pool_cache, None):  # was: unpacking errors, AttributeError
        with pytest.raises(TypeError, match="cache"):
            layers.conv_backward(np.ones(out.shape), bad)
    with pytest.raises(ValueError, match="d_out"):  # was: a raw reshape/matmul error
        layers.conv_backward(np.ones((2, 5, 5, 3)), cache)
    with pytest.raises(TypeError, match="d_out"):
        layers.conv_backward(np.ones(out.shape, dtype=int), cache)


@pytest.mark.parametrize("input_grad", [0, None, 2.5, "no"])
def test_conv_backward_refuses_a_non_bool_input_grad(input_grad):
    # was: input_grad=0 or None silently skipped d_x, 2.5 silently computed it
    _, cache = layers.conv_forward(X, W, B)
    with pytest.raises(TypeError, match="input_grad"):
        layers.conv_backward(np.ones((2, 5, 5, 4)), cache, input_grad=input_grad)


# ----------------------------------------------------------------------------- pooling
@pytest.mark.parametrize("size", [10**30, 6])
def test_maxpool_forward_refuses_a_window_larger_than_the_image(size):
    # was: size=10**30 built 10**60 window views (ran out of memory); 6 gave an empty output
    with pytest.raises(ValueError, match="size"):
        layers.maxpool_forward(np.ones((2, 5, 5, 4)), size=size)


@pytest.mark.parametrize(
    ("stride", "error"), [(0, ValueError), (-1, ValueError), (True, TypeError), (2.5, TypeError)]
)
def test_maxpool_forward_refuses_a_bad_stride(stride, error):
    # was: ZeroDivisionError (0), an empty output (-1), True taken as 1, a slice TypeError
    with pytest.raises(error, match="stride"):
        layers.maxpool_forward(np.ones((2, 5, 5, 4)), 3, stride)


def test_maxpool_forward_takes_a_huge_stride_as_one_window():
    out, _ = layers.maxpool_forward(np.arange(25.0).reshape(1, 5, 5, 1), 3, 10**30)
    assert out.shape == (1, 1, 1, 1) and out[0, 0, 0, 0] == 12.0


def test_maxpool_backward_refuses_a_foreign_cache_and_a_wrong_d_out():
    out, cache = layers.maxpool_forward(np.ones((2, 5, 5, 4)))
    _, conv_cache = layers.conv_forward(X, W, B)
    for bad in (tuple(cache), conv_cache, {}, 3):  # was: unpacking errors without the name
        with pytest.raises(TypeError, match="cache"):
            layers.maxpool_backward(np.ones(out.shape), bad)
    with pytest.raises(ValueError, match="d_out"):  # was: a raw broadcast error
        layers.maxpool_backward(np.ones((2, 2, 2, 3)), cache)


# ----------------------------------------------------------------------------- dropout
@pytest.mark.parametrize("rng", [0, np.random.RandomState(0), "x"])
def test_dropout_mask_refuses_a_rng_that_is_not_a_generator(rng):
    # was: AttributeError 'int' object has no attribute 'random'
    with pytest.raises(TypeError, match="rng"):
        layers.dropout_mask(rng, (3, 4), 0.5, np.float32)


@pytest.mark.parametrize("rate", [1.0, 1.5, -0.5, np.nan, np.inf])
def test_dropout_mask_refuses_a_rate_outside_0_1(rate):
    # was: ZeroDivisionError (1.0); a mask of -0 (1.5, inf), 0.67 (-0.5) or NaN, silently
    with pytest.raises(ValueError, match="rate"):
        layers.dropout_mask(np.random.default_rng(0), (3, 4), rate, np.float32)


@pytest.mark.parametrize("dtype", [int, np.int32, bool, complex, None, "x"])
def test_dropout_mask_refuses_a_dtype_that_is_not_a_float(dtype):
    # was: an integer mask (the scale 1/(1 - rate) truncated), or a TypeError without the name
    with pytest.raises(TypeError, match="dtype"):
        layers.dropout_mask(np.random.default_rng(0), (3, 4), 0.5, dtype)


@pytest.mark.parametrize("shape", [(3, -1), -1, (2.5,), (True, 2), "x"])
def test_dropout_mask_refuses_a_bad_shape(shape):
    # was: NumPy's "negative dimensions are not allowed" and the like, without the name
    with pytest.raises((TypeError, ValueError), match="shape"):
        layers.dropout_mask(np.random.default_rng(0), shape, 0.5, np.float32)


def test_dropout_mask_still_gives_none_without_noise_and_keeps_the_dtype():
    assert layers.dropout_mask(None, (3, 4), 0.5, np.float32) is None
    assert layers.dropout_mask(np.random.default_rng(0), (3, 4), 0.0, np.float32) is None
    mask = layers.dropout_mask(np.random.default_rng(0), [3, 4], 0.5, "float32")
    assert mask.dtype == np.float32 and set(np.unique(mask)) <= {0.0, 2.0}


# ----------------------------------------------------------------------------- the loss
LOGITS = RNG.normal(size=(4, 3))


@pytest.mark.parametrize(
    ("labels", "error"),
    [
        (np.array([0.0, 2.0, 1.0, 2.0]), TypeError),  # was: raw IndexError
        (np.array([0, 2, 1, 3]), ValueError),  # was: raw IndexError
        (np.array([-1, 0, 1, 2]), ValueError),  # was: silent, -1 read as the last class
        (np.array([[0, 2, 1, 2]]), ValueError),  # was: silent, a wrong loss
        (np.array([0, 1, 2]), ValueError),  # was: raw IndexError (shape mismatch)
        (None, TypeError),  # was: silent (None indexes as a new axis)
        (True, TypeError),  # was: silent
        (np.array([True, False, True, True]), TypeError),  # was: raw IndexError
    ],
)
def test_softmax_cross_entropy_refuses_bad_labels(labels, error):
    with pytest.raises(error, match="labels"):
        layers.softmax_cross_entropy(LOGITS, labels)


@pytest.mark.parametrize(
    "logits", [np.ones(4), np.ones((4, 3, 1)), np.ones((0, 3)), np.ones((4, 0))]
)
def test_softmax_cross_entropy_refuses_logits_that_are_not_a_batch(logits):
    # was: AxisError (1-d), raw IndexError (empty batch), a silent answer (3-d)
    with pytest.raises(ValueError, match="logits"):
        layers.softmax_cross_entropy(logits, np.zeros(len(logits), dtype=int))


def test_softmax_cross_entropy_is_unchanged_and_quiet_on_nan():
    loss, d_logits = layers.softmax_cross_entropy(LOGITS, [0, 2, 1, 2])  # a list still works
    log_p = LOGITS - np.log(np.exp(LOGITS).sum(axis=1, keepdims=True))
    assert loss == pytest.approx(-np.mean(log_p[np.arange(4), [0, 2, 1, 2]]), rel=1e-12)
    assert np.allclose(d_logits.sum(axis=1), 0.0, atol=1e-15)
    logits = LOGITS.copy()
    logits[0] = -np.inf  # was: RuntimeWarning "invalid value encountered in subtract"
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        loss, d_logits = layers.softmax_cross_entropy(logits, [0, 2, 1, 2])
    assert np.isnan(loss) and np.all(np.isfinite(d_logits[1:]))
