"""``showcase publish`` against a real S3 protocol: moto's server on 127.0.0.1, started here.

A fake site tree stands in for a build so these tests take seconds; it has one file of
every kind the cache policy tells apart (pages, material bundles, photo variants,
Pagefind chunks and entry files, feeds, sitemaps, open data).
"""

from __future__ import annotations

import argparse
import hashlib
import io
import socket
import threading
import time
from pathlib import Path

import boto3
import pytest

from showcase import publish

from s3 import isolate_aws, moto_server, new_bucket

IMMUTABLE, MEDIUM, SHORT = publish.IMMUTABLE, publish.MEDIUM, publish.SHORT
MANIFEST = publish.MANIFEST

SITE = {
    "index.html": "<!doctype html><title>首页</title><link href=assets/stylesheets/main.57a0d79d.min.css>",
    "404.html": "<!doctype html><title>找不到页面</title>",
    "programs/panjin/index.html": "<!doctype html><title>盘锦</title><img src=kitchen.2d9e3b4730.960.webp>",
    "programs/region/福建省/南平市/index.html": "<!doctype html><title>南平市</title>",
    "programs/panjin/kitchen.2d9e3b4730.960.webp": b"RIFF\x00\x00\x00\x00WEBPVP8 fake",
    "programs/panjin/kitchen.2d9e3b4730.og.jpg": b"\xff\xd8\xff\xe0fake jpeg",
    "assets/stylesheets/main.57a0d79d.min.css": "body{margin:0}",
    "assets/stylesheets/showcase.css": ".card{display:grid}",
    "assets/javascripts/bundle.a5f9d56c.min.js": "console.log(1)",
    "assets/images/favicon.svg": "<svg xmlns='http://www.w3.org/2000/svg'/>",
    "pagefind/pagefind.js": "export const pagefind = 1;",
    "pagefind/pagefind-entry.json": '{"version":"1.4.0"}',
    "pagefind/pagefind.zh_c87fdaa634.pf_meta": b"\x1f\x8bmeta",
    "pagefind/fragment/zh_107fd7e.pf_fragment": b"\x1f\x8bfragment",
    "pagefind/index/zh_642981b.pf_index": b"\x1f\x8bindex",
    "pagefind/wasm.unknown.pagefind": b"\x1f\x8bwasm",
    "sitemap.xml": "<?xml version='1.0'?><urlset/>",
    "sitemap.xml.gz": b"\x1f\x8b\x08\x00sitemap",
    "robots.txt": "User-agent: *\n",
    "feeds/all.xml": "<?xml version='1.0'?><feed/>",
    "data/programs.json": "[]",
    "data/programs.csv": "slug,title\n",
}
#: Some of the kinds, as HEAD must show them after a publish.
EXPECTED = {
    "index.html": ("text/html; charset=utf-8", SHORT),
    "programs/panjin/index.html": ("text/html; charset=utf-8", SHORT),
    "programs/region/福建省/南平市/index.html": ("text/html; charset=utf-8", SHORT),
    "programs/panjin/kitchen.2d9e3b4730.960.webp": ("image/webp", IMMUTABLE),
    "programs/panjin/kitchen.2d9e3b4730.og.jpg": ("image/jpeg", IMMUTABLE),
    "assets/stylesheets/main.57a0d79d.min.css": ("text/css; charset=utf-8", IMMUTABLE),
    "assets/javascripts/bundle.a5f9d56c.min.js": ("text/javascript; charset=utf-8", IMMUTABLE),
    "assets/stylesheets/showcase.css": ("text/css; charset=utf-8", MEDIUM),
    "assets/images/favicon.svg": ("image/svg+xml", MEDIUM),
    "pagefind/fragment/zh_107fd7e.pf_fragment": ("application/octet-stream", IMMUTABLE),
    "pagefind/pagefind.zh_c87fdaa634.pf_meta": ("application/octet-stream", IMMUTABLE),
    "pagefind/pagefind.js": ("text/javascript; charset=utf-8", SHORT),
    "pagefind/pagefind-entry.json": ("application/json; charset=utf-8", SHORT),
    "pagefind/wasm.unknown.pagefind": ("application/octet-stream", SHORT),
    "sitemap.xml": ("application/xml; charset=utf-8", SHORT),
    "sitemap.xml.gz": ("application/gzip", SHORT),
    "robots.txt": ("text/plain; charset=utf-8", SHORT),
    "feeds/all.xml": ("application/xml; charset=utf-8", SHORT),
    "data/programs.json": ("application/json; charset=utf-8", SHORT),
    "data/programs.csv": ("text/csv; charset=utf-8", SHORT),
}


@pytest.fixture(scope="module")
def endpoint():
    yield from moto_server()


@pytest.fixture(autouse=True)
def credentials(monkeypatch, tmp_path):
    isolate_aws(monkeypatch, tmp_path)


@pytest.fixture
def s3(endpoint):
    return boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")


@pytest.fixture
def bucket(s3):
    return new_bucket(s3, "site")


@pytest.fixture
def site(tmp_path) -> Path:
    root = tmp_path / "site"
    for rel, body in SITE.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(body if isinstance(body, bytes) else body.encode())
    return root


def cli(*argv: str) -> int:
    """The subcommand as ``showcase`` will parse it."""
    parser = argparse.ArgumentParser(prog="showcase")
    publish.register(parser.add_subparsers(dest="command", required=True))
    return publish.run(parser.parse_args(["publish", *argv]))


def keys(s3, bucket: str, prefix: str = "") -> dict[str, str]:
    """Key → ETag of everything under ``prefix``."""
    pages = s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix)
    return {o["Key"]: o["ETag"] for page in pages for o in page.get("Contents", [])}


class Recorder:
    """The real client, noting when each upload ends and each delete starts."""

    def __init__(self, client):
        self.client, self.calls = client, []

    def put_object(self, **kwargs):
        result = self.client.put_object(**kwargs)
        self.calls.append(("put", kwargs["Key"]))
        return result

    def delete_object(self, **kwargs):
        self.calls.append(("delete", kwargs["Key"]))
        return self.client.delete_object(**kwargs)

    def __getattr__(self, name):
        return getattr(self.client, name)


def run_recorded(endpoint, bucket, site, prefix="live/"):
    client = Recorder(publish.make_client(endpoint))
    target = publish.Target(bucket, prefix)
    out = io.StringIO()
    publish.publish(client, target, publish.scan_site(site, prefix), out=out)
    return client.calls, out.getvalue()


def test_first_publish_uploads_everything_with_headers(endpoint, s3, bucket, site, capsys):
    assert cli(f"s3://{bucket}/live", "--endpoint", endpoint, "--site", str(site)) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == f"upload (manifest) live/{MANIFEST}"
    assert f"uploaded {len(SITE)} (" in out.splitlines()[-1]
    assert set(keys(s3, bucket)) == {f"live/{rel}" for rel in SITE} | {f"live/{MANIFEST}"}
    for rel, (kind, cache) in EXPECTED.items():
        head = s3.head_object(Bucket=bucket, Key=f"live/{rel}")
        assert (head["ContentType"], head["CacheControl"]) == (kind, cache), rel
        assert head["Metadata"]["sha256"] == hashlib.sha256((site / rel).read_bytes()).hexdigest()


def test_second_publish_uploads_nothing(endpoint, s3, bucket, site, capsys):
    assert cli(f"s3://{bucket}/live/", "--endpoint", endpoint, "--site", str(site)) == 0
    before = keys(s3, bucket)
    capsys.readouterr()
    assert cli(f"s3://{bucket}/live/", "--endpoint", endpoint, "--site", str(site)) == 0
    out = capsys.readouterr().out
    assert out.splitlines() == [f"published to s3://{bucket}/live/: uploaded 0 (0 B), unchanged {len(SITE)}, deleted 0"]
    assert keys(s3, bucket) == before


def test_only_the_changed_file_is_uploaded(endpoint, s3, bucket, site):
    run_recorded(endpoint, bucket, site)
    same_size = site / "assets/stylesheets/showcase.css"
    same_size.write_text(same_size.read_text().replace("grid", "flex"))  # same length: found by hash
    calls, out = run_recorded(endpoint, bucket, site)
    assert calls == [("put", "live/assets/stylesheets/showcase.css")]
    assert "upload (changed) live/assets/stylesheets/showcase.css" in out
    (site / "index.html").write_text("<!doctype html><title>新首页，更长的标题</title>")
    calls, _ = run_recorded(endpoint, bucket, site)
    assert calls == [("put", "live/index.html")]


def test_new_headers_policy_reuploads_unchanged_content(endpoint, s3, bucket, site):
    run_recorded(endpoint, bucket, site)
    body = (site / "robots.txt").read_bytes()
    s3.put_object(Bucket=bucket, Key="live/robots.txt", Body=body, ContentType="text/plain",
                  CacheControl="no-cache", Metadata={"sha256": hashlib.sha256(body).hexdigest()})
    calls, out = run_recorded(endpoint, bucket, site)
    assert calls == [("put", "live/robots.txt")]
    assert "upload (headers) live/robots.txt" in out


def test_stale_objects_are_deleted_after_every_upload_and_pages_go_last(endpoint, s3, bucket, site):
    run_recorded(endpoint, bucket, site)
    s3.put_object(Bucket=bucket, Key="elsewhere/keep.txt", Body=b"not ours")
    s3.put_object(Bucket=bucket, Key="live-old/keep.txt", Body=b"not ours either")
    (site / "programs/panjin/kitchen.2d9e3b4730.960.webp").rename(site / "programs/panjin/kitchen.9f8e7d6c5b.960.webp")
    (site / "programs/panjin/index.html").write_text("<img src=kitchen.9f8e7d6c5b.960.webp>")
    (site / "sitemap.xml").write_text("<?xml version='1.0'?><urlset><url/></urlset>")
    calls, out = run_recorded(endpoint, bucket, site)
    assert calls == [
        ("put", "live/programs/panjin/kitchen.9f8e7d6c5b.960.webp"),
        ("put", "live/sitemap.xml"),
        ("put", "live/programs/panjin/index.html"),
        ("delete", "live/programs/panjin/kitchen.2d9e3b4730.960.webp"),
    ]
    lines = out.splitlines()
    assert lines[-2] == "delete (stale) live/programs/panjin/kitchen.2d9e3b4730.960.webp"
    assert "deleted 1" in lines[-1]
    remaining = keys(s3, bucket)
    assert "live/programs/panjin/kitchen.2d9e3b4730.960.webp" not in remaining
    assert {"elsewhere/keep.txt", "live-old/keep.txt"} <= set(remaining)


def test_dry_run_changes_nothing(endpoint, s3, bucket, site, capsys):
    assert cli(f"s3://{bucket}/live", "--endpoint", endpoint, "--site", str(site)) == 0
    (site / "robots.txt").write_text("User-agent: *\nDisallow: /search/\n")
    (site / "stories").mkdir()
    (site / "stories/index.html").write_text("<!doctype html><title>故事</title>")
    (site / "404.html").unlink()
    before = {key: s3.head_object(Bucket=bucket, Key=key)["Metadata"] for key in keys(s3, bucket)}
    capsys.readouterr()
    assert cli(f"s3://{bucket}/live", "--endpoint", endpoint, "--site", str(site), "--dry-run") == 0
    out = capsys.readouterr().out.splitlines()
    sent = (site / "robots.txt").stat().st_size + (site / "stories/index.html").stat().st_size
    assert out == [
        "would upload (changed) live/robots.txt",
        "would upload (new) live/stories/index.html",
        "would delete (stale) live/404.html",
        f"dry run, nothing changed at s3://{bucket}/live/: would upload 2 ({sent} B), unchanged {len(SITE) - 2}, "
        "would delete 1",
    ]
    assert {key: s3.head_object(Bucket=bucket, Key=key)["Metadata"] for key in keys(s3, bucket)} == before


def test_a_first_dry_run_writes_nothing_not_even_the_manifest(endpoint, s3, bucket, site, capsys):
    assert cli(f"s3://{bucket}/live", "--endpoint", endpoint, "--site", str(site), "--dry-run") == 0
    assert capsys.readouterr().out.splitlines()[0] == f"would upload (manifest) live/{MANIFEST}"
    assert keys(s3, bucket) == {}


def test_the_manifest_is_written_before_any_file(endpoint, s3, bucket, site):
    """A publish stopped half-way leaves a prefix that the next publish still recognizes as ours."""
    calls, _ = run_recorded(endpoint, bucket, site)
    assert calls[0] == ("put", f"live/{MANIFEST}")
    assert len(calls) == len(SITE) + 1
    assert "written_by" in s3.get_object(Bucket=bucket, Key=f"live/{MANIFEST}")["Body"].read().decode()


def test_a_bucket_root_needs_force(endpoint, s3, bucket, site, capsys):
    assert cli(f"s3://{bucket}", "--endpoint", endpoint, "--site", str(site)) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines() == [captured.err.strip()]
    assert "refusing to publish to the root of bucket" in captured.err and "--force" in captured.err
    assert keys(s3, bucket) == {}
    assert cli(f"s3://{bucket}/", "--endpoint", endpoint, "--site", str(site), "--force") == 0
    assert set(keys(s3, bucket)) == set(SITE) | {MANIFEST}


def test_a_prefix_holding_files_we_did_not_write_needs_force(endpoint, s3, bucket, site, capsys):
    s3.put_object(Bucket=bucket, Key="live/report.pdf", Body=b"someone else's")
    s3.put_object(Bucket=bucket, Key="live/index.html", Body=b"someone else's page")
    before = keys(s3, bucket)
    for extra in ((), ("--dry-run",)):
        assert cli(f"s3://{bucket}/live", "--endpoint", endpoint, "--site", str(site), *extra) == 1
        captured = capsys.readouterr()
        assert captured.out == "" and len(captured.err.splitlines()) == 1
        assert f"s3://{bucket}/live/ already holds 2 objects that showcase publish did not write" in captured.err
        assert keys(s3, bucket) == before
    assert cli(f"s3://{bucket}/live", "--endpoint", endpoint, "--site", str(site), "--force") == 0
    assert set(keys(s3, bucket)) == {f"live/{rel}" for rel in SITE} | {f"live/{MANIFEST}"}  # report.pdf deleted
    capsys.readouterr()
    assert cli(f"s3://{bucket}/live", "--endpoint", endpoint, "--site", str(site)) == 0  # ours now: no --force
    assert "deleted 0" in capsys.readouterr().out


def test_a_site_file_named_like_the_manifest_is_refused(site):
    (site / MANIFEST).write_text("{}")
    with pytest.raises(publish.PublishError, match="manifest"):
        publish.scan_site(site, "live/")


@pytest.fixture
def silent_endpoint():
    """A service that accepts connections and never answers; it stops with the test (or after 2 minutes)."""
    server = socket.create_server(("127.0.0.1", 0))
    server.settimeout(0.2)
    stop, held = threading.Event(), []

    def accept():
        deadline = time.monotonic() + 120
        while not stop.is_set() and time.monotonic() < deadline:
            try:
                held.append(server.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.getsockname()[1]}"
    stop.set()
    thread.join()
    for connection in held:
        connection.close()
    server.close()


def test_an_endpoint_that_never_answers_fails_within_30_seconds(silent_endpoint, site, capsys):
    started = time.monotonic()
    assert cli("s3://site-bucket/live", "--endpoint", silent_endpoint, "--site", str(site)) == 1
    took = time.monotonic() - started
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert len(lines) == 1 and f"the endpoint {silent_endpoint} did not answer" in lines[0], captured.err
    assert took < 30, f"took {took:.1f} s"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


BAD_ENDPOINTS = {
    "endpoint-without-host": "http://",
    "endpoint-port-only": "https://:9000",
    "endpoint-bad-port": "http://127.0.0.1:port",
    "endpoint-port-out-of-range": "http://127.0.0.1:99999",
    "endpoint-space": "http://oss cn.example.com",
    "endpoint-user": "http://key:secret@127.0.0.1:9000",
    "endpoint-open-bracket": "http://[::1",
    "endpoint-ftp": "ftp://127.0.0.1:21",
    "endpoint-empty": "",
}


@pytest.mark.parametrize(
    "case, fragment",
    [
        ("no-site", "no site folder"),
        ("empty-site", "has no index.html"),
        ("http-url", "bad destination"),
        ("uppercase-bucket", "bad destination"),
        ("dotdot-prefix", "bad destination"),
        ("bad-endpoint", "bad endpoint"),
        ("endpoint-without-host", "bad endpoint"),
        ("endpoint-port-only", "bad endpoint"),
        ("endpoint-bad-port", "bad endpoint"),
        ("endpoint-port-out-of-range", "bad endpoint"),
        ("endpoint-space", "bad endpoint"),
        ("endpoint-user", "bad endpoint"),
        ("endpoint-open-bracket", "bad endpoint"),
        ("endpoint-ftp", "bad endpoint"),
        ("endpoint-empty", "bad endpoint"),
        ("no-credentials", "no credentials"),
        ("unreachable", "cannot reach the endpoint"),
        ("no-bucket", "does not exist"),
    ],
)
def test_bad_input_is_one_line_and_exit_1(case, fragment, endpoint, bucket, site, tmp_path, monkeypatch, capsys):
    dest, where, folder = f"s3://{bucket}/live", endpoint, site
    if case == "no-site":
        folder = tmp_path / "missing"
    elif case == "empty-site":
        folder = tmp_path / "empty"
        folder.mkdir()
    elif case == "http-url":
        dest = f"https://{bucket}/live"
    elif case == "uppercase-bucket":
        dest = "s3://My_Bucket/live"
    elif case == "dotdot-prefix":
        dest = f"s3://{bucket}/live/../other"
    elif case.startswith("endpoint-"):
        where = BAD_ENDPOINTS[case]
    elif case == "bad-endpoint":
        where = "127.0.0.1:9000"
    elif case == "no-credentials":
        monkeypatch.delenv("AWS_ACCESS_KEY_ID")
        monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    elif case == "unreachable":
        where = f"http://127.0.0.1:{free_port()}"
    elif case == "no-bucket":
        dest = "s3://no-such-bucket-here/live"
    assert cli(dest, "--endpoint", where, "--site", str(folder)) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1 and lines[0].startswith("showcase publish: error: "), captured.err
    assert fragment in lines[0]


@pytest.mark.parametrize(
    "rel, cache",
    [
        ("stories/a/dscn0027.74be375648.640.webp", IMMUTABLE),
        ("assets/javascripts/workers/search.a7633da7.min.js", IMMUTABLE),
        ("assets/stylesheets/palette.fb2fffe2.min.css.map", IMMUTABLE),
        ("pagefind/filter/zh_10b828a.pf_filter", IMMUTABLE),
        ("pagefind/pagefind-ui.js", SHORT),
        ("feeds/organizations/panjin.json", SHORT),
        ("programs/a/report.20240101.jpg", MEDIUM),
        ("programs/a/photo.jpg", MEDIUM),
        ("assets/javascripts/lunr/min/lunr.zh.min.js", MEDIUM),
    ],
)
def test_cache_policy(rel, cache):
    assert publish.cache_control(rel) == cache


def test_destination_prefix_is_a_folder():
    assert publish.parse_destination("s3://site-bucket") == publish.Target("site-bucket", "")
    assert publish.parse_destination("s3://site-bucket/a/b/") == publish.Target("site-bucket", "a/b/")


def test_object_gone_between_listing_and_head_is_new(site):
    """Another deploy may delete an object after the listing; it is uploaded again, not an error."""
    from botocore.exceptions import ClientError

    class Listing:
        def paginate(self, **_):
            return [{"Contents": [{"Key": "index.html", "Size": (site / "index.html").stat().st_size},
                                  {"Key": MANIFEST, "Size": 100}]}]

    class Client:
        def get_paginator(self, _):
            return Listing()

        def head_object(self, **_):
            raise ClientError({"Error": {"Code": "404", "Message": "Not Found"}}, "HeadObject")

    files = [f for f in publish.scan_site(site, "") if f.key == "index.html"]
    plan = publish.make_plan(Client(), publish.Target("site-bucket", ""), files)
    assert [(f.key, why) for f, why in plan.uploads] == [("index.html", "new")]
    assert plan.deletes == [] and plan.manifest is None  # the manifest is neither stale nor written again
