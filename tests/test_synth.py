"""Benchmark content: valid, deterministic, and with the vocabulary and lengths of real text."""

from __future__ import annotations

import re
from pathlib import Path

from showcase.chinese import simplified_copy
from showcase.content import load_content
from showcase.synth import synthesize
from showcase.synth_text import load_lexicon

HAN = re.compile(r"[\u4e00-\u9fff]")


def _bodies(content: Path, kind: str) -> list[str]:
    return [path.read_text("utf-8").split("---\n", 2)[2] for path in sorted((content / kind).rglob("*.md"))]


def _files(content: Path) -> dict[str, bytes]:
    return {p.relative_to(content).as_posix(): p.read_bytes() for p in sorted(content.rglob("*.md"))}


def test_realistic_text_is_valid_long_varied_and_deterministic(tmp_path):
    content = tmp_path / "project" / "content"
    counts = synthesize(content, 80, seed=3)
    loaded = load_content(tmp_path / "project", content, tmp_path / "cache")
    assert [p for p in loaded.problems if not p.warning] == []
    assert sum(counts.values()) == len(list(content.rglob("*.md")))
    programmes = _bodies(content, "programs")
    lengths = [len(HAN.findall(body)) for body in programmes]
    assert min(lengths) >= 1200 and max(lengths) <= 3300, lengths  # 1,500–3,000 characters with punctuation
    words = set(load_lexicon().every.words)
    text = "".join(programmes)
    # a real vocabulary: thousands of distinct two-character words, not fifty phrases
    assert len({text[i : i + 2] for i in range(len(text) - 1)} & words) > 3000
    assert sum(1 for body in programmes if simplified_copy(body)) == 0, "simplified text needs no simplified copy"
    again = tmp_path / "again" / "content"
    synthesize(again, 80, seed=3)
    assert _files(content) == _files(again)


def test_phrases_text_is_kept_for_comparison(tmp_path):
    content = tmp_path / "content"
    synthesize(content, 40, seed=1, text="phrases")
    programmes = _bodies(content, "programs")
    text = "".join(programmes)
    assert all(len(body) < 900 for body in programmes)
    assert len({text[i : i + 2] for i in range(len(text) - 1)}) < 1500
