"""Figures, relations, feeds, JSON-LD, sitemap and open data of the built sample site."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections import defaultdict
from pathlib import Path
from xml.etree import ElementTree as ET

import frontmatter
import pytest

from conftest import CORPUS, ROOT, make_project
from showcase.content import load_content
from showcase.figures import contributions, totals
from showcase.relations import Relations

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def sample():
    return load_content(ROOT, ROOT / "content")


#: Written out here, not read from kinds.yml: the unit each kind's figures are added in.
_COUNTED = {
    "volunteers": {"人": "人", "名": "人", "人次": "人次"}, "beneficiaries": {"人": "人", "名": "人", "人次": "人次"},
    "service_hours": {"小时": "小时"}, "funds_raised": {"元": "元", "万元": "元"}, "funding": {"元": "元", "万元": "元"},
    "events": {"场": "场", "次": "场", "个": "场"}, "sites": {"个": "个", "所": "个", "家": "个"},
    "members": {"人": "人", "名": "人"}, "organizations": {"个": "个", "家": "个", "所": "个"},
    "reports": {"篇": "篇", "次": "篇", "条": "篇"},
}


def _number(value) -> tuple[float, bool]:
    """A value as written (近30, 4000余, 1.2万, 5.8万余) → (number, qualified), parsed here."""
    if isinstance(value, (int, float)):
        return float(value), False
    text = str(value)
    found = re.fullmatch(r"(近|约|約|逾|超过|超過|不足|将近)?([\d.]+)(万|萬)?(余|餘|多|以上|左右)?", text)
    assert found, text
    number = float(found[2]) * (10000 if found[3] else 1)
    return number, bool(found[1] or found[4])


def _independent_totals() -> dict[tuple[str, str], float]:
    """The site-wide sums, worked out here from the raw files, not with the figures module."""
    records = {}
    for path in sorted((ROOT / "content").rglob("*.md")):
        post = frontmatter.load(path)
        if post.get("draft"):
            continue
        kind = path.relative_to(ROOT / "content").parts[0]
        slug = path.parent.name if path.name == "index.md" else path.stem
        records[(kind, slug)] = post.metadata

    def year(metric, record):
        for value in (metric.get("as_of"), record.get("date"), record.get("started")):
            if isinstance(value, dt.date):
                return value.year
            if value is not None:
                return int(str(value)[:4])
        return None

    def counted(m):
        number, _ = _number(m["value"])
        return number * (10000 if m["unit"] == "万元" else 1), _COUNTED[m["kind"]][m["unit"]]

    sums: dict[tuple[str, str], float] = defaultdict(float)
    carried = set()
    for (kind, slug), record in records.items():
        if kind == "programs":
            for m in record.get("metrics", []):
                if m.get("kind") and m.get("in_totals", True):
                    value, unit = counted(m)
                    sums[(m["kind"], unit)] += value
                    carried.add((slug, m["kind"], unit, year(m, record)))
    for (kind, slug), record in records.items():
        if kind == "achievements":
            for m in record.get("metrics", []):
                if not m.get("kind") or not m.get("in_totals", True):
                    continue
                value, unit = counted(m)
                if any((p, m["kind"], unit, year(m, record)) in carried for p in record.get("programs", [])):
                    continue
                sums[(m["kind"], unit)] += value
    return dict(sums)


def test_site_totals_match_an_independent_sum(sample, built_site):
    ours = {(f.kind, f.unit): f.value for f in totals(contributions(sample.site))}
    expected = _independent_totals()
    assert ours.keys() == expected.keys()
    for key, value in expected.items():
        assert ours[key] == pytest.approx(value), key
    # every total is on the programmes listing; the home page heads with four kinds, one tile each
    listing = (built_site / "programs" / "index.html").read_text("utf-8")
    home = (built_site / "index.html").read_text("utf-8")
    shown = 0
    for figure in totals(contributions(sample.site)):
        assert f"{figure.number}<small>{figure.shown_unit}</small>" in listing
        if figure.kind in ("beneficiaries", "volunteers", "service_hours", "funds_raised"):
            assert f"{figure.number}<small>{figure.shown_unit}</small>" in home
            shown += 1
    assert shown >= 4 and home.count('class="sc-headline"') == 4


def _write(root: Path, rel: str, text: str) -> None:
    path = root / "content" / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")


def test_a_restated_figure_counts_once(tmp_path):
    root = make_project(tmp_path / "p", CORPUS / "_base" / "content")
    _write(root, "programs/care/index.md", "---\ntitle: 关爱\norganization: demo-org\ncategory: 关爱帮扶\nsummary: 一句话。\n"
           "metrics:\n  - {label: 结对儿童, value: 4126, unit: 名, kind: beneficiaries, as_of: 2013}\n---\n")
    _write(root, "achievements/same.md", "---\ntitle: 全部结对\ndate: 2013-12-01\nprograms: [care]\n"
           "metrics:\n  - {label: 结对儿童, value: 4126, unit: 人, kind: beneficiaries}\n---\n")
    _write(root, "achievements/next-year.md", "---\ntitle: 次年\ndate: 2014-06-01\nprograms: [care]\n"
           "metrics:\n  - {label: 新增结对, value: 300, unit: 人, kind: beneficiaries, approx: true}\n---\n")
    _write(root, "achievements/own.md", "---\ntitle: 机构自己的\ndate: 2013-05-01\norganization: demo-org\n"
           "metrics:\n  - {label: 资金, value: 1.5, unit: 万元, kind: funds_raised}\n---\n")
    site = load_content(root, root / "content").site
    figures = {(f.kind, f.unit): f for f in totals(contributions(site))}
    assert figures[("beneficiaries", "人")].value == 4126 + 300  # the 2013 restatement is not added again
    assert figures[("beneficiaries", "人")].short == "约4,426人"  # the 2014 figure was 约300: the total is 约
    assert figures[("beneficiaries", "人")].prefix == "约"
    assert figures[("funds_raised", "元")].value == 15000
    org_only = totals(contributions(site), lambda c: "demo-org" in c.organizations)
    assert {(f.kind, f.value) for f in org_only} == {("beneficiaries", 4426), ("funds_raised", 15000)}


def _score(site, a, b) -> int:
    """The README's rule, worked out pair by pair: 3 for the category, 2 per shared tag,
    2 for the organization, 1 per shared region level."""
    levels = lambda p: {"/".join(site.region_of(p).split("/")[: i + 1]) for i in range(len(site.region_of(p).split("/")))}
    return (3 * (a.record.category == b.record.category) + 2 * len({t.strip() for t in a.record.tags} & {t.strip() for t in b.record.tags})
            + 2 * (a.record.organization == b.record.organization) + len(levels(a) & levels(b)))


def test_related_programmes_follow_the_documented_score(sample):
    site = sample.site
    relations = Relations(site)
    for program in site.programs:
        ranked = relations.related(program)
        others = sorted(((-_score(site, program, o), o.slug) for o in site.programs if o is not program and _score(site, program, o) > 0))
        assert [(other.slug, points) for other, points in ranked] == [(slug, -neg) for neg, slug in others[:4]], program.slug
    a, b = site.get("programs", "zixi-wulao-zhiyuanzhe"), site.get("programs", "zixi-guanai-liushou-ertong")
    shared_tags = len(set(a.record.tags) & set(b.record.tags))
    expected = (3 if a.record.category == b.record.category else 0) + 2 * shared_tags + 2 + 3  # same org, same county
    assert dict((o.slug, p) for o, p in relations.related(a, limit=50))[b.slug] == expected


def test_programme_page_lists_what_names_it_newest_first(built_site, sample):
    program = sample.site.get("programs", "tianchang-qingnian-zhiyuan")
    naming = sample.site.naming(program, "achievements")
    html = (built_site / program.url / "index.html").read_text("utf-8")
    positions = [html.index(f'href="../../{a.url}"') for a in naming]
    assert positions == sorted(positions) and len(positions) >= 2
    assert [a.date for a in naming] == sorted((a.date for a in naming), reverse=True)


def test_feeds_parse_as_atom_and_json_feed(built_site, sample):
    root = ET.parse(built_site / "feeds/all.xml").getroot()
    assert root.tag == f"{ATOM}feed"
    for tag in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{tag}").text
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == len(sample.site.stories) + len(sample.site.achievements)
    dates = [e.find(f"{ATOM}updated").text for e in entries]
    assert dates == sorted(dates, reverse=True)
    for entry in entries:
        assert entry.find(f"{ATOM}id").text.startswith("https://")
        assert dt.datetime.fromisoformat(entry.find(f"{ATOM}updated").text)
        assert entry.find(f"{ATOM}link").get("href").startswith("https://")
    feed = json.loads((built_site / "feeds/all.json").read_text("utf-8"))
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["title"] and feed["feed_url"].endswith("feeds/all.json")
    assert len(feed["items"]) == len(entries)
    for item in feed["items"]:
        assert item["id"] and item["url"].startswith("https://") and ("content_text" in item or "content_html" in item)
        assert dt.datetime.fromisoformat(item["date_published"]).tzinfo is not None
    panjin = json.loads((built_site / "feeds/organizations/panjin-tuanshiwei.json").read_text("utf-8"))
    assert panjin["items"] and all("/panjin-" in item["url"] for item in panjin["items"])
    html = (built_site / "organizations/panjin-tuanshiwei/index.html").read_text("utf-8")
    assert 'type="application/atom+xml"' in html and "feeds/organizations/panjin-tuanshiwei.xml" in html


REQUIRED = {
    "Project": {"name", "description", "url", "image", "parentOrganization"},
    "NewsArticle": {"headline", "description", "datePublished", "image", "author", "publisher"},
    "CreativeWork": {"name", "description", "datePublished", "image", "publisher", "creator"},
    "Organization": {"name", "description", "url", "logo"},
    "BreadcrumbList": {"itemListElement"},
}


def test_every_json_ld_block_parses_and_is_complete(built_site, sample):
    seen = defaultdict(int)
    for html in built_site.rglob("*.html"):
        text = html.read_text("utf-8")
        blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', text, re.S)
        if html.name == "404.html" or html.parent.name == "admin":
            continue
        assert any('"BreadcrumbList"' in b for b in blocks), html
        for block in blocks:
            data = json.loads(block)
            assert data["@context"] == "https://schema.org"
            missing = REQUIRED[data["@type"]] - {k for k, v in data.items() if v}
            assert not missing, f"{html.relative_to(built_site)} {data['@type']} lacks {missing}"
            seen[data["@type"]] += 1
    assert seen["Project"] == len(sample.site.programs)
    assert seen["NewsArticle"] == len(sample.site.stories)
    assert seen["CreativeWork"] == len(sample.site.achievements)
    assert seen["Organization"] == len(sample.site.organizations)


def test_pages_carry_description_canonical_and_cards(built_site):
    for url in ("", "programs/", "programs/panjin-guanai-xingdong/", "stories/panjin-qicai-ketang/"):
        html = (built_site / url / "index.html").read_text("utf-8")
        for needle in ('<meta name="description" content="', '<link rel="canonical" href="https://example.org/showcase/',
                       '<meta property="og:title"', '<meta property="og:image" content="https://', '<meta name="twitter:card"'):
            assert needle in html, (url, needle)
    program = (built_site / "programs/panjin-guanai-xingdong/index.html").read_text("utf-8")
    assert re.search(r'og:image" content="https://example.org/showcase/programs/panjin-guanai-xingdong/[^"]+\.og\.jpg"', program)


def test_sitemap_lists_every_public_page_and_no_draft(built_site, sample):
    locs = set(re.findall(r"<loc>(.*?)</loc>", (built_site / "sitemap.xml").read_text("utf-8")))
    for entry in sample.site.entries():
        assert f"https://example.org/showcase/{entry.url}" in locs
    pages = {str(p.parent.relative_to(built_site)) for p in built_site.rglob("index.html")} - {"admin"}
    assert len(locs) == len(pages)
    assert (built_site / "robots.txt").read_text().strip().endswith("sitemap.xml")


def test_open_data_matches_the_records(built_site, sample):
    site = sample.site
    for name in ("organizations", "programs", "achievements", "stories"):
        data = json.loads((built_site / f"data/{name}.json").read_text("utf-8"))
        entries = site.all(name)
        assert [row["slug"] for row in data] == [e.slug for e in entries]
        for row, entry in zip(data, entries):
            assert row["url"] == f"https://example.org/showcase/{entry.url}"
            assert row.get("title", row.get("name")) == entry.title
        rows = list(csv.DictReader(io.StringIO((built_site / f"data/{name}.csv").read_text("utf-8-sig"))))
        assert [row["slug"] for row in rows] == [e.slug for e in entries]
    programs = json.loads((built_site / "data/programs.json").read_text("utf-8"))
    wei = next(p for p in programs if p["slug"] == "yanping-wei-xinyuan")
    funds = next(m for m in wei["metrics"] if m["unit"] == "万元")
    assert funds["normalized_unit"] == "元" and funds["normalized_value"] == pytest.approx(funds["value"] * 10000)
