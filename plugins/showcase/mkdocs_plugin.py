"""MkDocs event glue: hand MkDocs the pages the core plans, and nothing more.

All decisions (what is valid, which pages exist, what a template receives) are made
in plain modules; this adapter only moves their results into MkDocs' structures.
"""

from __future__ import annotations

import logging
import os
import subprocess
import threading
from functools import partial
from pathlib import Path, PurePosixPath

import yaml
from jinja2 import Environment, FileSystemBytecodeCache
from markupsafe import Markup, escape
from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.utils import get_relative_url

from .content import Content, load_content
from .editor import decap_config
from .mkdocs_prerender import LinkedFile, PageParts, PrerenderedFile, Prerenderer, nav_sources, template_functions
from .pages import Page, Planner
from .photos.cache import PhotoCache
from .photos.pipeline import process
from .photos.render import Rendered
from .photos.settings import PhotoSettings
from .pictures import IMAGE_SUFFIXES, PhotoBook, photo_jobs, photo_problems, replace_images
from .problems import sort_problems
from .schema import COLLECTIONS
from .chinese import simplified_copy
from .search import SearchIndex
from .seo import SiteInfo
from .settings import language_code
from .site import Entry

log = logging.getLogger("mkdocs.plugins.showcase")

TEMPLATES = {
    "organizations": "showcase/organization.html",
    "programs": "showcase/program.html",
    "achievements": "showcase/achievement.html",
    "stories": "showcase/story.html",
}


class ShowcaseConfig(Config):
    enabled = config_options.Type(bool, default=True)
    #: Where rendered photos are kept between builds (relative to mkdocs.yml); safe to restore in CI.
    cache_dir = config_options.Type(str, default=".cache")
    #: Build the Pagefind search index after the site (the search box needs it).
    search = config_options.Type(bool, default=True)
    #: The web editor at /admin/: Decap's script (a pinned version; may be self-hosted) and its backend.
    editor_script = config_options.Type(str, default="https://unpkg.com/decap-cms@3.16.3/dist/decap-cms.js")
    editor_backend = config_options.Type(dict, default={})
    #: Processes rendering photos; 0 means one per core.
    photo_workers = config_options.Type(int, default=0)
    #: Processes rendering record pages (on large sites); 0 means one per core.
    render_workers = config_options.Type(int, default=0)


class ShowcasePlugin(BasePlugin[ShowcaseConfig]):
    serving = False

    def on_startup(self, command, dirty):
        """Under `mkdocs serve` the search index is built in the background, so a saved
        change shows without waiting for it."""
        self.serving = command == "serve"

    def on_config(self, config):
        self.mkdocs_config = config
        self.lang = language_code(config.theme.get("language"))
        self.repo_root = Path(config.config_file_path).parent
        if "SOURCE_DATE_EPOCH" not in os.environ:
            # the one date MkDocs still writes (sitemap.xml.gz's header) comes from the
            # last commit, not the clock: two builds of one commit are byte-identical
            epoch = _last_commit_time(self.repo_root)
            if epoch:
                os.environ["SOURCE_DATE_EPOCH"] = epoch
        return config

    def _jinja_cache(self) -> FileSystemBytecodeCache:
        """Compiled templates kept between builds: compiling Material's templates was a
        fifth of a sample build, and all of a `mkdocs serve` rebuild's slack."""
        folder = self.repo_root / self.config.cache_dir / "jinja"
        folder.mkdir(parents=True, exist_ok=True)
        return FileSystemBytecodeCache(str(folder))

    def on_files(self, files: Files, config) -> Files:
        docs = Path(config.docs_dir)
        content: Content = load_content(self.repo_root, docs, self.repo_root / self.config.cache_dir / "records")
        site = content.site
        self.cache = PhotoCache(self.repo_root / self.config.cache_dir, PhotoSettings())
        results = process(photo_jobs(site), self.cache, self.config.photo_workers or None)
        self.book = PhotoBook(docs, results)
        for problem in sort_problems([*content.problems, *photo_problems(site, results)]):
            (log.info if problem.warning else log.warning)(problem.render(self.lang))
        for src in content.unpublished():
            _remove(files, src.src_uri, bundle=src.is_bundle)
        self._publish_photos(files, config)
        self.planner = Planner(site, self.book, _site_info(config))
        # our own templates are rendered before MkDocs builds its environment (on_env)
        self.env = _prepare(config.theme.get_env(), self._jinja_cache())
        for path, text in {**self.planner.files(), **self._editor_files(config)}.items():
            files.append(File.generated(config, path, content=text))
        # records and the listings outside the menu are rendered by us (mkdocs_prerender.py)
        self.records: list[tuple[PrerenderedFile, Entry]] = []
        for entry in site.entries():
            file = files.get_file_from_path(entry.source.src_uri)
            if file is not None:
                file.dest_uri = entry.url + "index.html"
                files.remove(file)
                self.records.append((PrerenderedFile.replacing(file), entry))
                files.append(self.records[-1][0])
        in_nav = nav_sources(config.nav)
        self.generated: dict[str, Page] = {}
        self.listings: list[tuple[PrerenderedFile, Page]] = []
        for page in self.planner.pages():
            if files.get_file_from_path(page.src_uri) is not None:
                log.warning("content/%s: 此页面由网站自动生成，请删除这个文件。", page.src_uri)
                files.remove(files.get_file_from_path(page.src_uri))
            if page.src_uri in in_nav:
                files.append(File.generated(config, page.src_uri, content=""))
                self.generated[page.src_uri] = page
            else:
                self.listings.append((PrerenderedFile.replacing(File.generated(config, page.src_uri, content="")), page))
                files.append(self.listings[-1][0])
        return files

    def on_nav(self, nav, config, files):
        self.nav = nav
        return nav

    def on_env(self, env: Environment, config, files):
        """Render the pages MkDocs will only copy, records first so that Pagefind can start
        on their articles while the listings are rendered."""
        env = _prepare(env, self._jinja_cache())
        renderer = Prerenderer(env, config, files, self.nav, self._pictures)
        self.search = SearchIndex(self.repo_root / self.config.cache_dir) if self.config.search else None
        records = [
            PageParts(file, entry.title, getattr(entry.record, "summary", None) or "", TEMPLATES[entry.collection],
                      ("navigation",), partial(self.planner.record_context, entry), markdown=entry.body, searchable=True)
            for file, entry in self.records
        ]
        # forking beside the preview's server threads is not safe; a preview renders alone
        renderer.render_all(records, self.search, 1 if self.serving else (self.config.render_workers or os.cpu_count() or 1))
        if self.search is not None:
            if self.serving and getattr(self, "_previous_search", None):
                self._previous_search.cancel()
            self.search.start()
        listings = [
            PageParts(file, spec.title, spec.description or config.site_description or "", spec.template,
                      ("navigation", "toc"), partial(self._listing_context, spec))
            for file, spec in self.listings
        ]
        renderer.render_all(listings, None, 1)
        return env

    def _listing_context(self, spec: Page) -> dict:
        return {**spec.context, "seo": self.planner.page_seo(spec)}

    def on_template_context(self, context, template_name, config):
        """The sitemap lists the pages we render too (MkDocs lists only its own)."""
        if template_name == "sitemap.xml":
            context["showcase_pages"] = [file.page for file, _ in [*self.records, *self.listings] if file.page]
        return context

    def _editor_files(self, config) -> dict[str, str]:
        settings = decap_config(_site_info(config).url, self.config.editor_backend or None)
        page = self.env.get_template("showcase/admin.html")
        return {
            "admin/config.yml": yaml.safe_dump(settings, allow_unicode=True, sort_keys=False),
            "admin/index.html": page.render(script=self.config.editor_script, site_name=config.site_name),
        }

    def _publish_photos(self, files: Files, config) -> None:
        """Originals never reach site/: each is replaced by its rendered variants.

        The original's own entry is kept, pointing at the JPEG fallback, so that a
        Markdown image in a body still resolves and MkDocs writes its address.
        """
        for file in list(files):
            top = PurePosixPath(file.src_uri).parts[0]
            if top in COLLECTIONS and PurePosixPath(file.src_uri).suffix.lower() in IMAGE_SUFFIXES:
                files.remove(file)
        self.fallbacks: dict[str, Path] = {}
        for source, rendered in self.book.results.items():
            if not isinstance(rendered, Rendered):
                continue
            original = source.relative_to(Path(config.docs_dir)).as_posix()
            fallback = self.book.fallback_name(source)
            for path in self.book.published(source):
                cached = self.cache.folder(rendered.key) / PurePosixPath(path).name
                if PurePosixPath(path).name == fallback:
                    file = LinkedFile.generated(config, original, abs_src_path=str(cached))
                    file.dest_uri = path
                    self.fallbacks[path] = source
                else:
                    file = LinkedFile.generated(config, path, abs_src_path=str(cached))
                files.append(file)

    def on_page_markdown(self, markdown: str, page, config, files) -> str:
        uri = page.file.src_uri
        if uri in self.generated:
            spec = self.generated[uri]
            description = spec.description or config.site_description or ""
            page.meta = _meta(spec.title, spec.template, description, hide=["navigation", "toc"])
            return ""
        return markdown

    def on_page_content(self, html: str, page, config, files) -> str:
        return self._pictures(html, page)

    def _pictures(self, html: str, page) -> str:
        """Markdown images in a body become the same responsive ``<picture>`` as the gallery."""
        config = self.mkdocs_config
        template = self.env.get_template("showcase/partials/picture.html")
        base_url = get_relative_url(".", page.url)

        def picture(path: str, alt: str) -> str | None:
            source = self.fallbacks.get(path)
            pic = self.book.picture(source, alt) if source else None
            if pic is None:
                return None
            return template.render(
                pic=pic, sizes="(max-width: 60em) 100vw, 760px", eager=False, img_class="",
                page=page, base_url=base_url, config=config,
            )

        return replace_images(html, page.url, picture)

    def on_post_build(self, config) -> None:
        self.cache.prune()
        if self.search is None:
            return
        if self.serving:
            self._previous_search = self.search
            threading.Thread(target=_index_quietly, args=(self.search, Path(config.site_dir)), daemon=True).start()
            return
        report = self.search.finish(Path(config.site_dir))
        log.info("Pagefind: %d pages indexed in %.1f s", report.pages, report.seconds)

    def on_page_context(self, context, page, config, nav):
        uri = page.file.src_uri
        if uri in self.generated:
            spec = self.generated[uri]
            context["showcase"] = self._listing_context(spec)
        elif page.file.src_uri.endswith(".md"):  # a plain page, such as the editing guide
            plain = Page(page.file.src_uri, str(page.title or ""), "", {}, config.site_description or "")
            context["showcase"] = {"seo": self.planner.page_seo(plain)}
        return context


def _last_commit_time(repo_root: Path) -> str | None:
    try:
        result = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=repo_root, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout.strip() or None


def _index_quietly(search: SearchIndex, site_dir: Path) -> None:
    """Background indexing for the preview: a failure is logged, never raised in a thread."""
    try:
        search.finish(site_dir)
    except (RuntimeError, OSError) as err:
        log.warning("Pagefind: %s", err)


def _site_info(config) -> SiteInfo:
    url = config.site_url or "http://127.0.0.1:8000/"
    return SiteInfo(url if url.endswith("/") else url + "/", config.site_name, config.site_description or "")


def _prepare(env: Environment, bytecode_cache: FileSystemBytecodeCache | None = None) -> Environment:
    """Our templates escape every value (Material's own keep their settings) and get our filters."""
    env.bytecode_cache = bytecode_cache
    previous = env.autoescape

    def autoescape(name: str | None) -> bool:
        if name and name.startswith("showcase/"):
            return True
        return previous(name) if callable(previous) else bool(previous)

    env.autoescape = autoescape
    env.filters["simplified_copy"] = simplified_copy
    env.globals.update(template_functions(env))
    return env


def _meta(title: str, template: str, description: str, hide: list[str] | None = None) -> dict:
    """Page metadata Material reads; titles are escaped because Material prints them raw."""
    meta = {"title": Markup(escape(title)), "template": template}
    if description:
        meta["description"] = Markup(escape(description))
    if hide:
        meta["hide"] = hide
    return meta


def _remove(files: Files, src_uri: str, bundle: bool) -> None:
    """Take an unpublished record out of the build, with its photos when it is a bundle."""
    folder = PurePosixPath(src_uri).parent
    for file in list(files):
        path = PurePosixPath(file.src_uri)
        if file.src_uri == src_uri or (bundle and folder in path.parents):
            files.remove(file)
