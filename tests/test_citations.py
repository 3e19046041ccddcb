"""Citations in the built pages: numbered references that work, and enough of them.

- every [@key] became a numbered footnote reference pointing at an entry of the page's
  reference list, and every back-link (↩) points at an existing citation;
- no built file of any kind (pages, API and oEmbed JSON, iframes and cards, search indexes,
  sitemaps, in every language) shows a raw citation key such as "[@smith2020" to anyone;
- every DOI of a cited entry is a link in that page's reference list;
- hovering or focusing a citation shows Material's tooltip with the reference (Chromium);
- no page shows a citation as raw text ("[@key; ..."), which happens when one wraps across lines;
- every reader page cites at least three distinct sources;
- every paragraph of a reader page that states a clinical fact carries a citation
  (a heuristic: figures, or words such as "studies", "trial", "found", "recommend").
"""
from __future__ import annotations

import gzip
import html
import re

import pytest
from bs4 import BeautifulSoup, Tag
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from scripts.bibliography import cited_keys, load
from tests.conftest import DOCS, BuiltSite, DocPage
from tests.support.build import ROOT

MIN_SOURCES = 3
#: A paragraph this short may introduce the cited details that follow it.
LEAD_IN_WORDS = 40
#: Words that mark a sentence as a claim about evidence or a clinical fact.
FACT_WORDS = re.compile(
    r"\d|%|\b(stud(y|ies)|researchers?|trials?|evidence|found|showed|proven|effective(ness)?|"
    r"research (shows?|showed|suggests?|found|finds|says?|tells? us)|"
    r"meta-analys[ie]s|systematic reviews?|recommend\w*|guidelines? (say|says|advise|advises|list|lists)|"
    r"per ?cent|percent)\b",
    re.I,
)
#: Crisis-line numbers and opening hours are service details, not clinical figures.
PHONE = re.compile(r"\b(988|911|999|112|111|116 ?123|1-800-273-8255|(option|press) \d|24 hours|24/7)\b", re.I)
#: Sentences in the site's own voice ("We explain ...", "This page ...") make no clinical claim.
SITE_VOICE = re.compile(r"^(we|our|this (page|site|guide)|on this page|here you|you can (read|find))\b", re.I)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'(])")
#: Paragraphs that are clearly invented examples, not claims.
EXAMPLE_START = re.compile(r"^\s*((?i:(made-up|invented|imagined)?\s*(example|exchange|story))\b|"
                           r"((?i:therapist|client)|[A-Z][a-z]+)\s*:\s)")
#: An introduction to the page ("This page explains ...") is about the site, not a claim.
PAGE_INTRO = re.compile(r"^(this|on this) (page|section|site)\b", re.I)


def _article(page: DocPage) -> Tag:
    article = page.soup.select_one("article.md-content__inner") or page.soup.select_one("article")
    assert article is not None, f"{page.src}: no <article> in the built page"
    return article


def _reference_ids(article: Tag) -> set[str]:
    return {li["id"] for li in article.select("div.footnote li[id]")}


def _source_keys(page: DocPage) -> list[str]:
    seen: dict[str, None] = {}
    for _, key in cited_keys((DOCS / page.src).read_text(encoding="utf-8")):
        seen.setdefault(key.lower(), None)
    return list(seen)


def test_citations_are_numbered_footnotes_that_resolve(site: BuiltSite) -> None:
    problems = []
    for page in site.pages:
        article = _article(page)
        ids = _reference_ids(article) | {el["id"] for el in article.select("[id]")}
        refs = article.select("sup > a.footnote-ref")
        for ref in refs:
            target = ref.get("href", "")[1:]
            if target not in ids:
                problems.append(f"docs/{page.src}: citation {ref.get_text()} points at #{target}, which is missing")
            if not ref.get_text(strip=True).isdigit():
                problems.append(f"docs/{page.src}: citation marker '{ref.get_text()}' is not a number")
        for back in article.select("a.footnote-backref"):
            if back.get("href", "")[1:] not in ids:
                problems.append(f"docs/{page.src}: back-link ↩ points at {back.get('href')}, which is missing")
        for key in _source_keys(page):
            if not article.select_one(f'li[id="fn:ref-{key}"]'):
                problems.append(f"docs/{page.src}: [@{key}] is cited but has no entry in the page's reference list")
            elif not article.select_one(f'sup > a.footnote-ref[href="#fn:ref-{key}"]'):
                problems.append(f"docs/{page.src}: [@{key}] has a reference entry but no numbered citation")
    assert not problems, "\n".join(problems)


def _raw_key_pattern() -> re.Pattern[str]:
    """A citation key as written in Markdown: "[@" and a key, or "@" and a key of bibliography.bib."""
    keys = sorted((re.escape(k) for k in load(ROOT / "bibliography.bib").entries.keys()), key=len, reverse=True)
    return re.compile(r"\[@[A-Za-z0-9_-]+|(?<![\w.@-])@(?:%s)(?![\w-])" % "|".join(keys), re.I)


def _built_text(path) -> str | None:
    """The text of a built file (a .gz file's text uncompressed); None for a binary file."""
    data = path.read_bytes()
    if path.suffix == ".gz":
        data = gzip.decompress(data)
    try:
        return html.unescape(data.decode("utf-8"))  # "&#64;key" is a raw key too
    except UnicodeDecodeError:
        return None  # an image


def test_no_built_file_shows_a_raw_citation_key(site: BuiltSite) -> None:
    """A citation mkdocs-bibtex did not render (issue 24: one wrapped over two lines) leaves
    its key as text wherever the page's words go: page, API JSON, iframe, search index."""
    pattern = _raw_key_pattern()
    found, read = [], 0
    for path in sorted(p for p in site.dir.rglob("*") if p.is_file()):
        text = _built_text(path)
        if text is None:
            continue
        read += 1
        hits = list(pattern.finditer(text))
        if hits:
            at = hits[0].start()
            found.append(f"{path.relative_to(site.dir)}: {len(hits)} raw citation key(s), e.g. "
                         f"…{' '.join(text[max(at - 50, 0):at + 60].split())}…")
    assert read > 150, f"only {read} text files read in the built site: is the test reading it?"
    assert not found, ("these built files show a citation key as text: find the citation on the page named "
                       "(its source is docs/ or docs/es/ and the same name) and check it is written "
                       "[@key] or [@a; @b]:\n" + "\n".join(found))


def test_reference_lists_link_every_doi(site: BuiltSite) -> None:
    bib = load(ROOT / "bibliography.bib")
    entries = {k.lower(): e for k, e in bib.entries.items()}
    problems = []
    for page in site.pages:
        article = _article(page)
        for key in _source_keys(page):
            doi = entries[key].fields.get("doi") if key in entries else None
            item = article.select_one(f'li[id="fn:ref-{key}"]')
            if doi and item is not None and not item.select_one(f'a[href="https://doi.org/{doi}"]'):
                problems.append(f"docs/{page.src}: the reference for [@{key}] does not link https://doi.org/{doi}")
    assert not problems, "\n".join(problems)


def test_no_citation_is_left_raw(site: BuiltSite) -> None:
    """mkdocs-bibtex leaves a citation that wraps across a line break as raw text for readers."""
    raw = []
    for page in site.pages:
        article = BeautifulSoup(str(_article(page)), "html.parser")
        for el in article.select("pre, code"):
            el.decompose()
        text = " ".join(article.get_text(" ").split())
        raw += [f"docs/{page.src}: \"{m.group(0)}\"" for m in re.finditer(r"\[@[^\]]{0,60}\]?", text)]
    assert not raw, ("these citations are shown to readers as raw text: keep each [@a; @b] on one line "
                     "of the Markdown (CONTRIBUTING.md, Cite it on a page):\n  " + "\n  ".join(raw))


def test_every_reader_page_cites_three_sources(site: BuiltSite) -> None:
    few = []
    for page in site.reader_pages:
        count = len({i for i in _reference_ids(_article(page)) if i.startswith("fn:ref-")})
        if count < MIN_SOURCES:
            few.append(f"docs/{page.src} cites {count} distinct source(s); it needs at least {MIN_SOURCES}")
    assert not few, "\n".join(few)


def _claim_blocks(article: Tag) -> list[Tag]:
    """Paragraphs and list items of the article prose that may state facts."""
    article = BeautifulSoup(str(article), "html.parser")
    for sel in ("div.footnote", "[data-readability-skip]", "blockquote", "table", "pre", "code",
                "h1, h2, h3, h4, h5, h6", "a[href^='tel:']", "a[href^='sms:']", "nav",
                ".admonition.example", "details.example", ".admonition-title", "summary"):
        for el in article.select(sel):
            el.decompose()
    for box in article.select(".admonition, details"):
        title = box.find(class_="admonition-title") or box.find("summary")
        if re.search(r"made-up|invented|example", (title.get_text() if title else "") + " ".join(box.get("class", [])),
                     re.I):
            box.decompose()
    blocks = []
    for el in article.find_all(["p", "li"]):
        if el.find(["p", "ul", "ol"]):
            continue
        text = el.get_text(" ", strip=True)
        links = "".join(a.get_text(" ", strip=True) for a in el.find_all("a"))
        first = next((c for c in el.children if not (isinstance(c, str) and not c.strip())), None)
        starts_with_link = isinstance(first, Tag) and first.name == "a"
        if not text or EXAMPLE_START.match(text) or PAGE_INTRO.match(text) or len(links) >= 0.6 * len(text) or \
                (el.name == "li" and starts_with_link):
            continue
        blocks.append(el)
    return blocks


def _cited_near(el: Tag) -> bool:
    """The block carries a citation, or is part of a figure whose caption does; or it is a list
    item introduced by a cited paragraph;
    or it is a short lead-in (at most LEAD_IN_WORDS words) whose very next block, a paragraph
    or a list giving the details, is cited."""
    if el.select_one("a.footnote-ref"):
        return True
    figure = el.find_parent("figure")  # a figure's labels are cited by its caption (scripts/figures/)
    if figure is not None and figure.select_one("figcaption a.footnote-ref"):
        return True
    if el.name == "p" and len(el.get_text(" ").split()) <= LEAD_IN_WORDS:
        following = el.find_next_sibling()
        if following is not None and following.name in ("p", "ul", "ol"):
            return bool(following.select_one("a.footnote-ref"))
    if el.name == "li":
        parent = el.find_parent(["ul", "ol"])
        intro = parent.find_previous_sibling() if parent else None
        return bool(intro and intro.name == "p" and intro.select_one("a.footnote-ref"))
    return False


@pytest.mark.parametrize("src", ["index.md", "what-is-ipt.md", "types-of-ipt.md", "techniques.md", "benefits.md",
                                 "research.md", "is-ipt-right-for-me.md", "get-help-now.md",
                                 "group-ipt.md", "beyond-depression.md",
                                 "teenagers.md", "online-therapy.md"])
def test_fact_paragraphs_carry_a_citation(site: BuiltSite, src: str) -> None:
    page = site.page(src)
    uncited = []
    for el in _claim_blocks(_article(page)):
        text = " ".join(el.get_text(" ").split())
        claims = " ".join(c for c in _SENTENCE.split(PHONE.sub("", text)) if not SITE_VOICE.match(c))
        match = FACT_WORDS.search(claims)
        if match and not _cited_near(el):
            uncited.append(f"  \"{' '.join(text.split()[:10])} …\" (mentions '{match.group(0)}')")
    assert not uncited, (f"docs/{src}: these paragraphs state a fact or figure but cite no source. Add [@key] "
                         "after the claim (or mark an invented example as 'Made-up example:'):\n" + "\n".join(uncited))


@pytest.mark.browser
def test_citation_tooltip_on_hover_and_focus(site: BuiltSite, server, page) -> None:
    page.goto(server.url("what-is-ipt/"))
    refs = page.locator("article a.footnote-ref")
    assert refs.count() >= 2, "the What is IPT page needs at least two citations for this test"
    for index, action in ((0, "hover"), (1, "focus")):
        ref = refs.nth(index)
        expected = page.locator(ref.get_attribute("href").replace(":", "\\:")).inner_text().strip()[:40]
        page.mouse.move(0, 0)
        getattr(ref, action)()
        tooltip = page.locator(".md-tooltip2--active")
        try:
            tooltip.wait_for(state="visible", timeout=3000)
        except PlaywrightTimeout:
            pytest.fail(f"on {action}, citation {ref.inner_text()} shows no reference preview: "
                        "is `content.footnote.tooltips` still in theme.features in mkdocs.yml?")
        text = tooltip.inner_text()
        assert expected in text, f"on {action}, the tooltip shows {text[:80]!r}, not the reference {expected!r}"
        page.mouse.move(0, 0)
        page.keyboard.press("Escape")
        ref.evaluate("el => el.blur()")
        page.wait_for_timeout(300)
