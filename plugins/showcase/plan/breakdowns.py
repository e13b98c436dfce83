"""Breakdown pages: every total on the site links to the figures it adds up.

A reader who sees "受益人数 约 9,262 人" can open its breakdown and check it: each
figure with its record, label, year, qualifier and source; the figures of that kind
left out and why; the figures no total can count; and the rules in plain sentences.
A page that shows totals asks ``Shared.scope_totals`` for them, which files the scope;
this section, run last, writes one breakdown page per filed scope.
"""

from __future__ import annotations

from .. import amounts, figures, routes
from ..figures import Contribution, sums
from ..schema import KIND_DEFINITIONS, KIND_LABELS, UNITS_BY_KIND
from .shared import Page, Shared
from .views import BreakdownSection, BreakdownView, FiguresGuideView, KindDefinition, Link, QualifierRow

TEMPLATE = "showcase/breakdown.html"
#: The rules, one sentence each, as every breakdown page states them.
RULES = (
    amounts.RULE,
    "数字的年份取“截至”时间；没有时，成果取成果日期，项目取开始时间。",
    "成果记录中的数字，如果它所属的项目已经记有同一年份的同类数字，就不重复计算。",
    "没有统计类别（kind）的人数或金额，以及记录注明不计入合计的数字，不计入任何合计，在明细页上单独列出。",
)


def breakdowns(shared: Shared) -> list[Page]:
    for org in shared.site.organizations:
        shared.scope_totals(org.url, org.title, shared.parts_with("organizations", org.slug))
    pages = []
    for url, (title, parts) in shared.scopes.items():
        src = routes.breakdown(url)
        name = f"数据明细：{title}"
        view = BreakdownView(
            title=name,
            back=Link(title, url),
            rules=RULES,
            sections=tuple(_section(total) for total in _totals_with_left_out(parts)),
            uncounted=tuple(p for p in parts if p.left_out in (figures.NO_KIND, figures.EXCLUDED)),
            definitions=_definitions() if url == routes.url_of(routes.HOME) else (),
            **shared.common(src, name),
        )
        pages.append(Page(src, name, TEMPLATE, view))
    return pages


#: What each qualifier meaning says, for the guide.
MEANINGS = {"near": "略少于（接近）", "about": "大约，可多可少", "over": "多于（超过）", "at_least": "不少于", "under": "少于"}


def figures_guide(shared: Shared) -> list[Page]:
    """The editing guide's page on figures: forms, qualifiers, kinds and rules."""
    by_meaning: dict[str, list[str]] = {}
    for word, q in amounts.QUALIFIERS.items():
        by_meaning.setdefault(q.meaning, []).append(word)
    examples = {"near": "近30", "about": "约765", "over": "4000余", "at_least": "10以上", "under": "不足20"}
    title = "数字和统计类别怎么写"
    view = FiguresGuideView(
        qualifiers=tuple(QualifierRow("、".join(words), MEANINGS[m], examples[m]) for m, words in by_meaning.items()),
        definitions=_definitions(),
        rules=RULES,
        guide_url=routes.url_of(routes.GUIDE) if routes.GUIDE in shared.plain_pages else "",
        **shared.common(routes.FIGURES_GUIDE, title),
    )
    return [Page(routes.FIGURES_GUIDE, title, "showcase/figures-guide.html", view)]


def _totals_with_left_out(parts: list[Contribution]):
    restated = [p for p in parts if p.left_out == figures.RESTATED]
    for total in sums(parts):
        same = tuple(p for p in restated if (p.kind, p.unit) == (total.kind, total.unit))
        yield total, same


def _section(found) -> BreakdownSection:
    total, left_out = found
    shown = figures.Figure(KIND_LABELS[total.kind], total.value, total.unit, total.qualifier, total.kind, parts=len(total.parts))
    return BreakdownSection(total.anchor, shown, total.parts, left_out)


def _definitions() -> tuple[KindDefinition, ...]:
    return tuple(
        KindDefinition(name, KIND_LABELS[name], "、".join(UNITS_BY_KIND[name]), KIND_DEFINITIONS[name]) for name in UNITS_BY_KIND
    )
