"""Open data: every published record as JSON and CSV, for newsrooms and other sites.

Field names are stable and documented in the README. Figures are normalized (万元 to
元, 名 to 人) beside the value as written, and every address is absolute.
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from .figures import UNIT_SCALE
from .schema import Metric
from .seo import SiteInfo
from .site import Entry, Site

LIST_SEPARATOR = "|"


def _metric(metric: Metric) -> dict[str, Any]:
    base, factor = UNIT_SCALE.get(metric.unit, (metric.unit, 1))
    return {
        "label": metric.label,
        "value": metric.value,
        "unit": metric.unit,
        "kind": metric.kind,
        "approx": metric.approx,
        "as_of": str(metric.as_of) if metric.as_of is not None else None,
        "normalized_value": metric.value * factor,
        "normalized_unit": base,
    }


def _common(entry: Entry, info: SiteInfo) -> dict[str, Any]:
    return {"slug": entry.slug, "url": info.absolute(entry.url)}


def rows(site: Site, info: SiteInfo, book=None) -> dict[str, list[dict[str, Any]]]:
    """Records by collection as plain dictionaries, in the site's display order."""

    def photos(entry: Entry) -> list[dict[str, Any]]:
        found = []
        for photo in getattr(entry.record, "photos", []):
            picture = book.picture(entry.source.folder / photo.file, photo.alt) if book else None
            if picture is not None:
                found.append({"url": info.absolute(picture.src), "alt": photo.alt, "caption": photo.caption, "credit": photo.credit})
        return found

    def sources(entry: Entry) -> list[dict[str, Any]]:
        return [{**s.model_dump(mode="json")} for s in entry.record.sources]

    organizations = [
        {**_common(o, info), "name": o.record.name, "short_name": o.record.short_name, "kind": o.record.kind,
         "region": o.record.region, "parent": o.record.parent, "website": o.record.website}
        for o in site.organizations
    ]
    programs = [
        {**_common(p, info), "title": p.title, "organization": p.record.organization, "category": p.record.category,
         "region": site.region_of(p), "started": str(p.record.started) if p.record.started else None,
         "status": p.record.status, "summary": p.record.summary, "beneficiaries": p.record.beneficiaries,
         "partners": list(p.record.partners), "tags": list(p.record.tags),
         "metrics": [_metric(m) for m in p.record.metrics], "photos": photos(p), "sources": sources(p)}
        for p in site.programs
    ]
    achievements = [
        {**_common(a, info), "title": a.title, "date": a.date.isoformat(), "programs": list(a.record.programs),
         "organization": a.record.organization, "level": a.record.level, "summary": a.record.summary,
         "metrics": [_metric(m) for m in a.record.metrics], "sources": sources(a)}
        for a in site.achievements
    ]
    stories = [
        {**_common(s, info), "title": s.title, "date": s.date.isoformat(), "programs": list(s.record.programs),
         "volunteers": list(s.record.volunteers), "summary": s.record.summary, "photos": photos(s), "sources": sources(s)}
        for s in site.stories
    ]
    return {"organizations": organizations, "programs": programs, "achievements": achievements, "stories": stories}


def as_json(records: list[dict[str, Any]]) -> str:
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


def as_csv(records: list[dict[str, Any]]) -> str:
    """One row per record: lists joined with ``|``; metrics, photos and sources as JSON text."""
    if not records:
        return ""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(records[0]), lineterminator="\n")
    writer.writeheader()
    for record in records:
        writer.writerow({key: _cell(value) for key, value in record.items()})
    return out.getvalue()


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        if value and isinstance(value[0], dict):
            return json.dumps(value, ensure_ascii=False)
        return LIST_SEPARATOR.join(str(v) for v in value)
    return "" if value is None else value
