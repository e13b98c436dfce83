"""Unit tests of the plain-Python core: loading, figures, pages, and its independence from MkDocs."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from showcase.figures import Figure
from showcase.load import read_source
from showcase import routes
from showcase.routes import url_of
from showcase.schema import Metric


def _source(tmp_path: Path, text: str):
    path = tmp_path / "content/achievements/a.md"
    path.parent.mkdir(parents=True)
    path.write_text(text, "utf-8")
    return read_source(path, tmp_path, tmp_path / "content", "achievements")


def test_key_lines_follow_the_file(tmp_path):
    src = _source(tmp_path, "---\ntitle: 甲\ndate: 2021-01-01\nmetrics:\n  - label: 乙\n    value: 3\n---\n正文\n")
    assert src.line_of(("title",)) == 2
    assert src.line_of(("metrics", 0, "value")) == 6
    assert src.line_of(("metrics", 0, "unit")) == 5  # a missing key points at its item
    assert src.line_of(("nothing",)) == 1
    assert src.body == "正文\n" and src.body_line == 8


def test_byte_order_mark_and_impossible_date_do_not_crash(tmp_path):
    src = _source(tmp_path, "\ufeff---\ntitle: 甲\ndate: 2021-02-30\n---\n")
    assert src.problems == []
    assert src.data["date"] == "2021-02-30"


def test_not_utf8_is_a_problem_not_a_crash(tmp_path):
    path = tmp_path / "content/achievements/gbk.md"
    path.parent.mkdir(parents=True)
    path.write_bytes("---\ntitle: 关爱\n---\n".encode("gbk"))
    src = read_source(path, tmp_path, tmp_path / "content", "achievements")
    assert [(p.line, p.code) for p in src.problems] == [(1, "encoding")]


@pytest.mark.parametrize(
    ("value", "unit", "qualifier", "shown"),
    [(4126, "名", None, "4,126名"), (4000, "人", "余", "4,000余人"), (7.67, "万元", None, "7.67万元"), (12.5, "%", None, "12.5%"),
     (30, "场", "近", "近30场"), (125000, "元", None, "12.5万元"), (10, "名", "以上", "10名以上")],
)
def test_figure_numbers(value, unit, qualifier, shown):
    assert Figure("x", value, unit, qualifier).short == shown


def test_urls_and_tag_paths():
    assert url_of("index.md") == ""
    assert url_of("programs/index.md") == "programs/"
    assert url_of("programs/category/care.md") == "programs/category/care/"
    assert routes.tag("志願服務") == routes.tag("志愿服务") == "tags/志愿服务.md"
    assert routes.tag("a/b c") == "tags/a-b-c.md"


@pytest.mark.parametrize("value", ["index", ".", "..", "page", "", "INDEX", "../../etc", "a" * 400, "標" * 200, "x\x00y"])
def test_values_from_content_become_one_safe_folder_name(value):
    """A tag or region level never collides with a listing's own page, climbs out of its
    folder or exceeds a file system's name limit."""
    name = routes.segment(value)
    assert name and "/" not in name and "\\" not in name and name.lower() not in ("index", "page", ".", "..")
    assert not name.startswith(".") and len(name.encode()) <= 120
    assert routes.segment(value) == name
    if len(value) > 100:
        assert routes.segment(value + "x") != name, "long values stay distinct"


def test_core_never_imports_mkdocs():
    """Only the glue modules (named mkdocs_*) may import MkDocs."""
    code = (
        "import sys, pkgutil, importlib, showcase\n"
        "for m in pkgutil.iter_modules(showcase.__path__):\n"
        "    if not m.name.startswith('mkdocs_'): importlib.import_module('showcase.' + m.name)\n"
        "print(sorted(n for n in sys.modules if n == 'mkdocs' or n.startswith('mkdocs.')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_pinyin_order_reads_polyphones_in_context_and_is_total():
    from showcase.chinese import pinyin_sorted

    names = ["资溪", "重庆", "阿坝", "天长", "长沙", "Zeta", "盘锦", "延平"]
    # 重庆 is chóng (c…), 长沙 is cháng (c…), 天长 is tiān cháng; Latin names sort among them
    assert pinyin_sorted(names) == ["阿坝", "长沙", "重庆", "盘锦", "天长", "延平", "Zeta", "资溪"]
    assert pinyin_sorted(["关爱", "關愛", "关爱"]) == ["关爱", "关爱", "關愛"]  # ties: by the text itself


def test_qr_code_path_draws_a_code_that_decodes_to_its_address():
    """The SVG path the template draws, rasterized here run by run, decodes to the address."""
    import re

    import zxingcpp
    from PIL import Image, ImageDraw

    from showcase.qr import qr_code

    url = "https://example.org/showcase/programs/panjin-guanai-xingdong/"
    code = qr_code(url)
    scale = 8
    image = Image.new("L", (code.size * scale, code.size * scale), 255)
    draw = ImageDraw.Draw(image)
    for x, y, run in re.findall(r"M(\d+) (\d+)\.5h(\d+)", code.path):
        x, y, run = int(x), int(y), int(run)
        draw.rectangle([x * scale, y * scale, (x + run) * scale - 1, (y + 1) * scale - 1], fill=0)
    assert [r.text for r in zxingcpp.read_barcodes(image)] == [url]
    assert code.url == url and code.size == 33 + 2 * 2  # version 4 (33 modules) with a quiet zone of 2


def test_a_problem_found_after_loading_still_names_its_line(tmp_path):
    """A valid record's line index is dropped once it is validated (memory at 100,000
    records); a problem found later (a photo, in the plan) reads the file again for it."""
    from showcase.content import load_content

    content = tmp_path / "content"
    path = content / "achievements/a.md"
    path.parent.mkdir(parents=True)
    path.write_text("---\ntitle: 甲\ndate: 2021-01-01\nsummary: 乙\n\nmetrics:\n  - label: 丙\n    value: 3\n    unit: 个\n---\n正文\n", "utf-8")
    loaded = load_content(tmp_path, content)
    src = next(s for s in loaded.sources if s.path == "content/achievements/a.md")
    assert not src.problems and src.lines is None
    assert src.line_of(("metrics", 0, "value")) == 8
    assert src.line_of(("summary",)) == 4
