"""MkDocs glue for the preview: a saved record's page shown before the full rebuild ends.

``mkdocs serve`` rebuilds the whole site on every save, into the folder it serves: it
empties the folder first, holds every request until the build ends, and reloads the
browser only then (at 10,000 records, tens of seconds). Here:

- Builds alternate between two folders: the browser is served the last finished
  build (never a half-built one) while the next build writes the other folder, and the
  served folder switches when that build ends (``publish``). Requests are answered at
  once from the served folder instead of waiting for the build.
- A thread of our own watches the content folder beside MkDocs' watcher. When a record
  file is saved, it plans that record's page against the served build (``refresh.py``),
  renders it with the served build's renderer, writes it into the served folder
  (written aside, then moved into place: a reader never sees half a file) and tells the
  browsers to reload. MkDocs' full rebuild runs meanwhile into the other folder; when
  it ends, its folder is served and the browsers reload again, so its output wins.

The fast path writes only into the served folder and the builds only into the other
one; one lock orders a fast write against the switch of folders, so a page planned
against an older build is never written after a newer build is served.

This reaches into MkDocs' live-reload server (``mkdocs.livereload``, MkDocs pinned in
requirements.lock): its ``root``, app, error handler and observer, and the private
``_visible_epoch``/``_epoch_cond`` pair its long-polling browsers wait on, with
``_inject_js_into_html`` and ``_guess_type``. ``tests/test_quick_preview.py`` fails if
an upgrade changes them.
"""

from __future__ import annotations

import logging
import os
import posixpath
import queue
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import watchdog.events

from .build import Build
from .mkdocs_prerender import PageParts, PrerenderedFile, Prerenderer
from .refresh import Refreshed, refresh

log = logging.getLogger("mkdocs.plugins.showcase")

#: After a save, how long to wait for the other writes of the same save (an editor's
#: temporary file and rename) before refreshing.
SETTLE = 0.05
#: More files than this saved at once is a bulk change (a checkout): the full rebuild shows it.
MAX_REFRESHED = 5
#: A page being read on Windows cannot be replaced: how often, and how long apart, to try again.
REPLACE_TRIES, REPLACE_PAUSE = 20, 0.02
#: How long a full rebuild waits for the quick refresh of the save that started it: the
#: two share one interpreter, and side by side the refresh took three times as long.
REFRESH_FIRST = 10.0


@dataclass(frozen=True)
class Served:
    """A finished build as the browser sees it: what planned and rendered it, and its folder."""

    build: Build
    renderer: Prerenderer
    config: Any
    root: str
    lang: str
    page_parts: Callable[..., PageParts]


class LivePreview:
    """The preview's state between builds (one per plugin instance, which MkDocs keeps
    for the whole ``mkdocs serve``)."""

    def __init__(self):
        self.lock = threading.Lock()
        self.served: Served | None = None
        self.server: Any = None
        #: MkDocs' own output folder, and the second one builds alternate with.
        self.origin: str | None = None
        self.spare: str | None = None
        self.saved: queue.Queue[str] = queue.Queue()
        #: Set while no quick refresh is waiting or under way (a full rebuild waits for it).
        self.idle = threading.Event()
        self.idle.set()
        #: Record pages refreshed ahead of a full rebuild (tests and the log read it).
        self.refreshed = 0
        #: When the build under way started (the clock of file times), and the files refreshed since.
        self.build_started = 0.0
        self.recent: set[str] = set()

    def site_dir(self, config) -> str:
        """The folder the next build writes: the one not being served."""
        self.build_started = time.time()
        if self.server is None:  # MkDocs' first build, before the server exists
            return config.site_dir
        if self.spare is None:
            self.spare = tempfile.mkdtemp(prefix="mkdocs_showcase_")
        served = self.server.root
        return self.spare if os.path.abspath(served) != os.path.abspath(self.spare) else self.origin

    def attach(self, server, content_root: Path) -> None:
        """Serve finished builds without waiting for the next one, and watch record files."""
        self.server, self.origin = server, server.root
        original = server.get_app()
        server.set_app(lambda environ, start_response: self._serve(original, environ, start_response))
        server.error_handler = self._error_page
        build = server.builder
        server.builder = lambda *args, **kwargs: (self.idle.wait(REFRESH_FIRST), build(*args, **kwargs))[1]
        handler = watchdog.events.FileSystemEventHandler()
        handler.on_any_event = self._on_event
        server.observer.schedule(handler, os.path.abspath(str(content_root)), recursive=True)
        threading.Thread(target=self._refresh_loop, name="showcase-refresh", daemon=True).start()

    def publish(self, served: Served) -> None:
        """A build has ended: serve its folder (the fast path's pages go to it from now on)."""
        served.renderer.store = None  # the page store is the next build's; only rendering is kept
        with self.lock:
            self.served = served
            if self.server is not None:
                self.server.root = served.root
            # saved while this build ran, perhaps after it read them: refreshed again against it
            again = [path for path in self.recent if _modified(path) >= self.build_started]
            self.recent.clear()
        for path in again:
            self.saved.put(path)

    def close(self) -> None:
        """Remove the second folder (MkDocs removes its own)."""
        if self.spare is not None:
            shutil.rmtree(self.spare, ignore_errors=True)

    # -- serving -----------------------------------------------------------------

    def _serve(self, original, environ, start_response):
        """A file of the served build, at once; anything else (live reload's polls, missing
        files, the first build) as MkDocs answers it."""
        server = self.server
        path = environ.get("PATH_INFO", "").encode("latin-1").decode("utf-8", "ignore")
        if self.served is None or path.startswith("/livereload/") or not (path + "/").startswith(server.mount_path):
            return original(environ, start_response)
        relative = path[len(server.mount_path):] + ("index.html" if path.endswith("/") else "")
        file_path = os.path.join(server.root, posixpath.normpath("/" + relative).lstrip("/"))
        try:
            with open(file_path, "rb") as handle:
                content = handle.read()
        except OSError:
            return original(environ, start_response)
        if file_path.endswith(".html"):
            content = server._inject_js_into_html(content, server._visible_epoch)
        start_response("200 OK", [("Content-Type", server._guess_type(file_path)), ("Content-Length", str(len(content)))])
        return [content]

    def _error_page(self, code: int) -> bytes | None:
        try:
            with open(os.path.join(self.server.root, f"{code}.html"), "rb") as handle:
                return handle.read()
        except OSError:
            return None

    # -- the fast path -----------------------------------------------------------

    def _on_event(self, event) -> None:
        if event.is_directory:
            return
        for path in (event.src_path, getattr(event, "dest_path", "")):
            if isinstance(path, bytes):
                path = os.fsdecode(path)
            if path and path.endswith(".md"):
                self.idle.clear()
                self.saved.put(path)

    def _refresh_loop(self) -> None:
        while True:
            paths = {self.saved.get()}
            self.idle.clear()
            time.sleep(SETTLE)
            while not self.saved.empty():
                paths.add(self.saved.get_nowait())
            if len(paths) <= MAX_REFRESHED:
                for path in sorted(paths):
                    self._refresh_quietly(Path(path))
            if self.saved.empty():
                self.idle.set()

    def _refresh_quietly(self, path: Path) -> None:
        try:
            self.refresh(path)
        except Exception as err:  # the full rebuild still follows: the preview never stops here
            log.warning("showcase: quick refresh of %s failed (%s: %s); the full rebuild will show it",
                        path, type(err).__name__, err)

    def refresh(self, path: Path) -> str | None:
        """Write the page of the record file at ``path`` into the served build and reload
        the browsers; the page's address, or ``None`` when only the full rebuild can tell."""
        served = self.served
        if served is None or not path.is_file():
            return None
        started = time.perf_counter()
        result = refresh(served.build, path, served.lang)
        if result is None:
            return None
        html = _render(served, result)
        with self.lock:
            if self.served is not served:  # a newer build is served: its page stands
                return None
            _replace(os.path.join(served.root, *result.url.split("/"), "index.html"), html)
            self._reload()
            self.refreshed += 1
            self.recent.add(str(path))
        log.info("showcase: quick refresh: /%s shown %.2f s after reading %s; the full rebuild follows",
                 result.url, time.perf_counter() - started, result.source.path)
        return result.url

    def _reload(self) -> None:
        """Browsers waiting on live reload reload now. The epoch stays below the one of the
        build under way, if any, so that the browsers reload once more when it ends."""
        server = self.server
        if server is None:
            return
        with server._epoch_cond:
            server._visible_epoch += 1
            server._epoch_cond.notify_all()


def _render(served: Served, result: Refreshed) -> str:
    """The record's page, or its error page, as the served build would have written it."""
    renderer = served.renderer
    if result.broken is not None:
        return renderer.env.get_template("showcase/problem.html").render(page=result.broken)
    config, entry = served.config, result.entry
    file = PrerenderedFile(entry.source.src_uri, config.docs_dir, served.root, config.use_directory_urls,
                           dest_uri=result.url + "index.html")
    parts = served.page_parts(file, entry, result.view)
    html, _article, _links = renderer.render(parts)
    return html


def _modified(path: str) -> float:
    try:
        return os.stat(path).st_mtime
    except OSError:
        return 0.0


def _replace(path: str, text: str) -> None:
    """Write ``path`` aside and move it into place (a reader sees the old page or the new
    one, never part of one); a page being read on Windows is tried again."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    aside = f"{path}.{os.getpid()}.{threading.get_ident()}.tmp"
    with open(aside, "w", encoding="utf-8") as out:
        out.write(text)
    for attempt in range(REPLACE_TRIES):
        try:
            os.replace(aside, path)
            return
        except PermissionError:
            if attempt == REPLACE_TRIES - 1:
                os.unlink(aside)
                raise
            time.sleep(REPLACE_PAUSE)
