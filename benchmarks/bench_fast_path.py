"""The fast path against the generic runner, side by side in one run.

Adam (Algorithm 1, alpha_t = 0.1/sqrt(t), beta1 = 0, beta2 = 0.1) on Reddi et al.'s
Theorem 1 problem, one configuration, record=100. The fast path runs the full
T = 10^6; the generic runner (one Python round per t) is timed on T = 10^5 and,
since its cost per round is constant (O(K d) work, no growing state), extrapolated
linearly to 10^6 (its rounds/s at 10^5 times 10). ``--full`` times the generic
runner at 10^6 too (about a minute). Also: the fast path at the paper's T = 10^7,
and a 40 x 40 (beta1, beta2) grid as one batch.

    .venv/bin/python benchmarks/bench_fast_path.py [--full]
"""

from __future__ import annotations

import sys
import time

import numpy as np

from adamtheory import online, optim
from adamtheory import problems as ce
from adamtheory.optim import schedules


def timed(fn):
    start = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - start


def main(full: bool = False) -> None:
    problem = ce.reddi_theorem1(3.0)
    opt = optim.adam(schedules.inverse_sqrt(0.1), 0.0, 0.1, 1e-8)
    T = 10**6
    T_generic = T if full else 10**5
    generic, t_generic = timed(
        lambda: online.run(opt, problem, T_generic, theta0=[1.0], record=100)
    )
    fast_short, _ = timed(
        lambda: online.fast.run(opt, problem, T_generic, theta0=[1.0], record=100)
    )
    fast, t_fast = timed(lambda: online.fast.run(opt, problem, T, theta0=[1.0], record=100))
    agree = float(np.max(np.abs(fast_short.regret - generic.regret)))
    t_generic_T = t_generic * T / T_generic
    print(
        f"generic runner  T={T_generic:>9,}: {t_generic:8.2f} s ({T_generic / t_generic:,.0f} rounds/s)"
    )
    if not full:
        print(f"generic runner  T={T:>9,}: {t_generic_T:8.2f} s (extrapolated linearly)")
    print(f"fast path       T={T:>9,}: {t_fast:8.2f} s ({T / t_fast:,.0f} rounds/s)")
    print(
        f"ratio at T=10^6: {t_generic_T / t_fast:.0f}x   (max |R_fast - R_generic| at T={T_generic:,}: {agree:.1e})"
    )
    print(f"Adam's R(T)/T at T=10^6: {fast.final_regret[0] / T:.4f}")
    paper, t_paper = timed(lambda: online.fast.run(opt, problem, 10**7, theta0=[1.0], record=100))
    print(
        f"fast path       T=10^7:     {t_paper:8.2f} s, R(T)/T = {paper.final_regret[0] / 10**7:.4f}"
    )
    b1, b2 = np.meshgrid(np.linspace(0, 0.95, 40), 1 - np.logspace(0, -4, 40), indexing="ij")
    grid = optim.adam(
        schedules.inverse_sqrt(0.1),
        b1.reshape(-1, 1),
        b2.reshape(-1, 1),
        0.0,
        bias_correction=False,
    )
    period = ce.PeriodicLinear(10.0, 10)
    _, t_grid = timed(
        lambda: online.fast.run(grid, period, 20_000, theta0=np.zeros((1600, 1)), record=2)
    )
    print(f"fast path, 1600 configurations x T=20,000 in one batch: {t_grid:.2f} s")


if __name__ == "__main__":
    main(full="--full" in sys.argv)
