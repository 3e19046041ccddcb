"""bibliography.bib lints clean, and every [@key] on every page is in it.

The checks themselves live in scripts/check_bibliography.py (also run by editors and
pre-commit); here they run on the real file, and on planted faults to prove they bite.
"""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from scripts.bibliography import cited_keys, load
from scripts.check_bibliography import PROPER_NOUNS_FILE, check, proper_nouns, unprotected_title_words
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
        # Titles: what the reference style would write in lower case (issue 24).
        ("@misc{web,\n  title={Key IPT strategies}, year={2020}}\n", 5, "'IPT' will show as 'ipt'"),
        ("@misc{web,\n  title={Depression in {IPT} at McGill}, year={2020}}\n", 5, "'McGill' will show as 'mcgill'"),
        ("@misc{web,\n  title={Outcomes in bipolar I disorder}, year={2020}}\n", 5, "'I' will show as 'i'"),
        ("@misc{web,\n  year={2020},\n  title={Trial at 3 New York City sites}}\n", 6,
         "'New York City' will show as 'new york city' in reference lists (a name in bibliography-proper-nouns.txt)"),
        ("@misc{web,\n  title={Group therapy in rural Uganda}, year={2020}}\n", 5, "Write {Uganda} in the title"),
        ("@misc{web,\n  title={[Noticia sobre la línea 024]}, year={2020}}\n", 5, "'Noticia' will show as 'noticia'"),
        ("@misc{web,\n  title={T}, year={2020},\n  author={Reynolds, Charles F., III}}\n", 6,
         "write 'Reynolds, III, Charles F.'"),
    ],
    ids=["syntax", "duplicate", "article-journal", "book-publisher", "misc-year", "doi-prefix", "doi-syntax",
         "http-url", "unused", "title-acronym", "title-mccapital", "title-one-capital", "title-listed-phrase",
         "title-listed-place", "title-after-bracket", "name-suffix"],
)
def test_lint_catches_fault(tmp_path: Path, entry: str, line: int, expected: str) -> None:
    bib = tmp_path / "bibliography.bib"
    shutil.copy(ROOT / PROPER_NOUNS_FILE, tmp_path / PROPER_NOUNS_FILE)
    bib.write_text(GOOD + "\n" + entry)
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "page.md").write_text("Cited [@ok2020; @bad2020; @nojournal; @nopub; @noyear; @doipre; @doibad; @web].\n")
    problems = [str(p) for p in check(bib, docs)]
    assert any(expected in p and p.startswith(f"bibliography.bib:{line}:") for p in problems), problems
    assert all("ok2020:" not in p for p in problems), f"a correct entry was flagged: {problems}"


def test_title_lint_accepts_protected_words() -> None:
    nouns = proper_nouns(BIB)
    title = ("Key {IPT} strategies at {McGill}, in rural {Uganda} and {New} {York City}: a study of bipolar {I} "
             "disorder. A Randomized Trial: {[}{Noticia} and {U.S.} Twice-Monthly Partner-Assisted care")
    assert unprotected_title_words(title, nouns) == []
    assert unprotected_title_words("Results From a Trial in Spain: A Study", nouns) == \
        [("Spain", "a name in bibliography-proper-nouns.txt")]


def test_proper_noun_list_is_tidy() -> None:
    """bibliography-proper-nouns.txt: each name once, each starting with a capital."""
    nouns = proper_nouns(BIB)
    assert len(nouns) > 100 and len(set(nouns)) == len(nouns), \
        [n for n in nouns if nouns.count(n) > 1] or f"only {len(nouns)} names"
    assert all(n[0].isupper() for n in nouns), [n for n in nouns if not n[0].isupper()]
