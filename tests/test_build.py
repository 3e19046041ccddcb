"""The strict build: it passes on main, writes every page, and fails on injected faults."""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import BuiltSite, doc_sources
from tests.support.build import copy_project, strict_build


def test_build_is_clean(site: BuiltSite) -> None:
    assert "WARNING" not in site.log, site.log


def test_every_markdown_page_has_an_html_page(site: BuiltSite) -> None:
    assert len(site.pages) >= 10
    missing = [p.src for p in site.pages if not p.html_path.is_file()]
    assert not missing, f"no HTML written for: {missing}"


def test_home_page_has_title_and_language(site: BuiltSite) -> None:
    home = site.page("index.md").soup
    assert home.html.get("lang") == "en"
    assert home.title and "IPT Guide" in home.title.get_text()


def test_every_page_has_a_unique_title(site: BuiltSite) -> None:
    titles = [p.soup.title.get_text(strip=True) for p in site.pages]
    assert len(set(titles)) == len(titles), titles


@pytest.mark.parametrize(
    ("fault", "page", "expected"),
    [
        ("See [the study](no-such-page.md).", "benefits.md", "no-such-page.md"),
        ("Depression is common [@nosuchkey2099].", "benefits.md", "nosuchkey2099"),
        ("IPT helps [see @cuijpers2011ipt, p. 3].", "benefits.md", "words besides its keys"),
    ],
    ids=["link-to-missing-page", "unknown-citation-key", "citation-with-page-number"],
)
def test_strict_build_fails_on_injected_fault(tmp_path: Path, fault: str, page: str, expected: str) -> None:
    project = copy_project(tmp_path / "project")
    target = project / "docs" / page
    target.write_text(target.read_text() + "\n" + fault + "\n")
    result = strict_build(project, tmp_path / "site")
    log = result.stdout + result.stderr
    assert result.returncode != 0, f"strict build passed with a fault:\n{log}"
    assert "Aborted with" in log and expected in log
    assert page in log, f"the error does not name the file {page}:\n{log}"


def test_sources_listed_match_docs_folder() -> None:
    # Guards the fixture itself: snippets are excluded, real pages are not.
    sources = doc_sources()
    assert "index.md" in sources and not any(s.startswith("includes/") for s in sources)
