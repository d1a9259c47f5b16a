"""Section 7.1, AdaMax (notebook ``07_adamax``).

Claims: ``sec7.1-adamax-limit`` (the L^p moment's p-th root tends to
u_t = max(beta2 u_{t-1}, |g_t|)) and ``sec7.1-adamax-no-correction`` (u_t needs no bias
correction). ``derivation`` (SymPy: the squeeze for every t, the vanishing correction),
``studies`` (L^p-Adam against AdaMax, the startup bias of u_t under noise), ``checks``.
(``sec7.1-adamax-step-bound`` is checked with the update rule of Section 2.1.)
"""
