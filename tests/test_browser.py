"""The built site in a real browser: pages render in Chinese and fetch nothing from another host."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

pytestmark = pytest.mark.browser

PAGES = ["", "programs/", "programs/panjin-guanai-xingdong/", "achievements/", "stories/", "organizations/panjin-tuanshiwei/"]


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


def test_escaped_title_is_text_not_markup(browser, served_site):
    page = browser.new_page()
    page.goto(served_site + "programs/panjin-guanai-xingdong/")
    assert page.locator("h1").first.inner_text() == "盘锦“关爱行动”"
    assert page.title().startswith("盘锦“关爱行动”")
    page.close()
