"""A large build's memory (issue: 100,000 records in bounded memory): what loading keeps of
each record, the body read again when a page needs it, side files written as they are
made, and listings that share their browse links instead of copying them."""

from __future__ import annotations

import gc
import io
import json
import tracemalloc
from pathlib import Path

import pytest

from conftest import ROOT
from showcase.build import Options, prepare
from showcase.content import load_content
from showcase.load import SourceChanged
from showcase.opendata import write_csv, write_json
from showcase.plan.views import ProgramListView, TimelineView
from showcase.siteinfo import SiteInfo
from showcase.synth import synthesize

#: What loading may keep of a record, at most, counting the moment it peaks. Holding every
#: file's front matter, body and line index until the last was read was 27 KB a record.
MAX_LOAD_BYTES_PER_RECORD = 10 * 1024


def test_loading_keeps_little_of_each_record(tmp_path):
    synthesize(tmp_path / "content", 600, seed=5)
    load_content(tmp_path, tmp_path / "content")  # imports and lookup tables, made once
    gc.collect()
    tracemalloc.start()
    try:
        content = load_content(tmp_path, tmp_path / "content", tmp_path / "cache")
        gc.collect()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert not [p for p in content.problems if not p.warning]
    per_record = peak / len(content.sources)
    assert per_record < MAX_LOAD_BYTES_PER_RECORD, f"{per_record / 1024:.1f} KB a record"
    settled = [e.source for e in content.site.entries()]
    assert settled and all(s.data is None and s.body is None and s.lines is None for s in settled)


def test_a_settled_record_reads_its_body_again_and_refuses_a_changed_file(tmp_path):
    synthesize(tmp_path / "content", 40, seed=2)
    content = load_content(tmp_path, tmp_path / "content")
    entry = next(e for e in content.site.entries() if e.collection == "programs")
    text = entry.source.abs_path.read_text("utf-8")
    assert entry.body and entry.body in text and entry.source.body is None
    assert entry.source.slug == entry.slug and entry.source.references(entry.kind.model)
    entry.source.abs_path.write_text(text + "\n又加了一句。\n", "utf-8")
    with pytest.raises(SourceChanged, match=entry.source.path):
        entry.body
    entry.source.abs_path.unlink()
    with pytest.raises(SourceChanged, match="修改或删除"):
        entry.body


def test_a_record_changed_while_pages_are_rendered_is_one_message(tmp_path):
    from mkdocs.exceptions import PluginError

    from showcase.mkdocs_plugin import _disk_errors

    with pytest.raises(PluginError, match="programs/x.md 在构建过程中被修改"):
        with _disk_errors():
            raise SourceChanged("content/programs/x.md 在构建过程中被修改或删除：请重新构建（预览会自动重新构建）。")


@pytest.mark.parametrize("rows", [
    [],
    [{"slug": "a", "title": "项目「甲」", "tags": ["关爱", "志愿"], "metrics": [{"value": 30.0, "written": "近30"}], "none": None}],
    [{"slug": "a", "nested": {"deep": [1, {"x": "多\n行"}]}, "list": [1]}, {"slug": "b", "nested": {}, "list": []}],
])
def test_open_data_written_row_by_row_is_what_one_dump_writes(rows):
    out = io.StringIO()
    write_json(iter(rows), out)
    assert out.getvalue() == json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    csv_out = io.StringIO()
    write_csv(iter(rows), csv_out)
    assert (csv_out.getvalue() == "") == (rows == [])


def test_side_files_are_made_when_read_not_with_the_plan():
    build = prepare(Options(ROOT, ROOT / "content", SiteInfo.of("https://example.org/", "示例", "")))
    files = build.plan.files
    assert "data/programs.json" in files and "feeds/all.xml" in files
    assert files["data/programs.json"] == files["data/programs.json"], "made afresh, the same each time"
    assert json.loads(files["data/programs.json"])[0]["slug"]


def test_listings_share_their_browse_links():
    build = prepare(Options(ROOT, ROOT / "content", SiteInfo.of("https://example.org/", "示例", "")))
    listings = [p.view for p in build.plan.pages if isinstance(p.view, ProgramListView)]
    assert len(listings) > 3
    for k in range(len(listings[0].facets)):
        assert len({id(view.facets[k].links) for view in listings}) == 1, "one tuple of links for every listing"
    marked = [view for view in listings if any(f.current for f in view.facets)]
    assert marked and all(sum(1 for f in v.facets for link in f.links if link.url == f.current) == 1 for v in marked)
    timelines = [p.view for p in build.plan.pages if isinstance(p.view, TimelineView)]
    assert len({id(view.filters[0].links) for view in timelines}) == 1
