"""optim.InPlace: the book's ``update(params, grads)`` over the package's optimizers.

References: the functional form itself (exact equality), and the book-style classes
of seed 001 and of *Deep Learning from Scratch* (``common/optimizer.py``) written out
here independently of the package."""

import numpy as np
import pytest

from adamtheory import optim

SHAPES = {"W1": (3, 4), "b1": (4,), "W2": (4, 2), "b2": (2,)}


def make_params(seed=0):
    rng = np.random.default_rng(seed)
    return {key: rng.normal(size=shape) for key, shape in SHAPES.items()}


def gradients(params, rng):
    """A gradient that depends on the parameters (a noisy quadratic pull to 1)."""
    return {k: (p - 1.0) + 0.1 * rng.normal(size=p.shape) for k, p in params.items()}


def run_book_style(optimizer, steps=30, seed=0):
    params, rng = make_params(seed), np.random.default_rng(seed + 1)
    ids = {k: id(v) for k, v in params.items()}
    for _ in range(steps):
        optimizer.update(params, gradients(params, rng))
    assert {k: id(v) for k, v in params.items()} == ids  # in place, like the book
    return params


def run_functional(opt, steps=30, seed=0):
    params, rng = make_params(seed), np.random.default_rng(seed + 1)
    states = {k: opt.init(p) for k, p in params.items()}
    for _ in range(steps):
        grads = gradients(params, rng)
        for k in params:
            step, states[k] = opt.update(grads[k], states[k])
            params[k] = params[k] + step
    return params


@pytest.mark.parametrize("name", list(optim.ALL))
def test_in_place_equals_the_functional_form_exactly(name):
    opt = optim.ALL[name]()
    book, functional = run_book_style(optim.InPlace(opt)), run_functional(opt)
    for key in SHAPES:
        np.testing.assert_array_equal(book[key], functional[key])


# --- the book's classes, written out (seed 001 for SGD and Momentum; DL from Scratch) ---


class SeedSGD:
    def __init__(self, lr=0.01):
        self.lr = lr

    def update(self, params, grads):
        for param in params.keys():
            params[param] -= self.lr * grads[param]


class SeedMomentum:
    def __init__(self, lr=0.01, momentum=0.9):
        self.lr, self.momentum, self.v = lr, momentum, None

    def update(self, params, grads):
        if self.v is None:
            self.v = {key: np.zeros_like(val) for key, val in params.items()}
        for param in params.keys():
            self.v[param] *= self.momentum
            self.v[param] -= self.lr * grads[param]
            params[param] += self.v[param]


class BookAdaGrad:
    def __init__(self, lr=0.01):
        self.lr, self.h = lr, None

    def update(self, params, grads):
        if self.h is None:
            self.h = {key: np.zeros_like(val) for key, val in params.items()}
        for key in params.keys():
            self.h[key] += grads[key] * grads[key]
            params[key] -= self.lr * grads[key] / (np.sqrt(self.h[key]) + 1e-7)


class BookRMSprop:
    def __init__(self, lr=0.01, decay_rate=0.99):
        self.lr, self.decay_rate, self.h = lr, decay_rate, None

    def update(self, params, grads):
        if self.h is None:
            self.h = {key: np.zeros_like(val) for key, val in params.items()}
        for key in params.keys():
            self.h[key] *= self.decay_rate
            self.h[key] += (1 - self.decay_rate) * grads[key] * grads[key]
            params[key] -= self.lr * grads[key] / (np.sqrt(self.h[key]) + 1e-7)


class BookAdam:
    def __init__(self, lr=0.001, beta1=0.9, beta2=0.999):
        self.lr, self.beta1, self.beta2, self.iter, self.m, self.v = (
            lr,
            beta1,
            beta2,
            0,
            None,
            None,
        )

    def update(self, params, grads):
        if self.m is None:
            self.m = {key: np.zeros_like(val) for key, val in params.items()}
            self.v = {key: np.zeros_like(val) for key, val in params.items()}
        self.iter += 1
        lr_t = self.lr * np.sqrt(1.0 - self.beta2**self.iter) / (1.0 - self.beta1**self.iter)
        for key in params.keys():
            self.m[key] += (1 - self.beta1) * (grads[key] - self.m[key])
            self.v[key] += (1 - self.beta2) * (grads[key] ** 2 - self.v[key])
            params[key] -= lr_t * self.m[key] / (np.sqrt(self.v[key]) + 1e-7)


@pytest.mark.parametrize(
    ("book", "package"),
    [
        (SeedSGD(0.05), optim.sgd(0.05)),
        (SeedMomentum(0.05, 0.9), optim.momentum(0.05, 0.9)),
        (BookAdaGrad(0.1), optim.adagrad(0.1, eps=1e-7)),
        (BookRMSprop(0.01, 0.99), optim.rmsprop(0.01, rho=0.99, eps=1e-7)),
        # the book's Adam is the paper's "efficient order" with a constant eps-hat
        (BookAdam(0.01), optim.adam(0.01, eps=1e-7, efficient_order=True)),
    ],
    ids=["sgd", "momentum", "adagrad", "rmsprop", "adam-efficient-order"],
)
def test_the_adapter_reproduces_the_books_classes(book, package):
    # the book's moment updates are written m += (1-b)(g-m): a few ulps from b m + (1-b) g
    expected, got = run_book_style(book), run_book_style(optim.InPlace(package))
    for key in SHAPES:
        np.testing.assert_allclose(got[key], expected[key], rtol=1e-12, atol=1e-14)


def test_the_books_adam_is_not_algorithm_1_with_the_same_eps():
    """eps-hat = 1e-7 in the efficient order is eps_t = 1e-7/sqrt(1 - beta2^t) in
    Algorithm 1's: 31.6 times larger at t = 1. The iterates differ visibly."""
    book = run_book_style(BookAdam(0.01), steps=3)
    algorithm1 = run_book_style(optim.InPlace(optim.adam(0.01, eps=1e-7)), steps=3)
    assert not np.allclose(book["W1"], algorithm1["W1"], rtol=1e-12, atol=0)


def test_a_training_loop_in_the_books_style_learns():
    """Logistic regression on two separable blobs, written as the book writes it."""
    rng = np.random.default_rng(0)
    X = np.vstack([rng.normal(-2, 1, (50, 2)), rng.normal(2, 1, (50, 2))])
    y = np.repeat([0.0, 1.0], 50)
    params = {"w": np.zeros(2), "b": np.zeros(1)}
    opt = optim.InPlace(optim.adam(alpha=0.1))
    for _ in range(200):
        p = 1 / (1 + np.exp(-(X @ params["w"] + params["b"])))
        grads = {"w": X.T @ (p - y) / len(y), "b": np.array([np.mean(p - y)])}
        opt.update(params, grads)
    accuracy = np.mean(((X @ params["w"] + params["b"]) > 0) == y)
    assert accuracy >= 0.97 and opt.t == 200


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (lambda o: optim.InPlace(optim.adam), TypeError, "call the factory"),
        (lambda o: optim.InPlace("adam"), TypeError, "opt must be"),
        (lambda o: o.update([np.zeros(2)], {}), TypeError, "params must be a dict"),
        (lambda o: o.update({"w": np.zeros(2)}, [np.zeros(2)]), TypeError, "grads must be"),
        (
            lambda o: o.update({"w": np.zeros(2)}, {"b": np.zeros(2)}),
            ValueError,
            "grads has no entry",
        ),
        (
            lambda o: o.update({"w": np.zeros(2, int)}, {"w": np.ones(2)}),
            TypeError,
            r"params\['w'\]",
        ),
        (lambda o: o.update({"w": 1.0}, {"w": 1.0}), TypeError, r"params\['w'\]"),
        (lambda o: o.update({"w": np.zeros(2)}, {"w": np.ones(3)}), ValueError, "shape"),
        (
            lambda o: o.update({"w": np.zeros(2)}, {"w": np.array([1.0, np.nan])}),
            ValueError,
            "non-finite",
        ),
    ],
)
def test_bad_input_is_named(call, error, match):
    with pytest.raises(error, match=match):
        call(optim.InPlace(optim.sgd()))


def test_a_bad_gradient_changes_no_parameter_and_new_keys_are_refused():
    opt = optim.InPlace(optim.sgd(0.1))
    params = {"a": np.zeros(2), "b": np.zeros(2)}
    opt.update(params, {"a": np.ones(2), "b": np.ones(2)})
    before = {k: v.copy() for k, v in params.items()}
    with pytest.raises(ValueError, match="non-finite"):
        opt.update(params, {"a": np.ones(2), "b": np.array([np.inf, 0.0])})
    for key in params:
        np.testing.assert_array_equal(params[key], before[key])
    assert opt.t == 1
    with pytest.raises(ValueError, match="first call had"):
        opt.update({"a": np.zeros(2)}, {"a": np.ones(2)})
    assert repr(opt) == "InPlace(sgd(alpha=0.1))"
