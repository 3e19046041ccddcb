"""First-view weight of a built page, measured in Chromium, and a compressing loopback server.

Shared by `scripts/bench.py` (which reports gzip and Brotli) and `tests/test_budgets.py`
(which asserts the gzip budget). "First view" is everything the browser fetches for a page
until the network has been idle for a while, with no user action: the HTML, stylesheets,
scripts, favicon, and anything Material starts on load (such as the search worker).

Bytes are response bodies compressed as a CDN would send them: text (HTML, CSS, JS, JSON,
SVG, XML) with gzip level 6 and Brotli quality 11; images and fonts as they are. HTTP
headers are not counted (about 200-400 bytes per request).
"""
from __future__ import annotations

import gzip
import hashlib
import http.server
import io
import threading
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import brotli

#: Kinds shown in the weight table, in order.
KINDS: tuple[str, ...] = ("html", "css", "js", "font", "image", "json", "other")

#: Content types a CDN compresses (a prefix match on the media type).
COMPRESSIBLE = ("text/", "application/javascript", "application/json", "application/manifest+json",
                "application/xml", "application/ld+json", "image/svg+xml", "application/x-javascript")

#: Extension fallback when a server sends no useful Content-Type.
EXTENSION_KIND = {
    ".html": "html", ".htm": "html", ".css": "css", ".js": "js", ".mjs": "js", ".json": "json",
    ".woff": "font", ".woff2": "font", ".ttf": "font", ".otf": "font", ".eot": "font",
    ".png": "image", ".jpg": "image", ".jpeg": "image", ".gif": "image", ".webp": "image",
    ".avif": "image", ".svg": "image", ".ico": "image",
}

#: Chromium flags for measuring: no GPU, no sandbox (containers), no background traffic.
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def kind_of(content_type: str, url: str) -> str:
    """One of KINDS for a response, by media type first, then by file extension."""
    media = content_type.split(";", 1)[0].strip().lower()
    if media == "text/html":
        return "html"
    if media == "text/css":
        return "css"
    if "javascript" in media or media == "text/ecmascript":
        return "js"
    if media.startswith("font/") or "font" in media:
        return "font"
    if media.startswith("image/"):
        return "image"
    if media.endswith("json"):
        return "json"
    suffix = Path(urlsplit(url).path).suffix.lower()
    return EXTENSION_KIND.get(suffix, "other")


def is_compressible(content_type: str, url: str) -> bool:
    """Would a CDN compress this response (text-like), or send it as it is?"""
    media = content_type.split(";", 1)[0].strip().lower()
    if media:
        return media.startswith(COMPRESSIBLE)
    return kind_of("", url) in ("html", "css", "js", "json")


_SIZES: dict[tuple[str, bytes], int] = {}   # (coding, sha256 of body) -> size: every page
                                            # shares its CSS and JS, compress each once


def _cached(coding: str, body: bytes, compress) -> int:
    key = (coding, hashlib.sha256(body).digest())
    if key not in _SIZES:
        _SIZES[key] = len(compress(body))
    return _SIZES[key]


def gzip_size(body: bytes) -> int:
    return _cached("gzip", body, lambda b: gzip.compress(b, compresslevel=6, mtime=0))


def brotli_size(body: bytes) -> int:
    return _cached("br", body, lambda b: brotli.compress(b, quality=11))


@dataclass
class Resource:
    """One request of a page's first view."""

    url: str
    kind: str
    raw: int          # body bytes, uncompressed
    gzip: int         # as sent with gzip -6 (raw when not compressible)
    brotli: int       # as sent with Brotli q11 (raw when not compressible)
    same_origin: bool
    status: int

    @classmethod
    def from_body(cls, url: str, content_type: str, body: bytes, origin: str, status: int,
                  with_brotli: bool = True) -> "Resource":
        """Sizes of one response; Brotli (slow at q11) only when asked, else 0."""
        packed = is_compressible(content_type, url)
        return cls(
            url=url, kind=kind_of(content_type, url), raw=len(body),
            gzip=gzip_size(body) if packed else len(body),
            brotli=(brotli_size(body) if packed else len(body)) if with_brotli else 0,
            same_origin=url.startswith(origin + "/") or url == origin, status=status,
        )


@dataclass
class PageWeight:
    """Every request of one page's first view."""

    url: str
    resources: list[Resource]

    @property
    def requests(self) -> int:
        return len(self.resources)

    def total(self, coding: str = "gzip") -> int:
        return sum(getattr(r, coding) for r in self.resources)

    def by_kind(self, coding: str = "gzip") -> dict[str, int]:
        out = dict.fromkeys(KINDS, 0)
        for r in self.resources:
            out[r.kind] += getattr(r, coding)
        return out

    @property
    def other_hosts(self) -> list[str]:
        return [r.url for r in self.resources if not r.same_origin]


def measure(context, url: str, origin: str, settle_ms: int = 300, with_brotli: bool = True) -> PageWeight:
    """Open `url` in a fresh page of a Playwright `context` and record its first view.

    Every request is routed, which also turns Chromium's cache off: each page is a first
    visit. Requests to any host other than `origin` are recorded, then aborted (nothing
    leaves the machine). Waits for network idle, then `settle_ms` more for late requests.
    A URL asked for twice is counted once.
    """
    page = context.new_page()
    seen: list[tuple[str, object]] = []   # (url, Playwright Request) in request order

    def block_others(route) -> None:
        if route.request.url.startswith(origin + "/") or route.request.url.startswith("data:"):
            route.continue_()
        else:
            route.abort()

    page.route("**/*", block_others)
    page.on("request", lambda req: None if req.url.startswith("data:") else seen.append((req.url, req)))
    page.goto(url, wait_until="networkidle")
    page.wait_for_timeout(settle_ms)
    page.wait_for_load_state("networkidle")
    resources: list[Resource] = []
    seen_urls: set[str] = set()
    for req_url, req in seen:
        if req_url in seen_urls:
            continue
        seen_urls.add(req_url)
        response = req.response()
        if response is None:   # aborted (another host) or failed
            resources.append(Resource(req_url, kind_of("", req_url), 0, 0, 0,
                                      req_url.startswith(origin + "/"), 0))
            continue
        try:
            body = response.body()
        except Exception:   # body not kept (e.g. a redirect)
            body = b""
        resources.append(Resource.from_body(req_url, response.headers.get("content-type", ""), body,
                                            origin, response.status, with_brotli))
    page.close()
    return PageWeight(url=url, resources=resources)


# -- a loopback server that compresses like a CDN ---------------------------------------------

def compressing_handler(base: type[http.server.SimpleHTTPRequestHandler]) -> type:
    """A subclass of `base` that sends text responses with Content-Encoding br or gzip when the
    request's Accept-Encoding allows it (Brotli preferred), as a CDN does."""

    class Compressing(base):  # type: ignore[misc, valid-type]
        def send_head(self):  # noqa: D401 (http.server API)
            path = self.translate_path(self.path)
            if Path(path).is_dir():
                index = Path(path) / "index.html"
                if not self.path.split("?", 1)[0].endswith("/"):
                    return super().send_head()   # the parent's redirect to the slash form
                path = str(index)
            ctype = self.guess_type(path)
            accepted = self.headers.get("Accept-Encoding", "")
            coding = "br" if "br" in accepted else "gzip" if "gzip" in accepted else ""
            if not coding or not Path(path).is_file() or not is_compressible(ctype, path):
                return super().send_head()
            body = Path(path).read_bytes()
            body = brotli.compress(body, quality=11) if coding == "br" else gzip.compress(body, 6, mtime=0)
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Encoding", coding)
            self.send_header("Vary", "Accept-Encoding")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            return io.BytesIO(body)

    return Compressing


def serve_compressed(root: Path, host: str = "127.0.0.1"):
    """Serve `root` with compression and its `_headers` rules; returns (Served, server)."""
    import functools

    from tests.support.server import Served, _Handler, parse_headers_file

    headers_file = root / "_headers"
    rules = parse_headers_file(headers_file.read_text()) if headers_file.exists() else []
    served = Served(root=root, host=host, port=0)
    handler = type("Handler", (compressing_handler(_Handler),), {"rules": rules, "served": served})
    server = http.server.ThreadingHTTPServer((host, 0), functools.partial(handler, directory=str(root)))
    served.port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return served, server
