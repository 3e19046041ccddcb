"""Check the pages the way the published build does, and print only the problems.

Runs `mkdocs build --strict` into a throw-away folder, so every check the site's hooks make
(front matter and review dates, citations, house rules, links) runs exactly as it does in
CI, and nothing in `site/` is touched. Prints each problem on its own line, with the file
and line to fix, and exits 1 when there is any. Used by the pre-commit hook; editors can
also run it by hand:

    .venv/bin/python scripts/check_content.py
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: Log lines worth showing an editor: MkDocs prints "WARNING -  text" and "ERROR -  text".
PROBLEM = re.compile(r"^(WARNING|ERROR)\s+-\s+(.*)$")
#: An indented "- item" line right after a problem belongs to it.
LIST_ITEM = re.compile(r"^\s+- \S")


def build(project: Path = ROOT) -> tuple[int, list[str]]:
    """(exit code, problem lines) of a strict build of `project` into a temporary folder."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    with tempfile.TemporaryDirectory(prefix="ipt-check-") as out:
        result = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", out],
            cwd=project, env=env, capture_output=True, text=True,
        )
    # Under GitHub Actions the build prints annotations (scripts/hooks/annotations.py): pass
    # them on, or this wrapper would hide them from the pull request.
    for line in result.stdout.splitlines():
        if line.startswith("::"):
            print(line, flush=True)
    lines = (result.stdout + result.stderr).splitlines()
    problems: list[str] = []
    for line in lines:
        if match := PROBLEM.match(line):
            problems.append(match.group(2).strip())
        elif problems and LIST_ITEM.match(line):  # e.g. the pages missing from nav:
            problems[-1] += " " + line.strip()
    if result.returncode != 0 and not problems:
        # A crash rather than a finding: show the end of the log, which names the cause.
        problems = [line for line in lines[-15:] if line.strip()]
    return result.returncode, problems


def main() -> int:
    code, problems = build()
    if code == 0:
        print("Content checks passed: front matter, citations, links and house rules.")
        return 0
    print(f"The site would not build. {len(problems)} problem(s) to fix:\n")
    for number, problem in enumerate(problems, start=1):
        print(f"{number}. {problem}")
    print("\nFix each one, save, and run the check again. CONTRIBUTING.md explains the messages.")
    return 1


if __name__ == "__main__":
    sys.exit(main())
