"""Host pages for the embed tests: plain HTML files on a second loopback origin.

A clinic's web page is played by a file in a temporary folder served by `serve()` on its own
port (a different port is a different origin), embedding the card and the iframe from the
site's origin. `doctored_api()` serves a copy of the site's api/v1/ with hostile text in it.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from tests.support.server import Served, serve

#: Fetched text that would run script if the embed ever parsed it as HTML in the host page.
PAYLOAD_TITLE = 'Bad title <img src=x onerror="window.__ipt_pwned=1">'
PAYLOAD_TEXT = '<script>window.__ipt_pwned=2</script><img src=x onerror="window.__ipt_pwned=3"> plain text'
PAYLOAD_HTML = (
    '<p>safe paragraph</p><img src=x onerror="window.__ipt_pwned=4"><script>window.__ipt_pwned=5</script>'
    '<p onclick="window.__ipt_pwned=6" style="color:red">styled</p>'
    '<a href="javascript:window.__ipt_pwned=7">js link</a><iframe src="javascript:parent.__ipt_pwned=8"></iframe>'
    '<svg onload="window.__ipt_pwned=9"></svg><style>*{display:none!important}</style>'
)


def page(body: str, head: str = "", title: str = "A clinic's page") -> str:
    """A complete, plain HTML page as a webmaster would write it."""
    return (f'<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{title}</title>\n{head}\n</head>\n<body>\n{body}\n</body>\n</html>\n")


def script_tag(site: Served, integrity: str) -> str:
    return (f'<script src="{site.url("embed/v1/ipt-embed.js")}" integrity="{integrity}" '
            f'crossorigin="anonymous" defer></script>')


def serve_pages(folder: Path, pages: dict[str, str]):
    """Write `pages` (file name -> HTML) into `folder` and serve it; returns (Served, server)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, html in pages.items():
        (folder / name).write_text(html, encoding="utf-8")
    return serve(folder, apply_headers=False)


def doctored_api(site_dir: Path, folder: Path, topic: str):
    """Serve a copy of api/v1/ whose `topic` document carries hostile markup, with CORS open."""
    shutil.copytree(site_dir / "api", folder / "api")
    path = folder / "api" / "v1" / f"{topic}.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["name"] = PAYLOAD_TITLE
    doc["url"] = "javascript:window.__ipt_pwned=10"
    doc["hasPart"][0]["html"] = PAYLOAD_HTML
    doc["hasPart"][1].pop("html", None)  # this section is shown from its plain text
    doc["hasPart"][1]["text"] = PAYLOAD_TEXT
    doc["hasPart"][1]["headline"] = "<b>Heading</b>"
    path.write_text(json.dumps(doc), encoding="utf-8")
    (folder / "_headers").write_text("/*\n  Access-Control-Allow-Origin: *\n", encoding="utf-8")
    return serve(folder)
