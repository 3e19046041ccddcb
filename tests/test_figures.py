"""Figures (docs/includes/figures/, scripts/figures/, scripts/hooks/figures.py) on the built site.

Every figure file is shown on a page in every language, from its own language's words only,
with a caption, an accessible name and a text equivalent that says all the picture says; it
keeps its words as text; it reads in light and dark schemes, forced colours, print and
greyscale (shapes 3:1, text by axe); it fits 320 px and 400% zoom; it weighs at most 3 KB
gzip with its style. A results figure shows the fact base's numbers, and the build stops,
naming file and line, when a figure loses a translation or a caption, or when its numbers or
its source disagree with the text beside it (checked on copies of the project).
"""
from __future__ import annotations

import gzip
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest
import yaml

from scripts.bibliography import load
from scripts.figures import agreement
from scripts.figures.data import FOLDER, MARKER, in_100, load_all
from tests.conftest import BuiltSite
from tests.support.build import ROOT, copy_project
from tests.support.media import emulate_and_settle

LANGUAGES = {"en": "", "es": "es/"}
MAX_GZIP = 3000
#: The numbers of the results figures, as the fact base gives them (ipt-facts-wave3.md, Part B
#: §3: F1 Shea 1992, F6 O'Hara 2000), so a figure file cannot drift from its source unseen.
FACT_BASE = {
    "nimh-stayed-well": {"cite": ["shea1992"], "percent": {"cbt": 30, "ipt": 26, "imipramine": 19, "placebo": 20},
                         "of": {"cbt": (14, 46), "ipt": (14, 53), "imipramine": (9, 48), "placebo": (10, 51)}},
    "postpartum-recovery": {"cite": ["ohara2000ipt"], "percent": {"ipt": 37.5, "waiting-list": 13.7}, "of": {}},
}
#: Where each figure must be (the issue's list); a new figure file is checked wherever it is.
REQUIRED = {"ipt-course": "what-is-ipt.md", "problem-areas": "problem-areas.md",
            "mood-and-relationships": "what-is-ipt.md", "closeness-circle": "types-of-ipt.md",
            "nimh-stayed-well": "research.md", "postpartum-recovery": "pregnancy-and-after-birth.md"}


@dataclass(frozen=True)
class Placed:
    """A figure on one page of one language."""

    id: str
    lang: str
    src: str          # page source under docs/, e.g. "es/research.md"


@cache
def data(figure_id: str) -> dict:
    return yaml.safe_load((ROOT / FOLDER / f"{figure_id}.yml").read_text(encoding="utf-8"))


def figure_ids() -> list[str]:
    return sorted(p.stem for p in (ROOT / FOLDER).glob("*.yml"))


def placements() -> list[Placed]:
    """Every (figure, language, page) from the markers in the Markdown sources."""
    found = []
    for path in sorted((ROOT / "docs").rglob("*.md")):
        rel = path.relative_to(ROOT / "docs").as_posix()
        if "includes/" in rel:
            continue
        lang = "es" if rel.startswith("es/") else "en"
        for line in path.read_text(encoding="utf-8").splitlines():
            match = MARKER.fullmatch(line)
            if match:
                found.append(Placed(match.group(1), lang, rel))
    return found


def strings_of(value) -> list[str]:
    """Every text in a language section, whitespace made single."""
    if isinstance(value, str):
        return [" ".join(value.split())]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings_of(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings_of(v)]
    return []


def interface(lang: str) -> dict:
    return yaml.safe_load((ROOT / "docs/includes/strings" / f"{lang}.yml").read_text(encoding="utf-8"))


def expected_words(figure_id: str, lang: str) -> list[str]:
    """What the text equivalent must say: every word of the figure in `lang`, and for results
    each group's count out of 100 and its real numbers."""
    words = strings_of(data(figure_id)[lang])
    for group in data(figure_id).get("groups", []):
        words.append(interface(lang)["figure_in_100"].format(n=in_100(group["percent"])))
        if "people" in group:
            words.append(interface(lang)["figure_people"].format(people=group["people"], of=group["of"]))
    return words


PLACED = placements()


def test_every_figure_is_on_a_page_in_every_language() -> None:
    shown = {(p.id, p.lang) for p in PLACED}
    missing = [f"{fid} ({lang})" for fid in figure_ids() for lang in LANGUAGES if (fid, lang) not in shown]
    assert not missing, f"figures not placed on any page: {missing}"
    for fid, page in REQUIRED.items():
        for lang, prefix in LANGUAGES.items():
            assert Placed(fid, lang, prefix + page) in PLACED, f"docs/{prefix}{page} should show the figure {fid}"


@pytest.mark.parametrize("placed", PLACED, ids=[f"{p.id}-{p.lang}" for p in PLACED])
def test_figure_has_name_caption_and_sources(site: BuiltSite, placed: Placed) -> None:
    soup = site.page(placed.src).soup
    fig = soup.select_one(f"figure#figure-{placed.id}")
    assert fig is not None, f"docs/{placed.src}: no <figure id=figure-{placed.id}> in the built page"
    title = soup.find(id=fig.get("aria-labelledby"))
    assert title is not None and title.get_text(" ", strip=True) == " ".join(data(placed.id)[placed.lang]["title"].split()), \
        f"docs/{placed.src}: the figure's accessible name is not its title"
    caption = fig.find("figcaption")
    assert caption is not None and caption.get_text(strip=True), f"docs/{placed.src}: figure {placed.id} has no caption"
    cited = {a["href"].split(":", 1)[1].removeprefix("ref-") for a in caption.select("sup a.footnote-ref")}
    assert cited == set(data(placed.id)["cite"]), f"docs/{placed.src}: the caption cites {cited}, the file {data(placed.id)['cite']}"
    for key in cited:
        assert soup.find(id=f"fn:ref-{key}"), f"docs/{placed.src}: {key} is not in the page's reference list"
    assert not fig.select("img, svg, canvas, picture, object"), \
        f"docs/{placed.src}: figure {placed.id} draws with an image: keep its words as text"
    hidden_words = [el.get_text(strip=True) for el in fig.select('[aria-hidden="true"]') if el.get_text(strip=True)]
    assert not hidden_words, f"docs/{placed.src}: words hidden from screen readers in {placed.id}: {hidden_words}"


@pytest.mark.parametrize("placed", PLACED, ids=[f"{p.id}-{p.lang}" for p in PLACED])
def test_figure_has_no_word_of_the_other_language(site: BuiltSite, placed: Placed) -> None:
    fig = site.page(placed.src).soup.select_one(f"figure#figure-{placed.id}")
    text = " ".join(fig.get_text(" ").split())
    own = set(expected_words(placed.id, placed.lang))
    for other in LANGUAGES:
        if other == placed.lang:
            continue
        foreign = [w for w in expected_words(placed.id, other) if w not in own and len(w) > 3 and w in text]
        assert not foreign, f"docs/{placed.src}: the {placed.lang} figure {placed.id} shows {other} words: {foreign}"


@pytest.mark.parametrize("figure_id", sorted(FACT_BASE))
def test_results_figures_show_the_fact_base_numbers(site: BuiltSite, figure_id: str) -> None:
    file = data(figure_id)
    facts = FACT_BASE[figure_id]
    assert file["cite"] == facts["cite"]
    assert {g["id"]: g["percent"] for g in file["groups"]} == facts["percent"]
    assert {g["id"]: (g["people"], g["of"]) for g in file["groups"] if "people" in g} == facts["of"]
    for placed in (p for p in PLACED if p.id == figure_id):
        fig = site.page(placed.src).soup.select_one(f"figure#figure-{figure_id}")
        dots = fig.select(".ipt-fig__dots")
        assert len(dots) == len(file["groups"])
        for grid, group in zip(dots, file["groups"]):
            filled = len(grid.find_all("b"))
            assert filled == in_100(group["percent"]) and filled + len(grid.find_all("i")) == 100, \
                f"docs/{placed.src}: {group['id']} shows {filled} of 100, the file says {group['percent']}%"


@pytest.mark.parametrize("placed", PLACED, ids=[f"{p.id}-{p.lang}" for p in PLACED])
def test_figure_with_its_style_is_at_most_3_kb_gzip(site: BuiltSite, placed: Placed) -> None:
    html = site.page(placed.src).html
    start = html.index(f'id="figure-{placed.id}"')
    start = html.rindex("<figure", 0, start)
    figure = html[start:html.index("</figure>", start) + len("</figure>")]
    style = "".join(re.findall(r"<style>(.*?)</style>", html, re.S))
    size = len(gzip.compress((figure + style).encode("utf-8"), 6))
    print(f"docs/{placed.src}: {placed.id} {size} bytes gzip with its style")
    assert size <= MAX_GZIP, f"docs/{placed.src}: figure {placed.id} is {size} bytes gzip with its style (max {MAX_GZIP})"


def test_figure_style_is_only_on_pages_with_figures(site: BuiltSite) -> None:
    with_figures = {p.src for p in PLACED}
    for page in site.pages:
        has_style = ".ipt-fig" in "".join(re.findall(r"<style>(.*?)</style>", page.html, re.S))
        assert has_style == (page.src in with_figures), (
            f"docs/{page.src}: figure style {'without' if has_style else 'missing for'} its figures")


# --- in Chromium ------------------------------------------------------------------------------

#: Contrast of a colour on the background behind an element (WCAG relative luminance).
CONTRAST_JS = """
const rgb = c => (c.match(/[\\d.]+/g) || []).map(Number);
const lum = ([r, g, b]) => [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
  .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
const ratio = (a, b) => { const [x, y] = [lum(rgb(a)), lum(rgb(b))].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
const background = el => { for (; el; el = el.parentElement) { const c = getComputedStyle(el).backgroundColor;
  if (rgb(c).length === 3 || (rgb(c).length === 4 && rgb(c)[3] > 0)) return c; } return "rgb(255, 255, 255)"; };
"""
#: Every shape of every figure: each visible border (and the arrows, which are text) with its
#: contrast on the background. The figure's own frame is decoration, not a shape.
SHAPES_JS = CONTRAST_JS + """
fig => { const out = [];
  for (const el of fig.querySelectorAll("*")) {
    for (const pseudo of [null, "::before"]) {
      const s = getComputedStyle(el, pseudo);
      if (pseudo && (s.content === "none" || s.content === "normal")) continue;
      if (s.display === "none" || s.visibility === "hidden") continue;
      const bg = background(el);
      for (const side of ["Top", "Right", "Bottom", "Left"]) {
        if (parseFloat(s["border" + side + "Width"]) > 0 && s["border" + side + "Style"] !== "none")
          out.push({what: el.tagName + "." + el.className + (pseudo || "") + " border-" + side.toLowerCase(),
                    ratio: ratio(s["border" + side + "Color"], bg)});
      }
      if (pseudo && /[\\u2190-\\u2193]/.test(s.content))
        out.push({what: el.className + "::before arrow", ratio: ratio(s.color, bg)});
    }
  }
  return out; }
"""


def low(shapes: list[dict], minimum: float) -> list[str]:
    """One line per kind of shape below `minimum`, with how many there are (a grid has 100 dots)."""
    seen: dict[str, list[float]] = {}
    for shape in shapes:
        if shape["ratio"] < minimum:
            seen.setdefault(shape["what"], []).append(shape["ratio"])
    return [f"{what} {min(r):.2f}:1 (x{len(r)})" for what, r in seen.items()]


def axe_violations(tab, fig) -> list[str]:
    """axe-core's WCAG 2.2 AA rules (as tests/test_accessibility.py runs them) on one figure."""
    from tests.test_accessibility import AXE_OPTIONS

    found = tab.evaluate("([sel, o]) => axe.run({include: [[sel]]}, o).then(r => r.violations)",
                         [f"#{fig.get_attribute('id')}", AXE_OPTIONS])
    return [f"axe {v['id']}: {v['help']}" for v in found]


def each_figure(site: BuiltSite, server, browser, check, *, axe: bool = False, media: str | None = None,
                **options) -> list[str]:
    """`check(tab, figure locator, placed)`'s problems for every figure on every page, in one
    browser context made with `options` (and axe-core, and a media type, when asked)."""
    context = browser.new_context(**options)
    if axe:
        from axe_playwright_python.sync_playwright import Axe
        context.add_init_script(script=Axe().axe_script)
    problems: list[str] = []
    try:
        for placed in PLACED:
            tab = context.new_page()
            tab.goto(server.url(site.page(placed.src).url), wait_until="load")
            if media:
                emulate_and_settle(tab, media=media)
            found = check(tab, tab.locator(f"#figure-{placed.id}"), placed)
            problems += [f"{placed.src} {placed.id}: {p}" for p in dict.fromkeys(found)]
            tab.close()
    finally:
        context.close()
    return problems


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_shapes_have_3_to_1_contrast_and_axe_passes(site: BuiltSite, server, browser, scheme: str) -> None:
    def check(tab, fig, placed: Placed) -> list[str]:
        shapes = fig.evaluate(SHAPES_JS)
        title = " ".join(data(placed.id)[placed.lang]["title"].split())
        named = tab.get_by_role("figure", name=title).count() == 1
        return ([] if shapes else ["no shapes found"]) + low(shapes, 3) + axe_violations(tab, fig) + \
            ([] if named else [f"no figure is named {title!r}"])

    problems = each_figure(site, server, browser, check, axe=True, viewport={"width": 1280, "height": 900},
                           color_scheme=scheme)
    assert not problems, f"in the {scheme} scheme (shapes need 3:1, WCAG 1.4.11):\n" + "\n".join(problems)


@pytest.mark.browser
def test_text_equivalent_says_everything_the_figure_shows(site: BuiltSite, server, browser) -> None:
    """What a screen reader gets (the accessibility tree, without the aria-hidden drawing)
    holds every word and number of the figure."""
    def check(tab, fig, placed: Placed) -> list[str]:
        tree = " ".join(fig.aria_snapshot().split())
        return [f"not read out: {w!r}" for w in expected_words(placed.id, placed.lang) if w.rstrip(".") not in tree]

    problems = each_figure(site, server, browser, check, viewport={"width": 1280, "height": 900})
    assert not problems, "screen readers do not get these words of the figures:\n" + "\n".join(problems)


DOTS_JS = """f => ["b", "i"].map(t => { const s = getComputedStyle(f.querySelector(".ipt-fig__dots " + t));
  return {border: parseFloat(s.borderTopWidth), inside: parseFloat(s.width)}; })"""


@pytest.mark.browser
def test_forced_colours_keep_every_shape(site: BuiltSite, server, browser) -> None:
    """In forced colours (Windows High Contrast), backgrounds go: every shape must survive as a
    border in the reader's colours, filled dots must still differ from empty ones, and axe passes."""
    def check(tab, fig, placed: Placed) -> list[str]:
        out = [] if tab.evaluate("matchMedia('(forced-colors: active)').matches") else ["forced colours are off"]
        if data(placed.id)["kind"] == "icons":
            filled, empty = fig.evaluate(DOTS_JS)
            if not (filled["inside"] == 0 and filled["border"] > 2 * empty["border"]):
                out.append(f"filled and empty dots look alike ({filled}, {empty})")
        return out + low(fig.evaluate(SHAPES_JS), 3) + axe_violations(tab, fig)

    problems = each_figure(site, server, browser, check, axe=True, viewport={"width": 1280, "height": 900},
                           forced_colors="active")
    assert not problems, "in forced colours:\n" + "\n".join(problems)


#: A 320 px phone, and a 1280 px window at 400% zoom (the same 320 CSS px, drawn 4 times larger).
NARROW = {"320px": {"viewport": {"width": 320, "height": 640}},
          "400%": {"viewport": {"width": 320, "height": 256}, "device_scale_factor": 4}}
OVERFLOW_JS = """fig => { const box = fig.getBoundingClientRect(); const out = [];
  if (document.documentElement.scrollWidth > innerWidth) out.push("the page scrolls sideways");
  if (fig.scrollWidth > fig.clientWidth + 1 || box.right > innerWidth) out.push("the figure is wider than the screen");
  for (const el of fig.querySelectorAll("*")) { const r = el.getBoundingClientRect();
    if (r.width && (r.left < box.left - 1 || r.right > box.right + 1)) out.push(el.tagName + "." + el.className + " sticks out"); }
  return out; }"""


@pytest.mark.browser
@pytest.mark.parametrize("size", list(NARROW))
def test_figures_fit_320_px_and_400_percent_zoom(site: BuiltSite, server, browser, size: str) -> None:
    problems = each_figure(site, server, browser, lambda tab, fig, placed: fig.evaluate(OVERFLOW_JS), **NARROW[size])
    assert not problems, f"at {size} (WCAG 1.4.10 reflow):\n" + "\n".join(problems)


@pytest.mark.browser
def test_figures_print_whole_in_dark_ink(site: BuiltSite, server, browser) -> None:
    """Printed (from a reader in dark mode, at an A4 page's width), a figure is kept on one page,
    fits it, and its shapes are dark on white paper. On the two-column leaflet a figure may flow
    on into the next column (tests/test_leaflet.py holds the leaflet to two sheets)."""
    def check(tab, fig, placed: Placed) -> list[str]:
        if not fig.is_visible():
            return ["not printed"]
        whole = fig.evaluate("f => getComputedStyle(f).breakInside") == "avoid" or \
            placed.src.removeprefix("es/") == "leaflet.md"
        return ([] if whole else ["may be cut across two pages"]) + fig.evaluate(OVERFLOW_JS) + \
            low(fig.evaluate(SHAPES_JS), 4.5)

    problems = each_figure(site, server, browser, check, media="print", viewport={"width": 720, "height": 1000},
                           color_scheme="dark")
    assert not problems, "printing the figures:\n" + "\n".join(problems)


# --- bad input: the build names the file and line -------------------------------------------------

@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


def _keys(root: Path) -> set[str]:
    return {k.lower() for k in load(root / "bibliography.bib").entries.keys()}


def _edit(path: Path, old: str, new: str) -> int:
    """Replace the first `old` in a file; returns the line where it was."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test set-up: {old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def _check_page(root: Path, src: str, lang: str) -> list[str]:
    """What the figures hook says about one page of the copy (scripts/hooks/figures.py)."""
    figures, problems = load_all(root, lang, "en", _keys(root))
    lines = (root / "docs" / src).read_text(encoding="utf-8").splitlines()
    for index, line in enumerate(lines):
        match = MARKER.fullmatch(line)
        if match and match.group(1) in figures:
            problems += agreement.check(figures[match.group(1)], f"docs/{src}", lines, index)
    return problems


def test_unchanged_copy_has_no_figure_problems(project: Path) -> None:
    for placed in PLACED:
        assert not _check_page(project, placed.src, placed.lang), placed


def test_missing_translation_names_the_file(project: Path) -> None:
    path = project / FOLDER / "ipt-course.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("\nes:")] + "\n", encoding="utf-8")
    line = text[: text.index("\nen:")].count("\n") + 2
    _, problems = load_all(project, "es", "en", _keys(project))
    assert any(p.startswith(f"{FOLDER}/ipt-course.yml:{line}: this figure has no `es:` words") for p in problems), problems


def test_missing_caption_names_the_file_and_line(project: Path) -> None:
    path = project / FOLDER / "mood-and-relationships.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  caption: IPT works on both sides of this loop.\n", "", 1), encoding="utf-8")
    line = text[: text.index("\nen:")].count("\n") + 2
    _, problems = load_all(project, "en", "en", _keys(project))
    assert f"{FOLDER}/mood-and-relationships.yml:{line}: `en` needs `caption:`" in "\n".join(problems), problems


def test_number_in_the_text_that_the_figure_does_not_show(project: Path) -> None:
    line = _edit(project / "docs/research.md", "30% with CBT", "31% with CBT")
    problems = "\n".join(_check_page(project, "research.md", "en"))
    marker = next(i for i, l in enumerate((project / "docs/research.md").read_text().splitlines(), 1)
                  if "figure: nimh-stayed-well" in l)
    data_line = next(i for i, l in enumerate((project / FOLDER / "nimh-stayed-well.yml").read_text().splitlines(), 1)
                     if "id: cbt" in l)
    assert re.search(rf"docs/research\.md:{marker}: the figure `nimh-stayed-well` shows 30% for \"CBT\" "
                     rf"\({FOLDER}/nimh-stayed-well\.yml:{data_line}\), but the text beside it \(lines \d+-\d+\) "
                     r"does not say 30%", problems), problems
    assert marker - 8 < line < marker


def test_number_in_the_figure_that_the_text_does_not_say(project: Path) -> None:
    data_line = _edit(project / FOLDER / "postpartum-recovery.yml", "percent: 13.7", "percent: 31.7")
    problems = "\n".join(_check_page(project, "es/pregnancy-and-after-birth.md", "es"))
    assert re.search(rf"docs/es/pregnancy-and-after-birth\.md:\d+: the figure `postpartum-recovery` shows 31\.7% "
                     rf"for \"Lista de espera \(aún sin ayuda\)\" \({FOLDER}/postpartum-recovery\.yml:{data_line}\)",
                     problems), problems


def test_figure_and_text_citing_different_sources(project: Path) -> None:
    _edit(project / FOLDER / "nimh-stayed-well.yml", "cite: [shea1992]", "cite: [elkin1989tdcrp]")
    problems = "\n".join(_check_page(project, "es/research.md", "es"))
    assert re.search(rf"docs/es/research\.md:\d+: the figure `nimh-stayed-well` takes its numbers from "
                     rf"\[@elkin1989tdcrp\] \({FOLDER}/nimh-stayed-well\.yml:\d+\), but the text beside it "
                     r"\(lines \d+-\d+\) does not cite \[@elkin1989tdcrp\]", problems), problems


def test_one_strict_build_reports_every_figure_mistake(project: Path) -> None:
    """The real build of a copy with the four mistakes stops and names each file and line."""
    from tests.test_bad_input import Copy, assert_build_fails

    course = project / FOLDER / "ipt-course.yml"
    text = course.read_text(encoding="utf-8")
    course.write_text(text[: text.index("\nes:")] + "\n", encoding="utf-8")
    _edit(project / FOLDER / "mood-and-relationships.yml", "  caption: IPT works on both sides of this loop.\n", "")
    _edit(project / "docs/research.md", "19% with the antidepressant", "18% with the antidepressant")
    # the list before the figure and the paragraph after it both cite another source
    for cited in ("16,8 [@ohara2000ipt]", "13,7 % [@ohara2000ipt]", "  relaciones [@ohara2000ipt]",
                  "terminaron\n[@ohara2000ipt]"):
        _edit(project / "docs/es/pregnancy-and-after-birth.md", cited, cited.replace("ohara2000ipt", "sockol2018"))
    assert_build_fails(
        Copy(project),
        rf"{FOLDER}/ipt-course\.yml:\d+: this figure has no `es:` words",
        rf"{FOLDER}/mood-and-relationships\.yml:\d+: `en` needs `caption:`",
        r"docs/research\.md:\d+: the figure `nimh-stayed-well` shows 19% for \"An antidepressant \(imipramine\)\"",
        r"docs/es/pregnancy-and-after-birth\.md:\d+: the figure `postpartum-recovery` takes its numbers from \[@ohara2000ipt\]",
    )
