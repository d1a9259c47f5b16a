"""adamtheory: the Adam paper (Kingma & Ba, ICLR 2015) checked claim by claim, and taught.

Modules: ``optim`` (Adam and its family as (init, update) pairs), ``online`` (online convex learning and regret), ``problems``, ``paper`` (one package per part of the paper),
``symbolic`` (SymPy derivations), ``claims`` (the ledger), ``plotting``.
"""

__version__ = "0.1.0"
