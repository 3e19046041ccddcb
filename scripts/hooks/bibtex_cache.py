"""Format each reference once per build, not once per citing page (issue 8: build time).

mkdocs-bibtex formats a reference with pybtex every time a page cites it, and pybtex
formatting is slow (about 2 ms a reference): the site cites the same few dozen sources on
many pages, so most of that work is repeated. This hook wraps the plugin's registry so that
each key is formatted once and the text reused. The text is the same: in mkdocs-bibtex
4.4.0's SimpleRegistry (used when no CSL file is set) a reference's text depends on its key
alone. With a CSL file (PandocRegistry, which keeps its own cache) nothing is changed.

It also writes the reference in the page's language: the words the reference style puts
between a source's details ("and", "others", "In", "pages"…; scripts/reference_style.py, from
`reference_words` in docs/includes/strings/<lang>.yml), and adds the source's language to a
reference whose language is not the page's, e.g. "(en inglés)" on a Spanish page (the
`language` field of the .bib entry; English if absent).
"""
from __future__ import annotations

import logging
import sys
from pathlib import Path
from types import SimpleNamespace

from mkdocs.config.defaults import MkDocsConfig
from mkdocs_bibtex.registry import SimpleRegistry

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # make `scripts` importable
from scripts.bibliography import language_of  # noqa: E402
from scripts.reference_style import missing_words, style_for  # noqa: E402

log = logging.getLogger("mkdocs.hooks.bibtex_cache")


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    # Hooks run after plugins for the same event, so mkdocs-bibtex has made its registry.
    plugin = config.plugins.get("bibtex")
    registry = getattr(plugin, "registry", None)
    if type(registry) is not SimpleRegistry:
        return config
    # The page language's words between a source's details (scripts/reference_style.py).
    page_language = config.theme["language"]
    words = config.extra.get("strings") or {}
    missing = missing_words(words)
    if missing:
        log.warning("docs/includes/strings/%s.yml: reference_words has no %s (see docs/includes/strings/en.yml): "
                    "reference lists would show English words.", page_language, ", ".join(missing))
    style = registry.style if missing else style_for(words)
    # The class's own method, on the registry's data with that style, never
    # `registry.reference_text` and never a change to the registry's style: MkDocs keeps plugin
    # instances for the whole process (each rebuild of `mkdocs serve`, and the translation built
    # inside the default build), and mkdocs-bibtex keeps its registry while the .bib is
    # unchanged, so that attribute may already be the wrapper of an earlier build, in another
    # language (its language note would then be added again, in that build's language).
    formatting = SimpleNamespace(bib_data=registry.bib_data, backend=registry.backend, style=style)

    def format_once(citation) -> str:
        return SimpleRegistry.reference_text(formatting, citation)

    texts: dict[str, str] = {}
    # References stay in their own language and say so when it is not the page's ("en inglés").
    notes = words.get("source_in") or {}

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
