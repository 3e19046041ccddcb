"""Check every [@key] citation before mkdocs-bibtex sees it.

mkdocs-bibtex drops an unknown key with a vague warning, silently cuts a malformed key
(`[@smith:2020]` becomes `smith`) and stops on "see" or page numbers without naming the
file. This hook reads each page's Markdown source first and reports, for every problem on
every page, the file, the line and what to do. Each report is a WARNING, so
`mkdocs build --strict` fails after listing all of them. A citation wrapped over two lines is
checked like any other, at the line where it starts (`wrapped_citations.py` puts it on one
line for mkdocs-bibtex).
"""
from __future__ import annotations

import logging
import re
import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # make `scripts` importable
from scripts.project import shown_path  # noqa: E402
from scripts.bibliography import (  # noqa: E402
    CITED_KEY, KEY_PATTERN, citation_blocks, citation_extras, load,
)
from scripts.check_bibliography import PROPER_NOUNS_FILE, check as check_bibliography  # noqa: E402
from scripts.content_cache import remember  # noqa: E402

log = logging.getLogger("mkdocs.hooks.citations")
_SCRIPTS = Path(__file__).resolve().parents[1]
#: What the findings depend on besides the files read (scripts/content_cache.py keeps them
#: between builds by content; they are reported again on every build).
CHECK_CODE = (__file__, str(_SCRIPTS / "bibliography.py"), str(_SCRIPTS / "check_bibliography.py"))

#: A citation that opens a line and is followed by a colon, e.g. "[@smith2020]: ...". Markdown
#: reads it as a footnote definition once mkdocs-bibtex has rewritten it, so the text after it
#: silently becomes the reference's footnote and leaves the page.
DEFINITION_LIKE = re.compile(r"^ {0,3}\[@[^\]\n]*\]:", re.MULTILINE)


@event_priority(100)  # before mkdocs-bibtex reads the file (it stops with a bare traceback)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Lint bibliography.bib first: every problem with its line; stop if it cannot be read."""
    bib_path = Path(config.config_file_path).parent / "bibliography.bib"
    try:
        text = bib_path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        text = None  # check_bibliography says what is wrong with it
    def lint() -> list[list]:
        return [[str(p), p.blocking] for p in check_bibliography(bib_path)]

    nouns = bib_path.parent / PROPER_NOUNS_FILE  # the lint's list of proper nouns for titles
    if text is not None and nouns.is_file():
        text += "\n" + nouns.read_text(encoding="utf-8")
    problems = remember(config, "bibliography-lint", text, CHECK_CODE, lint) if text is not None else lint()
    for problem, _blocking in problems:
        log.warning("%s", problem)
    if any(blocking for _problem, blocking in problems):
        raise PluginError("bibliography.bib cannot be read (problems listed above): fix them, then build again.")
    return config


def _check_block(where: str, block: str, known: set[str]) -> list[str]:
    keys = CITED_KEY.findall(block)
    if not keys:  # e.g. link text [jo@samaritans.org]: "@" inside a word is no citation
        return []
    out = []
    extras = citation_extras(block)
    if extras:
        out.append(f"{where}: citation {block} has words besides its keys ({extras}), which mkdocs-bibtex "
                   "cannot show. Write the keys alone, e.g. [@smith2020; @lee2019], and put \"see\" or "
                   "the page number in your sentence.")
    for key in keys:
        if not re.fullmatch(KEY_PATTERN, key):
            out.append(f"{where}: citation key '@{key}' is malformed: keys use only letters, digits, "
                       "'-' and '_' (write it as in bibliography.bib, e.g. [@smith2020]).")
        elif key.lower() not in known:
            out.append(f"{where}: unknown citation key '@{key}': it is not in bibliography.bib. "
                       "Fix the spelling or add the source to bibliography.bib.")
    return out


def page_problems(text: str, where: str, known: set[str]) -> list[str]:
    """Every citation problem in one page's Markdown, each starting with `where`:line."""
    out = []
    for line, block in citation_blocks(text):
        out += _check_block(f"{where}:{line}", block, known)
    for match in DEFINITION_LIKE.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        out.append(f"{where}:{line}: the citation {match.group(0)[:-1].strip()} starts a line and is followed "
                   "by a colon, so Markdown takes it for a footnote and hides the text after it. Move the "
                   "citation to the end of the sentence before, e.g. 'signs such as [@key]. They are:'.")
    return out


def on_files(files: Files, config: MkDocsConfig) -> Files:
    bib_path = Path(config.config_file_path).parent / "bibliography.bib"
    try:
        bib_text = bib_path.read_text(encoding="utf-8")
        known_keys = remember(config, "bibliography-keys", bib_text, CHECK_CODE,
                              lambda: sorted({k.lower() for k in load(bib_path).entries.keys()}))
    except Exception as error:  # any parse error: say where; no key can be checked without it
        log.warning("bibliography.bib cannot be read: %s. Fix the entry it names; "
                    "every citation on the site depends on this file.", error)
        return files
    known = set(known_keys)
    for file in files.documentation_pages():
        text = Path(file.abs_src_path).read_text(encoding="utf-8")
        where = shown_path(file, config)
        found = remember(config, "citations", "\n".join([where, *known_keys, text]), CHECK_CODE,
                         lambda: page_problems(text, where, known))
        for problem in found:
            log.warning("%s", problem)
    return files
