"""Section 4 and the Appendix: regret (notebook ``notebooks/04_regret.ipynb``).

Claims: ``thm4.1-regret-bound`` (Theorem 4.1), ``cor4.2-average-regret`` (Corollary 4.2),
``lemma10.3``, ``lemma10.4`` and ``sec4-sparse-log-d`` (the O(log d sqrt T) paragraph).

Modules: ``derivation`` (SymPy), ``lemmas`` (both sides of Lemmas 10.3/10.4 and their
corrected forms), ``theorem`` (Theorem 4.1's witnesses and benign runs; the right-hand
side itself is ``adamtheory.online.theorem41_rhs``), ``sparse`` (bound factors and regrets
on sparse features), ``studies`` (the evidence records) and ``checks`` (the rules).
"""
