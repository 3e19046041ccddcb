"""A citation written over two lines renders like any other (issue 24).

Editors wrap long lines, and a citation may wrap with them:

    NICE's advice for families dates from 2009 and has been replaced [@nice_cg90_carers;
      @nice2022ng222].

mkdocs-bibtex looks for citations within one line only, so it left such a one as raw text
("[@nice_cg90_carers; @nice2022ng222]") on the page, in its API document, its iframe and the
search index. This hook puts each wrapped citation block back on one line before mkdocs-bibtex
reads the page, with the same rules as every other citation check (`scripts/bibliography.py`:
outside code, within one paragraph or list item; a ">" that continues a quotation is dropped).
Only the line breaks inside the brackets change; what the keys are is still checked, with the
file and line where the block starts, by `citations.py`.
"""
from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # make `scripts` importable
from scripts.bibliography import CITED_KEY, citation_spans, one_line  # noqa: E402


def unwrap(markdown: str) -> str:
    """`markdown` with every citation block that spans lines written on one line."""
    if "@" not in markdown:
        return markdown
    for start, end, _line, block in reversed(citation_spans(markdown)):
        if "\n" in block and CITED_KEY.search(block):
            markdown = markdown[:start] + one_line(block) + markdown[end:]
    return markdown


@event_priority(100)  # before mkdocs-bibtex (priority 0) turns citations into footnotes
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    return unwrap(markdown)
