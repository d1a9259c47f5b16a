"""Sample objects that the case tables of several layers and parts share, with the
argument kinds that describe them (the kinds in general live in ``harness.py``): a
parameter vector and a gradient, a linear loss stream, gradient rows and a sequence."""

from __future__ import annotations

import numpy as np
from harness import array, instance

from adamtheory import optim, problems

THETA = np.array([0.5, -1.0, 2.0])
GRAD = np.array([0.1, -0.2, 0.3])
ARR3 = array((3,), wrong=((2, 5), (4,)))
"""The kind of a GRAD-like array: shape (3,), finite; (2, 5) and (4,) are refused."""

LINEAR = problems.random_linear(20, 3, seed=0)
OBJ_OPT = instance(optim.adam, "adam")
"""An optimizer argument: the factory itself or its name are refused."""

GRADS = np.array([[0.5, -1.0, 0.25], [1.0, 0.3, -0.2], [0.1, 0.1, 0.4]])
GRADS_KIND = array((3, 3), empty_ok=False)
"""Three rounds of 3-d gradients (a paper part's ``grads``)."""

SEQ = np.array([1.0, 0.5, 0.25, 0.125])
SEQ_KIND = array((4,), empty_ok=False)
"""A short sequence (iterates to average, gradients of one coordinate)."""
