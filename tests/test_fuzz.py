"""Seeded mutations of real records: whatever staff (or a broken editor) write, loading never raises or hangs.

Each case copies four sample records (an organization, a programme, an achievement and
a story) and damages one of them a few times: characters deleted, duplicated or
inserted (full-width punctuation, YAML's own `:`, `-`, `[`, `&`, `*`, quotes, control
characters, tabs, a BOM), lines swapped, the file truncated, snippets known to have
broken the loader spliced in, or bytes that are not UTF-8. ``load_content`` must come
back with problems, each with a line and a message in both languages, within a few
seconds. The seeds are fixed, so a failure names a case that can be replayed.
"""

from __future__ import annotations

import random
import shutil
import signal
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import ROOT
from showcase.content import load_content
from showcase.problems import MESSAGES

RECORDS = [
    "organizations/panjin-tuanshiwei.md",
    "programs/panjin-guanai-xingdong/index.md",
    "achievements/panjin-nongmingong-zinv-quanbu-jiedui.md",
    "stories/panjin-qicai-ketang/index.md",
]
CHARACTERS = [
    "：", "，", "、", "“", "”", "「", "」", "【", "】", "（", "）", "\u3000",
    ":", "-", "[", "]", "{", "}", "&", "*", "!", "|", ">", "'", '"', "#", "%", "@", "`", "?", ",",
    "\t", "\x00", "\x01", "\x1b", "\x7f", "\x85", "\ufeff", "\r", "\n", " ", "\\",
]
SNIPPETS = [
    "---\n", "&a ", "*a", "!!int x", "!!timestamp x", "[[[[[[", "{{{{", "? [a]\n: 1\n", "<<: {title: x}\n",
    "~: 1\n", "123: 4\n", ".inf", ".nan", "1e309", "0x_", "1" * 5000, "\\x00", '"\\x01"', "<script>alert(1)</script>",
    "](javascript:alert(1))", "<img src=x onerror=alert(1)>", "{: onclick=x }", "- - - -", "    ", "...\n",
]
CASES = 300
BATCH = 25
SECONDS_PER_CASE = 5


def mutate(text: str, rng: random.Random) -> str:
    for _ in range(rng.randint(1, 4)):
        at = rng.randrange(len(text) + 1)
        action = rng.choice(["delete", "duplicate", "insert", "insert", "snippet", "truncate", "swap"])
        if action == "delete":
            text = text[:at] + text[at + rng.randint(1, 8):]
        elif action == "duplicate":
            text = text[:at] + text[at:at + rng.randint(1, 40)] + text[at:]
        elif action == "insert":
            text = text[:at] + rng.choice(CHARACTERS) * rng.randint(1, 3) + text[at:]
        elif action == "snippet":
            text = text[:at] + rng.choice(SNIPPETS) + text[at:]
        elif action == "truncate":
            text = text[:at]
        else:
            lines = text.split("\n")
            i, j = rng.randrange(len(lines)), rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
            text = "\n".join(lines)
    return text


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("fuzz")
    for record in RECORDS:
        source, target = ROOT / "content" / record, root / "content" / record
        if source.name == "index.md":  # a bundle: its photos too, so that they are found
            shutil.copytree(source.parent, target.parent)
        else:
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, target)
    return root


class TookTooLong(Exception):
    pass


@contextmanager
def time_limit(seconds: int):
    """A hang fails the case instead of the whole run; the previous alarm handler comes back after."""

    def expire(signum, frame):
        raise TookTooLong(f"over {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def load_mutated(project: Path, record: str, data: bytes):
    path = project / "content" / record
    original = path.read_bytes()
    path.write_bytes(data)
    try:
        start = time.perf_counter()
        with time_limit(SECONDS_PER_CASE):
            content = load_content(project, project / "content")
        return content, time.perf_counter() - start
    finally:
        path.write_bytes(original)


@pytest.mark.parametrize("first", range(0, CASES, BATCH))
def test_mutated_records_load_without_exceptions(project, first):
    for seed in range(first, first + BATCH):
        rng = random.Random(seed)
        record = rng.choice(RECORDS)
        text = mutate((ROOT / "content" / record).read_text("utf-8"), rng)
        data = text.encode("utf-8", "surrogatepass")
        if rng.random() < 0.05:  # now and then, bytes that are not UTF-8 at all
            at = rng.randrange(len(data) + 1)
            data = data[:at] + b"\xff\xfe" + data[at:]
        try:
            content, seconds = load_mutated(project, record, data)
        except Exception as err:  # noqa: BLE001 - the point is that nothing escapes
            pytest.fail(f"seed {seed} ({record}): {type(err).__name__}: {err}\n{data[:600]!r}")
        assert seconds < SECONDS_PER_CASE, f"seed {seed}: {seconds:.1f} s"
        for problem in content.problems:
            assert problem.code in MESSAGES, f"seed {seed}: {problem}"
            assert problem.line >= 1, f"seed {seed}: {problem}"
            assert problem.message("zh") and problem.message("en")


HOSTILE = {
    "billion-laughs": "---\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"
    + "".join(f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8))
    + "---\n",
    "nested-brackets": "---\ntitle: " + "[" * 100_000 + "\n---\n",
    "nested-mappings": "---\n" + "".join(" " * i + f"k{i}:\n" for i in range(2000)) + "---\n",
    "long-integer": "---\nstarted: " + "9" * 1_000_000 + "\n---\n",
    "long-float": "---\nstarted: 1." + "9" * 1_000_000 + "\n---\n",
}


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_front_matter_is_refused_quickly(project, name):
    """Each of these took minutes, gigabytes or a traceback before the loader's limits."""
    record = "achievements/panjin-nongmingong-zinv-quanbu-jiedui.md"
    content, seconds = load_mutated(project, record, HOSTILE[name].encode())
    assert seconds < 2
    codes = {p.code for p in content.problems if p.path.endswith(record)}
    assert codes & {"yaml_alias", "yaml_too_deep", "number_too_long"}, codes


def test_mutated_photos_are_refused_or_rendered_never_a_traceback(tmp_path):
    """Byte flips, cuts and spliced headers in real photos: each is either rendered or
    refused with a problem code, within a few seconds, never an exception of another kind."""
    import random
    import time

    from showcase.photos.inspect import PhotoIssue, probe
    from showcase.photos.render import RenderError, render
    from showcase.photos.settings import PhotoSettings

    settings = PhotoSettings()
    sources = sorted((ROOT / "tests/corpus/_base/content").rglob("*.jpg")) + sorted((ROOT / "content/programs").rglob("*.jpg"))[:2]
    rng = random.Random(14)
    for case in range(60):
        data = bytearray(rng.choice(sources).read_bytes())
        how = case % 3
        if how == 0:
            for _ in range(rng.randint(1, 20)):
                data[rng.randrange(len(data))] = rng.randrange(256)
        elif how == 1:
            data = data[: rng.randrange(1, len(data))]
        else:
            cut = rng.randrange(2, min(len(data), 4000))
            data = data[:cut] + bytes(rng.randrange(256) for _ in range(rng.randint(1, 64))) + data[cut:]
        path = tmp_path / f"case{case}.jpg"
        path.write_bytes(bytes(data))
        started = time.monotonic()
        checked = probe(path, settings)
        if not isinstance(checked, PhotoIssue):
            (tmp_path / f"out{case}").mkdir()
            try:
                render(path, tmp_path / f"out{case}", "case", f"k{case}", settings)
            except RenderError as refused:
                assert refused.issue.code.startswith("photo_")
        else:
            assert checked.code.startswith("photo_")
        assert time.monotonic() - started < 10, case
