"""A page split into the sections of its API document (`hasPart`), and its key points.

The page's key points (scripts/key_points.py) are the first section, headed by their label;
then the text before the first h2, with no headline; then one section per h2. Page furniture
(the reference list, permalink and footnote links, our trust blocks) is left out, and so are
citation markers with the space before them. Each section's `html` is cleaned by
scripts/embed/sanitize.py; its `text` is that HTML as plain text. `keyPoints` are the points
as plain text, one string each.
"""
from __future__ import annotations

from typing import Any

from scripts import key_points
from scripts.embed.sanitize import CITE_MARK, clean, restructure, space
from scripts.html_tree import Element, Selectors, parse

#: Page furniture removed before the sections are read.
FURNITURE = Selectors(("div.footnote", "a.headerlink", "a.footnote-ref", "[data-readability-skip]"))


def plain_text(fragment: str) -> str:
    """Plain text of sanitised HTML: one line per block, list items start with "- "."""
    lines: list[str] = []

    def walk(el: Element, prefix: str) -> None:
        buffer: list[str] = []

        def flush() -> None:
            nonlocal prefix
            text = space("".join(buffer)).strip()
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
                kept.append(CITE_MARK)  # removed with the space before it, by restructure()
                continue
            child = _without_furniture(child)
        kept.append(child)
    return Element(el.name, el.attrs, kept)


def _part(nodes: list[Element | str], base: str, site: str, heading: str | None = None,
          url: str | None = None) -> dict[str, str] | None:
    fragment = clean(restructure(Element("div", children=nodes)), base, site)
    text = plain_text(fragment)
    if not text:
        return None
    part: dict[str, str] = {"@type": "WebPageElement", "text": text, "html": fragment}
    if heading:
        part["headline"] = heading
    if url:
        part["url"] = url
    return part


def sections(content: str, base: str, site: str) -> dict[str, Any]:
    """`hasPart` (the sections: `text`, `html`, and a `headline` but for the text before the
    first h2, and the address of each h2) and `keyPoints` of a page's HTML."""
    root = _without_furniture(parse(content))
    points = key_points.block(root)
    parts: list[dict[str, str]] = []
    said: list[str] = []
    if points is not None:
        title = next((c for c in points.children if isinstance(c, Element) and "admonition-title" in c.classes), None)
        body = [c for c in points.children if c is not title]
        part = _part(body, base, site, space(title.text()).strip() if title else None)
        if part:
            parts.append(part)
            said = part["text"].splitlines()
    groups: list[tuple[Element | None, list[Element | str]]] = [(None, [])]
    for child in root.children:
        if isinstance(child, Element) and child.name == "h2":
            groups.append((child, []))
        elif child is not points:
            groups[-1][1].append(child)
    for heading, nodes in groups:
        headline = space(heading.text(" ")).strip() if heading is not None else None
        url = f"{base}#{heading.get('id')}" if heading is not None and heading.get("id") else None
        part = _part(nodes, base, site, headline, url)
        if part:
            parts.append(part)
    return {"hasPart": parts, "keyPoints": [line.removeprefix("- ") for line in said if line.startswith("- ")]}
