"""What every section of the plan shares: the site, its photos, cards, browse links,
pagination and the totals index. Each is built once per build and reused by every
page that shows it (a programme's card appears on a dozen listings)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Callable

from .. import routes
from ..chinese import pinyin_sorted
from ..feeds import Feed
from ..figures import Contribution, Figure, contributions, totals
from ..pictures import PhotoBook, Picture
from ..registry import ORGANIZATIONS, PROGRAMS
from ..relations import Relations
from ..schema import STATUS_LABELS, categories
from ..seo import page_seo
from ..site import Entry, Site, region_levels
from ..siteinfo import SiteInfo
from .views import Card, Facet, FeedLink, Footer, Link, Pager

#: Sections of the site that are not a collection: their name in a breadcrumb trail.
_SECTIONS = {"tags": ("标签", routes.url_of(routes.TAGS)), "search": ("搜索", routes.url_of(routes.SEARCH)),
             "guide": ("编辑指南", routes.url_of(routes.GUIDE))}

PER_PAGE = 48
TIMELINE_PER_PAGE = 100

#: How a card without a photo shows each category (categories.yml): colour and icon.
_CATEGORY_LOOKS = {c["name"]: {key: c[field] for key, field in (("tone", "color"), ("icon", "icon")) if field in c}
                   for c in categories()}


@dataclass(frozen=True)
class Page:
    """A generated page: its source path (as MkDocs names pages), title, template and view."""

    src_uri: str
    title: str
    template: str
    view: Any
    description: str = ""

    @property
    def url(self) -> str:
        return routes.url_of(self.src_uri)


def paginate(src_uri: str, items: list, per_page: int = PER_PAGE) -> list[tuple[str, list, Pager | None]]:
    """A long listing as pages of ``per_page``: a phone never downloads thousands of cards."""
    chunks = [items[i : i + per_page] for i in range(0, len(items), per_page)] or [[]]
    if len(chunks) == 1:
        return [(src_uri, items, None)]
    uris = [routes.paged(src_uri, n + 1) for n in range(len(chunks))]
    urls = tuple(routes.url_of(uri) for uri in uris)
    return [(uri, chunk, Pager(n + 1, len(chunks), urls)) for n, (uri, chunk) in enumerate(zip(uris, chunks))]


def page_title(title: str, pager: Pager | None) -> str:
    return title if pager is None or pager.current == 1 else f"{title}（第 {pager.current} 页）"


@dataclass
class Shared:
    """The site and everything derived from it that more than one section needs."""

    site: Site
    book: PhotoBook | None
    info: SiteInfo
    feeds: list[Feed]
    #: Content-relative paths of the plain pages the site publishes (the guide).
    plain_pages: frozenset[str] = frozenset()
    #: Pages that show totals, by address: their title and contributions (each gets a
    #: breakdown page, see ``plan.breakdowns``).
    scopes: dict[str, tuple[str, list[Contribution]]] = field(default_factory=dict)
    _cards: dict[tuple[str, str], Card] = field(default_factory=dict)
    _parts_index: dict[str, dict[str, list[Contribution]]] = field(default_factory=dict)

    @cached_property
    def categories(self) -> list[str]:
        return [c["name"] for c in categories()]

    @cached_property
    def parts(self) -> list[Contribution]:
        return contributions(self.site)

    @cached_property
    def relations(self) -> Relations:
        return Relations(self.site)

    # -- feeds -------------------------------------------------------------------

    @cached_property
    def _feed_links(self) -> dict[str, tuple[FeedLink, ...]]:
        """Head links by organization slug ("" for the site-wide feed), for written feeds only."""
        out = {}
        for feed in self.feeds:
            who = feed.organization.title if feed.organization else self.info.name
            out[feed.organization.slug if feed.organization else ""] = (
                FeedLink(f"{who}：最新故事和成果", feed.atom_path, "application/atom+xml"),
                FeedLink(f"{who}：最新故事和成果（JSON Feed）", feed.json_path, "application/feed+json"),
            )
        return out

    def own_feed_links(self, entry: Entry) -> tuple[FeedLink, ...]:
        """An organization's own feeds (none for other records, or an organization without entries)."""
        return self._feed_links.get(entry.slug, ()) if entry.collection == ORGANIZATIONS.name else ()

    def feed_links(self, entry: Entry | None = None) -> tuple[FeedLink, ...]:
        return self._feed_links.get("", ()) + (self.own_feed_links(entry) if entry is not None else ())

    def common(self, src_uri: str, title: str, breadcrumbs: tuple[Link, ...] = (), description: str = "") -> dict[str, Any]:
        """The parts of a generated page's view every page has: its sharing data (with the
        breadcrumb trail from its section) and its feed links."""
        url = routes.url_of(src_uri)
        top = src_uri.split("/")[0]
        if top in self.site.registry:
            kind = self.site.registry[top]
            trail = [(kind.label, kind.section_url)]
        else:
            trail = [step for name, step in _SECTIONS.items() if name == top]
        trail += [(link.label, link.url) for link in breadcrumbs]
        if url not in [u for _, u in trail]:
            trail.append((title, url))
        return {"seo": page_seo(self.info, title, url, description, trail), "feeds": self.feed_links()}

    def footer(self) -> Footer:
        """The footer every page shares: the sections, the open data of every record type
        (CSV for spreadsheets, JSON for programmers) and the site-wide feed in both forms."""
        site_feed = next((feed for feed in self.feeds if feed.organization is None), None)
        return Footer(
            info=self.info,
            sections=tuple(Link(kind.label, kind.section_url) for kind in self.site.registry),
            data=tuple(Link(f"{kind.label}（{form.upper()}）", routes.data(kind.name, form))
                       for kind in self.site.registry for form in ("csv", "json")),
            feeds=(Link("Atom", site_feed.atom_path), Link("JSON Feed", site_feed.json_path)) if site_feed else (),
        )

    # -- photos ------------------------------------------------------------------

    def pictures(self, entry: Entry) -> tuple[Picture, ...]:
        """The record's photos as pages show them; a photo that failed to render is left out."""
        if self.book is None:
            return ()
        found = (
            self.book.picture(entry.source.folder / p.file, p.alt, p.caption, p.credit)
            for p in getattr(entry.record, "photos", [])
        )
        return tuple(picture for picture in found if picture is not None)

    def cover(self, entry: Entry) -> Picture | None:
        """The photo a card shows: a programme's named cover; a record type without a
        ``cover`` field (a story) shows its first photo."""
        photos = getattr(entry.record, "photos", [])
        if hasattr(entry.record, "cover"):
            photo = next((p for p in photos if p.file == entry.record.cover), None)
        else:
            photo = photos[0] if photos else None
        if photo is None or self.book is None:
            return None
        return self.book.picture(entry.source.folder / photo.file, photo.alt, photo.caption, photo.credit)

    # -- cards and links -----------------------------------------------------------

    def card(self, entry: Entry) -> Card:
        key = (entry.collection, entry.slug)
        if key not in self._cards:
            record = entry.record
            own_org = self.site.organization_of(entry)
            owner = self.site.owner(entry)
            category = getattr(record, "category", None)
            named = self.site.programs_named_by(entry)
            look = _CATEGORY_LOOKS.get(category or (named[0].record.category if named else ""), {})
            self._cards[key] = Card(
                entry=entry,
                title=entry.title,
                url=entry.url,
                type_label=entry.kind.label,
                summary=getattr(record, "summary", None),
                cover=self.cover(entry),
                organization=own_org,
                organization_name=(owner.record.short_name or owner.title) if owner is not None else None,
                category=category,
                category_url=routes.url_of(routes.category(category)) if category else None,
                status=STATUS_LABELS.get(getattr(record, "status", ""), ""),
                date=entry.date,
                programs=tuple(named),
                **look,
            )
        return self._cards[key]

    def cards(self, entries: list[Entry]) -> tuple[Card, ...]:
        return tuple(self.card(entry) for entry in entries)

    @cached_property
    def program_regions(self) -> set[str]:
        """The region levels that have programmes, and so a listing page."""
        return {level for p in self.site.programs for level in region_levels(self.site.region_of(p))}

    def region_links(self, region: str) -> tuple[Link, ...]:
        """Breadcrumb links for each level of a region path: 辽宁省 › 盘锦市. A level without
        programmes has no listing, so its link has no address (shown as plain text)."""
        return tuple(
            Link(level.rsplit("/", 1)[-1], routes.url_of(routes.region(level)) if level in self.program_regions else "")
            for level in region_levels(region)
        )

    @cached_property
    def _facet_counts(self) -> tuple[Counter, Counter, Counter, Counter]:
        """Programmes per category, top-level region, organization and status: counted once,
        though every listing page shows them."""
        programs = self.site.programs
        return (
            Counter(p.record.category for p in programs),
            Counter(region_levels(self.site.region_of(p))[0] for p in programs if self.site.region_of(p)),
            Counter(p.record.organization for p in programs),
            Counter(p.record.status for p in programs),
        )

    @cached_property
    def _facet_links(self) -> tuple[tuple[str, tuple[Link, ...], frozenset[str]], ...]:
        """Every listing's browse links, made once: at 100,000 records each of a thousand
        listings had its own copy of 2,500 organizations' links (640 MB)."""
        by_category, by_region, by_org, by_status = self._facet_counts
        url = routes.url_of
        groups = (
            ("类别", tuple(Link(c, url(routes.category(c)), by_category[c]) for c in self.categories if by_category[c])),
            ("地区", tuple(Link(r, url(routes.region(r)), by_region[r]) for r in pinyin_sorted(by_region))),
            ("机构", tuple(Link(o.title, o.url, by_org[o.slug]) for o in self.site.organizations if by_org[o.slug])),
            ("状态", tuple(Link(STATUS_LABELS[s], url(routes.status(s)), by_status[s]) for s in STATUS_LABELS if by_status[s])),
        )
        return tuple((name, links, frozenset(link.url for link in links)) for name, links in groups)

    def facets(self, current: str = "") -> tuple[Facet, ...]:
        """The browse links of every programme listing, the one to ``current`` marked."""
        return tuple(Facet(name, links, current if current in urls else "") for name, links, urls in self._facet_links)

    def parts_with(self, attribute: str, value: str) -> list[Contribution]:
        """The contributions whose ``attribute`` (organizations, regions, categories) holds
        ``value``, in their original order (so sums are the same as filtering in place)."""
        if attribute not in self._parts_index:
            index: dict[str, list[Contribution]] = defaultdict(list)
            for part in self.parts:
                for key in getattr(part, attribute):
                    index[key].append(part)
            self._parts_index[attribute] = index
        return self._parts_index[attribute].get(value, [])

    def parts_of_programs(self, slugs: set[str]) -> list[Contribution]:
        return [c for c in self.parts if c.entry.collection == PROGRAMS.name and c.entry.slug in slugs]

    def scope_totals(self, url: str, title: str, parts: list[Contribution]) -> tuple[Figure, ...]:
        """The totals a page at ``url`` shows, each linked to its breakdown page (filed here
        so that the breakdown section writes it)."""
        found = tuple(totals(parts, breakdown_url=routes.url_of(routes.breakdown(url))))
        if found:
            self.scopes.setdefault(url, (title, parts))
        return found


#: A section of the plan: the pages it adds.
Section = Callable[[Shared], list[Page]]
