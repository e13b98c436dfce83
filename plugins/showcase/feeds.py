"""Atom and JSON Feed 1.1 of stories and achievements, site-wide and per organization.

Entries are dated from their front matter (never from the build), newest first, so
two builds of the same content give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from xml.etree import ElementTree as ET

from . import routes
from .site import Entry, Site
from .siteinfo import SiteInfo

ATOM = "http://www.w3.org/2005/Atom"
LIMIT = 50
#: Dates in front matter are local dates in China.
TZ = dt.timezone(dt.timedelta(hours=8))


@dataclass(frozen=True)
class Feed:
    """One feed, written twice: ``feeds/<stem>.xml`` (Atom) and ``feeds/<stem>.json``."""

    stem: str
    title: str
    entries: list[Entry]
    #: The organization it belongs to (``None``: the site-wide feed).
    organization: Entry | None = None

    @property
    def atom_path(self) -> str:
        return routes.feed(self.stem, "atom")

    @property
    def json_path(self) -> str:
        return routes.feed(self.stem, "json")


def feeds(site: Site, title: str) -> list[Feed]:
    """The site-wide feed (always written, if empty) and one per organization that has
    entries: an organization without any has no feed, and so no link to one."""
    dated = [entry for kind in site.registry if kind.feed for entry in site.all(kind.name)]
    items = sorted(dated, key=lambda e: (-e.date.ordinal(), e.collection, e.slug))
    out = [Feed("all", title, items[:LIMIT])]
    by_org: dict[str, list[Entry]] = {}
    for item in items:
        owner = site.owner(item)
        by_org.setdefault(owner.slug if owner else "", []).append(item)
    for org in site.organizations:
        mine = by_org.get(org.slug)
        if mine:
            out.append(Feed(routes.organization_feed_stem(org.slug), f"{org.title} · {title}", mine[:LIMIT], org))
    return out


def _timestamp(entry: Entry) -> str:
    """Feed formats need a full timestamp: a date known to the year or month takes the first
    day of it here, and only here (feed readers show it, but the site never does)."""
    return dt.datetime.combine(entry.date.first_day, dt.time(), TZ).isoformat()


def _summary(entry: Entry) -> str:
    return getattr(entry.record, "summary", None) or entry.title


def atom(feed: Feed, info: SiteInfo) -> str:
    ET.register_namespace("", ATOM)
    root = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": "zh-CN"})

    def add(parent, tag, text=None, **attrs):
        element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attrs)
        if text is not None:
            element.text = text
        return element

    add(root, "id", info.absolute(feed.atom_path))
    add(root, "title", feed.title)
    add(root, "updated", _timestamp(feed.entries[0]) if feed.entries else "1970-01-01T00:00:00+00:00")
    add(root, "link", rel="self", href=info.absolute(feed.atom_path), type="application/atom+xml")
    add(root, "link", rel="alternate", href=info.url, type="text/html")
    author = add(root, "author")
    add(author, "name", info.name)
    for entry in feed.entries:
        item = add(root, "entry")
        add(item, "id", info.absolute(entry.url))
        add(item, "title", entry.title)
        add(item, "updated", _timestamp(entry))
        add(item, "published", _timestamp(entry))
        add(item, "link", rel="alternate", href=info.absolute(entry.url), type="text/html")
        add(item, "category", term=entry.kind.label)
        add(item, "summary", _summary(entry), type="text")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def json_feed(feed: Feed, info: SiteInfo) -> str:
    data = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": feed.title,
        "home_page_url": info.url,
        "feed_url": info.absolute(feed.json_path),
        "language": "zh-CN",
        "authors": [{"name": info.name, "url": info.url}],
        "items": [
            {
                "id": info.absolute(entry.url),
                "url": info.absolute(entry.url),
                "title": entry.title,
                "summary": _summary(entry),
                "content_text": entry.body.strip() or _summary(entry),
                "date_published": _timestamp(entry),
                "tags": [entry.kind.label],
            }
            for entry in feed.entries
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
