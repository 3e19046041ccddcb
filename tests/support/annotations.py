"""A pytest plugin: under GitHub Actions, failing tests that name a page show on its line.

A test's failure message that names a file (`docs/x.md:12: ...`, or `docs/x.md reads at
grade 9.4`) becomes a GitHub annotation on that file and line, as the build's own problems
do (scripts/annotations.py: the files the pull request changes first, at most 10, every
one in the job summary). The annotations are printed after the test summary. Elsewhere
(`GITHUB_ACTIONS` not `true`) the plugin does nothing. tests/conftest.py loads it.
"""
from __future__ import annotations

import io
import os

import pytest

from scripts.annotations import Finding, changed_files, parse_failure, report

_FINDINGS = pytest.StashKey[list[Finding]]()


def _active() -> bool:
    return os.environ.get("GITHUB_ACTIONS") == "true"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):
    outcome = yield
    result: pytest.TestReport = outcome.get_result()
    if _active() and result.failed and call.excinfo is not None:
        found = parse_failure(str(call.excinfo.value), item.nodeid)
        item.config.stash.setdefault(_FINDINGS, []).extend(found)


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    findings = config.stash.get(_FINDINGS, [])
    if not (_active() and findings):
        return
    out = io.StringIO()
    report(findings, changed_files(config.rootpath, os.environ.get("GITHUB_BASE_REF") or None), out,
           os.environ.get("GITHUB_STEP_SUMMARY"), "IPT Guide tests")
    for line in out.getvalue().splitlines():
        terminalreporter.write_line(line)
