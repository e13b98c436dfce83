"""The CI files that publish the site: a broken workflow is only found on the next merge otherwise.

The GitHub workflow goes through actionlint (the binary a PyPI wheel installs next to
Python); the GitLab file has no offline linter, so its structure is checked here.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = ROOT / ".github" / "workflows" / "publish.yml"
GITLAB = ROOT / ".gitlab-ci.yml"
ACTIONLINT = Path(sys.executable).parent / "actionlint"


def test_github_workflow_passes_actionlint():
    if not ACTIONLINT.exists():
        pytest.fail(f"{ACTIONLINT} is missing: install requirements.lock (make build)")
    # ShellCheck and pyflakes are left out: whether they are installed differs between machines.
    result = subprocess.run(
        [str(ACTIONLINT), "-no-color", "-shellcheck=", "-pyflakes=", str(WORKFLOW.relative_to(ROOT))],
        cwd=ROOT, capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_github_workflow_checks_builds_and_deploys():
    workflow = yaml.safe_load(WORKFLOW.read_text())
    triggers = workflow[True]  # YAML 1.1 reads the key `on` as a boolean
    assert "pull_request" in triggers and triggers["push"]["branches"] == ["main"]
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    runs = [step.get("run", "") for step in build["steps"]]
    assert runs.index(".venv/bin/showcase check") < runs.index("make build")
    uses = {step.get("uses", "").split("@")[0]: step for step in build["steps"]}
    caches = [step["with"]["path"] for step in build["steps"] if step.get("uses", "").startswith("actions/cache@")]
    assert ".cache/photos" in caches
    # the previous build's pages and search documents, for an incremental build
    assert any(".cache/pages" in path and ".cache/search" in path for path in caches)
    assert uses["actions/upload-artifact"]["if"] == "github.event_name == 'pull_request'"
    assert "refs/heads/main" in uses["actions/upload-pages-artifact"]["if"]
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}


def test_gitlab_ci_builds_merge_requests_and_publishes_pages():
    ci = yaml.safe_load(GITLAB.read_text())
    jobs = {name: job for name, job in ci.items() if isinstance(job, dict) and "script" in job and not name.startswith(".")}
    assert set(jobs) == {"check-and-build", "pages"}
    assert ci["stages"] == ["build", "deploy"]
    for name, job in jobs.items():
        assert job["stage"] in ci["stages"], name
        assert job["script"].index(".venv/bin/showcase check") < job["script"].index("make build"), name
        caches = {path for cache in job["cache"] for path in cache["paths"]}
        assert {".cache/pip", ".cache/photos"} <= caches, name

    review = jobs["check-and-build"]
    assert review["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"'}]
    assert review["artifacts"]["paths"] == ["site/"]

    pages = jobs["pages"]
    assert pages["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]
    assert any("cp -r site public" in line for line in pages["script"])
    assert pages["artifacts"]["paths"] == ["public"]
