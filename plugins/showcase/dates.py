"""Dates as Chinese readers expect them, at the precision the record gives.

One filter for every template (``{{ record.date | date_zh }}``): a full date reads
2013年5月1日, a year written alone reads 2013年, and ``precision="month"`` stops at the
month (a programme's start).
"""

from __future__ import annotations

import datetime as dt


def date_zh(value: object, precision: str = "day") -> str:
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        if precision == "year":
            return f"{value.year}年"
        if precision == "month":
            return f"{value.year}年{value.month}月"
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value}年"
    return "" if value is None else str(value)


def iso(value: object) -> str:
    """The machine-readable form for ``<time datetime>``: 2013-05-01, or 2013 for a year."""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return "" if value is None else str(value)
