"""MkDocs event glue: hand MkDocs the pages the core plans, and nothing more.

All decisions (what is valid, which pages exist, what a template receives) are made
in plain modules; this adapter only moves their results into MkDocs' structures.
"""

from __future__ import annotations

import logging
from pathlib import Path, PurePosixPath

from jinja2 import Environment
from markupsafe import Markup, escape
from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files

from .content import Content, load_content
from .pages import Page, Planner
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


class ShowcasePlugin(BasePlugin[ShowcaseConfig]):
    def on_config(self, config):
        self.lang = language_code(config.theme.get("language"))
        self.repo_root = Path(config.config_file_path).parent
        return config

    def on_env(self, env: Environment, config, files):
        """Our templates escape every value; Material's own keep their settings."""
        previous = env.autoescape

        def autoescape(name: str | None) -> bool:
            if name and name.startswith("showcase/"):
                return True
            return previous(name) if callable(previous) else bool(previous)

        env.autoescape = autoescape
        return env

    def on_files(self, files: Files, config) -> Files:
        content: Content = load_content(self.repo_root, Path(config.docs_dir))
        for problem in content.problems:
            log.warning(problem.render(self.lang))
        for src in content.unpublished():
            _remove(files, src.src_uri, bundle=src.is_bundle)
        site = content.site
        self.planner = Planner(site)
        self.records: dict[str, Entry] = {}
        for entry in site.entries():
            file = files.get_file_from_path(entry.source.src_uri)
            if file is not None:
                file.dest_uri = entry.url + "index.html"
                self.records[entry.source.src_uri] = entry
        self.generated: dict[str, Page] = {}
        for page in self.planner.pages():
            if files.get_file_from_path(page.src_uri) is not None:
                log.warning("content/%s: 此页面由网站自动生成，请删除这个文件。", page.src_uri)
                files.remove(files.get_file_from_path(page.src_uri))
            files.append(File.generated(config, page.src_uri, content=""))
            self.generated[page.src_uri] = page
        return files

    def on_page_markdown(self, markdown: str, page, config, files) -> str:
        uri = page.file.src_uri
        if uri in self.records:
            entry = self.records[uri]
            summary = getattr(entry.record, "summary", None) or ""
            page.meta = _meta(entry.title, TEMPLATES[entry.collection], summary, hide=["navigation"])
            return entry.body
        if uri in self.generated:
            spec = self.generated[uri]
            page.meta = _meta(spec.title, spec.template, spec.description, hide=["navigation", "toc"])
            return ""
        return markdown

    def on_page_context(self, context, page, config, nav):
        uri = page.file.src_uri
        if uri in self.records:
            context["showcase"] = self.planner.record_context(self.records[uri])
        elif uri in self.generated:
            context["showcase"] = self.generated[uri].context
        return context


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
