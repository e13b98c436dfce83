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
    assert ".cache/photos" in caches and ".cache/editor" in caches
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


FEDERATION = ROOT / ".github" / "workflows" / "federation.yml"
FEDERATION_GITLAB = ROOT / "ci" / "federation.gitlab-ci.yml"


def test_federation_workflow_passes_actionlint():
    result = subprocess.run([str(ACTIONLINT), "-no-color", "-shellcheck=", "-pyflakes=", str(FEDERATION.relative_to(ROOT))],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_federation_workflow_shards_photos_then_builds_and_publishes():
    workflow = yaml.safe_load(FEDERATION.read_text())
    photos, final = workflow["jobs"]["photos"], workflow["jobs"]["build-and-publish"]
    assert photos["if"] == "vars.SHOWCASE_PHOTO_CACHE != ''"  # off until the cache is named
    shards = photos["strategy"]["matrix"]["shard"]
    assert shards == list(range(1, len(shards) + 1)) and len(shards) > 1
    runs = [step.get("run", "") for step in photos["steps"]]
    assert '.venv/bin/showcase photos --shard "${{ matrix.shard }}/${{ strategy.job-total }}"' in runs
    assert final["needs"] == "photos"
    steps = {step.get("name"): step for step in final["steps"]}
    assert steps["Build the site (strict)"]["env"] == {"SHOWCASE_PHOTO_CACHE_WRITE": "0", "SHOWCASE_PHOTO_CACHE_FETCH": "metadata"}
    names = list(steps)
    assert names.index("Check the content") < names.index("Build the site (strict)") < names.index("Publish to object storage")
    assert "--photo-cache" in steps["Publish to object storage"]["run"]
    assert workflow["env"]["SHOWCASE_PHOTO_CACHE"] == "${{ vars.SHOWCASE_PHOTO_CACHE }}"


def test_federation_gitlab_pipeline_shards_photos_then_builds_and_publishes():
    ci = yaml.safe_load(FEDERATION_GITLAB.read_text())
    photos, final = ci["federation-photos"], ci["federation-publish"]
    assert ci["stages"] == ["photos", "publish"] and photos["stage"] == "photos" and final["stage"] == "publish"
    assert isinstance(photos["parallel"], int) and photos["parallel"] > 1
    assert photos["script"] == ['.venv/bin/showcase photos --shard "$CI_NODE_INDEX/$CI_NODE_TOTAL"']
    assert final["needs"] == ["federation-photos"] and final["variables"]["SHOWCASE_PHOTO_CACHE_WRITE"] == "0"
    assert final["variables"]["SHOWCASE_PHOTO_CACHE_FETCH"] == "metadata"
    assert final["script"].index(".venv/bin/showcase check") < final["script"].index("make build")
    assert final["script"][-1].startswith(".venv/bin/showcase publish") and "--photo-cache" in final["script"][-1]
    for job in (photos, final):
        assert job["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH && $SHOWCASE_PHOTO_CACHE"}]
