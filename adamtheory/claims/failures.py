"""Checks of this part of the paper (registered with @check)."""

from ._registry import Result, check  # noqa: F401
