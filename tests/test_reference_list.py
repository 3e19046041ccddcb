"""The References page lists every entry of bibliography.bib, linkable and with DOI links.

The list is rendered by scripts/hooks/reference_list.py in place of the marker line
`<!-- full-bibliography -->` in docs/references.md.
"""
from __future__ import annotations

from pathlib import Path

from scripts.bibliography import load
from tests.conftest import BuiltSite
from tests.support.build import ROOT, copy_project, strict_build

BIB = ROOT / "bibliography.bib"


def test_every_entry_is_listed_once_with_an_anchor(site: BuiltSite) -> None:
    article = site.page("references.md").soup.select_one("article")
    keys = list(load(BIB).entries.keys())
    ids = [li.get("id") for li in article.select("ul.bibliography > li")]
    missing = [k for k in keys if f"ref-{k}" not in ids]
    assert not missing, ("these bibliography.bib entries are not on the References page (is the line "
                         f"<!-- full-bibliography --> in docs/references.md?): {missing}")
    assert len(ids) == len(set(ids)) == len(keys), f"entries listed more than once: {sorted(ids)}"


def test_entries_link_their_doi_or_web_address(site: BuiltSite) -> None:
    article = site.page("references.md").soup.select_one("article")
    problems = []
    for key, entry in load(BIB).entries.items():
        item = article.select_one(f'li[id="ref-{key}"]')
        doi, url = entry.fields.get("doi"), entry.fields.get("url")
        want = f"https://doi.org/{doi}" if doi else url
        if item is not None and want and not item.select_one(f'a[href="{want}"]'):
            problems.append(f"ref-{key} does not link {want}")
    links = [a["href"] for a in article.select("ul.bibliography a[href]")]
    problems += [f"not an https link: {h}" for h in links if not h.startswith("https://")]
    assert not problems, "References page:\n" + "\n".join(problems)


def test_list_is_grouped_under_headings_in_the_table_of_contents(site: BuiltSite) -> None:
    article = site.page("references.md").soup.select_one("article")
    headings = [h.get_text(" ", strip=True).rstrip("¶").strip() for h in article.select("h2")]
    assert "Reviews and meta-analyses" in headings and "Books and manuals" in headings, headings
    # each group's list follows its heading, sorted by first author
    for ul in article.select("ul.bibliography"):
        names = [li.get_text(" ", strip=True).lower() for li in ul.select("li")]
        assert names == sorted(names), f"a group on the References page is not in author order: {names}"


def test_build_fails_when_the_marker_is_missing(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    page = project / "docs" / "references.md"
    page.write_text(page.read_text().replace("<!-- full-bibliography -->", ""))
    result = strict_build(project, tmp_path / "site")
    log = result.stdout + result.stderr
    assert result.returncode != 0, f"strict build passed without the reference list:\n{log}"
    assert "docs/references.md" in log and "full-bibliography" in log, log


#: Issues 13 and 22: the site cites at least this many distinct sources that have a DOI link.
MIN_DOI_SOURCES = 55


def test_pages_cite_enough_doi_linked_sources(site: BuiltSite) -> None:
    """Counted on the built pages' own reference lists, so only sources a page really cites."""
    dois = {a["href"] for page in site.reader_pages
            for a in page.soup.select('div.footnote a[href^="https://doi.org/"]')}
    assert len(dois) >= MIN_DOI_SOURCES, (
        f"the reader pages cite {len(dois)} distinct sources with a DOI link; at least {MIN_DOI_SOURCES} "
        "are needed. Cite a source from bibliography.bib that has a doi field, or add one.")


def test_bibtex_values_read_as_readers_see_them() -> None:
    """The References page and the reference-word check read BibTeX's escapes as pybtex prints
    them: accents, letters written as commands, escaped characters and dashes."""
    from scripts.bibliography import _plain

    assert _plain(r"M{\'e}ndez, Storeb{\o} and S{\o}rensen, {HIV/AIDS}---a pilot, 1--2, \&") == \
        "Méndez, Storebø and Sørensen, HIV/AIDS—a pilot, 1–2, &"
