"""Crisis numbers are written once, in docs/includes/crisis-help.yml, for every language.

The crisis strip on every page, the lists on "Get help now" and every embed show exactly the
lines of the page's language; a phone link anywhere else must be one of them (or a checked
non-crisis number), or the build names the file and line; a broken data file stops the build.
"""
from __future__ import annotations

import json
import logging
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from mkdocs.exceptions import PluginError

from scripts.hooks import crisis_help
from tests.conftest import DOCS, BuiltSite, doc_sources
from tests.support.build import ROOT

DATA = yaml.safe_load((ROOT / "docs" / "includes" / "crisis-help.yml").read_text(encoding="utf-8"))


def language_of(src: str) -> str:
    return "es" if src.startswith("es/") else "en"


def test_spanish_lines_are_the_checked_ones() -> None:
    """The fact base marks these V (988 with option 2 and AYUDA; 024/112; Línea de la Vida/911)."""
    hrefs = {line["href"] for line in DATA["es"]["lines"]}
    assert {"tel:988", "sms:988", "tel:911", "tel:024", "tel:112", "tel:8009112000"} <= hrefs
    assert "tel:18886289454" not in hrefs    # the old Spanish Lifeline number: not verified (U)


#: "111" as a number of its own (not part of 1,111 or 11,434).
NHS_111 = re.compile(r"(?<![\w,.])111(?![\w,])")  # not inside a hash or a longer number
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def _blocks(text: str) -> list[tuple[int, str]]:
    """Paragraphs and list items of Markdown, each with its first line number."""
    blocks: list[list] = []
    current: list | None = None
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            current = None
        elif current is None or re.match(r"\s*([-*+]|\d+[.)])\s", line):
            current = [number, line]
            blocks.append(current)
        else:
            current[1] += " " + line
    return [(n, block) for n, block in blocks]


def _sentences_naming_111(text: str) -> list[tuple[int, str]]:
    """(line, sentence) for each sentence of Markdown that gives the number 111."""
    out = []
    for block_start, block in _blocks(text):
        for sentence in SENTENCE_END.split(" ".join(block.split())):
            if NHS_111.search(sentence):
                out.append((block_start, sentence))
    return out


def test_nhs_111_is_offered_for_england_only() -> None:
    """NHS 111's mental health option is sourced for England only (lpftneedhelp, an English
    trust): the data's line and text, and every sentence of every page that gives 111, say so
    (content review 2026-12, part 2, M2: the strip said "UK: 111 option 2")."""
    problems = []
    for line in DATA["en"]["lines"]:
        if line["href"] == "tel:111":
            problems += [f"docs/includes/crisis-help.yml: the 111 line's {field} '{line[field]}' does not say England"
                         for field in ("label", "strip") if field in line and "England" not in line[field]]
    problems += [f"docs/includes/crisis-help.yml: en text: \"{sentence}\" does not say England"
                 for _, sentence in _sentences_naming_111(DATA["en"]["text"]) if "England" not in sentence]
    for src in doc_sources():
        text = (DOCS / src).read_text(encoding="utf-8")
        problems += [f"docs/{src}:{line}: \"{sentence}\" offers 111 without saying England (Inglaterra)"
                     for line, sentence in _sentences_naming_111(text)
                     if not re.search(r"England|Inglaterra", sentence)]
    assert not problems, "\n".join(problems)


def test_every_page_shows_its_languages_strip(site: BuiltSite) -> None:
    for page in site.pages:
        strip = page.soup.select_one("aside.ipt-crisis")
        assert strip is not None, f"docs/{page.src}: no crisis strip"
        shown = [a["href"] for a in strip.select('a[href^="tel:"], a[href^="sms:"]')]
        expected = [line["href"] for line in DATA[language_of(page.src)]["lines"] if line.get("strip")]
        assert shown == expected, f"docs/{page.src}: strip shows {shown}, the data says {expected}"


@pytest.mark.parametrize("src", ["get-help-now.md", "es/get-help-now.md"])
def test_get_help_now_lists_every_line(site: BuiltSite, src: str) -> None:
    article = site.page(src).soup.select_one("article")
    links = {(a.get_text(strip=True), a["href"]) for a in article.select('a[href^="tel:"], a[href^="sms:"]')}
    for line in DATA[language_of(src)]["lines"]:
        assert (line["label"], line["href"]) in links, f"docs/{src}: '{line['label']}' ({line['href']}) is missing"


@pytest.mark.parametrize("prefix", ["", "es/"])
def test_embeds_carry_the_same_lines(site: BuiltSite, prefix: str) -> None:
    lang = "es" if prefix else "en"
    doc = json.loads((site.dir / prefix / "api" / "v1" / "what-is-ipt.json").read_text(encoding="utf-8"))
    lines = [(line["label"], line["href"]) for line in doc["crisisHelp"]["lines"] if not line["href"].startswith("https:")]
    assert lines == [(line["label"], line["href"]) for line in DATA[lang]["lines"]]
    assert doc["crisisHelp"]["text"] == " ".join(DATA[lang]["text"].split())
    assert doc["inLanguage"] == lang


def _config(tmp_path: Path, data: str, language: str = "en") -> SimpleNamespace:
    (tmp_path / "docs" / "includes").mkdir(parents=True)
    (tmp_path / "docs" / "includes" / "crisis-help.yml").write_text(data, encoding="utf-8")
    return SimpleNamespace(config_file_path=str(tmp_path / "mkdocs.yml"), theme={"language": language},
                           extra={"language": {"prefix": "es/" if language == "es" else ""}})


def test_a_wrong_number_on_a_page_names_file_and_line(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    config = _config(tmp_path, (ROOT / "docs" / "includes" / "crisis-help.yml").read_text(encoding="utf-8"), "es")
    crisis_help.on_config(config)
    page = SimpleNamespace(file=SimpleNamespace(src_uri="helping-someone.md"))
    markdown = "# Título\n\nLlame al [988](tel:988).\nO al [024](tel:0244).\n"
    with caplog.at_level(logging.WARNING):
        crisis_help.on_page_markdown(markdown, page, config, None)
    assert "docs/es/helping-someone.md:4: the number 'tel:0244' is not a crisis line" in caplog.text
    assert "tel:988'" not in caplog.text


def test_an_unknown_area_is_reported(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    config = _config(tmp_path, (ROOT / "docs" / "includes" / "crisis-help.yml").read_text(encoding="utf-8"))
    crisis_help.on_config(config)
    page = SimpleNamespace(file=SimpleNamespace(src_uri="get-help-now.md"))
    with caplog.at_level(logging.WARNING):
        out = crisis_help.on_page_markdown("## Here\n\n<!-- crisis-lines: fr -->\n", page, config, None)
    assert "docs/get-help-now.md:3: no crisis lines for area 'fr'" in caplog.text and "tel:" not in out


@pytest.mark.parametrize(("data", "message"), [
    ("fr:\n  text: x\n", "there is no `en:` section"),
    ("en:\n  text: x\n  international_directory: https://findahelpline.com/\n  lines:\n"
     "    - {area: us, region: US, label: Call 988, href: 'tel:98 8'}\n", "href of the form tel:DIGITS"),
    ("en: [unclosed\n", "cannot be read"),
], ids=["missing-language", "bad-href", "bad-yaml"])
def test_a_broken_data_file_stops_the_build(tmp_path: Path, data: str, message: str) -> None:
    with pytest.raises(PluginError, match=message):
        crisis_help.on_config(_config(tmp_path, data))
