"""The site works when published under a sub-path, e.g. https://example.org/ipt-guide/.

The project is copied, its address (site_url, and the publisher's address, which a real
deployer changes with it) set to the sub-path, and built once. Every link and asset must
stay under /ipt-guide/, canonical addresses, the sitemap, robots.txt and the embed API must
use the new address, nothing may still name the old one, and search must work in Chromium
with the site served from /ipt-guide/ on a local server.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from bs4 import BeautifulSoup

from tests.conftest import DocPage, doc_sources, front_matter
from tests.support.build import ROOT, copy_project, strict_build
from tests.support.deploy import head_problems, robots_problems, site_name, site_url, sitemap_problems
from tests.support.server import serve

OLD = site_url(ROOT)                       # e.g. https://ipt-guide.example.org/
NEW = "https://example.org/ipt-guide/"
PREFIX = urlsplit(NEW).path                # /ipt-guide/
#: Built files that may carry the site's address (Material's own bundles cannot).
TEXT_FILES = ("*.html", "*.json", "*.xml", "*.txt", "*.js", "*.webmanifest", "_headers")
URL_ATTRS = (("a", "href"), ("link", "href"), ("script", "src"), ("img", "src"), ("iframe", "src"),
             ("form", "action"), ("source", "src"))


@dataclass
class SubpathSite:
    root: Path   # served as the web root
    dir: Path    # root/ipt-guide: the built site


@pytest.fixture(scope="module")
def subpath_site(tmp_path_factory: pytest.TempPathFactory) -> SubpathSite:
    tmp = tmp_path_factory.mktemp("subpath")
    project = copy_project(tmp / "project")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace(OLD, NEW), encoding="utf-8")
    assert site_url(project) == NEW, "mkdocs.yml: could not set site_url in the test copy"
    out = tmp / "root" / PREFIX.strip("/")
    result = strict_build(project, out)
    assert result.returncode == 0, f"strict build with site_url {NEW} failed:\n{result.stdout}{result.stderr}"
    return SubpathSite(root=tmp / "root", dir=out)


def pages(site: SubpathSite) -> list[DocPage]:
    out = []
    for src in doc_sources():
        page = DocPage(src=src, meta=front_matter(ROOT / "docs" / src), html_path=Path())
        page.html_path = site.dir / page.url / "index.html"
        out.append(page)
    return out


def built_path(site: SubpathSite, url_path: str) -> Path | None:
    """The built file a same-site URL path opens, or None when it is outside the sub-path."""
    if not url_path.startswith(PREFIX):
        return None
    rel = url_path[len(PREFIX):]
    target = site.dir / rel
    return target / "index.html" if rel == "" or rel.endswith("/") or target.is_dir() else target


def test_links_and_assets_stay_under_the_subpath(subpath_site: SubpathSite) -> None:
    bad: list[str] = []
    for html in sorted(subpath_site.dir.rglob("*.html")):
        rel = html.relative_to(subpath_site.dir).as_posix()
        page_url = NEW + rel.removesuffix("index.html")
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        for tag, attr in URL_ATTRS:
            for el in soup.find_all(tag):
                url = el.get(attr)
                if not url or url.startswith(("#", "mailto:", "tel:", "data:", "javascript:")):
                    continue
                absolute = urljoin(page_url, url)
                parts = urlsplit(absolute)
                if parts.netloc != urlsplit(NEW).netloc:
                    continue  # another site
                target = built_path(subpath_site, parts.path)
                if target is None:
                    bad.append(f"{rel}: <{tag} {attr}={url!r}> leaves {PREFIX} (opens {parts.path})")
                elif not target.is_file():
                    bad.append(f"{rel}: <{tag} {attr}={url!r}> opens {parts.path}, which does not exist")
    assert not bad, f"Served from {NEW}, these links break:\n  " + "\n  ".join(bad[:40])


def test_nothing_names_the_old_address(subpath_site: SubpathSite) -> None:
    """After site_url changes, no page, API document or script may keep the old address,
    nor point at the host's root instead of the sub-path."""
    host_root = re.compile(re.escape(f"{urlsplit(NEW).scheme}://{urlsplit(NEW).netloc}/") + r"(?!" + re.escape(PREFIX.strip("/")) + r"/)")
    bad: list[str] = []
    for pattern in TEXT_FILES:
        for path in sorted(subpath_site.dir.rglob(pattern)):
            rel = path.relative_to(subpath_site.dir).as_posix()
            if rel.startswith("assets/"):
                continue  # Material's bundles
            text = path.read_text(encoding="utf-8", errors="replace")
            if OLD in text:
                bad.append(f"{rel} still names {OLD}: it must be made from site_url")
            if host_root.search(text):
                bad.append(f"{rel} has an address at the host's root, not under {NEW}")
    assert not bad, "\n".join(bad)


def test_canonical_and_sharing_tags_use_the_subpath(subpath_site: SubpathSite) -> None:
    found = []
    for page in pages(subpath_site):
        title = site_name(ROOT) if page.src in ("index.md", "es/index.md") else str(page.meta.get("title", ""))
        problems = head_problems(page.soup, NEW + page.url, str(page.meta.get("description", "")).strip(), title)
        found += [f"docs/{page.src}: {p}" for p in problems]
    assert not found, "\n".join(found)


def test_sitemap_and_robots_use_the_subpath(subpath_site: SubpathSite) -> None:
    english = [p.url for p in pages(subpath_site) if not p.src.startswith("es/")]
    spanish = [p.url.removeprefix("es/") for p in pages(subpath_site) if p.src.startswith("es/")]
    found = sitemap_problems(subpath_site.dir, NEW, english)            # one sitemap per language
    found += sitemap_problems(subpath_site.dir / "es", NEW + "es/", spanish)
    found += robots_problems(subpath_site.dir, NEW)
    if f"Sitemap: {NEW}es/sitemap.xml" not in (subpath_site.dir / "robots.txt").read_text(encoding="utf-8"):
        found.append(f"robots.txt does not name the Spanish sitemap {NEW}es/sitemap.xml")
    assert not found, "\n".join(found)


def test_embed_api_urls_use_the_subpath(subpath_site: SubpathSite) -> None:
    """Absolute URLs in the embed API and manifest (when the build writes them)."""
    documents = [p for d in ("api", "embed") for p in (subpath_site.dir / d).rglob("*.json")]
    if not documents:
        pytest.skip("the build writes no api/ or embed/ JSON documents yet")
    bad = []
    for path in documents:
        for url in re.findall(r'"(https?://[^"]+)"', path.read_text(encoding="utf-8")):
            if urlsplit(url).netloc == urlsplit(NEW).netloc and not url.startswith(NEW):
                bad.append(f"{path.relative_to(subpath_site.dir)}: {url} is not under {NEW}")
    assert not bad, "\n".join(bad)


@pytest.mark.browser
def test_search_works_under_the_subpath(subpath_site: SubpathSite, page) -> None:
    served, httpd = serve(subpath_site.root, apply_headers=False)
    try:
        page.goto(served.url(PREFIX))
        box = page.locator("input.md-search__input")
        box.click()
        box.press_sequentially("depression")  # typed key by key, as a reader would
        page.wait_for_selector(".md-search-result__item", timeout=10_000)
        first = page.locator(".md-search-result__item a").first.get_attribute("href") or ""
        assert urlsplit(urljoin(page.url, first)).path.startswith(PREFIX), \
            f"search result link {first!r} leaves {PREFIX}"
        response = page.goto(urljoin(page.url, first))
        assert response is not None and response.ok, f"search result {first!r} does not open"
        index_requests = [r for r in served.requests if "search_index.json" in r]
        assert index_requests and all(r.startswith(PREFIX) for r in index_requests), \
            f"the search index was not loaded from {PREFIX}: {index_requests}"
    finally:
        httpd.shutdown()
