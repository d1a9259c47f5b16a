"""Regression tests of the bugs the public-input property test found in the top layer
(``adamtheory.ledger``, ``adamtheory.playground``): each failed before its fix."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from adamtheory import playground  # noqa: E402


def test_playground_names_C_and_optimizer():
    from adamtheory import playground

    # was: phase_diagram(C="2") a raw "'<' not supported"; an unknown optimizer was
    # reported as "name must be one of ..." (optimizer_for's internal name)
    with pytest.raises(TypeError, match="C"):
        playground.phase_diagram(n=2, T=10, C="2")
    with pytest.raises(ValueError, match="optimizer"):
        playground.trajectory_figure(optimizer="nothing")


def test_trajectory_figure_needs_a_step():
    from adamtheory import playground

    with pytest.raises(ValueError, match="steps"):
        playground.trajectory_figure(steps=0)  # was: an empty path drawn


def test_run_ledger_names_ids():
    from adamtheory.ledger import runner

    with pytest.raises(TypeError, match="ids"):
        runner.run_ledger(3)  # was: "'int' object is not iterable"
    with pytest.raises(TypeError, match="ids"):
        runner.run_ledger("alg-1")  # was: one unknown id per character


# ----------------------------------------------------------------------------- playground
@pytest.fixture
def kernel(monkeypatch):
    """explore_trajectories as in a Jupyter kernel; records the figures' settings."""
    pytest.importorskip("ipywidgets")
    monkeypatch.setattr(playground, "_in_kernel", lambda: True)
    drawn = []

    def figure(**kwargs):
        drawn.append(kwargs)
        return plt.figure()

    monkeypatch.setattr(playground, "trajectory_figure", figure)
    monkeypatch.setattr(playground.plotting, "show", lambda fig, alt: plt.close(fig))
    yield drawn
    plt.close("all")


def test_explore_trajectories_names_unknown_settings(kernel):
    # was: silently ignored in a kernel
    with pytest.raises(TypeError, match="lr"):
        playground.explore_trajectories(lr=0.1, steps=10)
    assert not kernel  # refused before anything was drawn


@pytest.mark.parametrize(
    ("name", "value", "error"),
    [
        ("surface", "himmelblau", ValueError),  # was: raw TraitError
        ("optimizer", None, TypeError),  # was: a widget whose callback failed, silently
        ("alpha", -1.0, ValueError),  # was: clamped to 1e-4 silently
        ("alpha", None, TypeError),  # was: taken as 1.0 silently
        ("beta1", 1.5, ValueError),  # was: clamped to 0.99 silently
        ("beta2", np.inf, ValueError),  # was: accepted as inf
        ("noise", -1.0, ValueError),  # was: clamped to 0
        ("steps", 0, ValueError),  # was: clamped to 10
        ("steps", 2.5, TypeError),  # was: silently 10
        ("seed", -1, ValueError),  # was: ignored in a kernel
    ],
)
def test_explore_trajectories_refuses_bad_values_before_building_widgets(
    kernel, name, value, error
):
    with pytest.raises(error, match=name):
        playground.explore_trajectories(**{name: value})
    assert not kernel


def test_explore_trajectories_widens_a_slider_instead_of_clamping(kernel):
    # was: alpha=10 drawn with 10**0.5, beta1=0.995 with 0.99, steps=5 with 10, noise=8 with 5
    explorer = playground.explore_trajectories(alpha=10.0, beta1=0.995, noise=8.0, steps=5, seed=3)
    assert explorer.kwargs == {
        "surface": "rosenbrock",
        "optimizer": "adam",
        "alpha": 10.0,
        "beta1": 0.995,
        "beta2": 0.999,
        "noise": 8.0,
        "steps": 5,
    }
    assert kernel[-1]["seed"] == 3  # was: the seed was dropped in a kernel
    assert kernel[-1]["alpha"] == pytest.approx(10.0)


def test_explore_trajectories_without_a_kernel_checks_the_same_way():
    with pytest.raises(TypeError, match="lr"):
        playground.explore_trajectories(lr=0.1)
    fig = playground.explore_trajectories(steps=5, seed=1)
    assert isinstance(fig, matplotlib.figure.Figure)
    plt.close("all")
