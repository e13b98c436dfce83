"""Dates as Chinese reports give them, at the precision the report gives.

A report often says only "2013年" or "2016年6月". Storing such a date as a full day
would invent a day that no source gives (and show 2013年1月1日 on the site), so a
record's dates are ``PartialDate``: a year, a year and month, or a day. Each keeps its
precision everywhere it goes: 2013年 on pages, ``2013`` in JSON-LD, open data and
``<time datetime>`` (ISO 8601 reduced precision). Feeds, whose formats need a full
timestamp, use the first day of the period but never display it.

``date_zh`` and ``iso`` are the template filters for every date a page shows.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import total_ordering

#: What staff type: 2013 · 2013-06 · 2013-6-15 · 2013/06/15 · 2013.06 · 2013年6月15日.
_FORM = re.compile(r"^\s*(\d{4})(?:\s*[-/.年]\s*(\d{1,2})(?:\s*[-/.月]\s*(\d{1,2})\s*日?|\s*月)?)?\s*年?\s*$")
#: The years a record's date may fall in: a typo such as 213 or 20133 is caught.
YEARS = range(1900, 2101)


@total_ordering
@dataclass(frozen=True)
class PartialDate:
    """A year, a month of a year, or a day; ordered by the first day of the period, and
    the less precise first when two start on the same day (2013 before 2013-01-01)."""

    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, value: object) -> "PartialDate":
        """Read what a record holds (YAML gives a date, an int or a string); ``ValueError``
        when it is none of the accepted forms or not a real date."""
        if isinstance(value, cls):
            return value
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            return cls(value.year, value.month, value.day)
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        match = _FORM.match(value) if isinstance(value, str) else None
        if not match:
            raise ValueError(f"not a date: {value!r}")
        year, month, day = (int(g) if g else None for g in match.groups())
        if year not in YEARS:
            raise ValueError(f"year out of range: {year}")
        dt.date(year, month or 1, day or 1)  # raises ValueError for 2013-02-30 or month 13
        return cls(year, month, day)

    @property
    def precision(self) -> str:
        return "day" if self.day else "month" if self.month else "year"

    @property
    def first_day(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    def _key(self) -> tuple[int, int, int]:
        return (self.first_day.toordinal(), int(self.month is not None), int(self.day is not None))

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, PartialDate):
            return NotImplemented
        return self._key() < other._key()

    def ordinal(self) -> int:
        """A number that sorts like the date (its first day's), for newest-first keys."""
        return self.first_day.toordinal()

    def iso(self) -> str:
        """ISO 8601 at the known precision: 2013 · 2013-06 · 2013-06-15."""
        text = f"{self.year:04d}"
        if self.month:
            text += f"-{self.month:02d}"
        if self.day:
            text += f"-{self.day:02d}"
        return text

    def zh(self, precision: str = "day") -> str:
        """2013年 · 2013年6月 · 2013年6月15日, never more precise than ``precision``."""
        text = f"{self.year}年"
        if self.month and precision != "year":
            text += f"{self.month}月"
            if self.day and precision == "day":
                text += f"{self.day}日"
        return text

    def __str__(self) -> str:
        return self.iso()


def date_zh(value: object, precision: str = "day") -> str:
    """Template filter: any date a record holds, as Chinese readers write it."""
    if value is None or value == "":
        return ""
    try:
        return PartialDate.parse(value).zh(precision)
    except ValueError:
        return str(value)


def iso(value: object) -> str:
    """Template filter: the machine-readable form for ``<time datetime>`` and metadata."""
    if value is None or value == "":
        return ""
    try:
        return PartialDate.parse(value).iso()
    except ValueError:
        return str(value)
