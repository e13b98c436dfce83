"""Which record files a change touches, for ``showcase check --changed``.

A record is checked when its file or one of its photos changed, and so is every
record that refers to a changed record (a renamed slug breaks its referrers).
"""

from __future__ import annotations

import subprocess
from pathlib import Path

from .load import SourceFile
from .registry import DEFAULT, Registry


def changed_paths(repo_root: Path, base: str | None = None) -> set[Path] | None:
    """Files git shows as changed (against ``base`` if given, else the working tree), or None without git."""

    def git(*args: str) -> list[str]:
        result = subprocess.run(["git", *args], cwd=repo_root, capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(result.stderr.strip())
        return [line for line in result.stdout.splitlines() if line]

    try:
        names = git("diff", "--name-only", f"{base}...HEAD") if base else []
        names += git("diff", "--name-only", "HEAD")
        names += git("ls-files", "--others", "--exclude-standard")
    except (RuntimeError, FileNotFoundError):
        return None
    return {(repo_root / name).resolve() for name in names}


def affected(sources: list[SourceFile], changed: set[Path], registry: Registry = DEFAULT) -> set[str]:
    """Repository paths of the records to check: changed ones and those referring to them."""
    touched = {
        src.path
        for src in sources
        if src.abs_path.resolve() in changed
        or (src.is_bundle and any(path.is_relative_to(src.folder.resolve()) for path in changed))
        or (not src.is_bundle and any(path.parent == src.folder.resolve() and path.suffix != ".md" for path in changed))
    }
    slugs = {(src.collection, src.slug) for src in sources if src.path in touched}
    for src in sources:
        if src.path not in touched and src.collection in registry:
            if any((target, slug) in slugs for _, target, slug in src.references(registry[src.collection].model)):
                touched.add(src.path)
    return touched
