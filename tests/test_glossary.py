"""Glossary words (docs/includes/abbreviations.md, docs/es/includes/abbreviations.md) are explained
on every page where they appear, once: the first `<abbr>` of each word carries its explanation
(scripts/hooks/glossary_first_use.py), later ones are the plain word."""
from __future__ import annotations

from collections import Counter

from scripts.hooks.glossary_first_use import first_use_only
from tests.conftest import BuiltSite


def test_each_word_is_explained_once_per_page(site: BuiltSite) -> None:
    problems = []
    for page in site.pages:
        article = page.soup.select_one("article")
        if article is None:
            continue
        titled = [(a.get_text(), a["title"]) for a in article.select("abbr[title]")]
        twice = [word for word, n in Counter(titled).items() if n > 1]
        if twice:
            problems.append(f"docs/{page.src}: explained more than once: {twice}")
    assert not problems, "\n".join(problems)


def test_a_page_that_uses_a_glossary_word_explains_it(site: BuiltSite) -> None:
    for src in ("research.md", "es/research.md"):
        abbrs = site.page(src).soup.select("article abbr[title]")
        assert any(a.get_text() in ("IPT", "TIP") for a in abbrs), f"docs/{src}: IPT/TIP is never explained"


def test_later_uses_become_the_plain_word() -> None:
    html = ('<p><abbr title="Interpersonal psychotherapy">IPT</abbr> and <abbr title="Cognitive">CBT</abbr>.</p>'
            '<p><abbr title="Interpersonal psychotherapy">IPT</abbr> again.</p>')
    assert first_use_only(html) == ('<p><abbr title="Interpersonal psychotherapy">IPT</abbr> and '
                                    '<abbr title="Cognitive">CBT</abbr>.</p><p>IPT again.</p>')
