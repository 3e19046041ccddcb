"""Links in the built site: internal links and anchors resolve, external links are https.

- lychee checks every internal href/src of every built page offline, `#fragments` included
  (Markdown, raw HTML and theme templates alike); missing asset files are checked too.
- Every external link is https://, and DOI links have the form https://doi.org/10.NNNN/...
- `pytest --online` (never in CI) also checks that external links answer, with a cache in
  .cache/online-links.json so that repeated runs are quick and polite.
"""
from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.conftest import BuiltSite
from tests.support.build import ROOT
from tests.support.links import asset_problems, lychee_problems, source_of

DOI_LINK = re.compile(r"^https://doi\.org/10\.\d{4,9}/\S+$")
CACHE = ROOT / ".cache" / "online-links.json"
CACHE_DAYS = 7


def _external_links(site: BuiltSite) -> dict[str, list[str]]:
    """{url: [built pages that link to it]} for every absolute http(s) href or src."""
    found: dict[str, list[str]] = {}
    for html in sorted(site.dir.rglob("*.html")):
        page = str(html.relative_to(site.dir))
        text = html.read_text(encoding="utf-8")
        for url in re.findall(r"""(?:href|src)\s*=\s*["'](https?://[^"']+)["']""", text, re.I):
            found.setdefault(url, []).append(page)
    return found


def test_internal_links_and_anchors_resolve(site: BuiltSite) -> None:
    problems = lychee_problems(site.dir)
    assert not problems, "broken links (fix the link in the Markdown file named):\n" + "\n".join(problems)


def test_assets_exist(site: BuiltSite) -> None:
    problems = asset_problems(site.dir)
    assert not problems, "missing files:\n" + "\n".join(problems)


def test_external_links_are_https(site: BuiltSite) -> None:
    insecure = [f"{pages[0]} (from {source_of(pages[0])}): '{url}' uses http://, change it to https://"
                for url, pages in _external_links(site).items() if url.lower().startswith("http://")]
    assert not insecure, "insecure links:\n" + "\n".join(insecure)


def test_doi_links_are_well_formed(site: BuiltSite) -> None:
    links = {u: p for u, p in _external_links(site).items() if "doi.org" in u.lower()}
    assert links, "no DOI link found on any page: the reference lists should link DOIs"
    bad = [f"{pages[0]} (from {source_of(pages[0])}): '{url}' should look like https://doi.org/10.1234/abc"
           for url, pages in links.items() if not DOI_LINK.match(url)]
    assert not bad, "malformed DOI links (fix the doi field in bibliography.bib):\n" + "\n".join(bad)


# --- opt-in: do external links answer? ------------------------------------------------

def _placeholders() -> tuple[str, ...]:
    """Addresses mkdocs.yml marks as placeholders (the site and repository are not live yet)."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    return tuple(re.findall(r"^(?:site_url|repo_url):\s*(\S+)", text, re.M))


def _answer(url: str) -> str | None:
    """None when the URL answers with a success or redirect status; otherwise the problem."""
    headers = {"User-Agent": "Mozilla/5.0 (IPT Guide link check)"}
    problem = None
    for method in ("HEAD", "GET"):
        try:
            with urllib.request.urlopen(urllib.request.Request(url, method=method, headers=headers),
                                        timeout=20) as response:
                if response.status < 400:
                    return None
                problem = f"HTTP {response.status}"
        except urllib.error.HTTPError as error:
            problem = f"HTTP {error.code}"
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            problem = f"no answer ({error})"
    return problem


@pytest.mark.online
def test_external_links_answer(site: BuiltSite) -> None:
    cache = json.loads(CACHE.read_text()) if CACHE.exists() else {}
    fresh = time.time() - CACHE_DAYS * 86400
    links = {u: p for u, p in _external_links(site).items() if not u.startswith(_placeholders())}
    todo = [u for u in links if not (u in cache and cache[u]["ok"] and cache[u]["checked"] > fresh)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        for url, problem in zip(todo, pool.map(_answer, todo)):
            cache[url] = {"ok": problem is None, "problem": problem, "checked": time.time()}
    CACHE.parent.mkdir(exist_ok=True)
    CACHE.write_text(json.dumps(cache, indent=1, sort_keys=True))
    dead = [f"{links[u][0]} (from {source_of(links[u][0])}): '{u}': {cache[u]['problem']}"
            for u in links if not cache[u]["ok"]]
    assert not dead, "external links that do not answer (check them in a browser):\n" + "\n".join(dead)
