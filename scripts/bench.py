"""IPT Guide benchmark: build time, scaling, first-view weight, Lighthouse, test-suite time.

Run `make bench` (or `.venv/bin/python scripts/bench.py --help`). Prints one table per part
and writes every figure to bench-results/bench.json. Each column is explained in the README
("Benchmark"). Times vary with the machine's load: the build figures are medians of runs
taken alternately (ours, bare, ours, bare...) so that load falls on both alike; byte counts
do not vary and are also asserted by tests/test_budgets.py.

Parts (all by default except the test suite): build, scaling, weight, lighthouse; --suite adds
the test-suite time. Use --only to run some parts, --quick for small synthetic sites.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from datetime import datetime, timezone
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from scripts.project import copy_project  # noqa: E402
from scripts.preview import ServeSession  # noqa: E402
from scripts.page_weight import CHROMIUM_FLAGS, KINDS, PageWeight, measure, serve_compressed  # noqa: E402

PYTHON = sys.executable
CHROMIUM = os.environ.get("CHROMIUM_PATH") or "/usr/bin/chromium"
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
LIGHTHOUSE_FLAGS = "--headless --no-sandbox --disable-gpu --disable-background-networking"
PARTS = ("build", "languages", "scaling", "serve", "weight", "lighthouse", "suite")
#: Issue 16's targets: ours over bare Material + mkdocs-bibtex (same Markdown), for a build and
#: for a page rebuilt by `mkdocs serve`; the largest first view (gzip); Lighthouse.
BUILD_TARGET = 1.15
SERVE_TARGET = 1.15
FIRST_VIEW_TARGET = 60_000
#: Plugins switched off for the bare build (ours, not Material's).
OUR_PLUGINS = ("bibtex", "redirects")
ENV = dict(os.environ, NO_MKDOCS_2_WARNING="1")


# -- building ----------------------------------------------------------------------------------

def timed_build(config: Path, site_dir: Path, strict: bool = True) -> float:
    """Wall-clock seconds of one `mkdocs build` (a fresh process, as `make build` runs it)."""
    cmd = [PYTHON, "-m", "mkdocs", "build", "-f", str(config), "-d", str(site_dir)]
    if strict:
        cmd.insert(4, "--strict")
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=config.parent, env=ENV,
                            capture_output=True, text=True, timeout=1800)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"build of {config} failed:\n{result.stdout}{result.stderr}")
    return elapsed


class _Tagged:
    """A YAML value with a tag we do not interpret (e.g. !!python/name:...), kept as written."""

    def __init__(self, tag: str, node: yaml.Node, loader: yaml.SafeLoader) -> None:
        self.tag = tag
        if isinstance(node, yaml.ScalarNode):
            self.value = loader.construct_scalar(node)
        elif isinstance(node, yaml.SequenceNode):
            self.value = loader.construct_sequence(node, deep=True)
        else:
            self.value = loader.construct_mapping(node, deep=True)


class _Loader(yaml.SafeLoader):
    pass


class _Dumper(yaml.SafeDumper):
    pass


_Loader.add_multi_constructor("", lambda loader, suffix, node: _Tagged(suffix, node, loader))
_Loader.add_multi_constructor("!", lambda loader, suffix, node: _Tagged("!" + suffix, node, loader))
_Loader.add_multi_constructor("tag:yaml.org,2002:python/",
                              lambda loader, suffix, node: _Tagged("tag:yaml.org,2002:python/" + suffix,
                                                                   node, loader))


def _represent_tagged(dumper: yaml.SafeDumper, data: _Tagged) -> yaml.Node:
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value)
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    return dumper.represent_scalar(data.tag, data.value)


_Dumper.add_representer(_Tagged, _represent_tagged)


def load_config(path: Path) -> dict:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)


def _plugins(config: dict) -> dict:
    """The `plugins` setting as a mapping {name: settings} (mkdocs.yml writes it as one, so a
    language's file can inherit it; the list form is read too)."""
    plugins = config.get("plugins") or {}
    if isinstance(plugins, dict):
        return {name: settings or {} for name, settings in plugins.items()}
    return {(next(iter(p)) if isinstance(p, dict) else p): (next(iter(p.values())) if isinstance(p, dict) else {})
            for p in plugins}


def english_only_config(project: Path, dest: Path) -> Path:
    """A copy of `project` whose mkdocs.yml lists only the default language in
    `extra.languages`: the same build, hooks and all, without the translated editions."""
    copy_project(dest)
    config = load_config(dest / "mkdocs.yml")
    config["extra"]["languages"] = config["extra"]["languages"][:1]
    (dest / "mkdocs.yml").write_text(yaml.dump(config, Dumper=_Dumper, sort_keys=False, allow_unicode=True),
                                     encoding="utf-8")
    return dest / "mkdocs.yml"


def bench_languages(runs: int, work: Path) -> dict:
    """The bilingual build (`make build`: English, then Spanish into site/es) beside an
    English-only build of the same commit, alternately. Issue 12: at most 2.2 times."""
    english = english_only_config(ROOT, work / "english-only")
    both_times, english_times = [], []
    for i in range(runs):
        both = timed_build(ROOT / "mkdocs.yml", work / "site-bilingual")
        alone = timed_build(english, work / "site-english-only")
        both_times.append(both)
        english_times.append(alone)
        print(f"  run {i + 1}/{runs}: bilingual {both:.2f} s, English only {alone:.2f} s, "
              f"ratio {both / alone:.2f}", flush=True)
    ratio = statistics.median(b / e for b, e in zip(both_times, english_times))
    return {"runs": runs, "bilingual_s": both_times, "english_only_s": english_times,
            "bilingual_median_s": statistics.median(both_times),
            "english_only_median_s": statistics.median(english_times),
            "ratio_median": ratio, "target": "bilingual <= 2.2 x English only", "met": ratio <= 2.2}


def bare_config(project: Path, dest: Path) -> Path:
    """mkdocs.yml for the same Markdown with our hooks, plugins and theme overrides switched off.

    Material and its search stay; citations then remain as plain text, which is fine for timing.
    """
    config = load_config(project / "mkdocs.yml")
    config.pop("hooks", None)
    config["theme"] = {k: v for k, v in config["theme"].items() if k != "custom_dir"}
    config["plugins"] = {name: settings for name, settings in _plugins(config).items() if name not in OUR_PLUGINS}
    config.get("extra", {}).pop("languages", None)
    config["docs_dir"] = str(project / "docs")
    dest.mkdir(parents=True, exist_ok=True)
    path = dest / "mkdocs.yml"
    path.write_text(yaml.dump(config, Dumper=_Dumper, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def bibtex_only_config(project: Path, dest: Path) -> Path:
    """The bare build plus mkdocs-bibtex (and bibtex_cache.py, which only makes it faster):
    the least a build of our cited Markdown costs on the stack we must use."""
    bare = load_config(bare_config(project, dest))
    ours = load_config(project / "mkdocs.yml")
    settings = dict(_plugins(ours)["bibtex"])
    settings["bib_file"] = str(project / settings.get("bib_file", "bibliography.bib"))
    bare["plugins"] = {**_plugins(bare), "bibtex": settings}
    bare["hooks"] = [str(project / "scripts" / "hooks" / "bibtex_cache.py")]
    path = dest / "mkdocs.yml"
    path.write_text(yaml.dump(bare, Dumper=_Dumper, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def bare_build(config: Path, site_dir: Path, project: Path = ROOT) -> float:
    """Time a bare build; run from the project's root so snippet paths resolve as in ours."""
    cmd = [PYTHON, "-m", "mkdocs", "build", "-f", str(config), "-d", str(site_dir)]
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=project, env=ENV, capture_output=True, text=True, timeout=1800)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise SystemExit(f"bare build failed:\n{result.stdout}{result.stderr}")
    return elapsed


HOOK_TIMES = """
import collections, json, sys, time
import mkdocs.plugins as plugins
from mkdocs.commands import build
from mkdocs.config import load_config
spent = collections.Counter()
def run_event(self, name, item=None, **kwargs):
    for method in self.events[name]:
        start = time.perf_counter()
        result = method(**kwargs) if item is None else method(item, **kwargs)
        if item is not None and result is not None:
            item = result
        owner = getattr(method, "__self__", None)
        spent[type(owner).__module__ if owner is not None else method.__module__] += time.perf_counter() - start
    return item
plugins.PluginCollection.run_event = run_event
start = time.perf_counter()
build.build(load_config(sys.argv[1], site_dir=sys.argv[2], strict=sys.argv[3] == "strict"))
total = time.perf_counter() - start
print(json.dumps({"build_s": total, "by_owner_s": dict(spent.most_common())}))
"""


def hook_times(config: Path, site_dir: Path, cwd: Path | None = None, strict: bool = True) -> dict:
    """Seconds spent in each hook file and plugin during one in-process build (events only)."""
    result = subprocess.run([PYTHON, "-c", HOOK_TIMES, str(config), str(site_dir), "strict" if strict else "lax"],
                            cwd=cwd or config.parent,
                            env=ENV, capture_output=True, text=True, timeout=1800)
    if result.returncode != 0:
        return {"error": result.stderr[-2000:]}
    return json.loads(result.stdout.strip().splitlines()[-1])


def bench_build(runs: int, work: Path) -> dict:
    """Our strict build vs a bare Material build of the same Markdown, alternately, `runs`
    times (ours, bare, bare + mkdocs-bibtex, ours, ...)."""
    bare = bare_config(ROOT, work / "bare")
    bibtex = bibtex_only_config(ROOT, work / "bibtex-only")
    # The same Markdown on both sides: the English pages (the bare builds do not build the
    # Spanish edition; the "languages" part compares the bilingual build with this one).
    english = english_only_config(ROOT, work / "ours-english")
    # A first build fills .cache/ (scripts/content_cache.py), as an editor's earlier build
    # has; it is timed apart ("cold"), and the runs compared are the builds after it.
    cold = timed_build(english, work / "site-ours")
    ours_times, bare_times, bibtex_times, ratios = [], [], [], []
    for i in range(runs):
        ours = timed_build(english, work / "site-ours")
        plain = bare_build(bare, work / "site-bare")
        cited = bare_build(bibtex, work / "site-bibtex")
        ours_times.append(ours)
        bare_times.append(plain)
        bibtex_times.append(cited)
        ratios.append(ours / plain)
        print(f"  run {i + 1}/{runs}: ours {ours:.2f} s, bare {plain:.2f} s, bare + mkdocs-bibtex {cited:.2f} s, "
              f"ratio {ours / plain:.2f}", flush=True)
    breakdown = hook_times(english, work / "site-profile")
    median = statistics.median
    return {
        "runs": runs,
        "where_time_goes": breakdown,
        "ours_cold_s": cold,
        "ours_s": ours_times, "bare_s": bare_times, "bibtex_only_s": bibtex_times, "ratios": ratios,
        "ours_median_s": median(ours_times),
        "bare_median_s": median(bare_times),
        "bibtex_only_median_s": median(bibtex_times),
        "ratio_median": median(ratios),
        "overhead_pct": (median(ratios) - 1) * 100,
        # mkdocs-bibtex is required by the stack: what it alone adds, and what we add on top.
        "bibtex_only_ratio": median(b / p for b, p in zip(bibtex_times, bare_times)),
        "ours_over_bibtex_only_ratio": median(o / b for o, b in zip(ours_times, bibtex_times)),
        "target": f"ours / (bare + mkdocs-bibtex) <= {BUILD_TARGET}",
        "met": median(o / b for o, b in zip(ours_times, bibtex_times)) <= BUILD_TARGET,
    }


# -- scaling -----------------------------------------------------------------------------------

#: Plain words for synthetic prose (grade about 4), so reading-level checks are passed honestly.
WORDS = ("talk", "help", "feel", "life", "home", "work", "friend", "sad", "time", "day", "week",
         "plan", "care", "hope", "role", "loss", "change", "people", "close", "mood", "sleep",
         "with", "your", "and", "the", "can", "may", "to", "you", "a", "for", "of", "in", "on")


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(7, 11))]
    return " ".join(words).capitalize() + "."


def synthetic_page(i: int, count: int, keys: list[str], rng: random.Random) -> str:
    """One cited page of about 400 words: front matter, sections, five citations, links."""
    cited = rng.sample(keys, k=min(5, len(keys)))
    other = (i % count) + 1
    lines = [
        "---",
        f"title: Synthetic page {i}",
        f"description: A made-up page number {i} of {count}, used only to measure how the build scales with size.",
        "last_reviewed: 2026-11-29",
        "next_review: 2027-11-29",
        "---",
        "",
        f"# Synthetic page {i}",
        "",
    ]
    for section in range(4):
        lines.append(f"## Part {section + 1}")
        lines.append("")
        for _paragraph in range(2):
            sentences = [_sentence(rng) for _ in range(6)]
            if _paragraph == 0 and section < len(cited) - 1:
                sentences[2] = sentences[2][:-1] + f" [@{cited[section]}]."
            lines.append(" ".join(sentences))
            lines.append("")
    lines.append(f"See [page {other}](page-{other:04d}.md), the [glossary](../glossary.md) "
                 f"and [what IPT is](../what-is-ipt.md) [@{cited[-1]}].")
    lines.append("")
    return "\n".join(lines)


#: Synthetic pages per nav section, as a large site would group them.
SECTION_SIZE = 50


def make_synthetic(count: int, dest: Path) -> Path:
    """A copy of the project with `count` extra cited pages under docs/synthetic/, in the nav
    in sections of SECTION_SIZE pages."""
    if dest.exists():
        shutil.rmtree(dest)
    copy_project(dest)
    from scripts.bibliography import load

    keys = sorted(load(dest / "bibliography.bib").entries.keys())
    rng = random.Random(count)
    folder = dest / "docs" / "synthetic"
    folder.mkdir()
    sections: list[dict] = []
    for i in range(1, count + 1):
        (folder / f"page-{i:04d}.md").write_text(synthetic_page(i, count, keys, rng), encoding="utf-8")
        if (i - 1) % SECTION_SIZE == 0:
            sections.append({f"Synthetic {len(sections) + 1}": []})
        next(iter(sections[-1].values())).append({f"Synthetic page {i}": f"synthetic/page-{i:04d}.md"})
    config = load_config(dest / "mkdocs.yml")
    config["nav"].extend(sections)
    # English only: the bare builds it is compared with have no Spanish edition.
    config["extra"]["languages"] = config["extra"]["languages"][:1]
    (dest / "mkdocs.yml").write_text(yaml.dump(config, Dumper=_Dumper, sort_keys=False, allow_unicode=True),
                                     encoding="utf-8")
    return dest


def bench_scaling(sizes: list[int], runs: int, work: Path) -> dict:
    """Build time per page for synthetic sites, ours and bare Material; the marginal cost per
    added page (build time minus that of the copy with none added, over pages added) is the test."""
    base_pages = sum(1 for p in (ROOT / "docs").rglob("*.md") if "includes" not in p.parts)
    out: dict = {"sizes": {}, "base_pages": base_pages}
    projects = {n: make_synthetic(n, work / f"synthetic-{n}") for n in [0, *sizes]}
    bares = {n: bare_config(project, work / f"synthetic-{n}-bare") for n, project in projects.items()}
    cited = {n: bibtex_only_config(project, work / f"synthetic-{n}-bibtex") for n, project in projects.items()}
    # Each copy's first build fills its .cache/ (timed apart as "cold"); the runs are the builds after.
    cold = {n: timed_build(project / "mkdocs.yml", work / f"synthetic-{n}-site") for n, project in projects.items()}
    times: dict[int, list[float]] = {n: [] for n in projects}
    bare_times: dict[int, list[float]] = {n: [] for n in projects}
    bibtex_times: dict[int, list[float]] = {n: [] for n in projects}
    for run in range(runs):
        for n, project in projects.items():
            seconds = timed_build(project / "mkdocs.yml", work / f"synthetic-{n}-site")
            plain = bare_build(bares[n], work / f"synthetic-{n}-bare-site", project)
            bibtex = bare_build(cited[n], work / f"synthetic-{n}-bibtex-site", project)
            times[n].append(seconds)
            bare_times[n].append(plain)
            bibtex_times[n].append(bibtex)
            print(f"  run {run + 1}/{runs}: {n} synthetic pages: ours {seconds:.2f} s, bare {plain:.2f} s, "
                  f"bare + mkdocs-bibtex {bibtex:.2f} s", flush=True)
    zero, bare_zero = statistics.median(times[0]), statistics.median(bare_times[0])
    out["zero_s"], out["bare_zero_s"] = zero, bare_zero
    for n in sizes:
        total, plain = statistics.median(times[n]), statistics.median(bare_times[n])
        out["sizes"][n] = {
            "pages": n + base_pages,
            "build_s": total, "runs_s": times[n], "cold_s": cold[n],
            "ms_per_page": 1000 * total / (n + base_pages),
            "marginal_ms_per_page": 1000 * (total - zero) / n,
            "bare_build_s": plain, "bare_runs_s": bare_times[n],
            "bare_marginal_ms_per_page": 1000 * (plain - bare_zero) / n,
            "ratio_to_bare": total / plain,
            "bibtex_only_s": statistics.median(bibtex_times[n]), "bibtex_only_runs_s": bibtex_times[n],
            "bibtex_only_ratio_to_bare": statistics.median(bibtex_times[n]) / plain,
            "ratio_to_bibtex_only": statistics.median(o / b for o, b in zip(times[n], bibtex_times[n])),
        }
    small, large = out["sizes"][sizes[0]], out["sizes"][sizes[-1]]
    out["marginal_ratio_largest_to_smallest"] = large["marginal_ms_per_page"] / small["marginal_ms_per_page"]
    out["ratio_to_bibtex_only_largest"] = large["ratio_to_bibtex_only"]
    out["ratio_target_met"] = large["ratio_to_bibtex_only"] <= BUILD_TARGET
    out["target"] = f"marginal per-page time at {sizes[-1]} within 20% of {sizes[0]}"
    out["met"] = out["marginal_ratio_largest_to_smallest"] <= 1.20
    return out


# -- editor preview (mkdocs serve) --------------------------------------------------------------

def bench_serve(runs: int, work: Path, synthetic: int = 300) -> dict:
    """With `mkdocs serve` running, the time from saving one page to the rebuilt site being
    ready: ours (English only, the same Markdown as the bare build; and bilingual, as editors
    run it) beside bare Material + mkdocs-bibtex, edits taken alternately, on the real site and
    on a copy with `synthetic` added pages."""
    out: dict = {"runs": runs, "sites": {}}
    for label, added in (("real site", 0), (f"{synthetic} added pages", synthetic)):
        ours_project = make_synthetic(added, work / f"serve-{added}-ours")
        bilingual_project = work / f"serve-{added}-bilingual"
        if bilingual_project.exists():
            shutil.rmtree(bilingual_project)
        shutil.copytree(ours_project, bilingual_project)
        config = load_config(bilingual_project / "mkdocs.yml")
        config["extra"]["languages"] = load_config(ROOT / "mkdocs.yml")["extra"]["languages"]
        (bilingual_project / "mkdocs.yml").write_text(
            yaml.dump(config, Dumper=_Dumper, sort_keys=False, allow_unicode=True), encoding="utf-8")
        bibtex_project = make_synthetic(added, work / f"serve-{added}-bibtex-project")
        bibtex = bibtex_only_config(bibtex_project, work / f"serve-{added}-bibtex")
        sessions = {
            "ours": ServeSession(ours_project / "mkdocs.yml", ours_project),
            "ours bilingual": ServeSession(bilingual_project / "mkdocs.yml", bilingual_project),
            "bare + mkdocs-bibtex": ServeSession(bibtex, bibtex_project),
        }
        pages = {"ours": ours_project, "ours bilingual": bilingual_project, "bare + mkdocs-bibtex": bibtex_project}
        times: dict[str, list[float]] = {name: [] for name in sessions}
        try:
            for run in range(runs):
                for name, session in sessions.items():
                    times[name].append(session.rebuild_after_edit(pages[name] / "docs" / "benefits.md", run))
                print(f"  {label} edit {run + 1}/{runs}: " + ", ".join(
                    f"{name} {t[-1]:.2f} s" for name, t in times.items()), flush=True)
        finally:
            for session in sessions.values():
                session.close()
        median = statistics.median
        out["sites"][label] = {
            "seconds": times,
            "median_s": {name: median(t) for name, t in times.items()},
            "ratio": median(o / b for o, b in zip(times["ours"], times["bare + mkdocs-bibtex"])),
            "bilingual_ratio": median(o / b for o, b in zip(times["ours bilingual"], times["bare + mkdocs-bibtex"])),
        }
    out["target"] = f"ours / (bare + mkdocs-bibtex) <= {SERVE_TARGET} after one edit"
    out["met"] = all(site["ratio"] <= SERVE_TARGET for site in out["sites"].values())
    return out


# -- first-view weight -------------------------------------------------------------------------

def page_paths(site: Path, readers_only: bool = False) -> list[str]:
    """URL paths of every page made from docs/ (as tests/conftest.py lists them); with
    `readers_only`, only reader pages (front matter without `kind: site`), in both languages."""
    paths = []
    for md in sorted((ROOT / "docs").rglob("*.md")):
        rel = md.relative_to(ROOT / "docs")
        if "includes" in rel.parts:
            continue
        if readers_only and re.search(r"(?m)^kind:\s*site\s*$", md.read_text(encoding="utf-8").split("\n---", 1)[0]):
            continue
        stem = str(rel)[:-3]
        url = "" if stem == "index" else stem[: -len("index")] if stem.endswith("/index") else stem + "/"
        if (site / url / "index.html").exists():
            paths.append("/" + url)
    return paths


def bench_weight(site: Path) -> dict:
    """First view of every page in Chromium: bytes per kind (gzip and Brotli) and requests."""
    from playwright.sync_api import sync_playwright

    from tests.support.server import serve

    served, httpd = serve(site)
    pages: dict[str, dict] = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
            for path in page_paths(site):
                context = browser.new_context(viewport={"width": 390, "height": 844})
                weight: PageWeight = measure(context, served.url(path), served.origin)
                context.close()
                pages[path] = {
                    "requests": weight.requests,
                    "gzip": weight.by_kind("gzip"), "brotli": weight.by_kind("brotli"),
                    "raw_total": weight.total("raw"), "gzip_total": weight.total("gzip"),
                    "brotli_total": weight.total("brotli"),
                    "other_hosts": weight.other_hosts,
                    "resources": [asdict(r) for r in weight.resources],
                }
            browser.close()
    finally:
        httpd.shutdown()
    worst = max(pages.values(), key=lambda w: w["gzip_total"])
    return {
        "pages": pages,
        "largest_path": max(pages, key=lambda k: pages[k]["gzip_total"]),
        "largest_html_path": max(pages, key=lambda k: pages[k]["gzip"]["html"]),
        "max_gzip": worst["gzip_total"],
        "max_requests": max(w["requests"] for w in pages.values()),
        "target": f"every page <= {FIRST_VIEW_TARGET // 1000} KB gzip in <= 8 requests, no other host",
        "met": all(w["gzip_total"] <= FIRST_VIEW_TARGET and w["requests"] <= 8 and not w["other_hosts"]
                   for w in pages.values()),
    }


# -- Lighthouse ----------------------------------------------------------------------------------

AUDITS = {"lcp_ms": "largest-contentful-paint", "cls": "cumulative-layout-shift", "tbt_ms": "total-blocking-time"}
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def lighthouse_once(url: str, out: Path) -> dict:
    """One Lighthouse run (mobile profile, the default), as its JSON report's headline figures."""
    cmd = [str(LIGHTHOUSE), url, "--output=json", f"--output-path={out}", "--quiet",
           f"--chrome-flags={LIGHTHOUSE_FLAGS}", "--only-categories=" + ",".join(CATEGORIES)]
    for attempt in range(3):  # Lighthouse now and then loses a trace (NO_NAVSTART): run it again
        out.unlink(missing_ok=True)
        result = subprocess.run(cmd, cwd=ROOT, env=dict(ENV, CHROME_PATH=CHROMIUM),
                                capture_output=True, text=True, timeout=300)
        if result.returncode == 0 and out.exists():
            break
        print(f"  (Lighthouse failed on {url}, attempt {attempt + 1}: {result.stderr.strip()[-200:]})", flush=True)
    else:
        raise RuntimeError(f"lighthouse failed three times on {url}:\n{result.stderr[-2000:]}")
    report = json.loads(out.read_text(encoding="utf-8"))
    scores = {name: round(100 * (report["categories"][name]["score"] or 0)) for name in CATEGORIES}
    metrics = {key: report["audits"][audit]["numericValue"] for key, audit in AUDITS.items()}
    failing = sorted(
        f"{cat}: {ref['id']}"
        for cat in CATEGORIES for ref in report["categories"][cat]["auditRefs"]
        if ref.get("weight", 0) > 0 and (report["audits"][ref["id"]].get("score") is not None)
        and report["audits"][ref["id"]]["score"] < 1
    )
    bench_index = report.get("environment", {}).get("benchmarkIndex")
    return {**scores, **metrics, "benchmark_index": bench_index, "below_full_marks": failing}


REFERENCE = "(default Material page)"


def reference_site(work: Path) -> Path:
    """A one-page site with Material's defaults (web fonts off, as ours): a yardstick for the
    machine's noise, since Lighthouse's performance score depends on the CPU's load."""
    project = work / "reference"
    (project / "docs").mkdir(parents=True, exist_ok=True)
    (project / "mkdocs.yml").write_text("site_name: Reference\nsite_description: A default Material page "
                                        "used as a yardstick.\ntheme:\n  name: material\n  font: false\n")
    (project / "docs" / "index.md").write_text("# Hello\n\nA default Material for MkDocs page with one "
                                               "paragraph, measured beside ours.\n")
    timed_build(project / "mkdocs.yml", project / "site", strict=False)
    return project / "site"


def bench_lighthouse(site: Path, paths: list[str], runs: int, work: Path) -> dict:
    """Median of `runs` Lighthouse runs for each path, the site served with gzip/Brotli; the
    same for a default Material page, as a yardstick."""
    if not LIGHTHOUSE.exists():
        return {"skipped": "Lighthouse is not installed: run `npm ci` in the repository root "
                           "(it installs the pinned lighthouse 12.2.3 into node_modules/)."}
    reference = reference_site(work)
    out: dict = {"pages": {}}
    for label, root, targets in ((None, site, paths), (REFERENCE, reference, ["/"])):
        served, httpd = serve_compressed(root)
        try:
            _lighthouse_pages(served, targets, runs, work, out, label)
        finally:
            httpd.shutdown()
    out["target"] = "100 in all four categories (performance never below 98)"
    out["met"] = all(
        p["performance"] >= 98 and all(p[c] == 100 for c in CATEGORIES[1:])
        for path, p in out["pages"].items() if path != REFERENCE
    )
    return out


def _lighthouse_pages(served, paths: list[str], runs: int, work: Path, out: dict, label: str | None) -> None:
    """Run Lighthouse `runs` times on each path of `served`; store medians in out["pages"]."""
    for path in paths:
        name = label or path
        reports = []
        for run in range(runs):
            reports.append(lighthouse_once(served.url(path), work / f"lighthouse-{run}.json"))
            print(f"  {name} run {run + 1}/{runs}: " + ", ".join(f"{c} {reports[-1][c]}" for c in CATEGORIES),
                  flush=True)
        median = {key: statistics.median(r[key] for r in reports)
                  for key in (*CATEGORIES, *AUDITS, "benchmark_index") if all(r.get(key) is not None for r in reports)}
        median["below_full_marks"] = sorted({a for r in reports for a in r["below_full_marks"]})
        median["runs"] = reports
        out["pages"][name] = median


# -- test suite --------------------------------------------------------------------------------

def bench_suite() -> dict:
    start = time.perf_counter()
    result = subprocess.run([PYTHON, "-m", "pytest", "-q", "-p", "no:cacheprovider"], cwd=ROOT, env=ENV,
                            capture_output=True, text=True, timeout=3600)
    seconds = time.perf_counter() - start
    summary = (result.stdout.strip().splitlines() or [""])[-1]
    return {"seconds": seconds, "exit_code": result.returncode, "summary": summary,
            "target": "under 3 minutes", "met": seconds < 180 and result.returncode == 0}


# -- report ------------------------------------------------------------------------------------

def kb(n: float) -> str:
    return f"{n / 1000:.1f}"


def print_report(results: dict) -> None:
    print()
    if "build" in results:
        b = results["build"]
        print(f"Build (median of {b['runs']} alternating pairs)")
        print(f"  ours, English (strict, hooks)   {b['ours_median_s']:.2f} s  "
              f"(first build, empty .cache/: {b.get('ours_cold_s', float('nan')):.2f} s)")
        print(f"  bare Material, same Markdown    {b['bare_median_s']:.2f} s")
        print(f"  ratio ours/bare (median)        {b['ratio_median']:.2f}  (+{b['overhead_pct']:.0f}%)")
        if "bibtex_only_median_s" in b:
            print(f"  bare + mkdocs-bibtex only       {b['bibtex_only_median_s']:.2f} s  "
                  f"(x{b['bibtex_only_ratio']:.2f} bare: the plugin the stack requires, alone)")
            print(f"  ours / (bare + mkdocs-bibtex)   {b['ours_over_bibtex_only_ratio']:.2f}  (our hooks and overrides on top; "
                  f"target <= {BUILD_TARGET}: {'met' if b['met'] else 'MISSED'})")
        owners = b["where_time_goes"].get("by_owner_s", {})
        if owners:
            print("  time in each hook / plugin during one build (s; the rest is MkDocs and Material):")
            for owner, seconds in list(owners.items())[:10]:
                print(f"    {seconds:6.3f}  {owner}")
        print()
    if "languages" in results:
        g = results["languages"]
        print(f"Languages (median of {g['runs']} alternating pairs)")
        print(f"  bilingual (English + Spanish)   {g['bilingual_median_s']:.2f} s")
        print(f"  English only, same commit       {g['english_only_median_s']:.2f} s")
        print(f"  ratio (median)                  {g['ratio_median']:.2f}  "
              f"(target <= 2.2: {'met' if g['met'] else 'MISSED'})")
        print()
    if "scaling" in results:
        s = results["scaling"]
        print(f"Scaling (synthetic cited pages added to the {s['base_pages']} real ones; "
              f"site without them: {s['zero_s']:.2f} s)")
        print(f"  {'added':>6} {'pages':>6} {'build s':>8} {'ms/page':>8} {'marginal ms/page':>17}"
              f" {'bare s':>7} {'bare marginal':>14} {'ours/bare':>10} {'bibtex/bare':>12} {'ours/bibtex':>12}"
              f" {'cold s':>7}")
        for n, row in s["sizes"].items():
            print(f"  {n:>6} {row['pages']:>6} {row['build_s']:>8.2f} {row['ms_per_page']:>8.1f} "
                  f"{row['marginal_ms_per_page']:>17.1f} {row['bare_build_s']:>7.2f} "
                  f"{row['bare_marginal_ms_per_page']:>14.1f} {row['ratio_to_bare']:>10.2f} "
                  f"{row.get('bibtex_only_ratio_to_bare', float('nan')):>12.2f}"
                  f"{row.get('ratio_to_bibtex_only', float('nan')):>13.2f}{row.get('cold_s', float('nan')):>8.2f}")
        print(f"  marginal cost, largest/smallest: {s['marginal_ratio_largest_to_smallest']:.2f} "
              f"(target <= 1.20: {'met' if s['met'] else 'MISSED'})")
        if "ratio_to_bibtex_only_largest" in s:
            print(f"  ours / (bare + mkdocs-bibtex), largest site: {s['ratio_to_bibtex_only_largest']:.2f} "
                  f"(target <= {BUILD_TARGET}: {'met' if s['ratio_target_met'] else 'MISSED'})")
        print()
    if "serve" in results:
        v = results["serve"]
        print(f"Editor preview: save one page, until `mkdocs serve` has rebuilt it (median of {v['runs']} edits)")
        print(f"  {'site':<20}{'ours s':>8}{'bilingual s':>13}{'bare+bibtex s':>15}{'ours/bibtex':>13}{'bilingual/bibtex':>18}")
        for label, row in v["sites"].items():
            m = row["median_s"]
            print(f"  {label:<20}{m['ours']:>8.2f}{m['ours bilingual']:>13.2f}{m['bare + mkdocs-bibtex']:>15.2f}"
                  f"{row['ratio']:>13.2f}{row['bilingual_ratio']:>18.2f}")
        print(f"  target: {v['target']}: {'met' if v['met'] else 'MISSED'}")
        print()
    if "weight" in results:
        w = results["weight"]
        print("First view per page (KB = 1,000 bytes; gzip -6 per kind; Brotli q11 total; requests)")
        head = "  " + f"{'page':<24}" + "".join(f"{k:>7}" for k in KINDS) + f"{'gzip':>8}{'br':>7}{'raw':>8}{'req':>5}"
        print(head)
        for path, row in w["pages"].items():
            print("  " + f"{path:<24}" + "".join(f"{kb(row['gzip'][k]):>7}" for k in KINDS)
                  + f"{kb(row['gzip_total']):>8}{kb(row['brotli_total']):>7}{kb(row['raw_total']):>8}"
                  + f"{row['requests']:>5}" + ("  OTHER HOSTS: " + ", ".join(row["other_hosts"]) if row["other_hosts"] else ""))
        print(f"  largest first view {kb(w['max_gzip'])} KB gzip, most requests {w['max_requests']} "
              f"({w['target']}: {'met' if w['met'] else 'MISSED'})")
        print()
    if "lighthouse" in results:
        lh = results["lighthouse"]
        if "skipped" in lh:
            print("Lighthouse: skipped. " + lh["skipped"])
        else:
            print("Lighthouse 12.2.3, mobile, served with compression (median of runs)")
            print(f"  {'page':<32}{'perf':>6}{'a11y':>6}{'b.p.':>6}{'seo':>6}{'LCP ms':>9}{'CLS':>7}{'TBT ms':>8}"
                  f"{'bench idx':>10}")
            for path, row in lh["pages"].items():
                print(f"  {path:<32}{row['performance']:>6.0f}{row['accessibility']:>6.0f}"
                      f"{row['best-practices']:>6.0f}{row['seo']:>6.0f}{row['lcp_ms']:>9.0f}"
                      f"{row['cls']:>7.3f}{row['tbt_ms']:>8.0f}{row.get('benchmark_index', 0):>10.0f}")
                if row["below_full_marks"]:
                    print(f"    not full marks: {', '.join(row['below_full_marks'])}")
            print(f"  target (our pages): {lh['target']}: {'met' if lh['met'] else 'MISSED'}")
        print()
    if "suite" in results:
        t = results["suite"]
        print(f"Test suite: {t['seconds']:.1f} s ({t['summary']}; target < 180 s: {'met' if t['met'] else 'MISSED'})")
        print()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="alternating build pairs (default 5)")
    parser.add_argument("--scaling-runs", type=int, default=1, help="builds per synthetic size (default 1)")
    parser.add_argument("--lighthouse-runs", type=int, default=3, help="Lighthouse runs per page (default 3)")
    parser.add_argument("--lighthouse-pages", choices=("all", "heaviest"), default="all",
                        help="every reader page of both languages (default), or the home page and the heaviest")
    parser.add_argument("--quick", action="store_true", help="synthetic sites of 20, 60, 200 pages; 3 build pairs")
    parser.add_argument("--suite", action="store_true", help="also time the whole test suite (slow)")
    parser.add_argument("--only", default="", help=f"comma-separated parts to run, from {', '.join(PARTS)}")
    parser.add_argument("--out", type=Path, default=ROOT / "bench-results" / "bench.json")
    args = parser.parse_args(argv)
    parts = [p.strip() for p in args.only.split(",") if p.strip()] or [p for p in PARTS if p != "suite"]
    if args.suite and "suite" not in parts:
        parts.append("suite")
    unknown = set(parts) - set(PARTS)
    if unknown:
        parser.error(f"unknown part(s): {', '.join(sorted(unknown))}")
    runs = min(args.runs, 3) if args.quick and args.runs == 5 else args.runs
    sizes = [20, 60, 200] if args.quick else [100, 300, 1000]

    results: dict = {
        "when": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "cpus": os.cpu_count(), "load_average": os.getloadavg(),
    }
    with tempfile.TemporaryDirectory(prefix="ipt-bench-") as tmp:
        work = Path(tmp)
        site = work / "site-ours"
        if "build" in parts:
            print(f"Build: ours vs bare Material, {runs} alternating pairs", flush=True)
            results["build"] = bench_build(runs, work)
        if "languages" in parts:
            print(f"Languages: bilingual vs English-only build, {runs} alternating pairs", flush=True)
            results["languages"] = bench_languages(runs, work)
        if {"weight", "lighthouse"} & set(parts) and not (site / "index.html").exists():
            timed_build(ROOT / "mkdocs.yml", site)
        if "scaling" in parts:
            print(f"Scaling: synthetic sites of {', '.join(map(str, sizes))} pages", flush=True)
            results["scaling"] = bench_scaling(sizes, args.scaling_runs, work)
        if "serve" in parts:
            print(f"Editor preview: mkdocs serve, {runs} edits each", flush=True)
            results["serve"] = bench_serve(runs, work, 60 if args.quick else 300)
        if "weight" in parts or "lighthouse" in parts:
            print("First-view weight in Chromium", flush=True)
            results["weight"] = bench_weight(site)
        if "lighthouse" in parts:
            pages = (page_paths(site, readers_only=True) if args.lighthouse_pages == "all"
                     else list(dict.fromkeys(["/", results["weight"]["largest_path"]])))
            print(f"Lighthouse on {', '.join(pages)}", flush=True)
            results["lighthouse"] = bench_lighthouse(site, pages, args.lighthouse_runs, work)
        if "suite" in parts:
            print("Test suite", flush=True)
            results["suite"] = bench_suite()
    results["load_average_after"] = os.getloadavg()
    print_report(results)
    print(f"Machine: {results['cpus']} CPUs, load average {results['load_average'][0]:.1f} at start, "
          f"{results['load_average_after'][0]:.1f} at end.")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")
    print(f"Written: {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
