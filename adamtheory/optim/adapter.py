r"""The book's interface as a bridge: ``update(params, grads)`` in place on a dict of arrays.

Seed 001 (after the book *Deep Learning from Scratch*) writes each optimizer as a
small class whose ``update(params, grads)`` walks a dict of parameter arrays and
changes them in place. :class:`InPlace` gives any optimizer of this package that
interface, so a student's training loop in the book's style runs the verified
optimizers unchanged:

>>> import numpy as np
>>> from adamtheory import optim
>>> params = {"W": np.ones((2, 2)), "b": np.zeros(2)}
>>> grads = {"W": np.full((2, 2), 0.5), "b": np.array([1.0, -1.0])}
>>> opt = optim.InPlace(optim.adam(alpha=0.1))
>>> opt.update(params, grads)           # params changed in place, like the book's
>>> params["b"].round(6).tolist()
[-0.1, 0.1]

Each key gets its own state (``opt.init(params[key])`` on the first call), and every
step is ``opt.update(grads[key], state)`` added to ``params[key]``: the functional
form's arithmetic exactly, with the bookkeeping the book's classes do by hand
(``self.v = None`` on the first call). A parameter must stay the same float64 array
(in place) and the keys the same from call to call.
"""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

import numpy as np

from ._core import Optimizer

__all__ = ["InPlace"]


class InPlace:
    """An ``(init, update)`` optimizer behind the book's ``update(params, grads)``.

    ``opt``: an optimizer built by a factory (``optim.adam(alpha=1e-3)``, not the
    factory ``optim.adam`` itself). ``states`` holds one optimizer state per key after
    the first call; ``t`` is the number of calls so far.
    """

    def __init__(self, opt: Optimizer):
        if not isinstance(opt, Optimizer):
            hint = " (call the factory: optim.adam(), not optim.adam)" if callable(opt) else ""
            raise TypeError(f"opt must be an adamtheory optimizer{hint}, got {type(opt).__name__}")
        self.opt = opt
        self.states: dict[Any, Any] | None = None
        self.t = 0

    def update(self, params: MutableMapping[Any, np.ndarray], grads: Any) -> None:
        """One step for every key of ``params``, written into its array in place."""
        _check(params, grads)
        if self.states is None:
            states = {key: self.opt.init(value) for key, value in params.items()}
        else:
            states = self.states
            if set(params) != set(states):
                raise ValueError(
                    f"params has keys {sorted(map(str, params))}, but the first call had "
                    f"{sorted(map(str, states))}: make a new InPlace for a new model"
                )
        steps = {}
        for key in params:  # compute every step first: a bad gradient changes nothing
            try:
                steps[key], states[key] = self.opt.update(grads[key], states[key])
            except (TypeError, ValueError) as exc:  # say which entry of grads
                raise type(exc)(f"grads[{key!r}]: {exc}") from exc
        for key, step in steps.items():
            params[key] += step
        self.states, self.t = states, self.t + 1

    def __repr__(self) -> str:
        return f"InPlace({self.opt!r})"


def _check(params: Any, grads: Any) -> None:
    if not isinstance(params, MutableMapping):
        raise TypeError(f"params must be a dict of arrays, got {type(params).__name__}")
    if not hasattr(grads, "keys") or not hasattr(grads, "__getitem__"):
        raise TypeError(f"grads must be a dict of arrays, got {type(grads).__name__}")
    missing = [key for key in params if key not in grads]
    if missing:
        raise ValueError(f"grads has no entry for the params {missing}")
    for key, value in params.items():
        if not isinstance(value, np.ndarray) or value.dtype != np.float64:
            got = value.dtype if isinstance(value, np.ndarray) else type(value).__name__
            raise TypeError(
                f"params[{key!r}] must be a float64 NumPy array (it is changed in place), "
                f"got {got}"
            )
        if not value.flags.writeable:
            raise ValueError(f"params[{key!r}] is read-only: it cannot be changed in place")
