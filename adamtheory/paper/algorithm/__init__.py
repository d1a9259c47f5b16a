"""Algorithm 1 and the end of Section 2 (notebook ``01_adam_algorithm``).

Claims: ``alg1`` (the package's ``optim.adam`` is Algorithm 1, epsilon after the square
root of the corrected v-hat, the paper's defaults) and ``efficient-order`` (the cheaper
order of computation with alpha_t and eps-hat gives Algorithm 1's iterates).
``derivation`` solves for eps-hat in SymPy, ``studies`` runs the package against an
independent Algorithm 1, ``checks`` holds the two verdict rules.
"""
