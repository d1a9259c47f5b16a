"""The lowest layer: what every other layer shares, written once.

``validation`` (argument checks with errors that name the argument), ``ema``
(exponential moving averages and their bias correction), ``fit`` (power-law fits),
``symbols`` (the one SymPy symbol table), ``verdict`` (the verdict contract of the
ledger) and ``report`` (numbers as notebooks print them). Nothing here imports any
other part of the package.
"""
