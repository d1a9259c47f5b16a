"""One training step of each Section 6 model, NumPy (this package) against the same
architecture in PyTorch on the CPU, side by side in one run.

    python benchmarks/bench_models.py [--repeats 7] [--threads N]

A step is the forward pass, the backward pass and one Adam update, on a minibatch of
128, in float32, dropout on. Both sides get the same number of threads (``--threads``,
default: what the BLAS library would use). Variants are timed round-robin and the
median of the rounds is reported, so a noisy machine slows both alike. The ratio is
NumPy's time over torch's: below 1 NumPy is faster. Targets (issue 12): within 2x for
logistic regression and the MLP, within 3x for the CNN.
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np
from threadpoolctl import threadpool_info, threadpool_limits

from adamtheory import models, optim

BATCH = 128


def numpy_step(model, shape, classes, rng):
    X = rng.random((BATCH, *shape), dtype=np.float32)
    y = rng.integers(0, classes, BATCH) if classes else None
    theta = model.init(seed=0)
    opt = optim.adam(1e-4)
    box = {"state": opt.init(theta)}
    noise = np.random.default_rng(0)

    def step():
        _, grad = model.loss_and_grad(theta, X, y, noise)
        box["state"] = opt.step(theta, grad, box["state"])

    return step


def torch_step(name, shape, classes, rng):
    import torch
    from torch import nn

    F = nn.functional
    if name == "logistic regression":
        net = nn.Linear(784, 10)
        loss_fn = lambda out, x, y: F.cross_entropy(out, y) + 0.5e-4 * (net.weight**2).sum()  # noqa: E731
        forward = lambda x: net(x.flatten(1))  # noqa: E731
    elif name.startswith("MLP"):
        net = nn.Sequential(nn.Flatten(), nn.Linear(784, 1000), nn.ReLU(), nn.Dropout(0.5),
                            nn.Linear(1000, 1000), nn.ReLU(), nn.Dropout(0.5), nn.Linear(1000, 10))  # fmt: skip
        loss_fn, forward = (lambda out, x, y: F.cross_entropy(out, y)), net
    elif name.startswith("CNN"):
        layers = [nn.Dropout(0.2)]
        c_in = shape[-1]
        for c_out in (64, 64, 128):
            layers += [nn.Conv2d(c_in, c_out, 5, padding=2), nn.ReLU(), nn.MaxPool2d(3, 2)]
            c_in = c_out
        side = shape[0]
        for _ in range(3):
            side = (side - 3) // 2 + 1
        layers += [nn.Flatten(), nn.Linear(128 * side * side, 1000), nn.ReLU(), nn.Dropout(0.5),
                   nn.Linear(1000, classes)]  # fmt: skip
        net = nn.Sequential(*layers)
        loss_fn = lambda out, x, y: F.cross_entropy(out, y)  # noqa: E731
        forward = lambda x: net(x.permute(0, 3, 1, 2))  # noqa: E731
    else:  # the VAE
        enc, mu, sig = nn.Linear(784, 500), nn.Linear(500, 50), nn.Linear(500, 50)
        dec1, dec2 = nn.Linear(50, 500), nn.Linear(500, 784)
        net = nn.ModuleList([enc, mu, sig, dec1, dec2])

        def forward(x):
            h = F.softplus(enc(x))
            m, lv = mu(h), sig(h)
            z = m + torch.exp(0.5 * lv) * torch.randn_like(m)
            return dec2(F.softplus(dec1(z))), m, lv

        def loss_fn(out, x, y):
            logits, m, lv = out
            nll = F.binary_cross_entropy_with_logits(logits, x, reduction="sum")
            return (nll - 0.5 * torch.sum(1 + lv - m**2 - lv.exp())) / len(x)

    X = torch.tensor(rng.random((BATCH, *shape), dtype=np.float32))
    y = torch.tensor(rng.integers(0, classes, BATCH)) if classes else None
    opt = torch.optim.Adam(net.parameters(), lr=1e-4)

    def step():
        opt.zero_grad()
        loss_fn(forward(X), X, y).backward()
        opt.step()

    return step


CASES = [
    ("logistic regression", lambda: models.LogisticRegression(784, 10), (784,), 10),
    ("MLP 784-1000-1000-10", lambda: models.MLP((784, 1000, 1000, 10)), (784,), 10),
    ("CNN c64-c64-c128-1000 (32x32x3)", lambda: models.CNN((32, 32, 3)), (32, 32, 3), 10),
    ("VAE 784-500-50", lambda: models.VAE(784, 500, 50), (784,), 0),
]


def _time(step) -> float:
    start = time.perf_counter()
    step()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--threads", type=int, default=None)
    args = parser.parse_args()
    try:
        import torch
    except ModuleNotFoundError:
        print("torch is not installed: nothing to compare against (pip install -e '.[dev]')")
        return
    blas = [info.get("num_threads") for info in threadpool_info() if info["user_api"] == "blas"]
    threads = args.threads or (blas[0] if blas else 1)
    torch.set_num_threads(threads)
    print(f"float32, minibatch {BATCH}, {threads} thread(s) each; median of {args.repeats} rounds")
    print(f"{'model':<34}{'numpy ms':>10}{'torch ms':>10}{'numpy/torch':>13}")
    rng = np.random.default_rng(0)
    with threadpool_limits(limits=threads, user_api="blas"):
        for name, make, shape, classes in CASES:
            ours, theirs = (
                numpy_step(make(), shape, classes, rng),
                torch_step(name, shape, classes, rng),
            )
            ours(), theirs()  # warm-up
            rounds = [(_time(ours), _time(theirs)) for _ in range(args.repeats)]
            a = statistics.median(r[0] for r in rounds) * 1e3
            b = statistics.median(r[1] for r in rounds) * 1e3
            print(f"{name:<34}{a:>10.2f}{b:>10.2f}{a / b:>13.2f}")


if __name__ == "__main__":
    main()
