"""The leaflet, "IPT in two pages" (/leaflet/, /es/leaflet/; issue 23), printed from Chromium.

Each leaflet is printed to PDF with Playwright on A4 and on US Letter, with the reader's
system in dark mode (print must still be dark on white), and read back with poppler's
`pdftotext` (Debian's poppler-utils; .ci/run installs it). On paper it must be at most two
pages, its text selectable (title and crisis numbers found in the PDF's text), its links
followed by their full address, its own address and review date shown, and every printed
word dark enough on white paper to read in greyscale (WCAG contrast 4.5:1, which depends on
luminance only, so a greyscale print keeps it). Its content repeats the site: every source
it cites is cited on another page of its language; the pages a clinician prints link to it.
"""
from __future__ import annotations

import re
import subprocess
from urllib.parse import urljoin

import pytest
import yaml

from scripts.languages import long_date, strings
from scripts.bibliography import cited_keys
from scripts.hooks.leaflet import TEMPLATE, with_print_addresses
from tests.conftest import DOCS, BuiltSite
from tests.support.pdf import pdftotext
from tests.support.media import emulate_and_settle

LEAFLETS = {"en": "leaflet.md", "es": "es/leaflet.md"}
PAPER = ("A4", "Letter")
MAX_PAGES = 2
#: The pages a clinician prints from, which must link to the leaflet (both languages).
LINKED_FROM = ("index.md", "what-is-ipt.md", "finding-a-therapist.md", "helping-someone.md")
CRISIS_DATA = yaml.safe_load((DOCS / "includes" / "crisis-help.yml").read_text(encoding="utf-8"))
MARKER = re.compile(r"^<!--\s*crisis-lines:\s*([a-z-]+)\s*-->", re.M)



def canonical(site: BuiltSite, src: str) -> str:
    return site.page(src).soup.select_one('link[rel="canonical"]')["href"]


@pytest.fixture(scope="module")
def printed(site: BuiltSite, server, browser) -> dict[tuple[str, str], str]:
    """{(language, paper): the text of the leaflet's PDF}, pages separated by form feeds."""
    tool = pdftotext()
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="dark")
    texts: dict[tuple[str, str], str] = {}
    try:
        page = context.new_page()
        for lang, src in LEAFLETS.items():
            page.goto(server.url(site.page(src).url), wait_until="networkidle")
            for paper in PAPER:
                pdf = page.pdf(format=paper)
                texts[(lang, paper)] = subprocess.run([tool, "-raw", "-", "-"], input=pdf, capture_output=True,
                                                      check=True).stdout.decode("utf-8")
    finally:
        context.close()
    return texts


@pytest.fixture(scope="module")
def print_view(site: BuiltSite, server, browser):
    """Both leaflets as Chromium lays them out for paper (print media), in dark mode."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="dark")
    pages = {}
    for lang, src in LEAFLETS.items():
        page = context.new_page()
        page.goto(server.url(site.page(src).url), wait_until="networkidle")
        emulate_and_settle(page, media="print")
        pages[lang] = page
    yield pages
    context.close()


def flat(text: str) -> str:
    return " ".join(text.split())


def bare(text: str) -> str:
    """Without any white space: a printed address may wrap anywhere."""
    return "".join(text.split())


CASES = [(lang, paper) for lang in LEAFLETS for paper in PAPER]
IDS = [f"{lang}-{paper}" for lang, paper in CASES]


@pytest.mark.browser
@pytest.mark.parametrize(("lang", "paper"), CASES, ids=IDS)
def test_at_most_two_pages(printed, lang: str, paper: str) -> None:
    pages = printed[(lang, paper)].rstrip("\f").count("\f") + 1
    assert pages <= MAX_PAGES, (
        f"docs/{LEAFLETS[lang]} prints on {pages} pages of {paper}; the limit is {MAX_PAGES}. Shorten it, "
        "or tighten the print rules in docs/stylesheets/leaflet.css.")


@pytest.mark.browser
@pytest.mark.parametrize(("lang", "paper"), CASES, ids=IDS)
def test_text_is_selectable_with_title_and_crisis_lines(site: BuiltSite, printed, lang: str, paper: str) -> None:
    """The PDF holds text, not pictures of text: the title and every crisis line the
    leaflet lists (from docs/includes/crisis-help.yml) can be found in it."""
    src = LEAFLETS[lang]
    text = flat(printed[(lang, paper)])
    title = site.page(src).meta["title"]
    assert title in text, f"docs/{src}: the title {title!r} is not in the text of the {paper} PDF"
    areas = MARKER.findall((DOCS / src).read_text(encoding="utf-8"))
    assert areas, f"docs/{src} lists no crisis lines (a line <!-- crisis-lines: AREA -->)"
    labels = [line["label"] for line in CRISIS_DATA[lang]["lines"] if line["area"] in areas]
    missing = [label for label in labels if flat(label) not in text]
    assert not missing, f"docs/{src}: the {paper} PDF does not show the crisis lines {missing}"


@pytest.mark.browser
@pytest.mark.parametrize(("lang", "paper"), CASES, ids=IDS)
def test_own_address_review_date_and_link_addresses_on_paper(site: BuiltSite, printed, lang: str, paper: str) -> None:
    src = LEAFLETS[lang]
    page = site.page(src)
    text = printed[(lang, paper)]
    own = canonical(site, src)
    reviewed = f"{strings(lang)['last_reviewed']} {long_date(page.meta['last_reviewed'], lang)}"
    assert bare(own) in bare(text), f"docs/{src}: its own address {own} is not printed ({paper})"
    assert flat(reviewed) in flat(text), f"docs/{src}: '{reviewed}' is not printed ({paper})"
    article = page.soup.select_one("article")
    links = [urljoin(own, a["href"]) for a in article.select("a[href]")
             if not a["href"].startswith(("#", "tel:", "sms:", "mailto:"))
             and not a.find_parent(class_="footnote") and not a.find_parent(class_="ipt-review")]
    assert len(links) >= 5, f"docs/{src}: expected links to other pages and sites, found {links}"
    unprinted = [href for href in links if bare(href) not in bare(text)]
    assert not unprinted, f"docs/{src}: these links are printed without their address ({paper}): {unprinted}"


CONTRAST_JS = """() => {
  const rgba = c => {
    const m = /^rgba?\\(([^)]*)\\)$/.exec(c);
    if (!m) return null;
    const p = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const lum = c => {
    const f = v => { v /= 255; return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(c[0]) + 0.7152 * f(c[1]) + 0.0722 * f(c[2]);
  };
  const over = (fg, bg) => [0, 1, 2].map(i => fg[i] * fg[3] + bg[i] * (1 - fg[3]));
  const ratio = (a, b) => (Math.max(lum(a), lum(b)) + 0.05) / (Math.min(lum(a), lum(b)) + 0.05);
  const background = el => {
    for (let e = el; e; e = e.parentElement) {
      const c = rgba(getComputedStyle(e).backgroundColor);
      if (c && c[3] > 0) return over(c, [255, 255, 255, 1]);
    }
    return [255, 255, 255];
  };
  const problems = [];
  const check = (el, pseudo, sample) => {
    const style = getComputedStyle(el, pseudo);
    const fg = rgba(style.color);
    if (!fg) { problems.push(`${sample}: colour ${style.color} not understood`); return; }
    const bg = background(el);
    const onPaper = ratio(over(fg, [255, 255, 255, 1]), [255, 255, 255]);   // backgrounds are not printed
    const onBackground = ratio(over(fg, bg), bg);
    const size = parseFloat(style.fontSize);
    if (Math.min(onPaper, onBackground) < 4.5 || Number(style.opacity) < 1)
      problems.push(`${sample}: ${style.color} on ${bg}: ${Math.min(onPaper, onBackground).toFixed(2)}:1`);
    if (size < 10.6 && !el.closest('sup'))   // 8 pt
      problems.push(`${sample}: printed at ${(size * 0.75).toFixed(1)} pt`);
  };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let seen = 0;
  for (let node; (node = walker.nextNode());) {
    const el = node.parentElement, words = node.textContent.trim();
    if (!words || !el.checkVisibility({opacityProperty: true, visibilityProperty: true})) continue;
    seen++;
    check(el, null, JSON.stringify(words.slice(0, 40)));
  }
  for (const a of document.querySelectorAll('article a')) {
    const after = getComputedStyle(a, '::after').content;
    if (after && after !== 'none' && after !== 'normal' && a.checkVisibility()) check(a, '::after', after.slice(0, 50));
  }
  return {seen, problems};
}"""


@pytest.mark.browser
@pytest.mark.parametrize("lang", list(LEAFLETS))
def test_printed_text_is_legible_in_greyscale(print_view, lang: str) -> None:
    result = print_view[lang].evaluate(CONTRAST_JS)
    assert result["seen"] > 100, f"docs/{LEAFLETS[lang]}: only {result['seen']} pieces of printed text found"
    assert not result["problems"], (
        f"docs/{LEAFLETS[lang]}: printed text too light (under 4.5:1 on white paper) or too small (under "
        "8 pt); fix docs/stylesheets/leaflet.css or site.css's Print section:\n  "
        + "\n  ".join(result["problems"][:15]))


@pytest.mark.browser
@pytest.mark.parametrize("lang", list(LEAFLETS))
def test_on_paper_no_menus_share_control_or_glance(print_view, lang: str) -> None:
    page = print_view[lang]
    shown = [sel for sel in (".md-header", ".md-sidebar--primary", ".md-search", ".md-footer", ".ipt-share",
                             ".ipt-glance")
             if page.locator(sel).count() and page.locator(sel).first.is_visible()]
    assert not shown, f"docs/{LEAFLETS[lang]}: the printed leaflet shows {shown}"
    kept = [sel for sel in (".ipt-crisis", ".ipt-disclaimer", ".key-points", "#get-help-now", ".footnote",
                            ".ipt-language", ".ipt-leaflet-address")
            if not page.locator(sel).first.is_visible()]
    assert not kept, f"docs/{LEAFLETS[lang]}: the printed leaflet leaves out {kept}"


# --- the built pages (no browser) -------------------------------------------------------------

@pytest.mark.parametrize("lang", list(LEAFLETS))
def test_leaflet_cites_only_what_other_pages_cite(lang: str) -> None:
    """It adds no new claim: each source it cites backs the same facts on another page."""
    src = LEAFLETS[lang]
    own = {key for _line, key in cited_keys((DOCS / src).read_text(encoding="utf-8"))}
    folder = DOCS / "es" if lang == "es" else DOCS
    elsewhere = {key for path in folder.glob("*.md") if path.name != "leaflet.md"
                 for _line, key in cited_keys(path.read_text(encoding="utf-8"))}
    assert own and not own - elsewhere, f"docs/{src} cites sources no other page cites: {sorted(own - elsewhere)}"


@pytest.mark.parametrize("src", [*LINKED_FROM, *(f"es/{s}" for s in LINKED_FROM)])
def test_pages_clinicians_print_link_to_the_leaflet(site: BuiltSite, src: str) -> None:
    target = site.dir / ("es/" if src.startswith("es/") else "") / "leaflet" / "index.html"
    page = site.page(src)
    linked = [a["href"] for a in page.soup.select("article a[href]")
              if (page.html_path.parent / a["href"].split("#")[0] / "index.html").resolve() == target.resolve()]
    assert linked, f"docs/{src} does not link to the leaflet ({target.parent.relative_to(site.dir)}/)"


def test_leaflets_use_the_leaflet_template(site: BuiltSite) -> None:
    for src in LEAFLETS.values():
        assert site.page(src).meta.get("template") == TEMPLATE, f"docs/{src}: front matter needs template: {TEMPLATE}"
        assert site.page(src).soup.select_one('link[href$="stylesheets/leaflet.css"]'), f"docs/{src}: no leaflet.css"
    others = [p.src for p in site.pages if p.src not in LEAFLETS.values() and 'leaflet.css"' in p.html]
    assert not others, f"only the leaflets may load leaflet.css (every byte counts): {others}"


def test_print_addresses_are_full_and_only_for_the_site_pages() -> None:
    base = "https://example.org/guide/es/leaflet/"
    html = ('<a href="../what-is-ipt/">a</a><a href="#fn:1">1</a><a href="tel:988">b</a>'
            '<a href="https://findahelpline.com/">c</a><a class="x" href="/guide/es/research/?a=1&amp;b=2">d</a>')
    out = with_print_addresses(html, base)
    assert 'data-print-href="https://example.org/guide/es/what-is-ipt/" href="../what-is-ipt/"' in out
    assert 'data-print-href="https://example.org/guide/es/research/?a=1&amp;b=2"' in out
    assert out.count("data-print-href") == 2, out
