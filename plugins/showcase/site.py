"""The indexed collection of published records, with references resolved both ways.

A ``Site`` only ever holds valid, non-draft records whose references all resolve, so
everything downstream (figures, pages, templates) can follow a reference without
checking it again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from typing import Iterable

from .load import SourceFile
from .schema import COLLECTIONS, Record, reference_values


@dataclass(frozen=True)
class Entry:
    """One published record: its validated fields and where it came from."""

    collection: str
    slug: str
    record: Record
    source: SourceFile

    @property
    def url(self) -> str:
        """Site-relative address of the record's page (directory URLs)."""
        return f"{self.collection}/{self.slug}/"

    @property
    def title(self) -> str:
        return getattr(self.record, "title", None) or getattr(self.record, "name")

    @property
    def body(self) -> str:
        return self.source.body

    @property
    def date(self) -> dt.date | None:
        return getattr(self.record, "date", None)

    def sort_key(self) -> tuple:
        """Newest first for dated records, then by slug: lists never depend on file order."""
        date = self.date
        return (-(date.toordinal()) if date else 0, self.slug)


class Site:
    def __init__(self, entries: Iterable[Entry]):
        self._by_type: dict[str, dict[str, Entry]] = {name: {} for name in COLLECTIONS}
        for entry in entries:
            self._by_type[entry.collection][entry.slug] = entry
        self._sorted = {name: sorted(items.values(), key=Entry.sort_key) for name, items in self._by_type.items()}

    def get(self, collection: str, slug: str | None) -> Entry | None:
        return self._by_type[collection].get(slug) if slug else None

    def all(self, collection: str) -> list[Entry]:
        return self._sorted[collection]

    @property
    def programs(self) -> list[Entry]:
        return self.all("programs")

    @property
    def organizations(self) -> list[Entry]:
        return self.all("organizations")

    @property
    def achievements(self) -> list[Entry]:
        return self.all("achievements")

    @property
    def stories(self) -> list[Entry]:
        return self.all("stories")

    def entries(self) -> list[Entry]:
        return [entry for name in COLLECTIONS for entry in self.all(name)]

    def organization_of(self, entry: Entry) -> Entry | None:
        return self.get("organizations", getattr(entry.record, "organization", None))

    def region_of(self, entry: Entry) -> str:
        """A programme's region defaults to its organization's."""
        own = getattr(entry.record, "region", None)
        if own:
            return own
        org = self.organization_of(entry)
        return org.record.region if org else ""

    def programs_named_by(self, entry: Entry) -> list[Entry]:
        return [p for slug in getattr(entry.record, "programs", []) if (p := self.get("programs", slug))]

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
