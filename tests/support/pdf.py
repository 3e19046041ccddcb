"""Reading printed pages: Debian's pdftotext (poppler-utils, installed by .ci/run)."""
from __future__ import annotations

import os
import shutil

import pytest


def pdftotext() -> str:
    """The path of pdftotext; skips the test without it locally, fails it under CI=true."""
    path = shutil.which("pdftotext")
    if path is None:
        message = "pdftotext not found: install Debian's poppler-utils (`sudo apt-get install poppler-utils`)"
        if os.environ.get("CI") == "true":
            pytest.fail(message + " (.ci/run installs it; CI must never skip these tests)")
        pytest.skip(message)
    return path
