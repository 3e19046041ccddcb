"""Start a new page: write docs/<slug>.md with correct front matter and a skeleton, add it
to the menu (`nav:` in mkdocs.yml, just before "Glossary") and to published-urls.txt.

    .venv/bin/python scripts/new_page.py "Page title" --description "One sentence, 50 to 160 characters."
    .venv/bin/python scripts/new_page.py "IPT for teenagers" --slug ipt-for-teenagers \\
        --description "How IPT is adapted for young people aged 12 to 18, and what the sessions are like."

Options: --slug (the page's address; made from the title when left out), --kind site for a
page about the site rather than for readers. It never asks questions, so it also runs in
scripts; every mistake stops it with a message saying what to change, before any file is
written. Review dates: last_reviewed is today, next_review a year later.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
#: The nav line the new page goes before (reader pages come before the glossary).
NAV_ANCHOR = re.compile(r"^(?P<indent>\s*)- Glossary: glossary\.md\s*(#.*)?$", re.M)
#: Words the skeleton's placeholder paragraphs start with; tests/test_new_page.py fails
#: while any page still has one, so a skeleton is never published as it is.
PLACEHOLDER = "Replace this paragraph"

BODY = """# {title}
{key_points}
<!-- New page: replace each paragraph that starts "{placeholder}" with your own words,
     then delete this note. CONTRIBUTING.md explains front matter, citations and house style. -->

{placeholder} with one or two short sentences that say what this page is about and who it is for.

## A question your reader has

{placeholder}. Answer the question in short sentences and everyday words. Put the source
after each fact, like this: IPT is a talking therapy for depression [@cuijpers2011ipt].

## Where to get help

If you feel you cannot go on, or you are thinking about suicide, you do not have to wait.
Our [Get help now](get-help-now.md) page says who to call, day or night.
"""


#: A reader page opens with 3 to 5 key points (issue 21; the build checks them, see
#: CONTRIBUTING.md, "Key points"); pages about the site have none.
KEY_POINTS = """
!!! key-points "Key points"

    - {placeholder} with the page's answer, in one short sentence.
    - {placeholder} with a second point.
    - {placeholder} with a third point.
"""


class PageError(Exception):
    """A mistake in what was asked; the message says what to change."""


def description_limits(root: Path) -> tuple[int, int]:
    """Shortest and longest description the front-matter schema allows."""
    schema = json.loads((root / "scripts" / "schemas" / "front-matter.schema.json").read_text(encoding="utf-8"))
    rule = schema["properties"]["description"]
    return int(rule["minLength"]), int(rule["maxLength"])


def slugify(title: str) -> str:
    """'Is IPT right for me?' -> 'is-ipt-right-for-me'."""
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def one_year_later(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def today() -> dt.date:
    """Today, or IPT_TODAY (YYYY-MM-DD) as the build's front-matter check also reads it."""
    faked = os.environ.get("IPT_TODAY")
    return dt.date.fromisoformat(faked) if faked else dt.date.today()


def front_matter(title: str, description: str, kind: str, day: dt.date) -> str:
    fields: dict[str, object] = {"title": title, "description": description}
    text = yaml.safe_dump(fields, sort_keys=False, allow_unicode=True, width=10_000)
    text += f"last_reviewed: {day.isoformat()}\nnext_review: {one_year_later(day).isoformat()}\n"
    if kind == "site":
        text += "kind: site\n"
    return f"---\n{text}---\n\n"


def nav_line(indent: str, title: str, slug: str) -> str:
    entry = yaml.safe_dump([{title: f"{slug}.md"}], allow_unicode=True, width=10_000).strip()
    return f"{indent}{entry}\n"


def create_page(root: Path, title: str, description: str, slug: str | None = None,
                kind: str = "reader", day: dt.date | None = None) -> list[Path]:
    """Write the page and update the menu and the list of addresses; returns changed files."""
    title, description = title.strip(), " ".join(description.split())
    slug = slug or slugify(title)
    if not title:
        raise PageError("The title is empty. Give the page a title in quotes, e.g. \"IPT for teenagers\".")
    if not SLUG.match(slug):
        raise PageError(f"--slug {slug!r} cannot be used: write it in lower-case letters, digits and "
                        "hyphens only, e.g. --slug ipt-for-teenagers.")
    low, high = description_limits(root)
    if not low <= len(description) <= high:
        raise PageError(f"The description has {len(description)} characters; it needs {low} to {high}. "
                        "Write one plain sentence saying what the page tells the reader: search engines "
                        "and link previews show it.")
    page = root / "docs" / f"{slug}.md"
    if page.exists():
        raise PageError(f"docs/{slug}.md already exists. Choose another --slug, or edit that page.")
    config_path = root / "mkdocs.yml"
    config = config_path.read_text(encoding="utf-8")
    anchor = NAV_ANCHOR.search(config)
    if anchor is None:
        raise PageError("mkdocs.yml has no `- Glossary: glossary.md` line under nav:, so the new page "
                        "cannot be placed in the menu. Add it to nav: by hand instead.")
    urls_path = root / "published-urls.txt"
    urls = urls_path.read_text(encoding="utf-8")
    address = f"/{slug}/"

    page.write_text(front_matter(title, description, kind, day or today())
                    + BODY.format(title=title, placeholder=PLACEHOLDER,
                                  key_points=KEY_POINTS.format(placeholder=PLACEHOLDER) if kind != "site" else ""), encoding="utf-8")
    line = nav_line(anchor.group("indent"), title, slug)
    config_path.write_text(config[: anchor.start()] + line + config[anchor.start():], encoding="utf-8")
    if address not in urls.split():
        urls_path.write_text(urls.rstrip("\n") + f"\n{address}\n", encoding="utf-8")
    return [page, config_path, urls_path]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("title", help='the page title, in quotes: "IPT for teenagers"')
    parser.add_argument("--description", required=True,
                        help="one plain sentence of 50 to 160 characters for search engines and link previews")
    parser.add_argument("--slug", help="the page's address and file name (default: made from the title)")
    parser.add_argument("--kind", choices=("reader", "site"), default="reader",
                        help="reader (default) for a page about IPT; site for a page about the site")
    parser.add_argument("--root", type=Path, default=ROOT, help=argparse.SUPPRESS)  # tests: a copied project
    args = parser.parse_args(argv)
    try:
        changed = create_page(args.root, args.title, args.description, args.slug, args.kind)
    except PageError as error:
        print(f"new_page.py: {error}", file=sys.stderr)
        return 2
    slug = changed[0].stem
    print(f"Created docs/{slug}.md; added it to the menu in mkdocs.yml and /{slug}/ to published-urls.txt.")
    print("Next: write the page (replace each \"Replace this paragraph\"), preview it with `make serve`,")
    print("then run `.venv/bin/pre-commit run --all-files`.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
