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
    cached: Path
    original: str | None = None


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
        for path in book.published(source):
            name = PurePosixPath(path).name
            out.append(PhotoFile(path, cache.folder(rendered.key) / name, original if name == fallback else None))
    return out


def write_side_files(plan: Plan, site_dir: Path) -> list[Path]:
    """Write the feeds, open data and other side files into ``site_dir``; every path is
    checked to stay inside it."""
    root = site_dir.resolve()
    written = []
    for path, text in sorted(plan.files.items()):
        target = (root / path).resolve()
        if not target.is_relative_to(root):
            raise ValueError(f"a side file's path leaves the output folder: {path}")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, "utf-8")
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
