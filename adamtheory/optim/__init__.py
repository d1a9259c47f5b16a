"""Optimizers as ``(init, update)`` pairs, in NumPy: Adam and its family.

>>> from adamtheory import optim
>>> opt = optim.adam(alpha=1e-3)
>>> state = opt.init([1.0, -2.0])
>>> step, state = opt.update([0.5, -0.5], state)
>>> step.round(6).tolist()
[-0.001, 0.001]
"""

from . import schedules
from ._core import Hyperparameter, Interval, Optimizer, safe_ratio
from .adam import AdaMaxState, AdamState, AMSGradState, adam, adamax, amsgrad
from .adapter import InPlace
from .adaptive import AdadeltaState, AdaGradState, RMSPropState, adadelta, adagrad, rmsprop
from .averaging import AverageState, ema_average, polyak_average
from .classic import MomentumState, SGDState, momentum, nesterov, sgd
from .lp_adam import LpAdamState, lp_adam

ALL = {
    "sgd": sgd,
    "momentum": momentum,
    "nesterov": nesterov,
    "adagrad": adagrad,
    "adadelta": adadelta,
    "rmsprop": rmsprop,
    "adam": adam,
    "amsgrad": amsgrad,
    "adamax": adamax,
}
"""Every optimizer factory by name, in the order of seed 001's tour."""

__all__ = [
    "ALL",
    "AMSGradState",
    "AdaGradState",
    "AdaMaxState",
    "AdadeltaState",
    "AdamState",
    "AverageState",
    "Hyperparameter",
    "InPlace",
    "Interval",
    "LpAdamState",
    "MomentumState",
    "Optimizer",
    "RMSPropState",
    "SGDState",
    "adadelta",
    "adagrad",
    "adam",
    "adamax",
    "amsgrad",
    "ema_average",
    "lp_adam",
    "momentum",
    "nesterov",
    "polyak_average",
    "rmsprop",
    "safe_ratio",
    "schedules",
    "sgd",
]
