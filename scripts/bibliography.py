"""Read bibliography.bib once and answer questions about it.

Shared by the citation hook, the JSON-LD and embed hooks and the bibliography tests, so
that "which keys exist" and "what is this entry's DOI" have one answer everywhere.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, TypeVar

from pybtex.database import BibliographyData, parse_string

from scripts.reference_style import ENGLISH_NAMES, author_list

#: A citation key as mkdocs-bibtex reads it inside [@...]: letters, digits, "-" and "_".
KEY_PATTERN = r"[A-Za-z0-9_-]+"
#: A bracketed citation block, e.g. [@a], [@a; @b], [see @a, p. 3].
CITATION_BLOCK = re.compile(r"\[[^\[\]]*?@[^\[\]]*?\]")
#: One "@key" inside a citation block; the key ends at anything not allowed in a key.
CITED_KEY = re.compile(r"(?<![\w.])@([^\s;,\]]*)")
DOI_PATTERN = re.compile(r"^10\.\d{4,9}/\S+$")
T = TypeVar("T")


@dataclass(frozen=True)
class Reference:
    """The fields of one entry that pages, JSON-LD and the API show."""

    key: str
    type: str
    title: str
    authors: str
    year: str
    container: str  # journal, publisher or note
    doi: str | None
    url: str | None

    @property
    def link(self) -> str | None:
        return f"https://doi.org/{self.doi}" if self.doi else self.url


#: LaTeX accent commands and the combining marks they write ({\\"u} -> ü).
_ACCENTS = {'"': "\u0308", "`": "\u0300", "'": "\u0301", "^": "\u0302", "~": "\u0303"}


#: BibTeX's letters written as commands, e.g. Storeb{\o} (Storebø), S{\o}rensen.
_LETTERS = {"o": "ø", "O": "Ø", "ss": "ß", "aa": "å", "AA": "Å", "ae": "æ", "AE": "Æ", "l": "ł", "L": "Ł", "i": "ı"}


def _plain(text: str) -> str:
    """A BibTeX value as readers see it: braces gone, accents ({\\"u} -> ü), escaped
    characters (\\& -> &), letters ({\\o} -> ø) and dashes (-- -> –, --- -> —). Not pybtex's
    LaTeX reader: it takes ~30 ms a value."""
    text = re.sub(r"\\([\"'`^~])\{?([A-Za-z])\}?", lambda m: m.group(2) + _ACCENTS[m.group(1)], text)
    text = re.sub(r"\\([&%$#_])", r"\1", text)
    text = re.sub(r"\\(o|O|ss|aa|AA|ae|AE|l|L|i)\b\s*", lambda m: _LETTERS[m.group(1)], text)  # {\o} -> ø
    text = re.sub(r"[{}]", "", text).replace("---", "—").replace("--", "–")
    return unicodedata.normalize("NFC", text)


@lru_cache(maxsize=4)
def _load(text: str) -> BibliographyData:
    return parse_string(text, bib_format="bibtex")


def load(path: Path) -> BibliographyData:
    """Parse a .bib file, once per content (a cache keyed by the text, never by a time stamp).
    Raises on syntax errors."""
    return _load(path.read_text(encoding="utf-8"))


#: (id of the BibliographyData, what, key) -> (that data, the value): pages cite the same
#: sources, so each is formatted once per .bib content (load() gives one object per content).
_per_source: dict[tuple[int, str, str], tuple[BibliographyData, Any]] = {}


def per_source(data: BibliographyData, key: str, what: str, make: Callable[[BibliographyData, str], T]) -> T:
    """`make(data, key)`, computed once per source and .bib content and then shared between
    callers (so never change what it returns); `what` names the kind of value."""
    cached = _per_source.get((id(data), what, key))
    if cached is not None and cached[0] is data:
        return cached[1]
    if len(_per_source) > 4096:
        _per_source.clear()
    value = make(data, key)
    _per_source[(id(data), what, key)] = (data, value)
    return value


def reference(data: BibliographyData, key: str) -> Reference:
    """The display fields of one entry (a frozen Reference, shared between callers)."""
    return per_source(data, key, "reference", _reference)


def _reference(data: BibliographyData, key: str) -> Reference:
    entry = data.entries[key]
    f = entry.fields
    people = entry.persons.get("author", [])
    # "van Hees" keeps its "van"; BibTeX's "and others" is pybtex's person "others".
    names = [" ".join(p.prelast_names + p.last_names) for p in people]
    others = bool(names) and names[-1].lower() == "others"
    names = [n for n in names if n.lower() != "others"]
    authors = _plain(author_list(names, others, ENGLISH_NAMES)) or _plain(f.get("author", ""))
    container = f.get("journal") or f.get("publisher") or f.get("note") or ""
    return Reference(
        key=key,
        type=entry.type,
        title=_plain(f.get("title", "")),
        authors=authors,
        year=f.get("year", ""),
        container=_plain(container),
        doi=f.get("doi"),
        url=f.get("url"),
    )


#: A fence line of a fenced code block (``` or ~~~, possibly indented in a list).
_FENCE = re.compile(r"[ \t>]*(`{3,}|~{3,})")
#: An inline code span: a run of backticks up to the next run of the same length, within
#: one paragraph (it may wrap over lines, as Markdown allows).
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)((?:(?!\n[ \t>]*\n)[\s\S])+?)(?<!`)\1(?!`)")
#: A blank line: a citation block never spans paragraphs.
_BLANK_LINE = re.compile(r"\n[ \t>]*\n")
#: What may stand between the words of a citation that wraps: a line break, the indentation
#: of a list item or admonition, and the ">" of a quotation's next line.
_WRAP = re.compile(r"[ \t]*\n[ \t>]*")


def _without_code(markdown: str) -> str:
    """`markdown` with fenced code blocks and inline code spans blanked out (same length, same
    line breaks), since mkdocs-bibtex would otherwise rewrite what is written in them."""
    lines = markdown.split("\n")
    fence: str | None = None
    for number, line in enumerate(lines):
        marker = _FENCE.match(line)
        if marker and (fence is None or marker.group(1).startswith(fence)):
            fence = marker.group(1)[0] * 3 if fence is None else None
            lines[number] = " " * len(line)
        elif fence is not None:
            lines[number] = " " * len(line)
    text = "\n".join(lines)
    return _CODE_SPAN.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def citation_spans(markdown: str) -> list[tuple[int, int, int, str]]:
    """Every (start, end, line number, block) of a "[...@...]" block in Markdown, outside code.

    A block may wrap over lines inside one paragraph or list item (`[@a;` then `@b]` on the
    next line): it is found all the same, at the line where it starts, with its text as
    written. `one_line()` gives the form mkdocs-bibtex can read.
    """
    text = _without_code(markdown)
    found = []
    for match in CITATION_BLOCK.finditer(text):
        block = match.group(0)
        if _BLANK_LINE.search(block):
            continue
        line = text.count("\n", 0, match.start()) + 1
        found.append((match.start(), match.end(), line, markdown[match.start():match.end()]))
    return found


def one_line(block: str) -> str:
    """A citation block written over several lines, on one line: `[@a;\\n  @b]` -> `[@a; @b]`.

    mkdocs-bibtex finds a citation only within one line and leaves a wrapped one as raw text."""
    return _WRAP.sub(" ", block)


def citation_blocks(markdown: str) -> list[tuple[int, str]]:
    """Every (line number, "[...@...]" block) in Markdown, outside code, each on one line.

    Fenced code blocks and inline code spans are skipped, since mkdocs-bibtex would
    otherwise rewrite them. A block wrapped over lines is given at the line where it starts.
    """
    return [(line, one_line(block)) for _start, _end, line, block in citation_spans(markdown)]


def cited_keys(markdown: str) -> list[tuple[int, str]]:
    """Every (line number, key) cited with [@key] in Markdown, outside code.

    Keys are returned as written, so malformed ones can be reported. Link text such as
    [write to info@example.org](mailto:...) is not a citation: "@" must not follow a word.
    """
    return [(number, key) for number, block in citation_blocks(markdown) for key in CITED_KEY.findall(block)]


def citation_extras(block: str) -> str:
    """Words in a citation block besides its keys, e.g. "see" and "p. 3" in [see @a, p. 3]."""
    rest = CITED_KEY.sub("", block[1:-1])
    return " ".join(re.sub(r"[;,]", " ", rest).split())


#: The `language` field of a .bib entry, as a language code. An entry without one is English.
LANGUAGE_CODES = {"english": "en", "spanish": "es", "español": "es", "en": "en", "es": "es"}


def language_of(fields) -> str:
    """The code of the language a source is written in ("en" when the entry does not say)."""
    return LANGUAGE_CODES.get(str(fields.get("language", "english")).strip("{} ").lower(), "en")
