"""Published addresses never break.

`published-urls.txt` lists every page address the site has published. Each must still
open in the built site, either as a page or as a redirect (mkdocs-redirects) to a page that
exists; and every page the build writes must be listed, so that no address goes out
unrecorded.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml

from tests.conftest import BuiltSite
from scripts.check_published_urls import md_url, problems as source_problems
from tests.support.build import ROOT, copy_project, strict_build

LIST = ROOT / "published-urls.txt"
REFRESH = re.compile(r'<meta http-equiv="refresh" content="0; url=([^"]+)"', re.IGNORECASE)

HOW_TO_REDIRECT = (
    "If you renamed or removed a page, keep its old address working: in mkdocs.yml, under "
    "`redirects:` -> `redirect_maps:`, add a line `old-name.md: new-name.md`. "
    "Never delete a line from published-urls.txt."
)


def published_urls(path: Path = LIST) -> list[str]:
    """The addresses listed in published-urls.txt (comments and blank lines skipped)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def page_file(site_dir: Path, url: str) -> Path:
    """The file that answers `url` on a static host (`/x/` -> x/index.html)."""
    rel = url.lstrip("/")
    return site_dir / rel / "index.html" if rel == "" or rel.endswith("/") else site_dir / rel


def resolve(site_dir: Path, url: str) -> str | None:
    """None when `url` opens a page, else what is wrong, in words an editor can act on."""
    target = page_file(site_dir, url)
    if not target.is_file():
        return f"{url} no longer opens a page (no {target.relative_to(site_dir)} in the built site)."
    match = REFRESH.search(target.read_text(encoding="utf-8", errors="replace"))
    if match is None:
        return None
    # A redirect stub: its target (relative to the stub's own folder) must be a real page.
    destination = (target.parent / match.group(1).split("#")[0]).resolve()
    final = destination / "index.html" if destination.is_dir() else destination
    if not final.is_file() or REFRESH.search(final.read_text(encoding="utf-8", errors="replace")):
        return f"{url} redirects to {match.group(1)}, which is not a page in the built site."
    return None


def problems(site_dir: Path, urls: list[str]) -> list[str]:
    return [p for url in urls if (p := resolve(site_dir, url))]


# --- the real site --------------------------------------------------------------------

def test_list_is_well_formed() -> None:
    urls = published_urls()
    bad = [u for u in urls if not u.startswith("/") or " " in u]
    assert not bad, f"published-urls.txt: each line must be one address starting with '/', e.g. /what-is-ipt/ — fix: {bad}"
    duplicates = sorted({u for u in urls if urls.count(u) > 1})
    assert not duplicates, f"published-urls.txt lists these twice; remove the extra line: {duplicates}"


def test_every_published_url_still_opens(site: BuiltSite) -> None:
    found = problems(site.dir, published_urls())
    assert not found, "Published addresses are broken:\n  " + "\n  ".join(found) + "\n" + HOW_TO_REDIRECT


def test_every_page_is_listed(site: BuiltSite) -> None:
    listed = set(published_urls())
    missing = [(p.src, "/" + p.url) for p in site.pages if "/" + p.url not in listed]
    assert not missing, "These pages are not in published-urls.txt. Add each address on its own line:\n  " + "\n  ".join(
        f"{url}    (for docs/{src})" for src, url in missing
    )


def test_redirects_are_listed() -> None:
    """Both ends of a redirect are published addresses, so both stay working."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(), Loader=yaml.BaseLoader)  # ignores !!python tags
    plugins = config.get("plugins") or {}
    redirects = plugins.get("redirects") if isinstance(plugins, dict) else \
        next((p["redirects"] for p in plugins if isinstance(p, dict) and "redirects" in p), None)
    assert redirects is not None, "mkdocs.yml: the `redirects` plugin is missing from `plugins:`"
    listed = set(published_urls())
    missing = [
        f"{md_url(md)}  ({which} end of the redirect {old} -> {new})"
        for old, new in (redirects.get("redirect_maps") or {}).items()
        for which, md in (("old", old), ("new", new))
        if "://" not in md and md_url(md) not in listed
    ]
    assert not missing, "Add these addresses to published-urls.txt:\n  " + "\n  ".join(missing)


def test_fast_check_agrees() -> None:
    """scripts/check_published_urls.py (the pre-commit hook) finds nothing either."""
    found = source_problems(ROOT)
    assert not found, "\n".join(found)


# --- the check itself, on small made-up sites -------------------------------------------

def test_check_reports_a_missing_page_and_a_broken_redirect(tmp_path: Path) -> None:
    (tmp_path / "kept").mkdir()
    (tmp_path / "kept" / "index.html").write_text("<h1>Kept</h1>")
    (tmp_path / "moved").mkdir()
    (tmp_path / "moved" / "index.html").write_text('<meta http-equiv="refresh" content="0; url=../kept/">')
    (tmp_path / "dangling").mkdir()
    (tmp_path / "dangling" / "index.html").write_text('<meta http-equiv="refresh" content="0; url=../gone/">')
    assert resolve(tmp_path, "/kept/") is None
    assert resolve(tmp_path, "/moved/") is None
    assert "no longer opens a page" in (resolve(tmp_path, "/deleted/") or "")
    assert "not a page" in (resolve(tmp_path, "/dangling/") or "")


def test_a_renamed_page_keeps_its_address_with_a_redirect(tmp_path: Path) -> None:
    """The procedure in mkdocs.yml and CONTRIBUTING.md works: old address -> stub -> page."""
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    text = config.read_text()
    assert "    redirect_maps: {}\n" in text, "mkdocs.yml: expected `redirect_maps: {}` under redirects"
    config.write_text(text.replace("    redirect_maps: {}\n",
                                   "    redirect_maps:\n      ipt-types.md: types-of-ipt.md\n", 1))
    out = tmp_path / "site"
    result = strict_build(project, out)
    assert result.returncode == 0, result.stdout + result.stderr
    assert resolve(out, "/ipt-types/") is None
    assert resolve(out, "/no-such-old-page/") is not None
    # The fast check accepts the redirect, and asks for a redirect for an unlisted old page.
    shutil.copy2(LIST, project / "published-urls.txt")
    with (project / "published-urls.txt").open("a") as urls:
        urls.write("/ipt-types/\n/no-such-old-page/\n")
    assert [p for p in source_problems(project) if "/no-such-old-page/" in p and "redirect" in p]
    assert not [p for p in source_problems(project) if "/ipt-types/" in p]
