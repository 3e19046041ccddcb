"""Check every page's front matter, and stop the build when a page is overdue for review.

The rules live in `scripts/schemas/front-matter.schema.json` (JSON Schema 2020-12, checked
with `jsonschema`). This hook adds what a schema cannot say:

- the front matter must be YAML that parses. MkDocs silently ignores front matter it cannot
  read (one unquoted colon empties the whole block), so the hook reads the file itself;
- `next_review` is after `last_reviewed` and at most three years later;
- `last_reviewed` is not in the future, and `next_review` has not passed (the page is overdue).

Every problem on every page is logged as a WARNING naming the file and line (`docs/x.md:5:`;
line 1, where the front matter starts, for a missing field), the field and what to do, so
`mkdocs build --strict` lists them all and then stops.

After checking, `page.meta["last_reviewed"]` and `page.meta["next_review"]` are always
`datetime.date` objects (or absent when invalid), whatever way the editor wrote them, so the
templates, the JSON-LD and the embed API can rely on them.

"Today" is `datetime.date.today()`, or the date in the environment variable IPT_TODAY
(YYYY-MM-DD) so that tests of overdue reviews give the same answer on any day.
"""
from __future__ import annotations

import datetime as dt
import difflib
import json
import logging
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils.meta import YAML_RE

import sys  # noqa: E402
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # make `scripts` importable
from scripts.project import shown_path  # noqa: E402
from scripts.content_cache import remember  # noqa: E402

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator, ValidationError

#: What the problems depend on besides the page text, its path and today's date.
CHECK_CODE = (__file__, str(Path(__file__).resolve().parents[1] / "schemas" / "front-matter.schema.json"))

log = logging.getLogger("mkdocs.hooks.front_matter")

SCHEMA_PATH = Path(__file__).resolve().parents[1] / "schemas" / "front-matter.schema.json"
DATE_FIELDS = ("last_reviewed", "next_review")
MAX_REVIEW_YEARS = 3
EXAMPLE = {
    "title": "title: What is IPT?",
    "description": "description: One plain sentence of 50 to 160 characters about the page.",
    "last_reviewed": "last_reviewed: 2026-11-29",
    "next_review": "next_review: 2027-11-29",
}


class _TextDatesLoader(yaml.SafeLoader):
    """YAML's safe loader, except that dates stay text: a bad date such as 2026-13-45
    then reaches the schema (and gets a clear message) instead of crashing the parser."""


_TextDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, regex) for tag, regex in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@lru_cache(maxsize=1)
def _validator() -> Draft202012Validator:
    # Imported here: a build whose front matter is all unchanged (scripts/content_cache.py)
    # never needs jsonschema, which takes longer to import than to check every page.
    from jsonschema import Draft202012Validator, FormatChecker

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FormatChecker())


def today() -> dt.date:
    """Today's date, or IPT_TODAY (YYYY-MM-DD) when set (tests use it)."""
    faked = os.environ.get("IPT_TODAY")
    return dt.date.fromisoformat(faked) if faked else dt.date.today()


def _field_line(block: str, field: str) -> int | None:
    """Line number (in the file) of `field:` in the front matter, if it is there."""
    for number, line in enumerate(block.splitlines(), start=2):  # line 1 is the opening ---
        if re.match(rf"{re.escape(field)}\s*:", line):
            return number
    return None


def _explain(error: ValidationError, data: dict[str, Any]) -> tuple[str | None, str]:
    """(field, plain-words message) for one schema error."""
    path = list(error.absolute_path)
    if error.validator == "required":
        field = re.search(r"'([^']+)'", error.message).group(1)  # "'title' is a required property"
        return None, (f"front matter field '{field}' is missing. Add the line "
                      f"`{EXAMPLE.get(field, field + ': ...')}` between the --- lines at the top.")
    field = ".".join(str(p) for p in path) or "(front matter)"
    top = str(path[0]) if path else ""
    value = error.instance
    if top in DATE_FIELDS:
        return top, (f"front matter field '{top}' is not a real date: {value!r}. "
                     "Write it as year-month-day, for example 2026-11-29.")
    if top == "description" and isinstance(value, str) and error.validator in ("minLength", "maxLength"):
        size = "short" if error.validator == "minLength" else "long"
        return top, (f"front matter field 'description' is too {size} ({len(value)} characters; it must "
                     "be 50 to 160). Write one plain sentence that says what the page is about.")
    if error.validator in ("minLength", "pattern") and isinstance(value, str):
        return top, f"front matter field '{field}' is empty. Write its text after the colon."
    if error.validator == "type":
        wanted = error.validator_value
        return top, f"front matter field '{field}' must be {'text' if wanted == 'string' else wanted}, not {value!r}."
    if error.validator == "enum":
        choices = ", ".join(str(c) for c in error.validator_value)
        return top, f"front matter field '{field}' must be one of: {choices} (it is {value!r})."
    return top or None, f"front matter field '{field}': {error.message}."


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _review_problems(last: dt.date, nxt: dt.date, now: dt.date) -> list[tuple[str, str]]:
    """(field, message) for review dates that parse but do not make sense."""
    out: list[tuple[str, str]] = []
    if last > now:
        out.append(("last_reviewed", f"last_reviewed is in the future ({last}). Set it to the day "
                    "you checked the page against its sources."))
    if nxt <= last:
        out.append(("next_review", f"next_review ({nxt}) must be after last_reviewed ({last}). "
                    "Set it to a date within three years of last_reviewed."))
    elif nxt > _add_years(last, MAX_REVIEW_YEARS):
        out.append(("next_review", f"next_review ({nxt}) is more than three years after "
                    f"last_reviewed ({last}). Set it to {_add_years(last, MAX_REVIEW_YEARS)} or earlier."))
    if last < nxt < now:
        out.append(("next_review", f"review overdue: next_review was {nxt}. Review the page against "
                    "its sources, then set last_reviewed to today and next_review to a date within "
                    "three years."))
    return out


def check(text: str, where: str, now: dt.date) -> tuple[list[str], dict[str, Any]]:
    """All problems in one page's front matter (messages start with `where`), and the data.

    `where` is the page's path as editors see it, e.g. "docs/benefits.md".
    """
    match = YAML_RE.match(text)
    if not match:
        return [f"{where}:1: the page has no front matter. Start the file with a block like:\n"
                "---\n" + "\n".join(EXAMPLE.values()) + "\n---"], {}
    block = match.group(1)
    try:
        data = yaml.load(block, Loader=_TextDatesLoader)  # noqa: S506 (a SafeLoader subclass)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = f":{mark.line + 2}" if mark is not None else ":1"  # +1 for 0-based, +1 for the ---
        problem = getattr(error, "problem", None) or str(error)
        return [f"{where}{line}: the front matter is not valid YAML ({problem}), so MkDocs would "
                "ignore all of it. A value that contains a colon (:) must be in quotes, e.g. "
                "description: \"IPT: a talking therapy ...\"."], {}
    if not isinstance(data, dict):
        return [f"{where}:1: the front matter must be lines of `field: value`."], {}

    problems: list[str] = []

    def report(field: str | None, message: str) -> None:
        # A missing field has no line of its own: it belongs in the block that starts on line 1.
        line = (_field_line(block, field) if field else None) or 1
        problems.append(f"{where}:{line}: {message}")

    # dates may arrive as text (our loader) or, from callers, as date objects
    checked = {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in data.items()}
    for error in sorted(_validator().iter_errors(checked), key=lambda e: list(e.absolute_path)):
        report(*_explain(error, checked))
    known = set(_validator().schema["properties"])
    for key in data:
        close = difflib.get_close_matches(str(key), known, n=1, cutoff=0.8)
        if key not in known and close:
            report(str(key), f"unknown front matter field '{key}': did you mean '{close[0]}'?")

    dates: dict[str, dt.date] = {}
    for field in DATE_FIELDS:
        try:
            dates[field] = dt.date.fromisoformat(str(checked[field]))
        except (KeyError, ValueError):
            pass
    if len(dates) == 2:
        for field, message in _review_problems(dates["last_reviewed"], dates["next_review"], now):
            report(field, message)
    return problems, {**data, **dates}


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    where = shown_path(page.file, config)
    text = Path(page.file.abs_src_path).read_text(encoding="utf-8-sig")
    try:
        now = today()
    except ValueError:
        log.warning("IPT_TODAY is set to %r, which is not a date: write it as YYYY-MM-DD.",
                    os.environ.get("IPT_TODAY"))
        now = dt.date.today()
    def checked() -> dict[str, Any]:
        problems, data = check(text, where, now)
        return {"problems": problems,
                "dates": {f: data[f].isoformat() for f in DATE_FIELDS if isinstance(data.get(f), dt.date)}}

    # Kept between builds by content (scripts/content_cache.py): the same text, path, day and
    # code give the same problems, which are reported again on every build.
    result = remember(config, "front-matter", json.dumps([text, where, now.isoformat()]), CHECK_CODE, checked)
    for problem in result["problems"]:
        log.warning(problem)
    # Always real dates for templates and other hooks, or nothing when invalid.
    for field in DATE_FIELDS:
        if field in result["dates"]:
            page.meta[field] = dt.date.fromisoformat(result["dates"][field])
        else:
            page.meta.pop(field, None)
    return markdown
