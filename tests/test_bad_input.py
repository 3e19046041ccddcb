"""Every mistake an editor can make is caught, with a message naming the file (and line).

Each case copies the project to a temporary folder, makes one mistake, then runs what
catches it:
- mistakes found by our hooks (citations, house rules, front matter) are checked by calling
  the hook itself on the copy, without a full build (the build would add nothing and each
  build costs seconds); the last test proves that one real strict build reports all of them;
- mistakes found by MkDocs itself (broken link or anchor, page left out of the menu) and by
  the bibliography check are checked with a real strict build;
- links written in raw HTML, which MkDocs does not check, are found by lychee on the built copy.
"""
from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort, BuildError, PluginError
from mkdocs.structure.files import File, Files

from scripts.check_bibliography import check as check_bibliography
from scripts.hooks import citations, content_rules, front_matter
from scripts.hooks import key_points as key_points_hook
from scripts.languages import strings
from tests.support.build import copy_project
from tests.support.links import broken_links

PAGE = "docs/benefits.md"


@dataclass
class Copy:
    """A throw-away copy of the project to break."""

    root: Path

    def append(self, rel: str, text: str) -> int:
        """Add `text` at the end of a file; returns the line number where it starts."""
        path = self.root / rel
        old = path.read_text(encoding="utf-8")
        if not old.endswith("\n"):
            old += "\n"
        path.write_text(old + "\n" + text + "\n", encoding="utf-8")
        return old.count("\n") + 2

    def replace(self, rel: str, old: str, new: str, count: int = 1) -> int:
        """Replace the first `old` in a file; returns its line number."""
        path = self.root / rel
        text = path.read_text(encoding="utf-8")
        assert old in text, f"test set-up: {old!r} not found in {rel}"
        line = text[: text.index(old)].count("\n") + 1
        path.write_text(text.replace(old, new, count), encoding="utf-8")
        return line

    def build(self) -> tuple[int, str]:
        """A real `mkdocs build --strict` of the copy, run in this process.

        Same code path as the command line (load_config + build, strict), without starting
        a new Python for each case: that halves the cost of every build in this file.
        Returns (exit code as the command would give it, the log).
        """
        records: list[str] = []
        handler = logging.Handler(logging.WARNING)
        handler.emit = lambda r: records.append(f"{r.levelname} - {r.getMessage()}")  # type: ignore[method-assign]
        logger = logging.getLogger("mkdocs")
        logger.addHandler(handler)
        code = 0
        try:
            config = load_config(config_file=str(self.root / "mkdocs.yml"), strict=True,
                                 site_dir=str(self.root / "site-out"))
            build(config)
        except (Abort, PluginError, BuildError) as error:
            records.append(f"ERROR - {error}")
            code = 1
        finally:
            logger.removeHandler(handler)
        return code, "\n".join(records)


@pytest.fixture
def project(tmp_path: Path) -> Copy:
    return Copy(copy_project(tmp_path / "project"))


def assert_build_fails(copy: Copy, *expected: str) -> str:
    code, log = copy.build()
    assert code != 0, "the strict build passed despite the mistake:\n" + log[-3000:]
    missing = [e for e in expected if not re.search(e, log)]
    assert not missing, f"the build log does not mention {missing}:\n{log[-4000:]}"
    return log


# --- one mistake at a time, found by our hooks (run on the copy without a full build) -----

@dataclass
class Mistake:
    id: str
    text: str                         # appended to docs/benefits.md
    expected: list[str] = field(default_factory=list)  # regexes; {line} is the appended line


HOOK_MISTAKES = [
    Mistake("unknown-citation-key", "IPT can help [@nosuchkey2099].",
            [r"docs/benefits\.md:{line}: unknown citation key '@nosuchkey2099'"]),
    Mistake("malformed-citation-key", "IPT can help [@smith:2020].",
            [r"docs/benefits\.md:{line}: citation key '@smith:2020' is malformed"]),
    Mistake("image-without-alt", "![](../assets/images/favicon.png)",
            [r"docs/benefits\.md:{line}: image .* has no alt text"]),
    Mistake("empty-link-text", "Read [](what-is-ipt.md) first.",
            [r"docs/benefits\.md:{line}: the link to 'what-is-ipt\.md' has no text"]),
    Mistake("empty-html-link", '<p><a href="../what-is-ipt/"> </a></p>',
            [r"docs/benefits\.md:{line}: the link to '\.\./what-is-ipt/' has no text"]),
    Mistake("img-tag-without-alt", '<img src="../assets/images/favicon.png">',
            [r"docs/benefits\.md:{line}: <img> without alt text"]),
    Mistake("raw-script", "<script>alert('hi')</script>",
            [r"docs/benefits\.md:{line}: raw <script> in Markdown"]),
    Mistake("inline-event-handler", '<a href="#top" onclick="steal()">Top</a>',
            [r"docs/benefits\.md:{line}: inline event handler 'onclick='"]),
    Mistake("http-link", "Read [the guide](http://www.example.org/guide).",
            [r"docs/benefits\.md:{line}: insecure link 'http://www\.example\.org/guide'"]),
    Mistake("dit-called-a-type-of-ipt", "Dynamic IPT is one of the two main types of IPT.",
            [r"docs/benefits\.md:{line}: this sentence presents DIT or MCT as a type of IPT"]),
    Mistake("fifty-five-percent", "At least 55% of people improve with IPT.",
            [r"docs/benefits\.md:{line}: '55%' figure"]),
    Mistake("half-or-more-improve", "About half or more of people improve with IPT.",
            [r"docs/benefits\.md:{line}: 'half or more of people': no checked source"]),
    Mistake("medication-section-without-advice",
            "## Should I take medication instead?\n\nOn average the two work about as well [@cuijpers2016ipt].",
            [r"docs/benefits\.md:{line}: the section \"Should I take medication instead\?\" is about medication"]),
    Mistake("medication-section-without-advice-es",
            "## ¿Debo tomar antidepresivos en su lugar?\n\nFuncionan más o menos igual [@cuijpers2016ipt].",
            [r"docs/benefits\.md:{line}: the section \"¿Debo tomar antidepresivos en su lugar\?\" is about"]),
]


def run_file_hooks(copy: Copy, caplog: pytest.LogCaptureFixture) -> str:
    """Run the citation and house-rule hooks' on_files on every page of the copy."""
    docs = copy.root / "docs"
    files = Files([File(str(p.relative_to(docs)), str(docs), str(copy.root / "site-out"), True)
                   for p in sorted(docs.rglob("*.md")) if "includes" not in p.relative_to(docs).parts])
    config = SimpleNamespace(config_file_path=str(copy.root / "mkdocs.yml"))
    with caplog.at_level(logging.WARNING, logger="mkdocs.hooks"):
        citations.on_files(files, config)
        content_rules.on_files(files, config)
    return "\n".join(r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING)


@pytest.mark.parametrize("mistake", HOOK_MISTAKES, ids=[m.id for m in HOOK_MISTAKES])
def test_hooks_report_mistake_in_markdown(project: Copy, mistake: Mistake, caplog) -> None:
    assert not run_file_hooks(project, caplog), "set-up: the unchanged copy already has problems"
    caplog.clear()
    line = project.append(PAGE, mistake.text)
    log = run_file_hooks(project, caplog)
    for expected in mistake.expected:
        assert re.search(expected.replace("{line}", str(line)), log), f"not reported as expected:\n{log}"


CORRECT_TEXT = """\
DIT is not a type of IPT. Some websites make the claim that IPT has two main types: dynamic and metacognitive.
## Are "dynamic" and "metacognitive" IPT its two main types?
Dynamic interpersonal therapy (DIT) is a separate therapy, different from IPT.
Metacognitive therapy isn't one of the types of IPT either.
About half of people improve; 5% did not; 155 people took part.
With phone IPT, 22 in 100 had their signs of depression fall by half or more; en 22 de cada 100 bajaron a la mitad o más.
![A chart of the results](chart.png) <img src="x.png" alt="A therapist and a client">
<img src="line.png" alt="" role="presentation">
[![A chart of the results](chart.png)](research.md) <a id="top"></a> <a href="#top" aria-label="Back to top"></a>
- [ ] a task list box is no link
<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="logo"></svg>
Write `<script>` or `http://localhost` in inline code, or in a fenced block:
```html
<a href="http://example.org" onclick="go()">x</a><script>alert(1)</script> 55%
```
Carry on = keep going, and the word online is fine.
## What about medicines and breastfeeding?
Please do not stop or change any medicine on your own.
## ¿Debo tomar medicamentos en su lugar? { #should-i-take-medication-instead }
Si ya toma un antidepresivo, no lo deje ni cambie la dosis sin hablar
antes con su médico.
"""


def test_house_rules_do_not_flag_correct_text() -> None:
    problems = content_rules.check(CORRECT_TEXT)
    assert not problems, "false alarms on correct text:\n" + "\n".join(f"line {p.line}: {p.message}" for p in problems)


def test_medication_advice_must_be_in_that_section() -> None:
    """Advice elsewhere on the page does not count; a subsection is part of its section."""
    text = ("## Should I take medication instead?\n\nIt is a choice.\n\n### Side effects\n\nAsk your doctor.\n\n"
            "## Other\n\nDo not stop a medicine without your doctor.\n")
    assert [p.line for p in content_rules.check(text)] == [1]
    fixed = text.replace("Ask your doctor.", "Ask your doctor. Do not stop it or change the dose\nwithout your doctor.")
    assert not content_rules.check(fixed)


def test_missing_front_matter_field(project: Copy) -> None:
    project.replace(PAGE, "description: What people can expect", "summary: What people can expect")
    problems, _ = front_matter.check((project.root / PAGE).read_text(), PAGE, front_matter.today())
    assert any(PAGE in p and "description" in p for p in problems), problems


def test_overdue_review_date(project: Copy, monkeypatch: pytest.MonkeyPatch) -> None:
    text = (project.root / PAGE).read_text()
    problems, _ = front_matter.check(text, PAGE, front_matter.today())
    assert not problems, f"set-up: {problems}"
    monkeypatch.setenv("IPT_TODAY", "2099-01-01")  # the hook's own way to move "today"
    problems, _ = front_matter.check(text, PAGE, front_matter.today())
    assert any(PAGE in p and "next_review" in p for p in problems), problems


# --- a citation wrapped over two lines renders like any other (issue 24) -------------

WRAPPED = """\
A paragraph that cites two sources on two lines [@cuijpers2011ipt;
@cuijpers2016ipt].

- A list item whose citation wraps [@weissman2018guide;
  @markowitz2004world]. More text.

!!! note "Wrapped in a box"

    A note whose citation wraps [@lemmens2019;
    @frank2007].

> A quotation whose citation wraps [@law2011apt;
> @ravitz2019].

Code keeps what is written: `[@cuijpers2011ipt;
@nosuch]` and

```text
[@cuijpers2011ipt;
@nosuch2]
```
"""


def test_a_wrapped_citation_renders(project: Copy) -> None:
    """Planted in a copy, a citation wrapped in a paragraph, a list item, a box and a quotation
    becomes numbered notes and references, as on one line; code is left as written."""
    project.append(PAGE, WRAPPED)
    code, log = project.build()
    assert code == 0, "the strict build failed:\n" + log[-3000:]
    article = (project.root / "site-out" / "benefits" / "index.html").read_text(encoding="utf-8")
    article = article[article.index("<article"):article.index("</article>")]
    prose = re.sub(r"<code>[\s\S]*?</code>", "", article)
    assert "@" not in re.sub(r"<[^>]+>", "", prose), "a citation key was left as text on the page"
    for key in ("cuijpers2011ipt", "cuijpers2016ipt", "weissman2018guide", "markowitz2004world",
                "lemmens2019", "frank2007", "law2011apt", "ravitz2019"):
        assert f'href="#fn:ref-{key}"' in article, f"[@{key}] (wrapped) has no numbered citation"
        assert f'id="fn:ref-{key}"' in article, f"[@{key}] (wrapped) has no entry in the reference list"
    codes = " ".join(re.findall(r"<code>([\s\S]*?)</code>", article))
    assert "[@cuijpers2011ipt;\n@nosuch]" in codes and "[@cuijpers2011ipt;\n@nosuch2]" in codes, codes


def test_a_wrapped_citation_is_checked_at_its_first_line(project: Copy, caplog) -> None:
    line = project.append(PAGE, "IPT can help, as trials showed [@cuijpers2011ipt;\n  @nosuchkey2099].")
    log = run_file_hooks(project, caplog)
    assert re.search(rf"docs/benefits\.md:{line}: unknown citation key '@nosuchkey2099'", log), log


# --- key points (issue 21): scripts/hooks/key_points.py on a copy, without a full build ---

#: A page's key points block: the `!!! key-points` line, then blank and indented lines.
KEY_POINTS = re.compile(r'(?m)^!!! key-points "[^"\n]*"\n(?:[ \t]*\n|    .*\n)*')
EASY = {"en": ["This page has three points.", "Each one is short.", "You can read them fast."],
        "es": ["Esta página tiene tres puntos.", "Cada uno es corto.", "Se leen rápido."]}
HARD = {"en": ("Considerable methodological heterogeneity characterises international investigations of "
               "interpersonal psychotherapeutic interventions."),
        "es": ("La considerable heterogeneidad metodológica caracteriza las investigaciones internacionales "
               "de intervenciones psicoterapéuticas interpersonales.")}
LABEL = {"en": "Key points", "es": "Puntos clave"}


def key_points_block(points: list[str], opener: str = '!!! key-points "Key points"', inside: str = "") -> str:
    return opener + "\n\n" + "".join(f"    - {p}\n" for p in points) + inside + "\n"


def rewrite_key_points(copy: Copy, rel: str, block: str) -> int:
    """Put `block` (Markdown; "" deletes it) in place of the page's key points; returns the
    line where they started."""
    path = copy.root / rel
    text = path.read_text(encoding="utf-8")
    found = KEY_POINTS.search(text)
    assert found, f"test set-up: {rel} has no key points block"
    path.write_text(text[:found.start()] + block + text[found.end():], encoding="utf-8")
    return text.count("\n", 0, found.start()) + 1


def run_key_points_hook(copy: Copy, rel: str, caplog: pytest.LogCaptureFixture, html: str | None = None) -> str:
    """The key points hook on one page of the copy, as a build of its language runs it."""
    language = "es" if rel.startswith("docs/es/") else "en"
    docs = copy.root / ("docs/es" if language == "es" else "docs")
    page = SimpleNamespace(file=File(str((copy.root / rel).relative_to(docs)), str(docs), str(copy.root / "site-out"), True),
                           meta=yaml.safe_load((copy.root / rel).read_text(encoding="utf-8").split("---")[1]))
    config = SimpleNamespace(config_file_path=str(copy.root / ("mkdocs.es.yml" if language == "es" else "mkdocs.yml")),
                             theme={"language": language}, extra={"strings": strings(language)})
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="mkdocs.hooks"):
        key_points_hook.on_config(config)
        key_points_hook.on_page_markdown("", page, config, None)
        if html is not None:
            key_points_hook.on_page_content(html, page, config, None)
    return "\n".join(r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING)


def points_html(points: list[str], label: str) -> str:
    """A built page's key points, as MkDocs writes them."""
    items = "".join(f"<li>{p}</li>\n" for p in points)
    return (f'<h1 id="t">Title</h1>\n<div class="admonition key-points">\n<p class="admonition-title">{label}</p>\n'
            f"<ul>\n{items}</ul>\n</div>\n<p>The page goes on.</p>")


#: (id, page, the block written, expected message: {line} is where the block starts)
KEY_POINT_MISTAKES = [
    ("missing", PAGE, "", r"docs/benefits\.md:{title}: no key points: right after the \"# Title\" line"),
    ("missing-es", "docs/es/benefits.md", "",
     r'docs/es/benefits\.md:{title}: no key points: right after the "# Title" line, write !!! key-points "Puntos clave"'),
    ("too-few", PAGE, key_points_block(EASY["en"][:2]),
     r"docs/benefits\.md:{line}: the key points block has 2 points: write 3 to 5"),
    ("too-many", PAGE, key_points_block(EASY["en"] * 2),
     r"docs/benefits\.md:{line+7}: the key points block has 6 points: keep the 5 that matter most"),
    ("not-first", PAGE, "A sentence before them.\n\n" + key_points_block(EASY["en"]),
     r"docs/benefits\.md:{line+2}: the key points must come first, right after the \"# Title\" line \(line {title}\): "
     r"move this block up, above \"A sentence before them\.\" \(line {line}\)"),
    ("wrong-label", PAGE, key_points_block(EASY["en"], '!!! key-points "Puntos clave"'),
     r'docs/benefits\.md:{line}: the key points block has the label "Puntos clave"; on this page it must be '
     r'"Key points" \(the words in docs/includes/strings/en\.yml\)'),
    ("wrong-label-es", "docs/es/benefits.md", key_points_block(EASY["es"], '!!! key-points "Key points"'),
     r'docs/es/benefits\.md:{line}: the key points block has the label "Key points"; on this page it must be '
     r'"Puntos clave" \(the words in docs/includes/strings/es\.yml\)'),
    ("no-label", PAGE, key_points_block(EASY["en"], "!!! key-points"),
     r'docs/benefits\.md:{line}: the key points block has no label; on this page it must be "Key points"'),
    ("wrong-type", PAGE, key_points_block(EASY["en"], '!!! abstract "Key points"'),
     r'docs/benefits\.md:{line}: write the key points block exactly as !!! key-points "Key points"'),
    ("more-than-a-list", PAGE, key_points_block(EASY["en"], inside="\n    And a paragraph inside the block.\n"),
     r"docs/benefits\.md:{line+6}: only the list of points goes in the key points block"),
    ("list-in-a-point", PAGE, key_points_block(EASY["en"], inside="        - a list inside the last point\n"),
     r"docs/benefits\.md:{line+5}: a list inside a point"),
    ("star-bullets", PAGE, key_points_block(EASY["en"]).replace("    - Each", "    * Each"),
     r'docs/benefits\.md:{line+3}: start each point with "- "'),
]


@pytest.mark.parametrize(("rel", "block", "expected"), [m[1:] for m in KEY_POINT_MISTAKES],
                         ids=[m[0] for m in KEY_POINT_MISTAKES])
def test_key_points_mistakes_are_reported(project: Copy, rel: str, block: str, expected: str, caplog) -> None:
    assert not run_key_points_hook(project, rel, caplog), "set-up: the unchanged copy already has problems"
    line = rewrite_key_points(project, rel, block)
    title = next(n for n, text in enumerate((project.root / rel).read_text(encoding="utf-8").splitlines(), 1)
                 if text.startswith("# "))
    pattern = re.sub(r"\{line\+(\d)\}", lambda m: str(line + int(m.group(1))), expected)
    pattern = pattern.replace("{line}", str(line)).replace("{title}", str(title))
    log = run_key_points_hook(project, rel, caplog)
    assert re.search(pattern, log), f"not reported as expected ({pattern}):\n{log}"
    assert log.count("\n") == 0, f"one mistake, one message:\n{log}"


@pytest.mark.parametrize("language", ["en", "es"])
def test_key_points_that_read_too_hard_name_the_hardest_point(project: Copy, language: str, caplog) -> None:
    rel = "docs/benefits.md" if language == "en" else "docs/es/benefits.md"
    assert not run_key_points_hook(project, rel, caplog, points_html(EASY[language], LABEL[language])), "set-up"
    line = rewrite_key_points(project, rel, key_points_block([*EASY[language][:2], HARD[language]],
                                                             f'!!! key-points "{LABEL[language]}"'))
    log = run_key_points_hook(project, rel, caplog, points_html([*EASY[language][:2], HARD[language]], LABEL[language]))
    figure = r"US grade \d+\.\d; they need 6 or lower" if language == "en" else r"INFLESZ -?\d+\.\d; they need 70 or higher"
    assert re.search(rf"{re.escape(rel)}:{line}: the key points read at {figure}", log), log
    assert f'"{HARD[language]}"' in log, f"the message does not quote the hardest point:\n{log}"
    # Kept in the content cache, the finding is reported again on the next build.
    assert run_key_points_hook(project, rel, caplog, points_html([*EASY[language][:2], HARD[language]],
                                                                 LABEL[language])) == log


# --- one mistake at a time, found by MkDocs itself: a real strict build ---------------

@pytest.mark.parametrize(
    ("text", "expected"),
    [("See [the study](no-such-page.md).", r"benefits\.md.*no-such-page\.md"),
     ("See [the phases](what-is-ipt.md#no-such-section).", r"benefits\.md.*what-is-ipt\.md#no-such-section")],
    ids=["broken-internal-link", "broken-anchor"],
)
def test_build_stops_on_broken_link(project: Copy, text: str, expected: str) -> None:
    project.append(PAGE, text)
    assert_build_fails(project, expected)


def test_page_left_out_of_nav(project: Copy) -> None:
    (project.root / "docs" / "orphan.md").write_text(
        "---\ntitle: Orphan\ndescription: A page that an editor forgot to add to the menu in mkdocs.yml, "
        "so readers cannot find it.\nlast_reviewed: 2026-11-29\nnext_review: 2027-11-29\nkind: site\n---\n\n"
        "# Orphan\n\nNot in the menu.\n", encoding="utf-8")
    assert_build_fails(project, r"not included in the \"nav\"[\s\S]*orphan\.md")


# --- the bibliography: the build stops before mkdocs-bibtex, the lint gives the line ---

def _first_entry_line(bib: Path) -> int:
    return next(i for i, line in enumerate(bib.read_text().splitlines(), 1) if line.startswith("@"))


def test_bib_syntax_error(project: Copy) -> None:
    bib = project.root / "bibliography.bib"
    start = _first_entry_line(bib)
    text = bib.read_text().splitlines()
    # Drop the closing brace of the first field of the first entry.
    body = next(i for i in range(start, len(text)) if "={" in text[i])
    text[body] = text[body].replace("},", ",", 1)
    bib.write_text("\n".join(text) + "\n")
    assert_build_fails(project, rf"bibliography\.bib:{start}: \w+: syntax error", "bibliography.bib cannot be read")
    assert any(p.line == start and "syntax error" in p.message for p in check_bibliography(bib))


def test_bib_duplicate_key(project: Copy) -> None:
    bib = project.root / "bibliography.bib"
    lines = bib.read_text().splitlines()
    start = _first_entry_line(bib) - 1
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("@") or not lines[i].strip())
    key = re.match(r"@\w+\{([^,]+),", lines[start]).group(1)
    dup_line = len(lines) + 2
    bib.write_text("\n".join(lines) + "\n\n" + "\n".join(lines[start:end]) + "\n")
    assert_build_fails(project, rf"bibliography\.bib:{dup_line}: {key}: duplicate key")


# --- links written in raw HTML: MkDocs does not check them; lychee on the built copy does ---

def test_raw_html_link_to_missing_page(project: Copy) -> None:
    project.append(PAGE, '<p><a href="../no-such-page/">More</a> and <a href="../what-is-ipt/#nope">phases</a></p>')
    code, log = project.build()
    assert code == 0, "set-up: the build should pass (MkDocs does not check raw HTML):\n" + log[-2000:]
    problems = "\n".join(broken_links(project.root / "site-out"))
    assert re.search(r"benefits/index\.html \(from docs/benefits\.md\): broken link '\.\./no-such-page/'", problems), \
        problems
    assert re.search(r"from docs/benefits\.md\): broken link '\.\./what-is-ipt/#nope'.*anchor", problems), problems


# --- many mistakes at once: one build reports every one ---------------------------------

def test_one_build_reports_every_mistake(project: Copy) -> None:
    lines = {
        "key": project.append("docs/benefits.md", "IPT can help [@nosuchkey2099]."),
        "malformed": project.append("docs/research.md", "IPT can help [@smith:2020]."),
        "http": project.append("docs/techniques.md", "Read [the guide](http://www.example.org/guide)."),
        "script": project.append("docs/about.md", "<script>alert('hi')</script>"),
        "alt": project.append("docs/glossary.md", '<img src="../assets/images/favicon.png">'),
        "claim": project.append("docs/types-of-ipt.md", "Metacognitive therapy is a type of IPT."),
        "figure": project.append("docs/index.md", "About 55 per cent of people get better."),
    }
    project.append("docs/is-ipt-right-for-me.md", "See [the study](no-such-page.md).")
    project.append("docs/benefits.md", "See [the phases](what-is-ipt.md#no-such-section).")
    project.append("docs/techniques.md", '<p><a href="../no-such-page/">More</a></p>')
    project.replace("docs/what-is-ipt.md", "description: ", "summary: ")
    page = project.root / "docs/get-help-now.md"
    page.write_text(re.sub(r"(?m)^last_reviewed: .*$", "last_reviewed: 2023-01-10",
                           re.sub(r"(?m)^next_review: .*$", "next_review: 2024-01-10", page.read_text())))
    doi_line = project.replace("bibliography.bib", "doi={10.", "doi={https://doi.org/10.")
    rewrite_key_points(project, "docs/helping-someone.md", "")
    lines["label"] = rewrite_key_points(project, "docs/es/techniques.md", key_points_block(EASY["es"]))
    lines["hard"] = rewrite_key_points(project, "docs/older-adults.md", key_points_block([HARD["en"]] * 3))
    lines["hard-es"] = rewrite_key_points(project, "docs/es/research.md",
                                          key_points_block([HARD["es"]] * 3, '!!! key-points "Puntos clave"'))
    (project.root / "docs" / "orphan.md").write_text(
        "---\ntitle: Orphan\ndescription: A page that an editor forgot to add to the menu in mkdocs.yml, "
        "so readers cannot find it.\nlast_reviewed: 2026-11-29\nnext_review: 2027-11-29\nkind: site\n---\n\n"
        "# Orphan\n", encoding="utf-8")
    assert_build_fails(
        project,
        rf"bibliography\.bib:{doi_line}: \w+: doi .* has a prefix",
        rf"docs/benefits\.md:{lines['key']}: unknown citation key",
        rf"docs/research\.md:{lines['malformed']}: citation key '@smith:2020' is malformed",
        rf"docs/techniques\.md:{lines['http']}: insecure link",
        rf"docs/about\.md:{lines['script']}: raw <script>",
        rf"docs/glossary\.md:{lines['alt']}: <img> without alt text",
        rf"docs/types-of-ipt\.md:{lines['claim']}: this sentence presents DIT or MCT",
        rf"docs/index\.md:{lines['figure']}: '55 per cent' figure",
        r"is-ipt-right-for-me\.md.*no-such-page\.md",
        r"benefits\.md.*what-is-ipt\.md#no-such-section",
        r"docs/what-is-ipt\.md.*description",
        r"docs/get-help-now\.md.*next_review",
        r"orphan\.md",
        r"docs/helping-someone\.md:\d+: no key points",
        rf'docs/es/techniques\.md:{lines["label"]}: the key points block has the label "Key points"',
        rf"docs/older-adults\.md:{lines['hard']}: the key points read at US grade",
        rf"docs/es/research\.md:{lines['hard-es']}: the key points read at INFLESZ",
    )
    # MkDocs writes the site even when strict mode stops it: lychee finds the raw-HTML link.
    problems = "\n".join(broken_links(project.root / "site-out"))
    assert "(from docs/techniques.md): broken link '../no-such-page/'" in problems, problems
