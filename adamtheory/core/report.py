"""Numbers as notebooks and the ledger print them: rounded, never round-off digits.

A difference that is round-off (3.1e-15 on one machine, 3.4e-15 on another) is printed
as a bound, ``"< 1e-12"``, so stored notebook outputs are the same on every machine.
"""

from __future__ import annotations

import math

from . import validation

__all__ = ["ROUND_OFF", "at_most", "rounded"]

ROUND_OFF = 1e-12
"""Below this a float64 difference of O(1) quantities is treated as round-off: some
thousand operations at 1.1e-16 each stay under 1e-12."""


def at_most(x: float, floor: float = ROUND_OFF) -> str:
    """``"< 1e-12"`` for |x| below ``floor``, else ``x`` to 3 significant digits."""
    x = _real("x", x)
    floor = float(validation.positive("floor", floor))
    if math.isnan(x):
        return "nan"
    if abs(x) < floor:
        return f"< {floor:.0e}".replace("e-0", "e-")
    return f"{x:.3g}"


def rounded(x: float, digits: int = 3) -> str:
    """``x`` to ``digits`` significant digits."""
    digits = validation.count("digits", digits)
    return f"{_real('x', x):.{digits}g}"


def _real(name: str, x: object) -> float:
    """A real scalar, NaN and inf allowed (they print as such): not a string or a bool."""
    array = validation.real_array(name, x)
    if array.ndim != 0:
        raise ValueError(f"{name} must be a scalar, got shape {array.shape}")
    return float(array)
