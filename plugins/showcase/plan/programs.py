"""The programme listings: all programmes, and the same narrowed by category, status and
each level of region. They work without JavaScript: every narrowing is its own page."""

from __future__ import annotations

from collections import defaultdict

from .. import routes
from ..chinese import pinyin_sorted
from ..figures import Contribution
from ..registry import PROGRAMS
from ..schema import STATUS_LABELS
from ..site import Entry, region_levels
from .shared import Page, Shared, page_title, paginate
from .views import Link, ProgramListView


def _listing(shared: Shared, src_uri: str, title: str, programs: list[Entry], parts: list[Contribution],
             heading: str = "", breadcrumbs: tuple[Link, ...] = (), subregions: tuple[Link, ...] = ()) -> list[Page]:
    facets = shared.facets(routes.url_of(src_uri))
    figures = shared.scope_totals(routes.url_of(src_uri), title, parts)
    pages = []
    for uri, chunk, pager in paginate(src_uri, programs):
        name = page_title(title, pager)
        view = ProgramListView(
            count=len(programs), facets=facets, figures=figures, cards=shared.cards(chunk), pager=pager,
            all_url=routes.url_of(routes.section(PROGRAMS.name)), heading=heading, breadcrumbs=breadcrumbs,
            subregions=subregions, **shared.common(uri, name, breadcrumbs),
        )
        pages.append(Page(uri, name, "showcase/programs.html", view))
    return pages


def programs(shared: Shared) -> list[Page]:
    site = shared.site
    everything = site.programs
    pages = _listing(shared, routes.section(PROGRAMS.name), PROGRAMS.label, everything, shared.parts)
    for name in shared.categories:
        chosen = [p for p in everything if p.record.category == name]
        if chosen:
            pages += _listing(shared, routes.category(name), name, chosen, shared.parts_with("categories", name), heading="类别")
    for status, label in STATUS_LABELS.items():
        chosen = [p for p in everything if p.record.status == status]
        if chosen:
            parts = shared.parts_of_programs({p.slug for p in chosen})
            pages += _listing(shared, routes.status(status), f"{label}的项目", chosen, parts, heading="状态")
    regions: dict[str, list[Entry]] = defaultdict(list)
    for program in everything:
        for level in region_levels(site.region_of(program)):
            regions[level].append(program)
    for region, chosen in sorted(regions.items()):
        depth = region.count("/")
        children = pinyin_sorted(r for r in regions if r.startswith(region + "/") and r.count("/") == depth + 1)
        sub = tuple(Link(r.rsplit("/", 1)[-1], routes.url_of(routes.region(r)), len(regions[r])) for r in children)
        pages += _listing(shared, routes.region(region), region.rsplit("/", 1)[-1], chosen, shared.parts_with("regions", region),
                          heading="地区", breadcrumbs=shared.region_links(region), subregions=sub)
    return pages
