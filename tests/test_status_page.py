"""The editors' status page (scripts/hooks/status_page.py) on the real built site, issue 15.

Every page is listed with its real review dates, the sources it cites and its reading
level: the same figures "Evidence at a glance" shows readers on that page. It is for
editors only: not in the menu, search, sitemap or any reader page, and `noindex`.

It is not one of `site.pages` (those are the Markdown pages in docs/), so the per-page
browser tests (axe, CSP in Chromium, budgets) do not open it; deliberately, as it is plain
HTML with no script, no inline style and no outside address, which the checks here assert,
with the page headers of `_headers` (tests/test_privacy.py checks every path, it included,
gets each header once).
"""
from __future__ import annotations

import json
import re
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup

from scripts.hooks.status_page import STATUS_PATH
from scripts.translations import source_version
from tests.conftest import DOCS, BuiltSite, DocPage, doc_sources, front_matter
from tests.support.build import ROOT
from tests.support.deploy import sitemap_urls
from tests.support.server import headers_for, parse_headers_file

STATUS_URL = "/" + STATUS_PATH.removesuffix("index.html")


def language_prefix(src: str) -> str:
    """"es/" for docs/es/..., "" for an English page: each language's build has its own status page."""
    return "es/" if src.startswith("es/") else ""


def status_of(site: BuiltSite, prefix: str = "") -> BeautifulSoup:
    path = site.dir / prefix / STATUS_PATH
    assert path.is_file(), f"the build wrote no {prefix}{STATUS_PATH}: is scripts/hooks/status_page.py under hooks: in mkdocs.yml?"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def status(site: BuiltSite) -> BeautifulSoup:
    return status_of(site)


def cells(status: BeautifulSoup, src: str) -> dict[str, str]:
    """{column heading: cell text} of the row of docs/<src>."""
    row = status.find("tr", attrs={"data-src": f"docs/{src}"})
    assert row is not None, f"docs/{src} is not listed on the status page"
    heads = [th.get_text(strip=True) for th in status.select("thead th")]
    return dict(zip(heads, (c.get_text(" ", strip=True) for c in row.find_all(["th", "td"]))))


def glance(page: DocPage) -> tuple[int, str]:
    """(sources, reading level) as the page's "Evidence at a glance" shows them to readers:
    the US grade on English pages, the INFLESZ score on Spanish ones."""
    text = page.soup.select_one(".ipt-glance").get_text(" ", strip=True)
    sources = re.search(r"(\d+) (?:sources? cited|fuentes? citadas?)|No sources cited|Ninguna fuente", text)
    grade = re.search(r"US grade (\d+\.\d)|INFLESZ (\d+)", text)
    assert sources and grade, f"docs/{page.src}: cannot read the glance: {text!r}"
    return int(sources.group(1) or 0), grade.group(1) or grade.group(2)


@pytest.mark.parametrize("prefix", ["", "es/"], ids=["en", "es"])
def test_every_page_is_listed_in_menu_order(site: BuiltSite, prefix: str) -> None:
    listed = [row["data-src"] for row in status_of(site, prefix).select("tbody tr")]
    assert sorted(listed) == sorted(f"docs/{p.src}" for p in site.pages if language_prefix(p.src) == prefix), listed
    assert listed[0] == f"docs/{prefix}index.md"
    assert listed.index(f"docs/{prefix}benefits.md") < listed.index(f"docs/{prefix}about.md")
    assert len(READER_SOURCES) >= 8, READER_SOURCES


#: Every reader page (front matter without `kind: site`), read when the tests are collected.
READER_SOURCES = [src for src in doc_sources() if front_matter(DOCS / src).get("kind", "reader") == "reader"]


@pytest.mark.parametrize("src", READER_SOURCES)
def test_reader_page_row_has_its_real_dates_and_figures(site: BuiltSite, src: str) -> None:
    prefix = language_prefix(src)
    status = status_of(site, prefix)
    page = site.page(src)
    row = cells(status, src)
    sources, level = glance(page)
    assert row["Last reviewed"] == page.meta["last_reviewed"].isoformat(), row
    assert row["Next review"] == page.meta["next_review"].isoformat(), row
    assert row["Sources cited"] == str(sources), f"docs/{src}: the page says {sources} sources: {row}"
    column = "Reading level (INFLESZ)" if prefix else "Reading level (US grade)"
    shown = row[column].split(".")[0] if prefix else row[column]   # the glance rounds INFLESZ
    assert shown == level or (prefix and abs(float(row[column]) - int(level)) <= 0.5), \
        f"docs/{src}: the page says {level}: {row}"
    assert row["Kind"] == "reader", row
    # The translation state is the real one: the recorded hash against the English page today.
    if prefix:
        record = page.meta["translation"]
        current = source_version(DOCS / record["source"]) == record["source_hash"]
        assert row["Translations"].startswith("up to date" if current else "out of date"), row
    else:
        twin = DOCS / "es" / src
        if not twin.is_file():
            expected = "es: missing"
        else:
            record = front_matter(twin)["translation"]
            expected = "es: up to date" if source_version(DOCS / src) == record["source_hash"] else "es: out of date"
        assert row["Translations"].startswith(expected), row
    link = status.find("tr", attrs={"data-src": f"docs/{src}"}).find("a")["href"]
    assert urljoin("/" + prefix + STATUS_URL.lstrip("/"), link) == "/" + page.url, \
        f"docs/{src}: the status page links to {link}"


def test_status_page_is_for_editors_only(site: BuiltSite, status: BeautifulSoup) -> None:
    assert status.find("meta", attrs={"name": "robots"})["content"].startswith("noindex")
    assert not [u for u in sitemap_urls(site.dir) if "editors/" in u], "sitemap.xml lists the status page"
    index = json.loads((site.dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert not [d["location"] for d in index["docs"] if d["location"].startswith("editors/")], "search finds it"
    linking = [p.src for p in site.pages if "editors/status" in p.html]
    assert not linking, f"reader-facing pages link to the status page: {linking}"


def test_status_page_is_safe_under_the_page_policy(site: BuiltSite, status: BeautifulSoup) -> None:
    rules = parse_headers_file((site.dir / "_headers").read_text(encoding="utf-8"))
    got = {name.lower(): value for name, value in headers_for(rules, STATUS_URL)}
    assert "default-src 'self'" in got.get("content-security-policy", ""), got
    assert got.get("x-frame-options") == "DENY", got
    assert not status.find_all(["script", "style", "iframe"]) and not status.select("[style]"), \
        "the status page must stay plain HTML: no script and no inline style"
    outside = [el.get("href") or el.get("src") for el in status.select("[href], [src]")
               if re.match(r"[a-z]+:|//", el.get("href") or el.get("src"))]
    assert not outside, f"the status page refers to other hosts: {outside}"
    assert status.html.get("lang") == "en" and status.title.get_text(strip=True)
    assert all(th.get("scope") in ("col", "row") for th in status.find_all("th"))
    assert (site.dir / STATUS_PATH).with_name("status.css").is_file()


def test_contributing_links_to_the_status_page() -> None:
    assert STATUS_URL in (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
