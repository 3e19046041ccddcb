"""Lint bibliography.bib and report every problem with its line and what to do.

Checks: the file parses (each broken entry is named, not just the first); no key is used
twice (keys are compared ignoring case, as mkdocs-bibtex does); each entry has the fields
its type needs; DOIs look like `10.NNNN/...` without a `https://doi.org/` prefix; URLs are
`https://`; every entry is cited with [@key] on some page in docs/; a title's proper nouns
and acronyms are protected with braces (`title={Group {IPT} in {Uganda}}`), since the
reference style writes every other title word in lower case: a word with two or more
capitals (IPT, McGill), a one-letter word such as "I", the first word after an opening
bracket or quote, and each name listed in bibliography-proper-nouns.txt (beside the .bib);
a name suffix is written where BibTeX reads it (`Reynolds, III, Charles F.`).

Usable from the tests (`check()` returns the problems) and from the command line or a
pre-commit hook:

    python scripts/check_bibliography.py [bibliography.bib] [docs]

It prints one line per problem (`bibliography.bib:LINE: key: message`) and exits 1 when
there is any.
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from pybtex.database import BibliographyData  # noqa: E402
from pybtex.database.input.bibtex import Parser  # noqa: E402

from scripts.bibliography import DOI_PATTERN, cited_keys  # noqa: E402

#: Fields each entry type needs; "a/b" means either is enough.
REQUIRED: dict[str, tuple[str, ...]] = {
    "article": ("author", "title", "journal", "year"),
    "book": ("author/editor", "title", "publisher", "year"),
    "incollection": ("author", "title", "booktitle", "publisher", "year"),
    "inproceedings": ("author", "title", "booktitle", "year"),
    "techreport": ("author", "title", "institution", "year"),
    # A web page often has no publication year: its address (and visit date) identify it.
    "misc": ("author/title", "year/url/urldate"),
}
DEFAULT_REQUIRED = ("title", "year")
PERSON_FIELDS = ("author", "editor")
#: The list of proper nouns, beside the .bib file (one name a line; "#" starts a note).
PROPER_NOUNS_FILE = "bibliography-proper-nouns.txt"
#: A word of a title: letters, with an apostrophe or full stop inside ("SAMHSA's", "U.S").
_WORD = re.compile(r"[^\W\d_]+(?:['’.][^\W\d_]+)*")
#: What a title may open with before its first word without it being capitalised.
_OPENERS = "[(\"'“‘«¿¡"
#: A generational suffix, which BibTeX reads only as the middle part: "Last, Jr, First".
_SUFFIX = re.compile(r"^(Jr\.?|Sr\.?|II|III|IV)$")
_ENTRY_START = re.compile(r"^[ \t]*@([A-Za-z]+)[ \t]*[{(][ \t]*([^,\s]*)", re.M)
_NOT_ENTRIES = {"comment", "string", "preamble"}


@dataclass(frozen=True)
class BibProblem:
    file: str
    line: int
    key: str
    message: str
    #: True when pybtex (and so mkdocs-bibtex) cannot read the file at all.
    blocking: bool = False

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}"
        return f"{where}: {self.key}: {self.message}" if self.key else f"{where}: {self.message}"


@dataclass(frozen=True)
class _Chunk:
    type: str
    key: str
    line: int
    text: str


def _chunks(text: str) -> list[_Chunk]:
    """The file cut into entries, each from its `@type{` line to the next one."""
    starts = list(_ENTRY_START.finditer(text))
    out = []
    for i, m in enumerate(starts):
        end = starts[i + 1].start() if i + 1 < len(starts) else len(text)
        out.append(_Chunk(m.group(1).lower(), m.group(2), text.count("\n", 0, m.start()) + 1, text[m.start():end]))
    return out


def _has(entry, field: str) -> bool:
    if field in PERSON_FIELDS:
        return bool(entry.persons.get(field)) or bool(entry.fields.get(field, "").strip())
    return bool(entry.fields.get(field, "").strip())


def _field_line(chunk: _Chunk, field: str) -> int:
    m = re.search(rf"\b{field}\s*=", chunk.text, re.I)
    return chunk.line + (chunk.text.count("\n", 0, m.start()) if m else 0)


def proper_nouns(bib_path: Path) -> list[str]:
    """The names of bibliography-proper-nouns.txt beside `bib_path` ([] when there is none)."""
    path = bib_path.parent / PROPER_NOUNS_FILE
    if not path.is_file():
        return []
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return [line for line in lines if line and not line.startswith("#")]


def _depths(text: str) -> list[int]:
    """The brace depth at each character of a field's text (1 or more: protected)."""
    out, depth = [], 0
    for char in text:
        if char == "}":
            depth = max(depth - 1, 0)
        out.append(depth if char not in "{}" else 1)
        if char == "{":
            depth += 1
    return out


def unprotected_title_words(title: str, nouns: list[str]) -> list[tuple[str, str]]:
    """(words, why) for each proper noun or acronym of `title` that the reference style would
    write in lower case, in the order they appear."""
    depth = _depths(title)

    def bare(start: int, end: int) -> bool:
        return any(depth[i] == 0 and title[i].isalpha() for i in range(start, end))

    spans: list[tuple[int, int, str, str]] = []  # start, end, words, why
    words = list(_WORD.finditer(title))
    opening = title[:words[0].start()].strip() if words else ""
    for number, word in enumerate(words):
        text = word.group(0)
        if not bare(word.start(), word.end()):
            continue
        if sum(c.isupper() for c in text) >= 2:
            spans.append((word.start(), word.end(), text, "an acronym or a name with capitals"))
        elif number > 0 and len(text) == 1 and text.isupper() and text != "A":
            spans.append((word.start(), word.end(), text, "a capital letter on its own"))
        elif number == 0 and text[0].isupper() and opening and opening[-1] in _OPENERS:
            spans.append((word.start(), word.end(), text, f"the first word after '{opening}'"))
    for noun in nouns:
        for match in re.finditer(rf"(?<![\w{{]){re.escape(noun)}(?!\w)", title):
            if bare(match.start(), match.end()):
                spans.append((match.start(), match.end(), noun, f"a name in {PROPER_NOUNS_FILE}"))
    # The longest at each place wins ("New York City" over "New York", "NHS Talking Therapies"
    # over "NHS"), and what it covers is not reported again.
    out, covered = [], -1
    for start, end, text, why in sorted(spans, key=lambda s: (s[0], -(s[1] - s[0]))):
        if start >= covered:
            out.append((text, why))
            covered = end
    return out


def _title_problems(name: str, chunk: _Chunk, entry, nouns: list[str]) -> list[BibProblem]:
    title = entry.fields.get("title", "")
    out = []
    for words, why in unprotected_title_words(title, nouns):
        out.append(BibProblem(name, _field_line(chunk, "title"), chunk.key,
                              f"the title's '{words}' will show as '{words.lower()}' in reference lists "
                              f"({why}). Write {{{words}}} in the title: words in braces keep their capitals."))
    return out


def _suffix_problems(name: str, chunk: _Chunk, entry) -> list[BibProblem]:
    out = []
    for role in PERSON_FIELDS:
        for person in entry.persons.get(role, []):
            first = " ".join(person.first_names + person.middle_names)
            if _SUFFIX.match(first) and person.lineage_names:
                last = " ".join(person.prelast_names + person.last_names)
                out.append(BibProblem(name, _field_line(chunk, role), chunk.key,
                                      f"the name '{last}, {' '.join(person.lineage_names)}, {first}' puts the suffix "
                                      f"last, so it shows as '{first} {last}': write '{last}, {first}, "
                                      f"{' '.join(person.lineage_names)}' (surname, suffix, first names)."))
    return out


def check(bib_path: Path, docs_dir: Path | None = None, shown_name: str | None = None) -> list[BibProblem]:
    """Every problem in `bib_path`; with `docs_dir`, also entries cited on no page."""
    name = shown_name or bib_path.name
    text = bib_path.read_text(encoding="utf-8")
    problems: list[BibProblem] = []
    seen: dict[str, _Chunk] = {}
    parsed: list[tuple[_Chunk, object]] = []

    for chunk in _chunks(text):
        if chunk.type in _NOT_ENTRIES:
            continue
        if not re.fullmatch(r"[A-Za-z0-9_-]+", chunk.key):
            problems.append(BibProblem(name, chunk.line, chunk.key or "(no key)",
                                       "the key must use only letters, digits, '-' and '_', and be "
                                       "followed by a comma, e.g. @article{smith2020,", blocking=True))
            continue
        first = seen.get(chunk.key.lower())
        if first is not None:
            problems.append(BibProblem(name, chunk.line, chunk.key,
                                       f"duplicate key: '{first.key}' is already used at line {first.line}. "
                                       "Give this entry a different key, or delete it if it is the same source.",
                                       blocking=True))
            continue
        seen[chunk.key.lower()] = chunk
        try:
            # The parser class itself: pybtex's parse_string(text, "bibtex") looks it up through
            # package entry points on every call, which cost ~5 ms an entry (issue 8).
            data: BibliographyData = Parser().parse_string(chunk.text)
        except Exception as error:  # pybtex raises several syntax error classes
            detail = str(error)
            m = re.search(r"line (\d+)", detail)
            line = chunk.line + int(m.group(1)) - 1 if m else chunk.line
            detail = re.sub(r"syntax error in line \d+: ", "", detail)
            problems.append(BibProblem(name, chunk.line, chunk.key,
                                       f"syntax error ({detail}, near line {line}): check this entry's braces "
                                       "{ }, the commas between fields and the quotes.", blocking=True))
            continue
        if chunk.key not in data.entries:
            continue
        parsed.append((chunk, data.entries[chunk.key]))

    nouns = proper_nouns(bib_path)
    for chunk, entry in parsed:
        problems += _title_problems(name, chunk, entry, nouns)
        problems += _suffix_problems(name, chunk, entry)
        for need in REQUIRED.get(chunk.type, DEFAULT_REQUIRED):
            options = need.split("/")
            if not any(_has(entry, f) for f in options):
                problems.append(BibProblem(name, chunk.line, chunk.key,
                                           f"@{chunk.type} entry needs the field {' or '.join(options)}: "
                                           "add it from the source itself (never guess it)."))
        doi = entry.fields.get("doi")
        if doi is not None:
            line = _field_line(chunk, "doi")
            if re.match(r"\s*(https?://(dx\.)?doi\.org/|doi:)", doi, re.I):
                problems.append(BibProblem(name, line, chunk.key,
                                           f"doi '{doi}' has a prefix: write only the DOI itself, "
                                           "starting with 10. (the site adds https://doi.org/)."))
            elif not DOI_PATTERN.match(doi.strip()):
                problems.append(BibProblem(name, line, chunk.key,
                                           f"doi '{doi}' is not a DOI: it must look like 10.1234/abc "
                                           "(copy it from the article's page)."))
        url = entry.fields.get("url")
        if url is not None:
            parts = urlparse(url.strip())
            if parts.scheme != "https" or not parts.netloc or " " in url.strip():
                problems.append(BibProblem(name, _field_line(chunk, "url"), chunk.key,
                                           f"url '{url}' must be a full https:// address "
                                           "(check that it opens in a browser)."))

    if docs_dir is not None:
        cited = set()
        for page in docs_dir.rglob("*.md"):
            cited.update(key.lower() for _, key in cited_keys(page.read_text(encoding="utf-8")))
        for chunk, _entry in parsed:
            if chunk.key.lower() not in cited:
                problems.append(BibProblem(name, chunk.line, chunk.key,
                                           f"unused entry: no page cites [@{chunk.key}]. Cite it where "
                                           "the page uses the source, or delete the entry."))
    return sorted(problems, key=lambda p: p.line)


def main(argv: list[str]) -> int:
    bib = Path(argv[0]) if argv else ROOT / "bibliography.bib"
    docs = Path(argv[1]) if len(argv) > 1 else bib.parent / "docs"
    problems = check(bib, docs if docs.is_dir() else None, shown_name=str(bib) if argv else bib.name)
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) in {bib.name}.")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
