"""Paste a page's address into WordPress, Ghost or Discourse and get a safe card (issue 14).

- Every oEmbed file and every page's preview tags, in the built site: the oEmbed 1.0 `rich`
  fields, Ghost's rules (type, version, html, width and height), Discourse's (a height, and
  Open Graph title, description and image on every page), the social card PNG, `_headers`.
- A REAL WordPress (Debian's package, a private MariaDB, the PHP CLI; tests/support/wordpress.py)
  runs its own `wp_oembed_get()` on one of our pages, built with its address on loopback and
  served there. The HTML WordPress returns is put into a post page with WordPress's own
  wp-embed.js and opened in Chromium: the card shows, takes its content's height, opens our
  page on a click, and markup planted in a copy of our JSON runs nothing.

Without WordPress, MariaDB or PHP those tests skip locally, saying what to install, and fail
under CI=true, like the browser tests (tests/conftest.py).
"""
from __future__ import annotations

import functools
import http.server
import json
import os
import re
import shutil
import struct
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from tests.conftest import BuiltSite, DocPage
from tests.support import wordpress
from tests.support.build import ROOT, copy_project, strict_build
from tests.support.deploy import site_url as configured_site_url
from tests.support.embed_host import serve_pages
from tests.support.server import Served, _Handler, headers_for, parse_headers_file

TOPIC = "techniques"
OEMBED_DIR = "api/v1/oembed"
CARD_DIR = "embed/v1/card"
OG_IMAGE_BUDGET = 60_000
PAYLOAD_FLAG = "window.__ipt_pwned"
#: WordPress's wp-embed.js keeps an iframe's height within these bounds.
WP_MIN_HEIGHT, WP_MAX_HEIGHT = 200, 1000


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def prefix_of(page: DocPage) -> str:
    """The page's language folder on the site: "" (English) or "es/"."""
    return "es/" if page.src.startswith("es/") else ""


def topic_of(page: DocPage) -> str:
    src = page.src.removeprefix(prefix_of(page))
    return "home" if src == "index.md" else src.removesuffix(".md").removesuffix("/index").replace("/", "-")


def crisis_text(language: str = "en") -> str:
    data = yaml.safe_load((ROOT / "docs" / "includes" / "crisis-help.yml").read_text(encoding="utf-8"))
    return " ".join(data[language]["text"].split())


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR", "not a PNG file"
    return struct.unpack(">II", data[16:24])


# --- the built files -------------------------------------------------------------------------
def test_every_reader_page_links_its_oembed_file(site: BuiltSite) -> None:
    base = configured_site_url(ROOT)
    problems = []
    for page in site.pages:
        links = [link for link in page.soup.select('link[type="application/json+oembed"]')
                 if "alternate" in link.get("rel", [])]
        if not page.is_reader:
            if links:
                problems.append(f"docs/{page.src} is not a reader page but has an oEmbed link")
            continue
        expected = f"{base}{prefix_of(page)}{OEMBED_DIR}/{topic_of(page)}.json"
        if [link.get("href") for link in links] != [expected]:
            problems.append(f"docs/{page.src}: oEmbed links {[link.get('href') for link in links]}, expected [{expected}]")
        elif not (site.dir / prefix_of(page) / OEMBED_DIR / f"{topic_of(page)}.json").is_file():
            problems.append(f"docs/{page.src}: {expected} was not written")
        # WordPress reads <link> tags with a regular expression, only in the first 150 KB
        # and only before </head> (WP_oEmbed::discover).
        head = page.html[: page.html.find("</head>")]
        if len(head) > 150_000 or not re.search(r'<link[^<>]+type="application/json\+oembed"[^<>]*>', head):
            problems.append(f"docs/{page.src}: WordPress would not find the oEmbed link in the <head>")
    assert not problems, "oEmbed discovery (overrides/partials/social-meta.html):\n" + "\n".join(problems)


def test_material_does_not_fetch_anything_for_the_oembed_link(site: BuiltSite, server: Served, page) -> None:
    """Material's bundle fetches sitemap.xml next to every `link[rel=alternate]` (exact
    match): the discovery link must stay a rel "alternate" link without matching that."""
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(server.url(f"{TOPIC}/"))
    page.wait_for_load_state("networkidle")
    found = page.evaluate("""() => [...document.querySelectorAll('link[type="application/json+oembed"]')]
        .map(l => ({alternate: l.relList.contains('alternate'), material: l.matches('link[rel=alternate]')}))""")
    assert found == [{"alternate": True, "material": False}], found
    assert not [u for u in requests if "oembed" in u or u.endswith("sitemap.xml")], requests


def oembed_files(site: BuiltSite, prefix: str = "") -> list[Path]:
    files = sorted((site.dir / prefix / OEMBED_DIR).glob("*.json"))
    pages = [p for p in site.reader_pages if prefix_of(p) == prefix]
    assert len(files) == len(pages), \
        f"{prefix}{OEMBED_DIR}/ holds {len(files)} files for {len(pages)} reader pages (scripts/hooks/embed_api.py)"
    return files


@pytest.mark.parametrize("prefix", ["", "es/"], ids=["en", "es"])
def test_oembed_files_follow_the_spec_and_ghosts_and_discourses_rules(site: BuiltSite, prefix: str) -> None:
    base = configured_site_url(ROOT) + prefix
    problems = []
    for path in oembed_files(site, prefix):
        where = f"{prefix}{OEMBED_DIR}/{path.name}"
        data = load(path)
        doc = load(site.dir / prefix / "api" / "v1" / path.name)
        # oEmbed 1.0 (https://oembed.com/, 2.3.4 "rich"), and what Ghost requires
        # (OEmbedService.fetchOembedData: type, version, and html and width for rich; we also
        # give height) and Discourse (is_embedded?: html and height).
        for field, kind in (("version", str), ("type", str), ("html", str), ("width", int), ("height", int),
                            ("title", str), ("provider_name", str), ("provider_url", str), ("cache_age", int)):
            if not isinstance(data.get(field), kind) or data[field] in ("", 0):
                problems.append(f"{where}: {field} must be a non-empty {kind.__name__}, is {data.get(field)!r}")
        if data.get("version") != "1.0" or data.get("type") != "rich":
            problems.append(f"{where}: must be version 1.0, type rich")
        if data.get("title") != doc["name"] or data.get("provider_url") != base:
            problems.append(f"{where}: title or provider_url differ from the page's")
        if not WP_MIN_HEIGHT <= data.get("height", 0) <= WP_MAX_HEIGHT:
            problems.append(f"{where}: height {data.get('height')} is outside WordPress's {WP_MIN_HEIGHT}-{WP_MAX_HEIGHT}")
        # The html: what WordPress keeps from a provider it does not know is one blockquote,
        # then one iframe (wp_filter_oembed_result).
        soup = BeautifulSoup(data.get("html", ""), "html.parser")
        top = [el.name for el in soup.children if getattr(el, "name", None)]
        if top != ["blockquote", "iframe"] or len(soup.find_all("iframe")) != 1:
            problems.append(f"{where}: html must be a blockquote then one iframe, is {top}")
            continue
        quote, frame = soup.blockquote, soup.iframe
        text = " ".join(quote.get_text(" ").split())
        for must in (doc["name"], *doc["keyPoints"], crisis_text("es" if prefix else "en")):
            if must not in text:
                problems.append(f"{where}: the blockquote does not say {must!r}")
        if [" ".join(li.get_text(" ").split()) for li in quote.select("ul > li")] != doc["keyPoints"]:
            problems.append(f"{where}: the blockquote's summary must be the page's key points, as a list")
        if doc["url"] not in [a.get("href") for a in quote.find_all("a")]:
            problems.append(f"{where}: the blockquote does not link to {doc['url']}")
        if quote.find_all(["script", "style", "img", "iframe"]) or any(
                k.startswith("on") for el in soup.find_all(True) for k in el.attrs):
            problems.append(f"{where}: html holds script, style, an image or an event handler")
        card = f"{base}{CARD_DIR}/{path.name.removesuffix('.json')}.html"
        if frame.get("src") != card or not (site.dir / prefix / CARD_DIR / f"{path.stem}.html").is_file():
            problems.append(f"{where}: the iframe must open {card}, which must exist")
        if frame.get("width") != str(data.get("width")) or frame.get("height") != str(data.get("height")):
            problems.append(f"{where}: the iframe's width and height differ from the response's")
        if doc["name"] not in (frame.get("title") or ""):
            problems.append(f"{where}: the iframe needs a title naming the page")
    assert not problems, "oEmbed responses (scripts/hooks/embed_api.py):\n" + "\n".join(problems)


def test_every_page_has_the_open_graph_tags_discourse_reads(site: BuiltSite) -> None:
    """Discourse builds its card from og:title, og:description and og:image: one card per language."""
    base = configured_site_url(ROOT)
    problems = []
    images: dict[str, set] = {}
    for page in site.pages:
        meta = {m.get("property") or m.get("name"): m.get("content") for m in page.soup.find_all("meta")}
        for name in ("og:title", "og:description", "og:image", "og:image:alt", "og:image:width", "og:image:height",
                     "twitter:image"):
            if not (meta.get(name) or "").strip():
                problems.append(f"docs/{page.src}: no {name}")
        images.setdefault(prefix_of(page), set()).add(
            (meta.get("og:image"), meta.get("og:image:width"), meta.get("og:image:height"), meta.get("og:image:alt")))
    assert not problems, "\n".join(problems)
    assert set(images) == {"", "es/"}
    alts = set()
    for prefix, cards in images.items():
        assert len(cards) == 1, f"{prefix or 'English'} pages name different social cards: {cards}"
        url, width, height, alt = cards.pop()
        alts.add(alt)
        assert url == f"{base}{prefix}assets/social-card.png", f"og:image of the {prefix or 'English'} pages: {url}"
        path = site.dir / url.removeprefix(base)
        assert path.is_file(), f"og:image {url} was not written (scripts/hooks/social_card.py)"
        data = path.read_bytes()
        assert png_size(data) == (int(width), int(height)), "og:image:width/height differ from the PNG's"
        assert len(data) <= OG_IMAGE_BUDGET, f"the social card is {len(data)} bytes; the budget is {OG_IMAGE_BUDGET}"
    assert len(alts) == 2 and any("Psicoterapia interpersonal" in a for a in alts), \
        f"each language's card carries its own tagline (social_tagline in docs/includes/strings): {alts}"


def test_headers_serve_oembed_as_json_and_let_any_site_frame_only_the_cards(site: BuiltSite, server: Served) -> None:
    rules = parse_headers_file((site.dir / "_headers").read_text())

    def got(path: str) -> dict[str, str]:
        return {k.lower(): v for k, v in headers_for(rules, path)}

    oembed = got(f"/{OEMBED_DIR}/{TOPIC}.json")
    assert oembed.get("content-type") == "application/json; charset=utf-8", oembed
    assert oembed.get("access-control-allow-origin") == "*", oembed
    card = got(f"/{CARD_DIR}/{TOPIC}.html")
    assert re.search(r"frame-ancestors \*(;|$)", card.get("content-security-policy", "")), card
    assert "x-frame-options" not in card
    page = got(f"/{TOPIC}/")
    assert "frame-ancestors 'none'" in page["content-security-policy"] and page["x-frame-options"] == "DENY"
    # And as the test server (like Netlify) sends them: one Content-Type, the one from _headers.
    with urllib.request.urlopen(server.url(f"{OEMBED_DIR}/{TOPIC}.json?url=x&format=json&maxwidth=500")) as response:
        assert response.headers.get_all("Content-Type") == ["application/json; charset=utf-8"]
        assert json.loads(response.read())["type"] == "rich"


#: Per language: what a card says, and its crisis numbers (docs/includes/crisis-help.yml).
CARD_WORDS = {"": ("Last reviewed", "116 123", {"tel:988", "sms:988", "tel:116123"}),
              "es/": ("Última revisión", "800 911 2000", {"tel:988", "sms:988", "tel:024", "tel:8009112000"})}


@pytest.mark.parametrize("prefix", ["", "es/"], ids=["en", "es"])
def test_card_pages_are_light_and_complete(site: BuiltSite, prefix: str) -> None:
    problems = []
    reviewed, number, tels = CARD_WORDS[prefix]
    for path in sorted((site.dir / prefix / CARD_DIR).glob("*.html")):
        doc = load(site.dir / prefix / "api" / "v1" / f"{path.stem}.json")
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        where = f"{CARD_DIR}/{path.name}"
        if soup.select("script:not([src]), style, [style]") or soup.select('[href*="assets/"], [src*="assets/"]'):
            problems.append(f"{where}: inline code or a Material asset")
        if soup.h1 is None or soup.h1.get_text(strip=True) != doc["name"]:
            problems.append(f"{where}: the h1 is not the page title")
        text = soup.get_text(" ", strip=True)
        for must in (reviewed, " ".join(doc["disclaimer"].split()[:6]), number):
            if must not in text:
                problems.append(f"{where}: {must!r} is missing")
        # The summary under the title is the page's key points (issue 21), not its description.
        shown = [li.get_text(strip=True) for li in soup.select("h1 + ul li")]
        if shown != doc["keyPoints"] or doc["description"] in text:
            problems.append(f"{where}: under the title it shows {shown}, not the key points {doc['keyPoints']}")
        hrefs = {a.get("href") for a in soup.find_all("a")}
        if not {doc["url"], *tels} <= hrefs:
            problems.append(f"{where}: needs links to {doc['url']} and the crisis numbers")
        if not (soup.body.get("data-help") or "").endswith("/get-help-now/"):
            problems.append(f"{where}: body[data-help] must name the Get help now page")
    pages = [p for p in site.reader_pages if prefix_of(p) == prefix]
    assert problems == [] and len(list((site.dir / prefix / CARD_DIR).glob("*.html"))) == len(pages), problems


# --- a real WordPress ------------------------------------------------------------------------
@dataclass
class LoopbackSite:
    """The site built with site_url on loopback, and served there (as if published there)."""

    served: Served
    dir: Path


@pytest.fixture(scope="module")
def needs_wordpress() -> None:
    lacking = wordpress.missing()
    if lacking:
        message = f"the WordPress tests need {', '.join(lacking)}: {wordpress.INSTALL_HINT}"
        if os.environ.get("CI") == "true":
            pytest.fail(message + " (CI must never skip the WordPress tests)")
        pytest.skip(message)


@pytest.fixture(scope="module")
def loopback(needs_wordpress, tmp_path_factory: pytest.TempPathFactory) -> LoopbackSite:
    tmp = tmp_path_factory.mktemp("loopback")
    out = tmp / "site"
    out.mkdir()
    # Listen first, so the port is known before the build writes it into every address.
    served = Served(root=out, host="127.0.0.1", port=0)
    handler = type("Handler", (_Handler,), {"rules": [], "served": served})
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(out)))
    served.port = httpd.server_address[1]
    project = copy_project(tmp / "project")
    config = project / "mkdocs.yml"
    old = configured_site_url(ROOT)
    config.write_text(config.read_text(encoding="utf-8").replace(old, served.origin + "/"), encoding="utf-8")
    result = strict_build(project, out)
    assert result.returncode == 0, f"strict build with site_url {served.origin}/ failed:\n{result.stdout}{result.stderr}"
    handler.rules = parse_headers_file((out / "_headers").read_text())
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield LoopbackSite(served=served, dir=out)
    httpd.shutdown()


@dataclass
class Poisoned:
    served: Served
    page_url: str


@pytest.fixture(scope="module")
def poisoned(loopback: LoopbackSite, tmp_path_factory: pytest.TempPathFactory):
    """A third origin serving a copy of our page whose oEmbed JSON has hostile markup planted."""
    folder = tmp_path_factory.mktemp("poisoned")
    served, httpd = serve_pages(folder, {})
    data = load(loopback.dir / OEMBED_DIR / f"{TOPIC}.json")
    quote, frame = data["html"].split("</blockquote>")
    data["title"] = 'Bad "title" <img src=x onerror="window.__ipt_pwned=1">'
    data["html"] = (
        quote.replace("<blockquote", '<blockquote onmouseover="window.__ipt_pwned=2"')
        + '<script>window.__ipt_pwned=3</script><img src=x onerror="window.__ipt_pwned=4">'
        + '<a href="javascript:window.__ipt_pwned=5">more</a><style>*{display:none}</style></blockquote>'
        + '<svg onload="window.__ipt_pwned=6"></svg><script>window.__ipt_pwned=7</script>'
        + '<iframe src="javascript:parent.__ipt_pwned=8"></iframe>'
        + frame.replace("<iframe ", '<iframe onload="window.__ipt_pwned=9" ')
    )
    (folder / "oembed.json").write_text(json.dumps(data), encoding="utf-8")
    page = (loopback.dir / TOPIC / "index.html").read_text(encoding="utf-8")
    ours = f"{loopback.served.origin}/{OEMBED_DIR}/{TOPIC}.json"
    assert ours in page
    (folder / "page.html").write_text(page.replace(ours, served.url("oembed.json")), encoding="utf-8")
    yield Poisoned(served=served, page_url=served.url("page.html"))
    httpd.shutdown()


@pytest.fixture(scope="module")
def wp(loopback: LoopbackSite, poisoned: Poisoned, tmp_path_factory: pytest.TempPathFactory):
    try:
        site = wordpress.start(tmp_path_factory.mktemp("wordpress"), "http://127.0.0.1",
                               [loopback.served.port, poisoned.served.port])
    except RuntimeError as error:
        pytest.fail(str(error))
    yield site
    site.stop()


@pytest.fixture(scope="module")
def embeds(wp, loopback: LoopbackSite, poisoned: Poisoned) -> dict[str, dict]:
    """What WordPress made of our page, and of the poisoned copy."""
    return {"ours": wp.oembed_get(loopback.served.url(f"{TOPIC}/")), "poisoned": wp.oembed_get(poisoned.page_url)}


def test_wordpress_discovers_our_oembed_and_keeps_blockquote_and_iframe(loopback: LoopbackSite, embeds) -> None:
    got = embeds["ours"]
    expected = loopback.served.url(f"{OEMBED_DIR}/{TOPIC}.json")
    assert got["provider"] == expected, f"WordPress's discovery found {got['provider']!r}, not {expected}"
    assert any(r.startswith(f"/{OEMBED_DIR}/{TOPIC}.json?") and "format=json" in r for r in loopback.served.requests), \
        f"WordPress never fetched the JSON: {loopback.served.requests}"
    assert got["data"]["type"] == "rich" and got["data"]["title"]
    html = got["html"]
    assert html, "wp_oembed_get() returned nothing: WordPress rejected the response"
    soup = BeautifulSoup(html, "html.parser")
    quote, frame = soup.find("blockquote"), soup.find("iframe")
    assert quote is not None and frame is not None, f"WordPress kept no blockquote or no iframe:\n{html}"
    secret = frame.get("data-secret", "")
    assert re.fullmatch(r"[A-Za-z0-9]{10}", secret) and quote.get("data-secret") == secret, html
    assert frame.get("sandbox") == ["allow-scripts"], html
    assert frame["src"] == loopback.served.url(f"{CARD_DIR}/{TOPIC}.html") + f"#?secret={secret}", frame["src"]
    text = " ".join(quote.get_text(" ").split())
    assert got["data"]["title"] in text and "116 123" in text and "988" in text, text
    points = load(loopback.dir / "api" / "v1" / f"{TOPIC}.json")["keyPoints"]
    assert " ".join(points) in text, f"WordPress's quote must keep the key points as sentences: {text}"


def test_wordpress_strips_markup_planted_in_our_json(embeds) -> None:
    html = embeds["poisoned"]["html"]
    assert html and "<iframe" in html, f"WordPress dropped the poisoned embed entirely: {html!r}"
    soup = BeautifulSoup(html, "html.parser")
    tags = {el.name for el in soup.find_all(True)}
    assert tags <= {"blockquote", "a", "iframe"}, f"elements {tags - {'blockquote', 'a', 'iframe'}} survived:\n{html}"
    attrs = {k for el in soup.find_all(True) for k in el.attrs}
    assert not {k for k in attrs if k.startswith("on") or k == "srcdoc"}, f"event handlers survived:\n{html}"
    urls = [el.get("href") or el.get("src") or "" for el in soup.find_all(["a", "iframe"])]
    assert not [u for u in urls if re.match(r"\s*[a-z][a-z0-9+.-]*:", u, re.I) and not u.startswith("http")], \
        f"a link or frame has a script scheme: {urls}"  # "javascript:" is cut, leaving harmless relative text
    assert len(soup.find_all("iframe")) == 1 and "onerror" in soup.iframe["title"], "the title must stay text"


def post_page(embed_html: str) -> str:
    """A WordPress post as the block editor's embed block renders it, with wp-embed.js."""
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Where to read about IPT – A clinic</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="block-library.css">
<link rel="stylesheet" href="post.css">
</head>
<body>
<main class="post">
<h1>Where to read about IPT</h1>
<p>Our therapists often recommend this plain-language guide to interpersonal psychotherapy.</p>
<figure class="wp-block-embed is-type-rich is-provider-ipt-guide wp-block-embed-ipt-guide"><div class="wp-block-embed__wrapper">
{embed_html}
</div></figure>
<p>To book a first appointment, call the clinic.</p>
</main>
<script src="wp-embed.js"></script>
</body>
</html>
"""


POST_CSS = "body { margin: 0; font: 18px/1.6 Georgia, serif; } .post { max-width: 650px; margin: 2rem auto; padding: 0 1rem; }\n"
SHOWN = """() => { const f = document.querySelector('iframe.wp-embedded-content');
  const q = document.querySelector('blockquote.wp-embedded-content');
  return !!f && !f.hasAttribute('style') && !!q && getComputedStyle(q).display === 'none'; }"""


@pytest.fixture(scope="module")
def posts(embeds, tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("wordpress-posts")
    shutil.copy(wordpress.WP_EMBED_JS, folder / "wp-embed.js")
    shutil.copy(wordpress.BLOCK_LIBRARY_CSS, folder / "block-library.css")
    (folder / "post.css").write_text(POST_CSS)
    served, httpd = serve_pages(folder, {
        "post.html": post_page(embeds["ours"]["html"]),
        "poisoned.html": post_page(embeds["poisoned"]["html"]),
    })
    yield served
    httpd.shutdown()


def watch(page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(f"console: {m.text} ({m.location.get('url')})") if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"page error: {e}"))
    page.on("dialog", lambda d: (errors.append(f"dialog: {d.message}"), d.dismiss()))
    return errors


def card_frame(page, loopback: LoopbackSite):
    card = loopback.served.url(f"{CARD_DIR}/{TOPIC}.html")
    frame = next((f for f in page.frames if f.url.startswith(card)), None)
    assert frame is not None, f"no frame opened {card}: {[f.url for f in page.frames]}"
    return frame


def wait_for_fit(page, frame) -> dict:
    """Wait until the iframe is as tall as its content (as wp-embed.js bounds it); return both."""
    state: dict = {}

    def fits() -> bool:
        content = frame.evaluate("() => Math.ceil(document.documentElement.getBoundingClientRect().height)")
        outer = page.evaluate("() => document.querySelector('iframe.wp-embedded-content').getBoundingClientRect().height")
        state.update(content=content, outer=outer)
        return abs(outer - min(max(content, WP_MIN_HEIGHT), WP_MAX_HEIGHT)) <= 1

    deadline = time.monotonic() + 30  # a state, polled until a generous deadline: no fixed sleep
    while time.monotonic() < deadline:
        if fits():
            return state
        page.wait_for_timeout(50)
    raise AssertionError(f"the iframe did not take its content's height: {state}")


@pytest.mark.parametrize("width", [390, 1280], ids=["phone-390", "desktop-1280"])
def test_card_in_a_wordpress_post_shows_fits_and_opens_our_page(browser, loopback: LoopbackSite, posts: Served,
                                                                embeds, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    errors = watch(page)
    try:
        page.goto(posts.url("post.html"))
        try:
            page.wait_for_function(SHOWN, timeout=20000)
        except Exception as error:
            raise AssertionError("wp-embed.js never showed the card: the card page did not answer with the "
                                 f"secret (scripts/embed/card.js); errors: {errors}") from error
        frame = card_frame(page, loopback)
        title = embeds["ours"]["data"]["title"]
        assert frame.locator("h1").inner_text() == title
        points = load(loopback.dir / "api" / "v1" / f"{TOPIC}.json")["keyPoints"]
        assert frame.locator("h1 + ul li").all_inner_texts() == points, "the card's summary must be the key points"
        crisis = frame.locator(".h").inner_text()
        assert "988" in crisis and "116 123" in crisis, crisis
        state = wait_for_fit(page, frame)
        assert WP_MIN_HEIGHT <= state["content"] <= WP_MAX_HEIGHT, state
        assert frame.evaluate("() => document.documentElement.scrollHeight <= window.innerHeight"), "inner scroll bar"
        box = page.locator("iframe.wp-embedded-content").bounding_box()
        assert box and box["width"] <= width, f"the card overflows a {width}px window: {box}"
        if os.environ.get("IPT_SCREENSHOTS"):  # a folder: keep a picture of the post for a review
            Path(os.environ["IPT_SCREENSHOTS"]).mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(Path(os.environ["IPT_SCREENSHOTS"]) / f"wordpress-post-{width}.png"), full_page=True)
        # A click inside the sandboxed card opens our page in the reader's window.
        frame.locator("a.go").click()
        page.wait_for_url(loopback.served.url(f"{TOPIC}/"), timeout=20000)
        assert not errors, errors
    finally:
        context.close()


def test_crisis_number_in_a_wordpress_card_opens_get_help_now(browser, loopback: LoopbackSite, posts: Served) -> None:
    """The sandbox cannot dial, and wp-embed.js opens only our own http(s) addresses: a tap on a
    crisis number opens our "Get help now" page, where it can be dialled."""
    context = browser.new_context(viewport={"width": 390, "height": 900})
    page = context.new_page()
    errors = watch(page)
    try:
        page.goto(posts.url("post.html"))
        page.wait_for_function(SHOWN, timeout=20000)
        card_frame(page, loopback).locator('a[href="tel:988"]').click()
        page.wait_for_url(loopback.served.url("get-help-now/"), timeout=20000)
        assert not errors, errors
    finally:
        context.close()


def test_markup_planted_in_our_json_runs_nothing_in_a_wordpress_post(browser, loopback: LoopbackSite,
                                                                     posts: Served, poisoned: Poisoned) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors = watch(page)
    try:
        page.goto(posts.url("poisoned.html"))
        page.wait_for_function(SHOWN, timeout=20000)   # the card answered: the page has settled
        page.wait_for_load_state("load")
        page.hover("main h1")
        assert page.evaluate(f"() => {PAYLOAD_FLAG}") is None, "planted markup ran in the WordPress post"
        assert not errors, errors
        # The control: the same planted markup, pasted raw into a page, does run.
        raw = load(poisoned.served.root / "oembed.json")["html"]
        page.set_content(f"<main>{raw}</main>")
        page.wait_for_function(f"() => {PAYLOAD_FLAG} !== undefined", timeout=20000)
    finally:
        context.close()


def test_card_without_wordpress_is_a_plain_iframe_that_fits_its_declared_size(browser, loopback: LoopbackSite,
                                                                              tmp_path_factory) -> None:
    """Ghost puts the html in the post as it is (no wp-embed.js): the blockquote and the card
    both show, and the card fits the width and height the response declares."""
    data = load(loopback.dir / OEMBED_DIR / f"{TOPIC}.json")
    served, httpd = serve_pages(tmp_path_factory.mktemp("ghost"), {"post.html": (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A Ghost post</title><link rel="icon" href="data:,"></head><body>'
        f'<figure class="kg-card kg-embed-card">{data["html"]}</figure></body></html>')})
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors = watch(page)
    try:
        page.goto(served.url("post.html"))
        frame = page.frame_locator("figure iframe")
        frame.locator("h1").wait_for()
        assert page.locator("blockquote").is_visible()
        inner = page.frames[1]
        content = inner.evaluate("() => Math.ceil(document.documentElement.getBoundingClientRect().height)")
        assert content <= data["height"], f"at {data['width']}px the card is {content}px tall; the response says {data['height']}"
        assert not errors, errors
    finally:
        context.close()
        httpd.shutdown()


def test_every_card_fits_the_size_its_response_declares(site: BuiltSite, server: Served, browser) -> None:
    """Ghost and Discourse keep the response's width and height: at that width, every card of
    both languages (with its key points) must fit that height without a scroll bar."""
    context = browser.new_context(viewport={"width": 600, "height": 1000})
    tall = []
    try:
        tab = context.new_page()
        for prefix in ("", "es/"):
            for path in oembed_files(site, prefix):
                data = load(path)
                tab.set_viewport_size({"width": data["width"], "height": data["height"]})
                tab.goto(server.url(f"{prefix}{CARD_DIR}/{path.stem}.html"))
                height = tab.evaluate("() => Math.ceil(document.documentElement.getBoundingClientRect().height)")
                if height > data["height"]:
                    tall.append(f"{prefix}{CARD_DIR}/{path.stem}.html: {height}px tall at {data['width']}px wide")
    finally:
        context.close()
    assert not tall, (f"cards taller than the declared height (HEIGHT in scripts/embed/oembed.py): raise it, "
                      "or shorten the key points:\n" + "\n".join(tall))


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_card_page_passes_axe(browser, server: Served, scheme: str) -> None:
    """WCAG 2.2 AA rules (axe-core) on the oEmbed card page, as a 600 px iframe would show it."""
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
               "resultTypes": ["violations"]}
    context = browser.new_context(viewport={"width": 600, "height": 420}, color_scheme=scheme)
    try:
        tab = context.new_page()
        tab.goto(server.url(f"{CARD_DIR}/{TOPIC}.html"))
        violations = Axe().run(tab, options=options).response["violations"]
    finally:
        context.close()
    problems = [f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes'][:4]]}" for v in violations]
    assert not problems, f"accessibility problems in the card ({scheme}; scripts/embed/card.*):\n" + "\n".join(problems)
