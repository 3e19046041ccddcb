"""Results of slow, pure computations kept between builds, keyed by content (issue 16).

A build measures the reading level of every page and splits every page into sections for
the embed API, although most pages have not changed since the last build, or since the last
save in `mkdocs serve`. `remember()` keeps each result under the SHA-256 of

- what it was computed from (the page's HTML, as the hook received it), and
- the source code that computed it (the files named in `code`, and the project's pinned
  `requirements.txt`, so a new release of any package also computes everything afresh),

so a changed page, or changed code, is computed afresh: a stale figure can never be shown, and
no time stamp is ever consulted. Results live in memory for the process (so every rebuild of
`mkdocs serve` reuses them) and in `.cache/content/<store>-<language>.json` (git-ignored) for the next build;
`save()` (scripts/hooks/content_cache.py, at the end of each build) writes only what that
build used, so the files never grow stale entries. Deleting `.cache/` is always safe.
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any, Callable, TypeVar

from scripts.project import cache_dir

T = TypeVar("T")


class _Store:
    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self.saved: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.saved = {}  # none yet, or unreadable: compute everything again
        self.used: dict[str, Any] = {}

    def save(self) -> None:
        if not self.used:  # nothing asked since the last save (a nested build saved it already)
            return
        if self.used == self.saved:
            self.used = {}
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)  # .cache/ may be deleted at any time
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=self.path.name, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(self.used, f, ensure_ascii=False, separators=(",", ":"))
        os.replace(tmp, self.path)  # atomic: a build reading it meanwhile sees the old or the new file
        self.saved = self.used
        self.used = {}


_stores: dict[Path, _Store] = {}
_code_hashes: dict[tuple[str, ...], str] = {}
#: (mkdocs.yml, language, store) -> the store's file and the project root: remember() runs
#: for every page and hook, and finding the cache folder (resolve, mkdir) once per store
#: saves a second on a site of 1,000 pages.
_where: dict[tuple[str, str, str], tuple[Path, Path]] = {}


def _code_version(code: tuple[str, ...], root: Path) -> str:
    """SHA-256 of the named source files and of `root`'s requirements.txt (when it has one),
    read once per build (reset by save())."""
    files = (*code, str(root / "requirements.txt"))
    if files not in _code_hashes:
        digest = hashlib.sha256()
        for name in files:
            path = Path(name)
            digest.update(path.read_bytes() if path.is_file() else b"(none)")
        _code_hashes[files] = digest.hexdigest()
    return _code_hashes[files]


def remember(config: Any, store: str, content: str, code: tuple[str, ...], compute: Callable[[], T]) -> T:
    """`compute()`, or its result from an earlier build with the same `content` and `code`.
    The result must survive a trip through JSON unchanged (numbers, strings, lists, dicts)."""
    # One store per language: a language's build saves only what it used (see save()).
    language = (getattr(config, "theme", None) or {}).get("language", "en")
    where = (str(getattr(config, "config_file_path", None)), language, store)
    if where not in _where:
        folder = cache_dir(config, "content")
        _where[where] = (folder / f"{store}-{language}.json", folder.parents[1])
    path, root = _where[where]
    cache = _stores.get(path) or _stores.setdefault(path, _Store(path))
    key = hashlib.sha256(_code_version(code, root).encode() + content.encode("utf-8")).hexdigest()
    if key in cache.used:
        return cache.used[key]
    if key in cache.saved:
        cache.used[key] = cache.saved[key]
        return cache.used[key]
    result = compute()
    cache.used[key] = json.loads(json.dumps(result))  # what a later build will read back
    return cache.used[key]


def save(config: Any) -> None:
    """Write the stores of this build's project, then forget the code hashes (code may change
    between two rebuilds of `mkdocs serve`)."""
    root = cache_dir(config, "content")
    for path, store in _stores.items():
        if path.parent == root:
            store.save()
    _code_hashes.clear()
