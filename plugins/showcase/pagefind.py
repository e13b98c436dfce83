"""Running Pagefind over the record pages' articles, beside the rest of the build.

Pagefind splits its index into small chunks fetched per query, so a visitor downloads
a few dozen kilobytes instead of the whole index. Its extended build segments Chinese.
What each page tells Pagefind (filters, names) is decided in ``search.py``; this
module only feeds it documents and collects its bundle.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import shutil
import subprocess
import sys
import threading
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


#: Set by ``showcase build`` for the build it starts: the file where a large site's index
#: is handed over (``SearchIndex.hand_over``) instead of being built inside MkDocs' process.
ENV_HANDOVER = "SHOWCASE_SEARCH_HANDOVER"

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

    A large site's index is split into ``parts`` (each article's part fixed by its path):
    Pagefind holds a whole index in memory (about 50 KB a page), so one index of 100,000
    records would need more than 5 GB; parts are indexed one after another, each in
    bounded memory, and only the parts whose articles changed are indexed again. The
    browser merges them (``mergeIndex``): each extra part costs a query its entry file,
    metadata and one index chunk per word, so small sites keep one index.
    """

    def __init__(self, cache_dir: Path, parts: int = 1):
        self.folder = cache_dir / "search"
        self.input = self.folder / "input"
        self.output = self.folder / "output"
        self.stamp = self.folder / "indexed.json"
        self.parts = max(1, parts)
        manifest = self.input / ".manifest.json"
        # what the input folder held after the last build; forgotten until this build's
        # list is complete, so that an interrupted build never trusts a half-written folder
        self.synced: dict[str, str] = _read_json(manifest)
        manifest.unlink(missing_ok=True)
        self.hashes: dict[str, str] = {}
        self.runner: _Runs | None = None
        self.pending: HandedOver | None = None
        self.started = 0.0

    @staticmethod
    def parts_for(documents: int, part_pages: int) -> int:
        """How many parts an index of ``documents`` articles takes, at most ``part_pages``
        each (0: never split)."""
        return 1 if part_pages <= 0 else max(1, math.ceil(documents / part_pages))

    def part_of(self, path: str) -> int:
        """The part an article belongs to: fixed by its path, so an edit touches one part."""
        if self.parts == 1:
            return 0
        return int(hashlib.sha256(path.encode()).hexdigest()[:8], 16) % self.parts

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
        """Start Pagefind on the parts whose documents changed since they were last indexed."""
        self.started = time.perf_counter()
        self.pending = self._pending()
        if self.pending.runs:
            self.runner = _Runs(self.pending.runs)

    def hand_over(self, path: Path) -> None:
        """Write to ``path`` what is left to do (``HandedOver``) instead of running Pagefind
        here: the process that started MkDocs runs it once MkDocs has exited, so that a large
        site's build and its index never hold memory at the same time."""
        self.started = time.perf_counter()
        self._pending().write(path)

    def _pending(self) -> HandedOver:
        runs = self._runs()
        return HandedOver(self.output, self.stamp, self.parts, runs, self._documents() if runs else None, len(self.hashes))

    def _runs(self) -> list[list[str]]:
        """Sync the input folder with this build's documents; the Pagefind commands for the
        parts whose documents changed (none when every part is still indexed)."""
        self.hashes = dict(sorted(self.hashes.items()))
        for path in set(self.synced) - set(self.hashes):
            (self.input / path).unlink(missing_ok=True)
        self.input.mkdir(parents=True, exist_ok=True)
        (self.input / ".manifest.json").write_text(json.dumps(self.hashes), "utf-8")
        indexed = _read_json(self.stamp).get("parts")
        wanted = self._documents()
        stale = [k for k in range(self.parts)
                 if not isinstance(indexed, list) or len(indexed) != self.parts or indexed[k] != wanted[k]
                 or not (self.output / str(k)).is_dir()]
        if not stale:
            return []
        self.stamp.unlink(missing_ok=True)
        if len(stale) == self.parts:  # nothing reused: clear whatever an earlier layout left
            shutil.rmtree(self.output, ignore_errors=True)
        runs = []
        for k in stale:
            shutil.rmtree(self.output / str(k), ignore_errors=True)
            runs.append([sys.executable, "-m", "pagefind", "--site", str(self._site_of(k, wanted[k])),
                         "--output-path", str(self.output / str(k)), "--force-language", "zh"])
        return runs

    def _documents(self) -> list[dict[str, str]]:
        parts: list[dict[str, str]] = [{} for _ in range(self.parts)]
        for path, digest in self.hashes.items():
            parts[self.part_of(path)][path] = digest
        return parts

    def _site_of(self, part: int, documents: dict[str, str]) -> Path:
        """The folder Pagefind reads for a part: the input folder itself for a whole index,
        else a folder of links to the part's documents."""
        if self.parts == 1:
            return self.input
        folder = self.folder / "parts" / str(part)
        shutil.rmtree(folder, ignore_errors=True)
        for path in documents:
            (folder / path).parent.mkdir(parents=True, exist_ok=True)
            link_or_copy(str(self.input / path), str(folder / path))
        return folder

    def finish(self, site_dir: Path) -> IndexReport:
        """Wait for Pagefind and put its bundles in ``site_dir/pagefind``; raises on failure."""
        if self.pending is None:
            raise RuntimeError("the search index was never started")
        return self.pending.publish(site_dir, self.runner.wait() if self.runner is not None else "", self.started)

    def cancel(self) -> None:
        """Stop a run still going (a newer preview build supersedes it)."""
        if self.runner is not None:
            self.runner.cancel()


@dataclass(frozen=True)
class HandedOver:
    """What an index still needs once its documents are written: the Pagefind runs for the
    stale parts, then its bundles put in the site. ``SearchIndex`` runs it beside the build,
    or writes it down (``hand_over``) for ``showcase build`` to run once MkDocs has exited,
    so that Pagefind has the memory to itself."""

    output: Path
    stamp: Path
    parts: int
    runs: list[list[str]]
    documents: list[dict[str, str]] | None
    pages: int

    @classmethod
    def read(cls, path: Path) -> HandedOver | None:
        """The index left at ``path``; ``None`` when the build left none (a small site's
        index is built inside the build)."""
        state = _read_json(path)
        if not state:
            return None
        return cls(Path(state["output"]), Path(state["stamp"]), state["parts"], state["runs"], state["documents"], state["pages"])

    def write(self, path: Path) -> None:
        """Leave this for ``showcase build`` (``read``): the build process is about to exit."""
        state = {"output": str(self.output), "stamp": str(self.stamp), "parts": self.parts, "runs": self.runs,
                 "documents": self.documents, "pages": self.pages}
        path.write_text(json.dumps(state, ensure_ascii=False), "utf-8")

    def finish(self, site_dir: Path) -> IndexReport:
        """Run Pagefind on the stale parts, one after another, and put every part's bundle
        in ``site_dir``; raises ``RuntimeError`` on failure."""
        started = time.perf_counter()
        return self.publish(site_dir, _Runs(self.runs).wait() if self.runs else "", started)

    def publish(self, site_dir: Path, output: str, started: float) -> IndexReport:
        """Once the runs are done (``output``, Pagefind's reports): stamp the parts they
        indexed, so the next build reuses them, and put every part's bundle in ``site_dir``."""
        if self.runs:
            self.stamp.write_text(json.dumps({"parts": self.documents}), "utf-8")
        _publish(self.output, self.parts, site_dir)
        return IndexReport(time.perf_counter() - started, _pages(output) or self.pages, output)


def _publish(output: Path, parts: int, site_dir: Path) -> None:
    """Every part's bundle into the site (``routes.pagefind_bundle``), linked, not copied."""
    target = site_dir / routes.PAGEFIND_FOLDER
    shutil.rmtree(target, ignore_errors=True)
    for k in range(parts):
        shutil.copytree(output / str(k), site_dir / routes.pagefind_bundle(k), copy_function=link_or_copy)


def _pages(output: str) -> int:
    return sum(indexed_pages(report) for report in output.split(_Runs.SEPARATOR)) if output else 0


class _Runs:
    """Pagefind runs one after another in a thread of their own: one index in memory at a time."""

    SEPARATOR = "\n\f\n"

    def __init__(self, commands: list[list[str]]):
        self.commands = commands
        self.outputs: list[str] = []
        self.failure = ""
        self.cancelled = threading.Event()
        self.lock = threading.Lock()
        self.process: subprocess.Popen | None = None
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        for command in self.commands:
            with self.lock:
                if self.cancelled.is_set():
                    return
                self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
            output, _ = self.process.communicate()
            if self.process.returncode != 0:
                self.failure = f"Pagefind failed:\n{output}"
                return
            self.outputs.append(output)

    def wait(self) -> str:
        self.thread.join()
        if self.failure or self.cancelled.is_set():
            raise RuntimeError(self.failure or "Pagefind was stopped")
        return self.SEPARATOR.join(self.outputs)

    def cancel(self) -> None:
        with self.lock:
            self.cancelled.set()
            if self.process is not None and self.process.poll() is None:
                self.process.kill()
        self.thread.join()


def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
