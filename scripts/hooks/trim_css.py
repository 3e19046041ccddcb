"""Trim Material's main stylesheet to the rules this site can use (issue 8: first-view weight).

Material ships one stylesheet for every feature it has (tabs, code blocks, Mermaid,
annotations, a dozen admonition icons, right-to-left layouts...): about 23 KB gzip, a third
of a page's first-view budget. After the build, this hook keeps a rule only if every class
and element name in its selector appears in the built pages that link the stylesheet (not
the embed kit's own pages) or in the site's JavaScript (so what Material's scripts add
later, such as search results and tooltips, is kept), and
`[dir=rtl]` rules only if a page is written right to left; then it drops custom properties
(`--md-...`) and keyframes that nothing reads. The result (about 14 KB gzip) is written
under a new fingerprinted name and every page's link is pointed at it, so a CDN may cache
it for ever (scripts/hooks/headers.py, which runs after this hook, marks it immutable).
It also strips comments and extra white space from our own stylesheets (`extra_css`).

Safe by construction: a rule is removed only when it cannot match any element the site
makes. Selectors inside `:is()`, `:not()`, `:where()` and `:has()` are never used to drop
a rule (they are kept). Anything unexpected (no stylesheet, a parse error) is logged as a
warning, so `mkdocs build --strict` stops and says so; the untrimmed file is left as it was.
"""
from __future__ import annotations

import hashlib
import json
import logging
import re
import sys
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # make `scripts` importable
from scripts import built_html  # noqa: E402
from scripts.content_cache import remember  # noqa: E402

log = logging.getLogger("mkdocs.hooks.trim_css")
#: What the trimmed sheets depend on besides their inputs (scripts/content_cache.py).
TRIM_CODE = (__file__,)

STYLES = "assets/stylesheets"
SHEET_LINK = re.compile(r"assets/stylesheets/((main|palette)\.[0-9a-f]+\.min\.css)")
#: A palette choice in a selector, e.g. [data-md-color-primary=indigo], and in the HTML.
PALETTE_VALUE = re.compile(r"""\[data-md-color-(primary|accent|scheme)=["']?([A-Za-z0-9_-]+)["']?\]""")
PALETTE_ATTR = re.compile(r"""data-md-color-(primary|accent|scheme)\s*=\s*["']([A-Za-z0-9_-]+)["']""")
#: Without a leading \b, so the regex engine can jump to each literal "class" (7x faster on
#: a large site). It also matches e.g. `data-class="x"`: a few extra names only keep more CSS.
CLASS_ATTR = re.compile(r"""class\s*=\s*(?:"([^"]*)"|'([^']*)')""")
TOKEN = re.compile(r"-?-?[A-Za-z_][A-Za-z0-9_-]*")
SELECTOR_CLASS = re.compile(r"\.(-?[A-Za-z_][A-Za-z0-9_-]*)")
#: Element names in a selector (after a combinator or at the start; not .class, :pseudo, #id).
SELECTOR_TAG = re.compile(r"(?:^|[\s>+~])([a-z][a-z0-9-]*)")
ELEMENT = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)")
RTL = re.compile(r"""dir\s*=\s*["']?rtl""")
CUSTOM_PROPERTY = re.compile(r"--[A-Za-z0-9_-]+")
#: Classes Material's script adds only for a feature that shows in the built HTML (or
#: config): when the feature's mark is absent, the classes are not kept for the script's sake.
#: prefix -> the class (or `data-md-component` value) whose presence in the HTML shows the feature.
SCRIPT_FEATURES = {
    "md-annotation": "annotate",          # code annotations
    "md-source__fact": "source",          # repository stars and forks (data-md-component="source")
    "md-tag": "md-tag",                   # the tags plugin
    "md-status": "md-status",             # page status icons
    "md-version": "md-version",           # mike's version selector
}
COMPONENT = re.compile(r"""data-md-component\s*=\s*["']([A-Za-z0-9_-]+)["']""")
#: JavaScript folders never scanned: language files and the search worker add no classes.
SKIP_JS = ("assets/javascripts/lunr/", "assets/javascripts/workers/")


# -- a small tokenizer for minified CSS ------------------------------------------------------

_STRING = r'"(?:\\.|[^"\\])*"' + "|" + r"'(?:\\.|[^'\\])*'"
_COMMENT = re.compile(rf"({_STRING})|/\*.*?\*/", re.S)
_STRUCTURE = re.compile(rf"{_STRING}|[{{}};]")
_GROUPING = re.compile(rf"{_STRING}|[()\[\],;]")


def strip_comments(css: str) -> str:
    return _COMMENT.sub(lambda m: m.group(1) or "", css)


def parse(css: str) -> list[tuple[str, str]]:
    """Top-level (prelude, body) pairs of comment-free CSS; statements such as @import get body ''."""
    out: list[tuple[str, str]] = []
    depth, start, open_at = 0, 0, 0
    for match in _STRUCTURE.finditer(css):
        char = match.group()
        if char == "{":
            if depth == 0:
                open_at = match.start()
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                out.append((css[start:open_at].strip(), css[open_at + 1:match.start()]))
                start = match.end()
            elif depth < 0:
                raise ValueError(f"unexpected '}}' at character {match.start()}")
        elif char == ";" and depth == 0:
            if css[start:match.start()].strip():
                out.append((css[start:match.start()].strip(), ""))
            start = match.end()
    if depth != 0:
        raise ValueError("a block is not closed")
    return out


def split_top(text: str, char: str) -> list[str]:
    """`text` split on `char` (',' or ';') where it is outside strings, () and []."""
    parts, depth, start = [], 0, 0
    for match in _GROUPING.finditer(text):
        found = match.group()
        if found in "([":
            depth += 1
        elif found in ")]":
            depth -= 1
        elif found == char and depth == 0:
            parts.append(text[start:match.start()])
            start = match.end()
    parts.append(text[start:])
    return parts


def _outside_groups(selector: str) -> str:
    """The selector without anything inside (), [] or quotes."""
    out, depth, start = [], 0, 0
    for match in _GROUPING.finditer(selector):
        found = match.group()
        if depth == 0:
            out.append(selector[start:match.start()])
        if found in "([":
            depth += 1
        elif found in ")]":
            depth -= 1
        elif depth == 0 and found in ",;":
            out.append(found)
        start = match.end()
    if depth == 0:
        out.append(selector[start:])
    return "".join(out)


# -- trimming ---------------------------------------------------------------------------------

class Keep:
    """What may appear on the site: classes (and prefixes scripts build classes from),
    element names, and whether any page is written right to left."""

    def __init__(self, classes: set[str], prefixes: tuple[str, ...], tags: set[str] | None = None,
                 rtl: bool = True, colors: dict[str, set[str]] | None = None) -> None:
        self.classes = classes
        self.prefixes = prefixes
        self.tags = tags
        self.rtl = rtl
        self.colors = colors   # {"primary": {"indigo"}, ...}: palette values the pages offer

    def __contains__(self, name: str) -> bool:
        return name in self.classes or name.startswith(self.prefixes)

    def selector(self, selector: str) -> bool:
        if not self.rtl and "[dir=rtl]" in selector.replace('"', ""):
            return False
        if self.colors is not None:
            for name, value in PALETTE_VALUE.findall(selector):
                if value not in self.colors.get(name, set()):
                    return False
        outside = _outside_groups(selector)
        if self.tags is not None and any(tag not in self.tags for tag in SELECTOR_TAG.findall(outside)):
            return False
        return all(name in self for name in SELECTOR_CLASS.findall(outside))


def trim_rules(css: str, keep: Keep) -> str:
    """Rules (also inside @media and @supports) whose selectors can match; others dropped."""
    out: list[str] = []
    for prelude, body in parse(css):
        if prelude.startswith(("@media", "@supports", "@layer", "@container", "@document")):
            inner = trim_rules(body, keep)
            if inner:
                out.append(f"{prelude}{{{inner}}}")
        elif prelude.startswith("@"):
            out.append(f"{prelude}{{{body}}}" if body else f"{prelude};")
        else:
            selectors = [s for s in split_top(prelude, ",") if keep.selector(s)]
            if selectors:
                out.append(f"{','.join(selectors)}{{{body}}}")
    return "".join(out)


def _drop_declarations(css: str, unused: set[str]) -> str:
    """Remove declarations of unused custom properties; drop rules left empty."""
    out: list[str] = []
    for prelude, body in parse(css):
        if prelude.startswith("@keyframes") or prelude.startswith("@font-face"):
            out.append(f"{prelude}{{{body}}}")
        elif prelude.startswith("@"):
            inner = _drop_declarations(body, unused) if "{" in body else body
            if inner or not body:
                out.append(f"{prelude}{{{inner}}}" if body else f"{prelude};")
        else:
            kept = [d for d in split_top(body, ";")
                    if d.strip() and d.split(":", 1)[0].strip() not in unused]
            if kept:
                out.append(f"{prelude}{{{';'.join(kept)}}}")
    return "".join(out)


def trim_custom_properties(css: str, read_elsewhere: set[str]) -> str:
    """Drop `--name:` declarations that no `var(--name)` here or elsewhere reads, until stable."""
    while True:
        declared = set(re.findall(r"(?<=[{;])\s*(--[A-Za-z0-9_-]+)\s*:", css))
        declared = {d.strip() for d in declared}
        read = set(re.findall(r"var\(\s*(--[A-Za-z0-9_-]+)", css)) | read_elsewhere
        unused = declared - read
        if not unused:
            return css
        css = _drop_declarations(css, unused)


def trim_keyframes(css: str, tokens: set[str]) -> str:
    """Drop @keyframes whose name no kept rule, other stylesheet or script uses."""
    names = set(re.findall(r"@keyframes\s+([A-Za-z0-9_-]+)", css))
    without = re.sub(r"@keyframes\s+[A-Za-z0-9_-]+", "", css)
    used = {n for n in names if re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", without) or n in tokens}
    out = []
    for prelude, body in parse(css):
        name = prelude.split()[1] if prelude.startswith("@keyframes") else None
        if name is None or name in used:
            out.append(f"{prelude}{{{body}}}" if body or not prelude.startswith("@") else f"{prelude};")
    return "".join(out)


def trim(css: str, keep: Keep, read_elsewhere: set[str], tokens: set[str]) -> str:
    """Material's stylesheet reduced to what the site can use."""
    css = trim_rules(strip_comments(css), keep)
    css = trim_custom_properties(css, read_elsewhere)
    return trim_keyframes(css, tokens)


def minify(css: str) -> str:
    """Our own stylesheet without comments and extra white space (strings left as written)."""
    parts = re.split(f"({_STRING})", strip_comments(css))
    for i in range(0, len(parts), 2):   # even parts lie outside strings
        parts[i] = re.sub(r"\s*([{};])\s*", r"\1", re.sub(r"\s+", " ", parts[i]))
    return "".join(parts).strip() + "\n"


# -- the hook ---------------------------------------------------------------------------------

def _publish(site: Path, pages: dict[Path, str], sheets: dict[Path, str]) -> None:
    """Write each trimmed text as a new fingerprinted sibling of its original, point every
    page at the new names (one write per page), and remove the originals and their maps."""
    renames: dict[str, str] = {}
    for original, text in sheets.items():
        stem = original.name.split(".", 1)[0]
        target = original.with_name(f"{stem}.{hashlib.sha256(text.encode()).hexdigest()[:8]}.min.css")
        target.write_text(text, encoding="utf-8")
        if target != original:
            renames[f"{STYLES}/{original.name}"] = f"{STYLES}/{target.name}"
            original.unlink()
            original.with_name(original.name + ".map").unlink(missing_ok=True)
    for path, page in pages.items():
        changed = page
        for old, new in renames.items():
            changed = changed.replace(old, new)
        if changed != page:
            built_html.write(path, changed)


def _scan(text: str) -> dict:
    """What one built page offers the stylesheet: class attribute values, element names,
    palette attributes, Material components, custom properties read, right-to-left text.
    Kept between builds by the page's content (scripts/content_cache.py)."""
    return {
        "class_values": sorted({double or single for double, single in CLASS_ATTR.findall(text)}),
        "names": sorted(set(ELEMENT.findall(text))),
        "colors": sorted(set(PALETTE_ATTR.findall(text))),
        "rtl": bool("rtl" in text and RTL.search(text)),
        "components": sorted(set(COMPONENT.findall(text))),
        "properties": sorted(set(CUSTOM_PROPERTY.findall(text))),
    }


@event_priority(-90)  # after hooks that write pages or scripts; before headers.py (-100) lists assets
def on_post_build(config: MkDocsConfig) -> None:
    site = Path(config.site_dir)
    pages = built_html.read(sorted(site.rglob("*.html")))   # read once, shared with headers.py
    linked: dict[str, set[str]] = {"main": set(), "palette": set()}
    styled: dict[Path, str] = {}   # the pages Material's stylesheets apply to (not the embed pages)
    for path, text in pages.items():
        for name, kind in SHEET_LINK.findall(text):
            linked[kind].add(name)
            styled[path] = text
    sheets = {kind: site / STYLES / next(iter(names)) for kind, names in linked.items() if len(names) == 1}
    if "main" not in sheets or not all(path.is_file() for path in sheets.values()) or len(linked["palette"]) > 1:
        log.warning("%s: expected the pages to link one Material stylesheet main.*.min.css (and at most "
                    "one palette.*.min.css), found %s; the stylesheets were not trimmed. Check "
                    "scripts/hooks/trim_css.py after a Material upgrade.", STYLES,
                    sorted(linked["main"] | linked["palette"]) or "none")
        return
    classes: set[str] = {"js", "no-js"}
    tags: set[str] = {"html", "body"}
    colors: dict[str, set[str]] = {"primary": set(), "accent": set(), "scheme": set()}
    class_values: set[str] = set()
    names: set[str] = set()
    scans = [remember(config, "css-names", text, TRIM_CODE, lambda: _scan(text)) for text in styled.values()]
    for scan in scans:
        class_values.update(scan["class_values"])
        names.update(scan["names"])
        for name, value in scan["colors"]:
            colors[name].add(value)
    for value in class_values:   # each distinct attribute value split once, not once per page
        classes.update(value.split())
    tags.update(name.lower() for name in names)
    rtl = any(scan["rtl"] for scan in scans)
    scripts = [p for p in site.rglob("*.js") if not str(p.relative_to(site)).startswith(SKIP_JS)]
    tokens: set[str] = set()
    for path in scripts:
        tokens.update(TOKEN.findall(path.read_text(encoding="utf-8", errors="replace")))
    components = {name for scan in scans for name in scan["components"]}
    absent = tuple(prefix for prefix, mark in SCRIPT_FEATURES.items()
                   if mark not in classes and mark not in components)
    tokens = {t for t in tokens if not t.startswith(absent)} if absent else tokens
    prefixes = tuple(sorted(t for t in tokens if t.endswith(("--", "__")) and len(t) > 4))
    read_elsewhere = {t for t in tokens if t.startswith("--")}
    for scan in scans:
        read_elsewhere.update(scan["properties"])
    for sheet in site.rglob("*.css"):
        if sheet != sheets["main"]:
            read_elsewhere.update(CUSTOM_PROPERTY.findall(sheet.read_text(encoding="utf-8")))
    keep = Keep(classes | tokens, prefixes, tags | tokens, rtl, colors)
    main_css = sheets["main"].read_text(encoding="utf-8")
    palette_css = sheets["palette"].read_text(encoding="utf-8") if "palette" in sheets else None

    def trimmed() -> dict[str, str | None]:
        # The palette sheet only sets colours: its rules are cut to the palette the pages
        # offer; its custom properties are all read by the main sheet.
        return {"main": trim(main_css, keep, read_elsewhere, tokens),
                "palette": trim_rules(strip_comments(palette_css), keep) if palette_css is not None else None}

    # The same stylesheets and the same names in use give the same result: kept between
    # builds by content (scripts/content_cache.py), as most builds change no class at all.
    inputs = json.dumps([main_css, palette_css, sorted(classes), sorted(tags), sorted(tokens), prefixes, rtl,
                         {k: sorted(v) for k, v in colors.items()}, sorted(read_elsewhere)])
    try:
        result = remember(config, "trim-css", inputs, TRIM_CODE, trimmed)
        main, palette = result["main"], result["palette"]
    except (ValueError, IndexError) as error:
        log.warning("%s: a Material stylesheet could not be read to trim it (%s); both were left "
                    "whole. Check scripts/hooks/trim_css.py after a Material upgrade.", STYLES, error)
        return
    _publish(site, styled, {sheets["main"]: main, **({sheets["palette"]: palette} if palette is not None else {})})
    for name in config.extra_css:   # our own stylesheets: comments are for editors, not readers
        sheet = site / str(name)
        if sheet.suffix == ".css" and sheet.is_file():
            sheet.write_text(minify(sheet.read_text(encoding="utf-8")), encoding="utf-8")
