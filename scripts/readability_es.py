"""Reading ease of Spanish pages: the INFLESZ scale, computed offline.

INFLESZ (Barrio-Cantalejo et al., 2008) reads the Szigriszt-Pazos perspicuity score

    P = 206.835 - 62.3 * syllables / words - words / sentences

on five bands (see ``BANDS``). Spanish reader pages must score at least 65, "bastante fácil"
(tests/test_readability_es.py).

Syllables are counted by rule, not by hyphenation. pyphen's Spanish patterns give hyphenation
points, which miss one-letter syllables at a word's edge (a-mi-go) and every hiatus (dí-a,
pa-ís): about 13% too few on a checked word list, enough to lift a page one band. Spanish
spelling is regular enough for a small counter:

- a syllable is a run of vowels, split where two strong vowels meet (le-er, po-e-ta) or where
  a weak vowel carries an accent (dí-a, pa-ís, ba-úl);
- weak vowels (i, u, ü, and y at the end of a word or before a consonant) join their
  neighbours (cui-da-do, hoy, muy);
- the u of "que", "qui", "gue", "gui" is silent (gui-sar, que-rer); "ü" is spoken (pin-güi-no).

The prose measured is the same as in English (``scripts.readability.prose_blocks``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from scripts.readability import prose_blocks

#: (lowest score, band): INFLESZ bands as Barrio-Cantalejo (2008) gives them.
BANDS = ((80.0, "muy fácil"), (65.0, "bastante fácil"), (55.0, "normal"),
         (40.0, "algo difícil"), (float("-inf"), "muy difícil"))

_STRONG = set("aeoáéó")
_ACCENTED_WEAK = set("íú")
_VOWELS = set("aeiouáéíóúü")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]»”]*\s+(?=[¿¡\"'(«“A-ZÁÉÍÓÚÑ0-9])")
_WORD = re.compile(r"[A-Za-zÁÉÍÓÚÜÑáéíóúüñ]+|\d+(?:[.,]\d+)*")


def band(score: float) -> str:
    """The INFLESZ band of a score, in Spanish ("bastante fácil")."""
    return next(name for low, name in BANDS if score >= low)


def inflesz(words: int, sentences: int, syllables: int) -> float:
    """Szigriszt-Pazos perspicuity, read on the INFLESZ scale."""
    if words == 0 or sentences == 0:
        return 0.0
    return 206.835 - 62.3 * syllables / words - words / sentences


def _letters(word: str) -> str:
    """The word's sounded letters: silent u dropped, y as a vowel where it is one."""
    w = word.lower()
    w = re.sub(r"(?<=q)u", "", w)                      # que, qui: the u is silent
    w = re.sub(r"(?<=g)u(?=[eéií])", "", w)             # gue, gui (but güe, güi keep it)
    # y is a vowel at the end of a word (hoy, muy, y) or before a consonant (rare: "ysla").
    w = re.sub(r"y(?=$|[^aeiouáéíóúü])", "i", w)
    return w


@lru_cache(maxsize=20000)
def syllables(word: str) -> int:
    """Syllables in one Spanish word (numbers count as one syllable per two digits)."""
    if word[0].isdigit():
        return max(1, len(re.sub(r"\D", "", word)) // 2)
    letters = _letters(word)
    count = 0
    previous = ""
    for ch in letters:
        if ch in _VOWELS:
            if not previous:
                count += 1                       # a new vowel run: a new syllable
            elif ((previous in _STRONG and ch in _STRONG)
                  or previous in _ACCENTED_WEAK or ch in _ACCENTED_WEAK):
                count += 1                       # hiatus: the run splits here
            previous = ch
        else:
            previous = ""
    return max(1, count)


@dataclass
class Sentence:
    text: str
    words: int
    syllables: int

    @property
    def score(self) -> float:
        """This sentence's INFLESZ score alone (used to rank the hardest sentences)."""
        return inflesz(self.words, 1, self.syllables)


@dataclass
class Readability:
    """Reading figures of one Spanish page's prose."""

    sentences: list[Sentence] = field(default_factory=list)

    @property
    def words(self) -> int:
        return sum(s.words for s in self.sentences)

    @property
    def syllables(self) -> int:
        return sum(s.syllables for s in self.sentences)

    @property
    def inflesz(self) -> float:
        return round(inflesz(self.words, len(self.sentences), self.syllables), 1)

    @property
    def band(self) -> str:
        return band(self.inflesz)

    def hardest(self, count: int = 3) -> list[Sentence]:
        """The sentences that pull the score down most, hardest first."""
        return sorted(self.sentences, key=lambda s: s.score)[:count]


def measure_text(blocks: list[str]) -> Readability:
    result = Readability()
    for block in blocks:
        for part in _SENTENCE_END.split(block):
            words = _WORD.findall(part)
            if words:
                result.sentences.append(Sentence(part.strip(), len(words), sum(syllables(w) for w in words)))
    return result


def measure_html(html: str) -> Readability:
    """Reading figures of the prose in a Spanish article's HTML."""
    return measure_text(prose_blocks(html))


def measure_markdown(markdown: str) -> Readability:
    """A quick estimate from Markdown, for writers (the gate measures the built page):
    front matter, headings, tables, code, citations, HTML comments and link targets removed."""
    text = re.sub(r"\A---\n.*?\n---\n", "", markdown, flags=re.S)
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    text = re.sub(r"```.*?```", "", text, flags=re.S)
    blocks = []
    for para in re.split(r"\n\s*\n", text):
        lines = [ln for ln in para.splitlines()
                 if not re.match(r"\s*(#|\||\*\[|!!!|\?\?\?|<|\{)", ln)]
        if not lines:
            continue
        body = " ".join(lines)
        body = re.sub(r"\[@[^\]]*\]", "", body)
        body = re.sub(r"\]\([^)]*\)", "]", body)
        body = re.sub(r"\{[^}]*\}", "", body)
        body = re.sub(r"^\s*([-*]|\d+\.)\s+", "", body)
        blocks.extend(b for b in re.split(r"\s+(?:[-*]|\d+\.)\s+", body) if b.strip())
    return measure_text(blocks)


if __name__ == "__main__":   # python -m scripts.readability_es docs/es/page.md ...
    import sys

    for path in sys.argv[1:]:
        with open(path, encoding="utf-8") as f:
            r = measure_markdown(f.read())
        print(f"{path}: INFLESZ {r.inflesz} ({r.band}), {r.words} words, {len(r.sentences)} sentences")
        for s in r.hardest(3):
            print(f"  - ({s.score:.0f}) {s.text}")
