"""Readers' own words find the right page first, with Material's search in Chromium.

Each question below is typed into the search box the way a reader would type it; the
first result must be the page that answers it. When one fails, fix the content (the
words readers use should appear in the page, ideally in a heading) or the search
configuration (`search` plugin in mkdocs.yml, `search: boost:` in front matter), not this
list.

Spanish questions are asked on a Spanish page and must find Spanish pages (each language
has its own index); each is also asked without its accents, as many readers type, and must
find the same page (scripts/hooks/search_folding.py).

Material's English search has no stemmer (it matches word beginnings instead): adding
`stemmer` to the plugin's `pipeline` was tried and breaks most of these questions.
"""
from __future__ import annotations

import json
import re

import pytest

pytestmark = pytest.mark.browser

#: (what a reader types, the page that should come first)
QUESTIONS: list[tuple[str, str]] = [
    ("first appointment", "is-ipt-right-for-me/"),
    ("break-up", "what-is-ipt/"),
    ("lost my job", "what-is-ipt/"),
    ("medication", "research/"),
    ("online", "online-therapy/"),
    ("does it work", "research/"),
    ("how long", "what-is-ipt/"),
    ("how many sessions", "what-is-ipt/"),
    ("grief", "what-is-ipt/"),
    ("arguments with partner", "problem-areas/"),
    ("phases", "what-is-ipt/"),
    ("teenager", "teenagers/"),
    ("video", "online-therapy/"),
    ("metacognitive", "types-of-ipt/"),
    ("role play", "techniques/"),
    ("suicide", "get-help-now/"),
    ("crisis", "get-help-now/"),
    ("helpline", "get-help-now/"),
    ("techniques", "techniques/"),
    ("childhood", "is-ipt-right-for-me/"),
    ("lonely", "is-ipt-right-for-me/"),
    ("cost", "finding-a-therapist/"),
    ("CBT", "is-ipt-right-for-me/"),
    ("phone", "online-therapy/"),
    ("find a therapist", "finding-a-therapist/"),
    ("relapse", "benefits/"),
    ("evidence", "research/"),
    ("meta-analysis", "research/"),
    ("systematic review", "research/"),
    ("arguments and disagreements", "problem-areas/"),
    ("big life changes", "problem-areas/"),
    ("problem areas", "problem-areas/"),
    ("interpersonal inventory", "problem-areas/"),
    ("how can I help my partner", "helping-someone/"),
    ("look after yourself", "helping-someone/"),
    ("carer", "helping-someone/"),
    ("find a therapist near me", "finding-a-therapist/"),
    ("certification", "finding-a-therapist/"),
    ("waiting list", "finding-a-therapist/"),
    ("pregnant", "pregnancy-and-after-birth/"),
    ("postnatal depression", "pregnancy-and-after-birth/"),
    ("breastfeeding", "pregnancy-and-after-birth/"),
    ("older adults", "older-adults/"),
    ("my dad is elderly", "older-adults/"),
    ("over 70", "older-adults/"),
    ("elderly parent", "older-adults/"),
    ("group therapy", "group-ipt/"),
    ("Uganda", "group-ipt/"),
    ("bipolar", "beyond-depression/"),
    ("eating disorder", "beyond-depression/"),
    ("bulimia", "beyond-depression/"),
    ("PTSD", "beyond-depression/"),
    ("anxiety", "beyond-depression/"),
    ("my teenager is depressed", "teenagers/"),
    ("adolescent", "teenagers/"),
    ("parents of a teen", "teenagers/"),
    ("therapy over video", "online-therapy/"),
    ("video call", "online-therapy/"),
    ("self-help website", "online-therapy/"),
]


#: Spanish questions, asked on /es/: (what a reader types, the Spanish page that should come first)
QUESTIONS_ES: list[tuple[str, str]] = [
    ("depresión", "es/"),
    ("qué es la TIP", "es/what-is-ipt/"),
    ("cuánto dura", "es/what-is-ipt/"),
    ("cuántas sesiones", "es/what-is-ipt/"),
    ("duelo", "es/what-is-ipt/"),
    ("perdí mi trabajo", "es/what-is-ipt/"),
    ("discusiones con mi pareja", "es/problem-areas/"),
    ("rol de enfermo", "es/problem-areas/"),
    ("TIP para adolescentes", "es/teenagers/"),
    ("teléfono", "es/online-therapy/"),
    ("juego de roles", "es/techniques/"),
    ("técnicas", "es/techniques/"),
    ("recaída", "es/benefits/"),
    ("medicamentos", "es/research/"),
    ("investigación", "es/research/"),
    ("metaanálisis", "es/research/"),
    ("revisión sistemática", "es/research/"),
    ("después del parto", "es/pregnancy-and-after-birth/"),
    ("personas mayores", "es/older-adults/"),
    ("terapia de grupo", "es/group-ipt/"),
    ("Uganda", "es/group-ipt/"),
    ("trastorno bipolar", "es/beyond-depression/"),
    ("trastorno alimentario", "es/beyond-depression/"),
    ("estrés postraumático", "es/beyond-depression/"),
    ("ansiedad", "es/beyond-depression/"),
    ("primera cita", "es/is-ipt-right-for-me/"),
    ("TCC", "es/is-ipt-right-for-me/"),
    ("infancia", "es/is-ipt-right-for-me/"),
    ("costo", "es/finding-a-therapist/"),
    ("encontrar un terapeuta", "es/finding-a-therapist/"),
    ("cómo ayudar", "es/helping-someone/"),
    ("suicidio", "es/get-help-now/"),
    ("línea de crisis", "es/get-help-now/"),
    ("línea de ayuda", "es/get-help-now/"),
    ("glosario", "es/glossary/"),
    ("mi hijo adolescente", "es/teenagers/"),
    ("adolescente deprimido", "es/teenagers/"),
    ("por videollamada", "es/online-therapy/"),
    ("terapia por internet", "es/online-therapy/"),
]


def without_accents(text: str) -> str:
    import unicodedata

    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


@pytest.fixture(scope="module")
def search_page(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(server.url(""))
    yield page
    context.close()


@pytest.fixture(scope="module")
def search_page_es(browser, server):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="es-ES")
    page = context.new_page()
    page.goto(server.url("es/"))
    yield page
    context.close()


def first_result(page, query: str) -> tuple[str, list[str]]:
    """Type `query` into Material's search box; the first result's page and the top titles."""
    field = page.locator("input.md-search__input")
    if not field.evaluate("el => el === document.activeElement"):
        page.keyboard.press("/")
    # Material reads the query on keyup. Set the whole query, then send one keyup: the search
    # worker gets exactly one query, so the list shown next is its answer. (Typing letter by
    # letter sends every prefix, and on a busy machine the list may still be a prefix's.)
    field.fill("")
    field.press("End")
    page.wait_for_function(
        """() => !document.querySelector('.md-search-result__item')
                 && /type to start|teclee para/i.test(document.querySelector('.md-search-result__meta').innerText)""")
    field.fill(query)
    field.press("End")
    page.wait_for_function(
        """q => { const f = document.querySelector('input.md-search__input');
                  const m = document.querySelector('.md-search-result__meta');
                  return f.value === q && m && !/type to start|teclee para|inicializando|initializing/i.test(m.innerText); }""", arg=query)
    links = page.eval_on_selector_all(
        ".md-search-result__item > .md-search-result__link",
        "els => els.map(e => new URL(e.href).pathname + ' «' + ((e.querySelector('h1,h2') || {}).innerText || '') + '»')")
    first = links[0].split(" «")[0].lstrip("/") if links else "(no result)"
    return first, links[:3]


@pytest.mark.parametrize(("query", "expected"), QUESTIONS, ids=[f"q={q}" for q, _ in QUESTIONS])
def test_question_finds_the_right_page_first(search_page, query: str, expected: str) -> None:
    first, top = first_result(search_page, query)
    assert first == expected, (f"searching for '{query}' shows '{first or 'home page'}' first, not '{expected}'. "
                               f"Top results: {top}. Use the reader's words in the page that answers, "
                               "ideally in a heading, or adjust search boost.")


@pytest.mark.parametrize(("query", "expected"), QUESTIONS_ES, ids=[f"es-q={q}" for q, _ in QUESTIONS_ES])
def test_spanish_question_finds_the_right_spanish_page_first(search_page_es, query: str, expected: str) -> None:
    first, top = first_result(search_page_es, query)
    assert first == expected, (f"on /es/, searching for '{query}' shows '{first}' first, not '{expected}'. "
                               f"Top results: {top}. Use the reader's words in the page that answers.")
    assert all(link.startswith("/es/") for link in top), f"'{query}' on /es/ returned a non-Spanish page: {top}"
    plain = without_accents(query)
    if plain != query:
        first_plain, top_plain = first_result(search_page_es, plain)
        assert first_plain == expected, (f"'{plain}' (typed without accents) shows '{first_plain}' first, "
                                         f"but '{query}' shows '{expected}'. Top results: {top_plain}")


_WORD = re.compile(r"[^\W\d_]{4,}", re.U)


def distinctive_words(site, prefix: str, points: list[str]) -> str:
    """What a reader remembers of a page's key points: the three words of one point that the
    fewest pages of the language use (from its search index), in the point's order; the point
    whose words are rarest. Stop words ("tras", "the") are not counted: the search leaves them out."""
    index = json.loads((site.dir / prefix / "search" / "search_index.json").read_text(encoding="utf-8"))
    stop = {w.lower() for w in index["config"].get("stop_words", [])}  # left out of queries by lazy-search.js
    pages: dict[str, set[str]] = {}
    for doc in index["docs"]:
        text = re.sub(r"<[^>]+>", " ", f"{doc['title']} {doc['text']}").lower()
        pages.setdefault(doc["location"].split("#")[0], set()).update(_WORD.findall(text))
    best: tuple[int, str] | None = None
    for point in points:
        words = [w for w in _WORD.findall(point) if w.lower() not in stop]
        count = {w: sum(any(u.startswith(w.lower()) for u in used) for used in pages.values()) for w in words}  # a prefix, as search matches
        rare = sorted(words, key=lambda w: (count[w], words.index(w)))[:3]
        score = sum(count[w] for w in rare)
        if best is None or score < best[0]:
            best = (score, " ".join(w for w in words if w in rare))
    return best[1] if best else ""


@pytest.mark.parametrize("prefix", ["", "es/"], ids=["en", "es"])
def test_a_key_point_finds_its_page(site, request, prefix: str) -> None:
    """Key points are in a page's search entry (issue 21): the words a reader remembers of them
    bring up the page among the first five pages of results (about the first screen)."""
    tab = request.getfixturevalue("search_page_es" if prefix else "search_page")
    problems = []
    for page in [p for p in site.reader_pages if p.src.startswith("es/") == bool(prefix)]:
        points = page.key_points[1]
        query = distinctive_words(site, prefix, points)
        first_result(tab, query)
        pages = list(dict.fromkeys(tab.eval_on_selector_all(
            ".md-search-result__item > .md-search-result__link", "els => els.map(e => new URL(e.href).pathname)")))
        if "/" + page.url not in pages[:5]:
            problems.append(f"'{query}' (from the key points of docs/{page.src}) does not bring up /{page.url} "
                            f"among the first five pages: {pages[:5]}")
    assert not problems, "\n".join(problems)


def test_a_pages_search_preview_opens_with_its_key_points(site) -> None:
    """Material shows a page's own search entry with the start of its text: that is its key
    points, label first, so a result answers before it is opened."""
    problems = []
    for prefix in ("", "es/"):
        index = json.loads((site.dir / prefix / "search" / "search_index.json").read_text(encoding="utf-8"))
        entries = {doc["location"]: doc for doc in index["docs"]}
        for page in [p for p in site.reader_pages if p.src.startswith("es/") == bool(prefix)]:
            label, points = page.key_points
            text = " ".join(re.sub(r"<sup>.*?</sup>|<[^>]+>", " ", entries.get(page.url.removeprefix(prefix), {}).get("text", "")).split())
            opening = " ".join([label, *points])
            if not re.sub(r"\s+([.,;:!?])", r"\1", text).startswith(opening):
                problems.append(f"{prefix}search/search_index.json, docs/{page.src}: the entry starts {text[:120]!r}")
    assert not problems, "\n".join(problems)


def test_question_list_is_long_enough() -> None:
    assert len(QUESTIONS) >= 15 and len({q for q, _ in QUESTIONS}) == len(QUESTIONS)
    assert len(QUESTIONS_ES) >= 15 and sum(without_accents(q) != q for q, _ in QUESTIONS_ES) >= 8


def test_each_index_carries_its_languages_stop_words(site) -> None:
    """docs/javascripts/lazy-search.js leaves these out of queries (scripts/hooks/search_folding.py)."""
    import json

    from scripts.languages import strings

    for prefix, code in (("", "en"), ("es/", "es")):
        config = json.loads((site.dir / prefix / "search" / "search_index.json").read_text(encoding="utf-8"))["config"]
        expected = strings(code)["search_stop_words"].split()
        assert config.get("stop_words", []) == expected, f"{prefix}search/search_index.json: {config}"
    assert "de" in strings("es")["search_stop_words"].split()
