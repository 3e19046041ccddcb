"""The private relationships map (issue 23): docs/relationships-map.md and its Spanish twin.

- The built page: a reader page whose worksheet is real HTML (a blank table to fill in by
  hand, labelled form controls), the crisis lines of its language from crisis-help.yml, and
  the worksheet's script and stylesheet on this page only.
- In Chromium, with every request routed and recorded: filling in two people, printing
  (page.pdf, read back with pdftotext from Debian's poppler-utils), saving to a file and
  opening it again make no request and store nothing (cookies, localStorage, sessionStorage,
  IndexedDB, Cache API); "Keep on this device" stores the map, and "Delete from this device"
  removes it; with JavaScript off the page is the blank sheet; everything works by keyboard
  with announcements in a live region; axe finds nothing in both colour schemes at phone and
  laptop sizes, filled in, with the circle shown.
"""
from __future__ import annotations

import json
import subprocess
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe

from tests.conftest import DOCS, BuiltSite
from tests.test_accessibility import AXE_OPTIONS, _describe
from tests.support.pdf import pdftotext
from tests.support.media import settle

PAGES = {"en": "relationships-map.md", "es": "es/relationships-map.md"}
AREAS = {"en": ("us", "uk"), "es": ("us", "es", "mx")}
WORDS = {  # what the tests click and read, in each language
    "en": {"add": "Add a person", "save": "Save as a file", "open": "Open a saved file",
           "keep": "Keep on this device", "delete": "Delete from this device",
           "circle": "Show my map as a circle", "added": "Added person 2.", "kept": "Kept on this device"},
    "es": {"add": "Añadir una persona", "save": "Guardar en un archivo", "open": "Abrir un archivo guardado",
           "keep": "Guardar en este aparato", "delete": "Borrar de este aparato",
           "circle": "Ver mi mapa como un círculo", "added": "Añadida la persona 2.", "kept": "Guardado en este aparato"},
}
KEY = "ipt-guide-relationships-map"
PEOPLE = [("Anabel", "sister", "1", "Listens when I call", ""),
          ("Samir", "boss", "3", "", "We argue about deadlines")]
NETWORK = ("http", "https", "ws", "wss", "ftp")
STORAGE = """async () => ({
  localStorage: Object.keys(localStorage).sort(),
  sessionStorage: Object.keys(sessionStorage).sort(),
  indexedDB: (await indexedDB.databases()).map(d => d.name).sort(),
  caches: (await caches.keys()).sort(),
  cookie: document.cookie})"""


def crisis_hrefs(lang: str) -> set[str]:
    data = yaml.safe_load((DOCS / "includes" / "crisis-help.yml").read_text(encoding="utf-8"))[lang]
    return {line["href"] for line in data["lines"] if line["area"] in AREAS[lang]}


# --- the built pages -----------------------------------------------------------------------

@pytest.mark.parametrize("lang", list(PAGES))
def test_worksheet_is_real_html_with_labels_and_crisis_lines(site: BuiltSite, lang: str) -> None:
    page = site.page(PAGES[lang])
    assert page.is_reader, f"docs/{PAGES[lang]}: a reader page (key points, reading gate)"
    article = page.soup.select_one("article")
    sheet = article.select_one(".ipt-map-sheet table")
    assert sheet is not None, f"docs/{PAGES[lang]}: no blank table to print and fill in by hand"
    assert len(sheet.select("thead th")) == 5 and len(sheet.select("tbody tr")) >= 8, "the sheet needs 5 columns, 8 lines"
    assert not sheet.select_one("tbody").get_text(strip=True), "the sheet's lines must be blank without JavaScript"
    model = article.select_one("fieldset.ipt-map-person")
    controls = model.select("input, textarea")
    unlabelled = [str(c)[:60] for c in controls if c.find_parent("label") is None]
    assert len(controls) == 7 and not unlabelled, f"every field needs a label: {unlabelled}"
    assert model.select_one("fieldset legend"), "the closeness choices need a fieldset with a legend"
    found = {a["href"] for a in article.select("a[href^='tel:'], a[href^='sms:']")}
    assert crisis_hrefs(lang) <= found, f"docs/{PAGES[lang]}: crisis lines missing: {crisis_hrefs(lang) - found}"
    assert article.select_one(".ipt-map-status[role=status]"), "add/remove/save need a live region"


def test_script_and_styles_on_this_page_only(site: BuiltSite) -> None:
    for page in site.pages:
        has = "javascripts/relationships-map.js" in page.html, ".ipt-map-person {" in page.html
        expected = page.src in PAGES.values()
        assert has == (expected, expected), f"{page.src}: the map's script and stylesheet {'missing' if expected else 'loaded'}"


# --- in Chromium -----------------------------------------------------------------------------


class Recorder:
    """Every request a context makes (routed, so none is missed) and every network one."""

    def __init__(self, context) -> None:
        self.all: list[str] = []
        context.route("**/*", self._route)
        context.on("request", lambda request: self.all.append(request.url))

    def _route(self, route) -> None:
        route.continue_()

    def mark(self) -> int:
        return len(self.all)

    def since(self, mark: int) -> list[str]:
        return self.all[mark:]

    def network_since(self, mark: int) -> list[str]:
        return [u for u in self.since(mark) if urlsplit(u).scheme in NETWORK]


def open_map(browser, server, lang: str, axe: bool = False, **options):
    context = browser.new_context(viewport=options.pop("viewport", {"width": 1280, "height": 720}),
                                  accept_downloads=True, **options)
    if axe:   # an init script is not subject to the page's Content-Security-Policy
        context.add_init_script(script=Axe().axe_script)
    recorder = Recorder(context)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    url = "es/relationships-map/" if lang == "es" else "relationships-map/"
    page.goto(server.url(url), wait_until="networkidle")
    page.errors = errors
    return context, page, recorder


def card(page, n: int):
    return page.locator(".ipt-map-people .ipt-map-person").nth(n)


def fill_in(page, lang: str) -> None:
    for n, (name, who, close, good, hard) in enumerate(PEOPLE):
        if n:
            page.get_by_role("button", name=WORDS[lang]["add"]).click()
        person = card(page, n)
        person.locator("input[name=name]").fill(name)
        person.locator("input[name=who]").fill(who)
        person.locator(f"input[type=radio][value='{close}']").check()
        person.locator("textarea[name=good]").fill(good)
        person.locator("textarea[name=hard]").fill(hard)


def storage(page) -> dict:
    return {**page.evaluate(STORAGE), "cookies": page.context.cookies()}


@pytest.mark.parametrize("lang", list(PAGES))
def test_fill_print_save_and_open_make_no_request_and_store_nothing(browser, server, tmp_path: Path, lang: str) -> None:
    tool = pdftotext()
    context, page, recorder = open_map(browser, server, lang)
    try:
        empty = storage(page)
        assert empty == {"localStorage": [], "sessionStorage": [], "indexedDB": [], "caches": [], "cookie": "",
                         "cookies": []}, f"the page stored something as it opened: {empty}"
        loaded = recorder.mark()

        fill_in(page, lang)
        pdf = tmp_path / "map.pdf"
        page.pdf(path=str(pdf), format="A4")
        text = subprocess.run([tool, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        for name, *_ in PEOPLE:
            assert name in text, f"the printed map does not show {name!r}:\n{text[:3000]}"
        assert "deadlines" in text, text[:3000]
        assert {"en": "116 123", "es": "024"}[lang] in text, f"the crisis lines are not on paper:\n{text[:3000]}"

        with page.expect_download() as info:
            page.get_by_role("button", name=WORDS[lang]["save"]).click()
        saved = tmp_path / info.value.suggested_filename
        info.value.save_as(saved)
        assert saved.suffix == ".html", saved.name
        body = saved.read_text(encoding="utf-8")
        assert all(name in body for name, *_ in PEOPLE), "the saved file lacks a name"
        page.get_by_role("status").filter(has_text=saved.name).wait_for()
        made = recorder.since(loaded)
        assert all(urlsplit(u).scheme == "blob" for u in made), f"filling, printing or saving made requests: {made}"

        # Opened again on a fresh page: the reader's file, read on the device.
        page.reload(wait_until="networkidle")
        mark = recorder.mark()
        assert card(page, 0).locator("input[name=name]").input_value() == ""
        with page.expect_file_chooser() as chooser:
            page.get_by_role("button", name=WORDS[lang]["open"]).click()
        chooser.value.set_files(str(saved))
        card(page, 1).locator("input[name=name]").wait_for()
        assert [card(page, n).locator("input[name=name]").input_value() for n in range(2)] == [p[0] for p in PEOPLE]
        assert card(page, 1).locator("input[value='3']").is_checked()

        assert not recorder.network_since(mark), f"opening the saved file made requests: {recorder.network_since(mark)}"
        assert storage(page) == empty, f"filling, printing and saving stored something: {storage(page)}"
        assert not page.errors, page.errors
    finally:
        context.close()


def test_no_request_at_all_while_filling_printing_and_saving(browser, server, tmp_path: Path) -> None:
    """From the moment the page has loaded: not one request, to any host, of any scheme
    but the Blob of the saved file (made in the page)."""
    context, page, recorder = open_map(browser, server, "en")
    try:
        loaded = recorder.mark()
        fill_in(page, "en")
        page.get_by_role("button", name=WORDS["en"]["circle"]).click()
        page.pdf(path=str(tmp_path / "map.pdf"))
        with page.expect_download() as info:
            page.get_by_role("button", name=WORDS["en"]["save"]).click()
        info.value.save_as(tmp_path / "map.html")
        made = recorder.since(loaded)
        assert all(u.startswith("blob:") for u in made), f"requests after the page loaded: {made}"
    finally:
        context.close()


def test_keep_on_this_device_stores_and_delete_removes(browser, server) -> None:
    context, page, _ = open_map(browser, server, "en")
    try:
        fill_in(page, "en")
        assert page.evaluate(f"localStorage.getItem('{KEY}')") is None
        page.get_by_role("button", name=WORDS["en"]["keep"]).click()
        kept = json.loads(page.evaluate(f"localStorage.getItem('{KEY}')"))
        assert [p["name"] for p in kept["people"]] == [p[0] for p in PEOPLE]
        note = page.locator(".ipt-map-kept")
        assert note.is_visible() and "delete" in note.inner_text().lower(), "after keeping, say how to delete it"
        page.get_by_role("status").filter(has_text=WORDS["en"]["kept"]).wait_for()
        card(page, 1).locator("textarea[name=good]").fill("Helps with work")
        assert "Helps with work" in page.evaluate(f"localStorage.getItem('{KEY}')"), "kept maps follow what is typed"

        page.reload(wait_until="networkidle")
        assert card(page, 1).locator("input[name=name]").input_value() == PEOPLE[1][0], "the kept map did not come back"
        delete = page.get_by_role("button", name=WORDS["en"]["delete"])
        delete.click()
        assert page.evaluate("Object.keys(localStorage)") == [], "Delete left something in localStorage"
        assert not delete.is_visible() and page.get_by_role("button", name=WORDS["en"]["keep"]).is_visible()
        card(page, 0).locator("textarea[name=hard]").fill("More to say")
        assert page.evaluate("Object.keys(localStorage)") == [], "after Delete, typing must not store again"
        page.reload(wait_until="networkidle")
        assert card(page, 0).locator("input[name=name]").input_value() == "", "the map came back after Delete"
    finally:
        context.close()


def test_without_javascript_it_is_a_blank_sheet_to_print(browser, server, tmp_path: Path) -> None:
    tool = pdftotext()
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.goto(server.url("relationships-map/"))
        assert page.locator(".ipt-map-sheet table").is_visible(), "the blank table is not shown"
        assert page.locator(".ipt-map-sheet tbody tr").count() >= 8
        assert page.locator(".ipt-map-nojs").is_visible(), "say how to use the sheet by hand"
        assert not page.locator(".ipt-map-live").is_visible(), "the form's buttons do nothing without JavaScript"
        assert page.locator(".ipt-map-circle-view svg").is_visible(), "the blank circle is for drawing by hand"
        page.pdf(path=str(tmp_path / "blank.pdf"), format="Letter")
        text = " ".join(subprocess.run([tool, str(tmp_path / "blank.pdf"), "-"], capture_output=True, text=True,
                                       check=True).stdout.split())
        assert "fill in the table by hand" in text and "Call 988" in text, text[:2000]
    finally:
        context.close()


def test_keyboard_only_with_announcements(browser, server) -> None:
    context, page, _ = open_map(browser, server, "en")
    try:
        status = page.get_by_role("status")
        page.locator(".ipt-map-people input[name=name]").first.focus()
        page.keyboard.type("Ana Lopez")
        page.keyboard.press("Tab")
        page.keyboard.type("sister")
        page.keyboard.press("Tab")                 # the closeness choices: arrows pick one
        page.keyboard.press("ArrowRight")
        assert card(page, 0).locator("input[value='2']").is_checked()
        page.keyboard.press("Tab")
        page.keyboard.type("Listens")
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")                 # past "What is hard" to its Remove button
        assert page.evaluate("document.activeElement.textContent") == "Remove Ana Lopez"
        page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == WORDS["en"]["add"]
        page.keyboard.press("Enter")
        status.filter(has_text=WORDS["en"]["added"]).wait_for()
        assert page.evaluate("document.activeElement.name") == "name", "a new person's name field gets the focus"
        page.keyboard.type("Sam")
        for _ in range(5):                         # who, the closeness choices, good, hard, Remove
            page.keyboard.press("Tab")
        assert page.evaluate("document.activeElement.textContent") == "Remove Sam"
        page.keyboard.press("Enter")
        status.filter(has_text="Removed Sam.").wait_for()
        assert page.locator(".ipt-map-people .ipt-map-person").count() == 1
        assert page.evaluate("document.activeElement.name") == "name", "after Remove the focus goes to a person"
        toggle = page.get_by_role("button", name=WORDS["en"]["circle"])
        toggle.focus()
        page.keyboard.press("Enter")
        assert toggle.get_attribute("aria-expanded") == "true" and page.locator(".ipt-map-circle-view").is_visible()
        assert "Ana Lopez" in page.locator(".ipt-map-circle-list").inner_text(), "the circle's list names the people"
        page.keyboard.press("Enter")
        assert toggle.get_attribute("aria-expanded") == "false"
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline != "none", "the focused button shows no focus outline"
    finally:
        context.close()


@pytest.mark.parametrize("size", [(390, 844), (1280, 720)], ids=["phone-390x844", "laptop-1280x720"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("lang", list(PAGES))
def test_axe_filled_in_with_the_circle(browser, server, lang: str, scheme: str, size: tuple[int, int]) -> None:
    context, page, _ = open_map(browser, server, lang, axe=True, viewport={"width": size[0], "height": size[1]},
                                color_scheme=scheme)
    try:
        fill_in(page, lang)
        page.get_by_role("button", name=WORDS[lang]["circle"]).click()
        page.get_by_role("button", name=WORDS[lang]["keep"]).click()
        page.get_by_role("button", name=WORDS[lang]["delete"]).focus()   # axe also sees a focused button
        settle(page)
        result = page.evaluate("options => axe.run(document, options).then(r => r.violations)", AXE_OPTIONS)
        problems = [_describe(page.url, v) for v in result]
        assert not problems, "\n".join(problems)
        small = page.evaluate("""() => [...document.querySelectorAll('.ipt-map button, .ipt-map input, .ipt-map-circle button')]
            .filter(e => e.offsetParent !== null)
            .map(e => [e.name || e.textContent.trim(), e.getBoundingClientRect()])
            .filter(([, r]) => r.width < 24 || r.height < 24).map(([n, r]) => `${n} ${r.width}x${r.height}`)""")
        assert not small, f"targets under 24 px: {small}"
    finally:
        context.close()
