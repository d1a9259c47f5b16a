"""Every model's gradient against central finite differences, in float64.

Central differences with h = 1e-6 have truncation error O(h^2) ~ 1e-12 and round-off
~ eps * |loss| / h ~ 1e-10, so a correct gradient agrees to ~1e-8 in relative norm;
an error in any layer's backward pass shows up at 1e-2 or worse. The noise (dropout
masks, the VAE's epsilon) is held fixed by re-seeding the generator at every call.
"""

import numpy as np
import pytest
import scipy.sparse as sp

from adamtheory import models

H = 1e-6
TOLERANCE = 1e-6  # relative error of the whole gradient vector (see the docstring)


def finite_difference(f, theta):
    grad = np.zeros_like(theta)
    for i in range(theta.size):
        e = np.zeros_like(theta)
        e[i] = H
        grad[i] = (f(theta + e) - f(theta - e)) / (2 * H)
    return grad


def check(model, X, y, seed=0, perturb=0.1):
    theta = model.init(seed=seed, dtype=np.float64)
    theta += perturb * np.random.default_rng(seed + 1).standard_normal(theta.size)
    loss, grad = model.loss_and_grad(theta, X, y, np.random.default_rng(7))
    numeric = finite_difference(
        lambda t: model.loss_and_grad(t, X, y, np.random.default_rng(7))[0], theta
    )
    assert grad.dtype == np.float64 and np.isfinite(loss)
    error = np.linalg.norm(grad - numeric) / np.linalg.norm(numeric)
    assert error < TOLERANCE, error


def data(shape, classes, n=6, seed=3):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((n, *shape)), rng.integers(0, classes, n)


@pytest.mark.parametrize("dropout", [0.0, 0.5])
def test_logistic_regression_dense(dropout):
    X, y = data((5,), 3)
    check(models.LogisticRegression(5, 3, l2=0.1, input_dropout=dropout), X, y)


def test_logistic_regression_sparse_bag_of_words_with_dropout_noise():
    X, y = data((12,), 2)
    X = sp.csr_matrix(np.where(np.abs(X) > 0.8, 1.0, 0.0))
    check(models.LogisticRegression(12, 2, l2=0.01, input_dropout=0.5), X, y)


@pytest.mark.parametrize("dropout", [0.0, 0.5])
def test_mlp(dropout):
    X, y = data((6,), 4)
    check(models.MLP((6, 7, 5, 4), dropout=dropout, input_dropout=dropout / 2), X, y)


def test_cnn_three_stages_with_dropout():
    X, y = data((16, 15, 2), 3, n=3)
    net = models.CNN((16, 15, 2), channels=(3, 2, 3), hidden=4, n_classes=3, kernel=3)
    check(net, X, y)


def test_cnn_five_by_five_kernels():
    X, y = data((15, 15, 1), 2, n=2)
    net = models.CNN((15, 15, 1), channels=(2, 2, 2), hidden=3, n_classes=2, dropout=0.0)
    check(net, X, y)


def test_vae():
    X = np.random.default_rng(0).random((4, 6))
    check(models.VAE(6, hidden=5, latent=3), X, None, perturb=0.3)


def test_maxpool_matches_a_loop():
    x = np.random.default_rng(0).standard_normal((2, 7, 8, 3))
    out, _ = models.layers.maxpool_forward(x, 3, 2)
    expected = np.empty((2, 3, 3, 3))
    for i in range(3):
        for j in range(3):
            expected[:, i, j] = x[:, 2 * i : 2 * i + 3, 2 * j : 2 * j + 3].max(axis=(1, 2))
    np.testing.assert_array_equal(out, expected)


def test_convolution_matches_scipy():
    from scipy.signal import correlate

    rng = np.random.default_rng(1)
    x, w = rng.standard_normal((1, 6, 5, 2)), rng.standard_normal((3, 3, 2, 4))
    out, _ = models.layers.conv_forward(x, w, np.zeros(4))
    for c in range(4):
        expected = sum(correlate(x[0, :, :, k], w[:, :, k, c], mode="same") for k in range(2))
        np.testing.assert_allclose(out[0, :, :, c], expected, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize(
    "model, shape",
    [
        (models.LogisticRegression(784, 10), (784,)),
        (models.MLP((784, 20, 20, 10)), (28, 28)),
        (models.CNN((28, 28, 1), channels=(4, 4, 8), hidden=16), (28, 28, 1)),
        (models.VAE(784, 20, 5), (784,)),
    ],
)
def test_float32_stays_float32(model, shape):
    rng = np.random.default_rng(0)
    X = rng.random((5, *shape)).astype(np.float32)
    y = rng.integers(0, 10, 5)
    theta = model.init(seed=0)
    loss, grad = model.loss_and_grad(theta, X, y, rng)
    assert theta.dtype == grad.dtype == np.float32 and np.isfinite(loss)


def test_training_reduces_the_cost_and_flags_divergence():
    from adamtheory import optim

    rng = np.random.default_rng(0)
    X = rng.standard_normal((200, 5)).astype(np.float32)
    y = (X[:, 0] > 0).astype(int)
    net = models.LogisticRegression(5, 2)
    history = models.train(net, optim.adam(0.05), net.init(), X, y, epochs=5, batch=32)
    assert history.epoch_cost[-1] < 0.5 * history.epoch_cost[0] and not history.diverged
    blown = models.train(net, optim.sgd(1e30), net.init(), X, y, epochs=3, batch=32)
    assert blown.diverged and np.isnan(blown.epoch_cost[-1])
