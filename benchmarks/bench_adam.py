"""Adam's step, side by side in one run: the package against a naive NumPy version and
against torch.optim.Adam (when torch is installed); and K configurations as one batch
against a Python loop over them.

    python benchmarks/bench_adam.py [--repeats 15]

Variants are timed round-robin, one step each per round, and the median of the rounds
is reported, so a noisy machine slows every variant alike. Ratios > 1 mean the
package is faster. float64 throughout.
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

from adamtheory import optim

ALPHA, BETA1, BETA2, EPS = 1e-3, 0.9, 0.999, 1e-8


class NaiveAdam:
    """Algorithm 1 as seed 001's from-scratch style writes it: new arrays every step."""

    def __init__(self, theta):
        self.theta, self.m, self.v, self.t = theta, np.zeros_like(theta), np.zeros_like(theta), 0

    def step(self, g):
        self.t += 1
        self.m = BETA1 * self.m + (1 - BETA1) * g
        self.v = BETA2 * self.v + (1 - BETA2) * g**2
        m_hat = self.m / (1 - BETA1**self.t)
        v_hat = self.v / (1 - BETA2**self.t)
        self.theta = self.theta - ALPHA * m_hat / (np.sqrt(v_hat) + EPS)


def package_fast(theta, g):
    opt = optim.adam(ALPHA, BETA1, BETA2, EPS)
    box = {"state": opt.init(theta)}

    def step():
        box["state"] = opt.step(theta, g, box["state"])

    return step


def package_pure(theta, g):
    opt = optim.adam(ALPHA, BETA1, BETA2, EPS)
    box = {"state": opt.init(theta), "theta": theta}

    def step():
        update, box["state"] = opt.update(g, box["state"])
        box["theta"] = box["theta"] + update

    return step


def naive(theta, g):
    runner = NaiveAdam(theta.copy())
    return lambda: runner.step(g)


def torch_default(theta, g):
    import torch

    torch.set_num_threads(1)  # NumPy's element-wise ufuncs run on one thread too
    param = torch.tensor(theta, dtype=torch.float64, requires_grad=True)
    param.grad = torch.tensor(g, dtype=torch.float64)
    opt = torch.optim.Adam([param], lr=ALPHA, betas=(BETA1, BETA2), eps=EPS)
    return opt.step


def time_round_robin(variants: dict, repeats: int, steps: int = 1) -> dict:
    """Median seconds per step of each variant; each round times ``steps`` steps of
    every variant in turn, so slow phases of a noisy machine hit all of them."""
    for step in variants.values():  # warm-up: first-touch page faults, torch's lazy state
        step()
    times = {name: [] for name in variants}
    for _ in range(repeats):
        for name, step in variants.items():
            start = time.perf_counter()
            for _ in range(steps):
                step()
            times[name].append((time.perf_counter() - start) / steps)
    return {name: statistics.median(ts) for name, ts in times.items()}


def bench_dimensions(repeats: int) -> None:
    try:
        import torch  # noqa: F401

        has_torch = True
    except ImportError:
        has_torch = False
        print("torch not installed: the torch column is skipped")
    rng = np.random.default_rng(0)
    print(f"\nAdam step, float64, median of {repeats} round-robin rounds")
    print("targets: step/naive <= 1.3 at d = 1e3; pure/naive <= 1.0 at d = 1e7")
    header = f"{'d':>10} {'package':>11} {'pure':>11} {'naive':>11} {'torch':>11}"
    print(header + f" {'step/naive':>10} {'pure/naive':>10} {'torch/step':>10}")
    for d in (10**3, 10**5, 10**7):
        theta, g = rng.standard_normal(d), rng.standard_normal(d)
        variants = {
            "package": package_fast(theta.copy(), g),
            "pure": package_pure(theta.copy(), g),
            "naive": naive(theta, g),
        }
        if has_torch:
            variants["torch"] = torch_default(theta.copy(), g)
        steps = {10**3: 200, 10**5: 10, 10**7: 1}[d]
        med = time_round_robin(variants, repeats if d < 10**7 else max(5, repeats // 2), steps)
        torch_ms = f"{1e3 * med['torch']:9.3f}ms" if has_torch else f"{'-':>11}"
        torch_ratio = f"{med['torch'] / med['package']:10.2f}" if has_torch else f"{'-':>10}"
        print(
            f"{d:>10.0e} {1e3 * med['package']:9.3f}ms {1e3 * med['pure']:9.3f}ms "
            f"{1e3 * med['naive']:9.3f}ms {torch_ms} "
            f"{med['package'] / med['naive']:10.2f} {med['pure'] / med['naive']:10.2f} "
            f"{torch_ratio}"
        )


def bench_batch(K: int = 1000, d: int = 10, steps: int = 50, repeats: int = 5) -> None:
    rng = np.random.default_rng(1)
    alphas = np.geomspace(1e-4, 1e-1, K)
    grads = rng.standard_normal((steps, K, d))

    def batched():
        opt = optim.adam(alpha=alphas[:, None])
        theta = np.zeros((K, d))
        state = opt.init(theta)
        for g in grads:
            state = opt.step(theta, g, state)
        return theta

    def looped():
        thetas = np.zeros((K, d))
        for k in range(K):
            opt = optim.adam(alpha=alphas[k])
            state = opt.init(thetas[k])
            for g in grads[:, k]:
                state = opt.step(thetas[k], g, state)
        return thetas

    np.testing.assert_allclose(batched(), looped(), rtol=1e-12)  # same numbers, first
    med = time_round_robin({"batch": batched, "loop": looped}, repeats)
    print(f"\n{K} configurations of d = {d}, {steps} steps: one batch vs a Python loop")
    print(
        f"  batch {1e3 * med['batch']:.1f} ms, loop {1e3 * med['loop']:.1f} ms, "
        f"loop/batch = {med['loop'] / med['batch']:.0f}x"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    bench_dimensions(args.repeats)
    bench_batch()


if __name__ == "__main__":
    main()
