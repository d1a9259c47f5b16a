"""The figure style: nine colours that stay apart, for every reader."""

import itertools

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_rgb

from adamtheory import optim, plotting

# Machado, Oliveira & Fernandes (2009), severity 1.0, on linear RGB
VISION = {
    "normal": np.eye(3),
    "protanopia": [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
                   [-0.003882, -0.048116, 1.051998]],
    "deuteranopia": [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                     [-0.011820, 0.042940, 0.968881]],
    "tritanopia": [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602],
                   [0.004733, 0.691367, 0.303900]],
}  # fmt: skip
MIN_DELTA_E = 20.0
"""CIELAB Delta E 76 between any two methods' colours: 2.3 is just noticeable; lines
of two colours 20 apart are told apart at a glance even thin and on a projector."""


def lab(hex_color, matrix=VISION["normal"]):
    c = np.asarray(to_rgb(hex_color))
    linear = np.where(c <= 0.04045, c / 12.92, ((c + 0.055) / 1.055) ** 2.4)
    linear = np.clip(np.asarray(matrix) @ linear, 0, 1)
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]])
    t = xyz @ linear / np.array([0.95047, 1.0, 1.08883])
    f = np.where(t > (6 / 29) ** 3, np.cbrt(t), t / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


@pytest.mark.parametrize("vision", list(VISION))
def test_nine_colours_stay_apart(vision):
    names = list(optim.ALL)
    assert set(plotting.COLORS) == set(names) == set(plotting.LINESTYLES) == set(plotting.LABELS)
    for a, b in itertools.combinations(names, 2):
        distance = np.linalg.norm(
            lab(plotting.COLORS[a], VISION[vision]) - lab(plotting.COLORS[b], VISION[vision])
        )
        assert distance >= MIN_DELTA_E, (vision, a, b, distance)


def test_every_colour_reads_on_white():
    for name, colour in plotting.COLORS.items():
        assert np.linalg.norm(lab(colour) - lab("#ffffff")) >= 40, name


def test_style_and_errors():
    assert plotting.style("adam") == {"color": "#CC3311", "linestyle": "-", "label": "Adam"}
    with pytest.raises(ValueError, match="name"):
        plotting.style("adamw")
    with pytest.raises(ValueError, match="name"):
        plotting.color("Adam")


def test_legend_outside_sits_right_of_the_axes():
    fig, ax = plt.subplots(figsize=(4, 3))
    ax.plot([0, 1], [0, 1], **plotting.style("adam"))
    legend = plotting.legend_outside(ax)
    fig.canvas.draw()
    box = legend.get_window_extent()
    assert box.x0 > ax.get_window_extent().x1
    plt.close(fig)


def test_png_bytes_is_a_smaller_valid_png():
    fig, ax = plt.subplots(figsize=(6, 4))
    rng = np.random.default_rng(0)
    for name in plotting.COLORS:
        ax.plot(np.cumsum(rng.normal(size=500)), **plotting.style(name))
    png = plotting.png_bytes(fig)
    import io

    full = io.BytesIO()
    fig.savefig(full, format="png", bbox_inches="tight")
    plt.close(fig)
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) <= len(full.getvalue())
