"""Hard links, with a copy where the file system refuses them.

Rendered photos and the search bundle are thousands of small files that never change
once written: linking them from the cache into ``site/`` costs a directory entry, where
copying cost a tenth of a large build.
"""

from __future__ import annotations

import os
import shutil


def link_or_copy(source: str | os.PathLike, target: str | os.PathLike) -> None:
    """``target`` becomes the same file as ``source`` (replacing whatever was there)."""
    if os.path.lexists(target):
        os.unlink(target)
    try:
        os.link(source, target)
    except OSError:  # another file system, or links not allowed
        shutil.copy2(source, target)
