"""Byte budgets for every page's first view (issue 8), measured in Chromium.

A reader on a phone and a slow network gets each page in at most 70 KB (70,000 bytes)
compressed with gzip, in at most 8 requests, with nothing from another host and no web
fonts. Bytes, not times: they do not change with the machine's load. The benchmark
(scripts/bench.py, README "Benchmark") reports times, Brotli sizes and Lighthouse scores.

"First view" is everything the browser fetches until the network is idle, with no user
action (see scripts/page_weight.py). Search loads only when a reader starts to search
(docs/javascripts/lazy-search.js); a test here checks that it then still works.
"""
from __future__ import annotations

import re
from pathlib import Path

import material
import pytest

from scripts.page_weight import KINDS, PageWeight, measure
from scripts.project import ROOT

BUDGET_BYTES = 70_000
BUDGET_REQUESTS = 8
MOBILE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def first_views(site, server, browser) -> dict[str, PageWeight]:
    """{page source: its first view}, every page measured in one browser context.

    `measure` routes every request, which turns Chromium's cache off, so each page is a
    cold first visit.
    """
    context = browser.new_context(viewport=MOBILE)
    try:
        return {page.src: measure(context, server.url(page.url), server.origin, settle_ms=0, with_brotli=False)
                for page in site.pages}
    finally:
        context.close()


def table(views: dict[str, PageWeight]) -> str:
    """Per-page weights in KB (gzip), for failure messages."""
    head = f"{'page':<26}" + "".join(f"{k:>7}" for k in KINDS) + f"{'total':>8}{'requests':>10}"
    rows = [head]
    for src, view in views.items():
        kinds = view.by_kind("gzip")
        rows.append(f"{src:<26}" + "".join(f"{kinds[k] / 1000:>7.1f}" for k in KINDS)
                    + f"{view.total('gzip') / 1000:>8.1f}{view.requests:>10}")
    return "\n".join(rows)


def heaviest(view: PageWeight, n: int = 4) -> str:
    parts = sorted(view.resources, key=lambda r: r.gzip, reverse=True)[:n]
    return ", ".join(f"{r.url.split('/', 3)[-1] or '(page)'} {r.gzip / 1000:.1f} KB" for r in parts)


def test_every_first_view_is_within_70_kb_and_8_requests(first_views):
    over = {src: v for src, v in first_views.items()
            if v.total("gzip") > BUDGET_BYTES or v.requests > BUDGET_REQUESTS}
    assert not over, (
        f"These pages are over the first-view budget of {BUDGET_BYTES / 1000:.0f} KB gzip in "
        f"{BUDGET_REQUESTS} requests (readers on phones pay for every byte):\n"
        + "\n".join(f"- {src}: {v.total('gzip') / 1000:.1f} KB in {v.requests} requests; "
                    f"heaviest: {heaviest(v)}" for src, v in over.items())
        + "\nShorten the page or split it; do not add scripts, stylesheets, images or fonts to every "
        "page. Run `make bench` to see the weights.\n\n" + table(first_views)
    )


def test_no_request_goes_to_another_host(first_views):
    elsewhere = {src: v.other_hosts for src, v in first_views.items() if v.other_hosts}
    assert not elsewhere, (
        "Pages ask another host for something as they open (a privacy leak and a slow, "
        "render-blocking dependency). Serve the file from the site itself or remove it:\n"
        + "\n".join(f"- {src}: {', '.join(urls)}" for src, urls in elsewhere.items())
    )


def test_no_failed_request_on_the_site(first_views):
    failed = {src: [f"{r.url} ({r.status or 'no answer'})" for r in v.resources
                    if r.same_origin and not 200 <= r.status < 400]
              for src, v in first_views.items()}
    failed = {src: urls for src, urls in failed.items() if urls}
    assert not failed, "Pages ask for files the site does not have:\n" + "\n".join(
        f"- {src}: {', '.join(urls)}" for src, urls in failed.items())


def test_no_web_fonts(site, first_views):
    fonts = {src: [r.url for r in v.resources if r.kind == "font"] for src, v in first_views.items()}
    fonts = {src: urls for src, urls in fonts.items() if urls}
    assert not fonts, "Pages download web fonts (the site uses the reader's own fonts):\n" + "\n".join(
        f"- {src}: {', '.join(urls)}" for src, urls in fonts.items())
    faces = [str(p.relative_to(site.dir)) for p in site.dir.rglob("*.css")
             if re.search(r"@font-face", p.read_text(encoding="utf-8"), re.IGNORECASE)]
    assert not faces, (f"These stylesheets declare web fonts with @font-face: {', '.join(faces)}. "
                       "Remove the @font-face rules; keep `theme.font: false` in mkdocs.yml.")


def test_search_loads_only_when_a_reader_searches_and_then_works(server, browser):
    context = browser.new_context(viewport=MOBILE)
    page = context.new_page()
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    try:
        page.goto(server.url("what-is-ipt/"), wait_until="networkidle")
        early = [u for u in asked if "search_index.json" in u or "/workers/search." in u]
        assert not early, (
            f"Search files were downloaded before anyone searched: {early}. "
            "overrides/main.html must load javascripts/lazy-search.js before Material's bundle.")
        page.click("label[for=__search].md-header__button")
        page.keyboard.type("therapy")
        results = page.locator(".md-search-result__item")
        results.first.wait_for(timeout=10_000)
        assert results.count() > 0, "Search opened but found nothing for 'therapy'."
    finally:
        context.close()


def test_trimmed_stylesheet_is_the_one_linked(site):
    """scripts/hooks/trim_css.py writes one trimmed main stylesheet and every page links it."""
    sheets = sorted((site.dir / "assets" / "stylesheets").glob("main.*.min.css"))
    assert len(sheets) == 1, f"expected one main stylesheet, found {[s.name for s in sheets]}"
    linked = {m for p in site.pages for m in re.findall(r"assets/stylesheets/(main\.[0-9a-f]+\.min\.css)", p.html)}
    assert linked == {sheets[0].name}, (
        f"pages link {sorted(linked)} but the site has {sheets[0].name}: the trim_css hook did not "
        "rewrite every page. Check that scripts/hooks/trim_css.py is listed under hooks: in mkdocs.yml.")
    original = next((Path(material.__file__).parent / "templates/assets/stylesheets").glob("main.*.min.css"))
    assert sheets[0].stat().st_size < 0.8 * original.stat().st_size, (
        f"{sheets[0].name} is {sheets[0].stat().st_size:,} bytes, hardly smaller than Material's "
        f"{original.stat().st_size:,}: the trim_css hook is not removing unused rules.")


#: Properties compared by the stylesheet-trimming check (what a reader can see).
STYLE_PROPS = ("display", "position", "visibility", "opacity", "color", "background-color",
               "background-image", "font-family", "font-size", "font-weight", "line-height",
               "text-decoration-line", "margin-top", "margin-left", "padding-top", "padding-left",
               "border-top-width", "border-top-color", "border-left-width", "width", "height",
               "transform", "mask-image", "content", "white-space", "list-style-type")
STYLES_JS = """props => [...document.querySelectorAll('body *')].map(el => {
  const r = el.getBoundingClientRect();
  let s = el.tagName + '.' + el.className.toString() + ' ' + [r.x, r.y, r.width, r.height].map(Math.round);
  for (const pseudo of [null, '::before', '::after']) {
    const cs = getComputedStyle(el, pseudo);
    if (pseudo && cs.content === 'none') continue;
    s += ' ' + (pseudo || '') + props.map(p => cs.getPropertyValue(p)).join('|');
  }
  return s;
})"""
#: True once Material's header has its settled shadow state. The built HTML starts with
#: `md-header--shadow`; Material's script then sets it from the main area's position
#: (components/header and components/main in Material's sources: shadow when
#: `main.offsetTop - header height <= scrollY`, `header.autohide` being off), but only after
#: its ResizeObservers first fire, which can be well after the network is idle on a busy
#: machine. Reading styles before that raced the script (the shadow differed between renders).
HEADER_SETTLED_JS = """() => {
  const header = document.querySelector('.md-header'), main = document.querySelector('.md-main');
  if (!header || !main) return true;
  const active = main.offsetTop - header.offsetHeight <= window.scrollY;
  return header.classList.contains('md-header--shadow') === active;
}"""


def test_trimmed_stylesheets_render_the_same_as_materials(site, server, browser):
    """The longest page looks the same with Material's own stylesheets as with the trimmed ones:
    every element's box and visible style, in light and dark, on a phone."""
    longest = max((p for p in site.pages if p.is_reader), key=lambda p: len(p.html))
    originals = Path(material.__file__).parent / "templates/assets/stylesheets"

    def material_sheet(route) -> None:
        kind = "main" if "/main." in route.request.url else "palette"
        route.fulfill(path=next(originals.glob(f"{kind}.*.min.css")), content_type="text/css")

    for scheme in ("light", "dark"):
        seen = []
        for swap in (False, True):
            context = browser.new_context(viewport=MOBILE, color_scheme=scheme)
            page = context.new_page()
            if swap:
                page.route(re.compile(r".*/assets/stylesheets/(main|palette)\.[0-9a-f]+\.min\.css$"), material_sheet)
            page.goto(server.url(longest.url), wait_until="networkidle")
            page.wait_for_function(HEADER_SETTLED_JS)  # the state the page settles to, not a race
            seen.append(page.evaluate(STYLES_JS, list(STYLE_PROPS)))
            context.close()
        trimmed, whole = seen
        changed = [f"{a[:100]}\n    with Material's: {b[:100]}" for a, b in zip(trimmed, whole) if a != b]
        assert len(trimmed) == len(whole) and not changed, (
            f"{longest.src} ({scheme}) looks different with the trimmed stylesheets: scripts/hooks/trim_css.py "
            f"removed a rule the page uses. First differences:\n" + "\n".join(changed[:5]))


def test_our_scripts_ship_without_comments(site) -> None:
    """scripts/hooks/minify_scripts.py: readers do not download the editors' comments in
    docs/javascripts/ (the search tests above and in test_search.py run the result)."""
    sources = sorted((ROOT / "docs" / "javascripts").glob("*.js"))
    assert sources, "docs/javascripts/ has no scripts: update this test"
    for source in sources:
        for built in (site.dir / "javascripts" / source.name, site.dir / "es" / "javascripts" / source.name):
            text = built.read_text(encoding="utf-8")
            assert "/*" not in text and len(text) < len(source.read_text(encoding="utf-8")), (
                f"{built.relative_to(site.dir)} still has its comments: is scripts/hooks/minify_scripts.py "
                "under hooks: in mkdocs.yml, and does the script have a comment on a line with code?")


@pytest.mark.parametrize("source, expected", [
    ("/* a\n   b */\nvar a = 1;\n\n  /* c */\n  go(a);\n", "var a = 1;\ngo(a);\n"),
    ("/* a */ var a = 1;\n", None),            # code after a comment on its line
    ("var a = 1; /* a\n b */\n", None),        # a comment opened after code
    ("var s = `a\n  /* b */\n`;\n", None),     # a template literal may hold anything
    ("/* never closed\nvar a = 1;\n", None),
])
def test_comment_stripping_leaves_doubtful_scripts_alone(source: str, expected: str | None) -> None:
    from scripts.hooks.minify_scripts import strip_comments
    assert strip_comments(source) == (expected if expected is not None else source)


def test_editors_comments_do_not_reach_readers(site) -> None:
    """scripts/hooks/editor_comments.py: the glossary snippet's note for editors (and any other
    <!-- comment -->) is not sent with every page."""
    assert "<!--" in (ROOT / "docs" / "includes" / "abbreviations.md").read_text(encoding="utf-8")
    shipped = [p.src for p in site.pages if "<!--" in p.html.split("<body", 1)[-1]]
    assert not shipped, f"these pages still carry HTML comments: {shipped}"


def test_pages_ship_without_their_templates_indentation(site) -> None:
    """scripts/hooks/strip_indentation.py: no line of a built page starts with spaces or tabs or
    is blank, outside the elements kept as written (about 0.5 KB gzip a page)."""
    from scripts.hooks.strip_indentation import _KEPT

    indented = [p.src for p in site.pages if re.search(r"\n[ \t]+\S|\n[ \t]*\n", _KEPT.sub("<kept>", p.html))]
    assert not indented, f"these pages still carry their templates' indentation: {indented}"


@pytest.mark.parametrize("html, expected", [
    ("<div>\n    <p>a\n\n  \n      b</p>\n</div>", "<div>\n<p>a\nb</p>\n</div>"),
    ("<pre><code>x\n    indented\n</code></pre>\n  <p>", "<pre><code>x\n    indented\n</code></pre>\n<p>"),
    ("<script>\n  var s = `a\n    b`;\n</script>", None),
    ("<style>\n  a { color: red }\n</style>", None),
    ("<textarea>\n  typed\n</textarea>", None),
])
def test_indentation_is_kept_where_it_is_text(html: str, expected: str | None) -> None:
    from scripts.hooks.strip_indentation import strip_indentation
    assert strip_indentation(html) == (expected if expected is not None else html)
