"""Publish only what a record names; no content can write outside the output, hang the
build or break the data files (issue: hardening)."""

from __future__ import annotations

import csv
import hashlib
import io
import shutil
import time
from pathlib import Path

from conftest import CORPUS, ROOT, make_project, mkdocs_build
from showcase.opendata import as_csv

SVG = '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'


def _digests(root: Path) -> set[str]:
    return {hashlib.sha256(p.read_bytes()).hexdigest() for p in root.rglob("*") if p.is_file() and not p.is_symlink()}


def test_files_no_record_names_are_never_published(tmp_path):
    root = make_project(tmp_path / "project", CORPUS / "_base" / "content")
    content = root / "content"
    program = content / "programs/demo-program"
    strays = {
        "programs/demo-program/notes.md": "---\ntitle: 备注\n---\n内部备注",
        "programs/demo-program/photo.jpg.orig": "原图",
        "programs/demo-program/logo.svg": SVG,
        "programs/loose.markdown": "---\ntitle: 扩展名不对\n---\n",
        "programs/UPPER.MD": "---\ntitle: 大写扩展名\n---\n",
        "top-level.md": "---\ntitle: 放在最上层\n---\n",
        "stories/2024/deep/index.md": "---\ntitle: 放得太深\ndate: 2024-01-01\n---\n",
        "guide/photo.jpg": "not really a photo",
    }
    for name, text in strays.items():
        (content / name).parent.mkdir(parents=True, exist_ok=True)
        (content / name).write_text(text, "utf-8")
    shutil.copy(program / "photo.jpg", content / "stories/unnamed.jpg")
    secret = tmp_path / "environ"
    secret.write_text("CI_TOKEN=do-not-publish\n", "utf-8")
    (content / "env.txt").symlink_to(secret)
    (program / "env.txt").symlink_to(secret)
    result = mkdocs_build(root, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    published = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    absent = ["programs/demo-program/notes", "programs/demo-program/photo.jpg", "programs/demo-program/logo", "programs/loose",
              "programs/UPPER", "programs/upper", "top-level", "stories/2024", "guide/photo", "stories/unnamed"]
    for prefix in absent:
        assert not [p for p in published if p.startswith(prefix)], prefix
    for name in [*strays, "stories/unnamed.jpg"]:
        assert f"content/{name}" in result.stderr, f"the build says {name} is left out"
    assert not any(p.endswith(".svg") and "assets/" not in p for p in published)
    assert not any("do-not-publish" in p.read_text("utf-8", "replace") for p in site.rglob("*") if p.is_file() and p.suffix != ".webp")
    sitemap = (site / "sitemap.xml").read_text("utf-8")
    assert "top-level" not in sitemap and "loose" not in sitemap and "notes" not in sitemap
    assert not (_digests(content) & _digests(site)), "no file under content/ is copied into the site"


def test_the_sample_site_publishes_nothing_from_content_as_it_is(built_site):
    """Every photo is published as fresh variants and every record as a page: no file of
    content/ (an original with its GPS, a Markdown source) is in site/ byte for byte."""
    assert not (_digests(ROOT / "content") & _digests(built_site))


def test_a_link_loop_or_a_link_to_the_whole_disk_is_not_followed(tmp_path):
    root = make_project(tmp_path / "project", CORPUS / "_base" / "content")
    (root / "content/programs/demo-program/up").symlink_to("..")
    (root / "content/everything").symlink_to("/")
    started = time.monotonic()
    result = mkdocs_build(root, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert time.monotonic() - started < 60
    assert "content/everything" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "site/everything").exists() and not (tmp_path / "site/programs/demo-program/up").exists()


def test_photos_named_with_a_dot_spaces_or_a_query_are_published_and_shown(tmp_path):
    """Check and build read a body image's target the same way (``%20``, ``?query``, ``#``),
    and a photo whose name starts with a dot still gets its fallback."""
    root = make_project(tmp_path / "project", CORPUS / "_base" / "content")
    folder = root / "content/programs/demo-program"
    shutil.copy(folder / "photo.jpg", folder / ".hidden.jpg")
    shutil.copy(folder / "photo.jpg", folder / "two words.jpg")
    index = folder / "index.md"
    index.write_text(index.read_text("utf-8") + "\n![点名](.hidden.jpg)\n\n![空格](two%20words.jpg?v=2#top)\n", "utf-8")
    result = mkdocs_build(root, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site/programs/demo-program/index.html").read_text("utf-8")
    for alt in ("点名", "空格"):
        assert f'alt="{alt}"' in html
    for src in __import__("re").findall(r'<img src="([^"]+)"', html):
        assert (tmp_path / "site/programs/demo-program" / src.split("?")[0]).resolve().is_file(), src


def test_csv_cells_are_never_run_as_formulas():
    rows = [{"title": "=HYPERLINK(\"http://x\")", "summary": "+1", "tags": ["-2", "@x"], "value": -5, "plain": "关爱"}]
    cells = next(csv.DictReader(io.StringIO(as_csv(rows).removeprefix("\ufeff"))))
    assert cells["title"] == "'=HYPERLINK(\"http://x\")" and cells["summary"] == "'+1"
    assert cells["tags"] == "'-2|@x" and cells["value"] == "-5" and cells["plain"] == "关爱"


def test_a_cache_that_cannot_be_written_is_one_message(tmp_path):
    """A file where the cache folder should be (as a read-only or full disk would): the
    build fails with the path and what to check, never a traceback."""
    root = make_project(tmp_path / "project", CORPUS / "_base" / "content")
    (root / ".cache").write_text("不是文件夹", "utf-8")
    result = mkdocs_build(root, tmp_path / "site")
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "无法写入" in result.stderr and ".cache" in result.stderr
