"""bibliography.bib lints clean, and every [@key] on every page is in it.

The checks themselves live in scripts/check_bibliography.py (also run by editors and
pre-commit); here they run on the real file, and on planted faults to prove they bite.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from scripts.bibliography import cited_keys, load
from scripts.check_bibliography import check
from tests.support.build import ROOT

BIB = ROOT / "bibliography.bib"
DOCS = ROOT / "docs"


def test_bibliography_lints_clean() -> None:
    problems = check(BIB, DOCS)
    assert not problems, "bibliography.bib has problems:\n" + "\n".join(map(str, problems))


def test_every_cited_key_is_in_the_bibliography() -> None:
    known = {k.lower() for k in load(BIB).entries.keys()}
    unknown = [
        f"docs/{page.relative_to(DOCS)}:{line}: [@{key}] is not in bibliography.bib"
        for page in sorted(DOCS.rglob("*.md"))
        for line, key in cited_keys(page.read_text(encoding="utf-8"))
        if key.lower() not in known
    ]
    assert not unknown, "unknown citation keys (fix the spelling or add the source):\n" + "\n".join(unknown)


GOOD = "@article{ok2020,\n  author={Smith, Jane}, title={T}, journal={J}, year={2020}, doi={10.1000/abc}}\n"


@pytest.mark.parametrize(
    ("entry", "line", "expected"),
    [
        ("@article{bad2020,\n  author={Smith, Jane}, title={T, journal={J}, year={2020}}\n", 4, "syntax error"),
        (GOOD.replace("ok2020", "OK2020"), 4, "duplicate key"),
        ("@article{nojournal,\n  author={Smith, Jane}, title={T}, year={2020}}\n", 4, "needs the field journal"),
        ("@book{nopub,\n  editor={Smith, Jane}, title={T}, year={2020}}\n", 4, "needs the field publisher"),
        ("@misc{noyear,\n  title={T}}\n", 4, "year or url"),
        ("@article{doipre,\n  author={S, J}, title={T}, journal={J}, year={2020},\n  doi={https://doi.org/10.1000/x}}\n",
         6, "has a prefix"),
        ("@article{doibad,\n  author={S, J}, title={T}, journal={J}, year={2020}, doi={1000/x}}\n", 5, "is not a DOI"),
        ("@misc{web,\n  title={T}, year={2020}, url={http://example.org/}}\n", 5, "https://"),
        ("@misc{unused,\n  title={T}, year={2020}}\n", 4, "unused entry"),
    ],
    ids=["syntax", "duplicate", "article-journal", "book-publisher", "misc-year", "doi-prefix", "doi-syntax",
         "http-url", "unused"],
)
def test_lint_catches_fault(tmp_path: Path, entry: str, line: int, expected: str) -> None:
    bib = tmp_path / "bibliography.bib"
    bib.write_text(GOOD + "\n" + entry)
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "page.md").write_text("Cited [@ok2020; @bad2020; @nojournal; @nopub; @noyear; @doipre; @doibad; @web].\n")
    problems = [str(p) for p in check(bib, docs)]
    assert any(expected in p and p.startswith(f"bibliography.bib:{line}:") for p in problems), problems
    assert all("ok2020:" not in p for p in problems), f"a correct entry was flagged: {problems}"
