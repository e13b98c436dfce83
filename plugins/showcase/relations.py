"""Related programmes, by a documented, deterministic score.

score = 3 for the same category
      + 2 for each tag in common
      + 2 for the same organization
      + 1 for each region level in common (province, city, county)
Programmes scoring 0 are not related. Ties are broken by slug, so the list never
depends on file order. Scores are accumulated from an index of who shares what, so
the cost follows the number of shared features, not the square of the programmes.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from functools import cached_property

from .registry import PROGRAMS
from .site import Entry, Site, region_levels

RELATED = 4


def _features(site: Site, program: Entry) -> list[tuple[tuple, int]]:
    """(feature, points) pairs: two programmes sharing a feature earn its points."""
    record = program.record
    out = [(("category", record.category), 3), (("organization", record.organization), 2)]
    out += [(("tag", tag), 2) for tag in sorted({t.strip() for t in record.tags})]
    out += [(("region", level), 1) for level in region_levels(site.region_of(program))]
    return out


class Relations:
    """Related programmes for every programme of a site, computed once."""

    def __init__(self, site: Site):
        self.site = site

    @cached_property
    def _index(self) -> tuple[dict[str, list[tuple[tuple, int]]], dict[tuple, list[str]]]:
        features = {p.slug: _features(self.site, p) for p in self.site.programs}
        postings: dict[tuple, list[str]] = defaultdict(list)
        for slug, pairs in features.items():
            for feature, _ in pairs:
                postings[feature].append(slug)
        return features, postings

    def related(self, program: Entry, limit: int = RELATED) -> list[tuple[Entry, int]]:
        features, postings = self._index
        totals: Counter[str] = Counter()
        for feature, points in features.get(program.slug, []):
            totals.update(postings[feature] * points)  # counted in C: a point per listing
        totals.pop(program.slug, None)
        if not totals:
            return []
        # only candidates scoring at least the limit-th best score need sorting
        floor = sorted(totals.values(), reverse=True)[min(limit, len(totals)) - 1]
        best = sorted((-points, slug) for slug, points in totals.items() if points >= floor)[:limit]
        return [(self.site.get(PROGRAMS.name, slug), -negative) for negative, slug in best]

