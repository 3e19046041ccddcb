"""A section's `html` in the embed API: a small allow-list of tags, absolute links only.

Two steps, so that the security boundary is a well-kept sanitizer and not our own code:

1. `restructure()` (ours) says in HTML what a section should keep where an allow-list cannot:
   b, i, h4-h6, dt and dd become strong, em, h3 and p; a table row becomes one paragraph
   "cell – cell"; an admonition's title a bold paragraph; a p holding a block loses its own
   tags (no p nests); runs of white space become one space; a citation marker goes with the
   space before it. Every other element is passed on as it is, attributes and all.
2. `clean()` hands that to nh3, the Python binding of ammonia (a Rust allow-list sanitizer that
   parses HTML as browsers do, with html5ever): only ALLOWED_TAGS are kept (others are unwrapped
   to their content); DROPPED tags go with everything inside them; the only attribute is `href`
   on `a`, with a scheme from SAFE_SCHEMES (plain http only inside our own site, for a test
   build on loopback), made absolute against the page's address; comments go. Then a link that
   lost its address is unwrapped to its text, and empty elements and the white space between
   blocks go (`tidy()`).
"""
from __future__ import annotations

import html
import re
from urllib.parse import urljoin, urlsplit

import nh3

from scripts.html_tree import VOID, Element

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
#: A table's own tags are left out around its rows (now paragraphs): HTML's table rules would
#: move a paragraph out of a table, ahead of the text before it.
TABLE_PARTS = frozenset({"table", "thead", "tbody", "tfoot", "caption", "colgroup", "col"})
#: Stands for a removed citation marker until the space before it is removed too.
CITE_MARK = "\x00"
#: Link schemes kept in `html` (links with any other scheme are unwrapped to their text).
SAFE_SCHEMES = frozenset({"https", "mailto", "tel", "sms"})


def space(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _attributes(el: Element) -> str:
    return "".join(f' {name}="{html.escape(value)}"' for name, value in el.attrs.items())


def restructure(node: Element) -> str:
    """The children of `node` as HTML that says what a section keeps (step 1 above): not yet
    safe, nothing is removed here."""
    out: list[str] = []
    for child in node.children:
        if isinstance(child, str):
            out.append(html.escape(space(child), quote=False))
            continue
        if child.name == "tr":  # a table row becomes one paragraph: "cell – cell – cell"
            cells = [restructure(c).strip() for c in child.children
                     if isinstance(c, Element) and c.name in ("th", "td")]
            out.append("<p>" + " – ".join(c for c in cells if c) + "</p>")
            continue
        if child.name in TABLE_PARTS:
            out.append(restructure(child))
            continue
        if child.name == "p" and child.classes == ["admonition-title"]:
            out.append("<p><strong>" + restructure(child) + "</strong></p>")
            continue
        name = RENAMED.get(child.name, child.name)
        if name == "p" and child.find(BLOCKS):
            out.append(restructure(child))
        elif child.name in VOID:
            out.append(f"<{name}{_attributes(child)}>")
        else:
            out.append(f"<{name}{_attributes(child)}>{restructure(child)}</{name}>")
    return re.sub(rf"\s*{CITE_MARK}", "", "".join(out))


def clean(fragment: str, base: str, site: str) -> str:
    """`fragment` (from `restructure()`) as allow-listed HTML, its links absolute against
    `base` (the page's address); `site` is the site's address (step 2 above)."""

    def keep_link(tag: str, attribute: str, value: str) -> str | None:
        # nh3 has checked the scheme; plain http is ours only (a test build on loopback).
        url = urljoin(base, value.strip())
        return None if urlsplit(url).scheme.lower() == "http" and not url.startswith(site) else value

    cleaned = nh3.clean(fragment, tags=set(ALLOWED_TAGS), clean_content_tags=set(DROPPED),
                        attributes={"a": {"href"}}, url_schemes=set(SAFE_SCHEMES) | {"http"},
                        url_relative=("rewrite_with_base", base), attribute_filter=keep_link,
                        link_rel=None, strip_comments=True)
    return tidy(re.sub(r"<a>(.*?)</a>", r"\1", cleaned, flags=re.S))  # a refused address: the link's text


def tidy(fragment: str) -> str:
    """Drop whitespace between blocks and empty elements; trim text at block edges."""
    fragment = re.sub(r"\s*(</?(?:p|ul|ol|li|h3)>)\s*", r"\1", fragment)
    previous = None
    while previous != fragment:
        previous = fragment
        fragment = re.sub(r"<(p|ul|ol|li|h3|strong|em)></\1>", "", fragment)
    return fragment.strip()
