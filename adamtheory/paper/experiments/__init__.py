"""Section 6: the paper's experiments, from scratch in NumPy, on real data (notebook 06).

``studies`` runs them (``*_runs`` for the figures, ``*_evidence`` for the ledger);
``checks`` holds the verdict rules and ``CHECKS``; ``protocol`` the shared protocol
(grids, best step size, summaries); ``derivation`` the gradients in SymPy.
"""
