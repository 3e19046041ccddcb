"""Every reader page opens with its key points (issue 21): the built site, then Chromium.

- The HTML of every reader page of both languages: one key points block, the first thing in
  the article after the title and the trust blocks under it, labelled with its language's
  string (docs/includes/strings/<code>.yml), holding only a list of 3 to 5 points that read
  within the limit (US grade 6 or lower; INFLESZ 70 or more). The figures are printed.
- In Chromium, one page per language, light and dark: Material's admonition box survives the
  stylesheet trim (scripts/hooks/trim_css.py), in the text's own size, with no icon, its edge
  at least 3:1 against the page (docs/stylesheets/site.css); forced colours keep the edge;
  print is dark on white.

The build itself stops on a page that breaks these rules (scripts/hooks/key_points.py, tested
mistake by mistake in tests/test_bad_input.py); this file checks what readers get.
"""
from __future__ import annotations

import re
import subprocess
import sys

import pytest
from scripts import key_points
from scripts.html_tree import parse
from scripts.languages import strings
from tests.conftest import DOCS, BuiltSite, DocPage
from tests.support.media import emulate_and_settle

PAGES = {"en": "what-is-ipt.md", "es": "es/what-is-ipt.md"}


def language_of(page: DocPage) -> str:
    return "es" if page.src.startswith("es/") else "en"


def test_every_reader_page_opens_with_its_key_points(site: BuiltSite) -> None:
    problems, figures = [], []
    for page in site.reader_pages:
        language = language_of(page)
        where = f"docs/{page.src}"
        article = page.soup.select_one("article")
        blocks = article.select("div.admonition.key-points")
        if len(blocks) != 1:
            problems.append(f"{where}: {len(blocks)} key points blocks, not 1")
            continue
        block = blocks[0]
        first = next(el for el in article.h1.find_next_siblings() if not el.has_attr("data-readability-skip"))
        if first is not block:
            problems.append(f"{where}: the first thing after the title is <{first.name} {first.attrs}>, not the key points")
        label = strings(language)[key_points.LABEL_KEY]
        if page.key_points[0] != label:
            problems.append(f"{where}: the key points are labelled {page.key_points[0]!r}, not {label!r}")
        children = [el.name for el in block.find_all(recursive=False)]
        if children != ["p", "ul"] or not key_points.FEWEST <= len(block.ul.find_all("li", recursive=False)) <= key_points.MOST:
            problems.append(f"{where}: the block holds {children} with {len(block.select('li'))} points, "
                            f"not a label and one list of {key_points.FEWEST} to {key_points.MOST}")
        if block.ul.find(["p", "ul", "ol", "table", "pre"]):
            problems.append(f"{where}: a point holds more than a sentence or two")
        gate = key_points.gate(language)
        score = key_points.reading(key_points.prose(key_points.block(parse(str(block)))), language)["score"]
        figures.append(f"{where}: {gate.figure} {score:.1f}")
        if not gate.passes(score):
            problems.append(f"{where}: the key points read at {gate.figure} {score:.1f}")
    print("\nKey points reading figures:\n" + "\n".join(figures))
    assert len(figures) == len(site.reader_pages) and not problems, "\n".join(problems)


def test_the_writers_check_gives_the_builds_figures(site: BuiltSite) -> None:
    """`python -m scripts.key_points docs/<page>.md` reads the Markdown; the gate reads the
    built page: a writer must see the figure the build will check."""
    differ = []
    for page in site.reader_pages:
        language = language_of(page)
        source = (DOCS / page.src).read_text(encoding="utf-8")
        _, written = key_points.check(source, strings(language)[key_points.LABEL_KEY])
        estimate = key_points.reading([key_points._plain(p) for p in written.points], language)["score"]
        built = key_points.reading(page.key_points[1], language)["score"]
        if abs(estimate - built) > 0.05:
            differ.append(f"docs/{page.src}: the check says {estimate:.1f}, the build measures {built:.1f}")
    assert not differ, "\n".join(differ)


def test_the_writers_check_explains_itself() -> None:
    """Run as editors are told to: a page that does not exist, or none, gets a usage line and a
    plain error (exit 2), not a Python traceback; a good page gets its figure (exit 0)."""
    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "scripts.key_points", *args], cwd=DOCS.parent,
                              capture_output=True, text=True, timeout=120)
    for args, says in ((["docs/no-such-page.md"], "no such page: docs/no-such-page.md"),
                       ([], "the following arguments are required")):
        result = run(*args)
        assert result.returncode == 2 and says in result.stderr and "Traceback" not in result.stderr, result.stderr
    result = run("docs/teenagers.md")
    assert result.returncode == 0 and "docs/teenagers.md: key points at US grade" in result.stdout, result.stdout


def contrast(a: str, b: str) -> float:
    def luminance(colour: str) -> float:
        values = [int(x) / 255 for x in re.findall(r"\d+", colour)[:3]]
        r, g, bl = (v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4 for v in values)
        return 0.2126 * r + 0.7152 * g + 0.0722 * bl

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


STYLE = """() => {
    const block = document.querySelector('article .admonition.key-points');
    const title = block.querySelector('.admonition-title');
    const s = getComputedStyle(block);
    const text = getComputedStyle(document.querySelector('article > p:not([class])'));
    return {display: s.display, border: s.borderLeftColor, width: parseFloat(s.borderLeftWidth), style: s.borderLeftStyle,
            size: s.fontSize, textSize: text.fontSize, icon: getComputedStyle(title, '::before').content,
            colour: getComputedStyle(block.querySelector('li')).color, page: getComputedStyle(document.body).backgroundColor};
}"""


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("language", ["en", "es"])
def test_key_points_look_like_key_points(site: BuiltSite, server, browser, scheme: str, language: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme=scheme)
    try:
        tab = context.new_page()
        tab.goto(server.url(site.page(PAGES[language]).url))
        got = tab.evaluate(STYLE)
    finally:
        context.close()
    where = f"/{site.page(PAGES[language]).url} ({scheme})"
    assert got["display"] == "flow-root" and got["width"] >= 1 and got["style"] == "solid", \
        f"{where}: Material's admonition box is gone (scripts/hooks/trim_css.py?): {got}"
    assert got["size"] == got["textSize"], f"{where}: the points are {got['size']}, the text {got['textSize']}"
    assert got["icon"] in ("none", "normal"), f"{where}: the label has an icon: {got['icon']}"
    assert contrast(got["border"], got["page"]) >= 3, f"{where}: the edge {got['border']} is under 3:1 on {got['page']}"


@pytest.mark.browser
def test_key_points_keep_their_edge_in_forced_colours_and_print_dark_on_white(site: BuiltSite, server, browser) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="dark", forced_colors="active")
    try:
        tab = context.new_page()
        tab.goto(server.url(site.page(PAGES["en"]).url))
        forced = tab.evaluate(STYLE)
        emulate_and_settle(tab, media="print", forced_colors="none")
        printed = tab.evaluate(STYLE)
        block_bg = tab.evaluate("() => getComputedStyle(document.querySelector('.key-points')).backgroundColor")
    finally:
        context.close()
    assert forced["width"] >= 1 and forced["style"] == "solid" and contrast(forced["border"], forced["page"]) >= 3, \
        f"in forced colours the key points lose their edge: {forced}"
    assert contrast(printed["colour"], "rgb(255, 255, 255)") >= 7 and contrast(printed["border"], "rgb(255, 255, 255)") >= 3, \
        f"printed key points must be dark on white: {printed}"
    assert block_bg in ("rgba(0, 0, 0, 0)", "rgb(255, 255, 255)"), f"printed key points have a background: {block_bg}"
