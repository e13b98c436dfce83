"""Chinese keyboard habits, Chinese names for controlled values, and scaffolds without traps."""

from __future__ import annotations

import re
import shutil

import pytest

from conftest import CORPUS, make_project
from showcase.cli import main
from showcase.content import load_content
from showcase.keyboard import repair
from showcase.problems import errors
from showcase.registry import DEFAULT
from showcase.scaffold import scaffold


def _records(root):
    content = load_content(root, root / "content")
    return {e.slug: e.record for e in content.site.entries()}, content.problems


def test_fullwidth_separators_make_separate_items(tmp_path):
    root = make_project(tmp_path, CORPUS / "_base" / "content", CORPUS / "fullwidth-commas" / "content")
    records, problems = _records(root)
    assert list(records["commas"].tags) == ["青春驿站", "志愿服务", "留守儿童"]
    assert list(records["commas"].partners) == ["团市委", "市教育局"]
    assert errors(problems) == [] and {p.code for p in problems} == {"fullwidth_comma"}


def test_fullwidth_indent_and_quotes_read_as_meant(tmp_path):
    root = make_project(tmp_path, CORPUS / "_base" / "content", CORPUS / "fullwidth-indent" / "content",
                        CORPUS / "chinese-quotes" / "content", CORPUS / "fullwidth-colon" / "content")
    records, problems = _records(root)
    assert records["indent"].metrics[0].value.value == 4126 and records["indent"].metrics[0].unit == "名"
    # in free text, Chinese quotes are content; in other fields they are taken off
    assert records["quotes"].title == "“青春护航”" and list(records["quotes"].volunteers) == ["‘李华’", "张明"]
    assert records["quotes"].summary == "“希望工程”圆梦行动的一个故事。"
    assert str(records["quotes"].date) == "2022-07-01" and list(records["quotes"].programs) == ["demo-program"]
    assert records["colon"].title == "全角冒号写的成果" and records["colon"].organization == "demo-org"
    assert errors(problems) == []


def test_text_blocks_and_quoted_items_are_left_alone():
    text = "summary: |\n  注意：这里 [a，b]\n  note：x\ntags: [\"甲，乙\", 丙]\ntitle: 时间：2013年\n"
    assert repair(text) == (text, [])


def test_quotes_are_content_in_free_text_even_in_block_lists():
    text = "volunteers:\n  - “李华”\nprograms:\n  - “demo-program”\nmetrics:\n  - label: 「青年之家」\n    unit: “人”\n"
    fixed, repairs = repair(text, frozenset({"volunteers", "label"}))
    assert fixed == text.replace("“demo-program”", "demo-program").replace("“人”", "人")
    assert [r.offset for r in repairs] == [3, 6]


def test_lines_keep_their_numbers():
    fixed, repairs = repair("a: 1\ntitle：x\n\u3000\u3000b: 2\n")
    assert fixed.count("\n") == 3 and [r.offset for r in repairs] == [1, 2]


def test_chinese_names_of_controlled_values_are_normalized(tmp_path):
    root = make_project(tmp_path, CORPUS / "_base" / "content", CORPUS / "chinese-aliases" / "content")
    records, problems = _records(root)
    assert problems == []
    assert records["aliases"].status == "ended"
    assert [m.kind for m in records["aliases"].metrics] == ["volunteers", "service_hours"]
    assert records["level"].level == "provincial"


@pytest.mark.parametrize("word, command", [("项目", "program"), ("品牌项目", "program"), ("故事", "story"),
                                           ("机构", "organization"), ("成果", "achievement"), ("story", "story")])
def test_new_accepts_chinese_type_names(word, command):
    assert DEFAULT.by_command(word).command == command


def test_new_refuses_an_unknown_type_listing_both_forms(tmp_path, capsys):
    root = make_project(tmp_path, CORPUS / "_base" / "content")
    assert main(["new", "奖项", "x", "--root", str(root)]) == 1
    assert "program（品牌项目）" in capsys.readouterr().err


#: What staff fill in first: each required field of a fresh scaffold.
REQUIRED = {"title": "测试标题", "name": "测试机构", "region": "辽宁省/盘锦市", "organization": "demo-org",
            "category": "志愿服务", "summary": "一句话简介。"}


@pytest.mark.parametrize("kind", [c.command for c in DEFAULT])
def test_every_commented_example_validates_when_uncommented(kind, tmp_path):
    """As the comments instruct: fill the required fields, delete the # of every example line."""
    root = make_project(tmp_path, CORPUS / "_base" / "content")
    path = scaffold(root / "content", kind, "scaffolded")
    text = path.read_text("utf-8")
    uncommented = re.sub(r"^#(   - |     )", r"\1", text, flags=re.M)
    assert uncommented != text or kind in ("organization",)
    for key, value in REQUIRED.items():
        uncommented = re.sub(rf"^{key}:$", f"{key}: {value}", uncommented, flags=re.M)
    path.write_text(uncommented, "utf-8")
    shutil.copy(CORPUS / "_base/content/programs/demo-program/photo.jpg", path.parent / "photo.jpg")
    _, problems = _records(root)
    assert [p.render() for p in problems if p.path.endswith(path.name) or "scaffolded" in p.path] == []


def test_unknown_field_messages_do_not_offer_the_internal_slug(tmp_path, capsys):
    root = make_project(tmp_path, CORPUS / "_base" / "content", CORPUS / "unknown-key" / "content")
    main(["check", "--root", str(root)])
    assert "slug" not in capsys.readouterr().out


@pytest.mark.parametrize("name, slug", [("青春护航乡村少年成长计划", "qing-chun-hu-hang-xiang-cun-shao-nian-cheng-zhang-ji-hua"),
                                        ("重庆2024年 夏令营", "chong-qing-2024-nian-xia-ling-ying"),
                                        ("panjin-guanai", "panjin-guanai"), ("——", "")])
def test_a_chinese_file_name_gives_a_pinyin_slug(name, slug):
    from showcase.slugs import slug_of_name

    assert slug_of_name(name) == slug


def test_new_with_a_chinese_name(tmp_path, capsys):
    root = make_project(tmp_path, CORPUS / "_base" / "content")
    assert main(["new", "项目", "青春护航", "--root", str(root)]) == 0
    assert "网址 programs/qing-chun-hu-hang/" in capsys.readouterr().out
    assert (root / "content/programs/青春护航/index.md").is_file()
