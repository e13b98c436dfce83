"""The public site as visitors meet it (issue 16): every page type loads without a failed
request, fits a phone, keeps its header search on screen, prints as a brief, carries its
QR code, filing numbers and pinyin order, and has a working 长辈模式."""

from __future__ import annotations

import io
import re
from urllib.parse import urlparse

import pytest
from pypinyin import lazy_pinyin

pytestmark = pytest.mark.browser

#: One page of every type the public sees.
PAGE_TYPES = {
    "home": "",
    "programmes": "programs/",
    "category": "programs/category/care/",
    "region": "programs/region/辽宁省/盘锦市/",
    "programme": "programs/panjin-guanai-xingdong/",
    "programme-no-photo": "programs/zixi-fazhi-jiaoyu/",
    "timeline": "achievements/",
    "achievement": "achievements/panjin-guanai-xingdong-xuanchuan/",
    "stories": "stories/",
    "story": "stories/panjin-qicai-ketang/",
    "organizations": "organizations/",
    "organization": "organizations/tianchang-tuanshiwei/",
    "tags": "tags/",
    "tag": "tags/志愿服务/",
    "search": "search/?q=关爱",
    "404": "404.html",
}


@pytest.fixture
def site(request, served_site, site_at_its_path):
    return site_at_its_path if request.node.callspec.params.get("name") == "404" else served_site


def _open(browser, url: str, width: int, height: int = 844, **options):
    page = browser.new_page(viewport={"width": width, "height": height}, **options)
    page.goto(url, wait_until="networkidle")
    return page


@pytest.mark.parametrize("name", list(PAGE_TYPES))
def test_no_request_fails_on_any_page_type(browser, site, name):
    """Nothing 404s: not the feeds' sitemap Material used to look for beside every feed
    link, not a search thumbnail, not a photo."""
    page = browser.new_page(viewport={"width": 390, "height": 844})
    failed: list[str] = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.on("requestfailed", lambda r: failed.append(f"failed {r.url}"))
    page.goto(site + PAGE_TYPES[name], wait_until="networkidle")
    page.mouse.wheel(0, 20000)
    page.wait_for_timeout(300)
    page.wait_for_load_state("networkidle")
    page.close()
    assert failed == []


@pytest.mark.parametrize("elder", [False, True], ids=["normal", "elder"])
@pytest.mark.parametrize("width", [320, 390])
def test_nothing_scrolls_sideways_on_a_phone(browser, served_site, site_at_its_path, width, elder):
    page = browser.new_page(viewport={"width": width, "height": 800})
    if elder:
        page.add_init_script("localStorage.setItem('sc-elder', '1')")
    wide = {}
    for name, path in PAGE_TYPES.items():
        page.goto((site_at_its_path if name == "404" else served_site) + path, wait_until="networkidle")
        scroll = page.evaluate("document.documentElement.scrollWidth")
        if scroll > width:
            wide[name] = scroll
    page.close()
    assert wide == {}


@pytest.mark.parametrize("width", [320, 360, 390, 430])
def test_header_search_stays_on_screen(browser, served_site, width):
    page = _open(browser, served_site + "programs/", width)
    box = page.locator("#sc-search-input")
    box.click()
    box.type("关爱")
    page.wait_for_selector(".sc-search__results:not([hidden]) .sc-hit")
    for selector in ("#sc-search-input", ".sc-search__results", ".sc-search__button"):
        rect = page.locator(selector).bounding_box()
        assert rect["x"] >= 0 and rect["x"] + rect["width"] <= width, (selector, rect)
    assert page.locator("#sc-search-input").bounding_box()["width"] >= width * 0.6
    page.close()


def test_chart_text_is_readable_on_a_phone_and_bars_are_sorted(browser, served_site):
    page = _open(browser, served_site, 390)
    sizes = page.evaluate("[...document.querySelectorAll('.sc-chart th, .sc-chart td, .sc-chart__title')]"
                          ".filter(e => e.offsetParent).map(e => parseFloat(getComputedStyle(e).fontSize))")
    assert sizes and min(sizes) >= 12
    for chart in ("chart-region", "chart-category"):
        values = page.evaluate(f"[...document.querySelectorAll('#{chart} .sc-chart__value')]"
                               ".map(e => parseFloat(e.textContent.replace(/[,+]/g, '')))")
        assert len(values) >= 2 and values == sorted(values, reverse=True), (chart, values)
    years = page.evaluate("[...document.querySelectorAll('#chart-year th')].map(e => parseInt(e.textContent))")
    assert years == sorted(years)
    page.close()


def test_footer_carries_the_configured_filing_numbers(browser, served_site):
    page = _open(browser, served_site + "programs/panjin-guanai-xingdong/", 1366, 768)
    footer = page.locator("footer.sc-footer")
    assert "Material" not in footer.inner_text() and "MkDocs" not in footer.inner_text()
    icp = footer.locator("a[data-sc-icp]")
    assert icp.get_attribute("href") == "https://beian.miit.gov.cn/" and "ICP备" in icp.inner_text()
    police = footer.locator("a[data-sc-police]")
    digits = re.sub(r"\D", "", police.inner_text())
    assert police.get_attribute("href") == f"https://beian.mps.gov.cn/#/query/webSearch?code={digits}"
    emblem = police.locator("img")
    assert urlparse(emblem.evaluate("i => i.src")).netloc == urlparse(served_site).netloc
    assert emblem.evaluate("i => i.complete && i.naturalWidth > 0")
    text = footer.inner_text()
    assert "示例市青春品牌项目工作委员会" in text and "地址" in text and "电话" in text
    for href in ("data/programs.csv", "feeds/all.xml"):
        assert footer.locator(f'a[href$="{href}"]').count() == 1
    assert page.locator(".md-footer__link").count() == 0  # no "下一页" footer
    page.close()


def test_not_found_page_is_chinese_with_search_and_sections(browser, site_at_its_path):
    page = _open(browser, site_at_its_path + "no/such/page/", 390)
    assert page.locator("h1").inner_text() == "没有找到这个页面"
    assert "Not found" not in page.content()
    form = page.locator(".sc-notfound form")
    assert form.locator("input[type=search]").is_visible()
    links = page.locator(".sc-notfound__links a").all_inner_texts()
    assert {"返回首页", "品牌项目", "成果", "志愿者故事", "机构"} <= {t.strip() for t in links}
    form.locator("input").fill("关爱")
    form.locator("button").click()
    page.wait_for_url(re.compile(r"/search/\?q="))
    page.close()


def _pinyin(text: str) -> list[str]:
    return [s.lower() for s in lazy_pinyin(text)]


def test_names_are_in_pinyin_order(browser, served_site):
    page = _open(browser, served_site + "tags/", 1366)
    tags = [t.split()[0] for t in page.locator(".sc-chips .sc-chip").all_inner_texts()]
    assert len(tags) > 5 and tags == sorted(tags, key=lambda t: (_pinyin(t), t))
    page.goto(served_site + "organizations/", wait_until="networkidle")
    names = page.locator(".sc-orgs__name").all_inner_texts()
    assert len(names) > 3 and names == sorted(names, key=lambda t: (_pinyin(t), t))
    page.goto(served_site + "programs/", wait_until="networkidle")
    titles = page.locator(".sc-card__title").all_inner_texts()
    assert titles == sorted(titles, key=lambda t: (_pinyin(t), t))
    page.close()


@pytest.mark.parametrize("path", ["programs/panjin-guanai-xingdong/", "stories/panjin-qicai-ketang/", "programs/zixi-fazhi-jiaoyu/"])
def test_qr_code_decodes_to_the_page_address(browser, served_site, path):
    import zxingcpp
    from PIL import Image

    page = _open(browser, served_site + path, 390, device_scale_factor=2)
    canonical = page.locator('link[rel="canonical"]').get_attribute("href")
    code = page.locator("svg[data-sc-qr]")
    code.scroll_into_view_if_needed()
    image = Image.open(io.BytesIO(code.screenshot())).convert("L")
    page.close()
    found = [result.text for result in zxingcpp.read_barcodes(image)]
    assert found == [canonical] and canonical.endswith(path)


def test_programme_prints_as_a_brief(browser, served_site, tmp_path):
    page = _open(browser, served_site + "programs/panjin-guanai-xingdong/", 1366, 900)
    page.emulate_media(media="print")
    hidden = page.evaluate("['.md-header', '.md-tabs', '.md-sidebar--primary', '.md-sidebar--secondary', '.sc-search', '.md-footer']"
                           ".map(s => document.querySelector(s)).filter(Boolean)"
                           ".map(e => getComputedStyle(e).display)")
    assert hidden and set(hidden) == {"none"}
    share = page.locator(".sc-share")
    assert share.is_visible() and page.locator("svg[data-sc-qr]").is_visible()
    assert "https://example.org/showcase/programs/panjin-guanai-xingdong/" in share.inner_text()
    pdf = page.pdf(format="A4")
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    (tmp_path / "brief.pdf").write_bytes(pdf)
    page.close()
    assert 1 <= pages <= 2, f"{pages} printed pages"


def test_elder_mode_enlarges_text_and_is_remembered(browser, served_site):
    page = _open(browser, served_site + "programs/panjin-guanai-xingdong/", 390)
    body = page.locator(".sc-body p").first
    before = float(body.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))
    toggle = page.locator("[data-sc-elder-toggle]")
    assert toggle.is_visible() and toggle.get_attribute("aria-pressed") == "false"
    toggle.click()
    assert toggle.get_attribute("aria-pressed") == "true"
    after = float(body.evaluate("e => parseFloat(getComputedStyle(e).fontSize)"))
    line = float(body.evaluate("e => parseFloat(getComputedStyle(e).lineHeight)"))
    assert after >= 18 and after > before and line >= after * 1.8
    page.goto(served_site + "stories/", wait_until="networkidle")
    assert page.evaluate("document.documentElement.hasAttribute('data-sc-elder')")
    assert float(page.locator(".sc-card__title").first.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")) >= 18
    page.locator("[data-sc-elder-toggle]").click()
    page.reload(wait_until="networkidle")
    assert not page.evaluate("document.documentElement.hasAttribute('data-sc-elder')")
    page.close()


FAKE_SPEECH = """
window.__spoken = [];
Object.defineProperty(window, "speechSynthesis", {configurable: true, value: {
  getVoices: () => [{lang: "zh-CN", name: "测试"}], speak: u => window.__spoken.push(u.text), cancel: () => {}, addEventListener: () => {}}});
Object.defineProperty(window, "SpeechSynthesisUtterance", {configurable: true, value: function (text) { this.text = text; }});
"""


def test_read_aloud_speaks_the_article_where_there_is_a_chinese_voice(browser, served_site):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(served_site + "stories/panjin-qicai-ketang/", wait_until="networkidle")
    assert page.locator("[data-sc-read]").is_hidden()  # no voice in this browser: no button
    page.add_init_script(FAKE_SPEECH)
    page.reload(wait_until="networkidle")
    button = page.locator("[data-sc-read]")
    assert button.is_visible()
    button.click()
    spoken = "".join(page.evaluate("window.__spoken"))
    title = page.locator("h1").inner_text()
    assert spoken.startswith(title) and len(spoken) > 200
    assert button.get_attribute("aria-pressed") == "true"
    page.close()


QUERIES = ["关爱", "志愿", "青年", "故事", "盘锦"]


def test_search_thumbnails_load_and_excerpts_read_as_chinese(browser, served_site):
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    thumbnails = 0
    for query in QUERIES:
        page.goto(served_site + f"search/?q={query}", wait_until="networkidle")
        page.wait_for_selector("[data-sc-results] .sc-hit")
        page.wait_for_load_state("networkidle")
        images = page.evaluate("[...document.querySelectorAll('.sc-hit__image')].map(i => i.src)")
        missing = [src for src in images if page.request.get(src).status != 200]
        assert missing == []
        thumbnails += len(images)
        excerpts = page.locator(".sc-hit__excerpt").all_inner_texts()
        for text in excerpts:
            assert not re.search(r"[\u4e00-\u9fff”]\. ?[\u4e00-\u9fff“]", text), text
            assert not re.search(r"(\S{4,}) \1", text), text  # a label said twice (visible and for screen readers)
        counts = page.locator("[data-filter]:not([hidden]) [data-count]").all_inner_texts()
        assert counts and "0" not in counts
    page.close()
    assert thumbnails >= 10


def test_listing_shows_records_on_the_first_phone_screen(browser, served_site):
    page = _open(browser, served_site + "programs/", 390)
    first_card = page.locator(".sc-card").first.bounding_box()
    assert first_card["y"] < 844 * 0.6
    totals = page.locator("details.sc-totals")
    assert totals.count() == 1 and not totals.evaluate("d => d.open")
    assert totals.bounding_box()["y"] > page.locator(".sc-card").last.bounding_box()["y"]
    page.close()


def test_cards_without_photo_get_a_designed_tile(browser, served_site):
    page = _open(browser, served_site + "programs/", 1366, 900)
    tiles = page.locator(".sc-card__cover--empty")
    assert tiles.count() > 0
    for tile in tiles.all():
        colour = tile.evaluate("e => getComputedStyle(e).backgroundColor")
        assert colour not in ("rgba(0, 0, 0, 0)", "rgb(255, 255, 255)")
        assert tile.locator("svg").count() == 1 and tile.locator(".sc-card__badge").inner_text().strip()
    texts = page.locator(".sc-card__summary").evaluate_all("els => els.map(e => getComputedStyle(e).textAlign)")
    assert texts and set(texts) <= {"left", "start"}
    page.close()


def test_short_record_pages_have_no_contents_column(browser, served_site):
    """A table of contents only from three headings on; without one, no empty column."""
    page = _open(browser, served_site + "organizations/tianchang-tuanshiwei/", 1366, 900)
    assert page.locator(".md-sidebar--secondary").evaluate_all("els => els.filter(e => e.offsetWidth > 0 && getComputedStyle(e).display !== 'none').length") == 0
    content = page.locator(".md-content").bounding_box()
    assert content["width"] > 900
    page.goto(served_site + "programs/panjin-guanai-xingdong/", wait_until="networkidle")
    assert page.locator(".md-sidebar--secondary .md-nav__link").count() >= 3
    page.close()
