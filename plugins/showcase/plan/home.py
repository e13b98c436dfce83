"""The home page: the figures, the charts, featured programmes and the latest news."""

from __future__ import annotations

from .. import routes
from ..charts import overview_charts
from ..figures import Figure
from ..registry import ACHIEVEMENTS, PROGRAMS, STORIES
from .shared import Page, Shared
from .views import HomeView

FEATURED = 6
LATEST = 5


def home(shared: Shared) -> list[Page]:
    site = shared.site
    site_name = shared.info.name
    featured = sorted(site.programs, key=lambda p: (p.record.cover is None, p.slug))[:FEATURED]
    counts = tuple(Figure(kind.label, len(site.all(kind.name)), kind.count_unit) for kind in _counted(site.registry))
    view = HomeView(
        counts=counts,
        figures=shared.scope_totals(routes.url_of(routes.HOME), site_name, shared.parts),
        charts=tuple(overview_charts(shared.parts, routes.url_of(routes.breakdown(routes.url_of(routes.HOME))))),
        featured=shared.cards(featured),
        stories=shared.cards(site.stories[:LATEST]),
        achievements=shared.cards(site.achievements[:LATEST]),
        facets=shared.facets(),
        programs_url=routes.url_of(routes.section(PROGRAMS.name)),
        stories_url=routes.url_of(routes.section(STORIES.name)),
        achievements_url=routes.url_of(routes.section(ACHIEVEMENTS.name)),
        **shared.common(routes.HOME, "首页"),
    )
    return [Page(routes.HOME, "首页", "showcase/home.html", view)]


def _counted(registry):
    """Programmes first, then the rest in the registry's order (as the home page has always shown them)."""
    return sorted(registry, key=lambda kind: kind.name != PROGRAMS.name)
