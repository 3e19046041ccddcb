"""Write `site/_headers`: HTTP headers for Netlify and Cloudflare Pages (and our test server).

Format: a URL pattern on its own line, then indented `Name: value` lines; `*` matches any
run of characters. Netlify and Cloudflare apply EVERY rule that matches a path, so rules are
kept from overlapping for any header name: a path gets each header once, and the pages'
`frame-ancestors 'none'` never reaches the embeddable iframes. tests/test_privacy.py checks
that, and that the site works in Chromium under these headers.

What is written (made from the built files at the end of the build, so a new page or a new
inline script needs no edit here):

- Pages (every path except `/api/` and `/embed/v1/`, listed per top-level entry of the site):
  a strict Content-Security-Policy: only our own origin; inline scripts allowed by their
  SHA-256 hash (Material has three small ones, which differ with page depth); no inline
  styles unless a built file has one, then only that one by hash. Plus Referrer-Policy,
  nosniff, Permissions-Policy, Cross-Origin-Opener-Policy, X-Frame-Options, HSTS, and a
  short cache (revalidate every time) so a new build shows at once.
- Material's fingerprinted files (`name.<8 hex>.min.js|css`): cached for a year, immutable.
- `/api/*`, `/embed/*` (issue 6): CORS open to any site; JSON cached 5 minutes, the v1
  script a day; the iframe pages `/embed/v1/*.html` get their own CSP with
  `frame-ancestors *`, so any site may frame them. That includes the oEmbed cards
  `/embed/v1/card/*.html` (issue 14), which WordPress frames with sandbox="allow-scripts".
- `/api/v1/oembed/*` (issue 14): oEmbed responses, sent as `application/json; charset=utf-8`
  as the oEmbed spec asks (WordPress, Ghost and Discourse fetch them from their servers;
  CORS comes with `/api/*`).

`upgrade-insecure-requests` is left out: HTTPS is the host's job (HSTS is sent), and the
directive would rewrite the loopback test server's http:// requests.
"""
from __future__ import annotations

import base64
import hashlib
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import mkdocs.plugins
from mkdocs.config.defaults import MkDocsConfig

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # make `scripts` importable
from scripts import built_html  # noqa: E402
from scripts.content_cache import remember  # noqa: E402
from scripts.offline import is_offline  # noqa: E402

#: Paths served to other sites, with rules of their own (see the end of headers_file).
EXEMPT = ("api", "embed/v1")
FINGERPRINTED = re.compile(r"\.[0-9a-f]{8}\.min\.(?:js|css)(?:\.map)?$")
JS_TYPES = {"", "text/javascript", "application/javascript", "module"}

SECURITY = {
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "X-Content-Type-Options": "nosniff",
    # Only features Chromium knows, so it logs no "unrecognized feature" errors.
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), "
                          "browsing-topics=()",
}
PAGE_ONLY = {
    "Cross-Origin-Opener-Policy": "same-origin",
    "X-Frame-Options": "DENY",
    "Strict-Transport-Security": "max-age=31536000",
}
CACHE_SHORT = "public, max-age=0, must-revalidate"
CACHE_IMMUTABLE = "public, max-age=31536000, immutable"


def _sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


class _InlineCode(HTMLParser):
    """Inline scripts, <style> contents and style attributes of one HTML file.

    A streaming parse with html.parser, fed only the parts of a page `_candidates` picks
    (it runs on every page of every build; issue 8).
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[str] = []
        self.styles: list[str] = []
        self.attributes: list[str] = []
        self._open: tuple[str, list[str]] | None = None   # ("script" | "style", text chunks)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("style") is not None:
            self.attributes.append(values["style"] or "")
        if tag == "script" and "src" not in values and (values.get("type") or "").strip().lower() in JS_TYPES:
            self._open = ("script", [])
        elif tag == "style":
            self._open = ("style", [])

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("style") is not None:
            self.attributes.append(values["style"] or "")
        if tag == "script" and "src" not in values and (values.get("type") or "").strip().lower() in JS_TYPES:
            self.scripts.append("")
        elif tag == "style":
            self.styles.append("")

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open[1].append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._open is not None and tag == self._open[0]:
            (self.scripts if tag == "script" else self.styles).append("".join(self._open[1]))
            self._open = None


#: A start tag; quoted attribute values may hold ">" (html.parser reads tags the same way).
_START_TAG = re.compile(r"""<([a-zA-Z][^\s/>]*)(?:[^>"']|"[^"]*"|'[^']*')*>""")
_RAW_END = {"script": re.compile(r"</script\s*>", re.I), "style": re.compile(r"</style\s*>", re.I)}


def _candidates(html: str) -> list[str]:
    """The parts of a page that can hold inline code: each <script> and <style> element
    whole, and each other start tag that mentions "style". Parsing only these gives the same
    hashes as parsing the whole page (a large site's pages are mostly navigation) in a fifth
    of the time; anything extra let through (a tag inside a comment) only adds a hash."""
    pieces: list[str] = []
    position = 0
    while tag := _START_TAG.search(html, position):
        name = tag.group(1).lower()
        position = tag.end()
        if name in _RAW_END:
            end = _RAW_END[name].search(html, position)
            position = end.end() if end else len(html)
            pieces.append(html[tag.start():position])
        elif "style" in tag.group(0).lower():
            pieces.append(tag.group(0))
    return pieces


def inline_hashes(html_files: list[Path], config: MkDocsConfig | None = None) -> tuple[set[str], set[str], set[str]]:
    """CSP hashes of (inline scripts, <style> elements, style attributes) in these files.

    Scripts with `src`, and data scripts (application/json, application/ld+json), need none.
    """
    scripts: set[str] = set()
    styles: set[str] = set()
    attributes: set[str] = set()
    for path, text in built_html.read(html_files).items():   # most already read by trim_css.py
        found = _file_hashes(text, config)
        scripts.update(found["scripts"])
        styles.update(found["styles"])
        attributes.update(found["attributes"])
    return scripts, styles, attributes


def _file_hashes(html: str, config: MkDocsConfig | None) -> dict[str, list[str]]:
    """The CSP hashes of one file's inline code; kept between builds by the file's content
    (scripts/content_cache.py) when the build's configuration is given."""
    def compute() -> dict[str, list[str]]:
        parser = _InlineCode()
        for piece in _candidates(html):
            parser.feed(piece)
        parser.close()
        return {"scripts": sorted({_sha256(t) for t in parser.scripts}),
                "styles": sorted({_sha256(t) for t in parser.styles}),
                "attributes": sorted({_sha256(t) for t in parser.attributes})}
    if config is None:
        return compute()
    return remember(config, "inline-hashes", html, (__file__,), compute)


def csp(html_files: list[Path], frame_ancestors: str, config: MkDocsConfig | None = None) -> str:
    """A Content-Security-Policy that allows exactly what these files contain."""
    scripts, styles, attributes = inline_hashes(html_files, config)
    style_src = sorted(styles) + (["'unsafe-hashes'", *sorted(attributes)] if attributes else [])
    return "; ".join([
        "default-src 'self'",
        " ".join(["script-src 'self'", *sorted(scripts)]),
        " ".join(["style-src 'self'", *style_src]),
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "manifest-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        f"frame-ancestors {frame_ancestors}",
    ])


def page_patterns(site: Path, folder: Path | None = None, exempt: tuple[str, ...] = EXEMPT) -> list[str]:
    """Patterns covering every built path outside EXEMPT, one per top-level entry.

    A folder that holds an exempt folder (e.g. `embed/`, the "Embed our content" page, holds
    `embed/v1/`) is listed entry by entry instead of with `/*`.
    """
    folder = folder or site
    out = ["/"] if folder == site else []
    for child in sorted(folder.iterdir()):
        rel = child.relative_to(site).as_posix()
        if rel in exempt or rel in ("_headers", "_redirects"):
            continue
        if child.is_dir() and any(e.startswith(rel + "/") for e in exempt):
            out += [f"/{rel}/", *page_patterns(site, child, exempt)]
        elif child.is_dir():
            out.append(f"/{rel}/*")
        else:
            out.append(f"/{rel}")
    return out


def rule(pattern: str, headers: dict[str, str]) -> str:
    return "\n".join([pattern, *(f"  {name}: {value}" for name, value in headers.items())])


def headers_file(site: Path, prefixes: tuple[str, ...] = ("",), config: MkDocsConfig | None = None) -> str:
    """The _headers rules for the whole site; `prefixes` are the languages' folders ("", "es/"),
    each with its own api/ and embed/v1/ (scripts/languages.py)."""
    exempt = tuple(prefix + e for prefix in prefixes for e in EXEMPT)
    built = sorted(path for path in site.rglob("*") if path.is_file())
    html = [path for path in built if path.suffix == ".html"]
    where = {p: p.relative_to(site).as_posix() for p in html}
    embed_html = [p for p in html if any(where[p].startswith(prefix + "embed/v1/") for prefix in prefixes)]
    page_html = [p for p in html if not any(where[p].startswith(e + "/") for e in exempt)]
    page_csp = {"Content-Security-Policy": csp(page_html, "'none'", config)}
    rules = ["# Written by scripts/hooks/headers.py at every build: do not edit."]
    for pattern in page_patterns(site, exempt=exempt):
        cache = {} if pattern.endswith("/assets/*") else {"Cache-Control": CACHE_SHORT}
        rules.append(rule(pattern, {**page_csp, **SECURITY, **PAGE_ONLY, **cache}))
    for path in built:
        if FINGERPRINTED.search(path.name) and "assets" in path.relative_to(site).parts[:2]:
            rules.append(rule("/" + path.relative_to(site).as_posix(), {"Cache-Control": CACHE_IMMUTABLE}))
    cors = {"Access-Control-Allow-Origin": "*", "Cross-Origin-Resource-Policy": "cross-origin"}
    embed_csp = csp(embed_html, "*", config)
    for prefix in prefixes:
        rules += [
            rule(f"/{prefix}api/*", {**cors, **SECURITY, "Cache-Control": "public, max-age=300"}),
            rule(f"/{prefix}api/v1/oembed/*", {"Content-Type": "application/json; charset=utf-8"}),
            rule(f"/{prefix}embed/*", cors),  # also the "Embed our content" page: harmless there
            rule(f"/{prefix}embed/v1/*", SECURITY),
            rule(f"/{prefix}embed/v1/*.js", {"Cache-Control": "public, max-age=86400"}),
            rule(f"/{prefix}embed/v1/*.html", {"Content-Security-Policy": embed_csp,
                                               "Cache-Control": CACHE_SHORT}),
        ]
    return "\n\n".join(rules) + "\n"


@mkdocs.plugins.event_priority(-100)  # last, so files other hooks write in post_build count
def on_post_build(config: MkDocsConfig) -> None:
    """One _headers file at the site root covers every language: hosts read no other. The
    default build writes it after scripts/hooks/languages.py has built the other languages."""
    lang = config.extra.get("language") or {"prefix": "", "all": [{"prefix": ""}]}
    if lang["prefix"] or is_offline(config):   # no web host reads the offline copy
        return
    site = Path(config.site_dir)
    prefixes = tuple(other["prefix"] for other in lang["all"])
    site.joinpath("_headers").write_text(headers_file(site, prefixes, config), encoding="utf-8")
