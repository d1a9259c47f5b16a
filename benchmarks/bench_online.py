"""Benchmark of ``adamtheory.online.run``: per-step overhead and batching.

1. Overhead: ``online.run`` against a bare NumPy loop doing the same arithmetic (the
   loss, the gradient, the comparator's loss, ``opt.step``, the projection and the
   bookkeeping of Theorem 4.1's quantities), on one run. Target: ratio <= 1.5.
2. Batching: K = 100 runs (a grid of step sizes) in one call against 100 separate
   calls. Target: speed-up >= 20.

Run: ``.venv/bin/python benchmarks/bench_online.py`` (prints the ratios; about 20 s).
"""

from __future__ import annotations

import time

import numpy as np

from adamtheory import online, optim
from adamtheory.optim import schedules
from adamtheory.problems import random_linear

T_OVERHEAD, T_BATCH, D, K = 20_000, 1_000, 10, 100


def best_of(fn, repeat=3):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def bare_loop(problem, T, alpha):
    """The harness's arithmetic, written inline: what a student would write."""
    coefficients = problem.coefficients[0]  # (T, d)
    theta_star = problem.best_fixed(T).theta
    opt = optim.adam(alpha=schedules.inverse_sqrt(alpha))
    theta = np.zeros((1, problem.dim))
    state = opt.init(theta)
    losses, comp = np.empty(T), np.empty(T)
    sum_sq = np.zeros_like(theta)
    g2, ginf2 = 0.0, 0.0
    lo, hi = theta.copy(), theta.copy()
    for t in range(T):
        np.minimum(lo, theta, out=lo)
        np.maximum(hi, theta, out=hi)
        g = coefficients[t][None]
        losses[t] = theta[0] @ coefficients[t]
        comp[t] = theta_star[0] @ coefficients[t]
        sq = g * g
        sum_sq += sq
        g2, ginf2 = max(g2, sq.sum()), max(ginf2, sq.max())
        state = opt.step(theta, g, state)
        np.clip(theta, -1.0, 1.0, out=theta)
    return np.cumsum(losses - comp)


def main():
    problem = random_linear(T_OVERHEAD, D, seed=0)
    opt = optim.adam(alpha=schedules.inverse_sqrt(0.1))
    harness = best_of(lambda: online.run(opt, problem, T_OVERHEAD))
    bare = best_of(lambda: bare_loop(problem, T_OVERHEAD, 0.1))
    check = online.run(opt, problem, T_OVERHEAD).regret[:, 0]
    assert np.allclose(check, bare_loop(problem, T_OVERHEAD, 0.1))  # same arithmetic
    print(
        f"per step: harness {harness / T_OVERHEAD * 1e6:.1f} us, bare loop {bare / T_OVERHEAD * 1e6:.1f} us"
    )
    print(f"overhead ratio harness / bare loop: {harness / bare:.2f}  (target <= 1.5)")

    problem = random_linear(T_BATCH, D, seed=1)
    alphas = np.geomspace(1e-3, 1.0, K)[:, None]
    batched_opt = optim.adam(alpha=schedules.inverse_sqrt(alphas))
    batched = best_of(lambda: online.run(batched_opt, problem, T_BATCH, batch=K), repeat=2)
    singles = [optim.adam(alpha=schedules.inverse_sqrt(float(a))) for a in alphas[:, 0]]
    separate = best_of(lambda: [online.run(o, problem, T_BATCH) for o in singles], repeat=1)
    print(f"K={K} runs: one batched call {batched:.3f} s, {K} separate calls {separate:.3f} s")
    print(f"batching speed-up: {separate / batched:.1f}x  (target >= 20x)")


if __name__ == "__main__":
    main()
