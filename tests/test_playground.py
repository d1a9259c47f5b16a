"""The playground's figures build without a front end; its widgets build in a kernel."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pytest

from adamtheory import optim, playground
from adamtheory.problems import surfaces


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.mark.parametrize(
    ("surface", "optimizer"),
    list(zip(surfaces.SURFACES, ["sgd", "nesterov", "adadelta", "adam", "amsgrad"], strict=True)),
)
def test_trajectory_figure_builds_for_every_surface(surface, optimizer):
    fig = playground.trajectory_figure(surface, optimizer, alpha=0.01, noise=0.5, steps=20)
    assert len(fig.axes) == 2
    label = playground.plotting.LABELS[optimizer]
    (path_line,) = [line for line in fig.axes[0].lines if line.get_label() == label]
    assert len(path_line.get_xdata()) == 21  # start + 20 steps
    assert fig.axes[1].lines[0].get_ydata().shape == (21,)


def test_optimizer_for_maps_the_knobs():
    assert optim.ALL  # the nine
    for name in optim.ALL:
        opt = playground.optimizer_for(name, 0.02, 0.8, 0.95)
        assert opt.name == name and opt.hyperparameters["alpha"] == 0.02
    assert playground.optimizer_for("momentum", 0.1, 0.8, 0.95).hyperparameters["mu"] == 0.8
    assert playground.optimizer_for("rmsprop", 0.1, 0.8, 0.95).hyperparameters["rho"] == 0.95
    assert playground.optimizer_for("adam", 0.1, 0.8, 0.95).hyperparameters["beta2"] == 0.95
    with pytest.raises(ValueError, match="name"):
        playground.optimizer_for("adamw", 0.1)


def test_phase_diagram_separates_failure_from_convergence():
    diagram = playground.phase_diagram(n=6, T=2000)
    assert diagram["phase"].shape == (6, 6) and diagram["x"].shape == (6, 6)
    # beta1 = 0: small beta2 sticks at the wrong end +1 (Reddi), large beta2 reaches -1
    assert diagram["phase"][0, 0] == 2 and diagram["x"][0, 0] > 0.9
    assert diagram["phase"][0, -1] == 0 and abs(diagram["x"][0, -1] + 1) < 0.2
    assert playground.phase_diagram(n=6, T=2000) is diagram  # cached
    with pytest.raises(ValueError):
        diagram["phase"][0, 0] = 1  # read-only: shared by every caller


def test_step_bound_figure_and_errors():
    fig = playground.step_bound_figure(0.9, 0.999, horizon=50)
    exact = fig.axes[0].lines[0].get_ydata()
    assert len(exact) == 50 and exact[0] == pytest.approx(1.0)  # |Delta_1| = alpha exactly
    with pytest.raises(ValueError, match="beta1"):
        playground.step_bound_figure(1.0, 0.999)
    with pytest.raises(ValueError, match="surface"):
        playground.trajectory_figure("himmelblau")


def test_explorers_give_a_static_figure_without_a_kernel():
    assert isinstance(playground.explore_trajectories(steps=10), matplotlib.figure.Figure)
    assert isinstance(playground.explore_step_bound(0.5, 0.99), matplotlib.figure.Figure)


def test_explorers_build_widgets_in_a_kernel(monkeypatch):
    widgets = pytest.importorskip("ipywidgets")
    monkeypatch.setattr(playground, "_in_kernel", lambda: True)
    shown = []
    monkeypatch.setattr(playground.plotting, "show", lambda fig, alt: shown.append(fig))
    explorer = playground.explore_trajectories(steps=10)
    assert isinstance(explorer, widgets.interactive)
    names = [c.description for c in explorer.children[:-1]]
    assert names == ["surface", "optimizer", "alpha", "beta1", "beta2", "noise", "steps"]
    explorer.children[0].value = "beale"  # moving a control redraws
    assert len(shown) == 2 and shown[-1].axes[0].get_title() == "Beale's function"
    bound = playground.explore_step_bound()
    assert isinstance(bound, widgets.interactive) and len(shown) == 3
    assert np.isclose(bound.children[1].value, 0.999)
