"""The home page: a hero (a programme's photo and the site's purpose), headline figures,
featured programmes, the latest stories, this year's achievements and the organizations."""

from __future__ import annotations

from collections import defaultdict

from .. import routes
from ..charts import overview_charts
from ..figures import Figure
from ..registry import ACHIEVEMENTS, ORGANIZATIONS, PROGRAMS, STORIES
from ..schema import KIND_LABELS
from .shared import Page, Shared
from .views import Headline, HomeView, OrganizationRow

FEATURED = 8
LATEST = 4
TEASER = 4
#: At most this many headline figures: one idea per tile, a few tiles.
HEADLINES = 4
#: Which kinds make the headline, in this order (people served first, then people serving).
HEADLINE_KINDS = ("beneficiaries", "volunteers", "service_hours", "funds_raised", "events", "sites")


def home(shared: Shared) -> list[Page]:
    site = shared.site
    naming = {p.slug: len(site.naming(p, STORIES.name)) + len(site.naming(p, ACHIEVEMENTS.name)) for p in site.programs}
    # programmes with a photo first, then those most written about; pinyin order breaks ties
    ranked = sorted(site.programs, key=lambda p: (p.record.cover is None, -naming[p.slug]))
    hero = next((shared.card(p) for p in ranked if shared.card(p).cover is not None), None)
    featured = [p for p in ranked if hero is None or p.slug != hero.entry.slug][:FEATURED]
    achievements = site.achievements
    latest_year = achievements[0].date.year if achievements else None
    teaser = [a for a in achievements if a.date.year == latest_year][:TEASER] or achievements[:TEASER]
    view = HomeView(
        hero=hero,
        headlines=headlines(shared),
        charts=tuple(overview_charts(shared.parts, routes.url_of(routes.breakdown(routes.url_of(routes.HOME))))),
        featured=shared.cards(featured),
        stories=shared.cards(site.stories[:LATEST]),
        achievements=shared.cards(teaser),
        achievements_year=latest_year or 0,
        achievement_figures={a.slug: Figure.of(a.record.metrics[0], a.record.sources) for a in teaser if a.record.metrics},
        organizations=tuple(OrganizationRow(o, len(site.naming(o, PROGRAMS.name)), shared.region_links(o.record.region))
                            for o in site.organizations),
        program_count=len(site.programs),
        organization_count=len(site.organizations),
        programs_url=routes.url_of(routes.section(PROGRAMS.name)),
        stories_url=routes.url_of(routes.section(STORIES.name)),
        achievements_url=routes.url_of(routes.section(ACHIEVEMENTS.name)),
        organizations_url=routes.url_of(routes.section(ORGANIZATIONS.name)),
        search_url=routes.url_of(routes.SEARCH),
        **shared.common(routes.HOME, "首页"),
    )
    return [Page(routes.HOME, "首页", "showcase/home.html", view)]


def headlines(shared: Shared) -> tuple[Headline, ...]:
    """One tile per kind of figure (志愿者 in 人 and in 人次 is one tile with two lines), each
    saying as of when and from how many organizations it is added up."""
    figures = defaultdict(list)
    for figure in shared.scope_totals(routes.url_of(routes.HOME), shared.info.name, shared.parts):
        figures[figure.kind].append(figure)
    years, orgs = defaultdict(set), defaultdict(set)
    for part in shared.parts:
        if not part.counted:
            continue
        if part.year:
            years[part.kind].add(part.year)
        orgs[part.kind] |= part.organizations
    out = []
    for kind in [k for k in HEADLINE_KINDS if k in figures][:HEADLINES]:
        context = [f"截至{max(years[kind])}年" if years[kind] else "", f"{len(orgs[kind])} 个机构" if orgs[kind] else ""]
        out.append(Headline(KIND_LABELS[kind], tuple(figures[kind]), " · ".join(c for c in context if c)))
    return tuple(out)
