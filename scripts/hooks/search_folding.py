"""Search that finds "depresión" when a reader types "depresion".

Readers often type without accents, and Material's search (lunr) has no accent folding
(its `separator` cannot fold, and 9.x removed custom query transforms). So after the search
plugin writes `search/search_index.json`, this hook appends to each entry's title and text the
accent-free form of every word in it that has a diacritic (depresión -> depresion,
también -> tambien), inside an element the result list does not show (`hidden`). A query with
accents still matches the words as written; one without matches their folded copies; both
find the same pages. Runs in every language's build; entries with no such word are unchanged.
It also adds the language's `search_stop_words` (docs/includes/strings/<code>.yml) to the
index's config: Material's worker matches every query word as a prefix and filters only
English stop words, so docs/javascripts/lazy-search.js leaves these out of queries.
"""
from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

_WORD = re.compile(r"\w+", re.U)
_TAG = re.compile(r"<[^>]+>")


def fold(word: str) -> str:
    """The word without diacritics ("ñ" too: readers without a Spanish keyboard type "n")."""
    return "".join(c for c in unicodedata.normalize("NFD", word) if unicodedata.category(c) != "Mn")


def folded_words(*texts: str) -> list[str]:
    """The accent-free form of every word with a diacritic in `texts`, as often as it occurs:
    search scores a word by how often it occurs, so "depresion" must occur as often as
    "depresión" for both to rank the pages alike."""
    out: list[str] = []
    for text in texts:
        for word in _WORD.findall(_TAG.sub(" ", text)):
            if word.isascii():  # nothing to fold (most words, and every English one)
                continue
            plain = fold(word)
            if plain != word:
                out.append(plain.lower())
    return out


def on_post_build(config: MkDocsConfig) -> None:
    path = Path(config.site_dir, "search", "search_index.json")
    if not path.is_file():
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    # The language's stop words, for docs/javascripts/lazy-search.js to leave out of queries.
    stop_words = str((config.extra.get("strings") or {}).get("search_stop_words") or "").split()
    changed = bool(stop_words)
    if stop_words:
        index.setdefault("config", {})["stop_words"] = [fold(w).lower() for w in stop_words]
    for doc in index.get("docs", []):
        # The title's folded words go in the title (search weighs a title match far above a
        # text match, so "depresion" must rank pages as "depresión" does); the result list
        # shows titles as HTML, so the hidden copy is not seen.
        for field in ("title", "text"):
            extra = folded_words(doc.get(field, ""))
            if extra:
                doc[field] = f'{doc.get(field, "")} <span hidden> {" ".join(extra)} </span>'  # spaces: "<" and ">" do not split words
                changed = True
    if changed:
        path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
