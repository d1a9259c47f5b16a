"""Losses and gradients against the same architectures in PyTorch (float64, autograd).

Dropout is off (``rng=None``) except in the VAE, whose epsilon is drawn from the same
seeded generator on both sides. Agreement to 1e-10 relative: both sides compute the
same float64 expressions, in a different order.
"""

import numpy as np
import pytest

from adamtheory import models

torch = pytest.importorskip("torch")
F = torch.nn.functional
RTOL = 1e-10


def _torch_params(model, theta):
    return {k: torch.tensor(v, requires_grad=True) for k, v in model.unpack(theta).items()}


def _compare(model, theta, loss, grad, t_loss, params):
    t_loss.backward()
    assert loss == pytest.approx(t_loss.item(), rel=RTOL)
    for name, view in model.unpack(grad).items():
        np.testing.assert_allclose(view, params[name].grad.numpy(), rtol=1e-8, atol=1e-12)


def _setup(model, shape, classes, n=5):
    rng = np.random.default_rng(0)
    theta = model.init(seed=1, dtype=np.float64) + 0.05 * rng.standard_normal(model.size)
    return theta, rng.random((n, *shape)), rng.integers(0, classes, n)


def test_logistic_regression():
    model = models.LogisticRegression(12, 4, l2=0.3)
    theta, X, y = _setup(model, (12,), 4)
    loss, grad = model.loss_and_grad(theta, X, y)
    p = _torch_params(model, theta)
    t_loss = F.cross_entropy(torch.tensor(X) @ p["W"] + p["b"], torch.tensor(y))
    t_loss = t_loss + 0.15 * (p["W"] ** 2).sum()
    _compare(model, theta, loss, grad, t_loss, p)


def test_mlp():
    model = models.MLP((10, 9, 8, 3))
    theta, X, y = _setup(model, (10,), 3)
    loss, grad = model.loss_and_grad(theta, X, y)
    p = _torch_params(model, theta)
    h = torch.tensor(X)
    for layer in (1, 2):
        h = torch.relu(h @ p[f"W{layer}"] + p[f"b{layer}"])
    t_loss = F.cross_entropy(h @ p["W3"] + p["b3"], torch.tensor(y))
    _compare(model, theta, loss, grad, t_loss, p)


def test_cnn():
    model = models.CNN((17, 16, 3), channels=(4, 3, 5), hidden=6, n_classes=3)
    theta, X, y = _setup(model, (17, 16, 3), 3, n=3)
    loss, grad = model.loss_and_grad(theta, X, y)
    p = _torch_params(model, theta)
    x = torch.tensor(X).permute(0, 3, 1, 2)  # NHWC -> NCHW
    for stage in (1, 2, 3):
        weight = p[f"Wc{stage}"].permute(3, 2, 0, 1)  # (k, k, in, out) -> (out, in, k, k)
        x = F.max_pool2d(torch.relu(F.conv2d(x, weight, p[f"bc{stage}"], padding=2)), 3, 2)
    flat = x.permute(0, 2, 3, 1).reshape(len(X), -1)  # flatten in NHWC order
    hid = torch.relu(flat @ p["Wf"] + p["bf"])
    t_loss = F.cross_entropy(hid @ p["Wo"] + p["bo"], torch.tensor(y))
    _compare(model, theta, loss, grad, t_loss, p)


def test_vae():
    model = models.VAE(8, hidden=7, latent=3)
    theta, X, _ = _setup(model, (8,), 2, n=4)
    loss, grad = model.loss_and_grad(theta, X, None, np.random.default_rng(5))
    noise = np.random.default_rng(5).standard_normal((4, 3), dtype=np.float32).astype(float)
    p = _torch_params(model, theta)
    x = torch.tensor(X)
    h = F.softplus(x @ p["W1"] + p["b1"])
    mu, log_var = h @ p["Wmu"] + p["bmu"], h @ p["Wsig"] + p["bsig"]
    z = mu + torch.exp(0.5 * log_var) * torch.tensor(noise)
    logits = F.softplus(z @ p["W3"] + p["b3"]) @ p["W4"] + p["b4"]
    nll = F.binary_cross_entropy_with_logits(logits, x, reduction="sum")
    kl = -0.5 * torch.sum(1 + log_var - mu**2 - log_var.exp())
    _compare(model, theta, loss, grad, (nll + kl) / 4, p)
