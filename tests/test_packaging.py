"""pyproject.toml and environment.yml list the same packages; the README's commands
are the ones CI runs."""

import re
from pathlib import Path

import tomllib

ROOT = Path(__file__).resolve().parents[1]


def _name_and_bound(requirement: str) -> tuple[str, str]:
    match = re.fullmatch(r"\s*([A-Za-z0-9_.-]+)\s*(.*?)\s*", requirement)
    return match.group(1).lower().replace("_", "-"), match.group(2).replace(" ", "")


def pyproject_requirements() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    listed = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        listed += extra
    return dict(_name_and_bound(r) for r in listed)


def conda_requirements() -> dict[str, str]:
    packages = {}
    text = (ROOT / "environment.yml").read_text()
    for line in text.split("dependencies:", 1)[1].splitlines():
        # conda packages ("  - name"), and the pip section's packages ("      - name")
        item = re.match(r"^(?:  |      )- ([A-Za-z0-9_][A-Za-z0-9_.-]*[^#]*)$", line)
        if item:
            name, bound = _name_and_bound(item.group(1))
            if name not in ("python", "pip"):
                packages[name] = bound
    return packages


def test_environment_yml_lists_the_same_packages_and_bounds_as_pyproject():
    """Every extra included: ``dev`` and ``site`` (the lecture site)."""
    assert conda_requirements() == pyproject_requirements()


def test_python_floor_is_the_same():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["requires-python"] == ">=3.10"
    assert "  - python>=3.10" in (ROOT / "environment.yml").read_text()


def test_readme_has_exactly_one_main_and_one_test_command():
    readme = (ROOT / "README.md").read_text()
    for marker, needle in (("main-command", "adamtheory verify"), ("test-command", "pytest")):
        blocks = re.findall(rf"<!-- {marker} -->\n(.*?)\n<!-- {marker} -->", readme, re.S)
        assert len(blocks) == 1, marker
        lines = [line for line in blocks[0].splitlines() if line.startswith("python")]
        assert len(lines) == 1 and needle in lines[0]
        assert "-m venv" in lines[0]  # makes its own environment on a fresh machine


def test_readme_has_one_site_command_that_ci_runs():
    readme = (ROOT / "README.md").read_text()
    blocks = re.findall(r"<!-- site-command -->\n(.*?)\n<!-- site-command -->", readme, re.S)
    assert len(blocks) == 1
    lines = [line for line in blocks[0].splitlines() if line.startswith("python")]
    assert len(lines) == 1 and ".[site]" in lines[0] and "site/build.py" in lines[0]
    assert "site-command" in (ROOT / ".ci" / "run").read_text()


def test_ci_runs_the_readme_test_command():
    script = (ROOT / ".ci" / "run").read_text()
    assert "test-command" in script and "README.md" in script
