"""Front matter: the schema, the review-date rules, and clear build errors for bad input.

Fast checks call the hook's `check()` on text; one real strict build on a copy of the
project proves that the build stops and names each file and field.
"""
from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from tests.conftest import DOCS, doc_sources, front_matter
from tests.support.build import ROOT, copy_project, strict_build
from tests.support.trust import hook

fm = hook("front_matter")
SCHEMA = ROOT / "scripts" / "schemas" / "front-matter.schema.json"
TODAY = dt.date(2026, 11, 29)
GOOD = {
    "title": "What is IPT?",
    "description": "What interpersonal psychotherapy (IPT) is, how long it lasts and its phases.",
    "last_reviewed": "2026-11-29",
    "next_review": "2027-11-29",
}


def page(**fields: object) -> str:
    """Markdown text with front matter made from GOOD, changed by `fields` (None drops one)."""
    data = {**GOOD, **fields}
    lines = [f"{k}: {v}" for k, v in data.items() if v is not None]
    return "---\n" + "\n".join(lines) + "\n---\n\n# Title\n\nText.\n"


def problems(text: str, now: dt.date = TODAY) -> list[str]:
    return fm.check(text, "docs/x.md", now)[0]


def test_schema_is_valid_draft_2020_12() -> None:
    schema = json.loads(SCHEMA.read_text())
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)
    assert set(schema["required"]) == {"title", "description", "last_reviewed", "next_review"}


@pytest.mark.parametrize("src", doc_sources())
def test_every_page_has_valid_front_matter(src: str) -> None:
    text = (DOCS / src).read_text(encoding="utf-8")
    found = problems(text, now=fm.today())
    assert not found, "\n".join(found)


def test_good_front_matter_passes_and_gives_dates() -> None:
    found, data = fm.check(page(), "docs/x.md", TODAY)
    assert found == []
    assert data["last_reviewed"] == dt.date(2026, 11, 29) and data["next_review"] == dt.date(2027, 11, 29)
    # a quoted date is the same date
    assert problems(page(last_reviewed='"2026-11-29"')) == []


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"title": None}, "title", "missing"),
        ({"title": '""'}, "title", "empty"),
        ({"description": None}, "description", "missing"),
        ({"description": "Too short to help anyone."}, "description", "too short (25 characters"),
        ({"description": "x" * 161}, "description", "too long (161 characters"),
        ({"last_reviewed": None}, "last_reviewed", "missing"),
        ({"last_reviewed": "2026-13-45"}, "last_reviewed", "not a real date: '2026-13-45'"),
        ({"next_review": "29/11/2027"}, "next_review", "not a real date"),
        ({"next_review": "2026-11-01"}, "next_review", "must be after last_reviewed"),
        ({"next_review": "2029-12-01"}, "next_review", "more than three years after"),
        ({"last_reviewed": "2026-12-25", "next_review": "2027-12-25"}, "last_reviewed", "in the future"),
        ({"reviewed_by": '""'}, "reviewed_by", "empty"),
        ({"kind": "blog"}, "kind", "must be one of: reader, site"),
        ({"reviewd_by": "Dr Example"}, "reviewd_by", "did you mean 'reviewed_by'"),
    ],
    ids=["no-title", "empty-title", "no-description", "short-description", "long-description",
         "no-last-reviewed", "impossible-date", "day-month-year", "next-before-last",
         "over-three-years", "reviewed-in-future", "empty-reviewer", "bad-kind", "typo-field"],
)
def test_each_fault_is_named(change: dict, field: str, words: str) -> None:
    found = problems(page(**change))
    assert found, f"no problem reported for {change}"
    assert any(p.startswith("docs/x.md") and field in p and words in p for p in found), found


def test_overdue_review_depends_on_today() -> None:
    text = page(last_reviewed="2024-01-01", next_review="2025-01-01")
    assert problems(text, now=dt.date(2024, 12, 31)) == []
    found = problems(text, now=dt.date(2025, 1, 2))
    assert found == ["docs/x.md:5: review overdue: next_review was 2025-01-01. Review the page against "
                     "its sources, then set last_reviewed to today and next_review to a date within "
                     "three years."]


def test_unparseable_yaml_names_the_line() -> None:
    text = page(description="IPT: a talking therapy for depression that looks at relationships now.")
    found = problems(text)
    assert len(found) == 1 and found[0].startswith("docs/x.md:3: the front matter is not valid YAML"), found
    assert "quotes" in found[0]


def test_no_front_matter() -> None:
    found = problems("# Just a title\n\nText.\n")
    assert found and "no front matter" in found[0]


def test_ipt_today_fakes_the_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IPT_TODAY", "2030-02-03")
    assert fm.today() == dt.date(2030, 2, 3)
    monkeypatch.delenv("IPT_TODAY")
    assert fm.today() == dt.date.today()


def _set_front_matter(path: Path, **fields: str | None) -> None:
    """Rewrite one field line (or drop it with None) in a page's front matter."""
    text = path.read_text(encoding="utf-8")
    end = text.index("\n---", 4)
    head, body = text[:end], text[end:]
    for key, value in fields.items():
        line = re.compile(rf"^{key}:.*$", re.M)
        if value is None:
            head = line.sub("", head)
        elif line.search(head):
            head = line.sub(lambda _m, v=value, k=key: f"{k}: {v}", head)
        else:
            head += f"\n{key}: {value}"
    path.write_text(head + body, encoding="utf-8")


def test_build_reports_every_front_matter_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One strict build with a different mistake in each of eight pages: every one is
    reported with its file and field, the build stops, and no other page is blamed.

    "Today" is faked (IPT_TODAY) as a day every real page accepts, and one page is made
    overdue as of that day, so the result does not depend on the day the test runs.
    """
    pages = [front_matter(DOCS / src) for src in doc_sources()]
    today = max(p["last_reviewed"] for p in pages)
    assert today < min(p["next_review"] for p in pages)
    last, due = today - dt.timedelta(days=400), today - dt.timedelta(days=1)
    project = copy_project(tmp_path / "project")
    faults = {
        "about.md": ({"title": None}, "title", "missing"),
        "glossary.md": ({"description": None}, "description", "missing"),
        "accessibility.md": ({"description": "Too short."}, "description", "too short"),
        "benefits.md": ({"last_reviewed": "2026-13-45"}, "last_reviewed", "not a real date: '2026-13-45'"),
        "techniques.md": ({"last_reviewed": "2026-06-01", "next_review": "2026-05-01"}, "next_review", "must be after"),
        "research.md": ({"last_reviewed": "2026-06-01", "next_review": "2029-06-02"}, "next_review", "more than three years"),
        "types-of-ipt.md": ({"description": "IPT: a talking therapy, with its types and formats explained."},
                            "", "not valid YAML"),
        "what-is-ipt.md": ({"last_reviewed": last.isoformat(), "next_review": due.isoformat()},
                           "next_review", f"review overdue: next_review was {due}. Review the page against its sources"),
    }
    for name, (fields, _field, _words) in faults.items():
        _set_front_matter(project / "docs" / name, **fields)
    monkeypatch.setenv("IPT_TODAY", today.isoformat())
    result = strict_build(project, tmp_path / "site")
    log = result.stdout + result.stderr
    assert result.returncode != 0, f"strict build passed with bad front matter:\n{log}"
    assert "Aborted with" in log, log
    warnings = [line for line in log.splitlines() if line.startswith("WARNING")]
    for name, (_fields, field, words) in faults.items():
        hits = [w for w in warnings if f"docs/{name}" in w and field in w and words in w]
        assert hits, f"docs/{name}: no warning naming '{field}' ({words}):\n" + "\n".join(warnings)
    ours = re.compile("front matter|last_reviewed|next_review")
    blamed = {m.group(1) for w in warnings if ours.search(w) and (m := re.search(r"docs/([\w/-]+\.md)", w))}
    assert blamed <= set(faults), f"pages reported without a fault: {sorted(blamed - set(faults))}"
