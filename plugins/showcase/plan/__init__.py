"""Planning: which pages the site has, and what each page's template is given.

Listings are generated here instead of being put in the navigation: MkDocs repeats
the navigation on every page, so listing records there makes the output grow with
the square of the record count. Each section of the site is a small module with one
function from the shared state to its pages; ``make_plan`` runs them in order.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Callable

from ..feeds import feeds
from ..pictures import PhotoBook
from ..site import Entry, Site
from ..siteinfo import SiteInfo
from .breakdowns import breakdowns, figures_guide
from .home import home
from .lists import listing
from .organizations import organizations
from .programs import programs
from .records import record_view
from .search import messages, search
from .shared import Page, Section, Shared
from .tags import tags
from .timeline import timeline
from .views import RecordView, View
from .files import SideFiles, side_files

#: The section that lists a collection, by the layout its registry entry declares.
LISTINGS: dict[str, Section] = {"programs": programs, "organizations": organizations, "timeline": timeline}


@dataclass(frozen=True)
class RecordPage:
    """A record's page: the record, its template, and its view (built when it is rendered,
    in whichever process renders it)."""

    entry: Entry
    template: str
    view: Callable[[], RecordView]

    @property
    def url(self) -> str:
        return self.entry.url


@dataclass(frozen=True)
class Plan:
    pages: list[Page]
    records: list[RecordPage]
    files: SideFiles
    shared: Shared


def make_plan(site: Site, book: PhotoBook | None, info: SiteInfo, editor_backend: dict | None = None,
              plain_pages: frozenset[str] = frozenset()) -> Plan:
    shared = Shared(site, book, info, feeds(site, info.name), plain_pages)
    sections: list[Section] = [home]
    for kind in site.registry:
        sections.append(LISTINGS[kind.listing] if kind.listing in LISTINGS else partial(listing, kind=kind))
    sections += [tags, search, messages, figures_guide, breakdowns]
    pages = [page for section in sections for page in section(shared)]
    records = [RecordPage(entry, entry.kind.template, partial(record_view, shared, entry)) for entry in site.entries()]
    return Plan(pages, records, side_files(shared, editor_backend), shared)


def plain_view(plan: Plan, src_uri: str, title: str) -> View:
    """What a plain page (the editing guide) is given: its sharing data and feed links."""
    return View(**plan.shared.common(src_uri, title))
