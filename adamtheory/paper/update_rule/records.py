"""The checks of the update-rule studies' run records (issue 11): a record built by hand
or from the wrong study is refused with an error naming ``runs``, not a bare KeyError or
a silent wrong evidence entry."""

from __future__ import annotations

from typing import Any

import numpy as np

from ...core import validation

__all__ = ["SNR_ENTRIES", "TRUST_STEPS", "checked_snr_runs", "checked_trust_runs"]

TRUST_STEPS = 2000
"""Steps of every trust-region run, at both scales. The share of steps above alpha is a
property of training, where the steps are made: a run continued long after it has
converged adds steps of size ~0 that dilute it (the full-batch MLP's 1.3% of 2000 steps
is 0.6% of 20000), so the paper scale adds seeds, not steps."""


SNR_ENTRIES = {
    "additive": ("beta1", "rms_snr", "floor", "floor_theory", "fit"),
    "exact": ("beta1", "rms_snr", "floor"),
    "vanishing": ("beta1", "rms_snr", "floor"),
}
"""What :func:`.studies.snr_record` reads of each setting's :func:`.typical.snr_run` record."""


def _snr_run(runs, noise: str) -> dict:
    """``runs[noise]`` checked: its arrays finite, ``rms_snr`` (steps, K), the others (K,)."""
    label = f"runs[{noise!r}]"
    run = validation.record(label, runs[noise], SNR_ENTRIES[noise])
    out = dict(run)
    for key in SNR_ENTRIES[noise]:
        if key == "fit":
            keys = ("exponent", "prefactor")
            fit = validation.record(f"{label}['fit']", run["fit"], keys)
            out["fit"] = {
                k: validation.finite_float(f"{label}['fit'][{k!r}]", fit[k]) for k in keys
            }
            continue
        out[key] = validation.real_array(f"{label}[{key!r}]", run[key])
        if not np.all(np.isfinite(out[key])):
            raise ValueError(f"{label}[{key!r}] must be finite")
    K = out["floor"].shape
    shapes = [out[k].shape for k in SNR_ENTRIES[noise] if k not in ("fit", "rms_snr")]
    if out["rms_snr"].ndim != 2 or out["rms_snr"].shape[1:] != K or len(K) != 1 or K[0] == 0:
        raise ValueError(f"{label}: rms_snr must be (steps, K) and floor (K,), K >= 1")
    if any(shape != K for shape in shapes) or out["rms_snr"].shape[0] < 20:
        raise ValueError(f"{label}: the per-beta1 arrays must be (K,), rms_snr >= 20 steps")
    return out


def checked_snr_runs(runs: Any) -> dict[str, dict]:
    """``runs`` of :func:`.studies.snr_runs`, checked: a mapping holding the three settings
    with the entries of :data:`SNR_ENTRIES`, finite arrays of consistent shapes, and an
    additive run at beta1 = 0.9 with a positive ``floor_theory``; the exact and vanishing
    runs' first column at beta1 = 0.9 (the record reads it as such)."""
    runs = validation.record("runs", runs, SNR_ENTRIES)
    runs = {noise: _snr_run(runs, noise) for noise in SNR_ENTRIES}
    additive = runs["additive"]
    if not np.any(np.isclose(additive["beta1"], 0.9)) or not np.all(additive["floor_theory"] > 0):
        raise ValueError("runs['additive'] must hold beta1 = 0.9 and a floor_theory > 0")
    for noise in ("exact", "vanishing"):
        if not np.isclose(runs[noise]["beta1"][0], 0.9):
            raise ValueError(f"runs[{noise!r}] must start with beta1 = 0.9")
    return runs


def checked_trust_runs(runs: Any) -> dict[str, np.ndarray]:
    """``runs`` checked: a nonempty mapping of scenario -> finite |Delta|/alpha >= 0 whose
    rows are whole runs of :data:`TRUST_STEPS` steps, as many in every scenario."""
    runs = validation.record("runs", runs)
    if not runs:
        raise ValueError("runs must hold at least one scenario (name -> |Delta|/alpha)")
    out = {}
    for name, ratios in runs.items():
        label = f"runs[{name!r}]"
        out[name] = np.atleast_1d(validation.nonnegative(label, ratios))
        if out[name].shape[0] == 0 or out[name].shape[0] % TRUST_STEPS:
            raise ValueError(
                f"{label} must hold whole runs of TRUST_STEPS = {TRUST_STEPS} steps (rows), "
                f"got {out[name].shape[0]} rows"
            )
    lengths = {len(ratios) for ratios in out.values()}
    if len(lengths) > 1:
        raise ValueError(f"runs must hold as many runs in every scenario, got rows {lengths}")
    return out
