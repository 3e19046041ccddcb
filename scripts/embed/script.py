"""The embed script and the files published beside it: `embed/v1/ipt-embed.js` (the
`<ipt-guide>` element), the iframe and card pages' styles and scripts, and
`embed/v1/manifest.json` (version, SRI hashes and size of each file, topics).

The English script is `ipt-embed.js` byte for byte, so its Subresource Integrity hash only
changes when its code does (embedders pin it); another language's copy translates its few
interface words.
"""
from __future__ import annotations

import json
from typing import Any

from mkdocs.config.defaults import MkDocsConfig

from scripts.embed.kit import API_DIR, EMBED_DIR, SOURCE_DIR, VERSION, log, site_url, sri, words

SCRIPT = "ipt-embed.js"
#: Files copied into embed/v1/ (and hashed in the manifest); the script translated, the others unchanged.
STATIC_FILES = (SCRIPT, "iframe.css", "iframe.js", "card.css", "card.js")

#: The English literals of ipt-embed.js and the strings that replace them in another
#: language's copy, with what is added after the string.
SCRIPT_TEXTS = (('"Need help now? "', "embed_need_help", " "),
                ('"Read the rest of this page on IPT Guide"', "embed_read_rest", ""),
                ('"From IPT Guide"', "embed_from", ""),
                ('" · Last reviewed "', "embed_last_reviewed", " "),
                ('"Read about this topic on IPT Guide"', "embed_read_about", ""),
                ('"en-GB"', "embed_date_locale", ""))


def script_bytes(config: MkDocsConfig | None = None) -> bytes:
    """The embed script for this build's language: the source itself in English; in another
    language the same file with its few interface strings translated."""
    data = (SOURCE_DIR / SCRIPT).read_bytes()
    if config is None or config.theme.get("language", "en") == "en":
        return data
    text, texts = data.decode("utf-8"), words(config)
    for literal, key, pad in SCRIPT_TEXTS:
        if literal not in text:
            log.warning("scripts/embed/ipt-embed.js: the text %s is gone, so the %s script cannot be "
                        "translated: update SCRIPT_TEXTS in scripts/embed/script.py", literal,
                        config.theme.get("language"))
            continue
        value = texts[key]
        if key == "embed_last_reviewed":
            value = f" · {value} "
        elif pad:
            value = value + pad
        text = text.replace(literal, json.dumps(value, ensure_ascii=False))
    return text.encode("utf-8")


def static_files(config: MkDocsConfig) -> dict[str, bytes]:
    """Each file of STATIC_FILES as published in this language."""
    return {name: script_bytes(config) if name == SCRIPT else (SOURCE_DIR / name).read_bytes()
            for name in STATIC_FILES}


def manifest(config: MkDocsConfig, files: dict[str, bytes], topics: list[str]) -> dict[str, Any]:
    """`embed/v1/manifest.json`: the version, each file's integrity and size, and the topics."""
    site = site_url(config)
    return {
        "version": VERSION,
        "script": f"{site}{EMBED_DIR}/{SCRIPT}",
        "files": {name: {"integrity": sri(data), "bytes": len(data)} for name, data in files.items()},
        "topics": [{"identifier": t, "json": f"{site}{API_DIR}/{t}.json",
                    "iframe": f"{site}{EMBED_DIR}/{t}.html"} for t in topics],
    }
