"""Bar charts drawn at build time: the geometry here, the SVG in a template.

Horizontal bars, because Chinese category and region names read best on their own
line and a phone is narrow. Every chart also carries its numbers as a table, which is
both its text alternative and the data for those who want to reuse it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .amounts import SCALES
from .figures import SEVERAL, Contribution, Figure, by, sums
from .schema import KIND_LABELS

WAN = SCALES["万"]
WIDTH = 640
LABEL_WIDTH = 120
VALUE_WIDTH = 110
ROW = 30
BAR = 18


@dataclass(frozen=True)
class Bar:
    label: str
    figure: Figure
    y: int
    width: float

    @property
    def share(self) -> float:
        """The bar's length as a percentage of the longest bar's: pages draw bars in HTML,
        so their labels stay real text at the page's own size on any screen."""
        return round(100 * self.width / (WIDTH - LABEL_WIDTH - VALUE_WIDTH), 1)


@dataclass(frozen=True)
class Chart:
    id: str
    title: str
    dimension: str  # what the bars are: 年份, 地区, 类别
    measure: str  # what their length is: 受益人数（人）
    bars: list[Bar]
    #: The breakdown of the charted total: every figure the bars add up.
    breakdown_url: str = ""
    width: int = WIDTH
    label_width: int = LABEL_WIDTH
    bar_height: int = BAR

    @property
    def height(self) -> int:
        return len(self.bars) * ROW + 10

    @property
    def summary(self) -> str:
        """The chart in one sentence, for screen readers."""
        items = "；".join(f"{b.label} {b.figure.short}" for b in self.bars)
        return f"{self.title}：{items}。"


def bar_chart(chart_id: str, label: str, dimension: str, rows: list[tuple[str, float, str | None]], unit: str,
              breakdown_url: str = "") -> Chart:
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    top = max((value for _, value, _ in rows), default=0) or 1
    scale = "万" if unit == "元" and top >= WAN else None  # one scale for the whole chart: the largest bar's
    bars = [
        Bar(name, Figure(label, value, unit, qualifier, scale=scale), 5 + i * ROW, max(2.0, round(span * value / top, 1)))
        for i, (name, value, qualifier) in enumerate(rows)
    ]
    measure = f"{label}（{'万' if scale else ''}{unit}）"
    return Chart(chart_id, f"{label}（按{dimension}）", dimension, measure, bars, breakdown_url=breakdown_url)


def main_kind(parts: list[Contribution]) -> tuple[str, str] | None:
    """The kind (and unit) most records report: the one worth charting."""
    counted = Counter((p.kind, p.unit) for p in parts if p.counted)
    return counted.most_common(1)[0][0] if counted else None


#: What a chart calls the figures it cannot place in one group (see ``figures.by``).
UNPLACED = {"年份": "年份不详", "地区": "地区不详", "类别": "未分类"}
SEVERAL_LABELS = {"年份": "跨年份", "地区": "跨多个地区", "类别": "跨多个类别"}


def _rows(groups: dict, dimension: str, order: list) -> list[tuple[str, float, str | None]]:
    """The groups in ``order``, then the figures no single group holds, so the bars add up
    to the total."""
    rows = [(str(g), *groups[g]) for g in order]
    rows += [(SEVERAL_LABELS[dimension], *groups[SEVERAL])] if SEVERAL in groups else []
    rows += [(UNPLACED[dimension], *groups[None])] if None in groups else []
    return rows


def overview_charts(parts: list[Contribution], breakdown_url: str = "") -> list[Chart]:
    chosen = main_kind(parts)
    if chosen is None:
        return []
    kind, unit = chosen
    label = KIND_LABELS[kind]
    link = f"{breakdown_url}#{next(t.anchor for t in sums(parts) if (t.kind, t.unit) == chosen)}" if breakdown_url else ""
    years = by(parts, kind, unit, lambda c: [c.year] if c.year else [])
    regions = by(parts, kind, unit, lambda c: [r for r in c.regions if "/" not in r])
    cats = by(parts, kind, unit, lambda c: c.categories)

    def biggest(groups: dict) -> list:
        named = [g for g in groups if g not in (None, SEVERAL)]
        return sorted(named, key=lambda g: (-groups[g][0], g))

    year_rows = [(f"{y}年", *years[y]) for y in sorted(g for g in years if g not in (None, SEVERAL))]
    year_rows += _rows(years, "年份", [])
    return [
        bar_chart("chart-year", label, "年份", year_rows, unit, link),
        bar_chart("chart-region", label, "地区", _rows(regions, "地区", biggest(regions)), unit, link),
        bar_chart("chart-category", label, "类别", _rows(cats, "类别", biggest(cats)), unit, link),
    ]
