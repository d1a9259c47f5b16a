"""The paper, one package per notebook (and per part of the paper).

Each part holds ``derivation`` (SymPy: expressions the notebook shows), ``studies``
(experiments returning evidence records) and ``checks`` (each claim id's verdict
rule and ``CHECKS``). A part imports only the layers below it (``core``, ``optim``,
``online``, ``problems``, ``models``, ``data``), never another part.
"""
