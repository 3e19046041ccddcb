"""Printing a page gives clean output: the article with its references, the disclaimer and
crisis help, in dark text on white, without the site's navigation (docs/stylesheets/site.css,
section "Print"). One reader page, in Chromium with print media emulated, in dark mode so
that the print colours are tested where they matter most."""
from __future__ import annotations

import re

import pytest

from tests.conftest import BuiltSite
from scripts.languages import strings
from tests.support.media import emulate_and_settle

pytestmark = pytest.mark.browser

PAGE = "what-is-ipt.md"   # a reader page with citations
HIDDEN = {
    "header": ".md-header",
    "navigation menu": ".md-sidebar--primary",
    "table of contents": ".md-sidebar--secondary",
    "search": ".md-search",
    "footer with previous/next links": ".md-footer",
    "back-to-top button": ".md-top",
    "share control": ".ipt-share",
}



@pytest.fixture(scope="module")
def printed(site: BuiltSite, server, browser):
    """The page as Chromium lays it out for printing, with the reader's system in dark mode."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="dark")
    pg = context.new_page()
    pg.goto(server.url(site.page(PAGE).url))
    emulate_and_settle(pg, media="print")
    yield pg
    context.close()


def luminance(css_colour: str) -> float:
    r, g, b = (int(x) / 255 for x in re.findall(r"\d+(?:\.\d+)?", css_colour)[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_navigation_is_not_printed(printed) -> None:
    shown = [name for name, sel in HIDDEN.items()
             if printed.locator(sel).count() and printed.locator(sel).first.is_visible()]
    assert not shown, f"{PAGE}: printing shows the {', '.join(shown)}; hide it in the Print section of site.css"


def test_article_references_disclaimer_and_crisis_help_are_printed(printed) -> None:
    missing = []
    if not printed.locator("article h1").first.is_visible():
        missing.append("the article")
    footnotes = printed.locator("article .footnote li")
    if footnotes.count() == 0 or not footnotes.first.is_visible():
        missing.append("the reference list")
    first_words = " ".join(strings("en")["disclaimer"].split()[:6])
    if not printed.get_by_text(first_words).first.is_visible():
        missing.append("the medical disclaimer")
    help_link = printed.locator(f'a[href$="get-help-now/"]').first
    if not help_link.is_visible():
        missing.append("the crisis help (a link to Get help now)")
    assert not missing, f"{PAGE}: printing leaves out {', '.join(missing)}"


def test_print_is_dark_on_white_even_in_dark_mode(printed) -> None:
    for what, selector in (("article text", "article p"), ("crisis help", 'a[href$="get-help-now/"]')):
        colour = printed.locator(selector).first.evaluate("e => getComputedStyle(e).color")
        assert luminance(colour) < 0.3, f"{PAGE}: printed {what} colour is {colour}, too light for white paper"


def test_external_links_show_their_address(printed) -> None:
    """A link in the text prints its address; a reference's DOI link does not repeat it."""
    href = "https://example.org/some-service"
    after = printed.evaluate(
        """href => {
            const p = document.querySelector("article.md-typeset p:not([class])");
            const a = Object.assign(document.createElement("a"), {href, textContent: "a service"});
            p.append(" ", a);
            return getComputedStyle(a, "::after").content;
        }""",
        href,
    )
    assert href in after, f"a printed link to {href} does not show its address (::after is {after})"
    doi = printed.locator("article .footnote a[href^='https://doi.org/']").first
    if doi.count():
        assert doi.evaluate("e => getComputedStyle(e, '::after').content") in ("none", "normal", ""), \
            "reference links print their address twice (the DOI is already in the text)"


def test_pdf_is_produced(printed) -> None:
    pdf = printed.pdf(format="A4", print_background=False)
    assert pdf.startswith(b"%PDF") and len(pdf) > 20_000, f"{PAGE}: Chromium made an empty or broken PDF ({len(pdf)} bytes)"
