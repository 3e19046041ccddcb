"""Reference lists speak the page's language (issue 24): on a Spanish page, "Markowitz y Gerald
L. Klerman", never "Markowitz, and Gerald L. Klerman".

The reference style (pybtex's plain style, used by mkdocs-bibtex) writes words of its own between
a source's details: "and", "others", "In", "editors", "volume", "pages", "URL:", month names.
scripts/reference_style.py takes them from `reference_words` in docs/includes/strings/<lang>.yml.

- with the English strings it writes exactly what pybtex's plain style writes;
- every word pybtex's templates can write is one it translates (a new pybtex word fails here);
- on every built page of each language, each reference (the footnotes under the page, which
  Material also shows as the citation's preview, and the References page) has, besides the
  source's own details (title, names, journal, note…), only that language's words.
"""
from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup
from pybtex.backends.markdown import Backend
from pybtex.database import parse_string
from pybtex.style.formatting.plain import Style as PlainStyle
from pybtex.style.template import Node

from scripts.bibliography import _plain, load
from scripts.languages import strings
from scripts.reference_style import TEMPLATE_WORDS, LocalStyle
from tests.conftest import BuiltSite
from tests.support.build import ROOT

#: One entry of every type pybtex's plain style knows, with every field its templates use.
EVERY_KIND = parse_string(r"""
@article{a1, author={Smith, Jane and Lee, Ann and Jones, Bob}, title={T}, journal={J}, volume={1}, number={2},
  pages={3--4}, month=mar, year={2001}, note={N}, url={https://x.org/}, urldate={2024-01-01}, doi={10.1/x},
  pubmed={123}, eprint={456}}
@article{a2, author={Smith, Jane and others}, title={T}, journal={J}, pages={5--6}, year={2001}}
@book{b1, author={Smith, Jane and Lee, Ann}, title={B}, volume={3}, series={S}, publisher={P}, address={A},
  edition={Second}, year={2001}, isbn={978}}
@book{b2, editor={Lee, Ann and Ho, Li}, title={B}, number={3}, series={S}, publisher={P}, year={2001}}
@booklet{c1, author={Smith, Jane}, title={T}, howpublished={H}, address={A}, year={2001}}
@inbook{d1, author={Smith, Jane}, title={T}, chapter={2}, pages={3--4}, volume={1}, series={S}, publisher={P},
  edition={Third}, year={2001}}
@incollection{e1, author={Smith, Jane}, editor={Lee, Ann}, title={T}, booktitle={B}, number={4}, series={S},
  chapter={3}, pages={1--9}, publisher={P}, edition={Second}, year={2020}}
@inproceedings{f1, author={Smith, Jane}, editor={Lee, Ann and Ho, Li}, title={T}, booktitle={B}, volume={1},
  series={S}, pages={1--2}, address={A}, organization={O}, publisher={P}, year={2001}}
@manual{g1, author={Smith, Jane}, title={T}, organization={O}, address={A}, edition={First}, year={2001}}
@mastersthesis{h1, author={Smith, Jane}, title={T}, school={S}, year={2001}}
@phdthesis{i1, author={Smith, Jane}, title={T}, school={S}, year={2001}}
@proceedings{j1, editor={Lee, Ann}, title={T}, volume={1}, series={S}, address={A}, publisher={P}, year={2001}}
@proceedings{j2, organization={O}, title={T}, number={1}, series={S}, publisher={P}, year={2001}}
@techreport{k1, author={Smith, Jane}, title={T}, institution={I}, year={2001}}
@unpublished{l1, author={Smith, Jane}, title={T}, note={N}, year={2001}}
@misc{m1, author={Smith, Jane}, title={T}, howpublished={H}, year={2001}, url={https://x.org/}}
""", "bibtex")
#: What the templates write that is the same in every language: identifiers and addresses.
NEUTRAL = {"doi:", "PMID:", "arXiv:", "ISBN", "https://doi.org/", "https://www.ncbi.nlm.nih.gov/pubmed/",
           "https://arxiv.org/abs/"}


def _literals(node, found: set[str]) -> set[str]:
    if isinstance(node, str):
        found.add(node)
    elif isinstance(node, Node):
        for child in node.children:
            _literals(child, found)
        for value in node.kwargs.values():
            _literals(value, found)
    return found


def test_english_strings_give_pybtex_plain_style_exactly() -> None:
    plain, ours, backend = PlainStyle(), LocalStyle(strings("en")), Backend()
    entries = {**EVERY_KIND.entries, **load(ROOT / "bibliography.bib").entries}
    differ = [f"{key}:\n  plain: {plain.format_entry('', e).text.render(backend)}\n  ours:  "
              f"{ours.format_entry('', e).text.render(backend)}" for key, e in entries.items()
              if plain.format_entry("", e).text.render(backend) != ours.format_entry("", e).text.render(backend)]
    assert not differ, "scripts/reference_style.py changes English references:\n" + "\n".join(differ)


def test_every_word_of_the_style_is_translated() -> None:
    """Each word pybtex's templates can write, for every kind of entry, has its translation."""
    style = PlainStyle()
    words: set[str] = set()
    for entry in EVERY_KIND.entries.values():
        _literals(getattr(style, f"get_{entry.type}_template")(entry), words)
    words = {w for w in words if re.search(r"[A-Za-z]", w)} - NEUTRAL
    unknown = sorted(words - set(TEMPLATE_WORDS))
    assert not unknown, (f"pybtex's plain style writes {unknown}, which scripts/reference_style.py does not "
                         "translate: add each to TEMPLATE_WORDS and to reference_words in every "
                         "docs/includes/strings/<lang>.yml")


@pytest.mark.parametrize("code", ["en", "es"])
def test_every_kind_of_reference_uses_only_its_languages_words(code: str) -> None:
    style, backend = LocalStyle(strings(code)), Backend()
    allowed = _allowed_words(code)
    for key, entry in EVERY_KIND.entries.items():
        text = style.format_entry("", entry).text.render_as("text")
        left = _left_over(text, _data_of(entry), allowed)
        assert not left, f"@{entry.type} in {code}: {left} in {text!r}"


# --- the built pages --------------------------------------------------------------------------

def _allowed_words(code: str) -> set[str]:
    words = strings(code)
    texts = [*words["reference_words"].values(), *words["months"], *words["source_in"].values(),
             "doi", "ISBN", "PMID", "arXiv"]
    return {w.lower() for text in texts for w in re.findall(r"[^\W\d_]+", text)}


def _data_of(entry) -> re.Pattern[str]:
    """What a reference shows of the source itself, as whole words: its fields (as shown, and as
    written, for addresses) and each part of each name."""
    data = [*map(_plain, map(str, entry.fields.values())), *map(str, entry.fields.values())]
    for people in entry.persons.values():
        for person in people:
            data.extend(map(_plain, [*person.first_names, *person.middle_names, *person.prelast_names,
                                     *person.last_names, *person.lineage_names]))
    values = sorted({" ".join(d.split()) for d in data if d.strip()}, key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:%s)(?!\w)" % "|".join(map(re.escape, values)), re.I)


def _left_over(text: str, data: re.Pattern[str], allowed: set[str]) -> list[str]:
    """The words of a reference's text that are neither the source's details nor allowed."""
    return sorted({w for w in re.findall(r"[^\W\d_]+", data.sub(" ", text)) if w.lower() not in allowed})


def _references(page) -> list[tuple[str, str]]:
    """(key, text) of each reference on a built page: its footnotes and its bibliography list."""
    soup = BeautifulSoup(page.html, "html.parser")
    out = []
    for item in soup.select('div.footnote li[id^="fn:ref-"], ul.bibliography li[id^="ref-"]'):
        for back in item.select("a.footnote-backref"):
            back.decompose()
        key = item["id"].removeprefix("fn:").removeprefix("ref-")
        out.append((key, " ".join(item.get_text("").split())))
    return out


@pytest.mark.parametrize("code", ["en", "es"])
def test_reference_lists_use_only_the_pages_language(site: BuiltSite, code: str) -> None:
    entries = {k.lower(): e for k, e in load(ROOT / "bibliography.bib").entries.items()}
    data = {key: _data_of(entry) for key, entry in entries.items()}  # once per source, not per page
    allowed = _allowed_words(code)
    pages = [p for p in site.pages if p.src.startswith("es/") == (code == "es")]
    problems, seen = [], 0
    for page in pages:
        for key, text in _references(page):
            seen += 1
            left = _left_over(text, data[key.lower()], allowed)
            if left:
                problems.append(f"docs/{page.src}: [@{key}] shows {left}: {text[:200]}")
    assert seen > 150, f"only {seen} references found on the {code} pages: is the test reading them?"
    assert not problems, (f"{len(problems)} reference(s) on {code} pages show words of another language "
                          "(scripts/reference_style.py; reference_words in docs/includes/strings/"
                          f"{code}.yml):\n" + "\n".join(problems[:30]))
