"""Search: what each record page tells Pagefind, and running Pagefind over the built site.

Pagefind splits its index into small chunks fetched per query, so a visitor downloads
a few dozen kilobytes instead of the whole index. Its extended build segments Chinese.
Only elements marked ``data-pagefind-body`` are indexed (record pages, never listings),
and each record also carries a hidden copy of its text in the other script (OpenCC),
so 关爱 finds 關愛 and the reverse whatever Pagefind's own matching does.
"""

from __future__ import annotations

import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from .chinese import to_simplified, to_traditional
from .schema import STATUS_LABELS, TYPE_LABELS, year_of
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
OUTPUT_SUBDIR = "pagefind"
#: Record pages only (``programs/<slug>/index.html`` …): listings are never indexed, so
#: Pagefind need not even read them.
RECORD_PAGES = "{programs,achievements,stories,organizations}/*/index.html"


def facets(site: Site, entry: Entry) -> dict[str, list[str]]:
    """Filter values of one record for the search page's facets."""
    record = entry.record
    org = entry if entry.collection == "organizations" else site.organization_of(entry)
    region = site.region_of(entry) if entry.collection == "programs" else getattr(record, "region", None)
    if region is None and org is not None:
        region = org.record.region
    year = year_of(entry.date) or year_of(getattr(record, "started", None))
    values = {
        "type": TYPE_LABELS[entry.collection],
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


@dataclass(frozen=True)
class IndexReport:
    seconds: float
    pages: int
    output: str


def index_site(site_dir: Path) -> IndexReport:
    """Run Pagefind (extended, for Chinese) over ``site_dir``; raises with its output on failure."""
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-subdir", OUTPUT_SUBDIR,
         "--force-language", "zh", "--glob", RECORD_PAGES],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise RuntimeError(f"Pagefind failed:\n{result.stdout}\n{result.stderr}")
    pages = next((int(line.split()[1]) for line in result.stdout.splitlines() if line.strip().startswith("Indexed ") and "page" in line), 0)
    return IndexReport(time.perf_counter() - started, pages, result.stdout)
