"""Crisis help from docs/includes/crisis-help.yml, the one place crisis numbers are written.

- `on_config`: this language's entry becomes `config.extra.crisis_help` (`text`, `lines` with
  region/label/href, `international_directory`: what the embed API publishes) and
  `config.extra.crisis_strip` (regions, each with its strip links: the crisis strip partial).
  A missing language or field stops the build with a message naming the file.
- `on_page_markdown`: a line `<!-- crisis-lines: AREA -->` becomes the list of that area's
  lines (used by "Get help now"); and every tel: or sms: link on a page must be one of the
  language's lines, or the build fails naming file and line: a mistyped crisis number never
  reaches a reader.
"""
from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any

import mkdocs.plugins
import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.hooks.crisis_help")

DATA = "docs/includes/crisis-help.yml"
_MARKER = re.compile(r"^<!--[ \t]*crisis-lines:[ \t]*([a-z-]+)[ \t]*-->[ \t]*$", re.M)
_PHONE_LINK = re.compile(r"\]\(\s*((?:tel|sms):[^)\s]*)")
_HREF = re.compile(r"^(tel|sms):\+?[0-9]+$")

_lines: list[dict[str, str]] = []
_other: list[str] = []   # hrefs of checked numbers that are not crisis lines


def load(config: MkDocsConfig) -> dict[str, Any]:
    """This build's language entry from the data file, checked."""
    path = Path(config.config_file_path).parent / DATA
    code = config.theme["language"]
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        raise PluginError(f"{DATA}: cannot be read ({error}); fix the YAML (indentation, quotes)") from None
    entry = data.get(code)
    if not isinstance(entry, dict):
        raise PluginError(f"{DATA}: there is no `{code}:` section, so pages in this language would "
                          "show no crisis help; add one")
    for field in ("text", "international_directory", "lines"):
        if not entry.get(field):
            raise PluginError(f"{DATA}: `{code}` needs `{field}`")
    for n, line in enumerate(entry["lines"], start=1):
        missing = [k for k in ("area", "region", "label", "href") if not line.get(k)]
        if missing or not _HREF.match(str(line.get("href", ""))):
            raise PluginError(f"{DATA}: `{code}` line {n} ({line}) needs area, region, label and an "
                              "href of the form tel:DIGITS or sms:DIGITS (no spaces)")
    return entry


@mkdocs.plugins.event_priority(115)  # after languages.py, before embed_api.py reads it
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    entry = load(config)
    _lines[:] = [dict(line) for line in entry["lines"]]
    _other[:] = [str(line.get("href")) for line in entry.get("other_numbers") or []]
    config.extra["crisis_help"] = {
        "international_directory": entry["international_directory"],
        "text": " ".join(str(entry["text"]).split()),
        "lines": [{k: str(line[k]) for k in ("region", "label", "href")} for line in entry["lines"]],
    }
    strip: list[dict[str, Any]] = []
    for line in entry["lines"]:
        if line.get("strip"):
            if not strip or strip[-1]["region"] != line["region"]:
                strip.append({"region": line["region"], "links": []})
            strip[-1]["links"].append({"text": str(line["strip"]), "href": line["href"]})
    config.extra["crisis_strip"] = strip
    return config


def _line_number(markdown: str, at: int) -> int:
    return markdown.count("\n", 0, at) + 1


@mkdocs.plugins.event_priority(110)
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    prefix = config.extra.get("language", {}).get("prefix", "")
    shown = f"docs/{prefix}{page.file.src_uri}"
    known = {line["href"] for line in _lines} | set(_other)
    for m in _PHONE_LINK.finditer(markdown):
        href = m.group(1)
        if href not in known:
            log.warning(f"{shown}:{_line_number(markdown, m.start())}: the number '{href}' is not a crisis "
                        f"line of this language in {DATA}. Crisis numbers are checked in that one file: "
                        "fix the number, or add it there first (from the service's own page).")

    def lines_of(m: re.Match[str]) -> str:
        area = m.group(1)
        chosen = [line for line in _lines if line["area"] == area]
        if not chosen:
            areas = ", ".join(sorted({line["area"] for line in _lines}))
            log.warning(f"{shown}:{_line_number(markdown, m.start())}: no crisis lines for area '{area}' in "
                        f"{DATA} (areas: {areas})")
            return ""
        items = "\n".join(f"- **[{line['label']}]({line['href']})**" for line in chosen)
        return items

    return _MARKER.sub(lines_of, markdown)
