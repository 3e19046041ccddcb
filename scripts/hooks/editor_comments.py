"""Editors' notes stay with the editors: HTML comments are taken out of each page's HTML.

Markdown keeps `<!-- ... -->` as it is, so a note written for editors, such as the one at
the top of the glossary snippet that pymdownx.snippets appends to every page
(docs/includes/abbreviations.md), was sent to every reader: 0.2 KB gzip on each page's
first view, of a 70 KB budget (tests/test_budgets.py). Markers that hooks replace
(`<!-- crisis-lines: us -->`, `<!-- figure: id -->`) are gone long before this runs.

Text inside code is escaped by Markdown (`&lt;!--`), so an example in a code block stays.
"""
from __future__ import annotations

import re

import mkdocs.plugins
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

COMMENT = re.compile(r"<!--.*?-->\n?", re.S)


@mkdocs.plugins.event_priority(-100)  # last, after every hook that reads the page's HTML
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    return COMMENT.sub("", html) if "<!--" in html else html
