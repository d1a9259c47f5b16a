"""The lecture site as a reader sees it: headless Chromium opens every page of the built
site (``site/_build/html``) and checks what is on the screen.

Build first, then run these explicitly (the plain ``pytest`` does not collect them:
pyproject's testpaths are ``tests`` and ``notebooks``)::

    .venv/bin/python site/build.py && .venv/bin/python -m pytest site/tests

``ADAMTHEORY_SITE`` points at another built folder; ``CHROMIUM`` at another browser
(default: ``chromium`` on the PATH, Debian's package). Playwright drives it; its own
browser download is not used.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import warnings
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
SITE = Path(os.environ.get("ADAMTHEORY_SITE", ROOT / "site" / "_build" / "html")).resolve()

sys.path.insert(0, str(ROOT / "site"))
from build import CHROMIUM_FLAGS  # noqa: E402  (site/ is not a package)

CHROMIUM_ARGS = [flag for flag in CHROMIUM_FLAGS if flag != "--headless"]
"""The build's Chromium flags (one list); Playwright adds its own headless mode."""

MATHJAX_TIMEOUT_MS = 30_000
"""MathJax typesets a long notebook page in about a second here; 30 s leaves room for a
loaded CI machine without hiding a page where it never finishes."""

IMAGE_MIME_TYPES = ("image/png", "image/jpeg", "image/svg+xml", "image/gif")

RAW_MATH = re.compile(r"\$[^$\n]+\$|\\\(|\\\)|\\\[|\\\]|\\begin\{")
"""TeX a reader would see as source: $...$, \\( \\), \\[ \\], \\begin{...}."""

COLLECT = """() => {
  const visible = document.body.cloneNode(true);
  visible.querySelectorAll(
    'pre, code, script, style, textarea, mjx-container, mjx-assistive-mml, .highlight'
  ).forEach((e) => e.remove());
  const mathElements = [...document.querySelectorAll('.math')];
  return {
    title: document.title,
    everything: document.body.innerText,
    text: visible.textContent,
    math: mathElements.length,
    untypeset: mathElements.filter((e) => !e.querySelector('mjx-container'))
      .map((e) => e.textContent.trim().slice(0, 80)),
    images: [...document.querySelectorAll('img')].map((i) => ({
      src: i.currentSrc || i.src, alt: i.getAttribute('alt'),
      loaded: i.complete && i.naturalWidth > 0,
      output: !!i.closest('.cell_output, .output'),
    })),
    links: [...document.querySelectorAll('a[href]')].map((a) => a.href),
  };
}"""


def _chromium() -> str:
    browser = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(browser).exists():
        pytest.fail(f"no Chromium at {browser}: apt-get install -y chromium, or set CHROMIUM")
    return browser


@pytest.fixture(scope="session")
def site() -> Path:
    if not (SITE / "intro.html").exists():
        pytest.fail(f"no built site in {SITE}: run .venv/bin/python site/build.py first")
    return SITE


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=_chromium(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def visit(browser, path: Path) -> dict:
    """Open ``path`` in a fresh page, wait for MathJax, and collect what a reader sees,
    with every console error, uncaught exception and network request of the page."""
    page = browser.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)  # fmt: skip
    page.on("pageerror", lambda e: problems.append(f"uncaught: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"failed to load {r.url}: {r.failure}"))
    page.on("request", lambda r: None if r.url.startswith(("file:", "data:", "blob:")) else problems.append(f"network request (the site must work offline): {r.url}"))  # fmt: skip
    try:
        page.goto(path.as_uri(), wait_until="load")
        page.wait_for_function(
            "() => !window.MathJax || (MathJax.startup && MathJax.startup.promise)",
            timeout=MATHJAX_TIMEOUT_MS,
        )
        page.evaluate("() => window.MathJax ? MathJax.startup.promise : null")
        seen = page.evaluate(COLLECT)
        seen["ids"] = page.evaluate("() => [...document.querySelectorAll('[id]')].map(e => e.id)")
    finally:
        page.close()
    seen["problems"] = problems
    return seen


def html_pages(site: Path) -> list[Path]:
    """Every page of the site (not the theme's assets or the sources' copies)."""
    return sorted(
        p
        for p in site.rglob("*.html")
        if not {"_static", "_sources", "_images"} & set(p.relative_to(site).parts)
    )


@pytest.fixture(scope="session")
def seen(site, browser) -> dict[str, dict]:
    """What Chromium shows on every page, by path relative to the site."""
    pages = {}
    for path in html_pages(site):
        if path.name == "index.html" and path.parent == site:
            continue  # a meta-refresh to intro.html (checked in test_index_opens_the_landing_page)
        pages[path.relative_to(site).as_posix()] = visit(browser, path)
    return pages


def notebook_images(notebook: Path) -> list[str | None]:
    """The alt text (or None) of every image output of ``notebook``, in order."""
    images = []
    for cell in json.loads(notebook.read_text())["cells"]:
        for output in cell.get("outputs", []):
            mime = next((m for m in IMAGE_MIME_TYPES if m in output.get("data", {})), None)
            if mime:
                alt = output.get("metadata", {}).get(mime, {})
                images.append(alt.get("alt") if isinstance(alt, dict) else None)
    return images


def ledger_records(site: Path) -> list[dict]:
    return json.loads((site.parent / "ledger.json").read_text())


# --- every page ------------------------------------------------------------------------


def test_every_page_loads_without_console_errors_or_network(seen):
    assert {"intro.html", "ledger.html"} <= set(seen)
    problems = [f"{page}: {p}" for page, data in seen.items() for p in data["problems"]]
    assert not problems, "\n".join(problems)


def test_math_is_typeset_on_every_page(seen):
    problems = []
    for page, data in seen.items():
        problems += [f"{page}: not typeset: {m}" for m in data["untypeset"]]
        problems += [f"{page}: raw TeX on screen: {m}" for m in RAW_MATH.findall(data["text"])]
    assert not problems, "\n".join(problems)
    assert seen["intro.html"]["math"] > 0  # the landing page shows Adam's update


def test_every_image_loads(seen):
    broken = [f"{page}: {i['src']}" for page, d in seen.items() for i in d["images"] if not i["loaded"]]  # fmt: skip
    assert not broken, "\n".join(broken)


def test_no_link_is_broken(site, seen):
    broken, external = [], set()
    for page, data in seen.items():
        for href in data["links"]:
            url = urlparse(href)
            if url.scheme in ("http", "https", "mailto"):
                external.add(href)  # offline: listed, not fetched
                continue
            if url.scheme != "file":
                continue
            target = Path(unquote(url.path))
            if not target.is_relative_to(site) or not target.exists():
                broken.append(f"{page}: {href} (no such file in the site)")
            elif url.fragment and target.suffix == ".html":
                ids = seen.get(target.relative_to(site).as_posix(), {}).get("ids")
                if ids is None:
                    ids = re.findall(r'id="([^"]+)"', target.read_text())
                if unquote(url.fragment) not in ids:
                    broken.append(f"{page}: {href} (no #{url.fragment} on that page)")
    if external:
        print(
            f"{len(external)} external links (not fetched offline):", *sorted(external), sep="\n  "
        )
    assert not broken, "\n".join(broken)


def test_index_opens_the_landing_page(site, browser):
    page = browser.new_page()
    try:
        page.goto((site / "index.html").as_uri())
        page.wait_for_url(re.compile(r"intro\.html$"), timeout=10_000)
    finally:
        page.close()


# --- the notebooks ---------------------------------------------------------------------


def test_every_notebook_is_a_chapter(site, seen):
    """Every notebooks/NN_*.ipynb of the repository has its page, listed on the landing
    page, in order: a notebook that lands needs no edit of the site (only a rebuild)."""
    notebooks = sorted(p.stem for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    assert notebooks
    chapters = [f"notebooks/{name}.html" for name in notebooks]
    assert [c for c in chapters if c not in seen] == [], "rebuild the site: python site/build.py"
    toc = [h for h in seen["intro.html"]["links"] if "/notebooks/" in h and "#" not in h]
    toc_order = list(dict.fromkeys(urlparse(h).path.rsplit("/", 1)[-1][:-5] for h in toc))
    assert [n for n in toc_order if n in notebooks] == notebooks


def test_every_notebook_figure_is_on_its_page_with_its_alt_text(site, seen):
    problems, without_alt, figures = [], 0, 0
    for notebook in sorted((site.parent / "src" / "notebooks").glob("*.ipynb")):
        page = seen[f"notebooks/{notebook.stem}.html"]
        expected = notebook_images(notebook)
        shown = [i for i in page["images"] if i["output"]]
        if len(shown) != len(expected):
            problems.append(f"{notebook.name}: {len(expected)} figures, {len(shown)} on the page")
            continue
        figures += len(expected)
        for number, (alt, image) in enumerate(zip(expected, shown, strict=True), 1):
            if alt is None:
                without_alt += 1
            elif image["alt"] != alt.strip():
                problems.append(
                    f"{notebook.name} figure {number}: alt {image['alt']!r} != {alt!r}"
                )
    assert not problems, "\n".join(problems)
    if without_alt:
        warnings.warn(
            f"{without_alt} of {figures} notebook figures have no alt text (plt.show(), not "
            "plotting.show(fig, alt=...)): their <img alt> is empty; the others' alt text "
            "is on the page",
            stacklevel=1,
        )


# --- the ledger and the landing page -------------------------------------------------------


def test_ledger_page_lists_every_claim_with_its_verdict(site, browser):
    records = ledger_records(site)
    listed = subprocess.run(
        [sys.executable, "-m", "adamtheory", "list"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split("\n")  # fmt: skip
    assert [r["id"] for r in records] == [line.split()[0] for line in listed if line.strip()]
    page = browser.new_page()
    try:
        page.goto((site / "ledger.html").as_uri())
        rows = page.evaluate(
            """() => [...document.querySelector('table').querySelectorAll('tbody tr')].map(
                 (tr) => ({id: tr.cells[0].innerText.trim(),
                           verdict: tr.querySelector('.verdict')?.innerText.trim(),
                           notebook: tr.cells[3].querySelector('a')?.href || null}))"""
        )
        sections = page.evaluate(
            "() => [...document.querySelectorAll('[id^=claim-]')].map(e => e.id)"
        )
    finally:
        page.close()
    assert [(r["id"], r["verdict"]) for r in rows] == [(r["id"], r["verdict"]) for r in records]
    labels = [re.sub(r"[^a-z0-9]+", "-", r["id"].lower()).strip("-") for r in records]
    assert sections == [f"claim-{label}" for label in labels]  # each claim has its section
    for record, row in zip(records, rows, strict=True):
        in_book = (
            site / "notebooks" / (Path(record.get("notebook") or "x").stem + ".html")
        ).exists()
        if in_book:
            assert row["notebook"], f"{record['id']}: no link to {record['notebook']}"
            assert row["notebook"].endswith(Path(record["notebook"]).stem + ".html")
        else:
            assert row["notebook"] is None, record["id"]


def test_landing_page_shows_the_ledger_counts(site, seen):
    records = ledger_records(site)
    text = " ".join(seen["intro.html"]["text"].split())
    assert f"The ledger gives {len(records)} claims a verdict" in text
    for verdict in {r["verdict"] for r in records}:
        count = sum(r["verdict"] == verdict for r in records)
        assert f"{verdict} {count}" in text, verdict
    readme = (ROOT / "README.md").read_text()
    for marker in ("main-command", "test-command", "site-command"):
        block = re.search(rf"<!-- {marker} -->\n(python.*)\n", readme)
        assert block and block.group(1) in seen["intro.html"]["everything"], marker


# --- the alt-text mechanism, on a throwaway notebook -------------------------------------------

DEMO_ALT = "A straight line rising from (0, 0) to (1, 1)."


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory) -> Path:
    """A one-notebook book built by site/build.py from a notebook whose figure is shown
    with ``plotting.show(fig, alt=DEMO_ALT)``, executed here (the project's notebooks
    are not touched)."""
    import nbformat
    from nbclient import NotebookClient

    tmp = tmp_path_factory.mktemp("demo")
    (tmp / "notebooks").mkdir()
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}  # fmt: skip
    notebook.cells = [
        nbformat.v4.new_markdown_cell("# 01 · Alt text demo\n\nA line $y = x$."),
        nbformat.v4.new_code_cell(
            "%matplotlib inline\nimport matplotlib.pyplot as plt\n"
            "from adamtheory import plotting\n"
            "fig, ax = plt.subplots(figsize=(3, 2))\nax.plot([0, 1], [0, 1])\n"
            f"plotting.show(fig, alt={DEMO_ALT!r})"
        ),
    ]
    NotebookClient(notebook, timeout=120, kernel_name="python3").execute()
    nbformat.write(notebook, tmp / "notebooks" / "01_alt_demo.ipynb")
    record = {"id": "demo", "section": "0", "claim": "a line", "verdict": "verified",
              "summary": "demo", "evidence": {"x": 1}, "notebook": "notebooks/01_alt_demo.ipynb"}  # fmt: skip
    (tmp / "ledger.json").write_text(json.dumps([record]))
    build = [
        sys.executable,
        str(ROOT / "site" / "build.py"),
        "--notebooks",
        str(tmp / "notebooks"),
    ]
    build += ["--ledger-json", str(tmp / "ledger.json"), "--path-output", str(tmp)]
    out = subprocess.run(build, cwd=ROOT, capture_output=True, text=True)
    assert out.returncode == 0, out.stderr[-3000:]
    return Path(out.stdout.strip().splitlines()[-1])


def test_a_figure_shown_with_alt_text_gets_it_as_img_alt(demo_site, browser):
    seen = visit(browser, demo_site / "notebooks" / "01_alt_demo.html")
    assert not seen["problems"], seen["problems"]
    figures = [i for i in seen["images"] if i["output"]]
    assert len(figures) == 1 and figures[0]["loaded"]
    assert figures[0]["alt"] == DEMO_ALT
