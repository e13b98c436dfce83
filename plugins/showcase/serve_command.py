"""``showcase serve``: MkDocs' live preview with this project's settings.

Why a command of our own rather than ``mkdocs serve`` in the Makefile: staff computers run
Windows, where there is no ``make`` and ``.venv/bin`` is ``.venv\\Scripts``; one command that
finds the project's ``mkdocs.yml``, binds to this computer only and sets
``NO_MKDOCS_2_WARNING`` works the same everywhere.

MkDocs runs as a child process (``python -m mkdocs serve``) so its logging and reload threads
stay out of this process; Ctrl-C reaches both (same console), and we wait for the child and
end with one line instead of a traceback.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from .settings import mkdocs_file, no_config_message

DEFAULT_ADDR = "127.0.0.1:8000"


def register(subparsers) -> argparse.ArgumentParser:
    """Add ``serve`` to the ``showcase`` command's subcommands."""
    parser = subparsers.add_parser("serve", help="本机预览网站：修改内容后页面自动刷新（按 Ctrl-C 结束）")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="项目文件夹（含 mkdocs.yml）")
    parser.add_argument("--dev-addr", default=DEFAULT_ADDR, metavar="地址:端口",
                        help=f"预览地址（默认 {DEFAULT_ADDR}，只有本机能打开）")
    return parser


def run(args: argparse.Namespace) -> int:
    """Entry point for ``showcase serve``: MkDocs' exit status, 0 after Ctrl-C."""
    repo, config = mkdocs_file(args.root)
    if config is None:
        print(f"showcase serve: {no_config_message(repo)}", file=sys.stderr)
        return 1
    print(f"预览地址：http://{args.dev_addr}/ （按 Ctrl-C 结束）", file=sys.stderr)
    child = subprocess.Popen(command(config, args.dev_addr), cwd=repo,
                             env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    try:
        return child.wait()
    except KeyboardInterrupt:
        return stop(child)


def command(config: Path, dev_addr: str) -> list[str]:
    """The MkDocs command line; the interpreter is ours, so the project's virtual environment is used."""
    return [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", dev_addr, "--config-file", str(config)]


def stop(child: subprocess.Popen) -> int:
    """After Ctrl-C: the child got it too; give it time to close its server, then make sure it is gone."""
    try:
        child.wait(timeout=10)
    except (subprocess.TimeoutExpired, KeyboardInterrupt):
        child.kill()
        child.wait()
    print("预览已结束。", file=sys.stderr)
    return 0
