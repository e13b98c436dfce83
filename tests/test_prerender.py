"""Pages written into a frame rendered once (shell.py, mkdocs_prerender.py) and the
search index built beside the build (search.SearchIndex)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import BIN, ROOT, mkdocs_build, tree_differences
from showcase.shell import Shell, slot

SITE_URL = "https://example.org/showcase/"


def test_shell_fills_every_slot_and_refuses_an_altered_one():
    frame = Shell(f"<title>{slot('TITLE')} - 站</title><main>{slot('CONTENT')}</main><h1>{slot('TITLE')}</h1>")
    assert frame.fill({"TITLE": "关爱", "CONTENT": "<p>正文</p>"}) == "<title>关爱 - 站</title><main><p>正文</p></main><h1>关爱</h1>"
    assert frame.slots == {"TITLE", "CONTENT"}
    with pytest.raises(ValueError):
        Shell(slot("TITLE").lower().replace("showcaseslot", "ShowcaseSlot", 1) + "x")
    with pytest.raises(KeyError):
        slot("NOT_A_SLOT")


def test_no_slot_is_left_in_any_page(built_site):
    for page in built_site.rglob("*.html"):
        assert "ShowcaseSlot" not in page.read_text("utf-8"), page


def test_record_page_has_its_own_head_toc_and_skip_link(built_site):
    html = (built_site / "programs/panjin-guanai-xingdong/index.html").read_text("utf-8")
    assert "<title>盘锦“关爱行动” - 青春品牌项目展示</title>" in html
    assert f'<link rel="canonical" href="{SITE_URL}programs/panjin-guanai-xingdong/">' in html
    assert re.search(r'<meta name="description" content="团盘锦市委为全市 40 所农民工子女集中学校', html)
    skip = re.search(r'<a href="#([^"]+)" class="md-skip">', html)
    assert skip and f'id="{skip.group(1)}"' in html, "the skip link must lead to the first heading"
    toc = re.search(r'<nav class="md-nav md-nav--secondary"[^>]*>(.*?)</nav>', html, re.S)
    assert toc and f'href="#{skip.group(1)}"' in toc.group(1), "the table of contents lists the body's headings"
    assert html.count('property="og:title"') == 1 and html.count("application/ld+json") >= 1


def test_sitemap_lists_pages_rendered_by_either(built_site):
    sitemap = (built_site / "sitemap.xml").read_text("utf-8")
    for url in ("programs/panjin-guanai-xingdong/", "programs/", "tags/", "search/"):
        assert f"<loc>{SITE_URL}{url}</loc>" in sitemap


@pytest.fixture(scope="module")
def large_project(tmp_path_factory) -> Path:
    """A synthetic project large enough for rendering in several processes (≥ 200 pages)."""
    project = tmp_path_factory.mktemp("large") / "project"
    subprocess.run([str(BIN / "showcase"), "synth", str(project), "--records", "240", "--photos", "0", "--root", str(ROOT)],
                   check=True, capture_output=True, text=True)
    return project


def _with_workers(project: Path, workers: int) -> None:
    config_path = project / "mkdocs.yml"
    config = yaml.safe_load(config_path.read_text("utf-8"))
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "showcase" in plugin:
            plugin["showcase"]["render_workers"] = workers
    config_path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), "utf-8")


def test_pages_rendered_in_two_processes_equal_those_rendered_in_one(large_project, tmp_path):
    _with_workers(large_project, 1)
    one = mkdocs_build(large_project, tmp_path / "one")
    assert one.returncode == 0, one.stderr
    _with_workers(large_project, 2)
    two = mkdocs_build(large_project, tmp_path / "two")
    assert two.returncode == 0, two.stderr
    assert len(list((tmp_path / "two").rglob("index.html"))) > 240
    assert tree_differences(tmp_path / "one", tmp_path / "two") == []


def test_a_warning_in_a_rendering_process_fails_a_strict_build(large_project, tmp_path):
    """Records are dealt to the processes in turn, so two neighbours land in different ones."""
    _with_workers(large_project, 2)
    edited = []
    for name in ("program-00001", "program-00002"):
        path = large_project / "content/programs" / name / "index.md"
        edited.append((path, path.read_text("utf-8")))
        path.write_text(edited[-1][1] + f"\n[另见](../../programs/missing-{name}.md)\n", "utf-8")
    try:
        result = mkdocs_build(large_project, tmp_path / "site")
    finally:
        for path, text in edited:
            path.write_text(text, "utf-8")
    assert result.returncode != 0
    for name in ("program-00001", "program-00002"):
        assert f"missing-{name}.md" in result.stderr


def test_search_index_is_reused_when_no_article_changed_and_forgets_deleted_records(large_project, tmp_path):
    _with_workers(large_project, 2)
    first = mkdocs_build(large_project, tmp_path / "a")
    assert first.returncode == 0, first.stderr
    stamp = large_project / ".cache/search/indexed.json"
    before = stamp.stat().st_mtime_ns
    again = mkdocs_build(large_project, tmp_path / "b")
    assert again.returncode == 0, again.stderr
    assert stamp.stat().st_mtime_ns == before, "nothing changed: Pagefind must not run again"
    assert tree_differences(tmp_path / "a" / "pagefind", tmp_path / "b" / "pagefind") == []

    story = sorted((large_project / "content/stories").glob("*.md"))[0]
    saved = story.read_text("utf-8")
    story.unlink()
    try:
        result = mkdocs_build(large_project, tmp_path / "c")
    finally:
        story.write_text(saved, "utf-8")
    assert result.returncode == 0, result.stderr
    slug = story.stem
    assert (large_project / ".cache/search/input/stories").is_dir()
    assert not (large_project / f".cache/search/input/stories/{slug}/index.html").exists()
    indexed = re.search(r"Pagefind: (\d+) pages indexed", result.stderr)
    pages = len(list((tmp_path / "c").glob("*/*/index.html")))
    records = len([p for p in (tmp_path / "c").glob("*/*/index.html") if p.parts[-3] in ("programs", "achievements", "stories", "organizations")])
    assert indexed and int(indexed.group(1)) == records < pages
    assert stamp.stat().st_mtime_ns != before
