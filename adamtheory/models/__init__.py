"""Section 6's models, written from scratch in NumPy, forward and backward.

Each model keeps its parameters in one flat vector ``theta`` (what an optimizer
updates) and gives ``loss_and_grad(theta, X, y, rng) -> (loss, gradient)``:

- :class:`LogisticRegression`: multiclass, L2, optional dropout noise on the inputs
  (dense images or a sparse bag of words), Section 6.1;
- :class:`MLP`: fully connected ReLU layers with dropout, Section 6.2;
- :class:`CNN`: c64-c64-c128 5x5 convolutions with 3x3/2 max-pooling, 1000 ReLU,
  dropout, Section 6.3 (convolution by im2col);
- :class:`VAE`: 500 softplus hidden units, 50-d Gaussian latent, negative ELBO, 6.4.

:func:`train` runs the minibatch loop. Every gradient is tested against central
finite differences in float64 and against ``torch.autograd``.

>>> import numpy as np
>>> from adamtheory import models
>>> net = models.MLP((4, 8, 3), dropout=0.0)
>>> theta = net.init(seed=0, dtype=np.float64)
>>> loss, grad = net.loss_and_grad(theta, np.ones((2, 4)), np.array([0, 2]))
>>> grad.shape == theta.shape
True
"""

from . import layers
from .base import Model
from .cnn import CNN
from .logistic import LogisticRegression
from .mlp import MLP
from .train import History, train
from .vae import VAE

__all__ = ["CNN", "MLP", "VAE", "History", "LogisticRegression", "Model", "layers", "train"]
