"""One saved record again, alone: what the preview shows within a second of a save.

A full rebuild under ``showcase serve`` loads, validates and plans every record; at
10,000 records that is tens of seconds before the browser reloads. The page a staff
member is looking at after saving depends on that one file and on the rest of the site
as it was a moment ago, so the preview first refreshes just that page: the file is read
and validated again, cross-checked against every other record as the previous build
read them, and planned against the previous build's site with this record swapped in.
The full rebuild follows and its output replaces this page (listings, search and
everything that shows the record catch up then).

When the answer depends on more than the one file (a new or renamed record, a change of
address, a new photo to render, a reference to a record that is not published, a record
turned into a draft) ``refresh`` answers ``None`` and the preview waits for the full
rebuild as before. A record with errors gets its error page (``preview.py``), the same
one the full build writes.
"""

from __future__ import annotations

import copy
import os
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Callable

from . import routes
from .build import Build
from .load import SourceFile, read_source
from .pictures import photo_sources
from .plan.records import record_view
from .plan.shared import Shared
from .plan.views import RecordView
from .preview import BrokenPage, own_broken_page
from .problems import errors
from .schema import reference_values
from .site import Entry, Site
from .validate import check_references, validate_fields


@dataclass(frozen=True)
class Refreshed:
    """The saved record's page as it now stands: published (``entry`` with its view) or
    broken (``broken``, its error page); ``url`` is its address either way."""

    url: str
    source: SourceFile
    entry: Entry | None = None
    site: Site | None = None
    view: Callable[[], RecordView] | None = None
    broken: BrokenPage | None = None


def refresh(build: Build, path: Path, lang: str = "zh") -> Refreshed | None:
    """The page of the record file at ``path`` planned against ``build`` with only that
    file read again; ``None`` when only a full rebuild can tell (see the module)."""
    old = _source_at(build, path)
    if old is None:
        return None
    options, registry = build.options, build.options.registry
    src = read_source(old.abs_path, options.repo_root.resolve(), options.content_root.resolve(), old.collection)
    if src.slug != old.slug or src.is_draft or old.is_draft:
        return None
    url = routes.record(src.collection, src.slug)
    record = validate_fields(src, registry)
    # the others are copied: cross-checking adds their problems again, and the served build keeps its own
    others = [src if s is old else _fresh_copy(s) for s in build.content.sources]
    check_references(others, registry)
    if errors(src.problems) or record is None:
        broken = own_broken_page(src, registry, lang)
        return Refreshed(broken.url, src, broken=broken) if broken is not None else None
    site = build.content.site
    if any(site.get(target, slug) is None for _, target, slug in reference_values(type(record), record.__dict__)):
        return None
    entry = Entry(src.collection, src.slug, record, src, registry[src.collection])
    if any(build.book.rendered(photo) is None for photo, _loc, _name in photo_sources(entry)):  # a new photo
        return None
    swapped = Site([entry if (e.collection, e.slug) == (entry.collection, entry.slug) else e for e in site.entries()]
                   + ([] if site.get(entry.collection, entry.slug) else [entry]), registry)
    before = build.plan.shared
    shared = Shared(swapped, build.book, before.info, before.feeds, before.plain_pages)
    return Refreshed(url, src, entry, swapped, partial(record_view, shared, entry))


def _source_at(build: Build, path: Path) -> SourceFile | None:
    """The record file the previous build read at ``path`` (a new file is not one)."""
    wanted = os.path.normcase(os.path.abspath(path))
    for src in build.content.sources:
        if os.path.normcase(os.path.abspath(src.abs_path)) == wanted:
            return src
    return None


def _fresh_copy(src: SourceFile) -> SourceFile:
    fresh = copy.copy(src)
    fresh.problems = []
    return fresh
