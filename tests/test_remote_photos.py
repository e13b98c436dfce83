"""The shared photo cache in object storage, against moto's S3 server on 127.0.0.1.

What must hold (issue 19): N shard jobs render every photo once into the store; the
final build then fetches them all, renders none, and writes the same bytes as one
machine building alone; a shard killed midway leaves nothing a build would trust but
complete entries; an unreachable store stops the build with one line naming a photo.
A metadata-only final build downloads no photo file (checked on the server's own request
log), writes the same pages, and publishing it to the same storage copies the photo files
there, giving the same objects as publishing the single-machine build.
Each "machine" here is its own copy of the project, so no local cache is shared.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import boto3
import pytest
from PIL import Image

from showcase import publish, routes
from showcase.photos.pipeline import Job, in_shard
from showcase.photos.cache import PhotoCache
from showcase.photos.remote import RemoteSpec
from showcase.photos.settings import PhotoSettings
from showcase.synth import synthesize

from conftest import ROOT
from s3 import RequestLog, isolate_aws, logged_moto_server, new_bucket

BIN = Path(sys.executable).parent
PHOTOS = 12


@pytest.fixture(scope="module")
def server():
    yield from logged_moto_server()


@pytest.fixture(scope="module")
def endpoint(server) -> str:
    return server[0]


@pytest.fixture(scope="module")
def requests(server) -> RequestLog:
    return server[1]


@pytest.fixture(autouse=True)
def credentials(monkeypatch, tmp_path):
    isolate_aws(monkeypatch, tmp_path, ("SHOWCASE_PHOTO_CACHE", "SHOWCASE_PHOTO_CACHE_ENDPOINT", "SHOWCASE_PHOTO_CACHE_WRITE"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")


@pytest.fixture
def s3(endpoint):
    return boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")


@pytest.fixture
def bucket(s3):
    return new_bucket(s3, "photos")


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """A small synthetic site whose programmes carry distinct photos (one photo twice,
    under two names, as when a programme's photo is copied into another record)."""
    root = tmp_path_factory.mktemp("project")
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "theme", root / "theme")
    synthesize(root / "content", 30, seed=3)
    programs = sorted((root / "content" / "programs").iterdir())[:PHOTOS]
    for i, folder in enumerate(programs):
        name = f"photo-{i:02d}.jpg"
        if i == PHOTOS - 1:  # the same bytes as the first photo
            shutil.copy(programs[0] / "photo-00.jpg", folder / name)
        else:
            noise = Image.effect_noise((900, 600), 30 + i).convert("RGB")
            Image.blend(noise, Image.new("RGB", (900, 600), (20 * i, 120, 200 - 10 * i)), 0.6).save(folder / name, quality=85)
        index = folder / "index.md"
        text = index.read_text("utf-8")
        index.write_text(text.replace("---\n", f"---\ncover: {name}\nphotos:\n- file: {name}\n  alt: 活动现场第{i}张\n", 1), "utf-8")
    return root


def machine(project: Path, where: Path) -> Path:
    """A fresh checkout of the project on another runner: no local cache."""
    shutil.copytree(project, where, ignore=shutil.ignore_patterns(".cache", "site"))
    return where


def env(endpoint: str, bucket: str, **extra: str) -> dict[str, str]:
    return {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SHOWCASE_PHOTO_CACHE": f"s3://{bucket}/photo-cache",
            "SHOWCASE_PHOTO_CACHE_ENDPOINT": endpoint, **extra}


def showcase(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / "showcase"), *args], capture_output=True, text=True, env=env or os.environ)


def summary(output: str) -> str:
    lines = [line for line in output.splitlines() if "照片：本地缓存" in line]
    assert len(lines) == 1, output
    return lines[0]


def tree(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def objects(s3, bucket: str) -> dict[str, int]:
    pages = s3.get_paginator("list_objects_v2").paginate(Bucket=bucket)
    return {o["Key"]: o["Size"] for page in pages for o in page.get("Contents", [])}


@pytest.fixture(scope="module")
def alone_site(project, tmp_path_factory) -> Path:
    """The site as one machine builds it, with no shared cache."""
    root = machine(project, tmp_path_factory.mktemp("alone") / "p")
    result = showcase("build", "--root", str(root), env={**os.environ, "SOURCE_DATE_EPOCH": "1700000000"})
    assert result.returncode == 0, result.stderr
    assert "新渲染 11 张" in summary(result.stderr)  # twelve photos, two of them the same bytes
    return root / "site"


@pytest.fixture(scope="module")
def alone(alone_site) -> dict[str, bytes]:
    return tree(alone_site)


def test_shards_cover_every_photo_exactly_once(project, tmp_path):
    cache = PhotoCache(tmp_path, PhotoSettings())
    jobs = [Job(p, p.stem) for p in sorted((project / "content").rglob("photo-*.jpg"))]
    owners = [[n for n in range(1, 5) if in_shard(cache, job, n, 4)] for job in jobs]
    assert all(len(found) == 1 for found in owners), owners
    assert len({n for found in owners for n in found}) > 1  # spread, not all on one shard
    same = [owner for job, owner in zip(jobs, owners) if job.source.name in ("photo-00.jpg", f"photo-{PHOTOS - 1:02d}.jpg")]
    assert same[0] == same[1]  # one content, one shard


def test_four_concurrent_shards_then_a_build_that_renders_nothing(project, alone, endpoint, s3, bucket, tmp_path):
    shards = [subprocess.Popen([str(BIN / "showcase"), "photos", "--shard", f"{n}/4", "--workers", "1",
                                "--root", str(machine(project, tmp_path / f"shard{n}"))],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env(endpoint, bucket))
              for n in range(1, 5)]
    outputs = [shard.communicate(timeout=300) for shard in shards]
    assert [shard.returncode for shard in shards] == [0, 0, 0, 0], outputs
    rendered = [int(summary(err).split("新渲染 ")[1].split(" ")[0]) for _, err in outputs]
    assert sum(rendered) == 11, outputs  # every distinct photo once, over all shards
    metas = [key for key in objects(s3, bucket) if key.endswith("/meta.json")]
    assert len(metas) == PHOTOS and all(key.startswith("photo-cache/") for key in metas)

    final = machine(project, tmp_path / "final")
    result = showcase("build", "--root", str(final), env=env(endpoint, bucket))
    assert result.returncode == 0, result.stderr
    line = summary(result.stderr)
    assert "新渲染 0 张" in line and f"取回 {PHOTOS} 张" in line and "上传 0 张" in line, line
    assert tree(final / "site") == alone

    # published to the same storage: the photo files are copied there, not sent again
    photo_files = {rel for rel in alone if publish.FINGERPRINTED[0].search(rel)}
    assert len(photo_files) == PHOTOS * 5  # 480 and 900 wide, WebP and JPEG, and the Open Graph image
    args = ["publish", f"s3://{bucket}/site", "--endpoint", endpoint, "--site", str(final / "site"),
            "--cache-dir", str(final / ".cache"), "--photo-cache", f"s3://{bucket}/photo-cache"]
    result = showcase(*args, env=env(endpoint, bucket))
    assert result.returncode == 0, result.stderr
    copied = {line.split()[-1] for line in result.stdout.splitlines() if line.startswith("copy (new) ")}
    assert copied == {f"site/{rel}" for rel in photo_files}
    assert f"copied {len(photo_files)} from the photo cache" in result.stdout
    for rel in sorted(photo_files)[:5]:
        stored = s3.get_object(Bucket=bucket, Key=f"site/{rel}")
        assert stored["Body"].read() == alone[rel] and stored["CacheControl"] == publish.IMMUTABLE
    again = showcase(*args, env=env(endpoint, bucket))
    assert f"uploaded 0 (0 B), copied 0 from the photo cache, unchanged {len(alone)}" in again.stdout, again.stdout


def test_a_killed_shard_leaves_only_complete_entries_trusted(project, alone, endpoint, s3, bucket, tmp_path):
    runner = machine(project, tmp_path / "shard")
    shard = subprocess.Popen([str(BIN / "showcase"), "photos", "--shard", "1/1", "--workers", "1", "--root", str(runner)],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env(endpoint, bucket))
    deadline = time.monotonic() + 240
    while not objects(s3, bucket) and shard.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    shard.send_signal(signal.SIGKILL)
    shard.wait()
    # whatever the kill left, and two torn entries made on purpose: variants without their
    # metadata object (killed before the last upload), and a metadata object whose variant
    # was lost (another writer's bytes, or storage trouble)
    present = objects(s3, bucket)
    complete = {key.rsplit("/", 2)[1] for key in present if key.endswith("/meta.json")}
    helper = machine(project, tmp_path / "helper")
    assert showcase("photos", "--shard", "1/1", "--root", str(helper), env=env(endpoint, bucket)).returncode == 0
    after = objects(s3, bucket)
    entries = sorted({key.rsplit("/", 2)[1] for key in after if key.endswith("/meta.json")} - complete)
    assert len(entries) >= 2
    unfinished, torn = entries[0], entries[1]
    s3.delete_object(Bucket=bucket, Key=f"photo-cache/{unfinished[:2]}/{unfinished}/meta.json")
    variant = next(key for key in after if f"/{torn}/" in key and not key.endswith("meta.json"))
    s3.put_object(Bucket=bucket, Key=variant, Body=b"not the bytes the metadata names")

    untrusting = machine(project, tmp_path / "later")
    result = showcase("build", "--root", str(untrusting), env=env(endpoint, bucket, SHOWCASE_PHOTO_CACHE_WRITE="0"))
    assert result.returncode == 0, result.stderr
    line = summary(result.stderr)
    assert "新渲染 2 张" in line and f"取回 {PHOTOS - 2} 张" in line, line
    assert tree(untrusting / "site") == alone

    rerun = showcase("photos", "--shard", "1/1", "--root", str(machine(project, tmp_path / "rerun")),
                     env=env(endpoint, bucket))
    assert rerun.returncode == 0, rerun.stderr
    assert "新渲染 2 张" in summary(rerun.stderr) and "上传 2 张" in summary(rerun.stderr)
    final = machine(project, tmp_path / "final")
    result = showcase("build", "--root", str(final), env=env(endpoint, bucket))
    assert result.returncode == 0, result.stderr
    assert "新渲染 0 张" in summary(result.stderr)
    assert tree(final / "site") == alone


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.mark.parametrize("command", [["build"], ["photos", "--shard", "1/2"]])
def test_an_unreachable_store_is_one_clear_error(command, project, tmp_path):
    root = machine(project, tmp_path / "p")
    started = time.monotonic()
    result = showcase(*command, "--root", str(root), env=env(f"http://127.0.0.1:{free_port()}", "nowhere"))
    assert result.returncode == 1
    assert time.monotonic() - started < 60
    errors = [line for line in result.stderr.splitlines() if "无法从照片缓存" in line]
    assert len(errors) == 1, result.stderr
    assert "s3://nowhere/photo-cache/" in errors[0] and "照片「programs/program-" in errors[0], errors[0]
    assert "连接不上存储服务" in errors[0]
    assert "Traceback" not in result.stderr


def test_settings_come_from_mkdocs_yml_and_the_environment_wins():
    assert RemoteSpec.resolve("", environ={}) is None
    spec = RemoteSpec.resolve("s3://b/p", "https://oss.example.com", "virtual", None, environ={})
    assert spec == RemoteSpec("s3://b/p", "https://oss.example.com", "virtual", True)
    spec = RemoteSpec.resolve("s3://b/p", environ={"SHOWCASE_PHOTO_CACHE": "s3://c/q", "SHOWCASE_PHOTO_CACHE_WRITE": "0"})
    assert spec.url == "s3://c/q" and spec.write is False


def run_shards(project: Path, tmp_path: Path, endpoint: str, bucket: str, shards: int = 2) -> None:
    jobs = [subprocess.Popen([str(BIN / "showcase"), "photos", "--shard", f"{n}/{shards}", "--workers", "1",
                              "--root", str(machine(project, tmp_path / f"shard{n}"))],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env(endpoint, bucket))
            for n in range(1, shards + 1)]
    outputs = [job.communicate(timeout=300) for job in jobs]
    assert [job.returncode for job in jobs] == [0] * shards, outputs


def published(s3, bucket: str, prefix: str) -> dict[str, tuple]:
    """Every object under a prefix as a visitor and the next publish see it."""
    found = {}
    for key in objects(s3, bucket):
        if key.startswith(prefix):
            got = s3.get_object(Bucket=bucket, Key=key)
            found[key[len(prefix):]] = (got["Body"].read(), got.get("ContentType"), got.get("CacheControl"),
                                        got.get("Metadata"))
    return found


def test_a_metadata_only_final_build_leaves_the_photo_files_in_the_store(project, alone, alone_site, endpoint, requests,
                                                                        s3, bucket, tmp_path):
    run_shards(project, tmp_path, endpoint, bucket)
    entries = {key for key in objects(s3, bucket) if key.endswith("/meta.json")}
    assert len(entries) == PHOTOS

    final = machine(project, tmp_path / "final")
    start = len(requests)
    result = showcase("build", "--photo-metadata-only", "--root", str(final), env=env(endpoint, bucket))
    assert result.returncode == 0, result.stderr
    during = requests.since(start)
    # the server's own log: one GET per entry, of its metadata object, and nothing else
    assert sorted(r.path for r in during if r.method == "GET") == sorted(f"/{bucket}/{key}" for key in entries)
    assert {r.method for r in during} == {"GET"}
    fetched = sum(r.received for r in during)
    line = summary(result.stderr)
    assert "新渲染 0 张" in line and f"取回 {PHOTOS} 张（只取描述" in line and "上传 0 张" in line, line

    # every page as a full build writes it; no photo file in site/, a list of them instead
    built = tree(final / "site")
    photo_files = {rel for rel in alone if publish.FINGERPRINTED[0].search(rel)}
    assert len(photo_files) == PHOTOS * 5
    assert {rel: body for rel, body in built.items() if rel != routes.PHOTOS_IN_STORE} == \
        {rel: body for rel, body in alone.items() if rel not in photo_files}
    assert sum(rel.endswith(".html") for rel in built) > 20
    listed = json.loads(built[routes.PHOTOS_IN_STORE])
    assert listed["photo_cache"] == f"s3://{bucket}/photo-cache/" and set(listed["files"]) == photo_files
    for rel, entry in listed["files"].items():
        assert entry["sha256"] == hashlib.sha256(alone[rel]).hexdigest() and entry["size"] == len(alone[rel])
    assert fetched < sum(len(alone[rel]) for rel in photo_files) / 20, fetched  # metadata only: a few KB a photo

    # without naming the cache, publish refuses (it would delete the photos as stale)
    refused = showcase("publish", f"s3://{bucket}/site", "--endpoint", endpoint, "--site", str(final / "site"),
                       env=env(endpoint, bucket))
    assert refused.returncode == 1 and "--photo-cache s3://" in refused.stderr, refused.stderr

    # published to the same storage: the photo files are copied inside it, not sent from here
    start = len(requests)
    args = ["publish", f"s3://{bucket}/site", "--endpoint", endpoint, "--site", str(final / "site"),
            "--cache-dir", str(final / ".cache"), "--photo-cache", f"s3://{bucket}/photo-cache"]
    result = showcase(*args, env=env(endpoint, bucket))
    assert result.returncode == 0, result.stderr
    writes = [r for r in requests.since(start) if r.method == "PUT" and r.path.startswith(f"/{bucket}/site/")]
    copies = {r.path.split("/site/", 1)[1] for r in writes if r.copy_source}
    assert copies == photo_files
    assert not [r for r in writes if not r.copy_source and r.path.split("/site/", 1)[1] in photo_files]
    assert sum(r.sent for r in writes if r.copy_source) == 0
    assert f"copied {len(photo_files)} from the photo cache" in result.stdout

    # the same objects, bytes and headers as publishing the single-machine build
    assert showcase("publish", f"s3://{bucket}/alone", "--endpoint", endpoint, "--site", str(alone_site),
                    env=env(endpoint, bucket)).returncode == 0
    assert published(s3, bucket, "site/") == published(s3, bucket, "alone/")
    again = showcase(*args, env=env(endpoint, bucket))
    assert f"uploaded 0 (0 B), copied 0 from the photo cache, unchanged {len(alone)}" in again.stdout, again.stdout


def test_a_metadata_only_build_names_a_photo_the_store_lacks(project, endpoint, s3, bucket, tmp_path):
    run_shards(project, tmp_path, endpoint, bucket, shards=1)
    meta = sorted(key for key in objects(s3, bucket) if key.endswith("/meta.json"))[3]
    s3.delete_object(Bucket=bucket, Key=meta)  # as a shard killed before its last upload leaves it
    final = machine(project, tmp_path / "final")
    result = showcase("build", "--photo-metadata-only", "--root", str(final), env=env(endpoint, bucket))
    assert result.returncode == 1
    lacking = [line for line in result.stderr.splitlines() if "没有完整的条目" in line]
    assert len(lacking) == 1, result.stderr
    assert re.search(r"content/programs/program-\d+/index\.md:\d+: photos\[0\]\.file: 照片「photo-\d+\.jpg」", lacking[0])
    assert "showcase photos --shard" in lacking[0] and f"s3://{bucket}/photo-cache/" in lacking[0]
    assert "Traceback" not in result.stderr
    assert not (final / "site").exists()

    # the shard job, run again, renders that one photo; then the build goes through
    rerun = showcase("photos", "--shard", "1/1", "--root", str(machine(project, tmp_path / "rerun")),
                     env=env(endpoint, bucket))
    assert "新渲染 1 张" in summary(rerun.stderr), rerun.stderr
    result = showcase("build", "--photo-metadata-only", "--root", str(final), env=env(endpoint, bucket))
    assert result.returncode == 0, result.stderr


def test_publish_stops_before_any_page_when_a_stored_photo_file_is_gone(project, endpoint, s3, bucket, tmp_path):
    run_shards(project, tmp_path, endpoint, bucket, shards=1)
    final = machine(project, tmp_path / "final")
    assert showcase("build", "--photo-metadata-only", "--root", str(final), env=env(endpoint, bucket)).returncode == 0
    variant = next(key for key in objects(s3, bucket) if key.endswith(".480.webp"))
    s3.delete_object(Bucket=bucket, Key=variant)
    result = showcase("publish", f"s3://{bucket}/site", "--endpoint", endpoint, "--site", str(final / "site"),
                      "--photo-cache", f"s3://{bucket}/photo-cache", env=env(endpoint, bucket))
    assert result.returncode == 1
    assert variant.rsplit("/", 1)[1] in result.stderr and "showcase photos --shard" in result.stderr, result.stderr
    assert not [key for key in objects(s3, bucket) if key.startswith("site/") and key.endswith(".html")]


def test_metadata_only_needs_a_shared_cache(project, tmp_path):
    root = machine(project, tmp_path / "p")
    result = showcase("build", "--photo-metadata-only", "--root", str(root), env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 1
    assert "需要共享照片缓存" in result.stderr and "Traceback" not in result.stderr, result.stderr


def test_metadata_only_reports_a_broken_photo_as_itself_and_a_good_one_as_missing(tmp_path, monkeypatch):
    """A photo the store lacks is not rendered; its header is checked, so a truncated file
    is reported as truncated (what the shard met), not as a cache to fill."""
    from showcase.photos.pipeline import process
    from showcase.photos.remote import RemoteCache

    good, cut = tmp_path / "good.jpg", tmp_path / "cut.jpg"
    Image.effect_noise((640, 480), 40).convert("RGB").save(good, quality=85)
    cut.write_bytes(good.read_bytes()[:4000])
    remote = RemoteCache(RemoteSpec("s3://bucket/photo-cache", fetch="metadata"), client=object())
    monkeypatch.setattr(remote, "fetch_metadata", lambda key: None)
    cache = PhotoCache(tmp_path / "cache", PhotoSettings(), remote)
    results = process([Job(good, "good"), Job(cut, "cut")], cache, workers=1)
    assert results[good].code == "photo_not_in_cache" and results[good].params == {"store": "s3://bucket/photo-cache/"}
    assert results[cut].code == "photo_truncated"
    assert cache.rendered == 0 and not list((tmp_path / "cache").rglob("*.webp"))


def test_the_fetch_setting_comes_from_mkdocs_yml_and_the_environment_wins():
    assert RemoteSpec.resolve("s3://b/p", environ={}).metadata_only is False
    assert RemoteSpec.resolve("s3://b/p", environ={}, fetch="metadata").metadata_only is True
    spec = RemoteSpec.resolve("s3://b/p", environ={"SHOWCASE_PHOTO_CACHE_FETCH": "metadata"}, fetch="files")
    assert spec.metadata_only is True
    # metadata only with no cache named: kept, so that the build can say what is missing
    assert RemoteSpec.resolve("", environ={"SHOWCASE_PHOTO_CACHE_FETCH": "metadata"}).url == ""
