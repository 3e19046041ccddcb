"""What a build of the site reads, and a way to copy it.

Shared by the tests (which inject one fault into a copy) and the benchmark (which adds
synthetic pages to a copy), so both copy exactly what `mkdocs build` needs.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: Everything a build reads.
PROJECT_FILES = ("mkdocs.yml", "mkdocs.es.yml", "bibliography.bib", "bibliography-proper-nouns.txt", "docs",
                 "overrides", "scripts",
                 "requirements.txt")  # its hash keys the content caches (scripts/content_cache.py)


def shown_path(file, config) -> str:
    """A page's source as editors know it, from the repository root: "docs/es/what-is-ipt.md"
    (`file` is a MkDocs File, `config` the build's configuration)."""
    config_file = getattr(config, "config_file_path", None)
    if not config_file:
        return f"docs/{file.src_uri}"
    root = os.path.dirname(os.path.abspath(config_file))
    return Path(os.path.relpath(os.path.abspath(file.abs_src_path), root)).as_posix()


def cache_dir(config, name: str) -> Path:
    """`.cache/<name>/` beside the build's mkdocs.yml (git-ignored), created if missing: where
    the build keeps what it may reuse, always keyed by content, never by time stamp."""
    config_file = getattr(config, "config_file_path", None)
    root = Path(config_file).resolve().parent if config_file else ROOT
    path = root / ".cache" / name
    path.mkdir(parents=True, exist_ok=True)
    return path


def copy_project(dest: Path) -> Path:
    """A copy of everything the build reads, in `dest` (created if missing)."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in PROJECT_FILES:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / name)
    return dest
