"""Every reader page opens with 3 to 5 key points that read easily (issue 21).

The rules live in scripts/key_points.py; this hook applies them to every reader page (front
matter without `kind: site`) of every language's build:

- `on_page_markdown` checks the page's Markdown: the block is there, first after the title,
  labelled with the language's `key_points` string (docs/includes/strings/<code>.yml), holding
  only a list of 3 to 5 points;
- `on_page_content` measures the block's text in the built page with the site's own reading
  formulas, and names the hardest point when the block reads too hard.

Each problem is a WARNING naming the file and line, so `mkdocs build --strict` lists them all
and stops. Both results are kept between builds by content (scripts/content_cache.py), so the
preview does not check or measure an unchanged page again.
"""
from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # make `scripts` importable
from scripts import key_points  # noqa: E402
from scripts.content_cache import remember  # noqa: E402
from scripts.project import shown_path  # noqa: E402

_SCRIPTS = Path(__file__).resolve().parents[1]
#: What the results depend on besides the page (scripts/content_cache.py).
CHECK_CODE = (str(_SCRIPTS / "key_points.py"),)
READING_CODE = tuple(str(_SCRIPTS / name) for name in ("key_points.py", "readability.py", "readability_es.py",
                                                        "html_tree.py"))

log = logging.getLogger("mkdocs.hooks.key_points")

#: src_uri -> line of the page's `!!! key-points`, for the reading message (one build).
_lines: dict[str, int] = {}


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    _lines.clear()
    return config


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.meta.get("kind", "reader") != "reader":
        return markdown
    language = config.theme["language"]
    label = str(config.extra["strings"][key_points.LABEL_KEY])
    strings_file = f"docs/includes/strings/{language}.yml"
    text = Path(page.file.abs_src_path).read_text(encoding="utf-8-sig")  # with front matter: the file's lines

    def checked() -> dict:
        problems, block = key_points.check(text, label, strings_file)
        return {"problems": [[p.line, p.message] for p in problems], "line": block.line if block else None}

    result = remember(config, "key-points", json.dumps([text, label, strings_file]), CHECK_CODE, checked)
    where = shown_path(page.file, config)
    for line, message in result["problems"]:
        log.warning("%s:%d: %s", where, line, message)
    if result["line"]:
        _lines[page.file.src_uri] = result["line"]
    return markdown


def _figures(html: str, language: str) -> dict | None:
    element = key_points.block(html)
    return key_points.reading(key_points.prose(element), language) if element is not None else None


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    line = _lines.get(page.file.src_uri)
    if line is None:  # not a reader page, or no block (reported above)
        return html
    language = config.theme["language"]
    # Keyed by the page's HTML, like the page's own reading figures (scripts/hooks/evidence.py).
    figures = remember(config, "key-points-reading", f"{language}\n{html}", READING_CODE,
                       lambda: _figures(html, language))
    problem = key_points.reading_problem(figures, language) if figures else None
    if problem:
        log.warning("%s:%d: %s", shown_path(page.file, config), line, problem)
    return html
