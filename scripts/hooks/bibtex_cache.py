"""Format each reference once per build, not once per citing page (issue 8: build time).

mkdocs-bibtex formats a reference with pybtex every time a page cites it, and pybtex
formatting is slow (about 2 ms a reference): the site cites the same few dozen sources on
many pages, so most of that work is repeated. This hook wraps the plugin's registry so that
each key is formatted once and the text reused. The text is the same: in mkdocs-bibtex
4.4.0's SimpleRegistry (used when no CSL file is set) a reference's text depends on its key
alone. With a CSL file (PandocRegistry, which keeps its own cache) nothing is changed.
"""
from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs_bibtex.registry import SimpleRegistry


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    # Hooks run after plugins for the same event, so mkdocs-bibtex has made its registry.
    plugin = config.plugins.get("bibtex")
    registry = getattr(plugin, "registry", None)
    if type(registry) is not SimpleRegistry:
        return config
    format_once = registry.reference_text
    texts: dict[str, str] = {}

    def reference_text(citation) -> str:
        if citation.key not in texts:
            texts[citation.key] = format_once(citation)
        return texts[citation.key]

    registry.reference_text = reference_text  # type: ignore[method-assign]
    return config
