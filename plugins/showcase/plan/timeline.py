"""The achievements by year, and the same narrowed to one organization or category.

The narrowed pages work without JavaScript; with it, the full timeline filters in
place (each item carries its organization and categories as data).
"""

from __future__ import annotations

from collections import Counter, defaultdict

from .. import routes
from ..figures import Figure
from ..registry import ACHIEVEMENTS
from ..schema import LEVEL_LABELS, category_slug
from ..site import Entry
from .shared import TIMELINE_PER_PAGE, Page, Shared, page_title, paginate
from .views import Link, TimelineFilter, TimelineItem, TimelineView


def timeline(shared: Shared) -> list[Page]:
    site = shared.site
    items = site.achievements
    filed = {a.slug: _filed_under(shared, a) for a in items}
    orgs = Counter(filed[a.slug][0] for a in items)
    cats = Counter(c for a in items for c in filed[a.slug][1])
    # made once and shared by every timeline: each of 2,500 organizations' timelines held
    # its own copy of every organization's link at 100,000 records
    org_links = tuple(
        (Link(o.record.short_name or o.title, routes.url_of(routes.achievements_of_organization(o.slug)), orgs[o.slug]), o.slug)
        for o in site.organizations if orgs[o.slug]
    )
    cat_links = tuple(
        (Link(c, routes.url_of(routes.achievements_in_category(c)), cats[c]), category_slug(c))
        for c in shared.categories if cats[c]
    )
    all_src = routes.section(ACHIEVEMENTS.name)

    def pages_of(src_uri: str, title: str, chosen: list[Entry]) -> list[Page]:
        current = routes.url_of(src_uri)
        filters = (TimelineFilter("机构", "org", org_links, current), TimelineFilter("类别", "category", cat_links, current))
        out = []
        for uri, chunk, pager in paginate(src_uri, chosen, TIMELINE_PER_PAGE):
            years: dict[int, list[TimelineItem]] = defaultdict(list)
            for entry in chunk:
                org, categories = filed[entry.slug]
                years[entry.date.year].append(
                    TimelineItem(shared.card(entry), org or "", " ".join(category_slug(c) for c in categories),
                                 Figure.of(entry.record.metrics[0], entry.record.sources) if entry.record.metrics else None)
                )
            name = page_title(title, pager)
            view = TimelineView(
                years=tuple((year, tuple(found)) for year, found in sorted(years.items(), reverse=True)),
                levels=LEVEL_LABELS, all_url=routes.url_of(all_src), filters=filters,
                narrowed=src_uri != all_src, pager=pager, **shared.common(uri, name),
            )
            out.append(Page(uri, name, "showcase/timeline.html", view))
        return out

    pages = pages_of(all_src, ACHIEVEMENTS.label, items)
    by_org: dict[str | None, list[Entry]] = defaultdict(list)
    by_category: dict[str, list[Entry]] = defaultdict(list)
    for a in items:
        by_org[filed[a.slug][0]].append(a)
        for name in filed[a.slug][1]:
            by_category[name].append(a)
    for org in site.organizations:
        if by_org.get(org.slug):
            pages += pages_of(routes.achievements_of_organization(org.slug), f"{org.title}的成果", by_org[org.slug])
    for name in shared.categories:
        if by_category.get(name):
            pages += pages_of(routes.achievements_in_category(name), f"{name}类成果", by_category[name])
    return pages


def _filed_under(shared: Shared, entry: Entry) -> tuple[str | None, list[str]]:
    """The organization and categories an achievement is filed under on the timelines."""
    owner = shared.site.owner(entry)
    return (owner.slug if owner else None, sorted({p.record.category for p in shared.site.programs_named_by(entry)}))
