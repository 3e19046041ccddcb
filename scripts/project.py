"""What a build of the site reads, and a way to copy it.

Shared by the tests (which inject one fault into a copy) and the benchmark (which adds
synthetic pages to a copy), so both copy exactly what `mkdocs build` needs.
"""
from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: Everything a build reads.
PROJECT_FILES = ("mkdocs.yml", "bibliography.bib", "docs", "overrides", "scripts")


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
