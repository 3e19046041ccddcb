"""The caches of one build: writes its content-keyed results to `.cache/content/`
(scripts/content_cache.py) for the next build or the next rebuild of `mkdocs serve`, and
forgets the built HTML read by the last build (scripts/built_html.py) when a build starts."""
from __future__ import annotations

import sys
from pathlib import Path

import mkdocs.plugins
from mkdocs.config.defaults import MkDocsConfig

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # make `scripts` importable
from scripts import built_html, content_cache  # noqa: E402


def on_pre_build(config: MkDocsConfig) -> None:
    """A translation built into site/es/ forgets only its own folder."""
    built_html.forget(Path(config.site_dir))


@mkdocs.plugins.event_priority(-110)  # last: after headers.py (-100) has used the cache too
def on_post_build(config: MkDocsConfig) -> None:
    content_cache.save(config)
