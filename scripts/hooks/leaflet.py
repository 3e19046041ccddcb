"""On a printed leaflet, every link shows its full address (issue 23).

The leaflet ("IPT in two pages", `docs/leaflet.md` and its translations) is the page whose
front matter says `template: leaflet.html` (overrides/leaflet.html). On paper a link cannot be
clicked, so its address is printed after it. site.css already does that for links that carry
one (`https://…`), but a link to another page of this site is relative (`../what-is-ipt/`),
which means nothing on paper. This hook gives each such link in a leaflet's article a
`data-print-href` with its full address, made from `site_url`; `docs/stylesheets/leaflet.css`
prints it. The `href` itself stays relative, so the page works the same in a preview, under a
sub-path and in an offline copy. Links within the page (`#…`) and with a scheme (`tel:`,
`mailto:`…) are left alone.
"""
from __future__ import annotations

import html
import re
from urllib.parse import urljoin

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

#: The template that makes a page a leaflet (front matter `template:`).
TEMPLATE = "leaflet.html"

_LINK = re.compile(r'<a\s(?=[^>]*?\bhref="([^"]*)")')
_HAS_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:|^//")


def is_leaflet(page: Page) -> bool:
    return (page.meta or {}).get("template") == TEMPLATE


def with_print_addresses(output: str, base: str) -> str:
    """`output` with `data-print-href="<full address>"` on each `<a>` whose href is a relative
    address of this site; `base` is the page's own full address."""
    def mark(m: re.Match[str]) -> str:
        href = html.unescape(m.group(1))
        if not href or href.startswith("#") or _HAS_SCHEME.match(href):
            return m.group(0)
        return f'<a data-print-href="{html.escape(urljoin(base, href))}" '
    return _LINK.sub(mark, output)


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """Within the leaflet's <article> (title, disclaimer, text, references, review dates): the
    crisis strip and the navigation stay exactly as on every other page."""
    start, end = output.find("<article"), output.rfind("</article>")
    if not is_leaflet(page) or not page.canonical_url or start < 0 or end < start:
        return output
    return output[:start] + with_print_addresses(output[start:end], page.canonical_url) + output[end:]
