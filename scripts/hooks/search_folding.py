"""Search that finds "depresión" when a reader types "depresion".

Readers often type without accents, and Material's search (lunr) has no accent folding
(its `separator` cannot fold, and 9.x removed custom query transforms). So after the search
plugin writes `search/search_index.json`, this hook appends to each entry's text the accent-free
form of every word in its title and text that has a diacritic (depresión -> depresion,
también -> tambien), inside an element the result list does not show (`hidden`). A query with
accents still matches the words as written; one without matches their folded copies; both
find the same pages. Runs in every language's build; entries with no such word are unchanged.
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
    """The accent-free forms of the words with diacritics in `texts`, each once, in order."""
    out: dict[str, None] = {}
    for text in texts:
        for word in _WORD.findall(_TAG.sub(" ", text)):
            plain = fold(word)
            if plain != word:
                out.setdefault(plain.lower(), None)
    return list(out)


def on_post_build(config: MkDocsConfig) -> None:
    path = Path(config.site_dir, "search", "search_index.json")
    if not path.is_file():
        return
    index = json.loads(path.read_text(encoding="utf-8"))
    changed = False
    for doc in index.get("docs", []):
        extra = folded_words(doc.get("title", ""), doc.get("text", ""))
        if extra:
            doc["text"] = f'{doc.get("text", "")} <span hidden>{" ".join(extra)}</span>'
            changed = True
    if changed:
        path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
