"""Translation records: which English page a translated page follows, and at which version.

A translated page (docs/<lang>/<slug>.md) says in its front matter

    translation:
      source: what-is-ipt.md       # the English page it translates (docs/what-is-ipt.md)
      source_hash: 3f2a9c01b7d4    # `source_version()` of that page when last brought up to date

The version is a short hash of the English page's body (front matter left out, so a review
date changing is not a new version). Print it with

    python -m scripts.translations docs/what-is-ipt.md
"""
from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path

_FRONT_MATTER = re.compile(r"\A---\s*\n.*?\n---\s*\n", re.S)
HASH_LENGTH = 12


def body(markdown: str) -> str:
    """The page's Markdown without its front matter, line endings normalised."""
    return _FRONT_MATTER.sub("", markdown.replace("\r\n", "\n"), count=1)


def source_version(path: Path) -> str:
    """The short hash recorded as `translation.source_hash`."""
    return hashlib.sha256(body(path.read_text(encoding="utf-8")).encode("utf-8")).hexdigest()[:HASH_LENGTH]


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        print(f"{arg}: {source_version(Path(arg))}")
