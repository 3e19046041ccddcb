"""The iframe pages: `embed/v1/<topic>.html`, one minimal page per topic for an `<iframe>`,
made from `iframe.html` with `iframe.css` and `iframe.js` (which tells the host page its height).
No inline CSS or JS, so it works under a strict CSP (script-src 'self')."""
from __future__ import annotations

from typing import Any

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig

from scripts.embed.kit import long_date, template, words

TEMPLATE = "iframe.html"


def iframe_page(config: MkDocsConfig, doc: dict[str, Any]) -> bytes:
    """The iframe page of one topic's API document."""
    parts = [dict(part, html=Markup(part["html"])) for part in doc["hasPart"]]  # sanitised (sanitize.py)
    return template(TEMPLATE).render(doc=doc, parts=parts, site_name=config.site_name, t=words(config),
                                     reviewed=long_date(doc["lastReviewed"], config)).encode("utf-8")
