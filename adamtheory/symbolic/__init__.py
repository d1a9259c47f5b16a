"""SymPy derivations, each a function that returns expressions a notebook shows and a
test checks with ``simplify(result - expected) == 0``, never by comparing strings.

One module per part of the paper: ``algorithm`` (Algorithm 1, the efficient order),
``limits`` (Section 5 and 7.1).
"""

from .algorithm import *  # noqa: F403
from .limits import *  # noqa: F403
