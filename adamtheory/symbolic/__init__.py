"""SymPy derivations, each a function that returns expressions a notebook shows and a
test checks with ``simplify(result - expected) == 0``, never by comparing strings.

Transitional: ``bias_correction`` (Section 3 and 7.2) until it moves into
``adamtheory.paper``; Algorithm 1's and Sections 5 and 7.1's derivations live in
``adamtheory.paper.<part>.derivation``. The symbols are the one table of
``adamtheory.core.symbols``.
"""

from ..core.symbols import alpha, beta1, beta2, eps, eps_hat, t  # noqa: F401
from .bias_correction import *  # noqa: F403
