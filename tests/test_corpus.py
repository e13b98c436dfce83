"""Every bad-file case reports exactly the expected problems, at the expected lines."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from conftest import CORPUS, make_project
from showcase.cli import main
from showcase.content import load_content
from showcase.problems import MESSAGES

CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir() and not p.name.startswith("_"))


@pytest.fixture
def project(tmp_path):
    def build(case: str) -> Path:
        return make_project(tmp_path, CORPUS / "_base" / "content", CORPUS / case / "content")

    return build


@pytest.mark.parametrize("case", CASES)
def test_case_reports_exact_problems(case, project, capsys):
    root = project(case)
    expected = (CORPUS / case / "expected.txt").read_text("utf-8").splitlines()
    code = main(["check", "--root", str(root)])
    printed = capsys.readouterr().out.splitlines()
    assert printed == expected
    assert code == (1 if any("（警告）" not in line and "（提醒）" not in line for line in expected) else 0)


#: Codes without a corpus case, and why: each is tested where it can be produced.
NOT_IN_CORPUS = {
    "invalid": "pydantic's fallback for an error we have not translated: no content is known to produce it",
    "photo_outside": "needs a symbolic link made at test time (test_symlink_out_of_content_is_refused)",
    "link_outside": "needs a symbolic link made at test time (test_a_link_out_of_content_is_left_out)",
    "photo_undecodable": "a file Pillow opens but cannot decode (tests/test_photos.py)",
    "anchor_missing": "found while pages are rendered, not by check (tests/test_pipeline.py)",
    "photo_not_in_cache": "a metadata-only build against a shared photo cache (tests/test_remote_photos.py)",
}


def test_every_rule_has_a_case(tmp_path):
    """The corpus covers each code a content mistake can produce, but those listed above."""
    codes: set[str] = set()
    for case in CASES:
        root = make_project(tmp_path / case, CORPUS / "_base" / "content", CORPUS / case / "content")
        codes |= {p.code for p in load_content(root, root / "content").problems}
    rules = set(MESSAGES) - set(NOT_IN_CORPUS)
    assert rules <= codes, f"no corpus case for {sorted(rules - codes)}"


def test_messages_in_english(project, capsys):
    root = project("bad-reference")
    main(["check", "--root", str(root), "--lang", "en"])
    out = capsys.readouterr().out
    assert "content/achievements/wrong-ref.md:4: organization: no organization `demo-orgs`. Did you mean `demo-org`?" in out


def test_json_format(project, capsys):
    root = project("units")
    assert main(["check", "--root", str(root), "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data[0] == {
        "path": "content/achievements/unit-kind.md",
        "line": 8,
        "field": "metrics[0].kind",
        "code": "unit_kind",
        "message": "单位「人」与类别 service_hours 不符。此类别可用单位：小时。",
        "severity": "error",
    }


def test_symlink_out_of_content_is_refused(project, tmp_path, capsys):
    root = project("traditional-values")
    outside = tmp_path / "secret.jpg"
    outside.write_bytes((CORPUS / "_base/content/programs/demo-program/photo.jpg").read_bytes())
    folder = root / "content/programs/demo-program"
    os.symlink(outside, folder / "linked.jpg")
    index = folder / "index.md"
    index.write_text(index.read_text("utf-8").replace("cover: photo.jpg", "cover: linked.jpg")
                     .replace("photos:\n", "photos:\n  - file: linked.jpg\n    alt: 链接\n"), "utf-8")
    assert main(["check", "--root", str(root)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "content/programs/demo-program/index.md:8: photos[0].file: 照片「linked.jpg」指向 content/ 之外。请把照片本身复制进记录的文件夹。"
    ]


def test_a_link_out_of_content_is_left_out(project, tmp_path, capsys):
    """A link to a file elsewhere on the machine (``/proc/self/environ``, a CI token…) is
    neither read nor published, and check says so."""
    root = project("traditional-values")
    secret = tmp_path / "environ.txt"
    secret.write_text("TOKEN=secret\n", "utf-8")
    os.symlink(secret, root / "content/env.txt")
    (root / "content/achievements").mkdir(exist_ok=True)
    os.symlink(secret, root / "content/achievements/linked.md")
    assert main(["check", "--root", str(root)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert [line.split(": ")[0] for line in out] == ["content/achievements/linked.md:1", "content/env.txt:1"]
    assert all("指向 content/ 以外" in line for line in out)
