"""Regression tests of the bugs the public-input property test found in the paper's
averaging part (``adamtheory.paper.averaging``): each failed before its fix. Its studies are
also checked by tests that sit with the first part they call: in test_fixes_adamax.py and
test_fixes_failures.py."""

from __future__ import annotations

import numpy as np
import pytest


def test_average_iterates_names_its_own_beta():
    # was: "beta2 must lie in [0, 1)" (the averager's name) for average_iterates(beta=1.5)
    from adamtheory.paper.averaging import studies as av

    with pytest.raises(ValueError, match=r"^beta must"):
        av.average_iterates(np.ones((3, 2)), beta=1.5)
    with pytest.raises(TypeError, match=r"^beta must"):
        av.average_iterates(np.ones((3, 2)), beta="0.9")
