"""Root conftest: plain ``pytest`` runs the unit tests and every notebook under nbval.

Strict nbval (every stored output is compared), outputs sanitized with
``tests/sanitize.cfg``, and the kernel of the Python running pytest, so the
notebooks see the same installed ``adamtheory``. Works from any folder of the repo.
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent


def pytest_configure(config):
    option = config.option
    if not hasattr(option, "nbval"):  # nbval disabled with -p no:nbval
        return
    if not option.nbval_lax:
        option.nbval = True
    if not option.nbval_sanitize_with:
        option.nbval_sanitize_with = str(ROOT / "tests" / "sanitize.cfg")
    option.nbval_current_env = True
