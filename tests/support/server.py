"""A loopback static server for the built site that applies its `_headers` file.

`_headers` is the format Netlify and Cloudflare Pages read: a URL pattern on its own line,
then indented `Name: value` lines. Serving with those headers lets the browser tests run
under the same Content-Security-Policy and CORS rules as production.
"""
from __future__ import annotations

import fnmatch
import functools
import http.server
import threading
from dataclasses import dataclass, field
from pathlib import Path


def parse_headers_file(text: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """[(pattern, [(name, value), ...]), ...] in file order."""
    rules: list[tuple[str, list[tuple[str, str]]]] = []
    for raw in text.splitlines():
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        if raw[0] in " \t":
            if not rules:
                raise ValueError(f"header line before any path: {raw!r}")
            name, _, value = raw.strip().partition(":")
            rules[-1][1].append((name.strip(), value.strip()))
        else:
            rules.append((raw.strip(), []))
    return rules


def headers_for(rules: list[tuple[str, list[tuple[str, str]]]], path: str) -> list[tuple[str, str]]:
    """Every header whose pattern matches `path` (`*` matches any run of characters)."""
    out: list[tuple[str, str]] = []
    for pattern, headers in rules:
        if fnmatch.fnmatchcase(path, pattern):
            out.extend(headers)
    return out


@dataclass
class Served:
    root: Path
    host: str
    port: int
    requests: list[str] = field(default_factory=list)

    @property
    def origin(self) -> str:
        return f"http://{self.host}:{self.port}"

    def url(self, path: str = "/") -> str:
        return self.origin + "/" + path.lstrip("/")


class _Handler(http.server.SimpleHTTPRequestHandler):
    rules: list = []
    served: Served | None = None

    def _rules_here(self) -> list[tuple[str, str]]:
        return headers_for(self.rules, self.path.split("?", 1)[0].split("#", 1)[0])

    def send_header(self, keyword: str, value: str) -> None:
        # A Content-Type from _headers replaces the guessed one, as on Netlify and Cloudflare.
        if keyword.lower() == "content-type" and not getattr(self, "_sending_rules", False) \
                and any(name.lower() == "content-type" for name, _ in self._rules_here()):
            return
        super().send_header(keyword, value)

    def end_headers(self) -> None:
        self._sending_rules = True
        for name, value in self._rules_here():
            self.send_header(name, value)
        self._sending_rules = False
        super().end_headers()

    def do_GET(self) -> None:  # noqa: N802 (http.server naming)
        if self.served is not None:
            self.served.requests.append(self.path)
        super().do_GET()

    def log_message(self, *args: object) -> None:  # keep test output clean
        pass


def serve(root: Path, host: str = "127.0.0.1", apply_headers: bool = True):
    """Serve `root` on a free port in a daemon thread; returns (Served, server)."""
    headers_file = root / "_headers"
    rules = parse_headers_file(headers_file.read_text()) if apply_headers and headers_file.exists() else []
    served = Served(root=root, host=host, port=0)
    handler = type("Handler", (_Handler,), {"rules": rules, "served": served})
    server = http.server.ThreadingHTTPServer((host, 0), functools.partial(handler, directory=str(root)))
    served.port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return served, server
