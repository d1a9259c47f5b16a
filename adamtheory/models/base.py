"""A model's parameters as one flat vector, the form the optimizers take.

``theta`` is a single contiguous array; :meth:`Model.unpack` gives named views of it
(weights and biases), and the gradient is written into views of one array the same
way, so an optimizer updates every layer in one call.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

__all__ = ["Model"]


class Model:
    """Base class: subclasses set ``shapes`` (name -> shape) and define ``forward_backward``.

    ``loss_and_grad(theta, X, y, rng)`` returns the training loss of the minibatch and
    its gradient with respect to ``theta``; ``rng`` draws the noise (dropout masks, the
    VAE's reparameterisation), and ``rng=None`` switches dropout off (evaluation).
    """

    shapes: dict[str, tuple[int, ...]]

    def _layout(self) -> None:
        self.offsets, start = {}, 0
        for name, shape in self.shapes.items():
            size = math.prod(shape)
            self.offsets[name] = (start, start + size)
            start += size
        self.size = start

    def unpack(self, theta: np.ndarray) -> dict[str, np.ndarray]:
        """Named views of ``theta`` (writing into one writes into ``theta``)."""
        if theta.shape != (self.size,):
            raise ValueError(f"theta must have shape ({self.size},), got {theta.shape}")
        return {
            name: theta[a:b].reshape(self.shapes[name]) for name, (a, b) in self.offsets.items()
        }

    def init(self, seed: int = 0, dtype=np.float32) -> np.ndarray:
        """He-normal weights (variance 2 / fan-in) and zero biases, seeded."""
        rng = np.random.default_rng(seed)
        theta = np.zeros(self.size, dtype=dtype)
        for name, view in self.unpack(theta).items():
            if name.startswith("W"):
                fan_in = math.prod(view.shape[:-1])
                view[...] = rng.standard_normal(view.shape) * math.sqrt(2.0 / fan_in)
        return theta

    def loss_and_grad(self, theta: np.ndarray, X: Any, y: Any, rng=None):
        grad = np.zeros_like(theta)
        loss = self.forward_backward(self.unpack(theta), X, y, rng, self.unpack(grad))
        return loss, grad

    def loss(self, theta: np.ndarray, X: Any, y: Any, rng=None) -> float:
        return self.forward_backward(self.unpack(theta), X, y, rng, None)

    def forward_backward(self, params, X, y, rng, grads) -> float:  # pragma: no cover
        """Return the loss; when ``grads`` (views) is given, write the gradient into it."""
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.size:,} parameters)"
