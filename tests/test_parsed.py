"""Record files parsed once and reused while their bytes do not change (parsed.py)."""

from __future__ import annotations

import shutil

from conftest import CORPUS, ROOT
from showcase.content import load_content
from showcase.parsed import FILE, ParsedFiles


def _summary(content):
    return (
        [(p.path, p.line, p.field, p.code) for p in content.problems],
        [(e.collection, e.slug, e.record.model_dump_json(), e.body) for e in content.site.entries()],
    )


def test_unchanged_files_are_reused_and_give_the_same_site(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(ROOT / "content", project / "content")
    for case in ("_base", "bad-reference", "controlled-lists"):  # files with problems too
        shutil.copytree(CORPUS / case / "content", project / "content", dirs_exist_ok=True)
    cache = tmp_path / "cache"
    first = load_content(project, project / "content", cache)
    assert (cache / FILE).is_file()
    plain = load_content(project, project / "content")
    assert _summary(first) == _summary(plain)
    assert first.problems, "the corpus cases bring problems"
    for _ in range(2):  # problems must not pile up in the cached copies
        again = load_content(project, project / "content", cache)
        assert _summary(again) == _summary(plain)
    files = ParsedFiles(cache)
    assert len(files) == len(plain.sources)


def test_a_changed_file_is_parsed_again(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(ROOT / "content", project / "content")
    cache = tmp_path / "cache"
    load_content(project, project / "content", cache)
    program = sorted((project / "content" / "programs").glob("*/index.md"))[0]
    text = program.read_text("utf-8")
    program.write_text(text.replace("summary: ", "summary: 已更新。", 1), "utf-8")
    parsed = ParsedFiles(cache)
    sources = [parsed.read(p, project.resolve(), (project / "content").resolve(), "programs")
               for p in sorted((project / "content" / "programs").glob("*/index.md"))]
    assert parsed.hits == len(sources) - 1
    assert sources[0].data["summary"].startswith("已更新。")


def test_a_damaged_cache_is_ignored(tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / FILE).write_bytes(b"not a database" * 100)
    content = load_content(ROOT, ROOT / "content", cache)
    assert _summary(content) == _summary(load_content(ROOT, ROOT / "content"))


def test_a_killed_load_leaves_the_last_complete_cache(tmp_path):
    """Nothing a load parsed is kept unless it reached its end (one transaction)."""
    project = tmp_path / "project"
    shutil.copytree(ROOT / "content", project / "content")
    cache = tmp_path / "cache"
    load_content(project, project / "content", cache)
    complete = len(ParsedFiles(cache))
    program = sorted((project / "content" / "programs").glob("*/index.md"))[0]
    program.write_text(program.read_text("utf-8").replace("summary: ", "summary: 中途。", 1), "utf-8")
    interrupted = ParsedFiles(cache)
    interrupted.read(program, project.resolve(), (project / "content").resolve(), "programs")
    interrupted.db.close()  # as if the build were killed before saving
    again = ParsedFiles(cache)
    source = again.read(program, project.resolve(), (project / "content").resolve(), "programs")
    assert again.hits == 0 and source.data["summary"].startswith("中途。")
    assert len(again) == complete
