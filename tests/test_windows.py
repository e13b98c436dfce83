"""What staff on Windows rely on: ``showcase serve``, rendering without fork, CSV Excel opens."""

from __future__ import annotations

import csv
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import yaml

from conftest import BIN, CORPUS, ROOT, make_project, mkdocs_build, tree_differences

#: ``mkdocs build`` as on a computer without fork (Windows): no fork start method, no os.fork.
WITHOUT_FORK = """
import multiprocessing, os, sys
multiprocessing.get_all_start_methods = lambda: ["spawn"]
del os.fork
from mkdocs.__main__ import cli
sys.argv = ["mkdocs", *sys.argv[1:]]
cli()
"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _answers(url: str) -> int | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except (urllib.error.URLError, OSError):
        return None


def _console_ctrl_c() -> None:
    """Ctrl-C as a console delivers it, whatever started the tests: a shell running them in
    the background (``cmd &`` without job control) ignores SIGINT in everything it starts,
    and Python then never turns it into KeyboardInterrupt."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def test_showcase_serve_previews_the_project_and_ctrl_c_ends_it_quietly(tmp_path):
    project = make_project(tmp_path / "project", CORPUS / "_base" / "content")
    port = _free_port()
    server = subprocess.Popen([str(BIN / "showcase"), "serve", "--root", str(project), "--dev-addr", f"127.0.0.1:{port}"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, start_new_session=True,
                              preexec_fn=_console_ctrl_c)
    status = None
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and server.poll() is None:
            status = _answers(f"http://127.0.0.1:{port}/showcase/programs/")
            if status == 200:
                break
            time.sleep(0.5)
    finally:
        os.killpg(server.pid, signal.SIGINT)  # what Ctrl-C in the console sends to both processes
        try:
            out, err = server.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            out, err = server.communicate()
    assert status == 200, err
    assert server.returncode == 0, err
    assert "Traceback" not in err
    assert "预览已结束" in err


def _with_workers(project: Path, render: int, photos: int) -> None:
    config_path = project / "mkdocs.yml"
    config = yaml.safe_load(config_path.read_text("utf-8"))
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "showcase" in plugin:
            plugin["showcase"].update(render_workers=render, photo_workers=photos)
    config_path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), "utf-8")


def test_a_build_without_fork_renders_in_one_process_and_equals_a_forked_build(tmp_path):
    """Both builds start from an empty cache, so the photos are made by spawned processes in the first."""
    project = tmp_path / "project"
    subprocess.run([str(BIN / "showcase"), "synth", str(project), "--records", "240", "--photos", "3", "--root", str(ROOT)],
                   check=True, capture_output=True, text=True)
    _with_workers(project, 2, 2)
    args = ["build", "--strict", "--site-dir", str(tmp_path / "spawn"), "--config-file", str(project / "mkdocs.yml")]
    alone = subprocess.run([sys.executable, "-c", WITHOUT_FORK, *args], capture_output=True, text=True,
                           cwd=project, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert alone.returncode == 0, alone.stderr
    shutil.rmtree(project / ".cache")
    forked = mkdocs_build(project, tmp_path / "fork")
    assert forked.returncode == 0, forked.stderr
    assert len(list((tmp_path / "spawn").rglob("index.html"))) > 240
    assert len(list((tmp_path / "spawn").rglob("*.webp")) or list((tmp_path / "spawn").rglob("*.jpg"))) >= 3
    assert tree_differences(tmp_path / "spawn", tmp_path / "fork") == []


def test_open_data_csv_starts_with_one_byte_order_mark_so_excel_reads_chinese(built_site):
    data = (built_site / "data/programs.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and not data.startswith(b"\xef\xbb\xbf" * 2)
    reader = csv.DictReader(data.decode("utf-8-sig").splitlines())
    assert reader.fieldnames[0] == "slug"
    assert any("\u4e00" <= ch <= "\u9fff" for row in reader for ch in row["title"])
