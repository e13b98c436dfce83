"""The built site in a real browser: pages render in Chinese and fetch nothing from another host."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

pytestmark = pytest.mark.browser

PAGES = ["", "programs/", "programs/panjin-guanai-xingdong/", "achievements/", "stories/", "organizations/panjin-tuanshiwei/",
         "figures/", "figures/organizations/panjin-tuanshiwei/"]


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("viewport", [(390, 844), (1366, 768)], ids=["phone", "desktop"])
def test_page_renders_from_its_own_origin(browser, served_site, path, viewport):
    origin = urlparse(served_site).netloc
    page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    response = page.goto(served_site + path, wait_until="networkidle")
    assert response.status == 200
    assert page.locator("h1").first.inner_text().strip()
    foreign = [url for url in requested if urlparse(url).scheme in ("http", "https") and urlparse(url).netloc != origin]
    assert foreign == []
    assert errors == []
    # No horizontal scrolling on a phone: content fits the viewport.
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport[0] + 1
    page.close()


HOSTILE = '<img src=x onerror="window.__xss=1">关爱<script>window.__xss=2</script>'


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    """A programme and a story whose titles, summaries and bodies carry markup that would run."""
    from browser import serve_site
    from conftest import CORPUS, make_project, mkdocs_build

    root = make_project(tmp_path_factory.mktemp("hostile") / "project", CORPUS / "_base" / "content")
    record = root / "content/programs/demo-program/index.md"
    text = record.read_text("utf-8").replace("title: 示例项目", f"title: '{HOSTILE}'").replace(
        "summary: 一个用于测试的示例项目。", f"summary: '{HOSTILE}'")
    record.write_text(text + f"\n{HOSTILE}\n\n<details ontoggle=\"window.__xss=3\" open>x</details>\n\n[点我](javascript:window.__xss=4)\n", "utf-8")
    (root / "content/stories").mkdir()
    (root / "content/stories/hostile.md").write_text(f"---\ntitle: '{HOSTILE}'\ndate: 2024-01-02\nprograms: [demo-program]\n---\n{HOSTILE}\n", "utf-8")
    site = root.parent / "site"
    result = mkdocs_build(root, site)
    assert result.returncode == 0, result.stderr
    with serve_site(site) as base:
        yield base


@pytest.mark.parametrize("path", ["programs/demo-program/", "stories/hostile/", "", "programs/", "stories/"])
def test_markup_in_content_is_shown_as_text_and_never_runs(browser, hostile_site, path):
    page = browser.new_page()
    page.goto(hostile_site + path, wait_until="networkidle")
    if path.endswith("/demo-program/") or path.endswith("/hostile/"):
        assert page.locator("h1").first.inner_text() == HOSTILE
        assert page.title().startswith(HOSTILE)
    else:
        assert HOSTILE in page.locator("article, .md-content").first.inner_text()
    for link in page.locator("a").all():
        if link.is_visible() and (link.get_attribute("href") or "").startswith("javascript:"):
            raise AssertionError("a javascript: link was published")
    page.wait_for_timeout(200)
    assert page.evaluate("window.__xss") is None
    page.close()


def test_gallery_lightbox_works_with_the_keyboard(browser, served_site, tmp_path_factory):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(served_site + "programs/panjin-guanai-xingdong/", wait_until="networkidle")
    links = page.locator("a.sc-gallery__link")
    assert links.count() >= 2
    links.first.focus()
    page.keyboard.press("Enter")
    dialog = page.locator("dialog.sc-lightbox")
    assert dialog.evaluate("d => d.open")
    image = dialog.locator("img")
    first = image.get_attribute("src")
    assert first.endswith(".webp") and image.evaluate("i => i.complete && i.naturalWidth > 0")
    assert "exif-samples contributors" in dialog.locator("figcaption").inner_text()
    page.keyboard.press("ArrowRight")
    assert image.get_attribute("src") != first
    shots = tmp_path_factory.getbasetemp() / "screenshots"
    shots.mkdir(exist_ok=True)
    page.screenshot(path=str(shots / "lightbox-phone.png"))
    page.keyboard.press("Escape")
    assert not dialog.evaluate("d => d.open")
    assert page.evaluate("document.activeElement.classList.contains('sc-gallery__link')")
    page.close()


def test_photos_are_upright_and_sized_before_they_load(browser, served_site):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    page.goto(served_site + "stories/panjin-qicai-ketang/", wait_until="networkidle")
    body_image = page.locator(".sc-body picture img")
    box = body_image.bounding_box()
    assert box["width"] > box["height"]  # the sideways original (orientation 6) shows as landscape
    for img in page.locator("picture img").all():
        assert img.get_attribute("width") and img.get_attribute("height")
    # the phone picks a small variant, not the 1600 px one
    current = page.evaluate("[...document.querySelectorAll('picture img')].map(i => i.currentSrc)")
    assert current and all(".1600." not in src for src in current)
    page.close()


SHOTS = {
    "home": "",
    "programmes": "programs/",
    "category": "programs/category/care/",
    "region": "programs/region/辽宁省/盘锦市/",
    "programme": "programs/panjin-guanai-xingdong/",
    "programme-no-photo": "programs/zixi-fazhi-jiaoyu/",
    "story": "stories/panjin-qicai-ketang/",
    "stories": "stories/",
    "timeline": "achievements/",
    "achievement": "achievements/panjin-guanai-xingdong-xuanchuan/",
    "organization": "organizations/tianchang-tuanshiwei/",
    "organizations": "organizations/",
    "tags": "tags/",
    "search": "search/?q=关爱",
    "404": "404.html",
}
#: Light, dark, and 长辈模式 (large text) as a visitor turns it on.
SCREENSHOT_MODES = {"light": ("light", False), "dark": ("dark", False), "elder": ("light", True)}


@pytest.mark.parametrize("mode", list(SCREENSHOT_MODES))
@pytest.mark.parametrize("viewport", [(390, 844), (1366, 768)], ids=["phone", "desktop"])
def test_screenshots_of_every_page_type(browser, served_site, site_at_its_path, viewport, mode):
    """Screenshots for people to look at, in test-output/screenshots/ (CI keeps them as artifacts):
    every page type at phone and desktop width, light, dark and in 长辈模式."""
    from conftest import ROOT

    out = ROOT / "test-output" / "screenshots"
    out.mkdir(parents=True, exist_ok=True)
    scheme, elder = SCREENSHOT_MODES[mode]
    page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]}, color_scheme=scheme)
    if elder:
        page.add_init_script("localStorage.setItem('sc-elder', '1')")
    for name, path in SHOTS.items():
        page.goto((site_at_its_path if name == "404" else served_site) + path, wait_until="networkidle")
        if name == "search":
            page.wait_for_selector("[data-sc-results] .sc-hit")
        page.evaluate("document.querySelectorAll('img[loading=lazy]').forEach(i => i.loading = 'eager')")
        page.wait_for_load_state("networkidle")
        page.screenshot(path=str(out / f"{name}-{viewport[0]}-{mode}.png"), full_page=True)
    page.goto(served_site, wait_until="networkidle")
    assert page.locator(".sc-headline").count() == 4
    chart = page.locator("figure.sc-chart table").first
    assert chart.is_visible() and chart.bounding_box()["width"] > 250
    page.close()
