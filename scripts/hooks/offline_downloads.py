"""The offline copies on the website: a line `<!-- offline-copies -->` in a page (About and
Accessibility, both languages) becomes a list with a link to each language's zip and its size,
and the zips are published in `downloads/` at the site's root.

How the size gets there honestly: `make offline` writes `dist/ipt-guide-offline-<code>.zip`;
the website's build, run after it (.github/workflows/deploy.yml runs `make offline`, then
`make build`), reads each zip's size in dist/ and copies that same file into the site, so the
size shown is the size of the file served. A zip missing from dist/ (a build without
`make offline` first) gets no link, and its line says the size is not known: never a guessed
or stale figure. In the offline copy itself, the line says the reader is reading one, with the
page's address on the website (a copy cannot hold itself).
"""
from __future__ import annotations

import html
import re
import shutil
import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # make `scripts` importable
from scripts.offline import DOWNLOADS, is_offline, live_path, zip_name  # noqa: E402

MARKER = re.compile(r"^<!--[ \t]*offline-copies[ \t]*-->[ \t]*$", re.M)


def dist_dir(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path).parent / "dist"


def size_text(size: int, decimal_mark: str = ".") -> str:
    """Bytes as readers count them, 1 MB = 1,000,000 bytes: "2.3 MB", "850 KB" (", " in Spanish)."""
    text = f"{size / 1_000_000:.1f} MB" if size >= 1_000_000 else f"{max(1, round(size / 1000))} KB"
    return text.replace(".", decimal_mark)


def copies_markdown(config: MkDocsConfig, page_address: str) -> str:
    """What replaces the marker in this build (see the module's text)."""
    words = config.extra["strings"]
    if is_offline(config):
        return f"{words['offline_copy_here']} <{page_address}>"
    lang = config.extra["language"]
    lines = []
    for other in lang["all"]:
        code = other["code"]
        path = dist_dir(config) / zip_name(code)
        language_in = words["source_in"][code]
        if path.is_file():
            text = words["offline_copy_link"].format(language_in=language_in,
                                                     size=size_text(path.stat().st_size, words["decimal_mark"]))
            href = f"{lang['root_path']}{DOWNLOADS}{zip_name(code)}"
            lines.append(f'- <a href="{href}" hreflang="{code}" type="application/zip" download>{html.escape(text)}</a>')
        else:
            lines.append("- " + words["offline_copy_missing"].format(language_in=language_in))
    return "\n".join(lines)


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if not MARKER.search(markdown):
        return markdown
    site = config.site_url or ""
    address = (site if site.endswith("/") else site + "/") + live_path(page.file.src_uri)
    return MARKER.sub(lambda _: copies_markdown(config, address), markdown)


def on_post_build(config: MkDocsConfig) -> None:
    """The default language's build publishes every language's zip once, in `downloads/`
    (before headers.py, at -100, lists the site's folders)."""
    lang = config.extra.get("language") or {"prefix": "", "all": []}
    if lang["prefix"] or is_offline(config):
        return
    target = Path(config.site_dir) / DOWNLOADS
    for other in lang["all"]:
        source = dist_dir(config) / zip_name(other["code"])
        if source.is_file():
            target.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target / source.name)
