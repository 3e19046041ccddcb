"""The reference style of the pages' reference lists, in the page's language (issue 24).

mkdocs-bibtex formats each reference with pybtex's "plain" style, which writes its own English
words between a source's details: "Markowitz, and Gerald L. Klerman", "Shea and others",
"In … editors", "volume 2 of …", "pages 1–9", "URL: … (visited on …)", month names. On a Spanish
page they must be Spanish. `LocalStyle` is the plain style itself, with each of those words
taken from `reference_words` (and `months`) in docs/includes/strings/<lang>.yml: it walks the
plain style's templates and swaps each word it writes (never a source's own title, names or
journal, which are data, not template words). With the English strings it writes exactly what
the plain style writes (tests/test_reference_words.py).
"""
from __future__ import annotations

import json
from typing import Any, Mapping

from pybtex.richtext import Text
from pybtex.style import FormattedEntry
from pybtex.style.formatting.plain import Style as PlainStyle
from pybtex.style.template import Node

#: Every word the plain style writes itself (pybtex 0.26), and its key in `reference_words`.
#: "Volume"/"Number" start a sentence: the word with a capital first letter.
TEMPLATE_WORDS: dict[str, str] = {
    " and ": "and_two",          # names: between two
    ", and ": "and_last",        # names: before the last of three or more
    "In": "in_book",
    "editor": "editor",
    "editors": "editors",
    "Volume": "volume",
    "volume": "volume",
    "of": "of_series",
    "Number": "number",
    "number": "number",
    "in": "in_series",
    "chapter": "chapter",
    "pages": "pages",
    "edition": "edition",
    "Master's thesis": "masters_thesis",
    "PhD thesis": "phd_thesis",
    "Technical Report": "technical_report",
    "URL:": "url",
    " (visited on ": "visited_on",
}
#: Words of `reference_words` used outside the templates: BibTeX's "and others" as a name, and
#: "et al." on the References page (scripts/hooks/reference_list.py).
OTHER_WORDS = ("others", "et_al")
#: Month names as pybtex reads them from a .bib file (`month = mar`).
ENGLISH_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
                  "October", "November", "December")


def missing_words(words: Mapping[str, Any]) -> list[str]:
    """The keys of `reference_words` that `words` (a language's strings) lacks."""
    have = words.get("reference_words") or {}
    return sorted({*TEMPLATE_WORDS.values(), *OTHER_WORDS} - set(have))


def _local(literal: str, words: Mapping[str, str]) -> str:
    word = words[TEMPLATE_WORDS[literal]]
    if literal == " (visited on ":
        return f" ({word} "
    if literal in ("Volume", "Number"):  # the same word, starting a sentence
        return word[:1].upper() + word[1:]
    return word


class LocalStyle(PlainStyle):
    """pybtex's plain style, writing its words in the page's language."""

    def __init__(self, strings: Mapping[str, Any], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        missing = missing_words(strings)
        if missing:
            raise ValueError(f"reference_words has no {', '.join(missing)}")
        self.words: dict[str, str] = dict(strings["reference_words"])
        self.months = dict(zip(ENGLISH_MONTHS, strings.get("months") or ENGLISH_MONTHS))
        name = self.format_name

        def format_name(person, abbr=False):  # BibTeX's "and others" is a person called "others"
            return self.words["others"] if str(person) == "others" else name(person, abbr)

        self.format_name = format_name

    def _month(self, text: Text) -> Text:
        return Text(self.months.get(str(text), str(text)))

    def _translate(self, node: Any) -> Any:
        """A copy of a template with each of the style's own words in the page's language."""
        if isinstance(node, str):
            return _local(node, self.words) if node in TEMPLATE_WORDS else node
        if not isinstance(node, Node):
            return node
        copy = node._clone()
        copy.children = [self._translate(child) for child in node.children]
        copy.kwargs = {k: self._translate(v) if isinstance(v, str) else v for k, v in node.kwargs.items()}
        if node.name in ("field", "optional_field") and node.args[:1] == ["month"]:
            copy.kwargs["apply_func"] = self._month
        return copy

    def format_entry(self, label, entry, bib_data=None):
        """BaseStyle.format_entry, on the translated template."""
        template = getattr(self, f"get_{entry.type}_template", None)
        if template is None:  # a type formatted without a template
            return super().format_entry(label, entry, bib_data)
        context = {"entry": entry, "style": self, "bib_data": bib_data}
        return FormattedEntry(entry.key, self._translate(template(entry)).format_data(context), label)


_styles: dict[str, LocalStyle] = {}


def style_for(strings: Mapping[str, Any]) -> LocalStyle:
    """The LocalStyle of a language's strings, made once per process (pybtex looks its name,
    label and sorting styles up among installed packages: ~35 ms a style)."""
    key = json.dumps([strings.get("reference_words"), strings.get("months")], sort_keys=True)
    if key not in _styles:
        _styles[key] = LocalStyle(strings)
    return _styles[key]


#: How the API's and the structured data's citations join names: English, as schema.org data.
ENGLISH_NAMES = {"and_two": " and ", "et_al": "et al."}


def author_list(names: list[str], others: bool, words: Mapping[str, str]) -> str:
    """Surnames as the References page and the API write them: 'Smith', 'Smith and Jones',
    'Smith et al.' (three or more, or authors not all named), in the language of `words`
    (a language's `reference_words`)."""
    if len(names) > 2 or (others and names):
        return f"{names[0]} {words['et_al']}"
    return words["and_two"].join(names)
