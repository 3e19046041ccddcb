"""Helpers for the trust-and-safety tests (front matter, trust blocks, JSON-LD, privacy)."""
from __future__ import annotations

import importlib.util
import sys
from functools import lru_cache
from pathlib import Path
from types import ModuleType
from urllib.parse import urljoin, urlsplit

import yaml

from tests.support.build import ROOT


class _AnyTagLoader(yaml.SafeLoader):
    """Reads mkdocs.yml even if it uses tags such as !ENV or !!python/name (kept as text)."""


_AnyTagLoader.add_multi_constructor("", lambda loader, suffix, node: None)


@lru_cache(maxsize=1)
def mkdocs_config() -> dict:
    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_AnyTagLoader)  # noqa: S506


def extra() -> dict:
    return mkdocs_config()["extra"]


def hook(name: str) -> ModuleType:
    """Import scripts/hooks/<name>.py as a module (the way MkDocs loads it)."""
    key = f"ipt_hook_{name}"
    if key not in sys.modules:
        spec = importlib.util.spec_from_file_location(key, ROOT / "scripts" / "hooks" / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[key] = module
        spec.loader.exec_module(module)
    return sys.modules[key]


def site_path(page_url: str, href: str) -> str | None:
    """The site-relative path an href on page `page_url` ("what-is-ipt/") points to,
    or None when it leaves the site."""
    base = "http://site.invalid/" + page_url
    target = urlsplit(urljoin(base, href))
    if target.netloc != "site.invalid":
        return None
    return target.path.lstrip("/")


def file_for(site_dir: Path, path: str) -> Path:
    """The built file a site-relative path is served from (directory URLs -> index.html)."""
    candidate = site_dir / path
    return candidate / "index.html" if path == "" or path.endswith("/") else candidate
