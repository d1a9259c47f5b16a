"""Section 7.2 of the paper, temporal averaging of the parameters (notebook 08).

Claim ``sec7.2-averaging-correction``. ``derivation`` (SymPy: the unrolled EMA of the
iterates, its correction, bias and variance of each average), ``studies`` (the
package's ``optim.ema_average`` on constant and noisy converging sequences),
``checks`` (the verdict rule and ``CHECKS``). The averagers themselves live in
``adamtheory.optim.averaging``.
"""
