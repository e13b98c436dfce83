"""The build, from content folder to everything the site publishes, without MkDocs.

    load → validate → photos → index → plan → side files → problems

``prepare`` runs every stage up to rendering and hands back one finished value: the
published records, the photo files to publish, the plan of every page with its view,
the side files' text, and every problem found. The drivers (the MkDocs hooks, the
command line, the tests) only decide what to do with it: MkDocs renders the pages in
Material's frame; ``write_side_files`` writes the rest. Nothing here imports MkDocs,
so the pipeline outlives any one site generator.
"""

from __future__ import annotations

import json
import os
import subprocess
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from .content import Content, load_content
from .inventory import plain_page
from .photos.cache import PhotoCache
from .photos.pipeline import process
from .photos.remote import RemoteCache, RemoteSpec
from .photos.render import Rendered
from .photos.settings import PhotoSettings
from .pictures import PhotoBook, photo_jobs, photo_problems
from .plan import Plan, make_plan
from .problems import Problem, sort_problems
from .registry import DEFAULT, Registry
from .siteinfo import SiteInfo


@dataclass(frozen=True)
class Options:
    """What a build needs to know; every driver fills it from its own configuration."""

    repo_root: Path
    content_root: Path
    info: SiteInfo
    cache_dir: Path | None = None
    #: Processes rendering photos; ``None`` means one per core.
    photo_workers: int | None = None
    editor_backend: dict | None = None
    registry: Registry = DEFAULT
    #: The shared photo cache in object storage, if any (``photos/remote.py``).
    photo_cache: RemoteSpec | None = None

    @property
    def cache(self) -> Path:
        return self.cache_dir or self.repo_root / ".cache"


@dataclass(frozen=True)
class PhotoFile:
    """One rendered photo file the site publishes: its address and where it is cached.

    ``original`` is the content-relative name of the photo it was made from when this is
    the photo's ``<img src>`` fallback: a Markdown image in a body names the original,
    and resolves to this file."""

    path: str
    #: The file in the local cache; ``None`` when a metadata-only build left it in the
    #: shared cache (``stored`` then says where, and what it must be).
    cached: Path | None
    original: str | None = None
    stored: StoredPhoto | None = None


@dataclass(frozen=True)
class StoredPhoto:
    """A photo file the site publishes that stays in the shared photo cache: the entry's
    key, and the file's SHA-256 and size (``None`` in entries older than sizes) from the
    entry's metadata object. ``showcase publish --photo-cache`` copies it inside the store."""

    key: str
    sha256: str
    size: int | None


@dataclass
class Build:
    options: Options
    content: Content
    book: PhotoBook
    cache: PhotoCache
    plan: Plan
    problems: list[Problem]
    photo_files: list[PhotoFile] = field(default_factory=list)

    @property
    def photo_manifest(self) -> str | None:
        """The JSON written to ``routes.PHOTOS_IN_STORE`` when some photo files were left in
        the shared cache (a metadata-only build): which cache entry holds each, so that
        ``showcase publish --photo-cache`` copies them there and counts them as the site's.
        ``None`` when every photo file is in ``site/``."""
        stored = {p.path: {"key": p.stored.key, "sha256": p.stored.sha256, "size": p.stored.size}
                  for p in self.photo_files if p.stored is not None}
        if not stored:
            return None
        where = self.cache.remote.where if self.cache.remote is not None else ""
        return json.dumps({"photo_cache": where, "files": stored}, ensure_ascii=False, indent=1, sort_keys=True) + "\n"

    @property
    def plain_pages(self) -> frozenset[str]:
        """Content-relative paths of the plain pages published as they are (the guide)."""
        return self.plan.shared.plain_pages


def prepare(options: Options, photo_settings: PhotoSettings | None = None) -> Build:
    """Every stage before rendering, in order."""
    content = load_content(options.repo_root, options.content_root, options.cache / "records", options.registry)
    site = content.site
    cache = photo_cache(options, photo_settings)
    results = process(photo_jobs(site), cache, options.photo_workers, options.content_root)
    book = PhotoBook(options.content_root, results)
    problems = sort_problems([*content.problems, *photo_problems(site, results)])
    plain = frozenset(uri for uri, _ in content.files if plain_page(uri))
    plan = make_plan(site, book, options.info, options.editor_backend, plain)
    return Build(options, content, book, cache, plan, problems, _photo_files(book, cache, options.content_root))


def photo_cache(options: Options, photo_settings: PhotoSettings | None = None) -> PhotoCache:
    """The local photo cache, backed by the shared one when the options name it.
    Raises ``RemoteCacheError`` when the shared cache's settings are wrong."""
    remote = RemoteCache(options.photo_cache) if options.photo_cache else None
    return PhotoCache(options.cache, photo_settings or PhotoSettings(), remote)


def _photo_files(book: PhotoBook, cache: PhotoCache, content_root: Path) -> list[PhotoFile]:
    out = []
    for source, rendered in sorted(book.results.items()):
        if not isinstance(rendered, Rendered):
            continue
        original = source.relative_to(content_root).as_posix()
        fallback = book.fallback_name(source)
        entry = cache.in_store.get(rendered.key)
        for path in book.published(source):
            name = PurePosixPath(path).name
            if entry is None:
                out.append(PhotoFile(path, cache.folder(rendered.key) / name, original if name == fallback else None))
            else:
                stored = StoredPhoto(rendered.key, entry.sha256[name], entry.size[name])
                out.append(PhotoFile(path, None, original if name == fallback else None, stored))
    return out


def write_side_files(plan: Plan, site_dir: Path) -> list[Path]:
    """Write the feeds, open data and other side files into ``site_dir``; every path is
    checked to stay inside it."""
    root = site_dir.resolve()
    written = []
    for path in sorted(plan.files):
        target = (root / path).resolve()
        if not target.is_relative_to(root):
            raise ValueError(f"a side file's path leaves the output folder: {path}")
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "w", encoding="utf-8", newline="") as out:
            plan.files.write(path, out)
        written.append(target)
    return written


def source_date_epoch(repo_root: Path) -> int | None:
    """The date a reproducible build writes where a tool wants one (the sitemap's gzip
    header): ``SOURCE_DATE_EPOCH`` if set, else the last commit's time. Read, never set."""
    given = os.environ.get("SOURCE_DATE_EPOCH")
    if given and given.strip().isdigit():
        return int(given)
    try:
        result = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=repo_root, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    text = result.stdout.strip()
    return int(text) if text.isdigit() else None
