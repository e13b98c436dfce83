"""Pages reused from the previous build when nothing they show has changed.

Why: after one record is edited, a build used to render every page again, though only
the pages that show that record (its own page, the listings and home sections it is
on, the programmes that list it as related, its organization's page) can differ.

How: each page's **key** is a digest of everything its template is given (its view,
title, template, body) and of the renderer (theme, templates, configuration, this
package's code: ``renderer``). While the view is digested, every record it refers to
stands for the digest of its source file, and is noted as one of the page's
**dependencies**: the records the page shows. A page whose key is the one stored by the
previous build is not rendered; its stored HTML is linked into the new site. So editing
a record changes the keys of exactly the pages that show it, and figures or counts a
listing derives from other records change its key through their values.

Nothing is global: each page's key and dependencies are computed from that page alone
(with a memo of digests shared between pages, which only saves time), so pages can be
planned and rendered one at a time. The store is trusted only once a build has finished
(its manifest is removed when a build starts and written when it ends).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .links import link_or_copy
from .plan.views import Card, Facet
from .site import Entry

MANIFEST = "manifest.json"


class Digests:
    """Digests of the values views are made of. A value is written out as one flat string
    (type names, field names and values, with lengths where strings are) and hashed once
    per page. Records and cards are memoised by identity for one build (a programme's card
    is shown on a dozen listings and written out once); nothing else is kept, so a page's
    view can be dropped once its page is written."""

    #: Values shared between pages, built once per build and never changed: a record's card
    #: (``Shared.card``) and a listing's browse links (shared by all its pages).
    SHARED = (Card, Facet)

    def __init__(self):
        self.memo: dict[int, tuple[str, frozenset[str]]] = {}
        self.keep: list[Any] = []  # the memo's objects stay alive, so their ids are not reused
        self.fields: dict[type, tuple[str, ...]] = {}

    def entry(self, entry: Entry) -> str:
        """A record's digest: what its source file says (it determines the record)."""
        found = self.memo.get(id(entry))
        if found is None:
            source = entry.source
            text = json.dumps([entry.collection, entry.slug, source.fingerprint()], ensure_ascii=False)
            found = ("E" + hashlib.sha256(text.encode()).hexdigest(), frozenset({source.src_uri}))
            self._remember(entry, found)
            self._remember(entry.record, found)  # a view's ``record`` is its entry's
        return found[0]

    def of(self, value: Any) -> tuple[str, frozenset[str]]:
        """``value``'s digest, and the records (source paths) it refers to."""
        out: list[str] = []
        deps: set[str] = set()
        self._write(value, out, deps)
        return hashlib.sha256("\x1f".join(out).encode()).hexdigest(), frozenset(deps)

    def _write(self, value: Any, out: list[str], deps: set[str]) -> None:
        kind = type(value)
        if kind is str:
            out.append(f"s{len(value)}:{value}")
            return
        if value is None or kind is int or kind is float or kind is bool:
            out.append(f"{kind.__name__}:{value!r}")
            return
        found = self.memo.get(id(value))
        if found is not None:
            out.append(found[0])
            deps.update(found[1])
            return
        if isinstance(value, str):  # Markup
            out.append(f"s{len(value)}:{value}")
        elif isinstance(value, Entry):
            out.append(self.entry(value))
            deps.update(self.memo[id(value)][1])
        elif isinstance(value, (dt.date, dt.datetime)):
            out.append(f"date:{value.isoformat()}")
        elif isinstance(value, dict):
            out.append(f"{{{len(value)}")
            for key in sorted(value, key=repr):
                self._write(key, out, deps)
                self._write(value[key], out, deps)
        elif isinstance(value, (list, tuple)):
            out.append(f"[{len(value)}")
            for item in value:
                self._write(item, out, deps)
        elif isinstance(value, (set, frozenset)):
            members = [self.of(item) for item in value]
            out.append(f"<{len(value)}")
            out.extend(sorted(digest for digest, _ in members))
            for _, more in members:
                deps.update(more)
        elif isinstance(value, self.SHARED):
            found = self.of(self._fields(value))
            self._remember(value, found)
            out.append(found[0])
            deps.update(found[1])
        else:
            fields = self._fields(value)
            if fields is None:
                out.append(f"{kind.__qualname__}:{value!r}")
                return
            out.append(kind.__qualname__)
            self._write(fields, out, deps)

    def _fields(self, value: Any) -> dict[str, Any] | None:
        """A dataclass's, pydantic model's or plain object's fields, by name."""
        kind = type(value)
        names = self.fields.get(kind)
        if names is None:
            if dataclasses.is_dataclass(value):
                names = tuple(f.name for f in dataclasses.fields(value))
            elif hasattr(kind, "model_fields"):
                names = tuple(kind.model_fields)
            elif hasattr(value, "__dict__"):
                return dict(vars(value))
            else:
                return None
            self.fields[kind] = names
        return {name: getattr(value, name) for name in names}

    def _remember(self, value: Any, found: tuple[str, frozenset[str]]) -> None:
        self.memo[id(value)] = found
        self.keep.append(value)


def page_key(renderer: str, inputs: list[Any], view: Any, digests: Digests) -> tuple[str, frozenset[str]]:
    """A page's key (renderer, its own inputs such as URL, title, template and body, and
    its view) and its dependencies (the records its view refers to)."""
    own, _ = digests.of(tuple(inputs))
    shown, deps = digests.of(view)
    return hashlib.sha256(f"{renderer}\x1e{own}\x1e{shown}".encode()).hexdigest(), deps


@dataclass
class Stored:
    """What the previous build knew of a page besides its HTML: its key, what it found
    while rendering (anchors, links to anchors) and its search document's digest."""

    key: str
    deps: list[str]
    anchors: list[str] | None = None
    links: dict[str, dict[str, str]] = field(default_factory=dict)
    article: str = ""


class PageStore:
    """Rendered pages kept in ``<cache>/pages`` between builds, with their keys.

    ``remembered`` (the previous build's keys, held by a preview server between its
    rebuilds) spares reading the manifest; the HTML itself is linked from the cache
    folder, since MkDocs empties the output folder before every build."""

    def __init__(self, cache_dir: Path, renderer: str, remembered: dict[str, Stored] | None = None):
        self.folder = cache_dir / "pages"
        self.html = self.folder / "html"
        self.renderer = renderer
        manifest = self.folder / MANIFEST
        if remembered is not None:
            self.previous = remembered
        else:
            data = _read_json(manifest)
            pages = data.get("pages", {}) if data.get("renderer") == renderer else {}
            self.previous = {path: Stored(**stored) for path, stored in pages.items()}
        manifest.unlink(missing_ok=True)  # trusted again only when this build finishes
        self.current: dict[str, Stored] = {}
        self.reused = 0
        self.rendered = 0

    def lookup(self, path: str, key: str) -> Stored | None:
        """The stored page for ``path`` if its key is ``key`` and its HTML is still there."""
        stored = self.previous.get(path)
        if stored is None or stored.key != key or not (self.html / path).is_file():
            return None
        return stored

    def reuse(self, path: str, stored: Stored, target: str) -> None:
        """Link the stored HTML to ``target`` in the output folder."""
        link_or_copy(self.html / path, target)
        self.current[path] = stored
        self.reused += 1

    def keep(self, path: str, html: str, stored: Stored | None, target: str) -> None:
        """Write a freshly rendered page: into the cache (a new file, so a linked copy in a
        previous output folder never changes), then linked to ``target``. ``stored`` None
        means the page may not be reused (rendering it logged a warning, which a reused
        page would not repeat)."""
        self.rendered += 1
        if stored is None:
            with open(target, "w", encoding="utf-8") as out:
                out.write(html)
            return
        cached = self.html / path
        cached.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=cached.parent, prefix=".page-")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(html)
        os.replace(temp, cached)
        link_or_copy(cached, target)
        self.current[path] = stored

    def merge(self, stored: dict[str, Stored], reused: int, rendered: int) -> None:
        """What another rendering process kept."""
        self.current.update(stored)
        self.reused += reused
        self.rendered += rendered

    def finish(self) -> None:
        """Forget pages no longer built, and write the manifest the next build trusts."""
        for path in set(self.previous) - set(self.current):
            (self.html / path).unlink(missing_ok=True)
        self.folder.mkdir(parents=True, exist_ok=True)
        # written page by page: made whole, the manifest of 117,015 pages was copied into
        # dictionaries, then into one string, at the end of the build
        fd, tmp = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write('{"renderer": ' + json.dumps(self.renderer) + ', "pages": {')
            for k, (path, stored) in enumerate(sorted(self.current.items())):
                out.write((", " if k else "") + json.dumps(path, ensure_ascii=False) + ": "
                          + json.dumps(dataclasses.asdict(stored), ensure_ascii=False))
            out.write("}}")
        os.replace(tmp, self.folder / MANIFEST)

    def dependents(self, src_uri: str) -> list[str]:
        """The pages that show the record ``src_uri`` (for reports and tests)."""
        return sorted(path for path, stored in self.current.items() if src_uri in stored.deps)


def fingerprint(parts: list[str], folders: list[Path]) -> str:
    """The renderer's digest: ``parts`` (configuration, versions) and every file under ``folders``."""
    digest = hashlib.sha256("\x1f".join(parts).encode())
    for folder in folders:
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text("utf-8"))
    except (OSError, ValueError):
        return {}
