"""How long `showcase serve` takes to show a saved change: edit a record, time until the page shows it.

Usage: python scripts/measure_preview.py [ROUNDS] [--records N | --project SYNTHETIC] [--text words|phrases]
Starts `mkdocs serve` on a free port on 127.0.0.1 against a copy of the project (so the
real content is never touched), or with ``--records`` against a synthetic project of
that many records (``showcase synth``), waits for the first build, then edits a
programme's summary ROUNDS times and measures, from the moment of saving, how long the
served page takes to contain the new text, and how long until MkDocs' full rebuild of
that save ended (its "Reloading browsers"). It also counts the server's quick refreshes
(``mkdocs_serve.py``): the page shown before the full rebuild ended.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
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
#: The record a synthetic project's measurement edits (``showcase synth`` names programmes so).
SYNTH_RECORD = "content/programs/program-00001/index.md"
SYNTH_PAGE = "programs/program-00001/"
QUICK = "quick refresh"
FULL = "Reloading browsers"


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


def count_in(log: Path, text: str) -> int:
    try:
        return log.read_text("utf-8", errors="replace").count(text)
    except OSError:
        return 0


def wait_for_log(log: Path, text: str, count: int, started: float, timeout: float) -> float | None:
    while time.perf_counter() - started < timeout:
        if count_in(log, text) >= count:
            return time.perf_counter() - started
        time.sleep(0.1)
    return None


def make_project(tmp: Path, records: int, text: str) -> tuple[Path, str, str]:
    project = tmp / "project"
    if not records:
        shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns("site", "site.*", ".venv", ".git", "test-output", "node_modules"))
        return project, RECORD, PAGE
    subprocess.run([str(Path(sys.executable).parent / "showcase"), "synth", str(project), "--records", str(records),
                    "--photos", "0", "--root", str(ROOT), "--text", text], check=True, capture_output=True)
    return project, SYNTH_RECORD, SYNTH_PAGE


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rounds", nargs="?", type=int, default=5)
    parser.add_argument("--records", type=int, default=0, help="a synthetic project of this many records (0: this project)")
    parser.add_argument("--text", default="words", choices=("words", "phrases"))
    parser.add_argument("--project", type=Path, help="a synthetic project already made (showcase synth); its record is restored after")
    parser.add_argument("--pause", type=float, default=1.0, help="seconds between the end of one save's rebuild and the next save")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(ignore_cleanup_errors=True) as tmp:
        if args.project:
            project, record_path, page = args.project.resolve(), SYNTH_RECORD, SYNTH_PAGE
        else:
            project, record_path, page = make_project(Path(tmp), args.records, args.text)
        original = (project / record_path).read_text("utf-8")
        port = free_port()
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
        log = Path(tmp) / "serve.log"
        with open(log, "wb") as out:
            server = subprocess.Popen(
                [str(Path(sys.executable).parent / "mkdocs"), "serve", "--dev-addr", f"127.0.0.1:{port}", "-f", str(project / "mkdocs.yml")],
                cwd=project, env=env, stdout=out, stderr=subprocess.STDOUT,
            )
        url = f"http://127.0.0.1:{port}/showcase/{page}"
        try:
            first = wait_for(url, "</html>", 3600)
            if first is None:
                print("mkdocs serve did not start")
                return 1
            print(f"first build served after {first:.1f} s")
            record = project / record_path
            times, fulls = [], []
            for i in range(args.rounds):
                marker = f"预览测量{i}号"
                quick_before, full_before = count_in(log, QUICK), count_in(log, FULL)
                started = time.perf_counter()
                record.write_text(original.replace("summary: ", f"summary: {marker}", 1), "utf-8")
                seconds = wait_for(url, marker, 600)
                times.append(seconds if seconds is not None else float("inf"))
                print(f"round {i + 1}: change shown after {times[-1]:.2f} s", flush=True)
                full = wait_for_log(log, FULL, full_before + 1, started, 3600)
                fulls.append(full if full is not None else float("inf"))
                quick = count_in(log, QUICK) > quick_before
                print(f"round {i + 1}: shown by the {'quick refresh' if quick else 'full rebuild'}; "
                      f"full rebuild ended after {fulls[-1]:.1f} s", flush=True)
                time.sleep(args.pause)
            print(f"median {statistics.median(times):.2f} s, worst {max(times):.2f} s over {args.rounds} saves (target ≤ 2 s); "
                  f"full rebuild median {statistics.median(fulls):.1f} s")
        finally:
            server.send_signal(signal.SIGINT if os.name == "posix" else signal.CTRL_C_EVENT)  # as Ctrl-C: MkDocs cleans up
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
            (project / record_path).write_text(original, "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
