"""The oEmbed responses (issue 14): `api/v1/oembed/<topic>.json`, an oEmbed 1.0 `rich`
response per reader page, found through the `<link rel="alternate" type="application/json+oembed">`
each reader page carries (`page.oembed_url`, read by overrides/partials/social-meta.html).

Its `html` is what WordPress keeps from a provider it does not know: a `blockquote` (title,
key points, link and the crisis line from `extra.crisis_help.text`), then one `iframe` opening the
topic's card page (scripts/embed/card_page.py). A static host ignores the query string
(`?url=…&format=json&maxwidth=…`) that consumers add, so one file answers them all.
"""
from __future__ import annotations

import html
from typing import Any

from mkdocs.config.defaults import MkDocsConfig

from scripts.embed.kit import CARD_DIR, site_url, words

#: The card's size as offered to consumers. WordPress then sets the height the card reports;
#: Ghost keeps these, so the height fits the tallest card at 600 px wide, with a margin: with
#: their key points, cards are 531 to 627 px tall in English, 603 to 747 px in Spanish
#: (Chromium on Debian, December 2026; tests/test_oembed.py checks every card).
WIDTH, HEIGHT = 600, 800
#: How long consumers may keep a response (seconds); the card itself is always live.
CACHE_AGE = 86400


def oembed_html(doc: dict[str, Any], card_url: str, site_name: str, texts: dict[str, str] | None = None) -> str:
    """The response's `html`: a blockquote that reads well on its own, then one iframe.

    WordPress keeps only `<a href>` and text inside the blockquote (wp_filter_oembed_result)
    and removes line breaks (WP_oEmbed::_strip_newlines), so each block ends in punctuation and
    a space: stripped of its `<p>`s and `<li>`s it still reads as sentences (each key point is
    one or two). Ghost shows the HTML as it is.
    """
    e = html.escape
    texts = texts or {}
    title, url = e(doc["name"]), e(doc["url"])
    read_full = texts.get("embed_read_full", f"Read the full page on {site_name}")
    from_site = texts.get("embed_from", f"From {site_name}")
    quote = " ".join([
        f'<p><strong><a href="{url}">{title}</a></strong> ({e(site_name)}).</p>',
        "<ul>" + " ".join(f"<li>{e(point)}</li>" for point in doc["keyPoints"]) + "</ul>",
        f'<p><a href="{url}">{e(read_full)}</a>.</p>',
        f"<p>{e(doc['crisisHelp']['text'])}</p>",
    ])
    frame = (f'<iframe src="{e(card_url)}" width="{WIDTH}" height="{HEIGHT}" '
             f'title="{title}, {e(from_site[:1].lower() + from_site[1:])}" frameborder="0" marginwidth="0" marginheight="0"></iframe>')
    return f'<blockquote class="ipt-guide-oembed">{quote}</blockquote>{frame}'


def oembed_document(config: MkDocsConfig, doc: dict[str, Any]) -> dict[str, Any]:
    """An oEmbed 1.0 `rich` response (https://oembed.com/ section 2.3.4) for one topic's API document."""
    site = site_url(config)
    return {
        "version": "1.0",
        "type": "rich",
        "title": doc["name"],
        "provider_name": config.site_name,
        "provider_url": site,
        "width": WIDTH,
        "height": HEIGHT,
        "cache_age": CACHE_AGE,
        "html": oembed_html(doc, f"{site}{CARD_DIR}/{doc['identifier']}.html", config.site_name, words(config)),
    }
