"""Shared fixtures: project paths, temporary content trees, and one strict build of the sample site."""

from __future__ import annotations

import filecmp
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


def tree_differences(a: Path, b: Path) -> list[str]:
    """Every path that is in one tree only, or whose bytes differ (builds compared byte for byte)."""
    found: list[str] = []

    def walk(cmp: filecmp.dircmp, prefix: str) -> None:
        found.extend(prefix + name for name in cmp.left_only + cmp.right_only + cmp.funny_files)
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
        found.extend(prefix + name for name in mismatch + errors)
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(a, b), "")
    return sorted(found)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The sample site, built once with --strict for every test that inspects output."""
    site = tmp_path_factory.mktemp("build") / "site"
    result = mkdocs_build(ROOT, site)
    assert result.returncode == 0, result.stderr
    return site


def pytest_collection_modifyitems(config, items):
    """Browser tests need Debian's Chromium; without it they are skipped, saying how to get it.

    CI sets SHOWCASE_REQUIRE_BROWSER=1 (in .ci/run), which turns a missing browser into a failure.
    """
    from browser import chromium_path

    if chromium_path():
        return
    reason = "no Chromium found: run `sudo apt-get install chromium fonts-noto-cjk` (or set CHROMIUM_PATH) to run browser tests"
    if os.environ.get("SHOWCASE_REQUIRE_BROWSER") == "1":
        raise pytest.UsageError(reason)
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(pytest.mark.skip(reason=reason))


def pytest_terminal_summary(terminalreporter):
    skipped = terminalreporter.stats.get("skipped", [])
    if any("no Chromium" in str(getattr(r, "longrepr", "")) for r in skipped):
        terminalreporter.write_line("Browser tests skipped: install Debian's chromium (apt-get install chromium) to run them.", yellow=True)


@pytest.fixture(scope="session")
def served_site(built_site):
    from browser import serve_site

    with serve_site(built_site) as base:
        yield base


@pytest.fixture(scope="session")
def site_at_its_path(built_site, tmp_path_factory):
    """The site served under the path of its ``site_url`` (/showcase/), as a host serves
    it: the 404 page links its assets from there, since it is shown at any address."""
    from browser import serve_site

    root = tmp_path_factory.mktemp("host")
    (root / "showcase").symlink_to(built_site, target_is_directory=True)
    with serve_site(root) as base:
        yield base + "showcase/"


@pytest.fixture(scope="session")
def browser():
    from browser import launch_chromium

    with launch_chromium() as chromium:
        yield chromium


def npm_package(spec: str) -> Path:
    """An npm package's files (``npm pack``: the registry tarball, no install), kept in .cache/npm/."""
    import tarfile

    target = ROOT / ".cache" / "npm" / spec
    if not (target / "package.json").is_file():
        if not shutil.which("npm"):
            pytest.skip(f"npm is not installed: it fetches {spec} from the npm registry")
        work = target.parent / f"{target.name}.download"
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
        subprocess.run(["npm", "pack", spec, "--silent"], cwd=work, check=True, capture_output=True, timeout=300)
        with tarfile.open(next(work.glob("*.tgz"))) as archive:
            archive.extractall(work, filter="data")
        shutil.rmtree(target, ignore_errors=True)
        shutil.move(work / "package", target)
        shutil.rmtree(work)
    return target
