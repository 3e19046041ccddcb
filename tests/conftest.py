"""Shared fixtures: the site is built once per session with --strict; tests read it.

- `site`: the built site (a BuiltSite) in a temporary directory.
- `server`: that site served on 127.0.0.1 with the rules of its `_headers` file.
- `browser` / `page`: Debian's Chromium through Playwright. On a developer machine without
  Chromium the browser tests skip, saying how to install it; under CI=true they fail.
"""
from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from tests.support.build import ROOT, strict_build
from tests.support.server import Served, serve

#: Under GitHub Actions, failures that name a page are shown on its line (tests/support/annotations.py).
pytest_plugins = ["tests.support.annotations"]

DOCS = ROOT / "docs"
CHROMIUM_CANDIDATES = (os.environ.get("CHROMIUM_PATH", ""), "/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--online", action="store_true", help="also check that external links answer (never in CI)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--online"):
        return
    skip = pytest.mark.skip(reason="needs the internet: run with --online")
    for item in items:
        if item.get_closest_marker("online"):  # a marker, not any keyword (test ids can say "online")
            item.add_marker(skip)


def front_matter(path: Path) -> dict:
    """The YAML front matter of a Markdown file ({} when it has none)."""
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        return {}
    end = text.find("\n---", 4)
    return yaml.safe_load(text[4:end]) or {}


@dataclass
class DocPage:
    """One Markdown source page and where MkDocs wrote it."""

    src: str            # path under docs/, e.g. "what-is-ipt.md"
    meta: dict
    html_path: Path

    @property
    def is_reader(self) -> bool:
        return self.meta.get("kind", "reader") == "reader"

    @property
    def url(self) -> str:
        """Site-relative URL path, e.g. "what-is-ipt/" ("" for the home page)."""
        stem = self.src[:-3]
        if stem == "index":
            return ""
        if stem.endswith("/index"):
            return stem[: -len("index")]
        return stem + "/"

    @cached_property
    def html(self) -> str:
        return self.html_path.read_text(encoding="utf-8")

    @cached_property
    def soup(self) -> BeautifulSoup:
        return BeautifulSoup(self.html, "html.parser")

    @cached_property
    def key_points(self) -> tuple[str, list[str]] | None:
        """(label, points) of the page's key points block as readers see them, citation markers
        left out; None when the page has none."""
        found = self.soup.select_one("article div.admonition.key-points")
        if found is None:
            return None
        block = BeautifulSoup(str(found), "html.parser")  # a copy: the page's soup is shared
        for sup in block.select("sup"):
            sup.decompose()
        label = block.select_one(".admonition-title")
        points = [re.sub(r"\s+([.,;:!?])", r"\1", " ".join(li.get_text().split())) for li in block.select("li")]
        return (label.get_text(strip=True) if label else ""), points


@dataclass
class BuiltSite:
    dir: Path
    log: str
    pages: list[DocPage] = field(default_factory=list)

    def page(self, src: str) -> DocPage:
        return next(p for p in self.pages if p.src == src)

    @property
    def reader_pages(self) -> list[DocPage]:
        return [p for p in self.pages if p.is_reader]


def doc_sources() -> list[str]:
    """Every Markdown page under docs/ (snippets under docs/includes/ are not pages)."""
    return sorted(
        str(p.relative_to(DOCS)) for p in DOCS.rglob("*.md") if "includes" not in p.relative_to(DOCS).parts
    )


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    out = tmp_path_factory.mktemp("site")
    result = strict_build(ROOT, out)
    log = result.stdout + result.stderr
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{log}"
    built = BuiltSite(dir=out, log=log)
    for src in doc_sources():
        page = DocPage(src=src, meta=front_matter(DOCS / src), html_path=Path())
        page.html_path = out / page.url / "index.html"
        built.pages.append(page)
    return built


@pytest.fixture(scope="session")
def server(site: BuiltSite) -> Served:
    served, httpd = serve(site.dir)
    yield served
    httpd.shutdown()


def chromium_path() -> str | None:
    for candidate in CHROMIUM_CANDIDATES:
        if candidate and (Path(candidate).exists() or shutil.which(candidate)):
            return candidate
    return None


@pytest.fixture(scope="session")
def browser():
    path = chromium_path()
    if path is None:
        message = "Chromium not found: install Debian's package with `sudo apt-get install chromium`"
        if os.environ.get("CI") == "true":
            pytest.fail(message + " (CI must never skip browser tests)")
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=path, args=CHROMIUM_ARGS, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    yield pg
    context.close()
