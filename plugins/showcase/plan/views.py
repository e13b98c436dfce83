"""What templates receive: frozen view objects, one kind per page type.

A template lays out what it is given and decides nothing: every address in a view is
already a site-relative URL from ``routes.py`` (templates only pass it through ``| url``),
every list is already sorted, every figure already added up. Views are frozen so that
a view built once (a card shown on a dozen listings) cannot be changed by one of them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..charts import Chart
from ..figures import Contribution, Figure
from ..pictures import Picture
from ..seo import Seo
from ..site import Entry


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    count: int = 0
    current: bool = False


@dataclass(frozen=True)
class Facet:
    name: str
    links: tuple[Link, ...]


@dataclass(frozen=True)
class Pager:
    """Where a page sits in a paginated listing (page 1 keeps the listing's own address)."""

    current: int
    total: int
    urls: tuple[str, ...]

    @property
    def prev_url(self) -> str | None:
        return self.urls[self.current - 2] if self.current > 1 else None

    @property
    def next_url(self) -> str | None:
        return self.urls[self.current] if self.current < self.total else None


@dataclass(frozen=True)
class FeedLink:
    """A ``<link rel=alternate>`` in a page's head: only for feeds that are written."""

    title: str
    url: str
    mime: str


@dataclass(frozen=True)
class Card:
    """What a listing shows of a record; built once per record however many lists show it."""

    entry: Entry
    title: str
    url: str
    type_label: str
    summary: str | None = None
    cover: Picture | None = None
    organization: Entry | None = None
    organization_name: str | None = None
    category: str | None = None
    category_url: str | None = None
    status: str = ""
    date: Any = None
    programs: tuple[Entry, ...] = ()


@dataclass(frozen=True, kw_only=True)
class View:
    """What every page has: its sharing data and the feeds its head links."""

    seo: Seo | None = None
    feeds: tuple[FeedLink, ...] = ()


@dataclass(frozen=True, kw_only=True)
class RecordView(View):
    """A record's page. Fields that do not apply to a record's type stay empty."""

    entry: Entry
    record: Any
    card: Card
    pictures: tuple[Picture, ...] = ()
    search: dict[str, list[str]] = field(default_factory=dict)
    search_names: tuple[str, ...] = ()
    figures: tuple[Figure, ...] = ()
    region_links: tuple[Link, ...] = ()
    tags: tuple[Link, ...] = ()
    achievements: tuple[Card, ...] = ()
    stories: tuple[Card, ...] = ()
    related: tuple[Card, ...] = ()
    programs: tuple[Card, ...] = ()
    children: tuple[Entry, ...] = ()
    parent: Entry | None = None
    level: str = ""


@dataclass(frozen=True, kw_only=True)
class HomeView(View):
    counts: tuple[Figure, ...]
    figures: tuple[Figure, ...]
    charts: tuple[Chart, ...]
    featured: tuple[Card, ...]
    stories: tuple[Card, ...]
    achievements: tuple[Card, ...]
    facets: tuple[Facet, ...]
    programs_url: str
    stories_url: str
    achievements_url: str


@dataclass(frozen=True, kw_only=True)
class ProgramListView(View):
    count: int
    facets: tuple[Facet, ...]
    figures: tuple[Figure, ...]
    cards: tuple[Card, ...]
    pager: Pager | None
    all_url: str
    heading: str = ""
    breadcrumbs: tuple[Link, ...] = ()
    subregions: tuple[Link, ...] = ()


@dataclass(frozen=True)
class OrganizationRow:
    entry: Entry
    programs: int
    region_links: tuple[Link, ...]


@dataclass(frozen=True, kw_only=True)
class OrganizationListView(View):
    rows: tuple[OrganizationRow, ...]


@dataclass(frozen=True)
class TimelineItem:
    """An achievement on the timeline, with what the in-page filters match it by."""

    card: Card
    filter_org: str
    filter_categories: str


@dataclass(frozen=True)
class TimelineFilter:
    name: str
    key: str
    links: tuple[tuple[Link, str, bool], ...]


@dataclass(frozen=True, kw_only=True)
class TimelineView(View):
    years: tuple[tuple[int, tuple[TimelineItem, ...]], ...]
    levels: dict[str, str]
    all_url: str
    filters: tuple[TimelineFilter, ...]
    narrowed: bool
    pager: Pager | None

    @property
    def paged(self) -> bool:
        return self.pager is not None


@dataclass(frozen=True, kw_only=True)
class CardListView(View):
    """A paginated list of cards: stories (and any collection listed plainly), a tag's programmes."""

    cards: tuple[Card, ...]
    pager: Pager | None
    count: int
    tag: str = ""
    tags_url: str = ""


@dataclass(frozen=True, kw_only=True)
class TagIndexView(View):
    tags: tuple[Link, ...]


@dataclass(frozen=True, kw_only=True)
class SearchView(View):
    filters: dict[str, str]
    programs_url: str


@dataclass(frozen=True, kw_only=True)
class MessagesView(View):
    rows: tuple[tuple[str, str], ...]
    guide_url: str


@dataclass(frozen=True)
class BreakdownSection:
    """One total and every figure it adds up, and the figures of its kind left out."""

    anchor: str
    total: Figure
    counted: tuple[Contribution, ...]
    left_out: tuple[Contribution, ...]


@dataclass(frozen=True)
class KindDefinition:
    name: str
    label: str
    units: str
    definition: str


@dataclass(frozen=True)
class QualifierRow:
    words: str
    meaning: str
    example: str


@dataclass(frozen=True, kw_only=True)
class FiguresGuideView(View):
    """The guide's page on writing figures: the accepted forms, kinds and the rules, read
    off their declarations."""

    qualifiers: tuple[QualifierRow, ...]
    definitions: tuple[KindDefinition, ...]
    rules: tuple[str, ...]
    guide_url: str = ""


@dataclass(frozen=True, kw_only=True)
class BreakdownView(View):
    """How the totals on one page are made: each total's parts, what was left out and why,
    the rule, and (on the site-wide page) what each kind means."""

    title: str
    back: Link
    rules: tuple[str, ...]
    sections: tuple[BreakdownSection, ...]
    uncounted: tuple[Contribution, ...]
    definitions: tuple[KindDefinition, ...] = ()
