"""The embed kit other sites use (JSON API, embed script, iframe pages, oEmbed cards),
published at each build: this hook collects the reader pages and writes what the modules of
scripts/embed/ make (its __init__.py lists which module makes which file).

- `on_config`: this build's crisis help; forgets the last build's pages.
- `on_nav`: the menu's order (for index.json and the topics table) and the "Get help now" page.
- `on_page_markdown`: fills the placeholders of the "Embed our content" page (embed_page.py).
- `on_page_content`: the API document of each reader page (api_document.py), and the address
  of its oEmbed response for the page's <head> (`page.oembed_url`).
- `on_post_build`: writes api/v1/, api/v1/oembed/ and embed/v1/ (with their manifest).
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # make `scripts` importable
from scripts.embed import api_document, embed_page, kit, script  # noqa: E402
from scripts.embed.card_page import card_page  # noqa: E402
from scripts.embed.iframe_page import iframe_page  # noqa: E402
from scripts.embed.kit import API_DIR, CARD_DIR, EMBED_DIR, OEMBED_DIR, log, site_url, write  # noqa: E402
from scripts.embed.oembed import oembed_document  # noqa: E402
from scripts.offline import is_offline  # noqa: E402
from scripts.project import shown_path  # noqa: E402

#: The page a crisis link in the card opens where the host (WordPress) will not dial it.
HELP_PAGE = "get-help-now.md"

# --- state of one build ------------------------------------------------------------------
_documents: dict[str, dict[str, Any]] = {}   # topic -> API document
_order: list[str] = []                        # src_uri of pages in nav order
_crisis: dict[str, Any] = {}                  # crisisHelp of every document
_help: list[str] = []                         # absolute URL of the "Get help now" page


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    _documents.clear()
    _order.clear()
    _crisis.clear()
    kit.reset()
    _crisis.update(api_document.crisis_help(config))
    # Until on_nav finds the "Get help now" page: the international helpline directory.
    _help[:] = [next((line["href"] for line in _crisis["lines"] if line["href"].startswith("https:")),
                     site_url(config))]
    return config


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    _order[:] = [page.file.src_uri for page in nav.pages]
    for page in nav.pages:
        if page.file.src_uri == HELP_PAGE and page.canonical_url:
            _help[:] = [page.canonical_url]
    return nav


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    return embed_page.fill(markdown, page, config, _order) if page.file.src_uri == embed_page.PAGE else markdown


def on_page_content(html_text: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if kit.is_reader(page.meta) and not is_offline(config):   # the offline copy has no embed kit
        doc = api_document.document(page, config, html_text, _crisis)
        if not doc["hasPart"]:
            log.warning("%s: the embed API found no text on this page, so embeds of it would be "
                        "empty. Add the page's text, or mark it `kind: site` if it is not for readers.",
                        shown_path(page.file, config))
        _documents[doc["identifier"]] = doc
        # For the oEmbed discovery link in the page's <head> (overrides/partials/social-meta.html).
        page.oembed_url = f"{site_url(config)}{OEMBED_DIR}/{doc['identifier']}.json"  # type: ignore[attr-defined]
    return html_text


def ordered_topics() -> list[str]:
    rank = {kit.topic_of(src): i for i, src in enumerate(_order)}
    return sorted(_documents, key=lambda t: (rank.get(t, len(rank)), t))


def on_post_build(config: MkDocsConfig) -> None:
    if is_offline(config):   # the kit is for other sites, which embed from the website
        return
    out = Path(config.site_dir)
    topics = ordered_topics()
    made: set[Path] = set()
    for topic in topics:
        doc = _documents[topic]
        write(out / API_DIR / f"{topic}.json", kit.dumps(doc), made)
        write(out / EMBED_DIR / f"{topic}.html", iframe_page(config, doc), made)
        write(out / CARD_DIR / f"{topic}.html", card_page(config, doc, _help[0]), made)
        write(out / OEMBED_DIR / f"{topic}.json", kit.dumps(oembed_document(config, doc)), made)
    write(out / API_DIR / "index.json", kit.dumps(api_document.index_document(config, _documents, topics)), made)
    files = script.static_files(config)
    for name, data in files.items():
        write(out / EMBED_DIR / name, data, made)
    write(out / EMBED_DIR / "manifest.json", kit.dumps(script.manifest(config, files, topics)), made)
