r"""A playground for JupyterLab: optimizers on the tour's surfaces, Adam's step bound and
a (beta1, beta2) phase diagram, redrawn from sliders (``ipywidgets``).

Each explorer is a pure figure function plus a thin widget around it:

- :func:`trajectory_figure` / :func:`explore_trajectories`: a surface
  (``adamtheory.problems.surfaces``), an optimizer, alpha, beta1, beta2, gradient
  noise and a number of steps give the path on the contour map and the loss curve.
- :func:`step_bound_figure` / :func:`explore_step_bound`: the exact worst case of
  :math:`|\Delta_t|/\alpha` over t (notebook 02, ``adamtheory.paper.update_rule.bounds``) beside the
  paper's bound, and the point :math:`(\beta_1, \beta_2)` on a phase diagram of Adam on
  Reddi et al.'s period-C problem (notebook 09), computed by :func:`phase_diagram`.

The figure functions need no front end (tests and nbval call them). The
``explore_*`` functions display the widgets when running in a Jupyter kernel, and
a static figure of the default settings when there is none (a script, a console).
In a lecture notebook mark the widget cell ``# NBVAL_IGNORE_OUTPUT``.

How the knobs map to each method (``optimizer_for``): ``alpha`` is every method's
step size (Adadelta's multiplier, PyTorch's ``lr``); ``beta1`` is the momentum
:math:`\mu` of momentum and Nesterov and Adam's :math:`\beta_1`; ``beta2`` is the
decay :math:`\rho` of RMSProp and Adadelta and Adam's :math:`\beta_2`.
"""

from __future__ import annotations

import inspect
import math
from functools import lru_cache
from types import MappingProxyType
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import ListedColormap

from . import online, optim, plotting
from .core import validation
from .optim import schedules
from .paper.update_rule import bounds
from .problems import PeriodicLinear, surfaces

__all__ = [
    "PHASES",
    "TRAJECTORY_DEFAULTS",
    "explore_step_bound",
    "explore_trajectories",
    "optimizer_for",
    "phase_diagram",
    "step_bound_figure",
    "trajectory_figure",
]

PHASES = ("converges", "in between", "fails")
"""Classes of the phase diagram: mean position over the last period within 0.2 of
x* = -1 (a tenth of the domain's width), at or beyond the middle 0 toward the wrong
end +1, or neither after T rounds."""

PHASE_COLORS = ("#33BBEE", "#CCBB44", "#CC3311")


def optimizer_for(name: str, alpha: float, beta1: float = 0.9, beta2: float = 0.999):
    """The optimizer ``name`` with the playground's three knobs (module docstring)."""
    name = validation.choice("name", name, tuple(optim.ALL))
    factory = optim.ALL[name]
    if name in ("sgd", "adagrad"):
        return factory(alpha)
    if name in ("momentum", "nesterov"):
        return factory(alpha, mu=beta1)
    if name in ("rmsprop", "adadelta"):
        return factory(alpha, rho=beta2)
    return factory(alpha, beta1, beta2)


def trajectory_figure(
    surface: str = "rosenbrock",
    optimizer: str = "adam",
    alpha: float = 0.05,
    beta1: float = 0.9,
    beta2: float = 0.999,
    noise: float = 0.0,
    steps: int = 300,
    seed: int = 0,
):
    """Path of ``optimizer`` on ``surface`` over its contours, and its loss per step."""
    surf = surfaces.SURFACES[validation.choice("surface", surface, tuple(surfaces.SURFACES))]()
    optimizer = validation.choice("optimizer", optimizer, tuple(optim.ALL))
    steps = validation.count("steps", steps)  # a path needs at least one step
    opt = optimizer_for(optimizer, alpha, beta1, beta2)
    path = surfaces.descend(surf, opt, steps, noise=noise, seed=seed)
    fig, (ax, ax_loss) = plt.subplots(1, 2, figsize=(11, 4.2), width_ratios=(1.15, 1))
    _contours(ax, surf)
    ax.plot(*path.points.T, marker=".", markersize=3, lw=1.4, **plotting.style(optimizer))
    ax.plot(*surf.start, "o", color="k", markersize=6, label="start")
    ax.set(title=surf.title, xlabel="$x$", ylabel="$y$")
    ax.legend(loc="upper left", bbox_to_anchor=(0.0, -0.16), ncol=3)
    _loss_panel(ax_loss, surf, path.losses, optimizer)
    ax_loss.set_title(
        rf"$\alpha={alpha:g}$, $\beta_1={beta1:g}$, $\beta_2={beta2:g}$, noise $\sigma={noise:g}$"
    )
    fig.tight_layout()
    return fig


def _contours(ax, surf) -> None:
    X, Y, Z = surf.grid(160)
    if surf.f_min is not None:  # log-spaced levels above the minimum
        shifted = Z - surf.f_min
        levels = np.geomspace(max(shifted.min(), 1e-3), shifted.max(), 18)
        ax.contour(X, Y, shifted, levels=levels, cmap="Greys_r", linewidths=0.7, alpha=0.8)
        for x, y in surf.minima:
            ax.plot(x, y, marker="*", color="k", markersize=13, linestyle="none")
    else:
        ax.contour(X, Y, Z, levels=21, cmap="Greys_r", linewidths=0.7, alpha=0.8)
    ax.set(xlim=surf.xlim, ylim=surf.ylim)


def _loss_panel(ax, surf, losses, optimizer) -> None:
    style = plotting.style(optimizer)
    if surf.f_min is not None:
        gap = np.maximum(losses - surf.f_min, 1e-16)
        ax.semilogy(gap, **style)
        ax.set_ylabel(r"$f(\theta_t) - f^\star$")
    else:
        ax.plot(losses, **style)
        ax.set_ylabel(r"$f(\theta_t)$")
    ax.set_xlabel("step $t$")


# ----------------------------------------------------------------------------- phase diagram
@lru_cache(maxsize=4)
def phase_diagram(n: int = 16, T: int = 3000, C: int = 10) -> dict[str, Any]:
    r"""Adam on an n x n (beta1, beta2) grid, all configurations as one batch.

    The problem: Reddi et al.'s period-C sequence :math:`f_t = Cx` once every C rounds,
    else :math:`-x`, on [-1, 1] (:math:`x^* = -1`), ``problems.PeriodicLinear``; Adam
    without bias correction (their form), :math:`\alpha_t = 0.1/\sqrt t`,
    :math:`\epsilon = 0`, :math:`x_1 = 0`, by ``online.fast.run``. The position is the
    mean played point over the last period, classified by :data:`PHASES`. A small,
    fast version of notebook 09's diagram (40 x 40, T = 20,000) for the playground.

    Returns ``beta1`` (n,), ``beta2`` (n,), ``x`` (n, n) and ``phase`` (n, n), rows beta1.
    """
    n = validation.count("n", n, minimum=2)
    C = validation.count("C", C, minimum=2)
    T = validation.count("T", T, minimum=2 * C)
    beta1 = np.linspace(0.0, 0.95, n)
    beta2 = 1 - np.logspace(-0.5, -4, n)
    B1, B2 = np.meshgrid(beta1, beta2, indexing="ij")
    problem = PeriodicLinear(float(C), C)
    opt = optim.adam(
        schedules.inverse_sqrt(0.1),
        B1.reshape(-1, 1),
        B2.reshape(-1, 1),
        0.0,
        bias_correction=False,
    )
    last = np.arange(T - C + 1, T + 1)
    run = online.fast.run(opt, problem, T, theta0=np.zeros((B1.size, 1)), record=last)
    g = problem.linear_gradients(last)[:, 0, 0]
    x = (run.losses / g[:, None]).mean(axis=0).reshape(n, n)
    phase = np.where(np.abs(x + 1) <= 0.2, 0, np.where(x >= 0, 2, 1))
    for array in (beta1, beta2, x, phase):
        array.flags.writeable = False  # cached: shared by every caller
    return {"beta1": beta1, "beta2": beta2, "x": x, "phase": phase, "T": T, "C": C}


def step_bound_figure(beta1: float = 0.9, beta2: float = 0.999, horizon: int = 200):
    r"""Left: :math:`\sup_g |\Delta_t|/\alpha` for t = 1..horizon (exact, eps = 0), the
    paper's bound and the limit. Right: the phase diagram with :math:`(\beta_1, \beta_2)`."""
    b1, b2 = validation.betas(beta1, beta2)
    if b1.ndim or b2.ndim:
        raise ValueError("beta1 and beta2 must be scalars here")
    horizon = validation.count("horizon", horizon, minimum=2)
    t = np.arange(1, horizon + 1)
    exact = bounds.max_effective_step(float(b1), float(b2), t)
    paper = bounds.paper_step_bound(float(b1), float(b2))
    limit = bounds.max_effective_step(float(b1), float(b2))
    fig, (ax, ax_phase) = plt.subplots(1, 2, figsize=(12, 4.4))
    ax.plot(t, exact, color=plotting.color("adam"), label=r"exact $\sup_g |\Delta_t|/\alpha$")
    ax.axhline(paper, color="k", ls="--", label=f"paper's bound {paper:.3g}")
    if np.isfinite(limit):
        ax.axhline(limit, color="0.5", ls=":", label=f"limit $t\\to\\infty$: {limit:.3g}")
    ax.set(
        xlabel="step $t$",
        ylabel=r"$|\Delta_t|/\alpha$",
        title=rf"$\beta_1={float(b1):g}$, $\beta_2={float(b2):g}$",
    )
    if exact.max() > 20 * paper:
        ax.set_yscale("log")
    ax.legend(loc="upper left", bbox_to_anchor=(0.0, -0.18), ncol=2)
    _phase_panel(ax_phase, float(b1), float(b2))
    fig.tight_layout()
    return fig


def _phase_panel(ax, b1: float, b2: float) -> None:
    diagram = phase_diagram()
    x_axis = -np.log10(1 - diagram["beta2"])
    cmap = ListedColormap(PHASE_COLORS)
    ax.pcolormesh(
        x_axis,
        diagram["beta1"],
        diagram["phase"],
        cmap=cmap,
        vmin=-0.5,
        vmax=2.5,
        shading="nearest",
    )
    fine = np.linspace(x_axis[0], x_axis[-1], 200)
    ax.plot(fine, np.sqrt(1 - 10**-fine), "k", lw=1.5)
    ax.plot(-np.log10(1 - b2), b1, marker="X", color="w", markeredgecolor="k", markersize=13)
    handles = [plt.Rectangle((0, 0), 1, 1, color=c) for c in PHASE_COLORS]
    handles.append(plt.Line2D([], [], color="k", lw=1.5))
    labels = [*PHASES, r"$\beta_1 = \sqrt{\beta_2}$"]
    plotting.legend_outside(ax, handles=handles, labels=labels)
    ax.set(
        xlabel=r"$-\log_{10}(1-\beta_2)$",
        ylabel=r"$\beta_1$",
        title=f"Adam on Reddi's period-{diagram['C']} problem, T = {diagram['T']:,}",
        ylim=(-0.03, max(0.98, b1 + 0.03)),
    )


# ----------------------------------------------------------------------------- widgets
def _in_kernel() -> bool:
    """True inside a Jupyter kernel (where a front end can render widgets)."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython is a dependency
        return False
    shell = get_ipython()
    return shell is not None and hasattr(shell, "kernel")


BETA2_CHOICES = (0.7, 0.9, 0.95, 0.99, 0.995, 0.999, 0.9995, 0.9999)
"""The beta2 slider's stops: beta2 matters through -log10(1 - beta2)."""


def _beta2_slider(w, value: float):
    options = sorted({*BETA2_CHOICES, float(value)})
    return w.SelectionSlider(options=options, value=float(value), description="beta2")


TRAJECTORY_DEFAULTS = MappingProxyType(
    {name: p.default for name, p in inspect.signature(trajectory_figure).parameters.items()}
)
"""The starting values of :func:`explore_trajectories`: :func:`trajectory_figure`'s own
defaults (``seed`` is fixed, not a slider)."""


def _trajectory_settings(defaults: dict[str, Any]) -> dict[str, Any]:
    """:data:`TRAJECTORY_DEFAULTS` updated by ``defaults``, each value checked by name."""
    unknown = sorted(set(defaults) - set(TRAJECTORY_DEFAULTS))
    if unknown:
        raise TypeError(
            f"explore_trajectories got unknown settings {unknown}; "
            f"it takes {list(TRAJECTORY_DEFAULTS)}"
        )
    s = TRAJECTORY_DEFAULTS | defaults
    return {
        "surface": validation.choice("surface", s["surface"], tuple(surfaces.SURFACES)),
        "optimizer": validation.choice("optimizer", s["optimizer"], tuple(optim.ALL)),
        "alpha": validation.positive("alpha", s["alpha"]),
        "beta1": validation.unit("beta1", s["beta1"]),
        "beta2": validation.unit("beta2", s["beta2"]),
        "noise": validation.nonnegative("noise", s["noise"]),
        "steps": validation.count("steps", s["steps"]),
        "seed": validation.count("seed", s["seed"], minimum=0),
    }


def explore_trajectories(**defaults: Any):
    """Sliders for :func:`trajectory_figure` (keyword arguments set the starting values,
    :data:`TRAJECTORY_DEFAULTS`).

    Returns the ``ipywidgets.interactive`` object in a kernel; elsewhere draws and
    returns the static figure of the starting values. Checked before any widget is
    built: an unknown name is a ``TypeError`` naming it, a bad value an error naming its
    setting. A start beyond a slider's usual range widens that slider (never clamped).
    """
    settings = _trajectory_settings(defaults)
    if not _in_kernel():
        return trajectory_figure(**settings)
    import ipywidgets as w

    seed = settings.pop("seed")

    def draw(**kwargs):
        figure = trajectory_figure(**kwargs, seed=seed)
        plotting.show(figure, alt="optimizer path and loss curve")

    alpha, steps = settings["alpha"], settings["steps"]
    exponent = math.log10(alpha)
    controls = {
        "surface": w.Dropdown(options=list(surfaces.SURFACES), value=settings["surface"]),
        "optimizer": w.Dropdown(options=list(optim.ALL), value=settings["optimizer"]),
        "alpha": w.FloatLogSlider(
            value=alpha,
            base=10,
            min=min(-4.0, math.floor(exponent)),
            max=max(0.5, math.ceil(exponent)),
            step=0.1,
        ),
        "beta1": w.FloatSlider(
            value=settings["beta1"], min=0.0, max=max(0.99, settings["beta1"]), step=0.01
        ),
        "beta2": _beta2_slider(w, settings["beta2"]),
        "noise": w.FloatSlider(
            value=settings["noise"], min=0.0, max=max(5.0, settings["noise"]), step=0.1
        ),
        "steps": w.IntSlider(value=steps, min=min(10, steps), max=max(2000, steps), step=10),
    }
    return w.interactive(draw, **controls)


def explore_step_bound(beta1: float = 0.9, beta2: float = 0.999):
    """Sliders for :func:`step_bound_figure`; a static figure outside a kernel."""
    if not _in_kernel():
        return step_bound_figure(beta1, beta2)
    import ipywidgets as w

    def draw(beta1, beta2):
        plotting.show(step_bound_figure(beta1, beta2), alt="Adam's step bound and phase diagram")

    return w.interactive(
        draw,
        beta1=w.FloatSlider(value=beta1, min=0.0, max=0.99, step=0.01, description="beta1"),
        beta2=_beta2_slider(w, beta2),
    )
