"""schema.org JSON-LD on every page: valid JSON, the fields the trust issue asks for, and
only types and properties that exist in schema.org (checked against a small list kept
here, so no network is needed)."""
from __future__ import annotations

import json
import re
from types import SimpleNamespace

import jinja2
import pytest

from tests.conftest import DOCS, BuiltSite, DocPage, doc_sources
from tests.support.build import ROOT
from tests.support.trust import extra, mkdocs_config

from scripts.bibliography import cited_keys, load
from scripts.figures.data import cited_by_figures

# --- a small, hand-checked slice of the schema.org vocabulary (schema.org, v29) ----------
THING = {"@type", "@context", "name", "alternateName", "description", "url", "identifier", "sameAs"}
CREATIVE_WORK = THING | {"about", "audience", "author", "citation", "datePublished", "inLanguage",
                         "isPartOf", "license", "publisher"}
PROPERTIES: dict[str, set[str]] = {
    # translationOfWork / workTranslation: the page's twins in the other languages (issue 12).
    "MedicalWebPage": CREATIVE_WORK | {"lastReviewed", "reviewedBy", "medicalAudience",
                                       "translationOfWork", "workTranslation"},
    "WebSite": CREATIVE_WORK,
    "CreativeWork": CREATIVE_WORK,
    "ScholarlyArticle": CREATIVE_WORK,
    "Book": CREATIVE_WORK,
    "Chapter": CREATIVE_WORK,
    "Report": CREATIVE_WORK,
    "Periodical": CREATIVE_WORK,
    "PsychologicalTreatment": THING,
    "Patient": THING,
    "Organization": THING,
    "Person": THING,
    "PropertyValue": THING | {"propertyID", "value"},
}
WORKS = {"CreativeWork", "ScholarlyArticle", "Book", "Chapter", "Report", "Periodical", "WebSite"}
AGENTS = {"Person", "Organization"}
#: Allowed @type of an object value, by property (schema.org "range"; subtypes included).
RANGES: dict[str, set[str]] = {
    "about": set(PROPERTIES),
    "audience": {"Patient"},                # Patient is a MedicalAudience, an Audience
    "author": AGENTS, "publisher": AGENTS, "reviewedBy": AGENTS,
    "citation": WORKS, "isPartOf": WORKS,
    "identifier": {"PropertyValue"},
    "translationOfWork": {"MedicalWebPage"}, "workTranslation": {"MedicalWebPage"},
}
DATE = re.compile(r"^\d{4}(-\d{2}-\d{2})?$")


def schema_problems(value: object, where: str = "$") -> list[str]:
    """Every unknown type, unknown property or out-of-range value in a JSON-LD document."""
    out: list[str] = []
    if isinstance(value, list):
        for i, item in enumerate(value):
            out += schema_problems(item, f"{where}[{i}]")
        return out
    if not isinstance(value, dict):
        return out
    kind = value.get("@type")
    if kind not in PROPERTIES:
        return [f"{where}: unknown schema.org type {kind!r}"]
    for prop, item in value.items():
        if prop not in PROPERTIES[kind]:
            out.append(f"{where}: {kind} has no property {prop!r}")
            continue
        for one in item if isinstance(item, list) else [item]:
            if isinstance(one, dict):
                if prop in RANGES and one.get("@type") not in RANGES[prop]:
                    out.append(f"{where}.{prop}: a {one.get('@type')} is not allowed here")
                out += schema_problems(one, f"{where}.{prop}")
            elif prop in ("lastReviewed", "datePublished") and not DATE.match(str(one)):
                out.append(f"{where}.{prop}: {one!r} is not an ISO date")
            elif prop in ("url", "sameAs", "license") and not str(one).startswith("https://"):
                out.append(f"{where}.{prop}: {one!r} is not an https URL")
    return out


def json_ld(page: DocPage) -> dict:
    scripts = page.soup.find_all("script", type="application/ld+json")
    assert len(scripts) == 1, f"{page.src}: expected one JSON-LD script, found {len(scripts)}"
    assert scripts[0].find_parent("head") is not None, f"{page.src}: JSON-LD belongs in <head>"
    return json.loads(scripts[0].string)


def cited_dois(src: str) -> tuple[int, set[str]]:
    """(number of distinct known keys cited, DOI links of those with a DOI), counting the
    sources of the figures on the page (their captions cite them: scripts/figures/)."""
    data = load(DOCS.parent / "bibliography.bib")
    known = {k.lower(): k for k in data.entries.keys()}
    text = (DOCS / src).read_text()
    text += "".join(cited_by_figures(text, ROOT))
    keys = {known[k.lower()] for _n, k in cited_keys(text) if k.lower() in known}
    dois = {f"https://doi.org/{data.entries[k].fields['doi']}" for k in keys if "doi" in data.entries[k].fields}
    return len(keys), dois


@pytest.mark.parametrize("src", doc_sources())
def test_json_ld_on_every_page(site: BuiltSite, src: str) -> None:
    page = site.page(src)
    doc = json_ld(page)
    meta = page.meta
    assert doc["@context"] == "https://schema.org" and doc["@type"] == "MedicalWebPage"
    assert doc["name"] == meta["title"]
    assert doc["description"] == meta["description"]
    assert doc["url"] == mkdocs_config()["site_url"] + page.url
    canonical = page.soup.find("link", rel="canonical")
    assert canonical is not None and canonical["href"] == doc["url"], f"{src}: url is not the canonical URL"
    assert doc["inLanguage"] == ("es" if src.startswith("es/") else "en")
    assert doc["lastReviewed"] == meta["last_reviewed"].isoformat()
    if meta.get("reviewed_by"):
        assert doc["reviewedBy"]["name"] == meta["reviewed_by"]
    else:
        assert "reviewedBy" not in doc, f"{src}: reviewedBy must be left out until a real reviewer is named"
    assert doc["about"] == {"@type": "PsychologicalTreatment", "name": "Interpersonal psychotherapy",
                            "alternateName": "IPT"}
    assert doc["audience"] == {"@type": "Patient"}
    publisher = extra()["publisher"]
    assert doc["publisher"] == {"@type": "Organization", "name": publisher["name"], "url": publisher["url"]}
    count, dois = cited_dois(src)
    citations = doc.get("citation", [])
    assert len(citations) == count, f"{src}: {count} sources cited but {len(citations)} in JSON-LD"
    assert all(c.get("name") for c in citations)
    assert not any("author" in c for c in citations), (
        f"{src}: JSON-LD citations carry author lists again: the visible reference list has them, and "
        "they cost 1.3 KB gzip on /es/research/ (scripts/hooks/structured_data.py)")
    missing = dois - {c.get("url") for c in citations}
    assert not missing, f"{src}: DOI links missing from JSON-LD citation: {missing}"
    problems = schema_problems(doc)
    assert not problems, f"{src}: not valid schema.org:\n" + "\n".join(problems)


def test_vocabulary_check_catches_mistakes() -> None:
    """The checker above must be able to fail."""
    bad = {"@type": "MedicalWebPage", "lastReviewd": "2026-11-29", "audience": {"@type": "Patients"},
           "author": {"@type": "ScholarlyArticle", "name": "x"}, "lastReviewed": "29/11/2026"}
    found = "\n".join(schema_problems(bad))
    for words in ("no property 'lastReviewd'", "a Patients is not allowed", "a ScholarlyArticle is not allowed",
                  "not an ISO date"):
        assert words in found, found


def test_json_ld_cannot_close_its_script_element() -> None:
    """Text such as "</script>" in a title stays inside the JSON (tojson escapes < and >)."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(ROOT / "overrides"))
    hostile = {"@type": "MedicalWebPage", "name": "</script><script>alert(1)</script> & 'quotes'"}
    page = SimpleNamespace(meta={"json_ld": hostile})
    html = env.get_template("partials/json-ld.html").render(page=page)
    assert html.count("</script>") == 1 and "<script>alert" not in html, html
    inner = html[html.index(">") + 1: html.rindex("</script>")]
    assert json.loads(inner) == hostile
