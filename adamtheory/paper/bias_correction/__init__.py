"""Section 3 of the paper, initialisation bias correction (notebook 03).

Claims ``sec3-unrolled``, ``sec3-expectation`` and ``sec3-no-correction-large-steps``.
``derivation`` (SymPy: the unrolled moments, E[v_t] and zeta, the correction factors,
the uncorrected step ratio), ``gradients`` (gradient models with known moments),
``instability`` (training with and without correction), ``studies`` (evidence
records), ``checks`` (verdict rules and ``CHECKS``).
"""
