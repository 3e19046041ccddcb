"""scripts/new_page.py makes a page that builds at once, in the menu and the address list;
it refuses bad input without writing anything; and no skeleton text is ever published."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DOCS, doc_sources, front_matter
from tests.support.build import ROOT, copy_project, strict_build

SCRIPT = ROOT / "scripts" / "new_page.py"
DESCRIPTION = "How interpersonal psychotherapy is adapted for teenagers, and what the sessions are like."


@pytest.fixture
def project(tmp_path: Path) -> Path:
    project = copy_project(tmp_path / "project")
    shutil.copy2(ROOT / "published-urls.txt", project / "published-urls.txt")
    return project


def new_page(project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(SCRIPT), *args, "--root", str(project)],
                          capture_output=True, text=True, timeout=60)


def test_new_page_builds_and_is_listed(project: Path, tmp_path: Path) -> None:
    config_before = (project / "mkdocs.yml").read_text()
    result = new_page(project, "IPT for teenagers: what to expect", "--description", DESCRIPTION)
    assert result.returncode == 0, result.stderr
    page = project / "docs" / "ipt-for-teenagers-what-to-expect.md"
    meta = front_matter(page)
    assert meta["title"] == "IPT for teenagers: what to expect" and meta["description"] == DESCRIPTION
    assert (meta["next_review"] - meta["last_reviewed"]).days in (365, 366)
    assert "[@" in page.read_text(), "the skeleton should show how to cite"

    # Menu: one line added just before the glossary; every comment of mkdocs.yml kept.
    config_after = (project / "mkdocs.yml").read_text()
    added = [line for line in config_after.splitlines() if line not in config_before.splitlines()]
    assert added == ["  - 'IPT for teenagers: what to expect': ipt-for-teenagers-what-to-expect.md"], added
    lines = config_after.splitlines()
    assert lines[lines.index(added[0]) + 1].strip() == "- Glossary: glossary.md"
    assert len(config_after.splitlines()) == len(config_before.splitlines()) + 1
    assert "/ipt-for-teenagers-what-to-expect/" in (project / "published-urls.txt").read_text().split()

    result = strict_build(project, tmp_path / "site")
    assert result.returncode == 0, f"a new page from new_page.py does not build:\n{result.stdout}{result.stderr}"
    html = (tmp_path / "site" / "ipt-for-teenagers-what-to-expect" / "index.html").read_text()
    assert "IPT for teenagers: what to expect" in html and 'id="fn:ref-cuijpers2011ipt"' in html


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["A title"], "--description"),
        (["A title", "--description", "Too short."], "needs 50 to 160"),
        (["A title", "--slug", "Bad Slug", "--description", DESCRIPTION], "lower-case letters"),
        (["What is IPT", "--slug", "what-is-ipt", "--description", DESCRIPTION], "already exists"),
    ],
    ids=["no-description", "short-description", "bad-slug", "page-exists"],
)
def test_bad_input_is_refused_and_nothing_is_written(project: Path, args: list[str], message: str) -> None:
    before = {p: p.read_text() for p in (project / "mkdocs.yml", project / "published-urls.txt")}
    pages_before = sorted((project / "docs").rglob("*.md"))
    result = new_page(project, *args)
    assert result.returncode != 0 and message in result.stderr, result.stderr
    assert {p: p.read_text() for p in before} == before
    assert sorted((project / "docs").rglob("*.md")) == pages_before


def test_no_page_still_has_skeleton_text() -> None:
    sys.path.insert(0, str(ROOT))
    from scripts.new_page import PLACEHOLDER

    left = [src for src in doc_sources() if PLACEHOLDER in (DOCS / src).read_text(encoding="utf-8")]
    assert not left, (f"These pages still have the new-page skeleton's '{PLACEHOLDER}' text; "
                      f"write the page before publishing it: {left}")
