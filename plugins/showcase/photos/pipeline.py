"""Render every photo a build needs, through the cache, in parallel on all cores.

Each photo is looked for in the local cache, then in the shared one in object storage
(when there is one, fetched on threads), and rendered only when neither has it; what
was rendered goes up to the shared cache when this machine may write to it.

A metadata-only build (``RemoteSpec.metadata_only``) reads each entry's metadata object
and nothing else, and renders nothing: a photo the shared cache lacks is reported
against its record, saying to run the shard jobs, rather than rendered on this runner
(at a federation's size, a cache the shards did not fill would mean days of rendering).
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import threading
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from ..links import link_or_copy
from .cache import PhotoCache
from .inspect import PhotoIssue, probe
from .remote import WORKERS as REMOTE_WORKERS, RemoteCacheError
from .render import RenderError, Rendered, base_name, render
from .settings import PhotoSettings


@dataclass(frozen=True)
class Job:
    source: Path
    stem: str  # the output file names' prefix (the original's name, made safe)
    og: bool = False  # also cut the 1200×630 Open Graph image (covers only)


def process(jobs: list[Job], cache: PhotoCache, workers: int | None = None,
            content_root: Path | None = None) -> dict[Path, Rendered | PhotoIssue]:
    """Rendered photo or the reason it cannot be published, for every job's source.

    Raises ``RemoteCacheError`` (naming a photo, relative to ``content_root``) when the
    shared cache cannot be reached."""
    results: dict[Path, Rendered | PhotoIssue] = {}
    todo: list[tuple[Job, str]] = []
    same: dict[str, list[Job]] = {}  # identical photos under one name are rendered once
    for job in dict.fromkeys(jobs):
        try:
            key = cache.key(job.source, job.og, job.stem)
        except OSError:
            results[job.source] = PhotoIssue("photo_unreadable", {})
            continue
        if key in same:
            same[key].append(job)
            continue
        same[key] = [job]
        cached = cache.get(key)
        if cached is not None:
            results[job.source] = cached
        else:
            todo.append((job, key))
    if cache.remote is not None and todo:
        fetched = _fetch_all(todo, cache, content_root)
        for job, key in todo:
            if key in fetched:
                results[job.source] = fetched[key]
        todo = [(job, key) for job, key in todo if key not in fetched]
        if cache.remote.spec.metadata_only:
            for job, key in todo:
                results[job.source] = _not_in_store(job, cache)
            todo = []
    new: list[tuple[Job, str, Rendered]] = []
    # one photo under several names (copied into several records) is decoded once; the
    # other names get the same files, linked under their own names
    by_content: dict[str, list[tuple[Job, str]]] = {}
    for job, key in todo:
        by_content.setdefault(cache.key(job.source, job.og), []).append((job, key))
    todo = [group[0] for group in by_content.values()]
    cache.rendered += len(todo)
    workers = max(1, min(workers or _cores(), len(todo)))
    if workers == 1:
        outcomes = [_render_one(job, key, cache.staging(), cache.settings) for job, key in todo]
    else:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(_start_method())) as pool:
            futures = [pool.submit(_render_one, job, key, cache.staging(), cache.settings) for job, key in todo]
            outcomes = [future.result() for future in futures]
    for (job, key), (staged, outcome) in zip(todo, outcomes):
        if isinstance(outcome, Rendered):
            cache.commit(key, staged, outcome)
            new.append((job, key, outcome))
        else:
            shutil.rmtree(staged, ignore_errors=True)
        results[job.source] = outcome
        for other, other_key in by_content[cache.key(job.source, job.og)][1:]:
            results[other.source] = _same_pixels(cache, job, key, outcome, other, other_key)
            if isinstance(results[other.source], Rendered):
                new.append((other, other_key, results[other.source]))
    for copies in same.values():
        for job in copies[1:]:
            results[job.source] = results[copies[0].source]
    cache.save_index()
    if cache.remote is not None and cache.remote.spec.write and new:
        _store_all(new, cache, content_root)
    return results


def _fetch_all(todo: list[tuple[Job, str]], cache: PhotoCache, content_root: Path | None) -> dict[str, Rendered]:
    """The entries the shared cache holds complete, downloaded into the local cache; or,
    for a metadata-only build, their descriptions, kept in ``cache.in_store``."""

    def describe(job: Job, key: str) -> Rendered | None:
        entry = cache.remote.fetch_metadata(key)
        if entry is None:
            return None
        cache.in_store[key] = entry
        return entry.rendered

    def fetch(job: Job, key: str) -> Rendered | None:
        staged = cache.staging()
        rendered = cache.remote.fetch(key, staged)
        if rendered is None:
            shutil.rmtree(staged, ignore_errors=True)
            return None
        cache.commit(key, staged, rendered)
        return rendered

    found = _on_threads(describe if cache.remote.spec.metadata_only else fetch, todo, cache, content_root)
    cache.fetched += len(found)
    return found


def _store_all(new: list[tuple[Job, str, Rendered]], cache: PhotoCache, content_root: Path | None) -> None:
    """Entries rendered here, uploaded to the shared cache (those already there are left)."""
    stored = _on_threads(lambda job, key, rendered: cache.remote.store(key, cache.folder(key), rendered) or None,
                         new, cache, content_root)
    cache.uploaded += len(stored)


def _on_threads(call, items: list[tuple], cache: PhotoCache, content_root: Path | None) -> dict[str, object]:
    """``call(*item)`` for each item on threads, by key (the item's second field), keeping
    results that are not ``None``. The first failure stops the rest and is raised as one
    ``RemoteCacheError`` naming its photo."""
    done: dict[str, object] = {}
    pool = ThreadPoolExecutor(REMOTE_WORKERS)
    try:
        futures = {pool.submit(call, *item): item for item in items}
        for future, item in futures.items():
            try:
                result = future.result()
            except RemoteCacheError:
                raise
            except Exception as error:  # botocore's many network and service errors
                raise cache.remote.explain(error, _label(item[0].source, content_root)) from None
            if result is not None:
                done[item[1]] = result
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return done


def _not_in_store(job: Job, cache: PhotoCache) -> PhotoIssue:
    """Why a metadata-only build has no photo: the file's own fault when its header shows
    one (as a render would report it), else the shared cache's lack of an entry."""
    checked = probe(job.source, cache.settings)
    if isinstance(checked, PhotoIssue) and not checked.warning:
        return checked
    return PhotoIssue("photo_not_in_cache", {"store": cache.remote.where})


def _label(source: Path, content_root: Path | None) -> str:
    if content_root is not None and source.is_relative_to(content_root):
        return source.relative_to(content_root).as_posix()
    return str(source)


def in_shard(cache: PhotoCache, job: Job, shard: int, shards: int) -> bool:
    """Whether the job is shard ``shard``'s (1 to ``shards``): by the photo's content and
    settings, so one photo copied under several names falls in one shard, and every
    photo in exactly one. An unreadable file falls in the first, which reports it."""
    try:
        digest = cache.key(job.source, job.og)
    except OSError:
        return shard == 1
    return int(digest, 16) % shards == shard - 1


def _cores() -> int:
    """The cores this process may use (Linux can pin it to fewer than the machine has);
    elsewhere (Windows, macOS) there is no affinity call, and all cores count."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _start_method() -> str:
    """fork is fastest, but unsafe once threads run (mkdocs serve): then a fork server;
    where neither exists (Windows), spawn."""
    available = multiprocessing.get_all_start_methods()
    if "fork" in available and threading.active_count() == 1:
        return "fork"
    return "forkserver" if "forkserver" in available else "spawn"


def _same_pixels(cache: PhotoCache, job: Job, key: str, outcome: Rendered | PhotoIssue, other: Job, other_key: str) -> Rendered | PhotoIssue:
    """``other``'s cache entry made from ``job``'s, identical bytes under ``other``'s names."""
    if not isinstance(outcome, Rendered):
        return outcome
    renamed = outcome.renamed(base_name(job.stem, key), base_name(other.stem, other_key), other_key)
    staged = cache.staging()
    for old, new in zip(outcome.files(), renamed.files()):
        link_or_copy(cache.folder(key) / old, staged / new)
    cache.commit(other_key, staged, renamed)
    return renamed


def _render_one(job: Job, key: str, staged: Path, settings: PhotoSettings) -> tuple[Path, Rendered | PhotoIssue]:
    try:
        return staged, render(job.source, staged, job.stem, key, settings, job.og)
    except RenderError as err:
        return staged, err.issue
    except MemoryError:
        return staged, PhotoIssue("photo_undecodable", {"detail": "out of memory"})
