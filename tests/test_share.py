"""Share this page (overrides/partials/share.html and share-script.html; issue 23).

On every reader page, in both languages: the browser's own share sheet where there is one
(navigator.share, called with the page's title and address), otherwise "Copy link" (the
address on the clipboard through Material's own clipboard code, and its "Copied" message,
made a live region) and an email link (mailto: with the page's title as subject and its
address as body). Without JavaScript: the email link and the plain address. No request of
any kind, keyboard operable, 24 px targets, axe clean, no layout shift, hidden on paper (tests/test_print.py),
and small: it is on every reader page's first view (tests/test_budgets.py).
"""
from __future__ import annotations

import gzip
import json
from urllib.parse import parse_qs, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe

from scripts.languages import strings
from tests.conftest import BuiltSite, DocPage
from tests.test_accessibility import AXE_OPTIONS

PAGES = {"en": "what-is-ipt.md", "es": "es/research.md"}
#: What the control's markup and script add to the heaviest page, gzip -6 (bytes); it was 334,
#: plus 79 in site.css (every page). The heaviest page is close to the 70 KB budget.
BUDGET = 380
HEAVIEST = "es/research.md"
SCRIPT_MARK = 'querySelector(".ipt-share button")'
NO_SHARE_SHEET = "delete Navigator.prototype.share;"
STUB_SHARE_SHEET = """Navigator.prototype.share = function (data) {
  window.sharedWith = {title: data.title, url: data.url};
  return Promise.resolve();
};"""


def lang_of(page: DocPage) -> str:
    return "es" if page.src.startswith("es/") else "en"


def canonical(page: DocPage) -> str:
    return page.soup.select_one('link[rel="canonical"]')["href"]


def title_of(page: DocPage) -> str:
    """The page's <title>, as the browser tab shows it."""
    return page.soup.title.get_text()


def copied_message(page: DocPage) -> str:
    """Material's own "Copied to clipboard", in the page's language."""
    return json.loads(page.soup.select_one("script#__config").string)["translations"]["clipboard.copied"]


def mailto_fields(href: str) -> dict[str, str]:
    parts = urlsplit(href)
    assert parts.scheme == "mailto" and not parts.path, f"{href} is not a mailto: link without an address"
    return {name: values[0] for name, values in parse_qs(parts.query).items()}


# --- the built pages ------------------------------------------------------------------------

def test_every_reader_page_has_one_share_control_and_site_pages_none(site: BuiltSite) -> None:
    wrong = []
    for page in site.pages:
        boxes = page.soup.select(".ipt-share")
        scripts = [s for s in page.soup.select("script:not([src])") if SCRIPT_MARK in (s.string or "")]
        if not page.is_reader:
            if boxes or scripts:
                wrong.append(f"{page.src}: a site page (kind: site) has the share control")
            continue
        if len(boxes) != 1 or len(scripts) != 1:
            wrong.append(f"{page.src}: {len(boxes)} share controls and {len(scripts)} share scripts (want 1 and 1)")
            continue
        box, t = boxes[0], strings(lang_of(page))
        button, mail = box.find("button"), box.find("a", href=True)
        if button is None or button.get_text() != t["share_copy"] or button.get("data-share") != t["share"] \
                or button.get("data-clipboard-text") != canonical(page):
            wrong.append(f"{page.src}: the button does not copy the page's address, or its words are not "
                         f"strings/{lang_of(page)}.yml's: {button}")
        if mail is None or mail.get_text() != t["share_email"]:
            wrong.append(f"{page.src}: no email link with the words of share_email")
            continue
        fields = mailto_fields(mail["href"])
        if fields != {"subject": title_of(page), "body": canonical(page)}:
            wrong.append(f"{page.src}: the email link has {fields}, not the title and the address")
        if canonical(page) not in box.get_text():
            wrong.append(f"{page.src}: the plain address is not there for readers without JavaScript")
    assert not wrong, "\n".join(wrong)


def test_it_adds_little_to_the_heaviest_page(site: BuiltSite) -> None:
    page = site.page(HEAVIEST)
    html = page.html
    script = next(s for s in page.soup.select("script:not([src])") if SCRIPT_MARK in (s.string or ""))
    box = page.soup.select_one(".ipt-share")
    without = html.replace(str(box), "").replace(f"<script>{script.string}</script>", "")
    assert without != html and len(html) - len(without) > 300, "the control or its script was not found to weigh it"
    added = len(gzip.compress(html.encode(), 6, mtime=0)) - len(gzip.compress(without.encode(), 6, mtime=0))
    assert added <= BUDGET, (f"the share control adds {added} bytes gzip to {HEAVIEST}, over {BUDGET}: every reader "
                             "page's first view carries it, and the heaviest is close to 70 KB")


# --- in Chromium ------------------------------------------------------------------------------

def open_page(browser, server, site: BuiltSite, src: str, init: str, **options):
    """A new context and page on `src`, with `init` run before any script; every request kept."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, **options)
    context.add_init_script(script=init)
    page = context.new_page()
    asked: list[str] = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(server.url(site.page(src).url), wait_until="networkidle")
    return context, page, asked


@pytest.mark.browser
@pytest.mark.parametrize("lang", list(PAGES))
def test_share_sheet_gets_the_title_and_address(site: BuiltSite, server, browser, lang: str) -> None:
    src = PAGES[lang]
    context, page, asked = open_page(browser, server, site, src, STUB_SHARE_SHEET,
                                     permissions=["clipboard-read", "clipboard-write"])
    try:
        button = page.locator(".ipt-share button")
        assert button.is_visible() and button.inner_text() == strings(lang)["share"], \
            f"{src}: with a share sheet the button should read {strings(lang)['share']!r}"
        assert page.locator(".ipt-share a").count() == 0, f"{src}: the email link should give way to the share sheet"
        before = len(asked)
        button.click()
        page.wait_for_function("() => window.sharedWith")
        shared = page.evaluate("window.sharedWith")
        built = site.page(src)
        assert shared == {"title": title_of(built), "url": canonical(built)}, f"{src}: shared {shared}"
        assert not page.locator(".md-dialog--active").count(), f"{src}: the button also copied (Material's message shows)"
        assert asked[before:] == [], f"{src}: sharing made requests: {asked[before:]}"
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("lang", list(PAGES))
def test_copy_link_by_keyboard_with_an_announced_confirmation(site: BuiltSite, server, browser, lang: str) -> None:
    src, t = PAGES[lang], strings(lang)
    context, page, asked = open_page(browser, server, site, src, NO_SHARE_SHEET,
                                     permissions=["clipboard-read", "clipboard-write"])
    try:
        button = page.locator(".ipt-share button")
        assert button.is_visible() and button.inner_text() == t["share_copy"], f"{src}: no visible 'Copy link'"
        assert page.locator(".ipt-share a").inner_text() == t["share_email"], f"{src}: no email link beside it"
        for box in (button.bounding_box(), page.locator(".ipt-share a").bounding_box()):
            assert box["width"] >= 24 and box["height"] >= 24, f"{src}: a share target is under 24x24 px: {box}"
        for _ in range(100):   # past the crisis strip, header and menus
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.matches('.ipt-share button')"):
                break
        else:
            pytest.fail(f"{src}: Tab never reached the share button")
        outline = button.evaluate("e => getComputedStyle(e).outlineStyle + ' ' + getComputedStyle(e).outlineWidth")
        assert not outline.startswith("none") and not outline.endswith(" 0px"), f"{src}: no visible focus ({outline})"
        page.wait_for_load_state("networkidle")   # tabbing past the search box loads search
        before = len(asked)
        page.keyboard.press("Enter")
        message = page.locator(".md-dialog--active [role=status]")
        message.filter(has_text=copied_message(site.page(src))).wait_for(state="visible")
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied == canonical(site.page(src)), f"{src}: the clipboard holds {copied!r}"
        assert asked[before:] == [], f"{src}: copying made requests: {asked[before:]}"
    finally:
        context.close()


@pytest.mark.browser
def test_no_request_to_another_host_and_none_from_sharing(site: BuiltSite, server, browser) -> None:
    """The page's own files only; the click itself asks for nothing (not even from this site)."""
    for init in (NO_SHARE_SHEET, STUB_SHARE_SHEET):
        context, page, asked = open_page(browser, server, site, PAGES["en"], init,
                                         permissions=["clipboard-read", "clipboard-write"])
        try:
            elsewhere = [url for url in asked if not url.startswith(server.origin + "/")]
            assert not elsewhere, f"requests to other hosts: {elsewhere}"
            before = len(asked)
            page.locator(".ipt-share button").click()
            page.wait_for_function("() => window.sharedWith || document.querySelector('.md-dialog--active')")
            page.wait_for_load_state("networkidle")
            assert asked[before:] == [], f"the share button made requests: {asked[before:]}"
        finally:
            context.close()


#: The share control's box and what it shows, read in one go.
CONTROL_JS = """() => {
  const box = document.querySelector('.ipt-share'), r = box.getBoundingClientRect();
  return {width: r.width, height: r.height,
          shown: [...box.children].filter(el => el.getClientRects().length).map(el => el.textContent)};
}"""


@pytest.mark.browser
@pytest.mark.parametrize("sheet", [NO_SHARE_SHEET, STUB_SHARE_SHEET], ids=["copy-and-email", "share-sheet"])
def test_the_control_is_final_before_materials_script_runs(site: BuiltSite, server, browser, sheet: str) -> None:
    """No layout shift: Material's bundle runs late (after the first paint on a slow phone), so
    the control must already have its final shape without it. Blocking the bundle shows the
    page as it is before the bundle runs; the control must be the same as on the loaded page
    (before the fix, Material's no-js class hid the button until its bundle ran, and the
    lines under the title moved: CLS 0.092 on /es/research/ at 412 px)."""
    src = PAGES["es"]
    shapes = []
    for block_bundle in (True, False):
        context = browser.new_context(viewport={"width": 412, "height": 823})
        context.add_init_script(script=sheet)
        try:
            page = context.new_page()
            if block_bundle:
                page.route("**/assets/javascripts/bundle.*.js", lambda route: route.abort())
            page.goto(server.url(site.page(src).url), wait_until="load")
            has_no_js = page.evaluate("document.documentElement.classList.contains('no-js')")
            assert has_no_js == block_bundle, f"{src}: Material's bundle was {'not ' if block_bundle else ''}blocked"
            shapes.append(page.evaluate(CONTROL_JS))
        finally:
            context.close()
    early, final = shapes
    assert early == final, f"{src}: the share control changes when Material's script runs: {early} then {final}"


@pytest.mark.browser
@pytest.mark.parametrize("lang", list(PAGES))
def test_without_javascript_the_email_link_and_address(site: BuiltSite, server, browser, lang: str) -> None:
    src = PAGES[lang]
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(server.url(site.page(src).url))
        box = page.locator(".ipt-share")
        assert not box.locator("button").is_visible(), f"{src}: a button that cannot work is shown without JavaScript"
        assert box.locator("a").is_visible(), f"{src}: no email link without JavaScript"
        assert canonical(site.page(src)) in box.inner_text(), f"{src}: the address is not shown without JavaScript"
    finally:
        context.close()


#: The contrast of Material's "Copied" message, read in one go with the message held on (its
#: fade-out after 2 s cannot interleave with a synchronous script).
MESSAGE_CONTRAST_JS = """() => {
  const box = document.querySelector('.md-dialog'), text = box.querySelector('.md-dialog__inner');
  box.style.transition = 'none';
  box.classList.add('md-dialog--active');
  const rgba = c => (/rgba?\\(([^)]*)\\)/.exec(c)[1]).split(/[\\s,\\/]+/).filter(Boolean).map(Number);
  const over = (f, b) => [0, 1, 2].map(i => f[i] * (f[3] ?? 1) + b[i] * (1 - (f[3] ?? 1)));
  const lum = c => c.map(v => (v /= 255) <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)
                    .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
  const page = rgba(getComputedStyle(document.body).backgroundColor);
  const back = over(rgba(getComputedStyle(box).backgroundColor), page);
  const fore = over(rgba(getComputedStyle(text).color), back);
  const [a, b] = [lum(fore), lum(back)];
  return {ratio: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05), opacity: getComputedStyle(box).opacity,
          text: text.textContent};
}"""


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_clean_after_copying_and_the_message_readable(site: BuiltSite, server, browser, scheme: str) -> None:
    """test_accessibility.py checks every page as it loads; this checks the control after a copy
    (axe) and Material's "Copied" message (contrast 4.5:1), which no other page shows."""
    for width in (390, 1280):
        context = browser.new_context(viewport={"width": width, "height": 844}, color_scheme=scheme,
                                      permissions=["clipboard-read", "clipboard-write"])
        context.add_init_script(script=NO_SHARE_SHEET)
        context.add_init_script(script=Axe().axe_script)
        try:
            page = context.new_page()
            page.goto(server.url(site.page(PAGES["es"]).url), wait_until="load")
            page.locator(".ipt-share button").click()
            page.locator(".md-dialog--active").wait_for(state="attached")
            result = page.evaluate("options => axe.run('.ipt-share', options)", AXE_OPTIONS)
            problems = [f"{v['id']}: {v['help']} at {[n['target'] for n in v['nodes']]}" for v in result["violations"]]
            assert not problems, f"share control ({scheme}, {width} px):\n" + "\n".join(problems)
            message = page.evaluate(MESSAGE_CONTRAST_JS)
            assert message["opacity"] == "1" and message["text"], f"the message was not shown: {message}"
            assert message["ratio"] >= 4.5, f"Material's 'Copied' message is {message['ratio']:.2f}:1 ({scheme})"
        finally:
            context.close()
