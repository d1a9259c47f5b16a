"""When Adam fails: Reddi, Kale & Kumar (ICLR 2018), AMSGrad, Zhang et al. (NeurIPS 2022).

Claims ``reddi-thm1``, ``reddi-thm2``, ``reddi-thm3``, ``amsgrad-regret`` and
``zhang-phase-diagram``; notebook ``notebooks/09_when_adam_fails.ipynb``.

- ``derivation``: SymPy, Theorem 1's stationary second moments and the drift per period.
- ``studies``: Reddi's Theorems 1-3 (Adam's iterate at the period starts, AMSGrad beside it).
- ``amsgrad``: Reddi et al.'s Theorem 4 bound and the ``amsgrad-regret`` study.
- ``proof``: Theorem 4.1's assumptions and :math:`\\Gamma_t` on Reddi's Theorem 1 witness.
- ``phases``: Zhang et al.'s Adam (shuffled or with-replacement sampling) on the
  (beta1, beta2) grid as one batch, and the phase-diagram study.
- ``checks``: the verdict rules and ``CHECKS``.
"""
