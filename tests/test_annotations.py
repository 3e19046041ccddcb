"""Problems show on their file and line in a pull request (GitHub annotations), issue 15.

- A strict build of a broken copy under GITHUB_ACTIONS=true prints `::error file=…,line=…`
  for each problem, the files changed against GITHUB_BASE_REF first, at most 10, and lists
  every problem in the job summary (scripts/hooks/annotations.py, scripts/annotations.py).
- A failing test whose message names a page does the same (tests/support/annotations.py).
- Nothing is annotated outside GitHub Actions, or for a copy outside GITHUB_WORKSPACE (the
  tests' own broken copies).
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

from scripts import annotations as ann
from scripts.hooks import annotations as hook
from tests.support.build import ROOT, copy_project, strict_build

GIT = ("git", "-c", "user.name=Editor", "-c", "user.email=editor@example.org", "-c", "commit.gpgsign=false")


def git(project: Path, *args: str) -> None:
    subprocess.run([*GIT, *args], cwd=project, check=True, capture_output=True, text=True)


def append(project: Path, rel: str, text: str) -> int:
    """Add a paragraph at the end of a file; returns its line number."""
    path = project / rel
    old = path.read_text(encoding="utf-8").rstrip("\n") + "\n"
    path.write_text(old + "\n" + text + "\n", encoding="utf-8")
    return old.count("\n") + 2


@pytest.fixture
def github(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """GitHub Actions' environment, with the job summary in a temporary file."""
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    monkeypatch.delenv("GITHUB_BASE_REF", raising=False)
    return summary


def test_a_broken_pull_request_is_annotated_changed_files_first(tmp_path: Path, github: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    project = copy_project(tmp_path / "project")
    # main already has nine problems in a file the pull request does not touch ...
    old = [append(project, "docs/about.md", f"An old claim [@oldkey{i}].") for i in range(1, 10)]
    git(project, "init", "-q", "-b", "main")
    git(project, "add", "-A")
    git(project, "commit", "-qm", "main")
    # ... and the pull request adds four in two other files.
    git(project, "switch", "-qc", "add-benefits")
    key = append(project, "docs/benefits.md", "IPT can help [@nosuchkey2099].")
    empty = append(project, "docs/benefits.md", "Read [](what-is-ipt.md) first.")
    broken = append(project, "docs/benefits.md", "See [the study](no-such-page.md).")
    research = project / "docs/research.md"
    research.write_text(re.sub(r"(?m)^description: .*$", "description: Too short.", research.read_text(), count=1))
    git(project, "commit", "-qam", "A change with mistakes")
    monkeypatch.setenv("GITHUB_WORKSPACE", str(project))
    monkeypatch.setenv("GITHUB_BASE_REF", "main")

    result = strict_build(project, tmp_path / "site")

    assert result.returncode != 0, result.stderr[-2000:]
    printed = [line for line in result.stdout.splitlines() if line.startswith("::")]
    expected = [
        f"::error file=docs/benefits.md,line={key},title=Citation::docs/benefits.md:{key}: unknown citation key "
        "'@nosuchkey2099': it is not in bibliography.bib.",
        f"::error file=docs/benefits.md,line={empty},title=House style::docs/benefits.md:{empty}: the link to "
        "'what-is-ipt.md' has no text",
        f"::error file=docs/benefits.md,line={broken},title=Link::docs/benefits.md:{broken}: Doc file 'benefits.md' "
        "contains a link 'no-such-page.md', but the target is not found among documentation files.",
        "::error file=docs/research.md,line=3,title=Front matter::docs/research.md:3: front matter field "
        "'description' is too short (10 characters",
    ] + [f"::error file=docs/about.md,line={line},title=Citation::docs/about.md:{line}: unknown citation key "
         f"'@oldkey{i}'" for i, line in enumerate(old[:6], start=1)]
    assert len(printed) == 11, "\n".join(printed)
    for got, want in zip(printed, expected):
        assert got.startswith(want), f"expected\n  {want}\ngot\n  {got}"
    assert printed[10] == ("::notice title=IPT Guide build::13 problems in all; the first 10 are shown on their "
                           "lines. The job summary lists every one.")

    table = [row for row in github.read_text().splitlines() if row.startswith("| ") and row[2].isdigit()]
    assert "### IPT Guide build: 13 problem(s)" in github.read_text()
    cells = [row.removesuffix(" |").split(" | ") for row in table]  # | # | file | line | check | … | changed | shown |
    listed = [(c[1].strip("`"), c[2], c[-2], c[-1]) for c in cells]
    assert listed == (
        [("docs/benefits.md", str(n), "yes", "yes") for n in (key, empty, broken)]
        + [("docs/research.md", "3", "yes", "yes")]
        + [("docs/about.md", str(n), "no", "yes" if i < 6 else "no") for i, n in enumerate(old)]
    ), "\n".join(table)


def test_no_annotations_outside_github_actions_or_the_workspace(tmp_path: Path, github: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    config = SimpleNamespace(config_file_path=str(ROOT / "mkdocs.yml"), docs_dir=str(ROOT / "docs"), strict=True)
    monkeypatch.setenv("GITHUB_WORKSPACE", str(tmp_path / "elsewhere"))
    hook.on_config(config)
    assert hook._collector is None, "a copy outside GITHUB_WORKSPACE (a test's broken copy) must not be annotated"
    monkeypatch.setenv("GITHUB_WORKSPACE", str(ROOT))
    monkeypatch.setenv("GITHUB_ACTIONS", "false")
    hook.on_config(config)
    assert hook._collector is None, "annotations outside GitHub Actions"
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    hook.on_config(config)
    try:
        assert hook._collector is not None, "the checked-out project under GitHub Actions is not annotated"
    finally:
        hook._detach()


def test_a_translation_built_inside_the_build_keeps_both_languages_findings(
        github: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """scripts/hooks/languages.py builds docs/es/ inside the English build's on_post_build, with
    the same hook module: the Spanish build must add to the English findings, not replace them."""
    import logging

    monkeypatch.setenv("GITHUB_WORKSPACE", str(ROOT))
    english = SimpleNamespace(config_file_path=str(ROOT / "mkdocs.yml"), docs_dir=str(ROOT / "docs"), strict=True)
    spanish = SimpleNamespace(config_file_path=str(ROOT / "mkdocs.es.yml"), docs_dir=str(ROOT / "docs" / "es"),
                              strict=True)
    log = logging.getLogger("mkdocs.hooks.citations")
    try:
        hook.on_config(english)
        log.warning("docs/about.md:3: unknown citation key '@a'")
        hook.on_config(spanish)
        log.warning("docs/es/about.md:4: unknown citation key '@b'")
        hook.on_post_build(spanish)
        assert not [line for line in capsys.readouterr().out.splitlines() if line.startswith("::")], \
            "the Spanish build reported before the English build ended"
        hook.on_post_build(english)
    finally:
        hook._detach()
        hook._builds.clear()
    printed = [line for line in capsys.readouterr().out.splitlines() if line.startswith("::error")]
    assert [p.split("::")[1] for p in printed] == [
        "error file=docs/about.md,line=3,title=Citation", "error file=docs/es/about.md,line=4,title=Citation"], printed


def test_commands_are_escaped_as_github_documents() -> None:
    finding = ann.Finding("docs/a,b.md", 7, "100% sure\r\nnext line", "Check: one, two")
    assert ann.command(finding) == \
        "::error file=docs/a%2Cb.md,line=7,title=Check%3A one%2C two::100%25 sure%0D%0Anext line"
    assert ann.command(ann.Finding("docs/x.md", None, "m", "T"), "warning") == "::warning file=docs/x.md,title=T::m"


def test_messages_are_recognised_with_their_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs/a.md").write_text("# A\n\nSee [it](b.md#c).\n")
    parse = lambda message: [(f.file, f.line) for f in ann.parse_log(message, "T", tmp_path)]  # noqa: E731
    assert parse("docs/a.md:12: unknown citation key '@x'") == [("docs/a.md", 12)]
    assert parse("bibliography.bib:215: smith2020: unused entry") == [("bibliography.bib", 215)]
    assert parse("Doc file 'a.md' contains a link 'b.md#c', but the doc 'b.md' does not contain an anchor '#c'.") \
        == [("docs/a.md", 3)]
    assert parse('The following pages exist in the docs directory, but are not included in the "nav" '
                 "configuration:\n  - a.md\n  - b/c.md") == [("docs/a.md", None), ("docs/b/c.md", None)]
    assert parse("Citing unknown reference key nosuchkey") == []
    assert parse("/abs/docs/a.md:3: not a repository path") == []


def test_changed_files_fall_back_gracefully(tmp_path: Path) -> None:
    assert ann.changed_files(tmp_path, "main") is None  # not a git checkout
    git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / "a.md").write_text("a\n")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "one")
    assert ann.changed_files(tmp_path, None) is None  # one commit: no parent, no base
    (tmp_path / "b.md").write_text("b\n")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "two")
    assert ann.changed_files(tmp_path, "no-such-branch") == {"b.md"}  # the commit's parent
    found = [ann.Finding("z.md", 1, "z"), ann.Finding("a.md", 2, "a"), ann.Finding("a.md", 1, "a")]
    assert [f.file for f in ann.ordered(found, None)] == ["a.md", "a.md", "z.md"]
    assert [f.file for f in ann.ordered(found, {"z.md"})] == ["z.md", "a.md", "a.md"]


def test_failing_tests_that_name_a_page_are_annotated(tmp_path: Path) -> None:
    (tmp_path / "test_pages.py").write_text(
        "import pytest\n\n"
        "def test_link():\n"
        "    assert False, \"docs/benefits.md:12: the link to 'x.md' has no text\"\n\n"
        "def test_grade():\n"
        "    pytest.fail('docs/research.md reads at grade 9.1; the limit is 8.0.\\n  - (grade 14) A long one.')\n\n"
        "def test_elsewhere():\n"
        "    assert False, 'the server did not start'\n\n"
        "def test_passes():\n"
        "    pass\n")
    summary = tmp_path / "summary.md"
    env = dict(os.environ, GITHUB_ACTIONS="true", GITHUB_STEP_SUMMARY=str(summary), PYTHONPATH=str(ROOT))
    env.pop("GITHUB_BASE_REF", None)
    result = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                             "-p", "tests.support.annotations", "test_pages.py"],
                            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    printed = [line for line in result.stdout.splitlines() if line.startswith("::")]
    assert printed == [
        "::error file=docs/benefits.md,line=12,title=test_pages.py%3A%3Atest_link::docs/benefits.md:12: "
        "the link to 'x.md' has no text",
        "::error file=docs/research.md,title=test_pages.py%3A%3Atest_grade::docs/research.md reads at grade 9.1; "
        "the limit is 8.0.%0A  - (grade 14) A long one.",
    ], result.stdout
    assert "| 1 | `docs/benefits.md` | 12 | test_pages.py::test_link |" in summary.read_text()
