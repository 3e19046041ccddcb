"""The JSON API: `api/v1/<topic>.json` and `api/v1/index.json`.

- `<topic>.json`: one schema.org `MedicalWebPage` per reader page (topic = page slug, "home"
  for the home page) with its sections as plain text and as sanitised HTML (scripts/embed/
  sections.py), its references, the licence, attribution, crisis help
  (docs/includes/crisis-help.yml) and disclaimer.
- `index.json`: the embeddable topics (schema.org `ItemList`), in menu order.

Both are validated by `scripts/schemas/api-v1.schema.json` in the tests.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from scripts.bibliography import cited_keys, load, reference
from scripts.content_cache import remember
from scripts.embed import sections as sections_module
from scripts.embed.kit import API_DIR, EMBED_DIR, VERSION, iso, log, site_url, topic_of, words

_HERE = Path(__file__).resolve().parent
#: What the sections depend on besides the page: a change to any of these files computes
#: every page's sections afresh (scripts/content_cache.py; a new nh3 changes requirements.txt).
SECTIONS_CODE = tuple(str(p) for p in (_HERE / "sections.py", _HERE / "sanitize.py",
                                       _HERE.parent / "key_points.py", _HERE.parent / "html_tree.py"))


def crisis_help(config: MkDocsConfig) -> dict[str, Any]:
    """The build language's crisis help (`extra.crisis_help`, which scripts/hooks/crisis_help.py
    reads from docs/includes/crisis-help.yml): `text`, `lines` and the directory."""
    extra = config.extra.get("crisis_help") or {}
    text, lines = extra.get("text"), extra.get("lines")
    directory = extra.get("international_directory")
    if not (text and lines and directory):
        log.warning("docs/includes/crisis-help.yml: this language needs `text`, `lines` (region, label, href) "
                    "and `international_directory`; every embed must show crisis help.")
    out_lines = [{k: str(line.get(k, "")) for k in ("region", "label", "href")} for line in lines or []]
    if directory:
        out_lines.append({"region": config.extra.get("strings", {}).get("crisis_other_countries", "Other countries"),
                          "label": urlsplit(directory).netloc or directory, "href": directory})
    return {"text": " ".join(str(text or "").split()), "lines": out_lines}


def citations(page: Page, config: MkDocsConfig) -> list[dict[str, Any]]:
    """The page's references in citation order, with DOIs where the source has one."""
    keys = page.meta.get("citations")
    if not isinstance(keys, list):
        source = Path(page.file.abs_src_path).read_text(encoding="utf-8")
        keys = list(dict.fromkeys(key for _, key in cited_keys(source)))
    data = load(Path(config.config_file_path).parent / "bibliography.bib")
    out: list[dict[str, Any]] = []
    for key in keys:
        if key not in data.entries:
            continue  # reported by the citations hook
        ref = reference(data, key)
        item: dict[str, Any] = {
            "@type": {"article": "ScholarlyArticle", "book": "Book"}.get(ref.type, "CreativeWork"),
            "identifier": ref.key, "name": ref.title,
        }
        if ref.authors:  # some sources name no author (the fact base could not check them)
            item["author"] = ref.authors
        if ref.year:
            item["datePublished"] = ref.year
        if ref.container:
            item["isPartOf" if ref.type == "article" else "publisher"] = ref.container
        if ref.doi:
            item["doi"] = ref.doi
        if ref.link:
            item["url"] = ref.link
        out.append(item)
    return out


def document(page: Page, config: MkDocsConfig, content: str, crisis: dict[str, Any]) -> dict[str, Any]:
    """The API document of one reader page, from its HTML (`content`)."""
    site = site_url(config)
    url = page.canonical_url or urljoin(site, page.url)
    extra = config.extra
    publisher = extra.get("publisher", {})
    licence = extra.get("license", {})
    doc: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "identifier": topic_of(page.file.src_uri),
        "name": page.meta.get("title") or page.title,
        "description": page.meta.get("description", ""),
        "url": url,
        "inLanguage": config.theme.get("language", "en"),
        "lastReviewed": iso(page.meta.get("last_reviewed")),
        "nextReview": iso(page.meta.get("next_review")),
        "license": {"@type": "CreativeWork", "name": licence.get("name"), "url": licence.get("url")},
        "copyrightHolder": {"@type": "Organization", "name": publisher.get("name", config.site_name),
                            "url": publisher.get("url", site)},
        "attribution": {"text": words(config).get("embed_from", f"From {config.site_name}"), "url": url},
        # Kept between builds by content (scripts/content_cache.py): the page's HTML and this code.
        **remember(config, "embed-sections", f"{url}\n{site}\n{content}", SECTIONS_CODE,
                   lambda: sections_module.sections(content, url, site)),   # hasPart, keyPoints
        "citation": citations(page, config),
        "crisisHelp": crisis,
        "disclaimer": " ".join(str(extra.get("disclaimer", "")).split()),
        "isPartOf": {"@type": "WebSite", "name": config.site_name, "url": site},
        "version": VERSION,
    }
    if page.meta.get("reviewed_by"):
        doc["reviewedBy"] = {"name": str(page.meta["reviewed_by"])}
    return doc


def index_document(config: MkDocsConfig, documents: dict[str, dict[str, Any]], topics: list[str]) -> dict[str, Any]:
    """`api/v1/index.json`: every topic of `documents`, in the order of `topics`."""
    site = site_url(config)
    items = []
    for position, topic in enumerate(topics, start=1):
        doc = documents[topic]
        items.append({
            "@type": "ListItem", "position": position, "identifier": topic,
            "name": doc["name"], "description": doc["description"], "url": doc["url"],
            "contentUrl": f"{site}{API_DIR}/{topic}.json", "embedUrl": f"{site}{EMBED_DIR}/{topic}.html",
            "lastReviewed": doc["lastReviewed"],
        })
    return {
        "@context": "https://schema.org", "@type": "ItemList",
        "name": f"{config.site_name} embeddable topics", "version": VERSION,
        "license": documents[topics[0]]["license"] if topics else None,
        "numberOfItems": len(items), "itemListElement": items,
    }
