"""End to end: the sample site builds with --strict and its pages hold what visitors need."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

import pytest

from conftest import CORPUS, ROOT, make_project, mkdocs_build
from showcase.content import load_content
from showcase.plan import make_plan
from showcase.siteinfo import SiteInfo

SECTIONS = {"", "programs/", "achievements/", "stories/", "organizations/", "tags/"}


class Links(HTMLParser):
    """Collects resource URLs (what a browser fetches) and anchors, and the nav's links."""

    def __init__(self):
        super().__init__()
        self.resources: list[str] = []
        self.anchors: list[str] = []
        self.nav: list[str] = []
        self._nav_depth = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "nav" and "md-nav" in (a.get("class") or "") or self._nav_depth:
            self._nav_depth += tag == "nav"
        if tag in ("script", "img", "source", "iframe", "video", "audio") and a.get("src"):
            self.resources.append(a["src"])
        if tag == "img" and a.get("srcset"):
            self.resources += [part.split()[0] for part in a["srcset"].split(",")]
        if tag == "link" and a.get("href") and a.get("rel") not in ("canonical", "alternate"):
            self.resources.append(a["href"])
        if tag == "a" and a.get("href"):
            self.anchors.append(a["href"])
            if self._nav_depth:
                self.nav.append(a["href"])

    def handle_endtag(self, tag):
        if tag == "nav" and self._nav_depth:
            self._nav_depth -= 1


def parse(path: Path) -> Links:
    links = Links()
    links.feed(path.read_text("utf-8"))
    return links


def page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text("utf-8")


@pytest.fixture(scope="session")
def sample():
    return load_content(ROOT, ROOT / "content")


def test_sample_content_is_valid_and_large_enough(sample):
    assert sample.problems == []
    assert len(sample.site.organizations) >= 5
    assert len(sample.site.programs) >= 12
    assert len(sample.site.achievements) >= 10
    assert len(sample.site.stories) >= 6


def test_every_planned_page_exists(built_site, sample):
    urls = [entry.url for entry in sample.site.entries()] + [p.url for p in make_plan(sample.site, None, SiteInfo.of(None, "站", "")).pages]
    missing = [url for url in urls if not (built_site / url / "index.html").is_file()]
    assert missing == []
    for url in ("programs/category/care/", "programs/status/active/", "programs/region/辽宁省/盘锦市/", "achievements/", "stories/", "tags/"):
        assert (built_site / url / "index.html").is_file(), url


def test_records_are_not_in_the_navigation(built_site, sample):
    for entry in sample.site.entries()[:20]:
        nav = {h for h in parse(built_site / entry.url / "index.html").nav if "://" not in h and not h.startswith("#")}
        targets = {urlparse(href).path for href in nav}
        resolved = {_resolve(entry.url, t) for t in targets}
        assert resolved <= SECTIONS, f"{entry.url} nav lists {sorted(resolved - SECTIONS)}"


def _resolve(base: str, href: str) -> str:
    parts = [p for p in base.split("/") if p]
    for piece in href.split("/"):
        if piece == "..":
            parts.pop()
        elif piece and piece != ".":
            parts.append(piece)
    return "/".join(parts) + "/" if parts else ""


def test_no_page_loads_anything_from_another_host(built_site):
    # /admin/ is the staff's editor, not a public page: it loads Decap from the address in mkdocs.yml
    pages = [p for p in built_site.rglob("*.html") if "admin" not in p.relative_to(built_site).parts]
    assert len(pages) > 60
    for html in pages:
        foreign = [url for url in parse(html).resources if urlparse(url).netloc]
        assert foreign == [], f"{html.relative_to(built_site)} loads {foreign}"
    for css in built_site.rglob("*.css"):
        assert not re.search(r"@import\s+url\(\s*['\"]?https?:", css.read_text("utf-8")), css


def test_programme_page_shows_its_record(built_site):
    html = page(built_site, "programs/panjin-guanai-xingdong")
    assert ">盘锦“关爱行动”</h1>" in html
    assert "4,126" in html and "农民工子女" in html  # a key figure card
    assert 'href="../../organizations/panjin-tuanshiwei/"' in html
    assert "媒体报道" in html and "网易财经" in html  # press coverage with publisher
    assert 'href="../../achievements/panjin-nongmingong-zinv-quanbu-jiedui/"' in html  # linked back
    assert re.search(r'<img src="[^"]+\.jpg" srcset="[^"]+ 480w', html) and 'class="sc-cover"' in html
    assert 'lang="zh' in html


def test_listings_and_timeline(built_site, sample):
    programs = page(built_site, "programs")
    assert programs.count('class="sc-card"') == len(sample.site.programs)
    care = page(built_site, "programs/category/care")
    expected = [p for p in sample.site.programs if p.record.category == "关爱帮扶"]
    assert care.count('class="sc-card"') == len(expected)
    timeline = page(built_site, "achievements")
    years = [int(y) for y in re.findall(r'<h2 class="sc-year__marker" id="y(\d{4})">', timeline)]
    assert years == sorted(years, reverse=True) and len(years) >= 3
    home = page(built_site, "")
    assert "品牌项目" in home and "志愿者故事" in home and "sc-headline" in home and 'class="sc-hero' in home


def _project_with(tmp_path: Path, title: str, draft: bool = False) -> Path:
    root = make_project(tmp_path / "project", CORPUS / "_base" / "content")
    folder = root / "content/programs/extra"
    folder.mkdir()
    (folder / "index.md").write_text(
        "---\n"
        f"title: '{title}'\n"
        "organization: demo-org\ncategory: 志愿服务\nsummary: 测试用的项目。\n"
        f"draft: {'true' if draft else 'false'}\n"
        "---\n正文。\n",
        "utf-8",
    )
    return root


def test_html_in_a_title_shows_as_text(tmp_path):
    root = _project_with(tmp_path, "<script>alert(1)</script>")
    site = tmp_path / "site"
    result = mkdocs_build(root, site)
    assert result.returncode == 0, result.stderr
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt;"
    for url in ("programs/extra", "programs", "organizations/demo-org", ""):
        assert escaped in page(site, url), url
    for html in site.rglob("*.html"):
        assert "<script>alert(1)" not in html.read_text("utf-8"), html


def test_a_draft_appears_nowhere(tmp_path):
    root = _project_with(tmp_path, "秘密草稿项目", draft=True)
    site = tmp_path / "site"
    assert mkdocs_build(root, site).returncode == 0
    assert not (site / "programs/extra").exists()
    for path in site.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".json"):
            assert "秘密草稿项目" not in path.read_text("utf-8", errors="replace"), path


def test_strict_build_fails_on_content_errors_and_plain_build_keeps_going(tmp_path):
    root = make_project(tmp_path / "project", CORPUS / "_base" / "content", CORPUS / "units" / "content")
    strict = mkdocs_build(root, tmp_path / "strict")
    assert strict.returncode == 1
    assert "content/achievements/unit-kind.md:8: metrics[0].kind: 单位「人」与类别 service_hours 不符" in strict.stderr
    preview = mkdocs_build(root, tmp_path / "preview", strict=False)
    assert preview.returncode == 0
    assert "WARNING" in preview.stderr and "unit-kind.md:8" in preview.stderr
    assert (tmp_path / "preview/programs/demo-program/index.html").is_file()
    assert not (tmp_path / "preview/achievements/unit-kind").exists()


def test_footer_shows_only_the_filing_numbers_configured(tmp_path, built_site):
    """The sample configures both filing numbers (obvious sample values); a site that sets
    neither shows neither, and the footer never names the tool that built it."""
    sample = (built_site / "index.html").read_text("utf-8")
    assert 'href="https://beian.miit.gov.cn/"' in sample and "示ICP备00000000号-1" in sample
    assert 'href="https://beian.mps.gov.cn/#/query/webSearch?code=00000000000000"' in sample
    root = make_project(tmp_path / "project", CORPUS / "_base" / "content")
    config = root / "mkdocs.yml"
    config.write_text("".join(line for line in config.read_text("utf-8").splitlines(keepends=True)
                              if not line.strip().startswith(("icp:", "police_record:", "organizer:"))), "utf-8")
    result = mkdocs_build(root, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    for path in ("index.html", "programs/demo-program/index.html", "404.html"):
        html = (tmp_path / "site" / path).read_text("utf-8")
        footer = html[html.index('<footer class="md-footer sc-footer">'):]
        assert "beian" not in footer and "备" not in footer
        assert "Material for MkDocs" not in html and "Made with" not in html
        assert "青春品牌项目展示" in footer  # without an organizer, the site's name
