"""MkDocs glue: record and listing pages written by us, inside Material's frame.

MkDocs renders every page through the whole theme, which was most of a build (see
``shell.py``). Pages outside the navigation (every record, every listing but the six
in the menu) are instead kept in MkDocs' file list as files it copies but does not
render: links to them still resolve and are still checked, and their HTML is the
frame rendered once per kind of page, filled with the page's own parts.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import markdown
from jinja2 import ChoiceLoader, DictLoader, Environment, pass_context
from markupsafe import Markup, escape
from mkdocs.commands.build import get_context
from mkdocs.structure import pages as mkdocs_pages
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page as MkPage
from mkdocs.structure.toc import AnchorLink, TableOfContents, get_toc
from mkdocs.utils import get_relative_url

from .links import link_or_copy
from .search import SearchIndex
from .shell import Shell, slot

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


class LinkedFile(File):
    """A rendered photo, linked into the site from the photo cache instead of copied: a
    large site publishes tens of thousands of them, and copying was a tenth of its build."""

    def copy_file(self, dirty: bool = False) -> None:
        make_folder(os.path.dirname(self.abs_dest_path))
        link_or_copy(self.abs_src_path, self.abs_dest_path)


_made: set[str] = set()


def make_folder(path: str) -> None:
    """``os.makedirs`` once per folder and process (it was 40,000 system calls on a large
    site); forgotten at the start of each build."""
    if path not in _made:
        os.makedirs(path, exist_ok=True)
        _made.add(path)


def cached_include(env: Environment, template: str, name: str, key: Callable[[Any], Any]) -> Callable:
    """A template function that renders ``template`` with ``name`` = its argument, once per
    ``key(argument)`` and depth of page.

    One programme is shown on many listings (by category, region, status, tag and its
    organization's page), and every listing page shows the same browse links: they differ
    only by how deep the page is, which sets their relative links. Links are written as
    seen from a stand-in page at that depth.
    """
    rendered: dict[tuple[Any, int], Markup] = {}

    @pass_context
    def include(context, value: Any) -> Markup:
        page = context.get("page")
        depth = _depth(page.url if page is not None else "")
        cache_key = (key(value), depth)
        if cache_key not in rendered:
            values = {"config": context.get("config"), "base_url": context.get("base_url"), name: value,
                      "page": SimpleNamespace(url="_/" * depth)}
            rendered[cache_key] = Markup(env.get_template(template).render(values))
        return rendered[cache_key]

    return include


def _depth(url: str) -> int:
    """How many folders deep a page's address is: all its relative links depend on."""
    return url.count("/")


def _current_link(facets: list) -> str:
    """What tells one listing's browse links from another's: the link marked current."""
    return next((link.url for facet in facets for link in facet.links if link.current), "")


def template_functions(env: Environment) -> dict[str, Callable]:
    """``program_card(card)`` and ``facet_links(facets)``, for our templates."""
    return {
        "program_card": cached_include(env, "showcase/partials/program-card.html", "card", lambda card: card["url"]),
        "facet_links": cached_include(env, "showcase/partials/facets.html", "facets", _current_link),
    }


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
    all pages: MkDocs builds a new one per page, which was 40 % of converting the bodies."""

    def __init__(self, config, files: Files):
        self.config, self.files = config, files
        self.md = markdown.Markdown(extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"] or {})

    def render(self, page: MkPage) -> None:
        md = self.md
        md.reset()
        raw_html = mkdocs_pages._RawHTMLPreprocessor()
        raw_html._register(md)
        anchors = mkdocs_pages._ExtractAnchorsTreeprocessor(page.file, self.files, self.config)
        anchors._register(md)
        mkdocs_pages._RelativePathTreeprocessor(page.file, self.files, self.config)._register(md)
        title = mkdocs_pages._ExtractTitleTreeprocessor()
        title._register(md)
        page.content = md.convert(page.markdown or "")
        page.toc = get_toc(getattr(md, "toc_tokens", []))
        page._title_from_render = title.title
        page.present_anchor_ids = anchors.present_anchor_ids | raw_html.present_anchor_ids


@dataclass
class PageParts:
    """What one page puts into the frame."""

    file: PrerenderedFile
    title: str
    description: str
    template: str
    hide: tuple[str, ...]
    #: The template's ``showcase`` context, built when the page is rendered (in whichever process).
    context: Callable[[], dict[str, Any]]
    markdown: str | None = None
    #: A record page: its article goes to the search index.
    searchable: bool = False


class Prerenderer:
    """Renders pages outside the navigation into frames shared by pages of the same kind."""

    def __init__(self, env: Environment, config, files: Files, nav, pictures: Callable[[str, MkPage], str]):
        self.env, self.config, self.files, self.nav = env, config, files, nav
        self.pictures = pictures
        _made.clear()  # a preview rebuilds into an emptied folder
        self.frame_env = env.overlay(loader=ChoiceLoader([DictLoader(SLOTTED), env.loader]))
        self.frames: dict[tuple, Shell] = {}
        self.toc = env.from_string(TOC)
        self.head = env.get_template("showcase/partials/head.html")
        self.scripts = env.get_template("showcase/partials/scripts.html")
        self.doc_pages = files.documentation_pages()
        self.bodies = BodyConverter(config, files)

    def render_all(self, jobs: list[PageParts], search: SearchIndex | None, workers: int) -> None:
        """Write every page, in ``workers`` processes when there are enough pages.

        The processes are forked, so they share everything loaded so far; each writes its
        pages and search documents and sends back only what the parent must know: the
        anchors on its pages (to check links to them) and what MkDocs logged.
        """
        if workers <= 1 or len(jobs) < PARALLEL_FROM:
            self._render_slice(jobs, search)
            return
        context = multiprocessing.get_context("fork")
        slices = [jobs[i::workers] for i in range(workers)]
        children = []
        for part in slices[1:]:
            reader, writer = context.Pipe(duplex=False)
            child = context.Process(target=self._child, args=(part, search, writer), daemon=True)
            child.start()
            writer.close()
            children.append((child, reader, part))
        self._render_slice(slices[0], search)
        failures = []
        for child, reader, part in children:
            try:
                anchors, hashes, records, failure = reader.recv()
            except EOFError:
                anchors, hashes, records, failure = {}, {}, [], f"a rendering process ended with status {child.exitcode}"
            child.join()
            for record in records:
                logging.getLogger(record.name).handle(record)
            if failure:
                failures.append(failure)
                continue
            if search is not None:
                search.merge(hashes)
            for parts in part:
                page = MkPage(Markup(escape(parts.title)), parts.file, self.config)
                page.present_anchor_ids = anchors.get(parts.file.src_uri)
        if failures:
            raise RuntimeError("rendering pages failed:\n" + "\n".join(failures))

    def _child(self, jobs: list[PageParts], search: SearchIndex | None, conn) -> None:
        collected = _Collected()
        logging.getLogger("mkdocs").handlers = [collected]
        try:
            anchors = self._render_slice(jobs, search)
            conn.send((anchors, search.hashes if search else {}, collected.records, None))
        except BaseException:
            conn.send(({}, {}, collected.records, traceback.format_exc()))
        finally:
            conn.close()

    def _render_slice(self, jobs: list[PageParts], search: SearchIndex | None) -> dict[str, set[str] | None]:
        anchors = {}
        for parts in jobs:
            html, article = self.render(parts)
            path = parts.file.abs_dest_path
            make_folder(os.path.dirname(path))
            with open(path, "w", encoding="utf-8") as out:
                out.write(html)
            if search is not None and parts.searchable:
                search.add(parts.file.dest_uri, article)
            anchors[parts.file.src_uri] = parts.file.page.present_anchor_ids
        return anchors

    def render(self, parts: PageParts) -> tuple[str, str]:
        """The page's HTML, and its content block alone (what the search index reads)."""
        page = MkPage(Markup(escape(parts.title)), parts.file, self.config)
        page.meta = {"title": page.title, "hide": list(parts.hide)}
        if parts.markdown is not None:
            page.markdown = parts.markdown
            self.bodies.render(page)
            page.content = self.pictures(page.content, page)
        else:
            page.content = ""
        values = {"page": page, "config": self.config, "base_url": get_relative_url(".", page.url), "nav": self.nav, "showcase": parts.context()}
        template = self.env.get_template(parts.template)
        content = "".join(template.blocks["content"](template.new_context(values)))
        first = next(iter(page.toc), None) if page.toc else None
        html = self.frame(page.url, parts.hide, first is not None).fill({
            "TITLE": str(escape(parts.title)),
            "DESCRIPTION": str(escape(parts.description or self.config.site_description or "")),
            "CANONICAL": str(escape(page.canonical_url or "")),
            "HEAD": self.head.render(values),
            "SCRIPTS": self.scripts.render(values),
            "TOC": self.toc.render(values) if first is not None else "",
            "SKIP": str(escape(first.id)) if first is not None else "",
            "CONTENT": content,
        })
        return html, content

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


class _Collected(logging.Handler):
    """What a rendering process logged, sent to the parent to be logged (and counted) there."""

    def __init__(self):
        super().__init__()
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        record.msg, record.args, record.exc_info = record.getMessage(), None, None
        self.records.append(record)
