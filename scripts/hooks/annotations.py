"""Under GitHub Actions, show each build problem on its file and line in the pull request.

Our hooks (citations, bibliography, house rules, front matter and review dates) and MkDocs
(links, anchors, the menu) log every problem as a WARNING that names the file, and the line
when there is one. When `GITHUB_ACTIONS=true`, this hook listens to the `mkdocs` loggers for
the whole build, and at its end (or when it stops) prints each problem as a GitHub
annotation, the files the pull request changes first, and writes all of them to the job
summary (see scripts/annotations.py). Elsewhere it does nothing.

Only a build of the checked-out repository itself (`GITHUB_WORKSPACE`) is annotated: the
tests build throw-away copies with planted mistakes, which must not show on the diff.
"""
from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # make `scripts` importable
from scripts.annotations import Finding, changed_files, parse_log, report  # noqa: E402

#: The check each logger stands for (an annotation's title).
TITLES = {
    "mkdocs.hooks.citations": "Citation",
    "mkdocs.hooks.content_rules": "House style",
    "mkdocs.hooks.front_matter": "Front matter",
    "mkdocs.structure.pages": "Link",
    "mkdocs.structure.nav": "Menu",
}


class _Collector(logging.Handler):
    """Keeps the findings of every WARNING (or worse) logged during one build."""

    def __init__(self, root: Path, prefix: str, docs: str) -> None:
        super().__init__(logging.WARNING)
        self.root, self.prefix, self.docs = root, prefix, docs
        self.findings: list[Finding] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            message = record.getMessage()
            title = "Bibliography" if message.startswith("bibliography.bib") else TITLES.get(record.name, "Build")
            for f in parse_log(message, title, self.root, self.docs):
                self.findings.append(Finding(self.prefix + f.file, f.line, f.message, f.title))
        except Exception:  # a report must never break the build
            self.handleError(record)


_collector: _Collector | None = None
_level = "error"
#: docs dirs of the builds under way: the default language's, then a translation's while
#: scripts/hooks/languages.py builds it inside the first build's on_post_build. A nested
#: build reports into the same collector, so the first build's findings are kept.
_builds: list[str] = []


def _detach() -> _Collector | None:
    global _collector
    collector, _collector = _collector, None
    if collector is not None:
        logging.getLogger("mkdocs").removeHandler(collector)
    return collector


@event_priority(110)  # before citations.py lints bibliography.bib in its on_config
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Start listening, when under GitHub Actions and building the workspace's project."""
    global _collector, _level
    if _collector is not None and _builds:   # a translation built inside the running build
        _builds.append(Path(config.docs_dir).resolve().relative_to(_collector.root).as_posix())
        _collector.docs = _builds[-1]
        return config
    _detach()
    _builds.clear()
    if os.environ.get("GITHUB_ACTIONS") != "true":
        return config
    root = Path(config.config_file_path).parent.resolve()
    workspace = Path(os.environ.get("GITHUB_WORKSPACE") or os.getcwd()).resolve()
    if root != workspace and workspace not in root.parents:
        return config
    prefix = "" if root == workspace else root.relative_to(workspace).as_posix() + "/"
    docs = Path(config.docs_dir).resolve().relative_to(root).as_posix()
    _level = "error" if config.strict else "warning"
    _collector = _Collector(root, prefix, docs)
    _builds.append(docs)
    logging.getLogger("mkdocs").addHandler(_collector)
    return config


def _finish() -> None:
    if len(_builds) > 1 and _collector is not None:   # the end of a nested translation build
        _builds.pop()
        _collector.docs = _builds[-1]
        return
    _builds.clear()
    collector = _detach()
    if collector is None:
        return
    report(collector.findings, changed_files(collector.root, os.environ.get("GITHUB_BASE_REF") or None),
           sys.stdout, os.environ.get("GITHUB_STEP_SUMMARY"), "IPT Guide build", _level)


@event_priority(-100)  # last, after every other hook's checks
def on_post_build(config: MkDocsConfig) -> None:
    _finish()


def on_build_error(error: Exception) -> None:
    """The build stopped (e.g. bibliography.bib cannot be read): report what was found."""
    _finish()
