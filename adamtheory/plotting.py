"""One figure style for every notebook: sizes, fonts, and a colour per optimizer.

>>> from adamtheory import plotting
>>> plotting.use_style()          # once, in a notebook's first cell
>>> plotting.color("adam")
'#d62728'
"""

from __future__ import annotations

import io

import matplotlib as mpl
import matplotlib.pyplot as plt

__all__ = ["COLORS", "STYLE", "color", "show", "use_style"]

COLORS = {
    "sgd": "#7f7f7f",
    "momentum": "#8c564b",
    "nesterov": "#2ca02c",
    "adagrad": "#1f77b4",
    "adadelta": "#bcbd22",
    "rmsprop": "#9467bd",
    "adam": "#d62728",
    "amsgrad": "#ff7f0e",
    "adamax": "#e377c2",
}
"""The same optimizer has the same colour in every figure of the project."""

STYLE = {
    "figure.figsize": (8.0, 4.5),
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "font.size": 11,
    "axes.titlesize": 12,
    "axes.labelsize": 11,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "legend.frameon": False,
    "lines.linewidth": 1.8,
    "image.cmap": "viridis",
}


def use_style() -> None:
    """Apply the project's Matplotlib style to every figure that follows."""
    mpl.rcParams.update(STYLE)


def color(name: str) -> str:
    """The colour of an optimizer by its factory name (``"adam"``, ``"sgd"``, ...)."""
    try:
        return COLORS[name]
    except KeyError:
        raise ValueError(f"name must be one of {sorted(COLORS)}, got {name!r}") from None


def show(fig, alt: str) -> None:
    """Display ``fig`` in a notebook as a PNG that carries ``alt``, a one-sentence
    description for readers who cannot see it (screen readers, the lecture site).

    Use it instead of ``plt.show()`` in lecture notebooks: the PNG is stored with
    ``{"image/png": {"alt": alt}}`` in its output metadata, and the figure is closed
    so the inline backend does not draw it a second time.
    """
    from IPython.display import Image, display

    if not isinstance(alt, str) or not alt.strip():
        raise ValueError("alt must be a non-empty description of the figure")
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")
    plt.close(fig)
    display(Image(buffer.getvalue(), format="png", metadata={"alt": alt.strip()}))
