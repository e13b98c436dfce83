"""Incremental builds: after an edit only the pages that show the edited record are
rendered, the rest are reused from the previous build, and the result is byte for byte
what a cold build of the same content writes."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from conftest import BIN, ROOT, make_project, tree_differences
from showcase.pagestore import MANIFEST

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}
COUNTS = re.compile(r"showcase: (\d+) pages rendered, (\d+) reused")


def build(project: Path, site: Path) -> tuple[int, int]:
    """A strict build into ``site``; the pages it rendered and reused."""
    shutil.rmtree(site, ignore_errors=True)
    result = subprocess.run([str(BIN / "mkdocs"), "build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(site)],
                            capture_output=True, text=True, env=ENV)
    assert result.returncode == 0, result.stderr[-3000:]
    found = COUNTS.search(result.stderr)
    assert found, result.stderr[-2000:]
    return int(found.group(1)), int(found.group(2))


def edit_front(path: Path, **changes) -> None:
    _, front, body = path.read_text("utf-8").split("---\n", 2)
    data = yaml.safe_load(front)
    data.update(changes)
    path.write_text(f"---\n{yaml.safe_dump(data, allow_unicode=True, sort_keys=False)}---\n{body}", "utf-8")


def cold_twin(project: Path, tmp: Path) -> Path:
    """A copy of ``project`` without its cache, built from nothing."""
    twin = tmp / "cold"
    shutil.copytree(project, twin, ignore=shutil.ignore_patterns(".cache"))
    build(twin, tmp / "site-cold")
    return tmp / "site-cold"


def stored_dependents(project: Path, src_uri: str) -> set[str]:
    import json

    pages = json.loads((project / ".cache" / "pages" / MANIFEST).read_text("utf-8"))["pages"]
    return {path for path, stored in pages.items() if src_uri in stored["deps"]}


def test_one_edit_rebuilds_only_its_pages_and_matches_a_cold_build(tmp_path):
    """The sample site (photos, body images, links to anchors): one programme's summary and
    one story's body are edited; the rebuild equals a cold build of the edited content."""
    project = make_project(tmp_path / "project", ROOT / "content")
    first_rendered, first_reused = build(project, tmp_path / "site-1")
    assert first_reused == 0 and first_rendered > 50
    program = project / "content" / "programs" / "panjin-guanai-xingdong" / "index.md"
    shows_program = stored_dependents(project, "programs/panjin-guanai-xingdong/index.md")
    assert "programs/panjin-guanai-xingdong/index.html" in shows_program
    assert "programs/category/care/index.html" in shows_program, "its category listing shows it"
    edit_front(program, summary="增量构建测试：只重建展示这个项目的页面。")
    story = next((project / "content" / "stories").glob("*.md"))
    story.write_text(story.read_text("utf-8") + "\n增量构建测试补充的一段正文。\n", "utf-8")
    # a photo shown in a body is replaced by one of another size, under the same name
    from PIL import Image

    photo = project / "content" / "stories" / "panjin-qicai-ketang" / "waterfall.jpg"
    with Image.open(photo) as image:
        image.convert("RGB").resize((image.width // 2, image.height // 3)).save(photo, quality=85)

    rendered, reused = build(project, tmp_path / "site-2")
    assert reused > 0 and rendered < first_rendered / 2, (rendered, reused)
    assert rendered >= len(shows_program), "every page that shows the edited programme is rendered again"
    assert "增量构建测试" in (tmp_path / "site-2" / "programs" / "panjin-guanai-xingdong" / "index.html").read_text("utf-8")
    assert tree_differences(tmp_path / "site-2", cold_twin(project, tmp_path)) == []


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Path:
    """240 synthetic records, rendered in two processes (the forked path)."""
    project = tmp_path_factory.mktemp("incremental") / "project"
    subprocess.run([str(BIN / "showcase"), "synth", str(project), "--records", "240", "--root", str(ROOT)],
                   check=True, capture_output=True, text=True)
    config_path = project / "mkdocs.yml"
    config = yaml.safe_load(config_path.read_text("utf-8"))
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "showcase" in plugin:
            plugin["showcase"]["render_workers"] = 2
    config_path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), "utf-8")
    return project


def test_edit_and_removal_in_parallel_rendering_match_a_cold_build(synthetic, tmp_path):
    build(synthetic, tmp_path / "site-1")
    rendered, reused = build(synthetic, tmp_path / "site-2")
    assert rendered == 0 and reused > 200, "an unchanged site renders nothing"
    program = synthetic / "content" / "programs" / "program-00001" / "index.md"
    edit_front(program, title="增量构建改过的项目名称")
    removed = sorted((synthetic / "content" / "stories").glob("*.md"))[0]
    removed.unlink()
    rendered, reused = build(synthetic, tmp_path / "site-3")
    assert 0 < rendered and reused > rendered, (rendered, reused)
    assert tree_differences(tmp_path / "site-3", cold_twin(synthetic, tmp_path)) == []
