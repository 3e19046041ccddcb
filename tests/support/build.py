"""Run the real strict build, in place or on a throw-away copy of the project."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from scripts.project import PROJECT_FILES, ROOT, copy_project  # noqa: F401 (re-exported for tests)


def strict_build(project: Path, site_dir: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """`mkdocs build --strict` of `project` into `site_dir` (never with -q: see README)."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"),
         "-d", str(site_dir), *extra],
        cwd=project, env=env, capture_output=True, text=True, timeout=300,
    )
