"""The editor's preview (`mkdocs serve`) never shows stale figures (issue 16).

The build keeps reading figures, embed sections, front-matter and citation findings and the
trimmed stylesheet between builds, keyed by content (scripts/content_cache.py), and compiled
templates keyed by their source (scripts/hooks/template_cache.py). Here an editor's save
during a real `mkdocs serve` changes a page's citations and prose: the glance, the reference
list and the reading level must follow at once, and come back exactly when the edit is undone;
so must the page's key points in its API document, and the key points gate must speak.
"""
from __future__ import annotations

import json
import re
import urllib.request
from dataclasses import dataclass

from bs4 import BeautifulSoup

from scripts.bibliography import cited_keys, load
from scripts.preview import ServeSession
from scripts.readability import measure_html
from tests.support.build import copy_project

PAGE = "benefits.md"
#: Long words in long sentences: a paragraph that must raise the page's reading grade.
HARD = ("Considerable methodological heterogeneity characterises international investigations of "
        "interpersonal psychotherapeutic interventions, notwithstanding substantial organisational, "
        "epidemiological and administrative differences between participating institutions")


@dataclass(frozen=True)
class Figures:
    sources: int          # as the glance says
    grade: float          # as the glance says
    measured: float       # the grade of the served article's own prose
    references: tuple[str, ...]   # the keys in the page's reference list


def figures(url: str) -> Figures:
    with urllib.request.urlopen(url, timeout=60) as response:  # noqa: S310 (loopback)
        soup = BeautifulSoup(response.read().decode("utf-8"), "html.parser")
    glance = " ".join(soup.select_one(".ipt-glance").get_text(" ").split())
    sources = re.search(r"(\d+) sources? cited", glance)
    grade = re.search(r"US grade (\d+\.\d)", glance)
    assert sources and grade, glance
    refs = tuple(li["id"].removeprefix("fn:ref-") for li in soup.select('div.footnote li[id^="fn:ref-"]'))
    return Figures(int(sources.group(1)), float(grade.group(1)), measure_html(str(soup.select_one("article"))).fk_grade,
                   refs)


def key_points(site_url: str) -> list[str]:
    with urllib.request.urlopen(f"{site_url}api/v1/{PAGE.removesuffix('.md')}.json", timeout=60) as response:  # noqa: S310
        return json.loads(response.read())["keyPoints"]


def test_a_save_during_serve_updates_glance_references_and_reading_level(tmp_path) -> None:
    project = copy_project(tmp_path / "project")
    page = project / "docs" / PAGE
    original = page.read_text(encoding="utf-8")
    cited = {key.lower() for _line, key in cited_keys(original)}
    new_key = next(k for k in sorted(load(project / "bibliography.bib").entries.keys()) if k.lower() not in cited)
    session = ServeSession(project / "mkdocs.yml", project)
    try:
        url = session.url + PAGE.removesuffix(".md") + "/"
        before = figures(url)
        assert abs(before.grade - before.measured) <= 0.15, before

        session.save(page, original + f"\n{HARD} [@{new_key}].\n")
        after = figures(url)
        assert after.sources == before.sources + 1, f"the glance still counts {after.sources} sources"
        assert new_key.lower() in {r.lower() for r in after.references}, "the reference list lacks the new source"
        assert after.grade > before.grade, f"the reading grade did not follow the harder prose: {after}"
        assert abs(after.grade - after.measured) <= 0.15, f"the glance shows {after.grade}, the page measures {after.measured}"

        session.save(page, original)   # undone: the figures kept from the first build come back
        assert figures(url) == before

        # Key points (issue 21): a harder point is published at once, and the gate says so.
        points = key_points(session.url)
        start = len(session.log)
        session.save(page, re.sub(r"(?m)^    - .*$", f"    - {HARD}.", original, count=1))  # the first point
        assert key_points(session.url)[0] == HARD + ".", "the API document kept the old key point"
        warned = "".join(session.log[start:])
        assert f"docs/{PAGE}" in warned and "the key points read at US grade" in warned, warned[-2000:]
        session.save(page, original)
        assert key_points(session.url) == points
    finally:
        session.close()
