"""The GitHub Actions workflows: valid (checked offline against the vendored schema) and running exactly the
commands the README documents."""

import re
import subprocess
import sys
from pathlib import Path

import yaml

from tests.conftest import REPO

WORKFLOWS = sorted((REPO / ".github/workflows").glob("*.yml"))


def test_workflows_are_valid_github_actions():
    checker = Path(sys.executable).parent / "check-jsonschema"
    result = subprocess.run([str(checker), "--builtin-schema", "vendor.github-workflows", *map(str, WORKFLOWS)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflow_runs_the_readme_commands():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^(make \w+)", readme, re.M))
    assert {"make site", "make test"} <= documented
    workflow = yaml.safe_load((REPO / ".github/workflows/site.yml").read_text(encoding="utf-8"))
    runs = [step["run"] for step in workflow["jobs"]["check"]["steps"] if "run" in step]
    assert "make test" in runs and "make site" in runs
    assert (REPO / ".ci/run").read_text().strip().endswith("make test")


def test_independent_steps_run_even_after_a_failure():
    workflow = yaml.safe_load((REPO / ".github/workflows/site.yml").read_text(encoding="utf-8"))
    steps = {step.get("name"): step for step in workflow["jobs"]["check"]["steps"]}
    assert steps["Test"]["if"] == "always()" and steps["Build"]["if"] == "always()"


def test_jobs_have_timeouts_and_checkouts_keep_no_credentials():
    for path in WORKFLOWS:
        workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
        for name, job in workflow["jobs"].items():
            assert 0 < job["timeout-minutes"] <= 60, (path.name, name)
            for step in job.get("steps", []):
                if step.get("uses", "").startswith("actions/checkout@"):
                    assert step["with"]["persist-credentials"] is False, (path.name, name)


def test_site_is_built_with_the_last_commit_time():
    workflow = yaml.safe_load((REPO / ".github/workflows/site.yml").read_text(encoding="utf-8"))
    runs = [step.get("run", "") for step in workflow["jobs"]["check"]["steps"]]
    first = next(i for i, run in enumerate(runs) if "SOURCE_DATE_EPOCH" in run)
    assert runs[first] == 'echo "SOURCE_DATE_EPOCH=$(git log -1 --format=%ct)" >> "$GITHUB_ENV"'
    assert first < runs.index("make site")
