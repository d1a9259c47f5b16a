"""The variational auto-encoder of Section 6.4 (Kingma & Welling 2014).

Encoder :math:`h = \\mathrm{softplus}(x W_1 + b_1)`, :math:`\\mu = h W_\\mu + b_\\mu`,
:math:`\\log\\sigma^2 = h W_\\sigma + b_\\sigma`; reparameterised sample
:math:`z = \\mu + \\sigma \\odot \\epsilon`, :math:`\\epsilon \\sim N(0, I)`; decoder
:math:`h' = \\mathrm{softplus}(z W_3 + b_3)`, Bernoulli logits :math:`\\ell = h' W_4 + b_4`.
The loss is the negative ELBO per example, in nats:

.. math:: -\\mathcal L = \\sum_j [\\mathrm{softplus}(\\ell_j) - x_j \\ell_j]
          + \\tfrac12 \\sum_k (\\mu_k^2 + \\sigma_k^2 - \\log\\sigma_k^2 - 1).

The paper's sizes: 500 softplus hidden units, a 50-dimensional latent. ``rng`` draws
:math:`\\epsilon` (one ``standard_normal((n, latent))`` call); without one, a generator
seeded with 0 is used, so a loss evaluation is reproducible.
"""

from __future__ import annotations

import math

import numpy as np

from ..core import validation
from .base import Model
from .layers import sigmoid, softplus

__all__ = ["VAE"]


class VAE(Model):
    def __init__(self, n_in: int = 784, hidden: int = 500, latent: int = 50):
        self.n_in = validation.count("n_in", n_in)
        self.hidden = validation.count("hidden", hidden)
        self.latent = validation.count("latent", latent)
        n, h, k = self.n_in, self.hidden, self.latent
        self.shapes = {
            "W1": (n, h), "b1": (h,), "Wmu": (h, k), "bmu": (k,), "Wsig": (h, k), "bsig": (k,),
            "W3": (k, h), "b3": (h,), "W4": (h, n), "b4": (n,),
        }  # fmt: skip
        self._layout()

    def init(self, seed: int = 0, dtype=np.float32) -> np.ndarray:
        """Glorot-like N(0, 1/fan-in) weights (softplus, not ReLU), zero biases."""
        theta = super().init(seed, dtype)
        theta *= math.sqrt(0.5)  # He's variance 2/fan-in halved
        return theta

    def forward_backward(self, params, X, y, rng, grads) -> float:
        p = params
        dtype = p["W1"].dtype
        x = np.asarray(X, dtype=dtype).reshape(len(X), -1)
        n = len(x)
        rng = np.random.default_rng(0) if rng is None else rng
        noise = rng.standard_normal((n, self.latent), dtype=np.float32).astype(dtype)
        a1 = x @ p["W1"] + p["b1"]
        h = softplus(a1)
        mu = h @ p["Wmu"] + p["bmu"]
        log_var = h @ p["Wsig"] + p["bsig"]
        sigma = np.exp(0.5 * log_var)
        z = mu + sigma * noise
        a3 = z @ p["W3"] + p["b3"]
        h3 = softplus(a3)
        logits = h3 @ p["W4"] + p["b4"]
        reconstruction = np.sum(softplus(logits) - x * logits, dtype=np.float64)
        kl = 0.5 * np.sum(mu * mu + sigma * sigma - log_var - 1, dtype=np.float64)
        loss = float(reconstruction + kl) / n
        if grads is None:
            return loss
        d_logits = (sigmoid(logits) - x) / dtype.type(n)
        grads["W4"][...] = h3.T @ d_logits
        grads["b4"][...] = d_logits.sum(axis=0)
        d_a3 = (d_logits @ p["W4"].T) * sigmoid(a3)
        grads["W3"][...] = z.T @ d_a3
        grads["b3"][...] = d_a3.sum(axis=0)
        d_z = d_a3 @ p["W3"].T
        d_mu = d_z + mu / dtype.type(n)
        d_log_var = 0.5 * (d_z * sigma * noise + (sigma * sigma - 1) / dtype.type(n))
        grads["Wmu"][...] = h.T @ d_mu
        grads["bmu"][...] = d_mu.sum(axis=0)
        grads["Wsig"][...] = h.T @ d_log_var
        grads["bsig"][...] = d_log_var.sum(axis=0)
        d_a1 = (d_mu @ p["Wmu"].T + d_log_var @ p["Wsig"].T) * sigmoid(a1)
        grads["W1"][...] = x.T @ d_a1
        grads["b1"][...] = d_a1.sum(axis=0)
        return loss
