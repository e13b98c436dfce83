"""A record's own page: what its template is given.

Every record view has the same shape (``RecordView``); what a record shows beyond its
own fields comes from its relations: programmes list the achievements and stories that
name them and their related programmes, organizations their programmes and
achievements. Fields that do not apply stay empty, and templates show what is there.
"""

from __future__ import annotations

from .. import routes
from ..figures import Figure
from ..registry import ACHIEVEMENTS, ORGANIZATIONS, PROGRAMS, STORIES
from ..qr import qr_code
from ..schema import LEVEL_LABELS, year_of
from ..search import facets, names
from ..seo import record_seo
from ..site import Entry
from .shared import Shared
from .views import Link, RecordView

#: Record types whose pages carry a QR code of their address (posters, WeChat).
SHARED_BY_QR = (PROGRAMS.name, STORIES.name)


def record_view(shared: Shared, entry: Entry) -> RecordView:
    site, record = shared.site, entry.record
    pictures = shared.pictures(entry)
    card = shared.card(entry)
    cover = card.cover
    image = (cover.og or cover.src) if cover else (pictures[0].src if pictures else None)
    alt = cover.alt if cover else (pictures[0].alt if pictures else None)
    region = site.region_of(entry)
    is_org = entry.collection == ORGANIZATIONS.name
    return RecordView(
        entry=entry,
        record=record,
        card=card,
        pictures=pictures,
        seo=record_seo(shared.info, site, entry, image, alt),
        feeds=shared.feed_links(entry),
        own_feeds=shared.own_feed_links(entry),
        search=facets(site, entry),
        search_names=tuple(names(entry)),
        figures=shared.scope_totals(entry.url, entry.title, shared.parts_with("organizations", entry.slug)) if is_org
        else tuple(Figure.of(m, getattr(record, "sources", [])) for m in getattr(record, "metrics", [])),
        region_links=shared.region_links(region) if region and (is_org or hasattr(record, "region")) else (),
        tags=tuple(Link(t, routes.url_of(routes.tag(t))) for t in getattr(record, "tags", [])),
        achievements=shared.cards(site.naming(entry, ACHIEVEMENTS.name)),
        stories=shared.cards(site.naming(entry, STORIES.name)),
        related=tuple(shared.card(other) for other, _ in shared.relations.related(entry)) if entry.collection == PROGRAMS.name else (),
        programs=shared.cards(site.naming(entry, PROGRAMS.name)),
        children=tuple(site.naming(entry, ORGANIZATIONS.name)),
        parent=site.get(ORGANIZATIONS.name, getattr(record, "parent", None)),
        level=LEVEL_LABELS.get(getattr(record, "level", None) or "", ""),
        qr=qr_code(shared.info.absolute(entry.url)) if entry.collection in SHARED_BY_QR else None,
        as_of=max((y for m in getattr(record, "metrics", []) if (y := year_of(m.as_of))), default=None),
    )
