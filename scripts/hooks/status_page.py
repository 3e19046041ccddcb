"""The editors' status page, `editors/status/index.html`, made at every build.

One row per page, in menu order: its last and next review (front matter, as checked by
front_matter.py), the number of sources it cites and its reading level (the figures
evidence.py computes for "Evidence at a glance", so the page and this table never
disagree), and its translations (up to date, out of date or missing; see scripts/hooks/languages.py).

It is for editors, not readers: it is not in the menu or the search index (it is not a
Markdown page, so MkDocs and the search plugin never see it), not in sitemap.xml, and it
tells search engines `noindex`. It is plain HTML with no script and no inline style, linked
to its own small stylesheet, so the site's Content-Security-Policy (headers.py lists
`/editors/*` like every other folder, as this hook writes before it) holds as it is.
CONTRIBUTING.md links to it. The table is the same for two builds of one commit (no build
date in it).
"""
from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

import sys  # noqa: E402
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # make `scripts` importable
from scripts.project import shown_path  # noqa: E402
from scripts.translations import source_version  # noqa: E402
from scripts.offline import is_offline  # noqa: E402

#: Where the page is written, under the site folder.
STATUS_PATH = "editors/status/index.html"
STYLESHEET = """\
body { font-family: system-ui, sans-serif; margin: 1rem; color: #1a1a1a; background: #fff; line-height: 1.45; }
table { border-collapse: collapse; }
caption { text-align: left; font-weight: bold; padding: .5rem 0; }
th, td { border: 1px solid #767676; padding: .35rem .6rem; text-align: left; vertical-align: top; }
thead th { background: #e8eaf6; }
td.number { text-align: right; }
a { color: #303f9f; }
"""


@dataclass(frozen=True)
class Row:
    """One page's status."""

    src: str                  # docs/what-is-ipt.md
    title: str
    url: str                  # site-relative, "" for the home page
    kind: str                 # reader | site
    last_reviewed: dt.date | None
    next_review: dt.date | None
    sources: int | None
    grade: float | None       # Flesch-Kincaid grade of the page's prose (INFLESZ on Spanish pages)
    translations: str


_order: list[str] = []   # src_uri of the pages in menu order
_rows: list[Row] = []


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    _order[:] = [page.file.src_uri for page in nav.pages]
    _rows.clear()
    return nav


def translations(page: Page, config: MkDocsConfig) -> str:
    """What the table says about a page's translations (scripts/hooks/languages.py records).

    On the default language's table: each other language's twin, "up to date", "out of date"
    or "missing". On a translation's table: whether it follows the current English page."""
    lang = config.extra.get("language") or {"prefix": "", "all": []}
    if lang["prefix"]:
        outdated = page.meta.get("outdated")
        if outdated:
            return f"out of date: the English page changed on {outdated['date'].isoformat()}"
        return "up to date"
    root = Path(config.config_file_path).parent / "docs"
    english = root / page.file.src_uri
    states = []
    for other in lang["all"][1:]:
        twin = root / other["prefix"] / page.file.src_uri
        if not twin.is_file():
            states.append(f"{other['code']}: missing")
            continue
        found = re.search(r"^\s*source_hash:\s*['\"]?([0-9a-f]+)", twin.read_text(encoding="utf-8"), re.M)
        current = found and english.is_file() and found.group(1) == source_version(english)
        states.append(f"{other['code']}: {'up to date' if current else 'out of date'}")
    return ", ".join(states) or "none"


def row(page: Page, config: MkDocsConfig) -> Row:
    meta = page.meta
    evidence = meta.get("evidence") or {}
    dates = [meta.get(k) if isinstance(meta.get(k), dt.date) else None for k in ("last_reviewed", "next_review")]
    return Row(
        src=shown_path(page.file, config), title=page.title or page.file.src_uri, url=page.url,
        kind=str(meta.get("kind", "reader")), last_reviewed=dates[0], next_review=dates[1],
        sources=evidence.get("sources"),
        grade=(evidence.get("inflesz", evidence.get("grade"))) if evidence.get("words") else None,
        translations=translations(page, config),
    )


def _cell(value: object, css: str = "") -> str:
    text = "–" if value is None else value.isoformat() if isinstance(value, dt.date) else str(value)
    inner = f'<time datetime="{text}">{text}</time>' if isinstance(value, dt.date) else html.escape(text)
    attribute = f' class="{css}"' if css else ""
    return f"<td{attribute}>{inner}</td>"


def render(rows: list[Row], site_name: str, scale: str = "US grade") -> str:
    """The whole status page. Links are relative, so it works under any sub-path."""
    head = ("Page", "Kind", "Last reviewed", "Next review", "Sources cited", f"Reading level ({scale})",
            "Translations")
    body = []
    for r in rows:
        link = f'<a href="../../{html.escape(r.url)}">{html.escape(r.title)}</a><br><code>{html.escape(r.src)}</code>'
        grade = None if r.grade is None else f"{r.grade:.1f}"
        body.append(f'<tr data-src="{html.escape(r.src)}"><th scope="row">{link}</th>{_cell(r.kind)}'
                    f"{_cell(r.last_reviewed)}{_cell(r.next_review)}{_cell(r.sources, 'number')}"
                    f"{_cell(grade, 'number')}{_cell(r.translations)}</tr>")
    name = html.escape(site_name)
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>Editors' status · {name}</title>
<link rel="stylesheet" href="status.css">
</head>
<body>
<main>
<h1>Editors' status</h1>
<p>For the people who write and check {name}'s pages; readers do not see this page in the menu or in
search. It is made at every build from each page's front matter and the figures shown to readers
in "Evidence at a glance". Reader pages must read at grade 8 or lower (Spanish pages: INFLESZ 65 or
more). A translation marked "out of date" shows readers a notice until it is brought up to date.
<a href="../../">Back to the site</a>.</p>
<table>
<caption>Every page, in menu order</caption>
<thead><tr>{"".join(f'<th scope="col">{h}</th>' for h in head)}</tr></thead>
<tbody>
{chr(10).join(body)}
</tbody>
</table>
</main>
</body>
</html>
"""


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    """Every page's figures are known here (all pages are read), before any is written."""
    pages = [f.page for f in files.documentation_pages() if f.page is not None]
    rank = {src: i for i, src in enumerate(_order)}
    pages.sort(key=lambda p: (rank.get(p.file.src_uri, len(rank)), p.file.src_uri))
    _rows[:] = [row(p, config) for p in pages]
    return env


def on_post_build(config: MkDocsConfig) -> None:
    """Write the page before headers.py (priority -100) lists the site's folders; not in the
    offline copy, which is for readers."""
    if is_offline(config):
        return
    folder = Path(config.site_dir, STATUS_PATH).parent
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.html").write_text(render(_rows, config.site_name, "INFLESZ" if config.theme["language"] == "es" else "US grade"), encoding="utf-8")
    (folder / "status.css").write_text(STYLESHEET, encoding="utf-8")
