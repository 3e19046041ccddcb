"""The embed kit other sites use: a JSON API, an embed script, iframe pages and a manifest.

Everything is a static file written into the built site, so any CDN can serve it:

- `api/v1/index.json`: the embeddable topics (schema.org `ItemList`).
- `api/v1/<topic>.json`: one schema.org `MedicalWebPage` per reader page (topic = page slug,
  "home" for the home page) with its sections as plain text and as sanitised HTML (a small
  allow-list of tags, absolute links only), its references, the licence, attribution,
  crisis help (docs/includes/crisis-help.yml) and disclaimer. Validated by `scripts/schemas/api-v1.schema.json` in the tests.
- `embed/v1/ipt-embed.js`: copied unchanged from `scripts/embed/ipt-embed.js` (the
  `<ipt-guide>` element), so its Subresource Integrity hash only changes when its code does.
- `embed/v1/<topic>.html` (+ `iframe.css`, `iframe.js`): minimal pages for iframes, made
  from `scripts/embed/iframe.html`.
- `embed/v1/manifest.json`: version, SRI hashes of the script and iframe assets, topics.
- `api/v1/oembed/<topic>.json` (issue 14): an oEmbed 1.0 `rich` response per reader page, found
  through the `<link rel="alternate" type="application/json+oembed">` each reader page carries
  (`page.oembed_url`, read by overrides/partials/social-meta.html). Its `html` is what
  WordPress keeps from a provider it does not know: a `blockquote` (title, summary, link and
  the crisis line from `extra.crisis_help.text`) then one `iframe` opening
  `embed/v1/card/<topic>.html`, a light card page made from `scripts/embed/card.html` whose
  `card.js` speaks WordPress's embed protocol. A static host ignores the query string
  (`?url=…&format=json&maxwidth=…`) that consumers add, so one file answers them all.

The "Embed our content" page (`docs/embed.md`) gets the real values at build time: the
placeholders `{{ embed_integrity }}`, `{{ embed_base }}` and `{{ embed_topics }}` in its
Markdown are replaced in `on_page_markdown`.

Output is deterministic (sorted keys, no build time), so two builds of one commit are
byte-identical and hashes and CDN caches stay valid.
"""
from __future__ import annotations

import base64
import hashlib
import html
import json
import logging
import re
import sys
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data
from markupsafe import Markup

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))  # make `scripts` importable
from scripts.project import shown_path  # noqa: E402
from scripts.bibliography import cited_keys, load, reference  # noqa: E402
from scripts.html_tree import Element, Selectors, parse  # noqa: E402
from scripts.languages import long_date as languages_long_date  # noqa: E402
from scripts.content_cache import remember  # noqa: E402
from scripts.offline import is_offline  # noqa: E402

#: What `sections()` depends on besides the page: a change to either file computes every
#: page's sections afresh (scripts/content_cache.py).
SECTIONS_CODE = (__file__, str(ROOT / "scripts" / "html_tree.py"))

log = logging.getLogger("mkdocs.hooks.embed_api")

VERSION = "v1"
API_DIR = f"api/{VERSION}"
EMBED_DIR = f"embed/{VERSION}"
SOURCE_DIR = ROOT / "scripts" / "embed"
OEMBED_DIR = f"{API_DIR}/oembed"
CARD_DIR = f"{EMBED_DIR}/card"
#: Files copied unchanged into embed/v1/ (and hashed in the manifest).
STATIC_FILES = ("ipt-embed.js", "iframe.css", "iframe.js", "card.css", "card.js")
IFRAME_TEMPLATE = "iframe.html"
CARD_TEMPLATE = "card.html"
EMBED_PAGE = "embed.md"
#: The page a crisis link in the card opens where the host (WordPress) will not dial it.
HELP_PAGE = "get-help-now.md"
#: The oEmbed card's size as offered to consumers. WordPress then sets the height the card
#: reports; Ghost and Discourse keep these, so the height fits the card at 600 px wide.
OEMBED_WIDTH, OEMBED_HEIGHT = 600, 420
#: How long consumers may keep an oEmbed response (seconds); the card itself is always live.
OEMBED_CACHE_AGE = 86400

#: The only tags kept in a section's `html`; everything else is unwrapped or dropped.
ALLOWED_TAGS = frozenset({"p", "ul", "ol", "li", "strong", "em", "a", "h3"})
#: Tags renamed to an allowed one.
RENAMED = {"b": "strong", "i": "em", "h4": "h3", "h5": "h3", "h6": "h3", "dt": "p", "dd": "p"}
#: Tags dropped with everything inside them.
DROPPED = frozenset({
    "script", "style", "template", "noscript", "svg", "math", "img", "picture", "video", "audio",
    "iframe", "object", "embed", "canvas", "form", "input", "button", "select", "textarea", "h1", "h2",
})
#: Tags that are blocks: a `p` holding one of them is unwrapped instead, so no `p` nests.
BLOCKS = frozenset({"p", "ul", "ol", "li", "div", "table", "dl", "blockquote", "pre", "details",
                    "h1", "h2", "h3", "h4", "h5", "h6"})
#: Page furniture removed before the sections are read.
FURNITURE = Selectors(("div.footnote", "a.headerlink", "a.footnote-ref", "[data-readability-skip]"))
#: Stands for a removed citation marker until the space before it is removed too.
CITE_MARK = "\x00"
#: Link schemes kept in `html` (links with any other scheme are unwrapped to their text).
SAFE_SCHEMES = frozenset({"https", "mailto", "tel", "sms"})


# --- state of one build ------------------------------------------------------------------
_documents: dict[str, dict[str, Any]] = {}   # topic -> API document
_order: list[str] = []                        # src_uri of pages in nav order
_crisis: dict[str, Any] = {}                  # crisisHelp of every document
_help: list[str] = []                         # absolute URL of the "Get help now" page
_strings: list[tuple[MkDocsConfig, dict[str, str]]] = []   # (config, _words(config)) of this build
_templates: dict[str, jinja2.Template] = {}   # name -> compiled template, for this build


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    _documents.clear()
    _order.clear()
    _crisis.clear()
    _strings.clear()
    _templates.clear()
    _crisis.update(crisis_help(config))
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


# --- small helpers -----------------------------------------------------------------------
def topic_of(src_uri: str) -> str:
    """API topic id of a page: its slug, "home" for the home page ("a/b.md" -> "a-b")."""
    stem = src_uri[:-3] if src_uri.endswith(".md") else src_uri
    if stem == "index":
        return "home"
    if stem.endswith("/index"):
        stem = stem[: -len("/index")]
    return stem.replace("/", "-")


def is_reader(meta: dict) -> bool:
    return meta.get("kind", "reader") == "reader"


def sri(data: bytes) -> str:
    """Subresource Integrity value: "sha384-" + base64 of the SHA-384 digest."""
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode("ascii")


def iso(value: Any) -> str | None:
    if isinstance(value, date):
        return value.isoformat()
    return str(value) if value else None


def site_url(config: MkDocsConfig) -> str:
    url = config.site_url or ""
    return url if url.endswith("/") else url + "/"


def _words(config: MkDocsConfig) -> dict[str, str]:
    """This language's embed strings (docs/includes/strings/<lang>.yml), {site} filled in;
    worked out once per build (on_config), as every page asks for them."""
    if _strings and _strings[0][0] is config:
        return _strings[0][1]
    strings = config.extra.get("strings") or {}
    words = {k: str(v).replace("{site}", config.site_name) for k, v in strings.items() if k.startswith("embed_")}
    _strings[:] = [(config, words)]
    return words


#: The English literals of scripts/embed/ipt-embed.js and the strings that replace them in
#: another language's copy. The English file is published byte for byte (its SRI never changes).
SCRIPT_TEXTS = (('"Need help now? "', "embed_need_help", " "),
                ('"Read the rest of this page on IPT Guide"', "embed_read_rest", ""),
                ('"From IPT Guide"', "embed_from", ""),
                ('" · Last reviewed "', "embed_last_reviewed", " "),
                ('"Read about this topic on IPT Guide"', "embed_read_about", ""),
                ('"en-GB"', "embed_date_locale", ""))


def script_bytes(config: MkDocsConfig | None = None) -> bytes:
    """The embed script for this build's language: the source itself in English; in another
    language the same file with its few interface strings translated."""
    data = (SOURCE_DIR / "ipt-embed.js").read_bytes()
    if config is None or config.theme.get("language", "en") == "en":
        return data
    text, words = data.decode("utf-8"), _words(config)
    for literal, key, pad in SCRIPT_TEXTS:
        if literal not in text:
            log.warning("scripts/embed/ipt-embed.js: the text %s is gone, so the %s script cannot be "
                        "translated: update SCRIPT_TEXTS in scripts/hooks/embed_api.py", literal,
                        config.theme.get("language"))
            continue
        value = words[key]
        if key == "embed_last_reviewed":
            value = f" · {value} "
        elif pad:
            value = value + pad
        text = text.replace(literal, json.dumps(value, ensure_ascii=False))
    return text.encode("utf-8")


def dumps(data: Any) -> bytes:
    """Deterministic JSON: sorted keys, UTF-8, compact, final newline. Compact, as APIs send
    it: fewer bytes for embedders, and Python's C encoder (an indent would force the pure
    Python one, half a second more on a site of 1,000 pages)."""
    return (json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


# --- sanitising a page's HTML -------------------------------------------------------------
def absolute_link(href: str | None, base: str, site: str) -> str | None:
    """`href` made absolute against the page URL; None unless it is a safe scheme."""
    if not href:
        return None
    url = urljoin(base, href.strip())
    scheme = urlsplit(url).scheme.lower()
    if scheme in SAFE_SCHEMES or (scheme == "http" and url.startswith(site)):
        return url
    return None


def _space(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def clean_html(node: Element, base: str, site: str) -> str:
    """The children of `node` as allow-listed HTML: only ALLOWED_TAGS, only `href` attributes."""
    out: list[str] = []
    for child in node.children:
        if isinstance(child, str):
            out.append(html.escape(_space(child), quote=False))
            continue
        if child.name in DROPPED:
            continue
        name = RENAMED.get(child.name, child.name)
        if child.name == "tr":  # a table row becomes one paragraph: "cell – cell – cell"
            cells = [clean_html(c, base, site).strip() for c in child.children
                     if isinstance(c, Element) and c.name in ("th", "td")]
            out.append("<p>" + " – ".join(c for c in cells if c) + "</p>")
            continue
        if child.name == "p" and child.classes == ["admonition-title"]:
            out.append("<p><strong>" + clean_html(child, base, site) + "</strong></p>")
            continue
        inner = clean_html(child, base, site)
        if name == "a":
            href = absolute_link(child.get("href"), base, site)
            out.append(f'<a href="{html.escape(href)}">{inner}</a>' if href else inner)
        elif name in ALLOWED_TAGS and not (name == "p" and child.find(BLOCKS)):
            out.append(f"<{name}>{inner}</{name}>")
        else:
            out.append(inner)
    return "".join(out)


def tidy(fragment: str) -> str:
    """Drop whitespace between blocks and empty elements; trim text at block edges."""
    fragment = re.sub(rf"\s*{CITE_MARK}", "", fragment)
    fragment = re.sub(r"\s*(</?(?:p|ul|ol|li|h3)>)\s*", r"\1", fragment)
    previous = None
    while previous != fragment:
        previous = fragment
        fragment = re.sub(r"<(p|ul|ol|li|h3|strong|em)></\1>", "", fragment)
    return fragment.strip()


def plain_text(fragment: str) -> str:
    """Plain text of sanitised HTML: one line per block, list items start with "- "."""
    lines: list[str] = []

    def walk(el: Element, prefix: str) -> None:
        buffer: list[str] = []

        def flush() -> None:
            nonlocal prefix
            text = _space("".join(buffer)).strip()
            if text:
                lines.append(prefix + text)
                prefix = ""
            buffer.clear()

        for child in el.children:
            if isinstance(child, Element) and child.name in ("p", "h3", "li", "ul", "ol"):
                flush()
                walk(child, "- " if child.name == "li" else "")
            else:
                buffer.append(child.text() if isinstance(child, Element) else child)
        flush()

    walk(parse(fragment), "")
    return "\n".join(lines)


def _without_furniture(el: Element) -> Element:
    """A copy of `el` without FURNITURE; citation markers (<sup id="fnref...">) become
    CITE_MARK. A copy, because the parsed tree is shared with the evidence hook."""
    kept: list[Element | str] = []
    for child in el.children:
        if isinstance(child, Element):
            if FURNITURE.match(child):
                continue
            if child.name == "sup" and (child.get("id") or "").startswith("fnref"):
                kept.append(CITE_MARK)  # removed with the space before it, in tidy()
                continue
            child = _without_furniture(child)
        kept.append(child)
    return Element(el.name, el.attrs, kept)


def sections(content: str, base: str, site: str) -> list[dict[str, str]]:
    """The page split at its h2 headings; text before the first h2 has no headline."""
    root = _without_furniture(parse(content))
    parts: list[tuple[Element | None, list[Element | str]]] = [(None, [])]
    for child in root.children:
        if isinstance(child, Element) and child.name == "h2":
            parts.append((child, []))
        else:
            parts[-1][1].append(child)
    out: list[dict[str, str]] = []
    for heading, nodes in parts:
        fragment = tidy(clean_html(Element("div", children=nodes), base, site))
        text = plain_text(fragment)
        if not text:
            continue
        part: dict[str, str] = {"@type": "WebPageElement", "text": text, "html": fragment}
        if heading is not None:
            part["headline"] = _space(heading.text(" ")).strip()
            if heading.get("id"):
                part["url"] = f"{base}#{heading.get('id')}"
        out.append(part)
    return out


# --- the API document -----------------------------------------------------------------------
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
        out_lines.append({"region": config.extra.get("strings", {}).get("crisis_other_countries", "Other countries"), "label": urlsplit(directory).netloc or directory,
                          "href": directory})
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


def document(page: Page, config: MkDocsConfig, content: str) -> dict[str, Any]:
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
        "attribution": {"text": _words(config).get("embed_from", f"From {config.site_name}"), "url": url},
        # Kept between builds by content (scripts/content_cache.py): the page's HTML and this code.
        "hasPart": remember(config, "embed-sections",
                            f"{url}\n{site}\n{content}", SECTIONS_CODE, lambda: sections(content, url, site)),
        "citation": citations(page, config),
        "crisisHelp": _crisis,
        "disclaimer": " ".join(str(extra.get("disclaimer", "")).split()),
        "isPartOf": {"@type": "WebSite", "name": config.site_name, "url": site},
        "version": VERSION,
    }
    if page.meta.get("reviewed_by"):
        doc["reviewedBy"] = {"name": str(page.meta["reviewed_by"])}
    return doc


def on_page_content(html_text: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if is_reader(page.meta) and not is_offline(config):   # the offline copy has no embed kit
        doc = document(page, config, html_text)
        if not doc["hasPart"]:
            log.warning("%s: the embed API found no text on this page, so embeds of it would be "
                        "empty. Add the page's text, or mark it `kind: site` if it is not for readers.",
                        shown_path(page.file, config))
        _documents[doc["identifier"]] = doc
        # For the oEmbed discovery link in the page's <head> (overrides/partials/social-meta.html).
        page.oembed_url = f"{site_url(config)}{OEMBED_DIR}/{doc['identifier']}.json"  # type: ignore[attr-defined]
    return html_text


# --- the "Embed our content" page ------------------------------------------------------------
def topics_table(config: MkDocsConfig) -> str:
    """A Markdown table of every reader page's topic id, read from the docs' front matter."""
    rows = ["| Topic (`topic=`) | Page |", "|---|---|"]
    docs = Path(config.docs_dir)
    for src in _order or sorted(str(p.relative_to(docs)) for p in docs.glob("*.md")):
        path = docs / src
        if not path.is_file():
            continue
        _, meta = get_data(path.read_text(encoding="utf-8"))
        if is_reader(meta):
            rows.append(f"| `{topic_of(src)}` | {meta.get('title', src)} |")
    return "\n".join(rows)


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.file.src_uri != EMBED_PAGE:
        return markdown
    values = {
        "embed_integrity": sri(script_bytes(config)),
        "embed_base": site_url(config),
        "embed_topics": topics_table(config),
    }
    if "{{ embed_integrity }}" not in markdown:
        log.warning("%s: the placeholder {{ embed_integrity }} is missing, so webmasters would "
                    "not get the script's real integrity hash. Put it in the script snippet's "
                    "integrity=\"...\" attribute.", shown_path(page.file, config))

    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name not in values:
            source = Path(page.file.abs_src_path).read_text(encoding="utf-8")  # with front matter
            line = source.count("\n", 0, max(source.find(match.group(0)), 0)) + 1
            log.warning("%s:%d: unknown placeholder {{ %s }}; the known ones are %s.",
                        shown_path(page.file, config), line, name, ", ".join("{{ %s }}" % k for k in values))
            return match.group(0)
        return values[name]

    return re.sub(r"\{\{\s*(embed_\w+)\s*\}\}", replace, markdown)


# --- writing the files ---------------------------------------------------------------------
def ordered_topics() -> list[str]:
    rank = {topic_of(src): i for i, src in enumerate(_order)}
    return sorted(_documents, key=lambda t: (rank.get(t, len(rank)), t))


def index_document(config: MkDocsConfig, topics: list[str]) -> dict[str, Any]:
    site = site_url(config)
    items = []
    for position, topic in enumerate(topics, start=1):
        doc = _documents[topic]
        items.append({
            "@type": "ListItem", "position": position, "identifier": topic,
            "name": doc["name"], "description": doc["description"], "url": doc["url"],
            "contentUrl": f"{site}{API_DIR}/{topic}.json", "embedUrl": f"{site}{EMBED_DIR}/{topic}.html",
            "lastReviewed": doc["lastReviewed"],
        })
    return {
        "@context": "https://schema.org", "@type": "ItemList",
        "name": f"{config.site_name} embeddable topics", "version": VERSION,
        "license": _documents[topics[0]]["license"] if topics else None,
        "numberOfItems": len(items), "itemListElement": items,
    }


def template(name: str) -> jinja2.Template:
    """One of the embed kit's page templates in scripts/embed/ (HTML-escaped, strict about
    names), compiled once per build."""
    if name not in _templates:
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(SOURCE_DIR)), autoescape=True,
                                 keep_trailing_newline=True, undefined=jinja2.StrictUndefined)
        _templates[name] = env.get_template(name)
    return _templates[name]


def iframe_page(config: MkDocsConfig, topic: str) -> bytes:
    doc = _documents[topic]
    parts = [dict(part, html=Markup(part["html"])) for part in doc["hasPart"]]  # sanitised above
    return template(IFRAME_TEMPLATE).render(doc=doc, parts=parts, site_name=config.site_name, t=_words(config),
                                            reviewed=long_date(doc["lastReviewed"], config)).encode("utf-8")


def card_page(config: MkDocsConfig, topic: str) -> bytes:
    doc = _documents[topic]
    return template(CARD_TEMPLATE).render(doc=doc, site_name=config.site_name, help_url=_help[0], t=_words(config),
                                          reviewed=long_date(doc["lastReviewed"], config)).encode("utf-8")


def oembed_html(doc: dict[str, Any], card_url: str, site_name: str, words: dict[str, str] | None = None) -> str:
    """The oEmbed `html`: a blockquote that reads well on its own, then one iframe.

    WordPress keeps only `<a href>` and text inside the blockquote (wp_filter_oembed_result)
    and removes line breaks (WP_oEmbed::_strip_newlines), so each block ends in punctuation and
    a space: stripped of its `<p>`s it still reads as sentences. Ghost shows the HTML as it is.
    """
    e = html.escape
    words = words or {}
    title, url = e(doc["name"]), e(doc["url"])
    read_full = words.get("embed_read_full", f"Read the full page on {site_name}")
    from_site = words.get("embed_from", f"From {site_name}")
    quote = " ".join([
        f'<p><strong><a href="{url}">{title}</a></strong> ({e(site_name)}).</p>',
        f"<p>{e(doc['description'])}</p>",
        f'<p><a href="{url}">{e(read_full)}</a>.</p>',
        f"<p>{e(doc['crisisHelp']['text'])}</p>",
    ])
    frame = (f'<iframe src="{e(card_url)}" width="{OEMBED_WIDTH}" height="{OEMBED_HEIGHT}" '
             f'title="{title}, {e(from_site[:1].lower() + from_site[1:])}" frameborder="0" marginwidth="0" marginheight="0"></iframe>')
    return f'<blockquote class="ipt-guide-oembed">{quote}</blockquote>{frame}'


def oembed_document(config: MkDocsConfig, topic: str) -> dict[str, Any]:
    """An oEmbed 1.0 `rich` response (https://oembed.com/ section 2.3.4) for one topic."""
    doc, site = _documents[topic], site_url(config)
    return {
        "version": "1.0",
        "type": "rich",
        "title": doc["name"],
        "provider_name": config.site_name,
        "provider_url": site,
        "width": OEMBED_WIDTH,
        "height": OEMBED_HEIGHT,
        "cache_age": OEMBED_CACHE_AGE,
        "html": oembed_html(doc, f"{site}{CARD_DIR}/{topic}.html", config.site_name, _words(config)),
    }


def long_date(value: str | None, config: MkDocsConfig | None = None) -> str:
    """"2026-11-29" -> "29 November 2026", "29 de noviembre de 2026" (as the embed script shows)."""
    if not value:
        return ""
    day = date.fromisoformat(value)
    if config is not None and config.extra.get("strings"):
        return languages_long_date(day, config.theme.get("language", "en"))
    return f"{day.day} {day.strftime('%B')} {day.year}"


def write(path: Path, data: bytes, made: set[Path]) -> None:
    """Write one file; its folder is made first unless this build made it already (`made`:
    thousands of files share a handful of folders)."""
    if path.parent not in made:
        path.parent.mkdir(parents=True, exist_ok=True)
        made.add(path.parent)
    with open(path, "wb") as f:
        f.write(data)


def on_post_build(config: MkDocsConfig) -> None:
    if is_offline(config):   # the kit is for other sites, which embed from the website
        return
    out = Path(config.site_dir)
    topics = ordered_topics()
    made: set[Path] = set()
    for topic in topics:
        write(out / API_DIR / f"{topic}.json", dumps(_documents[topic]), made)
        write(out / EMBED_DIR / f"{topic}.html", iframe_page(config, topic), made)
        write(out / CARD_DIR / f"{topic}.html", card_page(config, topic), made)
        write(out / OEMBED_DIR / f"{topic}.json", dumps(oembed_document(config, topic)), made)
    write(out / API_DIR / "index.json", dumps(index_document(config, topics)), made)
    files: dict[str, dict[str, Any]] = {}
    for name in STATIC_FILES:
        data = script_bytes(config) if name == "ipt-embed.js" else (SOURCE_DIR / name).read_bytes()
        write(out / EMBED_DIR / name, data, made)
        files[name] = {"integrity": sri(data), "bytes": len(data)}
    site = site_url(config)
    manifest = {
        "version": VERSION,
        "script": f"{site}{EMBED_DIR}/ipt-embed.js",
        "files": files,
        "topics": [{"identifier": t, "json": f"{site}{API_DIR}/{t}.json",
                    "iframe": f"{site}{EMBED_DIR}/{t}.html"} for t in topics],
    }
    write(out / EMBED_DIR / "manifest.json", dumps(manifest), made)
