"""Key figures: metrics shown as cards, and totals added up without counting twice.

Rules (also in the README):
- Only metrics with a ``kind`` are added up; units are normalized first (名 counts as
  人, 万元 as 10,000 元) and a kind counted in two units (场 and 次) gives two totals.
- An approximate value anywhere in a sum makes the total approximate ("4,000+").
- A figure's year is its ``as_of``; without one, an achievement's date, else the
  programme's start.
- **No double counting**: an achievement's figure is left out when one of the
  programmes it names already carries a figure of the same kind for the same year
  (an achievement usually restates its programme's result).
- An achievement's figure belongs to the organization, regions and categories of the
  programmes it names (to its own organization when it names none).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Callable, Iterable

from .schema import KIND_LABELS, UNITS_BY_KIND, Metric, year_of
from .site import Entry, Site, region_levels

#: Units that are the same quantity: unit → (base unit, factor to the base).
UNIT_SCALE = {"名": ("人", 1), "万元": ("元", 10_000)}
#: Money is shown in 万元 from this many 元 on.
WAN = 10_000


def normalized(value: float, unit: str) -> tuple[float, str]:
    """A value in its unit's base unit: 4 万元 → 40,000 元; 12 名 → 12 人. Totals and
    open data add and compare values this way."""
    base, factor = UNIT_SCALE.get(unit, (unit, 1))
    return value * factor, base


def shown(value: float, unit: str) -> tuple[float, str]:
    """A value as people read it: 125,000 元 → 12.5 万元 (the reverse of ``normalized``)."""
    return (value / WAN, "万元") if unit == "元" and value >= WAN else (value, unit)


@dataclass(frozen=True)
class Figure:
    label: str
    value: float
    unit: str
    approx: bool = False
    kind: str | None = None

    @classmethod
    def of(cls, metric: Metric) -> "Figure":
        return cls(metric.label, metric.value, metric.unit, metric.approx, metric.kind)

    @property
    def number(self) -> str:
        """The value as people read it: 4,126 · 4,000+ · 12.5 (万元, for 元)."""
        value = shown(self.value, self.unit)[0]
        text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")
        return f"{text}+" if self.approx else text

    @property
    def shown_unit(self) -> str:
        return shown(self.value, self.unit)[1]

    @property
    def text(self) -> str:
        """One phrase for screen readers and plain listings: 志愿者：约4,000 人."""
        prefix = "约" if self.approx else ""
        return f"{self.label}：{prefix}{self.number.rstrip('+')} {self.shown_unit}"


@dataclass(frozen=True)
class Contribution:
    """One metric's share in the totals, after normalization, with what it belongs to."""

    kind: str
    unit: str  # base unit
    value: float
    approx: bool
    year: int | None
    source: Entry
    organizations: frozenset[str]
    regions: frozenset[str]  # every level: 辽宁省, 辽宁省/盘锦市, …
    categories: frozenset[str]


def metric_year(metric: Metric, entry: Entry) -> int | None:
    record = entry.record
    return year_of(metric.as_of) or year_of(getattr(record, "date", None)) or year_of(getattr(record, "started", None))


def contributions(site: Site) -> list[Contribution]:
    """Every addable figure on the site, each counted once (see the module's rules)."""
    out: list[Contribution] = []
    carried: set[tuple[str, str, int | None]] = set()
    for program in site.programs:
        for metric in program.record.metrics:
            if metric.kind:
                year = metric_year(metric, program)
                carried.add((program.slug, metric.kind, year))
                out.append(_contribution(metric, program, year, [program], site))
    for achievement in site.achievements:
        programs = site.programs_named_by(achievement)
        for metric in achievement.record.metrics:
            if not metric.kind:
                continue
            year = metric_year(metric, achievement)
            if any((p.slug, metric.kind, year) in carried for p in programs):
                continue
            out.append(_contribution(metric, achievement, year, programs, site))
    return out


def _contribution(metric: Metric, entry: Entry, year: int | None, programs: list[Entry], site: Site) -> Contribution:
    value, base = normalized(metric.value, metric.unit)
    if programs:
        orgs = {p.record.organization for p in programs}
        regions = set().union(*(region_levels(site.region_of(p)) for p in programs))
        categories = {p.record.category for p in programs}
    else:
        org = site.organization_of(entry)
        orgs = {org.slug} if org else set()
        regions = set(region_levels(org.record.region)) if org else set()
        categories = set()
    return Contribution(
        metric.kind, base, value, metric.approx, year, entry,
        frozenset(orgs), frozenset(regions), frozenset(categories),
    )


def totals(parts: Iterable[Contribution], where: Callable[[Contribution], bool] = lambda c: True) -> list[Figure]:
    """Sums by kind and unit of the contributions ``where`` accepts, in the kinds' order."""
    sums: dict[tuple[str, str], float] = defaultdict(float)
    approx: dict[tuple[str, str], bool] = defaultdict(bool)
    for part in parts:
        if where(part):
            sums[(part.kind, part.unit)] += part.value
            approx[(part.kind, part.unit)] |= part.approx
    order = list(UNITS_BY_KIND)
    keys = sorted(sums, key=lambda k: (order.index(k[0]), k[1]))
    units_of_kind = Counter(kind for kind, _ in keys)

    def label(kind: str, unit: str) -> str:
        """A kind counted in two units (场 and 次) shows the unit, so the two cards differ."""
        return f"{KIND_LABELS[kind]}（{unit}）" if units_of_kind[kind] > 1 else KIND_LABELS[kind]

    return [Figure(label(kind, unit), sums[(kind, unit)], unit, approx[(kind, unit)], kind) for kind, unit in keys]


def by(parts: Iterable[Contribution], kind: str, unit: str, key: Callable[[Contribution], Iterable]) -> dict:
    """One kind's total per group (year, region, category…): group → (value, approximate)."""
    out: dict = {}
    for part in parts:
        if part.kind == kind and part.unit == unit:
            for group in key(part):
                value, approx = out.get(group, (0.0, False))
                out[group] = (value + part.value, approx or part.approx)
    return out
