"""Rendered photos kept on disk, keyed by the photo's bytes and the settings.

An entry is a folder holding the variants and ``meta.json``. It is written under a
temporary name and renamed into place in one step, so a build killed halfway leaves
nothing a later build would trust. Entries a build did not use are pruned after it.

A render is only ever served for bytes that were hashed. A small index remembers each
file's hash by its size, modification time, inode and *inode change time* (ctime): an
in-place edit that keeps the size and puts the mtime back (``exiftool -P`` turning a
photo) still moves the ctime, which ``os.utime`` cannot set, so the photo is hashed
again. Measured on shared/photos/ (43 files, 9.4 MB, this machine): SHA-256 costs
0.23 ms a file on average (0.9 GB/s; about 2.4 ms for the 2.2 MB HEIC, so 4-5 ms for
a 12 MP JPEG, over the 2 ms warm-build budget a photo), the stat the guard needs 5 µs.
Windows has no inode change time in ``os.stat`` (its st_ctime is the creation time),
so there every photo is hashed once a build. The guard's limit: two writes within
one tick of the file system's clock (a few ms), with a build hashing between them,
share a ctime; nothing else writes photos that fast.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

from .remote import RemoteCache, StoredEntry
from .render import Rendered
from .settings import PhotoSettings

META = "meta.json"
INDEX = "hashes.json"

#: Whether ``os.stat`` gives the inode change time (see the module's docstring).
_CTIME_IS_CHANGE_TIME = os.name != "nt"


class PhotoCache:
    def __init__(self, root: Path, settings: PhotoSettings, remote: RemoteCache | None = None):
        self.root = Path(root) / "photos"
        self.settings = settings
        self.fingerprint = settings.fingerprint()
        #: The shared cache in object storage, looked in after this one (``remote.py``).
        self.remote = remote
        self.used: set[str] = set()
        self.hits = 0
        self.misses = 0
        #: Entries downloaded from the shared cache, photos rendered here, entries uploaded.
        self.fetched = 0
        self.rendered = 0
        self.uploaded = 0
        #: Entries a metadata-only build read from the shared cache without their variants,
        #: by key: their files are published by copying them inside the store.
        self.in_store: dict[str, StoredEntry] = {}
        self._index_path = self.root / INDEX
        self._index = self._read_index()
        self._this_build: dict[str, list] = {}

    def key(self, source: Path, og: bool = False, stem: str = "") -> str:
        """Content hash of the file, the settings' fingerprint, the OG flag and the output
        names' stem (two records may hold the same photo under different names)."""
        return hashlib.sha256(f"{self.digest(source)}:{self.fingerprint}:{int(og)}:{stem}".encode()).hexdigest()[:32]

    def digest(self, source: Path) -> str:
        """The file's SHA-256, from the index while the file's stamp (with its change
        time) is the one it had when hashed; the stat comes first, so a write during the
        hashing leaves a stale stamp, never a stale digest."""
        stat = source.stat()
        stamp = [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino]
        # without a change time there is no guard to trust across builds (Windows):
        # there the index is this build's only, so a photo is still hashed once a build
        table = self._index if _CTIME_IS_CHANGE_TIME else self._this_build
        known = table.get(str(source))
        if known and known[:-1] == stamp:
            return known[-1]
        digest = _sha256(source)
        table[str(source)] = [*stamp, digest]
        return digest

    def folder(self, key: str) -> Path:
        return self.root / key[:2] / key

    def get(self, key: str) -> Rendered | None:
        meta = self.folder(key) / META
        try:
            rendered = Rendered.from_json(meta.read_text("utf-8"))
        except (OSError, ValueError, TypeError, KeyError):
            self.misses += 1
            return None
        self.used.add(key)
        self.hits += 1
        return rendered

    def staging(self) -> Path:
        """A private folder to render into before ``commit`` moves it into place."""
        (self.root / "tmp").mkdir(parents=True, exist_ok=True)
        return Path(tempfile.mkdtemp(dir=self.root / "tmp"))

    def commit(self, key: str, staged: Path, rendered: Rendered) -> None:
        (staged / META).write_text(rendered.to_json(), "utf-8")
        final = self.folder(key)
        final.parent.mkdir(parents=True, exist_ok=True)
        if final.exists() and not (final / META).exists():
            shutil.rmtree(final, ignore_errors=True)  # left by a build that was killed
        try:
            os.rename(staged, final)
        except OSError:  # another process got there first: its entry is as good
            shutil.rmtree(staged, ignore_errors=True)
        self.used.add(key)

    def summary(self) -> str:
        """One line for the build's log: where this build's photos came from."""
        line = f"照片：本地缓存 {self.hits} 张，新渲染 {self.rendered} 张"
        if self.remote is not None:
            what = "（只取描述，照片文件留在存储中）" if self.remote.spec.metadata_only else ""
            line += (f"；共享缓存 {self.remote.where} 取回 {self.fetched} 张{what}，"
                     f"下载 {_human(self.remote.received)}，上传 {self.uploaded} 张")
        return line

    def prune(self) -> int:
        """Remove entries this build did not use, and stale staging folders; save the index."""
        removed = 0
        if self.root.is_dir():
            for shard in self.root.iterdir():
                if shard.is_dir() and len(shard.name) == 2:
                    for entry in shard.iterdir():
                        if entry.name not in self.used:
                            shutil.rmtree(entry, ignore_errors=True)
                            removed += 1
            shutil.rmtree(self.root / "tmp", ignore_errors=True)
        self.save_index()
        return removed

    def save_index(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.root, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(self._index, handle, sort_keys=True)
        os.replace(tmp, self._index_path)

    def _read_index(self) -> dict[str, list]:
        try:
            return json.loads(self._index_path.read_text("utf-8"))
        except (OSError, ValueError):
            return {}


def _human(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB" if size >= 100_000 else f"{size / 1000:.1f} KB"


def _sha256(path: Path) -> str:
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def entry_files(cache_dir: Path) -> dict[str, str]:
    """Every complete entry's file names with its key, for ``showcase publish --photo-cache``."""
    found = {}
    for meta in (Path(cache_dir) / "photos").glob(f"??/*/{META}"):
        found.update((path.name, meta.parent.name) for path in meta.parent.iterdir() if path.name != META)
    return found
