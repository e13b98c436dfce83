"""Shared fixtures: project paths, temporary content trees, and one strict build of the sample site."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(__file__).parent / "corpus"
BIN = Path(sys.executable).parent


def make_project(tmp: Path, *overlays: Path) -> Path:
    """A throwaway project: mkdocs.yml and theme from the repository, content from ``overlays``."""
    tmp.mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", tmp / "mkdocs.yml")
    shutil.copytree(ROOT / "theme", tmp / "theme")
    (tmp / "content").mkdir()
    for overlay in overlays:
        shutil.copytree(overlay, tmp / "content", dirs_exist_ok=True)
    return tmp


def mkdocs_build(project: Path, site_dir: Path, strict: bool = True) -> subprocess.CompletedProcess:
    args = [str(BIN / "mkdocs"), "build", "--site-dir", str(site_dir), "--config-file", str(project / "mkdocs.yml")]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run(args + (["--strict"] if strict else []), capture_output=True, text=True, env=env)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The sample site, built once with --strict for every test that inspects output."""
    site = tmp_path_factory.mktemp("build") / "site"
    result = mkdocs_build(ROOT, site)
    assert result.returncode == 0, result.stderr
    return site
