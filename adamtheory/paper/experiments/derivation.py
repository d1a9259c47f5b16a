"""The gradients of Section 6's models, derived in SymPy (notebook 06 shows them).

Each function returns the expressions and a residual that SymPy simplifies to 0 when
the formula the NumPy code uses is the derivative of the loss: the code's backward
pass is then the derivation, written for arrays.
"""

from __future__ import annotations

from typing import NamedTuple

import sympy as sp

from ...core import symbols, validation

__all__ = [
    "Derived",
    "first_step_without_correction",
    "gaussian_kl",
    "reparameterised_sample",
    "softmax_cross_entropy",
    "softplus_derivative",
]


class Derived(NamedTuple):
    expression: sp.Expr  # the loss (or quantity) derived
    derivative: sp.Expr | sp.Matrix  # its derivative, as SymPy computes it
    code_form: sp.Expr | sp.Matrix  # the form the NumPy code uses
    residual: sp.Expr | sp.Matrix  # derivative - code_form, simplified (0 proves it)


def softmax_cross_entropy(classes: int = 3, label: int = 0) -> Derived:
    """-log softmax(z)_y; its gradient in z is softmax(z) - onehot(y)."""
    classes = validation.count("classes", classes, 2)
    label = validation.count("label", label, 0)
    if label >= classes:
        raise ValueError(f"label must be below classes = {classes}, got {label}")
    z = sp.Matrix(sp.symbols(f"z0:{classes}", real=True))
    total = sum(sp.exp(zk) for zk in z)
    loss = -sp.log(sp.exp(z[label]) / total)
    gradient = sp.Matrix([sp.diff(loss, zk) for zk in z])
    onehot = sp.Matrix([1 if k == label else 0 for k in range(classes)])
    code = sp.Matrix([sp.exp(zk) / total for zk in z]) - onehot
    return Derived(loss, gradient, code, sp.simplify(gradient - code))


def softplus_derivative() -> Derived:
    """d/da log(1 + e^a) = 1/(1 + e^-a), the logistic sigmoid."""
    a = sp.Symbol("a", real=True)
    softplus = sp.log(1 + sp.exp(a))
    derivative = sp.diff(softplus, a)
    code = 1 / (1 + sp.exp(-a))
    return Derived(softplus, derivative, code, sp.simplify(derivative - code))


def gaussian_kl() -> Derived:
    """KL(N(mu, sigma^2) || N(0, 1)) by integration over z, and its gradient in
    (mu, log sigma^2), against the VAE code's ``mu`` and ``(sigma^2 - 1)/2``."""
    z, mu = sp.Symbol("z", real=True), sp.Symbol("mu", real=True)
    sigma = sp.Symbol("sigma", positive=True)
    log_var = sp.Symbol("ell", real=True)  # ell = log sigma^2
    q = sp.exp(-((z - mu) ** 2) / (2 * sigma**2)) / sp.sqrt(2 * sp.pi * sigma**2)
    log_ratio = sp.expand(sp.expand_log(sp.log(q), force=True) + z**2 / 2 + sp.log(2 * sp.pi) / 2)
    kl = sp.simplify(sp.integrate(q * log_ratio, (z, -sp.oo, sp.oo)))
    kl_ell = kl.subs(sigma, sp.exp(log_var / 2))
    gradient = sp.Matrix([sp.diff(kl_ell, mu), sp.diff(kl_ell, log_var)])
    code = sp.Matrix([mu, (sp.exp(log_var) - 1) / 2])
    return Derived(kl, gradient, code, sp.simplify(gradient - code))


def reparameterised_sample() -> Derived:
    """z = mu + exp(ell/2) epsilon: dz/d ell = epsilon sigma / 2 (the code's chain rule)."""
    mu, log_var, e = sp.symbols("mu ell epsilon", real=True)
    z = mu + sp.exp(log_var / 2) * e
    derivative = sp.Matrix([sp.diff(z, mu), sp.diff(z, log_var)])
    code = sp.Matrix([1, e * sp.exp(log_var / 2) / 2])
    return Derived(z, derivative, code, sp.simplify(derivative - code))


def first_step_without_correction() -> Derived:
    """|Delta_1| / alpha without the correction: m_1/sqrt(v_1) = (1-beta1)/sqrt(1-beta2)
    (for any g_1 != 0, eps = 0); with it, m-hat_1/sqrt(v-hat_1) = 1."""
    g1 = sp.Symbol("g_1", positive=True)
    b1, b2 = symbols.beta1, symbols.beta2
    m1, v1 = (1 - b1) * g1, (1 - b2) * g1**2
    ratio = m1 / sp.sqrt(v1)
    corrected = (m1 / (1 - b1)) / sp.sqrt(v1 / (1 - b2))
    code = (1 - b1) / sp.sqrt(1 - b2)
    return Derived(ratio, corrected, code, sp.simplify(ratio - code))
