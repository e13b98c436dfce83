"""Bar charts drawn at build time: the geometry here, the SVG in a template.

Horizontal bars, because Chinese category and region names read best on their own
line and a phone is narrow. Every chart also carries its numbers as a table, which is
both its text alternative and the data for those who want to reuse it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from .figures import WAN, Contribution, Figure, by, shown
from .schema import KIND_LABELS

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
    width: int = WIDTH
    label_width: int = LABEL_WIDTH
    bar_height: int = BAR

    @property
    def height(self) -> int:
        return len(self.bars) * ROW + 10

    @property
    def summary(self) -> str:
        """The chart in one sentence, for screen readers."""
        items = "；".join(f"{b.label} {b.figure.number}{b.figure.shown_unit}" for b in self.bars)
        return f"{self.title}：{items}。"


def bar_chart(chart_id: str, label: str, dimension: str, rows: list[tuple[str, float, bool]], unit: str) -> Chart:
    span = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    top = max((value for _, value, _ in rows), default=0) or 1
    if shown(top, unit)[1] != unit:  # one scale for the whole chart: the largest bar's
        rows, unit, top = [(n, v / WAN, a) for n, v, a in rows], shown(top, unit)[1], top / WAN
    bars = [
        Bar(name, Figure(label, value, unit, approx), 5 + i * ROW, max(2.0, round(span * value / top, 1)))
        for i, (name, value, approx) in enumerate(rows)
    ]
    return Chart(chart_id, f"{label}（按{dimension}）", dimension, f"{label}（{unit}）", bars)


def main_kind(parts: list[Contribution]) -> tuple[str, str] | None:
    """The kind (and unit) most records report: the one worth charting."""
    counted = Counter((p.kind, p.unit) for p in parts)
    return counted.most_common(1)[0][0] if counted else None


def overview_charts(parts: list[Contribution], category_order: list[str]) -> list[Chart]:
    """By year (in time order), by region and by category (largest first)."""
    chosen = main_kind(parts)
    if chosen is None:
        return []
    kind, unit = chosen
    label = KIND_LABELS[kind]
    years = by(parts, kind, unit, lambda c: [c.year] if c.year else [])
    regions = by(parts, kind, unit, lambda c: [r for r in c.regions if "/" not in r])
    cats = by(parts, kind, unit, lambda c: c.categories)
    return [
        bar_chart("chart-year", label, "年份", [(f"{y}年", *years[y]) for y in sorted(years)], unit),
        bar_chart("chart-region", label, "地区", [(r, *regions[r]) for r in sorted(regions, key=lambda r: (-regions[r][0], r))], unit),
        bar_chart("chart-category", label, "类别", [(c, *cats[c]) for c in sorted(cats, key=lambda c: (-cats[c][0], category_order.index(c)))], unit),
    ]
