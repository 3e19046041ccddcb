"""Check published-urls.txt against the pages, without building the site.

Every page in docs/ must have its address in published-urls.txt, and every listed address
must still be a page or the old end of a redirect in mkdocs.yml (`redirects:` plugin). The
pre-commit hook runs this; tests/test_published_urls.py checks the same on the built site.

    .venv/bin/python scripts/check_published_urls.py
"""
from __future__ import annotations

import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def md_url(src: str) -> str:
    """The address MkDocs publishes docs/<src> at: x.md -> /x/, a/index.md -> /a/."""
    stem = src.removesuffix(".md")
    stem = "" if stem == "index" else stem.removesuffix("/index")
    return "/" + (stem + "/" if stem else "")


def redirect_maps(config_path: Path) -> dict:
    """`redirects: redirect_maps:` of one MkDocs config (plugins as a list or a mapping)."""
    config = yaml.load(config_path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader) or {}
    plugins = config.get("plugins") or []
    entries = plugins.items() if isinstance(plugins, dict) else (
        next(iter(p.items())) if isinstance(p, dict) else (p, {}) for p in plugins)
    for name, options in entries:
        if name == "redirects" and isinstance(options, dict):
            return options.get("redirect_maps") or {}
    return {}


def problems(root: Path = ROOT) -> list[str]:
    listed = [line.strip() for line in (root / "published-urls.txt").read_text(encoding="utf-8").splitlines()
              if line.strip() and not line.lstrip().startswith("#")]
    docs = root / "docs"
    pages = {md_url(p.relative_to(docs).as_posix()): p.relative_to(root).as_posix()
             for p in docs.rglob("*.md") if "includes" not in p.relative_to(docs).parts}
    redirected = {md_url(old) for old in redirect_maps(root / "mkdocs.yml")}
    # A translation's own renamed pages: its config (mkdocs.<code>.yml) maps paths inside docs/<code>/.
    for path in sorted(root.glob("mkdocs.*.yml")):
        code = path.name.split(".")[1]
        redirected |= {md_url(f"{code}/{old}") for old in redirect_maps(path)}
    out = [f"published-urls.txt: add the line {url}  (the address of {src})"
           for url, src in sorted(pages.items()) if url not in listed]
    out += [f"published-urls.txt: {url} is no longer a page. Keep the line, and add a redirect in mkdocs.yml "
            f"under redirects: redirect_maps:, e.g. {url.strip('/') or 'index'}.md: new-page.md"
            for url in listed if url not in pages and url not in redirected]
    return out


def main() -> int:
    found = problems()
    for problem in found:
        print(problem)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
