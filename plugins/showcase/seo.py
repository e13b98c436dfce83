"""What search engines and link previews read: descriptions, Open Graph, JSON-LD.

Every page gets a description, Open Graph and Twitter card tags and a BreadcrumbList;
record pages also describe themselves in schema.org terms (Project for programmes,
NewsArticle for stories, CreativeWork for achievements, Organization), with the
properties previews and search engines require filled in.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from .schema import TYPE_LABELS
from .site import Entry, Site

SECTION_URLS = {"programs": "programs/", "achievements": "achievements/", "stories": "stories/", "organizations": "organizations/"}
DEFAULT_IMAGE = "assets/images/share.png"


@dataclass(frozen=True)
class SiteInfo:
    url: str  # absolute, ends with /
    name: str
    description: str

    def absolute(self, path: str) -> str:
        return self.url + path.lstrip("/")

    @property
    def publisher(self) -> dict[str, Any]:
        return {"@type": "Organization", "name": self.name, "url": self.url,
                "logo": {"@type": "ImageObject", "url": self.absolute(DEFAULT_IMAGE)}}


@dataclass
class Seo:
    title: str
    description: str
    url: str
    image: str
    image_alt: str
    og_type: str = "website"
    jsonld: list[dict[str, Any]] = field(default_factory=list)

    @property
    def has_photo(self) -> bool:
        return not self.image.endswith(DEFAULT_IMAGE)


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
    return Seo(title, description or info.description, info.absolute(url), info.absolute(DEFAULT_IMAGE), info.name,
               jsonld=[breadcrumbs(info, trail)])


def _iso(value) -> str | None:
    if isinstance(value, dt.date):
        return value.isoformat()
    return f"{value}" if isinstance(value, int) else None


def _org(info: SiteInfo, org: Entry | None) -> dict[str, Any] | None:
    if org is None:
        return None
    return {"@type": "Organization", "name": org.title, "url": info.absolute(org.url)}


def record_seo(info: SiteInfo, site: Site, entry: Entry, image: str | None, image_alt: str | None) -> Seo:
    """Description, preview image and JSON-LD of one record's page."""
    record = entry.record
    url = info.absolute(entry.url)
    picture = info.absolute(image) if image else info.absolute(DEFAULT_IMAGE)
    org = entry if entry.collection == "organizations" else site.organization_of(entry)
    programs = site.programs_named_by(entry)
    if org is None and programs:
        org = site.organization_of(programs[0])
    description = getattr(record, "summary", None) or _fallback_description(entry, org)
    base = {"@context": "https://schema.org", "name": entry.title, "description": description, "url": url, "image": picture}
    if entry.collection == "programs":
        data = {**base, "@type": "Project", "parentOrganization": _org(info, org),
                "areaServed": site.region_of(entry).replace("/", " "), "foundingDate": _iso(record.started),
                "keywords": ", ".join([record.category, *record.tags])}
    elif entry.collection == "stories":
        data = {**base, "@type": "NewsArticle", "headline": entry.title, "datePublished": _iso(record.date),
                "dateModified": _iso(record.date),
                "author": [{"@type": "Organization", "name": name} for name in record.volunteers] or _org(info, org) or info.publisher,
                "publisher": info.publisher, "about": [_project_ref(info, p) for p in programs]}
    elif entry.collection == "achievements":
        data = {**base, "@type": "CreativeWork", "headline": entry.title, "datePublished": _iso(record.date),
                "creator": _org(info, org) or info.publisher, "publisher": info.publisher,
                "about": [_project_ref(info, p) for p in programs]}
    else:
        data = {**base, "@type": "Organization", "alternateName": record.short_name,
                "areaServed": record.region.replace("/", " "), "logo": info.absolute(DEFAULT_IMAGE),
                "parentOrganization": _org(info, site.get("organizations", record.parent))}
    data = {key: value for key, value in data.items() if value not in (None, "", [])}
    trail = [(TYPE_LABELS[entry.collection], SECTION_URLS[entry.collection]), (entry.title, entry.url)]
    og_type = "article" if entry.collection in ("stories", "achievements") else "website"
    return Seo(entry.title, description, url, picture, image_alt or entry.title, og_type, [data, breadcrumbs(info, trail)])


def _project_ref(info: SiteInfo, program: Entry) -> dict[str, Any]:
    return {"@type": "Project", "name": program.title, "url": info.absolute(program.url)}


def _fallback_description(entry: Entry, org: Entry | None) -> str:
    """A record without a summary is described by its type and who it belongs to."""
    who = f"{org.title}的" if org is not None and org is not entry else ""
    first = next((line.strip() for line in entry.body.splitlines() if line.strip() and not line.startswith(("#", "!", "<"))), "")
    return (f"{who}{TYPE_LABELS[entry.collection]}：{first}")[:120] if first else f"{who}{TYPE_LABELS[entry.collection]}：{entry.title}"
