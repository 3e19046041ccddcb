"""What hosts, crawlers and sharing sites read: 404 page, sitemap, robots.txt, canonical
addresses, and the Open Graph / Twitter tags that carry each page's description."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from tests.conftest import BuiltSite, doc_sources
from tests.support.build import ROOT, copy_project, strict_build
from tests.support.deploy import (
    SITEMAP_NS, head_problems, robots_problems, site_name, site_url, sitemap_problems,
)

BASE = site_url(ROOT)
BASE_PATH = urlsplit(BASE).path  # "/" here; "/ipt-guide/" when served from a sub-path


def not_found_page(site: BuiltSite) -> BeautifulSoup:
    path = site.dir / "404.html"
    assert path.is_file(), "404.html is missing from the built site (overrides/404.html makes it)"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def test_404_page_helps(site: BuiltSite) -> None:
    soup = not_found_page(site)
    article = soup.find("article") or soup
    text = article.get_text(" ", strip=True)
    assert "Page not found" in text, "404.html: the heading 'Page not found' is missing"
    form = article.find("form", attrs={"role": "search"})
    assert form is not None and form.find("input", attrs={"name": "q"}) is not None, \
        "404.html: no search box (a form with an input named q)"
    assert form.get("action") in (BASE_PATH, BASE_PATH + "."), \
        f"404.html: the search form must open the home page {BASE_PATH}, not {form.get('action')}"
    hrefs = [a.get("href", "") for a in article.find_all("a")]
    assert any(h in (BASE_PATH, BASE_PATH + ".") for h in hrefs), "404.html: no link to the home page"
    assert BASE_PATH + "get-help-now/" in hrefs, "404.html: no link to the Get help now page"
    assert "crisis" in text.lower() and "emergency" in text.lower(), "404.html: the crisis line is missing"


def test_404_links_work_from_any_depth(site: BuiltSite) -> None:
    """The host serves 404.html at the missing address itself, so relative links would break."""
    soup = not_found_page(site)
    bad = []
    for tag, attr in (("a", "href"), ("link", "href"), ("script", "src"), ("form", "action"), ("img", "src")):
        for el in soup.find_all(tag):
            url = el.get(attr)
            if not url or url.startswith("#") or urlsplit(url).scheme:
                continue  # same page, or another scheme (https:, tel:, sms:, mailto:, data:)
            if not url.startswith(BASE_PATH):
                bad.append(f"<{tag} {attr}={url!r}> is relative; it breaks when the 404 page is shown at /a/b/c")
                continue
            rel = urlsplit(url).path[len(BASE_PATH):].rstrip(".")
            target = site.dir / rel
            if not (target.is_file() or (target / "index.html").is_file()):
                bad.append(f"<{tag} {attr}={url!r}> points to nothing in the built site")
    assert not bad, "404.html:\n  " + "\n  ".join(bad)


def test_sitemap_lists_every_page_under_site_url(site: BuiltSite) -> None:
    english = [p.url for p in site.pages if not p.src.startswith("es/")]
    spanish = [p.url[len("es/"):] for p in site.pages if p.src.startswith("es/")]
    found = sitemap_problems(site.dir, BASE, english) + sitemap_problems(site.dir / "es", BASE + "es/", spanish)
    assert not found, "\n".join(found)


def sitemap_lastmod(site_dir: Path) -> dict[str, str | None]:
    root = ET.parse(site_dir / "sitemap.xml").getroot()
    return {url.findtext("s:loc", namespaces=SITEMAP_NS): url.findtext("s:lastmod", namespaces=SITEMAP_NS)
            for url in root.findall("s:url", SITEMAP_NS)}


def test_sitemap_lastmod_is_the_review_date(site: BuiltSite, tmp_path: Path) -> None:
    """<lastmod> is each page's last_reviewed (overrides/sitemap.xml), not the build date:
    checked on the site, and on a copy where one page was last reviewed months ago."""
    lastmod = {**sitemap_lastmod(site.dir), **sitemap_lastmod(site.dir / "es")}
    wrong = [f"{p.src}: {lastmod.get(BASE + p.url)!r}, front matter says {p.meta.get('last_reviewed')!s}"
             for p in site.pages if lastmod.get(BASE + p.url) != str(p.meta.get("last_reviewed"))]
    assert not wrong, "sitemap.xml <lastmod> is not the page's last_reviewed date:\n" + "\n".join(wrong)

    project = copy_project(tmp_path / "project")
    page = project / "docs" / "benefits.md"
    text = page.read_text(encoding="utf-8")
    page.write_text(re.sub(r"(?m)^last_reviewed: .*$", "last_reviewed: 2026-06-01", text, count=1), encoding="utf-8")
    result = strict_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stdout + result.stderr
    assert sitemap_lastmod(tmp_path / "site")[BASE + "benefits/"] == "2026-06-01"


def test_robots_txt_names_the_sitemap(site: BuiltSite) -> None:
    found = robots_problems(site.dir, BASE)
    assert not found, "\n".join(found)


@pytest.mark.parametrize("src", doc_sources())
def test_page_head_has_canonical_and_sharing_tags(site: BuiltSite, src: str) -> None:
    page = site.page(src)
    title = site_name(ROOT) if src in ("index.md", "es/index.md") else str(page.meta.get("title", ""))
    found = head_problems(page.soup, BASE + page.url, str(page.meta.get("description", "")).strip(), title)
    assert not found, f"docs/{src}: " + "; ".join(found)


@pytest.mark.browser
def test_404_search_box_finds_pages(site: BuiltSite, server, page) -> None:
    """Typing a word into the 404 page's search box opens search results on the home page."""
    page.goto(server.url("404.html"))
    page.fill("#not-found-query", "depression")
    page.click(".not-found-search button[type=submit]")
    page.wait_for_selector(".md-search-result__item", timeout=10_000)
    results = page.locator(".md-search-result__item").count()
    assert results > 0, "404 page: searching for 'depression' from the search box found no page"
