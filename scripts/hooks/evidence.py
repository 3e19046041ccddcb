"""Per-page figures for "Evidence at a glance", computed at build time, never typed.

- `on_page_markdown` (priority 100, so before mkdocs-bibtex rewrites `[@key]`) stores
  `page.meta["citations"]`: the page's cited keys, in order of first use, each once, spelled
  as in bibliography.bib. Unknown keys are left out (scripts/hooks/citations.py reports them).
- `on_page_content` stores `page.meta["evidence"]` =
  `{"sources": int, "grade": float, "smog": float, "words": int}`, the reading figures coming
  from `scripts.readability.measure_html`, the same code the readability tests use; on Spanish
  pages `{"sources", "inflesz", "band", "words"}` from `scripts.readability_es`.
  It also gives the page's reference list (the footnotes `<div>`) the id `SOURCES_ID`, so the
  glance can link to it.

Cost: one HTML parse per page (shared with the embed API hook); the syllable dictionary
loads once per process. A page whose HTML has not changed since the last build (or the last
save in `mkdocs serve`) is not measured again (scripts/content_cache.py).
"""
from __future__ import annotations

import logging
import sys
from pathlib import Path

import mkdocs.plugins
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # make `scripts` importable
from scripts.bibliography import cited_keys, load, per_source  # noqa: E402
from scripts.readability import measure_html  # noqa: E402
from scripts.readability_es import measure_html as measure_html_es  # noqa: E402
from scripts.content_cache import remember  # noqa: E402

_SCRIPTS = Path(__file__).resolve().parents[1]
#: What the figures depend on besides the page: a change to any of these files measures every
#: page afresh (as does a new pinned package, such as the CMU dictionary: scripts/content_cache.py).
READING_CODE = tuple(str(p) for p in (_SCRIPTS / "readability.py", _SCRIPTS / "readability_es.py",
                                      _SCRIPTS / "html_tree.py"))

log = logging.getLogger("mkdocs.hooks.evidence")

#: id given to the page's reference list; overrides/partials/evidence-glance.html links to it.
SOURCES_ID = "cited-sources"
FOOTNOTES_DIV = '<div class="footnote">'


def _bib_keys(config: MkDocsConfig) -> dict[str, str]:
    """{lower-case key: key as written in bibliography.bib} ({} if the file cannot be read)."""
    try:
        data = load(Path(config.config_file_path).parent / "bibliography.bib")
    except Exception:  # citations.py reports an unreadable bibliography
        return {}
    return per_source(data, "", "keys by lower case",   # once per .bib content, not per page
                      lambda d, _: {key.lower(): key for key in d.entries.keys()})


@mkdocs.plugins.event_priority(100)
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    known = _bib_keys(config)
    keys: list[str] = []
    for _line, key in cited_keys(markdown):
        found = known.get(key.lower())
        if found and found not in keys:
            keys.append(found)
    page.meta["citations"] = keys
    return markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if FOOTNOTES_DIV in html and f'id="{SOURCES_ID}"' not in html:
        html = html.replace(FOOTNOTES_DIV, f'<div class="footnote" id="{SOURCES_ID}">', 1)
    # Measured on the HTML handed on, so when both hooks must compute, the embed API hook finds
    # this page's parsed tree in scripts/html_tree.py's cache. Kept between builds by content
    # (scripts/content_cache.py): this HTML and the code above.
    language = config.theme["language"]
    figures = remember(config, "reading", html, READING_CODE, lambda: reading(html, language))
    page.meta["evidence"] = {"sources": len(page.meta.get("citations", [])), **figures}
    return html


def reading(html: str, language: str) -> dict:
    """The reading figures of one page's HTML: INFLESZ on Spanish pages (the Spanish scale,
    scripts/readability_es.py), the US grade and SMOG on English ones."""
    if language == "es":
        es = measure_html_es(html)
        return {"inflesz": es.inflesz, "band": es.band, "words": es.words}
    figures = measure_html(html)
    return {"grade": figures.fk_grade, "smog": figures.smog, "words": figures.words}
