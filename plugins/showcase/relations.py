"""Related programmes, by a documented, deterministic score.

score = 3 for the same category
      + 2 for each tag in common
      + 2 for the same organization
      + 1 for each region level in common (province, city, county)
Programmes scoring 0 are not related. Ties are broken by slug, so the list never
depends on file order.
"""

from __future__ import annotations

from .site import Entry, Site

RELATED = 4


def score(site: Site, a: Entry, b: Entry) -> int:
    ra, rb = a.record, b.record
    points = 3 if ra.category == rb.category else 0
    points += 2 * len({t.strip() for t in ra.tags} & {t.strip() for t in rb.tags})
    points += 2 if ra.organization == rb.organization else 0
    for x, y in zip(site.region_of(a).split("/"), site.region_of(b).split("/")):
        if x != y:
            break
        points += 1
    return points


def related(site: Site, program: Entry, limit: int = RELATED) -> list[tuple[Entry, int]]:
    scored = [(other, score(site, program, other)) for other in site.programs if other.slug != program.slug]
    scored = [(other, points) for other, points in scored if points > 0]
    return sorted(scored, key=lambda pair: (-pair[1], pair[0].slug))[:limit]
