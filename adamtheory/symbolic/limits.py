"""SymPy derivations for this part of the paper."""

__all__: list[str] = []
