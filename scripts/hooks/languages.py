"""Languages: build every translation inside the default build, and keep translations honest.

- `on_config` (first): loads this language's interface strings (docs/includes/strings/<code>.yml)
  into `config.extra.strings` and the disclaimer into `config.extra.disclaimer`; describes the
  language and its siblings in `config.extra.language` for the templates (language switch,
  sitemap hreflang, JSON-LD).
- `on_files`, translated builds only: adds the default language's static files (stylesheets,
  scripts) so the translation's pages look and work the same.
- `on_page_markdown`, translated pages only: reads the page's `translation:` record
  (`source`, `source_hash`; see scripts/translations.py). A missing or wrong record is a
  warning naming file and line, so the strict build fails. A record behind the English page
  sets `page.meta.outdated` (date and address of the English page): the page then tells
  readers so, and the editors' status page lists it. An English editor's change never fails
  the build this way.
- `on_post_build`, default build only: builds each other language of `extra.languages` from
  its own configuration file into `<site_dir>/<code>/`, with `site_url` + `<code>/` and the
  same strict setting. Runs after trim_css (its stylesheet is the default build's own) and
  before headers.py and robots.py, which then cover every language from the site root.

One build per language, each with its own search index, 404 page and hook run, is Material's
advice for a multilingual site (see README, "Languages").
"""
from __future__ import annotations

import datetime as dt
import logging
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import mkdocs.plugins
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # make `scripts` importable
from scripts.languages import current, is_translation, languages, long_date, root_path, strings  # noqa: E402
from scripts.translations import HASH_LENGTH, source_version  # noqa: E402

log = logging.getLogger("mkdocs.hooks.languages")


@mkdocs.plugins.event_priority(120)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    try:
        lang = current(config)
        words = strings(lang.code)
        for other in languages(config):
            strings(other.code)
    except ValueError as error:
        raise PluginError(str(error)) from None
    config.extra["strings"] = words
    config.extra["disclaimer"] = words["disclaimer"]
    config.extra["language"] = {
        "code": lang.code,
        "prefix": lang.prefix,
        "root_path": root_path(config),
        # switch_to: the switch's link text, in that language ("Read this page in English").
        "all": [{"code": other.code, "name": other.name, "prefix": other.prefix,
                 "switch_to": strings(other.code)["switch_to"].format(language=other.name)}
                for other in languages(config)],
    }
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """A translation's pages use the default language's static files (docs/stylesheets/,
    docs/javascripts/, images): they are added to its build from docs/, so they are written
    once in the repository. A file of the same path in the language's own folder wins."""
    if not is_translation(config):
        return files
    root_docs = Path(config.config_file_path).parent / "docs"
    own = Path(config.docs_dir).resolve()
    for path in sorted(root_docs.rglob("*")):
        rel = path.relative_to(root_docs)
        if (not path.is_file() or path.suffix == ".md" or rel.parts[0] == "includes"
                or path.resolve().is_relative_to(own) or files.get_file_from_path(rel.as_posix())):
            continue
        files.append(File(rel.as_posix(), src_dir=str(root_docs), dest_dir=config.site_dir,
                          use_directory_urls=config.use_directory_urls))
    return files


def on_env(env, config: MkDocsConfig, files: Files):
    code = config.extra["language"]["code"]
    env.filters["long_date"] = lambda day: long_date(day, code) if isinstance(day, dt.date) else ""
    return env


def _line_of(markdown: str, key: str) -> int:
    """1-based line of `key:` in the front matter (1 if absent)."""
    for number, line in enumerate(markdown.splitlines()[:60], start=1):
        if re.match(rf"\s*{key}\s*:", line):
            return number
    return 1


def _english_date(source: Path, config: MkDocsConfig) -> dt.date:
    """When the English page last changed: today if it has uncommitted edits, else its last
    commit's date; without git, its `last_reviewed` date."""
    root = Path(config.config_file_path).parent
    rel = source.relative_to(root).as_posix()
    try:
        dirty = subprocess.run(["git", "diff", "--quiet", "HEAD", "--", rel], cwd=root,
                               capture_output=True, timeout=20).returncode == 1
        if dirty:
            return dt.date.today()
        out = subprocess.run(["git", "log", "-1", "--format=%cs", "--", rel], cwd=root,
                             capture_output=True, text=True, timeout=20).stdout.strip()
        if out:
            return dt.date.fromisoformat(out)
    except (OSError, subprocess.SubprocessError, ValueError):
        pass
    found = re.search(r"^last_reviewed:\s*(\d{4}-\d{2}-\d{2})", source.read_text(encoding="utf-8"), re.M)
    return dt.date.fromisoformat(found.group(1)) if found else dt.date.today()


def _check_record(markdown: str, page: Page, config: MkDocsConfig) -> None:
    lang = current(config)
    shown = f"docs/{lang.prefix}{page.file.src_uri}"
    record = page.meta.get("translation")
    how = (f"add to its front matter\n  translation:\n    source: {page.file.src_uri}\n    source_hash: "
           f"<the output of `python -m scripts.translations docs/{page.file.src_uri}`>")
    if not isinstance(record, dict):
        log.warning(f"{shown}:{_line_of(markdown, 'translation')}: this translated page does not say which "
                    f"English page and version it follows: {how}")
        return
    source, version = record.get("source"), str(record.get("source_hash") or "")
    if source != page.file.src_uri:
        log.warning(f"{shown}:{_line_of(markdown, 'source')}: translation.source is '{source}', but a "
                    f"translated page has the same file name as its English page: write "
                    f"`source: {page.file.src_uri}`")
        return
    english = Path(config.config_file_path).parent / "docs" / source
    if not english.is_file():
        log.warning(f"{shown}:{_line_of(markdown, 'source')}: docs/{source} does not exist, so this page "
                    "translates nothing: remove the page, or restore its English page")
        return
    if not re.fullmatch(rf"[0-9a-f]{{{HASH_LENGTH}}}", version):
        log.warning(f"{shown}:{_line_of(markdown, 'source_hash')}: translation.source_hash '{version}' is not "
                    f"a version: write the {HASH_LENGTH} characters printed by "
                    f"`python -m scripts.translations docs/{source}`")
        return
    if version != source_version(english):
        root = config.extra["language"]["root_path"]
        page.meta["outdated"] = {
            "date": _english_date(english, config),
            "href": root + ("" if source == "index.md" else source[:-3] + "/"),
        }


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if is_translation(config):
        _check_record(markdown, page, config)
    return markdown


@mkdocs.plugins.event_priority(-95)
def on_post_build(config: MkDocsConfig) -> None:
    if is_translation(config):
        return
    root = Path(config.config_file_path).parent
    site_url = config.site_url or "/"
    for lang in languages(config)[1:]:
        other = load_config(
            config_file=str(root / lang.config),
            site_dir=str(Path(config.site_dir) / lang.code),
            site_url=(site_url if site_url.endswith("/") else site_url + "/") + lang.prefix,
            strict=config.strict,
        )
        if other.theme["language"] != lang.code:
            raise PluginError(f"{lang.config}: theme.language must be '{lang.code}' (extra.languages in mkdocs.yml)")
        log.info(f"Building the '{lang.code}' edition from {lang.config}")
        build(other)
