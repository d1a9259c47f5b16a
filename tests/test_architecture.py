"""The layout's rules (DESIGN.md, README "Architecture"), read from the code's own imports.

Layers, from the bottom: core < optim < {online, models, data, plotting} < problems
< paper.<part> < {ledger, playground} < __main__. A module imports only its own layer
or the layers below; a part of the paper never imports another part; ``studies``
never imports ``checks``; nothing below the ledger imports it; notebooks use public
names only; no module passes 400 lines.
"""

import ast
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "adamtheory"

LAYER = {
    "core": 0,
    "optim": 1,
    "online": 2,
    "models": 2,
    "data": 2,
    "plotting": 2,
    "problems": 3,
    "paper": 4,
    "ledger": 5,
    "playground": 5,
    "__main__": 6,
    "__init__": 6,
}
"""Every top-level module or package of adamtheory and its floor."""

MAX_LINES = 400


def _modules():
    return sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def _name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> set[str]:
    """Absolute names of the adamtheory modules that ``path`` imports."""
    tree = ast.parse(path.read_text())
    package = _name(path) if path.name == "__init__.py" else _name(path).rpartition(".")[0]
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.startswith("adamtheory")}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            if module.startswith("adamtheory"):
                found.add(module)
                found |= {f"{module}.{a.name}" for a in node.names}
    return found


def _top(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _existing(module: str) -> str | None:
    """``module`` or its longest prefix that is a module of the package."""
    parts = module.split(".")
    while parts:
        path = ROOT.joinpath(*parts)
        if path.with_suffix(".py").exists() or (path / "__init__.py").exists():
            return ".".join(parts)
        parts.pop()
    return None


EDGES = [
    (_name(p), target)
    for p in _modules()
    for imported in _imports(p)
    if (target := _existing(imported)) and target != _name(p)
]


def test_every_top_level_module_has_a_layer():
    tops = {_top(_name(p)) for p in _modules()}
    assert tops <= set(LAYER), tops - set(LAYER)


def test_imports_only_go_down():
    upward = [
        (a, b) for a, b in EDGES if _top(b) != "__init__" and LAYER[_top(a)] < LAYER[_top(b)]
    ]
    assert not upward


def test_a_part_of_the_paper_never_imports_another():
    def part(m):
        p = m.split(".")
        return p[2] if len(p) > 2 and p[1] == "paper" else None

    crossing = [(a, b) for a, b in EDGES if part(a) and part(b) and part(a) != part(b)]
    assert not crossing


def test_studies_never_import_checks():
    bad = [(a, b) for a, b in EDGES if ".studies" in a and b.endswith(".checks")]
    assert not bad


def test_same_layer_siblings_do_not_import_each_other_upward():
    """online, models, data and plotting share a floor and stay independent."""
    floor = {"online", "models", "data", "plotting"}
    bad = [(a, b) for a, b in EDGES if _top(a) in floor and _top(b) in floor - {_top(a)}]
    assert not bad


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(ROOT)))
def test_modules_stay_short(path):
    assert len(path.read_text().splitlines()) <= MAX_LINES


def test_no_two_modules_share_a_name_that_needs_an_alias():
    """``from x import a as b`` between package modules means two names collide."""
    aliased = []
    for p in _modules():
        for node in ast.walk(ast.parse(p.read_text())):
            if isinstance(node, ast.ImportFrom) and (
                node.level or (node.module or "").startswith("adamtheory")
            ):
                aliased += [(_name(p), a.name, a.asname) for a in node.names if a.asname]
    assert not aliased


NAMEDTUPLE_API = {"_asdict", "_replace", "_fields", "_make"}
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_notebooks_use_public_names_only(notebook):
    cells = json.loads(notebook.read_text())["cells"]
    code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    assert "adamtheory.claims" not in code and "adamtheory.ledger" not in code
    pattern = r"(?:from adamtheory[\w.]* import [^\n]*\b(_[a-z]\w*)|\b[a-z]\w*\.(_[a-z]\w*)\()"
    found = re.findall(pattern, code)
    private = {name for pair in found for name in pair if name} - NAMEDTUPLE_API
    assert not private
