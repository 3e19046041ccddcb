"""Key points: the 3 to 5 plain sentences that open every reader page (issue 21).

An editor writes them right after the page's `# Title` line, in an admonition of the type
`key-points` labelled with the language's `key_points` string (docs/includes/strings/<code>.yml,
so a new language needs no code), holding nothing but a list:

    # What is IPT?

    !!! key-points "Key points"

        - IPT is a talking therapy for depression with a set number of sessions [@weissman2018guide].
        - ...

This module knows the rules; scripts/hooks/key_points.py applies them to every reader page
(front matter without `kind: site`) in every language, and the embed kit (scripts/embed/)
publishes the points.

- `check()` reads a page's Markdown (front matter included, so line numbers are the file's)
  and returns every problem with the block, by line, in words an editor can act on.
- `block()` finds the block in the page's built HTML; `reading()` measures its text with the
  site's own formulas (scripts/readability.py, scripts/readability_es.py: the same figures as
  "Evidence at a glance"), and `reading_problem()` says when it reads too hard, naming the
  hardest point.

Writers can check a page as they write it:

    .venv/bin/python -m scripts.key_points docs/es/what-is-ipt.md
"""
from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from scripts import readability, readability_es
from scripts.html_tree import Element, parse

#: The admonition type, and the key of its label in docs/includes/strings/<code>.yml.
TYPE = "key-points"
LABEL_KEY = "key_points"
FEWEST, MOST = 3, 5


@dataclass(frozen=True)
class Gate:
    """How hard one language's key points may read, by the site's own formula."""

    figure: str                               # its name in messages: "US grade", "INFLESZ"
    limit: float
    higher_is_harder: bool                    # a grade: higher is harder; a reading ease: lower
    measure: Callable[[list[str]], float]     # prose blocks -> the figure
    tool: str                                 # the module that computes it

    def passes(self, value: float) -> bool:
        return value <= self.limit if self.higher_is_harder else value >= self.limit

    def hardest(self, scored: list[tuple[float, str]]) -> tuple[float, str]:
        return (max if self.higher_is_harder else min)(scored, key=lambda pair: pair[0])


#: English: Flesch-Kincaid grade 6 or lower. Spanish: INFLESZ 70 or higher. A language with no
#: formula of its own is measured as English, like the rest of its pages (see README, "Languages").
ENGLISH = Gate("US grade", 6.0, True, lambda blocks: readability.measure_text(blocks).fk_grade,
               "scripts/readability.py")
GATES = {"es": Gate("INFLESZ", 70.0, False, lambda blocks: readability_es.measure_text(blocks).inflesz,
                    "scripts/readability_es.py")}


def gate(language: str) -> Gate:
    return GATES.get(language, ENGLISH)


@dataclass(frozen=True)
class Problem:
    line: int
    message: str


@dataclass
class Block:
    """The key points block as written: the line of `!!! key-points` and each point's text."""

    line: int
    points: list[str] = field(default_factory=list)


_FENCE = re.compile(r"^\s*(`{3,}|~{3,})")
_TITLE = re.compile(r"^#\s+\S")
_ADMONITION = re.compile(r"^(?P<indent>[ \t]*)(?P<marker>!!!|\?\?\?\+?)[ \t]*(?P<rest>.*)$")
_NEAR_TYPE = re.compile(r"^key[-_ ]?points?$", re.I)
_OTHER_MARKER = re.compile(r"^(?:[*+]|\d+[.)])(?:\s|$)")
_NESTED = re.compile(r"^\s+(?:[-*+]|\d+[.)])(?:\s|$)")


def _body_start(lines: list[str]) -> int:
    """The index of the first line after the front matter (0 when there is none)."""
    if lines and lines[0].strip() == "---":
        for i in range(1, len(lines)):
            if lines[i].strip() in ("---", "..."):
                return i + 1
    return 0


def _kind_and_label(rest: str) -> tuple[str, str | None]:
    """`key-points "Key points"` -> ("key-points", "Key points"); no quotes -> label None."""
    quote = rest.find('"')
    if quote == -1:
        return rest.strip(), None
    end = rest.find('"', quote + 1)
    return rest[:quote].strip(), rest[quote + 1: end if end != -1 else None]


def _syntax(label: str) -> str:
    return f'!!! {TYPE} "{label}"'


def check(markdown: str, label: str, strings_file: str = "docs/includes/strings/en.yml") -> tuple[list[Problem], Block | None]:
    """Every problem with the key points of one reader page, and the block as written (None
    when the page has none). `label` is the page language's label; `strings_file` is where
    it comes from, named in the message about a wrong label."""
    lines = markdown.split("\n")
    problems: list[Problem] = []
    title: int | None = None
    openers: list[tuple[int, re.Match[str], str | None]] = []
    fence: str | None = None
    for i in range(_body_start(lines), len(lines)):
        line = lines[i]
        marker = _FENCE.match(line)
        if marker and (fence is None or line.strip().startswith(fence)):
            fence = marker.group(1)[0] * 3 if fence is None else None
            continue
        if fence is not None:
            continue
        if title is None and _TITLE.match(line):
            title = i
        admonition = _ADMONITION.match(line)
        if not admonition:
            continue
        kind, written = _kind_and_label(admonition.group("rest"))
        if kind == TYPE and admonition.group("marker") == "!!!":
            openers.append((i, admonition, written))
        elif _NEAR_TYPE.match(kind) or kind == TYPE or (written or "").strip().casefold() == label.casefold():
            problems.append(Problem(i + 1, f"write the key points block exactly as {_syntax(label)} "
                                           f"(this line is {line.strip()!r}): the type is {TYPE}, after three "
                                           "exclamation marks, so it is always open and styled as key points."))

    if not openers:
        if not problems:  # a near miss was reported already
            problems.append(Problem((title if title is not None else _body_start(lines)) + 1,
                                    f"no key points: right after the \"# Title\" line, write {_syntax(label)} "
                                    f"and under it {FEWEST} to {MOST} points, each on a line indented by 4 spaces "
                                    "that starts with \"- \" (see CONTRIBUTING.md, \"Key points\")."))
        return sorted(problems, key=lambda p: p.line), None

    first, admonition, written = openers[0]
    for extra, _, _ in openers[1:]:
        problems.append(Problem(extra + 1, "a second key points block: a page has one, right after its title. "
                                           "Move these points into the first block (line "
                                           f"{first + 1}) or delete them."))
    if title is None:
        problems.append(Problem(first + 1, "the page has no \"# Title\" line: write it (one # and a space) "
                                           "just above the key points."))
    else:
        after = next((j for j in range(title + 1, len(lines)) if lines[j].strip()), None)
        if after != first:
            between = f", above \"{lines[after].strip()[:50]}\" (line {after + 1})" if after is not None and after < first else ""
            problems.append(Problem(first + 1, f"the key points must come first, right after the \"# Title\" line "
                                               f"(line {title + 1}): move this block up{between}."))
    if admonition.group("indent"):
        problems.append(Problem(first + 1, f"{_syntax(label)} must start at the beginning of the line: "
                                           "remove the spaces before it."))
    if written != label:
        said = "no label" if written is None else f"the label \"{written}\""
        problems.append(Problem(first + 1, f"the key points block has {said}; on this page it must be \"{label}\" "
                                           f"(the words in {strings_file}): write {_syntax(label)}"))

    block = Block(first + 1)
    starts: list[int] = []
    gap = False
    for j in range(first + 1, len(lines)):
        raw = lines[j].replace("\t", "    ")
        if not raw.strip():
            gap = True
            continue
        if not raw.startswith("    "):
            break  # the block ends at the first line that is not indented
        text = raw[4:]
        if text.startswith("- ") or text.rstrip() == "-":
            block.points.append(text[2:].strip())
            starts.append(j + 1)
            if not block.points[-1]:
                problems.append(Problem(j + 1, "an empty point: write a sentence after \"- \", or delete the line."))
        elif _OTHER_MARKER.match(text):
            block.points.append(re.sub(r"^\S+\s*", "", text).strip())
            starts.append(j + 1)
            problems.append(Problem(j + 1, "start each point with \"- \" (a dash and a space), so the points "
                                           "make one list."))
        elif block.points and _NESTED.match(text):
            problems.append(Problem(j + 1, "a list inside a point: each point is one or two sentences on a line "
                                           "of its own. Make this a point of its own, or move it below the block."))
        elif block.points and text[:1].isspace() and gap:
            problems.append(Problem(j + 1, "a point with a second paragraph: keep each point to one or two "
                                           "sentences, with no blank line inside it."))
        elif block.points and (text[:1].isspace() or not gap):
            block.points[-1] = f"{block.points[-1]} {text.strip()}".strip()  # a point written on two lines
        else:
            problems.append(Problem(j + 1, "only the list of points goes in the key points block: start this "
                                           "line with \"- \" to make it a point, or move it below the block "
                                           "(not indented)."))
        gap = False
    count = len(block.points)
    if count == 0:
        problems.append(Problem(first + 1, f"the key points block is empty: write {FEWEST} to {MOST} points under "
                                           "it, each on a line indented by 4 spaces that starts with \"- \"."))
    elif count < FEWEST:
        problems.append(Problem(first + 1, f"the key points block has {count} point{'s' if count > 1 else ''}: "
                                           f"write {FEWEST} to {MOST}, the page's answer first."))
    elif count > MOST:
        problems.append(Problem(starts[MOST], f"the key points block has {count} points: keep the {MOST} that "
                                              f"matter most (at most {MOST}), and leave the rest to the page."))
    return sorted(problems, key=lambda p: p.line), block


# --- the built page ---------------------------------------------------------------------------
def block(page: str | Element) -> Element | None:
    """The key points block (`div.admonition.key-points`, a child of the article) of a page's
    HTML or parsed tree, or None. A tree parsed here is shared with the other hooks
    (scripts/html_tree.py): read it only."""
    for child in (parse(page) if isinstance(page, str) else page).children:
        if isinstance(child, Element) and child.name == "div" and TYPE in child.classes and "admonition" in child.classes:
            return child
    return None


def prose(element: Element) -> list[str]:
    """The text of each point as the reading figures see it: citation markers and the label left out."""
    return readability.element_blocks(element)


def reading(points: list[str], language: str) -> dict:
    """The block's figure (`score`) and its hardest point (`hardest`: [figure, text]), JSON-ready."""
    measure = gate(language).measure
    scored = [(round(measure([point]), 1), point) for point in points]
    hardest = gate(language).hardest(scored) if scored else (0.0, "")
    return {"score": measure(points), "hardest": list(hardest)}


def reading_problem(figures: dict, language: str) -> str | None:
    """What to tell the editor when the key points read too hard; None when they pass."""
    rule = gate(language)
    score = figures["score"]
    if rule.passes(score):
        return None
    need = f"{rule.limit:g} or lower" if rule.higher_is_harder else f"{rule.limit:g} or higher"
    hard, text = figures["hardest"]
    return (f"the key points read at {rule.figure} {score:.1f}; they need {need} (measured like the page's "
            f"reading level, {rule.tool}). Use shorter sentences and everyday words, first in the hardest "
            f"point ({rule.figure} {hard:.1f}): \"{text}\"")


# --- for writers: python -m scripts.key_points docs/<page>.md ---------------------------------
def _plain(markdown_point: str) -> str:
    """A point's Markdown as readers see its words: no citations, link targets or emphasis."""
    text = re.sub(r"\s*\[@[^\]]*\]", "", markdown_point)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return re.sub(r"[*_`]+", "", text).strip()


def main(paths: list[str]) -> int:
    from mkdocs.utils.meta import get_data

    from scripts.languages import STRINGS_DIR, strings

    status = 0
    for name in paths:
        path = Path(name)
        parts = path.resolve().parts
        docs = max((i for i, part in enumerate(parts) if part == "docs"), default=len(parts))
        folder = parts[docs + 1] if docs + 2 < len(parts) else "en"   # docs/<code>/page.md
        code = folder if (STRINGS_DIR / f"{folder}.yml").is_file() else "en"
        text = path.read_text(encoding="utf-8")
        if get_data(text)[1].get("kind", "reader") != "reader":
            print(f"{name}: a page about the site (kind: site) needs no key points")
            continue
        label = strings(code)[LABEL_KEY]
        problems, found = check(text, label, f"docs/includes/strings/{code}.yml")
        for problem in problems:
            print(f"{name}:{problem.line}: {problem.message}")
        status |= bool(problems)
        if found and found.points:
            points = [_plain(p) for p in found.points]
            figures = reading(points, code)
            rule = gate(code)
            verdict = "ok" if rule.passes(figures["score"]) else "too hard"
            print(f"{name}: key points at {rule.figure} {figures['score']:.1f} ({verdict}; the limit is {rule.limit:g})")
            scored = sorted(((rule.measure([p]), p) for p in points), reverse=rule.higher_is_harder)
            for score, point in scored:   # hardest first
                print(f"  - ({rule.figure} {score:.1f}) {point}")
            status |= not rule.passes(figures["score"])
    return status


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m scripts.key_points",
        description="Check the key points of pages as the build does, and show how hard each point reads.")
    parser.add_argument("pages", nargs="+", metavar="PAGE", help="Markdown pages, e.g. docs/es/what-is-ipt.md")
    arguments = parser.parse_args()
    missing = [name for name in arguments.pages if not Path(name).is_file()]
    if missing:
        parser.error("no such page: " + ", ".join(missing))
    sys.exit(main(arguments.pages))
