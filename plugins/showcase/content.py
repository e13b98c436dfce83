"""From a content folder to a validated ``Site`` and the list of problems found.

This is the one entry point the command line, the MkDocs plugin and tests share.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .inventory import named_files, outside, stray_files, walk
from .load import SourceFile
from .parsed import ParsedFiles
from .problems import Problem, errors, sort_problems
from .registry import DEFAULT, Registry
from .schema import Record, reference_values
from .site import Entry, Site
from .validate import check_references, validate_fields


@dataclass
class Content:
    site: Site
    problems: list[Problem]
    sources: list[SourceFile]
    #: Every file under the content folder (content-relative path, path), links not followed.
    files: list[tuple[str, Path]]


def discover(content_root: Path, registry: Registry = DEFAULT) -> list[tuple[str, Path]]:
    """Record files by collection: ``<type>/<slug>.md`` or the bundle ``<type>/<slug>/index.md``."""
    found = []
    for collection in registry.names:
        folder = content_root / collection
        if not folder.is_dir():
            continue
        flat = [p for p in folder.glob("*.md") if p.name != "index.md"]
        bundles = list(folder.glob("*/index.md"))
        found += [(collection, path) for path in sorted(flat + bundles) if not _linked_out(path, content_root)]
    return found


def _linked_out(path: Path, content_root: Path) -> bool:
    """A record file, or its folder, that is a link out of the content folder: never read."""
    return (path.is_symlink() or path.parent.is_symlink()) and outside(path, content_root)


def load_content(repo_root: Path, content_root: Path, cache_dir: Path | None = None, registry: Registry = DEFAULT) -> Content:
    """Every record file read, validated and cross-checked. With ``cache_dir``, files whose
    bytes did not change since the last load are not parsed again (``parsed.py``)."""
    repo_root, content_root = Path(repo_root).resolve(), Path(content_root).resolve()
    parsed = ParsedFiles(cache_dir)
    sources: list[SourceFile] = []
    records: dict[str, Record] = {}
    named: set[str] = set()
    try:
        for name, path in discover(content_root, registry):
            src = parsed.read(path, repo_root, content_root, name)
            record = validate_fields(src, registry)
            named |= named_files(src)
            if record is not None:
                records[src.path] = record
                if not errors(src.problems):
                    src.settle(registry[name].model)
            sources.append(src)
    finally:
        parsed.save()
    check_references(sources, registry)
    files = walk(content_root)
    problems = sort_problems([*(p for src in sources for p in src.problems), *stray_files(content_root, repo_root, named, files)])
    entries = [
        Entry(src.collection, src.slug, records[src.path], src, registry[src.collection])
        for src in sources
        if src.path in records and not errors(src.problems) and not src.is_draft
    ]
    return Content(Site(_resolvable(entries), registry), problems, sources, files)


def _resolvable(entries: list[Entry]) -> list[Entry]:
    """Drop, until none is left to drop, records that refer to a record not published."""
    while True:
        present = {(e.collection, e.slug) for e in entries}
        kept = [e for e in entries if all((t, slug) in present for _, t, slug in reference_values(type(e.record), e.record.__dict__))]
        if len(kept) == len(entries):
            return kept
        entries = kept

