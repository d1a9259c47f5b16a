"""Loss sequences and test surfaces for online convex learning and the counterexamples.

``online_convex``: online linear and logistic losses, the sparse hinge family of
Duchi, Hazan and Singer. ``counterexamples``: Reddi, Kale and Kumar (2018), Zhang et al. (2022).
"""

from . import surfaces as surfaces  # the tour's 2-D test surfaces
from .counterexamples import *  # noqa: F403
from .online_convex import *  # noqa: F403
