"""Privacy and security headers: no third-party request, no cookie, crisis help in view, and
a site that works under the strict Content-Security-Policy written to `_headers`.

The `server` fixture serves the built site with the rules of its own `_headers` file, so
the browser tests run under the same headers as production.
"""
from __future__ import annotations

import base64
import hashlib
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

from tests.conftest import BuiltSite
from tests.support.server import headers_for, parse_headers_file

# Registered before any page script runs; init scripts are not subject to the page's CSP.
LISTEN = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', e =>
  window.__violations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} ${e.sample || ''}`));
"""
CONSOLE_WORDS = re.compile(r"Content.Security.Policy|Permissions-Policy|Refused to", re.I)
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


# --- the _headers file -------------------------------------------------------------------

def rules(site: BuiltSite) -> list:
    path = site.dir / "_headers"
    assert path.is_file(), "the build wrote no _headers file (scripts/hooks/headers.py)"
    return parse_headers_file(path.read_text())


def headers(site: BuiltSite, path: str) -> dict[str, str]:
    found = headers_for(rules(site), path)
    names = [name.lower() for name, _ in found]
    twice = sorted({n for n in names if names.count(n) > 1})
    assert not twice, f"{path} gets these headers from more than one rule: {twice}"
    return {name.lower(): value for name, value in found}


def directives(csp: str) -> dict[str, list[str]]:
    out = {}
    for part in csp.split(";"):
        words = part.split()
        if words:
            out[words[0]] = words[1:]
    return out


def served_paths(site: BuiltSite) -> list[str]:
    """Every URL path of the built site, directory URLs included."""
    out = []
    for path in sorted(site.dir.rglob("*")):
        if path.is_file() and path.name != "_headers":
            rel = path.relative_to(site.dir).as_posix()
            out.append("/" + rel)
            if path.name == "index.html":
                out.append("/" + rel[: -len("index.html")])
    return out


def test_no_path_gets_a_header_twice(site: BuiltSite) -> None:
    # Netlify and Cloudflare apply every matching rule: overlapping rules would send two CSPs.
    for path in served_paths(site) + ["/embed/v1/x.html", "/embed/v1/ipt-embed.js", "/api/v1/index.json"]:
        headers(site, path)


def test_pages_get_a_strict_policy(site: BuiltSite) -> None:
    for page in site.pages:
        path = "/" + page.url
        got = headers(site, path)
        assert "content-security-policy" in got, f"{path}: no Content-Security-Policy"
        csp = directives(got["content-security-policy"])
        assert csp["default-src"] == ["'self'"], csp
        assert csp["object-src"] == ["'none'"] and csp["base-uri"] == ["'self'"], csp
        assert csp["frame-ancestors"] == ["'none'"], f"{path}: pages must not be framed"
        for name, values in csp.items():
            loose = [v for v in values if v in ("*", "'unsafe-inline'", "'unsafe-eval'", "http:", "https:")
                     or v.startswith(("http://", "https://"))]
            assert not (loose and name != "frame-ancestors"), f"{path}: {name} allows {loose}"
        assert got["referrer-policy"] in ("strict-origin-when-cross-origin", "no-referrer")
        assert got["x-content-type-options"] == "nosniff"
        assert "camera=()" in got["permissions-policy"] and "geolocation=()" in got["permissions-policy"]
        assert got["cross-origin-opener-policy"] == "same-origin"
        assert "immutable" not in got["cache-control"], f"{path}: HTML must not be cached for long"


def test_every_inline_script_is_allowed_by_hash(site: BuiltSite) -> None:
    for html in sorted(site.dir.rglob("*.html")):
        rel = "/" + html.relative_to(site.dir).as_posix()
        if rel.startswith(("/embed/v1/", "/api/")):
            continue
        allowed = directives(headers(site, rel)["content-security-policy"])["script-src"]
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        for script in soup.find_all("script", src=False):
            if script.get("type", "text/javascript") not in ("text/javascript", "module"):
                continue
            digest = base64.b64encode(hashlib.sha256((script.string or "").encode()).digest()).decode()
            assert f"'sha256-{digest}'" in allowed, f"{rel}: inline script not in the CSP: {script.string[:80]!r}"


def test_cache_lifetimes(site: BuiltSite) -> None:
    bundle = next(site.dir.glob("assets/javascripts/bundle.*.min.js"))
    long = headers(site, "/" + bundle.relative_to(site.dir).as_posix())["cache-control"]
    assert "max-age=31536000" in long and "immutable" in long
    for path in ("/stylesheets/site.css", "/", "/what-is-ipt/", "/search/search_index.json"):
        assert "immutable" not in headers(site, path).get("cache-control", ""), f"{path} is not fingerprinted"


def test_embed_and_api_rules(site: BuiltSite) -> None:
    frame = headers(site, "/embed/v1/what-is-ipt.html")
    assert directives(frame["content-security-policy"])["frame-ancestors"] == ["*"], "embeds must be frameable"
    assert "x-frame-options" not in frame
    assert frame["access-control-allow-origin"] == "*"
    assert frame["cross-origin-resource-policy"] == "cross-origin"
    script = headers(site, "/embed/v1/ipt-embed.js")
    assert script["cache-control"] == "public, max-age=86400" and script["access-control-allow-origin"] == "*"
    api = headers(site, "/api/v1/index.json")
    assert api["access-control-allow-origin"] == "*" and api["cache-control"] == "public, max-age=300"
    # the "Embed our content" page itself is a normal page
    assert directives(headers(site, "/embed/")["content-security-policy"])["frame-ancestors"] == ["'none'"]


# --- in Chromium ---------------------------------------------------------------------------

@pytest.fixture
def watched(browser):
    """A desktop page that records requests, CSP violations and CSP console messages."""
    context = browser.new_context(viewport=DESKTOP)
    context.add_init_script(LISTEN)
    page = context.new_page()
    page.requests = []
    page.console_csp = []
    page.on("request", lambda r: page.requests.append(r.url))
    page.on("console", lambda m: CONSOLE_WORDS.search(m.text) and page.console_csp.append(m.text))
    yield page
    context.close()


def violations(page) -> list[str]:
    return page.evaluate("window.__violations") + page.console_csp


def test_no_third_party_request_no_cookie_no_violation(site: BuiltSite, server, watched) -> None:
    own = f"{server.host}:{server.port}"
    problems: list[str] = []
    for doc in site.pages:
        watched.requests.clear()
        watched.goto(server.url(doc.url))
        watched.wait_for_load_state("networkidle")
        other = [u for u in watched.requests if urlsplit(u).scheme in ("http", "https", "ws", "wss")
                 and urlsplit(u).netloc != own]
        problems += [f"{doc.src}: request to another host: {u}" for u in other]
        problems += [f"{doc.src}: {v}" for v in violations(watched)]
        if watched.evaluate("document.cookie"):
            problems.append(f"{doc.src}: document.cookie is set")
    problems += [f"cookie set: {c['name']}" for c in watched.context.cookies()]
    assert not problems, "\n".join(problems)
    # The listener works: a script added at run time, with no hash, is refused and reported.
    watched.evaluate("(() => { const s = document.createElement('script'); s.textContent = 'window.x = 1';"
                     " document.body.append(s); })()")
    watched.wait_for_timeout(100)
    assert any("script-src" in v for v in violations(watched)), "the CSP is not applied by the test server"


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone-390x844", "desktop-1280x900"])
def test_crisis_help_visible_without_scrolling(site: BuiltSite, server, browser, viewport: dict) -> None:
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    # Two lines at most on a phone, one on a desktop (24 px per line plus padding). The Spanish
    # strip names three countries (US, Spain, Mexico), so it may take three lines on a phone.
    def max_height(src: str) -> int:
        lines = (3 if src.startswith("es/") else 2) if viewport is PHONE else 1
        return 24 * lines + 12
    problems: list[str] = []
    try:
        for doc in site.pages:
            page.goto(server.url(doc.url))
            block = page.locator("aside.ipt-crisis")
            box = block.bounding_box(timeout=2000) if block.count() == 1 else None
            if box is None:
                problems.append(f"{doc.src}: crisis help is not displayed")
                continue
            if box["y"] < 0 or box["y"] + box["height"] > viewport["height"]:
                problems.append(f"{doc.src}: crisis help is not fully in view without scrolling: {box}")
            if box["height"] > max_height(doc.src):
                problems.append(f"{doc.src}: crisis help is {box['height']:.0f}px tall (max {max_height(doc.src)})")
            on_top = page.evaluate(
                "([x, y]) => !!document.elementFromPoint(x, y)?.closest('aside.ipt-crisis')",
                [box["x"] + 8, box["y"] + box["height"] / 2])
            if not on_top:
                problems.append(f"{doc.src}: something covers the crisis help")
    finally:
        context.close()
    assert not problems, "\n".join(problems)


def test_site_works_under_the_csp(server, watched) -> None:
    page = watched
    page.goto(server.url("what-is-ipt/"))
    page.wait_for_load_state("networkidle")
    # search
    page.locator("input.md-search__input").click()
    page.keyboard.type("phases")
    page.wait_for_selector(".md-search-result__item", timeout=10_000)
    assert page.locator(".md-search-result__item").count() > 0, "search found nothing for 'phases'"
    page.keyboard.press("Escape")
    # navigation
    page.locator(".md-sidebar--primary a.md-nav__link[href$='benefits/']").first.click()
    page.wait_for_url("**/benefits/")
    assert page.locator("article h1").inner_text().strip(), "navigation opened an empty page"
    # palette toggle, both ways
    scheme = lambda: page.evaluate("document.body.dataset.mdColorScheme")  # noqa: E731
    first = scheme()
    page.locator("form[data-md-component=palette] label:visible").first.click()
    assert scheme() != first, "the palette toggle did nothing"
    page.locator("form[data-md-component=palette] label:visible").first.click()
    assert scheme() == first
    assert not violations(page), "\n".join(violations(page))
