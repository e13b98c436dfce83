"""Breakdown pages: every total on the site links to the figures it adds up.

A reader who sees "受益人数 约 9,262 人" can open its breakdown and check it: each
figure with its record, label, year, qualifier and source; the figures of that kind
left out and why; the figures no total can count; and the rules in plain sentences.
A page that shows totals asks ``Shared.scope_totals`` for them, which files the scope;
this section, run last, writes one breakdown page per filed scope.
"""

from __future__ import annotations

from .. import amounts, figures, routes
from ..amounts import thousands
from ..figures import Contribution, sums
from ..schema import KIND_DEFINITIONS, KIND_LABELS, UNITS_BY_KIND
from .shared import Page, Shared, page_title, paginate
from .views import (
    BreakdownSection, BreakdownView, FigureRowsView, FiguresGuideView, FigureTable, KindDefinition, Link, QualifierRow,
)

TEMPLATE = "showcase/breakdown.html"
ROWS_TEMPLATE = "showcase/figure-rows.html"
#: The rules, one sentence each, as every breakdown page states them.
RULES = (
    amounts.RULE,
    "数字的年份取“截至”时间；没有时，成果取成果日期，项目取开始时间。",
    "成果记录中的数字，如果它所属的项目已经记有同一年份的同类数字，就不重复计算。",
    "没有统计类别（kind）的人数或金额，以及记录注明不计入合计的数字，不计入任何合计，在明细页上单独列出。",
)


#: Rows a breakdown table shows on one page: the rest follow on pages of their own.
ROWS = 100


def breakdowns(shared: Shared) -> list[Page]:
    for org in shared.site.organizations:
        shared.scope_totals(org.url, org.title, shared.parts_with("organizations", org.slug))
    pages = []
    for url, (title, parts) in shared.scopes.items():
        src = routes.breakdown(url)
        name = f"数据明细：{title}"
        back = Link(name, routes.url_of(src))
        sections, more = [], []
        for total, left_out in _totals_with_left_out(parts):
            shown = figures.Figure(KIND_LABELS[total.kind], total.value, total.unit, total.qualifier, total.kind,
                                   parts=len(total.parts))
            heading = f"{shown.label}：{shown.short}"
            counted = _table(shared, back, url, total.anchor, total.parts, more, heading,
                             f"查看{shown.label}的全部 {{n}} 项数据（分 {{pages}} 页）",
                             f"计入合计的 {thousands(len(total.parts))} 项数据（单位：{total.unit}）", total=shown)
            left = _table(shared, back, url, total.anchor, left_out, more, f"{heading} · 未计入的同类数据",
                          f"查看{shown.label}未计入的全部 {{n}} 项同类数据（分 {{pages}} 页）", "未计入的同类数据",
                          role="left-out")
            sections.append(BreakdownSection(total.anchor, shown, counted, left))
        uncounted = tuple(p for p in parts if p.left_out in (figures.NO_KIND, figures.EXCLUDED))
        view = BreakdownView(
            title=name,
            back=Link(title, url),
            rules=RULES,
            sections=tuple(sections),
            uncounted=_table(shared, back, url, "uncounted", uncounted, more, "未计入任何合计的数据",
                             "查看未计入任何合计的全部 {n} 项数据（分 {pages} 页）",
                             f"未计入任何合计的 {thousands(len(uncounted))} 项数据", role="uncounted"),
            definitions=_definitions() if url == routes.url_of(routes.HOME) else (),
            **shared.common(src, name),
        )
        pages.append(Page(src, name, TEMPLATE, view))
        pages += more
    return pages


def _table(shared: Shared, back: Link, url: str, anchor: str, rows: tuple[Contribution, ...], more: list[Page],
           heading: str, more_label: str, caption: str, total: figures.Figure | None = None,
           role: str = "counted") -> FigureTable | None:
    """A table of ``rows`` for the breakdown page ``back`` (of the page at ``url``), in the
    section at ``anchor``: all of them, or (when they are too many) the first ``ROWS`` and a
    link to pages holding every row, which are added to ``more``. ``heading`` titles those
    pages; ``more_label`` (with ``{n}`` rows and ``{pages}``) names the rows in the link to
    them, so that no two links on the page read the same."""
    if not rows:
        return None
    if len(rows) <= ROWS:
        return FigureTable(rows, len(rows), caption, total, role)
    key = f"{anchor}-left-out" if role == "left-out" else anchor  # the counted table's and the uncounted's are their sections'
    here = Link(back.label, f"{back.url}#{anchor}")
    for src, chunk, pager in paginate(routes.breakdown_rows(url, key), list(rows), ROWS):
        name = page_title(f"{heading} · {back.label}", pager)
        view = FigureRowsView(
            title=name, back=here, heading=heading, pager=pager,
            table=FigureTable(tuple(chunk), len(rows), caption, total, role, first=(pager.current - 1) * ROWS + 1),
            **shared.common(src, name, breadcrumbs=(back,)),
        )
        more.append(Page(src, name, ROWS_TEMPLATE, view))
    label = more_label.format(n=thousands(len(rows)), pages=thousands(pager.total))
    return FigureTable(rows[:ROWS], len(rows), caption, total, role, Link(label, routes.url_of(routes.breakdown_rows(url, key))))


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


def _definitions() -> tuple[KindDefinition, ...]:
    return tuple(
        KindDefinition(name, KIND_LABELS[name], "、".join(UNITS_BY_KIND[name]), KIND_DEFINITIONS[name]) for name in UNITS_BY_KIND
    )
