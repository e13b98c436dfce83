"""Record files as parsed by the last build, reused when their bytes have not changed.

Parsing front matter and finding the line of every key was most of loading a site:
8 s of a 10,000-record build. A file whose bytes (and this package's code) are the
same as last time gives the same ``SourceFile``, so it is taken from here. Validation
is not cached: it also looks at the files a record names (photos), which can change
while the record does not.

The cache is a pickle in the build's cache folder, which a build already trusts (the
compiled-template cache beside it holds code); it is rewritten after each load.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from functools import lru_cache
from pathlib import Path

from .load import SourceFile, read_source

FILE = "parsed.pickle"


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
    """Parsed record files by path and content hash; ``folder`` None means no caching."""

    def __init__(self, folder: Path | None):
        self.path = folder / FILE if folder is not None else None
        # path → (hash of its bytes, the parsed SourceFile pickled: unpickling gives a fresh
        # object, which later steps may add problems to)
        self.entries: dict[str, tuple[str, bytes]] = {}
        self.fresh: dict[str, tuple[str, bytes]] = {}
        self.hits = 0
        if self.path is not None:
            try:
                with self.path.open("rb") as handle:
                    fingerprint, entries = pickle.load(handle)
                if fingerprint == code_fingerprint():
                    self.entries = entries
            except (OSError, EOFError, pickle.PickleError, ValueError, TypeError, AttributeError, ImportError):
                self.entries = {}

    def read(self, path: Path, repo_root: Path, content_root: Path, collection: str) -> SourceFile:
        """The file parsed, from the cache when its bytes are unchanged."""
        if self.path is None:
            return read_source(path, repo_root, content_root, collection)
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            return read_source(path, repo_root, content_root, collection)
        key = f"{collection}:{path}"
        known = self.entries.get(key)
        if known is not None and known[0] == digest:
            self.hits += 1
            self.fresh[key] = known
            return pickle.loads(known[1])
        source = read_source(path, repo_root, content_root, collection)
        self.fresh[key] = (digest, pickle.dumps(source, protocol=pickle.HIGHEST_PROTOCOL))
        return source

    def save(self) -> None:
        """Keep this load's files (and only those) for the next one; written atomically, and
        only when something changed (at 10,000 records the file is tens of megabytes)."""
        try:
            if self.path is None or (self.hits == len(self.fresh) == len(self.entries)):
                return
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self.path.parent, suffix=".tmp")
            with os.fdopen(fd, "wb") as handle:
                pickle.dump((code_fingerprint(), self.fresh), handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self.path)
        finally:  # the pickled files are on disk now; a build of 100,000 records held 500 MB of them
            self.entries, self.fresh = {}, {}
