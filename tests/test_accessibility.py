"""axe-core on every built page, in Chromium: zero WCAG 2.2 AA violations.

Every page is checked at common phone, tablet and laptop window sizes (390x844, 768x1024,
1280x720, 1366x768, 1280x900: Material's layout changes at 76.25em, 60em and 100em, and a
short laptop window changes what is sticky) in the light palette, and in the dark palette at
a phone and a desktop size (the browser's prefers-color-scheme, which Material's palette
follows). The dark palette changes colours, not layout, so two sizes cover its contrast; each
size costs about a minute of the suite, so the matrix is 7 runs, not 10.
Rules: everything tagged wcag2a, wcag2aa, wcag21a, wcag21aa and wcag22aa, with the
`target-size` rule (WCAG 2.2 SC 2.5.8, off by default in axe) turned on explicitly.
No rule and no element is excluded: fix a violation in overrides/ or docs/stylesheets/.

One browser context per (palette, width) checks every page in turn; axe is added to each
page by the context, so it is not sent again for every page.
"""
from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.conftest import BuiltSite

TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
#: runOnly selects rules by tag; a rule set to enabled in `rules` runs even if it is off by default.
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": TAGS},
    "rules": {"target-size": {"enabled": True}},
    "resultTypes": ["violations"],
}
SCHEMES = {"light": ("light", "default"), "dark": ("dark", "slate")}
SIZES = {"phone": (390, 844), "tablet": (768, 1024), "laptop": (1280, 720), "laptop-wide": (1366, 768),
         "desktop": (1280, 900)}
#: (palette, size) pairs: every size in the light palette, the dark one at a phone and a desktop size.
MATRIX = [("light", size) for size in SIZES] + [("dark", "phone"), ("dark", "desktop")]


def _describe(url: str, violation: dict) -> str:
    lines = [f"{url}: {violation['id']} ({violation['impact']}): {violation['help']}"]
    for node in violation["nodes"][:6]:
        summary = " ".join((node.get("failureSummary") or "").split())
        lines.append(f"    at {' > '.join(map(str, node['target']))}: {summary[:220]}")
    if len(violation["nodes"]) > 6:
        lines.append(f"    … and {len(violation['nodes']) - 6} more element(s)")
    return "\n".join(lines)


@pytest.mark.browser
@pytest.mark.parametrize(("scheme", "size"), MATRIX,
                         ids=[f"{scheme}-{SIZES[size][0]}x{SIZES[size][1]}" for scheme, size in MATRIX])
def test_no_axe_violations(site: BuiltSite, server, browser, scheme: str, size: str) -> None:
    media, material_scheme = SCHEMES[scheme]
    w, h = SIZES[size]
    context = browser.new_context(viewport={"width": w, "height": h}, color_scheme=media)
    context.add_init_script(script=Axe().axe_script)  # the axe-core bundled with axe-playwright-python
    problems: list[str] = []
    try:
        tab = context.new_page()
        for url in [p.url for p in site.pages] + ["404.html"]:
            tab.goto(server.url(url), wait_until="load")
            shown = tab.evaluate("document.body.getAttribute('data-md-color-scheme')")
            assert shown == material_scheme, f"/{url}: the palette is {shown!r}, not {material_scheme!r}"
            result = tab.evaluate("""options => axe.run(document, options).then(r => ({
                violations: r.violations,
                ran: [...r.passes, ...r.violations, ...r.incomplete, ...r.inapplicable].map(x => x.id)}))""",
                                  AXE_OPTIONS)
            assert "target-size" in result["ran"], "axe skipped the target-size rule: check AXE_OPTIONS"
            problems += [_describe("/" + url, v) for v in result["violations"]]
    finally:
        context.close()
    assert not problems, (f"accessibility violations in the {scheme} palette at {w}x{h} (fix them in "
                          "overrides/ or docs/stylesheets/site.css):\n" + "\n".join(problems))
