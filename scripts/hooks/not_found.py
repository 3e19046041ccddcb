"""A 404 page in the reader's language on Netlify: `_redirects` at the site root.

Each language's build writes its own `404.html` (`/404.html`, `/es/404.html`). Cloudflare Pages
serves the nearest one up the folder tree by itself; Netlify serves the root one unless told,
so the default build writes one rule per other language:

    /es/*  /es/404.html  404

A rule without `!` never hides a file that exists, so only missing addresses get it. (GitHub
Pages reads no such file and shows the root, English, 404 everywhere: see README.)
"""
from __future__ import annotations

import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # make `scripts` importable
from scripts.offline import is_offline  # noqa: E402


def on_post_build(config: MkDocsConfig) -> None:
    lang = config.extra.get("language") or {"prefix": "", "all": []}
    if lang["prefix"] or len(lang["all"]) < 2 or is_offline(config):   # no host reads the offline copy
        return
    root = lang["root_path"]
    rules = [f"{root}{other['prefix']}*  {root}{other['prefix']}404.html  404" for other in lang["all"][1:]]
    text = "# Written by scripts/hooks/not_found.py at every build: do not edit.\n" + "\n".join(rules) + "\n"
    Path(config.site_dir, "_redirects").write_text(text, encoding="utf-8")
