"""Render every photo a build needs, through the cache, in parallel on all cores."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import threading
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .cache import PhotoCache
from .inspect import PhotoIssue
from .render import RenderError, Rendered, render
from .settings import PhotoSettings


@dataclass(frozen=True)
class Job:
    source: Path
    stem: str  # the output file names' prefix (the original's name, made safe)
    og: bool = False  # also cut the 1200×630 Open Graph image (covers only)


def process(jobs: list[Job], cache: PhotoCache, workers: int | None = None) -> dict[Path, Rendered | PhotoIssue]:
    """Rendered photo or the reason it cannot be published, for every job's source."""
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
    workers = max(1, min(workers or len(os.sched_getaffinity(0)), len(todo)))
    if workers == 1:
        outcomes = [_render_one(job, key, cache.staging(), cache.settings) for job, key in todo]
    else:
        # fork is fastest, but unsafe once threads run (mkdocs serve): then a fork server
        method = "fork" if threading.active_count() == 1 else "forkserver"
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context(method)) as pool:
            futures = [pool.submit(_render_one, job, key, cache.staging(), cache.settings) for job, key in todo]
            outcomes = [future.result() for future in futures]
    for (job, key), (staged, outcome) in zip(todo, outcomes):
        if isinstance(outcome, Rendered):
            cache.commit(key, staged, outcome)
        else:
            shutil.rmtree(staged, ignore_errors=True)
        results[job.source] = outcome
    for copies in same.values():
        for job in copies[1:]:
            results[job.source] = results[copies[0].source]
    cache.save_index()
    return results


def _render_one(job: Job, key: str, staged: Path, settings: PhotoSettings) -> tuple[Path, Rendered | PhotoIssue]:
    try:
        return staged, render(job.source, staged, job.stem, key, settings, job.og)
    except RenderError as err:
        return staged, err.issue
    except MemoryError:
        return staged, PhotoIssue("photo_undecodable", {"detail": "out of memory"})
