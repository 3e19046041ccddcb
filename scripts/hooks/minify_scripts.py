"""Ship our own scripts (`docs/javascripts/*.js`) without their comments (issue 16: weight).

The comments in `docs/javascripts/lazy-search.js` explain it to editors; every reader's first
view downloads them too (about 0.5 KB gzip of its 1.5 KB). After the build, this hook removes
whole-line block comments (`/* ... */` alone on their lines), blank lines and indentation
from the built copy; the source keeps them.

Cautious by design: a comment that shares a line with code, or a script with a template
literal (a backtick, whose text may span lines), is left as written, so the result runs
exactly as the source: no line break is removed, so semicolon insertion cannot change.
Anything else (a minifier for other people's scripts) is out of scope.
"""
from __future__ import annotations

from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files

#: Our scripts, by their path under docs/ (Material's own live under assets/javascripts/).
FOLDER = "javascripts/"
_ours: list[str] = []


def strip_comments(source: str) -> str:
    """`source` without whole-line block comments, blank lines and indentation; returned
    unchanged if a comment shares a line with code or the script has a template literal."""
    if "`" in source:
        return source
    kept: list[str] = []
    in_comment = False
    for line in source.splitlines():
        text = line.strip()
        if in_comment or text.startswith("/*"):
            end = text.find("*/", 2 if not in_comment else 0)
            if end == -1:
                in_comment = True
                continue
            if end + 2 != len(text):
                return source  # code after the comment on the same line: leave it all alone
            in_comment = False
            continue
        if "/*" in text and "*/" not in text:
            return source      # a comment opened after code: leave it all alone
        if text:
            kept.append(text)
    return source if in_comment else "\n".join(kept) + "\n"


@event_priority(-100)  # after languages.py adds the default language's scripts to a translation
def on_files(files: Files, config: MkDocsConfig) -> Files:
    _ours[:] = [f.dest_uri for f in files if f.src_uri.startswith(FOLDER) and f.src_uri.endswith(".js")]
    return files


@event_priority(-80)  # before trim_css.py (-90) reads the scripts for class names
def on_post_build(config: MkDocsConfig) -> None:
    for name in _ours:
        path = Path(config.site_dir) / name
        if path.is_file():
            path.write_text(strip_comments(path.read_text(encoding="utf-8")), encoding="utf-8")
