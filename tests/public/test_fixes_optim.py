"""Regression tests of the bugs the public-input property test found in the optimizers
(``adamtheory.optim``): each failed before its fix."""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

from adamtheory import optim

sys.path.insert(0, str(Path(__file__).parent))
from harness import RAGGED  # noqa: E402


@pytest.mark.parametrize("name", sorted(optim.ALL))
def test_ragged_theta_is_a_type_error_naming_theta(name):
    # was: numpy's "setting an array element with a sequence" (a ValueError naming nothing)
    with pytest.raises(TypeError, match="theta"):
        optim.ALL[name]().init(RAGGED)


def test_in_place_adapter_missing_gradient_is_a_value_error():
    # was: a raw KeyError
    with pytest.raises(ValueError, match="grads"):
        optim.InPlace(optim.adam()).update({"w": np.zeros(3)}, {})
    # was: "grad must be a real number or array": the entry of grads was not named
    with pytest.raises(TypeError, match=r"^grads\['w'\]: grad must"):
        optim.InPlace(optim.adam()).update({"w": np.zeros(3)}, {"w": "x"})


def test_lp_adam_schedule_that_does_not_broadcast_is_named():
    # was: numpy "non-broadcastable output operand with shape (3,)"
    opt = optim.lp_adam(alpha=lambda t: np.ones((2, 3)))
    with pytest.raises(ValueError, match="alpha"):
        opt.update(np.ones(3), opt.init(np.zeros(3)))
