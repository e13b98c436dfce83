"""MkDocs event glue: hand the pipeline MkDocs' configuration, and MkDocs the result.

Everything is decided in ``build.py`` and the modules it runs (what is valid, which
files are published, which pages exist, what each template receives). These hooks
only move files and pages between the two, and render pages in Material's theme.
"""

from __future__ import annotations

import gc
import gzip
import importlib.metadata
import json
from contextlib import contextmanager
import logging
import os
import threading
import time
from functools import partial
from urllib.parse import urlsplit
from pathlib import Path

from jinja2 import FileSystemBytecodeCache
from markupsafe import Markup, escape
from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.utils import get_relative_url

from . import routes
from .build import Build, Options, prepare, source_date_epoch
from .load import SourceChanged
from .photos.remote import RemoteCacheError, RemoteSpec
from .mkdocs_prerender import (Folders, LinkedFile, PageParts, PrerenderedFile, Prerenderer, SideFile, StoredPhotoFile,
                               nav_sources, prepare_env)
from .mkdocs_serve import LivePreview, Served
from .pagefind import ENV_HANDOVER, SearchIndex
from .pagestore import PageStore, Stored, fingerprint
from .pictures import replace_images
from .plan import plain_view
from .plan.shared import Page
from .photos.settings import PhotoSettings
from .preview import broken_pages
from .vendor import DEFAULT_EDITOR, EDITORS, editor_files
from .sanitize import clean
from .settings import language_code
from .siteinfo import SiteInfo

log = logging.getLogger("mkdocs.plugins.showcase")

#: Parts of Material's layout hidden on our pages: they have no navigation of their own.
RECORD_HIDE = ("navigation",)
LISTING_HIDE = ("navigation", "toc")
#: How wide a photo in a body is shown (the article column).
BODY_IMAGE_SIZES = "(max-width: 60em) 100vw, 760px"
#: Record pages above which a build renders in one process unless ``render_workers`` says otherwise.
FORK_UP_TO = 20_000
#: The Markdown extension every build adds: bodies render as staff write them.
HABITS = "showcase.markdown_habits"


class ShowcaseConfig(Config):
    #: ``false`` turns the plugin off: MkDocs then builds the content folder as plain pages.
    enabled = config_options.Type(bool, default=True)
    #: Where rendered photos are kept between builds (relative to mkdocs.yml); safe to restore in CI.
    cache_dir = config_options.Type(str, default=".cache")
    #: Build the Pagefind search index after the site (the search box needs it).
    search = config_options.Type(bool, default=True)
    #: Articles per part of the search index: a site with more is indexed in parts, one at a
    #: time, merged in the browser (``pagefind.SearchIndex``); 0 keeps one index whatever the size.
    #: Pagefind needs about 220 KB an article: a part of 10,000 about 2.2 GB.
    search_part_pages = config_options.Type(int, default=10000)
    #: The web editor at /admin/: which one (``vendor.EDITORS``; its pinned script is fetched from
    #: the npm registry at build time and served by the site), the registry (a mirror may be
    #: named; default: npm's setting) and the editor's backend.
    editor = config_options.Choice(tuple(EDITORS), default=DEFAULT_EDITOR)
    editor_registry = config_options.Type(str, default="")
    editor_backend = config_options.Type(dict, default={})
    #: Processes rendering photos; 0 means one per core.
    photo_workers = config_options.Type(int, default=0)
    #: The shared photo cache in S3-compatible storage (``s3://bucket/prefix``), its endpoint,
    #: addressing style and whether builds may add to it; each overridden by its
    #: SHOWCASE_PHOTO_CACHE* environment variable (README, "Photos across CI jobs").
    photo_cache = config_options.Type(str, default="")
    photo_cache_endpoint = config_options.Type(str, default="")
    photo_cache_addressing_style = config_options.Type(str, default="")
    photo_cache_write = config_options.Type(bool, default=True)
    #: ``metadata``: take only each entry's description from the shared cache and leave the
    #: photo files there, for ``showcase publish --photo-cache`` to copy (SHOWCASE_PHOTO_CACHE_FETCH).
    photo_cache_fetch = config_options.Choice(("files", "metadata"), default="files")
    #: Processes rendering record pages (on large sites); 0 means one per core up to
    #: ``FORK_UP_TO`` records and one above (each process would copy the build's memory).
    render_workers = config_options.Type(int, default=0)
    #: Render every cached partial for its own page too, and fail when the two differ (tests).
    check_partials = config_options.Type(bool, default=False)
    #: The footer: who runs the site and how to reach them (each line shown only when set).
    organizer = config_options.Type(str, default="")
    address = config_options.Type(str, default="")
    phone = config_options.Type(str, default="")
    email = config_options.Type(str, default="")
    #: Filing numbers every public site in China shows: ICP 备案号 (京ICP备…号) and
    #: 公安联网备案号 (京公网安备…号); each linked to its lookup, shown only when set.
    icp = config_options.Type(str, default="")
    police_record = config_options.Type(str, default="")
    #: Reuse pages of the previous build whose inputs did not change (``pagestore.py``).
    incremental = config_options.Type(bool, default=True)


class ShowcasePlugin(BasePlugin[ShowcaseConfig]):
    serving = False
    previous_search: SearchIndex | None = None
    #: The last build's page keys, kept by a preview server between its rebuilds.
    remembered_pages: dict[str, Stored] | None = None
    #: When the preview's last build started (its records edited since are rendered first).
    last_build: float = 0.0
    #: The preview's folders, server and quick refresh of a saved record (``mkdocs_serve.py``).
    live: LivePreview | None = None
    renderer: Prerenderer | None = None

    def on_startup(self, command, dirty):
        """Under `mkdocs serve` the search index is built in the background, so a saved
        change shows without waiting for it."""
        self.serving = command == "serve"
        if self.serving and self.live is None:
            self.live = LivePreview()

    def on_shutdown(self):
        if self.live is not None:
            self.live.close()

    def on_config(self, config):
        """MkDocs is pointed at an empty folder instead of the content: it would walk the
        content folder following every link (a link to a folder holding the repository
        takes minutes, and MkDocs copies whatever it finds). The pipeline reads the content
        itself, links not followed, and hands MkDocs only the files it publishes."""
        if self.config.enabled:
            if self.live is not None:  # the preview builds into the folder it is not serving
                config.site_dir = self.live.site_dir(config)
            self.mkdocs_config = config
            self.lang = language_code(config.theme.get("language"))
            self.repo_root = Path(config.config_file_path).parent
            self.content_root = Path(config.docs_dir)
            self.options = Options(
                self.repo_root, self.content_root, self._site_info(config),
                self.repo_root / self.config.cache_dir, self.config.photo_workers or None, self.config.editor_backend or None,
                photo_cache=RemoteSpec.resolve(self.config.photo_cache, self.config.photo_cache_endpoint,
                                               self.config.photo_cache_addressing_style, self.config.photo_cache_write,
                                               fetch=self.config.photo_cache_fetch),
            )
            empty = self.repo_root / self.config.cache_dir / "mkdocs-docs"
            with _disk_errors():
                empty.mkdir(parents=True, exist_ok=True)
            config.docs_dir = str(empty)
            if HABITS not in config.markdown_extensions:
                config.markdown_extensions.append(HABITS)
        return config

    def _site_info(self, config) -> SiteInfo:
        footer = {key: self.config[key] for key in ("organizer", "address", "phone", "email", "icp", "police_record")}
        return SiteInfo.of(config.site_url, config.site_name, config.site_description, **footer)

    def on_serve(self, server, config, builder):
        """The preview reloads when the content changes (MkDocs watches only its empty folder)."""
        if self.config.enabled:
            server.watch(str(self.content_root))
            if self.live is not None:
                self.live.attach(server, self.content_root)
        return server

    def on_files(self, files: Files, config) -> Files:
        if not self.config.enabled:
            return files
        with _disk_errors():
            try:
                self.build = build = prepare(self.options)
            except RemoteCacheError as error:
                raise PluginError(str(error)) from None
        log.info(build.cache.summary())
        for problem in build.problems:
            (log.info if problem.warning else log.warning)(problem.render(self.lang))
        self.env = prepare_env(config.theme.get_env(), self._jinja_cache(), self.config.check_partials, self.build.plan.shared.footer(),
                               self._search_bundles())
        files = self._files(build, files, config)
        if self.serving:
            self._error_pages(build, files, config)
        return files

    def _error_pages(self, build: Build, files: Files, config) -> None:
        """Under the preview, a Chinese page at the address of each record that cannot be
        published, saying why (``preview.py``); one line in the terminal points to it."""
        pages = broken_pages(build.content, build.options.registry, self.lang)
        template = self.env.get_template("showcase/problem.html")
        for page in pages:
            file = File.generated(config, page.output_path, content=template.render(page=page))
            file.inclusion = InclusionLevel.INCLUDED
            files.append(file)
        if pages:
            base = f"http://{config.dev_addr.host}:{config.dev_addr.port}{urlsplit(config.site_url or '/').path or '/'}"
            log.warning("有 %d 个页面暂时无法显示：请在浏览器中打开 %s%s 查看问题说明，改好文件后页面会自动恢复。",
                        len(pages), base.rstrip("/") + "/", pages[0].url)

    def _files(self, build: Build, files: Files, config) -> Files:
        """MkDocs' file list, made from the plan: nothing under the content folder is
        published unless the build names it (records, their photos, the guide's pages)."""
        theirs = set(files)
        for uri in sorted(build.plain_pages):
            files.append(File(uri, str(self.content_root), config.site_dir, config.use_directory_urls))
        self.folders = Folders()
        for photo in build.photo_files:
            if photo.cached is None:  # left in the shared photo cache
                linked = StoredPhotoFile.generated(config, photo.original or photo.path, content=b"")
            else:
                linked = LinkedFile.generated(config, photo.original or photo.path, abs_src_path=str(photo.cached))
                linked.folders = self.folders
            linked.dest_uri = photo.path
            files.append(linked)
        in_store = build.photo_manifest
        if in_store is not None:  # a dotfile: MkDocs would leave it out unless told
            files.append(File.generated(config, routes.PHOTOS_IN_STORE, content=in_store, inclusion=InclusionLevel.INCLUDED))
        self.fallbacks = {photo.path: build.options.content_root / photo.original for photo in build.photo_files if photo.original}
        for path in build.plan.files:
            side = SideFile.generated(config, path, content="")
            side.files = build.plan.files
            files.append(side)
        self._editor(build, files, config)
        self.records = []
        for record in build.plan.records:
            file = PrerenderedFile(record.entry.source.src_uri, config.docs_dir, config.site_dir, config.use_directory_urls,
                                   dest_uri=record.url + "index.html")
            self.records.append((file, record))
            files.append(file)
        in_nav = nav_sources(config.nav)
        self.generated: dict[str, Page] = {}
        self.listings = []
        for page in build.plan.pages:
            generated = File.generated(config, page.src_uri, content="")
            if page.src_uri in in_nav:
                self.generated[page.src_uri] = page
                files.append(generated)
            else:
                self.listings.append((PrerenderedFile.replacing(generated), page))
                files.append(self.listings[-1][0])
        for file in files:
            if file not in theirs:  # the build chose it: MkDocs' own exclusions (dot files) do not apply
                file.inclusion = InclusionLevel.INCLUDED
        return files

    def _editor(self, build: Build, files: Files, config) -> None:
        """The editor's page, and its script from the npm registry (``vendor.py``) beside it;
        without the script the build goes on and the page says the editor is unavailable."""
        with _disk_errors():
            editor = editor_files(build.options.cache, self.config.editor, self.config.editor_registry)
        if editor.unavailable:
            log.info("网页编辑器暂不可用：%s。网站的其余部分照常构建；/admin/ 页面会说明编辑器暂不可用。", editor.unavailable)
        for name, path in editor.files.items():
            files.append(File.generated(config, routes.EDITOR_FOLDER + name, abs_src_path=str(path)))
        page = self.env.get_template("showcase/admin.html").render(
            script=editor.package.script if editor.files else "", editor=editor.package.label,
            unavailable=editor.unavailable, site_name=config.site_name,
            guide=routes.url_of(routes.GUIDE) if routes.GUIDE in build.plain_pages else "",
            max_width=max(PhotoSettings().widths))
        files.append(File.generated(config, routes.EDITOR_PAGE, content=page))

    def on_nav(self, nav, config, files):
        self.nav = nav
        return nav

    def on_env(self, env, config, files):
        """Render the pages MkDocs will only copy, records first so that Pagefind can start
        on their articles while the listings are rendered."""
        if not self.config.enabled:
            return prepare_env(env)  # the theme's templates still call our functions
        parts = self._search_parts()
        env = prepare_env(env, self._jinja_cache(), self.config.check_partials, self.build.plan.shared.footer(),
                          self._search_bundles())
        store = self._page_store(config, parts) if self.config.incremental else None
        renderer = Prerenderer(env, config, files, self.nav, partial(_pictures, self.env, self.fallbacks, self.build.book, config),
                               clean, store)
        self.renderer = renderer if self.serving else None
        self.search = SearchIndex(self.repo_root / self.config.cache_dir, parts) if self.config.search else None
        records = [_record_parts(file, record.entry, record.view) for file, record in self.records]
        if self.serving:  # the record just saved is written first: the page being looked at
            records.sort(key=lambda parts: not _edited_since(parts, self.last_build))
            self.last_build = time.time()
        # forking beside the preview's server threads is not safe; a preview renders alone
        with _disk_errors():
            renderer.render_all(records, self.search, 1 if self.serving else self._render_workers(len(records)))
        if self.search is not None:
            if self.serving and self.previous_search is not None:
                self.previous_search.cancel()
            if self.serving or self.search.parts == 1:  # else after the build lets go of its records
                self.search.start()
        listings = [
            PageParts(file, page.title, page.view.seo.description, page.template, LISTING_HIDE, partial(_view, page))
            for file, page in self.listings
        ]
        with _disk_errors():
            renderer.render_all(listings, None, 1)
        for problem in renderer.broken_anchors():
            log.warning(problem.render(self.lang))
        if store is not None:
            with _disk_errors():
                store.finish()
            self.remembered_pages = store.current if self.serving else None
            log.info("showcase: %d pages rendered, %d reused from the previous build", store.rendered, store.reused)
        return env

    def _search_parts(self) -> int:
        """How many parts this build's search index has (``pagefind.SearchIndex``)."""
        records = len(self.build.plan.records)
        return SearchIndex.parts_for(records, self.config.search_part_pages) if self.config.search else 1

    def _search_bundles(self) -> list[str]:
        """The index's parts after the first, named on every page's search box (the preview's
        error pages too)."""
        return [routes.pagefind_bundle(k) for k in range(1, self._search_parts())]

    def _render_workers(self, records: int) -> int:
        """The option's processes; by default one per core, but one alone above ``FORK_UP_TO``
        records: a forked renderer shares the build's memory only until it reads it
        (reference counts are writes), and at 100,000 records each copied 1.4–1.9 GB."""
        if self.config.render_workers:
            return self.config.render_workers
        return 1 if records > FORK_UP_TO else (os.cpu_count() or 1)

    def _page_store(self, config, search_parts: int) -> PageStore:
        """The previous build's pages, trusted only if rendered the same way: the same
        configuration, theme files, package code and versions, and the same parts of the
        search index (every page's search box names them)."""
        versions = []
        for name in ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2"):
            try:
                versions.append(f"{name}={importlib.metadata.version(name)}")
            except importlib.metadata.PackageNotFoundError:
                versions.append(f"{name}=-")
        settings = json.dumps([config.site_url, config.site_name, config.site_description, config.nav, config.extra,
                               config.copyright, config.repo_url, dict(self.config)],
                              ensure_ascii=False, sort_keys=True, default=str)
        yml = Path(config.config_file_path).read_text("utf-8") if config.config_file_path else ""
        folders = [Path(__file__).parent]
        if config.theme.custom_dir:
            folders.append(Path(config.theme.custom_dir))
        renderer = fingerprint([*versions, settings, yml, f"search parts {search_parts}"], folders)
        return PageStore(self.repo_root / self.config.cache_dir, renderer, self.remembered_pages)

    def on_template_context(self, context, template_name, config):
        """The sitemap lists the pages we render too (MkDocs lists only its own)."""
        if self.config.enabled and template_name == "sitemap.xml":
            context["showcase_pages"] = [file.page for file, _ in [*self.records, *self.listings] if file.page]
        return context

    def on_page_markdown(self, markdown: str, page, config, files) -> str:
        if self.config.enabled and page.file.src_uri in self.generated:
            spec = self.generated[page.file.src_uri]
            page.meta = {"title": Markup(escape(spec.title)), "template": spec.template, "hide": list(LISTING_HIDE)}
            if spec.view.seo.description:
                page.meta["description"] = Markup(escape(spec.view.seo.description))
            return ""
        return markdown

    def on_page_context(self, context, page, config, nav):
        if not self.config.enabled:
            return context
        spec = self.generated.get(page.file.src_uri)
        if spec is not None:
            context["showcase"] = spec.view
        elif page.file.src_uri.endswith(".md"):  # a plain page, such as the editing guide
            context["showcase"] = plain_view(self.build.plan, page.file.src_uri, str(page.title or ""))
        return context

    def on_post_build(self, config) -> None:
        if not self.config.enabled:
            return
        with _disk_errors():
            self.build.cache.prune()
            _reproducible_sitemap(Path(config.site_dir), source_date_epoch(self.repo_root))
        if self.live is not None and self.renderer is not None:
            self.live.publish(Served(self.build, self.renderer, config, config.site_dir, self.lang, _record_parts))
        if self.search is None:
            return
        if self.serving:
            self.previous_search = self.search
            threading.Thread(target=_index_quietly, args=(self.search, Path(config.site_dir)), daemon=True).start()
            return
        if not self.search.started:
            handover = os.environ.get(ENV_HANDOVER)
            if handover:
                self.search.hand_over(Path(handover))
                log.info("Pagefind: 搜索索引分 %d 部分，在本次构建结束后建立", self.search.parts)
                return
            self._let_go()
            self.search.start()
        report = self.search.finish(Path(config.site_dir))
        log.info("Pagefind: %d pages indexed in %.1f s", report.pages, report.seconds)

    def _let_go(self) -> None:
        """Drop the records, plan and views once every page is written: a large site's
        search index is built in parts after this, and the memory is theirs."""
        self.build = self.records = self.listings = self.generated = None
        gc.collect()

    def _jinja_cache(self) -> FileSystemBytecodeCache:
        """Compiled templates kept between builds: compiling Material's templates was a
        fifth of a sample build, and all of a `mkdocs serve` rebuild's slack."""
        folder = self.repo_root / self.config.cache_dir / "jinja"
        folder.mkdir(parents=True, exist_ok=True)
        return FileSystemBytecodeCache(str(folder))


@contextmanager
def _disk_errors():
    """A cache or output folder that cannot be written (read-only, a file in its place, a
    full disk), or a record file changed while the build was reading it, is one message
    saying which path and what to do, not a traceback."""
    try:
        yield
    except SourceChanged as err:
        raise PluginError(str(err)) from None
    except OSError as err:
        where = err.filename or ""
        raise PluginError(f"无法写入 {where}：{err.strerror or err}。请检查磁盘空间，以及缓存文件夹（cache_dir）"
                          f"和输出文件夹是否可写。") from None


def _view(page: Page):
    return page.view


def _record_parts(file: PrerenderedFile, entry, view) -> PageParts:
    """What a record's page puts into the frame (the full build's and the preview's quick
    refresh); its description is its view's, made when the page is rendered."""
    return PageParts(file, entry.title, "", entry.kind.template, RECORD_HIDE, view,
                     source=entry.source, searchable=True, body=entry.source.body_text)


def _pictures(env, fallbacks: dict, book, config, html: str, page) -> str:
    """Markdown images in a body become the same responsive ``<picture>`` as the gallery
    (bound to one build: the preview renders a saved page with the build it serves)."""
    template = env.get_template("showcase/partials/picture.html")
    base_url = get_relative_url(".", page.url)

    def picture(path: str, alt: str) -> str | None:
        source = fallbacks.get(path)
        pic = book.picture(source, alt) if source else None
        if pic is None:
            return None
        return template.render(pic=pic, sizes=BODY_IMAGE_SIZES, eager=False, img_class="", page=page,
                               base_url=base_url, config=config)

    return replace_images(html, page.url, picture)


def _edited_since(parts: PageParts, moment: float) -> bool:
    try:
        return parts.source is not None and parts.source.abs_path.stat().st_mtime >= moment
    except OSError:
        return False


def _reproducible_sitemap(site_dir: Path, epoch: int | None) -> None:
    """MkDocs dates ``sitemap.xml.gz``'s header with the clock unless ``SOURCE_DATE_EPOCH``
    is set; it is written again here with the commit's date, so two builds of one commit
    are byte-identical without the environment being changed."""
    plain, packed = site_dir / routes.SITEMAP, site_dir / (routes.SITEMAP + ".gz")
    if epoch is None or not plain.is_file():
        return
    with open(packed, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=epoch, filename=str(packed)) as out:
        out.write(plain.read_bytes())


def _index_quietly(search: SearchIndex, site_dir: Path) -> None:
    """Background indexing for the preview: a failure is logged, never raised in a thread."""
    try:
        search.finish(site_dir)
    except (RuntimeError, OSError) as err:
        log.warning("Pagefind: %s", err)
