"""The oEmbed card pages: `embed/v1/card/<topic>.html`, the light page that the iframe of a
topic's oEmbed response (scripts/embed/oembed.py) opens, made from `card.html` with `card.css`
and `card.js` (which speaks WordPress's embed protocol)."""
from __future__ import annotations

from typing import Any

from mkdocs.config.defaults import MkDocsConfig

from scripts.embed.kit import long_date, template, words

TEMPLATE = "card.html"


def card_page(config: MkDocsConfig, doc: dict[str, Any], help_url: str) -> bytes:
    """The card of one topic's API document; `help_url` is what a crisis link opens where the
    host (WordPress) will not dial it: the "Get help now" page."""
    return template(TEMPLATE).render(doc=doc, site_name=config.site_name, help_url=help_url, t=words(config),
                                     reviewed=long_date(doc["lastReviewed"], config)).encode("utf-8")
