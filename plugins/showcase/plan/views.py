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
from ..qr import QrCode
from ..seo import Seo
from ..site import Entry
from ..siteinfo import SiteInfo


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    count: int = 0
    current: bool = False


@dataclass(frozen=True)
class Facet:
    """A group of browse links (类别, 地区, …): the same links on every listing, shared;
    ``current`` is the link to the listing shown, if it is one of them."""

    name: str
    links: tuple[Link, ...]
    current: str = ""


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

    @property
    def window(self) -> tuple[tuple[int, str] | None, ...]:
        """The numbered links the pager shows: the first and last pages and two either side
        of the current one, ``None`` where pages are skipped (a gap of one page is shown
        instead). A listing of three hundred pages gets nine links, not three hundred."""
        near = range(max(1, self.current - 2), min(self.total, self.current + 2) + 1)
        shown = sorted({1, self.total, *near})
        window: list[tuple[int, str] | None] = []
        for before, number in zip([0, *shown], shown):
            if number - before == 2:
                window.append((before + 1, self.urls[before]))
            elif number - before > 2:
                window.append(None)
            window.append((number, self.urls[number - 1]))
        return tuple(window)


@dataclass(frozen=True)
class FeedLink:
    """A ``<link rel=alternate>`` in a page's head: only for feeds that are written."""

    title: str
    url: str
    mime: str

    @property
    def form(self) -> str:
        """What a visible link calls the feed: its format's name."""
        return "Atom" if self.mime == "application/atom+xml" else "JSON Feed"


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
    #: A card without a photo shows a designed tile: its category's colour and icon
    #: (a story or achievement takes its first programme's) and the organization's short name.
    tone: str = "#8e1111"
    icon: str = "material/star-four-points-outline"


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
    #: An organization's own feeds (its page links them visibly; the head links every feed).
    own_feeds: tuple[FeedLink, ...] = ()
    #: The page's address as a QR code (programmes and stories), for the share box and print.
    qr: QrCode | None = None
    #: The latest year a programme's figures are counted to (its fact box's 截至).
    as_of: int | None = None


@dataclass(frozen=True)
class Headline:
    """One headline figure on the home page: a kind of figure, its totals by unit (one line
    each: 志愿者 in 人 and in 人次), and its context ("截至2024年 · 6 个机构")."""

    label: str
    figures: tuple[Figure, ...]
    context: str


@dataclass(frozen=True, kw_only=True)
class HomeView(View):
    hero: Card | None
    headlines: tuple[Headline, ...]
    charts: tuple[Chart, ...]
    featured: tuple[Card, ...]
    stories: tuple[Card, ...]
    achievements: tuple[Card, ...]
    achievements_year: int
    #: An achievement's headline figure (its first), by slug.
    achievement_figures: dict[str, Figure]
    organizations: tuple["OrganizationRow", ...]
    program_count: int
    organization_count: int
    programs_url: str
    stories_url: str
    achievements_url: str
    organizations_url: str
    search_url: str


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
    #: Its headline figure (the first it reports), shown on the year rail.
    figure: Figure | None = None


@dataclass(frozen=True)
class TimelineFilter:
    """A row of filter chips: (link, value for the in-page filter); the same links on every
    timeline, shared; ``current`` is the address of the timeline shown."""

    name: str
    key: str
    links: tuple[tuple[Link, str], ...]
    current: str = ""


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
class FigureTable:
    """One table of figures on a breakdown page. A table too long for one page shows its
    first rows; ``more`` leads to every row, page by page (a national site's total adds up
    a hundred thousand figures, which no phone should download at once)."""

    rows: tuple[Contribution, ...]
    #: How many rows the table has in all (more than ``rows`` when it continues elsewhere).
    count: int
    caption: str = ""
    #: The counted table's total (its footer); none for the tables of figures left out.
    total: Figure | None = None
    #: Which table it is: ``counted``, ``left-out`` (restated elsewhere) or ``uncounted``
    #: (counted in no total); the table is marked with it (``data-left-out``).
    role: str = "counted"
    more: Link | None = None
    #: The number of the first row shown (the pages of a long table continue the count).
    first: int = 1

    @property
    def reasons(self) -> bool:
        """Whether the rows say why they were left out."""
        return self.role != "counted"

    @property
    def last(self) -> int:
        return self.first + len(self.rows) - 1

    @property
    def complete(self) -> bool:
        """Whether every row is shown, so a reader can add them up to the total."""
        return len(self.rows) == self.count


@dataclass(frozen=True)
class BreakdownSection:
    """One total and every figure it adds up, and the figures of its kind left out."""

    anchor: str
    total: Figure
    counted: FigureTable
    left_out: FigureTable | None


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
    uncounted: FigureTable | None
    definitions: tuple[KindDefinition, ...] = ()


@dataclass(frozen=True, kw_only=True)
class FigureRowsView(View):
    """One page of a long breakdown table: a stretch of its rows, the way back to the
    breakdown and the pager."""

    title: str
    back: Link
    heading: str
    table: FigureTable
    pager: Pager | None


@dataclass(frozen=True)
class Footer:
    """What every page's footer shows: who runs the site, how to reach them, its filing
    numbers (only those configured), and where its open data and feeds are."""

    info: SiteInfo
    sections: tuple[Link, ...]
    data: tuple[Link, ...]
    feeds: tuple[Link, ...]
