"""Key figures: a record's metrics as cards, and totals that can be checked.

Rules (also shown on the site's breakdown pages and in the guide):
- Only figures with a ``kind`` are added up, and only within one kind and one measure:
  each kind declares the unit each of its units counts as (名 as 人, 次 as 场, 万元 as
  10,000 元); 人 and 人次 measure different things and give two totals.
- A total's qualifier follows ``amounts.combined``: exact parts give an exact total; one
  word shared by every inexact part is kept; mixed lower bounds (余, 逾, 以上) give "X余";
  any other mix gives "约X".
- A figure's year is its ``as_of``; without one, an achievement's date, else the
  programme's start.
- **No double counting**: an achievement's figure is left out when one of the
  programmes it names already carries a figure of the same kind for the same year
  (an achievement usually restates its programme's result).
- An achievement's figure belongs to the organization, regions and categories of the
  programmes it names (to its own organization when it names none).
- Every figure in a people or money unit is listed somewhere: counted, or left out with
  the reason (restated by a programme, no kind).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Callable, Iterable

from .amounts import combined, spoken_parts
from .dates import PartialDate
from .schema import COUNTED_UNIT, KIND_LABELS, TOTALLED_UNITS, UNITS_BY_KIND, Metric, Source, source_of, year_of
from .site import Entry, Site, region_levels

#: Units that are one quantity at another scale: unit → (base unit, factor to the base).
UNIT_SCALE = {"名": ("人", 1), "万元": ("元", 10_000)}


def normalized(value: float, unit: str) -> tuple[float, str]:
    """A value in its unit's base unit: 4 万元 → 40,000 元; 12 名 → 12 人 (open data's
    normalized columns)."""
    base, factor = UNIT_SCALE.get(unit, (unit, 1))
    return value * factor, base


def counted(value: float, unit: str, kind: str) -> tuple[float, str]:
    """A value in the unit its kind counts it in: 4 万元 → 40,000 元, 3 次 → 3 场."""
    base = COUNTED_UNIT[kind][unit]
    return normalized(value, unit)[0], base


@dataclass(frozen=True)
class Figure:
    """A figure as a page shows it: the number with its source's own qualifier and scale,
    and what a reader needs to weigh it (as of when, according to whom, how it adds up)."""

    label: str
    value: float
    unit: str
    qualifier: str | None = None
    kind: str | None = None
    scale: str | None = None
    as_of: PartialDate | None = None
    source: Source | None = None
    #: For a total: its breakdown (the figures it adds up) and how many there are.
    breakdown_url: str = ""
    parts: int = 0

    @classmethod
    def of(cls, metric: Metric, sources: list[Source] = ()) -> "Figure":
        amount = metric.amount
        return cls(metric.label, amount.value, metric.unit, amount.qualifier, metric.kind, amount.scale,
                   metric.as_of, source_of(metric, list(sources)))

    @property
    def _parts(self) -> tuple[str, str, str]:
        return spoken_parts(self.value, self.unit, self.qualifier, self.scale)

    @property
    def prefix(self) -> str:
        """The qualifier written before the number: 近, 约, 逾, 超过, 不足 (or nothing)."""
        return self._parts[0]

    @property
    def number(self) -> str:
        """The number alone, grouped: 4,126 · 1.2 (for 1.2万) · 12.5 (万元, for 元)."""
        return self._parts[1]

    @property
    def shown_unit(self) -> str:
        """What follows the number: scale, qualifier and unit as Chinese writes them:
        万人 · 余名 · 万余人 · 名以上 · 万元."""
        return self._parts[2]

    @property
    def bare(self) -> str:
        """The figure without its unit, for a chart's bar: 近30 · 2,375余 · 10以上."""
        before, number, after = self._parts
        unit = spoken_parts(self.value, self.unit, None, self.scale)[2]
        return before + number + (after[: -len(unit)] if after.endswith(unit) else after.replace(unit, "", 1))

    @property
    def short(self) -> str:
        """The figure in one run of text: 近30场 · 4,000余名 · 1.2万人."""
        return "".join(self._parts)

    @property
    def text(self) -> str:
        """One phrase for screen readers and plain listings: 主题活动：近30场."""
        return f"{self.label}：{self.short}"

    @property
    def context(self) -> str:
        """As of when and according to whom, in one line: 截至2013年 · 盘锦日报."""
        parts = [f"截至{self.as_of.zh()}" if self.as_of else "", self.source.publisher if self.source else ""]
        return " · ".join(p for p in parts if p)


@dataclass(frozen=True)
class Contribution:
    """One figure's place in the totals: counted, or left out with the reason why."""

    kind: str | None
    unit: str  # the unit its kind counts it in (its own unit when it has no kind)
    value: float  # in ``unit``
    qualifier: str | None
    year: int | None
    entry: Entry
    figure: Figure  # as the record writes it, with its context
    organizations: frozenset[str]
    regions: frozenset[str]  # every level: 辽宁省, 辽宁省/盘锦市, …
    categories: frozenset[str]
    #: Why the figure is not in the totals; empty when it is counted.
    left_out: str = ""
    #: For a figure left out as a restatement: the programme that carries it.
    restated_by: Entry | None = None

    @property
    def counted(self) -> bool:
        return not self.left_out


#: Why a figure is not in a total, as breakdown pages say it.
RESTATED = "已由项目记录计入同一年份的同类数字，不重复计算"
NO_KIND = "没有统计类别（kind），不能与其他数字相加"
EXCLUDED = "记录注明不计入合计（in_totals: false），例如已包含在另一个数字中"


def metric_year(metric: Metric, entry: Entry) -> int | None:
    record = entry.record
    return year_of(metric.as_of) or year_of(getattr(record, "date", None)) or year_of(getattr(record, "started", None))


def contributions(site: Site) -> list[Contribution]:
    """Every figure that a total could count: each counted once, or left out with its reason
    (see the module's rules)."""
    out: list[Contribution] = []
    carried: dict[tuple[str, str, str, int | None], Entry] = {}
    # one frozenset for each set of organizations, regions or categories, shared by every
    # figure that has it (most figures of one organization have the same three)
    pool: dict[frozenset, frozenset] = {}
    for program in site.programs:
        for metric in program.record.metrics:
            year = metric_year(metric, program)
            if metric.kind and metric.in_totals:
                carried.setdefault((program.slug, metric.kind, COUNTED_UNIT[metric.kind][metric.unit], year), program)
            out += _contribution(metric, program, year, [program], site, pool)
    for achievement in site.achievements:
        programs = site.programs_named_by(achievement)
        for metric in achievement.record.metrics:
            year = metric_year(metric, achievement)
            unit = COUNTED_UNIT[metric.kind][metric.unit] if metric.kind else None
            keys = [(p.slug, metric.kind, unit, year) for p in programs]
            restated = next((carried[key] for key in keys if key in carried), None)
            out += _contribution(metric, achievement, year, programs, site, pool, restated)
    return out


def _contribution(metric: Metric, entry: Entry, year: int | None, programs: list[Entry], site: Site,
                  pool: dict[frozenset, frozenset], restated: Entry | None = None) -> list[Contribution]:
    if not metric.kind and metric.unit not in TOTALLED_UNITS:
        return []  # a share, a count of goods…: shown on its page, never a candidate for a total
    figure = Figure.of(metric, getattr(entry.record, "sources", []))
    if metric.kind:
        value, unit = counted(figure.value, metric.unit, metric.kind)
    else:
        value, unit = normalized(figure.value, metric.unit)
    if programs:
        orgs = {p.record.organization for p in programs}
        regions = set().union(*(region_levels(site.region_of(p)) for p in programs))
        categories = {p.record.category for p in programs}
    else:
        org = site.organization_of(entry)
        orgs = {org.slug} if org else set()
        regions = set(region_levels(org.record.region)) if org else set()
        categories = set()
    left_out = EXCLUDED if not metric.in_totals else NO_KIND if not metric.kind else RESTATED if restated else ""
    return [Contribution(
        metric.kind, unit, value, figure.qualifier, year, entry, figure,
        *(pool.setdefault(group, group) for group in (frozenset(orgs), frozenset(regions), frozenset(categories))),
        left_out, restated,
    )]


@dataclass(frozen=True)
class Total:
    """One kind's sum in one measure, with the contributions it adds up."""

    kind: str
    unit: str
    value: float
    qualifier: str | None
    parts: tuple[Contribution, ...]

    @property
    def anchor(self) -> str:
        """The id of this total's section on a breakdown page."""
        measure = list(dict.fromkeys(COUNTED_UNIT[self.kind].values())).index(self.unit)
        return self.kind if measure == 0 else f"{self.kind}-{measure + 1}"


def sums(parts: Iterable[Contribution], where: Callable[[Contribution], bool] = lambda c: True) -> list[Total]:
    """The totals by kind and measure of the counted contributions ``where`` accepts, in the
    kinds' declared order."""
    groups: dict[tuple[str, str], list[Contribution]] = defaultdict(list)
    for part in parts:
        if part.counted and where(part):
            groups[(part.kind, part.unit)].append(part)
    order = list(UNITS_BY_KIND)
    keys = sorted(groups, key=lambda k: (order.index(k[0]), list(COUNTED_UNIT[k[0]].values()).index(k[1])))
    return [
        Total(kind, unit, sum(p.value for p in groups[(kind, unit)]), combined([p.qualifier for p in groups[(kind, unit)]]),
              tuple(groups[(kind, unit)]))
        for kind, unit in keys
    ]


def totals(parts: Iterable[Contribution], where: Callable[[Contribution], bool] = lambda c: True,
           breakdown_url: str = "") -> list[Figure]:
    """The totals as figures, each linking to its section of ``breakdown_url``."""
    found = sums(parts, where)
    measures = defaultdict(int)
    for total in found:
        measures[total.kind] += 1

    def label(total: Total) -> str:
        """A kind counted in two measures (人 and 人次) names the measure, so the cards differ."""
        name = KIND_LABELS[total.kind]
        return f"{name}（{total.unit}）" if measures[total.kind] > 1 else name

    return [
        Figure(label(t), t.value, t.unit, t.qualifier, t.kind,
               breakdown_url=f"{breakdown_url}#{t.anchor}" if breakdown_url else "", parts=len(t.parts))
        for t in found
    ]


#: The group of a contribution that belongs to several (an achievement naming programmes
#: in two provinces): counted once, in a group of its own, so a chart still adds up.
SEVERAL = "several"


def by(parts: Iterable[Contribution], kind: str, unit: str, key: Callable[[Contribution], Iterable]) -> dict:
    """One kind's counted total per group (year, region, category…): group → (value,
    qualifier). A contribution whose ``key`` gives no group is filed under ``None``, one
    that gives several under ``SEVERAL``: every part is in exactly one group, so the
    groups add up to the total."""
    values: dict = defaultdict(float)
    words: dict = defaultdict(list)
    for part in parts:
        if part.counted and part.kind == kind and part.unit == unit:
            groups = set(key(part))
            group = next(iter(groups)) if len(groups) == 1 else SEVERAL if groups else None
            values[group] += part.value
            words[group].append(part.qualifier)
    return {group: (values[group], combined(words[group])) for group in values}
