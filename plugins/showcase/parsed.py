"""Record files as parsed by the last build, reused when their bytes have not changed.

Parsing front matter and finding the line of every key was most of loading a site:
8 s of a 10,000-record build. A file whose bytes (and this package's code) are the
same as last time gives the same ``SourceFile``, so it is taken from here. Validation
is not cached: it also looks at the files a record names (photos), which can change
while the record does not.

The parsed files are kept in an SQLite file in the build's cache folder (``sqlite3`` is
in Python's standard library and works the same on Windows), one row a file, read and
written as each file is loaded: a load never holds every parsed file in memory (held
whole, pickled, they were 500 MB at 100,000 records). A load's changes are committed
at its end, in one transaction, so a build that is killed leaves the last complete
cache. The cache folder is one a build already trusts (the compiled-template cache
beside it holds code), so its pickles are too.
"""

from __future__ import annotations

import hashlib
import pickle
import sqlite3
from functools import lru_cache
from pathlib import Path

from .load import SourceFile, read_source

FILE = "parsed.sqlite3"
#: What earlier versions kept (one pickle of every file), removed when found.
OLD_FILE = "parsed.pickle"


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """This package's source: a change to the parser or schema invalidates every entry."""
    digest = hashlib.sha256()
    package = Path(__file__).parent
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".yml") and path.is_file():
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


class ParsedFiles:
    """Parsed record files by path and content hash; ``folder`` None means no caching.
    A cache that cannot be opened or written (damaged, locked by another build) is left
    alone for this load, which then parses every file."""

    def __init__(self, folder: Path | None):
        self.db = _open(folder) if folder is not None else None
        self.seen: set[str] = set()
        self.hits = 0

    def read(self, path: Path, repo_root: Path, content_root: Path, collection: str) -> SourceFile:
        """The file parsed, from the cache when its bytes are unchanged (unpickling gives a
        fresh object, which later steps may add problems to)."""
        if self.db is None:
            return read_source(path, repo_root, content_root, collection)
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            return read_source(path, repo_root, content_root, collection)
        key = f"{collection}:{path}"
        self.seen.add(key)
        try:
            row = self.db.execute("SELECT digest, parsed FROM files WHERE key = ?", (key,)).fetchone()
            if row is not None and row[0] == digest:
                source = _unpickled(row[1])
                if source is not None:
                    self.hits += 1
                    return source
            source = read_source(path, repo_root, content_root, collection)
            self.db.execute("INSERT OR REPLACE INTO files VALUES (?, ?, ?)",
                            (key, digest, pickle.dumps(source, protocol=pickle.HIGHEST_PROTOCOL)))
        except sqlite3.Error:
            self._give_up()
            return read_source(path, repo_root, content_root, collection)
        return source

    def __len__(self) -> int:
        """Files in the cache."""
        return self.db.execute("SELECT COUNT(*) FROM files").fetchone()[0] if self.db is not None else 0

    def save(self) -> None:
        """Keep this load's files (and only those) for the next one."""
        if self.db is None:
            return
        try:
            gone = [(key,) for (key,) in self.db.execute("SELECT key FROM files").fetchall() if key not in self.seen]
            self.db.executemany("DELETE FROM files WHERE key = ?", gone)
            self.db.commit()
        except sqlite3.Error:
            self._give_up()
            return
        self.db.close()
        self.db, self.seen = None, set()

    def _give_up(self) -> None:
        """Leave the cache as the last complete load left it (nothing of this one is committed)."""
        if self.db is not None:
            self.db.close()
        self.db = None


def _open(folder: Path) -> sqlite3.Connection | None:
    """The cache in ``folder``, emptied if this package's code changed; a damaged file is
    replaced. ``None`` when it cannot be used (read-only folder, locked)."""
    path = folder / FILE
    for _ in range(2):
        db = None
        try:
            folder.mkdir(parents=True, exist_ok=True)
            (folder / OLD_FILE).unlink(missing_ok=True)
            db = sqlite3.connect(path, timeout=1)
            db.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL)")
            db.execute("CREATE TABLE IF NOT EXISTS files (key TEXT PRIMARY KEY, digest TEXT NOT NULL, parsed BLOB NOT NULL)")
            row = db.execute("SELECT value FROM meta WHERE name = 'code'").fetchone()
            if row is None or row[0] != code_fingerprint():
                db.execute("DELETE FROM files")
                db.execute("INSERT OR REPLACE INTO meta VALUES ('code', ?)", (code_fingerprint(),))
            return db
        except sqlite3.OperationalError:  # locked by another build, or not writable
            if db is not None:
                db.close()
            break
        except sqlite3.DatabaseError:  # not a database: start afresh
            if db is not None:
                db.close()
            path.unlink(missing_ok=True)
            continue
        except OSError:
            break
    return None


def _unpickled(data: bytes) -> SourceFile | None:
    try:
        source = pickle.loads(data)
    except (EOFError, pickle.PickleError, ValueError, TypeError, AttributeError, ImportError):
        return None
    return source if isinstance(source, SourceFile) else None
