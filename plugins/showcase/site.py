"""The indexed collection of published records, with references resolved both ways.

A ``Site`` only ever holds valid, non-draft records whose references all resolve, so
everything downstream (figures, pages, templates) can follow a reference without
checking it again. The rules every part of the site shares about a record (its title,
the organization it belongs to, its region and that region's levels) are written
here once.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Iterable

from . import routes
from .dates import PartialDate
from .chinese import pinyin_key
from .load import SourceFile
from .registry import ACHIEVEMENTS, DEFAULT, ORGANIZATIONS, PROGRAMS, STORIES, Collection, Registry
from .schema import Record, reference_values


@dataclass(frozen=True)
class Entry:
    """One published record: its validated fields and where it came from."""

    collection: str
    slug: str
    record: Record
    source: SourceFile
    kind: Collection

    @cached_property
    def url(self) -> str:
        """Site-relative address of the record's page (directory URLs); made once, since
        cards, links and feeds all keep it (at 30,000 records, 42 MB of copies)."""
        return routes.record(self.collection, self.slug)

    @property
    def title(self) -> str:
        return getattr(self.record, self.kind.title_field)

    @property
    def body(self) -> str:
        """The Markdown body, read from the file again each time (``SourceFile.body_text``)."""
        return self.source.body_text()

    @property
    def date(self) -> PartialDate | None:
        """The record's date at its precision (a type declared with a plain date gets one too)."""
        raw = getattr(self.record, "date", None)
        return None if raw is None else PartialDate.parse(raw)

    def sort_key(self) -> tuple:
        """Newest first for dated records; names (programmes, organizations) in pinyin order,
        as Chinese readers expect; then by slug: lists never depend on file order. A date
        known to the year sorts as the year's first day (after that year's dated items)."""
        date = self.date
        return (-date.ordinal() if date else 0, () if date else pinyin_key(self.title), self.slug)


def region_levels(region: str) -> list[str]:
    """Every level of a region path, widest first: 辽宁省, 辽宁省/盘锦市, …"""
    parts = [part for part in region.split("/") if part] if region else []
    return ["/".join(parts[: i + 1]) for i in range(len(parts))]


class Site:
    def __init__(self, entries: Iterable[Entry], registry: Registry = DEFAULT):
        self.registry = registry
        self._by_type: dict[str, dict[str, Entry]] = {name: {} for name in registry.names}
        for entry in entries:
            self._by_type[entry.collection][entry.slug] = entry
        self._sorted = {name: sorted(items.values(), key=Entry.sort_key) for name, items in self._by_type.items()}

    def get(self, collection: str, slug: str | None) -> Entry | None:
        return self._by_type[collection].get(slug) if slug else None

    def all(self, collection: str) -> list[Entry]:
        return self._sorted[collection]

    @property
    def programs(self) -> list[Entry]:
        return self.all(PROGRAMS.name)

    @property
    def organizations(self) -> list[Entry]:
        return self.all(ORGANIZATIONS.name)

    @property
    def achievements(self) -> list[Entry]:
        return self.all(ACHIEVEMENTS.name)

    @property
    def stories(self) -> list[Entry]:
        return self.all(STORIES.name)

    def entries(self) -> list[Entry]:
        return [entry for name in self.registry.names for entry in self.all(name)]

    def organization_of(self, entry: Entry) -> Entry | None:
        """The organization a record names in its own ``organization`` field."""
        return self.get(ORGANIZATIONS.name, getattr(entry.record, "organization", None))

    def owner(self, entry: Entry) -> Entry | None:
        """The organization a record belongs to: itself, the one it names, else the
        organization of the first programme it names. Feeds, sharing tags, search
        filters and the timeline's filters all file a record under this one."""
        if entry.collection == ORGANIZATIONS.name:
            return entry
        own = self.organization_of(entry)
        if own is not None:
            return own
        named = self.programs_named_by(entry)
        return self.organization_of(named[0]) if named else None

    def region_of(self, entry: Entry) -> str:
        """A record's own region, else its organization's."""
        own = getattr(entry.record, "region", None)
        if own:
            return own
        org = self.owner(entry)
        return org.record.region if org is not None and org is not entry else ""

    def programs_named_by(self, entry: Entry) -> list[Entry]:
        return [p for slug in getattr(entry.record, "programs", []) if (p := self.get(PROGRAMS.name, slug))]

    @cached_property
    def _naming(self) -> dict[str, dict[str, list[Entry]]]:
        """Reverse references: target slug → collection → records that name it."""
        index: dict[str, dict[str, list[Entry]]] = {}
        for entry in self.entries():
            for _, target, slug in reference_values(type(entry.record), entry.record.__dict__):
                index.setdefault(f"{target}/{slug}", {}).setdefault(entry.collection, []).append(entry)
        return index

    def naming(self, target: Entry, collection: str) -> list[Entry]:
        """Records of ``collection`` that refer to ``target``, in display order."""
        found = self._naming.get(f"{target.collection}/{target.slug}", {}).get(collection, [])
        return sorted(found, key=Entry.sort_key)
