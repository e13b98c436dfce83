"""The web editor: its configuration mirrors the schema (the editor in a browser: test_editor_roundtrip.py)."""

from __future__ import annotations

import re
import typing

import pytest
import yaml
from pydantic import BaseModel

from showcase.editor import DATE_PATTERN, decap_config
from showcase.registry import DEFAULT
from showcase.schema import INTERNAL_FIELDS, ORG_KINDS


def _model_fields(model: type[BaseModel]) -> dict:
    out = {}
    for name, info in model.model_fields.items():
        if name in INTERNAL_FIELDS:
            continue
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
    assert stories["date"]["widget"] == "string" and stories["date"]["pattern"][0] == DATE_PATTERN
    assert stories["programs"]["multiple"] is True and "slug" not in stories
    assert programs["status"]["options"] == [{"label": "进行中", "value": "active"}, {"label": "已结束", "value": "ended"}]
    assert programs["metrics"]["default"] == [] and programs["tags"]["default"] == []
    assert "default" not in photo["minors"] and programs["draft"]["default"] is False
    assert photo["alt"].get("required", True) is True  # a photo without alt text cannot be saved
    assert re.match(stories["date"]["pattern"][0], "2013") and not re.match(stories["date"]["pattern"][0], "2013年")
    orgs = {f["name"]: f for f in decap_config("https://example.org/")["collections"][0]["fields"]}
    assert orgs["kind"]["options"] == list(ORG_KINDS) and orgs["name"]["hint"] == "机构全称"
    program_collection = decap_config("https://example.org/")["collections"][1]
    assert program_collection["path"] == "{{slug}}/index" and program_collection["media_folder"] == ""


def test_editor_and_checker_agree_on_required_fields():
    """A field the checker requires is required in the editor, and only those (nested too)."""
    def walk(fields, model):
        for field in fields:
            if field["name"] == "body":
                continue
            info = model.model_fields[field["name"]]
            assert field.get("required", True) is info.is_required(), (model.__name__, field["name"])
            if "fields" in field:
                walk(field["fields"], _inner(info.annotation))

    def _inner(annotation):
        return next(a for a in _args(annotation) if isinstance(a, type) and issubclass(a, BaseModel))

    for kind, collection in zip(DEFAULT, decap_config("https://example.org/")["collections"]):
        walk(collection["fields"], kind.model)
