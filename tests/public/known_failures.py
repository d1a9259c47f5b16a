"""Failures the public-input test found that are not fixed yet: one entry per
``function:argument`` with its first offending value and what happened. Each is a
STRICT xfail: once fixed, pytest reports XPASS as a failure and the entry must go.

Empty: every failure found so far is fixed, each with a regression test in the
``test_fixes_<layer or part>.py`` of its module. A new entry needs a reason it cannot be
fixed at once.
"""

# fmt: off
KNOWN_FIXED: dict[str, str] = {
}

KNOWN_DRAWN: dict[str, str] = {
}
# fmt: on
