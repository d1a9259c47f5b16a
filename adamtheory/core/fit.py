r"""Power-law fits :math:`y \approx c\,x^r` on log-log axes, with a confidence interval."""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
from scipy import stats

from . import validation

__all__ = ["PowerLaw", "fit_convergence_rate", "fit_power_law"]


class PowerLaw(NamedTuple):
    """``y ~ scale * x**rate``; ``low``, ``high`` bound the rate at ``level`` confidence."""

    rate: float
    scale: float
    low: float
    high: float


def fit_power_law(x: Any, y: Any, level: float = 0.95) -> PowerLaw:
    r"""Least squares of :math:`\log y = r \log x + \log c`; the interval is Student's t
    on the slope (``scipy.stats.linregress``). With only two points the interval is
    :math:`\pm\infty`; for a constant ``y`` (an exact fit) it is the rate itself."""
    x, y = validation.real_array("x", x), validation.real_array("y", y)
    level = validation.in_interval("level", level, 0.0, 1.0, closed_low=False)
    if x.shape != y.shape or x.ndim != 1 or x.size < 2:
        raise ValueError(f"x and y must be 1-d of the same length >= 2, got {x.shape}, {y.shape}")
    if not (np.all(np.isfinite(x)) and np.all(np.isfinite(y))):
        raise ValueError("x and y must be finite")
    if np.any(x <= 0) or np.any(y <= 0):
        raise ValueError("x and y must be positive for a log-log fit")
    if np.all(x == x[0]):
        raise ValueError(f"x must hold at least two different values, got {x!r}")
    fit = stats.linregress(np.log(x), np.log(y))
    # a constant y fits exactly, but linregress's correlation is then 0/0 and its stderr NaN
    stderr = 0.0 if np.all(y == y[0]) else fit.stderr
    if x.size > 2:
        half = stats.t.ppf(0.5 + level / 2, x.size - 2) * stderr
    else:
        half = np.inf
    return PowerLaw(
        float(fit.slope),
        float(np.exp(fit.intercept)),
        float(fit.slope - half),
        float(fit.slope + half),
    )


def fit_convergence_rate(x: Any, distance: Any) -> PowerLaw:
    """:func:`fit_power_law` of measured distances (to a limit method) on ``x``, with
    ``FloatingPointError`` where a distance underflowed to 0 (a tiny step size), all
    distances are equal (the runs do not approach the limit: no rate to measure) or the
    fit is not finite: a rate from such runs would be meaningless."""
    x = validation.real_array("x", x)
    distance = validation.real_array("distance", distance)
    if distance.ndim != 1 or distance.shape != x.shape or distance.size < 3:
        raise ValueError(  # two points fit exactly: an interval of +-inf, no rate to report
            f"distance must be 1-d like x {x.shape}, of length >= 3, got shape {distance.shape}"
        )
    if not np.all(np.isfinite(distance)):
        raise ValueError(f"distance must be finite, got {distance!r}")
    if not np.all(distance > 0):
        raise FloatingPointError("a trajectory distance underflowed to 0: no log-log fit")
    if np.all(distance == distance[0]):
        raise FloatingPointError(f"the distances {distance!r} are all equal: no rate to fit")
    fit = fit_power_law(x, distance)
    if not all(np.isfinite(v) for v in fit):
        raise FloatingPointError(f"the distances {distance!r} give no finite power-law fit")
    return fit
