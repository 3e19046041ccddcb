"""schema.org JSON-LD for every page: a `MedicalWebPage` describing it, for search engines.

The data is built here, once per page, and stored as `page.meta["json_ld"]` (a plain dict);
`overrides/partials/json-ld.html` writes it with Jinja's `tojson`, which escapes `<`, `>`
and `&`, so no text can close the `<script>` element.

Fields: name, description, url (canonical), inLanguage, lastReviewed (when the page has it),
reviewedBy (only when front matter names a real reviewer), about (the therapy, a
`PsychologicalTreatment`), audience (`Patient`), citation (the page's references, from
bibliography.bib: title, year, where published and DOI link; no author lists, which
the visible reference list has), publisher and license (from `extra` in mkdocs.yml),
isPartOf (the website).
"""
from __future__ import annotations

import datetime as dt
import logging
import sys
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # make `scripts` importable
from scripts.project import shown_path  # noqa: E402
from scripts.bibliography import load, per_source, reference  # noqa: E402

log = logging.getLogger("mkdocs.hooks.structured_data")

ABOUT = {"@type": "PsychologicalTreatment", "name": "Interpersonal psychotherapy",
         "alternateName": "IPT"}
#: BibTeX entry type -> schema.org type of the cited work.
WORK_TYPES = {"article": "ScholarlyArticle", "book": "Book", "incollection": "Chapter",
              "inbook": "Chapter", "techreport": "Report"}


def citation(data: Any, key: str) -> dict[str, Any]:
    """One cited work as schema.org (name, datePublished, where published, DOI link); made
    once per source and shared by every page citing it (scripts/bibliography.py)."""
    return per_source(data, key, "json-ld", _citation)


def _citation(data: Any, key: str) -> dict[str, Any]:
    # No author lists: the title, year, journal and DOI link name the work, and the page's
    # visible reference list gives every author. The lists cost 1.3 KB gzip on the heaviest
    # page (/es/research/), which must stay within the 70 KB first view (tests/test_budgets.py).
    ref = reference(data, key)
    work: dict[str, Any] = {"@type": WORK_TYPES.get(ref.type, "CreativeWork"), "name": ref.title}
    if ref.year:
        work["datePublished"] = ref.year
    if ref.type == "article" and ref.container:
        work["isPartOf"] = {"@type": "Periodical", "name": ref.container}
    elif ref.type == "book" and ref.container:
        work["publisher"] = {"@type": "Organization", "name": ref.container}
    if ref.link:
        work["url"] = ref.link  # https://doi.org/<DOI> when the source has a DOI
    return work


def json_ld(page: Page, config: MkDocsConfig) -> dict[str, Any]:
    """The MedicalWebPage document for one page."""
    extra = config.extra
    publisher = {"@type": "Organization", "name": extra["publisher"]["name"],
                 "url": extra["publisher"]["url"]}
    doc: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "name": page.meta.get("title") or page.title or config.site_name,
        "description": page.meta.get("description") or config.site_description,
        "url": page.canonical_url,
        "inLanguage": config.theme.get("language", "en"),
        "isPartOf": {"@type": "WebSite", "name": config.site_name, "url": config.site_url},
        "about": ABOUT,
        "audience": {"@type": "Patient"},
        "publisher": publisher,
    }
    if extra.get("license"):
        doc["license"] = extra["license"]["url"]
    # Twins in the other languages (same slug; scripts/languages.py): schema.org's
    # translationOfWork on a translation, workTranslation on the original.
    lang = extra.get("language") or {}
    if len(lang.get("all", [])) > 1 and page.canonical_url:
        root = page.canonical_url[: len(page.canonical_url) - len(page.url)] if page.url else page.canonical_url
        root = root[: len(root) - len(lang["prefix"])] if lang["prefix"] and root.endswith(lang["prefix"]) else root
        twins = [{"@type": "MedicalWebPage", "url": root + other["prefix"] + page.url, "inLanguage": other["code"]}
                 for other in lang["all"] if other["code"] != lang["code"]]
        if lang["prefix"]:
            doc["translationOfWork"] = next(t for t in twins if t["inLanguage"] == lang["all"][0]["code"])
        else:
            doc["workTranslation"] = twins
    last = page.meta.get("last_reviewed")
    if isinstance(last, dt.date):
        doc["lastReviewed"] = last.isoformat()
    reviewer = page.meta.get("reviewed_by")
    if isinstance(reviewer, str) and reviewer.strip():
        doc["reviewedBy"] = {"@type": "Person", "name": reviewer.strip()}
    keys = page.meta.get("citations") or []
    if keys:
        try:
            data = load(Path(config.config_file_path).parent / "bibliography.bib")
            doc["citation"] = [citation(data, key) for key in keys if key in data.entries]
        except Exception as error:  # citations.py names the broken entry
            log.warning("%s: the JSON-LD citations could not be made: %s",
                        shown_path(page.file, config), error)
    return doc


def on_page_context(context: dict, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
    page.meta["json_ld"] = json_ld(page, config)
    return context
