"""Check every [@key] citation before mkdocs-bibtex sees it.

mkdocs-bibtex drops an unknown key with a vague warning and silently cuts a malformed key
(`[@smith:2020]` becomes `smith`). This hook reads each page's Markdown source first and
reports, for every problem on every page, the file, the line and what to do. Each report
is a WARNING, so `mkdocs build --strict` fails after listing all of them.
"""
from __future__ import annotations

import logging
import re
import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # make `scripts` importable
from scripts.bibliography import KEY_PATTERN, cited_keys, load  # noqa: E402

log = logging.getLogger("mkdocs.hooks.citations")


def on_files(files: Files, config: MkDocsConfig) -> Files:
    bib_path = Path(config.config_file_path).parent / "bibliography.bib"
    try:
        known = {k.lower() for k in load(bib_path).entries.keys()}
    except Exception as error:  # any parse error: say where, keep checking nothing else
        log.warning("bibliography.bib cannot be read: %s. Fix the entry it names; "
                    "every citation on the site depends on this file.", error)
        return files
    for file in files.documentation_pages():
        text = Path(file.abs_src_path).read_text(encoding="utf-8")
        for line, key in cited_keys(text):
            where = f"docs/{file.src_uri}:{line}"
            if not re.fullmatch(KEY_PATTERN, key):
                log.warning("%s: citation key '@%s' is malformed: keys use only letters, digits, "
                            "'-' and '_' (write it as in bibliography.bib, e.g. [@smith2020]).", where, key)
            elif key.lower() not in known:
                log.warning("%s: unknown citation key '@%s': it is not in bibliography.bib. "
                            "Fix the spelling or add the source to bibliography.bib.", where, key)
    return files
