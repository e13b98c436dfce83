"""The pipeline without MkDocs, the registry that drives it, and the checks that hold
for pages MkDocs lists but does not render."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml
from jinja2 import DictLoader, Environment
from pydantic import Field

from conftest import CORPUS, ROOT, make_project, mkdocs_build
from test_integrity import _Refs, _target
from showcase.build import Options, prepare, write_side_files
from showcase.editor import decap_config
from showcase.registry import DEFAULT, Collection
from showcase.schema import REF_ORG, Record, Slug, Summary, Text
from showcase.siteinfo import SiteInfo

INFO = SiteInfo.of("https://example.org/showcase/", "青春品牌项目展示", "说明")


def test_the_pipeline_runs_with_mkdocs_unimportable(tmp_path):
    """load → validate → photos → index → plan → side files, with `import mkdocs` failing."""
    code = textwrap.dedent(f"""
        import sys
        from pathlib import Path

        class NoMkDocs:
            def find_spec(self, name, path=None, target=None):
                if name == "mkdocs" or name.startswith("mkdocs."):
                    raise ImportError("mkdocs is not installed")

        sys.meta_path.insert(0, NoMkDocs())
        from showcase.build import Options, prepare, write_side_files
        from showcase.siteinfo import SiteInfo

        root = Path({str(ROOT)!r})
        build = prepare(Options(root, root / "content", SiteInfo.of("https://example.org/", "站", ""), Path({str(tmp_path / 'cache')!r})))
        written = write_side_files(build.plan, Path({str(tmp_path / 'out')!r}))
        views = [record.view() for record in build.plan.records]
        print(len(build.plan.pages), len(views), len(written), len(build.photo_files), len(build.problems))
        print(any(name.startswith("mkdocs") for name in sys.modules))
    """)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    pages, records, written, photos, problems = map(int, result.stdout.split()[:5])
    assert pages > 50 and records == 49 and written >= 12 and photos > 0 and problems == 0
    assert result.stdout.split()[-1] == "False"
    assert (tmp_path / "out/feeds/all.xml").is_file() and (tmp_path / "out/data/programs.csv").is_file()


class Event(Record):
    """A toy record type: what a site adding 活动 (events) would declare."""

    title: Text = Field(title="活动名称", description="活动名称")
    date: dt.date = Field(title="日期", description="日期，写作 YYYY-MM-DD")
    organization: Slug = Field(title="主办机构", description="主办机构的网址名", json_schema_extra=REF_ORG)
    summary: Summary | None = Field(None, title="简介", description="一句话简介")


EVENTS = Collection("events", Event, "活动", "event", "event", "showcase/event.html", feed=True, count_unit="场", og_type="article")


def test_a_new_record_type_is_one_declaration(tmp_path):
    """Registered in one place (and given one template), a type gets its pages, its
    listing, its search type, its feed entries, its open data and its editor collection."""
    root = make_project(tmp_path / "project", CORPUS / "_base" / "content")
    (root / "content/events").mkdir()
    (root / "content/events/spring-fair.md").write_text(
        "---\ntitle: 春季志愿集市\ndate: 2024-04-20\norganization: demo-org\nsummary: 一场志愿服务集市。\n---\n集市当天的情况。\n", "utf-8")
    registry = DEFAULT.with_collection(EVENTS)
    build = prepare(Options(root, root / "content", INFO, root / ".cache", registry=registry))
    assert build.problems == []
    record = next(r for r in build.plan.records if r.entry.collection == "events")
    assert record.url == "events/spring-fair/" and record.template == "showcase/event.html"
    view = record.view()
    assert view.search["type"] == ["活动"] and view.card.type_label == "活动"
    assert view.seo.og_type == "article" and view.seo.jsonld[0]["@type"] == "CreativeWork"
    listing = next(p for p in build.plan.pages if p.src_uri == "events/index.md")
    assert listing.title == "活动" and [c.url for c in listing.view.cards] == ["events/spring-fair/"]
    assert "<title>春季志愿集市</title>" in build.plan.files["feeds/all.xml"]
    assert '"title": "春季志愿集市"' in build.plan.files["feeds/organizations/demo-org.json"]
    assert "spring-fair" in build.plan.files["data/events.csv"]
    footer = build.plan.shared.footer()
    assert ("活动", "events/") in [(link.label, link.url) for link in footer.sections]
    assert "data/events.csv" in [link.url for link in footer.data]
    editor = {c["name"]: c for c in decap_config(INFO.url, None, registry)["collections"]}
    assert editor["events"]["label"] == "活动" and editor["events"]["folder"] == "content/events"
    assert {f["name"] for f in editor["events"]["fields"]} >= {"title", "date", "organization", "summary", "body"}


def test_unregistered_folders_are_not_records(tmp_path):
    """Without the declaration, the same file is only a file nobody names: left out, and said so."""
    root = make_project(tmp_path / "project", CORPUS / "_base" / "content")
    (root / "content/events").mkdir()
    (root / "content/events/spring-fair.md").write_text("---\ntitle: 春季志愿集市\n---\n", "utf-8")
    build = prepare(Options(root, root / "content", INFO, root / ".cache"))
    assert [(p.path, p.code, p.warning) for p in build.problems] == [("content/events/spring-fair.md", "not_published", True)]
    assert not any(p.src_uri.startswith("events/") for p in build.plan.pages)


def _sparse(tmp_path: Path) -> Path:
    """An organization with no programme, story or achievement, a programme without photos,
    and no stories at all."""
    root = make_project(tmp_path / "sparse")
    content = root / "content"
    (content / "organizations").mkdir(parents=True)
    (content / "programs/bare").mkdir(parents=True)
    (content / "achievements").mkdir()
    (content / "organizations/busy-org.md").write_text("---\nname: 共青团甲市委员会\nregion: 河南省/甲市\n---\n", "utf-8")
    (content / "organizations/quiet-org.md").write_text("---\nname: 乙县关工委\nregion: 河南省/甲市/乙县\n---\n", "utf-8")
    (content / "programs/bare/index.md").write_text(
        "---\ntitle: 没有照片的项目\norganization: busy-org\ncategory: 志愿服务\nsummary: 一句话。\n---\n正文。\n", "utf-8")
    (content / "achievements/one.md").write_text(
        "---\ntitle: 一项成果\ndate: 2023-01-05\nprograms: [bare]\n---\n", "utf-8")
    return root


def test_a_sparse_site_links_only_to_files_it_writes(tmp_path):
    root = _sparse(tmp_path)
    result = mkdocs_build(root, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    broken = []
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        refs = _Refs()
        refs.feed(page.read_text("utf-8"))
        for ref in refs.links + refs.assets:
            target = _target(site, page, ref)
            if target is not None and not target.is_file():
                broken.append(f"{page.relative_to(site)} → {ref}")
    assert broken == []
    quiet = (site / "organizations/quiet-org/index.html").read_text("utf-8")
    assert "feeds/organizations/quiet-org" not in quiet and not (site / "feeds/organizations/quiet-org.xml").exists()
    busy = (site / "organizations/busy-org/index.html").read_text("utf-8")
    assert "feeds/organizations/busy-org.xml" in busy and (site / "feeds/organizations/busy-org.xml").is_file()
    assert (site / "stories/index.html").is_file() and (site / "feeds/all.xml").is_file()


def test_a_broken_anchor_in_a_record_body_fails_a_strict_build_with_file_and_line(tmp_path):
    root = _sparse(tmp_path)
    record = root / "content/programs/bare/index.md"
    record.write_text(record.read_text("utf-8") + "\n## 做法 {#zuofa}\n\n[见做法](#zuofa)\n\n[见下文](#不存在)\n", "utf-8")
    result = mkdocs_build(root, tmp_path / "site")
    assert result.returncode != 0
    warnings = [line for line in result.stderr.splitlines() if "anchor" in line or "小标题" in line]
    assert any("content/programs/bare/index.md:13: body: 正文中的链接「#不存在」" in line for line in warnings), result.stderr
    assert not any("#zuofa" in line for line in warnings)
    record.write_text(record.read_text("utf-8").replace("[见下文](#不存在)\n", ""), "utf-8")
    assert mkdocs_build(root, tmp_path / "site2").returncode == 0


def _with_option(project: Path, **options) -> None:
    path = project / "mkdocs.yml"
    config = yaml.load(path.read_text("utf-8"), Loader=yaml.SafeLoader)
    for plugin in config["plugins"]:
        if isinstance(plugin, dict) and "showcase" in plugin:
            plugin["showcase"].update(options)
    path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), "utf-8")


def test_enabled_false_turns_the_plugin_off(tmp_path):
    root = _sparse(tmp_path)
    (root / "content/index.md").write_text("# 首页\n", "utf-8")
    _with_option(root, enabled=False)
    config = yaml.safe_load((root / "mkdocs.yml").read_text("utf-8"))
    config.pop("nav")
    (root / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), "utf-8")
    result = mkdocs_build(root, tmp_path / "site", strict=False)
    assert result.returncode == 0, result.stderr
    site = tmp_path / "site"
    assert not (site / "feeds").exists() and not (site / "data").exists() and not (site / "pagefind").exists()
    assert (site / "programs/bare/index.html").is_file(), "MkDocs renders the Markdown itself"
    assert "sc-record" not in (site / "programs/bare/index.html").read_text("utf-8")


def test_cached_partials_equal_the_same_partial_rendered_for_each_page(tmp_path):
    """Every card and browse list on the sample site, rendered once per depth, is what it
    would be if rendered for the page showing it (the build fails otherwise)."""
    root = make_project(tmp_path / "project", ROOT / "content")
    _with_option(root, check_partials=True)
    result = mkdocs_build(root, tmp_path / "site")
    assert result.returncode == 0, result.stderr


def test_a_partial_using_the_page_is_caught():
    from types import SimpleNamespace

    from showcase.mkdocs_prerender import PartialChanged, cached_include

    env = Environment(loader=DictLoader({"card.html": "{{ card }} on {{ page.url }}", "fair.html": "{{ card }}"}))
    strict = cached_include(env, "card.html", "card", str, verify=True)
    fair = cached_include(env, "fair.html", "card", str, verify=True)
    page = SimpleNamespace(url="programs/a/")
    use = env.from_string("{{ include(1) }}")
    assert use.render(include=fair, page=page) == "1"
    with pytest.raises(PartialChanged):
        use.render(include=strict, page=page)
