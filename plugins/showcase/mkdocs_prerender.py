"""MkDocs glue: record and listing pages written by us, inside Material's frame.

MkDocs renders every page through the whole theme, which was most of a build (see
``shell.py``). Pages outside the navigation (every record, every listing but the six
in the menu) are instead kept in MkDocs' file list as files it copies but does not
render: links to them still resolve and are still checked, and their HTML is the
frame rendered once per kind of page, filled with the page's own parts.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import posixpath
import re
import sys
import traceback
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from types import SimpleNamespace
from typing import Any

import markdown
from jinja2 import BytecodeCache, ChoiceLoader, DictLoader, Environment, pass_context
from markupsafe import Markup, escape
from mkdocs.commands.build import get_context
from mkdocs.structure import pages as mkdocs_pages
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page as MkPage
from mkdocs.structure.toc import AnchorLink, TableOfContents, get_toc
from mkdocs.utils import get_relative_url

from .amounts import thousands
from .chinese import simplified_copy
from .dates import date_zh, iso
from .links import link_or_copy
from .load import SourceChanged, SourceFile
from .pagefind import SearchIndex
from .pagestore import Digests, PageStore, Stored, page_key
from .problems import Problem
from .routes import route
from .shell import Shell, slot

#: A page shows a table of contents only from this many headings in its body: a column
#: holding one or two entries is an empty column (official sites do not show one).
MIN_TOC_HEADINGS = 3
#: Below this many pages, forking rendering processes costs more than it saves.
PARALLEL_FROM = 200

FRAME = "showcase-frame.html"
#: Parts of the theme that differ from page to page: in the frame they print only their slot.
SLOTTED = {
    FRAME: '{% extends "main.html" %}{% block content %}' + slot("CONTENT") + "{% endblock %}",
    "partials/toc.html": slot("TOC"),
    "showcase/partials/head.html": slot("HEAD"),
    "showcase/partials/scripts.html": slot("SCRIPTS"),
}
TOC = '{% import "partials/language.html" as lang with context %}{% include "partials/toc.html" %}'


class PrerenderedFile(File):
    """A page MkDocs lists and links to, but neither renders nor copies: we write its HTML."""

    def is_documentation_page(self) -> bool:
        return False

    def copy_file(self, dirty: bool = False) -> None:
        """Already written by the renderer."""

    @classmethod
    def replacing(cls, file: File) -> PrerenderedFile:
        """The same source and address as ``file`` (a record's Markdown or a generated page)."""
        new = cls(file.src_uri, file.src_dir, file.dest_dir, file.use_directory_urls, dest_uri=file.dest_uri, inclusion=file.inclusion)
        new.generated_by = file.generated_by
        return new


class Folders:
    """``os.makedirs`` once per folder (it was 40,000 system calls on a large site); one
    instance per build and process, so a preview's rebuild into an emptied folder starts afresh."""

    def __init__(self):
        self.made: set[str] = set()

    def make(self, path: str) -> None:
        if path not in self.made:
            os.makedirs(path, exist_ok=True)
            self.made.add(path)


class LinkedFile(File):
    """A rendered photo, linked into the site from the photo cache instead of copied: a
    large site publishes tens of thousands of them, and copying was a tenth of its build."""

    folders: Folders | None = None

    def copy_file(self, dirty: bool = False) -> None:
        (self.folders or Folders()).make(os.path.dirname(self.abs_dest_path))
        link_or_copy(self.abs_src_path, self.abs_dest_path)


class SideFile(File):
    """A feed, open-data file or other side file (``plan/files.py``), made and written
    straight into the site when MkDocs copies its files, never held as text beforehand."""

    files: Any = None

    def copy_file(self, dirty: bool = False) -> None:
        os.makedirs(os.path.dirname(self.abs_dest_path), exist_ok=True)
        with open(self.abs_dest_path, "w", encoding="utf-8", newline="") as out:
            self.files.write(self.src_uri, out)


class StoredPhotoFile(File):
    """A rendered photo a metadata-only build left in the shared photo cache: named, so a
    body's link to the original resolves as usual, but never written to ``site/``
    (``showcase publish --photo-cache`` copies it inside the store)."""

    def copy_file(self, dirty: bool = False) -> None:
        pass


class PartialChanged(RuntimeError):
    """A cached partial differed from the same partial rendered for the page itself."""


def cached_include(env: Environment, template: str, name: str, key: Callable[[Any], Any], verify: bool = False) -> Callable:
    """A template function that renders ``template`` with ``name`` = its argument, once per
    ``key(argument)`` and depth of page.

    One programme is shown on many listings (by category, region, status, tag and its
    organization's page), and every listing page shows the same browse links: they differ
    only by how deep the page is, which sets their relative links. Links are written as
    seen from a stand-in page at that depth. The partials say so at their top; with
    ``verify`` each use is also rendered for the real page and must come out the same
    (the ``check_partials`` option; a test builds the sample site with it).

    Each is kept compressed (zlib, fastest level): a card is mostly markup, and at 100,000
    records the cards held as text were 500 MB, a fifth of what they are compressed.
    """
    rendered: dict[tuple[Any, int], bytes] = {}

    @pass_context
    def include(context, value: Any) -> Markup:
        page = context.get("page")
        depth = _depth(page.url if page is not None else "")
        cache_key = (key(value), depth)
        kept = rendered.get(cache_key)
        if kept is None:
            values = {"config": context.get("config"), "base_url": context.get("base_url"), name: value,
                      "page": SimpleNamespace(url="_/" * depth)}
            html = env.get_template(template).render(values)
            rendered[cache_key] = zlib.compress(html.encode(), 1)
        else:
            html = zlib.decompress(kept).decode()
        if verify:
            own = env.get_template(template).render({**context.get_all(), name: value})
            if _resolved(own, page.url) != _resolved(html, page.url):
                raise PartialChanged(f"{template} rendered differently for {page.url if page else '?'}: "
                                     "a cached partial may use only its argument, config and base_url")
        return Markup(html)

    return include


_URL_ATTRIBUTE = re.compile(r'\b(href|src|srcset)="([^"]*)"')


def _resolved(html: str, page_url: str) -> str:
    """``html`` with every relative address written from the site's root: two renderings
    that link to the same files compare equal, however each wrote its relative paths."""
    base = posixpath.dirname(page_url.rstrip("/") + "/x")

    def absolute(url: str) -> str:
        if "://" in url or url.startswith(("#", "/", "data:", "mailto:")):
            return url
        return posixpath.normpath(posixpath.join(base, url)) + ("/" if url.endswith("/") else "")

    def attribute(match: re.Match) -> str:
        parts = [" ".join([absolute(bits[0]), *bits[1:]]) for bits in (item.split() for item in match.group(2).split(",")) if bits]
        return f'{match.group(1)}="{", ".join(parts)}"'

    return _URL_ATTRIBUTE.sub(attribute, html)


def _depth(url: str) -> int:
    """How many folders deep a page's address is: all its relative links depend on."""
    return url.count("/")


def _current_link(facets: list) -> str:
    """What tells one listing's browse links from another's: the link marked current."""
    return next((facet.current for facet in facets if facet.current), "")


def prepare_env(env: Environment, bytecode_cache: BytecodeCache | None = None, verify_partials: bool = False,
                footer: Any = None, search_parts: Iterable[str] = ()) -> Environment:
    """Our templates escape every value (Material's own keep their settings) and get our
    functions: ``route`` for every address, ``date_zh``, the cached partials,
    ``footer`` (organizer, contact, filing numbers and open data: the same on every page)
    and ``search_parts`` (the search index's parts after the first, on a large site)."""
    env.bytecode_cache = bytecode_cache
    previous = env.autoescape

    def autoescape(name: str | None) -> bool:
        if name and name.startswith("showcase/"):
            return True
        return previous(name) if callable(previous) else bool(previous)

    env.autoescape = autoescape
    env.filters.update(simplified_copy=simplified_copy, date_zh=date_zh, iso=iso, thousands=thousands)
    env.globals.update(
        route=route,
        footer=footer,
        search_parts=tuple(search_parts),
        program_card=cached_include(env, "showcase/partials/program-card.html", "card", lambda card: card.url, verify_partials),
        facet_links=cached_include(env, "showcase/partials/facets.html", "facets", _current_link, verify_partials),
    )
    return env


def nav_sources(nav: Any) -> set[str]:
    """Every Markdown path named in the ``nav`` setting (pages there keep MkDocs' rendering,
    which marks the current menu entry)."""
    if isinstance(nav, str):
        return {nav}
    if isinstance(nav, dict):
        return {uri for value in nav.values() for uri in nav_sources(value)}
    if isinstance(nav, list):
        return {uri for value in nav for uri in nav_sources(value)}
    return set()


class BodyConverter:
    """Markdown to HTML exactly as MkDocs' ``Page.render`` does it, with one converter for
    all pages: MkDocs builds a new one per page, which was 40 % of converting the bodies.
    The links to anchors it finds are kept, to be checked once every page is rendered."""

    def __init__(self, config, files: Files, clean: Callable[[str], str] | None = None):
        self.config, self.files = config, files
        self.clean = clean
        self.md = markdown.Markdown(extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"] or {})

    def render(self, page: MkPage) -> dict[str, dict[str, str]]:
        """Fill ``page``'s content, table of contents and anchors; return its links to
        anchors as {target source path: {anchor: link as written}}."""
        md = self.md
        md.reset()
        raw_html = mkdocs_pages._RawHTMLPreprocessor()
        raw_html._register(md)
        anchors = mkdocs_pages._ExtractAnchorsTreeprocessor(page.file, self.files, self.config)
        anchors._register(md)
        relative = mkdocs_pages._RelativePathTreeprocessor(page.file, self.files, self.config)
        relative._register(md)
        title = mkdocs_pages._ExtractTitleTreeprocessor()
        title._register(md)
        html = md.convert(page.markdown or "")
        page.content = self.clean(html) if self.clean else html
        page.toc = get_toc(getattr(md, "toc_tokens", []))
        page._title_from_render = title.title
        page.present_anchor_ids = anchors.present_anchor_ids | raw_html.present_anchor_ids
        return {target.src_uri: dict(links) for target, links in relative.links_to_anchors.items()}


@dataclass
class PageParts:
    """What one page puts into the frame."""

    file: PrerenderedFile
    title: str
    description: str
    template: str
    hide: tuple[str, ...]
    #: The template's ``showcase`` view, built when the page is rendered (in whichever process).
    context: Callable[[], Any]
    markdown: str | None = None
    #: The record file the body comes from (its anchors are checked against it).
    source: SourceFile | None = None
    #: A record page: its article goes to the search index.
    searchable: bool = False
    #: Reads the body when the page is rendered, instead of ``markdown`` held from the start:
    #: at 100,000 records every body held through the rendering was 330 MB.
    body: Callable[[], str] | None = None

    def loaded(self) -> PageParts:
        """These parts with the body read, for rendering this page only."""
        return self if self.body is None else replace(self, markdown=self.body(), body=None)

    def described(self, view: Any) -> PageParts:
        """These parts with the description the page's view states when none was given: a
        record's is made from its body, so it is made when its page is, not all up front."""
        seo = getattr(view, "seo", None)
        return self if self.description or seo is None or not seo.description else replace(self, description=seo.description)


@dataclass
class RenderedPages:
    """What rendering pages found that the parent process must know: each page's anchors
    (to check links to them) and its links to anchors (to check them)."""

    anchors: dict[str, set[str] | None]
    links: dict[str, dict[str, dict[str, str]]]


def can_fork() -> bool:
    """Whether rendering processes may be forked: on Linux, where fork is a start method."""
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


class Prerenderer:
    """Renders pages outside the navigation into frames shared by pages of the same kind."""

    def __init__(self, env: Environment, config, files: Files, nav, pictures: Callable[[str, MkPage], str],
                 clean: Callable[[str], str] | None = None, store: PageStore | None = None):
        self.env, self.config, self.files, self.nav = env, config, files, nav
        #: Pages kept from the previous build, reused when their key is unchanged (``pagestore.py``).
        self.store = store
        self.digests = Digests()
        self._files_digest: str | None = None
        self.pictures = pictures
        self.folders = Folders()
        self.frame_env = env.overlay(loader=ChoiceLoader([DictLoader(SLOTTED), env.loader]))
        self.frames: dict[tuple, Shell] = {}
        self.toc = env.from_string(TOC)
        self.head = env.get_template("showcase/partials/head.html")
        self.scripts = env.get_template("showcase/partials/scripts.html")
        self.doc_pages = files.documentation_pages()
        self.bodies = BodyConverter(config, files, clean)
        self.links: dict[str, dict[str, dict[str, str]]] = {}
        self.sources: dict[str, SourceFile] = {}

    def render_all(self, jobs: list[PageParts], search: SearchIndex | None, workers: int) -> None:
        """Write every page, in ``workers`` processes when there are enough pages.

        The processes are forked, so they share everything loaded so far; each writes its
        pages and search documents and sends back only what the parent must know: the
        anchors on its pages, their links to anchors, and what MkDocs logged.

        Only on Linux: Windows has no fork, and macOS may crash a forked child of a process
        with threads. Spawned processes are no substitute, since the renderer holds MkDocs'
        Jinja environment, navigation and files, which do not pickle; there every page is
        rendered here, in one process, and the output is the same.
        """
        self.sources.update({parts.file.src_uri: parts.source for parts in jobs if parts.source is not None})
        if workers <= 1 or len(jobs) < PARALLEL_FROM or not can_fork():
            self._keep(self._render_slice(jobs, search), jobs)
            return
        # Everything loaded so far is moved out of the cyclic collector's reach until the
        # children are done: a collection walks every tracked object and writes to its
        # header, which copies the page it is on, in a child or in this process (at 10,000
        # records, 150 MB within seconds of forking).
        gc.collect()
        gc.freeze()
        try:
            failures = self._fork(jobs, search, workers)
        finally:
            gc.unfreeze()
        for failure in failures:
            if isinstance(failure, SourceChanged):
                raise failure
        if failures:
            raise RuntimeError("rendering pages failed:\n" + "\n".join(failures))

    def _fork(self, jobs: list[PageParts], search: SearchIndex | None, workers: int) -> list[str]:
        """Render ``jobs`` in ``workers`` processes (this one included); the failures reported."""
        context = multiprocessing.get_context("fork")
        slices = [jobs[i::workers] for i in range(workers)]
        children = []
        for part in slices[1:]:
            reader, writer = context.Pipe(duplex=False)
            child = context.Process(target=self._child, args=(part, search, writer), daemon=True)
            child.start()
            writer.close()
            children.append((child, reader, part))
        self._keep(self._render_slice(slices[0], search), slices[0])
        failures = []
        for child, reader, part in children:
            try:
                found, hashes, kept, records, failure = reader.recv()
            except EOFError:
                found, hashes, kept, records, failure = (RenderedPages({}, {}), {}, ({}, 0, 0), [],
                                                         f"a rendering process ended with status {child.exitcode}")
            child.join()
            for record in records:
                logging.getLogger(record.name).handle(record)
            if failure:
                failures.append(failure)
                continue
            if search is not None:
                search.merge(hashes)
            if self.store is not None:
                self.store.merge(*kept)
            self._keep(found, part)
        return failures

    def _keep(self, found: RenderedPages, jobs: list[PageParts]) -> None:
        """Pages rendered elsewhere get a page object here, with their anchors."""
        for parts in jobs:
            if parts.file.page is None:
                page = MkPage(Markup(escape(parts.title)), parts.file, self.config)
            parts.file.page.present_anchor_ids = found.anchors.get(parts.file.src_uri)
        self.links.update(found.links)

    def _child(self, jobs: list[PageParts], search: SearchIndex | None, conn) -> None:
        collected = _Collected()
        logging.getLogger("mkdocs").handlers = [collected]
        if self.store is not None:  # send back only what this process kept
            self.store.current, self.store.reused, self.store.rendered = {}, 0, 0
        try:
            found = self._render_slice(jobs, search)
            kept = (self.store.current, self.store.reused, self.store.rendered) if self.store else ({}, 0, 0)
            conn.send((found, search.hashes if search else {}, kept, collected.records, None))
        except SourceChanged as error:  # said as it is, not as a traceback
            conn.send((RenderedPages({}, {}), {}, ({}, 0, 0), collected.records, error))
        except BaseException:
            conn.send((RenderedPages({}, {}), {}, ({}, 0, 0), collected.records, traceback.format_exc()))
        finally:
            conn.close()

    def _render_slice(self, jobs: list[PageParts], search: SearchIndex | None) -> RenderedPages:
        found = RenderedPages({}, {})
        warnings = _Count()
        logger = logging.getLogger("mkdocs")
        logger.addHandler(warnings)
        try:
            for parts in jobs:
                self._write(parts, search, found, warnings)
                if parts.file.page is not None:  # a page reused from the store was never made
                    _release(parts.file.page)
        finally:
            logger.removeHandler(warnings)
        return found

    def _write(self, parts: PageParts, search: SearchIndex | None, found: RenderedPages, warnings: _Count) -> None:
        """Render one page, or link its stored HTML when nothing it shows has changed."""
        parts = parts.loaded()
        path = _inside(parts.file.abs_dest_path, self.config.site_dir)
        dest, src = parts.file.dest_uri, parts.file.src_uri
        self.folders.make(os.path.dirname(path))
        view = parts.context()
        parts = parts.described(view)
        key = deps = None
        if self.store is not None:
            key, deps = page_key(self.store.renderer, self._inputs(parts), view, self.digests)
            stored = self.store.lookup(dest, key)
            if stored is not None and (search is None or not parts.searchable or search.reuse(dest, stored.article)):
                self.store.reuse(dest, stored, path)
                found.anchors[src] = set(stored.anchors) if stored.anchors is not None else None
                if stored.links:
                    found.links[src] = stored.links
                return
        before = warnings.count
        html, article, links = self.render(parts, view)
        digest = search.add(dest, article) if search is not None and parts.searchable else ""
        anchors = parts.file.page.present_anchor_ids
        found.anchors[src] = anchors
        if links:
            found.links[src] = links
        if self.store is None:
            with open(path, "w", encoding="utf-8") as out:
                out.write(html)
            return
        clean = warnings.count == before
        stored = Stored(key, sorted(deps), sorted(anchors) if anchors is not None else None, links, digest) if clean else None
        self.store.keep(dest, html, stored, path)

    def _inputs(self, parts: PageParts) -> list:
        """What a page's HTML depends on besides its view. A body with links or images
        depends on the files the site publishes too: a link to a removed record is
        reported, not resolved, and an image is shown with its rendered photo's size."""
        inputs = [parts.file.dest_uri, parts.title, parts.description, parts.template, parts.hide, parts.markdown,
                  parts.searchable]
        if parts.markdown and any(mark in parts.markdown for mark in ("](", "]:", "href", "src")):
            inputs.append(self.files_digest())
        return inputs

    def files_digest(self) -> str:
        """The digest of every file the site publishes and where it comes from (a rendered
        photo's cache folder is named by its content), computed once per build."""
        if self._files_digest is None:
            files = sorted((f.src_uri, f.abs_src_path if isinstance(f, LinkedFile) else "") for f in self.files)
            self._files_digest = self.digests.of(tuple(files))[0]
        return self._files_digest

    def broken_anchors(self) -> list[Problem]:
        """Links in record bodies to a heading that is not there (``[见下文](#不存在)``), with
        the record file and the line of the link: MkDocs checks only the pages it renders."""
        problems = []
        for src_uri, targets in sorted(self.links.items()):
            source = self.sources.get(src_uri)
            for target_uri, links in sorted(targets.items()):
                target = self.files.get_file_from_path(target_uri)
                present = target.page.present_anchor_ids if target is not None and target.page is not None else None
                if present is None:
                    continue
                for anchor, link in sorted(links.items()):
                    if anchor not in present and source is not None:
                        problems.append(Problem(source.path, _line_of(source, link), "body", "anchor_missing", {"link": link}))
        return problems

    def render(self, parts: PageParts, view: Any = None) -> tuple[str, str, dict[str, dict[str, str]]]:
        """The page's HTML, its content block alone (what the search index reads) and its
        links to anchors; ``view`` is the page's ``showcase`` view when already built."""
        view = parts.context() if view is None else view
        parts = parts.loaded().described(view)  # no-ops when ``_write`` has done them; the quick preview has not
        page = MkPage(Markup(escape(parts.title)), parts.file, self.config)
        page.meta = {"title": page.title, "hide": list(parts.hide)}
        links = {}
        if parts.markdown is not None:
            page.markdown = parts.markdown
            links = self.bodies.render(page)
            page.content = self.pictures(page.content, page)
        else:
            page.content = ""
        values = {"page": page, "config": self.config, "base_url": get_relative_url(".", page.url), "nav": self.nav,
                  "showcase": view}
        template = self.env.get_template(parts.template)
        content = "".join(template.blocks["content"](template.new_context(values)))
        has_toc = _headings(page.toc) >= MIN_TOC_HEADINGS
        first = next(iter(page.toc), None) if has_toc else None
        hide = parts.hide if has_toc else tuple(dict.fromkeys((*parts.hide, "toc")))
        html = self.frame(page.url, hide, has_toc).fill({
            "TITLE": str(escape(parts.title)),
            "DESCRIPTION": str(escape(parts.description or self.config.site_description or "")),
            "CANONICAL": str(escape(page.canonical_url or "")),
            "HEAD": self.head.render(values),
            "SCRIPTS": self.scripts.render(values),
            "TOC": self.toc.render(values) if first is not None else "",
            "SKIP": str(escape(first.id)) if first is not None else "",
            "CONTENT": content,
        })
        return html, content, links

    def frame(self, url: str, hide: Iterable[str], has_toc: bool) -> Shell:
        """The frame for pages as deep as ``url`` with these parts hidden: relative links in
        the theme depend on depth only, since none of these pages is in the navigation."""
        depth = _depth(url)
        key = (depth, tuple(hide), has_toc)
        if key not in self.frames:
            file = File.generated(self.config, "showcase-frame/" * depth + "index.md", content="")
            page = MkPage(Markup(slot("TITLE")), file, self.config)
            page.meta = {"title": Markup(slot("TITLE")), "description": Markup(slot("DESCRIPTION")), "hide": list(hide)}
            page.canonical_url = slot("CANONICAL")
            page.content = ""
            page.toc = TableOfContents([AnchorLink("", slot("SKIP"), 2)] if has_toc else [])
            context = get_context(self.nav, self.doc_pages, self.config, page)
            context["showcase"] = None
            self.frames[key] = Shell(self.frame_env.get_template(FRAME).render(context))
        return self.frames[key]


def _headings(toc) -> int:
    """How many headings a table of contents holds, at every level."""
    return sum(1 + _headings(item.children) for item in toc or [])


def _release(page: MkPage) -> None:
    """Drop a written page's HTML, Markdown and contents list: MkDocs keeps every page
    object to the end (the sitemap lists them), and at 100,000 records their text alone
    was hundreds of megabytes. Only the address and the anchors are needed afterwards."""
    page.content = page.markdown = None
    page.toc = TableOfContents([])


def _inside(path: str, site_dir: str) -> str:
    """``path``, after making sure it stays inside the output folder: no value from content
    may write anywhere else (routes.py already keeps them to one safe folder name each)."""
    root = os.path.normpath(os.path.abspath(site_dir))
    target = os.path.normpath(os.path.abspath(path))
    if os.path.commonpath([root, target]) != root:
        raise ValueError(f"a page's path leaves the output folder: {path}")
    return target


def _line_of(source: SourceFile, link: str) -> int:
    """The file line of the first body line holding ``link``."""
    for offset, line in enumerate(source.body_text().splitlines()):
        if link in line:
            return source.body_line + offset
    return source.body_line


class _Count(logging.Handler):
    """Counts the warnings logged while pages render: a page that logged one is not kept
    for reuse, since a reused page would not log it again (and strict builds fail on it)."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class _Collected(logging.Handler):
    """What a rendering process logged, sent to the parent to be logged (and counted) there."""

    def __init__(self):
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        record.msg, record.args, record.exc_info = record.getMessage(), None, None
        self.records.append(record)
