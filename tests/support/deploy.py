"""Checks of what a host and a crawler see, shared by test_deploy.py and test_subpath.py.

Each function returns a list of problems in words an editor can act on ([] when all is
well), so a test can build the site however it needs and then assert the list is empty.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import yaml
from bs4 import BeautifulSoup

SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def site_url(project: Path) -> str:
    """site_url from a project's mkdocs.yml, always ending in '/'."""
    config = yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    url = config["site_url"]
    return url if url.endswith("/") else url + "/"


def site_name(project: Path) -> str:
    config = yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    return config["site_name"]


def sitemap_urls(site_dir: Path) -> list[str]:
    """Every <loc> in the built sitemap.xml."""
    root = ET.parse(site_dir / "sitemap.xml").getroot()
    return [loc.text or "" for loc in root.findall("s:url/s:loc", SITEMAP_NS)]


def sitemap_problems(site_dir: Path, base: str, page_urls: list[str]) -> list[str]:
    """The sitemap lists exactly the pages, each by its absolute address under `base`."""
    listed = sitemap_urls(site_dir)
    expected = {base + url for url in page_urls}
    out = [f"sitemap.xml lists {u}, which is not under site_url {base}" for u in listed if not u.startswith(base)]
    out += [f"sitemap.xml does not list the page {u}" for u in sorted(expected - set(listed))]
    out += [f"sitemap.xml lists {u}, which is not a page" for u in sorted(set(listed) - expected) if u.startswith(base)]
    return out


def robots_problems(site_dir: Path, base: str) -> list[str]:
    path = site_dir / "robots.txt"
    if not path.is_file():
        return ["robots.txt is missing from the built site (scripts/hooks/robots.py writes it)"]
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines()]
    out = []
    if "User-agent: *" not in lines:
        out.append("robots.txt has no `User-agent: *` line")
    if "Disallow: /" in lines:
        out.append("robots.txt forbids crawling the whole site (`Disallow: /`)")
    if f"Sitemap: {base}sitemap.xml" not in lines:
        out.append(f"robots.txt does not name the sitemap as `Sitemap: {base}sitemap.xml`")
    return out


def _meta(soup: BeautifulSoup, attr: str, name: str) -> list[str]:
    return [tag.get("content", "") for tag in soup.find_all("meta", attrs={attr: name})]


def head_problems(soup: BeautifulSoup, canonical: str, description: str, title: str) -> list[str]:
    """Canonical link, one meta description, and Open Graph / Twitter tags for one page."""
    out: list[str] = []
    links = [link.get("href") for link in soup.find_all("link", rel="canonical")]
    if links != [canonical]:
        out.append(f"canonical link is {links}, expected [{canonical!r}]")
    descriptions = _meta(soup, "name", "description")
    if descriptions != [description]:
        out.append(f"<meta name=description> is {descriptions}, expected exactly one: {description!r}")
    expected = {
        ("property", "og:title"): title,
        ("property", "og:description"): description,
        ("property", "og:url"): canonical,
        ("property", "og:site_name"): None,
        ("property", "og:type"): None,
        ("property", "og:locale"): None,
        ("name", "twitter:card"): "summary",
        ("name", "twitter:title"): title,
        ("name", "twitter:description"): description,
    }
    for (attr, name), value in expected.items():
        found = _meta(soup, attr, name)
        if len(found) != 1 or not found[0]:
            out.append(f"{name}: expected one non-empty tag, found {found}")
        elif value is not None and found[0] != value:
            out.append(f"{name} is {found[0]!r}, expected {value!r}")
    return out
