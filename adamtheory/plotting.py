"""One figure style for every notebook: sizes, fonts, and a colour per optimizer.

Figures are made to read on a projector: large type, mathtext for formulas
(``r"$\\hat v_t$"``, Computer Modern), a colour per optimizer that stays distinct
for all nine methods (also under the three common colour-vision deficiencies), a
line style per method as a second cue, and legends placed outside the data
(:func:`legend_outside`).

>>> from adamtheory import plotting
>>> plotting.use_style()          # once, in a notebook's first cell
>>> plotting.color("adam")
'#CC3311'
>>> plotting.style("amsgrad")["label"]
'AMSGrad'
"""

from __future__ import annotations

import io

import matplotlib as mpl
import matplotlib.pyplot as plt

__all__ = [
    "COLORS",
    "LABELS",
    "LINESTYLES",
    "STYLE",
    "color",
    "legend_outside",
    "png_bytes",
    "show",
    "style",
    "use_style",
]

COLORS = {
    "sgd": "#000000",  # black: the baseline
    "momentum": "#33BBEE",  # cyan
    "nesterov": "#0072B2",  # blue
    "adagrad": "#CCBB44",  # olive yellow
    "adadelta": "#CC79A7",  # pink
    "rmsprop": "#EE6677",  # rose
    "adam": "#CC3311",  # red: the method of the paper
    "amsgrad": "#332288",  # indigo
    "adamax": "#882255",  # wine
}
"""The same optimizer has the same colour in every figure of the project.

Chosen from the Okabe-Ito and Paul Tol colour-blind-safe qualitative palettes so that
every pair differs by at least 21 (CIELAB Delta E) for normal vision and under the
Machado et al. (2009) simulations of protanopia, deuteranopia and tritanopia
(``tests/test_plotting.py`` checks it); the former palette had pairs at 4.6 under
protanopia and put momentum, Adam and AMSGrad in three close warm hues.
"""

LINESTYLES = {
    "sgd": "-",
    "momentum": "--",
    "nesterov": "-.",
    "adagrad": ":",
    "adadelta": "--",
    "rmsprop": "-.",
    "adam": "-",
    "amsgrad": "--",
    "adamax": ":",
}
"""A second cue besides colour (for grey-scale prints and crowded figures)."""

LABELS = {
    "sgd": "SGD",
    "momentum": "Momentum",
    "nesterov": "Nesterov",
    "adagrad": "AdaGrad",
    "adadelta": "Adadelta",
    "rmsprop": "RMSProp",
    "adam": "Adam",
    "amsgrad": "AMSGrad",
    "adamax": "AdaMax",
}
"""How the methods are written in legends and tables."""

STYLE = {
    "figure.figsize": (8.0, 4.5),
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "font.size": 12,
    "axes.titlesize": 13,
    "axes.labelsize": 13,
    "xtick.labelsize": 11,
    "ytick.labelsize": 11,
    "legend.fontsize": 11,
    "mathtext.fontset": "cm",
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
    return COLORS[_known(name)]


def _known(name: str) -> str:
    if name not in COLORS:
        raise ValueError(f"name must be one of {sorted(COLORS)}, got {name!r}")
    return name


def style(name: str) -> dict[str, str]:
    """``color``, ``linestyle`` and ``label`` of an optimizer, for ``ax.plot(..., **style(n))``."""
    name = _known(name)
    return {"color": COLORS[name], "linestyle": LINESTYLES[name], "label": LABELS[name]}


def legend_outside(ax, **kwargs):
    """A legend to the right of ``ax``, outside the data (``show`` keeps it in the PNG).

    Keyword arguments go to ``ax.legend`` (``title=``, ``ncol=``, ``handles=``...).
    """
    options = {"loc": "upper left", "bbox_to_anchor": (1.02, 1.0), "borderaxespad": 0.0}
    return ax.legend(**(options | kwargs))


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
    png = png_bytes(fig)
    plt.close(fig)
    display(Image(png, format="png", metadata={"alt": alt.strip()}))


def png_bytes(fig) -> bytes:
    """``fig`` as PNG bytes, reduced to a 256-colour palette when that is smaller.

    Figures of many anti-aliased lines are large as true-colour PNGs; a palette of
    256 colours (median cut) keeps them sharp at about a third of the size, which
    keeps the committed notebooks small.
    """
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")
    try:
        from PIL import Image as PILImage
    except ImportError:  # pragma: no cover - Pillow comes with Matplotlib
        return buffer.getvalue()
    buffer.seek(0)
    with PILImage.open(buffer) as image:
        palette = image.convert("RGB").quantize(colors=256, method=PILImage.Quantize.MEDIANCUT)
    small = io.BytesIO()
    palette.save(small, format="PNG", optimize=True)
    return min(small.getvalue(), buffer.getvalue(), key=len)
