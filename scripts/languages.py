"""The site's languages: which one this build is, where its twin pages live, its strings.

Each language is its own MkDocs build (see README, "Languages"). The default language is the
first entry of `extra.languages` in mkdocs.yml and is built at the site root; every other
language has a configuration file that inherits mkdocs.yml (`INHERIT:`) and is built into
`<site>/<code>/` by scripts/hooks/languages.py, inside the default build. Same slugs in every
language: `docs/what-is-ipt.md` <-> `docs/es/what-is-ipt.md` <-> `/what-is-ipt/` <-> `/es/what-is-ipt/`.

Interface text that our templates and hooks show lives in `docs/includes/strings/<code>.yml`, one
file per language with the same keys (a missing key is a build error, never English in a
Spanish page).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

ROOT = Path(__file__).resolve().parents[1]
STRINGS_DIR = ROOT / "docs" / "includes" / "strings"


@dataclass(frozen=True)
class Language:
    code: str          # BCP 47 language code, as in theme.language ("es")
    name: str          # the language's own name, shown in the switch ("Español")
    config: str        # its configuration file, relative to the repository root
    prefix: str        # its folder on the site and under docs/: "" for the default, "es/"


def languages(config: Any) -> list[Language]:
    """Every language of the site, the default first (from `extra.languages`)."""
    entries = config["extra"].get("languages") or [{"code": "en", "name": "English", "config": "mkdocs.yml"}]
    return [Language(e["code"], e["name"], e["config"], "" if i == 0 else e["code"] + "/")
            for i, e in enumerate(entries)]


def current(config: Any) -> Language:
    """The language this build makes (its theme.language)."""
    code = config["theme"]["language"]
    for lang in languages(config):
        if lang.code == code:
            return lang
    raise ValueError(f"theme.language '{code}' is not listed in extra.languages in mkdocs.yml")


def is_translation(config: Any) -> bool:
    """True in the build of any language but the default (built inside the default one)."""
    return current(config).prefix != ""


def root_url(config: Any) -> str:
    """The site's root address (the default language's site_url), ending in '/'."""
    url = config["site_url"] or "/"
    url = url if url.endswith("/") else url + "/"
    prefix = current(config).prefix
    return url[: -len(prefix)] if prefix and url.endswith(prefix) else url


def root_path(config: Any) -> str:
    """The path part of the root address ("/" or "/sub/")."""
    return urlsplit(root_url(config)).path or "/"


@lru_cache(maxsize=None)
def _strings_file(code: str) -> dict[str, Any]:
    path = STRINGS_DIR / f"{code}.yml"
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def strings(code: str) -> dict[str, Any]:
    """The interface strings of one language; raises ValueError naming any missing key."""
    default = _strings_file("en")
    path = STRINGS_DIR / f"{code}.yml"
    if not path.is_file():
        raise ValueError(f"docs/includes/strings/{code}.yml is missing: copy docs/includes/strings/en.yml "
                         f"and translate every value")
    own = _strings_file(code)
    missing = [key for key in default if key not in own]
    if missing:
        raise ValueError(f"docs/includes/strings/{code}.yml has no {', '.join(missing)}: add "
                         f"{'them' if len(missing) > 1 else 'it'} (see docs/includes/strings/en.yml), "
                         "or the page would show English")
    return own


def long_date(day: dt.date, code: str) -> str:
    """A date as readers of `code` write it: "2 December 2026", "2 de diciembre de 2026"."""
    words = strings(code)
    return words["date_format"].format(day=day.day, month=words["months"][day.month - 1], year=day.year)
