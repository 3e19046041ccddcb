"""Figures on pages: a line `<!-- figure: <id> -->` becomes the figure drawn from
docs/includes/figures/<id>.yml, in the page's language (scripts/figures/).

- `on_config`: reads and checks every figure file for this build's language
  (scripts/figures/data.py). A missing translation, caption or field, an unknown source, or
  numbers that disagree with each other is a WARNING naming the file and line, so the strict
  build stops.
- `on_page_markdown` (priority 105: after the crisis lines, before evidence.py counts the
  page's sources and mkdocs-bibtex numbers them): each marker becomes the figure's HTML
  (scripts/figures/render.py), whose caption cites the figure's sources. For a figure of
  results, the paragraph beside the marker must state its numbers and cite its source
  (scripts/figures/agreement.py), or the build names both places. `page.figure_css` holds
  the style of the kinds of figure on the page; overrides/main.html puts it in the <head>.
- `on_post_build`: a figure that no page of this language shows is reported, so a figure is
  never published in one language only.
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
from scripts.bibliography import load, per_source  # noqa: E402
from scripts.figures import agreement  # noqa: E402
from scripts.figures.data import FOLDER, MARKER, Figure, load_all  # noqa: E402
from scripts.figures.render import figure_html, stylesheet  # noqa: E402
from scripts.languages import languages  # noqa: E402
from scripts.project import shown_path  # noqa: E402

log = logging.getLogger("mkdocs.hooks.figures")

_figures: dict[str, Figure] = {}      # id -> figure in this build's language (only good ones)
_files: set[str] = set()              # ids of every figure file, good or not
_placed: dict[str, list[str]] = {}    # id -> pages of this build that show it


def _known_keys(config: MkDocsConfig) -> set[str]:
    try:
        data = load(Path(config.config_file_path).parent / "bibliography.bib")
    except Exception:  # citations.py reports an unreadable bibliography
        return set()
    return set(per_source(data, "", "keys by lower case",   # shared with evidence.py
                          lambda d, _: {key.lower(): key for key in d.entries.keys()}))


@mkdocs.plugins.event_priority(110)  # after languages.py has loaded this language's strings
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    root = Path(config.config_file_path).parent
    language = config.theme["language"]
    figures, problems = load_all(root, language, languages(config)[0].code, _known_keys(config))
    for problem in problems:
        log.warning(problem)
    _figures.clear()
    _figures.update(figures)
    _files.clear()
    _files.update(p.stem for p in (root / FOLDER).glob("*.y*ml"))
    _placed.clear()
    return config


@mkdocs.plugins.event_priority(105)
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    page.figure_css = ""  # read by overrides/main.html
    if "figure:" not in markdown:
        return markdown
    shown = shown_path(page.file, config)
    # Lines are counted in the file as the editor sees it (front matter included).
    lines = Path(page.file.abs_src_path).read_text(encoding="utf-8-sig").splitlines()
    kinds: set[str] = set()
    for index, line in enumerate(lines):
        match = MARKER.fullmatch(line)
        if not match:
            continue
        figure_id = match.group(1)
        figure = _figures.get(figure_id)
        if figure is None:
            if figure_id not in _files:  # a broken file is reported by on_config already
                known = ", ".join(sorted(_files)) or "none yet"
                log.warning(f"{shown}:{index + 1}: there is no figure '{figure_id}': no file {FOLDER}/"
                            f"{figure_id}.yml (figures: {known}).")
            continue
        if shown in _placed.setdefault(figure_id, []):
            log.warning(f"{shown}:{index + 1}: the figure '{figure_id}' is already on this page: show it once.")
        _placed[figure_id].append(shown)
        kinds.add(figure.kind)
        for problem in agreement.check(figure, shown, lines, index):
            log.warning(problem)

    def replace(match) -> str:
        figure = _figures.get(match.group(1))
        return figure_html(figure, config.extra["strings"]) if figure else ""

    page.figure_css = stylesheet(kinds) if kinds else ""
    return MARKER.sub(replace, markdown)


def on_post_build(config: MkDocsConfig) -> None:
    language = config.theme["language"]
    for figure_id, figure in sorted(_figures.items()):
        if figure_id not in _placed:
            log.warning(f"{figure.path}:1: no page in this language ({language}) shows the figure "
                        f"'{figure_id}': add the line <!-- figure: {figure_id} --> where it belongs, in "
                        "the page and in its twin in every language (or delete the file).")
