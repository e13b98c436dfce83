"""The web editor: its configuration mirrors the schema, and Decap loads it in a browser."""

from __future__ import annotations

import re

import json
import shutil
import typing
from pathlib import Path

import pytest
import yaml
from pydantic import BaseModel

from conftest import ROOT, npm_package
from showcase.content import load_content
from showcase.editor import decap_config
from showcase.registry import DEFAULT
from showcase.schema import ORG_KINDS

DECAP = "decap-cms@3.16.3"


def _model_fields(model: type[BaseModel]) -> dict:
    out = {}
    for name, info in model.model_fields.items():
        inner = next((a for a in _args(info.annotation) if isinstance(a, type) and issubclass(a, BaseModel)), None)
        out[name] = _model_fields(inner) if inner else None
    return out


def _args(annotation):
    found = [annotation]
    for arg in typing.get_args(annotation):
        found += _args(arg)
    return found


def _config_fields(fields: list[dict]) -> dict:
    return {f["name"]: (_config_fields(f["fields"]) if "fields" in f else None) for f in fields if f["name"] != "body"}


def test_config_covers_every_schema_field_and_invents_none(built_site):
    config = yaml.safe_load((built_site / "admin/config.yml").read_text("utf-8"))
    assert config["locale"] == "zh_Hans" and config["publish_mode"] == "editorial_workflow"
    assert config["backend"]["name"] == "github"
    by_name = {c["name"]: c for c in config["collections"]}
    assert set(by_name) == set(DEFAULT.names)
    for kind in DEFAULT:
        assert _config_fields(by_name[kind.name]["fields"]) == _model_fields(kind.model), kind.name


def test_widgets_follow_field_types():
    programs = {f["name"]: f for f in decap_config("https://example.org/")["collections"][1]["fields"]}
    assert programs["category"]["widget"] == "select" and "关爱帮扶" in programs["category"]["options"]
    assert programs["organization"] == {**programs["organization"], "widget": "relation", "collection": "organizations"}
    assert "required" not in programs["title"] and programs["region"]["required"] is False
    photo = {f["name"]: f for f in programs["photos"]["fields"]}
    assert photo["file"]["widget"] == "image" and photo["minors"]["widget"] == "boolean"
    metric = {f["name"]: f for f in programs["metrics"]["fields"]}
    assert metric["value"]["widget"] == "string" and metric["unit"]["widget"] == "select"  # 近30, 4000余, 1.2万
    stories = {f["name"]: f for f in decap_config("https://example.org/")["collections"][3]["fields"]}
    assert stories["date"]["widget"] == "string" and stories["programs"]["multiple"] is True  # 2013, 2013-06 or a day
    assert re.match(stories["date"]["pattern"][0], "2013") and not re.match(stories["date"]["pattern"][0], "2013年")
    orgs = {f["name"]: f for f in decap_config("https://example.org/")["collections"][0]["fields"]}
    assert orgs["kind"]["options"] == list(ORG_KINDS) and orgs["name"]["hint"] == "机构全称"
    program_collection = decap_config("https://example.org/")["collections"][1]
    assert program_collection["path"] == "{{slug}}/index" and program_collection["media_folder"] == ""


@pytest.fixture(scope="module")
def decap_dist() -> Path:
    """Decap's bundle from the npm registry."""
    return npm_package(DECAP) / "dist"


def _repo_files() -> dict:
    """The sample content as Decap's test-repo backend reads it (window.repoFiles):
    keyed by each collection's folder, then by the path below it."""
    tree: dict = {}
    for name in DEFAULT.names:
        for path in sorted((ROOT / "content" / name).rglob("*.md")):
            node = tree.setdefault(f"content/{name}", {})
            parts = path.relative_to(ROOT / "content" / name).parts
            for part in parts[:-1]:
                node = node.setdefault(part, {})
            node[parts[-1]] = {"content": path.read_text("utf-8")}
    return tree


@pytest.mark.browser
def test_decap_loads_and_lists_the_sample_programmes(browser, decap_dist, tmp_path):
    from browser import serve_site

    admin = tmp_path / "admin"
    shutil.copytree(decap_dist, admin)
    config = decap_config("http://127.0.0.1/", {"name": "test-repo"})
    (admin / "config.yml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    (admin / "index.html").write_text(
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>编辑</title></head><body>'
        f"<script>window.repoFiles = {json.dumps(_repo_files(), ensure_ascii=False)};</script>"
        '<script src="decap-cms.js"></script></body></html>',
        "utf-8",
    )
    titles = [p.title for p in load_content(ROOT, ROOT / "content").site.programs]
    with serve_site(tmp_path) as base:
        page = browser.new_page(viewport={"width": 1366, "height": 900})
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(base + "admin/", wait_until="load")
        page.get_by_role("button").first.click(timeout=30000)  # test-repo's login button
        page.wait_for_selector("text=品牌项目", timeout=30000)
        page.evaluate("location.hash = '#/collections/programs'")
        page.wait_for_selector(f"text={titles[0]}", timeout=30000)
        body = page.inner_text("body")
        found = [t for t in titles if t in body]
        assert len(found) == len(titles), set(titles) - set(found)
        assert "品牌项目" in body
        out = ROOT / "test-output" / "screenshots"
        out.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(out / "editor-programmes.png"))
        page.close()
    assert errors == []
