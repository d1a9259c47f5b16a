"""Section 5, related work (notebook ``05_adagrad_and_rmsprop``).

Claims: ``sec5-adagrad-limit`` (beta1 = 0, beta2 -> 1, alpha_t = alpha/sqrt(t): bias-corrected
Adam becomes AdaGrad; without the correction it does not) and ``sec5-rmsprop-relation``
(RMSProp with momentum rescales then averages, Adam averages then rescales).
``derivation`` (SymPy), ``studies`` (batched runs on a noisy quadratic, the closed-form
difference), ``checks`` (the two rules).
"""
