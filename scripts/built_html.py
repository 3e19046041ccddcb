"""The built site's HTML files, read from disk once per build and shared by the hooks that
read them all after the build (issue 16: a large site has thousands of them).

`scripts/hooks/trim_css.py` reads every page to learn which classes are used and rewrites
their stylesheet links; `scripts/hooks/headers.py` then hashes every file's inline code for
the Content-Security-Policy. Both ask `read()`, so each file is read once, and a file
rewritten through `write()` is seen as written. Entries are forgotten when a build starts
(`forget()`, called by scripts/hooks/content_cache.py), so no build sees another's files.

Only files under the asked folder are read; a translation built into `site/es/` after the
default build's pages were read (scripts/hooks/languages.py) is read when first asked for.
Hooks that write HTML after these two run must write through `write()`.
"""
from __future__ import annotations

from pathlib import Path

_texts: dict[Path, str] = {}


def read(paths: list[Path]) -> dict[Path, str]:
    """{path: text} of these HTML files, each read from disk at most once per build."""
    for path in paths:
        if path not in _texts:
            _texts[path] = path.read_text(encoding="utf-8")
    return {path: _texts[path] for path in paths}


def write(path: Path, text: str) -> None:
    """Write one HTML file and remember its new text."""
    path.write_text(text, encoding="utf-8")
    _texts[path] = text


def forget(site: Path) -> None:
    """Drop what was read under `site` (a build is starting there)."""
    for path in [p for p in _texts if p.is_relative_to(site)]:
        del _texts[path]
