"""What search engines and link previews read: descriptions, Open Graph, JSON-LD.

Every page gets a description, Open Graph and Twitter card tags and a BreadcrumbList;
record pages also describe themselves in schema.org terms, by the type their
collection declares (Project for programmes, NewsArticle for stories, CreativeWork
for achievements, Organization), with the properties previews and search engines
require filled in. ``describe`` is the one rule for a record's description: the
``<meta name=description>``, Open Graph and JSON-LD all use it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from . import routes
from .dates import iso
from .site import Entry, Site
from .siteinfo import SiteInfo

#: A description is cut here: what previews and search results show.
DESCRIPTION_LENGTH = 120


@dataclass(frozen=True)
class Seo:
    title: str
    description: str
    url: str
    image: str
    image_alt: str
    og_type: str = "website"
    jsonld: tuple[dict[str, Any], ...] = field(default_factory=tuple)

    @property
    def has_photo(self) -> bool:
        return not self.image.endswith(routes.SHARE_IMAGE)

    @property
    def image_is_og(self) -> bool:
        """The 1200×630 image made for previews (a cover's ``.og.jpg``, or the share image)."""
        return self.image.endswith(".og.jpg") or not self.has_photo


def describe(site: Site, entry: Entry) -> str:
    """A record's description: its summary, else its type and owner with the body's first line."""
    summary = getattr(entry.record, "summary", None)
    if summary:
        return summary
    org = site.owner(entry)
    who = f"{org.title}的" if org is not None and org is not entry else ""
    first = next((line.strip() for line in entry.body.splitlines() if line.strip() and not line.startswith(("#", "!", "<"))), "")
    return f"{who}{entry.kind.label}：{first or entry.title}"[:DESCRIPTION_LENGTH]


def breadcrumbs(info: SiteInfo, trail: list[tuple[str, str]]) -> dict[str, Any]:
    items = [("首页", "")] + [step for step in trail if step[1] != ""]
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": i + 1, "name": name, "item": info.absolute(url)}
            for i, (name, url) in enumerate(items)
        ],
    }


def page_seo(info: SiteInfo, title: str, url: str, description: str, trail: list[tuple[str, str]]) -> Seo:
    return Seo(title, description or info.description, info.absolute(url), info.absolute(routes.SHARE_IMAGE), info.name,
               jsonld=(breadcrumbs(info, trail),))


def _iso(value) -> str | None:
    """A date for JSON-LD at the precision known (schema.org Date takes ISO 8601 reduced
    precision: 2013, 2013-06)."""
    return iso(value) or None


def _org(info: SiteInfo, org: Entry | None) -> dict[str, Any] | None:
    if org is None:
        return None
    return {"@type": "Organization", "name": org.title, "url": info.absolute(org.url)}


def _project_ref(info: SiteInfo, program: Entry) -> dict[str, Any]:
    return {"@type": "Project", "name": program.title, "url": info.absolute(program.url)}


def _project(info: SiteInfo, site: Site, entry: Entry, org: Entry | None) -> dict[str, Any]:
    record = entry.record
    return {"parentOrganization": _org(info, org), "areaServed": site.region_of(entry).replace("/", " "),
            "foundingDate": _iso(record.started), "keywords": ", ".join([record.category, *record.tags])}


def _news(info: SiteInfo, site: Site, entry: Entry, org: Entry | None) -> dict[str, Any]:
    record = entry.record
    return {"headline": entry.title, "datePublished": _iso(record.date), "dateModified": _iso(record.date),
            "author": [{"@type": "Organization", "name": name} for name in getattr(record, "volunteers", [])]
            or _org(info, org) or info.publisher,
            "publisher": info.publisher, "about": [_project_ref(info, p) for p in site.programs_named_by(entry)]}


def _work(info: SiteInfo, site: Site, entry: Entry, org: Entry | None) -> dict[str, Any]:
    return {"headline": entry.title, "datePublished": _iso(entry.date),
            "creator": _org(info, org) or info.publisher, "publisher": info.publisher,
            "about": [_project_ref(info, p) for p in site.programs_named_by(entry)]}


def _organization(info: SiteInfo, site: Site, entry: Entry, org: Entry | None) -> dict[str, Any]:
    record = entry.record
    return {"alternateName": record.short_name, "areaServed": record.region.replace("/", " "),
            "logo": info.absolute(routes.SHARE_IMAGE),
            "parentOrganization": _org(info, site.get(entry.collection, record.parent))}


#: schema.org type (declared by each collection) → the properties that type needs.
SCHEMA_PROPERTIES: dict[str, Callable[[SiteInfo, Site, Entry, Entry | None], dict[str, Any]]] = {
    "Project": _project,
    "NewsArticle": _news,
    "CreativeWork": _work,
    "Organization": _organization,
}


def record_seo(info: SiteInfo, site: Site, entry: Entry, image: str | None, image_alt: str | None) -> Seo:
    """Description, preview image and JSON-LD of one record's page."""
    url = info.absolute(entry.url)
    picture = info.absolute(image) if image else info.absolute(routes.SHARE_IMAGE)
    org = site.owner(entry)
    description = describe(site, entry)
    schema_type = entry.kind.schema_type
    data = {"@context": "https://schema.org", "name": entry.title, "description": description, "url": url,
            "image": picture, "@type": schema_type, **SCHEMA_PROPERTIES[schema_type](info, site, entry, org)}
    data = {key: value for key, value in data.items() if value not in (None, "", [])}
    trail = [(entry.kind.label, entry.kind.section_url), (entry.title, entry.url)]
    return Seo(entry.title, description, url, picture, image_alt or entry.title, entry.kind.og_type, (data, breadcrumbs(info, trail)))
