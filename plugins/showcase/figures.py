"""Key figures: metrics shown as cards, and totals added up by kind.

Units are normalized before adding (名 counts as 人, 万元 as 10,000 元) and an
approximate value anywhere in a sum makes the total approximate, so "4000余" is
never shown as an exact 4,000.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Iterable

from .schema import KIND_LABELS, UNITS_BY_KIND, Metric

#: Units that are the same quantity: unit → (base unit, factor to the base).
_SCALE = {"名": ("人", 1), "万元": ("元", 10_000)}


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
        """The value as people read it: 4,126 · 4,000+ · 12.5万 (for 元)."""
        value, unit = self.value, self.unit
        if unit == "元" and value >= 10_000:
            value, unit = value / 10_000, "万元"
        text = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")
        return f"{text}+" if self.approx else text

    @property
    def shown_unit(self) -> str:
        return "万元" if self.unit == "元" and self.value >= 10_000 else self.unit

    @property
    def text(self) -> str:
        """One phrase for screen readers and plain listings: 约 4,000 人."""
        prefix = "约" if self.approx else ""
        return f"{self.label}：{prefix}{self.number.rstrip('+')} {self.shown_unit}"


def totals(metrics: Iterable[Metric]) -> list[Figure]:
    """Add up addable metrics by kind and unit, in the fixed order of the kinds."""
    sums: dict[tuple[str, str], float] = defaultdict(float)
    approx: dict[tuple[str, str], bool] = defaultdict(bool)
    for metric in metrics:
        if metric.kind is None:
            continue
        base, factor = _SCALE.get(metric.unit, (metric.unit, 1))
        key = (metric.kind, base)
        sums[key] += metric.value * factor
        approx[key] |= metric.approx
    order = list(UNITS_BY_KIND)
    keys = sorted(sums, key=lambda k: (order.index(k[0]), k[1]))
    units_of_kind = Counter(kind for kind, _ in keys)

    def label(kind: str, unit: str) -> str:
        """A kind counted in two units (场 and 次) shows the unit, so the two cards differ."""
        return f"{KIND_LABELS[kind]}（{unit}）" if units_of_kind[kind] > 1 else KIND_LABELS[kind]

    return [Figure(label(kind, unit), sums[(kind, unit)], unit, approx[(kind, unit)], kind) for kind, unit in keys]
