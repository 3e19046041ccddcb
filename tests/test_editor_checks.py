"""The fast checks editors run before a commit (.pre-commit-config.yaml) work.

- The configuration is valid, uses local hooks only, and every hook's program exists.
- Spelling: codespell finds nothing in the repository, and does find a planted typo.
- scripts/check_content.py turns a broken page into a short, numbered list of problems
  that name the file to fix.
"""
from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.support.build import ROOT, copy_project

CONFIG = ROOT / ".pre-commit-config.yaml"
BIN = Path(sys.executable).parent


def hooks() -> list[dict]:
    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    return [hook for repo in config["repos"] for hook in repo["hooks"]]


def run(*args: str, cwd: Path = ROOT, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(args), cwd=cwd, capture_output=True, text=True, timeout=300,
                          env=dict(os.environ, NO_MKDOCS_2_WARNING="1", **env))


def test_pre_commit_config_is_valid_and_local() -> None:
    result = run(str(BIN / "pre-commit"), "validate-config", str(CONFIG))
    assert result.returncode == 0, result.stdout + result.stderr
    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    assert all(repo["repo"] == "local" for repo in config["repos"]), \
        "pre-commit hooks must be `repo: local`: fetching hook code from GitHub needs the internet"
    assert {h["id"] for h in hooks()} >= {"content", "bibliography", "codespell"}


def test_every_hook_program_exists() -> None:
    missing = []
    for hook in hooks():
        parts = shlex.split(hook["entry"])
        program = ROOT / parts[0]
        if not program.exists():
            missing.append(f"{hook['id']}: {parts[0]} (run `make test` or `make serve` once to create .venv)")
        missing += [f"{hook['id']}: {p}" for p in parts[1:] if p.endswith(".py") and not (ROOT / p).is_file()]
    assert not missing, "pre-commit hooks point to missing files:\n  " + "\n  ".join(missing)


def test_no_spelling_mistakes() -> None:
    result = run(str(BIN / "codespell"))
    assert result.returncode == 0, (
        "codespell found likely misspellings (file:line: wrong ==> right). Fix them, or, if a word is "
        f"spelt correctly (a name, say), add it to ignore-words-list in .codespellrc:\n{result.stdout}"
    )


def test_spelling_check_finds_a_typo(tmp_path: Path) -> None:
    typo = "reci" + "eved"  # spelt out in two parts, so this file itself stays clean
    page = tmp_path / "page.md"
    page.write_text(f"IPT is a talking therapy that is {typo} well.\n")
    result = run(str(BIN / "codespell"), str(page))
    assert result.returncode != 0 and f"{typo} ==> received" in result.stdout, result.stdout


@pytest.mark.skipif(shutil.which("git") is None or not (ROOT / ".git").exists(), reason="needs a git checkout")
def test_pre_commit_runs_the_spelling_hook(tmp_path: Path) -> None:
    """pre-commit itself runs a hook from this configuration, offline (--all-files never
    stashes the working tree)."""
    result = run(str(BIN / "pre-commit"), "run", "codespell", "--all-files", PRE_COMMIT_HOME=str(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Passed" in result.stdout, result.stdout


def test_content_check_lists_problems_with_the_file_to_fix(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    shutil.copy2(ROOT / "scripts" / "check_content.py", project / "scripts" / "check_content.py")
    page = project / "docs" / "benefits.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nIPT helps [@nosuchsource2099].\n", encoding="utf-8")
    result = run(sys.executable, str(project / "scripts" / "check_content.py"), cwd=project)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "problem(s) to fix" in result.stdout and "1. " in result.stdout, result.stdout
    assert "docs/benefits.md" in result.stdout and "nosuchsource2099" in result.stdout, result.stdout
    assert "INFO" not in result.stdout, f"only problems should be shown:\n{result.stdout}"
