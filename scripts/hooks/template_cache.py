"""Compiled templates kept between builds (issue 16: build time and the editor's preview).

Every build makes a new Jinja environment and compiles Material's templates and our
`overrides/` again: about 50 templates, a fifth of a build of this site. Jinja's own
`FileSystemBytecodeCache` keeps each compiled template in `.cache/jinja/` (git-ignored), keyed
by the template's name and the checksum of its source, so a changed template, partial or
Material release is compiled afresh and nothing stale is ever used; deleting the folder is
always safe. Not a time stamp in sight.
"""
from __future__ import annotations

import sys
from pathlib import Path

from jinja2 import Environment, FileSystemBytecodeCache
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # make `scripts` importable
from scripts.project import cache_dir  # noqa: E402


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    env.bytecode_cache = FileSystemBytecodeCache(str(cache_dir(config, "jinja")))
    return env
