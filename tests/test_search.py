"""Search in a real browser: Chinese queries find the right record, filters count correctly."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from conftest import ROOT
from showcase.content import load_content
from showcase.search import facets

# (query, a record that must be among the first three results)
QUERIES = [
    ("关爱行动", "programs/panjin-guanai-xingdong/"),  # a programme's name
    ("天聚英才", "programs/tianchang-tianju-yingcai/"),
    ("青年之家", "programs/tianchang-qingnian-zhijia/"),
    ("三社联动", "programs/jinshui-sanshe-liandong/"),
    ("五老", "programs/zixi-wulao-zhiyuanzhe/"),
    ("七彩课堂", "stories/panjin-qicai-ketang/"),
    ("盘锦", "organizations/panjin-tuanshiwei/"),  # places
    ("辽宁", "programs/panjin-guanai-xingdong/"),
    ("金水", "organizations/jinshui-tuanquwei/"),
    ("资溪", "organizations/zixi-guangongwei/"),
    ("法治", "programs/zixi-fazhi-jiaoyu/"),  # two-character words
    ("社工", "programs/jinshui-qingshaonian-shegong/"),
    ("4126", "programs/panjin-guanai-xingdong/"),  # figures
    ("1160", "achievements/zixi-wulao-1160/"),
    ("765", "programs/jinshui-qingshaonian-shegong/"),
    ("99公益日", "achievements/zixi-99-gongyiri-2022/"),
    ("助学金", "achievements/yanping-wei-xinyuan-zhuxuejin/"),
    ("学习强国", "achievements/tianchang-xuexi-qiangguo-duanpian/"),
    ("缘来是你", "programs/tianchang-yuanlai-shi-ni/"),  # simplified query, traditional record
    ("緣來是你", "programs/tianchang-yuanlai-shi-ni/"),  # traditional query, traditional record
    ("帮帮团", "programs/yanping-xiangcun-bangbangtuan/"),
    ("延平区", "organizations/yanping-tuanquwei/"),
    ("团天长市委", "organizations/tianchang-tuanshiwei/"),  # an organization by short name
    ("關愛行動", "programs/panjin-guanai-xingdong/"),  # traditional query, simplified record
    ("留守兒童", "programs/zixi-guanai-liushou-ertong/"),
    ("留守儿童", "programs/zixi-guanai-liushou-ertong/"),
]

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def searcher(browser, served_site):
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    page.goto(served_site + "programs/", wait_until="networkidle")
    yield page
    page.close()


def _header_results(page, query: str) -> list[str]:
    box = page.locator("#sc-search-input")
    box.fill("")
    box.fill(query)
    page.wait_for_function(
        "q => { const p = document.getElementById('sc-search-results');"
        " return !p.hidden && p.querySelector('.sc-search__status') && document.getElementById('sc-search-input').value === q; }",
        arg=query,
    )
    page.wait_for_timeout(50)
    return page.eval_on_selector_all("#sc-search-results a.sc-hit", "links => links.map(a => new URL(a.href).pathname)")


@pytest.mark.parametrize(("query", "expected"), QUERIES, ids=[q for q, _ in QUERIES])
def test_query_finds_the_record_in_the_first_three(searcher, query, expected):
    results = _header_results(searcher, query)
    assert "/" + expected in results[:3], f"{query}: {results[:5]}"


def test_results_show_title_type_excerpt_and_thumbnail(searcher):
    _header_results(searcher, "关爱行动")
    first = searcher.locator("#sc-search-results a.sc-hit").first
    assert first.locator(".sc-hit__title").inner_text() == "盘锦“关爱行动”"
    assert first.locator(".sc-hit__type").inner_text() == "品牌项目"
    assert first.locator(".sc-hit__excerpt mark").count() >= 1
    thumb = first.locator("img.sc-hit__image")
    assert thumb.count() == 1 and thumb.evaluate("i => i.complete && i.naturalWidth > 0")


@pytest.mark.parametrize("key", ["/", "s"])
def test_keyboard_shortcut_focuses_the_search(browser, served_site, key):
    page = browser.new_page()
    page.goto(served_site, wait_until="networkidle")
    page.keyboard.press(key)
    assert page.evaluate("document.activeElement.id") == "sc-search-input"
    page.close()


def _counts(page, key: str) -> dict[str, int]:
    return page.eval_on_selector_all(
        f"[data-filter='{key}'] li",
        "items => Object.fromEntries(items.map(li => [li.querySelector('input').value, +li.querySelector('[data-count]').textContent]))",
    )


def test_search_page_filters_with_counts(browser, served_site):
    content = load_content(ROOT, ROOT / "content")
    values = [facets(content.site, entry) for entry in content.site.entries()]
    expected_types = Counter(v["type"][0] for v in values)
    programs = [v for v in values if v["type"] == ["品牌项目"]]
    expected_categories = Counter(v["category"][0] for v in programs)

    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.goto(served_site + "search/?type=品牌项目&region=辽宁省", wait_until="networkidle")
    page.wait_for_selector("[data-sc-results] a.sc-hit")
    regions_left = _counts(page, "region")  # counts follow the filters chosen in the address;
    assert "安徽省" not in regions_left and regions_left["辽宁省"] > 0  # a value with nothing left is not offered
    page.get_by_label("辽宁省").uncheck()
    page.wait_for_function(f"() => document.querySelectorAll('[data-sc-results] a.sc-hit').length === {expected_types['品牌项目']}")
    assert _counts(page, "category") == dict(expected_categories)
    page.get_by_label("关爱帮扶").check()
    page.wait_for_function(f"() => document.querySelectorAll('[data-sc-results] a.sc-hit').length === {expected_categories['关爱帮扶']}")
    status = page.locator("[data-sc-status]").inner_text()
    assert str(expected_categories["关爱帮扶"]) in status
    regions = Counter(v["region"][0] for v in programs if v["category"] == ["关爱帮扶"])
    counts = _counts(page, "region")
    assert counts == dict(regions)
    assert "category=%E5%85%B3%E7%88%B1%E5%B8%AE%E6%89%B6" in page.url or "category=关爱帮扶" in page.url
    page.close()


def test_only_records_are_indexed(built_site):
    entry = json.loads((built_site / "pagefind/pagefind-entry.json").read_text())
    content = load_content(ROOT, ROOT / "content")
    assert sum(lang["page_count"] for lang in entry["languages"].values()) == len(content.site.entries())
