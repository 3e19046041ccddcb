"""Render the full bibliography on the References page.

`docs/references.md` holds a marker line, `<!-- full-bibliography -->`. This hook replaces
it with every entry of `bibliography.bib`, grouped by kind of source and sorted by first
author, each with a DOI (or web) link and an id `ref-<key>` so any page can link to it
as `references.md#ref-<key>`.

mkdocs-bibtex's own `\\full_bibliography` is not used: it writes back-links to citations
that do not exist on this page, which fails the build's anchor check.

The list is written as HTML (escaped), so nothing in a title can be read as Markdown or
as a citation. Problems are logged as warnings, so `mkdocs build --strict` stops on them.
"""
from __future__ import annotations

import dataclasses
import html
import logging
import re
import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # make `scripts` importable
from scripts.bibliography import Reference, _plain, language_of, load, reference  # noqa: E402
from scripts.reference_style import ENGLISH_NAMES, author_list  # noqa: E402
from pybtex.database import Entry  # noqa: E402

log = logging.getLogger("mkdocs.hooks.reference_list")

#: The page that shows the list, and the line in it that the list replaces.
PAGE = "references.md"
MARKER = "<!-- full-bibliography -->"

#: Group headings in the order they are shown (Markdown h2, so they appear in the page's
#: table of contents with ids made from their words).
GROUPS: tuple[str, ...] = (
    "Reviews and meta-analyses",
    "Studies and other papers",
    "Books and manuals",
    "Guidelines and other sources",
)
#: Words in a journal article's title that mark it as a review of many studies.
REVIEW_WORDS = ("meta-analysis", "review")


def group_of(ref: Reference) -> str:
    """The heading an entry is listed under, by a simple rule on its type and title."""
    if ref.type == "book":
        return "Books and manuals"
    if ref.type == "article":
        title = ref.title.lower()
        if any(word in title for word in REVIEW_WORDS):
            return "Reviews and meta-analyses"
        return "Studies and other papers"
    return "Guidelines and other sources"


def authors_of(entry: Entry, fallback: str, words: dict) -> str:
    """'Smith', 'Smith and Jones' or 'Smith et al.' in the page's language (`words`: its
    reference_words), keeping prefixes such as 'van'. BibTeX's "and others" (authors not all
    known) also gives 'et al.'."""
    people = entry.persons.get("author", [])
    names = [_plain(" ".join(p.prelast_names + p.last_names)) for p in people]
    if not names:
        return fallback
    known = [name for name in names if name.lower() != "others"]
    return author_list(known, len(known) < len(names), words)


def sort_key(ref: Reference) -> tuple[str, str, str]:
    """First author, then year (undated last), then title (case-insensitive)."""
    return (ref.authors.lower(), ref.year or "~", ref.title.lower())


def details(fields: dict) -> str:
    """Volume, issue and pages of an article, e.g. '168(6), 581–592' ('' when absent)."""
    out = fields.get("volume", "")
    if out and fields.get("number"):
        out += f"({fields['number']})"
    pages = fields.get("pages", "").replace("--", "–")
    if pages:
        out = f"{out}, {pages}" if out else pages
    return out


def entry_html(ref: Reference, fields: dict, language_note: str = "") -> str:
    """One list item, e.g. 'Cuijpers et al. (2011). Title. <em>Journal</em>, 168(6). doi link'."""
    e = html.escape
    who = f"{e(ref.authors)} ({e(ref.year)})." if ref.year else f"{e(ref.authors)}."
    parts = [who, f"{e(ref.title.rstrip('.'))}."]
    if ref.container:
        where = f"<em>{e(ref.container)}</em>"
        extra = details(fields) if ref.type == "article" else ""
        parts.append(f"{where}, {e(extra)}." if extra else f"{where}.")
    if ref.type != "article" and ref.container != fields.get("note") and fields.get("note"):
        parts.append(f"{e(fields['note'].strip('{}'))}.")
    if ref.doi:
        link = f"https://doi.org/{ref.doi}"
        parts.append(f'<a href="{e(link)}">doi:{e(ref.doi)}</a>')
    elif ref.url:
        parts.append(f'<a href="{e(ref.url)}">{e(ref.url)}</a>')
    if language_note:
        parts.append(f"({e(language_note)})")
    return f'<li id="ref-{e(ref.key)}">{" ".join(parts)}</li>'


def bibliography_html(bib_path: Path, page_language: str = "en", words: dict | None = None) -> str:
    """Every entry of the .bib file as Markdown headings, each over a sorted HTML list.

    `words` are the page language's strings (docs/includes/strings/<lang>.yml): the headings
    (`ref_groups`, shown in place of GROUPS, with GROUPS' ids) and the note a source in
    another language gets (`source_in`, e.g. "en inglés")."""
    words = words or {}
    shown = dict(zip(GROUPS, words.get("ref_groups") or GROUPS))
    joining = words.get("reference_words") or ENGLISH_NAMES
    notes = words.get("source_in") or {}
    data = load(bib_path)
    groups: dict[str, list[tuple[Reference, dict]]] = {name: [] for name in GROUPS}
    for key, entry in data.entries.items():
        ref = reference(data, key)
        ref = dataclasses.replace(ref, authors=authors_of(entry, ref.authors, joining))
        fields = {name: str(value) for name, value in entry.fields.items()}
        groups[group_of(ref)].append((ref, fields))
    out: list[str] = []
    for name in GROUPS:
        items = sorted(groups[name], key=lambda pair: sort_key(pair[0]))
        if not items:
            continue
        heading = f"## {shown[name]}" if shown[name] == name else \
            f"## {shown[name]} {{ #{re.sub(r'[^a-z0-9]+', '-', name.lower()).strip('-')} }}"
        out.append(heading + "\n")
        out.append('<ul class="bibliography" data-readability-skip>')
        out.extend(entry_html(ref, fields, notes.get(language_of(fields), "") if language_of(fields) != page_language
                              else "") for ref, fields in items)
        out.append("</ul>\n")
    return "\n".join(out)


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if page.file.src_uri != PAGE:
        return markdown
    where = f"docs/{PAGE}"
    if MARKER not in markdown:
        log.warning("%s: the line %s is missing, so the reference list cannot be shown. "
                    "Put that line, on its own, where the list should appear.", where, MARKER)
        return markdown
    bib_path = Path(config.config_file_path).parent / "bibliography.bib"
    try:
        listing = bibliography_html(bib_path, config.theme["language"], config.extra.get("strings"))
    except Exception as error:  # any parse problem: name it, leave the page as it is
        log.warning("%s: the reference list could not be made from bibliography.bib: %s. "
                    "Fix the entry the message names.", where, error)
        return markdown
    # A blank line either side keeps the HTML a block of its own for Markdown.
    return markdown.replace(MARKER, f"\n{listing}\n", 1)
