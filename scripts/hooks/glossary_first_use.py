"""Explain each glossary word once per page, where the reader first meets it.

The glossary (docs/includes/abbreviations.md, appended to every page by pymdownx.snippets)
turns every "IPT" or "TIP" into `<abbr title="...">`: up to 95 on one long page, each repeating
its explanation. A phone, where most readers are, never shows a title; on a computer the first
one is enough, as style guides for health information advise (explain a term at first use,
WCAG technique G102); and screen readers that read titles would read the same one dozens of
times. So the first `<abbr>` of each word keeps its explanation and later ones become the plain
word. This saves about 0.4 KB gzip on the longest pages, which keeps them inside the 70 KB
first-view budget (tests/test_budgets.py). The Glossary page still lists every word.
"""
from __future__ import annotations

import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

_ABBR = re.compile(r'<abbr title="([^"]*)">(.*?)</abbr>', re.S)


def first_use_only(html: str) -> str:
    """`html` with each glossary explanation kept on its first `<abbr>` only."""
    seen: set[tuple[str, str]] = set()

    def keep_first(match: re.Match[str]) -> str:
        word = (match.group(1), match.group(2))
        if word in seen:
            return match.group(2)
        seen.add(word)
        return match.group(0)

    return _ABBR.sub(keep_first, html)


@event_priority(50)  # before the hooks that read the content (embed kit, key points)
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    return first_use_only(html)
