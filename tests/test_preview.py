"""Under the preview, a record with a problem shows a Chinese error page at its own address,
which reloads itself into the record's page once the file is fixed."""

from __future__ import annotations

import os
import signal
import subprocess
import time

import pytest

from conftest import BIN, CORPUS, make_project, mkdocs_build
from test_windows import _answers, _free_port

from showcase.content import load_content
from showcase.preview import broken_pages
from showcase.registry import DEFAULT

GOOD = "summary: 一个用于测试的示例项目。"
BAD = "summary:\n  - 不是一句话"


def _project(tmp_path):
    project = make_project(tmp_path / "project", CORPUS / "_base" / "content")
    (project / "content/programs/second").mkdir()
    (project / "content/programs/second/index.md").write_text(
        "---\ntitle: 第二个项目\norganization: demo-org\ncategory: 志愿服务\nsummary: 另一个项目。\n---\n", "utf-8")
    return project


def test_broken_pages_name_file_line_and_mark_the_line(tmp_path):
    project = _project(tmp_path)
    index = project / "content/programs/demo-program/index.md"
    index.write_text(index.read_text("utf-8").replace(GOOD, BAD), "utf-8")
    (project / "content/organizations/broken.md").write_text("---\nname: 坏机构\nregion: 辽宁省\nwebsite: 网站\n---\n", "utf-8")
    (project / "content/stories/s.md").parent.mkdir(exist_ok=True)
    (project / "content/stories/s.md").write_text("---\ntitle：故事\ndate: 2021-01-01\nprograms: [second]\n---\n", "utf-8")
    content = load_content(project, project / "content")
    pages = {page.url: page for page in broken_pages(content, DEFAULT)}
    assert set(pages) == {"programs/demo-program/", "organizations/broken/"}  # the story is only warned about
    problem = pages["programs/demo-program/"].problems[0]
    assert (problem.path, problem.line, problem.field) == ("content/programs/demo-program/index.md", 5, "summary")
    assert [l.number for l in problem.excerpt if l.marked] == [5] and problem.excerpt[2].text == "summary:"
    assert "应为文字" in problem.message


def test_a_record_naming_a_broken_one_gets_a_page_too(tmp_path):
    project = _project(tmp_path)
    org = project / "content/organizations/demo-org.md"
    org.write_text(org.read_text("utf-8").replace("region: 辽宁省/盘锦市", "region: 辽宁省 盘锦市"), "utf-8")
    pages = {page.url: page for page in broken_pages(load_content(project, project / "content"), DEFAULT)}
    assert pages["programs/second/"].because_of == "机构「demo-org」"
    assert pages["programs/second/"].problems[0].field == "region"


def test_a_strict_build_still_fails(tmp_path):
    project = _project(tmp_path)
    index = project / "content/programs/demo-program/index.md"
    index.write_text(index.read_text("utf-8").replace(GOOD, BAD), "utf-8")
    result = mkdocs_build(project, tmp_path / "site")
    assert result.returncode != 0
    assert not (tmp_path / "site/programs/demo-program/index.html").exists()


@pytest.mark.browser
def test_preview_shows_the_problem_and_recovers_by_itself(tmp_path, browser):
    project = _project(tmp_path)
    index = project / "content/programs/demo-program/index.md"
    port = _free_port()
    server = subprocess.Popen([str(BIN / "showcase"), "serve", "--root", str(project), "--dev-addr", f"127.0.0.1:{port}"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                              env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, start_new_session=True)
    base = f"http://127.0.0.1:{port}/showcase/"
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and _answers(base + "programs/demo-program/") != 200:
            time.sleep(0.5)
        page = browser.new_page()
        page.goto(base + "programs/demo-program/")
        assert page.locator("h1").first.inner_text().strip() == "示例项目"
        index.write_text(index.read_text("utf-8").replace(GOOD, BAD), "utf-8")
        page.wait_for_selector("text=这一页暂时无法显示", timeout=60000)  # reloaded by itself
        body = page.inner_text("body")
        assert "content/programs/demo-program/index.md 第 5 行 · 字段 summary" in body and "应为文字" in body
        assert page.locator(".sc-mark").inner_text().endswith("summary:")
        other = browser.new_page()
        other.goto(base + "programs/second/")
        assert other.locator("h1").first.inner_text().strip() == "第二个项目"  # other records keep working
        other.close()
        index.write_text(index.read_text("utf-8").replace(BAD, GOOD), "utf-8")
        page.wait_for_selector("h1:has-text('示例项目')", timeout=60000)  # back, without a manual reload
        page.close()
    finally:
        os.killpg(server.pid, signal.SIGINT)
        try:
            out, err = server.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            out, err = server.communicate()
    assert "预览地址：" in err
    assert "请在浏览器中打开 http://127.0.0.1:%d/showcase/programs/demo-program/ 查看问题说明" % port in err
