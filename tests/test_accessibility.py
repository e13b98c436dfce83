"""What the public meets: accessible in both palettes, usable by keyboard, light on a phone."""

from __future__ import annotations

import gzip
import json
import os
import shutil
import statistics
import subprocess
from pathlib import Path
from urllib.parse import urlparse

import pytest

from conftest import npm_package

pytestmark = pytest.mark.browser

PAGES = {
    "home": "",
    "programmes": "programs/",
    "category": "programs/category/care/",
    "programme": "programs/panjin-guanai-xingdong/",
    "story": "stories/panjin-qicai-ketang/",
    "timeline": "achievements/",
    "organization": "organizations/tianchang-tuanshiwei/",
    "search": "search/?q=关爱",
    "breakdown": "figures/",
    "figures guide": "guide/figures/",
    "stories": "stories/",
    "organizations": "organizations/",
    "tags": "tags/",
}
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


@pytest.fixture(scope="module")
def axe_source() -> str:
    return (npm_package("axe-core@4.14.1") / "axe.min.js").read_text("utf-8")


#: Light and dark palettes, each also in 长辈模式 (large text, higher contrast), as a visitor sets it.
MODES = {"light": ("light", False), "dark": ("dark", False), "elder-light": ("light", True), "elder-dark": ("dark", True)}


@pytest.mark.parametrize("mode", list(MODES))
@pytest.mark.parametrize("name", list(PAGES))
def test_no_serious_accessibility_violations(browser, served_site, axe_source, name, mode):
    scheme, elder = MODES[mode]
    page = browser.new_page(color_scheme=scheme, viewport={"width": 1366, "height": 900})
    if elder:
        page.add_init_script("localStorage.setItem('sc-elder', '1')")
    page.goto(served_site + PAGES[name], wait_until="networkidle")
    assert page.evaluate("document.documentElement.hasAttribute('data-sc-elder')") == elder
    page.add_script_tag(content=axe_source)
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} → {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    page.close()
    assert serious == []


def test_keyboard_reaches_search_filters_and_lightbox(browser, served_site):
    page = browser.new_page(viewport={"width": 1366, "height": 900})
    page.goto(served_site + "search/?q=关爱", wait_until="networkidle")
    page.wait_for_selector("[data-filter] input")
    reached = set()
    for _ in range(80):
        page.keyboard.press("Tab")
        info = page.evaluate(
            "() => { const e = document.activeElement; const s = getComputedStyle(e);"
            " return {id: e.id, type: e.type || '', cls: e.className || '', outline: s.outlineStyle !== 'none' || s.boxShadow !== 'none'}; }"
        )
        if info["id"] == "sc-search-input":
            reached.add("search")
        if info["type"] == "checkbox":
            reached.add("filter")
            assert info["outline"], "focus must be visible on a filter"
    assert {"search", "filter"} <= reached
    page.keyboard.press("Space")  # a filter chosen with the keyboard applies
    page.wait_for_function("() => location.search.includes('=')")
    page.goto(served_site + "programs/panjin-guanai-xingdong/", wait_until="networkidle")
    for _ in range(120):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.classList.contains('sc-gallery__link')"):
            break
    else:
        pytest.fail("the gallery cannot be reached with Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    assert page.evaluate("document.querySelector('dialog.sc-lightbox').open")
    page.keyboard.press("Escape")
    assert not page.evaluate("document.querySelector('dialog.sc-lightbox').open")
    page.close()


def _transfer(page_url: str, browser) -> dict[str, int | list]:
    page = browser.new_page(**PHONE)
    sizes: dict[str, list[tuple[str, int]]] = {"document": [], "stylesheet": [], "script": [], "image": [], "other": []}

    def record(response):
        kind = response.request.resource_type
        body = response.body() if response.status == 200 else b""
        sizes.setdefault(kind, []).append((response.url, len(body), len(gzip.compress(body, 6))))

    page.on("response", record)
    page.goto(page_url, wait_until="networkidle")
    page.mouse.wheel(0, 20000)  # scroll to the end: lazy photos load too
    page.wait_for_timeout(800)
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_load_state("networkidle")
    shift = page.evaluate(
        "() => new Promise(done => { let total = 0; new PerformanceObserver(list => {"
        " for (const e of list.getEntries()) if (!e.hadRecentInput) total += e.value; })"
        ".observe({type: 'layout-shift', buffered: true}); setTimeout(() => done(total), 300); })"
    )
    page.close()
    return {"sizes": sizes, "cls": shift}


@pytest.mark.parametrize("path", ["programs/panjin-guanai-xingdong/", ""], ids=["programme", "home"])
def test_page_is_light_on_a_phone(browser, served_site, path):
    found = _transfer(served_site + path, browser)
    sizes = found["sizes"]
    code = sum(gz for kind in ("document", "stylesheet", "script") for _, _, gz in sizes[kind])
    assert code <= 150 * 1024, f"HTML+CSS+JS {code // 1024} KB gzipped"
    images = sizes["image"]
    assert images, "the page shows photos"
    largest = max(images, key=lambda item: item[1])
    assert largest[1] <= 150 * 1024, f"largest image {largest[0]} is {largest[1] // 1024} KB"
    assert all(urlparse(url).path.endswith((".webp", ".svg", ".png")) or "data:" in url for url, _, _ in images)
    assert found["cls"] < 0.01, f"layout shift {found['cls']}"


@pytest.mark.parametrize("name", list(PAGES))
def test_no_layout_shift_from_images(browser, served_site, name):
    assert _transfer(served_site + PAGES[name], browser)["cls"] < 0.02


LIGHTHOUSE = "lighthouse@12.8.2"


@pytest.fixture(scope="module")
def lighthouse() -> Path:
    """Lighthouse from the npm registry, installed once into .cache/ (it drives Debian's Chromium)."""
    from conftest import ROOT

    prefix = ROOT / ".cache" / "npm-tools"
    binary = prefix / "node_modules" / ".bin" / "lighthouse"
    if not binary.exists():
        if not shutil.which("npm"):
            pytest.skip("npm is not installed: it fetches Lighthouse from the npm registry")
        prefix.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--prefix", str(prefix), "--no-audit", "--no-fund", "--silent", LIGHTHOUSE],
                       check=True, capture_output=True, timeout=600)
    return binary


@pytest.mark.parametrize("path", ["programs/panjin-guanai-xingdong/", ""], ids=["programme", "home"])
def test_lighthouse(lighthouse, served_site, tmp_path, path):
    """Mobile emulation (Lighthouse's default): performance ≥ 90, accessibility ≥ 95.
    Lighthouse's scores vary from run to run, so the median of three runs counts."""
    from browser import CHROMIUM_ARGS, chromium_path

    runs = []
    for attempt in range(3):
        report = tmp_path / f"report-{attempt}.json"
        subprocess.run(
            [str(lighthouse), served_site + path, "--quiet",
             "--only-categories=performance,accessibility", "--output=json", f"--output-path={report}",
             "--chrome-flags=--headless=new " + " ".join(CHROMIUM_ARGS)],
            env={**os.environ, "CHROME_PATH": chromium_path()}, check=True, capture_output=True, timeout=300,
        )
        categories = json.loads(report.read_text("utf-8"))["categories"]
        runs.append((categories["performance"]["score"], categories["accessibility"]["score"]))
    performance = statistics.median(score for score, _ in runs)
    accessibility = statistics.median(score for _, score in runs)
    assert performance >= 0.90, runs
    assert accessibility >= 0.95, runs
