"""One build at a time and ``site/`` swapped in whole: the lock, the swap, and ``showcase build``.

The unit tests use folders of a few files; the process tests build the corpus' one
organization and one programme (about 2 s a build) so that racing and killing builds
stays quick.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import BIN, CORPUS, make_project
from showcase import output


def tree(root: Path) -> dict[str, str]:
    """Relative path → SHA-256 of every file below ``root``."""
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def folder(path: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (path / rel).parent.mkdir(parents=True, exist_ok=True)
        (path / rel).write_text(text)
    return path


OLD = {"index.html": "old", "assets/old.css": "old"}
NEW = {"index.html": "new", "assets/new.css": "new", "programs/a/index.html": "new"}


def neighbours(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir())


def test_swap_in_without_a_target_renames(tmp_path):
    new = folder(tmp_path / ".site.build-1", NEW)
    output.swap_in(new, tmp_path / "site")
    assert tree(tmp_path / "site") == tree(folder(tmp_path / "expected", NEW))
    assert neighbours(tmp_path / "site") == ["expected", "site"]


def test_swap_in_replaces_the_target_and_deletes_the_old_tree(tmp_path):
    site = folder(tmp_path / "site", OLD)
    new = folder(tmp_path / ".site.build-1", NEW)
    output.swap_in(new, site)
    assert tree(site) == tree(folder(tmp_path / "expected", NEW))
    assert neighbours(site) == ["expected", "site"]  # neither the new folder's name nor a backup is left


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="renameat2 is Linux's")
def test_exchange_trades_two_folders_in_one_call(tmp_path):
    a, b = folder(tmp_path / "a", OLD), folder(tmp_path / "b", NEW)
    before_a, before_b = tree(a), tree(b)
    assert output._exchange(a, b) is True
    assert (tree(a), tree(b)) == (before_b, before_a)


def test_fallback_swap_when_there_is_no_exchange(tmp_path, monkeypatch):
    """Windows and macOS: rename aside, rename in, delete the backup."""
    monkeypatch.setattr(output, "_exchange", lambda a, b: False)
    site = folder(tmp_path / "site", OLD)
    new = folder(tmp_path / ".site.build-1", NEW)
    output.swap_in(new, site)
    assert tree(site) == tree(folder(tmp_path / "expected", NEW))
    assert neighbours(site) == ["expected", "site"]


def test_fallback_swap_restores_the_target_when_the_second_rename_fails(tmp_path, monkeypatch):
    monkeypatch.setattr(output, "_exchange", lambda a, b: False)
    site = folder(tmp_path / "site", OLD)
    new = folder(tmp_path / ".site.build-1", NEW)
    real_rename = os.rename

    def rename(src, dst):
        if Path(src) == new:
            raise PermissionError(13, "in use", str(dst))  # Windows: a file of site/ held open
        real_rename(src, dst)

    monkeypatch.setattr(output.os, "rename", rename)
    with pytest.raises(PermissionError):
        output.swap_in(new, site)
    assert tree(site) == tree(folder(tmp_path / "expected-old", OLD))
    assert tree(new) == tree(folder(tmp_path / "expected-new", NEW))
    assert not [name for name in neighbours(site) if name.startswith(".site.old-")]


def test_recover_puts_back_a_site_set_aside_by_a_killed_fallback_swap(tmp_path):
    folder(tmp_path / ".site.old-0123456789ab", OLD)  # killed between the fallback's two renames
    folder(tmp_path / ".site.build-xyz", NEW)  # a killed build's unfinished output
    output.recover(tmp_path / "site")
    assert tree(tmp_path / "site") == tree(folder(tmp_path / "expected", OLD))
    assert neighbours(tmp_path / "site") == ["expected", "site"]


def test_recover_keeps_an_existing_site_and_deletes_leftovers(tmp_path):
    folder(tmp_path / "site", NEW)
    folder(tmp_path / ".site.old-0123456789ab", OLD)
    folder(tmp_path / ".site.build-xyz", OLD)
    output.recover(tmp_path / "site")
    assert tree(tmp_path / "site") == tree(folder(tmp_path / "expected", NEW))
    assert neighbours(tmp_path / "site") == ["expected", "site"]


def test_a_second_holder_waits_saying_so_once_then_gives_up(tmp_path):
    with output.build_lock(tmp_path) as held:
        assert held.path == tmp_path / ".cache/build.lock"
        said = io.StringIO()
        started = time.monotonic()
        with pytest.raises(output.BuildBusy, match="等待另一个构建超过 0.5 秒，已放弃"):
            with output.build_lock(tmp_path, timeout=0.5, out=said):
                pytest.fail("the lock was taken twice")
        assert 0.4 < time.monotonic() - started < 5
        assert said.getvalue() == output.WAITING + "\n"
    said = io.StringIO()
    with output.build_lock(tmp_path, timeout=0.5, out=said):  # released: taken at once, silently
        pass
    assert said.getvalue() == ""


# --- showcase build, as processes --------------------------------------------------------

SHOWCASE = [str(BIN / "showcase"), "build"]


def env() -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}


@pytest.fixture
def project(tmp_path) -> Path:
    return make_project(tmp_path / "project", CORPUS / "_base" / "content")


def build(project: Path) -> subprocess.CompletedProcess:
    result = subprocess.run(SHOWCASE, cwd=project, env=env(), capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result


def leftovers(project: Path) -> list[str]:
    return sorted(p.name for p in project.glob(".site.*"))


def test_a_failed_build_keeps_the_site_and_its_folder_is_removed(project):
    programs = project / "content/programs"
    shutil.copytree(programs / "demo-program", programs / "second-program")
    build(project)
    before = tree(project / "site")
    record = programs / "second-program/index.md"
    record.write_text(record.read_text("utf-8").replace("category:", "category: 不存在的类别 #"), "utf-8")
    failed = subprocess.run(SHOWCASE, cwd=project, env=env(), capture_output=True, text=True, timeout=120)
    assert failed.returncode == 1
    assert "构建失败，site/ 保持不变" in failed.stderr.splitlines()[-1]
    assert "Traceback" not in failed.stderr
    assert tree(project / "site") == before
    assert leftovers(project) == []
    relaxed = subprocess.run([*SHOWCASE, "--no-strict"], cwd=project, env=env(), capture_output=True, text=True,
                             timeout=120)
    assert relaxed.returncode == 0, relaxed.stderr  # the broken record left out, shown as a warning
    assert "不存在的类别" in relaxed.stderr
    assert (project / "site/programs/demo-program/index.html").is_file()
    assert not (project / "site/programs/second-program").exists()


def test_two_builds_at_once_both_succeed_and_leave_a_whole_site(project):
    """Once half of such runs lost site/ and one left 74 of 390 files."""
    build(project)
    reference = tree(project / "site")
    assert len(reference) > 50
    runs = [subprocess.Popen(SHOWCASE, cwd=project, env=env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True) for _ in range(2)]
    results = [(run.wait(timeout=180), run.communicate()[1]) for run in runs]
    assert [code for code, _ in results] == [0, 0], [err for _, err in results]
    assert sum(err.count(output.WAITING) for _, err in results) == 1  # the second waited for the first
    assert tree(project / "site") == reference
    assert leftovers(project) == []


@pytest.mark.skipif(os.name != "posix", reason="kills process groups")
def test_a_build_killed_at_any_moment_leaves_the_previous_site_whole(project):
    build(project)  # cold: photos and templates rendered; the builds below reuse them
    started = time.monotonic()
    build(project)
    took = time.monotonic() - started
    reference = tree(project / "site")
    killed_mid_build = 0
    # moments spread over a build and past its end: at least three must fall inside one even when
    # a busy machine makes these builds take longer or shorter than the one timed above
    for fraction in (0.15, 0.2, 0.3, 0.4, 0.5, 0.6, 0.65, 0.7, 0.8, 0.85, 0.9, 0.95, 1.0, 1.1):
        run = subprocess.Popen(SHOWCASE, cwd=project, env=env(), stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL, start_new_session=True)
        time.sleep(took * fraction)
        os.killpg(run.pid, signal.SIGKILL)  # the build and its MkDocs child, as a cancelled CI job
        run.wait()
        assert tree(project / "site") == reference, f"killed at {fraction:.0%} of a build"
        killed_mid_build += bool(leftovers(project))  # its unfinished folder, removed by the next build
    assert killed_mid_build >= 3  # the moments did fall inside builds
    build(project)
    assert tree(project / "site") == reference
    assert leftovers(project) == []


@pytest.mark.skipif(os.name != "posix", reason="the lock passes to the child through pass_fds")
def test_the_lock_outlives_a_killed_build_while_its_mkdocs_child_runs(project):
    build(project)
    reference = tree(project / "site")
    run = subprocess.Popen(SHOWCASE, cwd=project, env=env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while not leftovers(project):  # the build folder appears just before MkDocs starts
        assert time.monotonic() < deadline and run.poll() is None
        time.sleep(0.02)
    run.kill()
    run.wait()
    with pytest.raises(output.BuildBusy):  # the orphaned MkDocs still holds it
        with output.build_lock(project, timeout=0.2, out=io.StringIO()):
            pass
    with output.build_lock(project, timeout=60, out=io.StringIO()):  # until it ends
        assert tree(project / "site") == reference  # it never swapped its output in
        assert len(leftovers(project)) == 1
    build(project)
    assert leftovers(project) == []
    assert tree(project / "site") == reference
