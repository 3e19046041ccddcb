"""Each Material partial that overrides/ copies is still Material's own, but for our named change.

overrides/partials/search.html and source.html are copies of Material's partials with one
change each (an accessible name for the search dialog; no call to api.github.com). When a
Material update changes its partial, our copy would silently keep the old markup: this test
compares our copy with the installed Material's, after undoing our one change, and says which
file to bring in step. Any other partial that shares a name with one of Material's must be
listed here too, so that no Material partial is replaced without this check.
"""
from __future__ import annotations

import re
from pathlib import Path

import material

from tests.support.build import ROOT

MATERIAL = Path(material.__file__).parent / "templates"
OURS = ROOT / "overrides"
#: Our copies of Material's templates: (Material's text, ours) for each change we make.
COPIES: dict[str, list[tuple[str, str]]] = {
    "partials/search.html": [
        ('role="dialog">', '''role="dialog" aria-label="{{ lang.t('search') }}">'''),
    ],
    "partials/source.html": [
        ('class="md-source" data-md-component="source">', 'class="md-source">'),
    ],
}
#: Templates of ours that share a name with Material's but are written anew, not copied.
OWN = {"main.html", "404.html"}
_HEADER = re.compile(r"\A\{#-[\s\S]*?-#\}\n")


def _body(path: Path) -> str:
    """A template without its opening comment (Material's says it is generated; ours explains)."""
    return _HEADER.sub("", path.read_text(encoding="utf-8"))


def test_copied_partials_match_material_but_for_our_change() -> None:
    problems = []
    for name, changes in COPIES.items():
        theirs = _body(MATERIAL / name)
        for material_text, our_text in changes:
            if material_text not in theirs:
                problems.append(f"overrides/{name}: Material's {name} no longer has {material_text!r}; "
                                "look at its new version and make our change again")
            theirs = theirs.replace(material_text, our_text, 1)
        if _body(OURS / name) != theirs:
            problems.append(f"overrides/{name} differs from Material's {name} (installed: "
                            f"{MATERIAL / name}) beyond our change: copy Material's new version and make "
                            "our change again")
    assert not problems, "\n".join(problems)


def test_every_override_of_a_material_template_is_checked() -> None:
    overridden = sorted(str(p.relative_to(OURS)) for p in OURS.rglob("*.html") if (MATERIAL / p.relative_to(OURS)).is_file())
    unchecked = [name for name in overridden if name not in COPIES and name not in OWN]
    assert overridden, "no override of a Material template found: is MATERIAL right?"
    assert not unchecked, (f"overrides/ replaces Material's {unchecked}: add it to COPIES in "
                           "tests/test_theme_overrides.py with the change we make (or to OWN if it is ours)")
