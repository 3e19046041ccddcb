"""Format each reference once per build, not once per citing page (issue 8: build time).

mkdocs-bibtex formats a reference with pybtex every time a page cites it, and pybtex
formatting is slow (about 2 ms a reference): the site cites the same few dozen sources on
many pages, so most of that work is repeated. This hook wraps the plugin's registry so that
each key is formatted once and the text reused. The text is the same: in mkdocs-bibtex
4.4.0's SimpleRegistry (used when no CSL file is set) a reference's text depends on its key
alone. With a CSL file (PandocRegistry, which keeps its own cache) nothing is changed.

It also adds the source's language to a reference whose language is not the page's, e.g.
"(en inglés)" on a Spanish page (the `language` field of the .bib entry; English if absent).
"""
from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs_bibtex.registry import SimpleRegistry

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # make `scripts` importable
from scripts.bibliography import language_of  # noqa: E402


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    # Hooks run after plugins for the same event, so mkdocs-bibtex has made its registry.
    plugin = config.plugins.get("bibtex")
    registry = getattr(plugin, "registry", None)
    if type(registry) is not SimpleRegistry:
        return config
    # The class's own method, never `registry.reference_text`: MkDocs keeps plugin instances
    # for the whole process (each rebuild of `mkdocs serve`, and the translation built inside
    # the default build), and mkdocs-bibtex keeps its registry while the .bib is unchanged, so
    # that attribute may already be the wrapper of an earlier build (its language note would
    # then be added again, in that build's language).
    def format_once(citation) -> str:
        return SimpleRegistry.reference_text(registry, citation)

    texts: dict[str, str] = {}
    # References stay in their own language and say so when it is not the page's ("en inglés").
    page_language = config.theme["language"]
    notes = (config.extra.get("strings") or {}).get("source_in") or {}

    def reference_text(citation) -> str:
        if citation.key not in texts:
            text = format_once(citation)
            entry = registry.bib_data.entries.get(citation.key) if hasattr(registry, "bib_data") else None
            source = language_of(entry.fields) if entry is not None else page_language
            if source != page_language and notes.get(source):
                text = f"{text} ({notes[source]})"
            texts[citation.key] = text
        return texts[citation.key]

    registry.reference_text = reference_text  # type: ignore[method-assign]
    return config
