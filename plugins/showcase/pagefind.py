"""Running Pagefind over the record pages' articles, beside the rest of the build.

Pagefind splits its index into small chunks fetched per query, so a visitor downloads
a few dozen kilobytes instead of the whole index. Its extended build segments Chinese.
What each page tells Pagefind (filters, names) is decided in ``search.py``; this
module only feeds it documents and collects its bundle.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from . import routes
from .links import link_or_copy


@dataclass(frozen=True)
class IndexReport:
    seconds: float
    pages: int
    output: str


def indexed_pages(output: str) -> int:
    """The page count in Pagefind's report (``Indexed 1000 pages``)."""
    return next((int(line.split()[1]) for line in output.splitlines() if line.strip().startswith("Indexed ") and "page" in line), 0)


#: What Pagefind reads of a record page: its article, in a document of its own.
DOCUMENT = '<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8"></head><body>{}</body></html>'
#: Sections Pagefind is told to ignore (related records, the gallery): left out of its
#: document, since it would parse them only to skip them. The hidden block holding the
#: filters and metadata is a ``div`` and stays.
IGNORED_SECTION = re.compile(r"<section\b[^>]*\bdata-pagefind-ignore\b[^>]*>.*?</section>", re.S)


class SearchIndex:
    """The Pagefind index of the record pages, built beside the rest of the site and reused.

    Pagefind was a third of a build, and most of its time went to parsing the theme
    around each article (header, menus, footer) that it then ignores. It is given the
    articles alone, as the pages are rendered, and runs in its own process while the
    build goes on. When no article changed since the last build, the last index is reused.
    """

    def __init__(self, cache_dir: Path):
        self.folder = cache_dir / "search"
        self.input = self.folder / "input"
        self.output = self.folder / "output"
        self.stamp = self.folder / "indexed.json"
        manifest = self.input / ".manifest.json"
        # what the input folder held after the last build; forgotten until this build's
        # list is complete, so that an interrupted build never trusts a half-written folder
        self.synced: dict[str, str] = _read_json(manifest)
        manifest.unlink(missing_ok=True)
        self.hashes: dict[str, str] = {}
        self.process: subprocess.Popen | None = None
        self.started = 0.0

    def add(self, path: str, article: str) -> str:
        """One record page (``programs/x/index.html``) and the article it shows; its
        document is written at once (by whichever process rendered the page). Returns
        the document's digest."""
        data = DOCUMENT.format(IGNORED_SECTION.sub("", article)).encode()
        digest = hashlib.sha256(data).hexdigest()
        target = self.input / path
        if self.synced.get(path) != digest or not target.is_file():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        self.hashes[path] = digest
        return digest

    def reuse(self, path: str, digest: str) -> bool:
        """Keep the document a page reused from the previous build had (``digest``), if the
        input folder still holds it; False means the page must be rendered again."""
        if not digest or self.synced.get(path) != digest or not (self.input / path).is_file():
            return False
        self.hashes[path] = digest
        return True

    def merge(self, hashes: dict[str, str]) -> None:
        """Documents another rendering process added."""
        self.hashes.update(hashes)

    def start(self) -> None:
        """Start Pagefind on the documents, unless none changed since the last index."""
        self.started = time.perf_counter()
        self.hashes = dict(sorted(self.hashes.items()))
        for path in set(self.synced) - set(self.hashes):
            (self.input / path).unlink(missing_ok=True)
        self.input.mkdir(parents=True, exist_ok=True)
        (self.input / ".manifest.json").write_text(json.dumps(self.hashes), "utf-8")
        if _read_json(self.stamp).get("documents") == self.hashes and self.output.is_dir():
            return
        self.stamp.unlink(missing_ok=True)
        shutil.rmtree(self.output, ignore_errors=True)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "pagefind", "--site", str(self.input), "--output-path", str(self.output), "--force-language", "zh"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )

    def finish(self, site_dir: Path) -> IndexReport:
        """Wait for Pagefind and put its bundle in ``site_dir/pagefind``; raises on failure."""
        output = ""
        if self.process is not None:
            output, _ = self.process.communicate()
            if self.process.returncode != 0:
                raise RuntimeError(f"Pagefind failed:\n{output}")
            self.stamp.write_text(json.dumps({"documents": self.hashes}), "utf-8")
        target = site_dir / routes.PAGEFIND_FOLDER
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(self.output, target, copy_function=link_or_copy)
        return IndexReport(time.perf_counter() - self.started, indexed_pages(output) if output else len(self.hashes), output)

    def cancel(self) -> None:
        """Stop a run still going (a newer preview build supersedes it)."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()


def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
