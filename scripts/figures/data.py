"""Read the figure files (docs/includes/figures/<id>.yml) and check them, with file and line.

A figure file holds what is the same in every language once (its `kind`, its sources in
`cite`, and for results its `groups` with their numbers), and one section of words per
language (`en:`, `es:`). The rules are in scripts/schemas/figure.schema.json; this module
adds what a schema cannot say:

- the build's language must have its section (a figure is never shown half translated);
- a translation shows the same figure as the default language (same steps, cards, rings,
  groups);
- every source in `cite` is in bibliography.bib, and no text cites a source itself
  (`[@key]` belongs in `cite`, so the caption and the check beside the figure use one list);
- a group's `percent` agrees with its `people` and `of` when they are given.

Each problem is one line, `docs/includes/figures/<id>.yml:<line>: <what to do>`, in words an
editor can act on.
"""
from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator, ValidationError

#: Where figure files live, from the folder of mkdocs.yml.
FOLDER = "docs/includes/figures"
SCHEMA_PATH = Path(__file__).resolve().parents[1] / "schemas" / "figure.schema.json"
LANGUAGE_KEY = re.compile(r"^[a-z]{2}$")
FIGURE_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass
class Figure:
    """One figure, with the words of one language."""

    id: str
    path: str                       # as editors see it: docs/includes/figures/<id>.yml
    kind: str
    cite: list[str]
    groups: list[dict[str, Any]]    # icons only: id, percent, and people/of when known
    words: dict[str, Any]           # this language's section
    language: str
    _node: yaml.Node = field(repr=False)

    def line(self, *path: str | int) -> int:
        """The line of a value in the file, e.g. line("groups", 0, "percent")."""
        return line_of(self._node, path)

    def shown_in_100(self, group: dict[str, Any]) -> int:
        """How many of 100 icons a group fills: its percentage rounded to whole people."""
        return in_100(group["percent"])


def in_100(percent: float) -> int:
    """A percentage rounded to whole people out of 100 (37.5 -> 38, half up, never to even)."""
    return int(Decimal(str(percent)).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def line_of(node: yaml.Node, path: tuple[str | int, ...]) -> int:
    """The 1-based line of `path` in a composed YAML document: the key's line for a mapping
    value, the item's line for a list item; as deep as the path exists."""
    line = node.start_mark.line + 1
    for step in path:
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if key.value == str(step):
                    line, node = key.start_mark.line + 1, value
                    break
            else:
                return line
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
            node = node.value[step]
            line = node.start_mark.line + 1
        else:
            return line
    return line


@lru_cache(maxsize=1)
def _validator() -> Draft202012Validator:
    from jsonschema import Draft202012Validator

    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def _text_validator(kind: str) -> Draft202012Validator:
    from jsonschema import Draft202012Validator

    schema = _validator().schema
    return Draft202012Validator({"$schema": schema["$schema"], "$defs": schema["$defs"],
                                 "$ref": f"#/$defs/text-{kind}"})


def _explain(error: ValidationError, prefix: tuple[str | int, ...]) -> tuple[tuple[str | int, ...], str]:
    """(path in the file, plain words) for one schema error."""
    path = prefix + tuple(error.absolute_path)
    where = ".".join(str(p) for p in path) or "the file"
    if error.validator == "required":
        wanted = re.search(r"'([^']+)'", error.message).group(1)
        hint = (error.schema.get("properties", {}).get(wanted) or {}).get("description", "").rstrip(".")
        return path, f"`{where}` needs `{wanted}:`" + (f" ({hint})" if hint else "") + "."
    if error.validator == "additionalProperties":
        extra = re.findall(r"'([^']+)'", error.message)
        allowed = list(error.schema.get("properties", {}))
        close = [difflib.get_close_matches(e, allowed, n=1) for e in extra]
        guesses = "; ".join(f"did you mean `{c[0]}`?" for c in close if c)
        path = path + (extra[0],) if extra else path
        return path, (f"unknown field `{'`, `'.join(extra)}` in `{where}`" + (f": {guesses}" if guesses else
                      f" (allowed: {', '.join(allowed)}).")).replace("?.", "?")
    if error.validator == "enum":
        return path, f"`{where}` must be one of: {', '.join(map(str, error.validator_value))} (it is {error.instance!r})."
    if error.validator in ("minLength", "pattern") and isinstance(error.instance, str):
        return path, f"`{where}` is empty: write its words."
    if error.validator in ("minItems", "maxItems"):
        return path, f"`{where}` has {len(error.instance)} items; {error.message.split(' is ', 1)[-1]}."
    if error.validator == "not" and path == ():
        return ("groups",), "`groups` is for `kind: icons` only: remove it, or change the kind."
    return path, f"`{where}`: {error.message}."


def _parse(text: str) -> tuple[Any, yaml.Node | None]:
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        return (loader.construct_document(node) if node is not None else None), node
    finally:
        loader.dispose()


def _shape(kind: str, words: dict[str, Any]) -> list[Any]:
    """What must be the same in every language: the parts of the figure, not their words."""
    if kind == "steps":
        return [(bool(s.get("optional")), len(s.get("points", []))) for s in words.get("steps", [])]
    if kind == "cards":
        return [("term" in c) for c in words.get("cards", [])]
    if kind == "circle":
        return [len(r.get("people", [])) for r in words.get("rings", [])]
    if kind == "icons":
        return sorted(words.get("groups", {}))
    return []


_PART_NAMES = {"steps": "steps (and points in each)", "cards": "cards (each with or without `term`)",
               "circle": "rings (and people in each)", "icons": "groups"}


def _strings(value: Any, path: tuple[str | int, ...] = ()) -> list[tuple[tuple[str | int, ...], str]]:
    """Every text in a language section, with its path."""
    if isinstance(value, str):
        return [(path, value)]
    if isinstance(value, dict):
        return [item for k, v in value.items() for item in _strings(v, path + (k,))]
    if isinstance(value, list):
        return [item for i, v in enumerate(value) for item in _strings(v, path + (i,))]
    return []


def check_file(path: Path, shown: str, language: str, default: str,
               known_keys: set[str]) -> tuple[Figure | None, list[str]]:
    """One figure file: (the figure in `language`, or None if it cannot be shown; problems)."""
    problems: list[str] = []
    figure_id = path.stem
    if not FIGURE_ID.match(figure_id):
        return None, [f"{shown}:1: a figure's file name is its id: use only small letters, digits and "
                      f"hyphens (for example {re.sub(r'[^a-z0-9]+', '-', figure_id.lower()).strip('-')}.yml)."]
    try:
        data, node = _parse(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"{shown}:{mark.line + 1}" if mark is not None else f"{shown}:1"
        return None, [f"{where}: this is not valid YAML ({getattr(error, 'problem', None) or error}). "
                      "Check the indentation, and put a value that contains a colon in quotes."]
    if not isinstance(data, dict) or node is None:
        return None, [f"{shown}:1: a figure file is a set of `field: value` lines (see CONTRIBUTING.md, Figures)."]

    def report(at: tuple[str | int, ...], message: str) -> None:
        problems.append(f"{shown}:{line_of(node, at)}: {message}")

    errors = sorted(_validator().iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))
    bad_kind = any(list(e.absolute_path) == ["kind"] for e in errors)
    for error in errors:
        if not (bad_kind and error.validator == "not"):  # "groups is for icons only" says nothing new
            report(*_explain(error, ()))
    if problems:
        return None, problems
    kind = data["kind"]
    for n, key in enumerate(data["cite"]):
        if key.lower() not in known_keys:
            report(("cite", n), f"unknown source `{key}`: it is not in bibliography.bib. Fix the key, "
                                "or add the source to bibliography.bib first.")
    for n, group in enumerate(data.get("groups", [])):
        if "people" in group:
            exact = Decimal(group["people"]) * 100 / Decimal(group["of"])
            places = Decimal(str(group["percent"])).as_tuple().exponent
            rounded = exact.quantize(Decimal(1).scaleb(places), rounding=ROUND_HALF_UP)
            if rounded != Decimal(str(group["percent"])):
                report(("groups", n, "percent"),
                       f"group `{group['id']}`: {group['people']} of {group['of']} is {rounded}%, not "
                       f"{group['percent']}%. Copy the numbers again from the source.")
    ids = [g["id"] for g in data.get("groups", [])]
    for dup in sorted({i for i in ids if ids.count(i) > 1}):
        report(("groups",), f"two groups have the id `{dup}`: give each group its own id.")

    if language not in data:
        have = ", ".join(f"`{k}:`" for k in data if LANGUAGE_KEY.match(k)) or "none"
        return None, problems + [
            f"{shown}:{line_of(node, (default,))}: this figure has no `{language}:` words (it has {have}), so "
            f"pages in that language cannot show it. Add the section `{language}:`: copy the `{default}:` "
            "section and translate every line."]
    words = data[language]
    for error in sorted(_text_validator(kind).iter_errors(words), key=lambda e: list(map(str, e.absolute_path))):
        report(*_explain(error, (language,)))
    for at, text in _strings(words, (language,)):
        if "[@" in text:
            report(at, "a figure's sources go in `cite:` at the top of the file, not in its words: "
                       "remove the [@...] here.")
    if kind == "icons" and isinstance(words.get("groups"), dict):
        missing = [i for i in ids if i not in words["groups"]]
        extra = [k for k in words["groups"] if k not in ids]
        if missing:
            report((language, "groups"), f"`{language}.groups` has no words for the group(s) "
                                         f"{', '.join(missing)}: name every group.")
        if extra:
            report((language, "groups", extra[0]), f"`{language}.groups` names {', '.join(extra)}, which "
                                                   f"is not one of the groups ({', '.join(ids)}).")
    default_words = data.get(default)
    if (language != default and isinstance(default_words, dict) and not problems
            and not any(_text_validator(kind).iter_errors(default_words))):
        if _shape(kind, words) != _shape(kind, default_words):
            report((language,), f"the `{language}` words do not match the `{default}` words: every language "
                                f"must show the same {_PART_NAMES.get(kind, 'parts')}. Compare the two sections.")
    if problems:
        return None, problems
    return Figure(figure_id, shown, kind, list(data["cite"]), list(data.get("groups", [])), words,
                  language, node), []


def load_all(root: Path, language: str, default: str, known_keys: set[str]) -> tuple[dict[str, Figure], list[str]]:
    """Every figure file under `root`/docs/includes/figures, in `language`: (figures by id, problems)."""
    figures: dict[str, Figure] = {}
    problems: list[str] = []
    folder = root / FOLDER
    for path in sorted(folder.glob("*.y*ml")) if folder.is_dir() else []:
        figure, found = check_file(path, f"{FOLDER}/{path.name}", language, default, known_keys)
        problems += found
        if figure is not None:
            figures[figure.id] = figure
    return figures, problems


#: A figure's place on a page: a line of its own (scripts/figures/agreement.py and the hook use it).
MARKER = re.compile(r"^<!--[ \t]*figure:[ \t]*(\S*?)[ \t]*-->[ \t]*$", re.M)


def cited_by_figures(markdown: str, root: Path) -> list[str]:
    """The sources that the captions of the figures placed in a page's Markdown cite, as
    `[@key]` citations, so that counting a page's sources (evidence at a glance, JSON-LD) can
    include them. Figures whose file is missing or unreadable are left out (the build reports them)."""
    out: list[str] = []
    for figure_id in MARKER.findall(markdown):
        try:
            data = yaml.safe_load((root / FOLDER / f"{figure_id}.yml").read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError):
            continue
        keys = data.get("cite") if isinstance(data, dict) else None
        out += [f"[@{key}]" for key in keys or [] if isinstance(key, str)]
    return out
