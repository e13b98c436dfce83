"""Figures as Chinese reports write them: 近30场, 约765名, 4000余人, 1.2万, 逾40000小时.

Chinese reports qualify most figures, and each qualifier says something different:
近 is just under, 约 is about, 余/多 a little more than, 逾/超过 more than, 以上 at least,
不足 under. Flattening them into one "approximately" turns "nearly 30" into "more than
30", so a figure keeps the very word its source used (the display follows the source)
and the word's meaning (which totals need). Both are declared once, in ``QUALIFIERS``.

The rule for totals (``combined``), also shown on every breakdown page:
a sum of exact figures is exact; when every inexact part uses the same word, the sum
keeps it (近30 + 5 is 近35, 逾40000 alone stays 逾40000); otherwise, if every inexact part
is a lower bound (余, 多, 逾, 超过, 以上) the sum is a lower bound too, shown "X余"; any
other mix (约, 近, 左右, 不足 among them) makes the sum "约X".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .chinese import to_simplified


@dataclass(frozen=True)
class Qualifier:
    word: str
    meaning: str  # near · about · over · at_least · under
    position: str  # before the number, after the number (before the unit), or after the unit

    @property
    def lower_bound(self) -> bool:
        """The true figure is at least the number given: such parts keep a sum a lower bound."""
        return self.meaning in ("over", "at_least")


_BEFORE, _MIDDLE, _AFTER = "before", "middle", "after"

#: Every qualifier word staff may write, in simplified characters (traditional ones are
#: converted first: 約 → 约, 餘 → 余, 超過 → 超过).
QUALIFIERS: dict[str, Qualifier] = {
    q.word: q
    for q in (
        Qualifier("近", "near", _BEFORE),
        Qualifier("将近", "near", _BEFORE),
        Qualifier("接近", "near", _BEFORE),
        Qualifier("约", "about", _BEFORE),
        Qualifier("大约", "about", _BEFORE),
        Qualifier("左右", "about", _AFTER),
        Qualifier("余", "over", _MIDDLE),
        Qualifier("多", "over", _MIDDLE),
        Qualifier("逾", "over", _BEFORE),
        Qualifier("超过", "over", _BEFORE),
        Qualifier("以上", "at_least", _AFTER),
        Qualifier("不足", "under", _BEFORE),
        Qualifier("不到", "under", _BEFORE),
    )
}
#: The word a meaning is written with when staff give the meaning in English.
MEANING_WORDS = {"near": "近", "about": "约", "over": "余", "more_than": "逾", "at_least": "以上", "under": "不足"}
#: Scales written after the number: 1.2万 is 12,000.
SCALES = {"万": 10_000, "亿": 100_000_000}
#: How the forms are shown when a value cannot be read (the message lists them).
FORMS = "4126、47.67、近30、约765、4000余、300多、逾40000、超过4000、10以上、不足20、1.2万、2万余"

_BEFORE_WORDS = "|".join(sorted((w for w, q in QUALIFIERS.items() if q.position == _BEFORE), key=len, reverse=True))
_AFTER_WORDS = "|".join(sorted((w for w, q in QUALIFIERS.items() if q.position != _BEFORE), key=len, reverse=True))
_VALUE = re.compile(
    rf"^(?P<before>{_BEFORE_WORDS})?\s*(?P<number>\d[\d,，]*(?:\.\d+)?)\s*(?P<scale>[万亿])?\s*(?P<after>{_AFTER_WORDS})?$"
)


def qualifier_word(text: str) -> str:
    """A qualifier as written (近, 約, about…) → its simplified word; ``ValueError`` if unknown."""
    word = to_simplified(text.strip())
    word = MEANING_WORDS.get(word.lower().replace("-", "_"), word)
    if word not in QUALIFIERS:
        raise ValueError(word)
    return word


@dataclass(frozen=True)
class Amount:
    """A figure's number as its source wrote it: the value (in the figure's unit, 1.2万 →
    12,000), the qualifier word if any, and the scale word if the source used one."""

    value: float
    qualifier: str | None = None
    scale: str | None = None

    @classmethod
    def parse(cls, raw: object) -> "Amount":
        """Read a ``value`` field; ``ValueError`` for anything but the forms in ``FORMS``."""
        if isinstance(raw, cls):
            return raw
        if isinstance(raw, bool):
            raise ValueError(raw)
        if isinstance(raw, (int, float)):
            if raw != raw or raw in (float("inf"), float("-inf")):
                raise ValueError(raw)
            return cls(float(raw))
        if not isinstance(raw, str):
            raise ValueError(raw)
        match = _VALUE.match(to_simplified(raw.strip()).replace("\u3000", " "))
        if not match or (match["before"] and match["after"]):
            raise ValueError(raw)
        try:
            number = Decimal(match["number"].replace(",", "").replace("，", ""))
        except InvalidOperation as error:
            raise ValueError(raw) from error
        scale = match["scale"]
        qualifier = match["before"] or match["after"]
        value = number * SCALES[scale] if scale else number
        return cls(float(value), qualifier, scale)

    @property
    def qualified(self) -> Qualifier | None:
        return QUALIFIERS[self.qualifier] if self.qualifier else None

    def with_qualifier(self, word: str | None) -> "Amount":
        return Amount(self.value, word, self.scale) if word and not self.qualifier else self

    @property
    def source_text(self) -> str:
        """The value written back the way staff would type it (for open data's value column)."""
        number = _plain(self.value / SCALES[self.scale] if self.scale else self.value)
        q = self.qualified
        before = q.word if q and q.position == _BEFORE else ""
        after = q.word if q and q.position != _BEFORE else ""
        return f"{before}{number}{self.scale or ''}{after}"


def thousands(count: int) -> str:
    """A count as a page prints it, with thousands separators (36,504 项): the template
    filter and the plan use this one rule."""
    return f"{count:,}"


def _plain(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.4f}".rstrip("0").rstrip(".")


def combined(words: list[str | None]) -> str | None:
    """The qualifier of a sum of figures qualified by ``words`` (the module's rule)."""
    inexact = [QUALIFIERS[w] for w in words if w]
    if not inexact:
        return None
    if len({q.word for q in inexact}) == 1:
        return inexact[0].word
    return "余" if all(q.lower_bound for q in inexact) else "约"


RULE = (
    "合计只加同一统计类别、同一计量的数字；都是确数时合计为确数；"
    "约数都用同一个词时，合计沿用这个词（如都写“近”，合计也写“近”）；"
    "用词不同、但都是“余、多、逾、超过、以上”时，合计记作“X余”；"
    "其他情况（含“约、近、左右、不足”等）合计记作“约X”。"
)


def spoken_parts(value: float, unit: str, qualifier: str | None, scale: str | None) -> tuple[str, str, str]:
    """(before, number, after) as a page shows a figure: 近 | 30 | 场 · '' | 4,000 | 余名 ·
    '' | 1.2 | 万人 · '' | 10 | 名以上. Money of 10,000 元 or more reads in 万元."""
    if scale:
        number, scale_text = value / SCALES[scale], scale
    elif unit == "元" and value >= SCALES["万"]:
        number, scale_text, unit = value / SCALES["万"], "", "万元"
    else:
        number, scale_text = value, ""
    text = f"{number:,.0f}" if float(number).is_integer() else f"{number:,.2f}".rstrip("0").rstrip(".")
    q = QUALIFIERS[qualifier] if qualifier else None
    before = q.word if q and q.position == _BEFORE else ""
    middle = q.word if q and q.position == _MIDDLE else ""
    tail = q.word if q and q.position == _AFTER else ""
    return before, text, f"{scale_text}{middle}{unit}{tail}"
