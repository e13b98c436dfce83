"""Search: what each record page tells Pagefind (its filters and names).

Only elements marked ``data-pagefind-body`` are indexed (record pages, never listings).
Queries are searched in simplified script (the search box converts them with a table
read off OpenCC), and a record written in traditional script carries a hidden copy of
its text in simplified script, so 关爱 finds 關愛 and the reverse. A copy in the other
script on every record (as before) made Pagefind index every text twice: a third of its time.
"""

from __future__ import annotations

from .chinese import to_simplified, to_traditional
from .schema import STATUS_LABELS, year_of
from .site import Entry, Site

#: Filter key → label shown on the search page, in display order.
FILTERS = {
    "type": "类型",
    "category": "类别",
    "region": "地区",
    "organization": "机构",
    "year": "年份",
    "status": "状态",
}


def facets(site: Site, entry: Entry) -> dict[str, list[str]]:
    """Filter values of one record for the search page's facets."""
    record = entry.record
    org = site.owner(entry)
    region = site.region_of(entry)
    year = year_of(entry.date) or year_of(getattr(record, "started", None))
    values = {
        "type": entry.kind.label,
        "category": getattr(record, "category", None),
        "region": region.split("/")[0] if region else None,
        "organization": (org.record.short_name or org.title) if org else None,
        "year": str(year) if year else None,
        "status": STATUS_LABELS.get(getattr(record, "status", None) or "", None),
    }
    return {key: [value] for key, value in values.items() if value}


def names(entry: Entry) -> list[str]:
    """A record's names in both scripts: results whose name contains the query rank first."""
    own = [entry.title, getattr(entry.record, "short_name", None)]
    return list(dict.fromkeys(n for name in own if name for n in (name, other_script(name))))


def other_script(text: str) -> str:
    """The text in the other script: traditional for simplified text and the reverse."""
    simplified = to_simplified(text)
    return simplified if simplified != text else to_traditional(text)
