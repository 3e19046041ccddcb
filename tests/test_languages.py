"""The Spanish edition: every page has a twin, and readers can move between the twins.

- every English page has a Spanish twin with the same file name, and no Spanish page lacks
  an English one (a missing twin is listed by file);
- Spanish pages are Spanish: <html lang="es">, Material's interface in Spanish, our own
  interface strings from docs/includes/strings/es.yml;
- the language switch on every page opens the same page in the other language, with `lang`
  and `hreflang`, and works from the keyboard;
- hreflang pairs (en, es, x-default) are in both sitemaps, not in page heads (Material's
  script would fetch a sitemap for each head link);
- JSON-LD says inLanguage and links the twins;
- references keep their language and say so; root files (robots.txt, _headers, 404) cover
  /es/;
- translation records: a page behind its English page shows a dated notice; a missing or
  wrong record fails the build with file and line; an English edit alone never does.
"""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from scripts.bibliography import language_of, load
from scripts.languages import strings
from scripts.project import ROOT
from tests.conftest import BuiltSite, doc_sources
from tests.support.build import copy_project, strict_build

ENGLISH = [s for s in doc_sources() if not s.startswith("es/")]
SPANISH = [s for s in doc_sources() if s.startswith("es/")]


def test_every_page_has_a_twin() -> None:
    missing = [f"docs/es/{s} (translation of docs/{s})" for s in ENGLISH if f"es/{s}" not in SPANISH]
    orphans = [f"docs/{s} (no docs/{s[3:]})" for s in SPANISH if s[3:] not in ENGLISH]
    assert not missing, "pages without a Spanish twin:\n  " + "\n  ".join(missing)
    assert not orphans, "Spanish pages without an English page:\n  " + "\n  ".join(orphans)


@pytest.mark.parametrize("src", SPANISH)
def test_spanish_page_is_in_spanish(site: BuiltSite, src: str) -> None:
    soup = site.page(src).soup
    assert soup.html["lang"] == "es"
    assert soup.select_one("input.md-search__input")["placeholder"] == "Búsqueda"   # Material's own
    assert "Lea nuestro aviso médico" in soup.select_one(".ipt-disclaimer").get_text() or src == "es/medical-disclaimer.md"
    assert soup.select_one("aside.ipt-crisis")["aria-label"] == "Ayuda urgente"
    assert soup.select_one('meta[property="og:locale"]')["content"].startswith("es_"), \
        f"docs/{src}: link previews would call this Spanish page English (og:locale)"
    nav = [a.get_text(" ", strip=True) for a in soup.select("nav.md-nav--primary a.md-nav__link")]
    assert "Ayuda inmediata" in nav and "Get help now" not in nav, nav


@pytest.mark.parametrize("src", ENGLISH + SPANISH)
def test_language_switch_opens_the_same_page(site: BuiltSite, src: str) -> None:
    page = site.page(src)
    links = page.soup.select("p.ipt-language a")
    assert len(links) == 1, f"docs/{src}: expected one language link, found {len(links)}"
    link = links[0]
    other = "en" if src.startswith("es/") else "es"
    twin = src[3:] if other == "en" else f"es/{src}"
    assert link["lang"] == other and link["hreflang"] == other
    assert link["href"] == "/" + site.page(twin).url, f"docs/{src}: switch goes to {link['href']}"
    assert (site.dir / link["href"].lstrip("/") / "index.html").is_file()
    assert not page.soup.select('head link[rel="alternate"][hreflang]'), \
        f"docs/{src}: hreflang links in the head make Material fetch sitemaps on every view"


def test_language_switch_by_keyboard(server, browser) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(server.url("es/what-is-ipt/"))
    for _ in range(60):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.closest('.ipt-language') !== null"):
            break
    else:
        pytest.fail("the language switch on /es/what-is-ipt/ was not reached with Tab")
    page.keyboard.press("Enter")
    # The English twin: /what-is-ipt/, not the Spanish page it started on (/es/what-is-ipt/).
    page.wait_for_url(re.compile(r"^https?://[^/]+/what-is-ipt/$"))
    page.wait_for_load_state()
    assert page.evaluate("document.documentElement.lang") == "en" and "/es/" not in page.url
    context.close()


def _sitemap(path: Path) -> dict[str, dict[str, str]]:
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    root = ET.parse(path).getroot()
    return {u.find("s:loc", ns).text: {l.get("hreflang"): l.get("href") for l in u.findall("x:link", ns)}
            for u in root.findall("s:url", ns)}


def test_sitemaps_pair_every_page_with_hreflang(site: BuiltSite) -> None:
    en, es = _sitemap(site.dir / "sitemap.xml"), _sitemap(site.dir / "es" / "sitemap.xml")
    assert len(en) == len(ENGLISH) and len(es) == len(SPANISH)
    for loc, alternates in {**en, **es}.items():
        assert set(alternates) == {"en", "es", "x-default"}, (loc, alternates)
        assert loc in alternates.values() and alternates["x-default"] == alternates["en"]
        assert alternates["es"] in es and alternates["en"] in en, f"{loc}: a twin is not in its sitemap"
        assert (en.get(alternates["en"]) or {}) == alternates, f"{loc}: the pair is not reciprocal"
    robots = (site.dir / "robots.txt").read_text()
    assert "sitemap.xml" in robots and "/es/sitemap.xml" in robots
    assert not (site.dir / "es" / "robots.txt").exists() and not (site.dir / "es" / "_headers").exists()


@pytest.mark.parametrize("src", SPANISH)
def test_json_ld_language_and_twin(site: BuiltSite, src: str) -> None:
    doc = json.loads(site.page(src).soup.select_one('script[type="application/ld+json"]').string)
    assert doc["inLanguage"] == "es"
    assert doc["translationOfWork"]["inLanguage"] == "en"
    assert doc["translationOfWork"]["url"].endswith("/" + site.page(src[3:]).url)


def test_english_json_ld_names_its_translation(site: BuiltSite) -> None:
    doc = json.loads(site.page("what-is-ipt.md").soup.select_one('script[type="application/ld+json"]').string)
    assert doc["inLanguage"] == "en" and doc["workTranslation"][0]["url"].endswith("/es/what-is-ipt/")


@pytest.mark.parametrize("src", ENGLISH + SPANISH)
def test_each_cited_source_says_its_language_once(site: BuiltSite, src: str) -> None:
    """A cited source in the page's language has no language note; one in another language
    has exactly one, in the page's language. (MkDocs keeps plugin instances between the two
    languages' builds and between rebuilds of `mkdocs serve`; a note once came back once per
    build, in the language of the build before.)"""
    language = "es" if src.startswith("es/") else "en"
    notes = {code: f"({note})" for code, note in strings(language)["source_in"].items()}
    every_note = {f"({note})" for code in ("en", "es") for note in strings(code)["source_in"].values()}
    bib = load(ROOT / "bibliography.bib")
    for li in site.page(src).soup.select('div.footnote li[id^="fn:ref-"]'):   # cited sources
        key = li["id"].removeprefix("fn:ref-")
        text = li.get_text(" ", strip=True)
        source = language_of(bib.entries[key].fields)
        expected = [] if source == language else [notes[source]]
        found = [note for note in every_note for _ in range(text.count(note))]
        assert found == expected, f"docs/{src}, source {key}: expected {expected}, found {found} in {text[-120:]!r}"


def test_references_say_their_language(site: BuiltSite) -> None:
    refs = site.page("es/what-is-ipt.md").soup.select("div.footnote li")
    assert refs and all("(en inglés)" in li.get_text() for li in refs)
    full = site.page("es/references.md").soup
    assert "(en español)" not in full.get_text()
    inflesz = full.select_one("#ref-barrio2008inflesz")
    assert inflesz is not None and "(en" not in inflesz.get_text()     # a Spanish source on a Spanish page
    assert "(in Spanish)" in site.page("references.md").soup.select_one("#ref-barrio2008inflesz").get_text()
    assert [h.get("id") for h in full.select("article h2")][:1] == \
        [h.get("id") for h in site.page("references.md").soup.select("article h2")][:1]


def test_spanish_404_and_hosts(site: BuiltSite) -> None:
    soup = BeautifulSoup((site.dir / "es" / "404.html").read_text(), "html.parser")
    assert soup.html["lang"] == "es" and "Página no encontrada" in soup.get_text()
    assert BeautifulSoup((site.dir / "404.html").read_text(), "html.parser").html["lang"] == "en"
    headers = (site.dir / "_headers").read_text()
    assert "\n/es/embed/v1/*.html\n" in headers and "\n/es/api/*\n" in headers


# --- translation records ---------------------------------------------------------------------
@pytest.fixture(scope="module")
def outdated_build(tmp_path_factory):
    """A copy where an English page changed after its translation, built for real."""
    project = copy_project(tmp_path_factory.mktemp("outdated"))
    page = project / "docs" / "benefits.md"
    page.write_text(page.read_text() + "\nIPT is a talking therapy [@cuijpers2011ipt].\n")
    out = project / "site"
    return strict_build(project, out), out


def test_an_english_edit_never_fails_the_build_and_flags_the_translation(outdated_build) -> None:
    result, out = outdated_build
    assert result.returncode == 0, result.stdout + result.stderr
    notice = BeautifulSoup((out / "es" / "benefits" / "index.html").read_text(), "html.parser").select_one(".ipt-outdated")
    assert notice is not None and "La versión en inglés de esta página se actualizó el" in notice.get_text()
    assert notice.a["href"] == "/benefits/" and notice.a["hreflang"] == "en"
    status = (out / "es" / "editors" / "status" / "index.html").read_text()
    assert re.search(r"docs/es/benefits\.md.*?out of date", status, re.S), "the editors' status page must list it"
    fresh = BeautifulSoup((out / "es" / "techniques" / "index.html").read_text(), "html.parser")
    assert fresh.select_one(".ipt-outdated") is None


@pytest.mark.parametrize(("change", "expected"), [
    (lambda t: re.sub(r"translation:\n  source: .*\n  source_hash: .*\n", "", t),
     r"docs/es/research\.md:\d+: this translated page does not say which English page"),
    (lambda t: re.sub(r"source_hash: .*", "source_hash: 12345", t),
     r"docs/es/research\.md:\d+: .*source_hash"),
    (lambda t: re.sub(r"source: research\.md", "source: benefit.md", t),
     r"docs/es/research\.md:\d+: translation\.source is 'benefit\.md'"),
], ids=["missing", "malformed-hash", "wrong-source"])
def test_a_wrong_or_missing_record_fails_with_file_and_line(tmp_path, change, expected) -> None:
    project = copy_project(tmp_path)
    page = project / "docs" / "es" / "research.md"
    page.write_text(change(page.read_text()))
    result = strict_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert re.search(expected, result.stdout + result.stderr), result.stdout + result.stderr
