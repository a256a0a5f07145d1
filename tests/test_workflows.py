"""The GitHub Actions workflows: valid (checked offline against the vendored schema) and running exactly the
commands the README documents."""

import re
import subprocess
import sys
from pathlib import Path

import yaml

from tests.helpers import REPO

WORKFLOWS = sorted((REPO / ".github/workflows").glob("*.yml"))


def test_workflows_are_valid_github_actions():
    checker = Path(sys.executable).parent / "check-jsonschema"
    result = subprocess.run([str(checker), "--builtin-schema", "vendor.github-workflows", *map(str, WORKFLOWS)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


SITE = yaml.safe_load((REPO / ".github/workflows/site.yml").read_text(encoding="utf-8"))
MAKEFILE = (REPO / "Makefile").read_text(encoding="utf-8")


def runs(job: str) -> list[str]:
    return [step["run"] for step in SITE["jobs"][job]["steps"] if "run" in step]


def step(job: str, name: str) -> dict:
    return next(step for step in SITE["jobs"][job]["steps"] if step.get("name") == name)


def recipe(target: str) -> str:
    """The commands of a Makefile target."""
    return re.search(rf"^{re.escape(target)}:.*\n((?:\t.*\n)+)", MAKEFILE, re.M).group(1)


def test_workflow_runs_the_readme_commands():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^(make [\w-]+)", readme, re.M)) | set(re.findall(r"`(make [\w-]+)", readme))
    assert {"make site", "make test", "make publish", "make test-core", "make test-browser"} <= documented
    made = {run for job in SITE["jobs"] for run in runs(job) if run.startswith("make ")}
    assert made == {"make setup", "make lint", "make test-core", "make site", "make publish", "make test-browser"}
    assert made - {"make setup", "make lint"} <= documented
    assert (REPO / ".ci/run").read_text().strip().endswith("make test")


def test_make_test_runs_both_halves_of_the_suite():
    assert recipe("test").strip() == "$(BIN)/pytest -n 2"  # every test, browser or not
    assert recipe("test-core").strip() == '$(BIN)/pytest -n 2 -m "not browser"'
    assert recipe("test-browser").strip() == "$(BIN)/pytest -n 2 -m browser"
    assert re.search(r"^test-browser: .*\bbrowser$", MAKEFILE, re.M)  # installs the browser tools first


def test_deploy_needs_the_checks_and_the_build_not_the_browser_suite():
    deploy = SITE["jobs"]["deploy"]
    assert deploy["needs"] == "check" and deploy["if"] == "github.event_name != 'pull_request'"
    assert "make test-core" in runs("check") and "make publish" in runs("check")
    assert "make test-browser" not in runs("check")


def test_browser_suite_gates_pull_requests():
    browser = SITE["jobs"]["browser"]
    assert browser["if"] == "github.event_name == 'pull_request'" and "needs" not in browser
    assert runs("browser")[-2:] == ["make test-browser", '.venv/bin/python scripts/quality_table.py >> '
                                    '"$GITHUB_STEP_SUMMARY" || true']
    assert step("browser", "Upload the quality suite's screenshots")["with"]["name"] == "quality-screenshots"


def test_pull_request_check_is_strict_and_annotated():
    strict = step("check", "Check profiles (annotations on the pull request; a warning fails it too)")
    assert strict["if"] == "always() && github.event_name == 'pull_request'"
    assert strict["run"] == ".venv/bin/vinhdanh check --strict --format github"
    assert step("check", "Check profiles")["run"] == ".venv/bin/vinhdanh check --format github"


def test_publication_is_built_at_the_pages_address():
    names = [step.get("name") for step in SITE["jobs"]["check"]["steps"]]
    pages = step("check", "Address of the GitHub Pages site")
    assert pages["uses"].startswith("actions/configure-pages@") and pages["id"] == "pages"
    build = step("check", "Build for publication at the site's public address")
    assert build["env"]["SITE_URL"] == "${{ vars.PUBLIC_SITE_URL || steps.pages.outputs.base_url }}"
    assert build["run"] == "make publish" and names.index(pages["name"]) < names.index(build["name"])
    assert recipe("publish").strip() == '$(BIN)/vinhdanh build --deploy $(if $(SITE_URL),--site-url "$(SITE_URL)")'
    assert SITE["jobs"]["check"]["permissions"] == {"contents": "read", "pages": "read"}


def test_built_site_is_kept_for_pages_previews_and_the_e_portal():
    preview = step("check", "Preview of the built site")
    assert preview["if"] == "github.event_name == 'pull_request'" and preview["with"]["path"] == "site"
    pages = step("check", "Site for GitHub Pages")
    assert pages["uses"].startswith("actions/upload-pages-artifact@") and pages["with"]["path"] == "site"
    archive = step("check", "Site as an archive, for hosting on the Board's e-portal")
    assert archive["if"] == "github.event_name != 'pull_request'"
    assert archive["with"] == {"name": "site-for-e-portal", "path": "site", "retention-days": 90}


def test_independent_steps_run_even_after_a_failure():
    for name in ("Check profiles", "Tests that need no browser", "Build a preview (the placeholder address)",
                 "Build for publication at the site's public address", "Address of the GitHub Pages site"):
        assert step("check", name)["if"].startswith("always()"), name
    assert step("browser", "Upload the quality suite's screenshots")["if"] == "always()"


def test_schedule_and_hand_runs_publish():
    triggers = SITE[True]  # YAML 1.1 reads the key `on` as true
    assert set(triggers) == {"pull_request", "push", "schedule", "workflow_dispatch"}
    assert triggers["schedule"] == [{"cron": "5 17 * * *"}] and triggers["push"] == {"branches": ["main"]}


def test_jobs_have_timeouts_and_checkouts_keep_no_credentials():
    checkouts = 0
    for path in WORKFLOWS:
        workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
        for name, job in workflow["jobs"].items():
            assert 0 < job["timeout-minutes"] <= 60, (path.name, name)
            for step in job.get("steps", []):
                if step.get("uses", "").startswith("actions/checkout@"):
                    checkouts += 1
                    assert step["with"]["persist-credentials"] is False, (path.name, name)
    assert WORKFLOWS and checkouts >= len(WORKFLOWS)  # every workflow checks the repository out


def test_site_is_built_with_the_last_commit_time():
    for job in ("check", "browser"):
        commands = runs(job)
        first = next(i for i, run in enumerate(commands) if "SOURCE_DATE_EPOCH" in run)
        assert commands[first] == 'echo "SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)" >> "$GITHUB_ENV"'
        assert first < min(i for i, run in enumerate(commands) if run.startswith("make test-") or run == "make site")
