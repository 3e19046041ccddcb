"""A page split into the sections of its API document (`hasPart`): plain text and clean HTML.

The page's HTML is split at its h2 headings; the text before the first h2 has no headline.
Page furniture (the reference list, permalink and footnote links, our trust blocks) is left
out, and so are citation markers with the space before them. Each section's `html` is cleaned
by scripts/embed/sanitize.py; its `text` is that HTML as plain text.
"""
from __future__ import annotations

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


def sections(content: str, base: str, site: str) -> list[dict[str, str]]:
    """The page's sections: `text`, `html` and, after the first, `headline` and `url`."""
    root = _without_furniture(parse(content))
    parts: list[tuple[Element | None, list[Element | str]]] = [(None, [])]
    for child in root.children:
        if isinstance(child, Element) and child.name == "h2":
            parts.append((child, []))
        else:
            parts[-1][1].append(child)
    out: list[dict[str, str]] = []
    for heading, nodes in parts:
        fragment = clean(restructure(Element("div", children=nodes)), base, site)
        text = plain_text(fragment)
        if not text:
            continue
        part: dict[str, str] = {"@type": "WebPageElement", "text": text, "html": fragment}
        if heading is not None:
            part["headline"] = space(heading.text(" ")).strip()
            if heading.get("id"):
                part["url"] = f"{base}#{heading.get('id')}"
        out.append(part)
    return out
