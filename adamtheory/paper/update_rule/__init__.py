"""Section 2.1, Adam's update rule (notebook ``02_update_rule``), and AdaMax's step bound.

Claims: ``sec2.1-bound-sparse``, ``sec2.1-bound-otherwise``, ``sec2.1-equal-case``,
``sec2.1-trust-region``, ``sec2.1-snr-annealing``, ``sec2.1-scale-invariance`` and
``sec7.1-adamax-step-bound``.

Modules: ``derivation`` (SymPy: the exact worst case by Cauchy-Schwarz), ``bounds``
(its closed forms and maximising sequences, Adam and AdaMax), ``search`` (a search in
the raw gradients, random sequences, a linear program), ``typical`` (the typical step
and the SNR, on runs of Adam), ``mlp`` (a small NumPy MLP for those runs),
``invariance`` (scale invariance and float64's edges), ``records`` (the checks of the
studies' run records), ``studies`` (the evidence records) and ``checks`` (the verdict
rules and ``CHECKS``).
"""
