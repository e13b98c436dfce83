"""A large site's search index in parts (pagefind.SearchIndex, option ``search_part_pages``):
the parts are merged in the browser and find what one index finds; an edit indexes only
its part again, and the result is what a cold build writes."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import BIN, ROOT, make_project, tree_differences
from showcase.pagefind import SearchIndex
from test_incremental import ENV, build, cold_twin, edit_front
from test_search import QUERIES, _header_results

#: The sample's 49 records in parts of at most 25: two parts.
PART_PAGES = 25
INDEXED = re.compile(r"Pagefind: (\d+) pages indexed")


def parted_project(tmp: Path) -> Path:
    project = make_project(tmp, ROOT / "content")
    config = project / "mkdocs.yml"
    text = config.read_text("utf-8")
    assert "  - showcase:\n" in text
    config.write_text(text.replace("  - showcase:\n", f"  - showcase:\n      search_part_pages: {PART_PAGES}\n", 1), "utf-8")
    return project


@pytest.fixture(scope="module")
def parted(tmp_path_factory):
    project = parted_project(tmp_path_factory.mktemp("parts") / "project")
    site = project.parent / "site"
    build(project, site)
    return project, site


def test_parts_are_fixed_by_path_and_sized_by_the_option():
    assert SearchIndex.parts_for(49, 20) == 3 and SearchIndex.parts_for(49, 25) == 2 and SearchIndex.parts_for(20, 20) == 1
    assert SearchIndex.parts_for(100_000, 0) == 1, "0 keeps one index"
    index = SearchIndex.__new__(SearchIndex)
    index.parts = 3
    paths = [f"programs/p{i}/index.html" for i in range(300)]
    first = [index.part_of(path) for path in paths]
    assert first == [index.part_of(path) for path in paths]
    assert set(first) == {0, 1, 2} and min(first.count(k) for k in range(3)) > 60


def test_every_part_is_published_and_named_on_every_page(parted):
    _, site = parted
    bundles = ["pagefind/", "pagefind/part-1/"]
    for bundle in bundles:
        assert (site / bundle / "pagefind-entry.json").is_file(), bundle
    assert not (site / "pagefind/part-2").exists()
    for page in ("index.html", "programs/panjin-guanai-xingdong/index.html", "search/index.html"):
        html = (site / page).read_text("utf-8")
        named = re.search(r'data-pagefind-parts="([^"]*)"', html)
        assert named, page
        depth = page.count("/")
        assert named.group(1).split() == ["../" * depth + b for b in bundles[1:]], page


@pytest.mark.browser
def test_parts_merged_in_the_browser_find_what_one_index_finds(browser, parted):
    from browser import serve_site

    _, site = parted
    with serve_site(site) as base:
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        page.goto(base + "programs/", wait_until="networkidle")
        missed = [(query, expected, results[:3]) for query, expected in QUERIES
                  if expected not in (results := [r.removeprefix("/") for r in _header_results(page, query)])[:3]]
        parts = page.evaluate("() => performance.getEntriesByType('resource').map(e => e.name).filter(n => n.includes('/part-'))")
        page.close()
    assert missed == []
    assert any("/pagefind/part-1/" in name for name in parts), "the browser loads the other part"


def test_an_edit_indexes_its_part_again_and_matches_a_cold_build(tmp_path):
    project = parted_project(tmp_path / "project")
    build(project, tmp_path / "site-1")
    program = project / "content" / "programs" / "panjin-guanai-xingdong" / "index.md"
    edit_front(program, summary="分块索引测试：只重建这个项目所在的一块。")
    shutil.rmtree(tmp_path / "site-2", ignore_errors=True)
    result = subprocess.run([str(BIN / "mkdocs"), "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(tmp_path / "site-2")],
                            capture_output=True, text=True, env=ENV)
    assert result.returncode == 0, result.stderr[-3000:]
    indexed = INDEXED.search(result.stderr)
    assert indexed and 0 < int(indexed.group(1)) <= 35, result.stderr[-1000:]  # one part of about 25
    assert tree_differences(tmp_path / "site-2", cold_twin(project, tmp_path)) == []


def test_showcase_build_indexes_the_parts_after_mkdocs_and_matches_mkdocs_build(parted, tmp_path):
    """``showcase build`` leaves a large site's index to itself, after MkDocs has exited (the
    build's memory and Pagefind's never add up); the site is the one ``mkdocs build`` writes."""
    _, site = parted
    project = parted_project(tmp_path / "project")
    result = subprocess.run([str(BIN / "showcase"), "build", "--root", str(project), "--site-dir", str(tmp_path / "site")],
                            capture_output=True, text=True, env=ENV)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "在本次构建结束后建立" in result.stderr, "MkDocs' process handed the index over"
    handed = result.stderr.index("在本次构建结束后建立")
    indexed = INDEXED.search(result.stderr)
    assert indexed and indexed.start() > handed and int(indexed.group(1)) == 49, result.stderr[-1500:]
    assert tree_differences(tmp_path / "site", site) == []
    assert not list(tmp_path.glob("*.search.json")), "the handover file is removed"


def test_a_failed_index_leaves_the_site_as_it_was(tmp_path):
    project = parted_project(tmp_path / "project")
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("old", "utf-8")
    broken = tmp_path / "bin"
    broken.mkdir()
    (broken / "pagefind").mkdir()  # a package of that name that cannot run: Pagefind fails
    (broken / "pagefind" / "__init__.py").write_text("", "utf-8")
    (broken / "pagefind" / "__main__.py").write_text("raise SystemExit('pagefind is broken')\n", "utf-8")
    env = {**ENV, "PYTHONPATH": str(broken)}
    result = subprocess.run([str(BIN / "showcase"), "build", "--root", str(project), "--site-dir", str(site)],
                            capture_output=True, text=True, env=env)
    assert result.returncode == 1
    assert "搜索索引建立失败" in result.stderr and "pagefind is broken" in result.stderr, result.stderr[-1500:]
    assert (site / "index.html").read_text("utf-8") == "old"
    assert "Traceback" not in result.stderr
