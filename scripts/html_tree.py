"""A small element tree of an HTML fragment, built with the standard library's html.parser.

The embed API hook reads every reader page's HTML at build time. BeautifulSoup did that
job first; building this tree instead costs a fraction of the time and no import (issue 8:
our hooks' share of the build), and gives the same tree for the HTML MkDocs writes.
It keeps only what the hooks use:

- an `Element` has a `name`, `attrs` (last value wins, a bare attribute is "") and
  `children`: elements and text (`str`, each run of text between two tags as one string,
  character references decoded);
- comments, doctypes and processing instructions are dropped;
- void elements (`<br>`, `<img>`...) have no children; an end tag closes the innermost open
  element of that name and everything opened inside it; a stray end tag is ignored;
- `Selectors` matches elements against simple selectors (`tag`, `tag.class`, `.class`,
  `[attribute]`), which is all the hooks ask.

This is a reader of trusted, well-formed build output, not a general HTML5 parser.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from html.parser import HTMLParser

#: Elements that never have content or an end tag.
VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())


class Element:
    """One element: name, attributes, children (elements and text)."""

    __slots__ = ("name", "attrs", "children")

    def __init__(self, name: str, attrs: dict[str, str] | None = None,
                 children: list[Element | str] | None = None) -> None:
        self.name = name
        self.attrs = attrs or {}
        self.children: list[Element | str] = children if children is not None else []

    def __repr__(self) -> str:
        return f"<{self.name} {self.attrs!r}: {len(self.children)} children>"

    def get(self, attr: str, default: str | None = None) -> str | None:
        return self.attrs.get(attr, default)

    @property
    def classes(self) -> list[str]:
        return (self.attrs.get("class") or "").split()

    def elements(self) -> Iterator[Element]:
        """Every element inside this one, in document order (not this one itself)."""
        for child in self.children:
            if isinstance(child, Element):
                yield child
                yield from child.elements()

    def find(self, names: Iterable[str]) -> Element | None:
        """The first element inside this one named one of `names`, or None."""
        wanted = frozenset(names)
        return next((el for el in self.elements() if el.name in wanted), None)

    def strings(self) -> Iterator[str]:
        """Every run of text inside this element, in document order."""
        for child in self.children:
            if isinstance(child, Element):
                yield from child.strings()
            else:
                yield child

    def text(self, separator: str = "") -> str:
        return separator.join(self.strings())


_SIMPLE_SELECTOR = re.compile(
    r"^(?P<tag>[a-z][a-z0-9]*)?(?:\.(?P<cls>[A-Za-z0-9_-]+))?(?:\[(?P<attr>[A-Za-z0-9_-]+)\])?$")


class Selectors:
    """Simple selectors (`tag`, `tag.class`, `.class`, `[attribute]` or a mix, no combinators);
    an element matches if it matches any of them."""

    def __init__(self, selectors: Iterable[str]) -> None:
        self.selectors = tuple(selectors)
        self._rules: list[tuple[str | None, str | None, str | None]] = []
        for selector in self.selectors:
            match = _SIMPLE_SELECTOR.match(selector.strip())
            if not match or not any(match.groupdict().values()):
                raise ValueError(f"{selector!r} is not a simple selector (tag, tag.class, .class or [attribute])")
            self._rules.append((match["tag"], match["cls"], match["attr"]))

    def match(self, el: Element) -> bool:
        return any((tag is None or tag == el.name) and (cls is None or cls in el.classes)
                   and (attr is None or attr in el.attrs) for tag, cls, attr in self._rules)


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("")
        self.open: list[Element] = [self.root]
        self.pending: list[str] = []

    def _flush(self) -> None:
        if self.pending:
            self.open[-1].children.append("".join(self.pending))
            self.pending.clear()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._flush()
        element = Element(tag, {name: value or "" for name, value in attrs})
        self.open[-1].children.append(element)
        if tag not in VOID:
            self.open.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._flush()
        self.open[-1].children.append(Element(tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag: str) -> None:
        self._flush()
        for depth in range(len(self.open) - 1, 0, -1):
            if self.open[depth].name == tag:
                del self.open[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.pending.append(data)

    def _dropped(self, data: str) -> None:
        self._flush()  # text on either side stays two strings, as BeautifulSoup keeps it

    handle_comment = handle_decl = handle_pi = unknown_decl = _dropped


@lru_cache(maxsize=2)
def parse(html: str) -> Element:
    """The tree of `html` under a nameless root element.

    The last trees are kept, so hooks reading the same page's HTML (the evidence and embed
    API hooks) parse it once: treat the tree as read-only.
    """
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    builder._flush()
    return builder.root
