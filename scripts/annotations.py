"""GitHub annotations: each finding that names a file is shown on that line of the pull request.

Under GitHub Actions (`GITHUB_ACTIONS=true`) a line such as

    ::error file=docs/benefits.md,line=12,title=Citation::docs/benefits.md:12: unknown citation key ...

on standard output puts the message on line 12 of that file in the pull request's diff.
GitHub shows only 10 error annotations per step, so `report()` prints the findings in the
files the pull request changed first, at most `LIMIT` of them, and writes every finding to
the job summary (`$GITHUB_STEP_SUMMARY`) as a Markdown table.

Used by the build (scripts/hooks/annotations.py reads the WARNINGs our hooks and MkDocs log)
and by the tests (tests/support/annotations.py reads failing tests' messages), so both
recognise and print findings the same way. A finding is recognised from the words an editor
already reads, `path:line: message` (or `path: message`), or MkDocs' own link and menu
messages, whose line is looked up in the page.
"""
from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

#: GitHub displays at most 10 error annotations per step.
LIMIT = 10

#: `docs/x.md:12: message`, `bibliography.bib:3: key: message`, `docs/x.md: message`,
#: and `docs/x.md reads at grade 9` (the file, then a space): the file's path from the
#: repository root, never absolute.
_FILE_LINE = re.compile(
    r"^\s*(?:- )?(?P<file>(?![/.])[\w./-]+\.(?:md|bib|ya?ml|txt))(?::(?P<line>\d+))?(?::\s|\s)(?P<message>\S.*)", re.S)
#: A file named anywhere in a line, e.g. "benefits/index.html (from docs/benefits.md): broken link".
_NAMED_FILE = re.compile(r"(?<![\w/.])(?P<file>docs/[\w./-]+\.md)(?::(?P<line>\d+))?")
#: MkDocs 1.6: "Doc file 'x.md' contains a link 'y.md#z', but ..." (also absolute,
#: unrecognized relative, and "a link to 'y.md' which is excluded").
_MKDOCS_LINK = re.compile(r"^Doc file '(?P<src>[^']+)' contains (?:an? )?(?:[\w ]+ )?link (?:to )?'(?P<link>[^']*)'")
_MKDOCS_NAV = re.compile(r'^The following pages exist in the docs directory, but are not included in the "nav"')


@dataclass(frozen=True)
class Finding:
    """One problem to show on a file: path from the repository root, line (None: the file)."""

    file: str
    line: int | None
    message: str
    title: str = "IPT Guide check"


def escape_data(text: str) -> str:
    """A workflow command's message, escaped as GitHub documents (%, CR, LF)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow command's property value: also ':' and ','."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(finding: Finding, level: str = "error") -> str:
    """`::error file=…,line=…,title=…::message` for one finding."""
    props = [f"file={escape_property(finding.file)}"]
    if finding.line is not None:
        props.append(f"line={finding.line}")
    props.append(f"title={escape_property(finding.title)}")
    return f"::{level} {','.join(props)}::{escape_data(finding.message)}"


def locate(path: Path, link: str) -> int | None:
    """The line of `path` where `link` is written as a link target, else where it first appears."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return None
    for pattern in (f"]({link}", f"](<{link}", f"]: {link}", f'="{link}"', link):
        for number, text in enumerate(lines, start=1):
            if pattern in text:
                return number
    return None


def parse_log(message: str, title: str, root: Path, docs: str = "docs") -> list[Finding]:
    """The findings in one build log message; [] when it names no file.

    `root` is the project folder (to look up MkDocs' links in their pages) and `docs` the
    docs folder relative to the repository root.
    """
    if match := _MKDOCS_LINK.match(message):
        src = f"{docs}/{match['src']}"
        line = locate(root / src, match["link"])
        return [Finding(src, line, f"{src}{f':{line}' if line else ''}: {message}", title)]
    if _MKDOCS_NAV.match(message):
        pages = re.findall(r"^\s+- (\S.*)$", message, re.M)
        return [Finding(f"{docs}/{page}", None, f"{docs}/{page}: this page is not in the menu. Add it under "
                        "nav: in mkdocs.yml.", title) for page in pages]
    if match := _FILE_LINE.match(message):
        line = int(match["line"]) if match["line"] else None
        return [Finding(match["file"], line, message.strip(), title)]
    return []


def parse_failure(text: str, title: str) -> list[Finding]:
    """The findings in a failing test's message: one per line that names a page
    (`docs/x.md[:12]`), with the lines after it that name none (e.g. the sentences to
    shorten). pytest's own `assert …` explanation at the end is left out."""
    out: list[Finding] = []
    for line in text.split("\nassert ")[0].splitlines():
        if match := _FILE_LINE.match(line) or _NAMED_FILE.search(line):
            out.append(Finding(match["file"], int(match["line"]) if match["line"] else None, line.strip(), title))
        elif out and line.strip():
            last = out[-1]
            out[-1] = Finding(last.file, last.line, f"{last.message}\n{line.rstrip()}", last.title)
    return out


def changed_files(root: Path, base_ref: str | None) -> set[str] | None:
    """Files the pull request changes (paths from the repository root), or None if unknown.

    Against `origin/<base_ref>` or `<base_ref>` (GITHUB_BASE_REF, set on pull requests), else
    against the checked-out commit's first parent (on a pull request's merge commit, that is
    the base); None when git or that history is not there (e.g. a shallow clone).
    """
    ranges = [f"origin/{base_ref}...HEAD", f"{base_ref}...HEAD"] if base_ref else []
    for spec in [*ranges, "HEAD^1"]:
        args = ["git", "diff", "--name-only", spec] + (["HEAD"] if spec == "HEAD^1" else [])
        try:
            result = subprocess.run(args, cwd=root, capture_output=True, text=True, timeout=30)
        except (OSError, subprocess.SubprocessError):
            return None
        if result.returncode == 0:
            return {line for line in result.stdout.splitlines() if line}
    return None


def ordered(findings: list[Finding], changed: set[str] | None) -> list[Finding]:
    """Each finding once: those in changed files first, then by file and line."""
    unique = list(dict.fromkeys(findings))
    return sorted(unique, key=lambda f: (bool(changed) and f.file not in changed, f.file, f.line or 0))


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\r", "").replace("\n", "<br>")


def summary(findings: list[Finding], changed: set[str] | None, heading: str, limit: int = LIMIT) -> str:
    """The job summary: a Markdown table of every finding, in the order annotated."""
    where = ("Files this pull request changes come first." if changed is not None
             else "The changed files were not known (no base branch in this checkout).")
    rows = [f"### {heading}: {len(findings)} problem(s)", "",
            f"{where} The first {min(limit, len(findings))} are also shown on their lines in the diff.", "",
            "| # | File | Line | Check | Problem | Changed file | On the diff |",
            "|---|---|---|---|---|---|---|"]
    for number, f in enumerate(findings, start=1):
        rows.append(f"| {number} | `{_cell(f.file)}` | {f.line or ''} | {_cell(f.title)} | {_cell(f.message)} "
                    f"| {'?' if changed is None else 'yes' if f.file in changed else 'no'} | {'yes' if number <= limit else 'no'} |")
    return "\n".join(rows) + "\n\n"


def report(findings: list[Finding], changed: set[str] | None, out: TextIO, summary_path: str | None,
           heading: str, level: str = "error", limit: int = LIMIT) -> None:
    """Print up to `limit` annotations (changed files first) and add every finding to the summary."""
    found = ordered(findings, changed)
    if not found:
        return
    for finding in found[:limit]:
        print(command(finding, level), file=out)
    if len(found) > limit:
        print(f"::notice title={escape_property(heading)}::{len(found)} problems in all; the first {limit} are "
              "shown on their lines. The job summary lists every one.", file=out)
    out.flush()
    if summary_path:
        with open(summary_path, "a", encoding="utf-8") as file:
            file.write(summary(found, changed, heading, limit))
