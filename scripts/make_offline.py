"""`make offline`: the whole site as one zip per language in dist/, to read with no network.

    .venv/bin/python -m scripts.make_offline [--out dist]

Builds the site once with OFFLINE=true (`mkdocs build --strict`; see scripts/offline.py and
scripts/hooks/offline_copy.py) into a temporary folder, then zips each language: English is
the site's root without the other languages' folders, Spanish is `es/`. Each zip holds one
folder, `ipt-guide-<code>/`, with `index.html` in it: unzip, then open that file.

Left out of a zip, because nothing in the copy uses them: the sitemaps, the 404 page (a
web host shows it, with links from the site's root, for addresses it does not have), source maps
(`*.map`, read only by developer tools) and the search stemmers of languages the copy's
search does not use (Material ships about thirty; the index names its own languages).

Every build of the copy gets one date (SOURCE_DATE_EPOCH, which MkDocs reads): the notice on
each page shows it, both languages agree, and the zips' entries carry it, in a fixed order, so
the same commit on the same day gives the same bytes.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import yaml

from scripts.languages import languages
from scripts.offline import DIST, ROOT, zip_name

#: Files of a language's folder that the copy does not need (see the module's text).
LEFT_OUT_NAMES = {"sitemap.xml", "sitemap.xml.gz", "404.html"}
LUNR = "assets/javascripts/lunr/min/"
#: Stemmer files the search of any language needs (lunr.multi when an index has several).
LUNR_ALWAYS = {"lunr.stemmer.support.min.js", "lunr.multi.min.js"}


def build(site_dir: Path, project: Path = ROOT, when: dt.datetime | None = None) -> subprocess.CompletedProcess[str]:
    """The strict offline build of `project` into `site_dir` (never -q: see README)."""
    when = when or dt.datetime.now(dt.timezone.utc)
    env = dict(os.environ, OFFLINE="true", NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH=str(int(when.timestamp())))
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site_dir)],
        cwd=project, env=env, capture_output=True, text=True, timeout=600,
    )


def search_languages(folder: Path) -> set[str]:
    """The languages the copy's search index is built for (its config.lang)."""
    index = folder / "search" / "search_index.json"
    return set(json.loads(index.read_text(encoding="utf-8"))["config"]["lang"]) if index.is_file() else set()


def members(folder: Path, skip: set[str]) -> list[Path]:
    """The files of one language's copy, sorted; `skip` = other languages' folders."""
    stemmers = LUNR_ALWAYS | {f"lunr.{code}.min.js" for code in search_languages(folder)}
    out = []
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        if not path.is_file() or rel.split("/", 1)[0] in skip or path.name in LEFT_OUT_NAMES:
            continue
        if path.suffix == ".map" or (rel.startswith(LUNR) and path.name not in stemmers):
            continue
        out.append(path)
    return out


def write_zip(folder: Path, target: Path, top: str, skip: set[str], when: dt.datetime) -> Path:
    """One language's copy as a zip with a single folder `top/` in it."""
    stamp = when.astimezone(dt.timezone.utc).timetuple()[:6]
    target.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in members(folder, skip):
            info = zipfile.ZipInfo(f"{top}/{path.relative_to(folder).as_posix()}", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes(), compresslevel=9)
    return target


def make(out: Path = DIST, project: Path = ROOT, when: dt.datetime | None = None) -> dict[str, Path]:
    """Build the copy and write one zip per language into `out`: {code: zip}."""
    when = when or dt.datetime.now(dt.timezone.utc)
    config = yaml.load((project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_PlainLoader)
    langs = languages(config)
    with tempfile.TemporaryDirectory(prefix="ipt-offline-") as tmp:
        site = Path(tmp) / "site"
        result = build(site, project, when)
        if result.returncode != 0:
            raise SystemExit(f"the offline build failed:\n{result.stdout}{result.stderr}")
        others = {lang.prefix.rstrip("/") for lang in langs if lang.prefix}
        zips = {}
        for lang in langs:
            folder = site / lang.prefix if lang.prefix else site
            skip = set() if lang.prefix else others
            zips[lang.code] = write_zip(folder, out / zip_name(lang.code), f"ipt-guide-{lang.code}", skip, when)
        return zips


class _PlainLoader(yaml.SafeLoader):
    """mkdocs.yml with its tags (`!ENV`) read as nothing: only `extra.languages` is needed."""


_PlainLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=DIST, help="folder for the zips (default: dist/)")
    args = parser.parse_args(argv)
    for code, path in make(args.out).items():
        print(f"{path}: {path.stat().st_size:,} bytes ({code})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
