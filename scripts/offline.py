"""The offline copy (issue 23): what the build, its hooks and `make offline` share.

`make offline` (scripts/offline_copy.py) builds the site with OFFLINE=true, which turns on
Material's offline plugin (`plugins: offline: enabled: !ENV [OFFLINE, false]` in mkdocs.yml):
links between pages end in `.html` (`use_directory_urls: false`) and the search index also
loads as a script, so the copy works from `file://`. scripts/hooks/offline_copy.py makes the
rest fit (see there); hooks that write files for web hosts or other sites (`_headers`,
`_redirects`, robots.txt, the embed kit, the editors' status page) skip that build.
Each language's folder then becomes one zip in `dist/`; the website's build links them from
the About and Accessibility pages with their size (scripts/hooks/offline_downloads.py).
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
#: Where `make offline` writes the zips (git-ignored) and the website's build looks for them.
DIST = ROOT / "dist"
#: The vendored iframe-worker shim (Web Workers from file://) and where the copy serves it.
VENDORED_SHIM = ROOT / "scripts" / "vendor" / "iframe-worker-1.0.4.js"
SHIM_PATH = "assets/vendor/iframe-worker-1.0.4.js"
#: On the website, the zips are served from this folder at the site's root.
DOWNLOADS = "downloads/"


def is_offline(config: Any) -> bool:
    """True in the build of the offline copy (Material's offline plugin is on)."""
    plugin = config["plugins"].get("material/offline")
    return bool(plugin is not None and plugin.config.enabled)


def zip_name(code: str) -> str:
    """The file name of one language's copy: "ipt-guide-offline-en.zip"."""
    return f"ipt-guide-offline-{code}.zip"


def live_path(src_uri: str) -> str:
    """A page's address on the website, relative to its language's root: "what-is-ipt/",
    "" for the home page (the website uses folder addresses; the copy uses .html files)."""
    stem = src_uri[:-3] if src_uri.endswith(".md") else src_uri
    if stem == "index":
        return ""
    return stem[: -len("index")] if stem.endswith("/index") else stem + "/"


def page_file(link: str) -> str:
    """A template's link to a page folder ("get-help-now/", ".", "") as the copy's file for it
    ("get-help-now.html", "index.html"); any other link is returned as it is."""
    if link in ("", ".", "./"):
        return "index.html"
    if link.endswith("/") and "://" not in link and not link.startswith(("/", "#")):
        return link[:-1] + ".html"
    return link
