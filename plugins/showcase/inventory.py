"""Which files under the content folder the site is made from, and which it leaves out.

The site is made from records and the files they name, never by copying the content
folder: anything else there (a misnamed record, a note, an original beside its
photo, a link to a file elsewhere on the machine) is left out of the site, and the
checker says so once, so a misnamed draft is noticed rather than published. The
folder is walked without following links, so a link loop cannot hang the build.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath

from . import routes
from .load import SourceFile
from .markdown_images import body_images, is_local, local_file
from .problems import Problem
from .schema import escapes_folder

#: Files that systems and tools leave behind: never content, never worth a warning.
_IGNORED = {".gitkeep", ".gitignore", ".DS_Store", "Thumbs.db", "desktop.ini"}


def named_files(src: SourceFile) -> set[str]:
    """Content-relative paths of the files a record names: itself and its photos (read
    from the raw front matter, so a record with a mistake still names its photos)."""
    folder = PurePosixPath(src.src_uri).parent
    names = [src.src_uri]
    data = src.data or {}
    photos = data.get("photos") if isinstance(data.get("photos"), list) else []
    files = [p.get("file") for p in photos if isinstance(p, dict)] + [data.get("cover")]
    files += [local_file(target) for _, _, target in body_images(src.body) if is_local(target)]
    names += [(folder / name).as_posix() for name in files if isinstance(name, str) and name and not escapes_folder(name)]
    return set(names)


def plain_page(src_uri: str) -> bool:
    """Markdown in a folder of plain pages (the editing guide) is published as it is."""
    path = PurePosixPath(src_uri)
    return path.suffix == ".md" and path.parts[0] in routes.PLAIN_PAGE_FOLDERS


def walk(content_root: Path) -> list[tuple[str, Path]]:
    """Every file under the content folder as (content-relative path, path), links not followed."""
    found = []
    for folder, dirs, files in os.walk(content_root, followlinks=False):
        dirs.sort()
        for name in sorted(files + [d for d in dirs if os.path.islink(os.path.join(folder, d))]):
            path = Path(folder) / name
            found.append((path.relative_to(content_root).as_posix(), path))
    return found


def outside(path: Path, content_root: Path) -> bool:
    """A link that leads out of the content folder (or nowhere)."""
    try:
        return not path.resolve(strict=True).is_relative_to(content_root.resolve())
    except (OSError, RuntimeError):  # a broken link, or a loop
        return True


def stray_files(content_root: Path, repo_root: Path, named: set[str], files: list[tuple[str, Path]]) -> list[Problem]:
    """A warning for each of ``files`` (``walk``'s list) not in ``named`` (``named_files``
    of every record file)."""
    problems = []
    for src_uri, path in files:
        if src_uri in named or plain_page(src_uri) or path.name in _IGNORED:
            continue  # a named file that is a link out of the folder is the record's own error
        shown = _shown(path, repo_root)
        code = "link_outside" if path.is_symlink() and outside(path, content_root) else "not_published"
        problems.append(Problem(shown, 1, "", code, {"file": shown}, warning=True))
    return problems


def _shown(path: Path, repo_root: Path) -> str:
    try:
        return path.relative_to(repo_root).as_posix()
    except ValueError:
        return path.as_posix()
