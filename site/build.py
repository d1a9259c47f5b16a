"""Build the lecture site: ``python site/build.py`` (from the repository's root, in the
venv that has ``.[site]``). The last line it prints is the folder to open.

1. runs ``python -m adamtheory verify --json`` (or reads ``--ledger-json FILE``);
2. stages a Jupyter Book in ``site/_build/src``: this folder's ``_config.yml``,
   ``_static/`` and ``_ext/``, the landing page filled with the ledger's headline
   findings and the README's commands, the generated ledger page, the notebooks
   ``notebooks/NN_*.ipynb`` (every one there, in order: a new one needs no edit), and
   the generated ``_toc.yml``;
3. builds it with Jupyter Book 1 (notebooks NOT re-executed: their committed outputs
   are shown) into ``site/_build/html``, warnings as errors;
4. with ``--pdf``, prints every page to ``site/_build/pdf/*.pdf`` with headless Chromium.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402  (site/ is not a package: "site" is a stdlib module)

NOTEBOOK_GLOB = "[0-9][0-9]_*.ipynb"
"""A lecture notebook is ``NN_topic.ipynb``; the chapters follow NN."""

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def log(message: str) -> None:
    print(f"[site] {message}", file=sys.stderr, flush=True)


def ledger_records(ledger_json: Path | None) -> list[dict]:
    """The ledger's records: from ``ledger_json`` if given, else by running it."""
    if ledger_json is not None:
        return json.loads(ledger_json.read_text())
    log("running python -m adamtheory verify --json")
    run = subprocess.run(
        [sys.executable, "-m", "adamtheory", "verify", "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    try:
        records = json.loads(run.stdout)
    except json.JSONDecodeError:
        sys.stderr.write(run.stderr)
        raise SystemExit(
            f"site: the ledger printed no JSON (exit code {run.returncode})"
        ) from None
    if run.returncode != 0:
        log(f"the ledger exited with {run.returncode}: a check crashed (shown as 'error')")
    return records


def stage(src: Path, notebooks_dir: Path, records: list[dict]) -> list[str]:
    """Write the book's sources into ``src``; return its notebook documents in order."""
    if src.exists():
        shutil.rmtree(src)
    (src / "notebooks").mkdir(parents=True)
    shutil.copy2(HERE / "_config.yml", src / "_config.yml")
    for folder in ("_static", "_ext"):
        shutil.copytree(HERE / folder, src / folder, ignore=shutil.ignore_patterns("__pycache__"))
    notebooks = {}
    for path in sorted(notebooks_dir.glob(NOTEBOOK_GLOB)):
        shutil.copy2(path, src / "notebooks" / path.name)
        title = generate.notebook_title(json.loads(path.read_text()), fallback=path.stem)
        notebooks["notebooks/" + path.name] = title
    readme = (ROOT / "README.md").read_text()
    intro = generate.fill(
        (HERE / "intro.md").read_text(),
        {
            "ledger-summary": generate.summary_markdown(records),
            "commands": generate.commands_markdown(readme),
        },
    )
    (src / "intro.md").write_text(intro)
    (src / "ledger.md").write_text(generate.ledger_markdown(records, notebooks))
    (src / "_toc.yml").write_text(generate.toc_yaml(list(notebooks)))
    return list(notebooks)


def book_build(src: Path, path_output: Path) -> Path:
    """Jupyter Book 1 builds ``src`` into ``path_output/_build/html`` (all pages, warnings
    as errors: a broken link or reference fails the build)."""
    bin_dir = Path(sys.executable).parent
    jupyter_book = shutil.which("jupyter-book", path=str(bin_dir)) or "jupyter-book"
    html = path_output / "_build" / "html"
    if html.exists():
        shutil.rmtree(html)
    command = [jupyter_book, "build", str(src), "--path-output", str(path_output), "--all"]
    command += ["-W", "--keep-going", "-q"]
    subprocess.run(command, check=True, stdout=sys.stderr)
    return html


def print_pdfs(html: Path, pdf: Path) -> None:
    """Every page of the site printed to PDF by headless Chromium (the site's print CSS)."""
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise SystemExit("site: --pdf needs chromium (apt-get install -y chromium)")
    pdf.mkdir(parents=True, exist_ok=True)
    pages = [
        html / "intro.html",
        *sorted((html / "notebooks").glob("*.html")),
        html / "ledger.html",
    ]
    profile = pdf / ".chromium-profile"
    for page in pages:
        target = pdf / (page.stem + ".pdf")
        subprocess.run(
            [chromium, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", "--no-pdf-header-footer",
             "--virtual-time-budget=10000", f"--print-to-pdf={target}", page.as_uri()],
            check=True, capture_output=True,
        )  # fmt: skip
        log(f"pdf: {target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}")
    shutil.rmtree(profile, ignore_errors=True)


def main(argv: list[str] | None = None) -> Path:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ledger-json", type=Path, help="use this ledger JSON, do not run it")
    parser.add_argument("--notebooks", type=Path, default=ROOT / "notebooks")
    parser.add_argument(
        "--path-output", type=Path, default=HERE, help="build into PATH/_build (default: site/)"
    )
    parser.add_argument("--pdf", action="store_true", help="also print every page to PDF")
    args = parser.parse_args(argv)
    out = args.path_output.resolve() / "_build"
    start = time.perf_counter()
    records = ledger_records(args.ledger_json)
    log(f"ledger: {time.perf_counter() - start:.0f} s")
    out.mkdir(parents=True, exist_ok=True)
    (out / "ledger.json").write_text(json.dumps(records, indent=1, default=str) + "\n")
    docs = stage(out / "src", args.notebooks.resolve(), records)
    log(f"{len(records)} claims, {len(docs)} notebooks: {', '.join(d[10:-6] for d in docs)}")
    book_start = time.perf_counter()
    html = book_build(out / "src", args.path_output.resolve())
    log(f"book: {time.perf_counter() - book_start:.0f} s")
    if args.pdf:
        print_pdfs(html, out / "pdf")
    log(f"built in {time.perf_counter() - start:.0f} s")
    print(html)
    return html


if __name__ == "__main__":
    main()
