"""The offline copy's build (OFFLINE=true; see scripts/offline.py): it works from `file://`
with no network, and says when it was made. Does nothing in the website's build.

- `on_config` (before Material's offline plugin): `extra.polyfills` names our vendored
  iframe-worker shim (scripts/vendor/), so the plugin adds none from unpkg.com (it adds its
  own only when no polyfill mentions "iframe-worker"); `extra.offline_copy` turns on the
  notice at the top of every page (overrides/partials/offline-notice.html, in main.html's
  `announce` block); the language root becomes the website's address, so the language switch
  and the out-of-date notice lead to the website (the other language is another zip).
- `on_files`: the shim is published at `assets/vendor/` in this build only.
- `on_env`: the templates' links to page folders (`'get-help-now/' | url`, `'.' | url`) become
  links to the page files (`get-help-now.html`, `index.html`): a browser opens no index.html
  of a folder from `file://`.
- `on_page_context`: a page's canonical address (the `<link rel=canonical>`, JSON-LD, share
  and print addresses) stays its address on the website, not `what-is-ipt.html`;
  `page.live_path` is that address relative to the language's root (the language switch).
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import mkdocs.plugins
from jinja2 import pass_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # make `scripts` importable
from scripts.languages import root_url  # noqa: E402
from scripts.offline import SHIM_PATH, VENDORED_SHIM, is_offline, live_path, page_file  # noqa: E402


@mkdocs.plugins.event_priority(10)  # after languages.py (120); before Material's offline plugin (0)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    if not is_offline(config):
        return config
    config.extra["polyfills"] = [SHIM_PATH]
    config.extra["offline_copy"] = {"site": root_url(config)}
    config.extra["language"]["root_path"] = root_url(config)
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    if is_offline(config):
        files.append(File.generated(config, SHIM_PATH, abs_src_path=str(VENDORED_SHIM)))
    return files


def on_env(env: Any, config: MkDocsConfig, files: Files) -> Any:
    if not is_offline(config):
        return env
    to_page = env.filters["url"]

    @pass_context
    def url(context: Any, value: str) -> str:
        return to_page(context, page_file(str(value)))

    env.filters["url"] = url
    return env


@mkdocs.plugins.event_priority(50)  # before structured_data.py and the templates read it
def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav: Any) -> dict:
    if is_offline(config):
        page.live_path = live_path(page.file.src_uri)  # type: ignore[attr-defined]
        site = config.site_url or ""
        page.canonical_url = (site if site.endswith("/") else site + "/") + page.live_path
    return context
