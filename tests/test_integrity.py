"""What is published: reproducible, swapped in atomically, whole, valid, and nothing private."""

from __future__ import annotations

import gzip
import hashlib
import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import html5lib
import pytest

from conftest import ROOT, mkdocs_build

#: Pages for staff, deliberately not linked from the public pages.
UNLINKED = {"guide/", "guide/messages/", "admin/"}


def _digests(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(root.rglob("*")) if p.is_file()}


def test_two_builds_are_byte_identical(built_site, tmp_path):
    again = tmp_path / "again"
    result = mkdocs_build(ROOT, again)
    assert result.returncode == 0, result.stderr
    first, second = _digests(built_site), _digests(again)
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


def test_source_date_epoch_is_honoured(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    result = mkdocs_build(ROOT, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    header = (tmp_path / "site/sitemap.xml.gz").read_bytes()[4:8]
    assert int.from_bytes(header, "little") == 1700000000
    assert "<lastmod>" not in gzip.decompress((tmp_path / "site/sitemap.xml.gz").read_bytes()).decode()


def test_a_build_leaves_the_environment_as_it_found_it(tmp_path):
    """The commit's date is read for the sitemap's header, never written into the
    environment (where it would outlive the build under `mkdocs serve`)."""
    code = (
        "import os, sys\n"
        "from mkdocs.commands.build import build\n"
        "from mkdocs.config import load_config\n"
        f"build(load_config({str(ROOT / 'mkdocs.yml')!r}, site_dir={str(tmp_path / 'site')!r}))\n"
        "print(os.environ.get('SOURCE_DATE_EPOCH'))\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env={**env, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "None"
    commit = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
    header = (tmp_path / "site/sitemap.xml.gz").read_bytes()[4:8]
    assert str(int.from_bytes(header, "little")) == commit


def test_a_failed_build_leaves_the_previous_site_untouched(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(ROOT, project, symlinks=True,
                    ignore=shutil.ignore_patterns(".venv", "site", "site.tmp", ".git", "test-output", "node_modules"))
    stamp = tmp_path / "installed"
    stamp.touch()  # the environment is this one: make must not reinstall it from the copy
    make = ["make", "build", f"BIN={ROOT / '.venv' / 'bin'}", f"STAMP={stamp}"]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    first = subprocess.run(make, cwd=project, capture_output=True, text=True, env=env)
    assert first.returncode == 0, first.stderr
    before = _digests(project / "site")
    record = project / "content/programs/panjin-guanai-xingdong/index.md"
    record.write_text(record.read_text("utf-8").replace("category: 关爱帮扶", "category: 不存在的类别"), "utf-8")
    failed = subprocess.run(make, cwd=project, capture_output=True, text=True, env=env)
    assert failed.returncode != 0
    assert "不存在的类别" in failed.stderr
    assert _digests(project / "site") == before
    assert not list(project.glob(".site.*"))  # the failed build's folder is removed


class _Refs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.assets: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        if tag == "form" and a.get("action"):
            self.links.append(a["action"])
        for key in ("src", "data-pagefind"):
            if a.get(key):
                self.assets.append(a[key])
        if tag == "link" and a.get("href") and a.get("rel") != "canonical":
            self.assets.append(a["href"])
        if a.get("srcset"):
            self.assets += [part.split()[0] for part in a["srcset"].split(",")]


def _target(site: Path, page: Path, ref: str) -> Path | None:
    parsed = urlparse(ref)
    if parsed.scheme or parsed.netloc or ref.startswith(("#", "data:", "mailto:")):
        return None
    if parsed.path.startswith("/"):  # absolute, as on the 404 page: below site_url's path
        base = urlparse("https://example.org/showcase/").path
        assert parsed.path.startswith(base), ref
        path = (site / unquote(parsed.path[len(base):])).resolve()
    else:
        path = (page.parent / unquote(parsed.path)).resolve()
    return path / "index.html" if path.is_dir() or ref.endswith("/") else path


def test_no_broken_link_missing_asset_or_orphaned_page(built_site):
    pages = sorted(built_site.rglob("*.html"))
    reachable = {built_site / "index.html"}
    broken = []
    for page in pages:
        refs = _Refs()
        refs.feed(page.read_text("utf-8"))
        for ref in refs.links + refs.assets:
            target = _target(built_site, page, ref)
            if target is None:
                continue
            if not target.is_file():
                broken.append(f"{page.relative_to(built_site)} → {ref}")
            elif ref in refs.links:
                reachable.add(target)
    assert broken == []
    orphans = [
        str(p.parent.relative_to(built_site)) + "/"
        for p in pages
        if p.name == "index.html" and p not in reachable and str(p.parent.relative_to(built_site)) + "/" not in UNLINKED
    ]
    assert [o for o in orphans if o != "./"] == []


def test_every_page_parses_as_html5_without_errors(built_site):
    for page in sorted(built_site.rglob("*.html")):
        parser = html5lib.HTMLParser(strict=False)
        parser.parse(page.read_bytes())
        assert parser.errors == [], f"{page.relative_to(built_site)}: {parser.errors[:3]}"


def test_nothing_private_is_published(built_site):
    for path in built_site.rglob("*"):
        name = path.name
        assert not name.startswith("."), path
        assert path.suffix.lower() not in (".md", ".heic", ".heif", ".yml.bak", ".swp", ".orig"), path
        assert not name.endswith("~") and name not in ("Thumbs.db", "desktop.ini"), path
        assert ".cache" not in path.parts and "__pycache__" not in path.parts, path
    assert (built_site / "admin/config.yml").is_file()  # the editor's config is meant to be public
