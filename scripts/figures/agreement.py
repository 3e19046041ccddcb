"""A results figure and the text beside it say the same thing, from the same source.

A figure of results (`kind: icons`) draws numbers that a reader will also read in the
sentence next to it. Both must come from one place: the figure's file holds each group's
`percent` and the source's key (`cite`); the paragraph (or list) right before the line
`<!-- figure: ... -->`, or the one right after it, must state every one of those percentages
and cite every one of those keys. If an editor changes a number or a source in the text, in
the figure, or in neither when the source changes, the build stops and names both places.

A percentage counts as stated when the text has it written as a percentage in either
language's style: "37.5%", "37,5 %", "26%", "26 %".
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from scripts.bibliography import CITATION_BLOCK, CITED_KEY
from scripts.figures.data import Figure


@dataclass(frozen=True)
class Block:
    """A paragraph or a list: consecutive non-blank lines of a page, 1-based and inclusive."""

    first: int
    last: int
    text: str

    @property
    def lines(self) -> str:
        return str(self.first) if self.first == self.last else f"{self.first}-{self.last}"


def _is_text(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith(("#", "<!--", "```", "~~~"))


def blocks_beside(lines: list[str], index: int) -> list[Block]:
    """The block of text right before line `index` (0-based) and the one right after it,
    across blank lines, when they are text (not a heading, a marker or a code fence)."""
    found: list[Block] = []
    for step in (-1, 1):
        i = index + step
        while 0 <= i < len(lines) and not lines[i].strip():
            i += step
        if not (0 <= i < len(lines)) or not _is_text(lines[i]):
            continue
        j = i
        while 0 <= j + step < len(lines) and lines[j + step].strip():
            j += step
        first, last = sorted((i, j))
        found.append(Block(first + 1, last + 1, "\n".join(lines[first:last + 1])))
    return found


def percent_pattern(value: float) -> re.Pattern[str]:
    """A percentage as text in English or Spanish style: 37.5% or 37,5 %."""
    digits = format(Decimal(str(value)).normalize(), "f")
    whole, _, decimals = digits.partition(".")
    number = re.escape(whole) + (rf"[.,]{re.escape(decimals)}" if decimals else "")
    return re.compile(rf"(?<![\d.,]){number}[ \u00a0\u202f]?%")


def cited(text: str) -> set[str]:
    """The keys cited in some Markdown, in lower case."""
    return {key.lower() for block in CITATION_BLOCK.findall(text) for key in CITED_KEY.findall(block)}


def check(figure: Figure, page: str, lines: list[str], index: int) -> list[str]:
    """Problems with the text beside `figure`, placed at line `index` (0-based) of `page`."""
    if figure.kind != "icons":
        return []
    at = f"{page}:{index + 1}"
    blocks = blocks_beside(lines, index)
    if not blocks:
        return [f"{at}: the figure `{figure.id}` shows results, but there is no paragraph right before or after "
                "it. Put the sentence that gives its numbers, with its source, right next to it."]
    text = "\n".join(b.text for b in blocks)
    beside = " and ".join(f"line{'s' if b.first != b.last else ''} {b.lines}" for b in blocks)
    problems = []
    for n, group in enumerate(figure.groups):
        if not percent_pattern(group["percent"]).search(text):
            name = figure.words["groups"][group["id"]]
            problems.append(
                f"{at}: the figure `{figure.id}` shows {group['percent']}% for \"{name}\" "
                f"({figure.path}:{figure.line('groups', n, 'percent')}), but the text beside it ({beside}) "
                f"does not say {group['percent']}%. The text and the figure must give the same numbers "
                "from the same source: correct whichever is wrong.")
    keys = cited(text)
    for n, key in enumerate(figure.cite):
        if key.lower() not in keys:
            problems.append(
                f"{at}: the figure `{figure.id}` takes its numbers from [@{key}] "
                f"({figure.path}:{figure.line('cite', n)}), but the text beside it ({beside}) does not cite "
                f"[@{key}]. Cite the same source in both, or correct the one that is wrong.")
    return problems
