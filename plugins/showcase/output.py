"""One build at a time, and ``site/`` replaced in one step.

Why: ``make build`` used to build into ``site.tmp`` and then ``mv site site.old && mv site.tmp
site``. A build killed between the two renames left no ``site/`` at all, and two builds at
once moved each other's folders (``site/`` missing, or a ``site/`` with 74 of 390 files).
So a build takes an inter-process lock for its whole run (:func:`build_lock`) and swaps its
finished folder in with :func:`swap_in`, which never leaves the target missing on Linux and
only for the time between two renames elsewhere.

Plain Python, no MkDocs: ``showcase build`` (``build_command.py``) puts these together.
"""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import sys
import tempfile
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, TextIO

from filelock import FileLock, Timeout

#: How long a build waits for another one by default (a 10,000-record build takes about 2 minutes).
DEFAULT_WAIT = 1800.0
WAITING = "另一个构建正在进行，等待它结束…"

# renameat2(2): both names must exist; they trade places in one step (Linux 3.15, glibc 2.28).
AT_FDCWD = -100
RENAME_EXCHANGE = 2
#: What renameat2 answers where the kernel, the C library or the filesystem cannot exchange.
UNSUPPORTED = frozenset({errno.ENOSYS, errno.EINVAL, errno.EOPNOTSUPP, errno.ENOTSUP})


class BuildBusy(Exception):
    """Another build held the lock for longer than we were willing to wait."""


@dataclass(frozen=True)
class HeldLock:
    """The held build lock. ``fd`` is its descriptor where the lock is an OS lock on one (else None).

    A child process that inherits ``fd`` (``subprocess``'s ``pass_fds`` on POSIX) keeps the lock
    held if this process is killed first, so no other build starts while that child still writes.
    """

    path: Path
    fd: int | None


def lock_path(repo_root: Path) -> Path:
    return Path(repo_root) / ".cache" / "build.lock"


@contextmanager
def build_lock(repo_root: Path, timeout: float = DEFAULT_WAIT, out: TextIO | None = None) -> Iterator[HeldLock]:
    """Hold ``<repo_root>/.cache/build.lock`` for the block; wait for another holder, saying so once.

    The lock is the operating system's (``flock`` on POSIX, ``msvcrt.locking`` on Windows,
    through ``filelock``), so it ends with the process that held it: a killed build never
    leaves a stale lock behind. Raises :class:`BuildBusy` after ``timeout`` seconds of waiting.
    """
    out = out or sys.stderr
    path = lock_path(repo_root)
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptors: list[int] = []
    lock = FileLock(path, on_acquired=descriptors.append)
    try:
        lock.acquire(timeout=0)
    except Timeout:
        print(WAITING, file=out, flush=True)
        try:
            lock.acquire(timeout=timeout)
        except Timeout:
            raise BuildBusy(
                f"等待另一个构建超过 {timeout:g} 秒，已放弃。请等它结束后再构建"
                f"（锁文件：{path}；持有它的进程结束时锁会自动释放）。"
            ) from None
    try:
        yield HeldLock(path, descriptors[-1] if descriptors else None)
    finally:
        lock.release()


def new_build_dir(target: Path) -> Path:
    """An empty folder beside ``target`` (same filesystem, so the swap is a rename), unique per build."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{target.name}.build-", dir=target.parent))


def leftovers(target: Path) -> tuple[list[Path], list[Path]]:
    """Folders a killed build left beside ``target``: unfinished builds, and set-aside old sites."""
    target = Path(target)
    if not target.parent.is_dir():
        return [], []
    builds = sorted(target.parent.glob(f".{target.name}.build-*"))
    backups = sorted(target.parent.glob(f".{target.name}.old-*"), key=lambda p: p.stat().st_mtime)
    return builds, backups


def recover(target: Path) -> None:
    """Undo what a killed build left behind. Call it only while holding the build lock.

    If the fallback swap was interrupted between its two renames, ``target`` is missing and the
    previous site waits under its backup name: it is put back. Every other leftover is deleted.
    """
    target = Path(target)
    builds, backups = leftovers(target)
    if backups and not os.path.lexists(target):
        os.rename(backups.pop(), target)
    for folder in builds + backups:
        shutil.rmtree(folder, ignore_errors=True)


def swap_in(new_dir: Path, target_dir: Path) -> None:
    """Make ``new_dir`` be ``target_dir``; the old ``target_dir`` is deleted.

    - ``target_dir`` absent: one rename.
    - Linux: ``renameat2(RENAME_EXCHANGE)`` trades the two names in one system call, so
      ``target_dir`` is always either the old or the new tree, never missing or mixed; the old
      tree, now under ``new_dir``'s name, is then deleted.
    - Elsewhere (Windows, macOS, or a filesystem without the exchange): ``target_dir`` is renamed
      to a unique backup name, ``new_dir`` renamed into its place, and the backup deleted. Between
      those two renames (microseconds) ``target_dir`` does not exist: a reader then gets "not
      found", and a build killed exactly there leaves the old site under ``.<name>.old-*``, which
      the next build puts back (:func:`recover`). If the second rename fails, the backup is
      renamed back and the error raised.
    """
    new_dir, target_dir = Path(new_dir), Path(target_dir)
    if not os.path.lexists(target_dir):
        os.rename(new_dir, target_dir)
        return
    if _exchange(new_dir, target_dir):
        shutil.rmtree(new_dir, ignore_errors=True)
        return
    backup = target_dir.with_name(f".{target_dir.name}.old-{uuid.uuid4().hex[:12]}")
    os.rename(target_dir, backup)
    try:
        os.rename(new_dir, target_dir)
    except BaseException:
        os.rename(backup, target_dir)
        raise
    shutil.rmtree(backup, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Trade the names ``a`` and ``b`` atomically; False where this system cannot (nothing changed)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):  # a C library older than glibc 2.28, or musl without it
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    renameat2.restype = ctypes.c_int
    if renameat2(AT_FDCWD, os.fsencode(a), AT_FDCWD, os.fsencode(b), RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in UNSUPPORTED:
        return False
    raise OSError(code, os.strerror(code), str(a), None, str(b))
