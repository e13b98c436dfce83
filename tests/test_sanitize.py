"""The body sanitiser: attacks are removed and reported at their line; article Markdown is untouched."""

from __future__ import annotations

import re
import statistics
import time

import markdown
import pytest
import yaml

from conftest import ROOT
from showcase.sanitize import MARKDOWN_EXTENSIONS, clean, removed, render


def sample_bodies() -> list[tuple[str, str]]:
    """Every Markdown file of the sample content, without its front matter."""
    out = []
    for path in sorted((ROOT / "content").rglob("*.md")):
        parts = re.split(r"^-{3,}\s*$", path.read_text("utf-8"), maxsplit=2, flags=re.MULTILINE)
        out.append((path.relative_to(ROOT).as_posix(), parts[2] if len(parts) == 3 else parts[0]))
    return out


def with_rel(html: str) -> str:
    """The one change the policy makes to safe HTML: rel="noopener" on every link."""
    return re.sub(r"<a\b([^>]*)>", r'<a\1 rel="noopener">', html)


def test_extensions_are_the_sites():
    """removed() renders bodies as the site does: the same extensions as mkdocs.yml."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8"))
    names = [e if isinstance(e, str) else next(iter(e)) for e in config["markdown_extensions"]]
    assert tuple(names) == MARKDOWN_EXTENSIONS


@pytest.mark.parametrize("path,body", sample_bodies(), ids=lambda v: v if v.startswith("content/") else "")
def test_sample_content_passes_unchanged(path, body):
    """Headings' ids, table alignment, images and links of real content survive byte for byte."""
    html = render(body)
    assert clean(html) == with_rel(html)
    # MkDocs renders XHTML-style void elements; the sanitiser writes them as HTML5, nothing else changes.
    xhtml = markdown.markdown(body, extensions=list(MARKDOWN_EXTENSIONS))
    assert clean(xhtml) == with_rel(html)
    assert removed(body) == []


def test_extension_output_is_kept():
    """What attr_list, tables and toc write (ids, alignment, the toc class) is on the allow-list."""
    body = "[TOC]\n\n## 第一节\n\n## Second {: #second }\n\n| 左 | 中 | 右 |\n|:--|:-:|--:|\n| 1 | 2 | 3 |\n"
    html = render(body)
    assert 'class="toc"' in html and 'id="second"' in html and 'style="text-align: center;"' in html
    assert clean(html) == with_rel(html)
    assert removed(body) == []


def test_allowed_markup_is_kept():
    html = (
        '<h2 id="a">标题</h2><p><a href="mailto:a@b.cn" title="t">信</a> <a href="tel:+8610">电</a> '
        '<a href="../other/">页</a> <a href="#a">锚</a> <img src="https://example.org/a.jpg" alt="图" width="10" height="5"> '
        '<img src="photo.jpg" alt="照"> <time datetime="2021-05-04">五四</time> <abbr title="共青团">团</abbr></p>'
        '<table><tbody><tr><th colspan="2" scope="col">表</th></tr></tbody></table><details open=""><summary>s</summary>x</details>'
    )
    assert clean(html) == with_rel(html)


ATTACKS = [
    ("<script>alert(1)</script>", "<script>", "alert(1)"),
    ('<img src="x.jpg" alt="a" onerror="alert(1)">', 'onerror="alert(1)"', "onerror"),
    ('<details ontoggle="alert(1)" open><summary>s</summary></details>', 'ontoggle="alert(1)"', "ontoggle"),
    ('<iframe src="javascript:alert(1)"></iframe>', "<iframe>", "javascript"),
    ('<svg onload="alert(1)"><circle r="1"/></svg>', "<svg>", "onload"),
    ("[点我](javascript:alert(1))", "javascript:alert(1)", "javascript"),
    ("[点我](JavaScript:alert(1))", "JavaScript:alert(1)", "javascript"),
    ('<a href="&#106;avascript:alert(1)">点我</a>', "javascript:alert(1)", "avascript"),
    ('<a href="java&#x09;script:alert(1)">点我</a>', "java\tscript:alert(1)", "script:"),
    ("[点我][x]\n\n[x]: vbscript:msgbox(1)", "vbscript:msgbox(1)", "vbscript"),
    ("[点我](data:text/html;base64,PHNjcmlwdD4=)", "data:text/html;base64,PHNjcmlwdD4=", "data:"),
    ('段落\n{: onclick="alert(1)" }', 'onclick="alert(1)"', "onclick"),
    ('## 标题 {: onmouseover="alert(1)" }', 'onmouseover="alert(1)"', "onmouseover"),
    ("![图](http://example.org/a.jpg)", "http://example.org/a.jpg", "http://"),
    ("![图](//example.org/a.jpg)", "//example.org/a.jpg", "example.org"),
    ('<span style="background:url(javascript:alert(1))">字</span>', 'style="background:url(javascript:alert(1))"', "style"),
    ('<form action="https://evil.example"><input name="p"></form>', "<form>", "<form"),
]


@pytest.mark.parametrize("body,what,gone", ATTACKS)
def test_attack_is_removed_and_reported(body, what, gone):
    """The sanitised page no longer holds the attack, and removed() names what went."""
    assert gone.lower() not in clean(render(body)).lower()
    assert what in [w for _, w in removed(body)]


def test_removed_gives_each_line():
    body = (
        "正文，`<script>` 在代码里不算。\n\n<script>alert(1)</script>\n\n"
        '<iframe src="javascript:alert(1)"></iframe>\n\n'
        "[点我](javascript:alert(1))\n\n    <script>缩进的代码块不算</script>\n\n"
        "```\n<script>但本站没有 ``` 代码块，这一行算</script>\n```\n\n"
        '<a href="&#106;avascript:alert(3)">x</a> <span class="big" onclick="x">字</span>\n'
    )
    assert removed(body) == [
        (2, "<script>"),
        (4, "<iframe>"),
        (6, "javascript:alert(1)"),
        (11, "<script>"),
        (14, "javascript:alert(3)"),
        (14, 'class="big"'),
        (14, 'onclick="x"'),
    ]


def test_clean_is_fast():
    """The build will clean every body: a sample body takes microseconds (about 10 µs median here)."""
    htmls = [render(body) for _, body in sample_bodies()]
    clean(htmls[0])
    times = []
    for html in htmls:
        start = time.perf_counter()
        for _ in range(20):
            clean(html)
        times.append((time.perf_counter() - start) / 20)
    assert statistics.median(times) < 500e-6
