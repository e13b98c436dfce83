"""``showcase build``: build the site under the build lock and swap it into ``site/`` whole.

Why a command of our own rather than ``mkdocs build`` in the Makefile: the lock and the swap
must hold on Windows too, without a POSIX shell, and ``site/`` must never be missing or half
written, whatever runs at the same time or is killed (see ``output.py``).

MkDocs runs as a child process (``python -m mkdocs build``) into a fresh folder beside
``site/``; on POSIX the child inherits the lock's descriptor, so if this process is killed the
lock stays held until the child has finished too, and no second build can start meanwhile.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

from .pagefind import ENV_HANDOVER, HandedOver
from .photos.remote import ENV_FETCH, FETCH_METADATA
from .output import DEFAULT_WAIT, BuildBusy, build_lock, new_build_dir, recover, swap_in
from .settings import mkdocs_file, no_config_message


def register(subparsers) -> argparse.ArgumentParser:
    """Add ``build`` to the ``showcase`` command's subcommands."""
    parser = subparsers.add_parser("build", help="构建网站（默认严格模式），成功后整体替换 site/")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="项目文件夹（含 mkdocs.yml）")
    parser.add_argument("--site-dir", type=Path, help="输出文件夹（默认为项目文件夹下的 site）")
    parser.add_argument("--no-strict", dest="strict", action="store_false",
                        help="内容问题只作为警告显示，不让构建失败")
    parser.add_argument("--wait", type=float, default=DEFAULT_WAIT,
                        help=f"另一个构建正在进行时最多等待的秒数（默认 {DEFAULT_WAIT:g}）")
    parser.add_argument("--photo-metadata-only", action="store_true",
                        help="只从共享照片缓存取回每张照片的描述（meta.json），不下载照片文件，也不在本机渲染；"
                             "照片文件不写入 site/，须用 showcase publish --photo-cache 发布到同一存储"
                             f"（同环境变量 {ENV_FETCH}={FETCH_METADATA}）")
    return parser


def run(args: argparse.Namespace) -> int:
    """Entry point for ``showcase build``: 0 when the new site is in place, 1 otherwise."""
    repo, config = mkdocs_file(args.root)
    if config is None:
        return fail(no_config_message(repo))
    site = (args.site_dir or repo / "site").resolve()
    try:
        with build_lock(repo, timeout=args.wait) as held:
            recover(site)
            return build_into(site, config, args.strict, held.fd, args.photo_metadata_only)
    except BuildBusy as error:
        return fail(str(error))
    except OSError as error:
        return fail(f"无法替换 {site}：{error}")
    except KeyboardInterrupt:
        print("构建已中断，site/ 保持不变。", file=sys.stderr)
        return 130


def build_into(site: Path, config: Path, strict: bool, lock_fd: int | None, metadata_only: bool = False) -> int:
    """Build into a fresh folder and swap it in on success; the folder is removed on failure.

    A site large enough for its search index to be in parts has the index built here, after
    MkDocs has exited (``pagefind.HandedOver``): the build's memory is given back first, so
    the peak is the larger of the two, not their sum."""
    temp = new_build_dir(site)
    handover = temp.with_name(temp.name + ".search.json")
    swapped = False
    try:
        if mkdocs_build(config, temp, strict, lock_fd, metadata_only, handover) != 0:
            return fail(f"构建失败，{site.name}/ 保持不变。请按上面的提示修改。")
        index = HandedOver.read(handover)
        if index is not None:
            try:
                report = index.finish(temp)
            except RuntimeError as error:
                return fail(f"搜索索引建立失败，{site.name}/ 保持不变：{error}")
            print(f"Pagefind: {report.pages} pages indexed in {report.seconds:.1f} s", file=sys.stderr)
        swap_in(temp, site)
        swapped = True
    finally:
        handover.unlink(missing_ok=True)
        if not swapped:
            shutil.rmtree(temp, ignore_errors=True)
    print(f"已构建并替换 {site}", file=sys.stderr)
    return 0


def mkdocs_build(config: Path, site_dir: Path, strict: bool, lock_fd: int | None, metadata_only: bool = False,
                 handover: Path | None = None) -> int:
    """``python -m mkdocs build`` in a child process; its output goes straight to ours.
    ``metadata_only`` reaches the plugin as its environment variable, which wins over mkdocs.yml;
    ``handover`` names the file where the plugin leaves an index in parts for us to build."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict" if strict else "--no-strict",
               "--site-dir", str(site_dir), "--config-file", str(config)]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **({ENV_FETCH: FETCH_METADATA} if metadata_only else {}),
           **({ENV_HANDOVER: str(handover)} if handover is not None else {})}
    inherit = (lock_fd,) if lock_fd is not None and os.name == "posix" else ()
    return subprocess.run(command, cwd=config.parent, env=env, pass_fds=inherit).returncode


def fail(message: str) -> int:
    print(f"showcase build: {message}", file=sys.stderr)
    return 1
