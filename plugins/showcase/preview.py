"""The preview's error pages: a record that cannot be published shows why, at its own address.

Under ``showcase serve`` staff watch the browser, not the terminal. A record with a
problem is left out of the site, so its address would be MkDocs' English "404"; instead
the preview writes a Chinese page there listing each problem (file, line, field,
message) with the lines of the file around it, the line itself marked. The preview's
live reload is injected into every HTML page it serves, so when the file is fixed and
saved the page reloads itself and the record is back. A record left out only because a
record it names is broken (a programme of a broken organization) gets a page too,
listing that record's problems. Builds never write these pages: a strict build fails.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from . import routes
from .content import Content
from .load import SourceFile
from .problems import Problem, errors
from .registry import Registry, label_of

#: Lines of the file shown before and after a problem's line.
CONTEXT = 2


@dataclass(frozen=True)
class Excerpt:
    """One line of a record file as shown under a problem."""

    number: int
    text: str
    marked: bool


@dataclass(frozen=True)
class ProblemView:
    path: str
    line: int
    field: str
    message: str
    excerpt: tuple[Excerpt, ...]


@dataclass(frozen=True)
class BrokenPage:
    """The view of one error page: which record, why, and where it is written."""

    url: str
    kind: str
    name: str
    problems: tuple[ProblemView, ...]
    #: Set when the record itself is valid but names a broken one (``"机构「demo-org」"``).
    because_of: str = ""

    @property
    def output_path(self) -> str:
        return self.url + "index.html"


def broken_pages(content: Content, registry: Registry, lang: str = "zh") -> list[BrokenPage]:
    """An error page for every record file that is not published because of an error,
    its own or that of a record it names; never one over a published record's address."""
    published = {routes.record(e.collection, e.slug) for e in content.site.entries()}
    by_key = {(s.collection, s.slug): s for s in content.sources}
    pages: dict[str, BrokenPage] = {}
    for src in content.sources:
        url = routes.record(src.collection, _slug(src))
        if url in published or url in pages or src.is_draft:
            continue
        own = own_broken_page(src, registry, lang)
        if own is not None:
            pages[url] = own
            continue
        named = _broken_references(src, by_key, published, registry)
        if named is not None:
            other, problems = named
            because = f"{label_of(other.collection, lang, registry)}「{other.slug}」"
            pages[url] = BrokenPage(url, label_of(src.collection, lang, registry), _name(src, registry),
                                    tuple(_view(p, other, lang) for p in problems), because)
    return sorted(pages.values(), key=lambda page: page.url)


def own_broken_page(src: SourceFile, registry: Registry, lang: str = "zh") -> BrokenPage | None:
    """The error page of a record file with errors of its own (``None`` without any)."""
    own = errors(src.problems)
    if not own:
        return None
    return BrokenPage(routes.record(src.collection, _slug(src)), label_of(src.collection, lang, registry), _name(src, registry),
                      tuple(_view(p, src, lang) for p in own))


def _broken_references(src: SourceFile, by_key: dict, published: set[str], registry: Registry):
    if src.collection not in registry:
        return None
    for _, target, slug in src.references(registry[src.collection].model):
        other = by_key.get((target, slug))
        if other is not None and routes.record(target, slug) not in published and errors(other.problems):
            return other, errors(other.problems)
    return None


def _slug(src: SourceFile) -> str:
    """The address the record would have; a name no slug can be made of still gets one."""
    return src.slug if routes.segment(src.slug) == src.slug and src.slug else routes.segment(src.file_name) or "x"


def _name(src: SourceFile, registry: Registry) -> str:
    field = registry[src.collection].title_field if src.collection in registry else "title"
    value = (src.front_matter() or {}).get(field)
    return value if isinstance(value, str) and value.strip() else src.file_name


def _view(problem: Problem, src: SourceFile, lang: str) -> ProblemView:
    return ProblemView(problem.path, problem.line, problem.field, problem.message(lang),
                       excerpt(src.abs_path, problem.line))


def excerpt(path: Path, line: int, context: int = CONTEXT) -> tuple[Excerpt, ...]:
    """The lines around ``line`` (1-based) of a file, that line marked; empty if unreadable."""
    try:
        lines = path.read_text("utf-8", errors="replace").removeprefix("\ufeff").splitlines()
    except OSError:
        return ()
    first, last = max(1, line - context), min(len(lines), line + context)
    return tuple(Excerpt(n, lines[n - 1], n == line) for n in range(first, last + 1))
