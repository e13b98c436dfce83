"""What staff on Windows rely on: ``showcase serve``, rendering without fork, CSV Excel opens."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from conftest import BIN, CORPUS, make_project


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


def test_showcase_serve_previews_the_project_and_ctrl_c_ends_it_quietly(tmp_path):
    project = make_project(tmp_path / "project", CORPUS / "_base")
    port = _free_port()
    server = subprocess.Popen([str(BIN / "showcase"), "serve", "--root", str(project), "--dev-addr", f"127.0.0.1:{port}"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, start_new_session=True)
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
