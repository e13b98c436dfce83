"""Editing without a developer: scaffolds, annotations, checking only what changed."""

from __future__ import annotations

import re
import subprocess

import pytest

from conftest import CORPUS, make_project, mkdocs_build
from showcase.cli import main

FILL = {
    "program": {"title": "测试项目", "organization": "demo-org", "category": "志愿服务", "summary": "一个新建的测试项目。"},
    "achievement": {"title": "测试成果"},
    "story": {"title": "测试故事"},
    "organization": {"name": "测试机构", "region": "辽宁省/盘锦市"},
}


def _fill(path, values: dict[str, str]) -> None:
    text = path.read_text("utf-8")
    for key, value in values.items():
        text, count = re.subn(rf"^{key}:$", f"{key}: {value}", text, flags=re.M)
        assert count == 1, key
    path.write_text(text, "utf-8")


def test_each_record_type_from_a_scaffold_checks_and_builds(tmp_path, capsys):
    root = make_project(tmp_path / "project", CORPUS / "_base" / "content")
    for kind, values in FILL.items():
        assert main(["new", kind, f"new-{kind}", "--root", str(root)]) == 0
    capsys.readouterr()
    assert main(["check", "--root", str(root)]) == 1  # the blanks are not filled yet
    missing = capsys.readouterr().out
    assert "content/programs/new-program/index.md:3: title: 缺少必填字段。请填写「title」。" in missing
    for kind, values in FILL.items():
        folder = "programs/new-program/index.md" if kind == "program" else f"{kind}s/new-{kind}.md".replace("storys", "stories")
        _fill(root / "content" / folder, values)
    assert main(["check", "--root", str(root)]) == 0, capsys.readouterr().out
    result = mkdocs_build(root, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site/programs/new-program/index.html").is_file()


def test_scaffold_lists_every_field_with_chinese_help(tmp_path):
    from showcase.registry import PROGRAMS
    from showcase.schema import Metric, Photo, Source

    root = make_project(tmp_path / "project", CORPUS / "_base" / "content")
    assert main(["new", "program", "every-field", "--root", str(root)]) == 0
    text = (root / "content/programs/every-field/index.md").read_text("utf-8")
    for name in PROGRAMS.model.model_fields:
        if name != "slug":
            assert re.search(rf"^{name}:", text, re.M), name
    for model in (Metric, Photo, Source):
        for name in model.model_fields:
            assert re.search(rf"^#\s+(- )?{name}:", text, re.M), name
    assert "# 主办机构的网址名（必填） 现有：demo-org" in text


def test_scaffold_refuses_a_taken_slug(tmp_path, capsys):
    root = make_project(tmp_path / "project", CORPUS / "_base" / "content")
    assert main(["new", "program", "demo-program", "--root", str(root)]) == 1
    assert "已被 content/programs/demo-program/index.md 使用" in capsys.readouterr().err
    assert main(["new", "story", "——", "--root", str(root)]) == 1
    assert main(["new", "story", "Bad_Slug", "--root", str(root)]) == 1
    assert main(["new", "story", "../x", "--root", str(root)]) == 1


def test_github_annotations(tmp_path, capsys, monkeypatch):
    root = make_project(tmp_path / "project", CORPUS / "_base" / "content", CORPUS / "units" / "content")
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    assert main(["check", "--root", str(root)]) == 1
    out = capsys.readouterr().out
    assert "::error file=content/achievements/unit-kind.md,line=8,title=metrics[0].kind::单位「人」与类别 service_hours 不符" in out


def _git(root, *args):
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True,
                   env={"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@e", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@e", "PATH": "/usr/bin:/bin"})


def test_changed_checks_only_changed_records_and_their_referrers(tmp_path, capsys):
    root = make_project(tmp_path / "project", CORPUS / "_base" / "content", CORPUS / "units" / "content")
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "start")
    assert main(["check", "--root", str(root), "--changed"]) == 0  # the old mistake is not in the change
    capsys.readouterr()
    org = root / "content/organizations/demo-org.md"
    org.write_text(org.read_text("utf-8").replace("region: 辽宁省/盘锦市", "region: 辽宁省 盘锦市"), "utf-8")
    assert main(["check", "--root", str(root), "--changed"]) == 1
    out = capsys.readouterr().out
    assert "content/organizations/demo-org.md:5: region:" in out
    assert "unit-kind.md" not in out
    # a changed photo puts its record in the check
    (root / "content/programs/demo-program/photo.jpg").write_bytes(b"")
    assert main(["check", "--root", str(root), "--changed"]) == 1
    assert "content/programs/demo-program/index.md:8: photos[0].file: 照片「photo.jpg」是空文件" in capsys.readouterr().out


def test_pre_commit_hook_definition():
    import yaml
    from conftest import ROOT

    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    assert hooks[0]["id"] == "showcase-check" and hooks[0]["entry"].startswith("showcase check")
    example = yaml.safe_load((ROOT / ".pre-commit-config.example.yaml").read_text("utf-8"))
    assert example["repos"][0]["hooks"][0]["id"] == "showcase-check"
