"""The editor's script: fetched from the npm registry once, checked, cached, served by the site;
without the registry the site still builds and the editor's page says the editor is unavailable."""

from __future__ import annotations

import io
import tarfile
import urllib.error

import pytest
import yaml

from conftest import CORPUS, make_project, mkdocs_build
from showcase.vendor import EDITORS, EditorPackage, editor_files, integrity_of


def _tarball(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w:gz") as archive:
        for name, data in files.items():
            info = tarfile.TarInfo("package/" + name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return out.getvalue()


@pytest.fixture
def toy(monkeypatch):
    """A pretend editor package whose integrity is that of a tarball made here."""
    data = _tarball({"dist/toy.js": b"window.CMS = 1;", "dist/1.toy.js": b"chunk", "dist/toy.js.map": b"{}",
                     "README.md": b"not published"})
    package = EditorPackage("toy", "@scope/toy", "1.0.0", integrity_of(data), ("dist/toy.js", "dist/*.toy.js"), "toy.js", "Toy")
    monkeypatch.setitem(EDITORS, "toy", package)
    return data


def test_fetched_once_checked_and_flattened(tmp_path, toy):
    calls = []
    fetch = lambda url: calls.append(url) or toy  # noqa: E731
    first = editor_files(tmp_path, "toy", "https://registry.example/", fetch)
    assert calls == ["https://registry.example/@scope/toy/-/toy-1.0.0.tgz"]
    assert sorted(first.files) == ["1.toy.js", "toy.js"] and first.unavailable == ""
    assert first.files["toy.js"].read_bytes() == b"window.CMS = 1;"
    again = editor_files(tmp_path, "toy", "https://registry.example/", lambda url: pytest.fail("fetched twice"))
    assert again.files == first.files


def test_a_tarball_that_does_not_match_its_integrity_is_refused(tmp_path, toy):
    result = editor_files(tmp_path, "toy", "", lambda url: toy + b"tampered")
    assert result.files == {} and "校验值不符" in result.unavailable
    assert not (tmp_path / "editor/toy-1.0.0/toy-1.0.0.tgz").exists()


def test_a_damaged_cache_is_fetched_again(tmp_path, toy):
    editor_files(tmp_path, "toy", "", lambda url: toy)
    (tmp_path / "editor/toy-1.0.0/toy-1.0.0.tgz").write_bytes(b"broken")
    assert editor_files(tmp_path, "toy", "", lambda url: toy).files


def test_offline_the_editor_is_unavailable_not_the_build(tmp_path, toy):
    def offline(url):
        raise urllib.error.URLError("network unreachable")

    result = editor_files(tmp_path, "toy", "", offline)
    assert result.files == {} and "无法从 npm 仓库下载 @scope/toy@1.0.0" in result.unavailable


def test_npm_integrity_format():
    assert integrity_of(b"") == "sha512-z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUdBeoGlODJ6+SfaPg=="
    for package in EDITORS.values():
        assert package.integrity.startswith("sha512-") and package.version[0].isdigit()


def test_a_strict_build_without_the_registry_succeeds_and_says_so(tmp_path, monkeypatch):
    """No network and no cached copy: the site builds, the editor page explains in Chinese."""
    project = make_project(tmp_path / "project", CORPUS / "_base" / "content")
    config = yaml.safe_load((project / "mkdocs.yml").read_text("utf-8"))
    config["plugins"][0]["showcase"].update(cache_dir=str(tmp_path / "cache"), editor_registry="http://127.0.0.1:9/")
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "site/admin/index.html").read_text("utf-8")
    assert "网页编辑器暂不可用" in page and "无法从 npm 仓库下载 decap-cms@3.16.3" in page
    assert "<script src=" not in page and "unpkg" not in page
    assert "网页编辑器暂不可用" in result.stderr
    assert (tmp_path / "site/programs/demo-program/index.html").is_file()


def test_the_built_site_serves_the_editor_itself(built_site):
    page = (built_site / "admin/index.html").read_text("utf-8")
    assert '<script src="decap-cms.js" onerror="scEditorFailed()">' in page and "://" not in page.split("<body>")[1].split("</script>")[-1]
    assert (built_site / "admin/decap-cms.js").stat().st_size > 1_000_000
    assert not list(built_site.glob("admin/*.map"))
