"""Trust blocks on every page, from templates and hooks (never typed by editors):
crisis help, medical disclaimer, evidence at a glance and review information.

Most checks read the built HTML; the last ones look at the crisis block in Chromium.
"""
from __future__ import annotations

import datetime as dt
import json
import math
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup, Tag

from tests.conftest import DOCS, BuiltSite, DocPage, doc_sources
from tests.support.trust import extra, file_for, mkdocs_config, site_path

import yaml

from scripts import readability_es
from scripts.bibliography import cited_keys, load
from scripts.figures.data import cited_by_figures
from scripts.languages import long_date, strings
from scripts.readability import measure_html

#: What the crisis strip must link and show, per language: written out here (not read from
#: docs/includes/crisis-help.yml), so a line dropped from the data fails a test.
CRISIS_LINKS = {
    # NHS 111 (England only) is on Get help now, not in the strip: with "(England)" the strip no
    # longer fit two lines on a phone (docs/includes/crisis-help.yml).
    "en": {"tel:988", "sms:988", "tel:911", "tel:999", "tel:116123"},
    "es": {"tel:988", "sms:988", "tel:911", "tel:024", "tel:112", "tel:8009112000"},
}
CRISIS_WORDS = {
    "en": ("116 123", "988", "999", "911", "Samaritans"),
    "es": ("988", "AYUDA", "024", "112", "800 911 2000", "911"),
}
PENDING = "Checked against its sources by the IPT Guide editorial team; clinical review pending."
SOURCES = doc_sources()
CRISIS_DATA = yaml.safe_load((DOCS / "includes" / "crisis-help.yml").read_text(encoding="utf-8"))


def lang_of(src: str) -> str:
    """The language of docs/<src>: Spanish pages live under docs/es/."""
    return "es" if src.startswith("es/") else "en"


def prefix_of(src: str) -> str:
    return "es/" if src.startswith("es/") else ""


def words(tag: Tag) -> str:
    return " ".join(tag.get_text(" ").split())


def human(day: dt.date, lang: str = "en") -> str:
    return long_date(day, lang)


def crisis_block(page: DocPage) -> Tag:
    blocks = page.soup.select("aside.ipt-crisis")
    assert len(blocks) == 1, f"{page.src}: expected one crisis-help block, found {len(blocks)}"
    return blocks[0]


def links_to(page: DocPage, block: Tag, site: BuiltSite, target_src: str) -> list[Tag]:
    """Links in `block` that lead to the built page of docs/<target_src>."""
    target = site.page(target_src).html_path
    out = []
    for a in block.find_all("a", href=True):
        path = site_path(page.url, a["href"])
        if path is not None and file_for(site.dir, path) == target:
            out.append(a)
    return out


# --- crisis help ----------------------------------------------------------------------

@pytest.mark.parametrize("src", SOURCES)
def test_crisis_help_on_every_page(site: BuiltSite, src: str) -> None:
    page = site.page(src)
    block = crisis_block(page)
    assert block.get("aria-label"), f"{src}: the crisis block's <aside> needs an aria-label"
    lang = lang_of(src)
    hrefs = {a["href"] for a in block.find_all("a", href=True)}
    missing = CRISIS_LINKS[lang] - hrefs
    assert not missing, f"{src}: crisis block lacks the links {sorted(missing)}"
    assert CRISIS_DATA[lang]["international_directory"] in hrefs, f"{src}: no international helpline link"
    assert links_to(page, block, site, prefix_of(src) + "get-help-now.md"), f"{src}: no working link to Get help now"
    assert block.get("lang", lang) == lang and page.soup.html.get("lang") == lang, f"{src}: not marked lang={lang}"
    for name in CRISIS_WORDS[lang]:
        assert name in words(block), f"{src}: crisis block does not show {name!r}"
    # Not dismissible, not Material's announce banner, outside the reading-level and search text.
    assert not block.find("button") and not block.find_parent(class_="md-banner"), src
    assert block.has_attr("data-readability-skip") and block.has_attr("data-search-exclude"), src
    # Same place on every page: before the site header, as a top-level landmark.
    header = page.soup.find("header", class_="md-header")
    assert header is not None and header in block.find_all_next("header"), f"{src}: crisis help must come before the header"
    assert not block.find_parent(["main", "header", "footer", "nav", "aside", "article"]), src


@pytest.mark.parametrize("lang", ["en", "es"])
def test_crisis_help_is_the_same_on_every_page(site: BuiltSite, lang: str) -> None:
    """WCAG 3.2.6 Consistent Help: identical text and destinations on every page of a language."""
    def normal(page: DocPage) -> str:
        block = BeautifulSoup(str(crisis_block(page)), "html.parser")  # a copy: soups are shared
        for a in block.find_all("a", href=True):
            path = site_path(page.url, a["href"])
            a["href"] = a["href"] if path is None else "/" + path
            a.attrs.pop("aria-current", None)
        return str(block)
    pages = [p for p in site.pages if lang_of(p.src) == lang]
    first = normal(pages[0])
    different = [p.src for p in pages[1:] if normal(p) != first]
    assert not different, f"crisis help differs on {different}"


@pytest.mark.parametrize("lang", ["en", "es"])
def test_crisis_numbers_agree_everywhere(site: BuiltSite, lang: str) -> None:
    """The banner (overrides/partials/crisis-help.html), the embeds' crisis help (`text`) and
    the "Get help now" page give the numbers of docs/includes/crisis-help.yml: the strip its
    lines with a `strip` text, the help page all of them, the embed text every strip number."""
    def phone_links(tag: Tag) -> set[str]:
        return {a["href"] for a in tag.find_all("a", href=True) if a["href"].startswith(("tel:", "sms:"))}

    config = CRISIS_DATA[lang]
    prefix = "es/" if lang == "es" else ""
    banner = phone_links(crisis_block(site.page(prefix + "index.md")))
    strip = {line["href"] for line in config["lines"] if line.get("strip")}
    assert banner == strip, (
        f"crisis numbers differ: the {lang} strip links {sorted(banner)}, docs/includes/crisis-help.yml "
        f"({lang}) has {sorted(strip)} with a strip text.")
    every = {line["href"] for line in config["lines"]}
    help_page = phone_links(site.page(prefix + "get-help-now.md").soup.select_one("article"))
    assert every <= help_page, f"docs/{prefix}get-help-now.md lacks {sorted(every - help_page)}"
    spoken = " ".join(config["text"].split())
    for href in strip:
        number = href.split(":", 1)[1]
        written = r"\b" + r"\s?".join(map(re.escape, number)) + r"\b"   # "116123" may be "116 123"
        if href != "tel:8009112000":   # the text writes it as "800 911 2000", checked below
            assert re.search(written, spoken), f"crisis-help.yml ({lang}) text does not mention {number} ({href} is in lines)"
    if lang == "es":
        assert "800 911 2000" in spoken


def test_only_the_help_page_marks_itself_current(site: BuiltSite) -> None:
    current = [p.src for p in site.pages if crisis_block(p).select('a[aria-current="page"]')]
    assert sorted(current) == ["es/get-help-now.md", "get-help-now.md"]


# --- disclaimer -----------------------------------------------------------------------

@pytest.mark.parametrize("src", SOURCES)
def test_disclaimer_under_the_title(site: BuiltSite, src: str) -> None:
    page = site.page(src)
    found = page.soup.select(".ipt-disclaimer")
    assert len(found) == 1, f"{src}: expected one disclaimer line, found {len(found)}"
    line = found[0]
    lang = lang_of(src)
    assert " ".join(strings(lang)["disclaimer"].split()) in words(line), \
        f"{src}: disclaimer text is not `disclaimer` in docs/includes/strings/{lang}.yml"
    h1 = page.soup.select_one("article h1")
    # Under the title: only the share control, the language switch and a translation notice may come between.
    after = h1.find_next_sibling() if h1 is not None else None
    while after is not None and after is not line and set(after.get("class", [])) & {"ipt-share", "ipt-language", "ipt-outdated"}:
        after = after.find_next_sibling()
    assert after is line, f"{src}: the disclaimer must come right after the h1 (and the language switch)"
    if src.removeprefix("es/") != "medical-disclaimer.md":
        assert links_to(page, line, site, prefix_of(src) + "medical-disclaimer.md"), \
            f"{src}: disclaimer must link to the Medical disclaimer page"


# --- evidence at a glance and review information ----------------------------------------

def cited(src: str) -> list[str]:
    known = {k.lower() for k in load(DOCS.parent / "bibliography.bib").entries.keys()}
    out: list[str] = []
    text = (DOCS / src).read_text(encoding="utf-8")
    for _line, key in cited_keys(text + "".join(cited_by_figures(text, DOCS.parent))):  # figures' captions cite too
        if key.lower() in known and key.lower() not in out:
            out.append(key.lower())
    return out


def reader_sources() -> list[str]:
    from tests.conftest import front_matter
    return [s for s in SOURCES if front_matter(DOCS / s).get("kind", "reader") == "reader"]


def only_one(page, src: str, selector: str, what: str):
    """The single element matching `selector` on the page, or a failure naming the page."""
    found = page.soup.select(selector)
    assert len(found) == 1, f"{src}: expected one {what}"
    return found[0]


@pytest.mark.parametrize("src", reader_sources())
def test_evidence_at_a_glance(site: BuiltSite, src: str) -> None:
    page = site.page(src)
    glance = only_one(page, src, ".ipt-glance", "'Evidence at a glance' box")
    assert glance.find_previous_sibling() is page.soup.select_one(".ipt-disclaimer"), f"{src}: glance must sit under the disclaimer"
    text = words(glance)
    # number of sources = distinct keys cited in the Markdown = numbered references on the page
    keys = cited(src)
    listed = page.soup.select('div.footnote li[id^="fn:ref-"]')
    assert len(listed) == len(keys), f"{src}: {len(keys)} keys cited but {len(listed)} references listed"
    lang = lang_of(src)
    t = strings(lang)
    if keys:
        expected = t["sources_cited_one" if len(keys) == 1 else "sources_cited_many"].format(n=len(keys))
        assert expected in text, f"{src}: glance says {text!r}, expected {expected!r}"
        link = glance.find("a", href="#cited-sources")
        assert link is not None, f"{src}: the sources count must link to the reference list"
        target = page.soup.find(id="cited-sources")
        assert target is not None and "footnote" in target.get("class", []), f"{src}: #cited-sources is not the reference list"
    article = str(page.soup.select_one("article"))
    if lang == "es":
        # reading ease: the INFLESZ score and band of the page's own prose
        figures = readability_es.measure_html(article)
        shown = re.search(r"Facilidad de lectura: ([a-zá-ú ]+) \(INFLESZ (\d+)\)", text)
        assert shown, f"{src}: no reading ease in {text!r}"
        assert abs(int(shown.group(2)) - figures.inflesz) <= 1, f"{src}: glance shows {shown.group(2)}, page measures {figures.inflesz}"
        assert shown.group(1) == figures.band, f"{src}: glance band {shown.group(1)!r}, page is {figures.band!r}"
    else:
        # reading level: the grade shown is the grade of the page's own prose
        grade = measure_html(article).fk_grade
        shown = re.search(r"Reading level: about age (\d+) \(US grade (\d+\.\d)\)", text)
        assert shown, f"{src}: no reading level in {text!r}"
        assert abs(float(shown.group(2)) - grade) <= 0.15, f"{src}: glance shows grade {shown.group(2)}, page measures {grade}"
        assert int(shown.group(1)) == math.ceil(max(float(shown.group(2)), 1)) + 5, f"{src}: age does not match grade"
    assert f"{t['last_reviewed']} {human(page.meta['last_reviewed'], lang)}" in text


@pytest.mark.parametrize("src", reader_sources())
def test_review_information(site: BuiltSite, src: str) -> None:
    page = site.page(src)
    block = only_one(page, src, ".ipt-review", "review block after the content")
    assert block.find_parent("article") is not None
    assert block.find_previous("div", class_="footnote") is not None or not cited(src), f"{src}: review block must follow the content"
    lang = lang_of(src)
    strs = strings(lang)
    times = {t.find_previous(string=True).strip(): t for t in block.find_all("time")}
    for label, field in ((strs["last_reviewed"], "last_reviewed"), (strs["next_review"], "next_review")):
        t = times.get(label)
        day = page.meta[field]
        assert t is not None, f"{src}: no '{label}' date"
        assert t["datetime"] == day.isoformat() and words(t) == human(day, lang), f"{src}: {label} {t} != {day}"
    reviewer = page.meta.get("reviewed_by")
    assert (f"{strs['reviewed_by']} {reviewer}" if reviewer else strs["review_pending"]) in words(block)
    if lang == "en":
        assert strs["review_pending"] == PENDING
    report = block.find("a", string=re.compile(re.escape(strs["report_problem"])))
    assert report is not None, f"{src}: no 'Report a problem' link"
    base = extra()["report_problem_url"]
    assert report["href"].startswith(base), report["href"]
    query = parse_qs(urlsplit(report["href"]).query)
    assert query["page"] == [mkdocs_config()["site_url"] + page.url], query
    assert page.meta["title"] in query["title"][0], query


def test_site_pages_have_no_reader_furniture(site: BuiltSite) -> None:
    wrong = [p.src for p in site.pages if not p.is_reader and p.soup.select(".ipt-glance, .ipt-review")]
    assert not wrong, f"site pages (kind: site) should not show the glance or review block: {wrong}"


@pytest.mark.parametrize("lang", ["en", "es"])
def test_furniture_stays_out_of_search(site: BuiltSite, lang: str) -> None:
    prefix = "es/" if lang == "es" else ""
    index = json.loads((site.dir / prefix / "search" / "search_index.json").read_text(encoding="utf-8"))
    text = " ".join(doc.get("text", "") + doc.get("title", "") for doc in index["docs"])
    t = strings(lang)
    for phrase in (t["crisis_title"], t["glance_title"], t["next_review"], t["disclaimer"].split(".")[0]):
        assert phrase not in text, f"{phrase!r} was indexed by search ({prefix}search/search_index.json)"
    # The glance's reading line as the template fills it ("Reading level: about age 11 (US grade 5.3)").
    shown = re.escape(t["reading_level"]).replace(r"\{band\}", "[^()]+").replace(r"\{score\}", r"\d+")
    shown = shown.replace(r"\{age\}", r"\d+").replace(r"\{grade\}", r"[\d.]+")
    assert not re.search(shown, text), f"the glance's reading line was indexed by search ({prefix}search/search_index.json)"


# --- in Chromium: contrast, target size, landmarks, reflow ------------------------------

AXE_RULES = ["color-contrast", "target-size", "link-name", "link-in-text-block", "landmark-unique",
             "landmark-complementary-is-top-level", "region", "aria-allowed-attr", "aria-prohibited-attr"]


@pytest.mark.parametrize(("width", "scheme"), [(390, "light"), (1280, "dark")])
def test_trust_blocks_pass_axe(browser, server, width: int, scheme: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    try:
        page.goto(server.url("what-is-ipt/"))
        expected = "slate" if scheme == "dark" else "default"
        assert page.evaluate("document.body.dataset.mdColorScheme") == expected
        result = Axe().run(page, options={"runOnly": {"type": "rule", "values": AXE_RULES}})
        ours = [
            f"{v['id']}: {n['target']} {n.get('failureSummary', '')}"
            for v in result.response["violations"] for n in v["nodes"]
            if page.evaluate("s => !!document.querySelector(s)?.closest("
                             "'.ipt-crisis, .ipt-disclaimer, .ipt-glance, .ipt-review')", n["target"][-1])
        ]
        assert not ours, f"axe at {width}px ({scheme}):\n" + "\n".join(ours)
    finally:
        context.close()


@pytest.mark.parametrize("width", [320, 390])
def test_crisis_links_are_big_enough_and_nothing_overflows(browser, server, width: int) -> None:
    """WCAG 2.5.8: every crisis link is at least 24x24 px (axe exempts links in a line of text,
    so this is measured here). WCAG 1.4.10: at 320 CSS px (400 % zoom of a 1280 px window)
    the block does not scroll sideways."""
    context = browser.new_context(viewport={"width": width, "height": 640})
    page = context.new_page()
    try:
        page.goto(server.url("what-is-ipt/"))
        block = page.evaluate("(() => { const a = document.querySelector('aside.ipt-crisis');"
                              " return [a.scrollWidth, a.clientWidth]; })()")
        assert block[0] <= block[1], f"crisis block overflows sideways at {width}px: {block}"
        small = [
            (text, w, h) for text, w, h in page.evaluate(
                "[...document.querySelectorAll('aside.ipt-crisis a')].map(a => {"
                " const r = a.getBoundingClientRect(); return [a.textContent.trim(), r.width, r.height]; })")
            if w < 24 or h < 24
        ]
        assert not small, f"crisis links smaller than 24x24 px at {width}px: {small}"
    finally:
        context.close()
