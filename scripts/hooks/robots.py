"""Write robots.txt into the built site, pointing crawlers at the sitemap.

A static `docs/robots.txt` would need the site's address typed into it, and would go
stale the day `site_url` changes (or when the site is served from a sub-path). This hook
makes it from `site_url` at every build instead: every crawler may read every page, and
the `Sitemap:` line gives the absolute address of `sitemap.xml`, which MkDocs writes.
"""
from __future__ import annotations

import logging
import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # make `scripts` importable
from scripts.offline import is_offline  # noqa: E402

log = logging.getLogger("mkdocs.hooks.robots")


def robots_txt(site_url: str | None, prefixes: tuple[str, ...] = ("",)) -> str:
    """The text of robots.txt for a site published at `site_url` (may be unset), naming the
    sitemap of each language (`prefixes`: "" for the default language, then "es/"...)."""
    lines = ["# Every page of this site may be read and indexed.", "User-agent: *", "Allow: /"]
    if site_url:
        base = site_url if site_url.endswith("/") else site_url + "/"
        lines.append("")
        lines += [f"Sitemap: {base}{prefix}sitemap.xml" for prefix in prefixes]
    return "\n".join(lines) + "\n"


def on_post_build(config: MkDocsConfig) -> None:
    if is_offline(config):   # no crawler reads the offline copy
        return
    if not config.site_url:
        log.warning("mkdocs.yml: site_url is not set, so robots.txt cannot name the sitemap "
                    "and pages get no canonical address. Set site_url to the site's public address.")
    lang = config.extra.get("language") or {"prefix": "", "all": [{"prefix": ""}]}
    if lang["prefix"]:
        return  # robots.txt is read at the site root only: the default build names every sitemap
    prefixes = tuple(other["prefix"] for other in lang["all"])
    Path(config.site_dir, "robots.txt").write_text(robots_txt(config.site_url, prefixes), encoding="utf-8")
