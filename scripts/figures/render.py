"""A figure's HTML, and the stylesheet for the kinds of figure on a page.

The HTML goes into the page's Markdown in place of the line `<!-- figure: <id> -->`, before
mkdocs-bibtex runs, as one `<figure markdown="1">` block without blank lines: its children are
kept as written, and its caption (`markdown="span"`) is read as Markdown, so the sources
added at its end, `[@key]`, become the page's own numbered citations.

Every word is real text from the figure's file (or, for "26 in 100", from the language's
strings file): never drawn, so it can be read aloud, translated, selected and zoomed. The
drawing itself (dots, rings, arrows) is CSS on empty elements marked `aria-hidden`, and what
it shows is also said in words: screen readers get the figure as its title, its labelled
parts in order, and its caption.
"""
from __future__ import annotations

import html
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from scripts.figures.data import Figure

STYLE_PATH = Path(__file__).with_name("style.css")
#: Characters Markdown would read as formatting inside the caption.
_MARKDOWN = re.compile(r"([\\`*_\[\]])")


def _text(value: str) -> str:
    """Words for raw HTML: escaped, on one line."""
    return html.escape(" ".join(str(value).split()), quote=False)


def _caption_text(value: str) -> str:
    """Words for the caption, which Markdown reads: escaped for both."""
    return _MARKDOWN.sub(r"\\\1", _text(value))


def _steps(figure: Figure, strings: dict[str, Any]) -> str:
    items = []
    for step in figure.words["steps"]:
        points = "".join(f"<li>{_text(p)}</li>" for p in step["points"])
        css = "ipt-fig__step ipt-fig__step--optional" if step.get("optional") else "ipt-fig__step"
        items.append(f'<li class="{css}"><p><strong>{_text(step["name"])}</strong> '
                     f'<span>{_text(step["when"])}</span></p><ul>{points}</ul></li>')
    return '<ol class="ipt-fig__steps">' + "".join(items) + "</ol>"


def _cards(figure: Figure, strings: dict[str, Any]) -> str:
    items = []
    for card in figure.words["cards"]:
        term = f'<p class="ipt-fig__term">{_text(card["term"])}</p>' if card.get("term") else ""
        items.append(f'<li><p><strong>{_text(card["name"])}</strong></p><p>{_text(card["text"])}</p>{term}</li>')
    return '<ul class="ipt-fig__cards">' + "".join(items) + "</ul>"


def _loop(figure: Figure, strings: dict[str, Any]) -> str:
    (first, second), (forth, back) = figure.words["nodes"], figure.words["links"]
    return ('<div class="ipt-fig__loop">'
            f'<p class="ipt-fig__node">{_text(first)}</p>'
            f'<p class="ipt-fig__link">{_text(forth)}</p>'
            f'<p class="ipt-fig__node">{_text(second)}</p>'
            f'<p class="ipt-fig__link ipt-fig__link--back">{_text(back)}</p></div>')


def _circle(figure: Figure, strings: dict[str, Any]) -> str:
    rings = []
    for ring in figure.words["rings"]:
        people = "".join(f"<li>{_text(p)}</li>" for p in ring["people"])
        rings.append(f'<li><p class="ipt-sr-only">{_text(ring["name"])}:</p><ul>{people}</ul></li>')
    return ('<div class="ipt-fig__circle">'
            f'<p class="ipt-fig__centre">{_text(figure.words["centre"])}</p>'
            f'<ol class="ipt-fig__rings ipt-fig__rings--{len(rings)}">' + "".join(rings) + "</ol></div>")


def _icons(figure: Figure, strings: dict[str, Any]) -> str:
    groups = []
    for group in figure.groups:
        filled = figure.shown_in_100(group)
        count = f' <span>{_text(strings["figure_in_100"].format(n=filled))}</span>'
        if "people" in group:
            count += f' <span>{_text(strings["figure_people"].format(people=group["people"], of=group["of"]))}</span>'
        dots = "<b></b>" * filled + "<i></i>" * (100 - filled)
        groups.append(f'<div class="ipt-fig__group"><p><strong>{_text(figure.words["groups"][group["id"]])}</strong>'
                      f'{count}</p><div class="ipt-fig__dots" aria-hidden="true">{dots}</div></div>')
    return '<div class="ipt-fig__groups">' + "".join(groups) + "</div>"


BODIES = {"steps": _steps, "cards": _cards, "loop": _loop, "circle": _circle, "icons": _icons}


def caption(figure: Figure) -> str:
    """The caption's sentences (for results, also when they were measured, who is counted and
    whether the difference could be chance), with the sources cited in its last sentence."""
    words = figure.words
    parts = [words["caption"]] + [words[k] for k in ("measured", "counted", "chance") if k in words]
    text = " ".join(_caption_text(p) for p in parts)
    cite = " [" + "; ".join(f"@{key}" for key in figure.cite) + "]"
    return text[:-1] + cite + text[-1] if text[-1] in ".!?" else text + cite + "."


def figure_html(figure: Figure, strings: dict[str, Any]) -> str:
    """The figure as one block of HTML for a page's Markdown (no blank lines)."""
    anchor = f"figure-{figure.id}"
    return "\n".join([
        f'<figure class="ipt-fig ipt-fig--{figure.kind}" id="{anchor}" aria-labelledby="{anchor}-title" markdown="1">',
        f'<p class="ipt-fig__title" id="{anchor}-title">{_text(figure.words["title"])}</p>',
        BODIES[figure.kind](figure, strings),
        f'<figcaption markdown="span">{caption(figure)}</figcaption>',
        "</figure>",
    ])


@lru_cache(maxsize=1)
def _sections() -> dict[str, str]:
    """style.css split at its `/* == kind == */` headings, each minified ("" is the shared part)."""
    css = STYLE_PATH.read_text(encoding="utf-8")
    parts = re.split(r"/\* == (\w+) == \*/", css)
    sections = {"": parts[0]} | dict(zip(parts[1::2], parts[2::2]))
    return {name: minify(text) for name, text in sections.items()}


def minify(css: str) -> str:
    """Comments and extra spaces out of style.css (which has no url() and no string with
    spaces or punctuation that this would change)."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    css = re.sub(r"\s+", " ", css)
    css = re.sub(r"\s*([{}:;,>])\s*", r"\1", css)
    return css.replace(";}", "}").strip()


def stylesheet(kinds: set[str]) -> str:
    """The CSS for a page showing figures of these kinds: the shared rules, then each kind's."""
    sections = _sections()
    missing = kinds - sections.keys()
    if missing:
        raise KeyError(f"{STYLE_PATH} has no section for {', '.join(sorted(missing))}")
    return sections[""] + "".join(sections[k] for k in sorted(kinds))
