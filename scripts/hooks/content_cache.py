"""Writes the content-keyed results of this build to `.cache/content/` (scripts/content_cache.py),
for the next build or the next rebuild of `mkdocs serve`."""
from __future__ import annotations

import sys
from pathlib import Path

import mkdocs.plugins
from mkdocs.config.defaults import MkDocsConfig

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # make `scripts` importable
from scripts import content_cache  # noqa: E402


@mkdocs.plugins.event_priority(-110)  # last: after headers.py (-100) has used the cache too
def on_post_build(config: MkDocsConfig) -> None:
    content_cache.save(config)
