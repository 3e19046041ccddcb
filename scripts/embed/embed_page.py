"""The "Embed our content" page (`docs/embed.md`) gets the real values at build time: its
placeholders `{{ embed_integrity }}` (the script's SRI), `{{ embed_base }}` (the site's
address) and `{{ embed_topics }}` (a table of every topic) are filled in its Markdown."""
from __future__ import annotations

import re
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import get_data

from scripts.embed.kit import is_reader, log, site_url, sri, topic_of
from scripts.embed.script import script_bytes
from scripts.project import shown_path

PAGE = "embed.md"


def topics_table(config: MkDocsConfig, order: list[str]) -> str:
    """A Markdown table of every reader page's topic id, read from the docs' front matter, in
    the menu's order (`order`: src_uri of the pages; the docs folder's when it is empty)."""
    rows = ["| Topic (`topic=`) | Page |", "|---|---|"]
    docs = Path(config.docs_dir)
    for src in order or sorted(str(p.relative_to(docs)) for p in docs.glob("*.md")):
        path = docs / src
        if not path.is_file():
            continue
        _, meta = get_data(path.read_text(encoding="utf-8"))
        if is_reader(meta):
            rows.append(f"| `{topic_of(src)}` | {meta.get('title', src)} |")
    return "\n".join(rows)


def fill(markdown: str, page: Page, config: MkDocsConfig, order: list[str]) -> str:
    """The embed page's Markdown with its placeholders filled; a missing or unknown one is a warning."""
    values = {
        "embed_integrity": sri(script_bytes(config)),
        "embed_base": site_url(config),
        "embed_topics": topics_table(config, order),
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
