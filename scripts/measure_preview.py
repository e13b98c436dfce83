"""How long `make serve` takes to show a saved change: edit a record, time until the page shows it.

Usage: python scripts/measure_preview.py [ROUNDS]
Starts `mkdocs serve` on a free port on 127.0.0.1 against a copy of the project (so the
real content is never touched), waits for the first build, then edits a programme's
summary ROUNDS times and measures, from the moment of saving, how long the served
page takes to contain the new text.
"""

from __future__ import annotations

import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RECORD = "content/programs/panjin-guanai-xingdong/index.md"
PAGE = "programs/panjin-guanai-xingdong/"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(url: str, text: str, timeout: float) -> float | None:
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if text in fetch(url):
            return time.perf_counter() - started
        time.sleep(0.05)
    return None


def main(rounds: int = 5) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        project = Path(tmp) / "project"
        shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns("site", "site.*", ".venv", ".git", "test-output", "node_modules"))
        port = free_port()
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        server = subprocess.Popen(
            [str(Path(sys.executable).parent / "mkdocs"), "serve", "--dev-addr", f"127.0.0.1:{port}", "-f", str(project / "mkdocs.yml")],
            cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{port}/showcase/{PAGE}"
        try:
            first = wait_for(url, "</html>", 120)
            if first is None:
                print("mkdocs serve did not start")
                return 1
            print(f"first build served after {first:.1f} s")
            record = project / RECORD
            original = record.read_text("utf-8")
            times = []
            for i in range(rounds):
                marker = f"预览测量{i}号"
                record.write_text(original.replace("summary: ", f"summary: {marker}", 1), "utf-8")
                seconds = wait_for(url, marker, 30)
                times.append(seconds if seconds is not None else float("inf"))
                print(f"round {i + 1}: change shown after {times[-1]:.2f} s")
                time.sleep(1)
            print(f"median {statistics.median(times):.2f} s, worst {max(times):.2f} s over {rounds} saves (target ≤ 2 s)")
        finally:
            server.terminate()
            server.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main(*(int(a) for a in sys.argv[1:])))
