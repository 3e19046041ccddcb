"""Ship each page's HTML without the indentation of its template (first-view weight).

Material's templates and our partials are indented for the people who edit them; every reader
downloads that indentation too. Removing the spaces and tabs at the start of each line, and
blank lines, saves about 0.5 to 0.65 KB gzip on every page (/es/research/: 19.6 -> 19.0 KB), which
keeps the longest pages inside the 70 KB first-view budget (tests/test_budgets.py).

Cautious by design, so the page renders exactly as before:
- only white space at the start of a line, and blank lines, go; one line break stays between
  lines, and a line break is white space between words as the indentation was, so no two
  words or tags run together;
- `<pre>`, `<textarea>`, `<script>` and `<style>` are left exactly as written (preformatted
  text and code; inline scripts and styles keep the hashes that `_headers` allows).
"""
from __future__ import annotations

import re

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.pages import Page

#: Elements whose text is kept exactly as written.
_KEPT = re.compile(r"<(pre|textarea|script|style)\b.*?</\1\s*>", re.S | re.I)
_INDENT = re.compile(r"\n\s+")  # the indentation of the next line, and any blank lines before it


def strip_indentation(html: str) -> str:
    """`html` without the spaces and tabs at the start of its lines or blank lines, outside the kept elements."""
    out: list[str] = []
    end = 0
    for kept in _KEPT.finditer(html):
        out.append(_INDENT.sub("\n", html[end:kept.start()]))
        out.append(kept.group(0))
        end = kept.end()
    out.append(_INDENT.sub("\n", html[end:]))
    return "".join(out)


@event_priority(-50)  # after the hooks that edit the page's HTML; before it is written
def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    return strip_indentation(output)
