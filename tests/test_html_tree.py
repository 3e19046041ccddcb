"""scripts/html_tree.py: the small tree the evidence and embed API hooks read pages with.

It replaced BeautifulSoup at build time (issue 8), so it must build the same tree for the
HTML MkDocs writes: checked here against BeautifulSoup on every built page, and on the odd
cases (void and unclosed elements, stray end tags, entities, comments) one by one.
"""
from __future__ import annotations

import pytest
from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from scripts.html_tree import Element, Selectors, parse
from tests.conftest import BuiltSite


def shape(node: Element | Tag) -> list:
    """A comparable form of a tree: [name, attributes, children], texts as strings."""
    out: list = []
    for child in node.children:
        if isinstance(child, Comment):
            continue
        if isinstance(child, (str, NavigableString)):
            out.append(str(child))
        elif isinstance(child, Element):
            out.append([child.name, child.attrs, shape(child)])
        else:
            attrs = {k: " ".join(v) if isinstance(v, list) else v for k, v in child.attrs.items()}
            out.append([child.name, attrs, shape(child)])
    return out


def test_same_tree_as_beautifulsoup_on_every_built_page(site: BuiltSite) -> None:
    differ = []
    for page in site.pages:
        article = str(page.soup.select_one("article") or page.soup)
        if shape(parse(article)) != shape(BeautifulSoup(article, "html.parser")):
            differ.append(page.src)
    assert not differ, f"scripts/html_tree.py reads these pages differently from BeautifulSoup: {differ}"


@pytest.mark.parametrize("html, expected", [
    ("<p>a<br>b</p>", [["p", {}, ["a", ["br", {}, []], "b"]]]),
    ("<p>a<em>b</p>c", [["p", {}, ["a", ["em", {}, ["b"]]]], "c"]),      # </p> closes the open <em>
    ("<p>a</em>b</p>", [["p", {}, ["a", "b"]]]),                         # a stray end tag is ignored
    ("<p title='x>y' hidden>&amp;&nbsp;&#233;</p>", [["p", {"title": "x>y", "hidden": ""}, ["&\xa0é"]]]),
    ("<p>a<!-- note -->b</p>", [["p", {}, ["a", "b"]]]),                 # two runs, as BeautifulSoup
])
def test_odd_cases(html: str, expected: list) -> None:
    assert shape(parse(html)) == expected


def test_selectors() -> None:
    rules = Selectors(["div.footnote", "[data-skip]", "sup", ".note"])
    tree = parse('<div class="footnote x">1</div><div>2</div><p data-skip>3</p><sup>4</sup><b class="note">5</b>')
    assert [rules.match(el) for el in tree.children] == [True, False, True, True, True]
    with pytest.raises(ValueError, match="not a simple selector"):
        Selectors(["nav > a"])
