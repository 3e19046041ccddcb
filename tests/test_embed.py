"""The embed kit other sites use (issue 6): api/v1 JSON, the embed script, iframe pages,
the manifest and the "Embed our content" page, checked in the built site and in Chromium
with a host page on a second loopback origin."""
from __future__ import annotations

import base64
import gzip
import hashlib
import importlib.util
import json
import logging
import re
import urllib.request
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from jsonschema import Draft202012Validator, FormatChecker

from tests.conftest import BuiltSite, DocPage
from tests.support import embed_host
from tests.support.build import ROOT, strict_build
from tests.support.server import Served, serve

SCHEMA = ROOT / "scripts" / "schemas" / "api-v1.schema.json"
SCRIPT_BUDGET_GZIP = 6144
ALLOWED_TAGS = {"p", "ul", "ol", "li", "strong", "em", "a", "h3"}
SAFE_SCHEMES = ("https:", "mailto:", "tel:", "sms:")
CARD_SCHEMES = SAFE_SCHEMES + ("http:",)  # the card may also link to a plain-http test server
TOPIC = "techniques"          # the topic the browser tests embed
PAYLOAD_FLAG = "window.__ipt_pwned"


# --- reading the built site ----------------------------------------------------------------
def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def manifest(site: BuiltSite) -> dict:
    path = site.dir / "embed" / "v1" / "manifest.json"
    assert path.is_file(), "embed/v1/manifest.json was not written (scripts/hooks/embed_api.py)"
    return load(path)


def site_url(site: BuiltSite) -> str:
    """The site_url the site was built with, e.g. "https://ipt-guide.example.org/"."""
    return manifest(site)["script"].removesuffix("embed/v1/ipt-embed.js")


def prefix_of(page: DocPage) -> str:
    """The page's language folder on the site: "" (English) or "es/"."""
    return "es/" if page.src.startswith("es/") else ""


def topic_of(page: DocPage) -> str:
    src = page.src.removeprefix(prefix_of(page))
    return "home" if src == "index.md" else src.removesuffix(".md").removesuffix("/index").replace("/", "-")


#: What an embed says, per language (docs/includes/strings/<lang>.yml), and a crisis number it must show.
EMBED_WORDS = {"": ("From IPT Guide", "Last reviewed ", "116 123", "tel:988"),
               "es/": ("De IPT Guide", "Última revisión ", "800 911 2000", "tel:8009112000")}


def sri(data: bytes) -> str:
    return "sha384-" + base64.b64encode(hashlib.sha384(data).digest()).decode("ascii")


def long_date(value: date | str, language: str = "en") -> str:
    day = value if isinstance(value, date) else date.fromisoformat(str(value))
    if language == "es":
        months = ("enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre "
                  "diciembre").split()
        return f"{day.day} de {months[day.month - 1]} de {day.year}"
    return f"{day.day} {day.strftime('%B')} {day.year}"


def api_files(site: BuiltSite) -> list[Path]:
    return sorted((site.dir / "api" / "v1").glob("*.json")) + sorted((site.dir / "es" / "api" / "v1").glob("*.json"))


def tree_hashes(root: Path, folders: tuple[str, ...]) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for folder in folders for p in sorted((root / folder).rglob("*")) if p.is_file()}


def local_file(site: BuiltSite, url: str) -> Path | None:
    """The built file a URL under site_url points at (None if the URL is elsewhere)."""
    base = site_url(site)
    if not url.startswith(base):
        return None
    path = urlsplit(url).path[len(urlsplit(base).path):]
    target = site.dir / path
    return target / "index.html" if path == "" or path.endswith("/") else target


# --- the files -------------------------------------------------------------------------------
def test_every_api_file_matches_the_schema(site: BuiltSite) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema, format_checker=FormatChecker())
    files = api_files(site) + [site.dir / "embed" / "v1" / "manifest.json"]
    problems = [f"{path.relative_to(site.dir)} at {'/'.join(map(str, e.absolute_path)) or 'top'}: {e.message[:300]}"
                for path in files for e in validator.iter_errors(load(path))]
    assert len(files) > 2, "api/v1/ holds no documents (scripts/hooks/embed_api.py)"
    assert not problems, "API files that do not match scripts/schemas/api-v1.schema.json:\n" + "\n".join(problems)


@pytest.mark.parametrize("prefix", ["", "es/"], ids=["en", "es"])
def test_every_reader_page_has_a_document_and_an_iframe_page(site: BuiltSite, prefix: str) -> None:
    api = site.dir / prefix / "api" / "v1"
    index = load(api / "index.json")
    listed = [item["identifier"] for item in index["itemListElement"]]
    pages = [p for p in site.reader_pages if prefix_of(p) == prefix]
    expected = [topic_of(p) for p in pages]
    assert sorted(listed) == sorted(expected), \
        f"{prefix}api/v1/index.json lists {sorted(listed)}, but the reader pages are {sorted(expected)}"
    attribution, reviewed_words, number, tel = EMBED_WORDS[prefix]
    language = "es" if prefix else "en"
    for page in pages:
        topic = topic_of(page)
        doc = load(api / f"{topic}.json")
        where = f"{prefix}api/v1/{topic}.json (from docs/{page.src})"
        assert doc["inLanguage"] == language, f"{where}: inLanguage is {doc['inLanguage']}"
        assert doc["name"] == page.meta["title"], f"{where}: name is not the page title"
        assert doc["description"] == page.meta["description"], f"{where}: description differs from the front matter"
        assert doc["lastReviewed"] == str(page.meta["last_reviewed"]), f"{where}: lastReviewed differs"
        assert doc["nextReview"] == str(page.meta["next_review"]), f"{where}: nextReview differs"
        assert doc["url"] == site_url(site) + page.url, f"{where}: url is not the page's canonical address"
        # The references are the ones the page itself lists as footnotes, in the same order.
        footnotes = [li["id"].removeprefix("fn:ref-") for li in page.soup.select("div.footnote li[id^='fn:ref-']")]
        cited = [c["identifier"] for c in doc["citation"]]
        assert [c.lower() for c in cited] == [f.lower() for f in footnotes], \
            f"{where}: citation {cited} differs from the page's reference list {footnotes}"
        label, points = page.key_points or ("", [])
        assert doc["keyPoints"] == points, f"{where}: keyPoints {doc['keyPoints']} are not the page's key points {points}"
        first = doc["hasPart"][0]
        assert first.get("headline") == label and "url" not in first and first["html"].startswith("<ul><li>"), \
            f"{where}: the first section must be the key points, headed {label!r}: {first}"
        frame_path = site.dir / prefix / "embed" / "v1" / f"{topic}.html"
        frame = BeautifulSoup(frame_path.read_text(encoding="utf-8"), "html.parser")
        assert frame.html.get("lang") == language and frame.title and page.meta["title"] in frame.title.get_text(), \
            f"{prefix}embed/v1/{topic}.html: needs lang=\"{language}\" and a <title> with the page title"
        assert not frame.select("script:not([src]), style, [style]"), \
            f"{prefix}embed/v1/{topic}.html: inline script or style would break under a strict CSP"
        text = frame.get_text(" ", strip=True)
        for must in (attribution, reviewed_words + long_date(page.meta["last_reviewed"], language),
                     " ".join(doc["disclaimer"].split()[:6]), number):
            assert must in text, f"{prefix}embed/v1/{topic}.html: '{must}' is missing"
        assert frame.select_one(f'a[href="{tel}"]'), f"{prefix}embed/v1/{topic}.html: the crisis line needs {tel}"
        section = frame.select_one("main > section")
        assert section.h2 and section.h2.get_text(strip=True) == label and \
            [" ".join(li.get_text().split()) for li in section.select("li")] == points, \
            f"{prefix}embed/v1/{topic}.html: the page's key points must come first, under the title"


def test_english_embed_script_is_the_source_and_spanish_only_translates_words(site: BuiltSite) -> None:
    """English embeds keep their bytes (and so their SRI); the Spanish copy differs only in
    its interface words and date format."""
    source = (ROOT / "scripts" / "embed" / "ipt-embed.js").read_text(encoding="utf-8")
    english = (site.dir / "embed" / "v1" / "ipt-embed.js").read_text(encoding="utf-8")
    spanish = (site.dir / "es" / "embed" / "v1" / "ipt-embed.js").read_text(encoding="utf-8")
    assert english == source
    changed = [(a, b) for a, b in zip(english.splitlines(), spanish.splitlines()) if a != b]
    assert len(english.splitlines()) == len(spanish.splitlines()) and 1 <= len(changed) <= 6, changed
    assert '"¿Necesita ayuda ahora? "' in spanish and 'toLocaleDateString("es"' in spanish
    es_manifest = load(site.dir / "es" / "embed" / "v1" / "manifest.json")
    assert es_manifest["script"].endswith("/es/embed/v1/ipt-embed.js")
    assert es_manifest["files"]["ipt-embed.js"]["integrity"] == sri(spanish.encode("utf-8"))


def test_section_html_keeps_only_allowed_tags(site: BuiltSite) -> None:
    problems = []
    for path in api_files(site):
        if path.name == "index.json":
            continue
        for n, part in enumerate(load(path)["hasPart"]):
            for tag in BeautifulSoup(part["html"], "html.parser").find_all(True):
                attrs = set(tag.attrs) - ({"href"} if tag.name == "a" else set())
                if tag.name not in ALLOWED_TAGS or attrs:
                    problems.append(f"{path.name} hasPart[{n}]: <{tag.name}> {sorted(attrs)}")
            if re.search(r"\[\d+\]|\s[.,;:]", part["text"]):
                problems.append(f"{path.name} hasPart[{n}]: a citation marker or its space is left in the text")
    assert not problems, "sections must use only " + ", ".join(sorted(ALLOWED_TAGS)) + ":\n" + "\n".join(problems)


#: A built page with everything the sanitizer must remove planted in it. Pages cannot carry
#: most of this (scripts/hooks/content_rules.py stops raw scripts and event handlers in
#: Markdown), so the sanitizer is the second line: it is tested on the HTML itself.
PLANTED_PAGE = """<h1 id="t">Title</h1>
<div class="admonition key-points"><p class="admonition-title">Key points</p>
<ul><li onclick="steal()">One <sup id="fnref:ref-a"><a class="footnote-ref" href="#fn:ref-a">1</a></sup>.</li>
<li style="color:red">Two.</li><li>Three<script>window.__x=0</script>.</li></ul></div>
<p>Safe <a href="../what-is-ipt/#phases">relative link</a> and <a href="tel:988">988</a>.</p>
<script>window.__x=1</script><style>*{display:none}</style>
<p onclick="steal()" style="color:red" class="x" id="y">Styled <span onmouseover="steal()">text</span></p>
<p><a href="javascript:alert(1)">js1</a> <a href="JaVaScRiPt:alert(2)">js2</a> <a href="  javascript:alert(3)">js3</a>
<a href="java&#x09;script:alert(4)">js4</a> <a href="data:text/html,x">data</a> <a href="vbscript:msgbox(6)">vb</a>
<a href="http://evil.example/">plain http</a></p>
<img src=x onerror="alert(7)"><svg onload="alert(8)"><circle/></svg><iframe src="javascript:alert(9)"></iframe>
<form action="https://evil.example/"><input name="q"><button formaction="javascript:alert(10)">Go</button></form>
<math><mi xlink:href="javascript:alert(11)">x</mi></math>
<noscript><p title="</noscript><img src=x onerror=alert(12)>">ns</p></noscript>
<details open ontoggle="alert(13)"><summary>More</summary><p>Inside</p></details>
<!-- <script>alert(14)</script> -->
<h2 id="next">Next</h2><p>After <b>bold</b> and <i>italic</i>, <a href="https://example.org/a?b=1&amp;c=2">out</a>.</p>
<table><tr><th>a</th><td onclick="x()">b</td></tr></table>
"""


def test_sanitizer_removes_what_it_must_from_a_planted_page() -> None:
    from scripts.embed.sections import sections

    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    section_schema = Draft202012Validator({**schema["$defs"]["section"], "$defs": schema["$defs"]})
    out = sections(PLANTED_PAGE, "https://ipt-guide.example.org/techniques/", "https://ipt-guide.example.org/")
    html = "".join(part["html"] for part in out["hasPart"])
    soup = BeautifulSoup(html, "html.parser")
    assert {tag.name for tag in soup.find_all(True)} <= ALLOWED_TAGS, html
    assert all(set(tag.attrs) <= ({"href"} if tag.name == "a" else set()) for tag in soup.find_all(True)), html
    for gone in ("script", "<style", "style=", "onclick", "onerror", "onload", "ontoggle", "onmouseover", "javascript",
                 "vbscript", "data:", "alert", "__x", "display:none", "color:red", "evil.example", "<!--", "noscript"):
        assert gone not in html.lower(), f"the sanitizer left {gone!r} in:\n{html}"
    assert [a["href"] for a in soup.find_all("a")] == [
        "https://ipt-guide.example.org/what-is-ipt/#phases", "tel:988", "https://example.org/a?b=1&c=2"], html
    for kept in ("Styled text", "js1 js2 js3", "plain http", "Inside", "<strong>bold</strong>", "<em>italic</em>",
                 "<p>a – b</p>"):
        assert kept in html, f"the sanitizer lost {kept!r}:\n{html}"
    assert out["keyPoints"] == ["One.", "Two.", "Three."], out["keyPoints"]
    assert [part.get("headline") for part in out["hasPart"]] == ["Key points", None, "Next"]
    problems = [e.message for part in out["hasPart"] for e in section_schema.iter_errors(part)]
    assert not problems, problems


def test_links_are_absolute_and_resolve(site: BuiltSite) -> None:
    problems = []
    for path in api_files(site):
        doc = load(path)
        urls = [(part.get("headline", "intro"), a["href"])
                for part in doc.get("hasPart", [])
                for a in BeautifulSoup(part["html"], "html.parser").find_all("a")]
        urls += [("url", doc.get("url", "")), ("attribution", doc.get("attribution", {}).get("url", ""))]
        urls += [("contentUrl", i["contentUrl"]) for i in doc.get("itemListElement", [])]
        urls += [("embedUrl", i["embedUrl"]) for i in doc.get("itemListElement", [])]
        for where, url in urls:
            if not url:
                continue
            if not url.startswith(SAFE_SCHEMES):
                problems.append(f"{path.name} ({where}): {url} is not an absolute https:, mailto:, tel: or sms: link")
                continue
            target = local_file(site, url)
            if target is None:
                continue
            if not target.is_file():
                problems.append(f"{path.name} ({where}): {url} has no file in the built site ({target})")
                continue
            fragment = urlsplit(url).fragment
            if fragment and f'id="{fragment}"' not in target.read_text(encoding="utf-8"):
                problems.append(f"{path.name} ({where}): {url}: no element with id '{fragment}' on that page")
    assert not problems, "broken links in the embed API:\n" + "\n".join(problems)


def test_embed_script_is_within_its_size_budget(site: BuiltSite) -> None:
    data = (site.dir / "embed" / "v1" / "ipt-embed.js").read_bytes()
    assert data == (ROOT / "scripts" / "embed" / "ipt-embed.js").read_bytes(), \
        "embed/v1/ipt-embed.js differs from scripts/embed/ipt-embed.js: the hook must copy it unchanged"
    size = len(gzip.compress(data, 9))
    assert size <= SCRIPT_BUDGET_GZIP, \
        f"ipt-embed.js is {size} bytes gzipped ({len(data)} raw); the budget is {SCRIPT_BUDGET_GZIP}. Make it smaller."


def test_embed_page_shows_the_real_integrity_and_addresses(site: BuiltSite) -> None:
    html = site.page("embed.md").html
    assert "{{" not in html, "docs/embed.md: a {{ placeholder }} was not filled in by the build"
    integrity = manifest(site)["files"]["ipt-embed.js"]["integrity"]
    snippets = embed_snippets(site)
    assert len(snippets) >= 2, "docs/embed.md: expected a script snippet and an iframe snippet"
    for snippet in snippets:
        assert f'integrity="{integrity}"' in snippet, f"snippet without the script's real integrity value:\n{snippet}"
        assert f'src="{site_url(site)}embed/v1/' in snippet, f"snippet URLs must be absolute from site_url:\n{snippet}"


def test_manifest_integrity_matches_the_served_files(site: BuiltSite, server: Served) -> None:
    for name, entry in manifest(site)["files"].items():
        with urllib.request.urlopen(server.url(f"embed/v1/{name}")) as response:
            served = response.read()
        assert entry["integrity"] == sri(served), f"manifest.json: the integrity of {name} is not the served file's"
        assert entry["bytes"] == len(served), f"manifest.json: the size of {name} is not the served file's"


@pytest.mark.parametrize("path", ["api/v1/techniques.json", "api/v1/index.json", "embed/v1/ipt-embed.js",
                                  "embed/v1/techniques.html", "embed/v1/iframe.js", "embed/v1/manifest.json",
                                  "es/api/v1/techniques.json", "es/embed/v1/ipt-embed.js",
                                  "es/embed/v1/techniques.html", "es/embed/v1/card/techniques.html"])
def test_cdn_headers_let_other_sites_use_the_files(server: Served, path: str) -> None:
    with urllib.request.urlopen(server.url(path)) as response:
        headers = response.headers
    fix = "in the site's _headers file (scripts/hooks/headers.py)"
    assert headers.get("Access-Control-Allow-Origin") == "*", f"/{path}: Access-Control-Allow-Origin: * is missing {fix}"
    assert headers.get("Cross-Origin-Resource-Policy", "cross-origin") == "cross-origin", \
        f"/{path}: Cross-Origin-Resource-Policy must be cross-origin {fix}"
    if path.endswith(".html"):
        csp = headers.get("Content-Security-Policy", "")
        assert headers.get("X-Frame-Options") is None, f"/{path}: X-Frame-Options stops other sites framing it {fix}"
        assert re.search(r"frame-ancestors[^;]*\*", csp), f"/{path}: CSP needs frame-ancestors * {fix} (got {csp!r})"
    if path.removeprefix("es/").startswith("api/"):
        age = re.search(r"max-age=(\d+)", headers.get("Cache-Control", ""))
        assert age and int(age.group(1)) <= 3600, f"/{path}: JSON needs a short Cache-Control max-age {fix}"


def test_two_builds_write_identical_embed_files(site: BuiltSite, tmp_path: Path) -> None:
    result = strict_build(ROOT, tmp_path / "again")
    assert result.returncode == 0, result.stdout + result.stderr
    first = tree_hashes(site.dir, ("api", "embed/v1", "es/api", "es/embed/v1"))
    second = tree_hashes(tmp_path / "again", ("api", "embed/v1", "es/api", "es/embed/v1"))
    differ = sorted(k for k in first.keys() | second.keys() if first.get(k) != second.get(k))
    assert first and not differ, f"files under api/ and embed/v1/ differ between two builds: {differ}"


def test_hook_warns_when_embeds_would_lack_their_integrity_or_crisis_help(caplog: pytest.LogCaptureFixture) -> None:
    """The hook's warnings (which stop a strict build), checked in-process to keep the suite fast."""
    spec = importlib.util.spec_from_file_location("embed_api_under_test", ROOT / "scripts" / "hooks" / "embed_api.py")
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    source = ROOT / "docs" / "embed.md"
    page = SimpleNamespace(file=SimpleNamespace(src_uri="embed.md", abs_src_path=str(source)))
    config = SimpleNamespace(site_url="https://example.org/", docs_dir=str(ROOT / "docs"), theme={"language": "en"},
                             extra={"crisis_help": {"international_directory": "https://findahelpline.com/"}})
    markdown = source.read_text(encoding="utf-8").replace("{{ embed_integrity }}", "sha384-old") + "\n{{ embed_nope }}\n"
    with caplog.at_level(logging.WARNING, logger="mkdocs.hooks.embed_api"):
        out = hook.on_page_markdown(markdown, page, config, None)
        hook.api_document.crisis_help(config)
    messages = "\n".join(r.getMessage() for r in caplog.records)
    assert "docs/embed.md: the placeholder {{ embed_integrity }} is missing" in messages, messages
    assert "unknown placeholder {{ embed_nope }}" in messages, messages
    assert "docs/includes/crisis-help.yml: this language needs" in messages, messages
    assert "{{ embed_base }}" not in out and "https://example.org/embed/v1/ipt-embed.js" in out


# --- in Chromium -------------------------------------------------------------------------------
def embed_snippets(site: BuiltSite) -> list[str]:
    """The copy-paste code blocks of the built "Embed our content" page that load the script."""
    article = site.page("embed.md").soup.select_one("article") or site.page("embed.md").soup
    return [code.get_text() for code in article.select("pre code") if "ipt-embed.js" in code.get_text()]


def section_id(site: BuiltSite, index: int) -> str:
    """The id of one section of TOPIC (the part after "#" in its hasPart url)."""
    return load(site.dir / "api" / "v1" / f"{TOPIC}.json")["hasPart"][index]["url"].split("#")[1]


@dataclass
class Hosts:
    """Host pages on a second origin, plus a third origin with a doctored API."""

    origin: Served
    doctored: Served


@pytest.fixture(scope="module")
def hosts(site: BuiltSite, server: Served, tmp_path_factory: pytest.TempPathFactory):
    bad, bad_httpd = embed_host.doctored_api(site.dir, tmp_path_factory.mktemp("doctored"), TOPIC)
    dead, dead_httpd = serve(tmp_path_factory.mktemp("dead"))
    dead_httpd.shutdown()
    dead_httpd.server_close()  # nothing listens on this port any more: every fetch fails
    script = embed_host.script_tag(server, manifest(site)["files"]["ipt-embed.js"]["integrity"])
    frame = f'<iframe data-ipt-guide src="{server.url(f"embed/v1/{TOPIC}.html")}" title="IPT techniques"></iframe>'
    probes = ('<h2 id="probe-h2">Clinic news</h2><p id="probe-p">Our opening hours.</p>'
              '<ul><li id="probe-li">Item</li></ul><a id="probe-a" href="#x">A link</a>'
              '<article class="c" id="probe-c"><section id="probe-s"><time id="probe-t">Now</time></section></article>')
    aggressive = ("<style>* { color: red !important; font-size: 40px !important; background: yellow !important;"
                  " line-height: 3 !important; letter-spacing: 9px !important; text-transform: uppercase !important;"
                  " word-spacing: 30px !important; font-style: italic !important } p { display: none !important } h2, h3 { display: none }"
                  " a { pointer-events: none; color: yellow !important } section { display: none }</style>")
    pages = {
        "card.html": embed_host.page(f'<ipt-guide topic="{TOPIC}"></ipt-guide>{script}'),
        "frame.html": embed_host.page(f"<p>Before the frame.</p>{frame}<p>After the frame.</p>{script}"),
        # The host's script arrives a second after the iframe has loaded (a slow CDN): the
        # iframe's first height messages went to no one.
        "late-script.html": embed_host.page(
            f"<p>Before the frame.</p>{frame}<p>After the frame.</p>"
            "<script>document.querySelector('iframe[data-ipt-guide]').addEventListener('load', () => "
            "setTimeout(() => "
            f"document.body.appendChild(Object.assign(document.createElement('script'), {{src: {json.dumps(server.url('embed/v1/ipt-embed.js'))}, "
            f"integrity: {json.dumps(manifest(site)['files']['ipt-embed.js']['integrity'])}, crossOrigin: 'anonymous'}})), 1000));</script>"),
        "xss.html": embed_host.page(f'<ipt-guide topic="{TOPIC}" src="{bad.url("api/v1/")}"></ipt-guide>{script}'),
        "missing.html": embed_host.page(f'<ipt-guide topic="no-such-topic"></ipt-guide>{script}'),
        "section.html": embed_host.page(f'<ipt-guide topic="{TOPIC}" section="{section_id(site, 2)}"></ipt-guide>{script}'),
        "no-section.html": embed_host.page(f'<ipt-guide topic="{TOPIC}" section="no-such-section"></ipt-guide>{script}'),
        "dead.html": embed_host.page(
            f'<ipt-guide topic="{TOPIC}" src="{dead.url("api/v1/")}">'
            f'<a href="{site_url(site)}{TOPIC}/">Read about the seven techniques on IPT Guide</a></ipt-guide>{script}'),
        "strict-csp.html": embed_host.page(
            f'<ipt-guide topic="{TOPIC}"></ipt-guide>{script}',
            head=f'<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; '
                 f'script-src {server.origin}; connect-src {server.origin}; frame-src {server.origin}; style-src \'self\'">'),
        "aggressive.html": embed_host.page(f'<ipt-guide topic="{TOPIC}"></ipt-guide>{script}', head=aggressive),
        "leak.html": embed_host.page(f'{probes}<ipt-guide topic="{TOPIC}"></ipt-guide>{probes.replace("probe-", "after-")}{script}'),
        "leak-control.html": embed_host.page(f'{probes}{probes.replace("probe-", "after-")}'),
    }
    for n, snippet in enumerate(embed_snippets(site)):
        pages[f"webmaster-{n}.html"] = embed_host.page(snippet.replace(site_url(site), server.url("/")))
    origin, httpd = embed_host.serve_pages(tmp_path_factory.mktemp("host"), pages)
    assert origin.origin != server.origin and origin.origin != bad.origin
    yield Hosts(origin=origin, doctored=bad)
    httpd.shutdown()
    bad_httpd.shutdown()


CARD = "() => { const h = document.querySelector('ipt-guide'); return h && h.shadowRoot && h.shadowRoot.querySelector('.c'); }"


def open_card(page, url: str) -> dict:
    """Open a host page, wait for the card (or its fallback) and describe what it shows."""
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    try:
        page.wait_for_function(CARD, timeout=10000)
    except Exception as error:  # show the browser's own explanation (CORS, SRI, ...)
        raise AssertionError(f"no card appeared on {url}; browser errors: {errors}") from error
    return page.evaluate("""() => {
        const root = document.querySelector('ipt-guide').shadowRoot;
        const c = root.querySelector('.c');
        return {
            kind: c.tagName.toLowerCase(), text: c.innerText, title: (root.querySelector('h2') || {}).textContent,
            links: [...root.querySelectorAll('a')].map(a => ({href: a.getAttribute('href'), text: a.textContent})),
            tags: [...root.querySelectorAll('*')].map(e => e.tagName.toLowerCase()),
            headings: [...root.querySelectorAll('h3')].map(e => e.textContent),
            first: (s => s && {heading: (s.querySelector('h3') || {}).textContent,
                               points: [...s.querySelectorAll('li')].map(li => li.textContent)})(root.querySelector('h2 + section')),
            attrs: [...root.querySelectorAll('*')].flatMap(e => e.getAttributeNames()),
        };
    }""") | {"errors": errors}


def test_card_renders_the_topic_from_another_origin(site: BuiltSite, page, hosts: Hosts) -> None:
    doc = load(site.dir / "api" / "v1" / f"{TOPIC}.json")
    card = open_card(page, hosts.origin.url("card.html"))
    assert card["kind"] == "article", f"the card fell back to a link: the fetch of the JSON failed {card['errors']}"
    assert card["title"] == doc["name"]
    headlines = [p["headline"] for p in doc["hasPart"] if "headline" in p]
    intro = doc["hasPart"][1]["text"].splitlines()[0]
    for must in [*headlines, intro, "Last reviewed " + long_date(doc["lastReviewed"]), doc["disclaimer"], "116 123"]:
        assert must in card["text"], f"the card does not show: {must!r}"
    assert card["first"] == {"heading": "Key points", "points": doc["keyPoints"]}, \
        f"the card must show the page's key points first, under the title: {card['first']}"
    links = {(link["href"], link["text"]) for link in card["links"]}
    assert (doc["url"], "From IPT Guide") in links, "the card has no 'From IPT Guide' link to the page"
    assert {"tel:988", "sms:988", "tel:911", "tel:116123"} <= {href for href, _ in links}, \
        "the card's crisis line needs tel:988, sms:988, tel:911 and tel:116123 links"


@pytest.mark.parametrize("host_page", ["frame.html", "late-script.html"])
def test_iframe_resizes_to_its_content(page, hosts: Hosts, host_page: str) -> None:
    page.goto(hosts.origin.url(host_page))
    frame = page.frame_locator("iframe[data-ipt-guide]")
    frame.locator("main").wait_for()
    script = """() => {
        const f = document.querySelector('iframe[data-ipt-guide]');
        const doc = f.contentDocument;  // null: the iframe is another origin
        return {outer: f.clientHeight, sameOrigin: doc !== null};  // clientHeight: without the border
    }"""
    try:
        page.wait_for_function("() => document.querySelector('iframe[data-ipt-guide]').clientHeight > 400",
                               timeout=10000)
    except Exception as error:
        raise AssertionError(f"the iframe was not resized to its content: it is still {page.evaluate(script)['outer']}px "
                             "tall (iframe.js posts its height; ipt-embed.js must set it)") from error
    state = page.evaluate(script)
    inner = page.frames[1].evaluate("() => document.documentElement.getBoundingClientRect().height")
    assert not state["sameOrigin"], "the test iframe must come from another origin than the host page"
    assert abs(state["outer"] - inner) <= 2, f"iframe is {state['outer']}px tall, its content {inner}px"
    # A message from anywhere but the iframe's own window is ignored.
    page.evaluate("() => window.postMessage({type: 'ipt-guide:height', height: 50}, '*')")
    page.wait_for_timeout(300)
    assert page.evaluate(script)["outer"] == state["outer"], "the host page's own message resized the iframe"


def test_fetched_markup_renders_as_text_and_runs_nothing(page, hosts: Hosts) -> None:
    card = open_card(page, hosts.origin.url("xss.html"))
    page.wait_for_timeout(500)  # time for any image error or script to fire
    assert page.evaluate(f"() => {PAYLOAD_FLAG}") is None, "fetched text ran script in the host page"
    assert card["kind"] == "article", f"the doctored document did not render {card['errors']}"
    assert card["title"] == embed_host.PAYLOAD_TITLE, "the title was not shown as plain text"
    assert "<script>window.__ipt_pwned=2</script>" in card["text"], "plain text was not shown as text"
    assert "<b>Heading</b>" in card["text"] and "safe paragraph" in card["text"]
    bad_tags = {"img", "script", "iframe", "svg", "style", "b"} & set(card["tags"])
    assert not bad_tags, f"elements from fetched text reached the card: {bad_tags}"
    assert set(card["attrs"]) <= {"class", "href", "lang", "datetime"}, f"unexpected attributes: {set(card['attrs'])}"
    assert all(link["href"].startswith(CARD_SCHEMES) for link in card["links"]), card["links"]
    visible = page.evaluate("() => getComputedStyle(document.querySelector('ipt-guide').shadowRoot.querySelector('p')).display")
    assert visible != "none", "a <style> in fetched HTML changed the card"


def test_card_can_show_one_section(site: BuiltSite, page, hosts: Hosts) -> None:
    parts = load(site.dir / "api" / "v1" / f"{TOPIC}.json")["hasPart"]
    card = open_card(page, hosts.origin.url("section.html"))
    assert card["kind"] == "article", card["errors"]
    assert card["headings"][:1] == [parts[2]["headline"]], "the card does not show the section it was asked for"
    others = {p["headline"] for i, p in enumerate(parts) if "headline" in p and i != 2}
    assert not others & set(card["headings"]), "the card shows sections it was not asked for"
    doc = load(site.dir / "api" / "v1" / f"{TOPIC}.json")
    assert doc["keyPoints"][0] not in card["text"], "the card shows the page's key points too"
    assert parts[1]["text"].splitlines()[0] not in card["text"], "the card shows the page's introduction too"
    assert "Read the rest of this page on IPT Guide" in card["text"] and "988" in card["text"]


@pytest.mark.parametrize(("host_page", "expected_text", "expected_href"), [
    ("missing.html", "Read about this topic on IPT Guide", "no-such-topic/"),
    ("dead.html", "Read about the seven techniques on IPT Guide", f"{TOPIC}/"),
    ("no-section.html", "Read about this topic on IPT Guide", f"{TOPIC}/"),
], ids=["unknown-topic", "server-down", "unknown-section"])
def test_failed_fetch_shows_the_fallback_link(site: BuiltSite, server: Served, page, hosts: Hosts,
                                              host_page: str, expected_text: str, expected_href: str) -> None:
    card = open_card(page, hosts.origin.url(host_page))
    assert card["kind"] == "div", "a card appeared although the JSON could not be fetched"
    assert len(card["links"]) == 1 and card["links"][0]["text"] == expected_text, card["links"]
    href = card["links"][0]["href"]
    assert href in (server.url(expected_href), site_url(site) + expected_href), f"fallback link goes to {href}"


def test_host_styles_do_not_break_the_card(page, hosts: Hosts) -> None:
    card = open_card(page, hosts.origin.url("aggressive.html"))
    assert card["kind"] == "article"
    styles = page.evaluate("""() => [...document.querySelector('ipt-guide').shadowRoot.querySelectorAll('h2, h3, p, a')]
        .map(e => { const s = getComputedStyle(e); return {tag: e.tagName, display: s.display, color: s.color,
                    size: parseFloat(s.fontSize), height: e.getBoundingClientRect().height, spacing: s.letterSpacing,
                    words: s.wordSpacing, transform: s.textTransform, style: s.fontStyle}; })""")
    broken = [s for s in styles if s["display"] == "none" or s["height"] == 0 or s["size"] > 30
              or s["color"] in ("rgb(255, 0, 0)", "rgb(255, 255, 0)") or s["spacing"] != "normal"
              or s["words"] != "0px" or s["transform"] != "none" or s["style"] != "normal"]
    assert styles and not broken, f"the host page's CSS changed the card: {broken[:5]}"


def test_card_works_under_a_strict_host_csp(page, hosts: Hosts) -> None:
    """A host whose CSP allows our origin for scripts and fetches, but no inline styles."""
    card = open_card(page, hosts.origin.url("strict-csp.html"))
    assert card["kind"] == "article", card["errors"]
    border = page.evaluate("() => getComputedStyle(document.querySelector('ipt-guide').shadowRoot.querySelector('.c')).borderTopWidth")
    assert border == "1px", "the card's own styles did not apply under the host's CSP (style-src 'self')"
    assert not [e for e in card["errors"] if "Content Security Policy" in e], card["errors"]


def test_card_styles_do_not_leak_into_the_host(page, hosts: Hosts) -> None:
    probe = """() => Object.fromEntries([...document.querySelectorAll('[id^=probe-], [id^=after-]')].map(e => {
        const s = getComputedStyle(e);
        return [e.id, ['color', 'background-color', 'font-size', 'font-family', 'font-weight', 'line-height', 'margin',
                       'padding', 'border', 'display', 'list-style-type', 'text-decoration-line']
                      .map(p => s.getPropertyValue(p)).join(' | ')];
    }))"""
    page.goto(hosts.origin.url("leak-control.html"))
    control = page.evaluate(probe)
    open_card(page, hosts.origin.url("leak.html"))
    with_card = page.evaluate(probe)
    changed = {k: (control[k], with_card.get(k)) for k in control if control[k] != with_card.get(k)}
    assert len(control) == 14 and not changed, f"the card's styles changed the host page: {changed}"


def test_webmaster_snippets_work_as_written(site: BuiltSite, page, hosts: Hosts) -> None:
    """The code blocks of the built embed page, pasted as they are into a plain page elsewhere."""
    names = [n for n in sorted(p.name for p in hosts.origin.root.glob("webmaster-*.html"))]
    assert len(names) >= 2, "docs/embed.md: expected a card snippet and an iframe snippet"
    checked = set()
    for name in names:
        html = (hosts.origin.root / name).read_text(encoding="utf-8")
        if "<ipt-guide" in html:
            card = open_card(page, hosts.origin.url(name))
            assert card["kind"] == "article", f"the card snippet did not load ({name}): {card['errors']}"
            assert "Last reviewed" in card["text"] and "988" in card["text"]
            checked.add("card")
        if "<iframe" in html:
            errors: list[str] = []
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            page.goto(hosts.origin.url(name))
            page.frame_locator("iframe[data-ipt-guide]").locator("main").wait_for()
            try:
                page.wait_for_function("""() => { const f = document.querySelector('iframe[data-ipt-guide]');
                    return f.style.height !== ''; }""", timeout=10000)
            except Exception as error:
                raise AssertionError(f"the iframe snippet was not resized ({name}); browser errors: {errors}") from error
            checked.add("iframe")
    assert checked == {"card", "iframe"}, f"snippets checked: {checked}"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_card_and_iframe_page_pass_axe(browser, server: Served, hosts: Hosts, scheme: str) -> None:
    """WCAG 2.2 AA rules (axe-core) on the card in a host page and on an iframe page."""
    from axe_playwright_python.sync_playwright import Axe

    options = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
               "resultTypes": ["violations"]}
    context = browser.new_context(viewport={"width": 390, "height": 844}, color_scheme=scheme, bypass_csp=True)
    try:
        tab = context.new_page()
        problems = []
        for url in (hosts.origin.url("card.html"), server.url(f"embed/v1/{TOPIC}.html")):
            tab.goto(url)
            if url.endswith("card.html"):
                tab.wait_for_function(CARD, timeout=10000)
            for v in Axe().run(tab, options=options).response["violations"]:
                targets = [" > ".join(map(str, n["target"][0] if isinstance(n["target"][0], list) else n["target"]))
                           for n in v["nodes"][:4]]
                problems.append(f"{url} ({scheme}): {v['id']}: {v['help']} at {targets}")
    finally:
        context.close()
    assert not problems, "accessibility problems in the embeds (scripts/embed/):\n" + "\n".join(problems)
