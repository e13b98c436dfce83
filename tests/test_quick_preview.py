"""Under the preview, a saved record's page is refreshed on its own before MkDocs' full
rebuild ends (``refresh.py``, ``mkdocs_serve.py``); the full rebuild's page then replaces
it and equals a cold build's."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from conftest import BIN, ROOT
from test_windows import _answers, _free_port

from showcase.build import Options, prepare
from showcase.refresh import refresh
from showcase.siteinfo import SiteInfo

RECORD = "content/programs/program-00001/index.md"
PAGE = "programs/program-00001/"
QUICK = "quick refresh: /" + PAGE
FULL = "Reloading browsers"
LIVERELOAD = re.compile(rb"<script>\s*var livereload = function.*?</script>", re.S)


def _first_words(record: Path) -> str:
    """The start of the record's first paragraph of body text."""
    body = record.read_text("utf-8").split("\n---\n", 1)[1]
    first = next(line for line in body.splitlines() if line.strip() and not line.startswith(("#", "!", "<", "-")))
    return first.strip()[:12]


def _synth(tmp_path: Path, records: int) -> Path:
    project = tmp_path / "project"
    subprocess.run([str(BIN / "showcase"), "synth", str(project), "--records", str(records), "--photos", "0",
                    "--root", str(ROOT), "--text", "phrases"], check=True, capture_output=True)
    return project


def _summary(path: Path, new: str) -> None:
    """Save the record with its ``summary:`` line (or lines) replaced by ``summary: new``."""
    text = path.read_text("utf-8")
    path.write_text(re.sub(r"^summary:.*(\n  - .*)*$", lambda _: f"summary:{new}", text, count=1, flags=re.M), "utf-8")


def test_refresh_plans_one_record_against_the_previous_build(tmp_path):
    project = _synth(tmp_path, 40)
    build = prepare(Options(project, project / "content", SiteInfo.of("https://example.org/showcase/", "示例", "")))
    record = project / RECORD
    _summary(record, " 刚刚保存的摘要")
    done = refresh(build, record)
    assert done is not None and done.url == PAGE and done.broken is None
    assert done.view().record.summary == "刚刚保存的摘要"
    assert done.site.get("programs", "program-00001").record.summary == "刚刚保存的摘要"
    assert build.content.site.get("programs", "program-00001").record.summary != "刚刚保存的摘要"  # the build is untouched
    assert all(not [p for p in src.problems if not p.warning] for src in build.content.sources)
    record.write_text(record.read_text("utf-8").replace("summary: 刚刚保存的摘要", "summary:\n  - 不是一句话"), "utf-8")
    broken = refresh(build, record)
    assert broken is not None and broken.url == PAGE and broken.entry is None
    assert broken.broken.problems[0].field == "summary"
    record.write_text(record.read_text("utf-8").replace("slug:", "x:").replace("---\n", "---\nslug: renamed\n", 1), "utf-8")
    assert refresh(build, record) is None  # a new address: only the full rebuild can tell
    assert refresh(build, project / "content/programs/new.md") is None


def _fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read()


@pytest.mark.browser
def test_a_saved_page_shows_before_the_full_rebuild_and_the_rebuild_equals_a_cold_build(tmp_path, browser):
    project = _synth(tmp_path, 300)
    record = project / RECORD
    port = _free_port()
    log = tmp_path / "serve.log"
    with open(log, "w", encoding="utf-8") as out:
        server = subprocess.Popen([str(BIN / "showcase"), "serve", "--root", str(project), "--dev-addr", f"127.0.0.1:{port}"],
                                  stdout=out, stderr=subprocess.STDOUT, text=True,
                                  env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, start_new_session=True)
    base = f"http://127.0.0.1:{port}/showcase/"
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and _answers(base + PAGE) != 200:
            time.sleep(0.5)
        page = browser.new_page()
        page.goto(base + PAGE)
        fulls = log.read_text("utf-8").count(FULL)

        _summary(record, " 保存后立即可见的摘要")
        page.wait_for_selector("text=保存后立即可见的摘要", timeout=60000)  # reloaded by itself
        assert _first_words(record) in page.inner_text("article")  # the quick page has its body too
        text = log.read_text("utf-8")
        assert QUICK in text  # the quick refresh wrote it ...
        assert text.count(FULL, text.index(QUICK)) == text.count(FULL) - fulls  # ... before that save's full rebuild ended
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and log.read_text("utf-8").count(FULL) <= fulls:
            time.sleep(0.5)
        time.sleep(1)
        served = LIVERELOAD.sub(b"", _fetch(base + PAGE))

        _summary(record, "\n  - 不是一句话")
        page.wait_for_selector("text=这一页暂时无法显示", timeout=60000)
        assert "字段 summary" in page.inner_text("body")
        assert log.read_text("utf-8").count(QUICK) >= 2
        page.close()
    finally:
        os.killpg(server.pid, signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
    _summary(record, " 保存后立即可见的摘要")
    config = project / "mkdocs.yml"
    local = project / "local.yml"
    local.write_text(re.sub(r"^site_url: .*$", f"site_url: {base}", config.read_text("utf-8"), count=1, flags=re.M), "utf-8")
    cold = tmp_path / "cold"
    result = subprocess.run([str(BIN / "mkdocs"), "build", "-q", "-f", str(local), "-d", str(cold)],
                            capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, cwd=project)
    assert result.returncode == 0, result.stderr
    assert served == (cold / PAGE / "index.html").read_bytes()
