"""The offline copy (issue 23): `make offline` writes one zip per language into dist/.

The copy is built once per session (scripts/make_offline.py, the code `make offline` runs)
into a temporary folder and unzipped. Then:
- each zip stays within its byte budget, and holds one folder with index.html in it;
- nothing for web hosts or other sites is in it (_headers, _redirects, robots.txt, the embed
  kit, the editors' status page, sitemaps), and no page loads anything from another host
  (Material's offline plugin would add a script from unpkg.com: ours is vendored);
- every link and file a page names is in the copy, anchors included (file:// opens no
  index.html of a folder, so a link to a folder is broken);
- every page says when the copy was made and links the same page on the website;
- in Chromium, from file:// with every request that is not a file aborted (and none
  attempted), in both languages: follow links from index.html, see the crisis lines, search
  for a word and open the right page, fill in the relationships map.
"""
from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from bs4 import BeautifulSoup

from scripts.hooks.offline_downloads import copies_markdown, size_text
from scripts.languages import long_date, strings
from scripts.make_offline import make
from scripts.offline import zip_name
from tests.test_accessibility import AXE_OPTIONS, _describe
from tests.test_search import first_result

#: Bytes per zip (1 MB = 1,000,000). Measured on 2026-12-04: English 619,021, Spanish 681,717.
#: Room for the figures and a few pages; a jump past this means something heavy came in.
BUDGET_BYTES = 900_000
LANGS = {"en": "", "es": "es/"}
WHEN = dt.datetime(2026, 12, 4, 12, 0, tzinfo=dt.timezone.utc)
SITE = "https://ipt-guide.example.org/"
SEARCHES = {"en": ("techniques", "techniques.html"), "es": ("técnicas", "techniques.html")}
CRISIS = {"en": ("tel:988", "tel:116123"), "es": ("tel:988", "tel:024")}
NOT_FOR_READERS = ("_headers", "_redirects", "robots.txt", "sitemap.xml", "sitemap.xml.gz", "404.html", "api",
                   "embed", "editors", "downloads")


@pytest.fixture(scope="session")
def offline(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    """{code: {"zip": path, "dir": the unzipped folder holding index.html}}."""
    out = tmp_path_factory.mktemp("offline")
    zips = make(out / "dist", when=WHEN)
    copies = {}
    for code, path in zips.items():
        with zipfile.ZipFile(path) as archive:
            archive.extractall(out / code)
        copies[code] = {"zip": path, "dir": out / code / f"ipt-guide-{code}", "names": archive.namelist()}
    return copies


def pages(folder: Path) -> list[Path]:
    return sorted(folder.rglob("*.html"))


def test_one_zip_per_language_within_budget(offline) -> None:
    assert set(offline) == set(LANGS)
    sizes = {code: copy["zip"].stat().st_size for code, copy in offline.items()}
    print("offline copy sizes (bytes):", sizes)
    for code, copy in offline.items():
        assert copy["zip"].name == zip_name(code)
        assert sizes[code] <= BUDGET_BYTES, (f"{copy['zip'].name} is {sizes[code]:,} bytes, over the budget of "
                                             f"{BUDGET_BYTES:,}: what made it grow? (unzip -l lists its files)")
        tops = {name.split("/", 1)[0] for name in copy["names"]}
        assert tops == {f"ipt-guide-{code}"}, f"the zip should hold one folder, not {tops}"
        assert (copy["dir"] / "index.html").is_file()


def test_nothing_for_web_hosts_and_nothing_from_other_hosts(offline) -> None:
    for code, copy in offline.items():
        folder = copy["dir"]
        present = [name for name in NOT_FOR_READERS if (folder / name).exists()]
        assert not present, f"{code}: the copy holds files for web hosts or other sites: {present}"
        assert code == "es" or not (folder / "es").exists(), "the English copy holds the Spanish one"
        assert not list(folder.rglob("*.map")), "source maps are for developers"
        for html in pages(folder):
            text = html.read_text(encoding="utf-8")
            assert "unpkg.com" not in text, f"{html.name}: a script from unpkg.com"
            soup = BeautifulSoup(text, "html.parser")
            loads = [t.get("src") for t in soup.select("[src]")] + \
                    [t.get("href") for t in soup.select("link[href]") if t.get("rel") != ["canonical"]]
            remote = [u for u in loads if u and urlsplit(u).scheme not in ("", "data")]
            assert not remote, f"{code}/{html.name} loads from another host: {remote}"


def test_every_link_and_file_is_in_the_copy(offline) -> None:
    problems = []
    for code, copy in offline.items():
        folder = copy["dir"]
        ids = {html: {t["id"] for t in BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser").select("[id]")}
               for html in pages(folder)}
        for html, _ in ids.items():
            soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
            refs = [t.get("href") for t in soup.select("[href]")] + [t.get("src") for t in soup.select("[src]")]
            for ref in refs:
                parts = urlsplit(ref or "")
                if parts.scheme or parts.netloc or not ref or ref.startswith("javascript:"):
                    continue
                target = (html.parent / unquote(parts.path)).resolve() if parts.path else html
                where = f"{code}/{html.relative_to(folder)}: '{ref}'"
                if not target.is_file():
                    problems.append(f"{where}: no such file in the copy")
                elif parts.fragment and target.suffix == ".html" and parts.fragment not in ids.get(target, set()):
                    problems.append(f"{where}: no #{parts.fragment} on that page")
    assert not problems, "broken links in the offline copy:\n" + "\n".join(problems[:40])


def test_every_page_says_when_the_copy_was_made(offline) -> None:
    for code, copy in offline.items():
        made = strings(code)["offline_notice"].format(date=long_date(WHEN.date(), code))
        for html in pages(copy["dir"]):
            notice = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser").select_one(".ipt-offline-notice")
            assert notice is not None, f"{code}/{html.name}: no notice saying when the copy was made"
            assert made in " ".join(notice.get_text(" ").split()), f"{code}/{html.name}: {notice.get_text()!r}"
            link = notice.select_one("a")["href"]
            stem = "" if html.stem == "index" else html.stem + "/"
            assert link == SITE + LANGS[code] + stem, \
                f"{code}/{html.name}: the notice links {link}, not this page on the website"


def test_the_website_has_no_notice(site) -> None:
    assert not [p.src for p in site.pages if "ipt-offline-notice" in p.html or "md-banner" in p.html], \
        "the offline copy's notice (or an empty banner) is on the website"


# --- the website's links to the copies (scripts/hooks/offline_downloads.py) --------------------

class FakeConfig(dict):
    """What copies_markdown reads of a build's configuration."""

    def __getattr__(self, name: str):
        return self[name]


def website_config(root: Path, code: str) -> FakeConfig:
    return FakeConfig(plugins={}, config_file_path=str(root / "mkdocs.yml"), extra={
        "strings": strings(code),
        "language": {"root_path": "/", "all": [{"code": "en", "prefix": ""}, {"code": "es", "prefix": "es/"}]}})


def test_sizes_are_written_as_readers_count() -> None:
    assert size_text(619_021) == "619 KB" and size_text(2_345_678) == "2.3 MB"
    assert size_text(2_345_678, ",") == "2,3 MB" and size_text(400) == "1 KB"


def test_download_lines_give_the_real_size_or_say_it_is_not_known(tmp_path: Path) -> None:
    (tmp_path / "dist").mkdir()
    (tmp_path / "dist" / zip_name("es")).write_bytes(b"x" * 1_234_567)
    lines = copies_markdown(website_config(tmp_path, "en"), "https://example.org/about/").splitlines()
    assert lines[0] == "- " + strings("en")["offline_copy_missing"].format(language_in="in English"), lines
    assert 'href="/downloads/ipt-guide-offline-es.zip"' in lines[1] and "1.2 MB" in lines[1], lines
    spanish = copies_markdown(website_config(tmp_path, "es"), "https://example.org/es/about/")
    assert "1,2 MB" in spanish and "en español" in spanish


@pytest.mark.parametrize("src", ["about.md", "accessibility.md", "es/about.md", "es/accessibility.md"])
def test_about_and_accessibility_link_the_copies_honestly(site, src: str) -> None:
    """Each zip the build published is linked with its own size; a zip it did not have is
    named with its size not known, and not linked."""
    code = "es" if src.startswith("es/") else "en"
    section = site.page(src).soup.select_one("h2#offline-copy").find_next_sibling("ul")
    assert section is not None, f"docs/{src}: no list of offline copies (the line <!-- offline-copies -->)"
    text = " ".join(section.get_text(" ").split())
    for lang in LANGS:
        published = site.dir / "downloads" / zip_name(lang)
        link = section.select_one(f'a[href$="downloads/{zip_name(lang)}"]')
        if published.is_file():
            size = size_text(published.stat().st_size, strings(code)["decimal_mark"])
            assert link is not None and size in link.get_text(), f"docs/{src}: {zip_name(lang)} not linked with {size}"
        else:
            assert link is None, f"docs/{src}: links {zip_name(lang)}, which the site does not have"
            missing = strings(code)["offline_copy_missing"].format(language_in=strings(code)["source_in"][lang])
            assert " ".join(missing.split()) in text, f"docs/{src}: should say the size of {zip_name(lang)} is not known"


# --- in Chromium, from file:// ---------------------------------------------------------------

@pytest.fixture
def offline_tab(browser):
    """A tab for file:// pages: any request that is not a file is aborted and recorded."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    asked: list[str] = []
    context.on("request", lambda request: asked.append(request.url))
    context.route(re.compile(r"^(?!file:).*"), lambda route: route.abort())
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.asked, page.errors = asked, errors
    yield page
    context.close()


@pytest.mark.parametrize("code", list(LANGS))
def test_read_follow_links_see_crisis_lines_and_search_from_file(offline, offline_tab, code: str) -> None:
    page, folder = offline_tab, offline[code]["dir"]
    page.goto((folder / "index.html").as_uri(), wait_until="load")
    assert page.locator(".ipt-offline-notice").is_visible(), "the copy's notice is not shown"
    # links between pages: the menu, then the crisis strip's own link
    page.locator(".md-sidebar--primary a.md-nav__link[href='what-is-ipt.html']").first.click()
    page.wait_for_url("**/what-is-ipt.html")
    assert page.locator("article h1").is_visible()
    strip = page.locator("aside.ipt-crisis")
    assert strip.is_visible()
    for href in CRISIS[code]:
        assert strip.locator(f"a[href='{href}']").count() == 1, f"{code}: the crisis strip lacks {href}"
    strip.locator("a.ipt-crisis__more").click()
    page.wait_for_url("**/get-help-now.html")
    assert page.locator(f"article a[href='{CRISIS[code][1]}']").first.is_visible()
    # search, through the vendored iframe-worker and our lazy search
    query, expected = SEARCHES[code]
    page.locator("input.md-search__input").click()
    first, top = first_result(page, query)
    assert first.endswith(f"/ipt-guide-{code}/{expected}"), f"{code}: searching {query!r} gave {top}"
    page.locator(".md-search-result__item > .md-search-result__link").first.click()
    page.wait_for_url(f"**/{expected}*")
    assert not [u for u in page.asked if not u.startswith("file:")], f"requests off the device: {page.asked}"
    assert not page.errors, page.errors


def test_relationships_map_works_from_file(offline, offline_tab) -> None:
    page = offline_tab
    page.goto((offline["en"]["dir"] / "relationships-map.html").as_uri(), wait_until="load")
    page.locator(".ipt-map-people input[name=name]").fill("Anabel")
    page.locator(".ipt-map-people input[type=radio][value='1']").check()
    page.get_by_role("button", name="Show my map as a circle").click()
    assert "Anabel" in page.locator(".ipt-map-circle-list").inner_text()
    assert not [u for u in page.asked if not u.startswith("file:")], page.asked
    assert not page.errors, page.errors


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("code", list(LANGS))
def test_axe_on_the_copy_with_its_notice(offline, browser, code: str, scheme: str) -> None:
    problems = []
    # test_accessibility.py's sizes. At 1280x720 the Spanish menu scrolls inside its sidebar on
    # get-help-now (the banner takes 50 px), and Material's sticky menu title then covers part
    # of the first link: axe's target-size rule flags it.
    for width, height in ((390, 844), (1280, 900)):
        context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
        context.add_init_script(script=Axe().axe_script)
        try:
            page = context.new_page()
            for name in ("index.html", "get-help-now.html"):
                page.goto((offline[code]["dir"] / name).as_uri(), wait_until="load")
                found = page.evaluate("options => axe.run(document, options).then(r => r.violations)", AXE_OPTIONS)
                problems += [_describe(f"{code}/{name} at {width} px", v) for v in found]
        finally:
            context.close()
    assert not problems, "\n".join(problems)
