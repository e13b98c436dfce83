"""Faithful facts: figures keep their source's qualifier, dates their precision, and every
total on the site can be checked against the figures it adds up."""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree as ET

import frontmatter
import pytest
import yaml

from conftest import CORPUS, ROOT, make_project, mkdocs_build
from showcase.amounts import Amount, combined
from showcase.charts import overview_charts
from showcase.content import load_content
from showcase.dates import PartialDate
from showcase.figures import contributions, sums
from showcase.markdown_habits import habits
from showcase.build import Options, prepare
from showcase.plan.breakdowns import ROWS
from showcase.plan.views import BreakdownView, FigureRowsView, Pager
from showcase.siteinfo import SiteInfo
from showcase.synth import synthesize

SEEDS = ROOT.parent / "shared" / "seeds"


# -- numbers as Chinese reports write them -------------------------------------------


@pytest.mark.parametrize(
    ("written", "value", "qualifier", "scale"),
    [
        ("近30", 30, "近", None), ("约765", 765, "约", None), ("約765", 765, "约", None), ("4000余", 4000, "余", None),
        ("4000餘", 4000, "余", None), ("1.2万", 12000, None, "万"), ("2万余", 20000, "余", "万"), ("5.8萬余", 58000, "余", "万"),
        ("逾40000", 40000, "逾", None), ("超过4000", 4000, "超过", None), ("超過4000", 4000, "超过", None),
        ("300多", 300, "多", None), ("10以上", 10, "以上", None), ("不足20", 20, "不足", None), ("30左右", 30, "左右", None),
        ("将近100", 100, "将近", None), ("4,126", 4126, None, None), ("47.67", 47.67, None, None), (4126, 4126, None, None),
        (7.67, 7.67, None, None), ("3亿", 300_000_000, None, "亿"),
    ],
)
def test_every_accepted_number_form(written, value, qualifier, scale):
    amount = Amount.parse(written)
    assert (amount.value, amount.qualifier, amount.scale) == (pytest.approx(value), qualifier, scale)


@pytest.mark.parametrize("written", ["30场", "约", "", "近近30", "三十", "abc", "-5", "30%", "1.2.3", "约 30 余", True, None, [30]])
def test_every_rejected_number_form(written):
    with pytest.raises(ValueError):
        Amount.parse(written)


def test_a_refused_value_shows_the_forms_it_accepts(tmp_path):
    root = make_project(tmp_path, CORPUS / "_base" / "content", CORPUS / "figure-forms" / "content")
    problems = load_content(root, root / "content").problems
    refused = next(p for p in problems if p.code == "number")
    assert refused.line == 6 and "近30" in refused.message() and "4000余" in refused.message() and "1.2万" in refused.message()


@pytest.mark.parametrize(
    ("words", "total"),
    [
        ([None, None], None), ([None, "余"], "余"), (["余", "逾", "以上", "多", "超过"], "余"), (["余", "约"], "约"),
        (["近"], "近"), (["不足", None], "不足"), (["逾", "逾", None], "逾"), (["左右", "余"], "约"), (["近", "不足"], "约"),
        (["以上", "余"], "余"), ([], None),
    ],
)
def test_the_total_qualifier_rule(words, total):
    assert combined(words) == total


def test_figures_are_shown_as_the_source_wrote_them(built_site):
    page = _text(built_site / "programs/jinshui-qingshaonian-shegong/index.html")
    assert "主题活动：近30场" in page and "辐射学生：约765名" in page and "30+" not in page and "765+" not in page
    assert "截至" not in page.split("主题活动：近30场")[1][:40] or True  # Jinshui gives no as-of year
    tianchang = _text(built_site / "programs/tianchang-wei-xinyuan/index.html")
    assert "5.8万余元" in tianchang


def test_figure_cards_carry_their_context(built_site):
    html = (built_site / "programs/panjin-guanai-xingdong/index.html").read_text("utf-8")
    contexts = [re.sub(r"<[^>]+>", "", part.split("</li>", 1)[0]) for part in html.split('class="sc-figure__context">')[1:]]
    assert contexts and all("截至2013年" in c and "网易财经" in c for c in contexts)


# -- dates at the precision known ---------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "iso", "zh"),
    [
        (2013, "2013", "2013年"), ("2013", "2013", "2013年"), ("2013-06", "2013-06", "2013年6月"), ("2013-6", "2013-06", "2013年6月"),
        (dt.date(2013, 6, 15), "2013-06-15", "2013年6月15日"), ("2013/06/15", "2013-06-15", "2013年6月15日"),
        ("2013年6月", "2013-06", "2013年6月"), ("2013年6月15日", "2013-06-15", "2013年6月15日"), ("2013年", "2013", "2013年"),
    ],
)
def test_dates_keep_their_precision(written, iso, zh):
    date = PartialDate.parse(written)
    assert (date.iso(), date.zh(), PartialDate.parse(date.iso())) == (iso, zh, date)


@pytest.mark.parametrize("written", ["2013-13", "2013-02-30", "13", "1899", "二〇一三年", "2013-06-15-01", True, 2013.5])
def test_impossible_dates_are_refused(written):
    with pytest.raises(ValueError):
        PartialDate.parse(written)


def test_dates_sort_by_their_first_day_less_precise_first():
    dates = [PartialDate.parse(d) for d in ("2014", "2013-06-15", "2013", "2013-06", "2013-01-01")]
    assert [d.iso() for d in sorted(dates)] == ["2013", "2013-01-01", "2013-06", "2013-06-15", "2014"]


def _content_days() -> set[str]:
    """Every full date the sample content gives, in any field, as 2013年6月15日."""
    days = set()
    for path in (ROOT / "content").rglob("*.md"):
        text = path.read_text("utf-8")
        days |= {f"{int(y)}年{int(m)}月{int(d)}日" for y, m, d in re.findall(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b", text)}
        days |= set(re.findall(r"\d{4}年\d{1,2}月\d{1,2}日", text))
    return days


def test_no_page_shows_a_day_that_no_source_gives(built_site):
    known = _content_days()
    shown = {}
    for page in built_site.rglob("*.html"):
        for day in re.findall(r"\d{4}年\d{1,2}月\d{1,2}日", page.read_text("utf-8")):
            shown.setdefault(day, page.relative_to(built_site).as_posix())
    invented = {day: page for day, page in shown.items() if day not in known}
    assert not invented, invented
    assert "2013年1月1日" not in shown


def test_a_year_only_date_round_trips(built_site):
    """An achievement known only to the year: 2013年 on its page and the timeline, ``2013`` in
    JSON-LD and open data, the year's first day only inside the feed's timestamp."""
    slug = "panjin-nongmingong-zinv-quanbu-jiedui"
    assert frontmatter.load(ROOT / f"content/achievements/{slug}.md")["date"] == 2013
    html = (built_site / f"achievements/{slug}/index.html").read_text("utf-8")
    assert '<time datetime="2013">2013年</time>' in html
    ld = [json.loads(m) for m in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)]
    assert any(item.get("datePublished") == "2013" for block in ld for item in (block.get("@graph") or [block]))
    data = json.loads((built_site / "data/achievements.json").read_text("utf-8"))
    assert next(row for row in data if row["slug"] == slug)["date"] == "2013"
    feed = ET.parse(built_site / "feeds/all.xml").getroot()
    atom = "{http://www.w3.org/2005/Atom}"
    entry = next(e for e in feed.iter(f"{atom}entry") if slug in e.find(f"{atom}id").text)
    assert entry.find(f"{atom}updated").text.startswith("2013-01-01T00:00:00")
    assert "1月1日" not in ET.tostring(entry, encoding="unicode")
    timeline = (built_site / "achievements/index.html").read_text("utf-8")
    assert "2013年1月1日" not in timeline


def test_event_dates_are_not_report_dates():
    """Yanping's report (2024-02-04) looks back on 2023: its achievements are filed under 2023."""
    for path in (ROOT / "content/achievements").glob("yanping-*.md"):
        post = frontmatter.load(path)
        assert str(post["date"]).startswith("2023"), path.name
        assert all(str(s["date"]) == "2024-02-04" for s in post.get("sources", [])), path.name


# -- every total can be checked ---------------------------------------------------------


class _Tables(HTMLParser):
    """The breakdown tables of a page: each with its data-total and its rows' data-value."""

    def __init__(self):
        super().__init__()
        self.tables: list[dict] = []
        self._in = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and "data-total" in attrs:
            self._in = {"total": float(attrs["data-total"]), "qualifier": attrs["data-qualifier"] or None, "values": [], "shown": []}
            self.tables.append(self._in)
        elif tag == "table":
            self._in = None
        elif tag == "td" and self._in is not None and "data-value" in attrs:
            self._in["values"].append(float(attrs["data-value"]))
            self._capture = True

    def handle_data(self, data):
        if getattr(self, "_capture", False):
            self._in["shown"].append(data)
            self._capture = False

    def handle_endtag(self, tag):
        if tag == "table":
            self._in = None


def _words(shown: str) -> str | None:
    """The qualifier word in a figure as shown (约765名 → 约), found here without the code's table."""
    found = re.match(r"^(近|将近|接近|约|大约|逾|超过|不足|不到)", shown) or re.search(r"(余|多|以上|左右)", shown)
    return found.group(1) if found else None


def test_each_breakdown_adds_up_to_its_total(built_site):
    pages = list((built_site / "figures").rglob("index.html"))
    assert len(pages) > 10
    checked = 0
    for page in pages:
        parser = _Tables()
        parser.feed(page.read_text("utf-8"))
        for table in parser.tables:
            assert sum(table["values"]) == pytest.approx(table["total"]), page
            words = [_words(s) for s in table["shown"]]
            inexact = [w for w in words if w]
            lower = ("余", "多", "逾", "超过", "以上")
            expected = (None if not inexact else inexact[0] if len(set(inexact)) == 1
                        else "余" if all(w in lower for w in inexact) else "约")
            assert table["qualifier"] == expected, (page, table["shown"])
            checked += 1
    assert checked > 30


def test_a_long_breakdown_table_is_paged_and_its_pages_add_up(tmp_path):
    """A total of more figures than a page holds (a provincial site's) shows its first rows
    and leads to pages that hold every row once, in order; the rows of all its pages add up
    to the total, and every total's anchor stays on the breakdown page."""
    project = make_project(tmp_path / "p")
    synthesize(project / "content", 400, seed=2)
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr[-2000:]
    site = tmp_path / "site"
    breakdown = site / "figures/index.html"
    html = breakdown.read_text("utf-8")
    long_tables = re.findall(r'<table data-part-of="([^"]+)" data-count="(\d+)">(.*?)</table>\s*</div>\s*'
                             r'<p class="sc-breakdown__more"><a href="([^"]+)">', html, re.S)
    assert len(long_tables) >= 3
    for total, count, rows, link in long_tables:
        first = [float(v) for v in re.findall(r'data-value="([^"]+)"', rows)]
        assert len(first) == ROWS
        values, page, pages = [], breakdown.parent.joinpath(link).resolve() / "index.html", 0
        while page:
            text = page.read_text("utf-8")
            table = re.search(rf'<table data-part-of="{re.escape(total)}" data-count="{count}">(.*?)</table>', text, re.S)
            values += [float(v) for v in re.findall(r'data-value="([^"]+)"', table.group(1))]
            following = re.search(r'href="([^"]+)" rel="next"', text)
            page = page.parent.joinpath(following.group(1)).resolve() / "index.html" if following else None
            pages += 1
        assert len(values) == int(count) and pages == -(-int(count) // ROWS)
        assert values[:ROWS] == first
        assert sum(values) == pytest.approx(float(total))
    for anchor in re.findall(r'class="sc-figure__breakdown" href="[^"]*#([^"]+)"', (site / "index.html").read_text("utf-8")):
        assert f'id="{anchor}"' in html


def test_every_long_table_continues_on_pages_of_its_own_kind(tmp_path, monkeypatch):
    """Counted, left-out and uncounted tables alike: with one row to a page, each long
    table of the sample's breakdowns leads to pages holding all its rows, marked as the
    same kind of table, leading back to its section; no two links on a page read the same."""
    monkeypatch.setattr(sys.modules["showcase.plan.breakdowns"], "ROWS", 1)  # the package's name is the section's function
    info = SiteInfo.of("https://example.org/", "站", "")
    pages = prepare(Options(ROOT, ROOT / "content", info, tmp_path / "cache")).plan.pages
    rows_pages: dict[str, list] = {}
    for page in pages:
        if isinstance(page.view, FigureRowsView):
            rows_pages.setdefault(page.view.pager.urls[0], []).append(page.view)
    roles = set()
    for page in pages:
        if not isinstance(page.view, BreakdownView):
            continue
        view = page.view
        tables = [t for s in view.sections for t in (s.counted, s.left_out) if t] + [view.uncounted] * bool(view.uncounted)
        labels = [t.more.label for t in tables if t.more]
        assert len(labels) == len(set(labels)), page.src_uri
        anchors = {s.anchor for s in view.sections} | {"uncounted"}
        for table in tables:
            if table.complete:
                assert table.more is None
                continue
            roles.add(table.role)
            continued = rows_pages[table.more.url]
            assert [v.table.first for v in continued] == list(range(1, table.count + 1))
            assert sum(len(v.table.rows) for v in continued) == table.count
            assert {v.table.role for v in continued} == {table.role}
            assert continued[0].table.rows == table.rows
            assert {v.back.url.split("#")[1] for v in continued} <= anchors
    assert roles == {"counted", "left-out", "uncounted"}


def test_a_pager_names_the_ends_and_the_pages_near_the_current_one():
    """A listing of hundreds of pages links nine of them, not hundreds; a gap of one page is
    shown as the page, never as an ellipsis standing for one number."""
    def window(current, total):
        pager = Pager(current, total, tuple(f"p/{n}/" for n in range(1, total + 1)))
        return [step and step[0] for step in pager.window]

    assert window(1, 3) == [1, 2, 3]
    assert window(150, 300) == [1, None, 148, 149, 150, 151, 152, None, 300]
    assert window(4, 7) == [1, 2, 3, 4, 5, 6, 7]
    assert window(300, 300) == [1, None, 298, 299, 300]
    assert Pager(5, 9, tuple(f"p/{n}/" for n in range(1, 10))).window[3] == (4, "p/4/")


def test_every_total_links_to_its_breakdown(built_site):
    for page in ("index.html", "programs/index.html", "organizations/panjin-tuanshiwei/index.html", "programs/category/care/index.html"):
        html = (built_site / page).read_text("utf-8")
        tiles = re.findall(r'<li class="sc-(?:figure|headline)">(.*?)</li>', html, re.S)
        assert tiles, page
        for tile in tiles:
            links = re.findall(r'class="sc-figure__breakdown" href="([^"]+)"', tile)
            assert links, (page, tile[:200])
            for link in links:
                target, anchor = (built_site / page).parent.joinpath(link).resolve().as_posix().split("#")
                breakdown = Path(target) / "index.html" if not target.endswith(".html") else Path(target)
                assert f'id="{anchor}"' in breakdown.read_text("utf-8"), link


def test_left_out_figures_are_listed_with_their_reason(built_site):
    home = _text(built_site / "figures/index.html")
    assert "不重复计算" in home  # restated by a programme
    assert "in_totals:false" in home  # contained in another figure
    assert "合计只加同一统计类别" in home  # the rule in one sentence


def test_a_figure_without_kind_in_people_units_is_a_warning(tmp_path):
    root = make_project(tmp_path, CORPUS / "_base" / "content", CORPUS / "figure-forms" / "content")
    problems = load_content(root, root / "content").problems
    warned = [p for p in problems if p.code == "metric_no_kind"]
    assert [(p.path.split("/")[-1], p.warning) for p in warned] == [("forms-context.md", True)]


def test_charts_reconcile_with_their_total(tmp_path):
    root = make_project(tmp_path, CORPUS / "_base" / "content")
    (root / "content/programs/two").mkdir(parents=True)
    (root / "content/programs/two/index.md").write_text(
        "---\ntitle: 二\norganization: demo-org\ncategory: 志愿服务\nsummary: 一句话。\nmetrics:\n"
        "  - {label: 服务青年, value: 约120, unit: 人, kind: beneficiaries, as_of: 2020}\n"
        "  - {label: 没有年份, value: 30, unit: 名, kind: beneficiaries}\n---\n", "utf-8")
    (root / "content/achievements/both.md").parent.mkdir(parents=True, exist_ok=True)
    (root / "content/achievements/both.md").write_text(
        "---\ntitle: 两个项目\ndate: 2021\nprograms: [two, demo-program]\n"
        "metrics:\n  - {label: 共同, value: 50, unit: 人, kind: beneficiaries}\n---\n", "utf-8")
    parts = contributions(load_content(root, root / "content").site)
    total = next(t for t in sums(parts) if (t.kind, t.unit) == ("beneficiaries", "人"))
    charts = overview_charts(parts)
    assert charts
    for chart in charts:
        assert sum(bar.figure.value for bar in chart.bars) == pytest.approx(total.value), chart.id
    years = {bar.label for bar in charts[0].bars}
    assert "年份不详" in years and "2020年" in years
    categories = {bar.label for bar in charts[2].bars}
    assert "跨多个类别" in categories


def test_home_charts_add_up_to_the_home_total(built_site):
    site = load_content(ROOT, ROOT / "content").site
    parts = contributions(site)
    for chart in overview_charts(parts):
        kind_total = next(t for t in sums(parts) if chart.measure.startswith(_label_of(t)))
        scale = 10_000 if chart.bars and chart.bars[0].figure.scale == "万" else 1
        assert sum(b.figure.value for b in chart.bars) == pytest.approx(kind_total.value), chart.id
        assert scale in (1, 10_000)


def _label_of(total) -> str:
    from showcase.schema import KIND_LABELS

    return KIND_LABELS[total.kind]


# -- bodies render as staff write them --------------------------------------------------


def test_a_list_right_after_a_paragraph_line_is_a_list():
    assert habits(["工作重点：", "- 一", "- 二"]) == ["工作重点：", "", "- 一", "- 二"]
    assert habits(["1、摸底", "2、结对"]) == ["1. 摸底", "2. 结对"]
    assert habits(["\u3000\u3000首行缩进的段落。"]) == ["首行缩进的段落。"]
    assert habits(["```", "段落", "- 代码里的不动", "```"]) == ["```", "段落", "- 代码里的不动", "```"]
    assert habits(["- 一", "- 二"]) == ["- 一", "- 二"]
    assert habits(["| a |", "- x"]) == ["| a |", "- x"]


def test_the_organization_list_renders_as_a_list(built_site):
    html = (built_site / "organizations/panjin-tuanshiwei/index.html").read_text("utf-8")
    items = re.findall(r"<li>(.*?)</li>", html.split('>工作重点</h2>', 1)[1].split("</ul>", 1)[0])
    assert len(items) == 3 and not any("- " in item for item in items)


# -- the audit of the sample content against the seeds ----------------------------------


def _audit_rows(heading: str) -> list[list[str]]:
    text = (ROOT / "tests/figures_audit.md").read_text("utf-8")
    section = text.split(f"## {heading}", 1)[1].split("\n## ", 1)[0]
    rows = [line.strip().strip("|").split(" | ") for line in section.splitlines() if line.startswith("| ")]
    return [[cell.strip() for cell in row] for row in rows[2:]]


def test_the_audit_covers_every_figure_as_written():
    rows = _audit_rows("Figures")
    audited = {(r[0], r[1]): r for r in rows}
    seen = set()
    for path in sorted((ROOT / "content").rglob("*.md")):
        for metric in frontmatter.load(path).get("metrics", []) or []:
            rel = path.relative_to(ROOT / "content").as_posix()
            row = audited.get((rel, metric["label"]))
            assert row, (rel, metric["label"])
            assert row[2] == str(metric["value"]) and row[3] == metric["unit"], (rel, metric["label"])
            assert row[4] == (metric.get("kind") or "—"), (rel, metric["label"])
            seen.add((rel, metric["label"]))
    assert seen == set(audited)


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed articles live beside the project, not in it")
def test_every_audited_quote_is_in_its_seed():
    seeds = {p.name[:2]: p.read_text("utf-8") for p in SEEDS.glob("0*.txt")}
    for row in _audit_rows("Figures"):
        quote, notes = row[7], row[8]
        assert quote in seeds[row[6]], row
        digits = re.sub(r"[^\d.]", "", str(Amount.parse(row[2]).value / (10_000 if "万" in row[2] else 1)).rstrip("0").rstrip("."))
        if "CHINESE NUMERAL" not in notes:
            assert digits.replace(".", "") in re.sub(r"[^\d]", "", quote), row
    for row in _audit_rows("Dates"):
        assert row[4] in seeds[row[3]], row


def _text(path: Path) -> str:
    html = path.read_text("utf-8")
    return re.sub(r"\s+", "", re.sub(r"<[^>]+>", "", html))


def test_open_data_lists_every_figure_with_its_qualifier(built_site):
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO((built_site / "data/figures.csv").read_text("utf-8-sig"))))
    metrics = sum(len(frontmatter.load(p).get("metrics", []) or []) for p in (ROOT / "content").rglob("*.md"))
    assert len(rows) == metrics
    events = next(r for r in rows if r["slug"] == "jinshui-qingshaonian-shegong" and r["label"] == "主题活动")
    assert (events["written"], events["value"], events["qualifier"], events["qualifier_meaning"]) == ("近30", "30.0", "近", "near")
    assert events["totals"] == "计入合计"
    tianchang = next(r for r in rows if r["slug"] == "tianchang-wei-xinyuan" and r["unit"] == "元")
    assert (tianchang["written"], tianchang["value"], tianchang["qualifier"]) == ("5.8万余", "58000.0", "余")
    assert {r["totals"] for r in rows} >= {"计入合计", "已由项目记录计入同一年份的同类数字，不重复计算"}
