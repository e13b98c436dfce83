"""Atom and JSON Feed 1.1 of stories and achievements, site-wide and per organization.

Entries are dated from their front matter (never from the build), newest first, so
two builds of the same content give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from xml.etree import ElementTree as ET

from .schema import TYPE_LABELS
from .seo import SiteInfo
from .site import Entry, Site

ATOM = "http://www.w3.org/2005/Atom"
LIMIT = 50
#: Dates in front matter are local dates in China.
TZ = dt.timezone(dt.timedelta(hours=8))


@dataclass(frozen=True)
class Feed:
    """One feed's address stem (``feeds/all`` → ``feeds/all.xml`` and ``feeds/all.json``)."""

    stem: str
    title: str
    entries: list[Entry]

    @property
    def atom_path(self) -> str:
        return f"{self.stem}.xml"

    @property
    def json_path(self) -> str:
        return f"{self.stem}.json"


def feeds(site: Site, title: str) -> list[Feed]:
    items = sorted(site.stories + site.achievements, key=lambda e: (-e.date.toordinal(), e.collection, e.slug))
    out = [Feed("feeds/all", title, items[:LIMIT])]
    by_org: dict[str, list[Entry]] = {}
    for item in items:
        by_org.setdefault(_organization(site, item) or "", []).append(item)
    for org in site.organizations:
        mine = by_org.get(org.slug)
        if mine:
            out.append(Feed(f"feeds/organizations/{org.slug}", f"{org.title} · {title}", mine[:LIMIT]))
    return out


def _organization(site: Site, entry: Entry) -> str | None:
    own = getattr(entry.record, "organization", None)
    if own:
        return own
    programs = site.programs_named_by(entry)
    return programs[0].record.organization if programs else None


def _timestamp(entry: Entry) -> str:
    return dt.datetime.combine(entry.date, dt.time(), TZ).isoformat()


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
        add(item, "category", term=TYPE_LABELS[entry.collection])
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
                "tags": [TYPE_LABELS[entry.collection]],
            }
            for entry in feed.entries
        ],
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
