"""Which pages the site has beyond the records' own, and what each template is given.

Listings are generated here instead of being put in the navigation: MkDocs repeats
the navigation on every page, so listing records there makes the output grow with
the square of the record count. Templates only lay out what this module hands them.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from .chinese import simplified_pairs, to_simplified
from .charts import overview_charts
from .figures import Contribution, Figure, contributions, totals
from .feeds import atom, feeds, json_feed
from .opendata import as_csv, as_json, rows
from .pictures import PhotoBook, Picture
from .seo import SECTION_URLS, Seo, SiteInfo, page_seo, record_seo
from .search import FILTERS, SIMPLIFIED_TABLE, facets, names
from .problems import MESSAGES
from .relations import Relations
from .schema import LEVEL_LABELS, STATUS_LABELS, TYPE_LABELS, categories, category_slug
from .site import Entry, Site

HOME_FEATURED = 6
HOME_LATEST = 5


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    count: int = 0
    current: bool = False


@dataclass(frozen=True)
class Facet:
    name: str
    links: list[Link]


@dataclass(frozen=True)
class Page:
    """A generated page: where it lives, its title, its template and its data."""

    src_uri: str
    title: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    description: str = ""

    @property
    def url(self) -> str:
        return url_of(self.src_uri)


def url_of(src_uri: str) -> str:
    """Directory URL of a Markdown path: ``a/b.md`` → ``a/b/``, ``a/index.md`` → ``a/``."""
    path = re.sub(r"(^|/)index\.md$", r"\1", src_uri)
    return re.sub(r"\.md$", "/", path)


def tag_key(tag: str) -> str:
    """One tag page for 志愿服务 and 志願服務: tags are grouped by their simplified form."""
    return to_simplified(tag.strip())


def tag_path(tag: str) -> str:
    """A tag as one path segment (slashes and spaces would split or break the address)."""
    return re.sub(r"[\s/\\?#%]+", "-", tag_key(tag)).strip("-") or "-"


def region_uri(region: str) -> str:
    return f"programs/region/{region}/index.md"


PER_PAGE = 48
TIMELINE_PER_PAGE = 100


@dataclass(frozen=True)
class Pager:
    """Where a page sits in a paginated listing (page 1 keeps the listing's own address)."""

    current: int
    total: int
    urls: list[str]

    @property
    def prev_url(self) -> str | None:
        return self.urls[self.current - 2] if self.current > 1 else None

    @property
    def next_url(self) -> str | None:
        return self.urls[self.current] if self.current < self.total else None


def paged_uri(src_uri: str, number: int) -> str:
    """``programs/index.md`` → ``programs/page/2.md``; ``tags/x.md`` → ``tags/x/page/2.md``."""
    if number == 1:
        return src_uri
    base = re.sub(r"(/index)?\.md$", "", src_uri)
    return f"{base}/page/{number}.md" if base != "index" else f"page/{number}.md"


def split(src_uri: str, items: list, per_page: int = PER_PAGE) -> list[tuple[str, list, Pager | None]]:
    """A long listing as pages of ``per_page``: a phone never downloads thousands of cards."""
    chunks = [items[i : i + per_page] for i in range(0, len(items), per_page)] or [[]]
    if len(chunks) == 1:
        return [(src_uri, items, None)]
    uris = [paged_uri(src_uri, n + 1) for n in range(len(chunks))]
    urls = [url_of(uri) for uri in uris]
    return [(uri, chunk, Pager(n + 1, len(chunks), urls)) for n, (uri, chunk) in enumerate(zip(uris, chunks))]


class Planner:
    """Builds the list of generated pages and the context of every record page."""

    def __init__(self, site: Site, book: PhotoBook | None = None, info: SiteInfo | None = None):
        self.site = site
        self.book = book
        self.info = info or SiteInfo("http://127.0.0.1:8000/", "", "")
        self.categories = [c["name"] for c in categories()]
        self.parts = contributions(site)
        self.relations = Relations(site)
        self._cards: dict[tuple[str, str], dict[str, Any]] = {}
        self._parts_index: dict[str, dict[str, list[Contribution]]] = {}
        self._filters: dict[str, tuple[str | None, list[str]]] = {}

    def pictures(self, entry: Entry) -> list[Picture]:
        """The record's photos as pages show them; a photo that failed to render is left out."""
        if self.book is None:
            return []
        found = (
            self.book.picture(entry.source.folder / p.file, p.alt, p.caption, p.credit)
            for p in getattr(entry.record, "photos", [])
        )
        return [picture for picture in found if picture is not None]

    def cover(self, entry: Entry) -> Picture | None:
        cover = getattr(entry.record, "cover", None)
        photo = next((p for p in getattr(entry.record, "photos", []) if p.file == cover), None)
        if photo is None or self.book is None:
            return None
        return self.book.picture(entry.source.folder / photo.file, photo.alt, photo.caption, photo.credit)

    # -- shared views -------------------------------------------------------------

    def card(self, entry: Entry) -> dict[str, Any]:
        """What a listing shows of a record; built once per record however many lists show it."""
        key = (entry.collection, entry.slug)
        if key not in self._cards:
            self._cards[key] = self._card(entry)
        return self._cards[key]

    def _card(self, entry: Entry) -> dict[str, Any]:
        org = self.site.organization_of(entry)
        record = entry.record
        return {
            "entry": entry,
            "title": entry.title,
            "url": entry.url,
            "summary": getattr(record, "summary", None),
            "cover": self.cover(entry),
            "organization": org,
            "category": getattr(record, "category", None),
            "category_url": self.category_url(record.category) if hasattr(record, "category") else None,
            "region": self.site.region_of(entry) if entry.collection == "programs" else None,
            "status": STATUS_LABELS.get(getattr(record, "status", ""), ""),
            "date": entry.date,
            "programs": self.site.programs_named_by(entry),
            "type_label": TYPE_LABELS[entry.collection],
        }

    def cards(self, entries: list[Entry]) -> list[dict[str, Any]]:
        return [self.card(entry) for entry in entries]

    def category_url(self, name: str) -> str:
        return url_of(f"programs/category/{category_slug(name)}.md")

    def region_links(self, region: str) -> list[Link]:
        """Breadcrumb links for each level of a region path: 辽宁省 › 盘锦市."""
        parts = region.split("/") if region else []
        return [Link(part, url_of(region_uri("/".join(parts[: i + 1])))) for i, part in enumerate(parts)]

    @cached_property
    def _facet_counts(self) -> tuple[Counter, Counter, Counter, Counter]:
        """Programmes per category, top-level region, organization and status: counted once,
        though every listing page shows them."""
        programs = self.site.programs
        return (
            Counter(p.record.category for p in programs),
            Counter(self.site.region_of(p).split("/")[0] for p in programs),
            Counter(p.record.organization for p in programs),
            Counter(p.record.status for p in programs),
        )

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

    def facets(self, current: str = "") -> list[Facet]:
        """The browse links of every listing (all programmes), ``current`` marked."""
        by_category, by_region, by_org, by_status = self._facet_counts

        def link(label: str, url: str, count: int) -> Link:
            return Link(label, url, count, url == current)

        return [
            Facet("类别", [link(c, self.category_url(c), by_category[c]) for c in self.categories if by_category[c]]),
            Facet("地区", [link(r, url_of(region_uri(r)), n) for r, n in sorted(by_region.items())]),
            Facet(
                "机构",
                [link(o.title, o.url, by_org[o.slug]) for o in self.site.organizations if by_org[o.slug]],
            ),
            Facet(
                "状态",
                [link(STATUS_LABELS[s], url_of(f"programs/status/{s}.md"), by_status[s]) for s in STATUS_LABELS if by_status[s]],
            ),
        ]

    # -- generated pages -------------------------------------------------------------

    def pages(self) -> list[Page]:
        return [
            self.home(),
            *self.program_listings(),
            self.organization_index(),
            *self.timelines(),
            *self.card_pages("stories/index.md", "志愿者故事", "showcase/stories.html", self.site.stories),
            *self.tag_pages(),
            Page("search/index.md", "搜索", "showcase/search.html", {"filters": FILTERS}),
            self.messages_page(),
        ]

    def messages_page(self) -> Page:
        """Every message the checker can print, for the editing guide (read off the catalogue)."""
        rows = [(code, re.sub(r"\{(\w+)\}", r"…", words["zh"])) for code, words in MESSAGES.items()]
        return Page("guide/messages.md", "检查提示一览", "showcase/messages.html", {"rows": rows})

    def home(self) -> Page:
        site = self.site
        programs = site.programs
        featured = sorted(programs, key=lambda p: (p.record.cover is None, p.slug))[:HOME_FEATURED]
        counts = [
            Figure(TYPE_LABELS[name], len(site.all(name)), unit)
            for name, unit in (("programs", "个"), ("organizations", "个"), ("achievements", "项"), ("stories", "篇"))
        ]
        context = {
            "counts": counts,
            "figures": totals(self.parts),
            "charts": overview_charts(self.parts, self.categories),
            "featured": self.cards(featured),
            "stories": self.cards(site.stories[:HOME_LATEST]),
            "achievements": self.cards(site.achievements[:HOME_LATEST]),
            "facets": self.facets(),
        }
        return Page("index.md", "首页", "showcase/home.html", context)

    def _listing(self, src_uri: str, title: str, programs: list[Entry], parts: list[Contribution], **extra: Any) -> list[Page]:
        shared = {
            "count": len(programs),
            "facets": self.facets(url_of(src_uri)),
            "figures": totals(parts),
            **extra,
        }
        return [
            Page(uri, title if pager is None or pager.current == 1 else f"{title}（第 {pager.current} 页）",
                 "showcase/programs.html", {**shared, "cards": self.cards(chunk), "pager": pager})
            for uri, chunk, pager in split(src_uri, programs)
        ]

    def program_listings(self) -> list[Page]:
        programs = self.site.programs
        pages = self._listing("programs/index.md", "品牌项目", programs, self.parts)
        for name in self.categories:
            chosen = [p for p in programs if p.record.category == name]
            if chosen:
                pages.extend(
                    self._listing(f"programs/category/{category_slug(name)}.md", name, chosen, self.parts_with("categories", name), heading="类别")
                )
        for status, label in STATUS_LABELS.items():
            chosen = [p for p in programs if p.record.status == status]
            if chosen:
                slugs = {p.slug for p in chosen}
                pages.extend(
                    self._listing(
                        f"programs/status/{status}.md", f"{label}的项目", chosen,
                        [c for c in self.parts if c.source.collection == "programs" and c.source.slug in slugs], heading="状态",
                    )
                )
        regions: dict[str, list[Entry]] = defaultdict(list)
        for program in programs:
            parts = self.site.region_of(program).split("/")
            for depth in range(1, len(parts) + 1):
                regions["/".join(parts[:depth])].append(program)
        for region, chosen in sorted(regions.items()):
            children = sorted({r for r in regions if r.startswith(region + "/") and r.count("/") == region.count("/") + 1})
            sub = [Link(r.rsplit("/", 1)[-1], url_of(region_uri(r)), len(regions[r])) for r in children]
            pages.extend(
                self._listing(
                    region_uri(region),
                    region.rsplit("/", 1)[-1],
                    chosen,
                    self.parts_with("regions", region),
                    heading="地区",
                    breadcrumbs=self.region_links(region),
                    subregions=sub,
                )
            )
        return pages

    def organization_index(self) -> Page:
        rows = [
            {"entry": org, "programs": len(self.site.naming(org, "programs")), "region_links": self.region_links(org.record.region)}
            for org in self.site.organizations
        ]
        return Page("organizations/index.md", "机构", "showcase/organizations.html", {"rows": rows})

    def achievement_categories(self, entry: Entry) -> list[str]:
        return self._achievement_filters(entry)[1]

    def achievement_organization(self, entry: Entry) -> str | None:
        return self._achievement_filters(entry)[0]

    def _achievement_filters(self, entry: Entry) -> tuple[str | None, list[str]]:
        """The organization and categories an achievement is filed under on the timelines;
        worked out once per achievement, though every timeline that shows it asks."""
        if entry.slug not in self._filters:
            org = self.site.organization_of(entry)
            named = self.site.programs_named_by(entry)
            slug = org.slug if org else (named[0].record.organization if named else None)
            self._filters[entry.slug] = (slug, sorted({p.record.category for p in named}))
        return self._filters[entry.slug]

    def timelines(self) -> list[Page]:
        """The achievements by year, and the same narrowed to one organization or category.

        The narrowed pages work without JavaScript; with it, the full timeline filters
        in place (each item carries its organization and categories as data).
        """
        items = self.site.achievements
        orgs = Counter(self.achievement_organization(a) for a in items)
        cats = Counter(c for a in items for c in self.achievement_categories(a))
        org_filters = [
            (Link(o.record.short_name or o.title, url_of(f"achievements/organization/{o.slug}.md"), orgs[o.slug]), o.slug)
            for o in self.site.organizations
            if orgs[o.slug]
        ]
        cat_filters = [
            (Link(c, url_of(f"achievements/category/{category_slug(c)}.md"), cats[c]), category_slug(c))
            for c in self.categories
            if cats[c]
        ]

        def timeline(src_uri: str, title: str, chosen: list[Entry]) -> list[Page]:
            out = []
            current = url_of(src_uri)
            filters = [
                ("机构", "org", [(link, value, link.url == current) for link, value in org_filters]),
                ("类别", "category", [(link, value, link.url == current) for link, value in cat_filters]),
            ]
            for uri, chunk, pager in split(src_uri, chosen, TIMELINE_PER_PAGE):
                years: dict[int, list[dict]] = defaultdict(list)
                for entry in chunk:
                    card = {
                        **self.card(entry),
                        "filter_org": self.achievement_organization(entry) or "",
                        "filter_categories": " ".join(category_slug(c) for c in self.achievement_categories(entry)),
                    }
                    years[entry.date.year].append(card)
                context = {
                    "years": sorted(years.items(), reverse=True),
                    "levels": LEVEL_LABELS,
                    "all_url": url_of("achievements/index.md"),
                    "filters": filters,
                    "narrowed": src_uri != "achievements/index.md",
                    "paged": pager is not None,
                    "pager": pager,
                }
                out.append(Page(uri, title if pager is None or pager.current == 1 else f"{title}（第 {pager.current} 页）",
                                "showcase/timeline.html", context))
            return out

        pages = timeline("achievements/index.md", "成果", items)
        by_org: dict[str | None, list[Entry]] = defaultdict(list)
        by_category: dict[str, list[Entry]] = defaultdict(list)
        for a in items:
            by_org[self.achievement_organization(a)].append(a)
            for name in self.achievement_categories(a):
                by_category[name].append(a)
        for org in self.site.organizations:
            chosen = by_org.get(org.slug)
            if chosen:
                pages += timeline(f"achievements/organization/{org.slug}.md", f"{org.title}的成果", chosen)
        for name in self.categories:
            chosen = by_category.get(name)
            if chosen:
                pages += timeline(f"achievements/category/{category_slug(name)}.md", f"{name}类成果", chosen)
        return pages

    def card_pages(self, src_uri: str, title: str, template: str, entries: list[Entry], **extra: Any) -> list[Page]:
        """A paginated list of cards (stories, a tag's programmes)."""
        return [
            Page(uri, title if pager is None or pager.current == 1 else f"{title}（第 {pager.current} 页）",
                 template, {**extra, "cards": self.cards(chunk), "pager": pager, "count": len(entries)})
            for uri, chunk, pager in split(src_uri, entries)
        ]

    def tag_pages(self) -> list[Page]:
        tagged: dict[str, list[Entry]] = defaultdict(list)
        for program in self.site.programs:
            for tag in dict.fromkeys(tag_key(t) for t in program.record.tags):
                tagged[tag].append(program)
        links = [Link(tag, url_of(f"tags/{tag_path(tag)}.md"), len(items)) for tag, items in sorted(tagged.items())]
        pages = [Page("tags/index.md", "标签", "showcase/tags.html", {"tags": links})]
        for tag, items in sorted(tagged.items()):
            pages += self.card_pages(f"tags/{tag_path(tag)}.md", f"标签：{tag}", "showcase/tag.html", items, tag=tag)
        return pages

    # -- files beside the pages ----------------------------------------------------

    def files(self) -> dict[str, str]:
        """Feeds, open data, the search box's script table and robots.txt: site-relative path → text."""
        out: dict[str, str] = {}
        for feed in feeds(self.site, self.info.name):
            out[feed.atom_path] = atom(feed, self.info)
            out[feed.json_path] = json_feed(feed, self.info)
        for name, records in rows(self.site, self.info, self.book).items():
            out[f"data/{name}.json"] = as_json(records)
            out[f"data/{name}.csv"] = as_csv(records)
        out[SIMPLIFIED_TABLE] = simplified_pairs()
        out["robots.txt"] = f"User-agent: *\nAllow: /\nDisallow: /search/\n\nSitemap: {self.info.absolute('sitemap.xml')}\n"
        return out

    def record_seo(self, entry: Entry) -> Seo:
        cover = self.cover(entry)
        pictures = self.pictures(entry)
        image = (cover.og or cover.src) if cover else (pictures[0].src if pictures else None)
        alt = cover.alt if cover else (pictures[0].alt if pictures else None)
        return record_seo(self.info, self.site, entry, image, alt)

    def page_seo(self, page: Page) -> Seo:
        sections = {name: (TYPE_LABELS[name], url) for name, url in SECTION_URLS.items()}
        sections.update(tags=("标签", "tags/"), search=("搜索", "search/"), guide=("编辑指南", "guide/"))
        section = sections.get(page.src_uri.split("/")[0])
        trail = [section] if section else []
        trail += [(link.label, link.url) for link in page.context.get("breadcrumbs", [])]
        if page.url not in [url for _, url in trail]:
            trail.append((page.title, page.url))
        return page_seo(self.info, page.title, page.url, page.description, trail)

    # -- record pages --------------------------------------------------------------

    def record_context(self, entry: Entry) -> dict[str, Any]:
        site, record = self.site, entry.record
        context: dict[str, Any] = {
            "entry": entry,
            "record": record,
            "card": self.card(entry),
            "pictures": self.pictures(entry),
            "seo": self.record_seo(entry),
            "search": facets(self.site, entry),
            "search_names": names(entry),
        }
        if entry.collection == "programs":
            context.update(
                figures=[Figure.of(m) for m in record.metrics],
                region_links=self.region_links(site.region_of(entry)),
                tags=[Link(t, url_of(f"tags/{tag_path(t)}.md")) for t in record.tags],
                achievements=self.cards(site.naming(entry, "achievements")),
                stories=self.cards(site.naming(entry, "stories")),
                related=[self.card(other) for other, _ in self.relations.related(entry)],
            )
        elif entry.collection == "organizations":
            programs = site.naming(entry, "programs")
            context.update(
                programs=self.cards(programs),
                figures=totals(self.parts_with("organizations", entry.slug)),
                children=site.naming(entry, "organizations"),
                parent=site.get("organizations", record.parent),
                achievements=self.cards(site.naming(entry, "achievements")),
                region_links=self.region_links(record.region),
            )
        elif entry.collection == "achievements":
            context.update(figures=[Figure.of(m) for m in record.metrics], level=LEVEL_LABELS.get(record.level or "", ""))
        return context

