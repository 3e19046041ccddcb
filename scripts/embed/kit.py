"""What every part of the embed kit shares: version and folders, topic ids, interface words,
dates, deterministic JSON, the page templates and the file writer.

Output is deterministic (sorted keys, no build time), so two builds of one commit are
byte-identical and hashes and CDN caches stay valid.
"""
from __future__ import annotations

import base64
import hashlib
import json
import logging
from datetime import date
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig

from scripts.languages import long_date as languages_long_date

#: The kit's warnings (a strict build stops on them), under the hook that runs it.
log = logging.getLogger("mkdocs.hooks.embed_api")

VERSION = "v1"
API_DIR = f"api/{VERSION}"
EMBED_DIR = f"embed/{VERSION}"
OEMBED_DIR = f"{API_DIR}/oembed"
CARD_DIR = f"{EMBED_DIR}/card"
#: The kit's sources: the script, the templates, their styles and scripts.
SOURCE_DIR = Path(__file__).resolve().parent

#: (config, its words) of this build, and the compiled templates: worked out once per build.
_words: list[tuple[MkDocsConfig, dict[str, str]]] = []
_templates: dict[str, jinja2.Template] = {}


def reset() -> None:
    """Forget what the last build worked out (a template may have changed since, in `mkdocs serve`)."""
    _words.clear()
    _templates.clear()


def topic_of(src_uri: str) -> str:
    """API topic id of a page: its slug, "home" for the home page ("a/b.md" -> "a-b")."""
    stem = src_uri[:-3] if src_uri.endswith(".md") else src_uri
    if stem == "index":
        return "home"
    if stem.endswith("/index"):
        stem = stem[: -len("/index")]
    return stem.replace("/", "-")


def is_reader(meta: dict) -> bool:
    return meta.get("kind", "reader") == "reader"


def sri(data: bytes) -> str:
    """Subresource Integrity value: "sha384-" + base64 of the SHA-384 digest."""
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode("ascii")


def iso(value: Any) -> str | None:
    if isinstance(value, date):
        return value.isoformat()
    return str(value) if value else None


def site_url(config: MkDocsConfig) -> str:
    url = config.site_url or ""
    return url if url.endswith("/") else url + "/"


def words(config: MkDocsConfig) -> dict[str, str]:
    """This language's embed strings (docs/includes/strings/<lang>.yml), {site} filled in;
    worked out once per build, as every page asks for them."""
    if _words and _words[0][0] is config:
        return _words[0][1]
    strings = config.extra.get("strings") or {}
    found = {k: str(v).replace("{site}", config.site_name) for k, v in strings.items() if k.startswith("embed_")}
    _words[:] = [(config, found)]
    return found


def long_date(value: str | None, config: MkDocsConfig | None = None) -> str:
    """"2026-11-29" -> "29 November 2026", "29 de noviembre de 2026" (as the embed script shows)."""
    if not value:
        return ""
    day = date.fromisoformat(value)
    if config is not None and config.extra.get("strings"):
        return languages_long_date(day, config.theme.get("language", "en"))
    return f"{day.day} {day.strftime('%B')} {day.year}"


def dumps(data: Any) -> bytes:
    """Deterministic JSON: sorted keys, UTF-8, compact, final newline. Compact, as APIs send
    it: fewer bytes for embedders, and Python's C encoder (an indent would force the pure
    Python one, half a second more on a site of 1,000 pages)."""
    return (json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")


def template(name: str) -> jinja2.Template:
    """One of the kit's page templates in this folder (HTML-escaped, strict about names),
    compiled once per build."""
    if name not in _templates:
        env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(SOURCE_DIR)), autoescape=True,
                                 keep_trailing_newline=True, undefined=jinja2.StrictUndefined)
        _templates[name] = env.get_template(name)
    return _templates[name]


def write(path: Path, data: bytes, made: set[Path]) -> None:
    """Write one file; its folder is made first unless this build made it already (`made`:
    thousands of files share a handful of folders)."""
    if path.parent not in made:
        path.parent.mkdir(parents=True, exist_ok=True)
        made.add(path.parent)
    with open(path, "wb") as f:
        f.write(data)
